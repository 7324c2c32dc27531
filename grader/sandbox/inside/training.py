"""The student's own top-level training, bounded while grading, and Keras's datasets offline.

The lecture's Keras labs train at the top level: `model.fit(X, y, batch_size=1, epochs=10000)`
(XOR and OR, 40,000 steps), `model.fit(x_train, y_train, epochs=5)` on MNIST, 30 epochs on
Fashion-MNIST. Grading does not need that training: the tests read the model's layers and
train a fresh copy themselves. So, in the worker (issue 21):

* every Keras `Model.fit` runs at most `FIT_EPOCHS` epochs of at most `FIT_STEPS` steps each,
  with `verbose=0`; the first capped call is remembered for one note ("ran 2 of its 10,000
  epochs while grading"). The `History` it returns is a real one, so the lecture's
  `history.history` and its pandas plot still run.
* `keras.datasets.mnist.load_data()` and `fashion_mnist.load_data()` never reach the network
  (the sandbox has none): they return a small offline stand-in with the real layout,
  `((x_train, y_train), (x_test, y_test))`, uint8 images of 28×28 and uint8 labels 0–9, made
  from the 1,797 8×8 handwritten digits scikit-learn ships (upscaled, shifted), or from a
  fixed random pattern per class when scikit-learn is not installed. 6,000 training images:
  the Fashion-MNIST lab keeps the first 5,000 for validation and trains on the rest.
* TensorFlow runs one thread per pool (`TF_NUM_INTRAOP_THREADS`, `TF_NUM_INTEROP_THREADS`):
  spinning pool threads charge CPU time that grows with the machine's load, and a limit
  counted in CPU time must give the same verdict idle and busy.

Keras is patched when its modules are first imported (the import hook of `spellings.py`),
never imported here. Loaded by path in the worker: imports nothing from nngrade.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any

FIT_EPOCHS = 2
"""Epochs a student's own `fit` runs at most while grading."""
FIT_STEPS = 200
"""Steps (batches) per epoch at most: `batch_size=1` on 6,000 images is 6,000 steps."""
TRAIN_SIZE, TEST_SIZE = 6000, 1000
"""The stand-in's sizes (MNIST's are 60,000 and 10,000: 10 times the memory and the time)."""

KERAS_MODEL_MODULE = "keras.src.models.model"
DATASET_MODULES = {
    "keras.src.datasets.mnist": "mnist",
    "keras.src.datasets.fashion_mnist": "fashion_mnist",
}

FIT_NOTE = "fit_capped"
DATASET_NOTE = "dataset_offline"

Where = Callable[[], tuple[str, int] | None]


class Training:
    """Installs the bounded `fit` and the offline datasets; remembers what it did, once each."""

    def __init__(self, where: Where) -> None:
        self.where = where
        self.notes: list[dict[str, Any]] = []
        self._said: set[str] = set()
        self._cache: dict[str, Any] = {}

    def take_notes(self) -> list[dict[str, Any]]:
        """The notes first made since the last call: {line, code, why, ran?}."""
        notes, self.notes = self.notes, []
        return notes

    def _note(self, key: str, why: str, code: str, **fields: Any) -> None:
        if key in self._said:
            return
        self._said.add(key)
        place = self.where()
        self.notes.append({"line": place[1] if place else 0, "code": code, "why": why, **fields})

    # --- Keras's fit ---------------------------------------------------------------------

    def install_fit(self, module: Any) -> None:
        """Bound `Model.fit` (every Sequential and functional model inherits it)."""
        model = getattr(module, "Model", None)
        if model is None or getattr(model.fit, "_nngrade_bounded", False):
            return
        original = model.fit
        training = self

        def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
            # fit(x, y, batch_size, epochs, verbose, ...): epochs is the 4th positional.
            args = list(args)
            asked = args[3] if len(args) > 3 else kwargs.get("epochs", 1)
            if len(args) > 3:
                args[3] = min(_as_int(asked, 1), FIT_EPOCHS)
            else:
                kwargs["epochs"] = min(_as_int(asked, 1), FIT_EPOCHS)
            if len(args) > 4:
                args[4] = 0
            else:
                kwargs["verbose"] = 0
            steps = kwargs.get("steps_per_epoch")
            batches = _batches(args, kwargs)
            if steps is not None:
                kwargs["steps_per_epoch"] = min(_as_int(steps, FIT_STEPS), FIT_STEPS)
                fewer_steps = _as_int(steps, FIT_STEPS) > FIT_STEPS
            else:
                fewer_steps = batches > FIT_STEPS
                if fewer_steps:
                    kwargs["steps_per_epoch"] = FIT_STEPS
            if _as_int(asked, 1) > FIT_EPOCHS or fewer_steps:
                code = f"fit(..., epochs={_as_int(asked, 1)})"
                training._note("fit", FIT_NOTE, code, ran=FIT_EPOCHS, steps=FIT_STEPS)
            return original(self, *args, **kwargs)

        fit._nngrade_bounded = True  # type: ignore[attr-defined]
        fit.__doc__, fit.__name__, fit.__qualname__ = original.__doc__, "fit", original.__qualname__
        model.fit = fit

    # --- Keras's datasets ----------------------------------------------------------------

    def install_dataset(self, module: Any) -> None:
        """Replace the module's `load_data` by the offline stand-in."""
        name = DATASET_MODULES.get(module.__name__)
        if name is None or getattr(getattr(module, "load_data", None), "_nngrade_offline", False):
            return
        training = self

        def load_data(*_args: Any, **_kwargs: Any) -> Any:
            training._note(name, DATASET_NOTE, f"{name}.load_data()")
            return training.dataset(name)

        load_data._nngrade_offline = True  # type: ignore[attr-defined]
        module.load_data = load_data

    def dataset(self, name: str) -> Any:
        """((x_train, y_train), (x_test, y_test)): fresh copies of the stand-in for `name`."""
        if name not in self._cache:
            self._cache[name] = stand_in(seed=0 if name == "mnist" else 1)
        (x, y), (xt, yt) = self._cache[name]
        return (x.copy(), y.copy()), (xt.copy(), yt.copy())

    # --- installing ----------------------------------------------------------------------

    def watch(self) -> dict[str, Callable[[Any], None]]:
        """Module name -> what to install in it right after it is imported."""
        out: dict[str, Callable[[Any], None]] = {KERAS_MODEL_MODULE: self.install_fit}
        out.update({m: self.install_dataset for m in DATASET_MODULES})
        return out

    def install(self) -> None:
        """Set TensorFlow's thread pools, and patch what is already imported."""
        os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
        os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
        for name, install in self.watch().items():
            if name in sys.modules:
                install(sys.modules[name])


def _as_int(value: Any, default: int) -> int:
    try:
        return max(1, int(value)) if value is not None else default
    except (TypeError, ValueError):
        return default


def _batches(args: list[Any], kwargs: dict[str, Any]) -> int:
    """Batches per epoch for array data (0 when unknown: a dataset or a generator)."""
    x = args[0] if args else kwargs.get("x")
    size = getattr(x, "shape", None)
    if not size:
        try:
            size = (len(x),) if isinstance(x, list | tuple) else None
        except TypeError:
            size = None
    if not size:
        return 0
    batch = args[2] if len(args) > 2 else kwargs.get("batch_size")
    batch = _as_int(batch, 32)
    split = kwargs.get("validation_split") or 0.0
    n = int(size[0] * (1.0 - float(split)))
    return -(-n // batch)


def _digits() -> tuple[Any, Any]:
    """scikit-learn's 8×8 digits (pixels 0–16) and labels, read from its data file without
    importing scikit-learn; None when it is not installed."""
    import numpy as np

    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        return None, None
    path = os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz")
    try:
        with gzip.open(path, "rt") as f:
            data = np.loadtxt(f, delimiter=",")
    except OSError:
        return None, None
    return data[:, :-1].reshape(-1, 8, 8), data[:, -1].astype(np.uint8)


def stand_in(seed: int) -> Any:
    """TRAIN_SIZE + TEST_SIZE images of 28×28 uint8 with labels 0–9: each 8×8 digit scaled 3×
    (24×24) and placed at a random offset of the 28×28 frame; without scikit-learn, a fixed
    random 8×8 pattern per class, noised."""
    import numpy as np

    rng = np.random.default_rng(seed)
    images, labels = _digits()
    if images is None:
        patterns = rng.uniform(0, 16, size=(10, 8, 8))
        labels = np.arange(1797, dtype=np.uint8) % 10
        images = np.clip(patterns[labels] + rng.normal(0, 2, size=(1797, 8, 8)), 0, 16)
    pick = rng.integers(0, len(images), size=TRAIN_SIZE + TEST_SIZE)
    big = np.kron(images[pick] * (255.0 / 16.0), np.ones((3, 3))).astype(np.uint8)
    out = np.zeros((len(pick), 28, 28), dtype=np.uint8)
    offsets = rng.integers(0, 5, size=(len(pick), 2))
    for i, (r, c) in enumerate(offsets):
        out[i, r : r + 24, c : c + 24] = big[i]
    y = labels[pick].astype(np.uint8)
    return (out[:TRAIN_SIZE], y[:TRAIN_SIZE]), (out[TRAIN_SIZE:], y[TRAIN_SIZE:])
