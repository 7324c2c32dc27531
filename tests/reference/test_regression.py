"""Regression oracles beyond the seed's worked fit: exact lines, scikit-learn, gradient descent."""

from __future__ import annotations

import numpy as np
import pytest

from nngrade.reference import regression


def test_fit_normal_equation_recovers_exact_line():
    x = np.array([0.0, 1.0, 2.0, 5.0])
    slope, intercept = regression.fit_normal_equation(x, 3 * x - 2)
    assert type(slope) is float
    assert slope == pytest.approx(3.0, abs=1e-12) and intercept == pytest.approx(-2.0, abs=1e-12)


def test_regression_matches_sklearn_on_random_multifeature_data():
    linear_model = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 3))
    y = X @ [1.5, -2.0, 0.3] + 4.0 + rng.normal(scale=0.1, size=40)
    reg = linear_model.LinearRegression().fit(X, y)
    coef, intercept = regression.fit_normal_equation(X, y)
    assert np.allclose(coef, reg.coef_, atol=1e-10)
    assert intercept == pytest.approx(reg.intercept_, abs=1e-10)
    fitted = regression.predict(X, coef, intercept)
    assert regression.r2_score(y, fitted) == pytest.approx(reg.score(X, y), abs=1e-12)
    gd_coef, gd_intercept = regression.fit_gradient_descent(
        X, y, learning_rate=0.1, iterations=3000
    )
    assert np.allclose(gd_coef, reg.coef_, atol=1e-8)
    assert gd_intercept == pytest.approx(reg.intercept_, abs=1e-8)


def test_r2_score_perfect_mean_and_constant_targets():
    y = np.array([1.0, 2.0, 4.0])
    assert regression.r2_score(y, y) == 1.0
    assert regression.r2_score(y, np.full(3, y.mean())) == 0.0
    assert regression.r2_score([2.0, 2.0], [2.0, 2.0]) == 1.0
    assert regression.r2_score([2.0, 2.0], [2.0, 3.0]) == 0.0


def test_raw_gradient_descent_on_lab_data_converges_to_least_squares():
    slope, intercept = regression.fit_gradient_descent(
        regression.LAB_X, regression.LAB_Y, learning_rate=0.05, iterations=3000, standardize=False
    )
    assert slope == pytest.approx(0.44, abs=1e-9)
    assert intercept == pytest.approx(0.82, abs=1e-9)


def test_raw_gradient_descent_first_step_by_hand():
    # From w = b = 0: r = -y, ∂L/∂w = -(2/n) Σ x·y, ∂L/∂b = -(2/n) Σ y.
    x, y = regression.LAB_X, regression.LAB_Y
    slope, intercept = regression.fit_gradient_descent(
        x, y, learning_rate=0.01, iterations=1, standardize=False
    )
    assert slope == pytest.approx(0.01 * 2 / 5 * np.sum(x * y), rel=1e-14)
    assert intercept == pytest.approx(0.01 * 2 / 5 * np.sum(y), rel=1e-14)


def test_standardised_gradient_descent_refuses_constant_feature():
    with pytest.raises(ValueError):
        regression.fit_gradient_descent([1.0, 1.0, 1.0], [1.0, 2.0, 3.0])
