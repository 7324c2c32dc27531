"""A picture of the class: the `ClassSummary` that `summary.html` and `nngrade gradebook DIR`
show (`nngrade.render.summary` draws both).

Everything is read from the gradebook (its own queries, in `gradebook.py`), over each
student's latest submission, and no score is computed here: totals, task and test points come
as the grading stored them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nngrade.class_report import (  # the data types, re-exported for their old importers
    Ambiguous,
    ClassSummary,
    ErrorGroup,
    Flagged,
    OtherAssignment,
    Slow,
    TaskRate,
    TestRate,
)

if TYPE_CHECKING:
    from .gradebook import Gradebook, Row

__all__ = [
    "Ambiguous", "ClassSummary", "ErrorGroup", "Flagged", "OtherAssignment", "Slow", "TaskRate",
    "TestRate", "build_summary", "error_key", "first_line", "other_assignment_rows",
]  # fmt: skip

SLOWEST = 10
COMMON_ERRORS = 10
_CALL = re.compile(r"`[^`]*`")
_EXCEPTION = re.compile(r"^(.*?\b[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning))\b")


def first_line(message: str | None) -> str:
    """The first non-blank line of a message, stripped."""
    return (message or "").strip().splitlines()[0].strip() if (message or "").strip() else ""


def error_key(message: str, path: str = "") -> str:
    """How errors are grouped: the first line, cut after its exception type, without the path."""
    line = first_line(message)
    if path and line.startswith(path):
        line = line[len(path) :].lstrip(": ")
    match = _EXCEPTION.match(line)
    return match.group(1) if match else line


def build_summary(gradebook: Gradebook, latest: Sequence[Row] | None = None) -> ClassSummary:
    """Read the class summary from the gradebook (latest submission per student: `latest`
    when the caller has read them already, for its exports)."""
    latest = list(gradebook.latest() if latest is None else latest)
    first = latest[0].results() if latest else None
    graded = [r for r in latest if r.status == "graded"]
    summary = ClassSummary(
        assignment=first.assignment if first else (gradebook.meta("assignment") or ""),
        title=first.title if first else "",
        max_score=latest[0].max_score if latest else 0.0,
        students=len(latest),
        status=dict(Counter(r.status for r in latest)),
        scores=[r.score for r in graded],
        last_run=gradebook.last_run(),
        timeouts=sum(r.status == "timeout" or r.results().timed_out for r in latest),
    )
    summary.tasks = gradebook.task_rates()
    summary.tests = gradebook.test_rates()
    summary.slowest = [
        Slow(r.student, r.duration, r.run_status or r.status, r.shown_path)
        for r in sorted(latest, key=lambda r: -r.duration)[:SLOWEST]
    ]
    summary.errors = _error_groups(gradebook, latest)
    summary.several = gradebook.files_per_student()
    summary.run_status = dict(Counter(r.run_status or r.status for r in latest))
    summary.flagged = [
        Flagged(r.student, r.run_status, r.score, r.n_cell_errors, r.n_time_limits,
                r.n_memory_limits, r.n_crashes, r.shown_path)
        for r in latest
        if r.status == "graded" and r.run_status not in ("", "graded")
    ]  # fmt: skip
    summary.ambiguous = [
        Ambiguous(r.student, r.shown_path, r.other_files) for r in latest if r.ambiguous
    ]
    summary.ignored = {
        r.student: r.other_files for r in latest if r.other_files and not r.ambiguous
    }
    summary.student_file = gradebook.meta("student_file") or ""
    summary.confinement = dict(Counter(r.results().confinement for r in latest))
    summary.other_assignment = other_assignment_rows(latest)
    return summary


def other_assignment_rows(latest: Sequence[Row]) -> list[OtherAssignment]:
    """The latest rows whose results say they were written for another assignment."""
    from nngrade.other_assignment import NOTE_KEY
    from nngrade.results import as_note

    found = []
    for row in latest:
        for note in row.results().notes:
            note = as_note(note)
            if note.key.startswith(NOTE_KEY + "."):
                other = str(note.fields.get("other", ""))
                found.append(OtherAssignment(row.student, row.shown_path, other, row.score))
                break
    return found


def _error_groups(gradebook: Gradebook, latest: Sequence[Row]) -> list[ErrorGroup]:
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in latest:
        if row.status != "graded":
            groups[("submission", error_key(row.error or "", row.path))].add(row.student)
    for student, ename in gradebook.cell_error_names():
        groups[("cell", ename)].add(student)
    for student, outcome, message in gradebook.test_errors():
        key = error_key(message)
        if outcome == "crashed":  # the reason is what they share, not the call it hit
            key = _CALL.sub("`…`", key)
        groups[(f"test {outcome}", key)].add(student)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        ErrorGroup(kind, key or "(no message)", len(students), sorted(students))
        for (kind, key), students in ranked[:COMMON_ERRORS]
    ]
