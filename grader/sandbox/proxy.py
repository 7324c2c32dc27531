"""`StudentProxy`: the `student` object that assignment tests call through.

`student.predict(x, W)` is `sandbox.call("predict", x, W).value`: it runs in the sandbox
and returns fresh, plain values. `student.call("predict", ...)` gives the whole `Call`
(value, mutated arguments, duration). A name the notebook does not define raises
`NotDefined` when called, with the cell that should have defined it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .report import Call
from .session import Sandbox


class CallRoute(Protocol):
    """How a template's call reaches the student's answer (`nngrade.answers.Answers`:
    aliases, the lecture's global style); the sandbox package does not import it."""

    def call(
        self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], **options: Any
    ) -> Call: ...


class StudentProxy:
    """Attribute access on the student's submission, calling through the sandbox.

    The proxy's own methods are `call`, `get`, `names`, `values` and `keras_model`; a student
    function with one of those names is reached with `student.call("call", ...)`.
    """

    __slots__ = ("_answers", "_sandbox")
    _sandbox: Sandbox
    _answers: CallRoute | None

    def __init__(self, sandbox: Sandbox, answers: CallRoute | None = None) -> None:
        object.__setattr__(self, "_sandbox", sandbox)
        # The grading core's adapter from the template's calls to the student's answers
        # (`nngrade.answers.Answers`: aliases, the lecture's global style); None: calls go as they are.
        object.__setattr__(self, "_answers", answers)

    def _call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
        if self._answers is not None:
            options = {k: kwargs.pop(k) for k in ("want_args", "timeout") if k in kwargs}
            return self._answers.call(name, args, kwargs, **options)
        return self._sandbox.call(name, *args, **kwargs)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("__"):
            raise AttributeError(name)  # keep copy, pickle and inspect from probing the sandbox

        def call_student(*args: Any, **kwargs: Any) -> Any:
            return self._call(name, args, kwargs).value

        call_student.__name__ = call_student.__qualname__ = name
        return call_student

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the student proxy is read-only")

    def __contains__(self, name: str) -> bool:
        return name in self._sandbox.names()

    def __repr__(self) -> str:
        return f"<student {self._sandbox.submission.path.name}>"

    def call(self, name: str, /, *args: Any, **kwargs: Any) -> Call:
        """The whole `Call` (value, mutated, args_after, duration); see `Sandbox.call`."""
        return self._call(name, args, dict(kwargs))

    def get(self, name: str) -> Any:
        """A variable's value, as plain data."""
        return self._sandbox.get(name)

    def names(self) -> dict[str, str]:
        """What the submission defines: name -> kind."""
        return self._sandbox.names()

    # issue 21: answers by value, what the lecture's top-level code leaves behind

    def values(self, name: str) -> dict[str, Any] | None:
        """The values declared to answer the template's `name` (`[values.NAME]`) when the
        submission does not define `name` itself and leaves them all; else None."""
        find = getattr(self._answers, "values", None)
        return find(name) if find is not None else None

    def keras_model(self, name: str, /, *args: Any) -> Path:
        """The `.keras` archive of `name(*args)`'s model, or of a declared global's model."""
        find = getattr(self._answers, "keras_model", None)
        return find(name, *args) if find is not None else self._sandbox.keras_model(name, *args)
