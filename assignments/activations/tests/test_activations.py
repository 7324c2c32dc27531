"""activations: step, sigmoid, tanh and relu, on arrays of any shape and on floats (seeds 000, 001)."""

import numpy as np

from nngrade.testing import check, task, text

SHAPES = [(5,), (3, 4), (2, 3, 2)]
EXTREMES = np.array([-1000.0, -30.0, 30.0, 1000.0])
# NumPy scalars, not Python floats: the lecture's step, `(x > 0.000001).astype(int)`, is written
# for NumPy values, and a Python bool has no `astype`.
SCALARS = [np.float64(2.5), np.float64(-1.25), np.float64(0.0)]


def inputs(rng):
    """Random arrays of several shapes, with an exact zero in each (step(0) is 0)."""
    arrays = []
    for shape in SHAPES:
        x = rng.normal(scale=3.0, size=shape)
        x.flat[0] = 0.0
        arrays.append(x)
    return arrays


def check_elementwise(student, name, want_fn, rng, extremes=True):
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
    for value in SCALARS:
        check.close(fn(value), want_fn(value), what=f"{name}({value})")
    if extremes:  # the naive formula may warn about overflow here; it must not give NaN
        check.close(
            fn(EXTREMES), want_fn(EXTREMES), what=f"{name}(x)", input="[-1000, -30, 30, 1000]"
        )


@task("activations", points=0.25)
def test_step_is_one_above_zero_else_zero(student, ref, rng):
    check_elementwise(student, "step", ref.activations.step, rng)


@task("activations", points=0.25)
def test_sigmoid_matches_reference_and_survives_extremes(student, ref, rng):
    check_elementwise(student, "sigmoid", ref.activations.sigmoid, rng)


@task("activations", points=0.25)
def test_tanh_matches_reference(student, ref, rng):
    # The task asks sigmoid alone to survive ±1000 (issue 21): tanh is checked on ordinary inputs.
    check_elementwise(student, "tanh", ref.activations.tanh, rng, extremes=False)


@task("activations", points=0.25)
def test_relu_matches_reference(student, ref, rng):
    check_elementwise(student, "relu", ref.activations.relu, rng)


@task("leaky_relu_elu", points=0.5)
def test_leaky_relu_has_the_lecture_slope_0_1(student, ref, rng):
    check_elementwise(student, "leaky_relu", ref.activations.leaky_relu, rng)


@task("leaky_relu_elu", points=0.5)
def test_elu_matches_reference_for_default_and_other_alpha(student, ref, rng):
    check_elementwise(student, "elu", ref.activations.elu, rng)
    for x in inputs(rng):
        check.close(
            student.elu(x, 0.5),
            ref.activations.elu(x, 0.5),
            what="elu(x, alpha=0.5)",
            input=text(en=f"an array of shape {x.shape}", ko=f"shape이 {x.shape}인 배열"),
        )
