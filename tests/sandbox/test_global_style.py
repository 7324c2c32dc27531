"""The lecture's global style in the sandbox (issue 13): signatures, bound globals read back,
the epoch loop cut to a count, module functions by dotted name, and trusted stand-ins."""

from __future__ import annotations

import numpy as np
import pytest

from nngrade.sandbox import StudentError

from .conftest import sandbox_for


@pytest.fixture(scope="module")
def box():
    with sandbox_for("global_style.py") as sb:
        sb.run_report()
        yield sb


def test_signatures_give_parameters_and_the_globals_read_and_written(box):
    sigs = box.signatures()
    assert sigs["forward"]["params"] == ["x"]
    assert {"W", "b", "np"} <= set(sigs["forward"]["reads"])
    assert set(sigs["train"]["writes"]) == {"W", "b"}
    assert {"rate", "range"} <= set(sigs["train"]["reads"])
    assert sigs["not_a_function_either"]["varargs"] is True


def test_bound_globals_are_used_read_back_and_then_restored(box):
    call = box.call(
        "forward", np.array([1.0, 1.0]), bind_globals={"W": np.array([3.0, 4.0]), "b": 1.0}
    )
    assert call.value == 8.0
    assert call.globals_after["b"] == 1.0 and call.mutated == ()
    assert list(box.get("W")) == [1.0, 2.0] and box.get("b") == 0.5  # the student's own again


def test_the_first_range_loop_of_the_function_runs_only_the_epochs_asked_for(box):
    call = box.call(
        "train", bind_globals={"W": np.zeros(2), "b": 0.0, "rate": 1.0}, cap_loop=3, timeout=5
    )
    assert call.loop == {"length": 90000, "ran": 3}
    assert list(call.globals_after["W"]) == [-3.0, -3.0]  # 3 epochs of 2 steps, inner loop whole
    assert call.globals_after["b"] == 6.0
    assert set(call.mutated) == {"global W", "global b"}
    assert box.get("b") == 0.5


def test_a_loop_that_is_not_a_range_is_reported_as_not_found(box):
    call = box.call("train_while", bind_globals={"b": 0.0}, cap_loop=1)
    assert call.loop == {} and call.globals_after["b"] == 3.0


def test_a_function_of_an_imported_module_answers_by_dotted_name(box):
    assert np.allclose(box.call("np.tanh", np.array([0.5])).value, np.tanh([0.5]))


def test_a_trusted_stand_in_asks_the_grader_with_data_only(box):
    asked = []

    def serve(name, args):
        asked.append((name, args))
        return np.float64(100.0)

    recipe = [["param", "x"], ["global", "W"]]
    call = box.call("uses_forward", np.array([1.0, 0.0]), trusted={"forward": recipe}, serve=serve)
    assert call.value == 200.0
    ((name, (x, W)),) = asked
    assert name == "forward" and type(x) is np.ndarray and list(W) == [1.0, 2.0]
    assert box.call("uses_forward", np.array([1.0, 0.0])).value == 3.0  # the student's again


def test_a_stand_in_serves_a_bounded_number_of_calls(box):
    with pytest.raises(StudentError, match="at most 1 times"):
        box.call(
            "train_forward_twice",
            trusted={"forward": [["param", "x"]]},
            serve=lambda name, args: 1.0,
            trusted_calls=1,
        )


def test_a_stand_in_gathers_defaults_as_the_student_function_would(box):
    asked = []
    recipe = [["param", "x"], ["param", "scale"]]
    serve = lambda name, args: asked.append(args) or 0.0  # noqa: E731
    box.call("uses_scaled", 3.0, trusted={"scaled": recipe}, serve=serve)
    assert asked == [[3.0, 2.0]]
