"""What a batch run leaves in its output folder besides the gradebook.

* `grades.csv`: one row per student (their latest submission that still counts): student, a
  column per task, total, max, status (`Results.run_status`: graded, graded-with-errors,
  graded-over-limit, graded-after-crash, error, timeout), the counts behind it (cell_errors,
  time_limits, memory_limits, crashes), path. UTF-8 with a byte-order mark, so that Excel
  opens Korean names as they are (read it back with `encoding="utf-8-sig"`). Spreadsheet-safe:
  a cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@` first) is quoted with a
  leading `'`, since student ids and paths come from file names that students choose.
* `moodle-grades.csv`: the totals in the layout of Moodle's offline grading worksheet
  (Assignment → View all submissions → Upload grading worksheet): Identifier (`Participant N`
  when the file came from a Moodle download, else the student id), Full name, Grade,
  Maximum Grade.
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
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field
from pathlib import Path

from nngrade.assignment import Assignment
from nngrade.render import formats, safe_text
from nngrade.render.formats import RenderOptions
from nngrade.render.i18n import points  # 2.0 -> `2`, 1.5 -> `1.5`, as people write them
from nngrade.results import Results, as_note

from .gradebook import Gradebook, Row, private_dir, set_mode

FEEDBACK_FORMATS = ("html", "markdown")


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
    writer.writerow(["student", *tasks, "total", "max", "status", *TROUBLE_COLUMNS, "path"])
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
                *astuple(results.trouble()),
                _cell(row.path),
            ]
        )
    return out.getvalue()


def write_grades_csv(gradebook: Gradebook, assignment: Assignment, folder: Path) -> int:
    """Write `folder/grades.csv` (UTF-8 with BOM, for Excel) from the gradebook's latest rows;
    returns how many students it lists."""
    rows = gradebook.latest()
    write_atomic(folder / "grades.csv", grades_csv(rows, assignment), encoding="utf-8-sig")
    return len(rows)


MOODLE_COLUMNS = ("Identifier", "Full name", "Grade", "Maximum Grade")


def moodle_csv(rows: Iterable[Row]) -> str:
    """Moodle's offline grading worksheet: the two columns its upload reads (Identifier,
    Grade) and two it shows. No feedback column: the statuses are for the instructor."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MOODLE_COLUMNS)
    for row in rows:
        lms, _, number = row.lms_id.partition(":")
        identifier = f"Participant {number}" if lms == "moodle" else row.student
        writer.writerow(
            [_cell(identifier), _cell(row.student), points(row.score), points(row.max_score)]
        )
    return out.getvalue()


def write_moodle_csv(gradebook: Gradebook, assignment: Assignment, folder: Path) -> Path:
    """Write `folder/moodle-grades.csv` (UTF-8, as Moodle reads by default)."""
    path = folder / "moodle-grades.csv"
    write_atomic(path, moodle_csv(gradebook.latest()))
    return path


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
    problems: list[str] = field(default_factory=list)


def write_feedback(
    gradebook: Gradebook,
    folder: Path,
    *,
    only: set[int] | None = None,
    notebooks: Mapping[str, Path] | None = None,
) -> FeedbackReport:
    """Write `feedback/<student>.html` and `.md` for each student's latest submission.

    only: submission ids to write (this run's); students whose files are missing are written
    too. notebooks: recorded path -> where the submission can be read now (archive members
    live in a temporary folder); when given, the HTML page shows the student's notebook
    below the report (nbconvert: about 0.15 s a page, so only on request).
    """
    report = FeedbackReport()
    usable = []
    for name in FEEDBACK_FORMATS:
        fmt = formats.get(name)
        try:
            fmt.renderer()
            usable.append(fmt)
        except (ImportError, AttributeError) as exc:
            report.problems.append(f"feedback/*{fmt.suffix} not written: {exc}")
    rows = gradebook.latest()
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
                report.problems.append(f"{path}: not written ({type(exc).__name__}: {exc})")
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
    results = row.results()
    shown = row.shown_path
    results.submission.path = shown
    if row.path and results.error:
        results.error = results.error.replace(row.path, shown)
    results.notes = [as_note(n).replaced(row.path, shown) for n in results.notes]
    return results


def _notebook(row: Row, notebooks: Mapping[str, Path] | None) -> Path | None:
    """Where the student's file can be read now, for the page to show it: when asked for,
    graded and still readable (its cells' markers come with the stored results)."""
    if notebooks is None or row.status != "graded":
        return None
    path = notebooks.get(row.path) or Path(row.path)
    return path if path.is_file() else None
