"""Perceptron oracles beyond the seeds' truth tables."""

from __future__ import annotations

import numpy as np
import pytest

from nngrade.reference import perceptron


def test_gate_fires_only_strictly_above_threshold():
    assert perceptron.gate(1, 0, 0.5, 0.5, 0.5) == 0
    assert perceptron.gate(1, 0, 0.5, 0.5, 0.49) == 1


def test_gates_work_elementwise_on_arrays():
    a = np.array([0, 0, 1, 1])
    b = np.array([0, 1, 0, 1])
    assert perceptron.xor_gate(a, b).tolist() == [0, 1, 1, 0]
    assert perceptron.nand_gate(a, b).tolist() == [1, 1, 1, 0]


def test_gate_returns_python_int_for_scalars():
    assert type(perceptron.and_gate(1, 1)) is int


def test_dense_parameter_count_rejects_a_single_layer():
    with pytest.raises(ValueError):
        perceptron.dense_parameter_count([5])
