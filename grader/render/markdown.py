"""Markdown feedback: the student's report as a page for GitHub, Gradescope or an LMS.

Same content as the HTML page (score first, then the tasks, what to fix, the cells that
raised, notes, seed and timing), in GitHub-flavoured Markdown. Everything that comes from a
submission or a test is escaped or fenced, so a `|` or a `<script>` in a message stays text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nngrade.messages import say
from nngrade.render import safe_text
from nngrade.render.i18n import (
    cell_label,
    confinement,
    error_line,
    hidden_summary,
    limit_lines,
    notes,
    outcome,
    pending_line,
    pts,
    score_value,
    status_line,
    task_points,
    timing_line,
    unit_text,
)
from nngrade.results import Results, TaskResult

from .cell_reference import describe

if TYPE_CHECKING:
    from nngrade.render.formats import RenderOptions


def render_markdown(
    results: Results, options: RenderOptions | None = None, *, tasks: bool = True
) -> str:
    """The feedback page in Markdown, in `results.lang`.

    `tasks=False` leaves out the task table and the failures, for hosts that list the tasks
    themselves (Gradescope's top-level output).
    """
    lang = results.lang
    parts = [
        f"# {escape(results.title)} · {say('feedback', lang)}",
        _header(results),
    ]
    if tasks and results.tasks:
        parts.append(_tasks_table(results))
        failing = _to_fix(results)
        if failing:
            parts.append(f"## {say('to_fix', lang)}")
            parts.extend(_task_failures(results, t) for t in failing)
    if results.cell_errors:
        parts.append(_cell_errors(results))
    if results.limits:
        parts.append(f"## {say('limits', lang)}")
        parts.append("\n".join(f"- {escape(line)}" for line in limit_lines(results)))
    if said := notes(results):
        parts.append(f"## {say('notes', lang)}")
        parts.append("\n".join(f"- {escape(note)}" for note in said))
    parts.append(_footer(results))
    return "\n\n".join(parts) + "\n"


def escape(value: str) -> str:
    """Inline Markdown text: controls and specials escaped, newlines made spaces (table-safe)."""
    return safe_text.markdown(value)


def code_block(body: str, info: str = "text") -> str:
    """A fenced block that the body cannot close early (the fence outgrows its backtick runs),
    without raw control characters."""
    body = safe_text.markdown_block(body)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{body.rstrip()}\n{fence}"


def _header(results: Results) -> str:
    lang = results.lang
    lines = [f"## {say('score', lang)}: {score_value(results)}"]
    if reason := status_line(results):
        lines.append(f"> **{escape(reason)}**")
    elif pending := pending_line(results):
        lines.append(escape(pending))
    elif results.full_marks:
        lines.append(say("full_marks", lang))
    elif results.tasks:
        full = sum(t.passed for t in results.tasks)
        lines.append(say("tasks_passed", lang, passed=full, total=len(results.tasks)))
    who = []
    if results.submission.student:
        who.append(f"**{say('student', lang)}:** {escape(results.submission.student)}")
    who.append(f"**{say('submission', lang)}:** {_inline_code(results.submission.path)}")
    lines.append(" · ".join(who))
    return "\n\n".join(lines)


def _tasks_table(results: Results) -> str:
    lang = results.lang
    rows = [
        f"| | {say('task', lang)} | {say('points', lang)} | {say('description', lang)} |",
        "|:-:|---|--:|---|",
    ]
    for task in results.tasks:
        mark = "✓" if task.passed else "✗" if results.status == "graded" else "–"
        description = escape(task.description)
        if hidden := hidden_summary(lang, task):
            description = (
                f"{description} <br>_{escape(hidden)}_" if description else f"_{escape(hidden)}_"
            )
        rows.append(
            f"| {mark} | {_inline_code(task.name)} | {task_points(results, task)} | {description} |"
        )
    return "\n".join(rows)


def _task_failures(results: Results, task: TaskResult) -> str:
    lang = results.lang
    lines = [f"### ✗ {_inline_code(task.name)} · {pts(lang, task.earned, task.points)}"]
    for test in task.visible_tests:
        if test.passed:
            continue
        lines.append(
            f"- {_inline_code(test.name)}: {outcome(lang, test.outcome)} · "
            f"{pts(lang, test.earned, test.points)}"
        )
        if test.message.strip():
            lines.append("")
            lines.append(_indent(code_block(test.message), "  "))
    if hidden := hidden_summary(lang, task):
        lines.append(f"- {escape(hidden)}")
    if not task.tests:
        lines.append(f"- {escape(say('no_tests', lang))}")
    return "\n".join(lines)


def _to_fix(results: Results) -> list[TaskResult]:
    """The tasks below full marks; in a run that stopped, only those whose tests ran (the
    header already says why the others have none)."""
    untested_ok = results.status == "graded"
    return [t for t in results.tasks if not t.passed and (t.tests or untested_ok)]


def _cell_errors(results: Results) -> str:
    lang, kind = results.lang, results.submission.kind
    parts = [
        f"## {unit_text(lang, kind, 'cell_errors')}",
        unit_text(lang, kind, "cell_error_note"),
    ]
    for err in results.cell_errors:
        label = cell_label(lang, kind, err.cell)
        if kind != "module":  # named as Jupyter shows it (issue 24): the page has no notebook
            label = describe(results, err.cell, fallback=label)
            label = label[:1].upper() + label[1:]
        parts.append(f"### {label}: {escape(error_line(lang, err))}")
        if err.defines:
            names = ", ".join(_inline_code(name) for name in err.defines)
            parts.append(unit_text(lang, kind, "cell_error_defines", names=names))
        if err.traceback:
            parts.append(code_block("\n".join(err.traceback), "pytb"))
    return "\n\n".join(parts)


def _footer(results: Results) -> str:
    lang = results.lang
    bits = [f"{say('seed', lang)}: `{results.seed}`"]
    if timing := timing_line(results):
        bits.append(f"{say('timing', lang)}: {timing}")
    if results.assignment_version:
        bits.append(f"{say('version', lang)}: {escape(results.assignment_version)}")
    # issue 22: how the code was confined, on a line of its own
    how = escape(confinement(lang, results.confinement))
    return "---\n\n" + " · ".join(bits) + "\n\n" + say("confinement", lang, how=how)


def _inline_code(value: str) -> str:
    """`value` as inline code; the delimiter outgrows any backticks inside it."""
    value = safe_text.terminal_line(value)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    tick = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{tick}{pad}{value}{pad}{tick}"


def _indent(block: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in block.splitlines())
