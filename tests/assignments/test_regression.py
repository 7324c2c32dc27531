"""Messages and details of the regression assignment, end to end, on real notebook files."""

from __future__ import annotations

from tests.assignments.grading import (
    ASSIGNMENTS,
    FIXTURES,
    graded,
    messages,
)

HOME = ASSIGNMENTS / "regression"
CASES = FIXTURES / "regression"


def test_standardising_in_place_is_told_to_work_on_a_copy():
    text = messages(graded(CASES / "mistake_standardise_in_place.ipynb"))
    assert "fit_gradient_descent changed its input `x`" in text
