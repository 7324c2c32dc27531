"""backprop: one gradient step on a batch, checked against the oracle and by finite differences."""

import numpy as np

from nngrade.testing import check, task, text

W1 = np.array([[0.10, 0.20], [0.30, 0.40]])
W2 = np.array([[0.50], [0.60]])
B1 = np.array([0.1, 0.2])
B2 = np.array([0.3])
NAMES = ("W1", "B1", "W2", "B2")


def step(student, x, t, params, lr):
    call = student.call("backprop_step", x, t, *params, lr, want_args=True)
    # The weights keep their shapes: checked before an oracle computes with them.
    return check.updated(call, range(2, 6), what="backprop_step(...)", like=params)


@task("backprop", points=1)
def test_one_step_gives_the_lecture_numbers(student, ref):
    x, t = np.array([[0.0, 0.0]]), np.array([[0.0]])
    got = step(student, x, t, (W1, B1, W2, B2), 0.2)
    check.close(
        got[2][0, 0],
        0.484645,
        what=text(en="w5 (W2[0, 0]) after one step", ko="한 단계 후의 w5 (W2[0, 0])"),
        rtol=1e-6,
    )
    want = ref.mlp.backprop_step(x, t, W1, B1, W2, B2, 0.2)
    for name, g, w in zip(NAMES, got, want, strict=True):
        what = text(en=f"{name} after one step", ko=f"한 단계 후의 {name}")
        check.close(g, w, what=what, input="x = [[0, 0]], t = [[0]]")


@task("backprop", points=0.5)
def test_one_step_on_random_batches(student, ref, rng):
    for n, inputs, hiddens, outputs in [(4, 2, 2, 1), (5, 3, 4, 2)]:
        x, t = rng.normal(size=(n, inputs)), rng.random((n, outputs))
        params = ref.mlp.init_params(rng, inputs, hiddens, outputs)
        got = step(student, x, t, params, 0.5)
        want = ref.mlp.backprop_step(x, t, *params, 0.5)
        for name, g, w in zip(NAMES, got, want, strict=True):
            check.close(
                g,
                w,
                what=text(en=f"{name} after one step", ko=f"한 단계 후의 {name}"),
                input=text(
                    en=f"a batch of {n}, sizes {inputs}-{hiddens}-{outputs}",
                    ko=f"샘플 {n}개의 배치, 층 크기 {inputs}-{hiddens}-{outputs}",
                ),
            )


@task("backprop", points=0.5)
def test_update_follows_the_true_gradient(student, ref, rng):
    """The gradient implied by the update, (before − after) / lr, against finite differences."""
    n, inputs, hiddens, outputs, lr = 3, 3, 4, 2, 0.1
    x, t = rng.normal(size=(n, inputs)), rng.random((n, outputs))
    params = ref.mlp.init_params(rng, inputs, hiddens, outputs)
    got = step(student, x, t, params, lr)
    for i, name in enumerate(NAMES):

        def loss_of(p, i=i):
            trial = list(params)
            trial[i] = p
            return ref.mlp.loss(ref.mlp.predict(x, *trial)[2], t)

        numeric = ref.gradcheck.numerical_gradient(loss_of, params[i])
        implied = (params[i] - np.asarray(got[i], dtype=float)) / lr
        check.gradient(implied, numeric, what="backprop_step", param=name)
