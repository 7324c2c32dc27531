"""The gradebook on its own: what it stores, what it skips, what counts as a student's latest."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from rich.console import Console

from nngrade.batch import gradebook as gradebook_module
from nngrade.batch.exports import feedback_names, grades_csv
from nngrade.batch.gradebook import FolderLock, Gradebook
from nngrade.batch.summary import build_summary, error_key
from nngrade.errors import UsageError
from nngrade.render.summary import print_summary, render_summary_html
from nngrade.results import Results, SubmissionInfo, TaskResult
from nngrade.results import TestResult as _Test
from tests.helpers import HW6


def results(
    student: str,
    sha: str,
    passed: dict[str, bool],
    *,
    status: str = "graded",
    error: str | None = None,
) -> Results:
    tasks = []
    for name, ok in passed.items():
        tasks.append(
            TaskResult(
                name,
                f"the {name} task",
                2.0,
                [
                    _Test(f"test_{name}.py::test_one", "test_one", name, 1.0, "passed"),
                    _Test(
                        f"test_{name}.py::test_two",
                        "test_two",
                        name,
                        1.0,
                        "passed" if ok else "error",
                        "" if ok else "`predict(...)` raised ValueError: shapes (1,2) and (3,1)",
                    ),
                ],  # fmt: skip
            )
        )
    return Results(
        assignment="hw6",
        title="Chapter 6",
        assignment_version="1",
        submission=SubmissionInfo(path=f"/subs/{student}.ipynb", sha256=sha, student=student),
        seed=7,
        status=status,
        error=error,
        tasks=tasks,
    )


@pytest.fixture
def book(tmp_path):
    with Gradebook(tmp_path / "out") as gb:
        gb.claim("hw6")
        yield gb


def start(book: Gradebook) -> int:
    return book.start_run(
        assignment="hw6",
        assignment_version="1",
        tests_sha256="t",
        seed=7,
        backend="local",
        jobs=1,
        found=0,
    )


def test_record_stores_rows_tasks_tests_and_the_full_json(book):
    run = start(book)
    r = results("kim", "aa", {"forward": True, "loss": False})
    sid = book.record(run, r, size=10, mtime=1.0, tests_sha256="t", duration=0.5)
    db = sqlite3.connect(book.path)
    row = db.execute(
        "SELECT student, status, score, max_score, duration FROM submissions WHERE id = ?", (sid,)
    ).fetchone()
    assert row == ("kim", "graded", 3.0, 4.0, 0.5)
    assert db.execute("SELECT task, earned, passed FROM task_results ORDER BY task").fetchall() == [
        ("forward", 2.0, 1),
        ("loss", 1.0, 0),
    ]
    assert db.execute("SELECT COUNT(*) FROM test_results WHERE outcome = 'error'").fetchone() == (
        1,
    )
    stored = json.loads(db.execute("SELECT results_json FROM submissions").fetchone()[0])
    assert Results.from_dict(stored).to_dict() == r.to_dict()
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_known_skips_standing_gradings_and_retries_failed_ones(book):
    run = start(book)
    book.record(
        run, results("kim", "aa", {"forward": True}), size=1, mtime=1, tests_sha256="t", duration=1
    )
    lost = results("lee", "bb", {"forward": False}, status="error", error="the grader process died")
    book.record(run, lost, size=1, mtime=1, tests_sha256="t", duration=1, retry=True)
    assert book.known() == {("kim", "aa", "1", "t")}


def test_latest_is_the_newest_file_then_the_last_graded(book):
    run = start(book)
    book.record(
        run,
        results("kim", "old", {"forward": False}),
        size=1,
        mtime=100,
        tests_sha256="t",
        duration=1,
    )
    book.record(
        run,
        results("kim", "new", {"forward": True}),
        size=1,
        mtime=200,
        tests_sha256="t",
        duration=1,
    )
    book.record(
        run,
        results("kim", "older", {"forward": False}),
        size=1,
        mtime=50,
        tests_sha256="t",
        duration=1,
    )
    (row,) = book.latest()
    assert row.sha256 == "new"
    book.record(
        run,
        results("kim", "new", {"forward": False}),
        size=1,
        mtime=200,
        tests_sha256="t",
        duration=1,
    )
    assert book.latest()[0].score == 1.0  # --force: same file, graded last


def test_a_gradebook_holds_one_assignment(book, tmp_path):
    with pytest.raises(UsageError, match="holds the grades of 'hw6'"):
        book.claim("hw7")


def test_not_a_gradebook_is_a_one_line_error(tmp_path):
    (tmp_path / "gradebook.sqlite").write_text("this is not sqlite" * 100)
    with pytest.raises(UsageError, match="not a usable gradebook"):
        Gradebook(tmp_path)


def test_folder_lock_refuses_a_second_run(tmp_path):
    with FolderLock(tmp_path), pytest.raises(UsageError, match="in use"), FolderLock(tmp_path):
        pass
    with FolderLock(tmp_path):  # released
        pass


def test_tests_fingerprint_follows_tests_and_points(tmp_path):
    import shutil

    folder = tmp_path / "hw6"
    shutil.copytree(HW6, folder, ignore=shutil.ignore_patterns("__pycache__"))
    first = gradebook_module.tests_fingerprint(folder, folder / "tests", [])
    assert gradebook_module.tests_fingerprint(folder, folder / "tests", []) == first
    (folder / "tests" / "__pycache__").mkdir(exist_ok=True)
    (folder / "tests" / "__pycache__" / "x.pyc").write_bytes(b"junk")
    assert gradebook_module.tests_fingerprint(folder, folder / "tests", []) == first
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "test_more.py").write_text("# hidden")
    assert gradebook_module.tests_fingerprint(folder, folder / "tests", [hidden]) != first
    toml = folder / "assignment.toml"
    toml.write_text(toml.read_text().replace("points = 3", "points = 4", 1))
    assert gradebook_module.tests_fingerprint(folder, folder / "tests", []) != first


def _record_class(book: Gradebook) -> None:
    """kim (4/4), =cmd (3/4, a test raised) and lee (not valid JSON), in one run."""
    run = start(book)
    book.record(
        run,
        results("kim", "a", {"forward": True, "loss": True}),
        size=1,
        mtime=1,
        tests_sha256="t",
        duration=2.5,
    )
    book.record(
        run,
        results("=cmd", "b", {"forward": True, "loss": False}),
        size=1,
        mtime=1,
        tests_sha256="t",
        duration=0.1,
    )
    bad = results(
        "lee",
        "c",
        {"forward": False, "loss": False},
        status="error",
        error="/subs/lee.ipynb: not valid JSON: line 3",
    )
    for task in bad.tasks:  # as error_results makes them: every task at zero
        task.tests.clear()
    book.record(run, bad, size=1, mtime=1, tests_sha256="t", duration=0.0)


def test_csv_and_summary_read_the_latest_rows(book):
    from nngrade.assignment import load_assignment

    _record_class(book)
    assignment = load_assignment(HW6)
    text = grades_csv(book.latest(), assignment)
    lines = text.splitlines()
    assert (
        lines[0]
        == "student,activations,sigmoid_deriv,forward,loss,gradient_descent,backprop,train,total,max,status,cell_errors,time_limits,memory_limits,crashes,path,confinement"
    )
    assert lines[1].startswith("'=cmd,0,0,2,1,0,0,0,3,4,graded,0,0,0,0,")  # a formula stays text
    assert lines[2].startswith("kim,0,0,2,2,0,0,0,4,4,graded,0,0,0,0,")
    assert lines[3] == "lee,0,0,0,0,0,0,0,0,4,error,0,0,0,0,/subs/lee.ipynb,none"

    summary = build_summary(book)
    assert summary.students == 3 and summary.status == {"graded": 2, "error": 1}
    assert sorted(summary.scores) == [3.0, 4.0]
    rates = {t.name: (t.passed, t.total) for t in summary.tasks}
    assert rates == {"forward": (2, 2), "loss": (1, 2)}
    groups = {(g.kind, g.key): g.count for g in summary.errors}
    assert groups[("submission", "not valid JSON: line 3")] == 1
    assert groups[("test error", "`predict(...)` raised ValueError")] == 1
    assert summary.slowest[0].student == "kim"
    page = render_summary_html(summary)
    assert "data:image/png;base64," in page and "&lt;" not in page.split("<body>")[0]
    assert "http://" not in page and "https://" not in page


def test_error_key_groups_by_exception_type():
    assert (
        error_key("`fit(...)` raised ZeroDivisionError: division by zero\n  File ...")
        == "`fit(...)` raised ZeroDivisionError"
    )
    assert error_key("/a/b.ipynb: not valid JSON", "/a/b.ipynb") == "not valid JSON"


def test_feedback_names_are_safe_and_unique():
    names = feedback_names(["kim", "../etc/passwd", "a/b", "a_b", "A_B", ".hidden", ""])
    assert names["../etc/passwd"] == "_etc_passwd"
    assert len(set(n.lower() for n in names.values())) == len(names)
    assert all("/" not in n and not n.startswith(".") for n in names.values())


def test_an_empty_gradebook_still_summarises(book):
    summary = build_summary(book)
    assert summary.students == 0 and summary.mean is None
    assert "<h1>hw6</h1>" in render_summary_html(summary)
    console = Console(record=True, width=100)
    print_summary(summary, console)
    assert "0 students" in console.export_text()


def test_summary_page_in_korean_has_no_english_words_of_its_own(book):
    _record_class(book)
    page = render_summary_html(build_summary(book), "ko")
    assert '<html lang="ko">' in page
    for korean in (
        "점수 분포",
        "문항별 통과율",
        "테스트별 통과율",
        "자주 나온 오류",
        "제출물",
        "테스트 오류 발생",
    ):
        assert korean in page, korean
    text = re.sub(r"<[^>]+>|data:image/png;base64,[A-Za-z0-9+/=]+", " ", page.split("<body>")[1])
    for english in ("Scores", "Pass rate", "Errors seen", "Slowest", "students", "graded"):
        assert english not in text, english


def test_half_points_get_bars_of_their_own():
    import numpy as np

    from nngrade.render.summary import score_bins

    edges, step = score_bins([13.5, 14.0, 14.0, 6.0], 14)
    counts, _ = np.histogram([13.5, 14.0, 14.0, 6.0], bins=edges)
    assert step == 0.5 and counts[27] == 1 and counts[28] == 2  # 13.5 and 14 apart
    edges, step = score_bins([14.0, 6.0], 14)
    assert step == 1.0 and len(edges) == 16


def test_the_gradebook_keeps_one_seed_unless_asked(book):
    assert book.seed(None, 123) == (123, None)  # the first run chooses
    assert book.seed(None, 456) == (123, None)  # later runs reuse it
    assert book.seed(9, 456) == (9, 123)  # --seed replaces it, and says which
    assert book.seed(None, 456) == (9, None)
    assert book.meta("seed") == "9"


def test_a_row_whose_file_is_gone_stops_counting_and_stays_in_history(book):
    run = start(book)
    for student in ("kim", "lee"):
        r = results(student, student * 2, {"forward": True})
        book.record(run, r, size=1, mtime=1, tests_sha256="t", duration=1)
    later = start(book)
    under_subs = lambda path: path.startswith("/subs/")  # noqa: E731
    assert book.reconcile(later, under_subs, {("kim", "/subs/kim.ipynb", "kimkim")}) == 1
    assert [r.student for r in book.latest()] == ["kim"]
    assert book.count() == 2
    back = start(book)  # the file is back: it counts again
    counted = {("kim", "/subs/kim.ipynb", "kimkim"), ("lee", "/subs/lee.ipynb", "leelee")}
    assert book.reconcile(back, under_subs, counted) == 0
    assert [r.student for r in book.latest()] == ["kim", "lee"]
    assert book.reconcile(start(book), lambda path: False, set()) == 0  # not looked for


def test_a_schema_1_gradebook_is_upgraded_in_place(tmp_path):
    import shutil

    from tests.batch.support import FIXTURES

    shutil.copyfile(FIXTURES / "gradebook_schema1.sqlite", tmp_path / "gradebook.sqlite")
    with Gradebook(tmp_path) as gb:
        assert gb.meta("schema_version") == "2"
        rows = {r.student: r for r in gb.latest()}
        assert rows["kim"].run_status == "graded"
        assert (rows["lee"].run_status, rows["lee"].n_time_limits) == ("graded-over-limit", 1)
        assert rows["kim"].shown_path == "kim.ipynb"  # no folder known: the file's name
    with Gradebook(tmp_path) as gb:  # opened again: nothing more to do
        assert len(gb.latest()) == 2


def test_nngrades_own_cell_stops_are_named_in_the_summarys_language():
    from nngrade.batch.summary import ClassSummary, ErrorGroup

    summary = ClassSummary("hw6", "hw6", 14, 2, {"graded": 2}, [14, 12])
    summary.errors = [
        ErrorGroup("cell", "Timeout", 1, ["kim"]),
        ErrorGroup("cell", "ZeroDivisionError", 1, ["lee"]),
    ]
    page = render_summary_html(summary, "ko")
    assert "시간 초과" in page and ">Timeout<" not in page
    assert "ZeroDivisionError" in page  # Python's own names stay as they are
    assert ">Timeout<" in render_summary_html(summary, "en")
