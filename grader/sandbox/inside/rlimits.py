"""The rlimits of a worker, set in the worker itself before any student code runs.

The grader's `Limits` (in `nngrade.sandbox.limits`) cross to the fork server as a dict in
each fork request; this turns that dict into rlimits and sets them (POSIX only).
"""

from __future__ import annotations

import sys
from typing import Any


def rlimits(lim: dict[str, Any], *, own_user: bool) -> dict[str, int]:
    """The rlimits for a worker, by `resource` constant name. NPROC only for a dedicated user,
    since it counts every process of the user (on a laptop, the student's whole desktop).

    `lim` is `Limits.to_dict()`, as the fork request carries it.
    """
    out = {
        "RLIMIT_AS": int(lim["memory_mb"]) * 2**20,
        "RLIMIT_CPU": int(lim["cpu_seconds"]),
        "RLIMIT_FSIZE": int(lim["max_file_mb"]) * 2**20,
        "RLIMIT_NOFILE": int(lim["max_open_files"]),
        "RLIMIT_CORE": 0,
    }
    if own_user:
        out["RLIMIT_NPROC"] = int(lim["max_processes"])
    return out


def apply_rlimits(spec: dict[str, int]) -> list[str]:
    """Set each rlimit (soft and hard) where the platform has it; return the ones that failed."""
    if sys.platform == "win32":
        return sorted(spec)
    import resource

    failed = []
    for name, value in spec.items():
        which = getattr(resource, name, None)
        if which is None:
            failed.append(name)
            continue
        soft, hard = value, value
        if name == "RLIMIT_CPU":
            hard = value + 5  # SIGXCPU at the soft limit names the cause; SIGKILL 5 s later
        try:
            _, current_hard = resource.getrlimit(which)
            if current_hard != resource.RLIM_INFINITY:
                soft, hard = min(soft, current_hard), min(hard, current_hard)
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            failed.append(name)
    return failed
