"""Gradient-descent oracles beyond the seed's worked trajectory."""

from __future__ import annotations

import numpy as np

from nngrade.reference import optim


def test_gradient_descent_excludes_x0_and_has_max_iterations_entries():
    xs = optim.gradient_descent(lambda x: 2 * x, 1.0, 0.25, 3)
    assert xs == [0.5, 0.25, 0.125]


def test_gradient_descent_zero_iterations_gives_empty_list():
    assert optim.gradient_descent(optim.seed_gradient, 10, 0.2, 0) == []


def test_gradient_descent_on_arrays_copies_and_keeps_x0():
    x0 = np.array([3.0, -4.0])
    xs = optim.gradient_descent(lambda v: 2 * v, x0, 0.25, 2)
    assert np.array_equal(x0, [3.0, -4.0])
    assert np.array_equal(xs[0], [1.5, -2.0]) and np.array_equal(xs[1], [0.75, -1.0])
    assert not np.shares_memory(xs[0], x0)


def test_precision_rule_stops_after_first_step_smaller_than_precision():
    xs = optim.gradient_descent_with_precision(optim.seed_gradient, 10, 0.2, 1e-5, 1000)
    steps = np.abs(np.diff([10.0, *xs]))
    assert steps[-1] < 1e-5  # the step that met the rule is included ...
    assert np.all(steps[:-1] >= 1e-5)  # ... and no earlier step met it
    # |x_k - 3| = 7·0.6^k, so step k is 2.8·0.6^(k-1): first below 1e-5 at k = 26.
    assert len(xs) == 26


def test_precision_rule_respects_max_iterations():
    assert len(optim.gradient_descent_with_precision(optim.seed_gradient, 10, 0.2, 1e-5, 10)) == 10


def test_precision_rule_uses_largest_component_for_arrays():
    xs = optim.gradient_descent_with_precision(
        lambda v: 2 * v, np.array([1.0, 100.0]), 0.25, 1e-3, 1000
    )
    last_step = np.abs(xs[-1] - xs[-2])
    assert np.max(last_step) < 1e-3 <= np.max(np.abs(xs[-2] - xs[-3]))


def test_bowl_loss_and_gradient():
    X, Y = np.meshgrid([-1.0, 2.0], [0.5, 3.0])
    assert np.array_equal(optim.bowl_loss(X, Y), X**2 + Y**2)
    gx, gy = optim.bowl_gradient(X, Y)
    U, V = optim.bowl_gradient_field(X, Y)
    assert np.array_equal(U, -gx) and np.array_equal(V, -gy)
