"""precision: stop right after the first step with |x_new − x| < precision, keeping that step."""

from nngrade.protocol import Polynomial
from nngrade.testing import check, task, text

STOPPED_AFTER = text(
    en="{call} took {got} steps, expected {want}. Stop right after the first step whose size |x_new − x| is below precision, and keep that step in the list.",
    ko="{call}이(가) {got}단계를 진행했습니다. 기대값: {want}단계. |x_new − x|가 precision보다 작아진 첫 단계 바로 뒤에 멈추고, 그 단계도 리스트에 넣으세요.",
)


# (a, b, x0, learning_rate, precision, max_iterations) for the gradient a·x + b. Chosen so that
# the step that stops is at most 0.8 × precision and every earlier one at least 1.3 × (checked
# in nngrade's own tests/assignments/test_gradient_descent.py): |x_new − x| and
# |learning_rate·gradient(x)|, which differ by rounding only, then stop at the same step.
OTHER_CASES = [
    (2.0, -6.0, 10.0, 0.2, 0.001, 100),
    (1.0, 4.0, -7.0, 0.5, 1e-6, 100),
    (3.0, -1.5, 2.0, 0.3, 1e-8, 200),
    (2.0, -6.0, 10.0, 0.2, 1e-12, 10),  # never precise enough: stops after max_iterations
]


def linear(a, b):
    """`2x − 6`, for messages."""
    return f"{a:g}x {'−' if b < 0 else '+'} {abs(b):g}"


def check_run(student, ref, a, b, x0, lr, precision, max_iterations):
    what = f"gradient_descent_precision({linear(a, b)}, {x0:g}, {lr:g}, {precision:g}, {max_iterations})"
    got = student.gradient_descent_precision(Polynomial([a, b]), x0, lr, precision, max_iterations)
    want = ref.optim.gradient_descent_with_precision(
        lambda x: a * x + b, x0, lr, precision, max_iterations
    )
    if isinstance(got, (list, tuple)):
        check.that(
            len(got) == len(want), STOPPED_AFTER.format(call=what, got=len(got), want=len(want))
        )
    check.sequence(got, want, what=what)


@task("precision", points=0.5)
def test_lecture_example_stops_after_26_steps(student, ref):
    check_run(student, ref, 2.0, -6.0, 10.0, 0.2, 0.00001, 100)


@task("precision", points=1)
def test_other_runs_stop_at_the_same_step_as_the_reference(student, ref):
    for case in OTHER_CASES:
        check_run(student, ref, *case)
