"""The libraries a fork server may import before it forks workers, and how each is warmed up.

A warm fork server imports these once, so every worker forked from it has them for free. The
list is closed and typed (`Preloadable`): a library is preloadable only with its warm-up here.
TensorFlow, Keras, torch and JAX never are (forking a process that has imported them is
unsafe: a notebook imports them itself), and nothing of nngrade is (it must never reach a
sandbox).
"""

from __future__ import annotations

import builtins
import types
from collections.abc import Callable
from typing import Any, Literal, get_args

from ... import protocol
from . import magics

Preloadable = Literal["numpy", "IPython", "matplotlib"]
PRELOADABLE: tuple[Preloadable, ...] = get_args(Preloadable)


def _numpy() -> None:
    protocol.numpy_bindings()
    import numpy as np

    # First uses initialise LAPACK and the bit generators: pay for that once, here.
    np.linalg.solve(np.eye(2), np.ones(2))
    np.random.default_rng(0).normal(size=2)


def _matplotlib() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Drawing one figure loads the font cache and the fonts: every fork inherits them.
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("warm-up")
    fig.canvas.draw()
    plt.close(fig)


def _ipython() -> Any:
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    return magics.make_shell(module)


WARM_UPS: dict[str, Callable[[], Any]] = {
    # one entry per `Preloadable` (a test checks that they match)
    "numpy": _numpy,
    "IPython": _ipython,
    "matplotlib": _matplotlib,
}


def preload(name: str) -> Any:
    """Import one preloadable library and warm it up; for "IPython", return the shell it made."""
    warm_up = WARM_UPS.get(name)
    if warm_up is None:
        raise ImportError(f"{name} is not preloadable (only {', '.join(PRELOADABLE)})")
    return warm_up()
