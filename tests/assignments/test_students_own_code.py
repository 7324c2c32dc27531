"""Issue 21 (part B): every lab graded as its students write it — their own names, the
lecture's signatures (one-array gates, softmax without `axis`, `gradient_descent(learning_rate)`)
and classes (`MLP().predict`, `LinearRegression().fit`, gates built as objects).

Each fixture under `fixtures/own/` is a `.py` file written as a student writes it, graded
through the CLI (`nngrade submit --format json`, hidden tests included). The expected score of
each task is what a teaching assistant gives from the task's text: the code's computation is
right, so the task earns its points whatever the code's names and form; what it does not
define, or computes wrongly, earns nothing.
"""

from __future__ import annotations

import time

import pytest

from tests.assignments.grading import FIXTURES, messages
from tests.helpers import run_nngrade

OWN = FIXTURES / "own"

# fixture -> (assignment, the TA's score by task; every other task scores 0)
TA_SCORES = {
    "perceptron_one_array_gates.py": (
        "perceptron",
        {"gates": 3, "xor": 1, "parameters": 2},  # AND(x) over one array; count_params
    ),
    "perceptron_and_or_only.py": ("perceptron", {"gates": 2}),  # NAND missing: no hint
    "activations_near_misses.py": (
        "activations",
        # relu's own tests, visible and hidden (one hidden test per function: issue 21);
        # `mean_squeared_error` is hinted, not graded
        {"activations": 0.5},
    ),
    "perceptron_gate_objects.py": (
        "perceptron",
        {"gates": 3, "xor": 1},  # AND = Perceptron(...) with .output; LogicGates().XOR
    ),
    "activations_own_names.py": (
        "activations",
        # step_function, hyperbolic_tangent, ReLU; softmax of one vector only (½ + ½ of 2);
        # sigmoid_derivative, relu_derivative, ...; mse and rmse without the library: 1 of the
        # visible 1.5 and their own hidden tests, 0.375 of 0.5 (one per function: issue 21)
        {"activations": 2, "leaky_relu_elu": 1, "softmax": 1, "derivatives": 2, "mse_rmse": 1.375},
    ),
    "activations_softmax_rows.py": (
        "activations",
        {"softmax": 2},  # softmax(x) over the last axis, graded on each axis a test asks for
    ),
    "gradient-descent_lecture_signature.py": (
        "gradient-descent",
        # gradient_descent(learning_rate) reading the lecture's globals x, gradient,
        # max_iterations; bowl_function and neg_gradient
        {"trajectory": 2, "bowl": 1, "quiver": 1},
    ),
    "regression_linear_regression_class.py": (
        "regression",
        # LinearRegression().fit keeps slope and intercept; .predict; r_squared
        {"normal_equation": 2, "predict": 1, "r2": 1},
    ),
    "hw6_class_mlp.py": (
        "hw6",
        # class MLP: forward/predict return the three layers, train is per-sample backprop
        {"activations": 2, "sigmoid_deriv": 1, "forward": 2, "train": 3},
    ),
}


def _submit(name: str) -> tuple[dict, float]:
    import json

    assignment = TA_SCORES[name][0]
    started = time.monotonic()
    proc = run_nngrade(
        *("submit", OWN / name, "--assignment", assignment, "--format", "json"),
        *("--seed", "7", "--lang", "en"),
    )
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), seconds


_graded: dict[str, tuple[dict, float]] = {}


def graded(name: str) -> dict:
    if name not in _graded:
        _graded[name] = _submit(name)
    return _graded[name][0]


@pytest.mark.parametrize("name", sorted(TA_SCORES))
def test_students_own_code_earns_the_teaching_assistants_score_task_by_task(name):
    results = graded(name)
    want = TA_SCORES[name][1]
    got = {t["name"]: t["earned"] for t in results["tasks"]}
    assert got == {task: float(want.get(task, 0)) for task in got}, messages(results)
    assert _graded[name][1] < 60


def test_a_one_array_gate_is_called_with_the_inputs_as_one_array():
    text = messages(graded("perceptron_one_array_gates.py"))
    assert "TypeError" not in text


def test_a_method_of_a_class_is_graded_with_a_note_that_names_it():
    notes = " ".join(graded("hw6_class_mlp.py")["notes"])
    assert "`MLP().predict`" in notes and "`MLP().train`" in notes
    notes = " ".join(graded("regression_linear_regression_class.py")["notes"])
    assert "`LinearRegression().fit`" in notes and "`slope`, `intercept`" in notes


def test_a_gate_built_as_an_object_is_called_through_its_method_with_a_note():
    notes = " ".join(graded("perceptron_gate_objects.py")["notes"])
    assert "`AND` is an object of your class `Perceptron`" in notes
    assert "`LogicGates().XOR`" in notes


def test_the_not_defined_message_mentions_the_students_classes():
    text = messages(graded("regression_linear_regression_class.py"))
    assert "`fit_gradient_descent` is not defined" in text
    assert "classes (`LinearRegression`)" in text


def test_a_softmax_without_axis_is_told_about_axis():
    notes = " ".join(graded("activations_softmax_rows.py")["notes"])
    assert "no parameter `axis`" in notes
    text = messages(graded("activations_own_names.py"))  # one vector only: the batch fails
    assert "along `axis`" in text


def test_near_miss_hints_stay_within_the_family_of_the_function_they_name():
    text = messages(graded("perceptron_and_or_only.py")) + messages(
        graded("activations_near_misses.py")
    )
    assert "defines `mean_squeared_error`" in text
    assert "name it `mean_squared_error`" in text
    for wrong in ("name it `root_mean_squared_error`", "name it `elu`", "name it `NAND`"):
        assert wrong not in text
