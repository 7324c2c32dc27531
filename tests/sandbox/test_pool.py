"""The warm pool: forked workers, slot reuse, and replacing a fork server that died."""

from __future__ import annotations

import os
import signal
import time

import pytest

from nngrade.sandbox import WorkerPool
from nngrade.sandbox.process import CAN_FORK

from .conftest import ROOMY, sandbox_for

pytestmark = pytest.mark.skipif(
    not CAN_FORK or os.environ.get("NNGRADE_SANDBOX_SPAWN") == "1", reason="needs a fork server"
)


def test_tensorflow_is_never_preloaded():
    with pytest.raises(ValueError, match="forking after importing it is unsafe"):
        WorkerPool(size=1, preload=("numpy", "tensorflow"))
    with pytest.raises(ValueError, match="must never reach a sandbox"):
        WorkerPool(size=1, preload=("nngrade.reference",))


def test_warm_workers_start_fast_and_are_fresh(pool):
    times = []
    for _ in range(3):
        started = time.monotonic()
        with sandbox_for("values.py", ROOMY, pool=pool) as sb:
            sb.run_report()
            assert sb.call("count").value == 1  # a fresh namespace every time
        times.append(time.monotonic() - started)
    assert min(times) < 5  # warm: no imports (a loose bound: the machine may be busy)


def test_a_dead_fork_server_is_replaced():
    with WorkerPool(size=1) as pool:
        pool.wait_ready()
        server = pool.acquire()
        pool.release(server)
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait()
        with sandbox_for("values.py", ROOMY, pool=pool) as sb:  # the new one is still importing
            assert sb.call("echo", 3).value == 3
            assert sb._server is not server


def test_nothing_of_nngrade_is_loaded_in_a_worker(pool):
    with sandbox_for("values.py", ROOMY, pool=pool) as sb:
        modules = sb.call("loaded_modules").value
    assert "numpy" in modules and "IPython" in modules and "matplotlib.pyplot" in modules
    assert not [m for m in modules if m == "nngrade" or m.startswith("nngrade.")]
    assert "tensorflow" not in modules
