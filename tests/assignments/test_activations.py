"""Messages and details of the activations assignment, end to end, on real notebook files."""

from __future__ import annotations

from tests.assignments.grading import (
    ASSIGNMENTS,
    FIXTURES,
    graded,
    messages,
)

HOME = ASSIGNMENTS / "activations"
CASES = FIXTURES / "activations"


def test_unstable_softmax_is_told_where_the_nan_is():
    text = messages(graded(CASES / "mistake_softmax_without_shift.ipynb"))
    assert "softmax(x) contains NaN at [0] for input [1000, 1001, 1002]" in text


def test_a_missing_tanh_costs_tanhs_points_only_visible_and_hidden():
    # issue 21: one hidden test per function, as the visible ones are.
    results = graded(CASES / "student_without_tanh.ipynb")
    earned = {t["name"]: t["earned"] for t in results["tasks"]}
    assert earned["activations"] == 1.5  # of 2: tanh's visible 0.25 and hidden 0.25
    lost = {
        t["name"] for task in results["tasks"] for t in task["tests"] if t["outcome"] != "passed"
    }
    assert lost == {"test_tanh_matches_reference", "test_hidden_tanh_on_unseen_shapes"}


def test_tanh_by_its_formula_is_not_asked_to_survive_1000():
    # issue 21: the task asks that of sigmoid only; (e^x − e^−x)/(e^x + e^−x) is NaN there.
    results = graded(CASES / "student_tanh_formula.ipynb")
    assert {t["name"]: t["earned"] for t in results["tasks"]}["activations"] == 2
