"""Every lab's lecture code, typed in as the seeds give it (top-level code, no functions),
graded end to end through the CLI (issue 21, part A).

The fixtures in `tests/assignments/fixtures/lecture/` are the lecture's own scripts: the 1-D
gradient descent loop and the 2-D bowl and quiver (seed 001), scikit-learn's `reg` (seed 002),
the Keras XOR and OR scripts with `epochs=10000`, the MNIST and Fashion-MNIST MLPs (seeds 002
and 000), and a few variants written as students write them. Each gets, task by task, the
points a teaching assistant gives from the task's text: the points of what the code computes.

* gradient descent, 1-D loop: the lecture's example only (its `x`, and its list of x when it
  keeps one): 0.5 of trajectory's 2 (the other tests and the hidden one ask for a function on
  other gradients and arrays); `precision` is declared but never used: 0.
* the 2-D lab: `Z = X**2 + Y**2` on a meshgrid is the bowl task, `U, V = -2X, -2Y` the quiver
  task: full points; arrows uphill lose the quiver.
* regression: the fitted `reg` is the lecture's least-squares line of its own data: the
  lecture-slope test (0.5 of normal_equation's 2); nothing else is a function of the student's.
* Keras: the script's `model` is its lab's model (XOR or OR by its targets `y`, MNIST or
  Fashion-MNIST by its dataset): all that task's points, none of the others'.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_nngrade

LECTURE = ROOT / "tests" / "assignments" / "fixtures" / "lecture"
TIMEOUTS = ROOT / "tests" / "cli" / "fixtures" / "cell_timeouts.ipynb"
LIMIT_S = 180.0
"""Each file is graded within the brief's bound, 3 minutes, whatever its epochs, however busy
the machine (issue 21: the lecture's Keras XOR script took 914 s before its own top-level fit
was bounded; a file takes 12-17 s here alone, and a wall bound any tighter failed once beside
other engineers' work)."""

# (assignment, fixture stem) -> points per task: what a teaching assistant gives.
EXPECTED = {
    ("gradient-descent", "lecture_descent_1d"): {
        "trajectory": 0.5,
        "precision": 0,
        "bowl": 0,
        "quiver": 0,
    },
    ("gradient-descent", "lecture_bowl_quiver"): {
        "trajectory": 0,
        "precision": 0,
        "bowl": 1,
        "quiver": 1,
    },
    # both labs in one file, in the lecture's order: the 2-D lab reuses `x` for an array; the
    # descent's x is the last number `x` held
    ("gradient-descent", "lecture_both_labs"): {
        "trajectory": 0.5,
        "precision": 0,
        "bowl": 1,
        "quiver": 1,
    },
    ("gradient-descent", "student_descent_history"): {
        "trajectory": 0.5,
        "precision": 0,
        "bowl": 0,
        "quiver": 0,
    },
    ("gradient-descent", "student_quiver_uphill"): {
        "trajectory": 0,
        "precision": 0,
        "bowl": 1,
        "quiver": 0,
    },
    ("regression", "lecture_heights"): {
        "normal_equation": 0.5,
        "predict": 0,
        "r2": 0,
        "gradient_descent": 0,
    },
    ("regression", "lecture_linear_reg"): {
        "normal_equation": 0.5,
        "predict": 0,
        "r2": 0,
        "gradient_descent": 0,
    },
    ("regression", "student_wrong_data"): {
        "normal_equation": 0,
        "predict": 0,
        "r2": 0,
        "gradient_descent": 0,
    },
}
KERAS_EXPECTED = {
    "keras_xor": {"xor_model": 3, "or_model": 0, "mnist_mlp": 0, "fashion_mlp": 0},
    "keras_or": {"xor_model": 0, "or_model": 2, "mnist_mlp": 0, "fashion_mlp": 0},
    "keras_mnist": {"xor_model": 0, "or_model": 0, "mnist_mlp": 3, "fashion_mlp": 0},
    "keras_fashion": {"xor_model": 0, "or_model": 0, "mnist_mlp": 0, "fashion_mlp": 3},
}


def grade(assignment: str, stem: str, out: Path) -> tuple[dict, float]:
    """Grade one fixture with `nngrade submit`: its JSON results, and the seconds it took."""
    path = LECTURE / assignment / f"{stem}.py"
    started = time.monotonic()
    proc = run_nngrade(
        "submit", path, "-a", assignment, "--seed", "7", "--lang", "en",
        "--format", "json", "-o", out, timeout=300,
    )  # fmt: skip
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text("utf-8")), seconds


def points(results: dict) -> dict[str, float]:
    return {t["name"]: t["earned"] for t in results["tasks"]}


def failures(results: dict) -> dict[str, str]:
    return {
        t["name"]: t["message"]
        for task in results["tasks"]
        for t in task["tests"]
        if t["outcome"] != "passed"
    }


@pytest.mark.slow
@pytest.mark.parametrize(("assignment", "stem"), list(EXPECTED))
def test_lecture_lab_gets_what_a_teaching_assistant_gives(assignment, stem, tmp_path):
    results, seconds = grade(assignment, stem, tmp_path / "results.json")
    assert points(results) == EXPECTED[assignment, stem], failures(results)
    assert results["cell_errors"] == []
    assert seconds < LIMIT_S


@pytest.mark.slow
def test_the_values_a_test_checks_are_named_in_a_note(tmp_path):
    results, _ = grade("gradient-descent", "lecture_bowl_quiver", tmp_path / "r.json")
    assert any("`negative_gradient` is not defined" in n and "`U`" in n for n in results["notes"])


@pytest.mark.slow
def test_not_defined_names_the_function_and_the_globals_looked_for(tmp_path):
    results, _ = grade("gradient-descent", "lecture_descent_1d", tmp_path / "r.json")
    message = failures(results)["test_negative_gradient_points_downhill"]
    assert "`negative_gradient` is not defined" in message
    assert "`X`, `Y`, `U`, `V`" in message and "none of them is there" in message
    message = failures(results)["test_trajectory_for_another_gradient"]
    assert "`gradient_descent` is not defined" in message
    assert "lecture's own example only" in message


@pytest.mark.slow
def test_a_reg_fitted_on_other_data_than_its_x_fails_with_the_numbers(tmp_path):
    results, _ = grade("regression", "student_wrong_data", tmp_path / "r.json")
    message = failures(results)["test_heights_give_the_lecture_slope_and_intercept"]
    assert "reg.coef_[0]" in message


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(KERAS_EXPECTED), ids=list(KERAS_EXPECTED))
@pytest.mark.tensorflow
@pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs the keras extra")
def test_lecture_keras_script_is_graded_by_its_model_in_bounded_time(stem, tmp_path):
    results, seconds = grade("keras", stem, tmp_path / "results.json")
    assert points(results) == KERAS_EXPECTED[stem], failures(results)
    assert results["cell_errors"] == []
    notes = " ".join(results["notes"])
    assert "ran at most 2 epochs" in notes  # the script's own fit, bounded, said once
    if stem in ("keras_mnist", "keras_fashion"):
        assert "offline stand-in" in notes  # load_data() without a network
    assert seconds < LIMIT_S


@pytest.mark.slow
@pytest.mark.tensorflow
@pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs the keras extra")
def test_keras_scripts_get_the_same_points_beside_two_cpu_burners(tmp_path):
    """The slow files again, beside two processes that burn CPU: the same points."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        for stem in ("keras_xor", "keras_fashion"):
            results, _ = grade("keras", stem, tmp_path / f"{stem}.json")
            assert points(results) == KERAS_EXPECTED[stem], failures(results)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def grade_timeouts(out: Path, assignments: Path) -> dict:
    proc = run_nngrade(
        "submit", TIMEOUTS, "-a", "activations", "--assignments", assignments, "--seed", "7",
        "--lang", "en", "--format", "json", "-o", out, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text("utf-8"))


@pytest.mark.slow
def test_cells_that_time_out_leave_the_other_cells_definitions_idle_and_under_load(tmp_path):
    """Cells 2 (a busy loop) and 4 (a sleep) are stopped at their 2 s limit; the functions of
    cells 1, 3 and 5 are all there, and the same cells stop beside two CPU burners."""
    assignments = tmp_path / "assignments"
    shutil.copytree(ROOT / "assignments" / "activations", assignments / "activations")
    toml = assignments / "activations" / "assignment.toml"
    text = toml.read_text("utf-8") + "\n[limits]\ncell_timeout = 2\nnotebook_timeout = 30\n"
    toml.write_text(text, encoding="utf-8")
    idle = grade_timeouts(tmp_path / "idle.json", assignments)
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        busy = grade_timeouts(tmp_path / "busy.json", assignments)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    for results in (idle, busy):
        assert points(results)["activations"] == 2, failures(results)  # 1, 3 and 5 all there
        stopped = [(e["cell"], e["ename"]) for e in results["cell_errors"]]
        assert stopped == [(2, "Timeout"), (4, "Timeout")]
    assert points(idle) == points(busy)
