"""nngrade's pytest plugin: fixtures for assignment tests, and outcomes recorded per test.

One `GradingPlugin` object serves a `TestHarness`, one submission at a time. It gives the
tests their fixtures (`student`, `ref`, `rng`, `run`, `assignment`, and `keras_model` for Keras
assignments), reads each test's `@task` marker, and turns what each test raised into an outcome
and a message for the student:

    GradingFailure, NotDefined, NotCallable, Refused  -> failed
    StudentError (the student's code raised)           -> error  (NotImplementedError: failed)
    StudentTimeout                                     -> timeout
    WorkerCrashed                                      -> crashed
    anything else (a bug in the test itself)           -> error, said to be the test's fault
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from . import sandbox as sb
from .assignment import Assignment, points_problems
from .checks import GradingFailure
from .messages import say
from .results import TestResult
from .testing import MARKER


@dataclass
class CollectProblem:
    where: str
    text: str


@dataclass(eq=False)  # pytest keeps plugins in sets: identity hashing
class GradingPlugin:
    assignment: Assignment
    hidden_dirs: tuple[Path, ...] = ()
    problems: list[CollectProblem] = field(default_factory=list)
    """What stops the tests from running at all: collection errors, bad markers."""
    sandbox: Any = None
    """The started `nngrade.sandbox.Sandbox` of the submission being graded."""
    seed: int = 0
    records: dict[str, TestResult] = field(default_factory=dict)
    own_points: dict[str, float] = field(default_factory=dict)
    """Task -> the points of its collected tests in the assignment's own `tests/` and `hidden/`."""
    extra_points: dict[str, float] = field(default_factory=dict)
    """Task -> the points of its collected tests in `--tests` folders (they add to the task)."""
    _proxy: Any = None

    def begin(self, sandbox: Any, seed: int) -> None:
        """Grade this submission next: its sandbox and the run's seed; no records yet."""
        self.sandbox, self.seed, self.records, self._proxy = sandbox, seed, {}, None

    def end(self) -> dict[str, TestResult]:
        """The records of the submission just graded; the plugin lets go of its sandbox."""
        records, self.records, self.sandbox, self._proxy = self.records, {}, None, None
        return records

    # -- fixtures ---------------------------------------------------------------------------

    @pytest.fixture(scope="session")
    def run(self) -> Any:
        return self.sandbox.run_report()

    @pytest.fixture(scope="session")
    def student(self, run: Any) -> Any:
        if self._proxy is None:
            self._proxy = sb.StudentProxy(self.sandbox)
        return self._proxy

    @pytest.fixture(scope="session")
    def ref(self) -> Any:
        import nngrade.reference

        return nngrade.reference

    @pytest.fixture
    def rng(self, request: pytest.FixtureRequest) -> np.random.Generator:
        # Independent of test order: the run's seed plus a stable hash of the test's id.
        return np.random.default_rng([self.seed, zlib.crc32(self._test_id(request.node).encode())])

    @pytest.fixture(scope="session")
    def keras_model(self, run: Any) -> Any:
        """`keras_model("build_model", *args)`: call the student's function in the sandbox and
        get the path of the `.keras` archive its model was saved to. Only the archive crosses;
        load it in the grader with `nngrade.models.load_student_model`."""
        return self.sandbox.keras_model

    @pytest.fixture(scope="session", name="assignment")
    def assignment_fixture(self) -> Assignment:
        return self.assignment

    # -- hooks ------------------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}(task, points): the task a test counts for")

    def pytest_internalerror(self, excrepr: Any) -> bool:
        self.problems.append(CollectProblem("pytest", str(excrepr).strip().splitlines()[-1]))
        return True  # said in the results, not as a traceback on the terminal

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.problems.append(CollectProblem(report.nodeid, _one_line(str(report.longrepr))))

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        own: dict[str, float] = {}
        extra: dict[str, float] = {}
        for item in items:
            marker = item.get_closest_marker(MARKER)
            if marker is None:
                self.problems.append(CollectProblem(item.nodeid, "test has no @task(...) marker"))
            elif self.assignment.task(marker.kwargs.get("task", "")) is None:
                known = ", ".join(t.name for t in self.assignment.tasks)
                self.problems.append(
                    CollectProblem(
                        item.nodeid,
                        f"task '{marker.kwargs.get('task')}' is not in assignment.toml "
                        f"(its tasks: {known})",
                    )
                )
            else:
                points = extra if self._is_extra(item) else own
                name = str(marker.kwargs["task"])
                points[name] = points.get(name, 0.0) + float(marker.kwargs.get("points", 0.0))
        self.own_points, self.extra_points = own, extra
        ids: dict[str, str] = {}
        for item in items:  # results are keyed by `file.py::test`: two alike would be one
            if (first := ids.setdefault(self._test_id(item), item.nodeid)) != item.nodeid:
                self.problems.append(
                    CollectProblem(item.nodeid, f"has the same file and test name as {first}")
                )
        where = str(self.assignment.path / "assignment.toml")
        self.problems.extend(
            CollectProblem(where, text) for text in points_problems(self.assignment, own)
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> pytest.TestReport:
        """pytest's report, without the traceback pytest would format for a failure (several
        ms each, and never shown): the student's message is the plugin's."""
        excinfo = call.excinfo
        longrepr: Any = None
        if excinfo is None:
            outcome = "passed"
        elif isinstance(excinfo.value, pytest.skip.Exception):
            outcome = "skipped"
            longrepr = (str(item.path), item.location[1], str(excinfo.value))
        else:
            outcome = "failed"
            longrepr = f"{excinfo.typename}: {excinfo.value}"
        report = pytest.TestReport(
            item.nodeid,
            item.location,
            dict.fromkeys(item.keywords, 1),
            outcome,  # type: ignore[arg-type]
            longrepr,
            call.when,  # type: ignore[arg-type]
            duration=call.duration,
            start=call.start,
            stop=call.stop,
            user_properties=item.user_properties,
        )
        if call.when == "call" or (call.when == "setup" and report.failed):
            self._record(item, call, report)
        return report

    # -- recording --------------------------------------------------------------------------

    def _test_id(self, item: pytest.Item) -> str:
        return f"{Path(str(item.path)).name}::{item.name}"

    def _is_extra(self, item: pytest.Item) -> bool:
        """A test from an instructor's `--tests` folder."""
        path = Path(str(item.path)).resolve()
        return any(path.is_relative_to(d) for d in self.hidden_dirs)

    def _is_hidden(self, item: pytest.Item) -> bool:
        """A test from the assignment's `hidden/` or a `--tests` folder: its details are never shown."""
        hidden = self.assignment.hidden_dir
        path = Path(str(item.path)).resolve()
        return self._is_extra(item) or (
            hidden is not None and path.is_relative_to(hidden.resolve())
        )

    def _record(self, item: pytest.Item, call: pytest.CallInfo[None], report: Any) -> None:
        marker = item.get_closest_marker(MARKER)
        if marker is None:
            return
        if report.passed:
            outcome, message = "passed", ""
        elif report.skipped:
            outcome, message = "failed", "skipped"
        else:
            exc = call.excinfo.value if call.excinfo is not None else None
            try:
                outcome, message = outcome_of(exc)
            except Exception as bug:  # never let a message bug stop the grading run
                outcome, message = "error", f"{type(exc).__name__}: {exc} ({bug!r})"
        hidden = self._is_hidden(item)
        test_id = self._test_id(item)
        self.records[test_id] = TestResult(
            id=test_id,
            name=item.name,
            task=str(marker.kwargs["task"]),
            points=float(marker.kwargs.get("points", 0.0)),
            outcome=outcome,
            message="" if hidden else message,
            duration=round(float(report.duration), 6),
            hidden=hidden,
        )


def _one_line(longrepr: str) -> str:
    """pytest's account of a test file that failed to load, as one line: the error and where."""
    lines = [line.strip() for line in longrepr.strip().splitlines() if line.strip()]
    errors = [line[1:].strip() for line in lines if line.startswith("E ")]
    places = [
        *(line.split(": in ")[0] for line in lines if ": in " in line and line[0] != "<"),
        *(f"{Path(f).name}:{n}" for f, n in re.findall(r'File "([^"<]+)", line (\d+)', longrepr)),
    ]
    text = errors[-1] if errors else (lines[-1] if lines else "it failed to load")
    return f"{text} (at {Path(places[-1]).name})" if places else text


def _call_text(exc: Any) -> str:
    name = getattr(exc, "name", None) or "your code"
    return f"`{name}(...)`" if name != "your code" else name


def _error_text(ename: str, evalue: str) -> str:
    text = f"{ename}: {evalue}" if evalue else ename
    if "numpy" in evalue and "has no attribute 'int'" in evalue:
        text += say("hint_np_int")
    return text


def outcome_of(exc: BaseException | None) -> tuple[str, str]:
    """The outcome and the student's message for what a test raised."""
    if isinstance(exc, GradingFailure):
        return "failed", str(exc)
    if isinstance(exc, sb.NotDefined):
        cell_error = getattr(exc, "cell_error", None)
        cell = getattr(exc, "cell", None)
        if cell is not None and cell_error is not None:
            error = _error_text(cell_error.ename, cell_error.evalue)
            return "failed", say("not_defined_cell_error", name=exc.name, cell=cell, error=error)
        return "failed", say("not_defined", name=exc.name)
    if isinstance(exc, sb.NotCallable):
        return "failed", say("not_callable", name=exc.name, kind=getattr(exc, "kind", "?"))
    if isinstance(exc, sb.StudentError):
        if exc.ename == "NotImplementedError":
            return "failed", say("not_implemented", name=exc.name)
        message = say("raised", call=_call_text(exc), error=_error_text(exc.ename, exc.evalue))
        lines = [line.rstrip() for line in getattr(exc, "traceback", []) or []]
        if lines and lines[-1] == f"{exc.ename}: {exc.evalue}".rstrip():
            lines.pop()  # the message above already says it
        if lines:
            message += "\n" + "\n".join(lines[-6:])
        return "error", message
    if isinstance(exc, sb.StudentTimeout):
        key = "timeout_earlier" if getattr(exc, "earlier", False) else "timeout"
        return "timeout", say(key, call=_call_text(exc), seconds=exc.seconds)
    if isinstance(exc, sb.WorkerCrashed):
        return "crashed", say("crashed", call=_call_text(exc), reason=exc.reason)
    if isinstance(exc, sb.Refused):
        return "failed", say("refused", call=_call_text(exc), reason=exc.why)
    error = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown"
    return "error", say("test_broken", error=error)
