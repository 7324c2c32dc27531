"""A cell named the way a student can find it in Jupyter (issue 24).

Jupyter shows no cell numbers, and nngrade's numbers count the markdown cells too, so "cell 10"
leads nowhere. A cell is named by what the student sees: the function it defines, else its
first line, with its execution count (`[7]`) when the saved notebook has one. The cell's
number stays in the results (the pages anchor on it); this module only writes the words, from
the submission file when it can still be read, else as "cell N".
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nngrade.messages import say
from nngrade.results import Results

FIRST_LINE_CHARS = 40
"""How much of a cell's first line a reference quotes."""


@dataclass(frozen=True)
class Cell:
    """What a student sees of a code cell: its first line, its `[n]`, the functions it defines."""

    first_line: str
    execution_count: int | None
    defines: tuple[str, ...]


def describe(results: Results, n: int, *, quote: bool = True, fallback: str | None = None) -> str:
    """The cell defining `predict` [9], the cell starting `W1 = np.array(…` [10], or, when
    the notebook cannot be read (a module, a moved file), `cell 10`. Names and the line are
    quoted as code (backticks) unless `quote` is False (inside a traceback's `File "..."`);
    `fallback` is said instead of `cell 10` when the notebook cannot be read."""
    lang = results.lang
    if results.submission.kind == "module":
        return say("statement", lang, n=n).lower()
    cell = _cells(results.submission.path).get(n)
    if cell is None:
        return fallback if fallback is not None else say("terminal.cell", lang, cell=n)
    count = f" [{cell.execution_count}]" if cell.execution_count is not None else ""
    if cell.defines:
        names = ", ".join(f"`{name}`" if quote else name for name in cell.defines)
        return say("cell_ref.defines", lang, names=names) + count
    # Quoted as code; a backtick of the student's own would end the quote early.
    line = cell.first_line.replace("`", "'")
    return say("cell_ref.starts", lang, line=f"`{line}`" if quote else f'"{line}"') + count


@lru_cache(maxsize=32)
def _cells(path: str) -> dict[int, Cell]:
    """The notebook's code cells by their 1-based index among all cells; {} when unreadable."""
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
        raw = notebook["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    cells = {}
    for index, cell in enumerate(raw, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        lines = [line.strip() for line in source.splitlines() if line.strip()]
        first = lines[0] if lines else ""
        if len(first) > FIRST_LINE_CHARS:
            first = first[: FIRST_LINE_CHARS - 1].rstrip() + "…"
        count = cell.get("execution_count")
        cells[index] = Cell(first, count if isinstance(count, int) else None, _functions(source))
    return cells


def _functions(source: str) -> tuple[str, ...]:
    """The functions a cell defines at its top level (none when it does not parse: magics)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return ()
    return tuple(
        node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    )


__all__ = ["describe"]
