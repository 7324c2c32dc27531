"""A picture of the class: the `ClassSummary` that `summary.html` and `nngrade gradebook DIR`
show (`nngrade.render.summary` draws both).

Everything is read from the gradebook (its own queries, in `gradebook.py`), over each
student's latest submission, and no score is computed here: totals, task and test points come
as the grading stored them.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .gradebook import Gradebook, Row
    from .similarity_report import SimilarityReport

SLOWEST = 10
COMMON_ERRORS = 10
_CALL = re.compile(r"`[^`]*`")
_EXCEPTION = re.compile(r"^(.*?\b[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning))\b")


@dataclass
class TaskRate:
    """How the class did on one task."""

    name: str
    points: float
    passed: int
    total: int
    mean_earned: float

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class TestRate:
    """How the class did on one test."""

    id: str
    task: str
    points: float
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class ErrorGroup:
    """One kind of error and the students who hit it."""

    kind: str
    """`submission` (not graded), `cell` (a notebook cell raised) or `test <outcome>`."""
    key: str
    count: int
    students: list[str]


@dataclass
class Slow:
    """One of the slowest submissions."""

    student: str
    duration: float
    status: str
    path: str


@dataclass
class Flagged:
    """A graded submission that met trouble (a cell raised, a limit, a crash)."""

    student: str
    run_status: str
    score: float
    cell_errors: int
    time_limits: int
    memory_limits: int
    crashes: int
    path: str


@dataclass
class Ambiguous:
    """A student with several files that could each have been the submission."""

    student: str
    counted: str
    others: list[str]


@dataclass
class OtherAssignment:
    """A submission graded as this assignment that looks written for another (issue 24)."""

    student: str
    path: str
    other: str
    score: float


@dataclass
class ClassSummary:
    """What the summary page and the terminal summary show."""

    assignment: str
    title: str
    max_score: float
    students: int
    status: dict[str, int]
    scores: list[float]
    """Totals of the graded submissions (not those with status error or timeout)."""
    tasks: list[TaskRate] = field(default_factory=list)
    tests: list[TestRate] = field(default_factory=list)
    slowest: list[Slow] = field(default_factory=list)
    errors: list[ErrorGroup] = field(default_factory=list)
    several: dict[str, int] = field(default_factory=dict)
    """Students with more than one counting row (runs over different folders): how many."""
    last_run: dict[str, Any] | None = None
    timeouts: int = 0
    """Submissions that ran out of time anywhere: status timeout, or graded with a time limit
    (a cell, a call, the notebook's budget) in their results' `limits` (issue 13)."""
    run_status: dict[str, int] = field(default_factory=dict)
    """How many latest rows have each `Results.run_status`."""
    flagged: list[Flagged] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    ignored: dict[str, list[str]] = field(default_factory=dict)
    """Student -> their files not graded because the assignment's own file was."""
    student_file: str = ""
    confinement: dict[str, int] = field(default_factory=dict)
    """How many latest rows ran under each confinement (`Results.confinement`, issue 22)."""
    other_assignment: list[OtherAssignment] = field(default_factory=list)
    """Submissions that look written for another assignment (issue 24)."""

    @property
    def graded(self) -> int:
        """Latest rows whose tests ran, flagged or not."""
        return self.status.get("graded", 0)

    @property
    def warnings(self) -> bool:
        return bool(self.ambiguous or self.several or self.other_assignment)

    similarity: SimilarityReport | None = None
    """The similarity report when `grade` made one."""

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None

    @property
    def full_marks(self) -> int:
        return sum(s >= self.max_score for s in self.scores)


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


def build_summary(gradebook: Gradebook) -> ClassSummary:
    """Read the class summary from the gradebook (latest submission per student)."""
    latest = gradebook.latest()
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


def other_assignment_rows(latest: list[Row]) -> list[OtherAssignment]:
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


def _error_groups(gradebook: Gradebook, latest: list[Row]) -> list[ErrorGroup]:
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
