"""r2: R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², scikit-learn's reg.score."""

from nngrade.testing import check, task, text


@task("r2", points=0.5)
def test_r2_of_the_lecture_fit_and_of_other_predictions(student, ref, rng):
    x, y = ref.regression.HEIGHTS, ref.regression.WEIGHTS
    y_pred = ref.regression.predict(x, *ref.regression.fit_normal_equation(x, y))
    got = student.r2_score(y, y_pred)
    check.number(
        got,
        0.98127692,
        what="r2_score(weights, predictions)",
        rtol=1e-8,
        input=text(en="the lecture's fit", ko="강의에서 구한 기울기와 절편"),
    )
    for _ in range(2):  # not fitted by least squares: the mean of ŷ is not the mean of y
        y_true, y_pred = rng.normal(size=8), rng.normal(size=8)
        call = student.call("r2_score", y_true, y_pred)
        check.number(
            call.value,
            ref.regression.r2_score(y_true, y_pred),
            what="r2_score(y_true, y_pred)",
            input=text(en="8 random values", ko="임의의 값 8개"),
        )
        check.unchanged(call, what="r2_score", arg_names=["y_true", "y_pred"])
