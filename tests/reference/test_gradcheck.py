"""The finite-difference checker: exact on quadratics, accepts right gradients, rejects wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from nngrade.reference.gradcheck import check_gradient, numerical_gradient, relative_error


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(11)


def test_numerical_gradient_of_quadratic_is_exact_to_rounding(rng):
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=4)
    # f(x) = xᵀAx has gradient (A + Aᵀ)x; centred differences are exact for quadratics.
    g = numerical_gradient(lambda v: v @ A @ v, x)
    assert np.allclose(g, (A + A.T) @ x, rtol=1e-8, atol=1e-9)


def test_numerical_gradient_keeps_shape_and_input(rng):
    x = rng.normal(size=(2, 3, 2))
    before = x.copy()
    g = numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    assert g.shape == x.shape
    assert np.array_equal(x, before)
    assert np.allclose(g, np.cos(x), atol=1e-9)


def test_numerical_gradient_accepts_lists_and_ints():
    g = numerical_gradient(lambda v: float(v[0] ** 2 + 3 * v[1]), [1, 2])
    assert g.dtype == np.float64 and np.allclose(g, [2.0, 3.0], atol=1e-9)


def test_f_cannot_corrupt_the_checker_by_mutating_its_argument():
    def rude(v):
        value = float(np.sum(v**2))
        v[...] = 0.0  # a function that scribbles on its input
        return value

    assert np.allclose(numerical_gradient(rude, np.array([1.0, 2.0])), [2.0, 4.0], atol=1e-9)


def test_relative_error_definition():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    # max|a - b| / max(|a| + |b|) = 0.5 / 4.5
    assert relative_error([1.0, 2.0], [1.0, 2.5]) == pytest.approx(0.5 / 4.5, rel=1e-15)
    assert relative_error([1.0], [-1.0]) == 1.0
    assert relative_error([np.nan], [1.0]) == float("inf")


def test_relative_error_is_symmetric_and_refuses_shape_mismatch(rng):
    a, b = rng.normal(size=5), rng.normal(size=5)
    assert relative_error(a, b) == relative_error(b, a)
    with pytest.raises(ValueError):
        relative_error(np.zeros(3), np.zeros((3, 1)))


def test_check_gradient_accepts_correct_gradient_as_array_or_function(rng):
    x = rng.normal(size=(3, 2))

    def f(v):
        return np.sum(np.exp(v) * v)

    def grad(v):
        return np.exp(v) * (v + 1)

    ok, err = check_gradient(f, grad, x)
    assert ok and err < 1e-9
    assert check_gradient(f, grad(x), x)[0]


def test_check_gradient_accepts_gradient_with_exact_zeros():
    # Component 1 is exactly 0; its finite difference is a tiny nonzero number. The
    # whole-gradient scale keeps this from failing (an element-wise ratio would be ~1).
    def f(v):
        return v[0] ** 2 + v[1] ** 4

    ok, _ = check_gradient(f, np.array([6.0, 0.0]), np.array([3.0, 0.0]))
    assert ok


@pytest.mark.parametrize(
    "wrong",
    [
        lambda g: g * 1.001,  # slightly scaled
        lambda g: g.T.reshape(g.shape),  # transposed
        lambda g: np.where(np.arange(g.size).reshape(g.shape) == 2, 0.0, g),  # one entry lost
    ],
    ids=["scaled", "transposed", "one-entry"],
)
def test_check_gradient_rejects_wrong_gradients(wrong, rng):
    A = rng.normal(size=(3, 3))

    def f(W):
        return np.sum(np.tanh(W @ A))

    W = rng.normal(size=(3, 3))
    right = (1 - np.tanh(W @ A) ** 2) @ A.T
    assert check_gradient(f, right, W)[0]
    ok, err = check_gradient(f, wrong(right), W)
    assert not ok and err > 1e-7


def test_check_gradient_refuses_wrong_shape():
    with pytest.raises(ValueError):
        check_gradient(lambda v: np.sum(v), np.ones(3), np.ones((3, 1)))
