"""The fixtures of assignment tests are module functions that pytest 10 still accepts (issue 12)."""

from __future__ import annotations

import warnings

import pytest

from nngrade import fixtures
from nngrade.engine import grade_file
from nngrade.plugin import GradingPlugin
from tests.helpers import HW6

FIXTURE = type(fixtures.run)


def test_no_fixture_is_a_method_of_the_plugin_object():
    """pytest 10 refuses session fixtures that are methods of an instance (PytestRemovedIn10Warning)."""
    assert not [name for name, value in vars(GradingPlugin).items() if isinstance(value, FIXTURE)]
    names = {name for name, value in vars(fixtures).items() if isinstance(value, FIXTURE)}
    assert names == {"run", "student", "ref", "rng", "keras_model", "assignment_fixture"}


def test_no_fixture_asks_pytest_for_request_or_pytestconfig():
    """pytest makes a new FixtureDef for `request` each time a fixture that takes it (or
    `pytestconfig`, which takes it) is set up: several times a test (issue 23)."""
    import inspect

    for name, value in vars(fixtures).items():
        if isinstance(value, FIXTURE):
            params = set(inspect.signature(value.__wrapped__).parameters)
            assert not params & {"request", "pytestconfig"}, name


def test_every_fixture_reaches_a_test_without_a_pytest_deprecation(tmp_path):
    (tmp_path / "test_uses_every_fixture.py").write_text(
        "from nngrade.testing import task\n\n"
        "@task('loss', points=1)\n"
        "def test_every_fixture(student, ref, rng, run, assignment, keras_model):\n"
        "    x = rng.normal(size=3)\n"
        "    assert abs(student.loss(x, 0 * x) - ref.losses.half_sse(x, 0 * x)) < 1e-9\n"
        "    assert assignment.id == 'hw6' and not run.timed_out and callable(keras_model)\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", pytest.PytestDeprecationWarning)
        results = grade_file(HW6 / "solution.ipynb", hidden_tests=[tmp_path], seed=2)
    test = next(t for t in results.tests if t.name == "test_every_fixture")
    assert test.outcome == "passed", test.message
    assert results.score == results.max_score == 15
