"""Served calls answered ahead (issue 23): a test run again with nngrade's own function in
place of a broken one gets the same grade, with far fewer round trips to the grader."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from nngrade import protocol, speculation
from nngrade.answers import Answers, check_served_arguments
from nngrade.assignment import load_assignment
from nngrade.engine import grade
from nngrade.grader import Grader
from nngrade.reference import activations, mlp
from nngrade.sandbox.inside import sealed
from nngrade.submission import load_submission
from tests.helpers import HW6, ROOT

FIXTURES = ROOT / "tests" / "cli" / "fixtures"
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR = np.array([[0.0], [1.0], [1.0], [0.0]])
START = mlp.seed_params()


def _graded(name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple], int]:
    """Each test's (id, outcome, points earned, message, its key) and the round trips of served calls."""
    asked = []
    serve = Answers._serve
    monkeypatch.setattr(Answers, "_serve", lambda self, n, a: asked.append(n) or serve(self, n, a))
    with Grader(load_assignment(HW6), pool=1) as grader:
        results = grade(load_submission(FIXTURES / name), grader, seed=3)
    tests = [
        (t.id, t.outcome, t.earned, t.message, t.said) for task in results.tasks for t in task.tests
    ]
    return tests, len(asked)


@pytest.mark.parametrize("name", ["mistake_missing_bias.ipynb", "mistake_deriv_of_input.ipynb"])
def test_a_replay_under_the_lectures_fit_is_answered_in_the_worker_with_the_same_grade(
    name, monkeypatch
):
    ahead, asked_ahead = _graded(name, monkeypatch)
    monkeypatch.setattr(speculation, "answers_ahead", lambda *a, **k: None)
    asked, asked_each = _graded(name, monkeypatch)
    assert ahead == asked  # every outcome, score and message
    assert asked_each >= 8_000  # the XOR test's 2,000 epochs, each call a round trip
    assert asked_ahead <= 30  # only calls of functions that have no oracle of their own


def test_the_oracle_run_records_each_served_call_once_with_its_value():
    table = speculation.answers_ahead(
        mlp.fit,
        [X, XOR, *START, 1.0, 3],
        {"actf_deriv": activations.sigmoid_deriv},
        limit=1_000,
        check=check_served_arguments,
    )
    assert table is not None and table.answers == 3 * 4 * 2  # layer2 and layer1, per sample


def test_an_oracle_run_stops_at_its_limit_and_keeps_what_it_recorded():
    table = speculation.answers_ahead(
        mlp.fit,
        [X, XOR, *START, 1.0, 50],
        {"predict": mlp.predict},
        limit=10,
        check=lambda *a: None,
    )
    assert table is not None and table.answers == 10


def test_a_call_serving_would_refuse_is_left_to_its_round_trip():
    def refuse(name, args):
        raise ValueError("too big")

    table = speculation.answers_ahead(
        mlp.fit, [X, XOR, *START, 1.0, 2], {"predict": mlp.predict}, limit=100, check=refuse
    )
    assert table is None


def test_the_reference_modules_are_put_back_after_an_oracle_run():
    before = (mlp.predict, mlp.sigmoid_deriv)
    speculation.answers_ahead(
        mlp.fit, [X, XOR, *START, 0.5, 4], {"predict": mlp.predict, "d": mlp.sigmoid_deriv},
        limit=5, check=lambda *a: None,
    )  # fmt: skip
    assert (mlp.predict, mlp.sigmoid_deriv) == before


def test_a_value_is_sealed_as_the_served_oracle_made_it_and_keyed_by_the_arguments_it_got(
    monkeypatch,
):
    """An oracle run that changes an array after a served function returned it, or changes
    the arguments it passed, must not change what was sealed for that call."""
    fake = types.ModuleType("nngrade.reference._changing")
    exec(
        "import numpy as np\n"
        "def double(x):\n"
        "    return x * 2\n"
        "def caller(x):\n"
        "    y = double(x)\n"
        "    y += 100  # the value, changed after it was made\n"
        "    x += 1    # the argument, changed after the call\n"
        "    return double(x)\n",
        fake.__dict__,
    )
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    start = np.array([1.0, 2.0])
    table = speculation.answers_ahead(
        fake.caller, [start.copy()], {"double": fake.double}, limit=10, check=lambda *a: None
    )
    enc = protocol.Encoder(protocol.DEFAULT_CAPS)
    header = {**table.fields(), "table": enc.encode(table.table_array())}
    answers = sealed.Answers.from_header(header, enc.buffers, protocol.DEFAULT_CAPS)
    found, value = answers.open("double", [start])
    assert found and value.tolist() == [2.0, 4.0]
    found, value = answers.open("double", [start + 1])
    assert found and value.tolist() == [4.0, 6.0]


def test_a_table_another_slot_made_is_used_without_running_the_oracle_again(monkeypatch):
    monkeypatch.setattr(speculation, "_kept", type(speculation._kept)())
    monkeypatch.setattr(speculation, "_made", [])  # a batch slot: `share()` was called
    args = [X, XOR, *START, 1.0, 4]
    served = {"actf_deriv": activations.sigmoid_deriv}
    made_here = speculation.answers_ahead(
        mlp.fit, args, served, limit=1_000, check=check_served_arguments
    )
    handed = speculation.take_made()
    assert [table for _, table in handed] == [made_here] and speculation.take_made() == []

    # The other slot: it adopts the table, and the same call finds it with no oracle run.
    monkeypatch.setattr(speculation, "_kept", type(speculation._kept)())
    speculation.adopt(handed)
    ran = []
    monkeypatch.setattr(speculation, "_recording", lambda *a: ran.append(a))  # no oracle run
    again = speculation.answers_ahead(
        mlp.fit, args, served, limit=1_000, check=check_served_arguments
    )
    assert again is made_here and ran == [] and speculation.take_made() == []


def test_tables_are_noted_for_other_slots_only_in_a_batch_slot(monkeypatch):
    monkeypatch.setattr(speculation, "_kept", type(speculation._kept)())
    monkeypatch.setattr(speculation, "_made", None)  # `nngrade submit`, a Dask worker
    speculation.answers_ahead(
        mlp.fit,
        [X, XOR, *START, 1.0, 2],
        {"predict": mlp.predict},
        limit=1_000,
        check=check_served_arguments,
    )
    assert speculation.take_made() == [] and speculation._made is None
