"""`nngrade grade` end to end on a class of real files: rows, reruns, exports, archives."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.batch.support import CLASS, make_class, nngrade, rows

STUDENTS = sorted(rel.split("/")[0].removeprefix("hw6-") for rel in CLASS)


def copy_out(out: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(out, target, ignore=shutil.ignore_patterns(".gradebook.lock"))
    return target


def read_csv(out: Path) -> list[dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def latest(out: Path) -> dict[str, dict]:
    """Student -> the results JSON of their latest submission, read from the gradebook."""
    found = rows(out, "SELECT student, results_json FROM latest")
    return {student: json.loads(data) for student, data in found}


def test_every_submission_gets_one_row_with_the_right_status(graded):
    proc, out, _ = graded
    got = {student: (status, score) for student, status, score in rows(out)}
    assert sorted(got) == STUDENTS  # and nothing from .ipynb_checkpoints or .git
    for rel, (_, status, score) in CLASS.items():
        student = rel.split("/")[0].removeprefix("hw6-")
        assert got[student][0] == status, (student, got[student])
        if score is not None:
            assert got[student][1] == score, (student, got[student])
    (error,) = rows(out, "SELECT error FROM submissions WHERE student = 'erin'")
    assert "JSON" in error[0] and "hw6-erin" in error[0]
    assert rows(out, "SELECT DISTINCT seed, lang FROM submissions") == [(7, "en")]
    assert "Traceback" not in proc.stderr
    assert re.search(
        r"9 students · 8 graded \(3 flagged\) · 1 errors · 0 out of time \(not graded\) · 0 unchanged",
        proc.stdout,
    )
    assert "grades.csv: 9 rows" in proc.stdout  # the command's count is the CSV's


def test_each_row_is_complete_in_the_gradebook(graded):
    _, out, _ = graded
    for sid, student, status, data in rows(
        out, "SELECT id, student, status, results_json FROM submissions"
    ):
        results = json.loads(data)
        assert results["submission"]["student"] == student
        tasks = rows(out, "SELECT task, earned FROM task_results WHERE submission_id = ?", (sid,))
        assert dict(tasks) == {t["name"]: t["earned"] for t in results["tasks"]}
        tests = rows(
            out,
            "SELECT test_id, outcome, message FROM test_results WHERE submission_id = ?",
            (sid,),
        )
        want = {
            t["id"]: (t["outcome"], t["message"])
            for task in results["tasks"]
            for t in task["tests"]
        }
        assert {i: (o, m) for i, o, m in tests} == want
        if status == "graded":
            assert len(tests) > 10


def test_csv_has_one_row_per_student_matching_the_gradebook(graded):
    _, out, folder = graded
    table = read_csv(out)
    by_student = {r["student"]: r for r in table}
    assert sorted(by_student) == STUDENTS
    for student, results in latest(out).items():
        row = by_student[student]
        for task in results["tasks"]:
            assert float(row[task["name"]]) == task["earned"], (student, task["name"])
        assert float(row["total"]) == results["score"]
        assert float(row["max"]) == results["max_score"] == 14
        assert row["status"].startswith(results["status"])  # graded-with-errors, ...
        assert Path(row["path"]).is_relative_to(folder.resolve())
    assert list(table[0]) == ["student", "activations", "sigmoid_deriv", "forward", "loss",
                              "gradient_descent", "backprop", "train", "total", "max", "status",
                              "cell_errors", "time_limits", "memory_limits", "crashes", "path",
                              "confinement"]  # fmt: skip
    flags = {r["student"]: (r["status"], r["cell_errors"], r["time_limits"], r["crashes"])
             for r in table}  # fmt: skip
    assert flags["alice"] == ("graded", "0", "0", "0")
    assert flags["frank"] == ("graded-after-crash", "0", "0", "1")  # os._exit in a cell
    assert flags["grace"] == ("graded-over-limit", "0", "1", "0")  # a cell that never ends
    assert flags["heidi"][0] == "graded-with-errors"  # the template's cells raise
    assert flags["erin"][0] == "error"


def test_summary_page_agrees_with_the_gradebook(graded):
    _, out, _ = graded
    page = (out / "summary.html").read_text(encoding="utf-8")
    results = latest(out)
    graded_ones = [r for r in results.values() if r["status"] == "graded"]
    for task in graded_ones[0]["tasks"]:
        passed = sum(all(t["outcome"] == "passed" for t in r_task["tests"]) and bool(r_task["tests"])
                     for r in graded_ones for r_task in r["tasks"] if r_task["name"] == task["name"])  # fmt: skip
        assert f"<td class='num'>{passed}/{len(graded_ones)}</td>" in page, task["name"]
    assert page.count("data:image/png;base64,") == 2  # histogram, pass rate per task
    assert "is not valid JSON" in page  # erin's error, grouped
    assert "test_forward.py::test_predict_gives_the_lecture_numbers" in page
    assert "Slowest submissions" in page and "grace" in page
    assert not re.search(r"(src|href)=\"https?:", page)  # self-contained


def test_feedback_pages_for_every_student(graded):
    _, out, _ = graded
    for student in STUDENTS:
        md = (out / "feedback" / f"{student}.md").read_text(encoding="utf-8")
        html = (out / "feedback" / f"{student}.html").read_text(encoding="utf-8")
        assert student in md and student in html
    assert "14/14" in (out / "feedback" / "alice.md").read_text(encoding="utf-8")


def test_gradebook_command_prints_the_class_summary(graded):
    _, out, _ = graded
    proc = nngrade("gradebook", out)
    assert proc.returncode == 0, proc.stderr
    assert "9 students · graded 8 · errors 1" in proc.stdout
    assert "Pass rate per task" in proc.stdout and "Errors seen most often" in proc.stdout


def test_gradebook_command_speaks_korean_with_lang_ko(graded):
    _, out, _ = graded
    proc = nngrade("gradebook", out, "--lang", "ko")
    assert proc.returncode == 0, proc.stderr
    assert "학생 9명 · 채점 8 · 오류 1" in proc.stdout
    assert "문항별 통과율" in proc.stdout and "자주 나온 오류" in proc.stdout
    assert "Pass rate" not in proc.stdout and "students" not in proc.stdout


def test_second_run_grades_nothing_new_and_force_regrades(graded, fast_hw6, tmp_path):
    _, out, folder = graded
    out = copy_out(out, tmp_path)
    before = rows(out, "SELECT COUNT(*) FROM submissions")[0][0]
    again = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out, "--lang", "en")
    assert again.returncode == 0, again.stderr
    assert "0 graded" in again.stdout and "9 unchanged" in again.stdout
    assert rows(out, "SELECT COUNT(*) FROM submissions")[0][0] == before

    forced = nngrade("grade", "hw6", folder / "hw6-alice", folder / "hw6-bob", "--assignments",
                     fast_hw6, "--out", out, "--lang", "en", "--force", "--seed", "11")  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert "2 graded" in forced.stdout
    assert rows(out, "SELECT COUNT(*) FROM submissions")[0][0] == before + 2
    seeds = dict(rows(out, "SELECT student, seed FROM latest"))
    assert (seeds.pop("alice"), seeds.pop("bob")) == (11, 11) and set(seeds.values()) == {7}
    assert len(read_csv(out)) == len(STUDENTS)


def test_a_changed_submission_is_graded_again_and_counts(graded, fast_hw6, tmp_path):
    _, out, folder = graded
    out = copy_out(out, tmp_path)
    changed = tmp_path / "submissions"
    shutil.copytree(folder, changed)
    shutil.copyfile(
        CLASS["hw6-alice/hw6.ipynb"][0], changed / "hw6-bob" / "hw6.ipynb"
    )  # bob fixed it
    proc = nngrade("grade", "hw6", changed, "--assignments", fast_hw6, "--out", out, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "1 graded" in proc.stdout and "8 unchanged" in proc.stdout
    bob = next(r for r in read_csv(out) if r["student"] == "bob")
    assert bob["total"] == "14"
    # the unchanged rows now point at the files where they were found this time
    paths = [Path(p) for (p,) in rows(out, "SELECT path FROM latest")]
    assert all(p.is_relative_to(changed.resolve()) for p in paths)


def test_zip_of_a_classroom_export(tmp_path, fast_hw6):
    folder = make_class(tmp_path / "export" / "hw6-submissions", ["alice", "bob", "erin"])
    archive = tmp_path / "hw6-submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.rglob("*")):
            z.write(path, path.relative_to(folder.parent))
        z.writestr("../../outside.ipynb", "{}")  # refused, not extracted
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", archive, "--assignments", fast_hw6, "--out", out, "--seed", "7")
    assert proc.returncode == 0, proc.stderr
    assert rows(out) == [("alice", "graded", 14.0), ("bob", "graded", 13.0), ("erin", "error", 0.0)]
    (path,) = rows(out, "SELECT path FROM submissions WHERE student = 'alice'")
    assert path[0] == f"{archive.resolve()}!/hw6-submissions/hw6-alice/hw6.ipynb"
    assert "unsafe name" in proc.stderr
    assert not (tmp_path.parent / "outside.ipynb").exists()


def test_student_pattern_names_the_students(tmp_path, fast_hw6):
    flat = tmp_path / "lms"
    flat.mkdir()
    shutil.copyfile(
        CLASS["hw6-alice/hw6.ipynb"][0], flat / "Kim Minsu_1234_assignsubmission_file_hw6.ipynb"
    )
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", flat, "--assignments", fast_hw6, "--out", out,
                   "--student-pattern", r"^(?P<student>[^_]+)_\d+_")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert rows(out) == [("Kim Minsu", "graded", 14.0)]
    assert (out / "feedback" / "Kim_Minsu.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hw6", "{tmp}/empty"], "nothing to grade here"),
        (["hw6", "{tmp}/missing"], "no such file or folder"),
        (["nope", "{tmp}/empty"], "unknown assignment 'nope'"),
        (["hw6", "{tmp}/empty", "--student-pattern", "(x"], "not a valid regex"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no notebooks here")
    proc = nngrade("grade", *[a.format(tmp=tmp_path) for a in args], "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()  # nothing left behind


def test_gradebook_of_a_folder_without_one_is_one_line(tmp_path):
    proc = nngrade("gradebook", tmp_path / "nowhere")
    assert proc.returncode == 2 and "no gradebook.sqlite here" in proc.stderr
