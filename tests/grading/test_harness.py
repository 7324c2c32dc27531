"""One Grader (its TestHarness and pool) grades submission after submission: each gets exactly
what a fresh run gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nngrade.assignment import load_assignment
from nngrade.batch.runner import GradingConfig, SlotGrader
from nngrade.engine import grade, grade_file
from nngrade.errors import NngradeError
from nngrade.grader import Grader
from nngrade.submission import load_submission
from tests.helpers import HW6, run_nngrade

FIXTURES = Path(__file__).resolve().parent.parent / "cli" / "fixtures"


def _scores(results) -> dict[str, tuple[str, float]]:
    return {t.id: (t.outcome, t.points) for task in results.tasks for t in task.tests}


def test_one_harness_grades_one_submission_after_another_as_fresh_runs_do():
    assignment = load_assignment(HW6)
    order = [
        HW6 / "solution.ipynb",
        HW6 / "hw6.ipynb",
        FIXTURES / "mistake_mean_loss.ipynb",
        FIXTURES / "cheater.ipynb",
        HW6 / "solution.ipynb",
    ]
    with Grader(assignment, pool=1) as grader:
        warm = [grade(load_submission(p), grader, seed=5) for p in order]
    fresh = [grade_file(p, assignment=assignment, seed=5) for p in order]
    assert [r.score for r in warm] == [r.score for r in fresh]
    assert [_scores(r) for r in warm] == [_scores(r) for r in fresh]
    assert warm[0].score == warm[-1].score == 14
    assert warm[1].score == warm[3].score == 0


def test_a_broken_test_file_stops_every_submission_with_one_clear_line(tmp_path):
    (tmp_path / "test_broken.py").write_text("def test_oops(student:\n    pass\n")
    assignment = load_assignment(HW6)
    with Grader(assignment, (tmp_path,), pool=1) as grader:
        for _ in range(2):  # the session stays answerable after the first refusal
            with pytest.raises(NngradeError, match="tests cannot run: .*test_broken.py"):
                grade(load_submission(HW6 / "solution.ipynb"), grader)


def test_submit_with_a_broken_hidden_test_says_so_without_a_traceback(tmp_path):
    (tmp_path / "test_broken.py").write_text("import no_such_module_here\n")
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "--tests", tmp_path, "--lang", "en")
    assert proc.returncode == 2
    assert "the assignment's tests cannot run" in proc.stderr
    assert "no_such_module_here" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_a_test_that_ends_pytest_fails_that_submission_and_the_slot_starts_a_new_session(
    tmp_path,
):
    (tmp_path / "test_exit.py").write_text(
        "import pytest\n"
        "from nngrade.testing import task\n\n"
        "@task('loss', points=1)\n"
        "def test_stops_everything_for_one_notebook(student):\n"
        "    if 'please_exit' in student:\n"
        "        pytest.exit('instructor bug')\n"
    )
    exits = tmp_path / "exits.ipynb"
    notebook = json.loads((HW6 / "solution.ipynb").read_text(encoding="utf-8"))
    notebook["cells"].append(nbformat_cell("please_exit = True"))
    exits.write_text(json.dumps(notebook), encoding="utf-8")
    config = GradingConfig(str(HW6), (str(tmp_path),), seed=1, lang="en", timeout=120)
    grader = SlotGrader(config)
    try:
        first, _ = grader.grade(str(exits), label="a", student="a", sha256="")
        second, _ = grader.grade(str(HW6 / "solution.ipynb"), label="b", student="b", sha256="")
    finally:
        grader.close()
    assert first["status"] == "error"
    assert "tests stopped running: Exit: instructor bug" in first["error"]
    assert second["status"] == "graded" and second["score"] == second["max_score"]


def nbformat_cell(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": source}  # fmt: skip


def test_a_conftest_above_the_assignment_is_never_loaded(tmp_path):
    """A conftest.py planted above the tests (as in /tmp, where Dask unpacks them) that would
    pass every test is not loaded: pytest's confcutdir is the tests folder."""
    import json
    import shutil

    from tests.helpers import HW6, run_nngrade

    course = tmp_path / "course"
    shutil.copytree(HW6, course / "hw6")
    plant = (
        "import pytest\n\n"
        "@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_pyfunc_call(pyfuncitem):\n"
        "    return True  # the test body never runs\n"
    )
    for folder in (tmp_path, course, course / "hw6"):
        (folder / "conftest.py").write_text(plant)
    proc = run_nngrade("submit", HW6 / "hw6.ipynb", "--assignments", course, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["score"] == 0
