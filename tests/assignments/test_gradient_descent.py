"""Messages and details of the gradient-descent assignment, end to end, on real notebook files."""

from __future__ import annotations

import importlib.util
import warnings

import pytest

from nngrade.reference import optim
from tests.assignments.grading import (
    ASSIGNMENTS,
    FIXTURES,
    graded,
    messages,
)

HOME = ASSIGNMENTS / "gradient-descent"
CASES = FIXTURES / "gradient-descent"


def test_messages_say_how_to_fix_the_stopping_rule_and_the_in_place_update():
    text = messages(graded(CASES / "mistake_stop_before_append.ipynb"))
    assert "took 25 steps, expected 26" in text and "keep that step in the list" in text
    text = messages(graded(CASES / "mistake_in_place_update.ipynb"))
    assert "x = x - learning_rate * gradient(x)" in text


def test_precision_cases_stop_far_from_the_boundary():
    """The stopping rule can be written with |x_new − x| or with |learning_rate·gradient(x)|;
    they differ by rounding only, so every graded run must stop clear of the threshold."""
    path = HOME / "tests" / "test_precision.py"
    spec = importlib.util.spec_from_file_location("gradient_descent_test_precision", path)
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():  # its @task marks are registered only in grading runs
        warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
        spec.loader.exec_module(module)
    lecture = (2.0, -6.0, 10.0, 0.2, 0.00001, 100)
    for a, b, x0, lr, precision, max_iterations in [lecture, *module.OTHER_CASES]:
        xs = optim.gradient_descent_with_precision(
            optim.seed_gradient if (a, b) == (2.0, -6.0) else (lambda x, a=a, b=b: a * x + b),
            x0,
            lr,
            precision,
            max_iterations,
        )
        steps = [abs(new - old) for old, new in zip([x0, *xs], xs, strict=False)]
        assert all(s >= 1.3 * precision for s in steps[:-1])
        assert len(xs) == max_iterations or steps[-1] <= 0.8 * precision
