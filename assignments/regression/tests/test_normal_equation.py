"""normal_equation: fit_normal_equation(x, y) -> (slope, intercept), least squares in closed form."""

from nngrade.testing import check, task


def check_fit(student, ref, x, y, shown, rtol=1e-7):
    call = student.call("fit_normal_equation", x, y)
    got = check.parts(call.value, 2, what="fit_normal_equation(x, y)")
    slope, intercept = ref.regression.fit_normal_equation(x, y)
    check.number(
        got[0], slope, what="the slope of fit_normal_equation(x, y)", rtol=rtol, input=shown
    )
    check.number(
        got[1], intercept, what="the intercept of fit_normal_equation(x, y)", rtol=rtol, input=shown
    )
    check.unchanged(call, what="fit_normal_equation", arg_names=["x", "y"])


@task("normal_equation", points=1)
def test_heights_give_the_lecture_slope_and_intercept(student, ref):
    x, y = ref.regression.HEIGHTS, ref.regression.WEIGHTS
    got = check.parts(
        student.fit_normal_equation(x, y), 2, what="fit_normal_equation(heights, weights)"
    )
    shown = "the lecture's heights and weights"
    check.number(got[0], 0.82021132, what="the slope", rtol=1e-8, input=shown)
    check.number(got[1], -68.0248807, what="the intercept", rtol=1e-8, input=shown)
    check_fit(student, ref, x, y, shown)


@task("normal_equation", points=1)
def test_lab_data_and_random_data_match_reference(student, ref, rng):
    check_fit(student, ref, ref.regression.LAB_X, ref.regression.LAB_Y, "the lab's X = 1…5")
    x = rng.uniform(-10, 10, size=12)
    y = 3.0 * x - 2.0 + rng.normal(size=12)
    check_fit(student, ref, x, y, "12 random points")
