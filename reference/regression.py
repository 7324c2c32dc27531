"""Linear regression ``y ≈ x·slope + intercept`` (seed 002, scikit-learn's LinearRegression).

``x`` is either 1-D (n samples, one feature) or 2-D (n samples, d features, as
scikit-learn requires, e.g. ``[[174], [152], ...]``). With 1-D ``x`` the slope is a
``float``; with 2-D ``x`` it is an array of d coefficients (like ``reg.coef_``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

#: Seed 002: heights in cm ...
HEIGHTS = np.array([174.0, 152.0, 138.0, 128.0, 186.0])
#: ... and weights in kg. Fit: slope 0.82021132, intercept -68.0248807, R² 0.98127692.
WEIGHTS = np.array([71.0, 55.0, 46.0, 38.0, 88.0])
#: Seed 002's "Lab: 선형 회귀 실습" data.
LAB_X = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
LAB_Y = np.array([1.0, 2.0, 1.6, 3.8, 2.3])


def _features(x: ArrayLike) -> FloatArray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError(f"x must be 1-D or 2-D, got shape {x.shape}")
    return x


def _split(
    x: FloatArray, coefficients: FloatArray, intercept: float
) -> tuple[float | FloatArray, float]:
    """Return (slope, intercept) in the documented form: float slope for 1-D x."""
    if x.ndim == 1:
        return float(coefficients[0]), float(intercept)
    return coefficients, float(intercept)


def fit_normal_equation(x: ArrayLike, y: ArrayLike) -> tuple[float | FloatArray, float]:
    """Least-squares fit: returns ``(slope, intercept)`` minimising ``Σ (x·slope + intercept - y)²``.

    With the design matrix ``A = [x, 1]`` (a column of ones appended), the solution
    ``β = [slope, intercept]`` satisfies the normal equation ``AᵀA β = Aᵀy``. It is
    computed with ``np.linalg.lstsq`` rather than by inverting ``AᵀA``, which is the
    same answer with less rounding error. Seed 002:
    ``fit_normal_equation(HEIGHTS, WEIGHTS) = (0.82021132..., -68.0248807...)``.
    """
    x = _features(x)
    y = np.asarray(y, dtype=np.float64)
    columns = x.reshape(len(x), -1)
    A = np.column_stack([columns, np.ones(len(x))])
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    return _split(x, beta[:-1], beta[-1])


def predict(x: ArrayLike, slope: float | ArrayLike, intercept: float) -> float | FloatArray:
    """``ŷ = x·slope + intercept`` (``x @ slope + intercept`` for 2-D ``x``).

    Seed 002: ``predict(178, 0.82021132, -68.0248807) = 77.97273`` (and
    ``predict([[178]], [0.82021132], ...)`` gives ``array([77.97273])``).
    """
    x = np.asarray(x, dtype=np.float64)
    slope = np.asarray(slope, dtype=np.float64)
    if x.ndim == 2:
        return x @ np.atleast_1d(slope) + intercept
    result = x * slope + intercept
    if result.ndim == 0:
        return float(result)
    return result


def r2_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Coefficient of determination: ``R² = 1 - Σ (y - ŷ)² / Σ (y - ȳ)²``.

    This is ``reg.score(X, y)`` in seed 002 (0.9812769231994423 for the heights).
    If every ``y`` is equal (the denominator is 0) it returns 1.0 for a perfect
    prediction and 0.0 otherwise, as scikit-learn does.
    """
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes differ: {y_true.shape} vs {y_pred.shape}")
    residual = np.sum((y_true - y_pred) ** 2)
    total = np.sum((y_true - np.mean(y_true)) ** 2)
    if total == 0:
        return 1.0 if residual == 0 else 0.0
    return float(1.0 - residual / total)


def fit_gradient_descent(
    x: ArrayLike,
    y: ArrayLike,
    learning_rate: float = 0.1,
    iterations: int = 1000,
    standardize: bool = True,
) -> tuple[float | FloatArray, float]:
    """Fit ``(slope, intercept)`` by batch gradient descent on the mean squared error.

    Loss ``L(w, b) = (1/n) Σ (x·w + b - y)²``, gradients ``∂L/∂w = (2/n) xᵀ r`` and
    ``∂L/∂b = (2/n) Σ r`` with residuals ``r = x·w + b - y``; start at w = 0, b = 0 and
    take ``iterations`` steps ``θ ← θ - learning_rate · ∂L/∂θ``.

    ``standardize=True`` (default): descend on ``z = (x - mean) / std`` (per feature,
    population std), then convert back: ``slope = w / std``,
    ``intercept = b - Σ w·mean/std``. In z the loss is well conditioned (its Hessian is
    2 × the correlation matrix), so the defaults reach the ``fit_normal_equation``
    answer to about machine precision, even for raw heights around 150 cm where plain
    descent would need a learning rate below ~1e-5 and millions of steps.

    ``standardize=False``: the same descent on the raw ``x``, for comparing with a
    student's raw-data loop step for step.
    """
    x = _features(x)
    y = np.asarray(y, dtype=np.float64)
    X = x.reshape(len(x), -1)
    n, d = X.shape

    if standardize:
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        if np.any(std == 0):
            raise ValueError("a feature is constant; it cannot be standardised")
        X = (X - mean) / std

    w = np.zeros(d)
    b = 0.0
    for _ in range(iterations):
        residual = X @ w + b - y
        grad_w = (2.0 / n) * (X.T @ residual)
        grad_b = (2.0 / n) * np.sum(residual)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b

    if standardize:
        # x·slope + intercept = ((x - mean)/std)·w + b
        slope = w / std
        intercept = b - np.sum(w * mean / std)
    else:
        slope, intercept = w, b
    return _split(x, slope, intercept)
