"""The two-layer sigmoid MLP of chapter 6 (seed 001), and seed 000's W·x forward pass.

Chapter 6 network, row-vector convention (one sample per row)::

    layer0 = x                                 shape (n, inputs)
    layer1 = σ(layer0 @ W1 + B1)               W1 (inputs, hiddens),  B1 (hiddens,)
    layer2 = σ(layer1 @ W2 + B2)               W2 (hiddens, outputs), B2 (outputs,)
    E      = ½ Σ (layer2 - t)²                 summed over samples and outputs

Backpropagation, exactly as the seed's ``fit`` (⊙ is the element-wise product)::

    layer2_delta = (layer2 - t) ⊙ layer2 ⊙ (1 - layer2)
    layer1_delta = (layer2_delta @ W2.T) ⊙ layer1 ⊙ (1 - layer1)
    ∂E/∂W2 = layer1.T @ layer2_delta       ∂E/∂B2 = Σ_samples layer2_delta
    ∂E/∂W1 = layer0.T @ layer1_delta       ∂E/∂B1 = Σ_samples layer1_delta

These are the exact gradients of E (a sum, not a mean, over the samples). Every
function returns new arrays and never changes its inputs.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import sigmoid, sigmoid_deriv
from .losses import half_sse

FloatArray = NDArray[np.float64]
Params = tuple[FloatArray, FloatArray, FloatArray, FloatArray]

# ------------------------------------------------------------- the seed's start values

#: Seed 001's starting weights. W1[i, j] connects input i to hidden unit j, so in the
#: seed's hand calculation w1 = W1[0, 0], w2 = W1[0, 1], w3 = W1[1, 0], w4 = W1[1, 1].
SEED_W1 = np.array([[0.10, 0.20], [0.30, 0.40]])
#: w5 = W2[0, 0], w6 = W2[1, 0].
SEED_W2 = np.array([[0.50], [0.60]])
#: b1, b2.
SEED_B1 = np.array([0.1, 0.2])
#: b3.
SEED_B2 = np.array([0.3])
#: Seed 001's learning rate.
SEED_LEARNING_RATE = 0.2
#: The four inputs of XOR.
SEED_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
#: XOR targets (seed 001's first listing).
SEED_T_XOR = np.array([[0], [1], [1], [0]])
#: XNOR targets: seed 001's second listing trains on these, 90000 epochs.
SEED_T_XNOR = np.array([[1], [0], [0], [1]])


def seed_params() -> Params:
    """Fresh copies of the seed's start values ``(W1, B1, W2, B2)``."""
    return SEED_W1.copy(), SEED_B1.copy(), SEED_W2.copy(), SEED_B2.copy()


def init_params(rng: np.random.Generator, inputs: int, hiddens: int, outputs: int) -> Params:
    """Random ``(W1, B1, W2, B2)``, each entry uniform in [0, 1).

    Chapter 6's algorithm step ①: "initialise weights and biases with random numbers
    between 0 and 1". Shapes: W1 (inputs, hiddens), B1 (hiddens,), W2 (hiddens,
    outputs), B2 (outputs,). Drawn in that order from ``rng``.
    """
    W1 = rng.uniform(0.0, 1.0, size=(inputs, hiddens))
    B1 = rng.uniform(0.0, 1.0, size=hiddens)
    W2 = rng.uniform(0.0, 1.0, size=(hiddens, outputs))
    B2 = rng.uniform(0.0, 1.0, size=outputs)
    return W1, B1, W2, B2


# ---------------------------------------------------------------------- forward and loss


def _float(a: ArrayLike) -> FloatArray:
    return np.asarray(a, dtype=np.float64)


def predict(
    x: ArrayLike, W1: ArrayLike, B1: ArrayLike, W2: ArrayLike, B2: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Forward pass: returns ``(layer0, layer1, layer2)`` as the seed's ``predict``.

    ``layer0 = x``, ``layer1 = σ(x @ W1 + B1)``, ``layer2 = σ(layer1 @ W2 + B2)``.
    ``x`` has shape ``(n, inputs)``; a single sample must be reshaped to ``(1, -1)`` as
    the seed does. Seed example: ``x = [[0, 0]]`` gives ``layer2 = [[0.70938314]]``.
    """
    layer0 = _float(x)
    layer1 = _float(sigmoid(layer0 @ _float(W1) + _float(B1)))
    layer2 = _float(sigmoid(layer1 @ _float(W2) + _float(B2)))
    return layer0, layer1, layer2


def loss(y: ArrayLike, t: ArrayLike) -> float:
    """Chapter 6's loss ``E = ½ Σ (y - t)²`` (sum over samples and outputs)."""
    return half_sse(y, t)


# -------------------------------------------------------------------------- backprop


def gradients(
    x: ArrayLike, t: ArrayLike, W1: ArrayLike, B1: ArrayLike, W2: ArrayLike, B2: ArrayLike
) -> Params:
    """Gradients ``(dW1, dB1, dW2, dB2)`` of ``E = ½ Σ (layer2 - t)²`` over the batch.

    Computed as in the module docstring; summed (not averaged) over the ``n`` samples
    of ``x`` ``(n, inputs)`` and ``t`` ``(n, outputs)``. Works for any layer sizes.
    Seed example: with the start weights, x = [[0, 0]] and t = [[0]],
    ``dW2[0, 0] = ∂E/∂w5 = 0.0767758...`` (the seed prints it cut to 0.076775).
    """
    x = _float(x)
    t = _float(t)
    W2 = _float(W2)
    if x.ndim != 2:
        raise ValueError(
            f"x must be 2-D (n, inputs), got shape {x.shape}; "
            "reshape one sample with np.reshape(x, (1, -1))"
        )
    layer0, layer1, layer2 = predict(x, W1, B1, W2, B2)
    if t.shape != layer2.shape:
        raise ValueError(f"t has shape {t.shape}, the output has {layer2.shape}")

    # sigmoid_deriv takes the sigmoid's *output*, as the seed's actf_deriv does.
    layer2_delta = (layer2 - t) * sigmoid_deriv(layer2)
    # The hidden units' error is the output deltas sent back through W2.
    layer1_delta = (layer2_delta @ W2.T) * sigmoid_deriv(layer1)

    dW2 = layer1.T @ layer2_delta
    dB2 = np.sum(layer2_delta, axis=0)
    dW1 = layer0.T @ layer1_delta
    dB1 = np.sum(layer1_delta, axis=0)
    return dW1, dB1, dW2, dB2


def backprop_step(
    x: ArrayLike,
    t: ArrayLike,
    W1: ArrayLike,
    B1: ArrayLike,
    W2: ArrayLike,
    B2: ArrayLike,
    learning_rate: float,
) -> Params:
    """One gradient-descent step on the batch: ``w ← w - learning_rate · ∂E/∂w``.

    All four gradients are computed from the old weights, then all four parameters are
    updated, as in the seed (its hidden error uses W2 before W2 is changed). Returns
    NEW arrays ``(W1, B1, W2, B2)``; the inputs are not modified.

    Seed example: one step from the start values on x = [[0, 0]], t = [[0]] with
    learning rate 0.2 gives w5 = 0.484645, and the output for that sample becomes
    0.699553 (E = 0.244687).
    """
    dW1, dB1, dW2, dB2 = gradients(x, t, W1, B1, W2, B2)
    return (
        _float(W1) - learning_rate * dW1,
        _float(B1) - learning_rate * dB1,
        _float(W2) - learning_rate * dW2,
        _float(B2) - learning_rate * dB2,
    )


def fit(
    X: ArrayLike,
    T: ArrayLike,
    W1: ArrayLike,
    B1: ArrayLike,
    W2: ArrayLike,
    B2: ArrayLike,
    learning_rate: float,
    epochs: int,
) -> Params:
    """The seed's online training: for each epoch, one ``backprop_step`` per sample, in order.

    Each sample and its target are reshaped to ``(1, -1)`` first, as in the seed. Returns
    the trained ``(W1, B1, W2, B2)`` as new arrays; the inputs are not modified.

    Seed example: ``fit(SEED_X, SEED_T_XNOR, *seed_params(), 0.2, 90000)`` then
    ``predict`` gives 0.99196032, 0.00835708, 0.00836107, 0.98974873.
    """
    X = _float(X)
    T = _float(T)
    if len(X) != len(T):
        raise ValueError(f"{len(X)} samples but {len(T)} targets")
    params = (_float(W1).copy(), _float(B1).copy(), _float(W2).copy(), _float(B2).copy())
    for _ in range(epochs):
        for x, t in zip(X, T, strict=True):
            params = backprop_step(
                np.reshape(x, (1, -1)), np.reshape(t, (1, -1)), *params, learning_rate
            )
    return params


# -------------------------------------------------------- seed 000: the W·x forward pass

#: Seed 000's input column ``I``.
SEED000_INPUT = np.array([0.9, 0.1, 0.8])
#: Seed 000's input→hidden weights ``W_input_hidden`` (row j: weights into hidden unit j).
SEED000_W_INPUT_HIDDEN = np.array([[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]])
#: Seed 000's hidden→output weights (the slide labels it ``W_o_hidden``).
SEED000_W_HIDDEN_OUTPUT = np.array([[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]])


def forward_wx(W_list: list[ArrayLike], x: ArrayLike) -> list[tuple[FloatArray, FloatArray]]:
    """Forward pass in column form, no biases: ``X_k = W_k · O_(k-1)``, ``O_k = σ(X_k)``.

    ``O_0 = x`` (shape ``(inputs,)``); ``W_k`` has shape ``(units_k, units_(k-1))``.
    Returns one ``(X_k, O_k)`` pair per weight matrix (net input, output).

    Seed 000's 3-layer example, ``forward_wx([W_input_hidden, W_hidden_output], I)``:
    X_hidden = (1.16, 0.42, 0.62), O_hidden = (0.761, 0.603, 0.650) and
    X_output = (0.976, 0.889, 1.255) (the slide prints 0.975, 0.888, 1.254 because it
    multiplies by the rounded O_hidden).
    """
    outputs = _float(x)
    layers = []
    for W in W_list:
        net = _float(W) @ outputs
        outputs = _float(sigmoid(net))
        layers.append((net, outputs))
    return layers
