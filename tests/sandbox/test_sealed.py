"""Answers sealed under their arguments (`sandbox/inside/sealed.py`, issue 23): the worker
opens an answer only with the exact arguments, and gets what the round trip would bring."""

from __future__ import annotations

import numpy as np
import pytest

from nngrade import protocol
from nngrade.sandbox.inside import sealed

SALT = bytes(range(16))
X = np.array([[0.25, -1.5]])


def _answers(entries, salt=SALT):
    """The worker's `Answers` for `entries` sealed, as a call's header carries them; the table."""
    ahead = sealed.seal(entries, salt)
    enc = protocol.Encoder(protocol.DEFAULT_CAPS)
    header = {**ahead.fields(), "table": enc.encode(ahead.table_array())}
    return sealed.Answers.from_header(header, enc.buffers, protocol.DEFAULT_CAPS), ahead.table


VALUES = [
    1.5,
    float("nan"),
    np.float64(2.5),
    np.int32(-3),
    np.arange(6, dtype=np.float32).reshape(2, 3),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    (X, X * 2, np.array([[0.7]])),
    [np.array([True, False]), 0.5],
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_an_opened_answer_is_what_the_protocol_would_have_decoded(value):
    answers, _ = _answers([(sealed.key("f", [X]), value)])
    found, got = answers.open("f", [X.copy()])
    want = protocol.decode(*protocol.encode(value))
    assert found
    _assert_same(got, want)


def _assert_same(got, want):
    assert type(got) is type(want)
    if isinstance(want, tuple | list):
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _assert_same(g, w)
    elif isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.shape == want.shape
        assert got.tobytes() == want.tobytes()
        assert got.flags.writeable and got.flags.c_contiguous
    else:
        assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize(
    "values",
    [
        [np.nextafter(X, 1.0)],  # one number, by its last bit
        [X.astype(np.float32)],  # the same numbers in another dtype
        [X.ravel()],  # the same numbers in another shape
        [X, 1.0],  # one argument more
        [X.tolist()],  # a list is never sealed
    ],
    ids=["last bit", "dtype", "shape", "arity", "list"],
)
def test_an_answer_opens_only_with_its_exact_arguments(values):
    answers, _ = _answers([(sealed.key("f", [X]), np.array([42.0]))])
    assert answers.open("f", values) == (False, None)
    assert answers.open("g", [X]) == (False, None)  # another function's call


def test_the_table_holds_no_value_in_the_clear_and_changes_with_the_salt():
    value = np.array([0.123456789, 9.87654321])
    answers, table = _answers([(sealed.key("f", [X]), value)])
    assert value.tobytes() not in table and value[:1].tobytes() not in table
    _, other = _answers([(sealed.key("f", [X]), value)], salt=bytes(16))
    assert other != table


def test_calls_out_of_the_recorded_order_are_found_too():
    entries = [(sealed.key("f", [X * i]), np.array([float(i)])) for i in range(5)]
    answers, _ = _answers(entries)
    for i in (3, 0, 4, 1, 2):
        found, got = answers.open("f", [X * i])
        assert found and got[0] == i


@pytest.mark.parametrize(
    "header",
    [
        None,
        {},
        {"salt": "zz", "layouts": [], "table": 0},
        {"salt": "00", "layouts": "x", "table": 1},
    ],
)
def test_a_malformed_header_gives_no_answers_and_every_call_asks(header):
    assert sealed.Answers.from_header(header, [], protocol.DEFAULT_CAPS) is None
