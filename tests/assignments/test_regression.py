"""`nngrade submit` on the regression assignment, end to end, on real notebook files."""

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

HOME = ASSIGNMENTS / "regression"
CASES = FIXTURES / "regression"


def test_solution_scores_full_marks():
    assert_full_marks(graded(HOME / "solution.ipynb"), 6)


def test_untouched_template_scores_zero_with_not_implemented_messages():
    assert_template_scores_zero(graded(HOME / "regression.ipynb"))


def test_lecture_code_typed_in_scores_full_marks():
    """Seed 002's scikit-learn LinearRegression and r2_score; gradient descent as in seed 001."""
    assert_full_marks(graded(CASES / "lecture_code.ipynb"), 6)


@pytest.mark.parametrize(
    ("notebook", "lost"),
    [
        ("mistake_no_intercept_column.ipynb", {"normal_equation"}),
        ("mistake_intercept_not_converted_back.ipynb", {"gradient_descent"}),
        ("mistake_standardise_in_place.ipynb", {"gradient_descent"}),
    ],
)
def test_realistic_mistake_loses_exactly_its_tasks(notebook, lost):
    results = graded(CASES / notebook)
    assert lost_tasks(results) == lost, messages(results)


def test_standardising_in_place_is_told_to_work_on_a_copy():
    text = messages(graded(CASES / "mistake_standardise_in_place.ipynb"))
    assert "fit_gradient_descent changed its input `x`" in text
