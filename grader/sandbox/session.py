"""`Sandbox`: one submission's worker, seen from the grader.

`start()` launches (or, with a pool, forks) the worker and runs the notebook's cells on a
background thread, one request per cell, so `nngrade submit` can import pytest while the
notebook runs. `run_report()` waits for that. Then `call`, `get`, `names` and `keras_model`
ask the worker, each under a wall-clock limit.

When a cell or a call hangs or crashes the worker, the worker is killed (its whole tree),
a fresh one is started, and the cells that ran before are run again (skipping the ones that
hung or crashed), so grading goes on with the next test. Restarts are bounded by
`Limits.max_restarts`; after that every request fails at once with `WorkerCrashed`.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .. import protocol
from ..results import CellError, LimitHit, Note
from . import worktime
from .failures import NotCallable, NotDefined, Refused, StudentError, StudentTimeout, WorkerCrashed
from .inside import confine
from .inside.sealed import Sealed
from .limits import Limits
from .process import (
    ForkServerHandle,
    SpawnServer,
    WorkerDied,
    WorkerProcess,
    WorkerTimedOut,
    cold_server,
    remove_tree,
)
from .report import Call, CellRun, RunReport

if TYPE_CHECKING:
    from ..submission import Submission
    from .pool import WorkerPool

_live: weakref.WeakSet[Sandbox] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """Close sandboxes the program forgot to close, so no worker outlives the grader."""
    for sandbox in list(_live):
        with contextlib.suppress(Exception):
            sandbox.close()


_MAX_REPLACEMENTS = 2
"""Fork servers one sandbox may replace after they failed before starting its worker."""


class Sandbox:
    """Runs one submission in a sandbox worker and answers the grader's requests about it."""

    def __init__(
        self,
        submission: Submission,
        limits: Limits | None = None,
        pool: WorkerPool | None = None,
        *,
        files: Iterable[str | Path] = (),
        caps: protocol.Caps | None = None,
        server: ForkServerHandle | SpawnServer | None = None,
    ) -> None:
        self.submission = submission
        self.limits = limits or Limits()
        self.pool = pool
        self.files = [Path(f) for f in files]
        self.caps = caps or protocol.DEFAULT_CAPS
        self._server: ForkServerHandle | SpawnServer | None = server
        """Without a pool: the sandbox's own fork server, from `process.cold_server()` when it was
        started before the submission was read (the sandbox closes it)."""
        self._worker: WorkerProcess | None = None
        self._restarts = 0
        self._replacements = 0
        """Fork servers replaced because they failed before a worker started (not charged)."""
        self._timed_out: dict[str, float] = {}
        self._skip: set[int] = set()
        self._ran: list[int] = []
        self._report: RunReport | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.RLock()
        self._closed = False
        self._models = 0
        self._model_dir: str | None = None
        self._made_shell = False
        """A worker made its IPython shell (a cell only IPython reads, or `get_ipython()`)."""
        self._where = "your notebook" if submission.kind == "notebook" else "your module"
        self._watchdog = worktime.Watchdog(confine.kill_group)
        self.limit_hits: list[LimitHit] = []
        """Every limit that applied, cells and calls, in order."""
        self.spellings: list[dict[str, Any]] = []
        """Removed library spellings the code used and the worker ran as today's, once each:
        {old, new, library, cell, line}."""
        self._signatures: dict[str, Signature] | None = None
        self._serving_used = 0.0
        """CPU seconds the grader spent serving trusted functions in this test (issue 20)."""
        self._test_deadline: float | None = None
        """When the current test's wall bound (`Limits.test_wall_seconds`) runs out."""

    def new_test(self) -> None:
        """A test starts: its serving budget (`Limits.serving_seconds`) is whole again, and
        its wall bound (`Limits.test_wall_seconds`) starts."""
        self._serving_used = 0.0
        self._test_deadline = time.monotonic() + self.limits.test_wall_seconds

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Launch the worker and start running the cells in the background; returns at once."""
        if self._thread is not None:
            return self
        confine.protect_grader()
        _live.add(self)
        self._started = time.monotonic()
        self._worker = self._new_worker()
        self._thread = threading.Thread(
            target=self._run_notebook, name="nngrade-notebook", daemon=True
        )
        self._thread.start()
        return self

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the worker's whole process tree and remove its files. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._thread is not None and self._thread.is_alive():
            worker = self._worker
            if worker is not None and worker.pid is not None:
                confine.kill_group(worker.pid)  # the notebook thread sees it die and stops
            self._thread.join(timeout=30)
        self._kill_worker()
        self._watchdog.close()
        if self._server is not None:
            if self.pool is not None:
                if self._made_shell:  # IPython read a cell: the pool's next workers have it
                    self.pool.add_preload("IPython")
                self.pool.release(self._server)
            else:
                self._server.close()
            self._server = None
        if self._model_dir is not None:
            remove_tree(self._model_dir)

    @property
    def confinement(self) -> str:
        """How the worker is confined, in a few words (for the report's environment)."""
        return self._server.confinement if self._server is not None else "not started"

    @property
    def confinement_kind(self) -> str:
        """`bubblewrap`, `uid` or `none`: the results' record of it (issue 22)."""
        from . import uidjail

        return uidjail.kind_of(self._server)

    # --- workers -------------------------------------------------------------------------

    def _new_worker(self) -> WorkerProcess:
        if self._server is None or not self._server.alive:
            if self._server is not None:
                if self.pool is not None:
                    self.pool.release(self._server)
                else:
                    self._server.close()
            self._server = self.pool.acquire() if self.pool is not None else cold_server()
        # The worker imports NumPy before any cell (`protocol.numpy_bindings`), so a cold one
        # loads it while the grader imports pytest; it no longer warms up what the notebook
        # may not use (the pool's preload does: `np.random`, 15 ms of a cold submit; issue 23).
        config = {
            "limits": self.limits.to_dict(),
            "preload": [],
            "caps": self.caps.__dict__,
            "max_output_bytes": self.limits.max_output_bytes,
            "module_file": self.submission.path.name if self.submission.kind == "module" else None,
        }
        try:
            return self._server.fork(config, files=self.files)
        except WorkerDied:
            # The fork server could not take the request: replace it and ask the new one
            # (issue 20: a slot's failure is never the student's).
            if self._server.alive or self._replacements >= _MAX_REPLACEMENTS:
                raise
            self._replacements += 1
            return self._new_worker()

    def _server_failed(self, worker: WorkerProcess) -> bool:
        """The fork server died before it started `worker`: the student did nothing yet (an
        earlier student of the slot, or the machine, broke it), so it must not cost them."""
        server = self._server
        return (
            worker.pid is None
            and server is not None
            and not server.alive
            and self._replacements < _MAX_REPLACEMENTS
        )

    def _replace_server(self) -> WorkerProcess:
        """A new fork server (the slot's is given back and replaced) and a worker on it, with
        the cells that ran before run again; neither counts as a restart (issue 20)."""
        self._replacements += 1
        with self._lock:
            self._worker = None
        worker = self._new_worker()  # the dead server is released and a fresh one acquired
        with self._lock:
            self._worker = worker
        for index in self._ran:
            if index not in self._skip:
                self._request_cell(worker, index, self.limits.cell_timeout)
        return worker

    def _kill_worker(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None and self._server is not None:
            self._server.end(worker)

    def _restart(self) -> WorkerProcess:
        """A fresh worker with the cells that ran before run again; WorkerDied when out of restarts."""
        while True:
            self._kill_worker()
            if self._closed:
                raise WorkerDied("worker_died.closed")
            if self._restarts >= self.limits.max_restarts:
                raise WorkerDied("worker_died.restarts", n=self._restarts + 1)
            self._restarts += 1
            worker = self._new_worker()
            with self._lock:
                self._worker = worker
            replaying = None
            try:
                for replaying in self._ran:
                    if replaying not in self._skip:
                        self._request_cell(worker, replaying, self.limits.cell_timeout)
                return worker
            except (WorkerTimedOut, WorkerDied, _OverLimit):
                if replaying is not None:
                    self._skip.add(replaying)  # it behaves differently this time; leave it out

    def _live_worker(self) -> WorkerProcess:
        with self._lock:
            worker = self._worker
        return worker if worker is not None else self._restart()

    def _request_cell(self, worker: WorkerProcess, index: int, timeout: float) -> dict[str, Any]:
        header, _, _ = self._request_cell_measured(worker, index, timeout)
        return header

    def _request_cell_measured(
        self, worker: WorkerProcess, index: int, limit: float
    ) -> tuple[dict[str, Any], list[memoryview], worktime.Measure]:
        cell = self.submission.cell(index)
        assert cell is not None
        if self.submission.kind == "notebook":
            filename, source = f"<cell {index}>", cell.source
        else:
            # A module's statement keeps its line numbers: tracebacks name the file's lines.
            filename, source = self.submission.path.name, "\n" * (index - 1) + cell.source
        return self._measured(
            worker,
            {"op": "run", "cell": index, "source": source, "filename": filename},
            [],
            limit,
        )

    # --- work-time limits (issue 13) -----------------------------------------------------

    def _measured(
        self,
        worker: WorkerProcess,
        header: dict[str, Any],
        buffers: list[bytes],
        limit: float,
        *,
        backstop: float | None = None,
        serve: Serve | None = None,
    ) -> tuple[dict[str, Any], list[memoryview], worktime.Measure]:
        """One request under a work-time `limit` (CPU time plus time asleep), with a
        wall-clock backstop; `_OverLimit` (a `WorkerTimedOut`) when either ran out. The
        worker's reverse calls for trusted functions are answered within the same limits."""
        if backstop is None:
            backstop = worktime.backstop(limit, self.limits.wall_factor)
        with self._watchdog.watch(lambda: worker.pid, limit, backstop) as measure:
            try:
                reply, reply_buffers = worker.request(header, buffers, timeout=backstop)
                reply, reply_buffers = self._serve_trusted(
                    worker, reply, reply_buffers, serve, measure
                )
                self._note_spellings(reply.get("spellings"))
                self._made_shell = self._made_shell or reply.get("shell") is True
            except WorkerTimedOut:
                measure.exceeded = measure.exceeded or "wall"
                raise _OverLimit(measure) from None
            except WorkerDied:
                if measure.exceeded:  # the watchdog killed it
                    raise _OverLimit(measure) from None
                raise
        return reply, reply_buffers, measure

    def _note_spellings(self, used: Any) -> None:
        """Keep the worker's account of removed spellings it ran, as plain checked data."""
        if type(used) is not list:
            return
        seen = {u["old"] for u in self.spellings}
        for item in used[:10]:
            if type(item) is not dict:
                continue
            old, new, library = (str(item.get(k, ""))[:40] for k in ("old", "new", "library"))
            if not old or old in seen:
                continue
            filename, line = str(item.get("filename", "")), item.get("line")
            cell: int | None = None
            if self.submission.kind == "notebook" and filename.startswith("<cell "):
                with contextlib.suppress(ValueError):
                    cell = int(filename[6:-1])
            line = line if type(line) is int and line > 0 else None
            if self.submission.kind == "module" and line is not None:
                cell = None
            seen.add(old)
            self.spellings.append(
                {"old": old, "new": new, "library": library, "cell": cell, "line": line}
            )

    # Issue 12: what the sandbox says is data (`Note`: a catalog key and its fields), which
    # the report writes in its language; `CellError.evalue` keeps the English.

    def _where_cell(self, index: int) -> Note:
        """ "cell 4" for a notebook, "the statement at line 40" for a module."""
        if self.submission.kind == "notebook":
            return Note("limit.where.cell", {"n": index})
        return Note("limit.where.statement", {"n": index})

    def _units(self, indices: list[int]) -> Note:
        """ "cells 3–5 were" for a notebook, "the statements at lines 12 and 40 were" for a module."""
        one = len(indices) == 1
        if self.submission.kind == "notebook":
            return Note("units.cell" if one else "units.cells", {"n": _joined(_ranges(indices))})
        parts = [str(i) for i in indices]
        return Note("units.statement" if one else "units.statements", {"n": _joined(parts)})

    def _whole(self) -> Note:
        """ "notebook" or "module"."""
        return Note(f"limit.whole.{'notebook' if self.submission.kind == 'notebook' else 'module'}")

    def _stopped_because(
        self, index: int, measure: worktime.Measure, limit: float, what: Note
    ) -> Note:
        """How a cell was stopped: its work limit, or the wall-clock backstop."""
        if measure.exceeded == "wall":
            fields = {"wall": f"{measure.wall:.3g}", "work": f"{measure.work:.3g}"}
            fields |= {"seconds": f"{limit:g}"}
            key = "cell_error.stopped_wall"
        else:
            fields, key = {"seconds": f"{limit:.3g}"}, "cell_error.stopped_work"
        return Note(key, {"where": self._where_cell(index), **fields, "what": what, "later": ""})

    def _worker_note(self, item: Any) -> Note | None:
        """A note the worker sent (a `!pip` line not run, ...), checked: it is untrusted data."""
        if type(item) is not dict:
            return None
        key = _WORKER_NOTES.get(str(item.get("why")))
        cell, line = item.get("cell"), item.get("line")
        if key is None or type(cell) is not int:
            return None
        where = (
            Note("spelling_where_cell", {"line": line, "cell": cell})
            if type(line) is int and line > 0
            else Note("limit.where.cell", {"n": cell})
        )
        if self.submission.kind == "module" and type(line) is int and line > 0:
            where = Note("spelling_where_line", {"line": line})
        fields = {"where": where, "code": str(item.get("code", ""))[:200]}
        # issue 21: a bounded fit says how far it ran
        fields |= {k: item[k] for k in ("ran", "steps") if type(item.get(k)) is int}
        return Note(key, fields)

    # --- the notebook run ----------------------------------------------------------------

    def _run_notebook(self) -> None:
        report = RunReport()
        self._notebook_work = 0.0
        self._notebook_waited = 0.0  # wall time the cells waited for a core: not counted
        wall_end = self._started + worktime.backstop(
            self.limits.notebook_timeout, self.limits.wall_factor
        )
        out_of_time: list[int] = []
        wall_ran_out = False  # the backstop, not the work budget, left cells out
        gave_up: list[int] = []
        reason = Note("worker_died.unknown")
        try:
            for cell in self.submission.cells:
                if self._closed:
                    break
                remaining = self.limits.notebook_timeout - self._notebook_work
                if remaining <= 0 or time.monotonic() - self._notebook_waited >= wall_end:
                    out_of_time.append(cell.index)
                    wall_ran_out = wall_ran_out or remaining > 0
                    continue
                try:
                    worker = self._live_worker()
                except WorkerDied as e:
                    gave_up.append(cell.index)
                    reason = e.note
                    continue
                self._run_one(report, worker, cell.index, remaining)
        finally:
            if out_of_time:
                report.timed_out = True
                report.notes.append(
                    Note(
                        "note.out_of_time",
                        {
                            "units": self._units(out_of_time),
                            "whole": self._whole(),
                            "seconds": f"{self.limits.notebook_timeout:g}",
                        },
                    )
                )
                report.limits.append(
                    LimitHit(
                        "wall_clock" if wall_ran_out else "notebook_timeout",
                        round(wall_end - self._started, 3)
                        if wall_ran_out
                        else self.limits.notebook_timeout,
                        "s" if wall_ran_out else "work s",
                        cell=out_of_time[0],
                        used=round(self._notebook_work, 3),
                    )
                )
            if gave_up:
                report.notes.append(
                    Note(
                        "note.gave_up",
                        {
                            "units": self._units(gave_up),
                            "whole": self._whole(),
                            "reason": reason,
                        },
                    )
                )
                report.limits.append(
                    LimitHit("max_restarts", self.limits.max_restarts, "restarts", cell=gave_up[0])
                )
            report.cells.extend(CellRun(i, "not run") for i in out_of_time + gave_up)
            report.cells.sort(key=lambda c: c.cell)
            _finish_timeout_messages(report, self.submission.kind)
            self.limit_hits[:0] = report.limits
            report.restarts = self._restarts
            report.duration = time.monotonic() - self._started
            self._report = report

    def _run_one(
        self, report: RunReport, worker: WorkerProcess, index: int, remaining: float
    ) -> None:
        timeout = min(self.limits.cell_timeout, remaining)
        started = time.monotonic()
        own_limit = timeout >= self.limits.cell_timeout
        try:
            reply, _, measure = self._request_cell_measured(worker, index, timeout)
        except _OverLimit as over:
            self._notebook_work += over.measure.work
            self._notebook_waited += over.measure.waited
            self._skip.add(index)
            self._kill_worker()
            unit = "cell" if self.submission.kind == "notebook" else "statement"
            what = (
                Note("cell_error.own_limit", {"unit": Note(f"limit.unit.{unit}")})
                if own_limit
                else Note(
                    "cell_error.whole_ran_out",
                    {"whole": self._whole(), "seconds": f"{self.limits.notebook_timeout:g}"},
                )
            )
            if over.measure.exceeded == "wall":
                hit = LimitHit("wall_clock", over.measure.backstop, "s", cell=index)
            elif own_limit:
                hit = LimitHit("cell_timeout", self.limits.cell_timeout, "work s", cell=index)
            else:
                hit = LimitHit(
                    "notebook_timeout", self.limits.notebook_timeout, "work s", cell=index
                )
            hit.used = round(over.measure.work, 3)
            report.limits.append(hit)
            report.cells.append(CellRun(index, "timeout", time.monotonic() - started))
            report.errors.append(
                self._cell_error(
                    index,
                    "Timeout",
                    reason=self._stopped_because(index, over.measure, timeout, what),
                )
            )
            return
        except WorkerDied as e:
            if self._server_failed(worker):
                try:
                    worker = self._replace_server()
                except (WorkerTimedOut, WorkerDied):
                    pass
                else:
                    self._run_one(report, worker, index, remaining)
                    return
            self._skip.add(index)
            self._kill_worker()
            if e.note.key in _CPU_DEATHS:
                report.limits.append(
                    LimitHit("cpu_seconds", self.limits.cpu_seconds, "work s", cell=index)
                )
            report.cells.append(CellRun(index, "crashed", time.monotonic() - started))
            crashed = Note(
                "cell_error.crashed",
                {
                    "where": self._where_cell(index),
                    "whole": self._whole(),
                    "reason": e.note,
                    "later": "",
                },
            )
            report.errors.append(self._cell_error(index, "Crash", reason=crashed))
            return
        self._notebook_work += measure.work
        self._notebook_waited += measure.waited
        self._ran.append(index)
        output = reply.get("output") or {}
        error = reply.get("error")
        report.cells.append(
            CellRun(
                index,
                "error" if error else "ok",
                float(reply.get("duration") or 0.0),
                str(output.get("stdout", "")),
                str(output.get("stderr", "")),
                int(output.get("dropped", 0)),
            )
        )
        if int(output.get("dropped", 0)) > 0:
            report.limits.append(
                LimitHit("max_output_bytes", self.limits.max_output_bytes, "bytes", cell=index)
            )
        notes = reply.get("notes")
        for item in notes[:20] if type(notes) is list else []:
            if (note := self._worker_note(item)) is not None and note not in report.notes:
                report.notes.append(note)
        if error:
            report.errors.append(
                self._cell_error(
                    index,
                    str(error.get("ename", "Exception")),
                    str(error.get("evalue", "")),
                    [str(line) for line in error.get("traceback") or []],
                )
            )

    def _cell_error(
        self,
        index: int,
        ename: str,
        evalue: str = "",
        traceback: list[str] | None = None,
        *,
        reason: Note | None = None,
    ) -> CellError:
        """A cell's error: the code's own (`evalue`), or one nngrade made (`reason`, whose
        English is the `evalue`)."""
        return CellError(
            cell=index,
            ename=ename,
            evalue=reason.in_language("en") if reason is not None else evalue,
            traceback=traceback or [],
            defines=self.submission.names_defined_by(index),
            reason=reason,
        )

    def run_report(self) -> RunReport:
        """Block until every cell has run (or been stopped); the report of the run."""
        if self._thread is None:
            self.start()
        assert self._thread is not None
        self._thread.join()
        assert self._report is not None
        return self._report

    # --- requests ------------------------------------------------------------------------

    def _ask(
        self,
        name: str,
        header: dict[str, Any],
        buffers: list[bytes],
        timeout: float | None,
        serve: Serve | None = None,
    ) -> tuple[dict[str, Any], list[memoryview], float]:
        """Send a request to a live worker (restarting it if need be); map failures to exceptions."""
        if self._report is None:  # the cells still run (set last thing on their thread)
            self.run_report()
        if self._closed:
            raise WorkerCrashed(name, Note("worker_died.closed"))
        seconds = self.limits.call_timeout if timeout is None else timeout
        backstop = worktime.backstop(seconds, self.limits.wall_factor)
        if self._test_deadline is not None:
            # Issue 20: a test's requests together have a wall bound too.
            left = self._test_deadline - time.monotonic()
            if left <= 0:
                self.limit_hits.append(
                    LimitHit("wall_clock", self.limits.test_wall_seconds, "s", name=name or None)
                )
                raise StudentTimeout(name, seconds, test_wall=True)
            backstop = min(backstop, left)
        try:
            worker = self._live_worker()
        except WorkerDied as e:
            raise WorkerCrashed(name, e.note) from None
        started = time.monotonic()
        try:
            reply, reply_buffers, measure = self._measured(
                worker, header, buffers, seconds, serve=serve, backstop=backstop
            )
        except _OverLimit as over:
            self._kill_worker()
            wall = over.measure.exceeded == "wall"
            if over.measure.exceeded == "serving":
                hit = LimitHit(
                    "serving_seconds",
                    self.limits.serving_seconds,
                    "s",
                    name=name or None,
                    used=round(self._serving_used, 3),
                )
            else:
                hit = LimitHit(
                    "wall_clock" if wall else "call_timeout",
                    over.measure.backstop if wall else seconds,
                    "s" if wall else "work s",
                    name=name or None,
                    used=round(over.measure.work, 3),
                )
            self.limit_hits.append(hit)
            raise StudentTimeout(name, seconds) from None
        except WorkerDied as e:
            if self._server_failed(worker):
                try:
                    self._replace_server()
                except (WorkerTimedOut, WorkerDied):
                    pass
                else:
                    return self._ask(name, header, buffers, timeout, serve)
            self._kill_worker()
            if e.note.key in _CPU_DEATHS:
                self.limit_hits.append(
                    LimitHit("cpu_seconds", self.limits.cpu_seconds, "work s", name=name or None)
                )
            raise WorkerCrashed(name, e.note) from None
        elapsed = time.monotonic() - started
        if reply.get("op") == "failed":
            raise self._failure(name, reply)
        return reply, reply_buffers, elapsed

    def _serve_trusted(
        self,
        worker: WorkerProcess,
        reply: dict[str, Any],
        buffers: list[memoryview],
        serve: Serve | None,
        measure: worktime.Measure,
    ) -> tuple[dict[str, Any], list[memoryview]]:
        """Answer the worker's reverse calls ("trusted": see `call`) until the call's own reply.

        Only data crosses: the worker's stand-in sends the arguments, `serve` computes with
        the grader's trusted function, and its value goes back as data. The time the grader
        spends on an answer is charged to neither of the worker's clocks (`Measure.served`):
        on a busy machine the grader is slower too, and that must not cost the student. It is
        charged to the test's serving budget instead (`Limits.serving_seconds`, issue 20):
        past it the call stops (`_OverLimit`, "serving") and the limit is reported.
        """
        while reply.get("op") == "trusted":
            if self._serving_used >= self.limits.serving_seconds:
                # Serving has its own budget: the grader's time is not the student's, but a
                # student whose calls make serving slow must not hold the slot unbounded.
                measure.exceeded = "serving"
                raise _OverLimit(measure)
            serving, serving_cpu = time.monotonic(), time.thread_time()
            answer: dict[str, Any] = {"op": "trusted_failed", "why": "nngrade has no such function"}
            answer_buffers: list[bytes] = []
            name = reply.get("name")
            if serve is not None and type(name) is str:
                try:
                    args = protocol.decode(reply.get("args"), buffers, self.caps)
                    enc = protocol.Encoder(self.caps)
                    value = enc.encode(serve(name, list(args)))
                    answer, answer_buffers = {"op": "trusted_value", "value": value}, enc.buffers
                except Exception as e:  # the arguments did not suit the trusted function
                    answer = {"op": "trusted_failed", "why": f"{type(e).__name__}: {e}"}
            measure.served += time.monotonic() - serving
            # The budget counts this thread's CPU time, as the student's limits count work:
            # the same serving costs the same on a busy machine (the test's wall bound and the
            # argument checks bound the rest).
            self._serving_used += time.thread_time() - serving_cpu
            reply, buffers = worker.request(
                answer, answer_buffers, timeout=max(measure.backstop - measure.wall, 0.001)
            )
        return reply, buffers

    def _failure(self, name: str, reply: dict[str, Any]) -> Exception:
        kind = reply.get("kind")
        if kind == "not_defined":
            cell = self.submission.defines.get(name)
            report = self._report
            return NotDefined(
                name,
                cell=cell,
                cell_error=report.error_for(cell) if report and cell else None,
                cell_status=(
                    report.cell(cell).status if report and cell and report.cell(cell) else None
                ),
                where=self._where,
            )
        if kind == "not_callable":
            return NotCallable(name, str(reply.get("what", "value")), where=self._where)
        if kind == "raised":
            return StudentError(
                name,
                str(reply.get("ename", "Exception")),
                str(reply.get("evalue", "")),
                [str(line) for line in reply.get("traceback") or []],
            )
        verb = "is" if reply.get("request") == "get" else "returned"
        why = str(reply.get("why", "a value nngrade cannot read"))
        return Refused(name, why, verb=verb, said=_refusal(reply.get("key"), reply.get("fields")))

    def _decode(
        self, name: str, encoded: Any, buffers: list[memoryview], verb: str = "returned"
    ) -> Any:
        try:
            return protocol.decode(encoded, buffers, self.caps)
        except protocol.Unsupported as e:
            raise Refused(name, str(e), verb=verb, said=_refusal(e.key, e.fields)) from None
        except protocol.ProtocolError as e:
            said = Note("refused.unreadable_because", {"error": str(e)})
            raise Refused(name, said.in_language("en"), verb=verb, said=said) from None

    def _encode_args(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any, Any, list[bytes]]:
        enc = protocol.Encoder(self.caps)
        try:
            return enc.encode(args), enc.encode(kwargs), enc.buffers
        except protocol.Unsupported as e:
            raise TypeError(f"an argument cannot be sent to the sandbox: {e}") from None

    def names(self) -> dict[str, str]:
        """The names the submission defined, and what each holds ("function", "ndarray", ...)."""
        reply, _, _ = self._ask("", {"op": "names"}, [], None)
        self._signatures = _plain_signatures(reply.get("signatures"))
        names = reply.get("names")
        if type(names) is not dict:
            return {}
        return {str(k): str(v) for k, v in names.items()}

    def signatures(self) -> dict[str, Signature]:
        """Each plain function's parameters and the globals it reads and writes (asked once)."""
        if self._signatures is None:
            self.names()
        return self._signatures or {}

    def call(
        self,
        name: str,
        /,
        *args: Any,
        want_args: bool = False,
        timeout: float | None = None,
        bind_globals: dict[str, Any] | None = None,
        cap_loop: int | None = None,
        trusted: dict[str, list[list[str]]] | None = None,
        serve: Serve | None = None,
        trusted_calls: int = 200,
        sealed: Sealed | None = None,
        returns: list[list[str]] | None = None,
        **kwargs: Any,
    ) -> Call:
        """Call the student's `name(*args, **kwargs)` in the worker, on fresh copies of the arguments.

        A function that timed out once is not called again in this run: each further call
        fails at once with `StudentTimeout(earlier=True)`, so one endless loop costs one
        time limit, not one per test.

        For the lecture's global style: `bind_globals` are set as globals of the submission for
        this call and read back after it (`call.globals_after`, `call.mutated` names them as
        "global NAME"); `cap_loop` cuts the function's own first `range(...)` loop to that many
        iterations (`call.loop` says what it found).

        One bug costs one task: `trusted` names student functions (submission name -> recipe)
        that a stand-in replaces during the call; the stand-in gathers the template's
        arguments (recipe: ["param", name] or ["global", name] for each) and sends them to
        the grader, where `serve(name, args)` computes the trusted value that it returns.
        After `trusted_calls` such reverse calls in this call, the stand-in raises instead
        (each costs a round trip between processes, about 0.1–0.7 ms). `sealed`
        (`nngrade.speculation`) carries answers ahead: a stand-in's call found there is
        answered in the worker, without the round trip.

        `returns` (issue 21): for a method ("MLP.fit") that returns None or its instance, the
        value is the tuple of the instance's attributes named by each list (the first name
        of each list that it has); `call.attributes` then names them.
        """
        if name in self._timed_out:
            raise StudentTimeout(name, self._timed_out[name], earlier=True)
        table = sealed.table_array() if sealed is not None and trusted else None
        args_enc, kwargs_enc, buffers = self._encode_args(
            (*args, bind_globals or {}, table), kwargs
        )
        table_enc = args_enc["tuple"].pop()  # one encoder: the table and the globals share
        globals_enc = args_enc["tuple"].pop()  # the arguments' buffers
        header = {
            "op": "call",
            "name": name,
            "args": args_enc,
            "kwargs": kwargs_enc,
            "want_args": want_args,
        }
        if bind_globals or cap_loop is not None:
            header["globals"] = globals_enc
            header["cap_loop"] = cap_loop
        if trusted:
            header["trusted"] = trusted
            header["trusted_calls"] = trusted_calls
            if table is not None:
                header["sealed"] = {**sealed.fields(), "table": table_enc}
        if returns:  # issue 21: a method that keeps its answer on its instance
            header["returns"] = returns
        try:
            reply, reply_buffers, elapsed = self._ask(name, header, buffers, timeout, serve)
        except StudentTimeout as exc:
            if not exc.test_wall:  # the test's time ran out, not this function's
                self._timed_out[name] = exc.seconds
            raise
        value = self._decode(name, reply.get("value"), reply_buffers)
        mutated, after = self._check_mutations(
            name, args, kwargs, reply.get("after") or [], reply_buffers
        )
        call = Call(
            value=value,
            mutated=mutated,
            duration=elapsed,
            stdout=str((reply.get("output") or {}).get("stdout", "")),
        )
        attributes = reply.get("returned_attributes")
        if type(attributes) is list and all(type(a) is str for a in attributes):
            call.attributes = tuple(attributes)
        if want_args:
            call.args_after = tuple(after.get(i, a) for i, a in enumerate(args))
            call.kwargs_after = {k: after.get(k, v) for k, v in kwargs.items()}
        if "globals_after" in reply:
            self._read_back_globals(name, call, bind_globals or {}, reply, reply_buffers)
        return call

    def _read_back_globals(
        self,
        name: str,
        call: Call,
        sent: dict[str, Any],
        reply: dict[str, Any],
        buffers: list[memoryview],
    ) -> None:
        """The bound globals as the call left them, compared here with what was sent."""
        items = reply.get("globals_after")
        for item in items if type(items) is list else []:
            if type(item) is not list or len(item) != 3 or item[0] not in sent:
                continue
            key, encoded = str(item[0]), item[1]
            value = None if encoded is None else self._decode(name, encoded, buffers)
            call.globals_after[key] = value
            same = encoded is not None and protocol.fingerprint(
                value, self.caps
            ) == protocol.fingerprint(sent[key], self.caps)
            if not same:
                call.mutated = (*call.mutated, f"global {key}")
        loop = reply.get("loop")
        if type(loop) is dict and loop.get("found") is True:
            call.loop = {k: int(loop[k]) for k in ("length", "ran") if type(loop.get(k)) is int}
        elif type(loop) is dict:
            call.loop = {}

    def forget_timeout(self, name: str) -> None:
        """Call `name` again after a timeout (for a call the grader chose to make, such as a
        test run again with trusted functions served, whose timeout is not the student's)."""
        self._timed_out.pop(name, None)

    def _check_mutations(
        self,
        name: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        after: list[Any],
        buffers: list[memoryview],
    ) -> tuple[tuple[int | str, ...], dict[int | str, Any]]:
        """Which arguments changed, decided here: each value sent back is compared with what was sent."""
        values: dict[int | str, Any] = {}
        mutated: list[int | str] = []
        for item in after:
            if type(item) is not list or len(item) != 3:
                continue
            key, encoded, _claimed = item
            if type(key) is int and 0 <= key < len(args):
                original = args[key]
            elif type(key) is str and key in kwargs:
                original = kwargs[key]
            else:
                continue
            if encoded is None:  # it became something that cannot be sent: certainly changed
                values[key] = None
                mutated.append(key)
                continue
            value = self._decode(name, encoded, buffers)
            values[key] = value
            if protocol.fingerprint(value, self.caps) != protocol.fingerprint(original, self.caps):
                mutated.append(key)
        return tuple(mutated), values

    def get(
        self,
        name: str,
        *,
        timeout: float | None = None,
        attributes: list[str] | None = None,
        last_number: bool = False,
    ) -> Any:
        """The value of a variable in the submission's namespace, as plain data; with
        `attributes`, a dict of those attributes of the object it holds (the ones it has);
        with `last_number`, the last real number it held at the end of a cell when it holds
        something else now (issue 21: the descent's `x` after the 2-D lab reused the name)."""
        header: dict[str, Any] = {"op": "get", "name": name}
        if attributes is not None:
            header["attributes"] = list(attributes)
        if last_number:
            header["last_number"] = True
        reply, buffers, _ = self._ask(name, header, [], timeout)
        if reply.get("op") == "failed":
            raise self._failure(name, {**reply, "request": "get"})
        return self._decode(name, reply.get("value"), buffers, verb="is")

    def keras_model(
        self,
        name: str,
        /,
        *args: Any,
        timeout: float | None = None,
        value: bool = False,
        **kwargs: Any,
    ) -> Path:
        """Call `name(*args, **kwargs)`, have the worker save the Keras model it returns, and give
        the path of that `.keras` archive (valid until `close()`). Load it with `safe_mode=True`.
        `value`: save the model the global `name` holds instead (the lecture's top-level `model`)."""
        args_enc, kwargs_enc, buffers = self._encode_args(args, kwargs)
        header = {"op": "keras", "name": name, "args": args_enc, "kwargs": kwargs_enc}
        if value:
            header["value"] = True
        reply, reply_buffers, _ = self._ask(name, header, buffers, timeout)
        archive = self._decode(name, reply.get("value"), reply_buffers)
        if not isinstance(archive, protocol.KerasArchive):
            said = Note("refused.not_a_model")
            raise Refused(name, said.in_language("en"), said=said)
        if self._model_dir is None:
            import tempfile

            self._model_dir = tempfile.mkdtemp(prefix="nngrade-models-")
        self._models += 1
        path = Path(self._model_dir) / f"{name}-{self._models}.keras"
        path.write_bytes(archive.data)
        return path


class _OverLimit(WorkerTimedOut):
    """A request stopped for its work limit or its wall-clock backstop (`measure.exceeded`)."""

    def __init__(self, measure: worktime.Measure) -> None:
        super().__init__(measure.exceeded)
        self.measure = measure


Serve = Callable[[str, list[Any]], Any]
"""The grader's trusted function by name: `serve("predict", [x, W1, B1, W2, B2])`."""

# The functional form: "lambda" is a keyword.
Signature = TypedDict(
    "Signature",
    {
        "params": list[str],
        "kwonly": list[str],
        "defaults": int,
        "varargs": bool,
        "varkw": bool,
        "lambda": bool,
        "reads": list[str],
        "writes": list[str],
    },
)
"""A plain function's parameters (`params`, `kwonly`; `defaults`: how many of `params` have
one; `varargs`, `varkw`), whether it is a lambda (named for the variable it was assigned to),
and the global names its code `reads` and `writes`, as the worker reported them (checked and
rebuilt from plain types by `_plain_signatures`)."""


def _plain_signatures(raw: Any) -> dict[str, Signature]:
    """The worker's signatures, rebuilt from plain types (anything malformed is left out)."""
    out: dict[str, Signature] = {}
    if type(raw) is not dict:
        return out
    for name, sig in raw.items():
        if type(name) is not str or type(sig) is not dict:
            continue
        lists = {k: sig.get(k) for k in ("params", "kwonly", "reads", "writes")}
        if not all(type(v) is list and all(type(x) is str for x in v) for v in lists.values()):
            continue
        out[name] = {
            "params": list(lists["params"] or ()),
            "kwonly": list(lists["kwonly"] or ()),
            "defaults": sig["defaults"] if type(sig.get("defaults")) is int else 0,
            "varargs": sig.get("varargs") is True,
            "varkw": sig.get("varkw") is True,
            "lambda": sig.get("lambda") is True,
            "reads": list(lists["reads"] or ()),
            "writes": list(lists["writes"] or ()),
        }
    return out


def _ranges(indices: list[int]) -> list[str]:
    """[3, 4, 5, 8] -> ["3–5", "8"]."""
    parts: list[str] = []
    start = prev = indices[0]
    for i in indices[1:] + [None]:  # type: ignore[list-item]
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if i is not None:
            start = prev = i
    return parts


def _finish_timeout_messages(report: RunReport, kind: str = "notebook") -> None:
    """Say, in each timed-out cell's message, whether the cells after it still ran."""
    later_ones = "cells" if kind == "notebook" else "statements"
    for error in report.errors:
        if error.reason is None or error.ename not in ("Timeout", "Crash"):
            continue
        later = [c for c in report.cells if c.cell > error.cell]
        if not later:
            continue
        ran = "later_ran" if any(c.status != "not run" for c in later) else "later_not_run"
        then = Note(f"cell_error.{ran}.{later_ones}")
        error.reason = Note(error.reason.key, {**error.reason.fields, "later": then})
        error.evalue = error.reason.in_language("en")


_WORKER_NOTES = {
    "install": "note.install_not_run",
    "shell": "note.shell_not_run",
    "cell_magic": "note.cell_magic_not_run",
    "fit_capped": "note.fit_capped",  # issue 21: the student's own training, bounded
    "dataset_offline": "note.dataset_offline",
}
"""The notes a worker may send (`magics.py`: why a line was not run) -> their catalog keys."""


def _joined(parts: list[str]) -> str | Note:
    """["3–5", "8"] -> "3–5 and 8" in the report's words; one part stays as it is."""
    if len(parts) == 1:
        return parts[0]
    return Note("list.and", {"first": ", ".join(parts[:-1]), "last": parts[-1]})


_CPU_DEATHS = frozenset({"worker_died.cpu_limit", "worker_died.cpu"})
"""Why a worker died that means its CPU-time limit (SIGXCPU) applied."""


def _refusal(key: object, fields: object) -> Note | None:
    """Why a value was refused, as the worker (or the codec here) said it: a `refused.*` key of
    the catalog and its fields. The worker is the student's process: anything that is not such
    a key with fields that fill its words in every language is not taken (None)."""
    from ..messages import CATALOG

    if type(key) is not str or not key.startswith("refused.") or key not in CATALOG:
        return None
    if type(fields) is not dict:
        return None
    try:
        note = Note.from_dict({"key": key, "fields": fields})
        for lang in ("en", "ko"):
            note.in_language(lang)
    except Exception:  # a field missing or of the wrong kind: the English words will do
        return None
    return note
