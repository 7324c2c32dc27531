"""The gradebook: `DIR/gradebook.sqlite`, one per assignment, written only by the main process.

Every graded submission is committed in one transaction as its result arrives (the submission
row, its tasks, its tests and the full results JSON), so a run stopped at any moment (Ctrl-C,
`kill -9`, a power cut with `synchronous=FULL`) leaves every finished submission recorded and
nothing half-written. The next run skips what is already there: the same student, the same
file bytes (sha256), the same assignment version and the same tests (`tests_sha256`, which
covers the assignment's tests and any `--tests` folders).

Rows are never deleted: a `--force` regrade or a resubmission adds a row. A row stops
counting (`dropped_run`) when a later run over the same folder no longer finds its file, or
finds it changed, or grades another file of that student instead: it then leaves grades.csv
and the summary, and stays in the gradebook's history. Of the rows that count, "the latest
submission of a student" is the one whose file is newest (then the one graded last); two rows
of one student count only when they came from runs over different folders.

The gradebook holds one seed (`meta.seed`), chosen by its first run and reused by every later
one, so a resumed or repeated run replays the same inputs; `--seed` replaces it.

Files are written owner read-write, group read, nothing for others (`FILE_MODE`, `DIR_MODE`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nngrade import __version__
from nngrade.class_report import TaskRate, TestRate
from nngrade.errors import UsageError, os_reason
from nngrade.results import Results

if TYPE_CHECKING:
    from .inputs import Choice

SCHEMA_VERSION = 2
FILENAME = "gradebook.sqlite"
FILE_MODE = 0o640
"""Every file a batch run writes: the instructor reads and writes, their group reads."""
DIR_MODE = 0o750

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id                 INTEGER PRIMARY KEY,
    started_at         TEXT NOT NULL,
    finished_at        TEXT,
    state              TEXT NOT NULL,      -- running | finished | interrupted | failed
    assignment         TEXT NOT NULL,
    assignment_version TEXT NOT NULL,
    tests_sha256       TEXT NOT NULL,
    seed               INTEGER,            -- the run's seed (each submission records its own too)
    nngrade_version    TEXT NOT NULL,
    backend            TEXT NOT NULL,      -- local | dask address
    jobs               INTEGER NOT NULL,
    found              INTEGER NOT NULL DEFAULT 0,
    graded             INTEGER NOT NULL DEFAULT 0,
    skipped            INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS submissions (
    id                 INTEGER PRIMARY KEY,
    run_id             INTEGER NOT NULL REFERENCES runs(id),
    seen_run           INTEGER NOT NULL,   -- the last run that found this file (unchanged)
    student            TEXT NOT NULL,
    path               TEXT NOT NULL,
    sha256             TEXT NOT NULL,
    size               INTEGER NOT NULL,
    mtime              REAL NOT NULL,
    assignment         TEXT NOT NULL,
    assignment_version TEXT NOT NULL,
    tests_sha256       TEXT NOT NULL,
    seed               INTEGER NOT NULL,
    lang               TEXT NOT NULL,
    nngrade_version    TEXT NOT NULL,
    graded_at          TEXT NOT NULL,
    status             TEXT NOT NULL,      -- graded | error | timeout
    run_status         TEXT NOT NULL DEFAULT '',  -- Results.run_status: grades.csv's status
    n_cell_errors      INTEGER NOT NULL DEFAULT 0,  -- Results.trouble()
    n_time_limits      INTEGER NOT NULL DEFAULT 0,
    n_memory_limits    INTEGER NOT NULL DEFAULT 0,
    n_crashes          INTEGER NOT NULL DEFAULT 0,
    rel                TEXT NOT NULL DEFAULT '',  -- the path inside the folder graded
    lms_id             TEXT NOT NULL DEFAULT '',  -- Canvas / Moodle number from the file name
    others             TEXT NOT NULL DEFAULT '[]', -- JSON: the student's other files, not graded
    ambiguous          INTEGER NOT NULL DEFAULT 0, -- 1: several files could have been it
    dropped_run        INTEGER,            -- the run that stopped counting it (NULL: counts)
    error              TEXT,
    score              REAL NOT NULL,
    max_score          REAL NOT NULL,
    duration           REAL NOT NULL,      -- seconds, wall clock, for this submission
    retry              INTEGER NOT NULL,   -- 1: not graded through nngrade's or the machine's
                                           -- fault (grader died, --timeout): the next run retries
    results_json       TEXT NOT NULL       -- Results.to_dict(), the whole record
);
CREATE INDEX IF NOT EXISTS submissions_key
    ON submissions (student, sha256, assignment_version, tests_sha256);
CREATE TABLE IF NOT EXISTS task_results (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    task          TEXT NOT NULL,
    description   TEXT NOT NULL,
    points        REAL NOT NULL,
    earned        REAL NOT NULL,
    passed        INTEGER NOT NULL,
    PRIMARY KEY (submission_id, task)
);
CREATE TABLE IF NOT EXISTS test_results (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    test_id       TEXT NOT NULL,
    name          TEXT NOT NULL,
    task          TEXT NOT NULL,
    points        REAL NOT NULL,
    earned        REAL NOT NULL,
    outcome       TEXT NOT NULL,           -- passed | failed | error | timeout | crashed
    message       TEXT NOT NULL,
    duration      REAL NOT NULL,
    hidden        INTEGER NOT NULL,
    PRIMARY KEY (submission_id, test_id)
);
CREATE TABLE IF NOT EXISTS cell_errors (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    cell          INTEGER NOT NULL,
    ename         TEXT NOT NULL,
    evalue        TEXT NOT NULL
);
-- The code of each file seen, by content, for `nngrade similar`
-- and the summary (an archive is extracted only for the run, so its code is kept here).
CREATE TABLE IF NOT EXISTS sources (
    sha256     TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,              -- notebook | module | base | unreadable (no code)
    cells_json TEXT NOT NULL               -- [[cell index, source], ...]
);
-- The view stays last: a schema-1 upgrade re-creates it from here.
CREATE VIEW IF NOT EXISTS latest AS
    SELECT * FROM (
        SELECT s.*, ROW_NUMBER() OVER (
            PARTITION BY student ORDER BY mtime DESC, graded_at DESC, id DESC) AS rank
        FROM submissions s WHERE dropped_run IS NULL)
    WHERE rank = 1;
"""
_LATEST_V1 = "DROP VIEW IF EXISTS latest"
_NEW_COLUMNS_V2 = [
    ("run_status", "TEXT NOT NULL DEFAULT ''"),
    ("n_cell_errors", "INTEGER NOT NULL DEFAULT 0"),
    ("n_time_limits", "INTEGER NOT NULL DEFAULT 0"),
    ("n_memory_limits", "INTEGER NOT NULL DEFAULT 0"),
    ("n_crashes", "INTEGER NOT NULL DEFAULT 0"),
    ("rel", "TEXT NOT NULL DEFAULT ''"),
    ("lms_id", "TEXT NOT NULL DEFAULT ''"),
    ("others", "TEXT NOT NULL DEFAULT '[]'"),
    ("ambiguous", "INTEGER NOT NULL DEFAULT 0"),
    ("dropped_run", "INTEGER"),
]

Key = tuple[str, str, str, str]
"""(student, sha256, assignment_version, tests_sha256): what makes a grading reusable."""


def now() -> str:
    """The time now, UTC, ISO 8601 (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def shown_path(path: str, rel: str) -> str:
    """A recorded file as a student may see it (the one place a recorded path is relabelled
    for students): relative to the folder graded, else its name, never absolute."""
    return rel or Path(path.split("!/")[-1]).name


@dataclass(frozen=True)
class Row:
    """One graded submission as the gradebook holds it."""

    id: int
    student: str
    path: str
    sha256: str
    status: str
    error: str | None
    score: float
    max_score: float
    duration: float
    graded_at: str
    seed: int
    results_json: str
    run_status: str = ""
    rel: str = ""
    lms_id: str = ""
    others: str = "[]"
    ambiguous: int = 0
    n_cell_errors: int = 0
    n_time_limits: int = 0
    n_memory_limits: int = 0
    n_crashes: int = 0

    @property
    def shown_path(self) -> str:
        """The file as a student may see it: relative to the folder graded, never absolute."""
        return shown_path(self.path, self.rel)

    @property
    def trouble(self) -> tuple[int, int, int, int]:
        """(cell errors, time limits, memory limits, crashes): `Results.trouble()` as it was
        counted when the row was recorded (`exports.TROUBLE_COLUMNS`)."""
        return (self.n_cell_errors, self.n_time_limits, self.n_memory_limits, self.n_crashes)

    @property
    def other_files(self) -> list[str]:
        return list(json.loads(self.others or "[]"))

    def results(self) -> Results:
        """The stored results, rebuilt (scores as graded: nothing is recomputed), decoded once
        for the life of this row: the exports and the summary share it, so none changes it
        (`exports.for_student` relabels a copy)."""
        return self._results

    @cached_property
    def _results(self) -> Results:
        return Results.from_dict(json.loads(self.results_json))


class Gradebook:
    """The sqlite gradebook of one assignment in one output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / FILENAME
        try:
            private_dir(folder)
            if not self.path.exists():  # sqlite's -wal and -shm files take the file's mode
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._init()
        except sqlite3.DatabaseError as exc:
            raise UsageError(
                "batch_error.not_usable_gradebook", path=self.path, why=str(exc)
            ) from None
        except OSError as exc:
            raise UsageError("batch_error.cannot_write", path=folder, why=os_reason(exc)) from None

    def _init(self) -> None:
        self.db.executescript(SCHEMA)  # idempotent: IF NOT EXISTS throughout
        with self.transaction():
            version = self.meta("schema_version")
            if version is None:
                self.set_meta("schema_version", str(SCHEMA_VERSION))
                self.set_meta("created_at", now())
            elif int(version) > SCHEMA_VERSION:
                raise UsageError("batch_error.written_by_newer_nngrade", path=self.path, v=version)
            elif int(version) < 2:
                self._upgrade_from_1()

    def _upgrade_from_1(self) -> None:
        """Schema 1 -> 2: the run status and trouble counts (from the stored results), the
        relative path, the student's other files and `dropped_run`; `latest` skips dropped rows."""
        have = {r[1] for r in self.db.execute("PRAGMA table_info(submissions)")}
        for name, kind in _NEW_COLUMNS_V2:
            if name not in have:
                self.db.execute(f"ALTER TABLE submissions ADD COLUMN {name} {kind}")
        for sid, data in list(self.db.execute("SELECT id, results_json FROM submissions")):
            results = Results.from_dict(json.loads(data))
            self.db.execute(
                "UPDATE submissions SET run_status = ?, n_cell_errors = ?, n_time_limits = ?,"
                " n_memory_limits = ?, n_crashes = ? WHERE id = ?",
                (results.run_status, *astuple(results.trouble()), sid),
            )
        self.db.execute(_LATEST_V1)
        self.db.execute("CREATE VIEW" + SCHEMA.split("CREATE VIEW", 1)[1].rstrip().rstrip(";"))
        self.set_meta("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and metadata --------------------------------------------------------

    class _Transaction:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> sqlite3.Connection:
            if self.db.in_transaction:  # left open by an interrupt between BEGIN and `with`
                self.db.execute("ROLLBACK")
            self.db.execute("BEGIN IMMEDIATE")
            return self.db

        def __exit__(self, kind: object, *rest: object) -> None:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")

    def transaction(self) -> Gradebook._Transaction:
        """All or nothing: `with gradebook.transaction(): ...`."""
        return self._Transaction(self.db)

    def meta(self, key: str) -> str | None:
        """A value of the `meta` table (schema_version, assignment, created_at)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def claim(self, assignment_id: str) -> None:
        """Tie this gradebook to one assignment; refuse to mix two in one folder."""
        with self.transaction():
            held = self.meta("assignment")
            if held is None:
                self.set_meta("assignment", assignment_id)
            elif held != assignment_id:
                raise UsageError(
                    "batch_error.holds_grades_not_use",
                    path=self.path,
                    held=held,
                    wanted=assignment_id,
                )

    def seed(self, asked: int | None, new: int) -> tuple[int, int | None]:
        """The gradebook's seed, and the one it replaced (None when none was replaced).

        The first run stores `asked` or `new`; later runs reuse the stored seed unless
        `asked` (`--seed`) differs, which then replaces it.
        """
        with self.transaction():
            held = self.meta("seed")
            stored = int(held) if held is not None else None
            seed = asked if asked is not None else stored if stored is not None else new
            if seed != stored:
                self.set_meta("seed", str(seed))
        return seed, stored if stored is not None and stored != seed else None

    # -- runs -----------------------------------------------------------------------------

    def start_run(
        self,
        *,
        assignment: str,
        assignment_version: str,
        tests_sha256: str,
        seed: int | None,
        backend: str,
        jobs: int,
        found: int,
    ) -> int:
        """Record the start of a run; returns its id. A run left `running` was killed."""
        with self.transaction():
            # A run that is still "running" was killed: say so, its rows are all complete.
            self.db.execute("UPDATE runs SET state = 'interrupted' WHERE state = 'running'")
            cur = self.db.execute(
                "INSERT INTO runs (started_at, state, assignment, assignment_version, tests_sha256,"
                " seed, nngrade_version, backend, jobs, found) VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now(),
                    assignment,
                    assignment_version,
                    tests_sha256,
                    seed,
                    __version__,
                    backend,
                    jobs,
                    found,
                ),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, *, state: str, skipped: int) -> None:
        """Close a run (its `graded` count grew with each `record`)."""
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at = ?, state = ?, skipped = ? WHERE id = ?",
                (now(), state, skipped, run_id),
            )

    # -- submissions ----------------------------------------------------------------------

    def known(self) -> set[Key]:
        """The keys whose latest grading stands (not one to retry): a run skips these."""
        latest: dict[Key, int] = {}
        for *key, retry in self.db.execute(
            "SELECT student, sha256, assignment_version, tests_sha256, retry"
            " FROM submissions ORDER BY id"
        ):
            latest[tuple(key)] = retry  # type: ignore[index]
        return {key for key, retry in latest.items() if not retry}

    def relocate(
        self, run_id: int, found: list[tuple[Key, str, float]], where: Sequence[Choice] = ()
    ) -> None:
        """Files found again unchanged (maybe elsewhere): keep their path, time and run current.

        where: for each of them, its place in the folder and the student's other files.
        """
        with self.transaction():
            self.db.executemany(
                "UPDATE submissions SET path = ?, mtime = ?, seen_run = ? WHERE student = ?"
                " AND sha256 = ? AND assignment_version = ? AND tests_sha256 = ?",
                [(path, mtime, run_id, *key) for key, path, mtime in found],
            )
            self._place(where)

    def _place(self, where: Sequence[Choice]) -> None:
        self.db.executemany(
            "UPDATE submissions SET rel = ?, lms_id = ?, others = ?, ambiguous = ?"
            " WHERE student = ? AND path = ? AND sha256 = ?",
            [
                (
                    c.counted.rel,
                    c.counted.lms_id,
                    json.dumps([o.rel for o in c.others], ensure_ascii=False),
                    int(c.ambiguous),
                    c.student,
                    c.counted.label,
                    c.counted.sha256,
                )
                for c in where
            ],  # fmt: skip
        )

    def reconcile(self, run_id: int, covers: Any, counted: set[tuple[str, str, str]]) -> int:
        """Stop counting the rows whose file this run looked for and did not grade or keep.

        covers(path) tells whether a recorded path lies under what this run was given;
        counted holds (student, path, sha256) of the files this run counts. A row that counts
        again (its file came back) is counted again. Returns how many rows stopped counting.
        """
        dropped = []
        revived = []
        for sid, student, path, sha, gone in self.db.execute(
            "SELECT id, student, path, sha256, dropped_run FROM submissions"
        ):
            key = (student, path, sha)
            if gone is None and covers(path) and key not in counted:
                dropped.append((run_id, sid))
            elif gone is not None and key in counted:
                revived.append((sid,))
        with self.transaction():
            self.db.executemany("UPDATE submissions SET dropped_run = ? WHERE id = ?", dropped)
            self.db.executemany("UPDATE submissions SET dropped_run = NULL WHERE id = ?", revived)
        return len(dropped)

    def dropped_in(self, run_id: int) -> list[tuple[str, str]]:
        """(student, file as shown) of the rows that stopped counting in run `run_id`, for a
        note that names who dropped out (issue 24)."""
        return [
            (student, shown_path(path, rel))
            for student, path, rel in self.db.execute(
                "SELECT student, path, rel FROM submissions WHERE dropped_run = ? ORDER BY student",
                (run_id,),
            )
        ]

    def record(
        self,
        run_id: int,
        results: Results,
        *,
        size: int,
        mtime: float,
        tests_sha256: str,
        duration: float,
        retry: bool = False,
        placed: Choice | None = None,
        data: dict[str, Any] | None = None,
    ) -> int:
        """Store one submission's results, all in one transaction; returns its row id.

        placed: the student's choice of files (`inputs.Choice`): where the graded file was in
        the folder graded, and the student's other files. data: `results.to_dict()` when the
        caller has it already (what a grader slot sent), so it is not made again.
        """
        sub = results.submission
        data = data if data is not None else results.to_dict()
        trouble = results.trouble()
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO submissions (run_id, seen_run, student, path, sha256, size, mtime, assignment,"
                " assignment_version, tests_sha256, seed, lang, nngrade_version, graded_at, status,"
                " error, score, max_score, duration, retry, results_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    run_id,
                    sub.student or "",
                    sub.path,
                    sub.sha256,
                    size,
                    mtime,
                    results.assignment,
                    results.assignment_version,
                    tests_sha256,
                    results.seed,
                    results.lang,
                    results.environment.get("nngrade", __version__),
                    now(),
                    results.status,
                    results.error_words,
                    results.score,
                    results.max_score,
                    round(duration, 4),
                    int(retry),
                    json.dumps(data, ensure_ascii=False),
                ),
            )
            sid = int(cur.lastrowid or 0)
            self.db.execute(
                "UPDATE submissions SET run_status = ?, n_cell_errors = ?, n_time_limits = ?,"
                " n_memory_limits = ?, n_crashes = ? WHERE id = ?",
                (results.run_status, *astuple(trouble), sid),
            )
            if placed is not None:
                self._place([placed])
            self.db.executemany(
                "INSERT INTO task_results VALUES (?, ?, ?, ?, ?, ?)",
                [(sid, t.name, t.description, t.points, t.earned, t.passed) for t in results.tasks],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO test_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        sid,
                        t.id,
                        t.name,
                        t.task,
                        t.points,
                        t.earned,
                        t.outcome,
                        t.message,
                        t.duration,
                        t.hidden,
                    )
                    for t in results.tests
                ],  # fmt: skip
            )
            self.db.executemany(
                "INSERT INTO cell_errors VALUES (?, ?, ?, ?)",
                [(sid, c.cell, c.ename, c.evalue) for c in results.cell_errors],
            )
            self.db.execute("UPDATE runs SET graded = graded + 1 WHERE id = ?", (run_id,))
        return sid

    # -- reading --------------------------------------------------------------------------

    _ROW = (
        "id, student, path, sha256, status, error, score, max_score, duration, graded_at, seed,"
        " results_json, run_status, rel, lms_id, others, ambiguous, n_cell_errors,"
        " n_time_limits, n_memory_limits, n_crashes"
    )

    def latest(self) -> list[Row]:
        """The latest submission of each student, by student."""
        rows = self.db.execute(f"SELECT {self._ROW} FROM latest ORDER BY student")
        return [Row(*r) for r in rows]

    def graded_in(self, run_id: int) -> set[int]:
        """The ids of the submissions a run graded."""
        return {
            r[0] for r in self.db.execute("SELECT id FROM submissions WHERE run_id = ?", (run_id,))
        }

    def count(self) -> int:
        """How many gradings the gradebook holds (history included)."""
        return int(self.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0])

    # -- the class summary (`summary.build_summary`) ------------------------------------------

    def task_rates(self) -> list[TaskRate]:
        """How the graded latest submissions did on each task, in the assignment's order."""
        return [
            TaskRate(name, points, int(passed), int(total), float(mean))
            for name, points, passed, total, mean in self.db.execute(
                "SELECT t.task, MAX(t.points), SUM(t.passed), COUNT(*), AVG(t.earned)"
                " FROM task_results t JOIN latest l ON l.id = t.submission_id"
                " WHERE l.status = 'graded' GROUP BY t.task ORDER BY MIN(t.rowid)"
            )
        ]

    def test_rates(self) -> list[TestRate]:
        """How the graded latest submissions did on each test, in the order first graded."""
        return [
            TestRate(test_id, task, points, int(passed), int(total))
            for test_id, task, points, passed, total in self.db.execute(
                "SELECT t.test_id, t.task, MAX(t.points), SUM(t.outcome = 'passed'), COUNT(*)"
                " FROM test_results t JOIN latest l ON l.id = t.submission_id"
                " WHERE l.status = 'graded' GROUP BY t.test_id ORDER BY MIN(t.rowid)"
            )
        ]

    def files_per_student(self) -> dict[str, int]:
        """Students with more than one counting file (runs over different folders): how many."""
        return {
            student: int(n)
            for student, n in self.db.execute(
                "SELECT student, COUNT(DISTINCT path) FROM submissions WHERE dropped_run IS NULL"
                " GROUP BY student HAVING COUNT(DISTINCT path) > 1 ORDER BY student"
            )
        }

    def cell_error_names(self) -> list[tuple[str, str]]:
        """(student, exception name) of every cell that raised in a latest submission."""
        return list(
            self.db.execute(
                "SELECT l.student, c.ename FROM cell_errors c"
                " JOIN latest l ON l.id = c.submission_id"
            )
        )

    def test_errors(self) -> list[tuple[str, str, str]]:
        """(student, outcome, message) of the visible tests of latest submissions that raised,
        timed out or crashed (a hidden test's message is never shown)."""
        return list(
            self.db.execute(
                "SELECT l.student, t.outcome, t.message FROM test_results t"
                " JOIN latest l ON l.id = t.submission_id"
                " WHERE t.outcome IN ('error', 'timeout', 'crashed') AND t.hidden = 0"
            )
        )

    def last_run(self) -> dict[str, Any] | None:
        """The latest row of `runs`, as a dict."""
        cur = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1")
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    # -- code, for the similarity report (issue 16) ------------------------------------------

    def store_sources(self, sources: Sequence[tuple[str, str, list[tuple[int, str]]]]) -> None:
        """Keep the code of files by sha256: (sha256, kind, [(cell index, source), ...])."""
        with self.transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO sources (sha256, kind, cells_json) VALUES (?, ?, ?)",
                [
                    (sha, kind, json.dumps(cells, ensure_ascii=False))
                    for sha, kind, cells in sources
                ],
            )

    def sources(self) -> dict[str, list[tuple[int, str]]]:
        """The code kept by `store_sources`, by sha256 (not the files known unreadable)."""
        return {
            sha: [(int(i), str(src)) for i, src in json.loads(cells)]
            for sha, cells in self.db.execute(
                "SELECT sha256, cells_json FROM sources WHERE kind != 'unreadable'"
            )
        }

    def source_shas(self) -> set[str]:
        """The files whose code is kept, or known to have none to keep (no code decoded)."""
        return {sha for (sha,) in self.db.execute("SELECT sha256 FROM sources")}

    def unreadable(self) -> set[str]:
        """The files known to have no code to compare (not a notebook or module that reads):
        the similarity report counts them as missing, without reading them again."""
        return {
            sha
            for (sha,) in self.db.execute("SELECT sha256 FROM sources WHERE kind = 'unreadable'")
        }


def private_dir(folder: Path) -> None:
    """Make `folder` (and missing parents) with DIR_MODE. A folder that exists already keeps
    its mode: `--out .` must not change the instructor's own folder."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):  # mkdir's mode is masked by the umask
        os.chmod(folder, DIR_MODE)


def set_mode(path: Path) -> None:
    """Give a file the batch's FILE_MODE (where the platform has modes)."""
    with contextlib.suppress(OSError):
        os.chmod(path, FILE_MODE)


def open_existing(folder: Path) -> Gradebook:
    """The gradebook in `folder`, which must exist (for `nngrade gradebook DIR`)."""
    if not (folder / FILENAME).is_file():
        raise UsageError("batch_error.no_gradebook_sqlite_run", path=folder, out=folder)
    return Gradebook(folder)


class FolderLock:
    """One `nngrade grade` at a time per output folder (an OS lock: a killed run frees it)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".gradebook.lock"
        self.handle: Any = None

    def __enter__(self) -> FolderLock:
        try:
            private_dir(self.path.parent)
            self.handle = open(self.path, "a+")  # noqa: SIM115 (held for the run)
        except OSError as exc:  # not writable, or a file where the folder should be
            why = os_reason(exc)
            raise UsageError("batch_error.cannot_write", path=self.path.parent, why=why) from None
        set_mode(self.path)
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock; sqlite still keeps the data sound
            return self
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            raise UsageError("batch_error.use_by_another_nngrade", path=self.path.parent) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(str(os.getpid()))
        self.handle.flush()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def tests_fingerprint(assignment_dir: Path, tests_dir: Path, hidden_dirs: Sequence[Path]) -> str:
    """sha256 over what decides a grade besides the submission: `assignment.toml` (tasks,
    points, limits), the assignment's tests and the `--tests` folders. A change to any of them
    makes the next run regrade everything, without a `--force`."""
    digest = hashlib.sha256()
    toml = assignment_dir / "assignment.toml"
    digest.update(b"assignment.toml\0" + toml.read_bytes() + b"\0")
    for label, folder in [
        ("tests", tests_dir),
        *((f"hidden{i}", d) for i, d in enumerate(hidden_dirs)),
    ]:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            rel = path.relative_to(folder)
            if any(part == "__pycache__" or part.startswith(".") for part in rel.parts):
                continue
            digest.update(f"{label}/{rel.as_posix()}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()
