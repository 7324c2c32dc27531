"""Errors a user sees as one line, never as a traceback.

An error nngrade raises carries its words as data: `NngradeError(key, **fields)` with a key of
the one catalog (`nngrade.messages.CATALOG`) and its fields; `str()` is the line in English (for
logs and the existing callers) and `in_language(lang)` the same line in the user's language.
A sentence that is not a key is kept as it is (`verbatim`). The CLI catches `NngradeError`,
prints `nngrade: <line>` and exits with code 2.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .results import Note


class NngradeError(Exception):
    """An error with a message meant for the person at the terminal: `NngradeError(key,
    **fields)`, or `NngradeError(words)` for words written elsewhere."""

    def __init__(self, key: str = "", /, **fields: Any) -> None:
        from .messages import CATALOG

        if key in CATALOG:
            self.key, self.fields = key, fields
        else:
            self.key, self.fields = "verbatim", {"text": key}
        super().__init__(self.in_language("en"))

    @property
    def note(self) -> Any:
        """The error as a `nngrade.results.Note`, to be a field of another line."""
        from .results import Note

        return Note(self.key, self.fields)

    def in_language(self, lang: str | None) -> str:
        """The error's line in `lang` (English for a language nngrade does not speak)."""
        from .messages import say

        return say(self.key, lang, **self.fields)


class UsageError(NngradeError):
    """The command line asks for something that cannot be done (unknown assignment, ...)."""


class SubmissionError(NngradeError):
    """A submission file cannot be read: `SubmissionError(path, "submission_problem.<key>",
    **fields)` names the file and what is wrong with it (`problem`, in English)."""

    def __init__(self, path: object, problem: str, /, **fields: Any) -> None:
        from .messages import CATALOG
        from .results import Note

        self.path = str(path)
        if problem not in CATALOG:  # words written elsewhere (a solution being checked)
            problem, fields = "verbatim", {"text": problem}
        self.said = Note(problem, fields)
        """What is wrong, as data (a `submission_problem.*` key and its fields)."""
        self.problem = self.said.in_language("en")
        super().__init__("submission_error", path=self.path, problem=self.said)

    def problem_in(self, lang: str | None) -> str:
        """What is wrong with the file, without its path, in `lang`."""
        from .messages import say

        return say(self.said.key, lang, **self.said.fields)


def os_reason(exc: BaseException) -> Note:
    """Why an operation on a file failed, as a `nngrade.results.Note`: `os_error.<ENAME>` for
    the errors a file system gives (permission denied, no space left, ...), so that the line
    is in the user's language; else the exception's own words (`verbatim`)."""
    from .messages import CATALOG
    from .results import Note

    code = getattr(exc, "errno", None)
    key = f"os_error.{errno.errorcode.get(code, '')}" if isinstance(code, int) else ""
    if key in CATALOG:
        return Note(key)
    return Note.verbatim(str(getattr(exc, "strerror", None) or exc))
