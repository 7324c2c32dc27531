"""The lecture's global style in the sandbox (issue 13): signatures, bound globals read back,
the epoch loop cut to a count, module functions by dotted name, and trusted stand-ins."""

from __future__ import annotations

import numpy as np
import pytest

from nngrade.sandbox import Refused, StudentError
from nngrade.sandbox.inside import sealed

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


def test_a_stand_in_gathers_the_same_arguments_however_the_student_passes_them(box):
    """By position, by keyword, by default, and a keyword-only parameter: the arguments
    served are those the student's own function would have had (issue 23 reads a call
    that passes every parameter by position by index)."""
    asked = []
    serve = lambda name, args: asked.append(args) or 0.0  # noqa: E731
    recipe = [["param", "x"], ["param", "scale"]]
    box.call("uses_scaled_every_way", 1.5, trusted={"scaled": recipe}, serve=serve)
    assert asked == [[1.5, 3.0], [1.5, 4.0], [1.5, 2.0], [1.5, 5.0]]
    asked.clear()
    box.call("uses_scaled_by_keyword", 1.5, trusted={"scaled_by_keyword": recipe}, serve=serve)
    assert asked == [[1.5, 6.0], [1.5, 7.0]]


def _sealed(name, values, value):
    """Answers ahead for one call `name(*values)` (what `nngrade.speculation` sends)."""
    salt = b"0123456789abcdef"
    return sealed.seal([(sealed.key(name, values), value)], salt)


def test_a_stand_in_answers_a_call_sealed_ahead_without_asking_the_grader(box):
    asked = []
    ahead = _sealed("forward", [np.array([1.0, 0.0]), np.array([1.0, 2.0])], np.float64(100.0))
    call = box.call(
        "uses_forward",
        np.array([1.0, 0.0]),
        trusted={"forward": [["param", "x"], ["global", "W"]]},
        serve=lambda name, args: asked.append(args) or np.float64(-1.0),
        sealed=ahead,
    )
    assert call.value == 200.0 and asked == []


def test_a_call_not_sealed_ahead_asks_the_grader(box):
    asked = []
    ahead = _sealed("forward", [np.array([1.0, 0.5]), np.array([1.0, 2.0])], np.float64(100.0))
    call = box.call(
        "uses_forward",
        np.array([1.0, 0.0]),  # one number differs from the sealed call's
        trusted={"forward": [["param", "x"], ["global", "W"]]},
        serve=lambda name, args: asked.append(args) or np.float64(7.0),
        sealed=ahead,
    )
    assert call.value == 14.0 and len(asked) == 1


def test_calls_answered_ahead_count_against_the_serving_budget(box):
    with pytest.raises(StudentError, match="at most 1 times"):
        box.call(
            "train_forward_twice",
            trusted={"forward": [["param", "x"]]},
            serve=lambda name, args: 1.0,
            trusted_calls=1,
            sealed=_sealed("forward", [np.zeros(2)], 1.0),
        )


# -- issue 21: methods of the student's classes ------------------------------------------------


@pytest.fixture(scope="module")
def classes():
    with sandbox_for("classes.py") as sb:
        sb.run_report()
        yield sb


def test_methods_have_signatures_without_self_and_attributes_read_as_self_names(classes):
    sigs = classes.signatures()
    assert sigs["Model.forward"]["params"] == ["x"]
    assert {"self.W", "self.scale"} <= set(sigs["Model.forward"]["reads"])
    assert {"self.slope", "self.intercept_"} <= set(sigs["Model.fit"]["writes"])
    assert sigs["AND"]["params"] == ["x1", "x2"]  # the object's method, `output`
    assert classes.names()["AND"] == "Gate"


def test_a_method_runs_on_a_copy_of_the_students_instance_with_attributes_bound(classes):
    call = classes.call("Model.forward", np.array([1.0, 1.0]), bind_globals={})
    assert call.value == 30.0  # the instance's scale 10, made by Model(10.0)
    call = classes.call(
        "Model.forward", np.array([1.0, 1.0]), bind_globals={"self.W": np.array([0.0, 1.0])}
    )
    assert call.value == 10.0 and list(call.globals_after["self.W"]) == [0.0, 1.0]
    again = classes.call("Model.forward", np.array([1.0, 1.0]))
    assert again.value == 30.0  # the student's instance kept its own W


def test_a_class_without_an_instance_is_made_with_no_arguments_for_each_call(classes):
    assert classes.call("Fresh.bump").value == 1
    assert classes.call("Fresh.bump").value == 1


def test_a_method_that_returns_its_instance_answers_with_the_attributes_asked_for(classes):
    x = np.array([1.0, 2.0])
    call = classes.call(
        "Model.fit", x, 2 * x, returns=[["slope", "coef_"], ["intercept", "intercept_"]]
    )
    assert call.value == (2.0, 0.5) and call.attributes == ("slope", "intercept_")
    with pytest.raises(Refused):  # no attribute `bias`: its value is what it returned
        classes.call("Model.fit", x, 2 * x, returns=[["slope"], ["bias"]])


def test_a_gate_built_as_an_object_is_called_through_its_method(classes):
    assert classes.call("AND", 1, 1).value == 1 and classes.call("AND", 1, 0).value == 0
