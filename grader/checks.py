"""Comparisons for assignment tests, each failing with a message a student can act on.

The checks run in this order and stop at the first that fails: the right kind of value
(array, number, list) -> shape or length -> dtype kind -> NaN -> values (`np.isclose`,
rtol 1e-5, atol 1e-8 by default). Whether a name is defined at all is settled before
(the proxy raises `NotDefined`), and `unchanged` checks the inputs after a call.

Values from the sandbox are already plain data built by the grader, so `np.asarray` on
them is safe: no student object reaches a comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .messages import CATALOG, Text
from .results import Note


class GradingFailure(AssertionError):
    """A check that did not hold: `GradingFailure(key, **fields)` with a key of the catalog
    (`nngrade.messages.CATALOG`) and its fields, kept as data in `note` (issue 23); `str()` is
    the words in the current language. An assignment's own words, `GradingFailure(text)` (a
    `str`, or bilingual `Text` that stays bilingual in the note), are kept as they are."""

    def __init__(self, words: str | Text | Note, /, **fields: Any) -> None:
        if isinstance(words, Note):
            self.note = words
        elif isinstance(words, str) and words in CATALOG:
            self.note = Note(words, fields)
        else:
            self.note = Note.verbatim(words)  # type: ignore[arg-type]
        super().__init__(str(self.note))


MEMORY_BUDGET_MB = 256
"""The most a computation with a student's values may need in the grader (float64, per
operand): a returned array of shape (K, 1, 1) against an expected (1, N) broadcasts to K·N."""


def affordable(got: Any, want: Any, *, what: str | Text) -> None:
    """`got` and `want` can be combined elementwise within the grader's memory budget.

    Called before any computation that would broadcast a student's value against the
    grader's; fails with a message (never a MemoryError in the grader) when the result
    would not fit. Shapes that do not broadcast at all are left to the checks that follow.
    """
    got_shape, want_shape = np.shape(got), np.shape(want)
    try:
        shape = np.broadcast_shapes(got_shape, want_shape)
    except ValueError:
        return
    need = int(np.prod(shape, dtype=object)) * 8
    if need > MEMORY_BUDGET_MB * 2**20:
        raise GradingFailure(
            "too_big_to_compare", what=what, got=got_shape, want=want_shape, mb=need // 2**20
        )


def shaped_like(got: Sequence[Any], like: Sequence[Any], *, what: str | Text) -> None:
    """Each of `got` has the shape of the value at the same place in `like` (what was sent),
    checked before an oracle computes with them."""
    for g, w in zip(got, like, strict=False):
        g_shape, w_shape = np.shape(g), np.shape(w)
        if g_shape != w_shape:
            raise GradingFailure("wrong_shape", what=what, got=g_shape, want=w_shape)


def _number(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.8g}"
    return _short(v)


def _short(v: Any, limit: int = 120) -> str:
    """A one-line picture of a value, for messages."""
    if isinstance(v, np.ndarray):
        text = np.array2string(v, precision=6, threshold=12, edgeitems=2, separator=", ")
        text = " ".join(text.split())
    elif isinstance(v, (float, np.floating, int, np.integer)):
        text = _number(v)
    else:
        text = " ".join(repr(v).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind_name(v: Any) -> Note | str:
    if v is None:
        return "None"
    if isinstance(v, np.ndarray):
        return Note("kind_array_of_shape", {"shape": v.shape})
    if isinstance(v, tuple):
        return Note("kind_tuple", {"n": len(v)})
    if isinstance(v, list):
        return Note("kind_list", {"n": len(v)})
    return Note("kind_other", {"type": type(v).__name__, "value": _short(v, 40)})


def _input_note(input: Any) -> Note | str:
    if input is None:
        return ""
    words = isinstance(input, (str, Text))  # a description, not a value to picture
    return Note("input_note", {"input": input if words else _short(input, 80)})


def _index(idx: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in idx) + "]" if idx else "[]"


def _as_array(got: Any, what: str | Text, expected: Note) -> np.ndarray:
    """Accept an array, a number or a (nested) list of numbers; refuse anything else."""
    if isinstance(got, (np.ndarray, np.generic, int, float, list, tuple)):
        # bool is an int: it passes, as True/False for 1/0
        try:
            arr = np.asarray(got)
        except ValueError:  # ragged nested lists
            arr = None
        if arr is not None and arr.dtype.kind in "biuf":
            return arr
    raise GradingFailure("wrong_kind", what=what, expected=expected, got=_kind_name(got))


def close(
    got: Any,
    want: Any,
    *,
    what: str | Text,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    input: Any = None,
) -> None:
    """`got` equals `want` within tolerance, with the same shape, as an array or a number."""
    want = np.asarray(want)
    expected = Note("kind_number") if want.ndim == 0 else Note("kind_array")
    arr = _as_array(got, what, expected)
    if want.ndim == 0 and arr.size == 1:
        arr = arr.reshape(())  # a 1-element array for a number is fine
    if arr.shape != want.shape:
        raise GradingFailure("wrong_shape", what=what, got=arr.shape, want=want.shape)
    # Same shapes: nothing broadcasts, and the memory is that of the grader's own `want`.
    if want.dtype.kind == "f" and arr.dtype.kind in "biu" and not np.array_equal(arr, want):
        raise GradingFailure("wrong_dtype", what=what, got=arr.dtype.name)
    got_f, want_f = arr.astype(np.float64), want.astype(np.float64)
    nan = np.isnan(got_f) & ~np.isnan(want_f)
    if nan.any():
        idx = tuple(int(i) for i in np.argwhere(nan)[0]) if nan.ndim else ()
        note = _input_note(input)
        if not idx:  # a single number
            raise GradingFailure("is_nan", what=what, input_note=note)
        raise GradingFailure("has_nan", what=what, index=_index(idx), input_note=note)
    bad = _far(got_f, want_f, rtol, atol)
    if bad is None:
        return
    if want.ndim == 0:
        raise GradingFailure(
            "wrong_value",
            what=what,
            got=_number(got_f[()]),
            want=_number(want_f[()]),
            input_note=_input_note(input),
        )
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    raise GradingFailure(
        "wrong_values",
        what=what,
        index=_index(idx),
        got=_number(got_f[idx]),
        want=_number(want_f[idx]),
        count=int(bad.sum()),
        total=bad.size,
        input_note=_input_note(input),
    )


def _far(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> np.ndarray | None:
    """Where `got` is not within `atol + rtol·|want|` of `want`, as `~np.isclose(got, want,
    rtol, atol, equal_nan=True)`; None when it is everywhere (the usual case, found with
    three array operations instead of `np.isclose`'s dozen)."""
    with np.errstate(invalid="ignore", over="ignore"):
        # isclose's own formula where `want` is finite; a NaN or an infinity is left to it.
        near = (np.abs(got - want) <= atol + rtol * np.abs(want)) & np.isfinite(want)
    if near.all():
        return None
    bad = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    return bad if bad.any() else None


def equal(got: Any, want: Any, *, what: str | Text, input: Any = None) -> None:
    """`got` equals `want` exactly (truth tables, counts, step outputs)."""
    close(got, want, what=what, rtol=0.0, atol=0.0, input=input)


def number(
    got: Any,
    want: float,
    *,
    what: str | Text,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    input: Any = None,
) -> None:
    """`got` is a single number close to `want` (a float, an int or a NumPy scalar)."""
    if isinstance(got, np.ndarray) and got.size != 1 or isinstance(got, (list, tuple, dict, str)):
        raise GradingFailure(
            "wrong_kind", what=what, expected=Note("kind_number"), got=_kind_name(got)
        )
    close(got, want, what=what, rtol=rtol, atol=atol, input=input)


def sequence(
    got: Any,
    want: Sequence[float],
    *,
    what: str | Text,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    input: Any = None,
) -> None:
    """`got` is a list (or 1-D array) of numbers, of the same length as `want`, close to it."""
    if not isinstance(got, (list, tuple, np.ndarray)) or np.ndim(got) == 0:
        raise GradingFailure(
            "wrong_kind", what=what, expected=Note("kind_sequence"), got=_kind_name(got)
        )
    if len(got) != len(want):
        raise GradingFailure("wrong_length", what=what, got=len(got), want=len(want))
    close(
        _as_array(list(got), what, Note("kind_sequence")).ravel(),
        np.asarray(want, dtype=float),
        what=what,
        rtol=rtol,
        atol=atol,
        input=input,
    )


def parts(got: Any, n: int, *, what: str | Text) -> tuple[Any, ...]:
    """`got` is a tuple (or list) of `n` values, as a function returning several arrays does."""
    if got is None:
        raise GradingFailure("returned_none", call=what)
    if not isinstance(got, (tuple, list)) or len(got) != n:
        raise GradingFailure(
            "wrong_kind", what=what, expected=Note("kind_tuple", {"n": n}), got=_kind_name(got)
        )
    return tuple(got)


def unchanged(
    call: Any, *, what: str | Text, arg_names: Sequence[str] = (), array: bool = False
) -> None:
    """The call did not modify its inputs (the sandbox compared them before and after).

    With `array=True` (the inputs are NumPy arrays) the student is told that the function
    changed the array it was given, as `x[x < 0] = 0` in a relu does (issue 24)."""
    mutated = list(getattr(call, "mutated", ()) or ())
    if not mutated:
        return
    first = mutated[0]
    if isinstance(first, int) and first < len(arg_names):
        first = arg_names[first]
    raise GradingFailure("mutated_array" if array else "mutated", call=what, arg=f"`{first}`")


def gradient(
    implied: np.ndarray,
    numeric: np.ndarray,
    *,
    what: str | Text,
    param: str | Text,
    tol: float = 1e-7,
) -> None:
    """A gradient implied by the student's code matches centred finite differences.

    The relative error is |a - b| / max(|a| + |b|, 1e-12), elementwise; the worst element
    must be below `tol` (1e-7 by default, as with h = 1e-5 in float64).
    """
    implied = np.asarray(implied, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if implied.shape != numeric.shape:
        raise GradingFailure("wrong_shape", what=param, got=implied.shape, want=numeric.shape)
    err = np.abs(implied - numeric) / np.maximum(np.abs(implied) + np.abs(numeric), 1e-12)
    # Entries where both are ~0 are exact enough however the ratio comes out.
    err = np.where(np.abs(implied - numeric) < 1e-10, 0.0, err)
    if err.size == 0 or float(err.max()) < tol:
        return
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
    raise GradingFailure(
        "gradient",
        call=what,
        param=param,
        index=_index(idx),
        want=_number(numeric[idx]),
        got=_number(implied[idx]),
        error=float(err.max()),
    )


def that(condition: bool, message: str | Text) -> None:
    """A custom check: fail with `message` (already written for the student) unless it holds."""
    if not condition:
        raise GradingFailure(message)


def updated(
    call: Any, positions: Sequence[int], *, what: str | Text, like: Sequence[Any] | None = None
) -> tuple[Any, ...]:
    """What a function that may work in place produced.

    Its return value when it returned one; when it returned None, the arguments at
    `positions` as they were after the call (the call must be made with `want_args=True`).
    With `like` (the values sent at those positions), each must keep its shape: checked
    here, before any oracle computes with them.
    """
    value = getattr(call, "value", None)
    if value is None and getattr(call, "args_after", None) is not None:
        got = tuple(call.args_after[i] for i in positions)
    else:
        got = parts(value, len(positions), what=what)
    if like is not None:
        shaped_like(got, like, what=what)
    return got
