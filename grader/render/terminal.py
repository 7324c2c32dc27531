"""The report a student reads in the terminal, drawn with rich.

It reads the results model and nothing else: a table of tasks with ✓/✗ and points, what to
fix for each failed test, the cells that raised, notes, then the seed, the time and the
total. `render_rich` (the `rich` format) renders it to text like every other format: for the
standard output with its width and colours (rich decides: colour only on a terminal, `NO_COLOR`
honoured), for a file as plain text.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..results import Results, TaskResult
from . import i18n
from .i18n import pending_line

if TYPE_CHECKING:
    from .formats import RenderOptions

WORDS = {
    "en": {
        "task": "Task",
        "points": "Points",
        "what": "What it checks",
        "fix": "What to fix",
        "hidden": "hidden tests: {passed}/{total} passed",
        "cells": "Cells that raised an error (later cells still ran)",
        "cell": "cell {cell}",
        "notes": "Notes",
        "score": "Score: {score}/{max}",
        "footer": "seed {seed} (replay with --seed {seed}) · {seconds:.2f} s",
        "not_graded": "Not graded: {error}",
        "outcome": {
            "timeout": "timed out",
            "crashed": "crashed",
            "error": "raised",
            "failed": "failed",
        },
    },
    "ko": {
        "task": "과제",
        "points": "점수",
        "what": "확인 내용",
        "fix": "고칠 점",
        "hidden": "숨은 테스트: {total}개 중 {passed}개 통과",
        "cells": "오류가 난 셀 (뒤의 셀은 계속 실행됨)",
        "cell": "셀 {cell}",
        "notes": "참고",
        "score": "점수: {score}/{max}",
        "footer": "시드 {seed} (--seed {seed}로 재현) · {seconds:.2f}초",
        "not_graded": "채점하지 못했습니다: {error}",
        "outcome": {
            "timeout": "시간 초과",
            "crashed": "비정상 종료",
            "error": "오류",
            "failed": "실패",
        },
    },
}


def _points(value: float) -> str:
    return f"{value:g}"


def _words(results: Results) -> dict:
    return WORDS.get(results.lang, WORDS["en"])


def _task_table(results: Results) -> Table:
    w = _words(results)
    table = Table(
        title=f"{results.assignment} · {results.title}", title_justify="left", expand=False
    )
    table.add_column("", width=1)
    table.add_column(w["task"], style="bold")
    table.add_column(w["points"], justify="right")
    table.add_column(w["what"], overflow="fold")
    for task in results.tasks:
        mark = Text("✓", style="green") if task.passed else Text("✗", style="red")
        table.add_row(
            mark, task.name, f"{_points(task.earned)}/{_points(task.points)}", task.description
        )
    return table


def _failures(results: Results, task: TaskResult) -> list[Text]:
    w = _words(results)
    lines = []
    shown: set[str] = set()
    for test in task.visible_tests:
        if test.passed or test.message in shown:
            continue  # the template's ten "not implemented yet" say one thing
        shown.add(test.message)
        outcome = w["outcome"].get(test.outcome, test.outcome)
        line = Text.assemble(
            ("  ✗ ", "red"),
            (f"{task.name}", "bold"),
            (f" [{outcome}] ", "dim"),
            test.message,
        )
        lines.append(line)
    hidden = task.hidden_tests
    passed = sum(t.passed for t in hidden)
    if passed < len(hidden):  # "what to fix": a hidden test that passed has nothing to fix
        lines.append(
            Text("  · " + w["hidden"].format(passed=passed, total=len(hidden)), style="yellow")
        )
    return lines


def report(results: Results) -> Group:
    """The whole report as a rich renderable."""
    w = _words(results)
    parts: list = []
    if results.status != "graded":
        parts.append(
            Text(w["not_graded"].format(error=results.error or results.status), style="bold red")
        )
    if results.tasks:
        parts.append(_task_table(results))
    fixes = [line for task in results.tasks for line in _failures(results, task)]
    if fixes:
        parts.append(Text(w["fix"], style="bold"))
        parts.extend(fixes)
    module = results.submission.kind == "module"
    if results.cell_errors:
        heading = i18n.text(results.lang, "statement_errors_ran") if module else w["cells"]
        parts.append(Text(heading, style="bold"))
        for err in results.cell_errors:
            label = (
                i18n.cell_label(results.lang, "module", err.cell).lower()
                if module
                else w["cell"].format(cell=err.cell)
            )
            parts.append(
                Text.assemble(
                    ("  " + label + ": ", "yellow"),
                    f"{err.ename}: {err.evalue}",
                )
            )
            for tb_line in err.traceback[-4:]:
                parts.append(Text("      " + tb_line.rstrip(), style="dim"))
    if results.limits:
        parts.append(Text(i18n.text(results.lang, "limits"), style="bold"))
        parts.extend(Text("  · " + line, style="yellow") for line in i18n.limit_lines(results))
    if results.notes:
        parts.append(Text(w["notes"], style="bold"))
        parts.extend(Text("  · " + note) for note in results.notes)
    if pending := pending_line(results):
        parts.append(Text(pending, style="bold"))
    score = w["score"].format(score=_points(results.score), max=_points(results.max_score))
    style = "bold green" if results.full_marks else "bold yellow"
    footer = w["footer"].format(seed=results.seed, seconds=results.timings.get("total", 0.0))
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


def render_terminal(
    results: Results, file: IO[str] | None = None, color: bool | None = None
) -> None:
    """Print the report to `file` (standard output by default), coloured when `file` is a
    terminal unless `color` says otherwise."""
    console = Console(
        file=file,
        force_terminal=color,
        # None lets rich read NO_COLOR (https://no-color.org) on a terminal.
        no_color=True if color is False else None,
        highlight=False,
        soft_wrap=False,
    )
    console.print(report(results))


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


__all__ = ["TEXT_WIDTH", "render_rich", "render_terminal", "report"]
