"""Grading many submissions in parallel on this machine: N grader slots, one process each.

Why processes and not threads: `grade()` runs `pytest.main` in the grader, and pytest (its
collection, hooks and assertion rewriting), the `redirect_stdout` around it and the oracles'
NumPy calls are process-wide and mostly hold the GIL; measured on hw6, two threads graded no
faster than one (see benchmarks/bench_batch.py). So each slot is a process of its own, started
with `spawn` (no inherited state, works on every platform), that keeps one `Grader` (a warm
sandbox pool and the assignment's tests, collected once) for every submission it grades.

The main process hands each slot one submission at a time over a pipe and watches it: a slot
that dies or runs past the `--timeout` backstop is replaced, and its submission still gets a
row (error or timeout), so one submission never takes another down with it. Results come back
as `Results.to_dict()`: plain data, never objects built from student output. Once no
submission is left to hand out, each slot that is idle is told to leave at once, so it closes
its sandbox pool while the others finish their last submission.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeAlias

from nngrade.errors import NngradeError, SubmissionError
from nngrade.results import Note

if TYPE_CHECKING:
    from multiprocessing.context import SpawnContext

    from nngrade.assignment import Assignment
    from nngrade.grader import Grader
    from nngrade.results import Results, Status
    from nngrade.speculation import Made

    from .inputs import Entry

RECYCLE_AFTER = 500
"""A slot process is replaced after this many submissions: a safety valve for a MOOC-sized
class (measured flat on hw6: a slot stays at about 50 MB over 150 submissions)."""


@dataclass(frozen=True)
class GradingConfig:
    """What a grader slot needs, as plain data (it travels to other processes and machines)."""

    assignment_dir: str
    hidden_dirs: tuple[str, ...]
    seed: int
    lang: str
    timeout: float
    """Backstop seconds for one submission, over everything the sandbox limits already bound."""
    allow_unconfined: bool = False
    """The instructor accepts grading where student code cannot be confined (`--allow-unconfined`)."""


class Job(NamedTuple):
    """One submission to grade: the `index`-th file (`inputs.Entry`, itself plain data) of
    those the runner was given. No copy of the file's fields: it names them as the runners
    and slots read them."""

    index: int
    entry: Entry

    @property
    def path(self) -> str:
        """Where the file can be read now."""
        return str(self.entry.path)

    @property
    def label(self) -> str:
        """The path recorded in the results."""
        return self.entry.label

    @property
    def student(self) -> str:
        return self.entry.student

    @property
    def sha256(self) -> str:
        return self.entry.sha256


ResultsData: TypeAlias = dict[str, object]
"""`Results.to_dict()`: what crosses between processes and machines (plain JSON data)."""

Cells: TypeAlias = list[tuple[int, str]]
"""A submission's code cells as (cell index, source), as the slot parsed them: handed back with
its results so that the main process never reads the file again (the similarity report)."""


@dataclass(frozen=True)
class JobResults:
    """What came back for one job: its results as data, how long it took, and whether to try
    it again next run."""

    job: Job
    data: ResultsData
    duration: float
    retry: bool = False
    """The failure was nngrade's or the machine's, not the submission's: grade it again next run."""
    cells: Cells | None = None
    """The code the slot read (None when the file could not be read as a submission)."""


class SharedTables(NamedTuple):
    """Sealed tables of served calls answered ahead that other slots made
    (`speculation.take_made`), sent to a slot ahead of its next job (`speculation.adopt`):
    a class pays for each oracle run once, not once per slot. Grader data, between grader
    processes only."""

    made: Made


SHARED_BYTES = 32 * 2**20
"""The main process keeps the most recent shared tables up to this many bytes, for slots
started later (a replaced slot)."""


class Graded(NamedTuple):
    """What a slot makes of one file: its results as data, whether to retry, its code."""

    data: ResultsData
    retry: bool
    cells: Cells | None


_ASSIGNMENTS: dict[str, Assignment] = {}
"""The assignments this process loaded, by folder: each is loaded once per process (the main
process, each slot, each Dask worker), error rows included."""


def keep_assignment(assignment: Assignment) -> None:
    """An assignment the main process has loaded already: its error rows reuse it."""
    _ASSIGNMENTS[str(assignment.path)] = assignment


def forget_assignment(folder: str) -> None:
    """An assignment folder that is gone (a Dask worker's unpacked copy of a finished run)."""
    _ASSIGNMENTS.pop(folder, None)


def assignment_of(config: GradingConfig) -> Assignment:
    """The run's assignment, loaded once in this process."""
    folder = config.assignment_dir
    if folder not in _ASSIGNMENTS:
        from nngrade.assignment import load_assignment

        _ASSIGNMENTS[folder] = load_assignment(Path(folder))
    return _ASSIGNMENTS[folder]


# -- grading inside a slot (also used by the Dask workers) ----------------------------------


class SlotGrader:
    """Grades submissions one after another in this process with one `Grader`: a warm sandbox
    pool of one fork server and the assignment's tests collected once."""

    def __init__(self, config: GradingConfig) -> None:
        self.config = config
        self.assignment = assignment_of(config)
        self._grader: Grader | None = None

    def warm(self) -> Grader:
        """The grader, its pool started and its tests collected (once for the life of this
        process, or again after an internal error)."""
        if self._grader is None:
            from nngrade.grader import Grader

            self._grader = Grader(self.assignment, self.config.hidden_dirs, pool=1)
        self._grader.warm()  # a new pytest session, if a test ended the last one
        return self._grader

    def grade(
        self, path: str, *, label: str, student: str, sha256: str
    ) -> tuple[ResultsData, bool]:
        """Grade one file; returns (`Results.to_dict()`, retry). Never raises for a submission."""
        graded = self.grade_file(path, label=label, student=student, sha256=sha256)
        return graded.data, graded.retry

    def grade_file(self, path: str, *, label: str, student: str, sha256: str) -> Graded:
        """Grade one file; its results, whether to retry, and the code cells read from it
        (the one reading of the file in a batch). Never raises for a submission."""
        from nngrade.engine import grade
        from nngrade.submission import load_submission

        cfg = self.config
        retry = False
        cells: Cells | None = None
        try:
            grader = self.warm()
            submission = load_submission(Path(path))
            cells = [(c.index, c.source) for c in submission.cells]
            results = grade(submission, grader, seed=cfg.seed, lang=cfg.lang, student=student)
        except SubmissionError as exc:  # the file's fault: why, in the report's language
            why = Note("submission_error", {"path": label, "problem": exc.said})
            results = self._error(path, why, student, sha256)
        except NngradeError as exc:  # the submission's fault: a one-line reason for its row
            results = self._error(path, exc.note.replaced(str(path), label), student, sha256)
        except Exception as exc:  # nngrade's fault: still a row, and tried again next run
            why = Note("grade.internal", {"error": f"{type(exc).__name__}: {exc}"})
            results = self._error(path, why, student, sha256)
            retry = True
            self.close()  # the pool or the tests may be broken: fresh ones next time
        results.submission.path = label
        if not results.submission.sha256:
            results.submission.sha256 = sha256
        return Graded(results.to_dict(), retry, cells)

    def _error(self, path: str, message: str | Note, student: str, sha256: str) -> Results:
        from nngrade.engine import error_results

        return error_results(
            path,
            message,
            assignment=self.assignment,
            lang=self.config.lang,
            student=student,
            sha256=sha256,
            seed=self.config.seed,
        )

    def close(self) -> None:
        """End the grader's tests and pool (a broken one may fail to close, too)."""
        grader, self._grader = self._grader, None
        if grader is not None:
            with contextlib.suppress(Exception):
                grader.close()


def error_job_results(
    job: Job,
    config: GradingConfig,
    message: str | Note,
    *,
    status: Status,
    duration: float,
    retry: bool = True,
) -> JobResults:
    """The results of a job that was not graded (its grader died, ran out of time, or the file
    cannot be read), built in the main process. `retry`: grade it again on the next run."""
    from nngrade.engine import error_results

    results = error_results(
        job.label,
        message,
        assignment=assignment_of(config),
        status=status,
        lang=config.lang,
        student=job.student,
        sha256=job.sha256,
        seed=config.seed,
    )
    return JobResults(job, results.to_dict(), duration, retry=retry)


# -- the slot process -----------------------------------------------------------------------


def _slot_main(conn: Connection, config: GradingConfig) -> None:
    """A grader slot: build the grader once, then grade what the main process sends."""
    # Ctrl-C reaches the whole process group: the main process decides what stops, and how.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM from the main process: leave through `finally`, so the sandbox pool is closed.
    signal.signal(signal.SIGTERM, _leave)
    one_blas_thread()
    try:
        from nngrade import speculation

        speculation.share()
        grader = SlotGrader(config)
        _GRADER.append(grader)
        grader.warm()
    except BaseException as exc:
        conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        return
    try:
        conn.send(("ready", os.getpid()))
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):  # the main process is gone
                break
            if job is None:
                break
            if isinstance(job, GradingConfig):  # the run's seed, once its plan has chosen it
                grader.config = job
                continue
            if isinstance(job, SharedTables):
                speculation.adopt(job.made)
                continue
            started = time.perf_counter()
            graded = grader.grade_file(
                job.path, label=job.label, student=job.student, sha256=job.sha256
            )
            made = speculation.take_made()
            conn.send(("done", job.index, time.perf_counter() - started, graded, made))
    except (BrokenPipeError, EOFError, OSError):
        pass
    finally:
        grader.close()
    # Everything of the slot's is closed: leave without the interpreter's own teardown of
    # NumPy, pytest and the tests (issue 23: 0.2-1 s at the end of every run).
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(0)


def one_blas_thread() -> None:
    """Before NumPy is imported: one BLAS thread in this slot, unless the instructor set
    another count. The slots are the parallelism (`-j`); OpenBLAS's own threads only cost
    each slot about 60 ms of CPU at NumPy's import, beside the other slots (issue 23)."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


_GRADER: list[SlotGrader] = []
"""The grader of this slot process, for `_leave`."""


def _leave(*_: object) -> None:
    """SIGTERM: the main process stops this slot (Ctrl-C, --timeout).

    An exception would not do: pytest reports a SystemExit raised inside a test as that test's
    failure and goes on. So close the sandbox pool (bounded: a worker stuck in a loop may make
    it slow; the fork server dies with this process anyway) and leave at once. What breaks on
    the way out is expected, so none of it reaches the user's terminal.
    """
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)

    def close_all() -> None:
        for grader in _GRADER:
            grader.close()

    closing = threading.Thread(target=close_all, daemon=True)
    closing.start()
    closing.join(2.0)
    os._exit(143)


class _Slot:
    """The main process's handle on one grader slot."""

    def __init__(self, ctx: SpawnContext, config: GradingConfig) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_slot_main, args=(child, config), daemon=False)
        self.process.start()
        child.close()
        self.config = config
        """The config the slot grades with (it learns the seed with its first job)."""
        self.ready = False
        self.stopping = False
        """Asked to leave: it has no more work (its pipe is not waited on any more)."""
        self.job: Job | None = None
        self.started = 0.0
        self.done = 0
        self.made: Made = []
        """Tables this slot made, sent with its last results, not yet passed on."""
        self.inbox: Made = []
        """Tables the other slots made, for this one's next job."""

    def send(self, job: Job, config: GradingConfig) -> None:
        """Hand the slot a job, and first the run's config if it started before the run had
        its seed (`LocalRunner.start`), and the tables the other slots made since its last."""
        if config != self.config:
            self.conn.send(config)
            self.config = config
        if self.inbox:
            self.conn.send(SharedTables(self.inbox))
            self.inbox = []
        self.job, self.started = job, time.perf_counter()
        self.conn.send(job)

    def stop(self, *, force: bool) -> None:
        """Ask the slot to leave (or make it) and wait for it: no process is left behind."""
        self.ask_to_stop(force=force)
        self.join()

    def ask_to_stop(self, *, force: bool) -> None:
        if not self.process.is_alive():
            return
        if not force:
            if self.stopping:
                return
            try:
                self.conn.send(None)
                self.stopping = True
                return
            except OSError:
                pass
        self.process.terminate()  # SIGTERM: the slot closes its sandbox pool on the way out

    def join(self) -> None:
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


def stop_all(slots: Sequence[_Slot]) -> None:
    """Stop every slot at once (closing a sandbox pool takes a moment: do them side by side)."""
    for slot in slots:
        slot.ask_to_stop(force=slot.job is not None)
    for slot in slots:
        slot.join()


class Runner(Protocol):
    """Grades jobs somewhere: on grader processes here (`LocalRunner`) or on a Dask cluster
    (`dask_runner.DaskRunner`)."""

    def run(self, jobs: Sequence[Job]) -> Generator[JobResults, None, None]:
        """Grade the jobs, each exactly once, and yield the results of each as it completes
        (closing the generator stops the grading)."""
        ...


class LocalRunner:
    """Grades jobs on `slots` grader processes; `run()` yields the JobResults of each job as it completes."""

    def __init__(self, config: GradingConfig, slots: int) -> None:
        self.config = config
        self.slots = max(1, slots)
        self.ctx = multiprocessing.get_context("spawn")  # no inherited state, on every platform
        self._failed_starts = 0
        self._early: list[_Slot] = []
        self._leaving: list[_Slot] = []
        """Slots told to leave at the end of a run that went through, left to close while
        the caller writes its exports; `stop()` waits for them (issue 23)."""
        self._stopped_by_owner = False
        """`start()` was called: whoever started the slots calls `stop()` too."""
        self._shared: Made = []
        """The tables the slots made, the most recent up to `SHARED_BYTES`, for new slots."""

    def start(self) -> None:
        """Start every slot now, before the jobs (and the run's seed) are known: a slot takes
        seconds to warm (its fork server, pytest, the tests), which then overlap with finding
        the submissions and planning the run (issue 23). `run()` grades on them, gives each the
        config it has then with its first job, and stops those it has no job for; `stop()`
        stops them when no `run()` comes."""
        self._early += [_Slot(self.ctx, self.config) for _ in range(self.slots - len(self._early))]
        self._stopped_by_owner = True

    def stop(self) -> None:
        """Stop the slots `start()` started that no `run()` took (a run with nothing to grade,
        or one that failed before grading), and wait for those a finished run left closing:
        none is left behind."""
        early, self._early = self._early, []
        leaving, self._leaving = self._leaving, []
        for slot in early:  # still warming, most likely: they need not finish
            slot.ask_to_stop(force=True)
        for slot in [*early, *leaving]:
            slot.join()

    def run(self, jobs: Sequence[Job]) -> Generator[JobResults, None, None]:
        """Grade the jobs, each exactly once, and yield the results of each as it completes."""
        pending = deque(jobs)
        early, self._early = self._early, []
        started: list[_Slot] = list(early)  # every slot ever started: none outlives the run

        def new_slot() -> _Slot:
            started.append(_Slot(self.ctx, self.config))
            started[-1].inbox = list(self._shared)
            return started[-1]

        wanted = min(self.slots, len(pending))
        slots = early[:wanted]
        for spare in early[wanted:]:  # more slots than jobs: they need not finish warming
            spare.ask_to_stop(force=True)
        slots += [new_slot() for _ in range(wanted - len(slots))]
        finished = False
        try:
            while pending or any(s.job is not None for s in slots):
                self._hand_out(slots, pending)
                self._wait(slots)
                done: list[JobResults] = []
                kept = []
                try:
                    for slot in slots:
                        done += self._drain(slot)
                        lost = self._check(slot)
                        if lost is not None:
                            done.append(lost)
                        worn = slot.done >= RECYCLE_AFTER and slot.job is None
                        if slot.process.is_alive() and not worn:
                            kept.append(slot)
                            continue
                        slot.stop(force=False)
                        if pending:
                            kept.append(new_slot())
                except NngradeError:  # the slots cannot start: what came back still counts
                    yield from done
                    raise
                slots = kept
                self._pass_tables_on(slots)
                # The slots that just finished get their next job before the caller records
                # these results: a slot never waits on the gradebook (issue 23).
                self._hand_out(slots, pending)
                yield from done
            finished = True
        finally:
            live = [s for s in started if not s.conn.closed]
            if finished and self._stopped_by_owner:
                # Every slot is idle: each closes its pytest session and sandbox pool while
                # the caller writes its exports, and `stop()` waits for it (issue 23).
                for slot in live:
                    slot.ask_to_stop(force=False)
                self._leaving += live
            else:
                stop_all(live)

    def _hand_out(self, slots: list[_Slot], pending: deque[Job]) -> None:
        """Give each ready, idle slot the next job; one with nothing left to do is told to
        leave, so it closes while the others finish (issue 23)."""
        for slot in slots:
            if slot.stopping or not slot.ready or slot.job is not None:
                continue
            if not pending:
                slot.ask_to_stop(force=False)
                continue
            job = pending.popleft()
            try:
                slot.send(job, self.config)
            except OSError:  # it just died: the job goes back, the slot is replaced
                slot.job = None
                pending.appendleft(job)

    def _pass_tables_on(self, slots: list[_Slot]) -> None:
        """The tables a slot made go to every other slot's inbox (and are kept for new ones)."""
        for maker in slots:
            made, maker.made = maker.made, []
            if not made:
                continue
            for slot in slots:
                if slot is not maker:
                    slot.inbox += made
            self._shared += made
        size = 0
        for i in range(len(self._shared) - 1, -1, -1):
            table = self._shared[i][1]
            size += len(getattr(table, "table", b""))
            if size > SHARED_BYTES:
                del self._shared[: i + 1]
                break

    def _wait(self, slots: list[_Slot]) -> None:
        """Sleep until a slot says something, dies, or the first deadline passes (1 s at most)."""
        now = time.perf_counter()
        left = [s.started + self.config.timeout - now for s in slots if s.job is not None]
        timeout = max(0.0, min([*left, 1.0]))
        # A slot that was asked to leave is watched by its process only: its pipe's end would
        # wake this loop again and again until it is gone.
        pipes = [s.conn for s in slots if not s.stopping]
        wait(pipes + [s.process.sentinel for s in slots], timeout=timeout)

    def _drain(self, slot: _Slot) -> Iterator[JobResults]:
        """Handle every message the slot sent."""
        while not slot.stopping:
            try:
                if not slot.conn.poll():
                    return
                message = slot.conn.recv()
            except (EOFError, OSError):
                return
            kind = message[0]
            if kind == "fatal":
                raise NngradeError("batch_error.cannot_start_grader_process", why=message[1])
            if kind == "ready":
                slot.ready = True
                self._failed_starts = 0
            elif kind == "done":
                _, index, duration, graded, made = message
                job, slot.job = slot.job, None
                slot.done += 1
                slot.made += made
                if job is not None and job.index == index:
                    yield JobResults(job, graded.data, duration, graded.retry, graded.cells)

    def _check(self, slot: _Slot) -> JobResults | None:
        """The results of a slot's job when the slot died or ran past the backstop."""
        if not slot.process.is_alive():
            if not slot.ready:
                self._failed_starts += 1
                if self._failed_starts >= 3:
                    raise NngradeError(
                        "batch_error.grader_processes_keep_dying", code=slot.process.exitcode
                    )
            if slot.job is None:
                return None
            reason = Note("grade.died", {"code": slot.process.exitcode})
            return self._lose(slot, reason, "error")
        if slot.job is not None and time.perf_counter() - slot.started > self.config.timeout:
            slot.stop(force=True)
            why = Note("grade.backstop", {"seconds": f"{self.config.timeout:g}"})
            return self._lose(slot, why, "timeout")
        return None

    def _lose(self, slot: _Slot, reason: str | Note, status: Status) -> JobResults:
        job, slot.job = slot.job, None
        assert job is not None
        elapsed = time.perf_counter() - slot.started
        return error_job_results(job, self.config, reason, status=status, duration=elapsed)
