"""Activation oracles: definitions, shapes and scalars, derivatives by finite differences, stability."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nngrade.reference import activations as act
from nngrade.reference.gradcheck import check_gradient

SHAPES = [(), (7,), (3, 4), (2, 3, 4)]

ELEMENTWISE = [
    act.sigmoid,
    act.tanh,
    act.relu,
    act.leaky_relu,
    act.elu,
    act.softplus,
    act.sigmoid_grad,
    act.tanh_deriv,
    act.relu_deriv,
    act.leaky_relu_deriv,
    act.elu_deriv,
    act.softplus_deriv,
    act.step_deriv,
    act.sigmoid_deriv,
]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240127)


# ------------------------------------------------------------------ values and shapes


def test_step_is_one_only_for_positive_inputs():
    assert act.step([-2.0, -1e-12, 0.0, 1e-12, 3.0]).tolist() == [0, 0, 0, 1, 1]
    # The slide's formula is x > 0; the seed's lab code used x > 1e-6 (documented).
    assert act.step(5e-7) == 1


def test_step_returns_int_for_scalar_and_int_array_for_array():
    assert act.step(2.5) == 1 and type(act.step(2.5)) is int
    assert act.step(np.array([1.0, -1.0])).dtype.kind == "i"


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_elementwise_functions_keep_shape_and_return_float64(fn, shape, rng):
    x = rng.normal(size=shape)
    result = fn(x)
    if shape == ():
        assert type(result) is float
    else:
        assert result.shape == shape and result.dtype == np.float64


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.__name__)
def test_python_scalars_and_ints_give_python_floats(fn):
    assert type(fn(2)) is float
    assert type(fn(-0.5)) is float


def test_functions_do_not_modify_their_input(rng):
    x = rng.normal(size=(3, 4))
    before = x.copy()
    for fn in [*ELEMENTWISE, act.softmax]:
        fn(x)
    assert np.array_equal(x, before)


def test_sigmoid_known_values():
    assert act.sigmoid(0) == 0.5
    assert act.sigmoid(0.1) == pytest.approx(0.52497918747894, abs=1e-14)
    # σ(-x) = 1 - σ(x)
    x = np.linspace(-30, 30, 121)
    assert np.allclose(act.sigmoid(-x), 1 - act.sigmoid(x), rtol=0, atol=1e-15)


def test_sigmoid_matches_naive_formula_where_naive_is_safe(rng):
    x = rng.uniform(-30, 30, size=200)
    assert np.allclose(act.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-15, atol=0)


def test_tanh_equals_two_sigmoid_of_2x_minus_one(rng):
    x = rng.normal(size=50)
    assert np.allclose(act.tanh(x), 2 * act.sigmoid(2 * x) - 1, atol=1e-15)


def test_relu_matches_seed_002_example():
    assert act.relu([-1, 1, 3, -5, -7]).tolist() == [0, 1, 3, 0, 0]


def test_leaky_relu_default_slope_is_seed_0_1():
    assert act.leaky_relu([-10.0, 0.0, 2.0]).tolist() == [-1.0, 0.0, 2.0]
    assert act.leaky_relu(-10.0, slope=0.2) == -2.0


def test_leaky_relu_equals_max_of_slope_x_and_x(rng):
    x = rng.normal(size=100)
    assert np.array_equal(act.leaky_relu(x, 0.1), np.maximum(0.1 * x, x))


def test_elu_values_and_alpha():
    assert act.elu(2.0) == 2.0
    assert act.elu(0.0) == 0.0
    assert act.elu(-1.0) == pytest.approx(np.exp(-1) - 1, abs=1e-15)
    assert act.elu(-1.0, alpha=2.0) == pytest.approx(2 * (np.exp(-1) - 1), abs=1e-15)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_is_a_distribution_along_axis(axis, rng):
    x = rng.normal(scale=5, size=(4, 6))
    s = act.softmax(x, axis=axis)
    assert s.shape == x.shape
    assert np.all(s > 0)
    assert np.allclose(np.sum(s, axis=axis), 1.0, atol=1e-15)


def test_softmax_known_values_and_shift_invariance():
    assert np.allclose(
        act.softmax([1.0, 2.0, 3.0]), [0.09003057, 0.24472847, 0.66524096], atol=1e-8
    )
    x = np.array([0.3, -1.2, 2.0])
    assert np.allclose(act.softmax(x + 123.0), act.softmax(x), atol=1e-15)
    assert act.softmax(4.2) == 1.0


def test_softplus_values():
    assert act.softplus(0) == pytest.approx(np.log(2), abs=1e-15)
    x = np.linspace(-20, 20, 81)
    assert np.allclose(act.softplus(x), np.log1p(np.exp(x)), rtol=1e-14, atol=0)


def test_maxout_single_unit_is_max_of_two_lines():
    W = np.array([[1.0, -2.0], [0.5, 0.5]])  # pieces w1, w2
    b = np.array([0.0, 1.0])
    x = np.array([3.0, 1.0])
    # w1·x + b1 = 1, w2·x + b2 = 3
    assert act.maxout(x, W, b) == 3.0
    batch = np.array([[3.0, 1.0], [0.0, -4.0]])  # second: 8 and -1
    assert act.maxout(batch, W, b).tolist() == [3.0, 8.0]


def test_maxout_several_units_shapes_and_values(rng):
    k, d, m, n = 3, 4, 5, 6
    W = rng.normal(size=(k, d, m))
    b = rng.normal(size=(k, m))
    x = rng.normal(size=(n, d))
    got = act.maxout(x, W, b)
    assert got.shape == (n, m)
    want = np.max(np.einsum("nd,kdm->knm", x, W) + b[:, None, :], axis=0)
    assert np.allclose(got, want, atol=1e-14)
    assert act.maxout(x[0], W, b).shape == (m,)


def test_maxout_rejects_mismatched_pieces():
    with pytest.raises(ValueError):
        act.maxout([1.0, 2.0], np.ones((2, 2)), np.ones(3))


# ------------------------------------------------------------------------ derivatives


def test_sigmoid_deriv_takes_the_output_as_in_chapter_6(rng):
    x = rng.normal(size=20)
    out = act.sigmoid(x)
    assert np.allclose(act.sigmoid_deriv(out), act.sigmoid_grad(x), atol=1e-16)
    assert act.sigmoid_deriv(0.5) == 0.25


def test_softplus_derivative_is_sigmoid(rng):
    x = rng.normal(size=20)
    assert np.array_equal(act.softplus_deriv(x), act.sigmoid(x))


def test_step_derivative_is_zero():
    assert np.array_equal(act.step_deriv([-1.0, 0.0, 2.0]), [0.0, 0.0, 0.0])


def test_derivatives_at_kink_use_left_branch():
    assert act.relu_deriv(0.0) == 0.0
    assert act.leaky_relu_deriv(0.0, slope=0.3) == 0.3
    assert act.elu_deriv(0.0, alpha=2.0) == 2.0


DERIVATIVE_PAIRS = [
    (act.sigmoid, act.sigmoid_grad, {}),
    (act.tanh, act.tanh_deriv, {}),
    (act.relu, act.relu_deriv, {}),
    (act.leaky_relu, act.leaky_relu_deriv, {"slope": 0.1}),
    (act.leaky_relu, act.leaky_relu_deriv, {"slope": 0.25}),
    (act.elu, act.elu_deriv, {"alpha": 1.0}),
    (act.elu, act.elu_deriv, {"alpha": 1.7}),
    (act.softplus, act.softplus_deriv, {}),
]


@pytest.mark.parametrize(
    ("fn", "deriv", "kwargs"),
    DERIVATIVE_PAIRS,
    ids=[f"{d.__name__}{k}" for _, d, k in DERIVATIVE_PAIRS],
)
def test_derivative_matches_centred_finite_difference(fn, deriv, kwargs, rng):
    # Points away from the kink at 0, where a finite difference straddles two branches.
    x = rng.normal(scale=2.0, size=(3, 5))
    x = np.where(np.abs(x) < 1e-2, 0.5, x)
    # f is element-wise, so the gradient of Σ f(x) is the element-wise derivative.
    ok, err = check_gradient(lambda v: np.sum(fn(v, **kwargs)), deriv(x, **kwargs), x)
    assert ok, err


def test_sigmoid_deriv_in_output_form_matches_finite_difference(rng):
    x = rng.normal(size=8)
    ok, err = check_gradient(lambda v: np.sum(act.sigmoid(v)), act.sigmoid_deriv(act.sigmoid(x)), x)
    assert ok, err


# -------------------------------------------------------------------------- stability


@pytest.fixture
def strict_floats():
    """Turn every NumPy warning and overflow / invalid / divide-by-zero into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # Underflow (e.g. e^-1000 → 0.0) is the correctly rounded result, not an error.
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            yield


def test_sigmoid_is_stable_at_plus_minus_1000(strict_floats):
    assert act.sigmoid(1000.0) == 1.0
    assert act.sigmoid(-1000.0) == 0.0
    assert np.array_equal(act.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


def test_softmax_is_stable_for_huge_inputs(strict_floats):
    s = act.softmax([1000.0, 1001.0])
    e = np.exp(-1.0)
    assert np.allclose(s, [e / (1 + e), 1 / (1 + e)], rtol=1e-15)
    assert np.allclose(act.softmax([-1000.0, -1001.0]), s[::-1], rtol=1e-15)
    assert np.allclose(act.softmax([[1e308, 0.0]]), [[1.0, 0.0]])


def test_elu_is_stable_at_plus_minus_1000(strict_floats):
    assert act.elu(-1000.0) == -1.0
    assert act.elu(1000.0) == 1000.0
    assert act.elu_deriv(-1000.0) == 0.0
    assert act.elu_deriv(1000.0) == 1.0


def test_softplus_is_stable_at_plus_minus_1000(strict_floats):
    assert act.softplus(1000.0) == 1000.0
    assert act.softplus(-1000.0) == 0.0
    assert act.softplus(-30.0) == pytest.approx(np.exp(-30.0), rel=1e-12)  # no log(1 + tiny) loss
    assert act.softplus_deriv(-1000.0) == 0.0


def test_derivatives_are_stable_at_plus_minus_1000(strict_floats):
    x = np.array([-1000.0, 1000.0])
    for fn in ELEMENTWISE:
        assert np.all(np.isfinite(fn(x))), fn.__name__
    assert np.array_equal(act.sigmoid_grad(x), [0.0, 0.0])
    assert np.array_equal(act.tanh_deriv(x), [0.0, 0.0])
