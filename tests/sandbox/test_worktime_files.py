"""The watchdog's /proc files (issue 23): kept open and read again, never more of them than a
few, and never telling one process's figures for another's."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from nngrade.sandbox import worktime

linux_only = pytest.mark.skipif(not worktime.HAVE_PROC, reason="reads /proc")

THREADS = """
import sys, threading, time
def spin_then_sleep():
    end = time.process_time() + 0.05
    while time.process_time() < end:
        pass
    time.sleep(60)
for _ in range(int(sys.argv[1])):
    threading.Thread(target=spin_then_sleep, daemon=True).start()
print("ready", flush=True)
line = sys.stdin.readline()
if line.strip() == "more":
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    print("ready", flush=True)
    sys.stdin.readline()
"""


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def threaded():
    procs = []

    def start(n: int) -> subprocess.Popen[str]:
        p = subprocess.Popen(
            [sys.executable, "-c", THREADS, str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(p)
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        return p

    yield start
    for p in procs:
        p.kill()
        p.wait()


@linux_only
def test_every_thread_is_read_and_only_a_few_files_stay_open(threaded):
    worker = threaded(40)
    files = worktime.ProcFiles()
    before = _open_files()
    try:
        assert files.cpu_seconds(worker.pid) is not None
        stats = files.schedstats(worker.pid)
        assert stats is not None and len(stats) == 41  # the main thread and its 40
        assert all(ran > 0 for ran, _ in stats.values())
        assert _open_files() - before <= 1 + 16  # its stat and 16 threads' files at most
        again = files.schedstats(worker.pid)  # read again from the files kept open
        assert again is not None and again.keys() == stats.keys()
    finally:
        files.close()
    assert _open_files() == before


@linux_only
def test_a_thread_started_later_is_counted(threaded):
    worker = threaded(2)
    files = worktime.ProcFiles()
    try:
        files.cpu_seconds(worker.pid)
        assert len(files.schedstats(worker.pid) or {}) == 3
        assert worker.stdin is not None and worker.stdout is not None
        worker.stdin.write("more\n")
        worker.stdin.flush()
        assert worker.stdout.readline().strip() == "ready"
        files.cpu_seconds(worker.pid)  # its thread count has changed: the threads are listed
        assert len(files.schedstats(worker.pid) or {}) == 4
    finally:
        files.close()


@linux_only
def test_a_process_that_ended_reads_as_unknown():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    files = worktime.ProcFiles()
    try:
        assert files.cpu_seconds(proc.pid) is not None
        proc.kill()
        proc.wait()
        time.sleep(0.05)
        assert files.cpu_seconds(proc.pid) is None
        assert files.schedstats(proc.pid) is None
    finally:
        files.close()
        proc.kill()
        proc.wait()
