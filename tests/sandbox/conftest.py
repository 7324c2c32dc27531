"""Fixtures for the sandbox tests: case files, fast limits, and a check that nothing survives."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from nngrade.sandbox import Limits, Sandbox, WorkerPool
from nngrade.sandbox.inside.confine import LINUX, running_as_root
from nngrade.submission import load_submission

CASES = Path(__file__).parent / "cases"

FAST = Limits(notebook_timeout=20, cell_timeout=2, call_timeout=2, max_restarts=3)
"""Short limits so the whole suite stays well under a minute (for tests of the limits)."""

ROOMY = Limits(notebook_timeout=180, cell_timeout=120, call_timeout=120, max_restarts=3)
"""For tests whose subject is not a limit: room for a busy machine (a fork server that is
still importing NumPy, IPython and matplotlib beside other work can take several seconds)."""


def survivors(tag: str, uid: int | None = None) -> list[int]:
    """Processes still alive that carry the sandbox's tag (environment or command line) or
    that run as its dedicated uid."""
    if not LINUX:
        return []
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        pid = int(name)
        try:
            with open(f"/proc/{pid}/status") as f:
                status = f.read()
        except OSError:
            continue
        if "State:\tZ" in status:
            continue
        uids = next(
            (line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")), []
        )
        if uid is not None and str(uid) in uids:
            found.append(pid)
            continue
        for part in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{part}", "rb") as f:
                    if tag.encode() in f.read():
                        found.append(pid)
                        break
            except OSError:
                pass
    return found


def assert_none_survive(tag: str, uid: int | None, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while (left := survivors(tag, uid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes survived the sandbox: {left}"


@contextmanager
def sandbox_for(
    case: str, limits: Limits = FAST, pool: WorkerPool | None = None, **kwargs
) -> Iterator[Sandbox]:
    """A started sandbox on a case file; on exit, closes it and checks that nothing survived."""
    sb = Sandbox(load_submission(CASES / case), limits, pool, **kwargs).start()
    server = sb._server
    tag = server.tag + "-w"  # every worker of this fork server, not the fork server itself
    uid = server.uid if server.ready is None or server.ready.get("uid") is not None else None
    started = time.monotonic()
    try:
        yield sb
    finally:
        sb.close()
        assert time.monotonic() - started < 60
        assert_none_survive(tag, uid)


@pytest.fixture
def run_case():
    return sandbox_for


@pytest.fixture(scope="session")
def pool() -> Iterator[WorkerPool]:
    with WorkerPool(size=2) as p:
        p.wait_ready()
        yield p


as_root = pytest.mark.skipif(not (LINUX and running_as_root()), reason="needs root (uid switching)")
linux_only = pytest.mark.skipif(not LINUX, reason="Linux only")
