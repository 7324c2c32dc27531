"""The package's layout: which module imports which (issue 23: no import cycle, and the pages
are drawn in `render/`, which never reaches back into the batch).

The graph is read from the source with `ast`, every import counted: at the top of a module,
inside a function, or under `TYPE_CHECKING` (a cycle there is still two modules that each need
the other to be understood).
"""

from __future__ import annotations

import ast
from pathlib import Path

import nngrade

ROOTS = {"nngrade": Path(nngrade.__file__).parent}
"""The package as installed in editable mode: `nngrade` is the `grader/` folder."""


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its `__init__.py`)."""
    found = {}
    for name, root in ROOTS.items():
        for path in root.rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((name, *parts))] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the package's modules it imports (`from .x import y` and `from nngrade.x
    import y` alike, y counted as a module when it is one)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]  # fmt: skip
            for target in targets:
                while target and target not in modules:  # `import nngrade.x.y` names a module
                    target = target.rpartition(".")[0]
                if target and target != module:
                    graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_imports_inside_functions():
    # `cmd_grade` imports the gradebook inside its function: the check must see it.
    graph = import_graph()
    assert "nngrade.batch.gradebook" in graph["nngrade.batch.commands"]
    assert "nngrade.render.similarity" in graph["nngrade.render.summary"]


def test_a_cycle_would_be_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_of_the_package_imports_itself_through_others():
    assert cycles(import_graph()) == []


def test_pages_are_drawn_in_render_which_never_imports_the_batch():
    graph = import_graph()
    reaching_back = {
        (module, target)
        for module, targets in graph.items()
        if module.startswith("nngrade.render")
        for target in targets
        if target.startswith("nngrade.batch")
    }
    assert reaching_back == set()
