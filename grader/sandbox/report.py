"""What running a notebook produced (`RunReport`) and what one call produced (`Call`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..results import CellError, LimitHit, Note

CellStatus = Literal["ok", "error", "timeout", "crashed", "not run"]


@dataclass
class CellRun:
    """One code cell's run: how it ended, how long it took, and its captured output."""

    cell: int
    status: CellStatus
    duration: float = 0.0
    stdout: str = ""
    stderr: str = ""
    dropped: int = 0
    """Output bytes past the cap that were counted but not kept."""


@dataclass
class RunReport:
    """The notebook's run, cell by cell. Errors are `results.CellError`s, ready for `Results`."""

    cells: list[CellRun] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    """For the student, costing no points: a `!pip` line not run, cells not run, ... (as
    data: the report writes them in its language)."""
    duration: float = 0.0
    restarts: int = 0
    """Times the worker was started again during the run (after a hang or a crash)."""
    timed_out: bool = False
    """The notebook's whole time budget ran out (some cells were not run)."""
    limits: list[LimitHit] = field(default_factory=list)
    """The limits that applied while the cells ran (the calls' are `Sandbox.limit_hits`)."""

    def cell(self, index: int) -> CellRun | None:
        return next((c for c in self.cells if c.cell == index), None)

    def error_for(self, index: int) -> CellError | None:
        return next((e for e in self.errors if e.cell == index), None)


@dataclass
class Call:
    """The outcome of calling a student function: its value and what it did to its arguments."""

    value: Any
    mutated: tuple[int | str, ...] = ()
    """Arguments the call changed, checked by the grader: positions (0-based) and keyword names."""
    args_after: tuple[Any, ...] | None = None
    """The positional arguments after the call (only with `want_args=True`)."""
    kwargs_after: dict[str, Any] | None = None
    """The keyword arguments after the call (only with `want_args=True`)."""
    duration: float = 0.0
    """Seconds from request to answer, measured by the grader."""
    stdout: str = ""
    """What the call printed (capped)."""
    globals_after: dict[str, Any] = field(default_factory=dict)
    """With `bind_globals`: each bound global as the call left it (issue 13)."""
    loop: dict[str, int] | None = None
    """With `cap_loop`: {} when no epoch loop was found, else its `length` and how many it `ran`."""
    attributes: tuple[str, ...] = ()
    """With `returns`: the instance's attributes that stand for a method's value (issue 21)."""
