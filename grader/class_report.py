"""What a class report holds, as data: the class summary (`ClassSummary`) and the similarity
report (`SimilarityReport`, with the documents and pairs it compares).

`nngrade.batch` builds them (`batch/summary.py` from the gradebook, `batch/similarity_report.py`
and `batch/similarity.py` from the code it kept); `nngrade.render` draws them (`render/summary.py`,
`render/similarity.py`). Both import this module, and it imports neither, so the page never
reaches back into the batch (issue 23: no import cycle).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

# -- the class summary ----------------------------------------------------------------------


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


# -- the similarity report -----------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One normalised token and where it came from (for showing the source lines)."""

    text: str
    cell: int
    """The notebook cell index (1 for a module)."""
    line: int
    """The first line of the token in its cell, 1-based."""
    end_line: int


@dataclass
class Document:
    """One submission's (or base file's) code: its cells, tokens and fingerprints."""

    name: str
    cells: dict[int, str]
    tokens: list[Token]
    fingerprints: dict[int, list[int]] = field(default_factory=dict)
    """hash -> the token positions where a winnowed k-gram with that hash starts."""


@dataclass(frozen=True)
class Fragment:
    """A run of tokens two submissions share, as lines of a cell in each."""

    a_cell: int
    a_lines: tuple[int, int]
    b_cell: int
    b_lines: tuple[int, int]
    tokens: int


@dataclass
class Pair:
    """Two submissions and what they share beyond the base."""

    a: str
    b: str
    score: float
    """Shared fingerprints / the fingerprints of the smaller of the two (0..1)."""
    shared: int
    a_size: int
    b_size: int
    fragments: list[Fragment] = field(default_factory=list)


@dataclass
class SimilarityReport:
    """What the page section and `nngrade similar` show."""

    threshold: float
    compared: int
    starter: bool
    """Whether the starter notebook's code was left out."""
    bases: list[str]
    """The base files left out, by name."""
    pairs: list[Pair]
    """At or above the threshold, highest first, with their fragments."""
    highest_below: Pair | None
    """The highest-scoring pair under the threshold: what the threshold keeps out."""
    documents: dict[str, Document] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """student -> the file compared (as the gradebook records it)."""
    missing: list[str] = field(default_factory=list)
    """Students whose code is not in the gradebook (not compared)."""
    seconds: float = 0.0


def cell_lines(doc: Document, cell: int, lines: tuple[int, int]) -> list[tuple[int, str]]:
    """The numbered source lines `lines` (first, last) of a cell of `doc`."""
    source = doc.cells.get(cell, "").split("\n")
    first, last = lines
    return [(n, source[n - 1]) for n in range(first, min(last, len(source)) + 1)]
