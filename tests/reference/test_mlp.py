"""Chapter 6 MLP oracle: gradients by finite differences, no mutation, fit = repeated steps."""

from __future__ import annotations

import numpy as np
import pytest

from nngrade.reference import activations, mlp
from nngrade.reference.gradcheck import check_gradient

SIZES = [(2, 2, 1, 4), (3, 5, 2, 7), (4, 3, 3, 1), (10, 8, 4, 16), (1, 1, 1, 1)]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(6)


def random_problem(rng, inputs, hiddens, outputs, n):
    x = rng.normal(size=(n, inputs))
    t = rng.uniform(size=(n, outputs))
    # Weights of both signs, larger than init_params', to reach the sigmoid's curved parts.
    W1 = rng.normal(size=(inputs, hiddens))
    B1 = rng.normal(size=hiddens)
    W2 = rng.normal(size=(hiddens, outputs))
    B2 = rng.normal(size=outputs)
    return x, t, [W1, B1, W2, B2]


def loss_at(x, t, params):
    _, _, y = mlp.predict(x, *params)
    return mlp.loss(y, t)


@pytest.mark.parametrize("sizes", SIZES, ids=str)
def test_gradients_match_centred_finite_differences(sizes, rng):
    x, t, params = random_problem(rng, *sizes)
    analytic = mlp.gradients(x, t, *params)
    for i, name in enumerate(["W1", "B1", "W2", "B2"]):

        def f(p, i=i):
            trial = list(params)
            trial[i] = p
            return loss_at(x, t, trial)

        ok, err = check_gradient(f, analytic[i], params[i])
        assert ok, f"{name}: relative error {err:.2e}"


def test_gradients_have_parameter_shapes(rng):
    x, t, params = random_problem(rng, 3, 5, 2, 7)
    for grad, param in zip(mlp.gradients(x, t, *params), params, strict=True):
        assert grad.shape == param.shape


def test_gradients_sum_over_samples(rng):
    x, t, params = random_problem(rng, 3, 4, 2, 5)
    total = mlp.gradients(x, t, *params)
    per_sample = [mlp.gradients(x[i : i + 1], t[i : i + 1], *params) for i in range(5)]
    for k in range(4):
        assert np.allclose(total[k], sum(g[k] for g in per_sample), atol=1e-14)


def test_gradients_refuse_a_1d_sample():
    with pytest.raises(ValueError, match="2-D"):
        mlp.gradients([0, 0], [[0]], *mlp.seed_params())


def test_finite_differences_catch_sigmoid_derivative_of_the_wrong_variable(rng):
    # A classic slip: σ'(out) = σ(out)(1 - σ(out)) instead of out(1 - out). It is
    # self-consistent (it still "trains"), and the gradient check must reject it.
    x, t, params = random_problem(rng, 2, 3, 1, 4)
    W1, B1, W2, B2 = params
    _, layer1, layer2 = mlp.predict(x, W1, B1, W2, B2)
    wrong_delta = (layer2 - t) * activations.sigmoid_grad(layer2)
    wrong_dW2 = layer1.T @ wrong_delta
    ok, _ = check_gradient(lambda w: loss_at(x, t, [W1, B1, w, B2]), wrong_dW2, W2)
    assert not ok


def test_backprop_step_returns_new_arrays_and_keeps_inputs(rng):
    x, t, params = random_problem(rng, 3, 4, 2, 5)
    before = [p.copy() for p in params]
    new = mlp.backprop_step(x, t, *params, learning_rate=0.5)
    for old, kept, fresh in zip(params, before, new, strict=True):
        assert np.array_equal(old, kept)
        assert fresh is not old and not np.shares_memory(fresh, old)


def test_backprop_step_is_w_minus_lr_times_gradient(rng):
    x, t, params = random_problem(rng, 3, 4, 2, 5)
    grads = mlp.gradients(x, t, *params)
    new = mlp.backprop_step(x, t, *params, learning_rate=0.3)
    for p, g, n in zip(params, grads, new, strict=True):
        assert np.allclose(n, p - 0.3 * g, atol=1e-15)


def test_backprop_step_lowers_the_loss_for_a_small_rate(rng):
    x, t, params = random_problem(rng, 3, 4, 2, 5)
    new = mlp.backprop_step(x, t, *params, learning_rate=1e-3)
    assert loss_at(x, t, new) < loss_at(x, t, params)


def test_fit_is_online_backprop_steps_in_sample_order(rng):
    X, T, params = random_problem(rng, 2, 3, 1, 4)
    want = [p.copy() for p in params]
    for _ in range(3):
        for x, t in zip(X, T, strict=True):
            want = mlp.backprop_step(x.reshape(1, -1), t.reshape(1, -1), *want, learning_rate=0.2)
    got = mlp.fit(X, T, *params, learning_rate=0.2, epochs=3)
    for g, w in zip(got, want, strict=True):
        assert np.array_equal(g, w)


def test_fit_is_not_a_batch_step(rng):
    X, T, params = random_problem(rng, 2, 3, 1, 4)
    online = mlp.fit(X, T, *params, learning_rate=0.2, epochs=1)
    batch = mlp.backprop_step(X, T, *params, learning_rate=0.2)
    assert not np.allclose(online[0], batch[0])


def test_fit_keeps_inputs_and_zero_epochs_returns_copies(rng):
    X, T, params = random_problem(rng, 2, 3, 1, 4)
    before = [p.copy() for p in params]
    out = mlp.fit(X, T, *params, learning_rate=0.2, epochs=0)
    for old, kept, fresh in zip(params, before, out, strict=True):
        assert np.array_equal(old, kept) and np.array_equal(fresh, old)
        assert not np.shares_memory(fresh, old)
    mlp.fit(X, T, *params, learning_rate=0.2, epochs=2)
    for old, kept in zip(params, before, strict=True):
        assert np.array_equal(old, kept)


def test_seed_constants_are_not_changed_by_training():
    mlp.fit(mlp.SEED_X, mlp.SEED_T_XOR, mlp.SEED_W1, mlp.SEED_B1, mlp.SEED_W2, mlp.SEED_B2, 0.2, 2)
    assert mlp.SEED_W1.tolist() == [[0.1, 0.2], [0.3, 0.4]]
    assert mlp.SEED_W2.tolist() == [[0.5], [0.6]]
    assert mlp.SEED_B1.tolist() == [0.1, 0.2] and mlp.SEED_B2.tolist() == [0.3]


def test_init_params_shapes_range_and_seeding():
    W1, B1, W2, B2 = mlp.init_params(np.random.default_rng(1), 3, 5, 2)
    assert (W1.shape, B1.shape, W2.shape, B2.shape) == ((3, 5), (5,), (5, 2), (2,))
    for p in (W1, B1, W2, B2):
        assert np.all((p >= 0) & (p < 1))
    again = mlp.init_params(np.random.default_rng(1), 3, 5, 2)
    assert all(np.array_equal(a, b) for a, b in zip((W1, B1, W2, B2), again, strict=True))


def test_predict_returns_all_three_layers(rng):
    x, _, params = random_problem(rng, 3, 4, 2, 5)
    layer0, layer1, layer2 = mlp.predict(x, *params)
    assert np.array_equal(layer0, x)
    assert layer1.shape == (5, 4) and layer2.shape == (5, 2)
    assert np.allclose(layer2, activations.sigmoid(layer1 @ params[2] + params[3]), atol=0)


def test_forward_wx_general_layers(rng):
    W_a = rng.normal(size=(4, 3))
    W_b = rng.normal(size=(2, 4))
    x = rng.normal(size=3)
    (net_a, out_a), (net_b, out_b) = mlp.forward_wx([W_a, W_b], x)
    assert np.allclose(net_a, W_a @ x) and np.allclose(out_a, activations.sigmoid(W_a @ x))
    assert np.allclose(net_b, W_b @ out_a) and np.allclose(out_b, activations.sigmoid(net_b))
