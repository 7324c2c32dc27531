"""The API for writing assignment tests.

An assignment's tests are ordinary pytest files. They put each test under a task with
`@task`, use the fixtures nngrade's plugin provides, and compare with `check`. Words for a
student in a check's `what=` or `input=` are given in both languages with `text(en=..., ko=...)`
(code such as `"predict(x, W1, B1, W2, B2)"` stays a plain string). A sentence of the
assignment's own is a `text(...)` with `{fields}`, filled in the run's language with
`.format(...)`; `say(key, ...)` writes a message of nngrade's catalog (`nngrade.messages`):

    import numpy as np
    from nngrade.testing import check, task, text

    @task("forward", points=1)
    def test_predict_matches_reference(student, ref, rng):
        x = rng.normal(size=(4, 2))
        W1, B1, W2, B2 = ref.mlp.init_params(rng, 2, 3, 1)
        got = check.parts(student.predict(x, W1, B1, W2, B2), 3, what="predict(x, ...)")
        check.close(got[2], ref.mlp.predict(x, W1, B1, W2, B2)[2], what="predict(x, ...)[2]",
                    input=text(en="4 random samples", ko="임의의 샘플 4개"))

Fixtures:
    student   the submission, behind the sandbox: `student.f(...)` calls the student's `f`
              in the worker process and returns plain data; `student.call("f", ...)`
              returns the `Call` (value, mutated inputs, duration).
    ref       `nngrade.reference`, the oracles.
    rng       a NumPy Generator seeded from the run's seed and the test's id, so a failure
              replays with `nngrade submit --seed N`.
    run       the `RunReport` of running the notebook (cell errors, notes).
    assignment the `Assignment` being graded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from . import checks as check
from .checks import GradingFailure
from .messages import Text, say, text

__all__ = ["GradingFailure", "Text", "check", "say", "task", "text"]

F = TypeVar("F", bound=Callable[..., object])

MARKER = "nngrade"


def task(name: str, points: float) -> Callable[[F], F]:
    """Count the test under task `name` (declared in assignment.toml) for `points` points."""
    if points < 0:
        raise ValueError("points must not be negative")
    return getattr(pytest.mark, MARKER)(task=name, points=float(points))
