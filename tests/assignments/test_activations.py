"""`nngrade submit` on the activations assignment, end to end, on real notebook files."""

from __future__ import annotations

import pytest

from tests.assignments.grading import (
    ASSIGNMENTS,
    FIXTURES,
    assert_full_marks,
    assert_template_scores_zero,
    graded,
    lost_tasks,
    messages,
)

HOME = ASSIGNMENTS / "activations"
CASES = FIXTURES / "activations"


def test_solution_scores_full_marks():
    assert_full_marks(graded(HOME / "solution.ipynb"), 14)


def test_untouched_template_scores_zero_with_not_implemented_messages():
    assert_template_scores_zero(graded(HOME / "activations.ipynb"))


def test_lecture_code_typed_in_scores_full_marks():
    """Seed 001's step and sigmoid, seed 003's MSE and RMSE loops and its scikit-learn RMSE,
    whose `from sklearn.metrics import mean_squared_error` replaces the student's own function
    in the notebook: only values are graded, so that still passes."""
    assert_full_marks(graded(CASES / "lecture_code.ipynb"), 14)


@pytest.mark.parametrize(
    ("notebook", "lost"),
    [
        ("mistake_sigmoid_grad_of_output.ipynb", {"derivatives"}),
        ("mistake_softmax_without_shift.ipynb", {"softmax"}),
        # the same wrong slope in the function and in its derivative
        ("mistake_leaky_slope_0_01.ipynb", {"leaky_relu_elu", "derivatives"}),
        ("mistake_bce_sum.ipynb", {"cross_entropy"}),
    ],
)
def test_realistic_mistake_loses_exactly_its_tasks(notebook, lost):
    results = graded(CASES / notebook)
    assert lost_tasks(results) == lost, messages(results)


def test_unstable_softmax_is_told_where_the_nan_is():
    text = messages(graded(CASES / "mistake_softmax_without_shift.ipynb"))
    assert "softmax(x) contains NaN at [0] for input [1000, 1001, 1002]" in text
