"""Loss oracles: hand-computed values, reductions, clipping, logits, stability, bad shapes."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from nngrade.reference import activations, losses


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


# ---------------------------------------------------------------- squared-error family


def test_half_sse_sums_and_halves():
    assert losses.half_sse([1.0, 2.0], [0.0, 0.0]) == 2.5  # ½(1 + 4)
    assert losses.half_sse([[0.5], [1.0]], [[0.0], [0.0]]) == 0.625


def test_mse_and_rmse_seed_003_example():
    # sklearn's documented example, used in seed 003.
    y_true = [3, -0.5, 2, 7]
    y_pred = [2.5, 0.0, 2, 8]
    assert losses.mse(y_true, y_pred) == 0.375
    assert losses.rmse(y_true, y_pred) == math.sqrt(0.375)


def test_mse_is_mean_over_all_elements(rng):
    a = rng.normal(size=(5, 3))
    b = rng.normal(size=(5, 3))
    assert losses.mse(a, b) == pytest.approx(np.sum((a - b) ** 2) / 15, rel=1e-14)
    assert losses.half_sse(a, b) == pytest.approx(np.sum((a - b) ** 2) / 2, rel=1e-14)


@pytest.mark.parametrize(
    "fn", [losses.half_sse, losses.mse, losses.binary_crossentropy, losses.categorical_crossentropy]
)
def test_mismatched_shapes_are_refused_not_broadcast(fn):
    with pytest.raises(ValueError):
        fn(np.zeros((4, 1)) + 0.5, np.zeros(4) + 0.5)


# ---------------------------------------------------------------------- cross-entropy


def test_binary_crossentropy_hand_values():
    assert losses.binary_crossentropy([1.0], [0.9]) == pytest.approx(-math.log(0.9), rel=1e-14)
    assert losses.binary_crossentropy([0.0, 1.0], [0.2, 0.6]) == pytest.approx(
        -(math.log(0.8) + math.log(0.6)) / 2, rel=1e-14
    )


def test_binary_crossentropy_clips_probabilities_like_keras():
    # p = 0 for a positive label is clipped to 1e-7: loss -ln(1e-7), not inf.
    assert losses.binary_crossentropy([1.0], [0.0]) == pytest.approx(-math.log(1e-7), rel=1e-12)
    assert losses.binary_crossentropy([0.0], [1.0]) == pytest.approx(-math.log(1e-7), rel=1e-6)


def test_binary_crossentropy_from_logits_equals_sigmoid_then_bce(rng):
    t = rng.integers(0, 2, size=(6, 3)).astype(float)
    z = rng.normal(scale=3, size=(6, 3))
    via_probs = losses.binary_crossentropy(t, activations.sigmoid(z))
    assert losses.binary_crossentropy(t, z, from_logits=True) == pytest.approx(via_probs, rel=1e-12)


def test_categorical_crossentropy_keras_docstring_example():
    t = np.eye(3)
    p = np.array([[0.9, 0.05, 0.05], [0.05, 0.89, 0.06], [0.05, 0.01, 0.94]])
    # Keras documents the per-sample values [0.10536, 0.11653, 0.06188].
    assert losses.categorical_crossentropy(t, p) == pytest.approx(
        (0.10536 + 0.11653 + 0.06188) / 3, abs=1e-5
    )


def test_categorical_crossentropy_is_minus_log_of_true_class_probability():
    p = [0.2, 0.7, 0.1]
    assert losses.categorical_crossentropy([0, 1, 0], p) == pytest.approx(-math.log(0.7), rel=1e-14)


def test_categorical_crossentropy_rescales_unnormalised_predictions_like_keras():
    assert losses.categorical_crossentropy([[0, 1]], [[1.0, 3.0]]) == pytest.approx(
        -math.log(0.75), rel=1e-14
    )


def test_categorical_crossentropy_from_logits_equals_softmax_then_ce(rng):
    labels = rng.integers(0, 4, size=8)
    z = rng.normal(scale=2, size=(8, 4))
    t = losses.one_hot(labels, 4)
    via_probs = losses.categorical_crossentropy(t, activations.softmax(z))
    assert losses.categorical_crossentropy(t, z, from_logits=True) == pytest.approx(
        via_probs, rel=1e-12
    )


def test_sparse_equals_categorical_with_one_hot(rng):
    labels = rng.integers(0, 5, size=10)
    p = activations.softmax(rng.normal(size=(10, 5)))
    want = losses.categorical_crossentropy(losses.one_hot(labels, 5), p)
    assert losses.sparse_categorical_crossentropy(labels, p) == want
    assert losses.sparse_categorical_crossentropy(labels.reshape(-1, 1), p) == want  # Keras' (n, 1)


def test_sparse_categorical_crossentropy_hand_value():
    p = [[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]]
    assert losses.sparse_categorical_crossentropy([1, 0], p) == pytest.approx(
        -(math.log(0.6) + math.log(0.5)) / 2, rel=1e-14
    )


def test_sparse_categorical_crossentropy_rejects_bad_labels():
    p = [[0.5, 0.5]]
    with pytest.raises(ValueError):
        losses.sparse_categorical_crossentropy([2], p)
    with pytest.raises(ValueError):
        losses.sparse_categorical_crossentropy([0.5], p)
    with pytest.raises(ValueError):
        losses.sparse_categorical_crossentropy([0, 1], p)


def test_one_hot():
    assert losses.one_hot([2, 0], 3).tolist() == [[0, 0, 1], [1, 0, 0]]


def test_log_softmax_is_log_of_softmax(rng):
    z = rng.normal(size=(3, 4))
    assert np.allclose(losses.log_softmax(z), np.log(activations.softmax(z)), atol=1e-14)


def test_losses_from_logits_are_stable_for_huge_logits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            assert (
                losses.categorical_crossentropy([[0, 1]], [[1000.0, -1000.0]], from_logits=True)
                == 2000.0
            )
            assert (
                losses.binary_crossentropy([1.0, 0.0], [-1000.0, 1000.0], from_logits=True)
                == 1000.0
            )
            assert losses.binary_crossentropy([1.0], [1000.0], from_logits=True) == 0.0
            assert losses.log_softmax([1000.0, 1001.0]) == pytest.approx(
                [-1.3132616875182228, -0.31326168751822286], abs=1e-12
            )


# -------------------------------------------------------------------------- penalties


def test_l1_and_l2_penalties():
    w = np.array([[1.0, -2.0], [0.5, 0.0]])
    assert losses.l1_penalty(w) == 3.5
    assert losses.l2_penalty(w) == 5.25
    assert losses.l1_penalty([]) == 0.0


def test_losses_return_python_floats():
    assert type(losses.mse([1.0], [2.0])) is float
    assert type(losses.half_sse(1.0, 2.0)) is float
    assert type(losses.l2_penalty([1.0])) is float
