"""The class summary drawn: `summary.html` (one self-contained page) and the terminal tables
of `nngrade gradebook DIR`, both from a `ClassSummary` (`nngrade.class_report`, built from the
gradebook by `nngrade.batch.summary`). Nothing is counted or scored here.

The page shares the feedback page's frame, escaping and content-security policy
(`nngrade.render.page`); its CSS is `templates/summary.css`. The plots are base64 PNG made by
matplotlib's Agg canvas, so the page can be mailed or put on an LMS as one file.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nngrade.messages import say
from nngrade.outcomes import RUN_STATUS_NAMES
from nngrade.render import i18n
from nngrade.render.page import document, template
from nngrade.render.page import escape as _e
from nngrade.render.safe_text import rich_markup as _m
from nngrade.render.safe_text import rich_text as _t

if TYPE_CHECKING:
    from rich.console import Console

    from nngrade.class_report import ClassSummary, ErrorGroup, OtherAssignment


# -- the plots ------------------------------------------------------------------------------


def warm_up() -> None:
    """Import what draws the plots and draw one throwaway figure (the fonts, the PNG writer):
    what `chart_drawer`'s process does while the class is graded (issue 23)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().set_title("warm-up")
    _png(fig)


def _png(fig: Any) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def score_bins(scores: list[float], max_score: float) -> tuple[list[float] | int, float]:
    """The histogram's bin edges (or a count of bins) and its bar step.

    One bar per score step up to 40 steps: a step of 1 point, or ½ when a score has a half,
    so that 13.5 gets its own bar and never counts as 14. Past 40 steps, 20 bins.
    """
    top = max(max_score, max(scores, default=0.0), 1.0)
    step = 1.0 if all(float(x).is_integer() for x in scores) else 0.5
    steps = int(round(top / step))
    if steps > 40:
        return 20, top / 20
    return [(k - 0.5) * step for k in range(steps + 2)], step


def histogram_png(summary: ClassSummary) -> str:
    """Base64 PNG: how many students got each total (no words: the page captions it)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.0))
    ax = fig.add_subplot()
    top = max(summary.max_score, max(summary.scores, default=0.0), 1.0)
    bins, step = score_bins(summary.scores, summary.max_score)
    if isinstance(bins, int):
        ax.hist(summary.scores, bins=bins, range=(0, top), color="#3b6ea8", edgecolor="white")
        ax.set_xlim(0, top)
    else:
        ax.hist(summary.scores, bins=bins, color="#3b6ea8", edgecolor="white")
        ax.set_xlim(-0.5 * step, top + 0.5 * step)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def task_rates_png(summary: ClassSummary) -> str:
    """Base64 PNG: the share of graded submissions with full points on each task (no words
    but the task names: the page captions it)."""
    from matplotlib.figure import Figure

    tasks = summary.tasks
    fig = Figure(figsize=(6.4, 0.45 * max(len(tasks), 1) + 0.8))
    ax = fig.add_subplot()
    names = [t.name for t in tasks][::-1]
    rates = [100 * t.rate for t in tasks][::-1]
    ax.barh(names, rates, color="#4c9a6a")
    for y, rate in enumerate(rates):
        ax.text(min(rate + 1, 92), y, f"{rate:.0f}%", va="center", fontsize=9)
    ax.set_xlim(0, 100)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


@dataclass(frozen=True)
class Charts:
    """summary.html's two plots as base64 PNG ("" where the page shows none)."""

    scores: str = ""
    tasks: str = ""


def draw_charts(summary: ClassSummary) -> Charts:
    """The plots of `summary`, drawn in this process."""
    return Charts(
        histogram_png(summary) if summary.scores else "",
        task_rates_png(summary) if summary.tasks else "",
    )


# -- the page -------------------------------------------------------------------------------


def _pct(rate: float) -> str:
    return f"{100 * rate:.0f}%"


def _bar(rate: float) -> str:
    return f'<span class="bar"><span style="width:{100 * rate:.0f}%"></span></span>'


def _where(lang: str, kind: str) -> str:
    """An error group's kind (`submission`, `cell`, `test failed`) in words."""
    if kind.startswith("test "):
        return say("summary.where.test", lang, outcome=i18n.outcome(lang, kind[5:]))
    return say(f"summary.where.{kind}", lang) if kind in ("submission", "cell") else kind


def _error(lang: str, group: ErrorGroup) -> str:
    """An error group's key: nngrade's own cell stops (Timeout, Crash) in words."""
    key = f"cell_error.name.{group.key}"
    return say(key, lang) if group.kind == "cell" and key in i18n.CATALOG else group.key


def _status(lang: str, status: str) -> str:
    return say(f"summary.status.{status}", lang) if status in RUN_STATUS_NAMES else status


def _state(lang: str, state: str) -> str:
    known = ("running", "finished", "interrupted", "failed")
    return say(f"summary.state.{state}", lang) if state in known else state


def other_assignment_line(s: ClassSummary, x: OtherAssignment, lang: str) -> str:
    """`lee: hw6-lee/hw6.ipynb looks like a submission for perceptron, not hw6 (scored 0.5)`."""
    return say("grade.other_assignment", lang, student=x.student, file=x.path,
                     other=x.other, assignment=s.assignment, score=i18n.points(x.score))  # fmt: skip


def render_summary_html(
    summary: ClassSummary, lang: str = "en", charts: Charts | None = None
) -> str:
    """The class summary as one self-contained HTML page, its words in `lang`; `charts`: its
    plots when they were drawn already (`chart_drawer`)."""
    s = summary
    charts = charts if charts is not None else draw_charts(s)

    def t(key: str, **fields: object) -> str:
        return _e(say(f"summary.{key}", lang, **fields))

    status = s.status
    mean = f"{s.mean:.2f}" if s.mean is not None else "–"
    median = i18n.points(s.median) if s.median is not None else "–"
    stats = [
        ("students", s.students),
        ("graded", status.get("graded", 0)),
        ("flagged", len(s.flagged)),
        ("errors", status.get("error", 0)),
        ("timeouts", s.timeouts),
        ("mean", f"{mean} / {i18n.points(s.max_score)}"),
        ("median", median),
        ("full_marks", s.full_marks),
    ]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        f"<h1>{_e(s.title or s.assignment)}</h1>",
        f'<p class="muted">{t("subtitle", assignment=s.assignment, time=when)}</p>',
    ]
    if s.confinement:  # issue 22: how the students' code was confined
        kinds = ", ".join(
            say("summary.confinement_count", lang, how=i18n.confinement(lang, k, short=True), n=n)
            for k, n in sorted(s.confinement.items(), key=lambda kn: (-kn[1], kn[0]))
        )
        parts.append(f'<p class="muted" id="confinement">{t("confinement", kinds=kinds)}</p>')
    if s.warnings:  # first: what decides whether grades.csv can be uploaded as it is
        items = [
            t("ambiguous", student=a.student, counted=a.counted, others=", ".join(a.others))
            for a in s.ambiguous
        ] + [t("several_rows", student=k, n=v) for k, v in s.several.items()]
        items += [_e(other_assignment_line(s, x, lang)) for x in s.other_assignment]
        parts.append(
            f'<section class="card warn" id="warnings"><h2>{t("warnings")}</h2><ul>'
            + "".join(f"<li>{item}</li>" for item in items)
            + "</ul></section>"
        )
    parts.append(
        '<div class="stats">'
        + "".join(
            f'<div class="stat"><span class="muted">{t(k)}</span><b>{_e(v)}</b></div>'
            for k, v in stats
        )
        + "</div>"
    )
    parts.append(_similarity(s, lang, "notice"))
    if s.flagged:
        rows = "".join(
            f"<tr><td>{_e(x.student)}</td><td class='bad'>{_e(_status(lang, x.run_status))}</td>"
            f"<td class='num'>{i18n.points(x.score)}</td><td class='num'>{x.cell_errors}</td>"
            f"<td class='num'>{x.time_limits}</td><td class='num'>{x.memory_limits}</td>"
            f"<td class='num'>{x.crashes}</td><td class='mono'>{_e(x.path)}</td></tr>"
            for x in s.flagged
        )
        parts.append(
            f'<section class="card warn" id="flagged"><h2>{t("trouble")}</h2>'
            f'<p class="muted">{t("trouble_note")}</p>'
            f"<table><tr><th>{t('student')}</th><th>{t('status')}</th>"
            f"<th class='num'>{t('score')}</th><th class='num'>{t('cell_errors')}</th>"
            f"<th class='num'>{t('time_limits')}</th><th class='num'>{t('memory_limits')}</th>"
            f"<th class='num'>{t('crashes')}</th><th>{t('file')}</th></tr>{rows}</table>"
            "</section>"
        )
    if s.scores:
        parts.append(
            f'<section class="card"><h2>{t("scores")}</h2><figure>'
            f'<img alt="{t("scores_caption")}" src="data:image/png;base64,{charts.scores}">'
            f'<figcaption class="muted">{t("scores_caption")}</figcaption></figure></section>'
        )
    if s.tasks:
        rows = "".join(
            f"<tr><td><code>{_e(x.name)}</code></td><td class='num'>{i18n.points(x.points)}</td>"
            f"<td class='num'>{x.mean_earned:.2f}</td><td class='num'>{x.passed}/{x.total}</td>"
            f"<td class='rate'>{_bar(x.rate)} {_pct(x.rate)}</td></tr>"
            for x in s.tasks
        )
        parts.append(
            f'<section class="card"><h2>{t("per_task")}</h2><figure>'
            f'<img alt="{t("per_task_caption")}" '
            f'src="data:image/png;base64,{charts.tasks}">'
            f'<figcaption class="muted">{t("per_task_caption")}</figcaption></figure>'
            f"<table><tr><th>{t('task')}</th><th class='num'>{t('points')}</th>"
            f"<th class='num'>{t('mean')}</th><th class='num'>{t('full_points')}</th>"
            f"<th>{t('pass_rate')}</th></tr>{rows}</table></section>"
        )
    if s.tests:
        rows = "".join(
            f"<tr><td><code>{_e(x.id)}</code></td><td>{_e(x.task)}</td><td class='num'>{i18n.points(x.points)}</td>"
            f"<td class='num'>{x.passed}/{x.total}</td><td class='rate'>{_bar(x.rate)} {_pct(x.rate)}</td></tr>"
            for x in sorted(s.tests, key=lambda x: (x.rate, x.id))
        )
        parts.append(
            f'<section class="card"><h2>{t("per_test")}</h2>'
            f'<p class="muted">{t("hardest_first")}</p>'
            f"<table><tr><th>{t('test')}</th><th>{t('task')}</th><th class='num'>{t('points')}</th>"
            f"<th class='num'>{t('passed')}</th><th>{t('pass_rate')}</th></tr>{rows}</table></section>"
        )
    if s.errors:
        rows = "".join(
            f"<tr><td>{_e(_where(lang, g.kind))}</td><td class='mono'>{_e(_error(lang, g))}</td>"
            f"<td class='num'>{g.count}</td>"
            f"<td>{_e(', '.join(g.students[:8]))}{' …' if len(g.students) > 8 else ''}</td></tr>"
            for g in s.errors
        )
        parts.append(
            f'<section class="card"><h2>{t("common_errors")}</h2>'
            f'<p class="muted">{t("common_errors_note")}</p>'
            f"<table><tr><th>{t('where')}</th><th>{t('error')}</th>"
            f"<th class='num'>{t('students')}</th><th>{t('who')}</th></tr>{rows}</table></section>"
        )
    if s.slowest:
        rows = "".join(
            f"<tr><td>{_e(x.student)}</td><td class='num'>{x.duration:.2f} s</td>"
            f"<td class='{'' if x.status == 'graded' else 'bad'}'>{_e(_status(lang, x.status))}</td>"
            f"<td class='mono'>{_e(x.path)}</td></tr>"
            for x in s.slowest
        )
        parts.append(
            f'<section class="card"><h2>{t("slowest")}</h2>'
            f"<table><tr><th>{t('student')}</th><th class='num'>{t('time')}</th>"
            f"<th>{t('status')}</th><th>{t('file')}</th></tr>{rows}</table></section>"
        )
    if s.ignored:
        rows = "".join(
            f"<tr><td>{_e(k)}</td><td class='mono'>{_e(', '.join(v))}</td></tr>"
            for k, v in s.ignored.items()
        )
        parts.append(
            f'<section class="card"><h2>{t("ignored")}</h2>'
            f'<p class="muted">{t("ignored_note", file=s.student_file or "")}</p>'
            f"<table><tr><th>{t('student')}</th><th>{t('file')}</th></tr>{rows}</table></section>"
        )
    parts.append(_similarity(s, lang, "section"))
    body = "\n".join(parts)
    title = f"{s.assignment} · {say('summary.title', lang)}"
    return document(lang, title, body, css=template("summary.css"))


# -- the terminal ---------------------------------------------------------------------------


def _similarity(summary: ClassSummary, lang: str, part: str) -> str:
    """The similarity report's notice or section ("" without one; `render/similarity.py` draws
    it, imported only when there is one)."""
    if summary.similarity is None:
        return ""
    from nngrade.render import similarity

    if part == "notice":
        return similarity.notice_html(summary.similarity, lang)
    return similarity.section_html(summary.similarity, lang)


def print_summary(summary: ClassSummary, console: Console | None = None, lang: str = "en") -> None:
    """The class summary as rich tables (`nngrade gradebook DIR`), its words in `lang`."""
    from rich.console import Console
    from rich.table import Table

    def t(key: str, **fields: object) -> str:
        return say(f"summary.{key}", lang, **fields)

    def table(title: str, *columns: tuple[str, str]) -> Any:
        out = Table(title=t(title), title_justify="left", show_edge=False)
        for name, justify in columns:
            out.add_column(t(name) if name else "", justify=justify)  # type: ignore[arg-type]
        return out

    console = console or Console(highlight=False)
    s = summary
    mean = f"{s.mean:.2f}" if s.mean is not None else "–"
    median = i18n.points(s.median) if s.median is not None else "–"
    # Student names, files, error names and messages come from submissions: they reach rich
    # as Text (`_t`) or escaped markup (`_m`), never as markup of their own.
    console.print(f"[bold]{_m(s.title or s.assignment)}[/] [dim]({_m(s.assignment)})[/]")
    if s.warnings:  # first, as on the page
        console.print(f"[yellow bold]{t('warnings')}[/]")
        for a in s.ambiguous:
            line = t("ambiguous", student=a.student, counted=a.counted, others=", ".join(a.others))
            console.print(f"[yellow]  ! {_m(line)}[/]")
        for k, v in s.several.items():
            console.print(f"[yellow]  ! {_m(t('several_rows', student=k, n=v))}[/]")
        for x in s.other_assignment:  # issue 24
            console.print(_t(f"  ! {other_assignment_line(s, x, lang)}", style="yellow"))
    status = s.status
    console.print(
        _t(
            t(
                "line",
                students=s.students,
                graded=status.get("graded", 0),
                errors=status.get("error", 0),
                timeouts=s.timeouts,
                mean=mean,
                max=i18n.points(s.max_score),
                median=median,
                full=s.full_marks,
            )  # fmt: skip
            + t("flagged_line", flagged=len(s.flagged))
        )
    )
    if s.last_run:
        r = s.last_run
        when = r["started_at"][:19].replace("T", " ")
        line = t("last_run", time=when, state=_state(lang, r["state"]), graded=r["graded"],
                 skipped=r["skipped"], seed=r["seed"])  # fmt: skip
        console.print(_t(line, style="dim"))
    if s.flagged:
        trouble = table("trouble", ("student", "left"), ("status", "left"), ("score", "right"),
                        ("cell_errors", "right"), ("time_limits", "right"),
                        ("memory_limits", "right"), ("crashes", "right"))  # fmt: skip
        for x in s.flagged:
            trouble.add_row(_t(x.student), _t(_status(lang, x.run_status)), i18n.points(x.score),
                            str(x.cell_errors), str(x.time_limits), str(x.memory_limits),
                            str(x.crashes))  # fmt: skip
        console.print(trouble)
    if s.scores:
        scores = table("scores", ("score", "right"), ("students", "right"), ("", "left"))
        counts = Counter(s.scores)
        widest = max(counts.values())
        for score in sorted(counts):
            n = counts[score]
            scores.add_row(i18n.points(score), str(n), "█" * max(1, round(30 * n / widest)))
        console.print(scores)
    if s.tasks:
        tasks = table("per_task", ("task", "left"), ("points", "right"), ("mean", "right"),
                      ("full_points", "right"), ("pass_rate", "right"))  # fmt: skip
        for x in s.tasks:
            tasks.add_row(
                _t(x.name),
                i18n.points(x.points),
                f"{x.mean_earned:.2f}",
                f"{x.passed}/{x.total}",
                _pct(x.rate),
            )
        console.print(tasks)
    hard = [x for x in sorted(s.tests, key=lambda x: (x.rate, x.id)) if x.rate < 1][:10]
    if hard:
        tests = table(
            "hardest_tests", ("test", "left"), ("passed", "right"), ("pass_rate", "right")
        )
        for x in hard:
            tests.add_row(_t(x.id), f"{x.passed}/{x.total}", _pct(x.rate))
        console.print(tests)
    if s.errors:
        errors = table("common_errors", ("where", "left"), ("error", "left"), ("students", "right"))
        errors.columns[1].overflow = "fold"
        for g in s.errors:
            errors.add_row(_t(_where(lang, g.kind)), _t(_error(lang, g)), str(g.count))
        console.print(errors)
    if s.slowest:
        slow = table("slowest", ("student", "left"), ("time", "right"), ("status", "left"))
        for x in s.slowest[:5]:
            slow.add_row(_t(x.student), f"{x.duration:.2f} s", _t(_status(lang, x.status)))
        console.print(slow)
    if s.ignored:
        ignored = "; ".join(f"{k}: {', '.join(v)}" for k, v in s.ignored.items())
        console.print(_t(f"{t('ignored')}: {ignored}", style="dim"))
