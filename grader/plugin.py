"""nngrade's pytest plugin: fixtures for assignment tests, and outcomes recorded per test.

One `GradingPlugin` object serves a `TestHarness`, one submission at a time. It registers the
tests' fixtures (`student`, `ref`, `rng`, `run`, `assignment`, and `keras_model` for Keras
assignments: functions in `fixtures.py`, which `fixtures.serve` points at the plugin), reads each
test's `@task` marker, and turns what each test raised into an outcome and a message for the
student:

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
from typing import Literal

import numpy as np
import pytest

from . import sandbox as sb
from .answers import Answers, dependency_notes
from .assignment import Assignment, points_problems
from .checks import GradingFailure
from .results import Note, Outcome, TestResult
from .testing import MARKER


@dataclass
class CollectProblem:
    where: str
    text: str | Note
    """What is wrong: a catalog key and its fields, or pytest's own words."""


@dataclass(eq=False)  # pytest keeps plugins in sets: identity hashing
class GradingPlugin:
    """The grading state of one pytest session: the assignment, the submission being graded,
    and the record of each of its tests (see the module's docstring)."""

    assignment: Assignment
    hidden_dirs: tuple[Path, ...] = ()
    problems: list[CollectProblem] = field(default_factory=list)
    """What stops the tests from running at all: collection errors, bad markers."""
    sandbox: sb.Sandbox | None = None
    """The started sandbox of the submission being graded."""
    seed: int = 0
    records: dict[str, TestResult] = field(default_factory=dict)
    own_points: dict[str, float] = field(default_factory=dict)
    """Task -> the points of its collected tests in the assignment's own `tests/` and `hidden/`."""
    extra_points: dict[str, float] = field(default_factory=dict)
    """Task -> the points of its collected tests in `--tests` folders (they add to the task)."""
    _proxy: sb.StudentProxy | None = None
    _answers: Answers | None = None
    _called: dict[str, list[str]] = field(default_factory=dict)
    """Test id -> the student functions it called (for naming a failed dependency)."""
    _served: dict[str, list[str]] = field(default_factory=dict)
    """Test id -> the student functions replaced by trusted ones for the test to pass."""
    _still_failed: dict[str, list[str]] = field(default_factory=dict)
    """Test id -> the functions replaced by trusted ones, with which the test failed all the same."""
    _places: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    """A test file's path -> (in a `--tests` folder, in `hidden/`), for the session."""
    _item: pytest.Item | None = None
    """The test being run (for the `rng` fixture)."""

    def begin(self, sandbox: sb.Sandbox, seed: int) -> None:
        """Grade this submission next: its sandbox and the run's seed; no records yet."""
        self.sandbox, self.seed, self.records, self._proxy = sandbox, seed, {}, None
        self._answers, self._called, self._served, self._still_failed = None, {}, {}, {}

    def end(self) -> dict[str, TestResult]:
        """The records of the submission just graded; the plugin lets go of its sandbox."""
        self._name_failed_dependencies()
        records, self.records, self.sandbox, self._proxy = self.records, {}, None, None
        self._answers, self._called, self._served, self._still_failed = None, {}, {}, {}
        return records

    def _name_failed_dependencies(self) -> None:
        """One bug costs one task, said: a failed test whose function calls another task's
        function that failed its own tests names that function (issue 13)."""
        if self._answers is None:
            return
        failed = {i for i, r in self.records.items() if r.outcome != "passed"}
        try:
            notes = dependency_notes(self._called, failed, self._answers)
        except Exception:  # a note is a courtesy: never let it stop the grading run
            return
        owners = self._answers.owners()
        for test_id, served in self._still_failed.items():
            named = ", ".join(f"`{n}` ({owners.get(n, '?')})" for n in served)
            notes[test_id] = Note.of("answers_served_still_failed", names=named)
        for test_id, note in notes.items():
            record = self.records[test_id]
            if not record.hidden:
                record.said = then(record.said, note)
                record.message = f"{record.message} {note}".strip()
        for test_id, served in self._served.items():
            passed = self.records.get(test_id)
            if passed is not None and passed.outcome == "passed" and not passed.hidden:
                named = ", ".join(f"`{n}` ({owners.get(n, '?')})" for n in served)
                passed.said = Note.of("answers_served", names=named)
                passed.message = str(passed.said)

    # -- what the fixtures (fixtures.py) read ------------------------------------------------

    @property
    def current_sandbox(self) -> sb.Sandbox:
        """The sandbox of the submission being graded."""
        if self.sandbox is None:
            raise RuntimeError("no submission is being graded")
        return self.sandbox

    def student_proxy(self) -> sb.StudentProxy:
        """The `student` of this submission's tests, made once per submission."""
        if self._proxy is None:
            self._answers = Answers(self.assignment, self.current_sandbox)
            self._proxy = sb.StudentProxy(self.current_sandbox, self._answers)
        return self._proxy

    def rng_for(self, item: pytest.Item) -> np.random.Generator:
        """The test's random generator. Independent of test order: the run's seed plus a
        stable hash of the test's id."""
        return np.random.default_rng([self.seed, zlib.crc32(self._test_id(item).encode())])

    def current_rng(self) -> np.random.Generator:
        """The random generator of the test being run."""
        if self._item is None:
            raise RuntimeError("no test is being run")
        return self.rng_for(self._item)

    # -- hooks ------------------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}(task, points): the task a test counts for")
        # The fixtures are functions of a module of their own (pytest 10 refuses fixtures that
        # are methods of a plugin object); they read this plugin on the session's thread.
        from . import fixtures

        fixtures.serve(self)
        if not config.pluginmanager.is_registered(fixtures):
            config.pluginmanager.register(fixtures, "nngrade-fixtures")

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        from . import fixtures

        fixtures.unserve(self)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> None:
        self._item = item  # then pytest's own protocol runs it

    def pytest_internalerror(self, excrepr: object) -> bool:
        self.problems.append(CollectProblem("pytest", str(excrepr).strip().splitlines()[-1]))
        return True  # said in the results, not as a traceback on the terminal

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.problems.append(CollectProblem(report.nodeid, _one_line(str(report.longrepr))))

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        # Tasks in the order of assignment.toml (basics first), so that a function's own tests
        # have run before a test of a task that calls it (one bug costs one task, issue 13).
        order = {t.name: i for i, t in enumerate(self.assignment.tasks)}

        def task_index(item: pytest.Item) -> int:
            marker = item.get_closest_marker(MARKER)
            return order.get(marker.kwargs.get("task", "") if marker else "", len(order))

        items.sort(key=task_index)
        own: dict[str, float] = {}
        extra: dict[str, float] = {}
        for item in items:
            marker = item.get_closest_marker(MARKER)
            if marker is None:
                self.problems.append(CollectProblem(item.nodeid, Note("harness.no_task_marker")))
            elif self.assignment.task(marker.kwargs.get("task", "")) is None:
                known = ", ".join(t.name for t in self.assignment.tasks)
                self.problems.append(
                    CollectProblem(
                        item.nodeid,
                        Note(
                            "harness.unknown_task",
                            {"task": marker.kwargs.get("task"), "known": known},
                        ),
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
                    CollectProblem(item.nodeid, Note("harness.same_test_id", {"first": first}))
                )
        where = str(self.assignment.path / "assignment.toml")
        self.problems.extend(
            CollectProblem(where, text) for text in points_problems(self.assignment, own)
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool | None:
        """Run the test; when it fails and the student functions it called depend on another
        task's functions, run it once more with the grader's trusted versions of those served
        in their place (issue 13: one bug costs one task). Passing then gives the points, with
        a note that names the dependency; failing again keeps the first failure."""
        answers = self._answers
        funcargs = {a: pyfuncitem.funcargs[a] for a in pyfuncitem._fixtureinfo.argnames}
        try:
            pyfuncitem.obj(**funcargs)
            return True
        except (GradingFailure, sb.StudentError, sb.Refused) as failure:
            marker = pyfuncitem.get_closest_marker(MARKER)
            if answers is None or marker is None:
                raise
            try:
                trusted = answers.trustworthy(str(marker.kwargs.get("task", "")))
            except Exception:  # a bug of ours must not turn the student's failure into another
                trusted = {}
            if not trusted:
                raise
            first = (failure, list(answers.calls), list(answers.notes))
        if "rng" in funcargs:  # the same random inputs as the first run
            funcargs["rng"] = self.rng_for(pyfuncitem)
        answers.start_test()
        answers.trusted = trusted
        try:
            pyfuncitem.obj(**funcargs)
        except Exception as again:
            if isinstance(again, sb.StudentTimeout):  # the served calls were too slow: not theirs
                for name in answers.calls:
                    self.current_sandbox.forget_timeout(name)
            elif not (isinstance(again, sb.StudentError) and again.ename == SERVING_SPENT):
                self._still_failed[self._test_id(pyfuncitem)] = list(trusted)
            answers.calls, answers.notes = first[1], first[2]
            raise first[0] from None
        finally:
            answers.trusted = {}
        answers.calls = first[1]
        self._served[self._test_id(pyfuncitem)] = list(trusted)
        return True

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if self._answers is not None:
            self._answers.start_test()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> pytest.TestReport:
        """pytest's report, without the traceback pytest would format for a failure (several
        ms each, and never shown): the student's message is the plugin's."""
        excinfo = call.excinfo
        outcome: Literal["passed", "failed", "skipped"]
        longrepr: tuple[str, int, str] | str | None = None
        if excinfo is None:
            outcome = "passed"
        elif isinstance(excinfo.value, pytest.skip.Exception):
            outcome = "skipped"
            longrepr = (str(item.path), item.location[1] or 0, str(excinfo.value))
        else:
            outcome = "failed"
            longrepr = f"{excinfo.typename}: {excinfo.value}"
        when = call.when
        assert when != "collect"  # a test item's call: setup, call or teardown
        report = pytest.TestReport(
            item.nodeid,
            item.location,
            dict.fromkeys(item.keywords, 1),
            outcome,
            longrepr,
            when,
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
        return f"{item.path.name}::{item.name}"

    def _is_extra(self, item: pytest.Item) -> bool:
        """A test from an instructor's `--tests` folder."""
        return self._where(item)[0]

    def _is_hidden(self, item: pytest.Item) -> bool:
        """A test from the assignment's `hidden/` or a `--tests` folder: its details are never shown."""
        extra, hidden = self._where(item)
        return extra or hidden

    def _where(self, item: pytest.Item) -> tuple[bool, bool]:
        """Whether a test's file is in a `--tests` folder, and whether in the assignment's
        `hidden/`: found once per file for the session (resolving paths costs a few ms per
        submission, issue 23), since the collected files stay where they are."""
        key = str(item.path)
        if key not in self._places:
            path = Path(key).resolve()
            hidden = self.assignment.hidden_dir
            self._places[key] = (
                any(path.is_relative_to(d) for d in self.hidden_dirs),
                hidden is not None and path.is_relative_to(hidden.resolve()),
            )
        return self._places[key]

    def _record(
        self, item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> None:
        marker = item.get_closest_marker(MARKER)
        if marker is None:
            return
        outcome: Outcome
        said: Note | None
        if report.passed:
            outcome, said = "passed", None
        elif report.skipped:
            outcome, said = "failed", Note.verbatim("skipped")
        else:
            exc = call.excinfo.value if call.excinfo is not None else None
            try:
                outcome, said = said_of(exc)
            except Exception as bug:  # never let a message bug stop the grading run
                said = Note.verbatim(f"{type(exc).__name__}: {exc} ({bug!r})")
                outcome = "error"
        hidden = self._is_hidden(item)
        test_id = self._test_id(item)
        if self._answers is not None:
            self._called[test_id] = list(self._answers.calls)
            if outcome != "passed":
                self._answers.broken.update(self._answers.calls)
            if outcome != "passed":
                for note in self._answers.notes:
                    said = then(said, note) if note not in _parts(said) else said
        message = str(said) if said is not None else ""
        if hidden and said is not None:  # only what classifies it: never the test's details
            first = _parts(said)[0]
            kept = {k: v for k, v in first.fields.items() if k in _CLASSIFIES}
            said = Note(first.key, kept) if kept else None
        self.records[test_id] = TestResult(
            id=test_id,
            name=item.name,
            task=str(marker.kwargs["task"]),
            points=float(marker.kwargs.get("points", 0.0)),
            outcome=outcome,
            message="" if hidden else message,
            duration=round(float(report.duration), 6),
            hidden=hidden,
            said=said,
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


SERVING_SPENT = "ServingBudgetSpent"
"""The exception's name when a test called nngrade's own functions more often than it serves
them (`sandbox/inside/worker.py` raises it): not the student's failure."""

_CLASSIFIES = ("reason", "ename")
"""The fields of a hidden test's note that are kept: what `Results.trouble` reads."""


def then(first: Note | None, more: Note) -> Note:
    """`first`, then `more` (a note a failure adds), as one note."""
    return more if first is None else Note.of("then", first=first, then=more)


def _parts(said: Note | None) -> list[Note]:
    """The notes `then` joined into `said`."""
    if said is None:
        return []
    if said.key == "then":
        return [*_parts(said.fields["first"]), said.fields["then"]]
    return [said]


def _call_text(exc: sb.SandboxFailure) -> str:
    name = getattr(exc, "name", None) or "your code"
    return f"`{name}(...)`" if name != "your code" else name


def _error_text(ename: str, evalue: str) -> Note:
    """The exception as the student's code raised it, with a hint when nngrade knows one."""
    text = f"{ename}: {evalue}" if evalue else ename
    if "numpy" in evalue and "has no attribute 'int'" in evalue:
        return Note.of("error_with_hint", error=text, hint=Note.of("hint_np_int"))
    return Note.verbatim(text)


def outcome_of(exc: BaseException | None) -> tuple[Outcome, str]:
    """The outcome and the student's message, in the current language, for what a test raised."""
    outcome, said = said_of(exc)
    return outcome, str(said)


def said_of(exc: BaseException | None) -> tuple[Outcome, Note]:
    """The outcome, and what to tell the student as data (a catalog key and its fields), for
    what a test raised."""
    if isinstance(exc, GradingFailure):
        return "failed", exc.note
    if isinstance(exc, sb.NotDefined):
        outcome, said = _not_defined(exc)
        # issue 21: the top-level values that would have answered, and which were there
        looked_for = getattr(exc, "looked_for", None)
        if isinstance(looked_for, Note):
            return outcome, then(said, looked_for)
        return outcome, said
    return _outcome_of_others(exc)


def _not_defined(exc: sb.NotDefined) -> tuple[Outcome, Note]:
    """The message for a name the submission does not define."""
    cell_error = getattr(exc, "cell_error", None)
    cell = getattr(exc, "cell", None)
    module = getattr(exc, "where", "") == "your module"  # a .py file: statements, lines
    unit = "statement" if module else "cell"
    if cell is not None and cell_error is not None and cell_error.reason is not None:
        # nngrade stopped that cell (a time limit, a crash): say why, in words
        key = f"not_defined_{unit}_stopped"
        return "failed", Note.of(key, name=exc.name, cell=cell, reason=cell_error.reason)
    if cell is not None and cell_error is not None:
        error = _error_text(cell_error.ename, cell_error.evalue)
        key = "not_defined_statement_error" if module else "not_defined_cell_error"
        return "failed", Note.of(key, name=exc.name, cell=cell, error=error)
    if cell is not None:
        # the cell that defines it was not run, or assigns it only on a path not taken
        not_run = getattr(exc, "cell_status", None) == "not run"
        key = {
            (False, True): "not_defined_not_run",
            (True, True): "not_defined_statement_not_run",
            (False, False): "not_defined_path",
            (True, False): "not_defined_statement_path",
        }[(module, not_run)]
        return "failed", Note.of(key, name=exc.name, cell=cell)
    return "failed", Note.of("not_defined_module" if module else "not_defined", name=exc.name)


def _outcome_of_others(exc: BaseException | None) -> tuple[Outcome, Note]:
    """`outcome_of` for what is neither a GradingFailure nor a NotDefined."""
    if isinstance(exc, sb.NotCallable):
        key = (
            "not_callable_module" if getattr(exc, "where", "") == "your module" else "not_callable"
        )
        return "failed", Note.of(key, name=exc.name, kind=getattr(exc, "kind", "?"))
    if isinstance(exc, sb.StudentError):
        if exc.ename == "NotImplementedError":
            return "failed", Note.of("not_implemented", name=exc.name, ename=exc.ename)
        lines = [line.rstrip() for line in getattr(exc, "traceback", []) or []]
        if lines and lines[-1] == f"{exc.ename}: {exc.evalue}".rstrip():
            lines.pop()  # the message above already says it
        error = _error_text(exc.ename, exc.evalue)
        if lines:  # the student's own frames, as they are
            key, fields = "raised_traceback", {"traceback": "\n".join(lines[-6:])}
        else:
            key, fields = "raised", {}
        return "error", Note.of(key, call=_call_text(exc), error=error, ename=exc.ename, **fields)
    if isinstance(exc, sb.StudentTimeout):
        key = "timeout_earlier" if getattr(exc, "earlier", False) else "timeout"
        return "timeout", Note.of(key, call=_call_text(exc), seconds=exc.seconds)
    if isinstance(exc, sb.WorkerCrashed):
        return "crashed", Note.of("crashed", call=_call_text(exc), reason=exc.note)
    if isinstance(exc, sb.Refused):
        return "failed", Note.of("refused", call=_call_text(exc), reason=exc.note)
    if isinstance(exc, MemoryError):  # the grader's own computation with the student's values
        return "failed", Note.of("too_big_for_grader")
    error = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown"
    return "error", Note.of("test_broken", error=error)
