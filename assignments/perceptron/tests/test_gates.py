"""gates: AND, OR and NAND as step perceptrons, 1 if w1·x1 + w2·x2 > θ else 0 (seed 004).

What the lecture asks (seed 004, "퍼셉트론 예시 - 게이트"): a perceptron that realises each gate;
(0.5, 0.5, 0.7) for AND and (0.5, 0.5, 0.2) for OR are its *examples*. So any weights that
realise the gate earn the point. Checked: the gate's truth table on 0 and 1, and, on real
inputs between 0 and 1, answers of 0 or 1 that one perceptron with that truth table gives
(`ref.perceptron.separating_perceptron`): a lookup of the four rows or `x1 and x2` fails, the
lecture's weights and any others that realise the gate pass.
"""

from nngrade.testing import GradingFailure, check, task, text

NOT_A_PERCEPTRON = text(
    en="{call} answers {got} for the inputs {inputs}, and no perceptron gives that with the truth table of {gate}: a perceptron is 1 if w1·x1 + w2·x2 > θ else 0, for all numbers between 0 and 1 too. Any weights that realise {gate} are accepted (the lecture's are w1 = {w1}, w2 = {w2}, θ = {theta}); use the weighted sum and the threshold, not a lookup of the four rows.",
    ko="{call}이(가) 입력 {inputs}에 {got}을(를) 반환했는데, {gate}의 진리표를 만족하면서 이렇게 답하는 퍼셉트론은 없습니다: 퍼셉트론은 0과 1 사이의 모든 실수 입력에서도 w1·x1 + w2·x2 > θ이면 1, 아니면 0입니다. {gate}를 만드는 가중치라면 무엇이든 인정합니다 (강의의 값은 w1 = {w1}, w2 = {w2}, θ = {theta}). 네 행을 찾아보는 대신 가중합과 임계값을 쓰세요.",
)


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
            NOT_A_PERCEPTRON.format(
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
