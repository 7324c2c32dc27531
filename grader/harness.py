"""`TestHarness`: an assignment's tests, collected once, run against one submission after another.

A pytest session costs about 25 ms to set up before its first test runs (its configuration,
forty plugins, the collection of the test files) and a little more to finish. Batch grading
pays that per submission unless the session stays open, so the harness keeps one: pytest
runs on a thread of its own, and nngrade's `pytest_runtestloop` hook (the hook pytest-xdist's
workers use) takes the place of pytest's loop. It waits for a submission, runs every
collected test against that submission's sandbox, hands the records back, and waits for the
next. Passing `nextitem=None` after the last test tears every fixture down, the session-scoped
`student` and `run` included, so nothing of one submission reaches the next.

`nngrade submit` uses the same harness for its single submission: the thread collects the
tests while the sandbox runs the notebook.

Only the loop is nngrade's; collection, fixtures, markers and reports are pytest's own. The
terminal reporter is off, so pytest writes nothing, and its internal errors come back as an
`NngradeError`. Test modules are imported once per harness, so they must not keep state
between tests in module globals (the same rule as for pytest-xdist).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .assignment import Assignment
from .errors import NngradeError
from .messages import use_language
from .results import Note, TestResult

if TYPE_CHECKING:
    from .sandbox import Sandbox

PYTEST_INI = Path(__file__).with_name("assignment_pytest.ini")

# pytest's own plugins that an assignment run does not use. Each costs time on every test or
# session; unraisableexception and threadexception alone call gc.collect() five times (30 ms)
# at the end of each session. The terminal reporter is replaced by nngrade's renderers.
UNUSED_PYTEST_PLUGINS = (
    "terminal",
    "cacheprovider",
    "unraisableexception",
    "threadexception",
    "faulthandler",
    "doctest",
    "junitxml",
    "pastebin",
    "stepwise",
    "logging",
    "warnings",
    "setuponly",
    "setupplan",
    "legacypath",
)


@dataclass
class _Request:
    sandbox: Sandbox
    seed: int
    lang: str
    done: threading.Event = field(default_factory=threading.Event)
    records: dict[str, TestResult] | None = None
    error: BaseException | None = None


_STOP = None


class TestHarness:
    """One assignment's tests (and an instructor's hidden ones), ready to run again and again."""

    __test__ = False  # not a pytest test class, whatever its name

    def __init__(self, assignment: Assignment, hidden_dirs: Sequence[Path] = ()) -> None:
        from .plugin import GradingPlugin

        self.assignment = assignment
        self.hidden_dirs = tuple(hidden_dirs)
        self.plugin = GradingPlugin(assignment=assignment, hidden_dirs=self.hidden_dirs)
        self._requests: queue.Queue[_Request | None] = queue.Queue()
        self._stopped: Note | None = None
        """Why the session ended early, if it did."""
        self._thread = threading.Thread(target=self._session, name="nngrade-tests", daemon=True)
        self._thread.start()

    def run(self, sandbox: Sandbox, *, seed: int, lang: str = "en") -> dict[str, TestResult]:
        """Run every test against the started `sandbox`; the record of each test, by test id.

        Raises `NngradeError` when the tests themselves cannot run (a broken test file, a
        task that assignment.toml does not declare).
        """
        request = _Request(sandbox, seed, lang)
        if not self._thread.is_alive():
            raise self._ended()
        self._requests.put(request)
        while not request.done.wait(0.5):
            if not self._thread.is_alive():  # the session ended without answering
                raise self._ended()
        if request.error is not None:
            raise request.error
        assert request.records is not None
        return request.records

    @property
    def alive(self) -> bool:
        """Whether the session still takes submissions (a test that ended pytest ends it)."""
        return self._thread.is_alive()

    def close(self) -> None:
        """End the pytest session (its fixtures are already torn down)."""
        if self._thread.is_alive():
            self._requests.put(_STOP)
            self._thread.join(timeout=10)

    def __enter__(self) -> TestHarness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the pytest thread ------------------------------------------------------------------

    def _ended(self) -> NngradeError:
        problems = self.plugin.problems
        if problems:
            return NngradeError(
                "harness.cannot_run", where=problems[0].where, problem=problems[0].text
            )
        if self._stopped is not None:
            return NngradeError(self._stopped.key, **self._stopped.fields)
        return NngradeError("harness.stopped")

    def _session(self) -> None:
        args = [
            *pytest_paths(self.assignment, self.hidden_dirs),
            "--capture=no",  # the student's output stays in the worker; nothing to capture here
            "--assert=plain",  # the tests compare with `check`, not with rewritten asserts
            *(f"-pno:{name}" for name in UNUSED_PYTEST_PLUGINS),
            "--import-mode=importlib",
            "--rootdir", str(self.assignment.tests_dir),
            # No conftest.py from above the tests (such as one planted in /tmp) is ever loaded.
            "--confcutdir", str(self.assignment.tests_dir),
            "-c", str(PYTEST_INI),
            "-W", "ignore::pytest.PytestConfigWarning",
            # Third-party pytest plugins (hypothesis alone costs 0.6 s) have no business here.
            "--disable-plugin-autoload",
        ]  # fmt: skip
        try:
            code = pytest.main(args, plugins=[self.plugin, _Loop(self)])
            if not self._stopped and code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
                # Ended before nngrade's loop ran: pytest refused its arguments or configuration.
                self._stopped = Note("harness.did_not_start", {"code": int(code)})
        except BaseException as exc:  # noqa: BLE001 (reported to whoever waits)
            self._stopped = Note("harness.stopped_by", {"error": f"{type(exc).__name__}: {exc}"})
        finally:
            self._fail_waiting()

    def _fail_waiting(self) -> None:
        """Answer every request still queued: the session has ended."""
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if request is not None:
                request.error = self._ended()
                request.done.set()


def pytest_paths(assignment: Assignment, hidden_dirs: Sequence[Path] = ()) -> list[str]:
    """The test folders pytest collects: the assignment's own (`tests/`, `hidden/` where this
    install has it) and an instructor's `--tests` folders."""
    return [str(d) for d in (*assignment.test_dirs, *hidden_dirs)]


def collect_problems(assignment: Assignment) -> list[Note]:
    """Collect the assignment's own tests without running any; what stops them from grading
    (a file that does not import, a test without `@task`, a task that assignment.toml lacks,
    points that do not add up), one line each. `nngrade assign` refuses on any."""
    from .plugin import GradingPlugin

    plugin = GradingPlugin(assignment=assignment)
    code = pytest.main(
        [
            *pytest_paths(assignment),
            "--collect-only",
            *(f"-pno:{name}" for name in UNUSED_PYTEST_PLUGINS),
            "--import-mode=importlib",
            "--rootdir",
            str(assignment.tests_dir),
            "-c",
            str(PYTEST_INI),
            "-W",
            "ignore::pytest.PytestConfigWarning",
            "--disable-plugin-autoload",
        ],  # fmt: skip
        plugins=[plugin],
    )
    problems = [
        Note("harness.problem", {"where": p.where, "problem": p.text}) for p in plugin.problems
    ]
    if not problems and code not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        problems.append(Note("harness.did_not_start", {"code": int(code)}))
    return problems


class _Loop:
    """nngrade's `pytest_runtestloop`: one pass over the collected tests per submission."""

    def __init__(self, harness: TestHarness) -> None:
        self.harness = harness

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        plugin = self.harness.plugin
        items = list(session.items)
        while (request := self.harness._requests.get()) is not _STOP:
            if plugin.problems:
                request.error = self.harness._ended()
                request.done.set()
                continue
            try:
                plugin.begin(request.sandbox, request.seed)
                session.testsfailed = 0
                with use_language(request.lang):
                    for i, item in enumerate(items):
                        nextitem = items[i + 1] if i + 1 < len(items) else None
                        item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
                    request.records = plugin.end()  # its notes in the run's language too
            except BaseException as exc:  # noqa: BLE001 (pytest.exit(), or pytest's own bug)
                # The fixtures are left half set up: end the session rather than reuse it.
                error = f"{type(exc).__name__}: {exc}"
                self.harness._stopped = Note("harness.stopped_by", {"error": error})
                request.error = NngradeError("harness.stopped_by", error=error)
                return True
            finally:
                request.done.set()
        return True
