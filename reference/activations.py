"""Activation functions and their derivatives (seeds 000, 001, 003, 004).

Conventions used by every function here:

* Input: a Python scalar or any array-like of any shape. It is converted to float64,
  so integer inputs are fine and results are never float32.
* Output: a float64 ``ndarray`` of the input's shape (``softmax`` and ``maxout`` say
  otherwise where the shape changes). A Python scalar or 0-d input gives a Python
  ``float`` back (``step`` gives an ``int``, as the seed's ``astype(int)`` does).
* Derivatives are taken with respect to the activation's **input** ``x``, with one
  exception kept for chapter 6 (seed 001): ``sigmoid_deriv(out)`` takes the sigmoid's
  **output**, exactly like the seed's ``actf_deriv(x) = x * (1 - x)``. Use
  ``sigmoid_grad(x)`` for the derivative in terms of the input.
* At a kink (x = 0 for step, relu, leaky relu, elu) the derivative uses the ``x <= 0``
  branch, which is also what TensorFlow's gradients do.
* Numerically stable: ``sigmoid(±1000)``, ``softmax([1000, 1001])``, ``elu(-1000)`` and
  ``softplus(±1000)`` are exact with no NaN and no warning. (Results such as
  ``sigmoid(-1000) == 0.0`` do underflow, which is the correctly rounded answer.)

A note on seed 003: its "Softmax function" slide ("a smooth approximation of ReLU,
differentiable everywhere, whose derivative is the sigmoid") describes **softplus**,
not softmax. Both are here, each with its own correct definition.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def _as_float_array(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def _float_or_array(result: FloatArray) -> float | FloatArray:
    """Return a Python float for a 0-d result, the array otherwise."""
    if result.ndim == 0:
        return float(result)
    return result


# --------------------------------------------------------------------------- activations


def step(x: ArrayLike) -> int | NDArray[np.int64]:
    """Step (threshold) function: ``f(x) = 1 if x > 0 else 0``.

    Returns integers, like the seed's ``result.astype(int)``. Note: seed 001's lab code
    compares with ``x > 0.000001`` "to avoid floating-point error"; the formula on the
    slide (and this oracle) uses ``x > 0``. They differ only for 0 < x <= 1e-6.
    """
    result = (_as_float_array(x) > 0).astype(np.int64)
    if result.ndim == 0:
        return int(result)
    return result


def sigmoid(x: ArrayLike) -> float | FloatArray:
    """Logistic sigmoid: ``σ(x) = 1 / (1 + e^(-x))``.

    Computed as the lecture writes it, so that its values are bit for bit those of a
    student's correct code (a served call answered ahead, `nngrade.speculation`, is found
    only by arguments equal to the last bit). For x < -709, ``e^(-x)`` overflows to inf and
    ``1 / (1 + inf)`` is 0.0, the correctly rounded answer: that overflow is not warned of.
    """
    x = _as_float_array(x)
    with np.errstate(over="ignore"):
        return _float_or_array(1.0 / (1.0 + np.exp(-x)))


def tanh(x: ArrayLike) -> float | FloatArray:
    """Hyperbolic tangent: ``tanh(x) = (e^x - e^(-x)) / (e^x + e^(-x)) = 2σ(2x) - 1``."""
    return _float_or_array(np.tanh(_as_float_array(x)))


def relu(x: ArrayLike) -> float | FloatArray:
    """Rectified linear unit: ``relu(x) = max(0, x)``."""
    return _float_or_array(np.maximum(_as_float_array(x), 0.0))


def leaky_relu(x: ArrayLike, slope: float = 0.1) -> float | FloatArray:
    """Leaky ReLU: ``x if x > 0 else slope * x``; equals ``max(slope*x, x)`` for 0 <= slope <= 1.

    The default slope 0.1 is seed 000's ``max(0.1x, x)``. Keras and ``tf.nn`` default to
    0.2 (``negative_slope`` / ``alpha``), so pass the slope explicitly when comparing.
    """
    x = _as_float_array(x)
    return _float_or_array(np.where(x > 0, x, slope * x))


def elu(x: ArrayLike, alpha: float = 1.0) -> float | FloatArray:
    """Exponential linear unit: ``x if x > 0 else alpha * (e^x - 1)``.

    Seed 000 writes the first case as ``x >= 0``; both cases give 0 at x = 0, so it is
    the same function. ``expm1`` is evaluated on ``min(x, 0)`` only, so large positive
    inputs never reach ``exp``.
    """
    x = _as_float_array(x)
    negative_part = alpha * np.expm1(np.minimum(x, 0.0))
    return _float_or_array(np.where(x > 0, x, negative_part))


def softmax(x: ArrayLike, axis: int = -1) -> float | FloatArray:
    """Softmax along ``axis``: ``softmax(x)_i = e^(x_i) / Σ_j e^(x_j)``.

    Shift-invariant, so ``x - max(x)`` is used: every exponent is <= 0 and the largest
    term is exactly 1, which gives ``softmax([1000, 1001]) = [0.2689..., 0.7310...]``
    with no overflow. The result sums to 1 along ``axis`` and keeps the input's shape.
    A scalar input is a one-element distribution and returns 1.0.
    """
    x = _as_float_array(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    exps = np.exp(shifted)
    return _float_or_array(exps / np.sum(exps, axis=axis, keepdims=True))


def softplus(x: ArrayLike) -> float | FloatArray:
    """Softplus, a smooth ReLU: ``softplus(x) = ln(1 + e^x)``; its derivative is ``σ(x)``.

    Computed as ``max(x, 0) + ln(1 + e^(-|x|))`` (the same value): no overflow at
    x = 1000 (gives 1000.0) and no ``log(1 + tiny)`` precision loss at x = -1000.
    This is the function seed 003 calls "Softmax".
    """
    x = _as_float_array(x)
    return _float_or_array(np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x))))


def maxout(x: ArrayLike, W: ArrayLike, b: ArrayLike) -> float | FloatArray:
    """Maxout unit(s): ``max_i (w_i^T x + b_i)`` over ``k`` linear pieces (seed 000).

    Shapes (``d`` inputs, ``k`` pieces, ``n`` samples, ``m`` units):

    * one unit:   ``W`` is ``(k, d)``, ``b`` is ``(k,)``;
      ``x`` ``(d,)`` gives a float, ``x`` ``(n, d)`` gives ``(n,)``.
    * ``m`` units: ``W`` is ``(k, d, m)``, ``b`` is ``(k, m)``;
      ``x`` ``(d,)`` gives ``(m,)``, ``x`` ``(n, d)`` gives ``(n, m)``.

    Piece ``i`` is ``x @ W[i] + b[i]``; the result is the elementwise maximum over i.
    Seed 000's example ``max(w_1^T x + b_1, w_2^T x + b_2)`` is ``k = 2`` with one unit.
    """
    x = _as_float_array(x)
    W = _as_float_array(W)
    b = _as_float_array(b)
    if W.shape[0] != b.shape[0]:
        raise ValueError(f"W has {W.shape[0]} pieces but b has {b.shape[0]}")
    pieces = np.stack([x @ W[i] + b[i] for i in range(W.shape[0])])
    return _float_or_array(np.max(pieces, axis=0))


# --------------------------------------------------------------------------- derivatives


def step_deriv(x: ArrayLike) -> float | FloatArray:
    """Derivative of the step function: 0 everywhere (undefined at x = 0; 0 is used).

    This is why a perceptron with a step activation cannot be trained by backprop.
    """
    return _float_or_array(np.zeros_like(_as_float_array(x)))


def sigmoid_deriv(out: ArrayLike) -> float | FloatArray:
    """Sigmoid derivative **in terms of the sigmoid's output**: ``out * (1 - out)``.

    This is chapter 6's ``actf_deriv``: pass ``out = σ(net)``, not ``net``. For example
    ``sigmoid_deriv(0.709383) = 0.206158`` in the seed's worked example. For the
    derivative in terms of the input use ``sigmoid_grad``.
    """
    out = _as_float_array(out)
    return _float_or_array(out * (1.0 - out))


def sigmoid_grad(x: ArrayLike) -> float | FloatArray:
    """Sigmoid derivative in terms of the input: ``σ'(x) = σ(x) * (1 - σ(x))``."""
    s = _as_float_array(sigmoid(x))
    return _float_or_array(s * (1.0 - s))


def tanh_deriv(x: ArrayLike) -> float | FloatArray:
    """Derivative of tanh in terms of the input: ``1 - tanh(x)^2``."""
    t = np.tanh(_as_float_array(x))
    return _float_or_array(1.0 - t * t)


def relu_deriv(x: ArrayLike) -> float | FloatArray:
    """Derivative of ReLU: ``1 if x > 0 else 0`` (0 at x = 0, as TensorFlow uses)."""
    x = _as_float_array(x)
    return _float_or_array(np.where(x > 0, 1.0, 0.0))


def leaky_relu_deriv(x: ArrayLike, slope: float = 0.1) -> float | FloatArray:
    """Derivative of leaky ReLU: ``1 if x > 0 else slope`` (``slope`` at x = 0)."""
    x = _as_float_array(x)
    return _float_or_array(np.where(x > 0, 1.0, slope))


def elu_deriv(x: ArrayLike, alpha: float = 1.0) -> float | FloatArray:
    """Derivative of ELU: ``1 if x > 0 else alpha * e^x`` (``alpha`` at x = 0).

    With ``alpha = 1`` both one-sided derivatives at 0 equal 1 (seed 003: "α = 1 gives
    a continuous derivative").
    """
    x = _as_float_array(x)
    return _float_or_array(np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0))))


def softplus_deriv(x: ArrayLike) -> float | FloatArray:
    """Derivative of softplus: ``d/dx ln(1 + e^x) = 1 / (1 + e^(-x)) = σ(x)``."""
    return sigmoid(x)
