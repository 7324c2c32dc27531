"""Finite-difference gradient checking, for any scalar function of one array.

The grading engine uses this on students' gradients (and the project's tests use it on
the oracles), so a backprop that is self-consistent but wrong is caught::

    ok, err = check_gradient(lambda W: loss_of(W), student_dW, W)

Everything is done in float64: with the default ``h = 1e-5`` the centred difference
has a truncation error of order ``h² ≈ 1e-10`` and a rounding error of order
``eps / h ≈ 1e-11`` (relative to the function's size), well below the ``1e-7`` tolerance.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def numerical_gradient(
    f: Callable[[FloatArray], float], x: ArrayLike, h: float = 1e-5
) -> FloatArray:
    """Centred-difference gradient of a scalar function ``f`` at ``x``.

    For each element i: ``g_i = (f(x + h·e_i) - f(x - h·e_i)) / (2h)``, where ``e_i``
    is the unit array with a 1 at position i. ``x`` may have any shape; ``g`` has the
    same shape. ``f`` receives a float64 copy of ``x`` (the caller's ``x`` is never
    changed) and must return something ``float()`` accepts.
    """
    x = np.array(x, dtype=np.float64)  # a private copy, perturbed in place below
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = float(f(x.copy()))
        x[index] = original - h
        f_minus = float(f(x.copy()))
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    """Scale-aware distance between two arrays of the same shape::

        max_i |a_i - b_i|  /  max( max_i (|a_i| + |b_i|), tiny )

    0 means equal; it never exceeds 1. It is measured against the size of the whole
    gradient, not of each element: the element-wise form ``|a_i - b_i| / (|a_i| + |b_i|)``
    rejects correct gradients whose true value is 0 in some element (sigmoid
    saturation, a ReLU that is off), where the finite difference is a tiny nonzero
    number. ``tiny`` is the smallest positive float64, so two zero arrays give 0.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    if a.size == 0:
        return 0.0
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")  # NaN or inf is never "close"
    numerator = np.max(np.abs(a - b))
    denominator = max(float(np.max(np.abs(a) + np.abs(b))), np.finfo(np.float64).tiny)
    return float(numerator / denominator)


def check_gradient(
    f: Callable[[FloatArray], float],
    grad: ArrayLike | Callable[[FloatArray], ArrayLike],
    x: ArrayLike,
    h: float = 1e-5,
    tol: float = 1e-7,
) -> tuple[bool, float]:
    """Compare a gradient with the centred finite difference of ``f`` at ``x``.

    ``grad`` is either the gradient already evaluated at ``x`` (an array, e.g. a
    student's answer) or a function returning it. Returns ``(ok, rel_error)`` where
    ``rel_error = relative_error(grad, numerical_gradient(f, x, h))`` and
    ``ok = rel_error < tol``. A gradient of the wrong shape raises ``ValueError``.
    """
    x = np.array(x, dtype=np.float64)
    analytic = grad(x.copy()) if callable(grad) else grad
    analytic = np.asarray(analytic, dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(f"gradient has shape {analytic.shape}, x has {x.shape}")
    numeric = numerical_gradient(f, x, h)
    error = relative_error(analytic, numeric)
    return error < tol, error
