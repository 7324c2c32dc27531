"""hw6's hidden tests: the visible tests' checks on inputs a student cannot see, so an answer
that only reproduces the visible cases (a table of them) earns nothing here. Every input comes
from the run's seeded `rng`, in shapes the visible tests do not use. Never shipped to students;
their outcome is shown as a count only."""

import pytest

from nngrade.protocol import Polynomial
from nngrade.testing import check, task

NAMES = ("W1", "B1", "W2", "B2")


# One test a function, as the visible ones: a notebook with only some of them keeps their share.
@task("activations", points=0.25)
@pytest.mark.parametrize("name", ["step", "sigmoid", "tanh", "relu"])
def test_hidden_activation_on_unseen_shapes(student, ref, rng, name):
    for shape in [(1,), (2, 2, 2, 2), (7, 1)]:
        x = rng.normal(scale=5.0, size=shape)
        x.flat[-1] = 0.0  # step(0) is 0
        check.close(getattr(student, name)(x), getattr(ref.activations, name)(x), what=name)


@task("sigmoid_deriv", points=0.5)
def test_hidden_sigmoid_deriv_on_unseen_outputs(student, rng):
    out = rng.random((2, 5, 2))
    check.close(student.sigmoid_deriv(out), out * (1 - out), what="sigmoid_deriv(out)")


@task("forward", points=1)
def test_hidden_predict_on_unseen_sizes(student, ref, rng):
    for n, inputs, hiddens, outputs in [(2, 1, 9, 1), (10, 4, 2, 4)]:
        x = rng.normal(size=(n, inputs))
        params = ref.mlp.init_params(rng, inputs, hiddens, outputs)
        got = check.parts(student.predict(x, *params), 3, what="predict")
        for i, want in enumerate(ref.mlp.predict(x, *params)):
            check.close(got[i], want, what=f"layer{i}")


@task("loss", points=0.5)
def test_hidden_loss_on_unseen_values(student, ref, rng):
    for shape in [(1, 1), (9, 2)]:
        y, t = rng.normal(size=shape), rng.normal(size=shape)
        check.number(student.loss(y, t), ref.losses.half_sse(y, t), what="loss(y, t)")


@task("gradient_descent", points=1)
def test_hidden_trajectory_for_unseen_gradients(student, ref, rng):
    for _ in range(2):
        a, b = float(rng.uniform(0.5, 3)), float(rng.uniform(-8, 8))
        x0, lr, steps = float(rng.uniform(-20, 20)), float(rng.uniform(0.05, 0.3)), 11
        got = student.gradient_descent(Polynomial([a, b]), x0, lr, steps)
        want = ref.optim.gradient_descent(lambda x, a=a, b=b: a * x + b, x0, lr, steps)
        check.sequence(got, want, what="gradient_descent")


@task("backprop", points=1)
def test_hidden_backprop_step_on_unseen_sizes(student, ref, rng):
    n, inputs, hiddens, outputs, lr = 6, 4, 3, 3, float(rng.uniform(0.05, 1.0))
    x, t = rng.normal(size=(n, inputs)), rng.random((n, outputs))
    params = ref.mlp.init_params(rng, inputs, hiddens, outputs)
    call = student.call("backprop_step", x, t, *params, lr, want_args=True)
    got = check.updated(call, range(2, 6), what="backprop_step(...)")
    want = ref.mlp.backprop_step(x, t, *params, lr)
    for name, g, w in zip(NAMES, got, want, strict=True):
        check.close(g, w, what=f"{name} after one step")
