"""train: fit(X, T, ...) trains per sample, in order, epoch after epoch."""

import numpy as np

from nngrade.testing import check, say, task, text

W1 = np.array([[0.10, 0.20], [0.30, 0.40]])
W2 = np.array([[0.50], [0.60]])
B1 = np.array([0.1, 0.2])
B2 = np.array([0.3])
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR = np.array([[0.0], [1.0], [1.0], [0.0]])
NAMES = ("W1", "B1", "W2", "B2")


def fit(student, X, T, params, lr, epochs):
    call = student.call("fit", X, T, *params, lr, epochs, want_args=True, timeout=30)
    # The weights keep their shapes: checked before an oracle computes with them.
    return check.updated(call, range(2, 6), what="fit(...)", like=params)


@task("train", points=2)
def test_weights_after_a_few_epochs_match_reference(student, ref, rng):
    params = ref.mlp.init_params(rng, 2, 3, 1)
    T = rng.random((4, 1))
    got = fit(student, X, T, params, 0.5, 3)
    want = ref.mlp.fit(X, T, *params, 0.5, 3)
    for name, g, w in zip(NAMES, got, want, strict=True):
        check.close(
            g,
            w,
            what=text(en=f"{name} after 3 epochs", ko=f"3 에포크 후의 {name}"),
            input=text(en="random start, learning rate 0.5", ko="임의의 시작점, 학습률 0.5"),
        )


@task("train", points=1)
def test_learns_xor_from_the_lecture_start(student, ref):
    W1_, B1_, W2_, B2_ = fit(student, X, XOR, (W1, B1, W2, B2), 1.0, 2000)
    out = ref.mlp.predict(X, *(np.asarray(p, dtype=float) for p in (W1_, B1_, W2_, B2_)))[2]
    rounded = np.round(out.ravel(), 3).tolist()
    message = say("not_learnt", what="fit(X, T, ..., 1.0, 2000)", got=rounded, want=[0, 1, 1, 0])
    check.that(np.array_equal(np.round(out), XOR), message)
