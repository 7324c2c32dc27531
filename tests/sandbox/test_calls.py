"""Calling student functions: exact values both ways, fresh copies, mutation reports, callables."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nngrade.protocol import Affine, Polynomial
from nngrade.sandbox import (
    Call,
    Limits,
    NotCallable,
    NotDefined,
    Refused,
    StudentError,
    StudentProxy,
)

from .test_protocol import same


@pytest.fixture(scope="module")
def values():
    from .conftest import sandbox_for

    with sandbox_for("values.py") as sb:
        sb.run_report()
        yield sb


def test_values_round_trip_exactly(values):
    args = (
        np.arange(6, dtype=np.float32).reshape(2, 3),
        np.array([[1, 2]], dtype=np.int64).T,
        (1, (2.5, [np.uint8(7)])),
        {"k": np.bool_(False)},
        float("nan"),
        -0.0,
        "text",
        None,
    )
    got = values.call("identity", *args).value
    assert same(got, args)
    assert same(
        values.call("scalars").value,
        (np.float32(1.5), np.int8(-3), np.bool_(True), np.complex128(1 - 2j), 7, 2.5, True, None),
    )
    specials = values.call("specials").value
    assert math.isnan(specials[0]) and specials[1:3] == [math.inf, -math.inf]
    assert (
        math.copysign(1, specials[3]) == -1 and specials[4] == 10**30 and specials[5] == "naïve ✓"
    )
    nested = values.call("nested").value
    assert nested["a"] == (1, [2.0, (3, "x")]) and nested["list"] == [] and nested["tuple"] == ()
    assert nested["b"]["c"].dtype == np.uint16 and nested["b"]["c"].shape == (2, 2)
    kw = values.call("identity", 1, x=np.ones(2)).value
    assert kw[0] == (1,) and np.array_equal(kw[1]["x"], np.ones(2))


def test_every_call_gets_fresh_copies(values):
    a = np.arange(3.0)
    call = values.call("scale_in_place", a, want_args=True)
    assert isinstance(call, Call)
    assert call.mutated == (0,)
    assert np.array_equal(a, [0.0, 1.0, 2.0])  # the grader's array is untouched
    assert np.array_equal(call.args_after[0], [0.0, 2.0, 4.0])
    assert values.call("scale_in_place", a, factor=3.0).mutated == (0,)
    items = [1, 2]
    call = values.call("append_to", items, 3, want_args=True)
    assert call.value == 3 and call.mutated == (0,) and call.args_after == ([1, 2, 3], 3)
    assert items == [1, 2]
    assert values.call("mutate_kwarg", w=np.ones((2, 2))).mutated == ("w",)
    call = values.call("pure", np.ones(2), np.ones(2), want_args=True)
    assert call.mutated == () and np.array_equal(call.args_after[1], np.ones(2))
    assert call.kwargs_after == {}
    assert call.duration > 0


def test_callable_descriptions_are_built_in_the_worker(values):
    bowl = Polynomial((2.0, -6.0))  # the seed's f(x) = (x - 3)^2, f'(x) = 2x - 6
    assert values.call("gradient_descent", bowl, 5.52, 0.2, 3).value == pytest.approx(3.54432)
    assert np.allclose(values.call("apply_gradient", bowl, np.array([0.0, 3.0])).value, [-6.0, 0.0])
    grad = Affine(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([-2.0, 0.0]))
    x = values.call("gradient_descent", grad, np.array([5.0, 5.0]), 0.1, 200).value
    assert np.allclose(x, [1.0, 0.0])


def test_state_persists_between_calls(values):
    first = values.call("count").value
    assert values.call("count").value == first + 1


def test_get_names_and_printing(values):
    assert values.get("LEARNING_RATE") == 0.1
    w = values.get("WEIGHTS")
    assert type(w) is np.ndarray and w.dtype == np.float32
    call = values.call("shout", "hi")
    assert call.value == 2 and call.stdout == "HI\n"


def test_failures_are_named(values):
    with pytest.raises(NotDefined, match="`missing` is not defined in your module"):
        values.call("missing")
    with pytest.raises(NotCallable) as info:
        values.call("WEIGHTS")
    assert (
        info.value.kind == "ndarray"
        and str(info.value) == "`WEIGHTS` is an ndarray, not a function, so it cannot be called"
    )
    with pytest.raises(StudentError) as info:
        values.call("echo")
    assert (
        info.value.ename == "TypeError"
        and "missing 1 required positional argument" in info.value.evalue
    )
    with pytest.raises(
        Refused,
        match="`returns_function` returned a function; return a NumPy array, a number or a list",
    ):
        values.call("returns_function")
    with pytest.raises(Refused, match="a set"):
        values.call("returns_set")
    with pytest.raises(Refused, match="dtype object"):
        values.call("returns_object_array")
    with pytest.raises(Refused, match="dtype <U1"):
        values.call("returns_str_array")
    with pytest.raises(TypeError, match="cannot be sent to the sandbox"):
        values.call("echo", lambda x: x)
    assert values.call("echo", 5).value == 5  # the worker is fine after all that


def test_proxy(values):
    student = StudentProxy(values)
    assert student.echo(np.int16(4)) == np.int16(4)
    assert student.call("pure", 1, 2).value == 3
    assert "echo" in student and "nothing" not in student
    assert student.get("LEARNING_RATE") == 0.1
    assert student.names()["identity"] == "function"
    with pytest.raises(NotDefined):
        student.predict(1)
    with pytest.raises(AttributeError):
        student.__wrapped__  # noqa: B018
    with pytest.raises(AttributeError):
        student.x = 1


@pytest.mark.tensorflow
def test_keras_model_crosses_as_an_archive(run_case):
    pytest.importorskip("tensorflow")
    import zipfile

    with run_case("keras_model.py", Limits.for_tensorflow()) as sb:
        assert sb.run_report().errors == []
        path = sb.keras_model("build_model", 4, 8)
        assert path.suffix == ".keras" and zipfile.is_zipfile(path)
        assert "config.json" in zipfile.ZipFile(path).namelist()
        with pytest.raises(Refused, match="return a Keras model"):
            sb.keras_model("not_a_model")
    assert not path.exists()  # removed with the sandbox
