"""The trust boundary in the sandbox's layout: `nngrade.sandbox.inside` is all a worker runs.

What runs inside the sandbox (the fork server, the worker and what they use) is the
subpackage `inside/`, loaded there by path; the grader's side (session, pool, process, bwrap,
policy, ...) sits beside it. These tests hold the two apart: in the source (what `inside/`
imports) and in a running worker (what it has loaded, and which files it can see).
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

from nngrade.sandbox import WorkerPool
from nngrade.sandbox.inside import preload
from nngrade.sandbox.process import INSIDE_DIR

from .conftest import ROOMY

INSIDE_MODULES = sorted(p.stem for p in INSIDE_DIR.glob("*.py") if p.name != "__init__.py")
LIBRARIES = {"numpy", "IPython", "traitlets", "matplotlib"}
"""The third-party libraries code inside the sandbox may import (a notebook's own imports
are the notebook's business)."""


def imports_of(path: Path) -> list[tuple[int, str, list[str]]]:
    """Every import in a file, anywhere in it: (level, module, names)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.extend((0, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or "", [a.name for a in node.names]))
    return found


def wrong_import(level: int, module: str, names: list[str]) -> str | None:
    """Why an import is not allowed inside the sandbox; None when it is."""
    top = module.split(".")[0]
    if level == 0:
        if top in sys.stdlib_module_names or top == "__future__" or top in LIBRARIES:
            return None
        return f"`{module}` is neither the standard library nor one of {sorted(LIBRARIES)}"
    if level == 1:
        inside = [top] if module else names
        outside = [n for n in inside if n not in INSIDE_MODULES]
        return f"`{', '.join(outside)}` is not a module of inside/" if outside else None
    if level == 3 and not module and names == ["protocol"]:
        return None  # `from ... import protocol`: the data-only protocol, and nothing else
    return f"`from {'.' * level}{module} import {', '.join(names)}` reaches the grader's side"


@pytest.mark.parametrize("module", INSIDE_MODULES + ["../../protocol"])
def test_code_inside_the_sandbox_imports_nothing_of_the_grader(module):
    path = (INSIDE_DIR / f"{module}.py").resolve()
    problems = [why for imp in imports_of(path) if (why := wrong_import(*imp))]
    assert problems == [], f"{path.name}: {problems}"


def test_the_import_rule_catches_a_reach_for_the_grader():
    assert wrong_import(2, "session", ["Sandbox"]) is not None
    assert wrong_import(0, "nngrade.reference", []) is not None
    assert wrong_import(3, "results", ["CellError"]) is not None
    assert wrong_import(1, "pool", ["WorkerPool"]) is not None
    assert wrong_import(3, "", ["protocol"]) is None
    assert wrong_import(1, "", ["capture", "magics"]) is None


def test_every_preloadable_library_has_its_warm_up():
    assert tuple(preload.WARM_UPS) == preload.PRELOADABLE


def test_a_library_without_a_warm_up_is_not_preloaded():
    with pytest.raises(ValueError, match="only numpy, IPython, matplotlib"):
        WorkerPool(size=1, preload=("numpy", "scipy"))


def test_a_spawning_pool_never_adds_a_preload(monkeypatch):
    """Where each worker is a new process (no fork), a library one worker needed is not
    imported up front by every later worker."""
    from nngrade.sandbox.pool import GRADING_PRELOAD

    monkeypatch.setenv("NNGRADE_SANDBOX_SPAWN", "1")
    with WorkerPool(size=1, preload=GRADING_PRELOAD) as pool:
        pool.add_preload("IPython")
        assert pool.preload == GRADING_PRELOAD


def _loaded_and_visible(sb) -> tuple[list[str], list[str]]:
    sb.run_report()
    return sb.get("loaded"), sb.get("visible")


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "pool"])
def test_a_worker_has_loaded_only_the_inside_modules_and_the_protocol(run_case, pool, warm):
    with run_case("inside_modules.py", ROOMY, pool=pool if warm else None) as sb:
        loaded, visible = _loaded_and_visible(sb)
        confined = "bubblewrap" in sb._server.confinement
    private = [name for name in loaded if name.startswith("_nngrade_sandboxed")]
    expected = ["_nngrade_sandboxed", "_nngrade_sandboxed.protocol", "_nngrade_sandboxed.sandbox"]
    expected += ["_nngrade_sandboxed.sandbox.inside"]
    expected += [f"_nngrade_sandboxed.sandbox.inside.{m}" for m in INSIDE_MODULES if m != "zygote"]
    assert sorted(private) == sorted(expected)
    assert not [name for name in loaded if name == "nngrade" or name.startswith("nngrade.")]
    if confined:  # the grader's side is not even there to be read
        files = ["_nngrade_sandboxed/protocol.py"]
        files += [f"_nngrade_sandboxed/sandbox/inside/{p.name}" for p in INSIDE_DIR.glob("*.py")]
        # ... nor anything but those modules' bytecode, where the install has it (issue 23)
        compiled = {importlib.util.cache_from_source(name) for name in files}
        assert sorted(name for name in visible if name not in compiled) == sorted(files)
