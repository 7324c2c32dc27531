"""What can go wrong when the grader asks the sandbox for something: one exception per case.

All are `SandboxFailure`s carrying `.name` (the student name involved, "" for none). Their
`str()` is a plain English sentence a student can act on; the grading core may format the
fields itself for another language.
"""

from __future__ import annotations

from ..results import CellError, Note


def _code(name: str) -> str:
    return f"`{name}`"


_SAID_WITH_AN = ("ndarray", "int", "float", "object", "None")


def _article(word: str) -> str:
    if word == "None":
        return "None"
    return ("an " if word[:1].lower() in "aeiou" or word in _SAID_WITH_AN else "a ") + word


class SandboxFailure(Exception):
    """Base class: the sandbox could not give the grader what it asked for."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class NotDefined(SandboxFailure):
    """The submission does not define `name` (after running all its cells)."""

    def __init__(
        self,
        name: str,
        *,
        cell: int | None = None,
        cell_error: CellError | None = None,
        cell_status: str | None = None,
        where: str = "your notebook",
    ) -> None:
        self.cell = cell
        """The cell that would define it (from the submission's source), if any."""
        self.cell_error = cell_error
        """That cell's error (a raise, a timeout or a crash), if it had one."""
        self.cell_status = cell_status
        self.where = where
        """ "your notebook" or "your module": the words the student's messages use."""
        message = f"{_code(name)} is not defined in {where}"
        unit = f"cell {cell}" if where != "your module" else f"the statement at line {cell}"
        if cell is not None and cell_error is not None and cell_error.ename in ("Timeout", "Crash"):
            message += f": {unit}, which defines it, did not finish ({cell_error.evalue})"
        elif cell is not None and cell_error is not None:
            message += f": {unit}, which defines it, raised {cell_error.ename}: {cell_error.evalue}"
        elif cell is not None and cell_status == "not run":
            message += f": {unit}, which defines it, was not run"
        elif cell is not None:
            message += f" ({unit} assigns it only on a path that did not run)"
        super().__init__(name, message)


class NotCallable(SandboxFailure):
    """`name` is defined but holds something that cannot be called."""

    def __init__(self, name: str, kind: str, *, where: str = "your notebook") -> None:
        self.kind = kind
        self.where = where
        super().__init__(
            name, f"{_code(name)} is {_article(kind)}, not a function, so it cannot be called"
        )


class StudentError(SandboxFailure):
    """The student's code raised an exception."""

    def __init__(self, name: str, ename: str, evalue: str, traceback: list[str]) -> None:
        self.ename = ename
        self.evalue = evalue
        self.traceback = traceback
        """Only the student's own frames, as text lines."""
        shown = f"{ename}: {evalue}" if evalue else ename
        super().__init__(name, f"{_code(name)} raised {shown}")


class StudentTimeout(SandboxFailure):
    """The student's code did not finish within its time limit; the worker was restarted."""

    def __init__(
        self, name: str, seconds: float, *, earlier: bool = False, test_wall: bool = False
    ) -> None:
        self.seconds = seconds
        self.earlier = earlier
        self.test_wall = test_wall
        """True when the test's own wall bound had run out (`Limits.test_wall_seconds`)."""
        """True when the call was not made: the function already timed out in this run."""
        what = "timed out earlier, so it was not run again" if earlier else "was stopped"
        super().__init__(name, f"{_code(name)} did not finish within {seconds:g} s and {what}")


class WorkerCrashed(SandboxFailure):
    """The worker process died (or could not be restarted)."""

    def __init__(self, name: str, why: Note) -> None:
        self.note = why
        """Why, as data: a `worker_died.*` key and its fields (`Results.trouble` reads it)."""
        self.reason = why.in_language("en")
        """The same in English."""
        during = f" while running {_code(name)}" if name else ""
        super().__init__(name, f"the process running your code stopped{during}: {self.reason}")


class Refused(SandboxFailure):
    """A value that cannot cross the boundary (a type other than data, or too big)."""

    def __init__(
        self, name: str, why: str, *, verb: str = "returned", said: Note | None = None
    ) -> None:
        self.why = why
        """Why, in English."""
        self.note = said if said is not None else Note.verbatim(why)
        """Why, as a `refused.*` catalog key and fields, for a report in any language."""
        super().__init__(name, f"{_code(name)} {verb} {why}")
