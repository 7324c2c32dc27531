"""Perceptron logic gates, seed 000's hand-made XOR network, and parameter counting.

Seed 004's gate perceptron: ``C = 1 if w1·x1 + w2·x2 > threshold else 0``, with
(w1, w2, threshold) = (0.5, 0.5, 0.7) for AND and (0.5, 0.5, 0.2) for OR. NAND is AND
with every sign flipped: (-0.5, -0.5, -0.7). XOR is not linearly separable, so it is
built from two layers: ``XOR(a, b) = AND(NAND(a, b), OR(a, b))``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import step

#: The four input pairs, in the order of the seeds' truth tables.
INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))

#: (w1, w2, threshold) of seed 004's AND gate.
AND_PARAMS = (0.5, 0.5, 0.7)
#: (w1, w2, threshold) of seed 004's OR gate.
OR_PARAMS = (0.5, 0.5, 0.2)
#: (w1, w2, threshold) for NAND: AND's parameters negated (not given in the seeds).
NAND_PARAMS = (-0.5, -0.5, -0.7)


def gate(
    x1: ArrayLike, x2: ArrayLike, w1: float, w2: float, threshold: float
) -> int | NDArray[np.int64]:
    """Two-input perceptron: ``1 if w1·x1 + w2·x2 > threshold else 0``.

    Returns an ``int`` for scalar inputs, an int array for array inputs (element-wise).
    Note the strict ``>``: a sum equal to the threshold gives 0.
    """
    total = w1 * np.asarray(x1, dtype=np.float64) + w2 * np.asarray(x2, dtype=np.float64)
    fired = (total > threshold).astype(np.int64)
    if fired.ndim == 0:
        return int(fired)
    return fired


def and_gate(x1: ArrayLike, x2: ArrayLike) -> int | NDArray[np.int64]:
    """AND: ``gate(x1, x2, 0.5, 0.5, 0.7)``."""
    return gate(x1, x2, *AND_PARAMS)


def or_gate(x1: ArrayLike, x2: ArrayLike) -> int | NDArray[np.int64]:
    """OR: ``gate(x1, x2, 0.5, 0.5, 0.2)``."""
    return gate(x1, x2, *OR_PARAMS)


def nand_gate(x1: ArrayLike, x2: ArrayLike) -> int | NDArray[np.int64]:
    """NAND: ``gate(x1, x2, -0.5, -0.5, -0.7)``, i.e. ``-0.5·x1 - 0.5·x2 > -0.7``."""
    return gate(x1, x2, *NAND_PARAMS)


def xor_gate(x1: ArrayLike, x2: ArrayLike) -> int | NDArray[np.int64]:
    """XOR as a two-layer perceptron: ``AND(NAND(x1, x2), OR(x1, x2))``."""
    return and_gate(nand_gate(x1, x2), or_gate(x1, x2))


def truth_table(
    gate_fn: Callable[[int, int], int],
) -> list[tuple[int, int, int]]:
    """Rows ``(x1, x2, gate_fn(x1, x2))`` for (0,0), (0,1), (1,0), (1,1)."""
    return [(x1, x2, int(gate_fn(x1, x2))) for x1, x2 in INPUTS]


# --------------------------------------------------------- seed 000: XOR by hand, 2-2-1

#: Hidden layer of seed 000's XOR network, in matrix form ``W1 = [[5, -7], [5, -7]]``:
#: column 0 is unit y1 (W = [5, 5], b = -8), column 1 is unit y2 (W = [-7, -7], b = 3).
XOR_HIDDEN_W = np.array([[5, -7], [5, -7]])
XOR_HIDDEN_B = np.array([-8, 3])
#: Output unit: W = [-11, -11], b = 6.
XOR_OUTPUT_W = np.array([[-11], [-11]])
XOR_OUTPUT_B = np.array([6])


def xor_network(x1: int, x2: int) -> tuple[int, int, int]:
    """Seed 000's hand-built XOR network with the step ``s(z) = 1 if z > 0 else 0``.

    ``(y1, y2) = s([x1, x2] @ W1 + b1)`` and ``ŷ = s([y1, y2] @ W2 + b2)`` with the
    ``XOR_*`` constants above. Returns ``(y1, y2, ŷ)``; y1 is AND-like, y2 is NOR-like,
    and ŷ = NOR(y1, y2) = XOR(x1, x2).
    """
    hidden = step(np.array([x1, x2]) @ XOR_HIDDEN_W + XOR_HIDDEN_B)
    output = step(hidden @ XOR_OUTPUT_W + XOR_OUTPUT_B)
    return int(hidden[0]), int(hidden[1]), int(output[0])


def xor_network_table() -> list[tuple[int, int, int, int, int]]:
    """Seed 000's table, rows ``(x1, x2, y1, y2, ŷ)``.

    ``[(0, 0, 0, 1, 0), (0, 1, 0, 0, 1), (1, 0, 0, 0, 1), (1, 1, 1, 0, 0)]``.
    """
    return [(x1, x2, *xor_network(x1, x2)) for x1, x2 in INPUTS]


# ------------------------------------------------------------------ parameter counting


def dense_parameter_count(layer_sizes: Sequence[int]) -> int:
    """Weights plus biases of a fully connected network with these layer sizes.

    ``Σ_k (n_(k-1) · n_k + n_k)`` over consecutive layers, the first size being the
    inputs. Seed 000: (3, 4, 2) → 26, (3, 4, 4, 1) → 41, (784, 300, 100, 10) → 266,610;
    seed 002: (784, 512, 10) → 407,050; XOR (2, 2, 1) → 9.
    """
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2:
        raise ValueError("need at least an input size and one layer size")
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=False))


def separating_perceptron(
    points: Sequence[tuple[float, float]], outputs: Sequence[int]
) -> tuple[float, float, float] | None:
    """Weights (w1, w2, θ) of a perceptron ``1 if w1·x1 + w2·x2 > θ else 0`` that gives
    `outputs` (0 or 1) at `points`, or None when no perceptron does (the two sets of points
    cannot be split by a straight line).

    In the plane, the directions w that split the points strictly form open arcs whose ends
    are perpendicular to some segment between two points. So every arc contains the middle
    of two neighbouring "critical" angles (the perpendiculars of every segment, both ways):
    trying those middles is exact. For w, the split holds when the largest w·p of the points
    answered 0 is below the smallest w·p of those answered 1; θ is halfway between.
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    y = np.asarray(outputs).astype(bool)
    if y.all() or not y.any():  # a constant: θ below or above every sum
        return (0.0, 0.0, -1.0) if y.all() else (0.0, 0.0, 1.0)
    angles = [0.0]
    for i in range(len(p)):
        for j in range(i + 1, len(p)):
            dx, dy = p[j] - p[i]
            if dx or dy:
                base = np.arctan2(dy, dx) + np.pi / 2
                angles.extend([base % (2 * np.pi), (base + np.pi) % (2 * np.pi)])
    angles = np.unique(angles)
    nexts = np.append(angles[1:], angles[0] + 2 * np.pi)
    for a in (angles + nexts) / 2:
        w = np.array([np.cos(a), np.sin(a)])
        sums = p @ w
        low, high = sums[~y].max(), sums[y].min()
        if low < high:
            return (float(w[0]), float(w[1]), float((low + high) / 2))
    return None
