"""Issue 24, "submissions that vanish": every way a class arrives gives each student one row,
once, with the right name, through `nngrade grade` as an instructor runs it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.batch.support import CLASS, nngrade, rows
from tests.helpers import HW6

SOLUTION = HW6 / "solution.ipynb"  # 14
MEAN_LOSS = CLASS["hw6-bob/hw6.ipynb"][0]  # 13
TEMPLATE = HW6 / "hw6.ipynb"  # 0


def zip_of(members: dict[str, Path | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data if isinstance(data, bytes) else data.read_bytes())
    return buffer.getvalue()


def grade(path: Path, out: Path, assignments: Path) -> list[tuple]:
    proc = nngrade("grade", "hw6", path, "--assignments", assignments, "--out", out,
                   "--seed", "7", "--lang", "en", "-j", "2")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return rows(out, "SELECT student, score, lms_id FROM latest ORDER BY student")


def test_a_canvas_zip_with_a_students_zip_and_blackboard_attempts(tmp_path, fast_hw6):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    upload = zip_of({"hw6-parkseo-main/hw6.ipynb": SOLUTION})
    (downloads / "canvas.zip").write_bytes(
        zip_of({
            "kimminsu_12345_67890_hw6.ipynb": SOLUTION,
            "leejiwoo_late_23456_78901_hw6.ipynb": MEAN_LOSS,  # an older Canvas's late name
            "parkseo_34567_89012_submission.zip": upload,  # the student uploaded a zip
        })
    )  # fmt: skip
    first = "Homework 6_choiyu_attempt_2026-03-05-14-30-12"
    last = "Homework 6_choiyu_attempt_2026-03-06-09-00-00"
    for attempt, notebook in ((first, TEMPLATE), (last, SOLUTION)):
        (downloads / f"{attempt}.txt").write_text("Name: Choi Yu\n")
        (downloads / f"{attempt}_hw6.ipynb").write_bytes(notebook.read_bytes())
    assert grade(downloads, tmp_path / "out", fast_hw6) == [
        ("choiyu", 14.0, ""),  # the last attempt
        ("kimminsu", 14.0, "canvas:12345"),
        ("leejiwoo", 13.0, "canvas:23456"),
        ("parkseo", 14.0, "canvas:34567"),
    ]


def test_a_zip_of_per_student_zips(tmp_path, fast_hw6):
    archive = tmp_path / "class.zip"
    archive.write_bytes(
        zip_of({
            "kim.zip": zip_of({"hw6.ipynb": SOLUTION}),
            "hw6-lee.zip": zip_of({"hw6-lee-main/hw6.ipynb": MEAN_LOSS}),
        })
    )  # fmt: skip
    assert grade(archive, tmp_path / "out", fast_hw6) == [("kim", 14.0, ""), ("lee", 13.0, "")]


def test_a_zip_made_on_korean_windows_keeps_the_names(tmp_path, fast_hw6):
    # Windows writes CP949 names without the UTF-8 flag; zipfile writes UTF-8, so ASCII
    # stand-ins of the same length are replaced in the bytes.
    data = zip_of({"AAAAAA/hw6.ipynb": SOLUTION, "BBBBBB/hw6.ipynb": MEAN_LOSS})
    data = data.replace(b"AAAAAA/", "김민준/".encode("cp949"))
    archive = tmp_path / "class.zip"
    archive.write_bytes(data.replace(b"BBBBBB/", "이서연/".encode("cp949")))
    assert grade(archive, tmp_path / "out", fast_hw6) == [
        ("김민준", 14.0, ""),
        ("이서연", 13.0, ""),
    ]
