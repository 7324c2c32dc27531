"""Errors a user sees as one line, never as a traceback.

The CLI catches `NngradeError`, prints `nngrade: <message>` and exits with code 2.
"""

from __future__ import annotations


class NngradeError(Exception):
    """An error with a message meant for the person at the terminal."""


class UsageError(NngradeError):
    """The command line asks for something that cannot be done (unknown assignment, ...)."""


class SubmissionError(NngradeError):
    """A submission file cannot be read: the message names the file and what is wrong."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
