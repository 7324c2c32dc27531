"""The regression assignment's hidden tests: data a student cannot see, drawn from the run's
seeded `rng`, so an answer that only reproduces the visible cases earns nothing here. Never
shipped to students; shown as a count."""

import numpy as np

from nngrade.testing import check, task


@task("normal_equation", points=0.5)
def test_hidden_fit_on_unseen_data(student, ref, rng):
    for n in (3, 40):
        x = rng.uniform(50, 200, size=n)
        y = float(rng.uniform(-2, 2)) * x + float(rng.uniform(-50, 50)) + rng.normal(size=n)
        got = check.parts(student.fit_normal_equation(x, y), 2, what="fit_normal_equation")
        slope, intercept = ref.regression.fit_normal_equation(x, y)
        check.number(got[0], slope, what="slope", rtol=1e-6)
        check.number(got[1], intercept, what="intercept", rtol=1e-6)


@task("r2", points=0.5)
def test_hidden_r2_on_unseen_predictions(student, ref, rng):
    y_true = rng.normal(scale=3, size=int(rng.integers(5, 30)))
    cases = [
        y_true + rng.normal(scale=0.5, size=y_true.size),
        y_true.copy(),
        np.full_like(y_true, y_true.mean()),
    ]
    for y_pred in cases:  # a good fit, a perfect one (1), the mean (0)
        check.number(
            student.r2_score(y_true, y_pred),
            ref.regression.r2_score(y_true, y_pred),
            what="r2_score",
        )
