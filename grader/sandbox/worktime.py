"""How much work a worker did, measured from the grader: the clock behind the time limits.

A limit that means "too much work" must give the same verdict on an idle machine and on a
busy one. Wall-clock time does not: on a loaded machine the same cell takes several times as
long. So the grader charges a worker's request with its *work time*:

    work = CPU time the worker used (all its threads, user + system)
         + wall time during which the worker was asleep and used no CPU at all

CPU time does not grow while the worker waits for a core, so load does not change it; and a
worker that sleeps (`time.sleep(100)`, a wait on a lock or a pipe, a child process doing the
work) is still charged for the time it holds, so an idle hang is stopped like a busy one:
whenever no thread of the worker is runnable, the wall time counts (issue 20: a thread that
woke now and then used to stop that clock). Both are read from `/proc/PID/stat` (and
`/proc/PID/task/*/stat` for the sleep test), by the grader: the worker's own say is never
trusted. Where there is no `/proc` (macOS, Windows), work is wall time, as before.

A wall-clock backstop (`Limits.wall_factor` × the limit, plus a few seconds) still ends a
request that neither worked nor slept in that time (a process stuck in the kernel). The time
the worker's threads waited for a core (`/proc/PID/task/*/schedstat`) is not counted, so the
backstop does not move with the machine's load either.

A `Watchdog` is one thread per sandbox that watches one request at a time: every `TICK`
seconds it adds up the work of the current request and, past the limit, kills the worker's
process group (the waiting request then sees the worker die, and the session reports a
timeout). A request is one round trip between grader and worker, thousands in a test that
serves calls, so its own cost is kept small (issue 23): the worker's /proc files stay open
and are read again from their start (`ProcFiles`), the thread list is read again only when
the thread count in `stat` changed, and a request does not wake the thread: the thread ticks
on its own while requests come, and parks after `PARK_AFTER` seconds without one (then the
next request wakes it). A request shorter than a tick costs three small reads.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

TICK = 0.05
"""Seconds between two looks at a running request (the latency of a work limit)."""

_KEPT_THREADS = 16
"""Threads of a worker whose `schedstat` stays open; the others' are opened at each read (a
worker decides how many threads it has, and they must not use up the grader's files)."""

PARK_AFTER = 1.0
"""Seconds without a request after which the watchdog's thread stops ticking (a request then
wakes it)."""

_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
HAVE_PROC = sys.platform.startswith("linux") and os.path.isdir("/proc/self/task")


def _stat_fields(path: str) -> list[str] | None:
    """The fields of a /proc stat file after the command name (which may hold spaces)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    end = data.rfind(b")")
    if end < 0:
        return None
    return data[end + 2 :].decode("ascii", "replace").split()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process `pid` (all its threads), or None if unknown."""
    if not HAVE_PROC:
        return None
    fields = _stat_fields(f"/proc/{pid}/stat")
    if fields is None or len(fields) < 13:
        return None
    # After the name: state(0) ppid(1) ... utime(11) stime(12), in clock ticks.
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def waited(start: dict[str, float], now: dict[str, float]) -> float:
    """Wall seconds lost to waiting for a core since `start`: the longest wait of one thread
    (threads wait side by side, so their sum would count the same seconds twice)."""
    return max((d - start.get(tid, 0.0) for tid, d in now.items()), default=0.0)


def _blocked(
    pid: int, m: Measure, dt: float, cpu: float, stats: dict[str, tuple[int, int]] | None
) -> float:
    """Wall seconds of the last `dt` in which the worker neither ran nor waited for a core:
    it blocked, slept or waited (on a pipe, a lock, a process of its own). Issue 20: this
    counts as work, so a cell that blocks is stopped at its limit like one that computes.

    With schedstat: `dt` less the time its threads ran (summed) and less the longest time
    one of them waited for a core (the machine's load, which must not cost the student).
    Without: all of `dt` less the CPU used, when no thread is runnable now.
    `stats`: each thread's schedstat now (`ProcFiles.schedstats`).
    """
    if stats is None:
        return max(0.0, dt - cpu) if asleep(pid) else 0.0
    ran = longest_wait = 0
    for tid, (run_ns, delay_ns) in stats.items():
        before = m.threads.get(tid, (0, 0))  # a thread started since: all of it is new
        ran += max(0, run_ns - before[0])
        longest_wait = max(longest_wait, delay_ns - before[1])
    m.threads = stats
    return max(0.0, dt - ran / 1e9 - longest_wait / 1e9)


def asleep(pid: int) -> bool:
    """True when no thread of `pid` is running or waiting for a core (all are in S, D, T...)."""
    if not HAVE_PROC:
        return False
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return False
    for tid in tids:
        fields = _stat_fields(f"/proc/{pid}/task/{tid}/stat")
        if fields and fields[0] == "R":
            return False
    return bool(tids)


@dataclass
class Measure:
    """The work of one request so far, in seconds (see the module docstring)."""

    limit: float
    """Work seconds allowed."""
    backstop: float
    """Wall-clock seconds allowed, whatever the work."""
    started: float = field(default_factory=time.monotonic)
    cpu_start: float | None = None
    cpu_last: float | None = None
    idle: float = 0.0
    """Wall seconds during which the worker slept without using any CPU."""
    exceeded: str = ""
    """"work" or "wall" once the watchdog stopped the request for that limit."""
    looked: float = field(default_factory=time.monotonic)
    """When the watchdog last looked."""
    delay_start: dict[str, float] | None = None
    waited: float = 0.0
    """Wall seconds the worker was ready to run but waited for a core (issue 21): the
    machine's load, not the worker's work, so the wall-clock backstop does not count them."""
    threads: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Each thread's schedstat at the last look (see `_blocked`)."""
    served: float = 0.0
    """Wall seconds the worker waited while the grader computed trusted values for it: the
    grader's work, not the worker's, so neither clock charges it (added by the session)."""

    @property
    def cpu(self) -> float:
        if self.cpu_start is None or self.cpu_last is None:
            return 0.0
        return max(0.0, self.cpu_last - self.cpu_start)

    @property
    def work(self) -> float:
        """Work seconds: CPU plus asleep time, or wall time where CPU cannot be read."""
        if not HAVE_PROC:
            return self.wall
        return self.cpu + max(0.0, self.idle - self.served)

    @property
    def wall(self) -> float:
        """Wall seconds of the request, less the time the grader spent serving it."""
        return time.monotonic() - self.started - self.served


def backstop(limit: float, factor: float) -> float:
    """The wall-clock seconds a request with `limit` work seconds may take at most."""
    return limit * max(1.0, factor) + 5.0


class ProcFiles:
    """The /proc files of one process, kept open and read again from their start.

    A request reads the worker's `stat` at its start and end, and each thread's `schedstat`
    at its start: opened by path, that is a path walk, an open and a close per file per
    request; kept open, one `pread` each (these files are generated afresh on every read from
    offset 0). An open file also stays with the process it was opened for: a pid used again
    after the worker died is never read by mistake (the read fails instead). The thread list
    is read again only when the thread count in `stat` changed or a thread's file failed.
    """

    def __init__(self) -> None:
        self.pid: int | None = None
        self._stat: int | None = None
        self._threads: dict[str, int | None] = {}
        """Thread id -> its open `schedstat` (None: opened at each read)."""
        self._count = 0
        """Threads the last read of `stat` counted."""

    def _open(self, pid: int) -> int | None:
        if pid != self.pid:
            self.close()
            self.pid = pid
        if self._stat is None:
            with contextlib.suppress(OSError):
                self._stat = os.open(f"/proc/{pid}/stat", os.O_RDONLY | os.O_CLOEXEC)
        return self._stat

    def _read_stat(self, pid: int) -> bytes | None:
        fd = self._open(pid)
        if fd is not None:
            with contextlib.suppress(OSError):
                return os.pread(fd, 1024, 0)
        # The process it was opened for is gone: a new one may have its number.
        self.close()
        fd = self._open(pid)
        if fd is not None:
            with contextlib.suppress(OSError):
                return os.pread(fd, 1024, 0)
        return None

    def cpu_seconds(self, pid: int) -> float | None:
        """User + system CPU seconds of `pid` (all its threads), or None if unknown."""
        if not HAVE_PROC:
            return None
        data = self._read_stat(pid)
        if data is None:
            return None
        end = data.rfind(b")")
        fields = data[end + 2 :].split(None, 18)  # the first 18 fields, and the rest
        if end < 0 or len(fields) < 18:
            return None
        # After the name: state(0) ... utime(11) stime(12) ... num_threads(17).
        self._count = int(fields[17])
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK

    def schedstats(self, pid: int) -> dict[str, tuple[int, int]] | None:
        """Each thread of `pid`: (nanoseconds on a CPU, nanoseconds waiting for one), from
        `/proc/PID/task/TID/schedstat`; None where the kernel does not keep them. Call
        `cpu_seconds` first: it counts the threads."""
        if not HAVE_PROC or self._open(pid) is None:
            return None
        if self._count != len(self._threads):
            self._list_threads(pid)
        out = self._read_threads(pid, strict=True)
        if out is None:  # a thread ended: list them again
            self._list_threads(pid)
            out = self._read_threads(pid, strict=False)
        return out or None

    def _read_threads(self, pid: int, *, strict: bool) -> dict[str, tuple[int, int]] | None:
        """Each listed thread's schedstat; None when one could not be read (`strict`), else
        without it."""
        out = {}
        for tid, fd in self._threads.items():
            try:
                if fd is None:  # past the files kept open: read by path
                    with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as f:
                        data = f.read()
                else:
                    data = os.pread(fd, 256, 0)
                fields = data.split()
                out[tid] = (int(fields[0]), int(fields[1]))
            except (OSError, ValueError, IndexError):
                if strict:
                    return None
        return out

    def _list_threads(self, pid: int) -> None:
        try:
            tids = set(os.listdir(f"/proc/{pid}/task"))
        except OSError:
            tids = set()
        for tid in [t for t in self._threads if t not in tids]:
            fd = self._threads.pop(tid)
            if fd is not None:
                os.close(fd)
        kept = sum(fd is not None for fd in self._threads.values())
        for tid in sorted(tids - self._threads.keys()):
            fd = None
            if kept < _KEPT_THREADS:  # the worker's threads must not use up the grader's files
                with contextlib.suppress(OSError):
                    path = f"/proc/{pid}/task/{tid}/schedstat"
                    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
                    kept += 1
            self._threads[tid] = fd
        self._count = len(self._threads)

    def close(self) -> None:
        """Close every file (the process is gone, or another one is watched)."""
        for fd in [self._stat, *self._threads.values()]:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.pid, self._stat, self._count = None, None, 0
        self._threads.clear()


class Watchdog:
    """Watches the current request of one sandbox's worker and stops it past its limits."""

    def __init__(self, kill: Callable[[int], None]) -> None:
        self._kill = kill
        self._cond = threading.Condition()
        self._current: tuple[Measure, Callable[[], int | None]] | None = None
        self._closed = False
        self._parked = False
        """The thread waits for a request without ticking: the next one must wake it."""
        self._thread: threading.Thread | None = None
        self._proc = ProcFiles()
        """The worker's /proc files; read under `_cond`'s lock only."""

    def watch(self, pid: Callable[[], int | None], limit: float, backstop_s: float) -> _Watching:
        """Measure (and enforce) one request, as a context manager that gives its `Measure`;
        `pid()` gives the worker's pid once known."""
        return _Watching(self, pid, Measure(limit=limit, backstop=backstop_s))

    def _begin(self, m: Measure, pid: Callable[[], int | None]) -> None:
        known = pid()
        with self._cond:
            if known is not None:
                m.cpu_start = m.cpu_last = self._proc.cpu_seconds(known)
                m.threads = self._proc.schedstats(known) or {}
            self._current = (m, pid)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="nngrade-watchdog", daemon=True
                )
                self._thread.start()
            elif self._parked:
                self._cond.notify()

    def _end(self, m: Measure, pid: Callable[[], int | None]) -> None:
        with self._cond:
            self._current = None
            known = pid()
            if known is not None and m.cpu_start is not None and not m.exceeded:
                now = self._proc.cpu_seconds(known)
                if now is not None:
                    m.cpu_last = now

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._proc.close()
            self._cond.notify()

    def _loop(self) -> None:
        # Every TICK while requests come: a request looked at is at least as old as the last
        # tick, so a limit is still enforced within a tick of being passed. A request that
        # started since the last tick is looked at now: its first interval is shorter.
        idle = 0.0
        with self._cond:
            while not self._closed:
                if self._current is None:
                    idle += TICK
                    if idle > PARK_AFTER:
                        self._parked = True
                        while self._current is None and not self._closed:
                            self._cond.wait()
                        self._parked = False
                        continue  # its first look is a tick away
                else:
                    idle = 0.0
                self._cond.wait(TICK)  # woken early only by close() or when parked
                if self._current is not None and not self._closed:
                    self._look(*self._current)

    def _look(self, m: Measure, pid_of: Callable[[], int | None]) -> None:
        pid = pid_of()
        if pid is None or m.exceeded:
            return
        now, at = self._proc.cpu_seconds(pid), time.monotonic()
        stats = self._proc.schedstats(pid)
        if now is not None:
            if m.cpu_start is None:
                m.cpu_start = m.cpu_last = now
                m.threads = stats or {}
            else:
                m.idle += _blocked(pid, m, at - m.looked, now - m.cpu_last, stats)
            m.cpu_last = now
        delays = None if stats is None else {tid: d / 1e9 for tid, (_, d) in stats.items()}
        if m.delay_start is None:  # from the first look: a request within a tick reads nothing
            m.delay_start = delays or {}
        elif delays is not None and m.wall - m.waited > m.backstop:  # only then does it matter
            m.waited = max(m.waited, waited(m.delay_start, delays))
        m.looked = at
        if m.work > m.limit:
            m.exceeded = "work"
        elif m.wall - m.waited > m.backstop:  # the same verdict on a busy machine
            m.exceeded = "wall"
        if m.exceeded:
            self._kill(pid)


class _Watching:
    """`Watchdog.watch`: one request from its start to its end (a plain class: a request
    is thousands of times a test, and a generator's context manager costs more)."""

    __slots__ = ("_dog", "_pid", "measure")

    def __init__(self, dog: Watchdog, pid: Callable[[], int | None], measure: Measure) -> None:
        self._dog, self._pid, self.measure = dog, pid, measure

    def __enter__(self) -> Measure:
        self._dog._begin(self.measure, self._pid)
        return self.measure

    def __exit__(self, *exc: object) -> None:
        self._dog._end(self.measure, self._pid)
