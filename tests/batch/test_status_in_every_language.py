"""Issue 23: a row's status is read from what happened, never from the words that say it.

The same three crashes are graded twice through the CLI, `--lang en` and `--lang ko`: a test's
call killed with SIGKILL (how the kernel's out-of-memory killer ends a process), a test's call
killed by SIGSEGV, and a top-level statement killed with SIGKILL. Each gets the same status
and the same trouble counts in `grades.csv` in both languages, and its results keep why the
worker died as a catalog key.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.batch.support import CLI_FIXTURES, nngrade, rows

MODULE = (CLI_FIXTURES / "hw6_module.py").read_text(encoding="utf-8")
LOSS = "def loss(y, t):\n    return 0.5 * np.sum((y - t) ** 2)\n"
assert LOSS in MODULE


def killed_in(signal_name: str) -> str:
    """hw6 as a module whose `loss` (called by the tests only) kills its own process."""
    body = f"    import os, signal\n    os.kill(os.getpid(), signal.{signal_name})\n"
    return MODULE.replace(LOSS, "def loss(y, t):\n" + body)


CASES = {
    # student -> (source, status, the trouble column that counts it)
    "memcall": (killed_in("SIGKILL"), "graded-over-limit", "memory_limits"),
    "segvcall": (killed_in("SIGSEGV"), "graded-after-crash", "crashes"),
    "memcell": (
        MODULE + "\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
        "graded-over-limit",
        "memory_limits",
    ),
}
COLUMNS = ("status", "cell_errors", "time_limits", "memory_limits", "crashes")


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, Path]:
    """The class graded once in each language: lang -> the output folder."""
    root = tmp_path_factory.mktemp("crashes")
    for student, (source, _, _) in CASES.items():
        (root / "class" / f"hw6-{student}").mkdir(parents=True)
        (root / "class" / f"hw6-{student}" / "hw6.py").write_text(source, encoding="utf-8")
    outs = {}
    for lang in ("en", "ko"):
        out = root / f"out-{lang}"
        proc = nngrade("grade", "hw6", root / "class", "--out", out, "-j", "2", "--lang", lang)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        outs[lang] = out
    return outs


def grades(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def test_a_crash_has_the_same_status_in_english_and_korean(graded):
    en, ko = grades(graded["en"]), grades(graded["ko"])
    for student, (_, status, column) in CASES.items():
        assert en[student]["status"] == status, (student, en[student])
        assert int(en[student][column]) >= 1, (student, en[student])
        assert {c: ko[student][c] for c in COLUMNS} == {c: en[student][c] for c in COLUMNS}
    for lang in ("en", "ko"):  # the gradebook's own column agrees with the CSV
        statuses = dict(rows(graded[lang], "SELECT student, status FROM latest"))
        assert all(statuses[s].startswith("graded") for s in CASES)


def test_the_results_keep_why_the_worker_died_as_a_key(graded):
    for lang, out in graded.items():
        data = dict(rows(out, "SELECT student, results_json FROM latest"))
        for student, key in (
            ("memcall", "worker_died.killed"),
            ("segvcall", "worker_died.segfault"),
        ):
            results = json.loads(data[student])
            crashed = [
                t for task in results["tasks"] for t in task["tests"] if t["outcome"] == "crashed"
            ]
            assert crashed, (lang, student)
            assert crashed[0]["said"]["key"] == "crashed"
            assert crashed[0]["said"]["fields"]["reason"]["key"] == key
            assert results["lang"] == lang


def error_rows(root: Path, student: str) -> dict[str, dict]:
    """Grade `root/class` with `--lang en` and `--lang ko`: `student`'s results in each run,
    checked to be an error row (in `grades.csv` too) whose reason is a `submission_error`."""
    found = {}
    for lang in ("en", "ko"):
        out = root / f"out-{lang}"
        proc = nngrade("grade", "hw6", root / "class", "--out", out, "--lang", lang)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        results = json.loads(dict(rows(out, "SELECT student, results_json FROM latest"))[student])
        assert results["status"] == "error" and grades(out)[student]["status"] == "error"
        assert results["error_note"]["key"] == "submission_error"
        found[lang] = results
    return found


def test_an_unreadable_submission_row_keeps_why_as_a_key(tmp_path):
    (tmp_path / "class" / "hw6-broken").mkdir(parents=True)
    (tmp_path / "class" / "hw6-broken" / "hw6.ipynb").write_text('{"cells": [', encoding="utf-8")
    found = error_rows(tmp_path, "broken")
    for results in found.values():
        assert results["error_note"]["fields"]["problem"]["key"].startswith("submission_problem.")
    said = {lang: results["error"] for lang, results in found.items()}
    assert said["en"] != said["ko"] and "hw6.ipynb" in said["ko"]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in said["ko"]), said  # written in Korean


def test_a_file_nngrade_cannot_take_keeps_why_as_a_key(tmp_path):
    """A symbolic link in the class (never followed) gets an error row whose reason is a
    catalog key, written in each run's language from the same data."""
    (tmp_path / "secret.txt").write_text("the instructor's own file", encoding="utf-8")
    (tmp_path / "class" / "hw6-mallory").mkdir(parents=True)
    (tmp_path / "class" / "hw6-mallory" / "hw6.ipynb").symlink_to(tmp_path / "secret.txt")
    found = error_rows(tmp_path, "mallory")
    for results in found.values():
        assert results["error_note"]["fields"]["problem"] == {"key": "inputs.symlink", "fields": {}}
    said = {lang: results["error"] for lang, results in found.items()}
    assert "symbolic link" in said["en"] and "hw6.ipynb" in said["ko"]
    assert not any(word in said["ko"] for word in ("symbolic", "link", "not followed")), said
