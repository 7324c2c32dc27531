"""A format from an installed package (issue 23): found through the entry-point group
`nngrade.formats`, as pytest finds `pytest11` plug-ins, and only when a name or suffix is not
a built-in format's; `feedback=True` marks the formats `nngrade grade` writes pages in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from nngrade.render import formats
from tests.helpers import HW6, run_nngrade

TOY_MODULE = '''
"""A format in a package of its own: one line per run."""

from nngrade.render.formats import Format


def render_toy(results, options=None):
    return f"toy {results.assignment} {results.score:g}/{results.max_score:g}"


FORMAT = Format("toy", ".toy", "toyformat:render_toy", reads=(".toy",))
'''


def install_toy(site: Path, value: str = "toyformat:FORMAT") -> dict[str, str]:
    """A package `toyformat` installed into `site` as pip would (its dist-info with the entry
    point); the environment of a Python that has `site` on its path."""
    info = site / "toyformat-0.1.dist-info"
    info.mkdir(parents=True)
    (site / "toyformat.py").write_text(TOY_MODULE, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toyformat\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[nngrade.formats]\ntoy = {value}\n")
    return {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}


def test_an_installed_package_adds_a_format_by_its_entry_point(tmp_path: Path) -> None:
    env = install_toy(tmp_path / "site")
    solution = HW6 / "solution.ipynb"
    by_name = run_nngrade("submit", solution, "--seed", "1", "-f", "toy", env=env)
    assert by_name.returncode == 0, by_name.stderr
    assert by_name.stdout == "toy hw6 14/14\n"

    # Its suffix names it for -o too, beside a built-in format of the same run.
    by_suffix = run_nngrade(
        "submit", solution, "--seed", "1", "-f", "json", "-o", tmp_path / "r.json",
        "-o", tmp_path / "r.toy", env=env,
    )  # fmt: skip
    assert by_suffix.returncode == 0, by_suffix.stderr
    assert (tmp_path / "r.toy").read_text(encoding="utf-8") == "toy hw6 14/14"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["score"] == 14


def test_an_unknown_format_names_the_installed_ones_too(tmp_path: Path) -> None:
    env = install_toy(tmp_path / "site")
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "-f", "yaml", env=env)
    assert proc.returncode == 2
    assert "'toy'" in proc.stderr and "'json'" in proc.stderr and "Traceback" not in proc.stderr


def test_a_broken_entry_point_is_one_line(tmp_path: Path) -> None:
    env = install_toy(tmp_path / "site", value="toyformat:render_toy")  # not a Format
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "-f", "toy", env=env)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "nngrade: the format 'toy' of an installed package (toyformat:render_toy) cannot be "
        "used: its entry point must name a Format called 'toy'"
    ]


# `nngrade submit` with entry_points counted: a built-in format never reads the installed
# packages' metadata (start-up is measured), a name that is not built in does.
COUNTED = """
import importlib.metadata, sys
calls = []
real = importlib.metadata.entry_points
importlib.metadata.entry_points = lambda **kw: calls.append(kw) or real(**kw)
from nngrade.cli import main
code = main(sys.argv[1:])
print("entry_points calls:", len(calls), file=sys.stderr)
sys.exit(code)
"""


def _counted(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", COUNTED, *map(str, args)],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=300,
    )  # fmt: skip


def test_built_in_formats_never_read_the_installed_packages(tmp_path: Path) -> None:
    env = install_toy(tmp_path / "site")
    solution = HW6 / "solution.ipynb"
    built_in = _counted(env, "submit", solution, "--seed", "1", "-o", tmp_path / "r.json")
    assert built_in.returncode == 0, built_in.stderr
    assert "entry_points calls: 0" in built_in.stderr
    plugin = _counted(env, "submit", solution, "--seed", "1", "-o", tmp_path / "r.toy")
    assert plugin.returncode == 0, plugin.stderr
    assert "entry_points calls: 0" not in plugin.stderr


def test_the_feedback_formats_are_those_the_registry_marks() -> None:
    marked = [f.name for f in formats.FORMATS.values() if f.feedback]
    assert [f.name for f in formats.feedback_formats()] == marked == ["markdown", "html"]
    program = textwrap.dedent(
        """
        from nngrade.render import formats
        print(sorted(formats.names()) == sorted(formats.FORMATS))
        """
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert out.stdout.strip() == "True"
