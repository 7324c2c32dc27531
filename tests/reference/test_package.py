"""The oracle package itself: cheap to import, TensorFlow-free, self-contained, documented."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import nngrade.reference
from nngrade.reference import (
    activations,
    gradcheck,
    keras_models,
    losses,
    mlp,
    optim,
    perceptron,
    regression,
)

PACKAGE_DIR = Path(nngrade.reference.__file__).parent
MODULES = [activations, gradcheck, keras_models, losses, mlp, optim, perceptron, regression]


def test_importing_the_oracles_does_not_import_tensorflow():
    code = (
        "import sys\n"
        "import nngrade.reference\n"
        "import nngrade.reference.keras_models\n"
        "heavy = sorted(m for m in ('tensorflow', 'keras', 'sklearn', 'torch') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_package_exposes_numpy_modules_but_not_keras_models():
    assert set(nngrade.reference.__all__) == {
        "activations",
        "gradcheck",
        "losses",
        "mlp",
        "optim",
        "perceptron",
        "regression",
    }


def test_oracles_import_nothing_from_nngrade_outside_reference():
    for path in PACKAGE_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{path.name} imports from outside the package"
                assert not (node.module or "").startswith("nngrade"), path.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("nngrade"), path.name


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_public_functions_have_docstrings_and_type_hints(module):
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or fn.__module__ != module.__name__:
            continue
        assert fn.__doc__ and fn.__doc__.strip(), f"{name} has no docstring"
        annotations = fn.__annotations__
        assert "return" in annotations, f"{name} has no return type"
        for parameter in inspect.signature(fn).parameters:
            assert parameter in annotations, f"{name}({parameter}) has no type hint"
