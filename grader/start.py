"""`nngrade start`: a student's copy of an assignment's starter notebook and data files.

The starter (the notebook `nngrade assign` made from the solution) and the files it reads
(`data/digits.npz` for the Keras assignment) are copied from the installed assignment into a
folder, at the same relative paths, so the notebook's `np.load("data/digits.npz")` works.
Nothing of the student's is ever overwritten without `--force`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .assignment import Assignment
from .errors import UsageError


def start_files(assignment: Assignment) -> list[tuple[Path, Path]]:
    """(source, path relative to the student's folder) for each file a student starts with."""
    files = [(assignment.student, Path(assignment.student.name))]
    for path in assignment.student_files:
        files.append((path, path.relative_to(assignment.path)))
    return files


def start_assignment(
    assignment: Assignment, dest: Path, *, force: bool = False, lang: str = "en"
) -> list[Path]:
    """Copy the starter notebook and its files into `dest`; the paths written.

    Refuses (UsageError, before writing anything) when a file is already there and not
    `force`, or when this install lacks one of the files.
    """
    plan = [(src, Path(dest) / rel) for src, rel in start_files(assignment)]
    for src, target in plan:
        if not src.is_file():
            raise UsageError("start_missing", path=src, assignment=assignment.id)
        if target.exists() and not force:
            raise UsageError("start_exists", path=target)
    for src, target in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    return [target for _, target in plan]
