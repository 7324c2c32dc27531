"""The fixtures assignment tests take: `student`, `ref`, `rng`, `run`, `assignment` and
`keras_model`.

They are plain functions in a module of their own, which `GradingPlugin` registers as a pytest
plugin when a session starts, because pytest 10 no longer accepts fixtures that are methods of
a plugin object. Each reads the submission being graded from the session's `GradingPlugin`
(seen here as a `Grading`, so this module never imports the plugin that registers it: no
import cycle), which `serve` keeps for the thread the session runs on: a `TestHarness` runs
each session on a thread of its own, and pytest sets up fixtures on that thread.

Why not `pytestconfig` or `request` (issue 23): pytest makes a new `FixtureDef` for `request`
(and inspects a signature) each time a fixture that takes it is looked up, four times a test
here; taking neither, the fixtures cost a test a dictionary lookup.

The session-scoped ones (`run`, `student`, `keras_model`) are torn down after the last test
of each submission (`harness._Loop` passes `nextitem=None`), so nothing of one submission
reaches the next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pytest

from .assignment import Assignment

if TYPE_CHECKING:
    from .sandbox import RunReport, Sandbox, StudentProxy


class Grading(Protocol):
    """What the fixtures read of the session's `plugin.GradingPlugin`."""

    assignment: Assignment

    @property
    def current_sandbox(self) -> Sandbox: ...

    def student_proxy(self) -> StudentProxy: ...

    def current_rng(self) -> np.random.Generator: ...


_SESSIONS = threading.local()
"""The `Grading` of each pytest session running on this thread, innermost last (`serve`)."""


def serve(grading: Grading) -> None:
    """Serve the fixtures of the pytest session starting on this thread from `grading`
    (`GradingPlugin.pytest_configure`), until `unserve` (its `pytest_unconfigure`)."""
    if not hasattr(_SESSIONS, "stack"):
        _SESSIONS.stack = []
    _SESSIONS.stack.append(grading)


def unserve(grading: Grading) -> None:
    """The session of `grading` has ended on this thread."""
    stack = getattr(_SESSIONS, "stack", [])
    if grading in stack:
        stack.remove(grading)


def grading_plugin() -> Grading:
    """The grading state of the pytest session running on this thread."""
    stack = getattr(_SESSIONS, "stack", None)
    if not stack:
        raise RuntimeError("nngrade's fixtures are used outside a grading session")
    grading: Grading = stack[-1]
    return grading


@pytest.fixture(scope="session")
def run() -> RunReport:
    """The report of the notebook's run (its cells, errors and notes), once every cell ran."""
    return grading_plugin().current_sandbox.run_report()


@pytest.fixture(scope="session")
def student(run: RunReport) -> StudentProxy:
    """The submission: `student.predict(x, ...)` calls the student's function in the sandbox."""
    return grading_plugin().student_proxy()


@pytest.fixture(scope="session")
def ref() -> ModuleType:
    """The oracles, `nngrade.reference` (`ref.mlp.predict`, `ref.activations.sigmoid`, ...)."""
    import nngrade.reference

    return nngrade.reference


@pytest.fixture
def rng() -> np.random.Generator:
    """Random inputs from the run's seed and the test's id, whatever the order of the tests."""
    return grading_plugin().current_rng()


@pytest.fixture(scope="session")
def keras_model(run: RunReport) -> Callable[..., Path]:
    """`keras_model("build_model", *args)`: call the student's function in the sandbox and
    get the path of the `.keras` archive its model was saved to. Only the archive crosses;
    load it in the grader with `nngrade.models.load_student_model`. Without that function,
    the model a declared global holds (the lecture's top-level `model`, issue 21)."""
    return grading_plugin().student_proxy().keras_model


@pytest.fixture(scope="session", name="assignment")
def assignment_fixture() -> Assignment:
    """The assignment being graded (its tasks, points and declared functions)."""
    return grading_plugin().assignment
