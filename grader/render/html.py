"""HTML feedback: one self-contained page per submission.

The page opens offline and fetches nothing: the CSS is inlined, there is no script, and a
Content-Security-Policy forbids any load or script anyway. Everything from a submission or a
test is escaped.

Below the report, the student's notebook, rendered by `notebook_page` with what every install
has (issue 24): Markdown and math as Jupyter shows them, code with its `[n]` and outputs, and
never the student's own HTML, so nothing of theirs can run, restyle or cover the report. A
banner goes before each cell that a failing task points at (`Results.task_cells`) and each
cell that raised. A `.py` module's source is shown statement by statement.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nngrade.messages import say
from nngrade.render.i18n import (
    cell_label,
    confinement,
    error_name,
    error_value,
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
from nngrade.render.page import document
from nngrade.render.page import escape as _e
from nngrade.render.page import template as template_file
from nngrade.results import Results, TaskResult

from .cell_reference import describe

if TYPE_CHECKING:
    from nngrade.render.formats import RenderOptions

_BANNER_MESSAGE_CHARS = 160


def render_html(
    results: Results,
    options: RenderOptions | None = None,
    *,
    notebook_path: str | os.PathLike[str] | None = None,
    task_cells: Mapping[str, Sequence[int]] | None = None,
) -> str:
    """The feedback page, in `results.lang`.

    The submitted `.ipynb` or `.py` is shown below the report when `options.source` (or
    `notebook_path`) says where it can be read; a failing task's cells (`results.task_cells`,
    or `task_cells`: task -> 1-based cells) get a banner with its first failure, and the cells
    that raised get one too.
    """
    lang = results.lang
    if notebook_path is None and options is not None:
        notebook_path = options.source
    if task_cells is None:
        task_cells = results.task_cells
    markers = _markers(results, task_cells)
    notebook = ""
    marked: set[int] = set()
    if notebook_path is not None:
        notebook, marked = _notebook_section(
            Path(notebook_path), markers, lang, results.submission.kind
        )

    title = f"{results.title} · {say('feedback', lang)} · {score_value(results)}"
    body = "\n".join(
        part
        for part in (
            _header(results),
            _tasks(results),
            _failures(results, task_cells, marked),
            _cell_errors(results, marked),
            _limits(results),
            _notes(results),
            _footer(results),
            notebook,
        )
        if part
    )
    from .notebook_page import CSS as NOTEBOOK_CSS

    css = f"{template_file('feedback.css')}\n{template_file('marker.css')}\n{NOTEBOOK_CSS}"
    return document(lang, title, body, css=css)


# -- the report ---------------------------------------------------------------------------


def _header(results: Results) -> str:
    lang = results.lang
    graded_max = results.max_score - results.ungraded  # what this run could give (issue 24)
    if results.status == "graded" and results.score >= graded_max:
        state = "full"
    elif results.status != "graded" or results.score <= 0:
        state = "zero"
    else:
        state = "partial"
    # The bar's width is presentation of the score, not a score.
    ratio = results.score / graded_max if graded_max > 0 else 0.0
    if results.full_marks:
        sub = say("full_marks", lang)
    elif pending := pending_line(results):
        sub = pending
    elif results.tasks:
        full = sum(t.passed for t in results.tasks)
        sub = say("tasks_passed", lang, passed=full, total=len(results.tasks))
    else:
        sub = ""

    meta = []
    if results.submission.student:
        meta.append((say("student", lang), _e(results.submission.student)))
    meta.append((say("submission", lang), f"<code>{_e(results.submission.path)}</code>"))
    meta_html = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in meta)
    status = status_line(results)
    status_html = f'<div class="status" role="alert">{_e(status)}</div>' if status else ""
    return f"""<header class="card header state-{state}">
<div class="score">
<span class="score-label">{_e(say("score", lang))}</span>
<span class="score-value" id="score">{_e(score_value(results))}</span>
<div class="bar" aria-hidden="true"><span style="width: {ratio * 100:.1f}%"></span></div>
<div class="score-sub">{_e(sub)}</div>
</div>
<div class="title">
<p class="eyebrow">{_e(say("feedback", lang))} · <span class="mono">{_e(results.assignment)}</span></p>
<h1>{_e(results.title)}</h1>
<dl class="meta">{meta_html}</dl>
{status_html}
</div>
</header>"""


def _tasks(results: Results) -> str:
    if not results.tasks:
        return ""
    lang = results.lang
    rows = []
    for task in results.tasks:
        state, mark = ("pass", "✓") if task.passed else ("fail", "✗")
        if results.status != "graded":
            state, mark = "ungraded", "–"  # never graded: neither passed nor failed
        hidden = hidden_summary(lang, task)
        hidden_html = f'<div class="hidden-count">{_e(hidden)}</div>' if hidden else ""
        rows.append(
            f'<tr class="{state}"><td><span class="mark" aria-label="{_e(state)}">{mark}</span></td>'
            f"<td><code>{_e(task.name)}</code></td>"
            f'<td class="num">{_e(task_points(results, task))}</td>'
            f"<td>{_e(task.description)}{hidden_html}</td></tr>"
        )
    return f"""<section class="card">
<h2>{_e(say("tasks", lang))}</h2>
<table class="tasks">
<thead><tr><th></th><th>{_e(say("task", lang))}</th><th class="num">{_e(say("points", lang))}</th><th>{_e(say("description", lang))}</th></tr></thead>
<tbody>
{"".join(rows)}
</tbody>
</table>
</section>"""


def _failures(results: Results, task_cells: Mapping[str, Sequence[int]], marked: set[int]) -> str:
    # In a run that stopped, the tasks whose tests never ran are not "to fix": the header
    # already says why.
    failing = [t for t in results.tasks if not t.passed and (t.tests or results.status == "graded")]
    if not failing:
        return ""
    lang = results.lang
    blocks = []
    for task in failing:
        items = []
        for test in task.visible_tests:
            if test.passed:
                continue
            message = f"<pre>{_e(test.message.rstrip())}</pre>" if test.message.strip() else ""
            items.append(
                f'<div class="test"><div class="test-head"><code>{_e(test.name)}</code>'
                f'<span class="chip">{_e(outcome(lang, test.outcome))}</span>'
                f'<span class="chip grey">{_e(pts(lang, test.earned, test.points))}</span></div>'
                f"{message}</div>"
            )
        if hidden := hidden_summary(lang, task):
            items.append(f'<div class="test"><span class="chip grey">{_e(hidden)}</span></div>')
        if not task.tests:
            items.append(f'<p class="muted">{_e(say("no_tests", lang))}</p>')
        cells = [c for c in task_cells.get(task.name, ()) if c in marked]
        if cells:
            names = ", ".join(cell_label(lang, results.submission.kind, c) for c in cells)
            items.append(
                f'<div class="see-cells">→ {_e(unit_text(lang, results.submission.kind, "see_cells", cells=names))}</div>'
            )
        description = f'<p class="muted">{_e(task.description)}</p>' if task.description else ""
        blocks.append(
            f'<div class="task-fix"><h3><span class="x">✗</span><code>{_e(task.name)}</code>'
            f'<span class="pts">{_e(pts(lang, task.earned, task.points))}</span></h3>'
            f"{description}{''.join(items)}</div>"
        )
    return f"""<section class="card">
<h2>{_e(say("to_fix", lang))}</h2>
{"".join(blocks)}
</section>"""


def _cell_errors(results: Results, marked: set[int]) -> str:
    if not results.cell_errors:
        return ""
    lang, kind = results.lang, results.submission.kind
    blocks = []
    for err in results.cell_errors:
        defines = ""
        if err.defines:
            names = ", ".join(f"<code>{_e(n)}</code>" for n in err.defines)
            key = "cell_error_defines" if kind != "module" else "statement_error_defines"
            defines = f"<p>{_html_text(lang, key, names=names)}</p>"
        details = f"<pre>{_e(chr(10).join(err.traceback))}</pre>" if err.traceback else ""
        label = cell_label(lang, kind, err.cell)
        if err.cell in marked:
            where = unit_text(lang, kind, "see_cells", cells=label)
            details += f'<div class="see-cells">→ {_e(where)}</div>'
        heading = _e(label)
        if kind != "module":  # named as Jupyter shows it (issue 24), its code as code
            found = describe(results, err.cell, fallback=label)
            heading = re.sub(r"`([^`]*)`", r"<code>\1</code>", _e(found[:1].upper() + found[1:]))
        blocks.append(
            f'<div class="cell-error"><h3>{heading} · '
            f"<code>{_e(error_name(lang, err))}</code> {_e(error_value(lang, err))}</h3>"
            f"{defines}{details}</div>"
        )
    return f"""<section class="card">
<h2>{_e(unit_text(lang, kind, "cell_errors"))}</h2>
<p class="muted">{_e(unit_text(lang, kind, "cell_error_note"))}</p>
{"".join(blocks)}
</section>"""


def _limits(results: Results) -> str:
    """The limits that applied (issue 13), one line each."""
    if not results.limits:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in limit_lines(results))
    return f"""<section class="card">
<h2>{_e(say("limits", results.lang))}</h2>
<ul class="notes">{items}</ul>
</section>"""


def _notes(results: Results) -> str:
    said = notes(results)
    if not said:
        return ""
    items = "".join(f"<li>{_e(note)}</li>" for note in said)
    return f"""<section class="card">
<h2>{_e(say("notes", results.lang))}</h2>
<ul class="notes">{items}</ul>
</section>"""


def _footer(results: Results) -> str:
    lang = results.lang
    bits = [f"{_e(say('seed', lang))}: <span class='mono'>{results.seed}</span>"]
    if timing := timing_line(results):
        bits.append(f"{_e(say('timing', lang))}: {_e(timing)}")
    if results.assignment_version:
        bits.append(f"{_e(say('version', lang))}: {_e(results.assignment_version)}")
    if results.submission.sha256:
        bits.append(f"sha256 <span class='mono'>{_e(results.submission.sha256[:12])}</span>")
    versions = [f"{k} {v}" for k, v in results.environment.items() if k in ("nngrade", "python")]
    bits.append(_e(" · ".join([say("generated_by", lang), *versions])))
    how = confinement(lang, results.confinement)  # issue 22
    bits.append(f"<span class='confinement'>{_e(say('confinement', lang, how=how))}</span>")
    return '<footer class="footer">' + "".join(f"<span>{b}</span>" for b in bits) + "</footer>"


# -- the notebook -------------------------------------------------------------------------


def _markers(results: Results, task_cells: Mapping[str, Sequence[int]]) -> dict[int, list[str]]:
    """Cell (1-based) -> the banner lines (HTML) to show before it."""
    lang = results.lang
    markers: dict[int, list[str]] = {}
    for task in results.tasks:
        if task.passed or task.name not in task_cells:
            continue
        name = f"<code>{_e(task.name)}</code>"
        line = f"{_html_text(lang, 'marker_task', task=name)} · {_e(pts(lang, task.earned, task.points))}"
        if first := _first_failure(results, task):
            line += f": {_e(first)}"
        for cell in task_cells[task.name]:
            markers.setdefault(cell, []).append(line)
    for err in results.cell_errors:
        head = _e(say("marker_cell_error", lang, ename=error_name(lang, err)))
        markers.setdefault(err.cell, []).append(f"{head}: {_e(_shorten(error_value(lang, err)))}")
    return markers


def _first_failure(results: Results, task: TaskResult) -> str:
    """The line a banner shows for a failing task: its first visible failure, else the count."""
    for test in task.visible_tests:
        if not test.passed:
            lines = test.message.strip().splitlines()
            return _shorten(lines[0] if lines else outcome(results.lang, test.outcome))
    return hidden_summary(results.lang, task) or status_line(results) or ""


def _shorten(line: str) -> str:
    line = " ".join(line.split())
    if len(line) <= _BANNER_MESSAGE_CHARS:
        return line
    return line[: _BANNER_MESSAGE_CHARS - 1].rstrip() + "…"


def _banner(cell: int, lines: list[str], lang: str, kind: str = "notebook") -> str:
    items = "".join(f"<li>{line}</li>" for line in lines)
    label = _e(cell_label(lang, kind, cell))
    return f'<div class="marker" id="cell-{cell}"><span class="marker-cell">{label}</span><ul>{items}</ul></div>'


def _notebook_section(
    path: Path, markers: dict[int, list[str]], lang: str, kind: str = "notebook"
) -> tuple[str, set[int]]:
    """The notebook part of the page and the cells that got a banner."""
    heading = say("your_notebook" if path.suffix == ".ipynb" else "your_code", lang)
    try:
        if path.suffix == ".ipynb":
            content, marked = _notebook(path, markers, lang)
        else:
            content, marked = _module(path, markers, lang)
    except Exception as exc:  # an unreadable notebook must not cost the student the report
        why = f"{type(exc).__name__}: {exc}"
        unavailable = unit_text(lang, kind, "notebook_unavailable", why=why)
        content = f'<p class="muted">{_e(unavailable)}</p>'
        marked = set()
    section = f"""<section class="card notebook">
<h2>{_e(heading)} <span class="muted mono">{_e(path.name)}</span></h2>
{content}
</section>"""
    return section, marked


def _module(path: Path, markers: dict[int, list[str]], lang: str) -> tuple[str, set[int]]:
    """A module's source, statement by statement (its cells), each banner before its line."""
    from nngrade.submission import module_statements

    source = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    blocks, marked = [], set()
    for cell in module_statements(source):
        banner = ""
        if cell.index in markers:
            banner = _banner(cell.index, markers[cell.index], lang, "module")
            marked.add(cell.index)
        blocks.append(f"{banner}<pre>{_e(cell.source)}</pre>")
    return f'<div class="source-cell">{"".join(blocks)}</div>', marked


def _notebook(path: Path, markers: dict[int, list[str]], lang: str) -> tuple[str, set[int]]:
    """The notebook rendered in the page (issue 24): Markdown and math as a student sees
    them in Jupyter, code with its `[n]` and outputs, each banner before its cell."""
    import json

    from .notebook_page import render_cells

    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and data.get("nbformat") == 4:
        cells = data.get("cells")  # read as JSON: nbformat's validation costs 2 s cold
    else:  # nbformat 3, converted as the grading converted it
        cells = _nbformat_cells(path)
    cells = cells if isinstance(cells, list) else []
    marked = {cell for cell in markers if 1 <= cell <= len(cells)}

    def banner(index: int) -> str:
        return _banner(index, markers[index], lang) if index in markers else ""

    return f'<div class="notebook-cells">{render_cells(cells, banner)}</div>', marked


def _nbformat_cells(path: Path) -> list:
    import warnings

    import nbformat
    from nbformat.warnings import MissingIDFieldWarning

    # A notebook saved without cell ids is fine to show; nbformat's warning about it would
    # reach the student's terminal in English (issue 12).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingIDFieldWarning)
        return list(nbformat.read(path, as_version=4).cells)


def _html_text(lang: str, key: str, **html_fields: str) -> str:
    """A UI string whose fields are HTML already (`<code>predict</code>`): escape, then fill."""
    # The words are escaped, then the HTML fields put in: fill with markers, escape, swap.
    marked = say(key, lang, **{name: f"⟦{name}⟧" for name in html_fields})
    escaped = _e(marked)
    for name, value in html_fields.items():
        escaped = escaped.replace(f"⟦{name}⟧", value)
    return escaped
