"""The report a student reads in the terminal, drawn with rich.

It reads the results model and nothing else: a table of tasks with ✓/✗ and points, what to
fix for each failed test, the cells that raised, notes, then the seed, the time and the
total. Colour only when the output is a terminal (rich decides; `NO_COLOR` is honoured).
"""

from __future__ import annotations

from typing import IO

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..results import Results, TaskResult
from . import i18n
from .i18n import pending_line, points

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
            mark, task.name, f"{points(task.earned)}/{points(task.points)}", task.description
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
    score = w["score"].format(score=points(results.score), max=points(results.max_score))
    style = "bold green" if results.full_marks else "bold yellow"
    footer = w["footer"].format(seed=results.seed, seconds=results.timings.get("total", 0.0))
    parts.append(Panel(Text.assemble((score, style), "   ", (footer, "dim")), expand=False))
    return Group(*parts)


def render_terminal(
    results: Results, file: IO[str] | None = None, color: bool | None = None
) -> None:
    """Print the report to `file` (standard output by default)."""
    console = Console(
        file=file,
        force_terminal=color,
        # None lets rich read NO_COLOR (https://no-color.org) on a terminal.
        no_color=True if color is False else None,
        highlight=False,
        soft_wrap=False,
    )
    console.print(report(results))


def render_text(results: Results, width: int = 100) -> str:
    """The same report as plain text, for `--format rich -o report.txt`."""
    console = Console(width=width, record=True, no_color=True, force_terminal=False, file=_Null())
    console.print(report(results))
    return console.export_text()


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


__all__ = ["render_terminal", "render_text", "report"]
