"""The grade books an LMS imports (issue 22), checked against the importers' own columns.

Moodle: the offline grading worksheet import, moodle/moodle
`mod/assign/feedback/offline/importgradeslib.php` (`init()`: a column is found by its header
being equal to a language string, and the upload fails unless the three it needs are there:
get_string('recordid', 'assign') "Identifier", get_string('gradenoun') "Grade",
get_string('lastmodifiedgrade', 'assign') "Last modified (grade)"; `next()`: the participant
number is what follows get_string('hiddenuser', 'assign') "Participant ", and the time is read
with PHP's strtotime) and `locallib.php` (`process_import_grades`: an empty grade is skipped).
The other columns are the worksheet's as `mod/assign/gradingtable.php` downloads it.

Canvas: the gradebook import reads the layout of Canvas's gradebook export: `Student`, `ID`,
`SIS User ID`, `SIS Login ID`, `Section`, then the assignments' columns, and a `Points Possible`
row (Canvas guides: "How do I import grades in the Gradebook?"); a blank score changes
nothing."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nngrade.sandbox import bwrap
from tests.batch.support import CLI_FIXTURES, FIXTURES, nngrade
from tests.helpers import HW6

MOODLE_REQUIRED = ("Identifier", "Grade", "Last modified (grade)")
CANVAS_FIRST = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


@pytest.fixture(scope="module")
def lms_class(tmp_path_factory, fast_hw6) -> Path:
    """Downloads of Moodle and Canvas in one class folder, graded in English: one full
    marks, one 13/14, and a Moodle and a Canvas file that cannot be graded. Returns the
    output folder."""
    tmp = tmp_path_factory.mktemp("lms")
    folder = tmp / "downloads"
    folder.mkdir()
    shutil.copy(HW6 / "solution.ipynb", folder / "Kim Minsu_1234_assignsubmission_file_hw6.ipynb")
    shutil.copy(
        FIXTURES / "malformed.ipynb", folder / "Lee Jiwoo_2345_assignsubmission_file_hw6.ipynb"
    )
    shutil.copy(CLI_FIXTURES / "mistake_mean_loss.ipynb", folder / "parkseo_3456_7890_hw6.ipynb")
    shutil.copy(FIXTURES / "malformed.ipynb", folder / "choiyu_LATE_4567_8901_hw6.ipynb")
    shutil.copy(HW6 / "solution.ipynb", folder / "jang_hw6.ipynb")
    out = tmp / "out"
    proc = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out,
                   "--lang", "en", "--seed", "7", "-j", "2")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "canvas-grades.csv" in proc.stdout
    return out


def read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_moodle_worksheet_has_the_columns_its_importer_requires(lms_class):
    header, *rows = read(lms_class / "moodle-grades.csv")
    for column in MOODLE_REQUIRED:
        assert header.count(column) == 1, header
    assert header == ["Identifier", "Full name", "Status", "Grade", "Maximum grade",
                      "Last modified (grade)"]  # fmt: skip
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    kim = by_id["Participant 1234"]  # the importer cuts "Participant " off: 1234
    assert (kim["Full name"], kim["Grade"], kim["Maximum grade"]) == ("Kim Minsu", "14", "14")
    assert kim["Status"] == "graded"
    # strtotime reads ISO 8601 with an offset; it is when nngrade graded it.
    when = datetime.fromisoformat(kim["Last modified (grade)"])
    assert when.tzinfo is not None and abs((datetime.now(UTC) - when).total_seconds()) < 3600
    lee = by_id["Participant 2345"]  # never graded: no grade (the importer skips it), never 0
    assert (lee["Grade"], lee["Status"]) == ("", "error")
    assert by_id["jang"]["Grade"] == "14"  # not from Moodle: its own id, which Moodle skips


def test_canvas_import_has_its_columns_and_the_canvas_ids(lms_class):
    header, points, *rows = read(lms_class / "canvas-grades.csv")
    assert header == [*CANVAS_FIRST, "hw6"]
    assert points[0].strip() == "Points Possible" and points[-1] == "14"
    by_student = {r[0]: r for r in rows}
    assert by_student["parkseo"][1:] == ["3456", "", "", "", "13"]  # the Canvas user id
    assert by_student["choiyu"][1:] == ["4567", "", "", "", ""]  # never graded: blank
    assert by_student["Kim Minsu"][1] == "" and by_student["Kim Minsu"][-1] == "14"


def test_the_confinement_is_in_grades_csv_the_summary_and_each_page(lms_class):
    want = "bubblewrap" if bwrap.available() else None
    with open(lms_class / "grades.csv", newline="", encoding="utf-8-sig") as f:
        kinds = {row["confinement"] for row in csv.DictReader(f)}
    assert len(kinds) == 1 and kinds <= {"bubblewrap", "uid", "none"}
    if want:
        assert kinds == {want}
    (kind,) = kinds
    summary = (lms_class / "summary.html").read_text(encoding="utf-8")
    assert "Confinement of the students" in summary
    assert f"{kind} (5)" in summary
    for page in (lms_class / "feedback").iterdir():
        assert f"Confinement: {kind} (" in page.read_text(encoding="utf-8"), page.name
