"""Stopping a run: a kill -9 halfway, Ctrl-C, and a submission that outlives --timeout.

In every case the gradebook stays consistent, every submission that finished is recorded
whole, no sandbox process outlives the run, and the next run goes on where it stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.batch.support import FIXTURES, nngrade, rows, with_limits

N = 6


def slow_class(folder: Path) -> Path:
    for i in range(N):
        target = folder / f"hw6-s{i}" / "hw6.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copyfile(FIXTURES / "slow.ipynb", target)
    return folder


def start(*args: str | Path) -> subprocess.Popen:
    """`nngrade grade ...` in its own process group, as a shell job is."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "nngrade.cli", "grade", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def count(out: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{out / 'gradebook.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
        finally:
            db.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for_rows(proc: subprocess.Popen, out: Path, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while count(out) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no rows arrived"
        time.sleep(0.1)


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def assert_all_gone(processes: list[psutil.Process], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for p in processes:
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.Error:
                pass
        if not alive:
            return
        assert time.monotonic() < deadline, (
            f"left behind: {[(p.pid, p.cmdline()[:3]) for p in alive]}"
        )
        time.sleep(0.2)


def assert_consistent(out: Path) -> None:
    """Every recorded submission is whole: its tasks, its tests, its JSON."""
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for sid, status in db.execute("SELECT id, status FROM submissions"):
            assert db.execute(
                "SELECT COUNT(*) FROM task_results WHERE submission_id = ?", (sid,)
            ).fetchone() == (7,)
            if status == "graded":
                tests = db.execute(
                    "SELECT COUNT(*) FROM test_results WHERE submission_id = ?", (sid,)
                ).fetchone()[0]
                assert tests > 10
    finally:
        db.close()


@pytest.fixture(scope="module")
def assignments(tmp_path_factory) -> Path:
    return with_limits(tmp_path_factory.mktemp("assignments"), notebook_timeout=20, cell_timeout=5)


def test_a_run_killed_halfway_resumes_where_it_stopped(tmp_path, assignments):
    folder = slow_class(tmp_path / "submissions")
    out = tmp_path / "out"
    args = ("hw6", folder, "--assignments", assignments, "--out", out, "--lang", "en", "-j", "1")
    proc = start(*args)
    wait_for_rows(proc, out, 2)
    processes = descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert_all_gone(processes)

    done = count(out)
    assert 2 <= done < N
    assert_consistent(out)
    assert rows(out, "SELECT state FROM runs") == [("running",)]  # it never got to say more

    again = nngrade("grade", *args[:-2], "-j", "2")  # how many at once is not part of a grade
    assert again.returncode == 0, again.stderr
    assert f"{N - done} graded" in again.stdout and f"{done} unchanged" in again.stdout
    assert_consistent(out)
    students = [s for (s,) in rows(out, "SELECT student FROM submissions")]
    assert sorted(students) == sorted(f"s{i}" for i in range(N))  # each exactly once
    assert rows(out, "SELECT state FROM runs ORDER BY id") == [("interrupted",), ("finished",)]
    # Neither run was given a seed: the resumed one replays the first one's.
    assert len(rows(out, "SELECT DISTINCT seed FROM submissions")) == 1
    assert rows(out, "SELECT COUNT(DISTINCT seed) FROM runs") == [(1,)]
    assert (out / "grades.csv").read_text(encoding="utf-8-sig").count("\n") == N + 1


def test_ctrl_c_stops_cleanly_and_says_how_to_go_on(tmp_path, assignments):
    folder = slow_class(tmp_path / "submissions")
    out = tmp_path / "out"
    proc = start("hw6", folder, "--assignments", assignments, "--out", out, "-j", "1")
    wait_for_rows(proc, out, 1)
    processes = descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "run the same command again" in stderr
    assert "Traceback" not in stderr, stderr
    assert_all_gone(processes)
    assert_consistent(out)
    assert rows(out, "SELECT state FROM runs") == [("interrupted",)]
    assert (out / "grades.csv").is_file() and (out / "summary.html").is_file()


def test_a_submission_past_the_timeout_is_recorded_and_retried_next_run(tmp_path):
    assignments = with_limits(tmp_path / "assignments", notebook_timeout=120, cell_timeout=120)
    folder = tmp_path / "submissions"
    (folder / "hw6-hang").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "hang_cell.ipynb", folder / "hw6-hang" / "hw6.ipynb")
    out = tmp_path / "out"
    args = (
        "grade",
        "hw6",
        folder,
        "--assignments",
        assignments,
        "--out",
        out,
        "--timeout",
        "2",
        "-j",
        "1",
    )
    proc = nngrade(*args)
    assert proc.returncode == 0, proc.stderr
    ((status, error, retry),) = rows(out, "SELECT status, error, retry FROM submissions")
    assert (status, retry) == ("timeout", 1)
    assert "did not finish within 2 s" in error
    assert "1 out of time (not graded)" in proc.stdout
    again = nngrade(*args)  # the backstop was nngrade's doing, not the file's: graded again
    assert "0 unchanged" in again.stdout
    assert count(out) == 2
