"""The one results model. Every renderer reads it; none computes a score.

A grading run produces one `Results`: the assignment, the submission, its tasks with their
tests, the cell errors and notes from running the notebook, the seed, timings and the
environment. Scores are derived here, once (`TestResult.earned`, `TaskResult.earned`,
`Results.score`), so that the terminal, JSON, JUnit, Classroom, Gradescope and the gradebook
all agree by construction.

`Results.to_dict()` is the JSON form; its schema is `nngrade/results.schema.json`
(`SCHEMA_VERSION`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from .messages import Text, say
from .outcomes import OUTCOME_NAMES

SCHEMA_VERSION = 3

# The names and what each means are `outcomes.TEST_OUTCOMES`, `STATUSES` and `RUN_STATUSES`;
# these Literals spell them for the type checker (tests/grading/test_outcomes.py: the same).
Outcome = Literal["passed", "failed", "error", "timeout", "crashed"]
"""How one test ended: `outcomes.TEST_OUTCOMES`."""

OUTCOMES: tuple[str, ...] = OUTCOME_NAMES

Status = Literal["graded", "error", "timeout"]
"""Whether a submission was graded: `outcomes.STATUSES`."""


RunStatus = Literal[
    "graded",
    "graded-with-errors",
    "graded-over-limit",
    "graded-after-crash",
    "error",
    "timeout",
]
"""How a grading went, for a grade book row (grades.csv `status`): `outcomes.RUN_STATUSES`."""


@dataclass(frozen=True)
class Trouble:
    """What went wrong while a graded submission ran, counted (the `RunStatus` columns)."""

    cell_errors: int = 0
    """Cells that raised an exception of their own (not a limit, not a crash)."""
    time_limits: int = 0
    """Cells stopped at a time limit, and tests whose call ran past its time limit."""
    memory_limits: int = 0
    """Cells and test calls that ran out of memory (MemoryError, or killed for memory)."""
    crashes: int = 0
    """Cells and test calls during which the process running the code died otherwise."""


MEMORY_DEATHS = frozenset({"worker_died.killed", "worker_died.bus"})
"""Why a worker died, as catalog keys, that mean "it ran out of memory": the kernel's
out-of-memory killer sends SIGKILL, and a stack or an mmap past the limit ends in SIGBUS."""


def _died_of_memory(said: Note | None) -> bool:
    """`said` (a test's or a cell's note) says the worker died for memory: read from the keys
    of the note and of its `reason`, never from the words (the same in every language)."""
    if said is None:
        return False
    reason = said.fields.get("reason")
    return said.key in MEMORY_DEATHS or (isinstance(reason, Note) and reason.key in MEMORY_DEATHS)


@dataclass
class TestResult:
    """One assignment test: which task it counts for, its points and its outcome."""

    id: str
    """Stable id, `file.py::test_name`; the same across runs and seeds."""
    name: str
    task: str
    points: float
    outcome: Outcome
    message: str = ""
    duration: float = 0.0
    hidden: bool = False
    """A test from the instructor's own folder: its outcome is shown, its details never."""
    said: Note | None = None
    """`message` as data (issue 23): the catalog key and fields it was written from, for
    consumers and for `Results.trouble` (which reads this, never the words). For a hidden
    test only what classifies it (why the worker died, the exception's name) is kept."""

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def earned(self) -> float:
        return self.points if self.passed else 0.0


@dataclass
class TaskResult:
    """A task of the assignment (`forward`, `backprop`, ...) and the tests under it."""

    name: str
    description: str
    points: float
    """Points possible: as declared in assignment.toml (plus those of `--tests` extras)."""
    tests: list[TestResult] = field(default_factory=list)
    ungraded: float = 0.0
    """Points of hidden tests that this run did not have (a student's install has none):
    they are graded after the deadline, where the hidden tests are."""

    @property
    def earned(self) -> float:
        """The sum of the points of the passed tests, visible and hidden (no cap: the tests'
        points add up to the task's, which `nngrade assign` and the grader check)."""
        return sum(t.earned for t in self.tests)

    @property
    def graded_points(self) -> float:
        """The points this run could give: the task's points less the ungraded ones."""
        return self.points - self.ungraded

    @property
    def passed(self) -> bool:
        return bool(self.tests) and all(t.passed for t in self.tests)

    @property
    def visible_tests(self) -> list[TestResult]:
        return [t for t in self.tests if not t.hidden]

    @property
    def hidden_tests(self) -> list[TestResult]:
        return [t for t in self.tests if t.hidden]


@dataclass(frozen=True)
class Note:
    """Words as data (issue 12): a key of the one catalog (`nngrade.messages.CATALOG`) and the
    fields its words are filled with; a field may be a `Note` itself ("line 2 of cell 2").
    The sandbox says what happened this way and the renderers write it in the report's
    language; `str()` gives the words in the current language (`nngrade.messages.language`)."""

    key: str
    fields: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return say(self.key, **self.fields)  # words are looked up when written, never stored

    def in_language(self, lang: str) -> str:
        """The words in `lang`."""
        return say(self.key, lang, **self.fields)

    def to_dict(self) -> dict[str, Any]:
        """JSON data: a `Note` field as a note, a bilingual `Text` as `{"en": ..., "ko": ...}`."""
        return {"key": self.key, "fields": {k: _plain(v) for k, v in self.fields.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(
            str(data["key"]), {k: _revived(v) for k, v in dict(data.get("fields", {})).items()}
        )

    def replaced(self, old: str, new: str) -> Note:
        """The same note with `old` replaced by `new` in its text fields (a path, say)."""
        if not old:
            return self
        return Note(
            self.key,
            {
                k: v.replaced(old, new)
                if isinstance(v, Note)
                else v.replace(old, new)
                if isinstance(v, str)
                else v
                for k, v in self.fields.items()
            },
        )

    @classmethod
    def of(cls, key: str, /, **fields: Any) -> Note:
        """`Note.of("wrong_value", what=..., got=...)`: a key and its fields, as `say` takes them."""
        return cls(key, fields)

    @classmethod
    def verbatim(cls, text: str | Text) -> Note:
        """Words that are already written (results saved before notes were data)."""
        return cls("verbatim", {"text": text})


def _plain(value: Any) -> Any:
    """A note's field as JSON data (a tuple becomes a list; an object nngrade does not know,
    its words)."""
    if isinstance(value, Note):
        return value.to_dict()
    if isinstance(value, Text):
        return {"en": value.en, "ko": value.ko}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:  # a NumPy scalar
        return _plain(value.item())
    return str(value)


def _revived(value: Any) -> Any:
    """A field of `Note.to_dict` back: a note, bilingual words, or the value itself."""
    if isinstance(value, dict) and "key" in value:
        return Note.from_dict(value)
    if isinstance(value, dict) and "en" in value:
        return Text(en=str(value["en"]), ko=str(value.get("ko", value["en"])))
    if isinstance(value, list):
        return [_revived(v) for v in value]
    return value


def as_note(note: Note | str) -> Note:
    """A note as data; a plain string is kept as it is written."""
    return note if isinstance(note, Note) else Note.verbatim(str(note))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields_of(obj: Any) -> dict[str, Any]:
    """A dataclass instance's fields, by name and in order, as they are (not copied)."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: getattr(obj, name) for name in names}


@dataclass
class CellError:
    """A code cell that raised while the notebook ran. Later cells still ran."""

    cell: int
    """1-based index among the notebook's cells, as Jupyter shows them."""
    ename: str
    evalue: str
    traceback: list[str] = field(default_factory=list)
    """Only the student's own frames, as text lines."""
    defines: list[str] = field(default_factory=list)
    """Names the cell would have defined, so a report can tie the error to tasks."""
    reason: Note | None = None
    """For an error nngrade made (`Timeout`, `Crash`): what happened, as data the report
    writes in its language; `evalue` says the same in English. None for the code's own."""

    def said(self, lang: str) -> str:
        """The error's value in `lang`: the reason when nngrade made it, else `evalue`."""
        return self.reason.in_language(lang) if self.reason is not None else self.evalue


# --- issue 13: the limits that applied --------------------------------------------------------

TIME_LIMITS = frozenset(
    {
        "cell_timeout",
        "notebook_timeout",
        "call_timeout",
        "wall_clock",
        "cpu_seconds",
        "serving_seconds",
    }
)
"""Limits that mean "it ran out of time": a submission with one of these counts as a timeout
in a batch summary, even when it was graded."""


@dataclass
class LimitHit:
    """One limit that stopped (or cut short) some of the student's code during the run."""

    limit: str
    """The `Limits` field that applied (`cell_timeout`, `notebook_timeout`, `call_timeout`,
    `cpu_seconds`, `max_restarts`, `max_output_bytes`), or `wall_clock` for the backstop."""
    value: float
    """The limit's value, in `unit`."""
    unit: str = "s"
    """`work s` (CPU time, plus time asleep), `s` (wall clock), `bytes` or `restarts`."""
    cell: int | None = None
    """The cell it hit (for a module: the line of the statement), if it was a cell."""
    name: str | None = None
    """The student function that was being called, if it was a call."""
    used: float | None = None
    """How much of it was used when it was stopped (work or wall seconds), if measured."""

    @property
    def is_time(self) -> bool:
        return self.limit in TIME_LIMITS


@dataclass
class SubmissionInfo:
    path: str
    sha256: str
    kind: Literal["notebook", "module"] = "notebook"
    student: str | None = None


@dataclass
class Results:
    """Everything one grading run found out about one submission."""

    assignment: str
    title: str
    assignment_version: str
    submission: SubmissionInfo
    seed: int
    lang: str = "en"
    status: Status = "graded"
    error: str | Note | None = None
    """Why a submission with status error/timeout was not graded, in one line: a `Note` (the
    JSON has it in words, `error`, in `lang`, and as data, `error_note`), or words said
    elsewhere (results written before issue 23)."""
    tasks: list[TaskResult] = field(default_factory=list)
    cell_errors: list[CellError] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    """Things the student should know that cost no points (a `!pip` line not run, ...), as
    data; the JSON has them in words (`notes`, in `lang`) and as data (`note_keys`)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds: `notebook` (running the cells), `tests`, `total`."""
    environment: dict[str, str] = field(default_factory=dict)
    limits: list[LimitHit] = field(default_factory=list)
    """Every limit that applied during the run (issue 13), in the order they applied."""
    task_cells: dict[str, list[int]] = field(default_factory=dict)
    """Task -> the cells (1-based; for a module, the first line of the top-level statement) of
    the submission that define the names it tests, for the pages' markers. Tasks whose names
    no cell defines are left out."""
    confinement: str = "none"
    """How the student's code was confined (issue 22): `bubblewrap`, `uid` (root without
    bubblewrap: a dedicated unprivileged uid) or `none`; `unknown` in results written before
    schema 3. For a submission that never ran, the confinement it would have had."""
    schema_version: int = SCHEMA_VERSION

    @property
    def error_words(self) -> str | None:
        """`error` in the results' language (a renderer's words for it)."""
        if isinstance(self.error, Note):
            return self.error.in_language(self.lang)
        return self.error

    @property
    def timed_out(self) -> bool:
        """The run hit a time limit somewhere (a cell, a call, the whole notebook)."""
        return self.status == "timeout" or any(hit.is_time for hit in self.limits)

    @property
    def score(self) -> float:
        return sum(t.earned for t in self.tasks)

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tasks)

    @property
    def ungraded(self) -> float:
        """Points left to the hidden tests that this run did not have."""
        return sum(t.ungraded for t in self.tasks)

    @property
    def full_marks(self) -> bool:
        return self.status == "graded" and self.score >= self.max_score

    @property
    def tests(self) -> list[TestResult]:
        return [t for task in self.tasks for t in task.tests]

    def trouble(self) -> Trouble:
        """Count the cell errors, limits hit and crashes of this run (hidden tests included:
        only the counts, never their messages, reach a report)."""
        # Read from the outcome, the exception's name and the keys of why a worker died,
        # never from the words: a run's status is the same in every language (issue 23).
        cells, time_, memory, crashes = 0, 0, 0, 0
        for err in self.cell_errors:
            if err.ename == "Timeout":
                time_ += 1
            elif err.ename == "Crash":
                if _died_of_memory(err.reason):
                    memory += 1
                else:
                    crashes += 1
            elif err.ename == "MemoryError":
                memory += 1
            else:
                cells += 1
        for test in self.tests:
            if test.outcome == "timeout":
                time_ += 1
            elif test.outcome == "crashed":
                if _died_of_memory(test.said):
                    memory += 1
                else:
                    crashes += 1
            elif (
                test.outcome == "error"
                and test.said
                and test.said.fields.get("ename") == "MemoryError"
            ):
                memory += 1
        return Trouble(cells, time_, memory, crashes)

    @property
    def run_status(self) -> RunStatus:
        """`status`, with a graded run that met trouble told apart (see `RunStatus`)."""
        if self.status != "graded":
            return self.status
        trouble = self.trouble()
        if trouble.crashes:
            return "graded-after-crash"
        if trouble.time_limits or trouble.memory_limits:
            return "graded-over-limit"
        if trouble.cell_errors:
            return "graded-with-errors"
        return "graded"

    def counts(self) -> dict[str, int]:
        """How many tests ended in each outcome."""
        out = dict.fromkeys(OUTCOMES, 0)
        for t in self.tests:
            out[t.outcome] = out.get(t.outcome, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the fields plus the derived scores, so consumers never recompute."""
        # What `dataclasses.asdict` gave, built field by field: asdict deep-copies every value
        # and turns each note into a dict, only for the notes to be replaced below (issue 23:
        # 0.35 ms against 0.05 ms for a graded hw6 submission, the same JSON).
        data = _fields_of(self)
        data["submission"] = _fields_of(self.submission)
        data["tasks"] = [
            {**_fields_of(task), "tests": [_fields_of(test) for test in task.tests]}
            for task in self.tasks
        ]
        data["cell_errors"] = [
            {**_fields_of(e), "traceback": list(e.traceback), "defines": list(e.defines)}
            for e in self.cell_errors
        ]
        data["notes"] = None  # written below, in words and as data
        data["timings"] = dict(self.timings)
        data["environment"] = dict(self.environment)
        data["limits"] = [_fields_of(hit) for hit in self.limits]
        data["task_cells"] = {task: list(cells) for task, cells in self.task_cells.items()}
        notes = [as_note(n) for n in self.notes]
        data["notes"] = [n.in_language(self.lang) for n in notes]
        data["note_keys"] = [n.to_dict() for n in notes]
        if isinstance(self.error, Note):
            data["error"] = self.error.in_language(self.lang)
            data["error_note"] = self.error.to_dict()
        for error_data, error in zip(data["cell_errors"], self.cell_errors, strict=True):
            if error.reason is None:
                del error_data["reason"]
            else:
                error_data["reason"] = error.reason.to_dict()
        data["score"] = self.score
        data["max_score"] = self.max_score
        for task_data, task in zip(data["tasks"], self.tasks, strict=True):
            task_data["earned"] = task.earned
            for test_data, test in zip(task_data["tests"], task.tests, strict=True):
                test_data["earned"] = test.earned
                if test.said is None:
                    del test_data["said"]
                else:
                    test_data["said"] = test.said.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Results:
        """Rebuild from `to_dict()` output (the gradebook and Dask results travel this way)."""
        tasks = [
            TaskResult(
                name=t["name"],
                description=t.get("description", ""),
                points=t["points"],
                ungraded=t.get("ungraded", 0.0),
                tests=[
                    TestResult(
                        **{k: v for k, v in x.items() if k not in ("earned", "said")},
                        said=Note.from_dict(x["said"]) if x.get("said") else None,
                    )
                    for x in t.get("tests", [])
                ],
            )
            for t in data.get("tasks", [])
        ]
        return cls(
            assignment=data["assignment"],
            title=data.get("title", data["assignment"]),
            assignment_version=data.get("assignment_version", ""),
            submission=SubmissionInfo(**data["submission"]),
            seed=data["seed"],
            lang=data.get("lang", "en"),
            status=data.get("status", "graded"),
            error=Note.from_dict(data["error_note"])
            if data.get("error_note")
            else data.get("error"),
            tasks=tasks,
            cell_errors=[
                CellError(
                    **{k: v for k, v in c.items() if k != "reason"},
                    reason=Note.from_dict(c["reason"]) if c.get("reason") else None,
                )
                for c in data.get("cell_errors", [])
            ],
            notes=(
                [Note.from_dict(n) for n in data["note_keys"]]
                if "note_keys" in data
                else [Note.verbatim(str(n)) for n in data.get("notes", [])]
            ),
            timings=dict(data.get("timings", {})),
            environment=dict(data.get("environment", {})),
            limits=[LimitHit(**hit) for hit in data.get("limits", [])],
            task_cells={k: list(v) for k, v in data.get("task_cells", {}).items()},
            confinement=str(data.get("confinement", "unknown")),
            schema_version=data.get("schema_version", SCHEMA_VERSION),
        )
