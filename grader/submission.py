"""Loading a submission: a Jupyter notebook (.ipynb) or a Python module (.py).

`load_submission(path)` reads the file once, checks it and returns a `Submission`: the
code cells in order, the file's hash, and which cell defines which top-level name (so a
report can say "`predict` is not defined: cell 7, which defines it, raised ...").

Every bad input raises `SubmissionError(path, "submission_problem.<key>", **fields)` (a key of
the catalog, `nngrade.messages`), never a traceback.

Speed matters here: `nngrade submit` must start in well under a second, and importing
`nbformat` costs 0.2 s (over a second beside jupyterlab, through jsonschema). So the v4
format is parsed with `json` and checked by hand; `nbformat` is imported only to convert
an old v3 notebook.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from .errors import SubmissionError, os_reason

MAX_BYTES = 50 * 1024 * 1024
"""Larger files are refused before they are read: no coursework notebook is this big."""

NOTEBOOK_SUFFIX = ".ipynb"
MODULE_SUFFIX = ".py"


@dataclass(frozen=True)
class Cell:
    """A code cell. `index` is 1-based among all the notebook's cells, as Jupyter shows them;
    for a module, a cell is one top-level statement and `index` is the line it starts on."""

    index: int
    source: str


@dataclass
class Submission:
    """A loaded, checked submission. A `.py` module's cells are its top-level statements, each
    indexed by its first line (one cell with index 1 if it does not parse)."""

    path: Path
    kind: Literal["notebook", "module"]
    cells: list[Cell]
    sha256: str
    metadata: dict[str, Any] = field(default_factory=dict)
    defines: dict[str, int] = field(default_factory=dict)
    """Top-level name -> index of the first cell that defines it (def, class, assignment, import)."""

    def cell(self, index: int) -> Cell | None:
        """The code cell with this notebook index, or None."""
        return next((c for c in self.cells if c.index == index), None)

    def names_defined_by(self, index: int) -> list[str]:
        """The names whose defining cell is `index`, in source order."""
        return [name for name, cell in self.defines.items() if cell == index]


def load_submission(path: str | Path) -> Submission:
    """Read and check a notebook or module; raise `SubmissionError` with one clear line if it is bad."""
    path = Path(path)
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix == NOTEBOOK_SUFFIX:
        cells, metadata = _notebook_cells(path, data)
        kind: Literal["notebook", "module"] = "notebook"
    elif suffix == MODULE_SUFFIX:
        cells, metadata, kind = module_statements(_module_text(path, data)), {}, "module"
    else:
        if suffix:
            raise SubmissionError(path, "submission_problem.wrong_suffix", suffix=suffix)
        raise SubmissionError(path, "submission_problem.no_suffix")
    return Submission(
        path=path,
        kind=kind,
        cells=cells,
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=metadata,
        defines=top_level_definitions(cells),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SubmissionError(path, "submission_problem.file_not_found") from None
    except PermissionError:
        raise SubmissionError(path, "submission_problem.cannot_be_read_permission") from None
    except OSError as e:
        raise SubmissionError(path, "submission_problem.cannot_be_read", why=os_reason(e)) from None
    if path.is_dir():
        raise SubmissionError(path, "submission_problem.directory_give_notebook_ipynb")
    if not path.is_file():
        raise SubmissionError(path, "submission_problem.not_regular_file")
    if st.st_size > MAX_BYTES:
        raise SubmissionError(
            path,
            "submission_problem.mb_nngrade_reads_submissions",
            mb=f"{st.st_size / 1e6:.0f}",
            limit=MAX_BYTES // 2**20,
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise SubmissionError(path, "submission_problem.cannot_be_read_permission") from None
    except OSError as e:
        raise SubmissionError(path, "submission_problem.cannot_be_read", why=os_reason(e)) from None
    if not data.strip():
        raise SubmissionError(path, "submission_problem.empty")
    return data


def _decode_text(path: Path, data: bytes, kind: str) -> str:
    if b"\x00" in data:
        raise SubmissionError(path, f"submission_problem.binary_{kind}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SubmissionError(
            path, "submission_problem.not_utf_text_byte", at=e.start, byte=f"0x{data[e.start]:02x}"
        ) from None


def _module_text(path: Path, data: bytes) -> str:
    return _decode_text(path, data, "module").replace("\r\n", "\n")


def module_statements(text: str) -> list[Cell]:
    """A module's top-level statements as cells, so that each runs (and is timed) on its own.

    Each cell starts at its statement's first line (a decorator's, for a decorated function)
    and takes the comments and blank lines after it; `Cell.index` is that first line, so
    messages can say "the statement at line 40". A module that does not parse is one cell:
    running it reports the syntax error with its line.
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return [Cell(1, text)]
    if not tree.body:
        return [Cell(1, text)]
    lines = text.split("\n")
    spans: list[list[int]] = []  # [first line, last line] of each group of statements
    for node in tree.body:
        decorators = getattr(node, "decorator_list", None) or []
        start = min([node.lineno, *(d.lineno for d in decorators)])
        end = node.end_lineno or start
        if spans and start <= spans[-1][1]:  # `a = 1; b = 2`: one line, one cell
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    cells = []
    for i, (start, _) in enumerate(spans):
        end = spans[i + 1][0] - 1 if i + 1 < len(spans) else len(lines)
        cells.append(Cell(start, "\n".join(lines[start - 1 : end])))
    return cells


# --- notebooks -----------------------------------------------------------------------------


def _notebook_cells(path: Path, data: bytes) -> tuple[list[Cell], dict[str, Any]]:
    text = _decode_text(path, data, "notebook")
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as e:
        if _is_python_source(text):  # a .py renamed .ipynb (issue 24)
            raise SubmissionError(path, "submission_problem.python_code_not_notebook") from None
        raise SubmissionError(
            path, "submission_problem.not_valid_json_truncated", line=e.lineno, col=e.colno
        ) from None
    except RecursionError:
        raise SubmissionError(path, "submission_problem.not_notebook_json_nested") from None
    if not isinstance(nb, dict) or "nbformat" not in nb:
        raise SubmissionError(path, "submission_problem.json_but_not_jupyter")
    version = nb.get("nbformat")
    if version == 3:
        nb = _upgrade_v3(path, text)
    elif version != 4:
        raise SubmissionError(
            path, "submission_problem.uses_notebook_format_version", version=repr(version)
        )
    return _v4_cells(path, nb)


def _is_python_source(text: str) -> bool:
    """Whether text that is not JSON is Python source: it parses, and is not a JSON document
    cut short (which starts with `{`)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or stripped[0] in "{[":
        return False
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _upgrade_v3(path: Path, text: str) -> dict[str, Any]:
    """Convert an nbformat 3 notebook with nbformat (the one rare path that imports it)."""
    try:
        import nbformat

        nb = nbformat.reads(text, as_version=4)
        return json.loads(nbformat.writes(nb, version=4))
    except Exception as e:  # nbformat raises many kinds here; each means "cannot convert"
        problem = str(e).splitlines()[0][:160] if str(e) else type(e).__name__
        raise SubmissionError(
            path, "submission_problem.nbformat_notebook_that_could", why=problem
        ) from None


def _v4_cells(path: Path, nb: dict[str, Any]) -> tuple[list[Cell], dict[str, Any]]:
    minor = nb.get("nbformat_minor", 0)
    if not isinstance(minor, int) or isinstance(minor, bool):
        raise SubmissionError(path, "submission_problem.not_valid_notebook_nbformat")
    raw_cells = nb.get("cells")
    if not isinstance(raw_cells, list):
        raise SubmissionError(path, "submission_problem.not_valid_notebook_has")
    metadata = nb.get("metadata", {})
    if not isinstance(metadata, dict):
        raise SubmissionError(path, "submission_problem.not_valid_notebook_metadata")
    if not raw_cells:
        raise SubmissionError(path, "submission_problem.empty_notebook_has_no")
    cells: list[Cell] = []
    for index, raw in enumerate(raw_cells, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("cell_type"), str):
            raise SubmissionError(path, "submission_problem.not_valid_notebook_cell", n=index)
        source = raw.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        elif not isinstance(source, str):
            raise SubmissionError(path, "submission_problem.not_valid_notebook_source", n=index)
        if raw["cell_type"] == "code":
            cells.append(Cell(index, source.replace("\r\n", "\n")))
    if not cells:
        raise SubmissionError(path, "submission_problem.has_no_code_cells")
    if not any(c.source.strip() for c in cells):
        raise SubmissionError(path, "submission_problem.has_no_code_all")
    return cells, metadata


# --- which cell defines which name ---------------------------------------------------------


def top_level_definitions(cells: list[Cell]) -> dict[str, int]:
    """Map each top-level name to the first cell that binds it.

    Lines starting with `%` or `!` (IPython magics and shell escapes) are blanked first so
    that they do not hide the rest of the cell; a cell that still does not parse defines
    nothing here (running it will report the syntax error).
    """
    defines: dict[str, int] = {}
    for cell in cells:
        for name in _cell_bindings(cell.source):
            defines.setdefault(name, cell.index)
    return defines


KEPT_SOURCE = 4_000
"""Cells up to this many characters have their syntax tree kept (a pasted data table's
tree can be tens of megabytes: it is parsed again rather than kept)."""


def syntax_tree(source: str) -> ast.Module | None:
    """A cell's syntax tree, or None when it does not parse. Parsed once per source in a
    process (up to `KEPT_SOURCE` characters): reading which names a cell defines and which
    parameters a function reads ask for the same cells, and a class's notebooks share most
    of theirs (the template's). The tree is shared: read it, never change it."""
    return _kept_tree(source) if len(source) <= KEPT_SOURCE else _parsed(source)


@lru_cache(maxsize=256)
def _kept_tree(source: str) -> ast.Module | None:
    return _parsed(source)


def _parsed(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # ValueError: NUL bytes
        return None


def _cell_bindings(source: str) -> list[str]:
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    tree = syntax_tree("\n".join(lines))
    if tree is None:
        return _guess_bindings(lines)
    names: list[str] = []
    _collect(tree.body, names)
    return names


_TOP_LEVEL_BINDING = re.compile(
    r"^(?:(?:async\s+)?def\s+(\w+)|class\s+(\w+)|(\w+)\s*(?::[^=]*)?=(?!=))"
)


def _guess_bindings(lines: list[str]) -> list[str]:
    """For a cell with a syntax error: the names its unindented def/class/assignment lines
    would bind, so the error can still be tied to the tasks that need them."""
    names = []
    for line in lines:
        match = _TOP_LEVEL_BINDING.match(line)
        if match:
            names.append(next(g for g in match.groups() if g))
    return names


def _collect(body: list[ast.stmt], names: list[str]) -> None:
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                _target_names(target, names)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            _target_names(node.target, names)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    names.append(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.For | ast.AsyncFor):
            _target_names(node.target, names)
            _collect(node.body + node.orelse, names)
        elif isinstance(node, ast.If | ast.While):
            _collect(node.body + node.orelse, names)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None:
                    _target_names(item.optional_vars, names)
            _collect(node.body, names)
        elif isinstance(node, ast.Try | ast.TryStar):
            _collect(node.body + node.orelse + node.finalbody, names)
            for handler in node.handlers:
                _collect(handler.body, names)


def _target_names(target: ast.expr, names: list[str]) -> None:
    if isinstance(target, ast.Name):
        names.append(target.id)
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            _target_names(element, names)
    elif isinstance(target, ast.Starred):
        _target_names(target.value, names)
