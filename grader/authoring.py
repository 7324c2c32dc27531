"""`nngrade assign`: the student notebook, made from the instructor's solution notebook.

In the solution's code cells:

* the lines between `# BEGIN SOLUTION` and `# END SOLUTION` become
  `raise NotImplementedError` at the indentation of the BEGIN line;
* a line ending in `# SOLUTION` becomes `name = ...` when it is an assignment, and
  `raise NotImplementedError` otherwise;
* cells tagged `hidden` are removed.

Outputs and execution counts are cleared; the notebook's metadata is kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SubmissionError
from .results import Note

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .assignment import Assignment

BEGIN = re.compile(r"^(\s*)#\s*BEGIN SOLUTION\b")
END = re.compile(r"^\s*#\s*END SOLUTION\b")
LINE = re.compile(r"^(\s*)(.*?)\s*#\s*SOLUTION\s*$")
ASSIGNMENT = re.compile(r"^([A-Za-z_][\w.\[\], ]*?)\s*=(?!=)")
STUB = "raise NotImplementedError"


class MarkerError(ValueError):
    """BEGIN/END SOLUTION lines that do not pair: a `submission_problem.*` key of the catalog
    and its fields (`where`: the cell); `str()` is the line in English."""

    def __init__(self, key: str, /, **fields: Any) -> None:
        from .messages import say

        self.key, self.fields = key, fields
        super().__init__(say(key, "en", **fields))


def strip_solution(source: str, where: object = "cell") -> str:
    """The student's version of one code cell's source."""
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise MarkerError("submission_problem.begin_inside_begin", where=where)
            inside = True
            out.append(f"{begin.group(1)}{STUB}")
            continue
        if END.match(line):
            if not inside:
                raise MarkerError("submission_problem.end_without_begin", where=where)
            inside = False
            continue
        if inside:
            continue
        single = LINE.match(line)
        if single:
            indent, code = single.groups()
            target = ASSIGNMENT.match(code)
            out.append(f"{indent}{target.group(1)} = ..." if target else f"{indent}{STUB}")
            continue
        out.append(line)
    if inside:
        raise MarkerError("submission_problem.begin_without_end", where=where)
    return "\n".join(out)


def _tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def student_version(solution: Any) -> Any:
    """A new notebook (nbformat node) with the solutions stripped and outputs cleared."""
    import nbformat

    nb = nbformat.from_dict(solution)
    cells = []
    for number, cell in enumerate(nb.cells, start=1):
        if "hidden" in _tags(cell):
            continue
        if cell.cell_type == "code":
            cell.source = strip_solution(cell.source, Note("limit.where.cell", {"n": number}))
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    return nb


def write_student_notebook(solution_path: Path, output_path: Path) -> Path:
    """Read the solution notebook, write the student notebook, and validate it."""
    import nbformat

    try:
        solution = nbformat.read(str(solution_path), as_version=4)
    except FileNotFoundError:
        raise SubmissionError(solution_path, "submission_problem.no_such_file") from None
    except Exception as exc:  # nbformat raises several unrelated types for bad files
        raise SubmissionError(
            solution_path, "submission_problem.not_readable_notebook", why=str(exc)
        ) from None
    try:
        nb = student_version(solution)
    except MarkerError as exc:
        raise SubmissionError(solution_path, exc.key, **exc.fields) from None
    nbformat.validate(nb)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(output_path))
    return output_path


def solution_assignment(
    solution: Path, assignment_id: str | None, search: Sequence[Path | str] = ()
) -> Assignment:
    """The assignment `nngrade assign` checks a solution against (issue 24): `-a` when given;
    else the assignment folder the solution lives in (its `assignment.toml` beside it, even
    outside the search path: an instructor's own `course/scale/solution.ipynb`); else as
    `nngrade submit` decides (the notebook's metadata, its file name)."""
    from .assignment import load_assignment
    from .engine import resolve_assignment
    from .submission import load_submission

    if not assignment_id:
        folder = Path(solution).resolve().parent
        if (folder / "assignment.toml").is_file():
            return load_assignment(folder)
    return resolve_assignment(load_submission(solution), assignment_id, search)
