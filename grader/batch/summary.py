"""A picture of the class: `summary.html` in the output folder, and `nngrade gradebook DIR`.

Everything is read from the gradebook, over each student's latest submission, and no score is
computed here: totals, task and test points come as the grading stored them. The page is
self-contained (inline CSS, the plots as base64 PNG made by matplotlib's Agg canvas, no
script), so it can be mailed or put on an LMS as one file.
"""

from __future__ import annotations

import base64
import html
import io
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, get_args

from nngrade.render import i18n
from nngrade.results import RunStatus

from . import similarity_report
from .gradebook import Gradebook

SLOWEST = 10
COMMON_ERRORS = 10
_CALL = re.compile(r"`[^`]*`")
_EXCEPTION = re.compile(r"^(.*?\b[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning))\b")


@dataclass
class TaskRate:
    """How the class did on one task."""

    name: str
    points: float
    passed: int
    total: int
    mean_earned: float

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class TestRate:
    """How the class did on one test."""

    id: str
    task: str
    points: float
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class ErrorGroup:
    """One kind of error and the students who hit it."""

    kind: str
    """`submission` (not graded), `cell` (a notebook cell raised) or `test <outcome>`."""
    key: str
    count: int
    students: list[str]


@dataclass
class Slow:
    """One of the slowest submissions."""

    student: str
    duration: float
    status: str
    path: str


@dataclass
class Flagged:
    """A graded submission that met trouble (a cell raised, a limit, a crash)."""

    student: str
    run_status: str
    score: float
    cell_errors: int
    time_limits: int
    memory_limits: int
    crashes: int
    path: str


@dataclass
class Ambiguous:
    """A student with several files that could each have been the submission."""

    student: str
    counted: str
    others: list[str]


@dataclass
class ClassSummary:
    """What the summary page and the terminal summary show."""

    assignment: str
    title: str
    max_score: float
    students: int
    status: dict[str, int]
    scores: list[float]
    """Totals of the graded submissions (not those with status error or timeout)."""
    tasks: list[TaskRate] = field(default_factory=list)
    tests: list[TestRate] = field(default_factory=list)
    slowest: list[Slow] = field(default_factory=list)
    errors: list[ErrorGroup] = field(default_factory=list)
    several: dict[str, int] = field(default_factory=dict)
    """Students with more than one counting row (runs over different folders): how many."""
    last_run: dict[str, Any] | None = None
    timeouts: int = 0
    """Submissions that ran out of time anywhere: status timeout, or graded with a time limit
    (a cell, a call, the notebook's budget) in their results' `limits` (issue 13)."""
    run_status: dict[str, int] = field(default_factory=dict)
    """How many latest rows have each `Results.run_status`."""
    flagged: list[Flagged] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    ignored: dict[str, list[str]] = field(default_factory=dict)
    """Student -> their files not graded because the assignment's own file was."""
    student_file: str = ""

    @property
    def graded(self) -> int:
        """Latest rows whose tests ran, flagged or not."""
        return self.status.get("graded", 0)

    @property
    def warnings(self) -> bool:
        return bool(self.ambiguous or self.several)

    similarity: Any = None
    """The similarity report (`similarity_report.SimilarityReport`) when `grade` made one."""

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None

    @property
    def full_marks(self) -> int:
        return sum(s >= self.max_score for s in self.scores)


def first_line(message: str | None) -> str:
    """The first non-blank line of a message, stripped."""
    return (message or "").strip().splitlines()[0].strip() if (message or "").strip() else ""


def error_key(message: str, path: str = "") -> str:
    """How errors are grouped: the first line, cut after its exception type, without the path."""
    line = first_line(message)
    if path and line.startswith(path):
        line = line[len(path) :].lstrip(": ")
    match = _EXCEPTION.match(line)
    return match.group(1) if match else line


def build_summary(gradebook: Gradebook) -> ClassSummary:
    """Read the class summary from the gradebook (latest submission per student)."""
    latest = gradebook.latest()
    first = latest[0].results() if latest else None
    graded = [r for r in latest if r.status == "graded"]
    summary = ClassSummary(
        assignment=first.assignment if first else (gradebook.meta("assignment") or ""),
        title=first.title if first else "",
        max_score=latest[0].max_score if latest else 0.0,
        students=len(latest),
        status=dict(Counter(r.status for r in latest)),
        scores=[r.score for r in graded],
        last_run=gradebook.last_run(),
        timeouts=sum(r.status == "timeout" or r.results().timed_out for r in latest),
    )
    summary.tasks = [
        TaskRate(name, points, int(passed), int(total), float(mean))
        for name, points, passed, total, mean in gradebook.query(
            "SELECT t.task, MAX(t.points), SUM(t.passed), COUNT(*), AVG(t.earned)"
            " FROM task_results t JOIN latest l ON l.id = t.submission_id"
            " WHERE l.status = 'graded' GROUP BY t.task ORDER BY MIN(t.rowid)"
        )
    ]
    summary.tests = [
        TestRate(test_id, task, points, int(passed), int(total))
        for test_id, task, points, passed, total in gradebook.query(
            "SELECT t.test_id, t.task, MAX(t.points), SUM(t.outcome = 'passed'), COUNT(*)"
            " FROM test_results t JOIN latest l ON l.id = t.submission_id"
            " WHERE l.status = 'graded' GROUP BY t.test_id ORDER BY MIN(t.rowid)"
        )
    ]
    summary.slowest = [
        Slow(r.student, r.duration, r.run_status or r.status, r.shown_path)
        for r in sorted(latest, key=lambda r: -r.duration)[:SLOWEST]
    ]
    summary.errors = _error_groups(gradebook)
    summary.several = {
        student: int(n)
        for student, n in gradebook.query(
            "SELECT student, COUNT(DISTINCT path) FROM submissions WHERE dropped_run IS NULL"
            " GROUP BY student HAVING COUNT(DISTINCT path) > 1 ORDER BY student"
        )
    }
    summary.run_status = dict(Counter(r.run_status or r.status for r in latest))
    summary.flagged = [
        Flagged(r.student, r.run_status, r.score, r.n_cell_errors, r.n_time_limits,
                r.n_memory_limits, r.n_crashes, r.shown_path)
        for r in latest
        if r.status == "graded" and r.run_status not in ("", "graded")
    ]  # fmt: skip
    summary.ambiguous = [
        Ambiguous(r.student, r.shown_path, r.other_files) for r in latest if r.ambiguous
    ]
    summary.ignored = {
        r.student: r.other_files for r in latest if r.other_files and not r.ambiguous
    }
    summary.student_file = gradebook.meta("student_file") or ""
    return summary


def _error_groups(gradebook: Gradebook) -> list[ErrorGroup]:
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for student, error, path in gradebook.query(
        "SELECT student, error, path FROM latest WHERE status != 'graded'"
    ):
        groups[("submission", error_key(error or "", path))].add(student)
    for student, ename in gradebook.query(
        "SELECT l.student, c.ename FROM cell_errors c JOIN latest l ON l.id = c.submission_id"
    ):
        groups[("cell", ename)].add(student)
    for student, outcome, message in gradebook.query(
        "SELECT l.student, t.outcome, t.message FROM test_results t"
        " JOIN latest l ON l.id = t.submission_id"
        " WHERE t.outcome IN ('error', 'timeout', 'crashed') AND t.hidden = 0"
    ):
        key = error_key(message)
        if outcome == "crashed":  # the reason is what they share, not the call it hit
            key = _CALL.sub("`…`", key)
        groups[(f"test {outcome}", key)].add(student)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        ErrorGroup(kind, key or "(no message)", len(students), sorted(students))
        for (kind, key), students in ranked[:COMMON_ERRORS]
    ]


# -- the plots ------------------------------------------------------------------------------


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


# -- the page -------------------------------------------------------------------------------

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Apple SD Gothic Neo", "Malgun Gothic", '
    '"Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Nanum Gothic", sans-serif'
)
"""Latin from the system's UI font; Hangul from macOS (Apple SD Gothic Neo), Windows (Malgun
Gothic) or Linux (Noto Sans CJK KR, NanumGothic), whichever the reader's machine has."""

_CSS = """
body { font: 15px/1.45 FONT_STACK;
       margin: 0; background: #f6f7f9; color: #1d2330; }
main { max-width: 960px; margin: 0 auto; padding: 24px; }
h1 { margin: 0 0 4px; font-size: 24px; } h2 { font-size: 18px; margin: 0 0 12px; }
.card { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 16px 20px;
        margin: 16px 0; }
.stats { display: flex; flex-wrap: wrap; gap: 12px; }
.stat { flex: 1 1 120px; background: #fff; border: 1px solid #dde1e7; border-radius: 8px;
        padding: 10px 14px; }
.stat b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #edf0f3; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.rate { white-space: nowrap; }
td code { word-break: break-all; }
.bar { background: #e9edf2; border-radius: 3px; height: 10px; width: 120px; display: inline-block; }
.bar span { display: block; height: 10px; border-radius: 3px; background: #4c9a6a; }
.muted { color: #667085; } code, .mono { font-family: ui-monospace, Menlo, Consolas, monospace;
        font-size: 13px; }
img { max-width: 100%; }
.bad { color: #b42318; }
.warn { background: #fff8e6; border-color: #f0c36d; }
.warn li { margin: 4px 0; }
""".replace("FONT_STACK", FONT_STACK)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _pct(rate: float) -> str:
    return f"{100 * rate:.0f}%"


def _bar(rate: float) -> str:
    return f'<span class="bar"><span style="width:{100 * rate:.0f}%"></span></span>'


def _where(lang: str, kind: str) -> str:
    """An error group's kind (`submission`, `cell`, `test failed`) in words."""
    if kind.startswith("test "):
        return i18n.text(lang, "summary.where.test", outcome=i18n.outcome(lang, kind[5:]))
    return i18n.text(lang, f"summary.where.{kind}") if kind in ("submission", "cell") else kind


RUN_STATUSES: tuple[str, ...] = get_args(RunStatus)


def _status(lang: str, status: str) -> str:
    return i18n.text(lang, f"summary.status.{status}") if status in RUN_STATUSES else status


def _state(lang: str, state: str) -> str:
    known = ("running", "finished", "interrupted", "failed")
    return i18n.text(lang, f"summary.state.{state}") if state in known else state


def render_summary_html(summary: ClassSummary, lang: str = "en") -> str:
    """The class summary as one self-contained HTML page, its words in `lang`."""
    s = summary

    def t(key: str, **fields: object) -> str:
        return _e(i18n.text(lang, f"summary.{key}", **fields))

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
    if s.warnings:  # first: what decides whether grades.csv can be uploaded as it is
        items = [
            t("ambiguous", student=a.student, counted=a.counted, others=", ".join(a.others))
            for a in s.ambiguous
        ] + [t("several_rows", student=k, n=v) for k, v in s.several.items()]
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
    parts.append(similarity_report.notice_html(s.similarity, lang))
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
            f'<img alt="{t("scores_caption")}" src="data:image/png;base64,{histogram_png(s)}">'
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
            f'src="data:image/png;base64,{task_rates_png(s)}">'
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
            f"<tr><td>{_e(_where(lang, g.kind))}</td><td class='mono'>{_e(g.key)}</td>"
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
    parts.append(similarity_report.section_html(s.similarity, lang))
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{_e(s.assignment)} · {t('title')}</title><style>{_CSS}{similarity_report.CSS}</style></head>"
        f"<body><main>\n{body}\n</main></body></html>\n"
    )


# -- the terminal ---------------------------------------------------------------------------


def print_summary(summary: ClassSummary, console: Any = None, lang: str = "en") -> None:
    """The class summary as rich tables (`nngrade gradebook DIR`), its words in `lang`."""
    from rich.console import Console
    from rich.table import Table

    def t(key: str, **fields: object) -> str:
        return i18n.text(lang, f"summary.{key}", **fields)

    def table(title: str, *columns: tuple[str, str]) -> Any:
        out = Table(title=t(title), title_justify="left", show_edge=False)
        for name, justify in columns:
            out.add_column(t(name) if name else "", justify=justify)  # type: ignore[arg-type]
        return out

    console = console or Console(highlight=False)
    s = summary
    mean = f"{s.mean:.2f}" if s.mean is not None else "–"
    median = i18n.points(s.median) if s.median is not None else "–"
    console.print(f"[bold]{s.title or s.assignment}[/] [dim]({s.assignment})[/]")
    if s.warnings:  # first, as on the page
        console.print(f"[yellow bold]{t('warnings')}[/]")
        for a in s.ambiguous:
            line = t("ambiguous", student=a.student, counted=a.counted, others=", ".join(a.others))
            console.print(f"[yellow]  ! {line}[/]")
        for k, v in s.several.items():
            console.print(f"[yellow]  ! {t('several_rows', student=k, n=v)}[/]")
    status = s.status
    console.print(
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
    if s.last_run:
        r = s.last_run
        when = r["started_at"][:19].replace("T", " ")
        line = t("last_run", time=when, state=_state(lang, r["state"]), graded=r["graded"],
                 skipped=r["skipped"], seed=r["seed"])  # fmt: skip
        console.print(f"[dim]{line}[/]")
    if s.flagged:
        trouble = table("trouble", ("student", "left"), ("status", "left"), ("score", "right"),
                        ("cell_errors", "right"), ("time_limits", "right"),
                        ("memory_limits", "right"), ("crashes", "right"))  # fmt: skip
        for x in s.flagged:
            trouble.add_row(x.student, _status(lang, x.run_status), i18n.points(x.score),
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
                x.name,
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
            tests.add_row(x.id, f"{x.passed}/{x.total}", _pct(x.rate))
        console.print(tests)
    if s.errors:
        errors = table("common_errors", ("where", "left"), ("error", "left"), ("students", "right"))
        errors.columns[1].overflow = "fold"
        for g in s.errors:
            errors.add_row(_where(lang, g.kind), g.key, str(g.count))
        console.print(errors)
    if s.slowest:
        slow = table("slowest", ("student", "left"), ("time", "right"), ("status", "left"))
        for x in s.slowest[:5]:
            slow.add_row(x.student, f"{x.duration:.2f} s", _status(lang, x.status))
        console.print(slow)
    if s.ignored:
        console.print(f"[dim]{t('ignored')}: "
                      + "; ".join(f"{k}: {', '.join(v)}" for k, v in s.ignored.items()) + "[/]")  # fmt: skip
