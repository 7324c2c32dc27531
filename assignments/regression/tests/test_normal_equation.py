"""normal_equation: fit_normal_equation(x, y) -> (slope, intercept), least squares in closed form."""

import numpy as np

from nngrade.testing import check, task, text

SLOPE = text(en="the slope", ko="기울기")
INTERCEPT = text(en="the intercept", ko="절편")


def check_fit(student, ref, x, y, shown, rtol=1e-7):
    call = student.call("fit_normal_equation", x, y)
    got = check.parts(call.value, 2, what="fit_normal_equation(x, y)")
    slope, intercept = ref.regression.fit_normal_equation(x, y)
    check.number(
        got[0],
        slope,
        what=text(
            en="the slope of fit_normal_equation(x, y)", ko="fit_normal_equation(x, y)의 기울기"
        ),
        rtol=rtol,
        input=shown,
    )
    check.number(
        got[1],
        intercept,
        what=text(
            en="the intercept of fit_normal_equation(x, y)",
            ko="fit_normal_equation(x, y)의 절편",
        ),
        rtol=rtol,
        input=shown,
    )
    check.unchanged(call, what="fit_normal_equation", arg_names=["x", "y"])


def check_fitted_reg(values, ref):
    """The lecture's scikit-learn code (issue 21): `reg.fit(X, y)` left a fitted `reg`; its
    `coef_` and `intercept_` must be the least-squares line of its own data `X, y`."""
    reg = values["reg"]
    shown = text(en="your X and y", ko="코드의 X와 y")
    check.that(
        "coef_" in reg and "intercept_" in reg,
        text(
            en="`reg` has no `coef_` or `intercept_`: call `reg.fit(X, y)`.",
            ko="`reg`에 `coef_`나 `intercept_`가 없습니다: `reg.fit(X, y)`를 호출하세요.",
        ),
    )
    x = np.asarray(values["X"], dtype=float)
    check.that(
        x.ndim == 2 and x.shape[1] == 1,
        text(
            en="X must be one column of heights, [[174], [152], ...], as in the lecture.",
            ko="X는 강의처럼 키 한 열이어야 합니다: [[174], [152], ...].",
        ),
    )
    slope, intercept = ref.regression.fit_normal_equation(x.ravel(), values["y"])
    check.number(np.ravel(reg["coef_"])[0], slope, what="reg.coef_[0]", rtol=1e-7, input=shown)
    check.number(reg["intercept_"], intercept, what="reg.intercept_", rtol=1e-7, input=shown)


@task("normal_equation", points=0.5)
def test_heights_give_the_lecture_slope_and_intercept(student, ref):
    values = student.values("fit_normal_equation")
    if values is not None:
        check_fitted_reg(values, ref)
        return
    x, y = ref.regression.HEIGHTS, ref.regression.WEIGHTS
    got = check.parts(
        student.fit_normal_equation(x, y), 2, what="fit_normal_equation(heights, weights)"
    )
    shown = text(en="the lecture's heights and weights", ko="강의의 키와 몸무게 데이터")
    check.number(got[0], 0.82021132, what=SLOPE, rtol=1e-8, input=shown)
    check.number(got[1], -68.0248807, what=INTERCEPT, rtol=1e-8, input=shown)
    check_fit(student, ref, x, y, shown)


@task("normal_equation", points=1)
def test_lab_data_and_random_data_match_reference(student, ref, rng):
    check_fit(
        student,
        ref,
        ref.regression.LAB_X,
        ref.regression.LAB_Y,
        text(en="the lab's X = 1…5", ko="실습의 X = 1…5"),
    )
    x = rng.uniform(-10, 10, size=12)
    y = 3.0 * x - 2.0 + rng.normal(size=12)
    check_fit(student, ref, x, y, text(en="12 random points", ko="임의의 점 12개"))
