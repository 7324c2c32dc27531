"""activations: step, sigmoid, tanh and relu, on arrays of any shape and on floats."""

import numpy as np

from nngrade.testing import check, task, text

SHAPES = [(5,), (3, 4), (2, 3, 2)]


def inputs(rng):
    """Random arrays of several shapes, with exact zeros among them (step(0) is 0)."""
    arrays = []
    for shape in SHAPES:
        x = rng.normal(scale=3.0, size=shape)
        x.flat[0] = 0.0
        arrays.append(x)
    return arrays


def check_elementwise(student, name, want_fn, rng, extremes=False, scalar=float):
    fn = getattr(student, name)
    for x in inputs(rng):
        call = student.call(name, x)
        # A relu writing `x[x < 0] = 0` changes the caller's array: told so (issue 24).
        check.unchanged(call, what=f"{name}(x)", arg_names=["x"], array=True)
        check.close(
            call.value,
            want_fn(x),
            what=f"{name}(x)",
            input=text(en=f"an array of shape {x.shape}", ko=f"shape이 {x.shape}인 배열"),
        )
    for value in (2.5, -1.25, 0.0):
        check.close(fn(scalar(value)), want_fn(value), what=f"{name}({value})")
    if extremes:  # the naive formula may warn about overflow here; it must not give NaN
        x = np.array([-1000.0, -30.0, 30.0, 1000.0])
        check.close(fn(x), want_fn(x), what=f"{name}(x)", input="[-1000, -30, 30, 1000]")


@task("activations", points=0.25)
def test_step_is_one_above_zero_else_zero(student, ref, rng):
    # One number as NumPy gives it (x[i]): the lecture's `(x > 0.000001).astype(int)`
    # handles that, though not a Python float.
    check_elementwise(student, "step", ref.activations.step, rng, scalar=np.float64)


@task("activations", points=0.25)
def test_sigmoid_matches_reference_and_survives_extremes(student, ref, rng):
    check_elementwise(student, "sigmoid", ref.activations.sigmoid, rng, extremes=True)


@task("activations", points=0.25)
def test_tanh_matches_reference(student, ref, rng):
    check_elementwise(student, "tanh", ref.activations.tanh, rng, extremes=True)


@task("activations", points=0.25)
def test_relu_matches_reference(student, ref, rng):
    check_elementwise(student, "relu", ref.activations.relu, rng, extremes=True)
