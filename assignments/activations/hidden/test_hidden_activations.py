"""The activations assignment's hidden tests: the visible checks on inputs a student cannot
see (the run's seeded `rng`, shapes the visible tests do not use), so an answer that only
reproduces the visible cases earns nothing here. Never shipped to students; shown as a count."""

import numpy as np

from nngrade.testing import check, task

SHAPES = [(1,), (2, 1, 3, 2), (9,)]


def unseen_arrays(rng, away_from_zero=False):
    for shape in SHAPES:
        x = rng.normal(scale=4.0, size=shape)
        yield np.where(np.abs(x) < 1e-3, 0.5, x) if away_from_zero else x


@task("activations", points=1)
def test_hidden_activations_on_unseen_shapes(student, ref, rng):
    for x in unseen_arrays(rng):
        for name in ("step", "sigmoid", "tanh", "relu"):
            check.close(getattr(student, name)(x), getattr(ref.activations, name)(x), what=name)


@task("derivatives", points=0.5)
def test_hidden_derivatives_on_unseen_shapes(student, ref, rng):
    pairs = [
        ("sigmoid_grad", ref.activations.sigmoid_grad),
        ("tanh_grad", ref.activations.tanh_deriv),
        ("relu_grad", ref.activations.relu_deriv),
        ("leaky_relu_grad", ref.activations.leaky_relu_deriv),
        ("elu_grad", ref.activations.elu_deriv),
    ]
    for x in unseen_arrays(rng, away_from_zero=True):
        for name, want in pairs:
            check.close(getattr(student, name)(x), want(x), what=name)


@task("mse_rmse", points=0.5)
def test_hidden_mse_and_rmse_on_unseen_values(student, ref, rng):
    for n in (1, 37):
        y_true, y_pred = rng.normal(scale=10.0, size=n), rng.normal(scale=10.0, size=n)
        check.number(
            student.mean_squared_error(y_true, y_pred), ref.losses.mse(y_true, y_pred), what="mse"
        )
        for name in ("root_mean_squared_error", "root_mean_squared_error_sklearn"):
            check.number(
                getattr(student, name)(y_true, y_pred), ref.losses.rmse(y_true, y_pred), what=name
            )
