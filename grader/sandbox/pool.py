"""`WorkerPool`: warm fork servers for batch grading.

Each slot is a fork server (`inside/zygote.py`) that has imported NumPy, IPython and
matplotlib (Agg) once (a grader's pool: NumPy and matplotlib, and IPython once a worker needs
it); a submission's worker is a fork of it, so it starts in about a millisecond with those
modules loaded. A sandbox holds its slot from `start()` to `close()`; a slot whose fork
server died is replaced. Nothing secret is ever loaded into a fork server, and TensorFlow is
refused as a preload: forking a process that has imported it is unsafe. What may be preloaded
at all is the typed list `inside.preload.Preloadable`, each with its warm-up.
"""

from __future__ import annotations

import atexit
import itertools
import os
import queue
import threading
import weakref
from collections.abc import Sequence

from .. import protocol
from .inside import confine
from .inside.preload import PRELOADABLE, Preloadable
from .process import ForkServerHandle, SpawnServer, new_server

DEFAULT_PRELOAD: tuple[Preloadable, ...] = ("numpy", "IPython", "matplotlib")
GRADING_PRELOAD: tuple[Preloadable, ...] = ("numpy", "matplotlib")
"""What a grader's pool preloads: what the course's notebooks import. IPython, a third of a
fork server's start (0.35 s of CPU), comes when a worker first needs it (`add_preload`): the
lecture's notebooks have no cell that only IPython can read."""
_NEVER_PRELOAD = ("tensorflow", "keras", "torch", "jax", "nngrade")

_pool_slots = itertools.count(0)
_live_pools: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for pool in list(_live_pools):
        pool.close()


class WorkerPool:
    """`size` warm fork servers; `Sandbox(..., pool=pool)` forks its worker from a free one."""

    def __init__(
        self,
        size: int | None = None,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        *,
        caps: protocol.Caps = protocol.DEFAULT_CAPS,
    ) -> None:
        for name in preload:
            if name.split(".")[0] in _NEVER_PRELOAD:
                raise ValueError(
                    f"{name} cannot be preloaded in a worker pool: "
                    + (
                        "it must never reach a sandbox"
                        if name.startswith("nngrade")
                        else "forking after importing it is unsafe; the notebook imports it itself"
                    )
                )
            if name not in PRELOADABLE:
                raise ValueError(
                    f"{name} cannot be preloaded in a worker pool: only "
                    f"{', '.join(PRELOADABLE)} can (see nngrade/sandbox/inside/preload.py)"
                )
        self.size = size or os.cpu_count() or 2
        self.preload = tuple(preload)
        self.caps = caps
        self._idle: queue.Queue[ForkServerHandle | SpawnServer] = queue.Queue()
        self._all: list[ForkServerHandle | SpawnServer] = []
        self._lock = threading.Lock()
        self._closed = False
        confine.protect_grader()
        _live_pools.add(self)
        for _ in range(self.size):
            self._add(next(_pool_slots) % 50)

    def _add(self, slot: int) -> ForkServerHandle | SpawnServer:
        server = new_server(slot=slot, preload=self.preload, caps=self.caps)
        with self._lock:
            self._all.append(server)
        self._idle.put(server)
        return server

    def acquire(self, timeout: float | None = None) -> ForkServerHandle | SpawnServer:
        """A fork server for one sandbox (waits for a free slot); give it back with `release`."""
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        server = self._idle.get(timeout=timeout)
        if not server.alive:
            self._retire(server)
            self._add(server.slot)
            server = self._idle.get(timeout=timeout)
        return server

    def release(self, server: ForkServerHandle | SpawnServer) -> None:
        """Give a slot back (a dead fork server is replaced by a fresh one)."""
        if self._closed:
            self._retire(server)
        elif server.alive:
            self._idle.put(server)
        else:
            self._retire(server)
            self._add(server.slot)

    def add_preload(self, name: Preloadable) -> None:
        """A worker needed `name`: every fork server imports it between workers, and those
        started later preload it (a class whose notebooks need it pays for it once)."""
        if name in self.preload:
            return
        with self._lock:
            servers = list(self._all)
        if any([server.add_preload(name) for server in servers]):  # not a spawner's
            self.preload += (name,)

    def wait_ready(self, timeout: float = 60) -> None:
        """Block until every fork server has finished its imports (for benchmarks and tests)."""
        with self._lock:
            servers = list(self._all)
        for server in servers:
            server.wait_for(lambda s=server: s.ready is not None, timeout)

    def _retire(self, server: ForkServerHandle | SpawnServer) -> None:
        with self._lock:
            if server in self._all:
                self._all.remove(server)
        server.close()

    def close(self) -> None:
        """Stop every fork server (and so every worker)."""
        self._closed = True
        with self._lock:
            servers, self._all = list(self._all), []
        for server in servers:
            server.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
