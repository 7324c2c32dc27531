"""GitHub Classroom: the `result` output that `autograding-grading-reporter` reads.

The reporter (classroom-resources/autograding-grading-reporter, see docs/output-formats.md)
base64-decodes `<RUNNER_ID>_RESULTS` and sends Classroom the sum of the tests' `score` against
the sum of the runners' `max_score`. So nngrade sends one entry per *task* carrying the task's
earned points, and `max_score` = the assignment's total: with the one nngrade runner, Classroom
records exactly nngrade's own score. The reporter fails the job when `status` is fail or error,
so `status` is `pass` only at full marks.

A result without a `tests` array crashes the reporter, so one is always sent, even when the
submission could not be graded.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nngrade.messages import say
from nngrade.outcomes import ERROR_OUTCOMES
from nngrade.render.i18n import (
    hidden_summary,
    outcome,
    pending_line,
    points,
    pts,
    status_line,
)
from nngrade.render.safe_text import json_text, visible
from nngrade.results import Results, TaskResult

if TYPE_CHECKING:
    from nngrade.render.formats import RenderOptions

CLASSROOM_RESULT_VERSION = 1


def classroom_result(results: Results) -> dict[str, Any]:
    """The result object before encoding: `{"version", "status", "max_score", "tests": [...]}`."""
    # The reporter fails the job on fail or error: pass only at full marks.
    # A run without the hidden tests (a workflow that has only the visible ones) counts
    # against the points it could give: the rest is graded after the deadline.
    graded_max = results.max_score - results.ungraded
    status = "pass" if results.status == "graded" and results.score >= graded_max else "fail"
    if results.status != "graded":
        status = "error"
    tests = [_task_entry(results, task) for task in results.tasks]
    if not tests:
        # No task is known (unknown assignment, unreadable file): still one entry, or the
        # reporter has nothing to print and a student sees no reason.
        tests.append(
            {
                "name": results.assignment,
                "status": "error" if status == "error" else "pass",
                "score": 0,
                "message": status_line(results) or "",
                "test_code": f"nngrade submit {results.submission.path}",
                "filename": results.submission.path,
                "line_no": 0,
                "duration": _ms(results.timings.get("total", 0.0)),
            }
        )
    return {
        "version": CLASSROOM_RESULT_VERSION,
        "status": status,
        "max_score": _number(graded_max),
        "tests": tests,
    }


def render_classroom(results: Results, options: RenderOptions | None = None) -> str:
    """The value of the grader step's `result` output: base64 of the UTF-8 JSON result."""
    payload = json_text(
        json.dumps(classroom_result(results), ensure_ascii=False, separators=(",", ":"))
    )
    return base64.b64encode(payload.encode("utf-8")).decode("ascii")


def write_github_output(results: Results, path: str | os.PathLike[str] | None = None) -> Path:
    """Append `result=<base64>` to the step-output file (`$GITHUB_OUTPUT` unless `path`).

    Base64 has no newline, so the one-line `name=value` form is safe.
    """
    target = path if path is not None else os.environ.get("GITHUB_OUTPUT")
    if not target:
        raise RuntimeError("GITHUB_OUTPUT is not set: not running as a GitHub Actions step")
    with open(target, "a", encoding="utf-8") as out:
        out.write(f"result={render_classroom(results)}\n")
    return Path(target)


def after_write(results: Results, rendered: str | bytes) -> None:
    """In a GitHub Actions step (`$GITHUB_OUTPUT` set), also hand the result to the reporter
    as the step's `result` output."""
    if os.environ.get("GITHUB_OUTPUT"):
        write_github_output(results)


def _task_entry(results: Results, task: TaskResult) -> dict[str, Any]:
    lang = results.lang
    failed = [t for t in task.tests if not t.passed]
    if task.passed:
        status = "pass"
    elif results.status != "graded" or any(t.outcome in ERROR_OUTCOMES for t in failed):
        status = "error"
    else:
        status = "fail"

    # The reporter prints `message` under a failed entry only. Lead with the points, then what
    # to fix: the visible tests' messages, the hidden tests as a count.
    lines = [pts(lang, task.earned, task.graded_points)]
    if not task.passed and (reason := status_line(results)):
        lines.append(reason)
    for test in failed:
        if not test.hidden:
            detail = test.message.strip() or outcome(lang, test.outcome)
            lines.append(f"{test.name} ({outcome(lang, test.outcome)}): {detail}")
    if hidden := hidden_summary(lang, task):
        lines.append(hidden)
    if task.ungraded and (pending := pending_line(results)):
        lines.append(pending)
    if not task.tests and results.status == "graded":
        lines.append(say("no_tests", lang))

    visible_ids = [t.id for t in task.visible_tests]
    return {
        "name": f"{task.name}: {task.description}" if task.description else task.name,
        "status": status,
        "score": _number(task.earned),
        "message": visible("\n".join(lines)),  # the reporter prints it to a terminal log
        "test_code": ", ".join(visible_ids) or task.name,
        "filename": results.submission.path,
        # line_no 0 = "no line": the reporter then prints no "- line N" after the name.
        "line_no": 0,
        "duration": _ms(sum(t.duration for t in task.tests)),
    }


def _number(value: float) -> int | float:
    """Points as a JSON number, written as every report writes them (`i18n.points`): 2.0 -> 2,
    so the reporter's `Points 11/14` notice reads like nngrade's own total."""
    number = float(points(value))
    return int(number) if number.is_integer() else number


def _ms(seconds: float) -> int:
    # The official graders report duration in milliseconds; the reporter ignores it.
    return round(seconds * 1000)
