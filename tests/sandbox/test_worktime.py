"""The work-time clock behind the time limits: CPU time, plus time asleep, read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from nngrade.sandbox import worktime

linux_only = pytest.mark.skipif(not worktime.HAVE_PROC, reason="reads /proc")


@linux_only
def test_cpu_seconds_grow_with_work_and_not_with_sleep():
    before = worktime.cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass
    busy = worktime.cpu_seconds(os.getpid())
    time.sleep(0.3)
    after = worktime.cpu_seconds(os.getpid())
    assert busy - before >= 0.25
    assert after - busy < 0.1


@linux_only
def test_a_sleeping_process_is_asleep_and_a_spinning_one_is_not():
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)
        assert worktime.asleep(sleeper.pid)
        assert not worktime.asleep(spinner.pid)
    finally:
        for p in (sleeper, spinner):
            p.kill()
            p.wait()


@linux_only
def test_watchdog_charges_sleep_and_kills_past_the_limit():
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    killed: list[int] = []

    def kill(pid: int) -> None:
        killed.append(pid)
        sleeper.kill()

    dog = worktime.Watchdog(kill)
    try:
        with dog.watch(lambda: sleeper.pid, limit=0.3, backstop_s=10) as measure:
            sleeper.wait(timeout=10)
        assert killed == [sleeper.pid] and measure.exceeded == "work"
        assert measure.work > 0.3 and measure.idle > 0.15  # the sleep is charged
    finally:
        dog.close()
        sleeper.kill()
        sleeper.wait()


def test_backstop_is_generous():
    assert worktime.backstop(30, 3.0) == 95.0
    assert worktime.backstop(2, 0.5) == 7.0  # never below the limit itself


@linux_only
def test_time_the_grader_spends_serving_is_charged_to_neither_clock():
    # A worker waiting for the grader's trusted values sleeps: that wait is the grader's work.
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    dog = worktime.Watchdog(lambda pid: sleeper.kill())
    try:
        with dog.watch(lambda: sleeper.pid, limit=0.5, backstop_s=0.8) as measure:
            for _ in range(12):  # 1.2 s, every bit of it spent serving
                time.sleep(0.1)
                measure.served += 0.1
        assert not measure.exceeded and sleeper.poll() is None
        assert measure.work < 0.25 and measure.wall < 0.3
    finally:
        dog.close()
        sleeper.kill()
        sleeper.wait()


@linux_only
@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="pins processes to one core")
def test_waiting_for_a_busy_core_moves_neither_the_limit_nor_the_backstop():
    """A spinning worker that shares one core with three burners gets a quarter of it: its
    wall time runs four times faster than its CPU time. The backstop (1.5 s of wall) must not
    stop it first: the time it waited for the core is the machine's, not its own (issue 21)."""
    core = {min(os.sched_getaffinity(0))}
    spin = [sys.executable, "-c", "while True: pass"]
    burners = [subprocess.Popen(spin) for _ in range(3)]
    worker = subprocess.Popen(spin)
    for p in (*burners, worker):
        os.sched_setaffinity(p.pid, core)
    killed: list[int] = []

    def kill(pid: int) -> None:
        killed.append(pid)
        worker.kill()

    dog = worktime.Watchdog(kill)
    try:
        with dog.watch(lambda: worker.pid, limit=0.8, backstop_s=1.5) as measure:
            worker.wait(timeout=30)
        assert killed == [worker.pid]
        assert measure.exceeded == "work", (measure.wall, measure.waited, measure.cpu)
        assert measure.wall > 1.5 and measure.waited > 0.5  # it did wait, longer than the backstop
    finally:
        dog.close()
        for p in burners:
            p.kill()
            p.wait()
