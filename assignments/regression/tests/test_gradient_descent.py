"""gradient_descent: standardised batch gradient descent on the MSE, simultaneous updates."""

from nngrade.testing import check, task, text

ARGS = ["x", "y", "learning_rate", "iterations"]
SLOPE = text(en="the slope", ko="기울기")
INTERCEPT = text(en="the intercept", ko="절편")


def check_descent(student, ref, x, y, learning_rate, iterations, shown, rtol):
    call = student.call("fit_gradient_descent", x, y, learning_rate, iterations)
    what = f"fit_gradient_descent(x, y, {learning_rate}, {iterations})"
    got = check.parts(call.value, 2, what=what)
    slope, intercept = ref.regression.fit_gradient_descent(x, y, learning_rate, iterations)
    for value, want, part in ((got[0], slope, SLOPE), (got[1], intercept, INTERCEPT)):
        name = text(en=f"{part.en} of {what}", ko=f"{what}의 {part.ko}")
        check.number(value, want, what=name, rtol=rtol, input=shown)
    check.unchanged(call, what="fit_gradient_descent", arg_names=ARGS)


@task("gradient_descent", points=1)
def test_reaches_the_normal_equation_answer_on_the_heights(student, ref):
    x, y = ref.regression.HEIGHTS, ref.regression.WEIGHTS
    got = check.parts(
        student.fit_gradient_descent(x, y), 2, what="fit_gradient_descent(heights, weights)"
    )
    slope, intercept = ref.regression.fit_normal_equation(x, y)
    shown = text(
        en="the lecture's heights, default learning_rate=0.1 and iterations=1000",
        ko="강의의 키 데이터, 기본값 learning_rate=0.1, iterations=1000",
    )
    check.number(got[0], slope, what=SLOPE, rtol=1e-6, input=shown)
    check.number(got[1], intercept, what=INTERCEPT, rtol=1e-6, input=shown)
    check_descent(student, ref, x, y, 0.1, 1000, shown, rtol=1e-6)


@task("gradient_descent", points=1)
def test_first_steps_match_the_reference_step_for_step(student, ref):
    """After a few steps, far from the answer, only the exact update rule gives these numbers."""
    check_descent(
        student,
        ref,
        ref.regression.LAB_X,
        ref.regression.LAB_Y,
        0.1,
        3,
        text(en="the lab's X = 1…5", ko="실습의 X = 1…5"),
        rtol=1e-7,
    )
    check_descent(
        student,
        ref,
        ref.regression.HEIGHTS,
        ref.regression.WEIGHTS,
        0.05,
        5,
        text(en="the lecture's heights", ko="강의의 키 데이터"),
        rtol=1e-7,
    )
