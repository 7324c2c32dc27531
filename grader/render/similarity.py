"""The similarity report drawn: its section of `summary.html`, its tables on the terminal
(`nngrade similar`), and the line `nngrade grade` prints when pairs were found.

The report itself (`nngrade.class_report.SimilarityReport`) is built by
`nngrade.batch.similarity_report`; this module only draws it, and imports nothing of the batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nngrade.class_report import Document, Fragment, SimilarityReport, cell_lines
from nngrade.messages import say
from nngrade.render.page import escape as _e

FRAGMENTS_SHOWN = 8
"""Fragments shown per pair, the longest first (the rest are counted)."""
PAIRS_SHOWN = 25
"""Pairs whose fragments the page shows (the table lists every pair; the first 10 are open)."""
LINES_SHOWN = 40
"""Lines shown per side of a fragment on the page (the terminal shows 12)."""


# -- words ----------------------------------------------------------------------------------


def _pct(score: float) -> str:
    """A score as a whole percentage, rounded down: a pair below the threshold never shows
    as reaching it."""
    return f"{math.floor(100 * score + 1e-9)}%"


def _where(
    report: SimilarityReport, lang: str, student: str, cell: int, lines: tuple[int, int]
) -> str:
    module = report.files.get(student, "").endswith(".py")  # one cell, no cell numbers
    key = "similar.where_module" if module else "similar.where_cell"
    return say(key, lang, student=student, cell=cell, first=lines[0], last=lines[1])


def _note(report: SimilarityReport, lang: str) -> list[str]:
    """The sentences that say what was compared and what was left out."""
    left_out = [say("similar.starter", lang)] if report.starter else []
    left_out += report.bases
    out = [
        say(
            "similar.note",
            lang,
            compared=report.compared,
            excluded=", ".join(left_out) or "–",
            threshold=_pct(report.threshold),
        )
    ]
    if not report.bases:
        out.append(say("similar.no_base", lang))
    if report.missing:
        out.append(say("similar.missing", lang, students=", ".join(report.missing)))
    return out


def _below(report: SimilarityReport, lang: str) -> str:
    p = report.highest_below
    if p is None:
        return ""
    return say("similar.highest_below", lang, score=_pct(p.score), a=p.a, b=p.b)


# -- the page -------------------------------------------------------------------------------

# Its CSS is part of the summary page's (templates/summary.css).


def _pre(doc: Document, cell: int, lines: tuple[int, int]) -> str:
    shown = cell_lines(doc, cell, lines)
    more = len(shown) - LINES_SHOWN
    body = "\n".join(
        f'<span class="ln">{n:>3}</span>  {_e(text)}' for n, text in shown[:LINES_SHOWN]
    )
    if more > 0:
        body += f'\n<span class="ln">…</span>  (+{more})'
    return f"<pre>{body}</pre>"


def notice_html(report: SimilarityReport | None, lang: str) -> str:
    """A line for the top of the page when pairs were found ("" otherwise)."""
    if report is None or not report.pairs:
        return ""
    text = say("similar.notice", lang, n=len(report.pairs), threshold=_pct(report.threshold))
    return f'<p class="notice"><a href="#similar">{_e(text)}</a></p>'


def section_html(report: SimilarityReport | None, lang: str) -> str:
    """The page section: what was compared, the pairs, and their fragments side by side."""
    if report is None:
        return ""

    def t(key: str, **fields: object) -> str:
        return _e(say(f"similar.{key}", lang, **fields))

    parts = [f'<section class="card" id="similar"><h2>{t("title")}</h2>']
    parts += [f'<p class="muted">{_e(line)}</p>' for line in _note(report, lang)]
    if not report.pairs:
        parts.append(
            f"<p>{t('none', threshold=_pct(report.threshold))} {_e(_below(report, lang))}</p>"
        )
        return "".join(parts) + "</section>"
    rows = "".join(
        f"<tr><td class='num'>{_pct(p.score)}</td><td>{_e(p.a)}</td><td>{_e(p.b)}</td>"
        f"<td class='num'>{p.shared}</td><td class='num'>{len(p.fragments)}</td></tr>"
        for p in report.pairs
    )
    parts.append(
        f"<table class='pairs'><tr><th class='num'>{t('score')}</th><th>{t('student')}</th>"
        f"<th>{t('student')}</th><th class='num'>{t('shared')}</th>"
        f"<th class='num'>{t('fragments')}</th></tr>{rows}</table>"
    )
    if report.highest_below is not None:
        parts.append(f'<p class="muted">{_e(_below(report, lang))}</p>')
    if len(report.pairs) > PAIRS_SHOWN:
        parts.append(f'<p class="muted">{t("more_pairs", shown=PAIRS_SHOWN)}</p>')
    for n, p in enumerate(report.pairs[:PAIRS_SHOWN]):
        a, b = report.documents[p.a], report.documents[p.b]
        parts.append(
            f'<details class="pair"{" open" if n < 10 else ""}><summary>{_e(p.a)} ↔ {_e(p.b)} · {_pct(p.score)}</summary>'
            f'<p class="muted mono">{_e(report.files.get(p.a, ""))}<br>{_e(report.files.get(p.b, ""))}</p>'
        )
        for f in _longest(p.fragments):
            parts.append(
                '<div class="frag">'
                f'<div><span class="muted">{_e(_where(report, lang, p.a, f.a_cell, f.a_lines))}</span>'
                f"{_pre(a, f.a_cell, f.a_lines)}</div>"
                f'<div><span class="muted">{_e(_where(report, lang, p.b, f.b_cell, f.b_lines))}</span>'
                f"{_pre(b, f.b_cell, f.b_lines)}</div></div>"
            )
        if len(p.fragments) > FRAGMENTS_SHOWN:
            parts.append(f'<p class="muted">{t("more", n=len(p.fragments) - FRAGMENTS_SHOWN)}</p>')
        parts.append("</details>")
    return "".join(parts) + "</section>"


def _longest(fragments: Sequence[Fragment]) -> list[Fragment]:
    """The longest fragments, shown in the order of the first submission."""
    chosen = sorted(fragments, key=lambda f: -f.tokens)[:FRAGMENTS_SHOWN]
    return [f for f in fragments if f in chosen]


# -- the terminal ---------------------------------------------------------------------------


def print_report(report: SimilarityReport, console: Any = None, lang: str = "en") -> None:
    """The report as rich tables: the pairs, then each pair's fragments side by side."""
    from rich.console import Console
    from rich.table import Table

    from nngrade.render.safe_text import rich_text  # names and code are submissions'

    console = console or Console(highlight=False)

    def t(key: str, **fields: object) -> str:
        return say(f"similar.{key}", lang, **fields)

    console.print(rich_text(t("title"), style="bold"))
    for line in _note(report, lang):
        console.print(rich_text(line, style="dim"))
    if not report.pairs:
        console.print(
            rich_text(f"{t('none', threshold=_pct(report.threshold))} {_below(report, lang)}")
        )
        return
    pairs = Table(show_edge=False)
    for name, justify in [("score", "right"), ("student", "left"), ("student", "left"),
                          ("shared", "right"), ("fragments", "right")]:  # fmt: skip
        pairs.add_column(t(name), justify=justify)  # type: ignore[arg-type]
    for p in report.pairs:
        pairs.add_row(
            _pct(p.score), rich_text(p.a), rich_text(p.b), str(p.shared), str(len(p.fragments))
        )
    console.print(pairs)
    if report.highest_below is not None:
        console.print(rich_text(_below(report, lang), style="dim"))
    for p in report.pairs:
        a, b = report.documents[p.a], report.documents[p.b]
        console.print()
        console.print(rich_text(f"{p.a} ↔ {p.b} · {_pct(p.score)}", style="bold"))
        for f in _longest(p.fragments)[:5]:
            side = Table(show_edge=False, expand=True, show_lines=False)
            side.add_column(rich_text(_where(report, lang, p.a, f.a_cell, f.a_lines)), ratio=1,
                            overflow="fold")  # fmt: skip
            side.add_column(rich_text(_where(report, lang, p.b, f.b_cell, f.b_lines)), ratio=1,
                            overflow="fold")  # fmt: skip
            left = cell_lines(a, f.a_cell, f.a_lines)[:12]
            right = cell_lines(b, f.b_cell, f.b_lines)[:12]
            for i in range(max(len(left), len(right))):
                side.add_row(*(rich_text(f"{s[i][0]:>3}  {s[i][1]}") if i < len(s) else rich_text("")
                               for s in (left, right)))  # fmt: skip
            console.print(side)
        if len(p.fragments) > 5:
            console.print(rich_text(t("more", n=len(p.fragments) - 5), style="dim"))
    console.print(rich_text(t("time", seconds=f"{report.seconds:.2f}"), style="dim"))


def similar_line(report: SimilarityReport, lang: str, out: Path) -> str:
    """The line `grade` prints when pairs were found."""
    return say("similar.grade_line", lang, n=len(report.pairs),
                     threshold=_pct(report.threshold), out=out)  # fmt: skip


def pairs_lines(report: SimilarityReport, lang: str, folder: Path) -> list[str]:
    """The similar pairs as `nngrade gradebook` lists them under the summary (summary.html
    lists the same; `nngrade similar DIR` shows their fragments)."""
    from nngrade.render.safe_text import terminal_line

    threshold = _pct(report.threshold)
    if not report.pairs:
        return [say("similar.none", lang, threshold=threshold)]
    lines = [say("gradebook.similar_head", lang, threshold=threshold, folder=folder)]
    for p in report.pairs:
        # the students' names are the submissions' (folder and file names)
        lines.append("  " + say("gradebook.similar_pair", lang, score=_pct(p.score),
                                      a=terminal_line(p.a), b=terminal_line(p.b),
                                      shared=p.shared))  # fmt: skip
    return lines
