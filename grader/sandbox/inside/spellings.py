"""Library spellings the lecture uses and today's libraries removed, run as their current form.

The course's code was written for NumPy < 1.24 and Keras 2: `result.astype(np.int)` and
`tf.keras.optimizers.SGD(lr=0.1)`. Today both raise, and a student who typed the lecture's code
loses the tasks for a spelling. In the worker, these are run as if the current spelling had
been used, and each use is remembered (what, where) so the grader can add one short note that
says what to change, in the student's language:

    np.int, np.float, np.complex, np.object, np.str  ->  int, float, complex, object, str
    np.bool (NumPy < 2 only: NumPy 2 has it again)     ->  bool
    np.float_, np.complex_, np.NaN, np.Inf (NumPy 2.0) ->  np.float64, np.complex128, np.nan, np.inf
    Optimizer(lr=...) (SGD, Adam, RMSprop, ...)         ->  Optimizer(learning_rate=...)

NumPy's removed aliases are served through its module `__getattr__` (PEP 562), which NumPy
only consults for names it does not have, so nothing else of NumPy changes. Keras is patched
when its optimizer module is first imported (an import hook), never imported here.

Loaded by path in the worker: imports nothing from nngrade.
"""

from __future__ import annotations

import builtins
import importlib.machinery
import sys
from collections.abc import Callable
from typing import Any

NUMPY_ALIASES = {
    "int": "int",
    "float": "float",
    "complex": "complex",
    "object": "object",
    "str": "str",
    "bool": "bool",
}
"""Removed NumPy aliases -> the builtin each one was (NumPy 1.20 deprecated, 1.24 removed)."""

NUMPY2_REMOVED = {"float_": "float64", "complex_": "complex128", "NaN": "nan", "Inf": "inf"}
"""Names NumPy 2.0 removed that older course code uses -> the NumPy name to use now."""

KERAS_OPTIMIZER_MODULE = "keras.src.optimizers.base_optimizer"

Where = Callable[[], tuple[str, int] | None]
"""Gives (filename, line) of the student's frame that used a spelling, or None."""


class Spellings:
    """Installs the shims in this process and remembers which were used, once each."""

    def __init__(self, where: Where) -> None:
        self.where = where
        self.used: dict[str, dict[str, Any]] = {}
        self._new: list[dict[str, Any]] = []

    def take_new(self) -> list[dict[str, Any]]:
        """The uses first seen since the last call: {old, new, library, filename, line}."""
        new, self._new = self._new, []
        return new

    def _record(self, old: str, new: str, library: str) -> None:
        if old in self.used:
            return
        place = self.where()
        use = {
            "old": old,
            "new": new,
            "library": library,
            "filename": place[0] if place else "",
            "line": place[1] if place else 0,
        }
        self.used[old] = use
        self._new.append(use)

    # --- NumPy ---------------------------------------------------------------------------

    def install_numpy(self, np: Any) -> None:
        """Serve NumPy's removed aliases through its module `__getattr__`."""
        original = np.__dict__.get("__getattr__")
        spellings = self

        def __getattr__(name: str) -> Any:
            builtin = NUMPY_ALIASES.get(name)
            if builtin is not None:
                spellings._record(f"np.{name}", builtin, "NumPy 1.24")
                return getattr(builtins, builtin)
            current = NUMPY2_REMOVED.get(name)
            if current is not None:
                spellings._record(f"np.{name}", f"np.{current}", "NumPy 2.0")
                return getattr(np, current)
            if original is None:
                raise AttributeError(f"module 'numpy' has no attribute '{name}'")
            return original(name)

        np.__getattr__ = __getattr__

    # --- Keras ---------------------------------------------------------------------------

    def install_keras(self, module: Any) -> None:
        """Let every Keras optimizer take the Keras 2 `lr=` for `learning_rate=`."""
        base = getattr(module, "BaseOptimizer", None)
        if base is None or getattr(base.__init__, "_nngrade_lr", False):
            return
        original = base.__init__
        spellings = self

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            if "lr" in kwargs:
                rate = kwargs.pop("lr")
                spellings._record("lr=", "learning_rate=", "Keras 3")
                if args:
                    args = (rate, *args[1:])
                else:
                    kwargs["learning_rate"] = rate
            original(self, *args, **kwargs)

        __init__._nngrade_lr = True  # type: ignore[attr-defined]
        base.__init__ = __init__

    def install(self, also: dict[str, Callable[[Any], None]] | None = None) -> None:
        """Shim what is loaded now, and what is imported later through an import hook.
        `also`: more modules to patch right after import (module name -> installer)."""
        if "numpy" in sys.modules:
            self.install_numpy(sys.modules["numpy"])
        if KERAS_OPTIMIZER_MODULE in sys.modules:
            self.install_keras(sys.modules[KERAS_OPTIMIZER_MODULE])
        hook = _AfterImport(self)
        hook.watch.update(also or {})
        sys.meta_path.insert(0, hook)  # before PathFinder, which would find them


class _AfterImport:
    """A meta-path finder that never finds anything itself: for the modules it watches it
    asks the other finders, and wraps the loader so the shim goes in right after loading."""

    def __init__(self, spellings: Spellings) -> None:
        self.spellings = spellings
        self.watch = {
            "numpy": spellings.install_numpy,
            KERAS_OPTIMIZER_MODULE: spellings.install_keras,
        }

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        install = self.watch.get(name)
        if install is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            install(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec

    def invalidate_caches(self) -> None:
        pass
