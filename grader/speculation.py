"""Served calls answered ahead: the grader runs its own caller and seals what it served.

A test run again with trusted functions served (one bug costs one task) calls a student's
function, say `fit`, whose calls of a served function, say `predict`, each cross to the
grader and back. When the called function has an oracle too (`[functions.fit] oracle =
"mlp.fit"`), the grader runs that oracle on the test's arguments first, with every served
oracle recorded where the reference modules call it, and sends the recorded calls' values
sealed under their arguments (`sandbox/inside/sealed.py`). A student's `fit` that computes
what the lecture's does asks exactly those calls, and opens each answer in the worker; any
other call makes the round trip as before. The grade cannot change: an opened answer is the
value the round trip would have brought.

The oracle's run is bounded like serving (`limit` answers, `SECONDS` of CPU), and its
sealed table is kept for the next submission that makes the same call (a class's tests give
every student the same arguments). A batch's slots share the tables they make: each slot
hands its new ones (`take_made`) to the main process with its results, which passes them to
the other slots with their next job (`adopt`), so a class pays for each oracle run once, not
once per slot. They are the grader's own data and travel between grader processes only.
"""

from __future__ import annotations

import contextlib
import copy
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .sandbox.inside import sealed
from .sandbox.inside.sealed import Sealed

SECONDS = 2.0
"""At most this much of the grader's CPU for one oracle run (it stops there, keeping what it
recorded: the rest of the calls make their round trips)."""
KEPT_BYTES = 32 * 2**20
"""Sealed tables kept per process, for the next submission that makes the same call: the
most recently used, up to this many bytes in all (hw6's XOR test's is 0.5 MB; a test's
exact calls make tables of a few hundred bytes, a dozen of them per served function)."""


class _Enough(Exception):
    """The oracle's run reached its bound: what it recorded is kept."""


_REFERENCE = f"{__package__}.reference."
"""The reference modules: where one oracle calls another."""
_LOCK = threading.Lock()
"""One oracle run at a time per process: it swaps the reference modules' globals."""
_kept: OrderedDict[bytes, Sealed | None] = OrderedDict()
Made = list[tuple[bytes, Sealed | None]]
"""Sealed tables by call key (None: the run recorded nothing to seal), as they travel."""
_made: Made | None = None
"""The tables this process's oracle runs made since `take_made` last took them; None where
nobody takes them (`share` was not called: `nngrade submit`, a Dask worker)."""


def answers_ahead(
    caller: Callable[..., Any],
    args: Sequence[Any],
    served: Mapping[str, Callable[..., Any]],
    *,
    limit: int,
    check: Callable[[str, Sequence[Any]], None],
) -> Sealed | None:
    """Run `caller(*args)`, the oracle of the student's function a test calls, with each
    served oracle (student name -> the reference function served for it) recorded; the
    recorded calls' values, sealed. None when nothing was recorded or the arguments cannot
    be keyed. `check(name, args)` refuses a call that serving would refuse: it is left out."""
    what = [_qualified(caller), *sorted(f"{n}={_qualified(o)}" for n, o in served.items())]
    call_key = sealed.key("|".join(what), list(args))
    if call_key is None:
        return None
    if call_key in _kept:
        _kept.move_to_end(call_key)
        return _kept[call_key]
    calls = _Calls(limit, check)
    with _LOCK, _recording(served, calls), contextlib.suppress(Exception):
        # Copies: the test sends its own arguments next. An oracle that refuses them has
        # recorded what it has, and that holds.
        caller(*copy.deepcopy(list(args)))
    result = sealed.seal_laid_out(calls.kept.items(), os.urandom(16)) if calls.kept else None
    if result is not None and not result.answers:
        result = None
    _keep(call_key, result)
    if _made is not None:
        _made.append((call_key, result))
    return result


def _keep(call_key: bytes, table: Sealed | None) -> None:
    _kept[call_key] = table
    while sum(len(t.table) if t else 0 for t in _kept.values()) > KEPT_BYTES:
        _kept.popitem(last=False)


def share() -> None:
    """From now on, note each table this process makes, for `take_made` (a batch slot)."""
    global _made
    if _made is None:
        _made = []


def take_made() -> Made:
    """The tables this process made since the last call, to hand to the other slots."""
    if not _made:
        return []
    made = _made[:]
    _made.clear()
    return made


def adopt(tables: Made) -> None:
    """Keep tables another slot of this run made, for the calls this process has not made."""
    for call_key, table in tables:
        if call_key not in _kept:
            _keep(call_key, table)


def _qualified(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


@contextlib.contextmanager
def _recording(served: Mapping[str, Callable[..., Any]], calls: _Calls) -> Iterator[None]:
    """Within: each reference module's global bound to a served oracle records the calls this
    thread makes of it.

    The reference modules call one another through their globals (`mlp.fit` calls
    `backprop_step`, which calls `predict` and `sigmoid_deriv`), so swapping those globals
    sees every call a served oracle gets from the caller's run; they are put back after."""
    by_oracle = {id(oracle): (name, oracle) for name, oracle in served.items()}
    swapped: list[tuple[Any, str, Any]] = []
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith(_REFERENCE) or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if id(value) in by_oracle:
                name, oracle = by_oracle[id(value)]
                swapped.append((module, attribute, value))
                setattr(module, attribute, _recorder(name, oracle, calls))
    try:
        yield
    finally:
        for module, attribute, value in swapped:
            setattr(module, attribute, value)


class _Calls:
    """The served calls of one oracle run: each call's key, taken before the oracle runs, and
    its value, written down as soon as it is made (the run may change its arrays later)."""

    def __init__(self, limit: int, check: Callable[[str, Sequence[Any]], None]) -> None:
        self.kept: dict[bytes, tuple[Any, bytes] | None] = {}
        self.limit, self.check = limit, check
        self.deadline = time.thread_time() + SECONDS

    def key(self, name: str, values: tuple[Any, ...]) -> bytes | None:
        """The call's key; None for a call serving would refuse (it must make its round trip)
        or one whose arguments cannot be keyed."""
        try:
            self.check(name, values)
        except ValueError:
            return None
        return sealed.key(name, values)

    def keep(self, answer_key: bytes, value: Any) -> None:
        self.kept.setdefault(answer_key, sealed.layout_of(value))
        if len(self.kept) >= self.limit or time.thread_time() > self.deadline:
            raise _Enough


def _recorder(name: str, oracle: Callable[..., Any], calls: _Calls) -> Callable[..., Any]:
    owner = threading.get_ident()

    def recorded(*args: Any, **kwargs: Any) -> Any:
        # Another thread of this process (a notebook server grading two cells) calls the
        # oracle itself; a stand-in asks with the template's arguments, in order.
        answer_key = None
        if not kwargs and threading.get_ident() == owner:
            answer_key = calls.key(name, args)
        value = oracle(*args, **kwargs)
        if answer_key is not None:
            calls.keep(answer_key, value)
        return value

    return recorded
