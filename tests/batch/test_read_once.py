"""`nngrade grade` reads once (issue 23): in the main process each student's file is read once,
the assignment is loaded once, and the gradebook's latest rows are queried once for all the
exports and the summary. The grader slots read the files to grade them and hand their code
back, so the similarity report needs no second reading.

The command runs as a user runs it, in a subprocess, with counters around the main process's
file reads and loads (the slots are processes of their own, started fresh: not counted).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.batch.support import CLI_FIXTURES, FIXTURES
from tests.helpers import HW6

COUNTING = r"""
import builtins, io, json, pathlib, sys
from collections import Counter

folder = pathlib.Path(sys.argv[1]).resolve()
reads, loads, latest, decoded = Counter(), [], [], []

def counted(path):
    try:
        p = pathlib.Path(path).resolve()
    except TypeError:
        return
    if p.is_relative_to(folder):
        reads[str(p.relative_to(folder))] += 1

real_open = io.open

def open_(file, *a, **k):  # Path.read_bytes and read_text open through io.open too
    if isinstance(file, (str, pathlib.Path)):
        counted(file)
    return real_open(file, *a, **k)

builtins.open = io.open = open_

import nngrade.assignment, nngrade.batch.gradebook as gradebook
from nngrade.results import Results
real_load, real_latest = nngrade.assignment.load_assignment, gradebook.Gradebook.latest
real_from_dict = Results.from_dict.__func__

def from_dict(cls, data):
    decoded.append(1)
    return real_from_dict(cls, data)

Results.from_dict = classmethod(from_dict)

def load_assignment(where):
    loads.append(str(where))
    return real_load(where)

def latest_(self):
    latest.append(1)
    return real_latest(self)

nngrade.assignment.load_assignment = load_assignment
gradebook.Gradebook.latest = latest_

from nngrade.cli import main
code = main(sys.argv[2:])
print("COUNTS " + json.dumps(
    {"reads": reads, "loads": loads, "latest": len(latest), "decoded": len(decoded)}
))
sys.exit(code)
"""


def run_counted(folder: Path, *args: str | Path) -> tuple[subprocess.CompletedProcess, dict]:
    proc = subprocess.run(
        [sys.executable, "-c", COUNTING, str(folder), *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("COUNTS "))
    return proc, json.loads(line.removeprefix("COUNTS "))


def test_grading_a_class_reads_each_file_and_loads_the_assignment_once(tmp_path):
    folder = tmp_path / "class"
    files = {
        "kim/hw6.ipynb": HW6 / "solution.ipynb",
        "lee/hw6.ipynb": CLI_FIXTURES / "mistake_mean_loss.ipynb",
        "park/hw6.py": CLI_FIXTURES / "hw6_module.py",
        "choi/hw6.ipynb": FIXTURES / "malformed.ipynb",
    }
    for rel, source in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / rel)
    out = tmp_path / "out"
    args = ("grade", "hw6", folder, "--out", out, "--seed", "3", "--lang", "en", "-j", "1")

    _, counts = run_counted(folder, *args)

    assert counts["reads"] == {rel: 1 for rel in files}
    assert len(counts["loads"]) == 1  # the error row of `choi` reuses it
    assert counts["latest"] == 1  # grades.csv, Moodle, Canvas, feedback and summary share it
    # Results built from data: once as each result arrives, once per gradebook row read.
    assert counts["decoded"] == 2 * len(files)
    # The code of the three readable files reached the gradebook all the same, from the slot.
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        kept = {
            sha
            for (sha,) in db.execute(
                "SELECT sha256 FROM sources WHERE kind IN ('notebook', 'module')"
            )
        }
        graded = {
            sha for (sha,) in db.execute("SELECT sha256 FROM submissions WHERE status = 'graded'")
        }
    assert graded and kept == graded

    # Run again: nothing to grade, and still one reading of each file (its sha256).
    _, again = run_counted(folder, *args)
    assert again["reads"] == {rel: 1 for rel in files}
    assert len(again["loads"]) == 1 and again["latest"] == 1
    assert again["decoded"] == len(files)  # nothing graded: the rows only
