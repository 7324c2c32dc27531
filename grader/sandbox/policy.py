"""Where student code may run unconfined, and who must say so.

Confinement (bubblewrap, see `bwrap`) is what keeps a submission away from the grader, the
class and the machine. Where it cannot be had (no bwrap, macOS, Windows, a kernel or AppArmor
that forbids unprivileged user namespaces), a student checking their own work loses nothing
to themselves, so `nngrade submit` grades with a one-line warning. Grading other people's
code (`nngrade grade`, each Dask worker, the GitHub Classroom step) is refused unless the
instructor passes `--allow-unconfined` (or sets NNGRADE_ALLOW_UNCONFINED=1), accepting that a
submission then runs as them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .. import settings
from ..errors import UsageError
from . import bwrap

if TYPE_CHECKING:
    from ..results import Note

ALLOW_FLAG = "--allow-unconfined"
ALLOW_VAR = settings.ALLOW_UNCONFINED.name
"""Set to 1: the same as passing `--allow-unconfined` (on a Dask worker, for that worker)."""


def problem() -> str | None:
    """Why submissions cannot be confined here, in a few words; None when they can."""
    if settings.SANDBOX_SPAWN.get() or not (hasattr(os, "fork") and os.name == "posix"):
        reason = bwrap.problem()
        if reason is None:
            return "workers are spawned one by one here, without bubblewrap"
        return reason
    return bwrap.problem()


def self_check_warning() -> tuple[str, str] | None:
    """What a student's own check says where bubblewrap cannot confine the code: (catalog key,
    problem), or None. Root there still runs each worker as a uid of its own (`uidjail`)."""
    reason = problem()
    if reason is None:
        return None
    from . import uidjail

    return ("uid_confined_warning" if uidjail.applies() else "unconfined_warning"), reason


def require(what: str, *, allow_unconfined: bool) -> str | None:
    """Refuse to grade others' code unconfined (UsageError naming the fix), unless allowed.

    Returns the problem when the instructor allowed running unconfined (to warn about), else None.
    """
    reason = problem()
    if reason is None:
        return None
    if allow_unconfined or settings.ALLOW_UNCONFINED.get():
        return reason
    raise UsageError("confinement.refused", what=what, problem=reason, fix=fix_note())


def fix_note() -> Note:
    """How to confine students' code here, as a catalog key (`bwrap.FIX` in every language)."""
    from ..results import Note

    return Note("confinement.fix")
