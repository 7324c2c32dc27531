"""`nngrade.check()` and `%nngrade`: what runs in the student's kernel.

The kernel finds the notebook (`locate`), sends its path to the grading process
(`server`, started by the first check and kept for the next ones) and shows the reply in the
cell. The kernel imports nothing that grades: the oracles, the tests and the scores stay in the
grading process, and the student's code is run by that process's sandbox, not here.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import shlex
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from .. import settings
from . import locate

LOG_VAR = settings.CHECK_LOG.name
"""Names the grading process's log (its standard error) for the process, which removes it
when it ends with nothing in it."""


class CheckError(Exception):
    """A check that could not grade: its one line, in the report's language."""


class Report:
    """A check's report: shown as HTML in a notebook cell, as text elsewhere.

    `score`, `max_score` and `results` (the JSON results of `nngrade submit --format json`)
    are there for code that wants the numbers.
    """

    def __init__(self, html: str, text: str, results: dict[str, Any] | None = None) -> None:
        self.html = html
        self.text = text
        self.results = results or {}

    @property
    def score(self) -> float | None:
        return self.results.get("score")

    @property
    def max_score(self) -> float | None:
        return self.results.get("max_score")

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)


class GradingProcess:
    """The grading process of this kernel: started on first use, kept for the next checks,
    ended with the kernel (its input pipe closes; on Linux it also dies with the kernel)."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self.starts = 0
        """How many times this kernel started the process (1 while it stays up)."""
        self._asked = 0
        self._replies: queue.Queue[str | None] = queue.Queue()
        self.log = Path(tempfile.gettempdir()) / f"nngrade-check-{os.getpid()}.log"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def _start(self) -> subprocess.Popen[str]:
        with open(self.log, "ab") as log:
            return subprocess.Popen(
                [sys.executable, "-P", "-m", "nngrade.notebook.server"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,  # never into the cell: ipykernel forwards the kernel's own stderr
                text=True,
                encoding="utf-8",
                # Its own session: an interrupt of the kernel (a signal to the kernel's group)
                # is the kernel's; the check's own handling of it stops this process.
                start_new_session=True,
                env={**os.environ, LOG_VAR: str(self.log)},
            )

    def _running(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._start()
            self.starts += 1
            # The replies are read on a thread: a read on the kernel's main thread would not
            # be interrupted by the stop button (the kernel's SIGINT may reach another of its
            # threads), while waiting on the queue returns to Python often enough to be.
            self._replies = queue.Queue()
            threading.Thread(
                target=_read_lines, args=(self._proc, self._replies), daemon=True
            ).start()
        return self._proc

    def send(self, request: dict[str, Any]) -> None:
        """Send a request without waiting for its reply (`%load_ext` warming the grader up):
        the next `ask` reads past it."""
        with self._lock:
            proc = self._running()
            assert proc.stdin is not None
            try:
                proc.stdin.write(json.dumps({**request, "id": 0}) + "\n")
                proc.stdin.flush()
            except OSError:
                self.stop()

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its reply. An interrupt (the stop button) ends the
        process, so that a half-graded request never answers the next one."""
        with self._lock:
            proc = self._running()
            assert proc.stdin is not None and proc.stdout is not None
            self._asked += 1
            try:
                proc.stdin.write(json.dumps({**request, "id": self._asked}) + "\n")
                proc.stdin.flush()
                replies = self._replies
                while True:
                    try:
                        line = replies.get(timeout=0.1)
                    except queue.Empty:
                        continue
                    if line is None:  # the process ended
                        break
                    reply = json.loads(line)
                    if reply.get("id") == self._asked:
                        return reply  # else: the reply to a request sent without waiting
            except BaseException:  # the stop button: no grace, the grading is abandoned
                self.stop(now=True)
                raise
            self.stop()
            raise CheckError(self._last_log_line())

    def _last_log_line(self) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1] if lines else ""

    def stop(self, now: bool = False) -> None:
        """End the process (and so its sandboxes): it ends when its input closes, else (or at
        once, `now`) when it is told to."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
        except OSError:
            pass
        ends = (proc.terminate, proc.kill) if now else (None, proc.terminate, proc.kill)
        for end in ends:  # its sandboxes end with it
            if end is not None:
                end()
            try:
                proc.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                continue
        try:
            if self.log.stat().st_size == 0:  # kept only when it says what went wrong
                self.log.unlink()
        except OSError:
            pass


def _read_lines(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    """Put each line the process writes on `lines`, then None when it ends."""
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            lines.put(line)
    except (OSError, ValueError):  # closed by `stop`
        pass
    lines.put(None)


_process: GradingProcess | None = None
_process_lock = threading.Lock()


def grading_process() -> GradingProcess:
    """This kernel's grading process (one per kernel)."""
    global _process
    with _process_lock:  # `import nngrade` warms up on a thread of its own
        if _process is None:
            _process = GradingProcess()
            atexit.register(_process.stop)
        return _process


def _shell() -> Any:
    """The IPython shell this code runs in, or None."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()


def check(
    task: str | None = None,
    *,
    assignment: str | None = None,
    lang: str | None = None,
    seed: int | None = None,
) -> Report:
    """Grade this notebook as `nngrade submit` would, and return the report (shown in the cell).

    task: one task's name (`"forward"`) to show that task only; assignment: the assignment's
    id when neither the notebook's metadata nor its name says it; lang: `"en"` or `"ko"`
    (default: the notebook's language); seed: replay the random inputs of an earlier check.
    """
    from ..messages import default_language, say

    try:
        try:
            found = locate.find_notebook(_shell())
        except locate.NotFound as missing:
            raise CheckError(
                say(missing.key, lang or default_language(), **missing.fields)
            ) from None
        request = {
            "path": str(found.path),
            "shown_as": found.shown_as,
            "assignment": assignment,
            "task": task,
            "lang": lang,
            "seed": seed,
            "notes": found.notes,
        }
        try:
            reply = grading_process().ask(request)
        except CheckError as died:
            raise CheckError(
                say("check_process_died", lang or default_language(), why=str(died) or "?")
            ) from None
        if not reply.get("ok"):
            lang = lang or reply.get("lang")
            raise CheckError(str(reply.get("error", "")))
        return Report(reply["html"], reply["text"], reply.get("results"))
    except CheckError as error:
        return _error_report(str(error), lang)


def _error_report(line: str, lang: str | None) -> Report:
    """A check that could not grade, as a report: its one line, never a traceback."""
    import html

    from ..messages import default_language, say

    head = say("check_failed", lang or default_language())
    box = (
        '<div class="nngrade-report-error" style="border-left:4px solid #cf222e;'
        "background:#ffebe9;color:#82071e;border-radius:6px;padding:8px 12px;"
        'font:14px/1.5 system-ui,sans-serif">'
        f"<strong>{html.escape(head)}</strong> {html.escape(line)}</div>"
    )
    return Report(box, f"{head} {line}")


# -- %nngrade ----------------------------------------------------------------------------------


def parse_magic(line: str) -> dict[str, Any]:
    """`%nngrade [TASK] [--assignment ID] [--lang LANG] [--seed N]` as `check`'s arguments;
    a ValueError names what is wrong."""
    words = shlex.split(line)
    args: dict[str, Any] = {}
    options = {"-a": "assignment", "--assignment": "assignment", "--lang": "lang", "--seed": "seed"}
    i = 0
    while i < len(words):
        word = words[i]
        name, _, value = word.partition("=")
        if name in options:
            if not value:
                i += 1
                if i >= len(words):
                    raise ValueError(word)
                value = words[i]
            args[options[name]] = int(value) if name == "--seed" else value
        elif word.startswith("-") or "task" in args:
            raise ValueError(word)
        else:
            args["task"] = word
        i += 1
    return args


def nngrade_magic(line: str = "") -> Report:
    """%nngrade [TASK] [--assignment ID] [--lang en|ko] [--seed N]: check this notebook."""
    from ..messages import default_language, say

    try:
        args = parse_magic(line)
    except ValueError as bad:
        return _error_report(say("check_magic_usage", default_language(), word=str(bad)), None)
    return check(**args)


def load_ipython_extension(shell: Any) -> None:
    """`%load_ext nngrade`: registers `%nngrade`, and starts the grading process, which gets the
    notebook's grader warm while the student works (the first check is then a warm one)."""
    shell.register_magic_function(nngrade_magic, magic_kind="line", magic_name="nngrade")
    warm_up(shell)


def warm_up(shell: Any) -> None:
    """Start the grading process and ask it to warm the notebook's grader; never fails (the
    check itself will say what is wrong)."""
    try:
        request: dict[str, Any] = {"warm": True}
        if not locate.in_colab():  # Colab's notebook is asked for only when checking
            found = locate.find_notebook(shell)
            request["path"] = str(found.path)
        grading_process().send(request)
    except Exception:  # noqa: BLE001 (warming up is a favour, not a promise)
        pass
