"""softmax: softmax(x, axis=-1), along any axis, and stable for large inputs."""

import numpy as np

from nngrade.testing import check, task, text


@task("softmax", points=1)
def test_softmax_matches_reference_along_each_axis(student, ref, rng):
    x = rng.normal(scale=2.0, size=5)
    check.close(
        student.softmax(x),
        ref.activations.softmax(x),
        what="softmax(x)",
        input=text(en="a vector of 5", ko="길이가 5인 벡터"),
    )
    x = rng.normal(scale=2.0, size=(4, 3))
    want = ref.activations.softmax(x)
    check.close(
        student.softmax(x),
        want,
        what="softmax(x)",
        input=text(en="a (4, 3) array: each row sums to 1", ko="(4, 3) 배열: 각 행의 합이 1"),
    )
    check.close(
        student.softmax(x, -1),
        want,
        what="softmax(x, axis=-1)",
        input=text(en="a (4, 3) array", ko="(4, 3) 배열"),
    )
    call = student.call("softmax", x, 0)
    want = ref.activations.softmax(x, axis=0)
    check.close(
        call.value,
        want,
        what="softmax(x, axis=0)",
        input=text(en="a (4, 3) array: each column sums to 1", ko="(4, 3) 배열: 각 열의 합이 1"),
    )
    check.unchanged(call, what="softmax", arg_names=["x", "axis"])


@task("softmax", points=1)
def test_softmax_is_stable_for_inputs_near_1000(student, ref):
    x = np.array([1000.0, 1001.0, 1002.0])
    check.close(
        student.softmax(x),
        ref.activations.softmax(x),
        what="softmax(x)",
        input="[1000, 1001, 1002]",
    )
    x = np.array([[1000.0, 0.0, -1000.0], [-5.0, 800.0, 799.0]])
    check.close(
        student.softmax(x),
        ref.activations.softmax(x),
        what="softmax(x)",
        input="[[1000, 0, -1000], [-5, 800, 799]]",
    )
