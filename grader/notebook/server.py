"""The grading process a notebook's kernel keeps warm: `python -m nngrade.notebook.server`.

The kernel (`notebook.kernel`) writes one request per line, as JSON, on this process's standard
input; the reply is one JSON line on the standard output it was started with. A request names
a notebook file; the reply has the report as HTML for the cell, as text, and the results:

    {"path": "/home/kim/hw6.ipynb", "assignment": null, "task": "forward", "lang": null,
     "seed": null, "shown_as": "hw6.ipynb", "notes": [{"key": "check_unsaved", "fields": {}}]}
    {"ok": true, "html": "<div ...>", "text": "...", "results": {...}}
    {"ok": false, "error": "hw6.ipynb: is not valid JSON (truncated?) at line 3 col 1"}

Grading is `nngrade submit`'s: the file is loaded with `load_submission`, its assignment is
found as `submit` finds it, and `engine.grade` runs it in the sandbox with the assignment's
tests. What is kept between requests is one `Grader` per assignment (a warm fork server and the
collected tests), so the second check of a notebook skips the start-up. The process ends when
its standard input closes (the kernel ended) or, on Linux, when the kernel dies.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import IO, Any

from .. import settings
from ..assignment import Assignment
from ..errors import NngradeError, SubmissionError
from ..grader import Grader

WARM_WAIT = 60.0
"""Seconds a check waits at most for a warm-up under way before grading cold beside it."""
WARM_AHEAD = 1.0
"""A warm-up started this many seconds before the check is waited for; a younger one (started
by the same cell's `import nngrade`) is not: a cold grader, as `nngrade submit` makes, is
ready sooner than a warm-up just begun."""
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


def die_with_parent(every: float = 0.5) -> None:
    """End this process when the kernel that started it dies, even by SIGKILL while this
    process is busy grading and not reading its closed pipe: a thread watches for the kernel's
    end (this process given to another parent) and stops it as the kernel's stop would.

    Not Linux's PR_SET_PDEATHSIG: it fires when the kernel's *thread* that started this
    process ends, and `import nngrade` starts it from a short-lived thread."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="nngrade-parent-watch", daemon=True).start()


def notebook_language(path: Path) -> str:
    """The language of a notebook's report when the student does not choose one: the
    notebook's `nngrade.lang` metadata, else Korean for a notebook whose text cells are mostly
    Korean, else the locale's (`nngrade submit`'s default)."""
    from ..languages import LANGUAGES
    from ..messages import default_language

    try:
        nb = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return default_language()
    meta = nb.get("metadata", {}) if isinstance(nb, dict) else {}
    chosen = meta.get("nngrade", {}).get("lang") if isinstance(meta.get("nngrade"), dict) else None
    if chosen in LANGUAGES:
        return str(chosen)
    prose = "".join(
        "".join(cell.get("source", "")) if isinstance(cell.get("source"), list | str) else ""
        for cell in nb.get("cells", [])
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown"
    )
    hangul, latin = len(_HANGUL.findall(prose)), len(_LATIN.findall(prose))
    if hangul and hangul * 2 >= latin:  # a Hangul syllable carries about two Latin letters
        return "ko"
    return default_language()


class CheckServer:
    """Grades the notebooks a kernel sends, one after another, keeping each assignment's
    `Grader` warm.

    The first check of an assignment is graded as a cold `nngrade submit` is (a grader without
    a pool: the sandbox starts its fork server while pytest collects the tests), so it costs no
    more. Once its reply is sent, `idle` makes a warm grader in the background (a fork server
    with NumPy and IPython imported, the tests collected) while the student reads the report;
    it takes the cold one's place when it is ready, and the later checks use it.
    """

    def __init__(self) -> None:
        self.graders: dict[Path, Grader] = {}
        self._lock = threading.Lock()
        self._cold: set[Path] = set()
        self._busy: Grader | None = None
        self._closed = False
        self._warming: dict[Path, tuple[threading.Event, float]] = {}
        """Assignment -> (set when its warm-up ends, when it began)."""
        self.threads: list[threading.Thread] = []

    def grader(self, assignment: Assignment) -> Grader:
        """The assignment's grader: a cold one for its first check, the warm one once ready."""
        key = assignment.path.resolve()
        with self._lock:
            warming = self._warming.get(key)
        if warming is not None and time.monotonic() - warming[1] >= WARM_AHEAD:
            warming[0].wait(WARM_WAIT)  # started well before this check: it is ahead
        with self._lock:
            grader = self.graders.get(key)
            if grader is None:
                grader = self.graders[key] = Grader(assignment)
                self._cold.add(key)
            self._busy = grader
            return grader

    def done_with(self, grader: Grader) -> None:
        """A check has finished with `grader`: close it if a warm one took its place meanwhile."""
        with self._lock:
            self._busy = None
            replaced = grader not in self.graders.values()
        if replaced:
            grader.close()

    def idle(self) -> None:
        """After a reply: start warming a grader for each assignment graded cold."""
        with self._lock:
            cold, self._cold = [self.graders[k] for k in self._cold if k in self.graders], set()
        for grader in cold:
            self.warm_up(grader.assignment)

    def warm_up(self, assignment: Assignment) -> None:
        """Make a warm grader for `assignment` in the background, unless it has one or one is
        on its way; it takes the place of the assignment's cold grader when it is ready."""
        key = assignment.path.resolve()
        with self._lock:
            current = self.graders.get(key)
            if self._closed or key in self._warming or (current and current.pool_size > 0):
                return
            self._warming[key] = (threading.Event(), time.monotonic())
        thread = threading.Thread(
            target=self._warm, args=(assignment, key), name="nngrade-warm", daemon=True
        )
        thread.start()
        self.threads.append(thread)

    def _warm(self, assignment: Assignment, key: Path) -> None:
        warm = Grader(assignment, pool=1)
        try:
            warm.warm()
        except Exception:  # noqa: BLE001 (a cold grader grades instead)
            traceback.print_exc(file=sys.stderr)
            warm.close()
            with self._lock:
                self._warming.pop(key)[0].set()
            return
        with self._lock:
            self._warming.pop(key)[0].set()
            if self._closed:
                retire: Grader | None = warm
            else:
                retire = self.graders.get(key)
                self.graders[key] = warm
                if retire is self._busy:
                    retire = None  # a check is using it: `done_with` closes it
        if retire is not None:
            retire.close()

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """The reply to one request (see the module's docstring); never raises for a
        problem a user can meet: that is `{"ok": false, "error": one line}`."""
        from ..messages import default_language

        if request.get("warm"):
            return self._warm_request(request)
        path = Path(str(request["path"]))
        lang = request.get("lang") or notebook_language(path) or default_language()
        try:
            reply = self._grade(path, request, lang)
        except SubmissionError as exc:
            shown = request.get("shown_as") or exc.path
            reply = {"ok": False, "error": f"{shown}: {exc.problem_in(lang)}"}
        except NngradeError as exc:
            reply = {"ok": False, "error": exc.in_language(lang)}
        return {**reply, "lang": lang}  # the kernel writes its own words in it too

    def _warm_request(self, request: dict[str, Any]) -> dict[str, Any]:
        """`{"warm": true, "path": ..., "assignment": ...}`: get the notebook's grader ready
        before its first check (`%load_ext nngrade` asks). A notebook that cannot be read or
        whose assignment is unknown is not an error yet: its check will say so."""
        from ..assignment import find_assignment
        from ..engine import resolve_assignment
        from ..submission import load_submission

        try:
            if request.get("assignment"):
                assignment = find_assignment(str(request["assignment"]))
            elif request.get("path"):
                assignment = resolve_assignment(load_submission(Path(str(request["path"]))), None)
            else:
                return {"ok": True, "warm": False}
        except NngradeError:
            return {"ok": True, "warm": False}
        self.warm_up(assignment)
        return {"ok": True, "warm": True}

    def _grade(self, path: Path, request: dict[str, Any], lang: str) -> dict[str, Any]:
        from ..assignment import list_assignments
        from ..engine import grade, resolve_assignment
        from ..errors import UsageError
        from ..messages import say
        from ..render import formats
        from ..render.cell import render_cell
        from ..results import Note
        from ..sandbox import policy
        from ..submission import load_submission

        submission = load_submission(path)
        try:
            assignment = resolve_assignment(submission, request.get("assignment"))
        except UsageError:
            if request.get("assignment"):
                raise  # an unknown id: its own line names the known ones
            known = ", ".join(sorted(a.id for a in list_assignments()))
            shown = request.get("shown_as") or path.name
            return {
                "ok": False,
                "error": say("check_which_assignment", lang, name=shown, known=known),
            }
        task = request.get("task")
        known = [t.name for t in assignment.tasks]
        if task is not None and task not in known:
            return {
                "ok": False,
                "error": say(
                    "check_unknown_task", lang, task=task, assignment=assignment.id,
                    known=", ".join(known),
                ),
            }  # fmt: skip
        grader = self.grader(assignment)
        try:
            results = grade(submission, grader, seed=request.get("seed"), lang=lang)
        except NngradeError:
            # The tests could not run: the next check starts them afresh.
            with self._lock:
                if self.graders.get(assignment.path.resolve()) is grader:
                    del self.graders[assignment.path.resolve()]
            raise
        finally:
            self.done_with(grader)
        if shown := request.get("shown_as"):
            results.submission.path = str(shown)
        results.notes = [
            *(Note.from_dict(n) for n in request.get("notes", [])),
            *results.notes,
        ]
        if task is not None:
            results.tasks = [t for t in results.tasks if t.name == task]
            results.task_cells = {k: v for k, v in results.task_cells.items() if k == task}
        said = policy.self_check_warning()
        warning = say(said[0], lang, problem=said[1]) if said else None
        return {
            "ok": True,
            "html": render_cell(results, warning=warning),
            "text": "\n".join(
                line
                for line in (warning, formats.get("rich").render(results))
                if isinstance(line, str)
            ),
            "results": results.to_dict(),
        }

    def close(self) -> None:
        """Stop every grader (their fork servers, and so every worker)."""
        with self._lock:
            self._closed = True
            graders, self.graders = list(self.graders.values()), {}
        for grader in graders:
            grader.close()


def serve(requests: IO[str], replies: IO[str]) -> None:
    """Answer each request line of `requests` on `replies` until `requests` ends."""
    server = CheckServer()
    try:
        for line in requests:
            if not line.strip():
                continue
            request: Any = None
            try:
                request = json.loads(line)
                reply = server.answer(request)
            except Exception as exc:  # noqa: BLE001 (an internal error is one line for the cell)
                traceback.print_exc(file=sys.stderr)
                reply = {
                    "ok": False,
                    "error": f"nngrade: internal error: {type(exc).__name__}: {exc}",
                }
            if isinstance(request, dict) and "id" in request:
                reply["id"] = request["id"]
            replies.write(json.dumps(reply) + "\n")
            replies.flush()
            server.idle()
    finally:
        server.close()


def main() -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kernel's interrupts are the kernel's
    # Stopped by the kernel (or by its death): close the graders, and so their sandboxes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # The replies go to the standard output the kernel reads; anything else that would be
    # printed there (a warning, a stray print) goes to the standard error instead.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = os.fdopen(sys.stdin.fileno(), "r", encoding="utf-8")
    try:
        serve(requests, replies)
    finally:
        log = Path(settings.CHECK_LOG.get())
        if log.name and log.is_file() and log.stat().st_size == 0:
            log.unlink()  # kept only when it says what went wrong


if __name__ == "__main__":
    main()
