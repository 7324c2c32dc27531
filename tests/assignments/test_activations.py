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
