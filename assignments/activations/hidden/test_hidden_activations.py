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


# One hidden test per function, as the visible ones are (issue 21): a missing `tanh` costs
# tanh's hidden points only. Points are binary fractions, so that a task's sum is exact.


def check_hidden(student, ref_fn, name, rng, away_from_zero=False):
    for x in unseen_arrays(rng, away_from_zero):
        check.close(getattr(student, name)(x), ref_fn(x), what=name)


@task("activations", points=0.25)
def test_hidden_step_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.step, "step", rng)


@task("activations", points=0.25)
def test_hidden_sigmoid_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.sigmoid, "sigmoid", rng)


@task("activations", points=0.25)
def test_hidden_tanh_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.tanh, "tanh", rng)


@task("activations", points=0.25)
def test_hidden_relu_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.relu, "relu", rng)


@task("derivatives", points=0.125)
def test_hidden_sigmoid_grad_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.sigmoid_grad, "sigmoid_grad", rng, True)


@task("derivatives", points=0.125)
def test_hidden_tanh_grad_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.tanh_deriv, "tanh_grad", rng, True)


@task("derivatives", points=0.0625)
def test_hidden_relu_grad_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.relu_deriv, "relu_grad", rng, True)


@task("derivatives", points=0.0625)
def test_hidden_leaky_relu_grad_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.leaky_relu_deriv, "leaky_relu_grad", rng, True)


@task("derivatives", points=0.125)
def test_hidden_elu_grad_on_unseen_shapes(student, ref, rng):
    check_hidden(student, ref.activations.elu_deriv, "elu_grad", rng, True)


def unseen_errors(rng):
    for n in (1, 37):
        yield rng.normal(scale=10.0, size=n), rng.normal(scale=10.0, size=n)


@task("mse_rmse", points=0.25)
def test_hidden_mse_on_unseen_values(student, ref, rng):
    for y_true, y_pred in unseen_errors(rng):
        check.number(
            student.mean_squared_error(y_true, y_pred), ref.losses.mse(y_true, y_pred), what="mse"
        )


@task("mse_rmse", points=0.125)
def test_hidden_rmse_on_unseen_values(student, ref, rng):
    for y_true, y_pred in unseen_errors(rng):
        got = student.root_mean_squared_error(y_true, y_pred)
        check.number(got, ref.losses.rmse(y_true, y_pred), what="root_mean_squared_error")


@task("mse_rmse", points=0.125)
def test_hidden_rmse_with_a_library_on_unseen_values(student, ref, rng):
    for y_true, y_pred in unseen_errors(rng):
        got = student.root_mean_squared_error_sklearn(y_true, y_pred)
        check.number(got, ref.losses.rmse(y_true, y_pred), what="root_mean_squared_error_sklearn")
