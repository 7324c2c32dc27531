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
The modes are given back when the last grader that sealed a path lets it go (`release`, and at
exit), counted across nngrade processes in a root-only registry (`/run/nngrade-sealed`): a
checkout whose tests another user runs later stays usable, and a second nngrade grading the
same files meanwhile keeps them sealed. A process that is killed leaves its paths sealed
until the next nngrade lets go of them. Nothing here runs unless nngrade is root on Linux and bubblewrap
cannot run; `kind_of` says which confinement a run had (`bubblewrap`, `uid`, `none`).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .. import settings
from . import bwrap

if TYPE_CHECKING:
    from ..assignment import Assignment

Kind = Literal["bubblewrap", "uid", "none"]
KINDS: tuple[Kind, ...] = ("bubblewrap", "uid", "none")
"""How a run's worker was confined: in bubblewrap's namespaces; as a dedicated unprivileged
uid (root, no bubblewrap); not at all (the grader's own user)."""

_OTHERS = stat.S_IRWXO
_lock = threading.Lock()
_sealed: dict[Path, int] = {}
"""Path -> how many graders of this process hold it sealed (the registry holds its mode)."""


def applies() -> bool:
    """Whether workers here run as their own uid without bubblewrap (root, Linux, forking)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    if settings.SANDBOX_SPAWN.get():
        return False  # spawned workers keep the grader's user
    return bwrap.problem() is not None


def expected_kind() -> Kind:
    """The confinement a worker started now would get (before any started)."""
    if settings.SANDBOX_SPAWN.get() or not hasattr(os, "fork"):
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
    """Make each existing path unreachable by others (`chmod o-rwx`) where it is reachable,
    or hold it where another grader (of this process or another) sealed it; return the paths
    held, for `release`. Only where `applies()`; raises UsageError naming a path that cannot
    be sealed."""
    if not applies():
        return []
    from ..errors import UsageError
    from ..results import Note

    held: list[Path] = []
    with _lock, _Registry() as registry:
        for given in paths:
            path = Path(os.path.realpath(given))
            if path in _sealed:
                _sealed[path] += 1
                held.append(path)
                continue
            if registry.sealed(path):
                with contextlib.suppress(OSError):  # sealed by another nngrade: keep it so
                    os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~_OTHERS)
            elif not path.exists() or not reachable_by_others(path):
                continue
            else:
                mode = stat.S_IMODE(os.stat(path).st_mode)
                with contextlib.suppress(OSError):
                    os.chmod(path, mode & ~_OTHERS)
                if reachable_by_others(path):
                    _release(held, registry)
                    raise UsageError(
                        "uid_error.readable_by_others", path=path, fix=Note("confinement.fix")
                    )
                registry.record(path, mode)
            registry.hold(path)
            _sealed[path] = 1
            held.append(path)
    return held


def release(paths: Iterable[Path]) -> None:
    """Let go of paths `seal` returned: the last holder of all nngrade processes gives each
    its mode back."""
    if not paths:
        return
    with _lock, _Registry() as registry:
        _release(paths, registry)


def _release(paths: Iterable[Path], registry: _Registry) -> None:
    for path in paths:
        if path not in _sealed:
            continue
        _sealed[path] -= 1
        if _sealed[path] == 0:
            del _sealed[path]
            registry.let_go(path)


@atexit.register
def _release_all() -> None:
    if _sealed:
        release(list(_sealed))


class _Registry:
    """Who holds which sealed path, shared by every nngrade process run as root on this
    machine: a root-only folder with, per path, `<key>.mode` (its mode before sealing, and
    the path) and one `<key>.<pid>` per process holding it, under an exclusive lock. A
    process that died without letting go (killed) is dropped by the next one that lets go."""

    def __init__(self) -> None:
        root = Path("/run") if os.access("/run", os.W_OK) else Path(tempfile.gettempdir())
        self.dir = root / "nngrade-sealed"
        self.pid = os.getpid()

    def __enter__(self) -> _Registry:
        import fcntl

        self.dir.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(self.dir)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o077:
            from ..errors import UsageError

            raise UsageError("uid_error.registry_not_root", path=self.dir)
        self._lock = open(self.dir / ".lock", "a")  # noqa: SIM115 (closed in __exit__)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.close()  # releases the lock

    def _key(self, path: Path) -> str:
        return hashlib.sha256(str(path).encode()).hexdigest()[:32]

    def sealed(self, path: Path) -> bool:
        return (self.dir / f"{self._key(path)}.mode").exists()

    def record(self, path: Path, mode: int) -> None:
        (self.dir / f"{self._key(path)}.mode").write_text(f"{mode:o} {path}\n", encoding="utf-8")

    def hold(self, path: Path) -> None:
        (self.dir / f"{self._key(path)}.{self.pid}").touch()

    def let_go(self, path: Path) -> None:
        key = self._key(path)
        (self.dir / f"{key}.{self.pid}").unlink(missing_ok=True)
        for holder in self.dir.glob(f"{key}.*"):
            suffix = holder.suffix[1:]
            if not suffix.isdigit():
                continue
            if _alive(int(suffix)):
                return  # another nngrade still grades with it sealed
            holder.unlink(missing_ok=True)
        record = self.dir / f"{key}.mode"
        try:
            mode = int(record.read_text(encoding="utf-8").split()[0], 8)
        except (OSError, ValueError, IndexError):
            return
        with contextlib.suppress(OSError):
            os.chmod(path, mode)
        record.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
