"""The student's notebook as HTML, for the feedback page, with what every install has (issue 24).

Markdown cells are rendered by markdown-it-py (rich's own Markdown parser) with raw HTML off,
so a student's `<script>` or `<style>` stays text; their math (`$…$`, `$$…$$`) becomes MathML,
which browsers draw without a script (latex2mathml, pure Python). Code cells are highlighted
by Pygments (rich's too) and shown with their `[n]` and outputs: text, images as `data:` URIs,
errors. HTML outputs (a DataFrame) are shown as their text form: a student's HTML never
reaches the page. Links keep their words and show where they go, but are not links: the page
asks for nothing and sends the reader nowhere.

Before nbconvert rendered the notebook, when it was installed with its templates, inside an
`<iframe srcdoc>` that headless Chromium painted blank; without nbconvert Markdown showed raw
and LaTeX as `$…$`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .page import escape

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_PLACEHOLDER = "NNGRADEMATH{}END"
_PLACED = re.compile(r"NNGRADEMATH(\d+)END")
_IMAGES = ("image/png", "image/jpeg", "image/gif")


def render_cells(cells: list[Any], banner: Callable[[int], str], language: str = "python") -> str:
    """The notebook's cells as HTML, each after its banner (`banner(index)`, "" for none);
    `index` is 1-based among all cells, as nngrade's results count them."""
    parts = []
    for index, cell in enumerate(cells, 1):
        if not isinstance(cell, Mapping):  # a hand-edited file: what can be shown is shown
            continue
        kind = str(cell.get("cell_type"))
        source = _text(cell.get("source", ""))
        if kind == "markdown":
            body = f'<div class="nb-markdown">{markdown_html(source)}</div>'
        elif kind == "code":
            count = cell.get("execution_count")
            prompt = f"[{count}]" if isinstance(count, int) else "[ ]"
            raw = cell.get("outputs")
            outputs = "".join(
                _output(o) for o in (raw if isinstance(raw, list) else []) if isinstance(o, Mapping)
            )
            body = (
                f'<div class="nb-code"><span class="nb-prompt">{escape(prompt)}</span>'
                f'<pre class="nb-source highlight">{_highlight(source, language)}</pre></div>'
                + (f'<div class="nb-outputs">{outputs}</div>' if outputs else "")
            )
        else:  # raw cells: their text
            body = f'<pre class="nb-raw">{escape(source)}</pre>'
        parts.append(f'{banner(index)}<div class="nb-cell nb-{escape(kind)}">{body}</div>')
    return "\n".join(parts)


def markdown_html(source: str) -> str:
    """A Markdown cell as HTML: CommonMark with tables and strikethrough, raw HTML escaped,
    math as MathML."""
    text, maths = _take_math(source)
    rendered = _markdown().render(text)
    return _PLACED.sub(lambda m: maths[int(m.group(1))], rendered)


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")  # an image would be a load: its words stay text

    def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        href = tokens[idx].attrGet("href") or ""
        return f'<span class="nb-link" title="{escape(href)}">'

    def link_close(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return "</span>"

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("link_close", link_close)
    return md


def _take_math(source: str) -> tuple[str, list[str]]:
    """The Markdown with each `$$…$$` and `$…$` outside code replaced by a placeholder, and
    the MathML of each (or the TeX as code when latex2mathml cannot read it)."""
    maths: list[str] = []
    out: list[str] = []
    i, n = 0, len(source)
    fenced = False
    at_line_start = True
    while i < n:
        if at_line_start:
            line_end = source.find("\n", i)
            line = source[i : line_end if line_end >= 0 else n]
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            if fenced or line.lstrip().startswith(("```", "~~~")):
                out.append(line + ("\n" if line_end >= 0 else ""))
                i = line_end + 1 if line_end >= 0 else n
                continue
        char = source[i]
        at_line_start = char == "\n"
        if char == "\\" and i + 1 < n:
            out.append(source[i : i + 2])
            at_line_start = source[i + 1] == "\n"
            i += 2
            continue
        if char == "`":  # an inline code span: copied as it is, up to the same run of ticks
            run = len(source[i:]) - len(source[i:].lstrip("`"))
            close = source.find("`" * run, i + run)
            end = close + run if close >= 0 else i + run
            out.append(source[i:end])
            i = end
            continue
        if char == "$":
            display = source.startswith("$$", i)
            mark = "$$" if display else "$"
            close = source.find(mark, i + len(mark))
            tex = source[i + len(mark) : close] if close >= 0 else ""
            inline_ok = display or (tex and not tex[0].isspace() and not tex[-1].isspace())
            if close >= 0 and tex.strip() and inline_ok and "\n\n" not in tex:
                maths.append(_mathml(tex.strip(), display))
                out.append(_PLACEHOLDER.format(len(maths) - 1))
                i = close + len(mark)
                continue
        out.append(char)
        i += 1
    return "".join(out), maths


def _mathml(tex: str, display: bool) -> str:
    try:
        from latex2mathml.converter import convert

        return convert(tex, display="block" if display else "inline")
    except Exception:  # TeX latex2mathml cannot read: shown as written
        mark = "$$" if display else "$"
        return f'<code class="nb-tex">{escape(mark + tex + mark)}</code>'


def _highlight(source: str, language: str) -> str:
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name

        return highlight(source, get_lexer_by_name(language), HtmlFormatter(nowrap=True))
    except Exception:  # no lexer: plain text is as readable
        return escape(source)


def _output(output: Mapping[str, Any]) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        name = "stderr" if output.get("name") == "stderr" else "stdout"
        return f'<pre class="nb-stream nb-{name}">{escape(_strip(_text(output.get("text"))))}</pre>'
    if kind == "error":
        trace = "\n".join(_strip(line) for line in output.get("traceback", []) or [])
        trace = trace or f"{output.get('ename', '')}: {output.get('evalue', '')}"
        return f'<pre class="nb-error">{escape(trace)}</pre>'
    data = output.get("data") or {}
    for mime in _IMAGES:
        if mime in data:
            payload = "".join(_text(data[mime]).split())
            if re.fullmatch(r"[A-Za-z0-9+/=]*", payload):
                return f'<img class="nb-image" alt="" src="data:{mime};base64,{payload}">'
    if "text/plain" in data:
        return f'<pre class="nb-result">{escape(_strip(_text(data["text/plain"])))}</pre>'
    return ""


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return "" if value is None else str(value)


def _strip(text: str) -> str:
    """Terminal colours out (tracebacks in saved notebooks carry them)."""
    return _ANSI.sub("", text)


CSS = """
.nb-cell { margin: 10px 0; }
.nb-code { display: flex; gap: 8px; align-items: flex-start; }
.nb-prompt { flex: 0 0 auto; min-width: 3.2em; color: #57606a; font: 12px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding-top: 9px; text-align: right; }
.nb-source { flex: 1 1 auto; min-width: 0; margin: 0; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; overflow-x: auto; }
.nb-outputs { margin-left: calc(3.2em + 8px); }
.nb-outputs pre { margin: 4px 0; padding: 4px 10px; overflow-x: auto; }
.nb-stderr, .nb-error { background: #ffebe9; color: #82071e; border-radius: 6px; }
.nb-image { max-width: 100%; height: auto; display: block; margin: 4px 0; }
.nb-markdown { padding: 0 4px 0 calc(3.2em + 12px); }
.nb-markdown table { border-collapse: collapse; }
.nb-markdown th, .nb-markdown td { border: 1px solid #d0d7de; padding: 3px 8px; }
.nb-markdown math[display="block"] { margin: 8px 0; }
.nb-link { text-decoration: underline dotted; }
.nb-raw { color: #57606a; }
.highlight .k, .highlight .kn, .highlight .kd, .highlight .ow { color: #cf222e; }
.highlight .nf, .highlight .nc { color: #8250df; }
.highlight .s, .highlight .s1, .highlight .s2, .highlight .sd { color: #0a3069; }
.highlight .mi, .highlight .mf, .highlight .m { color: #0550ae; }
.highlight .c, .highlight .c1, .highlight .cm { color: #6e7781; font-style: italic; }
.highlight .nb, .highlight .bp { color: #953800; }
"""
"""The notebook's look (the page's own fonts; a JupyterLab-like layout, prompts on the left)."""


__all__ = ["CSS", "markdown_html", "render_cells"]
