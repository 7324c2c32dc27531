"""Loss functions and weight penalties (seeds 001, 002, 003).

Every loss returns one Python ``float``. The reductions are the ones Keras uses by
default (``reduction="sum_over_batch_size"``): the per-sample loss is computed over the
last axis and then averaged over all samples. For the element-wise losses (MSE, binary
cross-entropy) that is simply the mean over all elements.

The exception is chapter 6's ``half_sse``, which **sums** (no mean), as the seed's
``E = ½ Σ (y - t)²`` does.

Argument order: ``half_sse(y, t)`` follows chapter 6 (prediction first); all the others
follow Keras and scikit-learn: ``(y_true, y_pred)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

#: Keras' ``backend.epsilon()``: probabilities are clipped to ``[EPSILON, 1 - EPSILON]``
#: before taking logs, so ``log(0)`` never happens.
EPSILON = 1e-7


def _as_float_array(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def _check_same_shape(a: FloatArray, b: FloatArray) -> None:
    # Broadcasting (n,) against (n, 1) silently gives an (n, n) loss: refuse it.
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")


def half_sse(y: ArrayLike, t: ArrayLike) -> float:
    """Chapter 6's loss: ``E = ½ Σ (y - t)²`` summed over every element (no mean).

    ``y`` is the network output, ``t`` the target. Seed 001's worked example:
    ``half_sse(0.709383, 0.0) = 0.251612``.
    """
    y = _as_float_array(y)
    t = _as_float_array(t)
    _check_same_shape(y, t)
    return float(0.5 * np.sum((y - t) ** 2))


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error: ``MSE = (1/N) Σ (y_true - y_pred)²`` over all N elements.

    Same value as ``keras.losses.MeanSquaredError()`` and
    ``sklearn.metrics.mean_squared_error`` (seed 003).
    """
    y_true = _as_float_array(y_true)
    y_pred = _as_float_array(y_pred)
    _check_same_shape(y_true, y_pred)
    return float(np.mean((y_true - y_pred) ** 2))


def rmse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Root mean squared error: ``RMSE = sqrt(MSE) = sqrt((1/N) Σ (y_true - y_pred)²)``."""
    return float(np.sqrt(mse(y_true, y_pred)))


def binary_crossentropy(y_true: ArrayLike, y_pred: ArrayLike, from_logits: bool = False) -> float:
    """Binary cross-entropy, averaged over all elements.

    From probabilities (``from_logits=False``), as Keras does::

        p = clip(y_pred, EPSILON, 1 - EPSILON)
        BCE = mean( -[ t·ln(p) + (1 - t)·ln(1 - p) ] )

    From logits ``z`` (``from_logits=True``), the exact and stable form of
    ``-[t·ln σ(z) + (1 - t)·ln(1 - σ(z))]``, with no clipping::

        max(z, 0) - z·t + ln(1 + e^(-|z|))
    """
    t = _as_float_array(y_true)
    y_pred = _as_float_array(y_pred)
    _check_same_shape(t, y_pred)
    if from_logits:
        z = y_pred
        per_element = np.maximum(z, 0.0) - z * t + np.log1p(np.exp(-np.abs(z)))
    else:
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        per_element = -(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))
    return float(np.mean(per_element))


def log_softmax(logits: ArrayLike, axis: int = -1) -> FloatArray:
    """``log softmax(z)_i = z_i - log Σ_j e^(z_j)``, via the log-sum-exp shift.

    ``log Σ_j e^(z_j) = m + log Σ_j e^(z_j - m)`` with ``m = max_j z_j``, so no exponent
    is positive and nothing overflows.
    """
    z = _as_float_array(logits)
    m = np.max(z, axis=axis, keepdims=True)
    log_sum_exp = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return z - log_sum_exp


def categorical_crossentropy(
    y_true_onehot: ArrayLike, y_pred: ArrayLike, from_logits: bool = False
) -> float:
    """Categorical cross-entropy over the last axis, averaged over samples.

    Per sample: ``CE = -Σ_k t_k · ln(p_k)`` (seed 003: ``L = -Σ y_i log(a_i)``, which
    for a one-hot target is ``-log`` of the probability of the true class).

    From probabilities, as Keras does: ``p`` is first rescaled to sum to 1 over the
    last axis, then clipped to ``[EPSILON, 1 - EPSILON]``. From logits, ``ln p`` is
    ``log_softmax(logits)`` (no clipping). A 1-D input is one sample.
    """
    t = _as_float_array(y_true_onehot)
    y_pred = _as_float_array(y_pred)
    _check_same_shape(t, y_pred)
    if from_logits:
        log_p = log_softmax(y_pred, axis=-1)
    else:
        p = y_pred / np.sum(y_pred, axis=-1, keepdims=True)
        log_p = np.log(np.clip(p, EPSILON, 1.0 - EPSILON))
    per_sample = -np.sum(t * log_p, axis=-1)
    return float(np.mean(per_sample))


def one_hot(labels: ArrayLike, num_classes: int) -> FloatArray:
    """One-hot encode integer labels: ``one_hot([2, 0], 3) = [[0, 0, 1], [1, 0, 0]]``."""
    labels = np.asarray(labels)
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.all(labels == np.round(labels)):
            raise ValueError("labels must be whole numbers")
        labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must be in [0, {num_classes})")
    return np.eye(num_classes, dtype=np.float64)[labels]


def sparse_categorical_crossentropy(
    labels: ArrayLike, y_pred: ArrayLike, from_logits: bool = False
) -> float:
    """Categorical cross-entropy with integer class labels: ``mean( -ln p[label] )``.

    Equal to ``categorical_crossentropy(one_hot(labels, k), y_pred)``, and computed that
    way. ``labels`` has shape ``y_pred.shape[:-1]``; a trailing axis of size 1 (Keras
    accepts ``(n, 1)``) is dropped.

    (Keras' own sparse version clips before it rescales; the two differ only when some
    probability is below ``EPSILON``.)
    """
    y_pred = _as_float_array(y_pred)
    labels = np.asarray(labels)
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.shape != y_pred.shape[:-1]:
        raise ValueError(f"labels shape {labels.shape} does not match predictions {y_pred.shape}")
    return categorical_crossentropy(one_hot(labels, y_pred.shape[-1]), y_pred, from_logits)


def l1_penalty(w: ArrayLike) -> float:
    """L1 regularisation term (Lasso): ``Ω(w) = Σ |w_i|`` (seed 003). No strength factor."""
    return float(np.sum(np.abs(_as_float_array(w))))


def l2_penalty(w: ArrayLike) -> float:
    """L2 regularisation term (Ridge): ``Ω(w) = Σ w_i²`` (seed 003). No strength factor, no ½."""
    return float(np.sum(_as_float_array(w) ** 2))
