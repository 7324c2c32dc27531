"""sigmoid_deriv: the derivative written with the sigmoid's output, out·(1−out)."""

from nngrade.testing import check, task


@task("sigmoid_deriv", points=0.5)
def test_sigmoid_deriv_uses_the_output(student, ref, rng):
    out = ref.activations.sigmoid(rng.normal(size=(4, 3)))
    call = student.call("sigmoid_deriv", out)
    check.close(call.value, out * (1 - out), what="sigmoid_deriv(out)", input="out = sigmoid(x)")
    check.unchanged(call, what="sigmoid_deriv(out)", arg_names=["out"])
    check.close(student.sigmoid_deriv(0.5), 0.25, what="sigmoid_deriv(0.5)")
