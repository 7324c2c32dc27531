"""`nngrade submit` end to end, as a student runs it, on real notebook files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import (
    HW6,
    assert_full_marks,
    assert_template_scores_zero,
    lost_tasks,
    messages,
    run_nngrade,
    submit_json,
)

FIXTURES = Path(__file__).parent / "fixtures"


def test_solution_scores_full_marks():
    results = submit_json(HW6 / "solution.ipynb")
    assert_full_marks(results, 14)
    assert results["status"] == "graded"


def test_untouched_template_scores_zero_with_not_implemented_messages():
    assert_template_scores_zero(submit_json(HW6 / "hw6.ipynb"))


@pytest.mark.slow
def test_lecture_code_typed_in_scores_full_marks_and_its_long_training_finishes():
    results = submit_json(FIXTURES / "lecture_code.ipynb")
    assert results["score"] == 14, messages(results)
    assert results["cell_errors"] == []


@pytest.mark.parametrize(
    ("notebook", "lost"),
    [
        # sigmoid_deriv feeds backprop and fit, and predict feeds them too: backprop and train
        # are graded with nngrade's own version of it (issue 13: one bug costs one task),
        # train's 2,000-epoch XOR test included (8,000 served calls)
        ("mistake_deriv_of_input.ipynb", {"sigmoid_deriv"}),
        ("mistake_missing_bias.ipynb", {"forward"}),
        ("mistake_backprop_and_fit.ipynb", {"backprop", "train"}),  # two bugs, two tasks
        ("mistake_mean_loss.ipynb", {"loss"}),
        ("mistake_list_with_x0.ipynb", {"gradient_descent"}),
        ("mistake_syntax_error.ipynb", {"loss"}),
    ],
)
def test_realistic_mistake_loses_exactly_its_tasks(notebook, lost):
    results = submit_json(FIXTURES / notebook)
    assert lost_tasks(results) == lost, messages(results)


def test_syntax_error_cell_is_reported_and_later_cells_still_run():
    results = submit_json(FIXTURES / "mistake_syntax_error.ipynb")
    (error,) = results["cell_errors"]
    assert error["ename"] == "SyntaxError"
    loss_messages = [
        t["message"]
        for task in results["tasks"]
        if task["name"] == "loss"
        for t in task["tests"]
        if not t["hidden"]  # a hidden test's message is never shown
    ]
    assert all(f"cell {error['cell']}" in m and "SyntaxError" in m for m in loss_messages), (
        loss_messages
    )
    assert results["score"] == 13


def test_module_submission_is_graded_like_a_notebook():
    results = submit_json(FIXTURES / "hw6_module.py", "--assignment", "hw6")
    assert results["score"] == 14
    assert results["submission"]["kind"] == "module"


def test_magics_plots_and_pip_lines_run_with_a_note():
    results = submit_json(FIXTURES / "magics.ipynb")
    assert results["score"] == 14
    assert results["cell_errors"] == []
    assert any("pip install numpy" in note for note in results["notes"]), results["notes"]


def test_assignment_is_found_from_the_file_name(tmp_path):
    results = submit_json(FIXTURES / "hw6_kim.ipynb")  # no nngrade metadata
    assert results["assignment"] == "hw6"
    renamed = tmp_path / "kim_hw6.ipynb"
    shutil.copy(FIXTURES / "hw6_kim.ipynb", renamed)
    assert submit_json(renamed)["assignment"] == "hw6"
    unknown = tmp_path / "homework.ipynb"
    shutil.copy(FIXTURES / "hw6_kim.ipynb", unknown)
    proc = run_nngrade("submit", unknown)
    assert proc.returncode == 2 and "--assignment" in proc.stderr and "hw6" in proc.stderr


def test_rich_report_shows_tasks_failures_and_total():
    proc = run_nngrade(
        "submit", FIXTURES / "mistake_mean_loss.ipynb", "--seed", "1", "--lang", "en"
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Score: 13/14" in out
    assert "loss(y, t)" in out and "expected 0.5" not in out
    assert "seed 1" in out
    assert "Traceback" not in out + proc.stderr


def test_report_in_korean():
    proc = run_nngrade("submit", HW6 / "hw6.ipynb", "--seed", "1", "--lang", "ko")
    assert proc.returncode == 0, proc.stderr
    assert "점수: 0/14" in proc.stdout
    assert "아직 구현되지 않았습니다" in proc.stdout


def test_korean_report_describes_the_inputs_in_korean():
    """Failures of mistake_backprop_and_fit name their inputs and what they compare in Korean."""
    proc = run_nngrade(
        "submit", FIXTURES / "mistake_backprop_and_fit.ipynb",
        "--lang", "ko", "--format", "json", "--seed", "7",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    text = messages(results)
    assert "(입력: 임의의 시작점, 학습률 0.5)" in text and "3 에포크 후의 W1" in text, text
    assert "한 단계 후의 W1" in text and "(입력: 샘플 4개의 배치, 층 크기 2-2-1)" in text, text
    # fit is tried with nngrade's own backprop_step too, and still fails: its own mistake
    assert "`backprop_step` (backprop) 대신 채점기의 것을 써도 실패합니다" in text, text
    for english in ("for input", "random start", "learning rate", "after 3 epochs", "batch"):
        assert english not in text, text


def test_seed_replays_the_same_results():
    a = submit_json(FIXTURES / "mistake_mean_loss.ipynb")
    b = submit_json(FIXTURES / "mistake_mean_loss.ipynb")
    assert a["seed"] == b["seed"] == 7
    assert messages(a) == messages(b)


def test_exit_codes():
    assert run_nngrade("submit", HW6 / "hw6.ipynb", "--format", "json").returncode == 0
    below = run_nngrade("submit", HW6 / "hw6.ipynb", "--format", "json", "--fail-under", "14")
    assert below.returncode == 1
    full = run_nngrade("submit", HW6 / "solution.ipynb", "--format", "json", "--fail-under", "14")
    assert full.returncode == 0
    missing = run_nngrade("submit", "no-such-notebook.ipynb")
    assert missing.returncode == 2
    assert "no-such-notebook.ipynb" in missing.stderr and "Traceback" not in missing.stderr
    unknown = run_nngrade("submit", HW6 / "hw6.ipynb", "--assignment", "hw99")
    assert unknown.returncode == 2
    assert "unknown assignment 'hw99'" in unknown.stderr and "hw6" in unknown.stderr
    assert run_nngrade("submit").returncode == 2  # argparse usage error


def test_unreadable_notebook_is_one_line_error(tmp_path):
    broken = tmp_path / "hw6.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    proc = run_nngrade("submit", broken)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and str(broken) in proc.stderr


def test_several_formats_from_one_run(tmp_path):
    proc = run_nngrade(
        "submit", HW6 / "solution.ipynb", "--seed", "3",
        "--format", "json", "-o", tmp_path / "r.json",
        "--format", "rich", "-o", tmp_path / "r.txt",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["score"] == 14
    assert "Score: 14/14" in (tmp_path / "r.txt").read_text()


def test_hidden_tests_show_only_whether_they_passed(tmp_path):
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "test_hidden_loss.py").write_text(
        "from nngrade.testing import check, task\n\n"
        "@task('loss', points=0)\n"
        "def test_secret_loss_value(student):\n"
        "    check.number(student.loss([3.0], [1.0]), 2.0, what='loss([3], [1]) secret-detail')\n",
        encoding="utf-8",
    )
    results = submit_json(FIXTURES / "mistake_mean_loss.ipynb", "--tests", str(hidden))
    hidden_tests = {t["id"]: t for task in results["tasks"] for t in task["tests"] if t["hidden"]}
    test = hidden_tests["test_hidden_loss.py::test_secret_loss_value"]
    assert test["outcome"] != "passed" and test["message"] == ""
    proc = run_nngrade(
        "submit", FIXTURES / "mistake_mean_loss.ipynb", "--tests", hidden, "--lang", "en"
    )
    # hw6's own hidden test of `loss` fails too: the task shows both as a count.
    assert "hidden tests: 0/2 passed" in proc.stdout
    assert "secret-detail" not in proc.stdout


def test_list_shows_assignments_tasks_and_points():
    proc = run_nngrade("list", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "hw6" in proc.stdout and "backprop" in proc.stdout and "14" in proc.stdout


def test_instructor_assignment_folder_outside_the_package(tmp_path):
    mine = tmp_path / "course" / "hw6b"
    shutil.copytree(HW6, mine)
    toml = mine / "assignment.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('id = "hw6"', 'id = "hw6b"'), encoding="utf-8"
    )
    results = submit_json(
        HW6 / "solution.ipynb", "--assignment", "hw6b", "--assignments", str(tmp_path / "course")
    )
    assert results["assignment"] == "hw6b" and results["score"] == 14


def test_a_notebook_that_rigs_the_tools_earns_nothing(tmp_path):
    """Patched np.allclose/isinstance, rigged __eq__, ndarray subclasses, fake PASSED lines,
    fake result files and exits: none of it reaches the grade."""
    notebook = tmp_path / "hw6.ipynb"
    shutil.copy(FIXTURES / "cheater.ipynb", notebook)
    proc = run_nngrade("submit", notebook, "--format", "json", "--seed", "5", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert results["score"] == 0, messages(results)
    outcomes = {t["outcome"] for task in results["tasks"] for t in task["tests"]}
    assert "passed" not in outcomes
    assert "crashed" in outcomes  # os._exit inside backprop_step
    assert [e["ename"] for e in results["cell_errors"]] == ["SystemExit"]


def test_an_endless_function_costs_one_time_limit_not_one_per_test(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(HW6, course / "hw6")
    toml = course / "hw6" / "assignment.toml"
    text = toml.read_text(encoding="utf-8").replace("call_timeout = 10", "call_timeout = 1")
    toml.write_text(text, encoding="utf-8")
    results = submit_json(FIXTURES / "endless_loss.ipynb", "--assignments", str(course))
    (loss,) = [t for t in results["tasks"] if t["name"] == "loss"]
    loss["tests"] = [t for t in loss["tests"] if not t["hidden"]]  # hw6's hidden one: the same
    assert [t["outcome"] for t in loss["tests"]] == ["timeout", "timeout"]
    assert "not run again" in loss["tests"][1]["message"]
    assert lost_tasks(results) == {"loss"}
    # one 1-s limit and one restart, not two (counted, not timed: the machine may be busy)
    assert [(lim["limit"], lim["name"]) for lim in results["limits"]] == [("call_timeout", "loss")]
