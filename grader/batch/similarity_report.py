"""The class similarity report: pairs of students whose code is too alike, with the evidence.

`nngrade grade` keeps the code of every file it sees in the gradebook (`sources`, by sha256,
with the assignment's starter notebook and the `--base` files), so the report can be made at
any later time, even for files that came out of an archive extracted only for the run:

    nngrade grade hw6 submissions/ --base lecture6.py     # summary.html lists the pairs
    nngrade similar hw6-grades                            # prints them (similar_command.py)

Each student's latest submission is compared (`similarity.py` says how); the starter and the
base files are left out of the evidence. The page section and the terminal show the pairs at or
above the threshold with the shared fragments side by side.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nngrade.errors import NngradeError, UsageError
from nngrade.messages import say
from nngrade.render.page import escape as _e

from . import similarity
from .gradebook import Gradebook
from .similarity import Document, Pair

STARTER = "similarity.starter"
"""gradebook meta: the sha256 of the assignment's starter notebook, as the last run saw it."""
BASES = "similarity.bases"
"""gradebook meta: [[name, sha256], ...] of the `--base` files of the last run that gave some."""
THRESHOLD = "similarity.threshold"
"""gradebook meta: the threshold of the last run, the default of `nngrade similar`."""

FRAGMENTS_SHOWN = 8
"""Fragments shown per pair, the longest first (the rest are counted)."""
PAIRS_SHOWN = 25
"""Pairs whose fragments the page shows (the table lists every pair; the first 10 are open)."""
LINES_SHOWN = 40
"""Lines shown per side of a fragment on the page (the terminal shows 12)."""
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


# -- reading code ---------------------------------------------------------------------------


def read_code(path: Path) -> list[tuple[int, str]]:
    """The code cells of a notebook or module, as (cell index, source), via `load_submission`."""
    from nngrade.submission import load_submission

    return [(c.index, c.source) for c in load_submission(path).cells]


def read_base(path: Path, what: str = "--base") -> tuple[str, list[tuple[int, str]]]:
    """A base file's (sha256, code). A notebook or `.py` module is read as a submission is;
    any other text (the lecture notes in Markdown) gives its fenced code blocks, or all of it
    when it has none. Raises UsageError with one line when the file cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError("base_error.not_found", what=what, path=path) from None
    except IsADirectoryError:
        raise UsageError("base_error.folder", what=what, path=path) from None
    except OSError as e:
        raise UsageError(
            "base_error.unreadable", what=what, path=path, why=str(e.strerror or e)
        ) from None
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in (".ipynb", ".py"):
        try:
            return sha, read_code(path)
        except NngradeError as e:
            raise UsageError("base_error.not_code", what=what, error=e.note) from None
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise UsageError("base_error.not_text", what=what, path=path) from None
    blocks = _FENCE.findall(text)
    return sha, [(i, block) for i, block in enumerate(blocks, start=1)] if blocks else [(1, text)]


def remember(
    book: Gradebook,
    entries: Sequence[Any],
    *,
    starter: Path | None,
    bases: Sequence[Path] = (),
    threshold: float | None = None,
) -> list[str]:
    """Keep the code of the files `grade` found (`inputs.Entry`: path, sha256, problem), of the
    starter notebook and of the `--base` files in the gradebook. Returns notes on what could
    not be read (those files are graded as errors anyway)."""
    known = set(book.sources())
    rows: list[tuple[str, str, list[tuple[int, str]]]] = []
    notes: list[str] = []
    for entry in entries:
        if entry.problem is None and entry.sha256 not in known:
            try:
                cells = read_code(Path(entry.path))
            except NngradeError:
                continue  # its grading says why
            kind = "notebook" if str(entry.path).endswith(".ipynb") else "module"
            rows.append((entry.sha256, kind, cells))
            known.add(entry.sha256)
    base_meta = []
    for path in bases:
        sha, cells = read_base(path)
        rows.append((sha, "base", cells))
        base_meta.append([path.name, sha])
    starter_sha = None
    if starter is not None:
        try:
            starter_sha, cells = read_base(starter, "the starter notebook")
            rows.append((starter_sha, "base", cells))
        except UsageError as e:
            notes.append(f"{e}; it is not left out of the similarity report")
    book.store_sources(rows)
    with book.transaction():
        if starter_sha:
            book.set_meta(STARTER, starter_sha)
        if base_meta:
            book.set_meta(BASES, json.dumps(base_meta, ensure_ascii=False))
        if threshold is not None:
            book.set_meta(THRESHOLD, repr(threshold))
    return notes


# -- the report -----------------------------------------------------------------------------


@dataclass
class SimilarityReport:
    """What the page section and `nngrade similar` show."""

    threshold: float
    compared: int
    starter: bool
    """Whether the starter notebook's code was left out."""
    bases: list[str]
    """The base files left out, by name."""
    pairs: list[Pair]
    """At or above the threshold, highest first, with their fragments."""
    highest_below: Pair | None
    """The highest-scoring pair under the threshold: what the threshold keeps out."""
    documents: dict[str, Document] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """student -> the file compared (as the gradebook records it)."""
    missing: list[str] = field(default_factory=list)
    """Students whose code is not in the gradebook (not compared)."""
    seconds: float = 0.0


def class_similarity(
    book: Gradebook,
    *,
    bases: Sequence[Path] | None = None,
    threshold: float | None = None,
    max_share: int = similarity.MAX_SHARE,
) -> SimilarityReport:
    """Compare the latest submission of every student in the gradebook.

    `bases` None uses the base files the last `grade --base` kept; `threshold` None the last
    run's threshold, else `similarity.THRESHOLD`.
    """
    started = time.perf_counter()
    code = book.sources()
    if threshold is None:
        stored = book.meta(THRESHOLD)
        threshold = float(stored) if stored else similarity.THRESHOLD
    base_cells: list[list[tuple[int, str]]] = []
    if bases is None:
        names = []
        for name, sha in json.loads(book.meta(BASES) or "[]"):
            if sha in code:
                names.append(name)
                base_cells.append(code[sha])
    else:
        names = [p.name for p in bases]
        base_cells = [read_base(p)[1] for p in bases]
    starter_sha = book.meta(STARTER)
    if starter_sha in code:
        base_cells.append(code[starter_sha])
    excluded: set[int] = set()
    for cells in base_cells:
        excluded |= similarity.base_hashes(cells)
    documents, files, missing = {}, {}, []
    for row in book.latest():
        cells = code.get(row.sha256) or _reread(row.path, row.sha256)
        if cells is None:
            missing.append(row.student)
            continue
        documents[row.student] = similarity.document(row.student, cells)
        files[row.student] = row.path
    flagged, scored = similarity.compare(
        list(documents.values()), excluded, threshold=threshold, max_share=max_share
    )
    below = next((p for p in scored if p.score < threshold), None)
    return SimilarityReport(
        threshold=threshold,
        compared=len(documents),
        starter=starter_sha in code,
        bases=names,
        pairs=flagged,
        highest_below=below,
        documents=documents,
        files=files,
        missing=missing,
        seconds=time.perf_counter() - started,
    )


def _reread(path: str, sha256: str) -> list[tuple[int, str]] | None:
    """The code of a file graded before nngrade kept code, if it is still there unchanged."""
    try:
        file = Path(path)
        if hashlib.sha256(file.read_bytes()).hexdigest() != sha256:
            return None
        return read_code(file)
    except (OSError, NngradeError):
        return None


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
    shown = similarity.cell_lines(doc, cell, lines)
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


def _longest(fragments: Sequence[similarity.Fragment]) -> list[similarity.Fragment]:
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
            left = similarity.cell_lines(a, f.a_cell, f.a_lines)[:12]
            right = similarity.cell_lines(b, f.b_cell, f.b_lines)[:12]
            for i in range(max(len(left), len(right))):
                side.add_row(*(rich_text(f"{s[i][0]:>3}  {s[i][1]}") if i < len(s) else rich_text("")
                               for s in (left, right)))  # fmt: skip
            console.print(side)
        if len(p.fragments) > 5:
            console.print(rich_text(t("more", n=len(p.fragments) - 5), style="dim"))
    console.print(rich_text(t("time", seconds=f"{report.seconds:.2f}"), style="dim"))


# -- at the end of `nngrade grade` ---------------------------------------------------------


def for_grade(
    book: Gradebook, entries: Sequence[Any], assignment: Any, args: Any
) -> tuple[SimilarityReport | None, list[str]]:
    """What `nngrade grade` does at its end: keep the code, make the report for the page.

    Never fails the run: a problem becomes a note (a bad `--base` is refused before grading,
    by `check_bases`)."""
    try:
        notes = remember(book, entries, starter=assignment.student,
                         bases=grade_bases(assignment, args.base),
                         threshold=args.similarity_threshold)  # fmt: skip
        return class_similarity(book, threshold=args.similarity_threshold), notes
    except Exception as e:  # the grades matter more than this report
        return None, [f"no similarity report: {type(e).__name__}: {e}"]


def similar_line(report: SimilarityReport, lang: str, out: Path) -> str:
    """The line `grade` prints when pairs were found."""
    return say("similar.grade_line", lang, n=len(report.pairs),
                     threshold=_pct(report.threshold), out=out)  # fmt: skip


def grade_bases(assignment: Any, given: Sequence[Path]) -> list[Path]:
    """The base files of a grading run: the assignment's own (`[similarity] base`, the
    lecture's code), then the `--base` files, each once."""
    bases: dict[Path, Path] = {}
    for path in (*assignment.similarity_base, *given):
        bases.setdefault(path.resolve(), path)
    return list(bases.values())


def check_bases(paths: Sequence[Path]) -> None:
    """Refuse a `--base` that cannot be read before anything is graded."""
    for path in paths:
        read_base(path)
