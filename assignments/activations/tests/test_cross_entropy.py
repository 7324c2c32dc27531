"""cross_entropy: binary (mean over elements) and categorical (mean over samples) cross-entropy."""

import numpy as np

from nngrade.testing import check, say, task, text

NOT_FINITE = text(
    en="{what} is {got}{input_note}. Clip the probabilities before taking the log, as Keras does: `p = np.clip(p, 1e-7, 1 - 1e-7)`.",
    ko="{what}의 값이 {got}입니다{input_note}. 로그를 계산하기 전에 케라스처럼 확률을 잘라 주세요: `p = np.clip(p, 1e-7, 1 - 1e-7)`.",
)


def check_finite(got, what, input):
    """A number that is neither inf nor NaN: the probabilities were clipped before the log."""
    if not isinstance(got, (int, float, np.number, np.ndarray)) or np.size(got) != 1:
        check.number(got, 0.0, what=what)  # not a number: fails with the usual message
    value = float(np.asarray(got, dtype=float).reshape(()))
    note = say("input_note", input=input)
    message = NOT_FINITE.format(what=what, got=value, input_note=note)
    check.that(np.isfinite(value), message)


@task("cross_entropy", points=0.5)
def test_binary_cross_entropy_is_the_mean_over_all_elements(student, ref, rng):
    for shape in [(6,), (4, 3)]:
        t = rng.integers(0, 2, size=shape).astype(float)
        p = rng.uniform(0.02, 0.98, size=shape)
        call = student.call("binary_cross_entropy", t, p)
        check.number(
            call.value,
            ref.losses.binary_crossentropy(t, p),
            what="binary_cross_entropy(t, p)",
            input=text(en=f"shape {shape}", ko=f"shape이 {shape}인 t와 p"),
        )
        check.unchanged(call, what="binary_cross_entropy", arg_names=["y_true", "y_pred"])


@task("cross_entropy", points=0.5)
def test_categorical_cross_entropy_for_one_sample_and_the_mean_over_samples(student, ref, rng):
    labels = rng.integers(0, 4, size=5)
    t = ref.losses.one_hot(labels, 4)
    p = rng.dirichlet(np.ones(4), size=5)  # softmax-like rows, each summing to 1
    call = student.call("categorical_cross_entropy", t, p)
    want = ref.losses.categorical_crossentropy(t, p)
    check.number(
        call.value,
        want,
        what="categorical_cross_entropy(t, p)",
        input=text(en="5 samples of 4 classes", ko="클래스 4개의 샘플 5개"),
    )
    check.unchanged(call, what="categorical_cross_entropy", arg_names=["y_true", "y_pred"])
    t1, p1 = t[0], p[0]
    want = ref.losses.categorical_crossentropy(t1, p1)
    check.number(
        student.categorical_cross_entropy(t1, p1),
        want,
        what="categorical_cross_entropy(t, p)",
        input=text(en="one sample, t and p of shape (4,)", ko="샘플 하나, shape이 (4,)인 t와 p"),
    )


@task("cross_entropy", points=0.5)
def test_binary_cross_entropy_stays_finite_at_probabilities_0_and_1(student):
    t = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.0, 1.0, 1.0, 0.0])
    check_finite(
        student.binary_cross_entropy(t, p),
        "binary_cross_entropy(t, p)",
        "t = [1, 0, 1, 0], p = [0, 1, 1, 0]",
    )


@task("cross_entropy", points=0.5)
def test_categorical_cross_entropy_stays_finite_at_probabilities_0_and_1(student):
    t = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    p = np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    check_finite(
        student.categorical_cross_entropy(t, p),
        "categorical_cross_entropy(t, p)",
        "t = [[1, 0, 0], [0, 1, 0]], p = [[0, 1, 0], [0, 1, 0]]",
    )
