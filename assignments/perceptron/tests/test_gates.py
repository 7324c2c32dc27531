"""gates: AND, OR and NAND as step perceptrons, 1 if w1·x1 + w2·x2 > θ else 0 (seed 004).

What the lecture asks (seed 004, "퍼셉트론 예시 - 게이트"): a perceptron that realises each gate;
(0.5, 0.5, 0.7) for AND and (0.5, 0.5, 0.2) for OR are its *examples*. So any weights that
realise the gate earn the point. Checked: the gate's truth table on 0 and 1, and, on real
inputs between 0 and 1, answers of 0 or 1 that one perceptron with that truth table gives
(`ref.perceptron.separating_perceptron`): a lookup of the four rows or `x1 and x2` fails, the
lecture's weights and any others that realise the gate pass.
"""

from nngrade.checks import GradingFailure
from nngrade.messages import say
from nngrade.testing import check, task

TRUTH_INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]

# Real-valued inputs, each at least 0.05 away from the lecture's thresholds, on both sides.
REAL_INPUTS = [(0.8, 0.8), (1.0, 0.3), (0.3, 0.2), (0.2, 0.1), (0.6, 0.9), (0.4, 0.4)]


def _zero_or_one(value):
    """0 or 1 for an answer that is one of them (int, float, bool or a 1-element array)."""
    try:
        number = float(value if not hasattr(value, "item") else value.item())
    except (TypeError, ValueError):
        return None
    return int(number) if number in (0.0, 1.0) else None


def check_gate(student, ref, name):
    gate = getattr(student, name)
    want = getattr(ref.perceptron, f"{name.lower()}_gate")
    for x1, x2 in TRUTH_INPUTS:
        check.equal(gate(x1, x2), want(x1, x2), what=f"{name}({x1}, {x2})")
    got = [gate(x1, x2) for x1, x2 in REAL_INPUTS]
    answers = [_zero_or_one(g) for g in got]
    outputs = [int(want(x1, x2)) for x1, x2 in TRUTH_INPUTS] + answers
    if None in answers or (
        ref.perceptron.separating_perceptron(TRUTH_INPUTS + REAL_INPUTS, outputs) is None
    ):
        w1, w2, theta = getattr(ref.perceptron, f"{name}_PARAMS")
        raise GradingFailure(
            say(
                "perceptron_not_a_perceptron",
                call=f"`{name}`",
                got=", ".join(
                    str(g if a is None else a) for g, a in zip(got, answers, strict=True)
                ),
                inputs=", ".join(f"({x1}, {x2})" for x1, x2 in REAL_INPUTS),
                gate=name,
                w1=w1,
                w2=w2,
                theta=theta,
            )
        )


@task("gates", points=1)
def test_and_is_a_perceptron_with_the_truth_table_of_and(student, ref):
    check_gate(student, ref, "AND")


@task("gates", points=1)
def test_or_is_a_perceptron_with_the_truth_table_of_or(student, ref):
    check_gate(student, ref, "OR")


@task("gates", points=1)
def test_nand_is_a_perceptron_with_the_truth_table_of_nand(student, ref):
    check_gate(student, ref, "NAND")
