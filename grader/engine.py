"""Grading one submission: start its sandbox, run the assignment's tests, score.

`grade(submission, grader)` is the one entry point the CLI, the batch runner and the Dask
workers share; the `Grader` (grader.py) holds the assignment's sandbox pool and tests, kept
warm by a caller that grades many submissions. The sandbox starts first, so that the worker
imports NumPy while this process imports pytest. `grade_file()` is the cold path of a single
file (`nngrade submit`): load it, find its assignment, grade it with a grader of its own.
"""

from __future__ import annotations

import importlib.util
import platform
import secrets
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .assignment import Assignment, find_assignment, list_assignments
from .errors import UsageError
from .grader import Grader
from .results import Note, Results, Status, SubmissionInfo, TaskResult, TestResult
from .submission import Submission, load_submission

if TYPE_CHECKING:
    from .sandbox.process import ForkServerHandle, SpawnServer


def resolve_assignment(
    submission: Submission, assignment_id: str | None, search: Sequence[Path | str] = ()
) -> Assignment:
    """The assignment named by `--assignment`, else the notebook's metadata, else the file name."""
    if assignment_id:
        return find_assignment(assignment_id, search)
    meta = submission.metadata.get("nngrade", {}) if isinstance(submission.metadata, dict) else {}
    if isinstance(meta, dict) and isinstance(meta.get("assignment"), str):
        return find_assignment(meta["assignment"], search)
    stem = submission.path.stem.lower()
    known = sorted(list_assignments(search), key=lambda a: -len(a.id))
    for a in known:
        if stem == a.id or stem.startswith(tuple(a.id + sep for sep in "_- .")):
            return a  # hw6.ipynb, hw6_kim.ipynb
        if stem.endswith(tuple(sep + a.id for sep in "_- ")):
            return a  # kim_hw6.ipynb
    names = ", ".join(sorted(a.id for a in known))
    raise UsageError("cli.which_assignment", path=submission.path, names=names)


def cells_of_tasks(
    defines: Mapping[str, int], task_names: Mapping[str, Sequence[str]]
) -> dict[str, list[int]]:
    """Task -> the cells that define its names (`Results.task_cells`), for feedback markers.

    defines: name -> the cell that defines it (`Submission.defines`); task_names: task -> the
    names it tests (assignment.toml's `names`). Tasks whose names no cell defines are left out.
    """
    cells = {
        task: sorted({defines[n] for n in names if n in defines})
        for task, names in task_names.items()
    }
    return {task: found for task, found in cells.items() if found}


def environment() -> dict[str, str]:
    import numpy

    return {
        "nngrade": __version__,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(terse=True),
    }


def _tasks(
    assignment: Assignment,
    records: dict[str, TestResult],
    lang: str,
    own_points: Mapping[str, float],
    extra_points: Mapping[str, float],
) -> list[TaskResult]:
    """The tasks with their tests. A task's points are its declared points plus those of the
    `--tests` extras; the declared points its collected tests do not cover are `ungraded`
    (the hidden tests a student's install does not have)."""
    tasks = [
        TaskResult(
            t.name,
            t.describe(lang),
            t.points + extra_points.get(t.name, 0.0),
            ungraded=max(0.0, t.points - own_points.get(t.name, 0.0)),
        )
        for t in assignment.tasks
    ]
    by_name = {t.name: t for t in tasks}
    for record in records.values():
        by_name[record.task].tests.append(record)
    return tasks


def spelling_notes(uses: Sequence[Mapping[str, object]]) -> list[Note]:
    """One note per removed library spelling the worker ran as today's (`np.int`, `lr=`),
    saying where and what to change (issue 13), as data the report writes in its language."""
    notes = []
    for use in uses:
        if use.get("cell") is not None and use.get("line"):
            where = Note("spelling_where_cell", {"cell": use["cell"], "line": use["line"]})
        elif use.get("line"):
            where = Note("spelling_where_line", {"line": use["line"]})
        else:
            where = Note("spelling_where_code")
        fields = {k: str(use[k]) for k in ("old", "new", "library")}
        notes.append(Note("spelling_removed", {"where": where, **fields}))
    return notes


def tensorflow_installed() -> bool:
    """Whether TensorFlow can be imported here, found without importing it (3 s, 600 MB)."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"] is not None  # None: imports of it are blocked
    try:
        return importlib.util.find_spec("tensorflow") is not None
    except (ImportError, ValueError):
        return False


def grade(
    submission: Submission,
    grader: Grader,
    *,
    seed: int | None = None,
    lang: str = "en",
    student: str | None = None,
) -> Results:
    """Grade `submission` with `grader` (its assignment's sandbox pool and tests) and return
    its results.

    Raises `NngradeError` (a one-line message) when the assignment cannot be graded here or
    its tests cannot run; everything the student's code does becomes part of the results.
    """
    started = time.perf_counter()
    assignment = grader.assignment
    if assignment.needs_tensorflow and not tensorflow_installed():
        raise UsageError("needs_tensorflow", assignment=assignment.id)
    seed = secrets.randbits(31) if seed is None else int(seed)

    box = grader.sandbox(submission)
    try:
        from .other_assignment import other_assignment_note

        # A notebook for another assignment graded as this one is said so (issue 24); read
        # while the sandbox starts.
        flag = other_assignment_note(submission, assignment, (assignment.path.parent,))
        other_assignment = [flag] if flag is not None else []
        harness = grader.harness  # pytest loads and collects while the notebook runs
        tests_started = time.perf_counter()
        records = harness.run(box, seed=seed, lang=lang)
        own_points, extra_points = harness.plugin.own_points, harness.plugin.extra_points
        tests_time = time.perf_counter() - tests_started
        report = box.run_report()
        confinement = box.confinement_kind
    finally:
        box.close()

    return Results(
        assignment=assignment.id,
        title=assignment.describe(lang),
        assignment_version=assignment.version,
        submission=SubmissionInfo(
            path=str(submission.path),
            sha256=submission.sha256,
            kind=submission.kind,
            student=student,
        ),
        seed=seed,
        lang=lang,
        tasks=_tasks(assignment, records, lang, own_points, extra_points),
        cell_errors=list(report.errors),
        notes=list(report.notes) + spelling_notes(box.spellings) + other_assignment,
        limits=list(box.limit_hits),
        task_cells=cells_of_tasks(
            submission.defines, {t.name: assignment.names_of(t) for t in assignment.tasks}
        ),
        timings={
            "notebook": round(report.duration, 4),
            "tests": round(tests_time, 4),
            "total": round(time.perf_counter() - started, 4),
        },
        environment=environment(),
        confinement=confinement,
    )


def grade_file(
    path: Path | str,
    *,
    assignment: Assignment | str | None = None,
    search: Sequence[Path | str] = (),
    seed: int | None = None,
    lang: str = "en",
    hidden_tests: Sequence[Path | str] = (),
    server: ForkServerHandle | SpawnServer | None = None,
) -> Results:
    """Grade the notebook or module at `path` with a grader of its own, as `nngrade submit`
    does: `assignment` is an `Assignment`, an id, or None (from the notebook or its name).
    `server`: a fork server started ahead for its sandbox (`sandbox.process.cold_server()`),
    which this call then owns.

    Raises `NngradeError` (a one-line message) when the file cannot be read or the assignment
    is unknown.
    """
    try:
        submission = load_submission(Path(path))
        if not isinstance(assignment, Assignment):
            assignment = resolve_assignment(submission, assignment, search)
        grader = Grader(assignment, hidden_tests, server=server)
    except BaseException:
        if server is not None:
            from .sandbox.process import discard_server

            discard_server(server)
        raise
    # The platform's description (`environment()`) runs `uname -p`: it is found while the
    # notebook runs, not after the tests (issue 23).
    threading.Thread(target=platform.platform, kwargs={"terse": True}, daemon=True).start()
    with grader:
        return grade(submission, grader, seed=seed, lang=lang)


def error_results(
    path: Path | str,
    message: str | Note,
    *,
    assignment: Assignment | None = None,
    status: Status = "error",
    lang: str = "en",
    student: str | None = None,
    sha256: str = "",
    seed: int = 0,
) -> Results:
    """Results for a submission that could not be graded: every task at zero, and why (a
    `Note`, written in the report's language where it is shown)."""
    tasks = (
        [TaskResult(t.name, t.describe(lang), t.points) for t in assignment.tasks]
        if assignment
        else []
    )
    return Results(
        assignment=assignment.id if assignment else "",
        title=assignment.describe(lang) if assignment else "",
        assignment_version=assignment.version if assignment else "",
        submission=SubmissionInfo(path=str(path), sha256=sha256, student=student),
        seed=seed,
        lang=lang,
        status=status,
        error=message,
        tasks=tasks,
        environment=environment(),
        confinement=_expected_confinement(),
    )


def _expected_confinement() -> str:
    """The confinement a worker would have had here (a submission that never ran)."""
    from .sandbox import uidjail

    return uidjail.expected_kind()
