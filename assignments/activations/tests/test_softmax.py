"""softmax: softmax(x, axis=-1), along any axis, and stable for large inputs.

A vector and a batch are checked apart (issue 13): a correct, stable softmax of one vector
earns the vector tests even if it does not handle the batch axis, and the batch test says
what it checks.
"""

import numpy as np

from nngrade.testing import GradingFailure, check, task, text

BATCH_AXIS = text(
    en="{call} on a 2-D array: {detail} Your softmax works on a single vector; for a batch, apply it along `axis` (default -1, each row): `e = np.exp(x - np.max(x, axis=axis, keepdims=True))`, then `e / np.sum(e, axis=axis, keepdims=True)`.",
    ko="2차원 배열에 대한 {call}: {detail} 작성한 softmax는 벡터 하나에는 맞습니다. 배치에서는 `axis`(기본값 -1, 각 행)를 따라 계산하세요: `e = np.exp(x - np.max(x, axis=axis, keepdims=True))`, 그다음 `e / np.sum(e, axis=axis, keepdims=True)`.",
)


@task("softmax", points=0.5)
def test_softmax_of_a_vector_matches_reference(student, ref, rng):
    x = rng.normal(scale=2.0, size=5)
    call = student.call("softmax", x)
    check.close(
        call.value,
        ref.activations.softmax(x),
        what="softmax(x)",
        input=text(en="a vector of 5", ko="길이가 5인 벡터"),
    )
    check.unchanged(call, what="softmax", arg_names=["x"])


@task("softmax", points=0.5)
def test_softmax_of_a_vector_is_stable_for_inputs_near_1000(student, ref):
    x = np.array([1000.0, 1001.0, 1002.0])
    check.close(
        student.softmax(x),
        ref.activations.softmax(x),
        what="softmax(x)",
        input="[1000, 1001, 1002]",
    )


def _batch(call, got, want, input):
    """check.close for a batch, its message also saying what the batch test asks."""
    try:
        check.close(got, want, what=call, input=input)
    except GradingFailure as failure:
        raise GradingFailure(BATCH_AXIS.format(call=call, detail=str(failure))) from None


@task("softmax", points=1)
def test_softmax_of_a_batch_works_along_each_axis_and_is_stable(student, ref, rng):
    x = rng.normal(scale=2.0, size=(4, 3))
    want = ref.activations.softmax(x)
    _batch(
        "softmax(x)",
        student.softmax(x),
        want,
        text(en="a (4, 3) array: each row sums to 1", ko="(4, 3) 배열: 각 행의 합이 1"),
    )
    _batch(
        "softmax(x, axis=-1)",
        student.softmax(x, -1),
        want,
        text(en="a (4, 3) array", ko="(4, 3) 배열"),
    )
    call = student.call("softmax", x, 0)
    _batch(
        "softmax(x, axis=0)",
        call.value,
        ref.activations.softmax(x, axis=0),
        text(en="a (4, 3) array: each column sums to 1", ko="(4, 3) 배열: 각 열의 합이 1"),
    )
    check.unchanged(call, what="softmax", arg_names=["x", "axis"])
    x = np.array([[1000.0, 0.0, -1000.0], [-5.0, 800.0, 799.0]])
    _batch(
        "softmax(x)",
        student.softmax(x),
        ref.activations.softmax(x),
        "[[1000, 0, -1000], [-5, 800, 799]]",
    )
