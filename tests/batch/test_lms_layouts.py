"""An LMS is one `Layout` (issue 23): a toy LMS registered as one object gets its students
found, their ids kept and read back, and its grade book written by `nngrade grade`."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from nngrade.batch import lms
from nngrade.batch.inputs import StudentRule, choose, discover
from tests.helpers import HW6

# A toy LMS that names its downloads `toy-<number>-<student>--<file>` and imports a CSV of
# (number, grade); the whole of it is this module and one `Layout(...)`.
TOY_MODULE = """
import re

from nngrade.batch import lms
from nngrade.render.i18n import points


def grade_book(rows, assignment, lang):
    toy = lms.get("toy")
    lines = [f"number,{assignment.id}"]
    lines += [f"{toy.number(r.lms_id)},{points(r.score)}" for r in rows if toy.number(r.lms_id)]
    return "\\n".join(lines) + "\\n"


LAYOUT = lms.Layout(
    "toy",
    re.compile(r"^toy-(?P<id>\\d+)-(?P<student>[^/-]+)--(?P<name>[^/]+)$"),
    export="toy-grades.csv",
    writer="toylms:grade_book",
)
"""


def _toy(tmp_path: Path) -> lms.Layout:
    (tmp_path / "toylms.py").write_text(TOY_MODULE, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import toylms

        return toylms.LAYOUT
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("toylms", None)


def test_a_registered_layout_finds_its_students_and_keeps_their_ids(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    for name in ("toy-77-kimminsu--hw6.ipynb", "toy-78-leejiwoo--hw6.ipynb"):
        (downloads / name).write_text("{}", encoding="utf-8")
    layout = lms.register(_toy(tmp_path))
    try:
        work = tmp_path / "work"
        work.mkdir()
        found = discover(
            [downloads], rule=StudentRule.make("hw6", None), workdir=work, student_file="hw6.ipynb"
        ).entries
        got = {(e.student, e.name, e.lms_id) for e in found}
        assert got == {("kimminsu", "hw6.ipynb", "toy:77"), ("leejiwoo", "hw6.ipynb", "toy:78")}
        assert [c.student for c in choose(found, "hw6.ipynb", "hw6")] == ["kimminsu", "leejiwoo"]
        assert lms.parse("toy:77") == (layout, "77") and layout.identity("77") == "toy:77"
        assert lms.get("canvas").number("toy:77") == "" and layout.number("toy:77") == "77"
        assert layout in lms.exporting()
    finally:
        lms.LAYOUTS.remove(layout)
    assert lms.parse("toy:77") == (None, "")  # gone with it: an id of no LMS
    assert [x.name for x in lms.LAYOUTS] == ["moodle", "blackboard", "canvas"]


GRADE_WITH_TOY = """
import sys
sys.path.insert(0, {site!r})
from nngrade.batch import lms
import toylms
lms.register(toylms.LAYOUT)
from nngrade.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_nngrade_grade_writes_the_grade_book_of_a_registered_layout(tmp_path: Path) -> None:
    _toy(tmp_path)  # writes toylms.py
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "toy-77-kimminsu--hw6.ipynb").write_bytes((HW6 / "solution.ipynb").read_bytes())
    out = tmp_path / "out"
    program = textwrap.dedent(GRADE_WITH_TOY.format(site=str(tmp_path)))
    proc = subprocess.run(
        [sys.executable, "-c", program, "grade", "hw6", str(downloads), "--out", str(out),
         "-j", "1", "--seed", "1", "--lang", "en"],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "160"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader((out / "toy-grades.csv").open(encoding="utf-8")))
    assert rows == [["number", "hw6"], ["77", "14"]]
    # The built-in grade books are written beside it, the student known by their toy id only.
    canvas = list(csv.DictReader((out / "canvas-grades.csv").open(encoding="utf-8")))
    assert [(r["Student"], r["ID"]) for r in canvas[1:]] == [("kimminsu", "")]
    assert re.search(r"^kimminsu,", (out / "grades.csv").read_text(encoding="utf-8-sig"), re.M)
