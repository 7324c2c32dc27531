"""Every `NNGRADE_*` environment variable, with its type, its default and what it is for.

nngrade reads its environment here and nowhere else: a module asks `settings.DEBUG.get()`
(read when asked, so that a test or a parent process may set it just before), never
`os.environ`. `SETTINGS` lists them all for the README (a test checks that it names each).

The sandbox's `inside/` modules are loaded by path in the worker and never import nngrade;
none of them reads an `NNGRADE_*` variable (the worker's environment is a fixed list, see
`sandbox.process.sandbox_env`). `NNGRADE_SANDBOX` is not a setting: the grader sets it in
each sandbox process to a random marker by which it finds that process's descendants.

Kept cheap to import (`nngrade submit` start-up is measured): `os` and `typing` only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_TRUE = ("1", "true", "yes", "on")


def flag(raw: str) -> bool:
    """`1`, `true`, `yes` or `on` (any case) turn a switch on; anything else leaves it off
    (so `0`, `false` or an empty value never turn on what weakens confinement)."""
    return raw.strip().lower() in _TRUE


def paths(raw: str) -> tuple[str, ...]:
    """Folders separated by `os.pathsep` (`:`, `;` on Windows), empty parts left out."""
    return tuple(p for p in raw.split(os.pathsep) if p)


class Setting(Generic[T]):
    """One environment variable: its name, how its text is read, and its value when unset or
    empty. A plain class (not a dataclass): `dataclasses` imports `inspect` (10 ms)."""

    __slots__ = ("default", "doc", "name", "parse")

    def __init__(self, name: str, parse: Callable[[str], T], default: T, doc: str) -> None:
        self.name = name
        self.parse = parse
        self.default = default
        self.doc = doc
        """What it does, as the README says it."""

    def get(self, environ: dict[str, str] | None = None) -> T:
        """Its value now in `environ` (default: this process's environment)."""
        raw = (os.environ if environ is None else environ).get(self.name, "")
        return self.parse(raw) if raw else self.default

    def __repr__(self) -> str:
        return f"Setting({self.name!r})"


ASSIGNMENTS: Setting[tuple[str, ...]] = Setting(
    "NNGRADE_ASSIGNMENTS",
    paths,
    (),
    "folders of your own assignment folders, searched after `--assignments` "
    "(separated by `:`, `;` on Windows)",
)
DEBUG: Setting[bool] = Setting(
    "NNGRADE_DEBUG",
    flag,
    False,
    "`1`: an internal error shows its traceback on the terminal instead of one line",
)
ALLOW_UNCONFINED: Setting[bool] = Setting(
    "NNGRADE_ALLOW_UNCONFINED",
    flag,
    False,
    "`1`: the same as `--allow-unconfined` (on a Dask worker, for that worker)",
)
FORCE_UNCONFINED: Setting[bool] = Setting(
    "NNGRADE_FORCE_UNCONFINED",
    flag,
    False,
    "`1`: behave as if bubblewrap could not confine students' code here (for tests, and for "
    "hosts where it misbehaves)",
)
SANDBOX_SPAWN: Setting[bool] = Setting(
    "NNGRADE_SANDBOX_SPAWN",
    flag,
    False,
    "`1`: start each worker as a fresh `python -I` process instead of forking it from a warm "
    "server (as on Windows; the tests run both)",
)
CHECK_LOG: Setting[str] = Setting(
    "NNGRADE_CHECK_LOG",
    str,
    "",
    "set by `nngrade.check()` for the grading server it starts: the file its errors go to",
)

SETTINGS: tuple[Setting[object], ...] = (  # type: ignore[assignment]
    ASSIGNMENTS,
    DEBUG,
    ALLOW_UNCONFINED,
    FORCE_UNCONFINED,
    SANDBOX_SPAWN,
    CHECK_LOG,
)
"""Every variable nngrade reads, in the order the README lists them."""


# --- the defaults of `nngrade grade`, each in one place (the options' help and the code read
# them from here) --------------------------------------------------------------------------

GRADE_TIMEOUT_FACTOR = 3.0
"""`--timeout` by default: this many times the assignment's `notebook_timeout` ..."""
GRADE_TIMEOUT_FLOOR_S = 300.0
"""... and at least this many seconds for one submission, whatever happens in it."""
MAX_FILE_BYTES = 50 * 1024 * 1024
"""A submission larger than this is recorded as an error, not graded (nor sent to Dask)."""
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
"""What one archive may extract in all; past this the rest is recorded as errors."""
MAX_ARCHIVE_MEMBERS = 50_000
"""Members one archive (with the archives inside it) may list."""
SIMILARITY_THRESHOLD = 0.75
"""The similarity score from which a pair is listed (`--similarity-threshold`, `similar
--threshold`); `batch/similarity.py` says how it was chosen."""
SIMILARITY_MAX_SHARE = 10
"""A fingerprint found in more than this many submissions is ignored (`--max-share`)."""


def grade_timeout(notebook_timeout: float) -> float:
    """The default `--timeout` of one submission, for an assignment's `notebook_timeout`."""
    return max(GRADE_TIMEOUT_FLOOR_S, GRADE_TIMEOUT_FACTOR * float(notebook_timeout))
