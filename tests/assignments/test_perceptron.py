"""Messages and details of the perceptron assignment, end to end, on real notebook files."""

from __future__ import annotations

import importlib.util
import warnings

import pytest

from nngrade.reference import perceptron
from tests.assignments.grading import (
    ASSIGNMENTS,
    FIXTURES,
    graded,
    messages,
)

HOME = ASSIGNMENTS / "perceptron"
CASES = FIXTURES / "perceptron"


def test_messages_name_the_gate_call_and_the_expected_output():
    text = messages(graded(CASES / "mistake_nand_threshold_sign.ipynb"))
    assert "NAND(0, 0) is 0, expected 1." in text
    text = messages(graded(CASES / "mistake_parameters_without_biases.ipynb"))
    assert "count_parameters([3, 4, 2]) is 20, expected 26." in text


def test_real_inputs_of_the_gate_tests_keep_away_from_every_threshold():
    """So that rounding (0.1 + 0.2 ≠ 0.3) never decides a graded answer."""
    path = HOME / "tests" / "test_gates.py"
    spec = importlib.util.spec_from_file_location("perceptron_test_gates", path)
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():  # its @task marks are registered only in grading runs
        warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
        spec.loader.exec_module(module)
    for w1, w2, theta in (perceptron.AND_PARAMS, perceptron.OR_PARAMS, perceptron.NAND_PARAMS):
        for x1, x2 in module.REAL_INPUTS:
            assert abs(w1 * x1 + w2 * x2 - theta) >= 0.05 - 1e-12
