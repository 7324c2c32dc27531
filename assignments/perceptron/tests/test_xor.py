"""xor: XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)), the two-layer perceptron (seed 004)."""

from nngrade.testing import check, task


@task("xor", points=1)
def test_xor_truth_table(student, ref):
    for x1, x2 in ref.perceptron.INPUTS:
        check.equal(student.XOR(x1, x2), ref.perceptron.xor_gate(x1, x2), what=f"XOR({x1}, {x2})")
