"""Submissions that attack the grader. Each must leave the grader with plain data or the right
failure, finish within its limits, and leave no process behind (checked by `sandbox_for`)."""

from __future__ import annotations

import builtins
import os
import time
from pathlib import Path

import numpy as np
import pytest

from nngrade.sandbox import NotDefined, Refused, StudentError, StudentTimeout, WorkerCrashed
from nngrade.sandbox.inside.confine import nproc_counts_per_namespace, running_as_root

from .conftest import FAST, linux_only


def test_patching_the_tools_only_affects_the_worker(run_case):
    with run_case("patch_grader_tools.ipynb") as sb:
        report = sb.run_report()
        assert report.errors == []
        assert report.cell(3).stdout == ""  # their print is a no-op, in their process
        got = sb.call("sigmoid", np.array([0.0, 2.0])).value
        assert type(got) is np.ndarray
        assert np.allclose(got, [0.5, 0.8807970779778823])
        wrong = sb.call("wrong", np.array([1.0])).value
        assert not np.allclose(wrong, [0.7310585786300049])
    # and the grader's own tools were never touched
    assert np.allclose.__module__.startswith("numpy")
    assert not np.allclose(np.zeros(1), np.ones(1))
    assert builtins.isinstance(1, int) and not builtins.isinstance("a", int)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(np.zeros(1), np.ones(1))


def test_broken_builtins_only_break_the_students_own_code(run_case):
    with run_case("patch_len.py") as sb:
        assert sb.run_report().errors == []
        for _ in range(3):  # the worker swaps builtins in and out around each call
            got = sb.call("sigmoid", np.array([0.0, 2.0])).value
            assert type(got) is np.ndarray
            assert np.allclose(got, [0.5, 0.8807970779778823])
            assert sb.call("add_key", 2.0).value == 4.0


def test_rigged_values_arrive_as_data_or_are_refused(run_case):
    with run_case("rigged_values.py") as sb:
        assert sb.run_report().errors == []
        with pytest.raises(Refused) as info:
            sb.call("sigmoid_eq", 0.0)
        assert (
            str(info.value)
            == "`sigmoid_eq` returned an AlwaysEqual; return a NumPy array, a number or a list"
        )
        sub = sb.call("sigmoid_subclass", 0.0).value
        assert type(sub) is np.ndarray and not np.array_equal(sub, np.ones(3))
        assert (sub == np.ones(3)).tolist() == [False, False, False]
        with pytest.raises(Refused, match="a SneakyFloat"):
            sb.call("sigmoid_float", 0.0)
        with pytest.raises(Refused, match="an AlwaysEqual"):
            sb.call("sigmoid_list", 0.0)
        with pytest.raises(Refused, match="nested more than 32"):
            sb.call("deep")


def test_a_billion_elements_are_refused_without_allocating(run_case):
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with run_case("rigged_values.py") as sb:
        for name in ("huge", "huge_bool"):
            with pytest.raises(Refused) as info:
                sb.call(name)
            assert "1,000,000,000 elements" in str(info.value) and "at most" in str(info.value)
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grew_mb < 200


def test_exits_in_cells_and_functions(run_case):
    with run_case("exits.ipynb") as sb:
        report = sb.run_report()
        errors = {e.cell: e for e in report.errors}
        assert (errors[2].ename, errors[2].evalue) == ("SystemExit", "0")
        assert errors[4].ename == "Crash"
        assert errors[4].evalue == (
            "cell 4 ended the process running the notebook: it exited with status 0 "
            "(os._exit(), or a crash in native code); later cells still ran"
        )
        assert [c.status for c in report.cells] == ["ok", "error", "ok", "crashed", "ok"]
        assert report.restarts == 1
        assert sb.call("after_crash").value == 2  # cells 1-3 were run again in the new worker
        with pytest.raises(StudentError) as info:
            sb.call("leave")
        assert (info.value.ename, info.value.evalue) == ("SystemExit", "3")
        with pytest.raises(WorkerCrashed) as crash:
            sb.call("vanish")
        assert "exited with status 0" in crash.value.reason
        assert sb.call("after_crash").value == 2  # restarted, state rebuilt


def test_restarts_are_bounded(run_case):
    with run_case("exits.ipynb", FAST.replace(max_restarts=2)) as sb:
        sb.run_report()  # one restart used by cell 4
        with pytest.raises(WorkerCrashed):
            sb.call("vanish")
        with pytest.raises(WorkerCrashed):
            sb.call("vanish")  # restart 2, crashes again
        started = time.monotonic()
        with pytest.raises(WorkerCrashed) as info:
            sb.call("after_crash")
        assert time.monotonic() - started < 0.5
        assert "does not start it again" in str(info.value)


def test_infinite_loops_time_out(run_case):
    started = time.monotonic()
    with run_case("hangs.ipynb") as sb:
        report = sb.run_report()
        error = report.error_for(2)
        assert error.ename == "Timeout"
        assert (
            error.evalue
            == "cell 2 was stopped after 2 s of work (CPU time; the time limit for one cell); "
            "later cells still ran"
        )
        assert report.cell(2).status == "timeout" and report.cell(3).status == "ok"
        assert sb.call("later").value == 2
        with pytest.raises(StudentTimeout) as info:
            sb.call("spin")
        assert (
            info.value.seconds == 2
            and str(info.value) == "`spin` did not finish within 2 s and was stopped"
        )
        with pytest.raises(StudentTimeout):
            sb.call("nap", timeout=0.5)
        assert sb.call("later").value == 2
    # Three stops of 2 s of *work* each: on a busy machine each takes longer on the clock, up
    # to its wall-clock backstop (3 × 2 + 5 s); never one stop per test.
    assert time.monotonic() - started < 3 * (3 * 2 + 5) + 5


def test_the_notebook_budget_covers_the_whole_run(run_case):
    with run_case("hangs.ipynb", FAST.replace(notebook_timeout=1.0, cell_timeout=5)) as sb:
        report = sb.run_report()
        assert report.timed_out
        assert "the notebook's 1 s time limit ran out" in report.error_for(2).evalue
        assert report.cell(3).status == "not run"
        assert (
            "cell 3 was not run: the notebook used up its 1 s time limit (counted in CPU time)"
            in [str(n) for n in report.notes]
        )
        with pytest.raises(NotDefined) as info:
            sb.call("later")
        assert (
            str(info.value)
            == "`later` is not defined in your notebook: cell 3, which defines it, was not run"
        )


@linux_only
def test_fifty_gigabytes_is_a_memory_error(run_case):
    with run_case("big_alloc.py") as sb:
        assert sb.run_report().errors == []
        assert "Unable to allocate 50.0 GiB" in sb.get("top_level_error")
        with pytest.raises(StudentError) as info:
            sb.call("allocate")
        assert info.value.ename == "MemoryError"
        assert sb.call("alive").value == "still here"


@linux_only
def test_many_processes_are_limited_and_cleaned_up(run_case):
    with run_case("many_processes.py", FAST.replace(max_processes=64)) as sb:
        assert sb.run_report().errors == []
        started, forked = sb.call("alive").value
        # RLIMIT_NPROC counts only the sandbox's processes under its own uid (as root), or,
        # since Linux 5.14, in its own user namespace (bubblewrap as anyone else; issue 20).
        own_namespace = getattr(sb._server, "confined", False) and nproc_counts_per_namespace()
        if sb.confinement.startswith("as uid") or own_namespace:
            assert started < 64 and "Resource temporarily unavailable" in sb.get("failed")
        else:
            assert started == 200 and forked == 20


@linux_only
def test_a_setsid_daemon_does_not_outlive_grading(run_case):
    with run_case("daemon.py") as sb:
        first = sb.get("daemon_pid")
        second = sb.call("another_daemon").value
        confined = getattr(sb._server, "confined", False)
        if confined:  # pids of its own PID namespace: `run_case` checks that none survive
            assert first != second
            return
        for pid in (first, second):
            assert Path(f"/proc/{pid}").exists()
    for pid in (first, second):
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "State:\tZ" not in f.read()
    except OSError:
        return False


@linux_only
def test_stack_overflow_is_a_crash_not_a_hang(run_case):
    started = time.monotonic()
    with run_case("stack_overflow.py") as sb:
        with pytest.raises(WorkerCrashed) as info:
            sb.call("overflow")
        assert "segmentation fault" in info.value.reason or "SIGSEGV" in info.value.reason
        assert sb.call("fine").value == 42
    assert time.monotonic() - started < 10


def test_fake_results_are_never_read(run_case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with run_case("fake_results.ipynb") as sb:
        report = sb.run_report()
        assert "PASSED 14/14" in report.cell(1).stdout  # shown to the student, never parsed
        where = sb.get("where")
        if getattr(sb._server, "confined", False):  # its folder is in its own private /tmp
            assert not Path(where, "results.json").exists()
        else:
            assert Path(where, "results.json").exists() and Path(where) != tmp_path
        assert sb.call("sigmoid", 0.0).value == 0.5
    assert not Path(where).exists()
    assert list(tmp_path.iterdir()) == []


@linux_only
def test_grader_memory_cannot_be_read(run_case):
    with run_case("read_grader_memory.py") as sb:
        if running_as_root() and not sb.confinement.startswith("as uid"):
            pytest.skip("the worker runs as root here (no fork server): root reads any memory")
        attempts = sb.call("attempts", os.getpid()).value
        assert str(os.getpid()) in attempts
        for target, outcome in attempts.items():
            if target.endswith("/environ"):
                assert outcome is not True, f"read the environment of {target}"
            else:
                assert outcome is not True, f"read the memory of process {target}"


@linux_only
def test_worker_environment_carries_no_secrets(run_case, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret")
    with run_case("values.py") as sb:
        sb.run_report()
        env = sb.call("identity").value  # identity() -> ()
        assert env == ()
        with open(f"/proc/{sb._worker.pid}/environ", "rb") as f:
            assert b"ghp_secret" not in f.read()
