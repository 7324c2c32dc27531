"""Issue 20, the instructor's side: a submission speaks for its own student only, and nothing it
writes reaches the instructor's terminal or files as control text.

One class, graded once through the CLI (`nngrade grade -j 2`), then `nngrade gradebook` and
`nngrade similar` on it:

* `hw6-kim/` is a Classroom repository holding, beside its `hw6.ipynb`, files named as Moodle
  and Canvas name their downloads (for "Prof Kim" and for a classmate);
* the folder `hw6-evil<ESC>[2K/` (its name is the student's) holds a notebook whose code
  comments, printed output, exception messages and exception class name (`[/]`) carry ESC/CSI,
  OSC 52, OSC 8, NUL, CR, C1 and bidi controls, and a file whose name carries OSC 52;
* `hw6-=1+2/` is a student whose name a spreadsheet would run as a formula;
* alice and bob are honest, and score what they score alone.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.batch.support import CLASS, nngrade, rows
from tests.helpers import HW6

ESC = "\x1b"
ATTACK = (
    f"{ESC}]52;c;ZXZpbA==\x07"  # OSC 52: write the clipboard
    f"{ESC}[2K{ESC}[1A{ESC}[32mall submissions verified{ESC}[0m"  # erase a line, forge a note
    f"{ESC}]8;;http://evil.example{ESC}\\link{ESC}]8;;{ESC}\\"  # OSC 8: a link
    "\x00\r\x9b31m\u202e"  # NUL, CR, C1 CSI, a bidi override
    "[bold red]markup[/]"
)
EVIL = f"evil{ESC}[2K"
FORMULA = "=1+2"
# What must never come out raw: C0 but tab and newline, DEL, C1, bidi controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_notebook(target: Path) -> Path:
    """The solution, with control text in a comment of shared code, in what it prints, in an
    exception message a test reports, and an exception class named `[/]` raised by a cell."""
    nb = json.loads((HW6 / "solution.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    comment = ATTACK.replace("\r", "").replace("\x00", "")  # still a comment to Python
    predict = next(c for c in code if "def predict" in "".join(c["source"]))
    lines = "".join(predict["source"]).split("\n")
    lines[0] += f"  # {comment}"
    predict["source"] = "\n".join(lines)

    def cell(source: str) -> dict:
        return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                "source": source}  # fmt: skip

    nb["cells"] += [
        cell(f"print({ATTACK!r})"),
        cell(f"def loss(y, t):\n    raise ValueError({ATTACK!r})"),
        cell(f"raise type('[/]', (Exception,), {{}})({ATTACK!r})"),
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return target


def copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory, fast_hw6):
    """The class graded with `-j 2`: (grade, gradebook, similar processes, out folder)."""
    tmp = tmp_path_factory.mktemp("hostile")
    subs = tmp / "submissions"
    for name in ("alice", "bob"):
        copy(CLASS[f"hw6-{name}/hw6.ipynb"][0], subs / f"hw6-{name}" / "hw6.ipynb")
    solution = HW6 / "solution.ipynb"
    copy(solution, subs / "hw6-kim" / "hw6.ipynb")
    copy(solution, subs / "hw6-kim" / "Prof Kim_1234_assignsubmission_file_hw6.ipynb")
    copy(solution, subs / "hw6-kim" / "leejiwoo_2345_6789_hw6.ipynb")
    hostile_notebook(subs / f"hw6-{EVIL}" / "hw6.ipynb")
    (subs / f"hw6-{EVIL}" / f"notes{ESC}]52;c;ZXZpbA==\x07.py").write_text("x = 1\n")
    copy(CLASS["hw6-bob/hw6.ipynb"][0], subs / f"hw6-{FORMULA}" / "hw6.ipynb")
    out = tmp / "out"
    grade = nngrade("grade", "hw6", subs, "--assignments", fast_hw6, "--out", out,
                    "--seed", "7", "--lang", "en", "-j", "2")  # fmt: skip
    gradebook = nngrade("gradebook", out, "--lang", "en")
    similar = nngrade("similar", out, "--lang", "en", "--threshold", "0.5")
    return grade, gradebook, similar, out


def test_one_student_folder_gives_one_row_for_its_own_student(hostile_class):
    grade, _, _, out = hostile_class
    assert grade.returncode == 0, grade.stderr
    students = [r[0] for r in rows(out, "SELECT student FROM latest ORDER BY student")]
    assert sorted(students) == sorted(["alice", "bob", "kim", EVIL, FORMULA])
    assert not any("Prof Kim" in s or "leejiwoo" in s for s in students)
    lms = rows(out, "SELECT lms_id FROM latest WHERE student = 'kim'")
    assert lms == [("",)]


def test_honest_classmates_score_what_they_score_alone(hostile_class):
    _, _, _, out = hostile_class
    scores = dict(rows(out, "SELECT student, score FROM latest"))
    assert scores["alice"] == CLASS["hw6-alice/hw6.ipynb"][2]
    assert scores["bob"] == CLASS["hw6-bob/hw6.ipynb"][2]
    assert scores[FORMULA] == CLASS["hw6-bob/hw6.ipynb"][2]
    assert scores["kim"] == 14


def test_no_control_text_from_a_submission_reaches_terminal_or_files(hostile_class):
    grade, gradebook, similar, out = hostile_class
    for proc in (grade, gradebook, similar):
        assert proc.returncode == 0, proc.stderr
        assert "internal error" not in proc.stderr
        for stream in (proc.stdout, proc.stderr):
            assert not CONTROL.search(stream), CONTROL.findall(stream)
    files = [out / "grades.csv", out / "moodle-grades.csv", out / "summary.html"]
    files += sorted((out / "feedback").glob("*"))
    assert any(p.suffix == ".md" for p in files) and any(p.suffix == ".html" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert not CONTROL.search(text), (path.name, CONTROL.findall(text))
    # The controls are shown escaped, so the instructor sees what was tried.
    assert "\\x1b]52;c;ZXZpbA==" in similar.stdout
    assert "evil\\x1b[" in gradebook.stdout
    assert "\\x1b[2K" in grade.stderr  # the ignored file's name, in a note


def test_a_class_named_markup_is_shown_as_it_is(hostile_class):
    _, gradebook, _, out = hostile_class
    assert "[/]" in gradebook.stdout  # the common errors table, not rich's MarkupError
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert "[/]" in page


def test_spreadsheet_cells_never_start_a_formula(hostile_class):
    _, _, _, out = hostile_class
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as f:
        students = {r["student"] for r in csv.DictReader(f)}
    assert f"'{FORMULA}" in students and FORMULA not in students
    assert "evil\\x1b[2K" in students


def test_submit_prints_and_writes_a_hostile_notebook_without_its_control_text(tmp_path):
    notebook = hostile_notebook(tmp_path / f"hw6{ESC}]52;c;ZXZpbA==\x07.ipynb")
    shown = nngrade("submit", notebook, "--seed", "7", "--lang", "en")
    md, page, data = tmp_path / "report.md", tmp_path / "report.html", tmp_path / "report.json"
    written = nngrade("submit", notebook, "--seed", "7", "--lang", "en",
                      "-o", md, "-o", page, "-o", data)  # fmt: skip
    for proc in (shown, written):
        assert proc.returncode == 0, proc.stderr
        for stream in (proc.stdout, proc.stderr):
            assert not CONTROL.search(stream), CONTROL.findall(stream)
    assert "[/]" in shown.stdout and "\\x1b]52;c;ZXZpbA==" in shown.stdout
    for path in (md, page):
        text = path.read_text(encoding="utf-8")
        assert not CONTROL.search(text), (path.name, CONTROL.findall(text))
        assert "\\x1b]52;c;ZXZpbA==" in text
    text = data.read_text(encoding="utf-8")  # JSON keeps the data, written as \u escapes
    assert not CONTROL.search(text)
    (error,) = json.loads(text)["cell_errors"]
    assert error["ename"] == "[/]" and error["evalue"].startswith(f"{ESC}]52;c;ZXZpbA==")
