"""predict: ŷ = slope·x + intercept, for a number and for an array."""

import numpy as np

from nngrade.testing import check, task, text


@task("predict", points=1)
def test_predicts_77_97_kg_for_178_cm_and_works_on_arrays(student, ref, rng):
    # The lecture's fit at full precision (reg.coef_ = 0.82021132..., reg.intercept_ = -68.0248807...).
    slope, intercept = ref.regression.fit_normal_equation(
        ref.regression.HEIGHTS, ref.regression.WEIGHTS
    )
    got = student.predict(178, slope, intercept)
    check.number(
        got,
        77.97273347,
        what="predict(178, slope, intercept)",
        rtol=1e-9,
        input=text(en="the lecture's fit", ko="강의에서 구한 기울기와 절편"),
    )
    x = rng.uniform(120, 200, size=6)
    call = student.call("predict", x, slope, intercept)
    want = ref.regression.predict(x, slope, intercept)
    check.close(
        call.value,
        want,
        what="predict(x, slope, intercept)",
        input=text(en="an array of 6 heights", ko="키 6개의 배열"),
    )
    check.unchanged(call, what="predict", arg_names=["x", "slope", "intercept"])
    check.close(
        student.predict(np.array([1.0, 2.0]), -0.5, 3.0),
        np.array([2.5, 2.0]),
        what="predict([1, 2], -0.5, 3)",
    )
