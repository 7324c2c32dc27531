"""derivatives: of each activation with respect to its input x (never at the kink x = 0)."""

import numpy as np

from nngrade.testing import check, task, text

SHAPES = [(6,), (3, 4)]


def inputs(rng):
    """Random arrays away from 0, where relu, leaky relu and elu have a kink (not graded there)."""
    arrays = []
    for shape in SHAPES:
        x = rng.normal(scale=3.0, size=shape)
        arrays.append(np.where(np.abs(x) < 1e-3, 0.5, x))
    return arrays


def check_derivative(student, name, want_fn, rng, *args):
    fn = getattr(student, name)
    shown = f"{name}(x{''.join(f', {a}' for a in args)})"
    for x in inputs(rng):
        check.close(
            fn(x, *args),
            want_fn(x, *args),
            what=shown,
            input=text(en=f"an array of shape {x.shape}", ko=f"shape이 {x.shape}인 배열"),
        )
    for value in (np.float64(1.5), np.float64(-0.75)):  # NumPy scalars, as in test_activations
        check.close(fn(value, *args), want_fn(value, *args), what=shown.replace("(x", f"({value}"))


@task("derivatives", points=0.25)
def test_sigmoid_grad_takes_the_input_not_the_output(student, ref, rng):
    check_derivative(student, "sigmoid_grad", ref.activations.sigmoid_grad, rng)


@task("derivatives", points=0.25)
def test_tanh_grad_is_one_minus_tanh_squared(student, ref, rng):
    check_derivative(student, "tanh_grad", ref.activations.tanh_deriv, rng)


@task("derivatives", points=0.25)
def test_relu_grad_is_one_above_zero_else_zero(student, ref, rng):
    check_derivative(student, "relu_grad", ref.activations.relu_deriv, rng)


@task("derivatives", points=0.25)
def test_leaky_relu_grad_is_0_1_below_zero(student, ref, rng):
    check_derivative(student, "leaky_relu_grad", ref.activations.leaky_relu_deriv, rng)


@task("derivatives", points=0.5)
def test_elu_grad_for_default_and_other_alpha(student, ref, rng):
    check_derivative(student, "elu_grad", ref.activations.elu_deriv, rng)
    check_derivative(student, "elu_grad", ref.activations.elu_deriv, rng, 0.5)
