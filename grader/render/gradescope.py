"""Gradescope: the `results.json` an autograder writes to `/autograder/results/`.

Fields as in Gradescope's autograder spec (gradescope/autograder_samples, docs/specs.md): a
top-level `score` (it overrides the sum of the tests, so Gradescope shows nngrade's own total),
and one test entry per *task*, scored by nngrade. A hidden test is shown only as a count
("hidden tests: 1/2 passed") in its task; a task whose tests are all hidden becomes visible to
students only once the instructor publishes grades (`after_published`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from nngrade.messages import say
from nngrade.render.i18n import hidden_summary, outcome, pts, status_line
from nngrade.render.markdown import render_markdown
from nngrade.render.safe_text import json_text, visible
from nngrade.results import Results, TaskResult

if TYPE_CHECKING:
    from nngrade.render.formats import RenderOptions


def gradescope_result(results: Results) -> dict[str, Any]:
    """The `results.json` object."""
    return {
        "score": results.score,
        "execution_time": round(results.timings.get("total", 0.0), 3),
        # The summary (score, cell errors, notes, seed): Markdown, which Gradescope renders.
        # The tasks are Gradescope's own test list, so the summary leaves them out.
        "output": render_markdown(results, tasks=False),
        "output_format": "md",
        # Test outputs hold arrays and tracebacks: plain text keeps `*` and `_` as they are.
        "test_output_format": "text",
        "visibility": "visible",
        # Student code's prints go to stdout: the instructor's to see, not the class's.
        "stdout_visibility": "hidden",
        "extra_data": {
            "nngrade": {
                "schema_version": results.schema_version,
                "assignment": results.assignment,
                "assignment_version": results.assignment_version,
                "status": results.status,
                "seed": results.seed,
                "sha256": results.submission.sha256,
                "confinement": results.confinement,  # issue 22
            }
        },
        "tests": [_task_entry(results, n, task) for n, task in enumerate(results.tasks, 1)],
    }


def render_gradescope(results: Results, options: RenderOptions | None = None) -> str:
    """`results.json` as text (UTF-8 JSON, indented)."""
    return json_text(json.dumps(gradescope_result(results), ensure_ascii=False, indent=2))


def _task_entry(results: Results, number: int, task: TaskResult) -> dict[str, Any]:
    lang = results.lang
    all_hidden = bool(task.tests) and not task.visible_tests
    return {
        "score": task.earned,
        "max_score": task.points,
        "status": "passed" if task.passed else "failed",
        "name": f"{task.name}: {task.description}" if task.description else task.name,
        "number": str(number),
        "output": _task_output(results, task),
        "visibility": "after_published" if all_hidden else "visible",
        "extra_data": {"earned": pts(lang, task.earned, task.points)},
    }


def _task_output(results: Results, task: TaskResult) -> str:
    """What to fix in this task: the failed visible tests' messages, hidden tests as a count."""
    lang = results.lang
    blocks = []
    if not task.passed and (reason := status_line(results)):
        blocks.append(reason)
    for test in task.visible_tests:
        if not test.passed:
            head = f"✗ {test.name}: {outcome(lang, test.outcome)} ({pts(lang, test.earned, test.points)})"
            blocks.append(f"{head}\n{test.message.rstrip()}" if test.message.strip() else head)
    if hidden := hidden_summary(lang, task):
        blocks.append(hidden)
    if not task.tests and results.status == "graded":
        blocks.append(say("no_tests", lang))
    return visible("\n\n".join(blocks))  # Gradescope shows it as text: no raw controls
