"""The report a student reads in the terminal, drawn with rich.

It reads the results model and nothing else: a table of tasks with ✓/✗ and points, what to
fix for each failed test, the cells that raised, notes, then the seed, the time and the
total. `render_rich` (the `rich` format) renders it to text like every other format: for the
standard output with its width and colours (rich decides: colour only on a terminal, `NO_COLOR`
honoured), for a file as plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..results import Results, TaskResult
from . import i18n
from .i18n import pending_line, points
from .safe_text import rich_text, visible

if TYPE_CHECKING:
    from .formats import RenderOptions


def _say(results: Results, key: str, **fields: object) -> str:
    """The words of `key` in the results' language."""
    return i18n.text(results.lang, key, **fields)


def _task_table(results: Results) -> Table:
    table = Table(
        title=rich_text(f"{results.assignment} · {results.title}"),
        title_justify="left",
        expand=False,
    )
    table.add_column("", width=1)
    table.add_column(_say(results, "task"), style="bold")
    table.add_column(_say(results, "points"), justify="right")
    table.add_column(_say(results, "terminal.what"), overflow="fold")
    for task in results.tasks:
        mark = Text("✓", style="green") if task.passed else Text("✗", style="red")
        table.add_row(
            mark,
            rich_text(task.name),
            f"{points(task.earned)}/{points(task.points)}",
            rich_text(task.description),
        )
    return table


def _failures(results: Results, task: TaskResult) -> list[Text]:
    lines = []
    shown: set[str] = set()
    for test in task.visible_tests:
        if test.passed or test.message in shown:
            continue  # the template's ten "not implemented yet" say one thing
        shown.add(test.message)
        key = f"terminal.outcome.{test.outcome}"
        outcome = _say(results, key) if key in i18n.CATALOG else test.outcome
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
                "  · " + _say(results, "hidden_tests", passed=passed, total=len(hidden)),
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
                _say(results, "terminal.not_graded", error=results.error or results.status),
                style="bold red",
            )
        )
    if results.tasks:
        parts.append(_task_table(results))
    fixes = [line for task in results.tasks for line in _failures(results, task)]
    if fixes:
        parts.append(Text(_say(results, "terminal.fix"), style="bold"))
        parts.extend(fixes)
    module = results.submission.kind == "module"
    if results.cell_errors:
        heading = _say(results, "statement_errors_ran" if module else "terminal.cell_errors")
        parts.append(Text(heading, style="bold"))
        for err in results.cell_errors:
            label = (
                i18n.cell_label(results.lang, "module", err.cell).lower()
                if module
                else _say(results, "terminal.cell", cell=err.cell)
            )
            parts.append(
                Text.assemble(
                    ("  " + label + ": ", "yellow"),
                    visible(i18n.error_line(results.lang, err)),
                )
            )
            for tb_line in err.traceback[-4:]:
                parts.append(rich_text("      " + tb_line.rstrip(), style="dim"))
    if results.limits:
        parts.append(Text(i18n.text(results.lang, "limits"), style="bold"))
        parts.extend(rich_text("  · " + line, style="yellow") for line in i18n.limit_lines(results))
    if results.notes:
        parts.append(Text(_say(results, "notes"), style="bold"))
        parts.extend(rich_text("  · " + note) for note in i18n.notes(results))
    if pending := pending_line(results):
        parts.append(rich_text(pending, style="bold"))
    score = _say(
        results, "terminal.score", score=points(results.score), max=points(results.max_score)
    )
    style = "bold green" if results.full_marks else "bold yellow"
    footer = _say(
        results,
        "terminal.footer",
        seed=results.seed,
        seconds=f"{results.timings.get('total', 0.0):.2f}",
    )
    parts.append(Panel(Text.assemble((score, style), "   ", (footer, "dim")), expand=False))
    return Group(*parts)


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
