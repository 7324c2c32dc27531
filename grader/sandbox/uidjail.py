"""Confinement by a dedicated uid, where bubblewrap cannot run and nngrade runs as root.

Where user namespaces are not allowed (Gradescope's containers, Docker without privileges),
bubblewrap cannot build a sandbox's file system, and a mount namespace may be refused too. Run
as root, nngrade still switches each worker to its slot's own unprivileged uid (see
`inside.confine`): that uid has no groups and no capabilities, so it reads exactly what any
user of the machine may read. So the class of leak is closed by file modes: before any worker
starts, every secret nngrade knows of is made unreachable by "others" (one `chmod o-rwx` on
its top folder or file, which seals everything below it):

* the graded assignment's hidden tests and solution, those of the other assignments in its
  course folder, and those of nngrade's own assignments (a repository checkout has them; a
  wheel has none), and the instructor's `--tests` folders (`seal_assignment`);
* for `nngrade grade`, the output folder (results, gradebook, feedback) and the class folders
  and files given on the command line (`seal`).

A secret that stays readable after that (a read-only file system) stops grading with one line.
The modes are given back when the last grader of this process that sealed a path lets it go
(`release`, and at exit): a checkout whose tests another user runs later stays usable. A
second nngrade process grading the same files at the same time is not counted: the first to
finish gives the modes back. Nothing here runs unless nngrade is root on Linux and bubblewrap
cannot run; `kind_of` says which confinement a run had (`bubblewrap`, `uid`, `none`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import stat
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import bwrap

if TYPE_CHECKING:
    from ..assignment import Assignment

Kind = Literal["bubblewrap", "uid", "none"]
KINDS: tuple[Kind, ...] = ("bubblewrap", "uid", "none")
"""How a run's worker was confined: in bubblewrap's namespaces; as a dedicated unprivileged
uid (root, no bubblewrap); not at all (the grader's own user)."""

_OTHERS = stat.S_IRWXO
_lock = threading.Lock()
_sealed: dict[Path, tuple[int, int]] = {}
"""Path -> (its mode before sealing, how many holders): what `release` gives back."""


def applies() -> bool:
    """Whether workers here run as their own uid without bubblewrap (root, Linux, forking)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    if os.environ.get("NNGRADE_SANDBOX_SPAWN") == "1":
        return False  # spawned workers keep the grader's user
    return bwrap.problem() is not None


def expected_kind() -> Kind:
    """The confinement a worker started now would get (before any started)."""
    if os.environ.get("NNGRADE_SANDBOX_SPAWN") == "1" or not hasattr(os, "fork"):
        return "none"
    if bwrap.problem() is None:
        return "bubblewrap"
    return "uid" if applies() else "none"


def kind_of(server: Any) -> Kind:
    """The confinement of a started fork server (or spawner): bubblewrap when it runs in
    bwrap, uid when its fork server switches workers to their own uid, else none."""
    if server is None:
        return expected_kind()
    if getattr(server, "confined", False):
        return "bubblewrap"
    ready = getattr(server, "ready", None) or {}
    return "uid" if ready.get("uid") is not None else "none"


def reachable_by_others(path: Path) -> bool:
    """Can a user who is neither the owner nor in the group reach `path` (traverse every
    folder above it) and read it (or, for a folder, list or enter it)?"""
    path = Path(os.path.realpath(path))
    for folder in reversed(path.parents):
        try:
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    wanted = stat.S_IROTH | stat.S_IXOTH if stat.S_ISDIR(mode) else stat.S_IROTH
    return bool(mode & wanted)


def seal(paths: Iterable[Path | str]) -> list[Path]:
    """Make each existing path unreachable by others (`chmod o-rwx`) where it is reachable;
    return those changed. Only where `applies()`; raises UsageError naming a path that cannot
    be sealed."""
    if not applies():
        return []
    from ..errors import UsageError

    held: list[Path] = []
    with _lock:
        for given in paths:
            path = Path(os.path.realpath(given))
            if path in _sealed:
                mode, holders = _sealed[path]
                _sealed[path] = (mode, holders + 1)
                held.append(path)
                continue
            if not path.exists() or not reachable_by_others(path):
                continue
            mode = stat.S_IMODE(os.stat(path).st_mode)
            with contextlib.suppress(OSError):
                os.chmod(path, mode & ~_OTHERS)
            if reachable_by_others(path):
                _release(held)
                raise UsageError(
                    f"{path}: students' code would run as a user who can read it (no "
                    "bubblewrap here), and nngrade could not make it readable by root only: "
                    f"`chmod o-rwx {path}`, or {bwrap.FIX}"
                )
            _sealed[path] = (mode, 1)
            held.append(path)
    return held


def release(paths: Iterable[Path]) -> None:
    """Let go of paths `seal` returned: the last holder gives each its mode back."""
    with _lock:
        _release(paths)


def _release(paths: Iterable[Path]) -> None:
    for path in paths:
        if path not in _sealed:
            continue
        mode, holders = _sealed[path]
        if holders > 1:
            _sealed[path] = (mode, holders - 1)
            continue
        del _sealed[path]
        with contextlib.suppress(OSError):
            os.chmod(path, mode)


@atexit.register
def _release_all() -> None:
    with _lock:
        _release(list(_sealed))


def assignment_secrets(assignment: Assignment, hidden_dirs: Iterable[Path] = ()) -> list[Path]:
    """The hidden tests and solutions nngrade can see from `assignment`: its own, its course
    folder's other assignments', nngrade's own assignments', and `hidden_dirs`."""
    from ..assignment import load_assignment

    found: list[Path] = list(hidden_dirs)
    folders = {assignment.path.resolve()}
    for course in {assignment.path.resolve().parent, _builtin_dir()}:
        if course is not None and course.is_dir():
            folders.update(p.parent.resolve() for p in course.glob("*/assignment.toml"))
    for folder in sorted(folders):
        try:
            a = assignment if folder == assignment.path.resolve() else load_assignment(folder)
        except Exception:  # noqa: BLE001 (a broken neighbour: seal what its name says)
            found += [folder / "hidden", *folder.glob("solution*")]
            continue
        found += [p for p in (a.hidden_dir, a.solution) if p is not None]
        found += folder.glob("solution*")
    return sorted({Path(os.path.realpath(p)) for p in found})


def seal_assignment(assignment: Assignment, hidden_dirs: Iterable[Path] = ()) -> list[Path]:
    """Seal the secrets of `assignment` (see `assignment_secrets`) where `applies()`."""
    if not applies():
        return []
    return seal(assignment_secrets(assignment, hidden_dirs))


def _builtin_dir() -> Path | None:
    try:
        import nngrade.assignments as builtin
    except ImportError:
        return None
    return Path(next(iter(builtin.__path__))).resolve()
