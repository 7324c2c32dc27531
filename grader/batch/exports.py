"""What a batch run leaves in its output folder besides the gradebook.

* `grades.csv`: one row per student (their latest submission that still counts): student, a
  column per task, total, max, status (`Results.run_status`: graded, graded-with-errors,
  graded-over-limit, graded-after-crash, error, timeout), the counts behind it (cell_errors,
  time_limits, memory_limits, crashes), path. UTF-8 with a byte-order mark, so that Excel
  opens Korean names as they are (read it back with `encoding="utf-8-sig"`). Spreadsheet-safe:
  a cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@` first) is quoted with a
  leading `'`, since student ids and paths come from file names that students choose.
* the grade book of each LMS that imports one (`lms.LAYOUTS`):
  `moodle-grades.csv`: the totals in the layout Moodle's offline grading worksheet import
  reads (Assignment → View all submissions → Upload grading worksheet), its headers in the
  report's language as Moodle matches them; a submission never graded has no grade.
* `canvas-grades.csv`: the totals in Canvas's gradebook import layout, with the Canvas user
  ids parsed from Canvas download names.
* `feedback/<student>.html` and `.md`: each student's report, made by the formats of
  `nngrade.render.formats` from the stored results (no score is computed here).

Every file is written to a temporary name and renamed, so a run stopped mid-export never
leaves half a file, and gets the gradebook's FILE_MODE (0o640), folders DIR_MODE (0o750).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from nngrade.assignment import Assignment
from nngrade.errors import os_reason
from nngrade.outcomes import NOT_GRADED
from nngrade.render import formats, safe_text
from nngrade.render.formats import RenderOptions
from nngrade.render.i18n import points  # 2.0 -> `2`, 1.5 -> `1.5`, as people write them
from nngrade.results import Note, Results, as_note

from . import lms
from .gradebook import Row, private_dir, set_mode


def write_atomic(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` to `path` through a temporary file and a rename (all or nothing), with
    the batch's file mode."""
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as out:
            out.write(text)
        set_mode(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cell(value: str) -> str:
    return safe_text.csv_cell(value)


TROUBLE_COLUMNS = ("cell_errors", "time_limits", "memory_limits", "crashes")


def grades_csv(rows: Iterable[Row], assignment: Assignment) -> str:
    """The CSV text: one row per student, the task columns in the assignment's order, then
    the total, the status and what went wrong (see the module docstring)."""
    tasks = [t.name for t in assignment.tasks]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["student", *tasks, "total", "max", "status", *TROUBLE_COLUMNS, "path", "confinement"]
    )
    for row in rows:
        results = row.results()
        earned = {t.name: t.earned for t in results.tasks}
        writer.writerow(
            [
                _cell(row.student),
                *(points(earned.get(name, 0.0)) for name in tasks),
                points(row.score),
                points(row.max_score),
                row.run_status or results.run_status,
                *row.trouble,  # the gradebook's columns, counted once when it was recorded
                _cell(row.path),
                results.confinement,
            ]
        )
    return out.getvalue()


def write_grades_csv(rows: Sequence[Row], assignment: Assignment, folder: Path) -> int:
    """Write `folder/grades.csv` (UTF-8 with BOM, for Excel) from the gradebook's latest rows
    (`Gradebook.latest()`); returns how many students it lists."""
    write_atomic(folder / "grades.csv", grades_csv(rows, assignment), encoding="utf-8-sig")
    return len(rows)


# Moodle's offline grading worksheet, as its importer reads it (moodle/moodle,
# mod/assign/feedback/offline/importgradeslib.php, `init()` and `next()`): a column is found by
# its header being *equal* to a language string of the importing user's language, and three are
# required: get_string('recordid', 'assign') ("Identifier"), get_string('gradenoun') ("Grade";
# `grade` before Moodle 4.0, the same words) and get_string('lastmodifiedgrade', 'assign')
# ("Last modified (grade)"), else the upload fails with "invalidgradeimport". The identifier
# is get_string('hiddenuser', 'assign') followed by the participant number, which the importer
# cuts off by the string's length. A row whose grade is empty is skipped ("grade has no
# value"), and the time is read with PHP's strtotime and compared with the grade already in
# Moodle (newer there by more than a minute: skipped). The other columns are those of the
# worksheet Moodle downloads (mod/assign/gradingtable.php), shown and not read: Full name
# (core `fullname`), Status (`status`, assign), Maximum grade (`maxgrade`, assign). The Korean
# strings are those of Moodle's Korean language pack (lang/ko/assign.php, lang/ko/moodle.php).
MOODLE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "recordid": "Identifier",
        "fullname": "Full name",
        "status": "Status",
        "gradenoun": "Grade",
        "maxgrade": "Maximum grade",
        "lastmodifiedgrade": "Last modified (grade)",
        "hiddenuser": "Participant ",
    },
    "ko": {
        "recordid": "식별자",
        "fullname": "전체 이름",
        "status": "상태",
        "gradenoun": "성적",
        "maxgrade": "최대 성적",
        "lastmodifiedgrade": "마지막 수정됨(성적)",
        "hiddenuser": "참가자",
    },
}
MOODLE_COLUMNS = ("recordid", "fullname", "status", "gradenoun", "maxgrade", "lastmodifiedgrade")


def _grade(row: Row) -> str:
    """The total as an LMS should import it: empty when the submission was never graded."""
    return "" if row.status in NOT_GRADED else points(row.score)


def _strtotime(graded_at: str) -> str:
    """An ISO 8601 time PHP's strtotime reads (seconds, explicit offset)."""
    try:
        when = datetime.fromisoformat(graded_at)
    except ValueError:
        return graded_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def moodle_grade_book(rows: Iterable[Row], assignment: Assignment, lang: str = "en") -> str:
    """Moodle's offline grading worksheet in `lang` (the language of the Moodle user who
    uploads it): Identifier (`Participant N` when the file came from a Moodle download, else
    the student id, which Moodle will not match), Full name, Status (nngrade's run status),
    Grade (empty when never graded), Maximum grade, Last modified (grade) (when nngrade
    graded it)."""
    words = MOODLE_WORDS.get(lang, MOODLE_WORDS["en"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([words[c] for c in MOODLE_COLUMNS])
    moodle = lms.get("moodle")
    for row in rows:
        number = moodle.number(row.lms_id)
        identifier = f"{words['hiddenuser']}{number}" if number else row.student
        writer.writerow(
            [
                _cell(identifier),
                _cell(row.student),
                row.run_status or row.status,
                _grade(row),
                points(row.max_score),
                _strtotime(row.graded_at),
            ]
        )
    return out.getvalue()


# Canvas's gradebook import (Grades → Import), in the layout of Canvas's own gradebook export:
# `Student`, `ID` (the Canvas user id), `SIS User ID`, `SIS Login ID`, `Section`, then one
# column per assignment, and a `Points Possible` row under the header (Canvas guides, "How do
# I import grades in the Gradebook?" and "How do I export grades in the Gradebook?"). Canvas
# finds a student by ID (then SIS ids, then name) and an assignment column by its header: an
# existing assignment's header as the export writes it, `Name (assignment id)`, else its name;
# an unknown header makes a new assignment. A blank score changes nothing.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "    Points Possible"


def canvas_grade_book(rows: Iterable[Row], assignment: Assignment, lang: str = "en") -> str:
    """Canvas's gradebook import: a row per student with the Canvas user id parsed from the
    Canvas download's file names (`kimminsu_12345_67890_hw6.ipynb` → 12345; empty for a file
    that did not come from Canvas), and the assignment's column (headed by its id) holding
    the total, empty when never graded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CANVAS_COLUMNS, assignment.id])
    writer.writerow([CANVAS_POINTS_ROW, "", "", "", "", points(assignment.max_score)])
    canvas = lms.get("canvas")
    for row in rows:
        number = canvas.number(row.lms_id)
        writer.writerow([_cell(row.student), number, "", "", "", _grade(row)])
    return out.getvalue()


def write_lms_grade_books(
    rows: Sequence[Row], assignment: Assignment, folder: Path, lang: str = "en"
) -> list[Path]:
    """Write the grade book of each LMS that imports one (`lms.LAYOUTS`: moodle-grades.csv,
    canvas-grades.csv; UTF-8, as they read by default), its headers in `lang`."""
    written = []
    for layout in lms.exporting():
        assert layout.export is not None
        path = folder / layout.export
        write_atomic(path, layout.grade_book(rows, assignment, lang))
        written.append(path)
    return written


def feedback_names(students: Iterable[str]) -> dict[str, str]:
    """Student -> a safe, unique file stem (`kim/../x` must not leave `feedback/`)."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for student in sorted(set(students)):
        stem = re.sub(r"[^\w.@-]", "_", student).lstrip(".") or "student"
        stem, candidate, n = stem[:100], stem[:100], 1
        while candidate.lower() in used:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate.lower())
        names[student] = candidate
    return names


@dataclass
class FeedbackReport:
    """How many feedback files were written, and why any were not."""

    written: int = 0
    problems: list[Note] = field(default_factory=list)


def write_feedback(
    rows: Sequence[Row],
    folder: Path,
    *,
    only: set[int] | None = None,
    notebooks: Mapping[str, Path] | None = None,
) -> FeedbackReport:
    """Write `feedback/<student>.html` and `.md` for each student's latest submission (`rows`,
    from `Gradebook.latest()`).

    only: submission ids to write (this run's); students whose files are missing are written
    too. notebooks: recorded path -> where the submission can be read now (archive members
    live in a temporary folder); when given, the HTML page shows the student's notebook
    below the report (nbconvert: about 0.15 s a page, so only on request).
    """
    report = FeedbackReport()
    usable = []
    for fmt in formats.feedback_formats():
        try:
            fmt.renderer()
            usable.append(fmt)
        except (ImportError, AttributeError) as exc:
            report.problems.append(
                Note("feedback.format_not_written", {"suffix": fmt.suffix, "why": str(exc)})
            )
    names = feedback_names(r.student for r in rows)
    target = folder / "feedback"
    for row in rows:
        stem = names[row.student]
        paths = [(fmt, target / f"{stem}{fmt.suffix}") for fmt in usable]
        if only is not None and row.id not in only and all(p.exists() for _, p in paths):
            continue
        results = for_student(row)
        options = RenderOptions(source=_notebook(row, notebooks))
        for fmt, path in paths:
            try:
                rendered = fmt.render(results, options)
                if isinstance(rendered, bytes):
                    rendered = rendered.decode("utf-8")
                write_atomic(path, rendered)
                report.written += 1
            except Exception as exc:  # one page that fails never stops the others
                # A full or read-only disk in the report's words; nngrade's own bug named.
                why = os_reason(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
                report.problems.append(
                    Note("feedback.page_not_written", {"path": str(path), "why": why})
                )
    # A student whose file is gone has no page: an old one must not be handed out.
    current = set(names.values())
    for fmt in usable:
        for page in target.glob(f"*{fmt.suffix}"):
            if page.stem not in current:
                page.unlink(missing_ok=True)
    return report


def for_student(row: Row) -> Results:
    """The stored results as a student may see them: the file named relative to the folder
    graded (never the instructor's absolute path), in the report and in its messages."""
    results = row.results()  # shared with the other exports: relabel a copy
    shown = row.shown_path
    error = results.error
    if row.path and error:
        error = (
            error.replace(row.path, shown)
            if isinstance(error, str)
            else as_note(error).replaced(row.path, shown)
        )
    return replace(
        results,
        submission=replace(results.submission, path=shown),
        error=error,
        notes=[as_note(n).replaced(row.path, shown) for n in results.notes],
    )


def _notebook(row: Row, notebooks: Mapping[str, Path] | None) -> Path | None:
    """Where the student's file can be read now, for the page to show it: when asked for,
    graded and still readable (its cells' markers come with the stored results)."""
    if notebooks is None or row.status != "graded":
        return None
    path = notebooks.get(row.path) or Path(row.path)
    return path if path.is_file() else None
