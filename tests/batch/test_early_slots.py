"""The grader slots start before the submissions are found (issue 23): they warm while
`discover` and `plan` run, learn the run's seed with their first job, and none outlives a run
that stops early (a usage error, nothing to grade) or has fewer submissions than slots.

Each run here is watched from a subreaper (Linux): a process the run left behind would be
handed to it, not to init, and is listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.batch.support import make_class, rows

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a subreaper is Linux's")

WATCH = textwrap.dedent(
    """
    import ctypes, json, os, subprocess, sys, time
    import psutil

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "nngrade.cli", *sys.argv[1:]],
                          capture_output=True, text=True, env=env)
    deadline = time.monotonic() + 10  # a fork server notices its slot is gone
    while True:
        while True:  # reap what was handed to us and has ended
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        left = [" ".join(p.cmdline()[:4]) for p in psutil.Process().children(recursive=True)
                if p.status() != psutil.STATUS_ZOMBIE]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    print(json.dumps({"code": proc.returncode, "stderr": proc.stderr, "left": left}))
    """
)


def watched(*args: str | Path) -> dict:
    """`nngrade *args` run from a subreaper: its exit code, its stderr, what it left behind."""
    proc = subprocess.run(
        [sys.executable, "-c", WATCH, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_nothing_to_grade_leaves_no_grader_process_behind(tmp_path, fast_hw6):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no notebooks here")
    seen = watched("grade", "hw6", tmp_path / "empty", "--assignments", fast_hw6,
                   "--out", tmp_path / "out", "-j", "2")  # fmt: skip
    assert seen["code"] == 2 and "nothing to grade here" in seen["stderr"]
    assert len(seen["stderr"].strip().splitlines()) == 1
    assert seen["left"] == []
    assert not (tmp_path / "out").exists()


def test_a_bad_student_pattern_leaves_no_grader_process_behind(tmp_path, fast_hw6):
    folder = make_class(tmp_path / "submissions", ["alice"])
    seen = watched("grade", "hw6", folder, "--assignments", fast_hw6, "--out", tmp_path / "out",
                   "--student-pattern", "(x")  # fmt: skip
    assert seen["code"] == 2 and "not a valid regex" in seen["stderr"]
    assert seen["left"] == []


def test_slots_started_before_the_seed_grade_with_it(tmp_path, fast_hw6):
    """More slots than submissions: the spare one is stopped, the others get the seed."""
    folder = make_class(tmp_path / "submissions", ["alice", "bob"])
    out = tmp_path / "out"
    seen = watched("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out,
                   "--seed", "5", "-j", "3", "--lang", "en")  # fmt: skip
    assert seen["code"] == 0, seen["stderr"]
    assert seen["left"] == []
    found = {s: (json.loads(r)["seed"], score) for s, r, score in
             rows(out, "SELECT student, results_json, score FROM submissions")}  # fmt: skip
    assert found == {"alice": (5, 14.0), "bob": (5, 13.0)}
    # Again, with nothing left to grade: every slot is stopped unused.
    again = watched("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out,
                    "-j", "2")  # fmt: skip
    assert again["code"] == 0, again["stderr"]
    assert again["left"] == []


def test_an_output_folder_that_cannot_be_made_is_one_line_and_no_grader_is_left(tmp_path, fast_hw6):
    folder = make_class(tmp_path / "submissions", ["alice"])
    (tmp_path / "a-file").write_text("not a folder")
    seen = watched("grade", "hw6", folder, "--assignments", fast_hw6,
                   "--out", tmp_path / "a-file" / "out")  # fmt: skip
    assert seen["code"] == 2, seen["stderr"]
    assert seen["stderr"].strip().splitlines() == [
        f"nngrade: {tmp_path / 'a-file' / 'out'}: cannot write here (Not a directory)"
    ]
    assert seen["left"] == []


def test_a_slot_asks_for_one_blas_thread_unless_the_instructor_chose_a_count(monkeypatch):
    from nngrade.batch.runner import one_blas_thread

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "4")
    one_blas_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1" and os.environ["OMP_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "4"
