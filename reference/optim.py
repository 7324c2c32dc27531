"""Gradient descent (seed 001, chapter 6 labs).

The update rule is ``x ← x - learning_rate · gradient(x)``, written in exactly that
form so that, for the seed's problem, every float matches the seed's printed output
(``7.199999999999999, 5.52, 4.512, 3.9071999999999996, 3.54432, ...`` and
``3.0000000000000004`` after 100 steps).

``x`` may be a Python number or an array (any shape); ``gradient`` must return a value
of the same shape.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

# ----------------------------------------------------------------- the seed's 1-D problem

#: Starting point of seed 001's lab.
SEED_X0 = 10.0
#: Learning rate of seed 001's lab.
SEED_LEARNING_RATE = 0.2
#: Number of steps in seed 001's lab.
SEED_MAX_ITERATIONS = 100


def seed_loss(x: Any) -> Any:
    """Seed 001's loss: ``y = (x - 3)² + 10``, minimum 10 at x = 3."""
    return (x - 3) ** 2 + 10


def seed_gradient(x: Any) -> Any:
    """Seed 001's gradient: ``y' = 2x - 6``."""
    return 2 * x - 6


# ----------------------------------------------------------------------- gradient descent


def _start(x0: ArrayLike) -> Any:
    # Plain numbers stay plain numbers (so the trajectory is a list of floats, like the
    # seed's prints); arrays are copied so the caller's x0 is never changed.
    if isinstance(x0, numbers.Real):
        return float(x0)
    return np.array(x0, dtype=np.float64)


def gradient_descent(
    gradient: Callable[[Any], Any],
    x0: ArrayLike,
    learning_rate: float,
    max_iterations: int,
) -> list[Any]:
    """Run exactly ``max_iterations`` steps of ``x ← x - learning_rate · gradient(x)``.

    Returns the list of x **after** each step: length ``max_iterations``, ``x0`` not
    included. For the seed (``seed_gradient``, x0 = 10, lr = 0.2) the list starts
    ``[7.199999999999999, 5.52, 4.512, ...]``. Floats for a scalar ``x0``, float64
    arrays (new ones each step) for an array ``x0``.
    """
    x = _start(x0)
    trajectory = []
    for _ in range(max_iterations):
        x = x - learning_rate * gradient(x)
        trajectory.append(x)
    return trajectory


def gradient_descent_with_precision(
    gradient: Callable[[Any], Any],
    x0: ArrayLike,
    learning_rate: float,
    precision: float,
    max_iterations: int,
) -> list[Any]:
    """Gradient descent that stops early once a step is smaller than ``precision``.

    Each iteration takes the step ``s = learning_rate · gradient(x)``, applies it
    (``x ← x - s``), records the new x, and then stops if ``max|s| < precision``
    (``|s|`` for a scalar; the largest component for an array). The step that met the
    rule is therefore included. At most ``max_iterations`` steps are taken; ``x0`` is
    not in the list.
    """
    x = _start(x0)
    trajectory = []
    for _ in range(max_iterations):
        step = learning_rate * gradient(x)
        x = x - step
        trajectory.append(x)
        if np.max(np.abs(step)) < precision:
            break
    return trajectory


# ------------------------------------------------------------------- the 2-D bowl x² + y²


def bowl_loss(X: ArrayLike, Y: ArrayLike) -> NDArray[np.float64]:
    """Seed 001's 3-D surface lab: ``Z = X² + Y²`` (works on ``np.meshgrid`` output)."""
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    return X**2 + Y**2


def bowl_gradient(X: ArrayLike, Y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Gradient of ``X² + Y²``: ``(∂/∂X, ∂/∂Y) = (2X, 2Y)``."""
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    return 2 * X, 2 * Y


def bowl_gradient_field(
    X: ArrayLike, Y: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Seed 001's quiver lab: the **negative** gradient ``(U, V) = (-2X, -2Y)``.

    Arrows point downhill, towards the minimum at (0, 0). The seed's grid is
    ``X, Y = np.meshgrid(np.arange(-5, 5, 0.5), np.arange(-5, 5, 0.5))``.
    """
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    return -2 * X, -2 * Y
