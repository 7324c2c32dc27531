"""What `nngrade` exits with: one `ExitCode` for every way a command can end.

A script or a CI step tells the cases apart by the code alone (the Classroom workflow passes
a result on for 0 and 1 only; the Gradescope script writes its own result for anything
else). An internal error (a bug in nngrade) is apart from a usage error, as pytest keeps
its internal error (3) apart from its usage error (4): the person who typed the command can
fix a usage error, and should report an internal one.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The exit status of an `nngrade` command."""

    OK = 0
    """Done: graded (whatever the score), written, listed."""
    BELOW_FAIL_UNDER = 1
    """`nngrade submit --fail-under N`: graded, and the score is below N."""
    USAGE = 2
    """A usage error or input that cannot be read: one line on the standard error."""
    INTERNAL = 3
    """An error in nngrade itself: one line, the traceback written to a file it names."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (128 + SIGINT, as a shell reports it); what was graded is kept."""
