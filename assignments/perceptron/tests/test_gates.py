"""gates: AND, OR and NAND as step perceptrons, 1 if w1·x1 + w2·x2 > θ else 0 (seed 004)."""

from nngrade.testing import check, task

TRUTH_INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]

# Real-valued inputs, each at least 0.05 away from the threshold, on both sides of it: a
# lookup table or `x1 and x2` gets some of them wrong, the lecture's perceptron gets all right.
REAL_INPUTS = [(0.8, 0.8), (1.0, 0.3), (0.3, 0.2), (0.2, 0.1), (0.6, 0.9), (0.4, 0.4)]


def check_gate(student, ref, name):
    gate = getattr(student, name)
    want = getattr(ref.perceptron, f"{name.lower()}_gate")
    for x1, x2 in TRUTH_INPUTS + REAL_INPUTS:
        check.equal(gate(x1, x2), want(x1, x2), what=f"{name}({x1}, {x2})")


@task("gates", points=1)
def test_and_is_the_perceptron_0_5_0_5_threshold_0_7(student, ref):
    check_gate(student, ref, "AND")


@task("gates", points=1)
def test_or_is_the_perceptron_0_5_0_5_threshold_0_2(student, ref):
    check_gate(student, ref, "OR")


@task("gates", points=1)
def test_nand_is_the_perceptron_minus_0_5_minus_0_5_threshold_minus_0_7(student, ref):
    check_gate(student, ref, "NAND")
