"""Who is who and how it went, end to end: LMS zips, Classroom folders with helper files,
files that are gone, students with several candidates, flagged runs, one seed, what the
exports look like and who may read them."""

from __future__ import annotations

import csv
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from tests.batch.support import CLI_FIXTURES, FIXTURES, nngrade, rows
from tests.helpers import HW6

SOLUTION = HW6 / "solution.ipynb"  # 14/14
MEAN_LOSS = CLI_FIXTURES / "mistake_mean_loss.ipynb"  # 13/14
NO_BIAS = CLI_FIXTURES / "mistake_missing_bias.ipynb"  # 12/14: forward lost


def read_csv(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def lms_zip(path: Path) -> Path:
    """A flat Canvas download: `<name>_<user id>_<submission id>_<file>` for three students."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.write(SOLUTION, "김민수_1234_5678_hw6.ipynb")
        z.write(MEAN_LOSS, "leejiwoo_2345_6789_hw6.ipynb")
        z.write(NO_BIAS, "parkseo_LATE_3456_7890_hw6.ipynb")
    return path


def classroom(folder: Path) -> Path:
    """The rest of a class in one folder: a helper file, two candidates, trouble."""
    copy(SOLUTION, folder / "hw6-kim" / "hw6.ipynb")
    helper = folder / "hw6-kim" / "utils.py"
    helper.write_text("def helper():\n    return 1\n")
    os.utime(helper, (2e9, 2e9))  # the newest file, which must not matter
    copy(SOLUTION, folder / "hw6-choi" / "draft.ipynb")
    copy(MEAN_LOSS, folder / "hw6-choi" / "final.ipynb")
    copy(FIXTURES / "hung_before_definitions.ipynb", folder / "hw6-hung" / "hw6.ipynb")
    copy(FIXTURES / "segfault_last_cell.ipynb", folder / "hw6-segv" / "hw6.ipynb")
    copy(FIXTURES / "memory_hungry.ipynb", folder / "hw6-mem" / "hw6.ipynb")
    copy(FIXTURES / "malformed.ipynb", folder / "hw6-erin" / "hw6.ipynb")
    return folder


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, fast_hw6):
    """A class with an LMS zip inside it, graded once in Korean: (process, out, folder)."""
    tmp = tmp_path_factory.mktemp("identity")
    folder = classroom(tmp / "submissions")
    lms_zip(folder / "lms_download.zip")
    out = tmp / "out"
    proc = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out,
                   "--lang", "ko", "-j", "2")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc, out, folder


STUDENTS = ["choi", "erin", "hung", "kim", "leejiwoo", "mem", "parkseo", "segv", "김민수"]


def test_every_student_once_from_the_right_file(graded_class):
    proc, out, _ = graded_class
    table = read_csv(out)
    assert sorted(table) == STUDENTS  # three from the LMS zip, none called lms_download
    assert table["김민수"]["total"] == "14" and table["leejiwoo"]["total"] == "13"
    assert table["parkseo"]["total"] == "12"
    assert table["kim"]["total"] == "14" and table["kim"]["path"].endswith("hw6-kim/hw6.ipynb")
    assert "학생 9명" in proc.stdout and "grades.csv: 9행" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_helper_files_are_listed_as_ignored(graded_class):
    proc, out, _ = graded_class
    assert (
        "kim: hw6-kim/utils.py은(는) 채점하지 않음 (hw6-kim/hw6.ipynb이(가) 제출물)" in proc.stderr
    )
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert "채점하지 않은 파일" in page and "hw6-kim/utils.py" in page
    ((others,),) = rows(out, "SELECT others FROM latest WHERE student = 'kim'")
    assert others == '["hw6-kim/utils.py"]'


def test_several_candidates_are_said_before_grading_and_at_the_top(graded_class):
    proc, out, _ = graded_class
    (warning,) = [line for line in proc.stderr.splitlines() if "choi" in line]
    assert warning.startswith("nngrade: 경고: choi: 제출물일 수 있는 파일이 2개입니다")
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert 'id="warnings"' in page
    assert page.index('id="warnings"') < page.index('class="stats"')  # at the top
    assert "hw6-choi/draft.ipynb" in page.split('id="warnings"')[1].split("</section>")[0]
    assert rows(out, "SELECT ambiguous FROM latest WHERE student = 'choi'") == [(1,)]


def test_hung_crashing_and_memory_hungry_notebooks_are_flagged(graded_class):
    _, out, _ = graded_class
    table = read_csv(out)
    got = {
        s: (r["total"], r["status"], r["cell_errors"], r["time_limits"], r["memory_limits"],
            r["crashes"])
        for s, r in table.items()
        if s in ("hung", "segv", "mem", "kim")
    }  # fmt: skip
    assert got == {
        "hung": ("14", "graded-over-limit", "0", "1", "0", "0"),  # `while True:` first
        "segv": ("14", "graded-after-crash", "0", "0", "0", "1"),  # segfault in the last cell
        "mem": ("14", "graded-over-limit", "0", "0", "1", "0"),  # asks for 26.8 GiB
        "kim": ("14", "graded", "0", "0", "0", "0"),
    }
    page = (out / "summary.html").read_text(encoding="utf-8")
    flagged = page.split('id="flagged"')[1].split("</section>")[0]
    assert all(s in flagged for s in ("hung", "segv", "mem")) and "kim" not in flagged


def test_submission_errors_and_the_summary_speak_the_language(graded_class):
    _, out, _ = graded_class
    (error,) = rows(out, "SELECT error FROM latest WHERE student = 'erin'")[0]
    assert "올바른 JSON이 아닙니다" in error, error
    md = (out / "feedback" / "erin.md").read_text(encoding="utf-8")
    assert "올바른 JSON이 아닙니다" in md
    proc = nngrade("gradebook", out, "--lang", "ko")
    assert proc.returncode == 0, proc.stderr
    assert "먼저 확인할 것" in proc.stdout and "주의 3" in proc.stdout
    assert "채점은 되었지만 문제가 있었던 제출물" in proc.stdout


def test_no_absolute_path_in_what_a_student_sees(graded_class):
    _, out, folder = graded_class
    for page in (out / "feedback").iterdir():
        text = page.read_text(encoding="utf-8")
        assert str(folder) not in text and str(folder.resolve()) not in text, page.name
    assert "hw6-erin/hw6.ipynb" in (out / "feedback" / "erin.html").read_text(encoding="utf-8")
    zipped = (out / "feedback" / "leejiwoo.md").read_text(encoding="utf-8")
    assert "`lms_download/leejiwoo_2345_6789_hw6.ipynb`" in zipped


def test_grades_csv_opens_in_excel_and_moodle_reads_the_worksheet(graded_class):
    _, out, _ = graded_class
    raw = (out / "grades.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert "김민수".encode() in raw
    with open(out / "moodle-grades.csv", newline="", encoding="utf-8") as f:
        sheet = list(csv.DictReader(f))
    # Graded with --lang ko: the headers are those of Moodle's Korean language pack, which its
    # importer matches (issue 22; the columns and their source: tests/batch/test_lms_exports.py).
    assert list(sheet[0]) == [
        "식별자",
        "전체 이름",
        "상태",
        "성적",
        "최대 성적",
        "마지막 수정됨(성적)",
    ]
    by_name = {r["전체 이름"]: r for r in sheet}
    assert by_name["kim"]["식별자"] == "kim" and by_name["kim"]["성적"] == "14"
    assert by_name["parkseo"]["성적"] == "12"
    assert (by_name["erin"]["성적"], by_name["erin"]["상태"]) == ("", "error")  # never graded


def test_files_are_readable_by_the_group_at_most(graded_class):
    _, out, _ = graded_class
    seen = 0
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.name.startswith(".gradebook.lock"):
            continue
        seen += 1
        assert mode & 0o007 == 0, (path, oct(mode))  # nothing for others
        assert mode == (0o750 if path.is_dir() else 0o640), (path, oct(mode))
    assert seen > 10


def test_a_flat_lms_zip_given_itself_gives_three_rows(tmp_path, fast_hw6):
    archive = lms_zip(tmp_path / "lms_download.zip")
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", archive, "--assignments", fast_hw6, "--out", out,
                   "--lang", "en", "--seed", "7")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert rows(out, "SELECT student, score, lms_id FROM latest ORDER BY score") == [
        ("parkseo", 12.0, "canvas:3456"),
        ("leejiwoo", 13.0, "canvas:2345"),
        ("김민수", 14.0, "canvas:1234"),
    ]
    assert "3 students" in proc.stdout and "grades.csv: 3 rows" in proc.stdout


def test_a_classroom_folder_given_itself_grades_the_notebook(tmp_path, fast_hw6):
    folder = tmp_path / "hw6-kim"
    copy(SOLUTION, folder / "hw6.ipynb")
    (folder / "utils.py").write_text("def helper():\n    return 1\n")
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out,
                   "--lang", "en", "--seed", "7")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert rows(out, "SELECT student, score, rel FROM latest") == [("kim", 14.0, "hw6.ipynb")]
    assert "utils.py not graded (hw6.ipynb is the submission)" in proc.stderr


def test_a_deleted_file_drops_out_and_the_gradebook_keeps_it(tmp_path, fast_hw6):
    folder = tmp_path / "subs"
    copy(SOLUTION, folder / "hw6-kim" / "hw6.ipynb")
    (folder / "hw6-kim" / "utils.py").write_text("x = 1\n")
    copy(MEAN_LOSS, folder / "hw6-lee" / "hw6.ipynb")
    out = tmp_path / "out"
    args = ("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out, "--lang", "en")
    assert nngrade(*args).returncode == 0
    shutil.rmtree(folder / "hw6-lee")
    (folder / "hw6-kim" / "utils.py").unlink()
    again = nngrade(*args, "--force")
    assert again.returncode == 0, again.stderr
    assert sorted(read_csv(out)) == ["kim"]
    assert "1 students" in again.stdout and "grades.csv: 1 rows" in again.stdout
    assert "1 earlier gradings no longer count" in again.stderr
    assert "lee" not in (out / "summary.html").read_text(encoding="utf-8").split("<body>")[1]
    # kim and lee are graded side by side in the first run: their rows come in either order
    history = rows(out, "SELECT student, dropped_run FROM submissions")
    assert sorted(student for student, _ in history) == ["kim", "kim", "lee"]
    assert [dropped for student, dropped in history if student == "lee"] == [2]
    assert rows(out, "SELECT others FROM latest") == [("[]",)]
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["kim.html", "kim.md"]


def test_one_seed_per_gradebook_unless_asked(tmp_path, fast_hw6):
    folder = tmp_path / "subs"
    copy(SOLUTION, folder / "hw6-kim" / "hw6.ipynb")
    out = tmp_path / "out"
    args = ("grade", "hw6", "--assignments", fast_hw6, "--out", out, "--lang", "en")
    first = nngrade(*args[:2], folder / "hw6-kim", *args[2:])
    assert first.returncode == 0 and "chosen for this gradebook" in first.stderr
    copy(MEAN_LOSS, folder / "hw6-lee" / "hw6.ipynb")
    second = nngrade(*args[:2], folder, *args[2:])
    assert second.returncode == 0 and "chosen" not in second.stderr
    ((seed,),) = rows(out, "SELECT DISTINCT seed FROM submissions")  # one seed, two runs
    assert f"seed {seed}" in second.stdout
    asked = nngrade(*args[:2], folder / "hw6-lee", *args[2:], "--force", "--seed", "11")
    assert f"seed 11 (--seed) replaces this gradebook's seed {seed}" in asked.stderr
    copy(NO_BIAS, folder / "hw6-park" / "hw6.ipynb")
    assert nngrade(*args[:2], folder, *args[2:]).returncode == 0
    assert dict(rows(out, "SELECT student, seed FROM latest")) == {
        "kim": seed,
        "lee": 11,
        "park": 11,
    }
    assert re.search(
        r"seed 11$", rows(out, "SELECT 'seed ' || value FROM meta WHERE key = 'seed'")[0][0]
    )


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01binary",
        b"\xff\xfe not utf-8",
        b'{"cells": [',
        b'{"cells": []}',
        b'{"nbformat": 5, "cells": []}',
        b'{"nbformat": 4, "nbformat_minor": "x", "cells": []}',
        b'{"nbformat": 4, "nbformat_minor": 5, "cells": {}}',
        b'{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": []}',
        b'{"nbformat": 4, "nbformat_minor": 5, "cells": []}',
        b'{"nbformat": 4, "nbformat_minor": 5, "cells": [{}]}',
        b'{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": 1}]}',
        b'{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "markdown", "source": ""}]}',
        b'{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": " "}]}',
    ],
)
def test_every_unreadable_notebook_is_explained_in_korean(tmp_path, content):
    from nngrade.errors import SubmissionError
    from nngrade.submission import load_submission

    path = tmp_path / "hw6.ipynb"
    path.write_bytes(content)
    with pytest.raises(SubmissionError) as caught:
        load_submission(path)
    problem = caught.value.problem
    korean = caught.value.problem_in("ko")
    assert korean != problem and re.search("[가-힣]", korean), problem
    assert caught.value.problem_in("en") == problem


def test_the_summary_page_in_a_real_browser_shows_korean_and_warnings_first(graded_class, tmp_path):
    from tests.render.test_html import browse

    _, out, _ = graded_class
    page = out / "summary.html"
    dom = browse(page, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "먼저 확인할 것" in dom.stdout and "채점은 되었지만 문제가 있었던 제출물" in dom.stdout
    assert dom.stdout.index('id="warnings"') < dom.stdout.index('id="flagged"')
    shot = Path(os.environ.get("NNGRADE_SCREENSHOT_DIR", tmp_path)) / "summary-ko.png"
    proc = browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,1600")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "hw6", "{tmp}/empty"], "empty: 채점할 것이 없습니다"),
        (["grade", "hw6", "{tmp}/missing"], "missing: 그런 파일이나 폴더가 없습니다"),
        (["grade", "nope", "{tmp}/empty"], "알 수 없는 과제 'nope'"),
        (["grade", "hw6", "{tmp}/empty", "--student-pattern", "(x"], "올바른 정규식이 아닙니다"),
        (["grade", "hw6", "{tmp}/empty", "-j", "0"], "-j는 1 이상이어야 합니다"),
        (["gradebook", "{tmp}/nowhere"], "여기에 gradebook.sqlite가 없습니다"),
    ],
)
def test_command_errors_are_one_line_in_korean(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    command = [a.format(tmp=tmp_path) for a in args]
    out = ["--out", tmp_path / "out"] if args[0] == "grade" else []
    proc = nngrade(*command, *out, "--lang", "ko")
    assert proc.returncode == 2
    assert message in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
