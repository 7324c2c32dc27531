"""Fixtures of the batch tests (helpers: `support.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.batch.support import make_class, nngrade, with_limits


@pytest.fixture(scope="session")
def fast_hw6(tmp_path_factory) -> Path:
    """An instructor's copy of hw6 with short limits (a hanging cell costs 2 s, not 30)."""
    return with_limits(
        tmp_path_factory.mktemp("assignments"), notebook_timeout=20, cell_timeout=2, call_timeout=5
    )


@pytest.fixture(scope="session")
def graded(tmp_path_factory, fast_hw6):
    """The class graded once, with a fixed seed: (process, out folder, class folder)."""
    tmp = tmp_path_factory.mktemp("graded")
    folder = make_class(tmp / "submissions")
    out = tmp / "out"
    proc = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out,
                   "--seed", "7", "--lang", "en", "-j", "2")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc, out, folder
