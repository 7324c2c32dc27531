"""The fixtures assignment tests take: `student`, `ref`, `rng`, `run`, `assignment` and
`keras_model`.

They are plain functions in a module of their own, which `GradingPlugin` registers as a pytest
plugin when a session starts, because pytest 10 no longer accepts fixtures that are methods of
a plugin object. Each reads the submission being graded from the session's `GradingPlugin`,
which pytest keeps in `config.stash` under `GRADING` (the fixtures see it as a `Grading`, so
this module never imports the plugin that registers it: no import cycle).

The session-scoped ones (`run`, `student`, `keras_model`) are torn down after the last test
of each submission (`harness._Loop` passes `nextitem=None`), so nothing of one submission
reaches the next.
"""

from __future__ import annotations

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

    def rng_for(self, item: pytest.Item) -> np.random.Generator: ...


GRADING = pytest.StashKey[Grading]()
"""Where a session's `GradingPlugin` is kept (`GradingPlugin.pytest_configure` puts it there)."""


def grading_plugin(config: pytest.Config) -> Grading:
    """The grading state of the pytest session that `config` belongs to."""
    return config.stash[GRADING]


@pytest.fixture(scope="session")
def run(pytestconfig: pytest.Config) -> RunReport:
    """The report of the notebook's run (its cells, errors and notes), once every cell ran."""
    return grading_plugin(pytestconfig).current_sandbox.run_report()


@pytest.fixture(scope="session")
def student(pytestconfig: pytest.Config, run: RunReport) -> StudentProxy:
    """The submission: `student.predict(x, ...)` calls the student's function in the sandbox."""
    return grading_plugin(pytestconfig).student_proxy()


@pytest.fixture(scope="session")
def ref() -> ModuleType:
    """The oracles, `nngrade.reference` (`ref.mlp.predict`, `ref.activations.sigmoid`, ...)."""
    import nngrade.reference

    return nngrade.reference


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    """Random inputs from the run's seed and the test's id, whatever the order of the tests."""
    return grading_plugin(request.config).rng_for(request.node)


@pytest.fixture(scope="session")
def keras_model(pytestconfig: pytest.Config, run: RunReport) -> Callable[..., Path]:
    """`keras_model("build_model", *args)`: call the student's function in the sandbox and
    get the path of the `.keras` archive its model was saved to. Only the archive crosses;
    load it in the grader with `nngrade.models.load_student_model`. Without that function,
    the model a declared global holds (the lecture's top-level `model`, issue 21)."""
    return grading_plugin(pytestconfig).student_proxy().keras_model


@pytest.fixture(scope="session", name="assignment")
def assignment_fixture(pytestconfig: pytest.Config) -> Assignment:
    """The assignment being graded (its tasks, points and declared functions)."""
    return grading_plugin(pytestconfig).assignment
