"""Hidden tests are part of an assignment: they cost their points wherever the official grade
is made (`nngrade submit` with them, `nngrade grade`, the Gradescope zip, the Classroom
workflow variant that checks them out), and a student's install without them says how many
points are left to them. The assignment is an instructor's own (`fixtures/course/scale`): its
visible tests have fixed inputs, and `lookup.ipynb` answers them with a table, so it fails
the hidden `double` test (1 point) and scores 4/5."""

from __future__ import annotations

import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import run_nngrade

FIXTURES = Path(__file__).parent / "fixtures"
COURSE = FIXTURES / "course"
SCALE = COURSE / "scale"
LOOKUP = FIXTURES / "submissions_scale" / "lookup.ipynb"


def visible_only_course(tmp_path: Path) -> Path:
    """The course as a student's install has it: no hidden/ folder."""
    course = tmp_path / "student-course"
    shutil.copytree(SCALE, course / "scale", ignore=shutil.ignore_patterns("hidden", "solution*"))
    return course


def graded_json(*args: str | Path) -> dict:
    proc = run_nngrade("submit", *args, "--format", "json", "--seed", "3")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_failing_hidden_test_costs_its_points():
    results = graded_json(LOOKUP, "--assignments", COURSE)
    assert (results["score"], results["max_score"]) == (4, 5)
    double = next(t for t in results["tasks"] if t["name"] == "double")
    assert (double["earned"], double["points"], double["ungraded"]) == (2, 3, 0)
    (hidden,) = [t for t in double["tests"] if t["hidden"]]
    assert hidden["outcome"] == "failed" and hidden["message"] == ""


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        # issue 24: said in the score panel, so that full visible marks read as full
        ("en", "Score: 3/3 visible · 2 more points from hidden tests after the deadline"),
        ("ko", "점수: 공개 테스트 3/3점 · 나머지 2점은 마감 후 숨은 테스트로 채점"),
    ],
)
def test_without_the_hidden_tests_a_student_is_told_what_remains(tmp_path, lang, line):
    course = visible_only_course(tmp_path)
    proc = run_nngrade("submit", LOOKUP, "--assignments", course, "--lang", lang, "--seed", "3")
    assert proc.returncode == 0, proc.stderr
    assert line in proc.stdout
    results = graded_json(LOOKUP, "--assignments", course)
    assert (results["score"], results["max_score"]) == (3, 5)
    assert [t["ungraded"] for t in results["tasks"]] == [1, 1]


def write_scale(tmp_path: Path, edit) -> Path:
    course = tmp_path / "course"
    shutil.copytree(SCALE, course / "scale")
    edit(course / "scale")
    return course


def test_assign_refuses_points_that_do_not_add_up_before_writing(tmp_path):
    def more_points(folder: Path) -> None:
        toml = folder / "assignment.toml"
        toml.write_text(toml.read_text().replace("points = 2", "points = 4"), encoding="utf-8")

    course = write_scale(tmp_path, more_points)
    out = tmp_path / "scale.ipynb"
    proc = run_nngrade(
        "assign", course / "scale" / "solution.ipynb", "-o", out, "--assignments", course
    )
    assert proc.returncode == 2
    assert "task 'square': the tests in tests/ and hidden/ add up to 2 points" in proc.stderr
    assert "gives the task 4" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_assign_refuses_a_test_of_an_unknown_task_before_writing(tmp_path):
    def bad_name(folder: Path) -> None:
        test = folder / "hidden" / "test_hidden_scale.py"
        test.write_text(test.read_text().replace('@task("square"', '@task("sqaure"'))

    course = write_scale(tmp_path, bad_name)
    out = tmp_path / "scale.ipynb"
    proc = run_nngrade(
        "assign", course / "scale" / "solution.ipynb", "-o", out, "--assignments", course
    )
    assert proc.returncode == 2
    assert "task 'sqaure' is not in assignment.toml (its tasks: double, square)" in proc.stderr
    assert not out.exists()


def test_grading_refuses_an_assignment_whose_points_do_not_add_up(tmp_path):
    def fewer_points(folder: Path) -> None:
        toml = folder / "assignment.toml"
        toml.write_text(toml.read_text().replace("points = 3", "points = 2"), encoding="utf-8")

    course = write_scale(tmp_path, fewer_points)
    proc = run_nngrade("submit", LOOKUP, "--assignments", course)
    assert proc.returncode == 2
    assert "task 'double': the tests in tests/ and hidden/ add up to 3 points" in proc.stderr


def test_batch_grading_counts_the_hidden_tests(tmp_path):
    subs = tmp_path / "submissions"
    subs.mkdir()
    shutil.copy(LOOKUP, subs / "kim_scale.ipynb")
    shutil.copy(SCALE / "solution.ipynb", subs / "lee_scale.ipynb")
    out = tmp_path / "grades"
    proc = run_nngrade(
        "grade", "scale", subs, "--assignments", COURSE, "-j", "1", "--out", out, "--seed", "3"
    )
    assert proc.returncode == 0, proc.stderr
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    totals = {student: float(row["total"]) for student, row in rows.items()}
    assert totals == {"kim": 4.0, "lee": 5.0}, rows


def test_gradescope_zip_grades_a_custom_assignment_with_its_hidden_tests(tmp_path):
    zip_path = tmp_path / "ag.zip"
    proc = run_nngrade(
        "gradescope", "scale", "--assignments", COURSE, "-o", zip_path, "--lang", "ko"
    )
    assert proc.returncode == 0, proc.stderr
    # Gradescope's layout: the zip unpacked in source/, run_autograder beside it.
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        archive.extractall(root / "source")
    assert "assignments/scale/hidden/test_hidden_scale.py" in names
    assert "assignments/scale/tests/test_scale.py" in names
    assert not [n for n in names if "solution" in n]
    setup = (root / "source" / "setup.sh").read_text(encoding="utf-8")
    from nngrade import __version__

    # nngrade itself travels in the zip: the wheel of its maker (issue 22).
    assert f"WHEEL=dist/nngrade-{__version__}-py3-none-any.whl" in setup
    assert f"dist/nngrade-{__version__}-py3-none-any.whl" in names
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    shutil.copy(LOOKUP, root / "submission" / "scale.ipynb")
    env = {
        **os.environ,
        "AUTOGRADER_ROOT": str(root),
        # The nngrade of this environment, and nothing from the project's own course.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("NNGRADE_ASSIGNMENTS", None)
    proc = subprocess.run(
        [str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 4, results
    assert [t["max_score"] for t in results["tests"]] == [3, 2]
    assert "숨은 테스트: 1개 중 0개 통과" in results["tests"][0]["output"]  # --lang ko


def classroom_grade_step(workflow: Path) -> str:
    yaml = pytest.importorskip("yaml")
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["run-autograding-tests"][
        "steps"
    ]
    (grade,) = [s for s in steps if s.get("id") == "nngrade"]
    return grade["run"]


def run_classroom_step(repo: Path, script: str) -> dict:
    """Run the workflow's grading step in the repository, as GitHub would; its result."""
    output = repo / "github_output"
    output.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "GITHUB_OUTPUT": str(output),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("NNGRADE_ASSIGNMENTS", None)
    proc = subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    (line,) = [x for x in output.read_text().splitlines() if x.startswith("result=")]
    return json.loads(base64.b64decode(line.removeprefix("result=")))


def test_classroom_starter_repository_grades_with_the_visible_tests(tmp_path):
    repo = tmp_path / "repo"
    proc = run_nngrade("classroom", "init", "scale", repo, "--assignments", COURSE)
    assert proc.returncode == 0, proc.stderr
    assert (repo / "scale.ipynb").is_file()
    assert (repo / ".nngrade" / "scale" / "tests" / "test_scale.py").is_file()
    assert not (repo / ".nngrade" / "scale" / "hidden").exists()
    assert not list(repo.rglob("solution*"))
    shutil.copy(LOOKUP, repo / "scale.ipynb")  # the student's work, pushed
    result = run_classroom_step(
        repo, classroom_grade_step(repo / ".github/workflows/classroom.yml")
    )
    # Visible tests only: Classroom records 3/3, and each task says what is left.
    assert (sum(t["score"] for t in result["tests"]), result["max_score"]) == (3, 3)
    assert result["status"] == "pass"
    assert "2 more points are graded by hidden tests" in result["tests"][0]["message"]


def test_classroom_hidden_tests_variant_costs_their_points(tmp_path):
    repo = tmp_path / "repo"
    proc = run_nngrade(
        "classroom", "init", "scale", repo, "--assignments", COURSE, "--hidden-repo", "org/grading"
    )
    assert proc.returncode == 0, proc.stderr
    workflow = (repo / ".github/workflows/classroom.yml").read_text(encoding="utf-8")
    assert "repository: org/grading" in workflow
    assert "token: ${{ secrets.NNGRADE_TESTS_TOKEN }}" in workflow
    shutil.copy(LOOKUP, repo / "scale.ipynb")
    # What the checkout step brings: the private repository with the whole assignment folder.
    shutil.copytree(COURSE, repo / ".nngrade-hidden")
    result = run_classroom_step(
        repo, classroom_grade_step(repo / ".github/workflows/classroom.yml")
    )
    assert (sum(t["score"] for t in result["tests"]), result["max_score"]) == (4, 5)
    assert result["status"] == "fail"


def test_an_extra_tests_folder_adds_its_points_to_its_task(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "test_extra_square.py").write_text(
        "from nngrade.testing import check, task\n\n"
        "@task('square', points=1)\n"
        "def test_square_of_minus_two(student):\n"
        "    check.number(student.square(-2.0), 5.0, what='square(-2.0)')  # always fails\n",
        encoding="utf-8",
    )
    results = graded_json(SCALE / "solution.ipynb", "--assignments", COURSE, "--tests", extra)
    assert (results["score"], results["max_score"]) == (5, 6)
    square = next(t for t in results["tasks"] if t["name"] == "square")
    assert (square["earned"], square["points"]) == (2, 3)


def test_a_gradescope_zip_without_hidden_tests_says_so(tmp_path):
    course = visible_only_course(tmp_path)
    proc = run_nngrade("gradescope", "scale", "--assignments", course, "-o", tmp_path / "ag.zip")
    assert proc.returncode == 0, proc.stderr
    assert "no hidden tests for 'scale'" in proc.stderr


def test_a_lookup_table_of_the_visible_cases_earns_no_hidden_point():
    """hw6 answered with a table of the visible tests' fixed inputs (the lecture's numbers),
    no implementation: it passes those few visible tests and no hidden one."""
    results = graded_json(FIXTURES / "lookup_table.ipynb")
    hidden = [t for task in results["tasks"] for t in task["tests"] if t["hidden"]]
    assert hidden and not [t for t in hidden if t["outcome"] == "passed"]
    assert (
        results["score"] == 2.25
    )  # the lecture-number tests: forward 0.5, descent 0.5, backprop 1, loss 0.25
