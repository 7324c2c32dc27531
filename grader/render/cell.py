"""The report inside a notebook cell (`nngrade.check()`, `%nngrade`): an HTML fragment.

It is the feedback page's report (`render/html.py`: the score with the hidden points apart, the
task table, what to fix, the cells that raised, the limits, the notes) without the page around
it and without the notebook below it, since the student is looking at the notebook. A cell's
output is part of the front end's page (JupyterLab, VS Code; Colab puts it in a frame), so the
page's CSS is scoped to the report's own element: it restyles nothing of the notebook. There is
no script; everything from a submission or a test is escaped, as on the page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nngrade.render import html
from nngrade.render.page import escape as _e
from nngrade.render.page import template as template_file

if TYPE_CHECKING:
    from nngrade.render.formats import RenderOptions
    from nngrade.results import Results

SCOPE = ".nngrade-report"
"""The class of the report's element: every rule of its CSS applies inside it only."""


def render_cell(
    results: Results, options: RenderOptions | None = None, *, warning: str | None = None
) -> str:
    """The report of `results` as HTML for a cell's `text/html` output, in `results.lang`.

    warning: a line shown above the report (the code ran unconfined here), already in words.
    """
    marked: set[int] = set()  # no notebook below: no banner to point at
    parts = [
        f'<div class="nngrade-warning" role="note">{_e(warning)}</div>' if warning else "",
        html._header(results),
        html._tasks(results),
        html._failures(results, results.task_cells, marked),
        html._cell_errors(results, marked),
        html._limits(results),
        html._notes(results),
        html._footer(results),
    ]
    body = "\n".join(part for part in parts if part)
    css = scope_css(f"{template_file('feedback.css')}\n{template_file('cell.css')}", SCOPE)
    return (
        f'<div class="{SCOPE[1:]}" lang="{_e(results.lang)}">\n'
        f"<style>\n{css}\n</style>\n{body}\n</div>\n"
    )


_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def scope_css(css: str, scope: str) -> str:
    """`css` with every selector made to apply inside `scope` only.

    `:root`, `html` and `body` become the scope itself; other selectors get it in front
    (`.card h2` -> `.nngrade-report .card h2`). `@media` blocks are scoped inside; other
    at-rules are dropped (the page's CSS has none). Enough for nngrade's own templates, which
    are plain rules: it is not a CSS parser.
    """
    css = _COMMENT.sub("", css)
    out: list[str] = []
    pos = 0
    while pos < len(css):
        brace = css.find("{", pos)
        if brace < 0:
            break
        prelude = css[pos:brace].strip()
        end = _block_end(css, brace)
        block = css[brace + 1 : end]
        if prelude.startswith("@media"):
            out.append(f"{prelude} {{\n{scope_css(block, scope)}\n}}")
        elif prelude and not prelude.startswith("@"):
            selectors = ", ".join(_scoped(sel.strip(), scope) for sel in prelude.split(","))
            out.append(f"{selectors} {{{block}}}")
        pos = end + 1
    return "\n".join(out)


def _block_end(css: str, brace: int) -> int:
    depth = 0
    for i in range(brace, len(css)):
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(css)


def _scoped(selector: str, scope: str) -> str:
    head, _, rest = selector.partition(" ")
    if head in (":root", "html", "body"):
        return f"{scope} {rest}".strip()
    return f"{scope} {selector}"
