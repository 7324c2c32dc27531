"""The report a student reads in the terminal, drawn with rich.

It reads the results model and nothing else: a table of tasks with ✓/✗ and points, what to
fix for each failed test, the cells that raised, notes, then the seed, the time and the
total. `render_rich` (the `rich` format) renders it to text like every other format: for the
standard output with its width and colours (rich decides: colour only on a terminal, `NO_COLOR`
honoured), for a file as plain text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from nngrade.messages import say

from ..results import CellError, Results, TaskResult
from . import i18n
from .cell_reference import describe
from .i18n import points
from .safe_text import rich_text, visible

if TYPE_CHECKING:
    from .formats import RenderOptions


def _task_table(results: Results) -> Table:
    table = Table(
        title=rich_text(f"{results.assignment} · {results.title}"),
        title_justify="left",
        expand=False,
    )
    table.add_column("", width=1)
    table.add_column(say("task", results.lang), style="bold")
    table.add_column(say("points", results.lang), justify="right")
    table.add_column(say("terminal.what", results.lang), overflow="fold")
    for task in results.tasks:
        mark = Text("✓", style="green") if task.passed else Text("✗", style="red")
        if results.status != "graded":
            mark = Text("–", style="dim")  # never graded: neither passed nor failed
        table.add_row(
            mark, rich_text(task.name), _task_points(results, task), rich_text(task.description)
        )
    return table


def _task_points(results: Results, task: TaskResult) -> Text:
    """`2/2`, or for a task whose hidden tests this run lacked, the visible part and what is
    to come: `1/1 +1 later`, so that full visible marks read as full (issue 24)."""
    if task.ungraded <= 0 or results.status != "graded":
        return Text(i18n.task_points(results, task))
    return Text.assemble(
        f"{points(task.earned)}/{points(task.graded_points)}",
        (" " + say("terminal.points_later", results.lang, points=points(task.ungraded)), "dim"),
    )


def _failures(results: Results, task: TaskResult) -> list[Text]:
    lines = []
    shown: set[str] = set()
    for test in task.visible_tests:
        if test.passed or test.message in shown:
            continue  # the template's ten "not implemented yet" say one thing
        shown.add(test.message)
        key = f"terminal.outcome.{test.outcome}"
        outcome = say(key, results.lang) if key in i18n.CATALOG else test.outcome
        line = Text.assemble(
            ("  ✗ ", "red"),
            (visible(task.name), "bold"),
            (f" [{outcome}] ", "dim"),
            visible(test.message),
        )
        lines.append(line)
    hidden = task.hidden_tests
    passed = sum(t.passed for t in hidden)
    if passed < len(hidden):  # "what to fix": a hidden test that passed has nothing to fix
        lines.append(
            Text(
                "  · " + say("hidden_tests", results.lang, passed=passed, total=len(hidden)),
                style="yellow",
            )
        )
    return lines


def report(results: Results) -> Group:
    """The whole report as a rich renderable."""
    parts: list = []
    if results.status != "graded":
        parts.append(
            rich_text(
                say(
                    "terminal.not_graded", results.lang, error=results.error_words or results.status
                ),
                style="bold red",
            )
        )
    if results.tasks:
        parts.append(_task_table(results))
    fixes = [line for task in results.tasks for line in _failures(results, task)]
    if fixes:
        parts.append(Text(say("terminal.fix", results.lang), style="bold"))
        parts.extend(fixes)
    module = results.submission.kind == "module"
    if results.cell_errors:
        heading = say("statement_errors_ran" if module else "terminal.cell_errors", results.lang)
        parts.append(Text(heading, style="bold"))
        for err in results.cell_errors:
            parts.append(
                Text.assemble(
                    ("  " + visible(describe(results, err.cell)) + ": ", "yellow"),
                    visible(_error_line(results, err)),
                )
            )
            for tb_line in _student_frames(results, err):
                parts.append(rich_text("      " + tb_line, style="dim"))
    if results.limits:
        parts.append(Text(say("limits", results.lang), style="bold"))
        parts.extend(rich_text("  · " + line, style="yellow") for line in i18n.limit_lines(results))
    if said := i18n.notes(results):
        parts.append(Text(say("notes", results.lang), style="bold"))
        parts.extend(rich_text("  · " + note) for note in said)
    score = _score_line(results)
    full = results.status == "graded" and results.score >= results.max_score - results.ungraded
    style = "bold green" if full else "bold yellow"
    footer = say(
        "terminal.footer",
        results.lang,
        seed=results.seed,
        seconds=f"{results.timings.get('total', 0.0):.2f}",
    )
    # The longer score of a run without the hidden tests gets the panel's first line alone.
    gap = "\n" if results.status == "graded" and results.ungraded > 0 else "   "
    parts.append(Panel(Text.assemble((score, style), gap, (footer, "dim")), expand=False))
    return Group(*parts)


def _score_line(results: Results) -> str:
    """`Score: 14/14`; when this run lacked the hidden tests (a student's install), what was
    graded and what is to come: `Score: 9/9 visible · 5 more points from hidden tests after
    the deadline` (issue 24: full visible marks read as full); `Score: not graded` for a
    submission never graded (never `0/14`)."""
    if results.status != "graded":
        return say("score", results.lang) + ": " + i18n.score_value(results)
    if results.ungraded > 0:
        return say(
            "terminal.score_visible",
            results.lang,
            score=points(results.score),
            max=points(results.max_score - results.ungraded),
            ungraded=points(results.ungraded),
        )
    return say(
        "terminal.score", results.lang, score=points(results.score), max=points(results.max_score)
    )


def _error_line(results: Results, err: CellError) -> str:
    """`ZeroDivisionError: division by zero`; a bare `NotImplementedError` without a colon."""
    value = i18n.error_value(results.lang, err)
    name = i18n.error_name(results.lang, err)
    return f"{name}: {value}" if value.strip() else name


MAX_FRAMES = 3
"""How many of the student's innermost frames a cell error shows, each whole."""

_FRAME = re.compile(r'^\s*File "<cell (\d+)>", line (\d+)(.*)$')


def _student_frames(results: Results, err: CellError) -> list[str]:
    """The last `MAX_FRAMES` frames of the traceback, each whole (its `File` line, its source
    line and carets), never cut mid-frame; a frame's `<cell 4>` named the way the student finds
    the cell ("this cell" for the one the heading names). The exception line itself is the
    heading's, so it is not repeated."""
    frames: list[list[str]] = []
    for raw in err.traceback:
        line = raw.rstrip()
        if line.lstrip().startswith("File "):
            frames.append([line.strip()])
        elif frames and line.startswith("    "):
            frames[-1].append(line[2:])  # the source line and its carets keep their alignment
        # "Traceback (most recent call last):" and the exception lines are left out
    lines = []
    for frame in frames[-MAX_FRAMES:]:
        head = frame[0]
        if match := _FRAME.match(head):
            # Python's own frame line, its `<cell 4>` named the way the student finds it.
            cell = int(match.group(1))
            where = (
                say("terminal.this_cell", results.lang)
                if cell == err.cell
                else describe(results, cell, quote=False)
            )
            head = f'File "{where}", line {match.group(2)}{match.group(3)}'
        lines.append(head)
        lines.extend(frame[1:])
    return lines


def render_rich(results: Results, options: RenderOptions | None = None) -> str:
    """The report as text: as the standard output shows it when `options.terminal` (its width,
    ANSI styles on a terminal only), else plain text 100 columns wide (`-o report.txt`)."""
    if options is not None and options.terminal:
        # Rich sizes and colours this console for the standard output; the capture returns
        # what it would print instead of printing it.
        console = Console(highlight=False, soft_wrap=False)
    else:
        console = Console(
            width=TEXT_WIDTH, no_color=True, force_terminal=False, file=_Null(), highlight=False
        )
    with console.capture() as capture:
        console.print(report(results))
    return capture.get()


TEXT_WIDTH = 100
"""The width of the report as plain text, in a file."""


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


__all__ = ["TEXT_WIDTH", "render_rich", "report"]
