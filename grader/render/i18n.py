"""The renderers' way with words: points, outcomes, status, timing and limit lines.

The words themselves live in the one catalog, `nngrade.messages.CATALOG` (every entry in
every language of `LANGUAGES`); this module looks them up in a results' language
(`Results.lang`) and writes the facts of a `Results` (points, limits, notes kept as keys with
fields) as sentences.
"""

from __future__ import annotations

from nngrade.messages import CATALOG, say
from nngrade.outcomes import OUTCOME_NAMES
from nngrade.results import CellError, Results, TaskResult, as_note


def notes(results: Results) -> list[str]:
    """The results' notes (kept as data) in the results' language, then what a passed test
    said (`backprop: passed when nngrade used its own predict ...`), once per task: until
    issue 24 that reached the JSON only."""
    said = [as_note(note).in_language(results.lang) for note in results.notes]
    for task in results.tasks:
        messages = dict.fromkeys(t.message for t in task.visible_tests if t.passed and t.message)
        said.extend(f"{task.name}: {message}" for message in messages)
    return said


def error_name(lang: str, error: CellError) -> str:
    """A cell error's name: the exception's, or nngrade's word for a stop it made (`Timeout`,
    `Crash`) in `lang`."""
    key = f"cell_error.name.{error.ename}"
    return say(key, lang) if error.reason is not None and key in CATALOG else error.ename


def error_value(lang: str, error: CellError) -> str:
    """A cell error's value: the exception's message, or what nngrade did, in `lang`."""
    return error.said(lang)


def error_line(lang: str, error: CellError) -> str:
    """`ZeroDivisionError: division by zero`, or nngrade's stop in words: `시간 초과: ...`."""
    return f"{error_name(lang, error)}: {error_value(lang, error)}"


def points(value: float) -> str:
    """Points as a person writes them: `2`, `1.5`, `0.25` (never `2.0` or `0.30000000000000004`)."""
    rounded = round(float(value), 2)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:g}"


def pts(lang: str, earned: float, possible: float) -> str:
    """`2/3 pts` / `2/3점`."""
    return say("pts", lang, earned=points(earned), points=points(possible))


def seconds(lang: str, value: float) -> str:
    return say("seconds", lang, s=f"{value:.2f}")


def outcome(lang: str, outcome_name: str) -> str:
    """A test outcome (`failed`, `timeout`, ...) in words."""
    return say(f"outcome.{outcome_name}", lang) if outcome_name in OUTCOME_NAMES else outcome_name


def hidden_summary(lang: str, task: TaskResult) -> str | None:
    """`hidden tests: k/n passed` for a task with hidden tests, else None.

    The only thing a student ever learns about a hidden test is whether it passed.
    """
    hidden = task.hidden_tests
    if not hidden:
        return None
    return say("hidden_tests", lang, passed=sum(t.passed for t in hidden), total=len(hidden))


def pending_line(results: Results) -> str | None:
    """`visible tests: 9/9; 5 more points are graded by hidden tests after the deadline`,
    when this run lacked hidden tests (a student's own install), else None."""
    if results.status != "graded" or results.ungraded <= 0:
        return None
    return say(
        "pending_hidden",
        results.lang,
        earned=points(results.score),
        graded=points(results.max_score - results.ungraded),
        ungraded=points(results.ungraded),
    )


# --- issue 24: a score that says what was graded --------------------------------------------


def score_value(results: Results) -> str:
    """The score as a page shows it: `10.5/14`; `9/9` when the hidden tests (5 points) were not
    run here (the pending line says what is to come); `not graded` for a submission never
    graded (a timeout, a crash: never `0/14`)."""
    if results.status != "graded":
        return say("score_not_graded", results.lang)
    return f"{points(results.score)}/{points(results.max_score - results.ungraded)}"


def task_points(results: Results, task: TaskResult) -> str:
    """A task's points as a page shows them: `2/3`, `1/1 +1 later` when its hidden tests were
    not run here, `–/2` when the submission was never graded."""
    if results.status != "graded":
        return f"–/{points(task.points)}"
    if task.ungraded > 0:
        later = say("terminal.points_later", results.lang, points=points(task.ungraded))
        return f"{points(task.earned)}/{points(task.graded_points)} {later}"
    return f"{points(task.earned)}/{points(task.points)}"


def status_line(results: Results) -> str | None:
    """Why a submission was not graded, in the submission's language, or None when graded."""
    if results.status == "graded":
        return None
    head = say("timed_out" if results.status == "timeout" else "not_graded", results.lang)
    error = results.error_words
    said = f"{head} {error.rstrip('.')}." if error else head
    # Said to the student: no score was given, so the zeros below are not theirs (issue 24).
    return f"{said} {say('not_graded_no_score', results.lang)}"


def timing_line(results: Results) -> str | None:
    """`notebook 0.84 s · tests 1.92 s · total 2.90 s` from whichever timings were recorded."""
    lang = results.lang
    kind = results.submission.kind
    parts = [
        unit_text(lang, kind, f"timing_{key}", s=seconds(lang, results.timings[key]))
        for key in ("notebook", "tests", "total")
        if key in results.timings
    ]
    return " · ".join(parts) or None


# --- issue 13: a module's words, and the limits that applied ---------------------------------


def cell_label(lang: str, kind: str, n: int) -> str:
    """ "Cell 4" for a notebook, "Line 40" for a module (whose cells are statements)."""
    return say("cell" if kind != "module" else "statement", lang, n=n)


def unit_text(lang: str, kind: str, key: str, **fields: object) -> str:
    """`key` (cell_errors, cell_error_note, cell_error_defines, your_notebook) in the words of
    the submission's kind: statements and a module for a `.py` file."""
    if kind == "module":
        key = {
            "cell_errors": "statement_errors",
            "cell_error_note": "statement_error_note",
            "cell_error_defines": "statement_error_defines",
            "your_notebook": "your_module",
            # issue 24: a `.py` submission is never told "your notebook"
            "see_cells": "see_lines",
            "timing_notebook": "timing_module",
            "notebook_unavailable": "module_unavailable",
        }.get(key, key)
    return say(key, lang, **fields)


def limit_lines(results: Results) -> list[str]:
    """One line per limit that applied, in the results' language."""
    lang, kind = results.lang, results.submission.kind
    unit = "statement" if kind == "module" else "cell"
    lines = []
    for hit in results.limits:
        if hit.name:
            where = say("limit.where.call", lang, name=hit.name)
        elif hit.cell is not None:
            where = say(f"limit.where.{unit}", lang, n=hit.cell)
        else:
            where = say("limit.where.run", lang)
        key = f"limit.{hit.limit}"
        if key not in CATALOG:
            lines.append(f"{where}: {hit.limit} = {points(hit.value)} {hit.unit}")
            continue
        lines.append(
            say(
                key,
                lang,
                where=where,
                value=points(hit.value),
                unit=say(f"limit.unit.{unit}", lang),
                whole=say(f"limit.whole.{'module' if kind == 'module' else 'notebook'}", lang),
            )
        )
    return lines


# issue 22: the confinement each run records (`Results.confinement`)
CONFINEMENTS = ("bubblewrap", "uid", "none", "unknown")


def confinement(lang: str, kind: str, *, short: bool = False) -> str:
    """How the student's code was confined, in `lang`: `uid (a dedicated ...)`, or with
    `short` its name only (`uid` / `전용 사용자`)."""
    kind = kind if kind in CONFINEMENTS else "unknown"
    return say(f"confinement_{'short_' if short else ''}{kind}", lang)
