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


def test_a_grading_pool_preloads_ipython_once_a_worker_needed_it():
    """The grader's pool leaves IPython out (a third of a fork server's start); the first
    notebook with a cell only IPython reads makes its own shell, and the fork server then
    imports IPython for the workers still to come: the notebook reads the same either way."""
    from nngrade.sandbox.pool import GRADING_PRELOAD

    def magics_run(pool: WorkerPool) -> tuple[list[str], list[str], object]:
        with sandbox_for("magics.ipynb", ROOMY, pool=pool) as sb:
            report = sb.run_report()
            assert report.errors == []
            printed = [c.stdout for c in report.cells if not c.stdout.startswith("CPU times")]
            return [str(n) for n in report.notes], printed, sb.get("y")  # %%time's differ

    def modules(pool: WorkerPool) -> list[str]:
        with sandbox_for("values.py", ROOMY, pool=pool) as sb:
            return sb.call("loaded_modules").value

    with WorkerPool(size=1, preload=GRADING_PRELOAD) as pool:
        assert "IPython" not in modules(pool) and "matplotlib.pyplot" in modules(pool)
        first = magics_run(pool)  # its worker imports IPython itself
        assert "IPython" in modules(pool)  # preloaded by the fork server since
        assert magics_run(pool) == first
    assert first[2] == 499500 and any("`%%bash` cell magic was not run" in n for n in first[0]), (
        first
    )


def test_a_python_syntax_error_leaves_ipython_out_of_the_pool():
    """`def tanh(x)` without its colon is the student's own SyntaxError: IPython would hand the
    cell back unchanged, so no worker imports it and the fork server is not asked to."""
    from nngrade.sandbox.pool import GRADING_PRELOAD

    with WorkerPool(size=1, preload=GRADING_PRELOAD) as pool:
        with sandbox_for("errors.ipynb", ROOMY, pool=pool) as sb:
            errors = {e.cell: e.ename for e in sb.run_report().errors}
        with sandbox_for("values.py", ROOMY, pool=pool) as sb:
            assert "IPython" not in sb.call("loaded_modules").value
        assert pool.preload == GRADING_PRELOAD
    assert errors[3] == "SyntaxError"
