"""Issue 23: every line nngrade prints is in the catalog, in Korean too.

The commands' one-line errors and their own lines are run as a user runs them, with `--lang
ko` (and with a Korean locale, `LANG=ko_KR.UTF-8`, for the commands that have no `--lang`),
and what they print must hold no English word outside code and names, as the reports must not
(`test_korean_reports.english_words`). argparse's own error lines are in the catalog too (its
usage synopsis is the command's syntax, left as it is).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.test_korean_reports import english_words
from tests.helpers import HW6, run_nngrade

KOREAN = {"LANG": "ko_KR.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}
# The assignments' ids and the tasks' names are names, in any language.
IDS = {"activations", "gradient", "descent", "hw6", "keras", "perceptron", "regression"}


def notebook(cells: list[str]) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "source": c, "metadata": {}, "outputs": [],
                 "execution_count": None}
                for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("files")
    (root / "empty.ipynb").write_text("", encoding="utf-8")
    (root / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    (root / "unnamed.ipynb").write_text(notebook(["x = 1"]), encoding="utf-8")
    return root


def korean_lines(proc, *, code: int | None = None) -> str:
    """What the command printed, checked to hold no English word; returned for more checks."""
    said = proc.stdout + proc.stderr
    assert "Traceback" not in said, said
    if code is not None:
        assert proc.returncode == code, said
    words = english_words(said, IDS)
    assert not words, "English in a Korean command line:\n" + "\n".join(words)
    return said


@pytest.mark.parametrize(
    "args, wanted",
    [
        (["submit", "{files}/missing.ipynb"], "파일이 없습니다"),
        (["submit", "{files}/empty.ipynb"], "비어 있습니다"),
        (["submit", "{files}/broken.ipynb"], "JSON"),
        (["submit", "{files}/unnamed.ipynb"], "어느 과제인지"),
        (["submit", "{files}/unnamed.ipynb", "--assignment", "hw7"], "알 수 없는 과제 'hw7'"),
        (["submit", "{files}/unnamed.ipynb", "-o", "{files}/report.zzz"], "보고서 형식"),
        (["grade", "hw6", "{files}/nowhere"], "그런 파일이나 폴더가 없습니다"),
        # Why the OS refused, in the catalog (`os_error.*`): here a file where a folder should be.
        (["grade", "hw6", "{files}", "--out", "{files}/empty.ipynb/out"], "폴더가 아닙니다"),
        (["grade", "hw6", "{files}", "-j", "0"], "-j"),
        (["grade", "hw6", "{files}", "--timeout", "0"], "--timeout"),
        (["gradebook", "{files}/nowhere"], "gradebook.sqlite"),
        (["similar", "{files}/nowhere"], "gradebook.sqlite"),
        (
            ["gradescope", "hw6", "-o", "{files}/a.zip", "--install", "nngrade", "--bundle-deps"],
            "--bundle-deps",
        ),
    ],
)
def test_a_one_line_error_is_in_korean(files, args, wanted):
    argv = [a.replace("{files}", str(files)) for a in args]
    if "--lang" not in argv and argv[0] != "similar":
        argv += ["--lang", "ko"]
    said = korean_lines(run_nngrade(*argv, env=KOREAN), code=2)
    assert said.startswith("nngrade: ") and said.count("\n") == 1, said  # one line
    assert wanted in said


def test_the_list_of_assignments_has_korean_headers():
    proc = run_nngrade("list", "--lang", "ko", env={"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    # The title and the column headers; the rows are the assignments' own names and words.
    head = "\n".join(proc.stdout.splitlines()[:4])
    assert not english_words(head, IDS), head
    assert "과제 목록" in head and "배점" in head and "확인하는 내용" in head


def test_a_korean_locale_says_the_similar_limit_in_korean(files):
    said = korean_lines(run_nngrade("similar", files, "--max-share", "1", env=KOREAN), code=2)
    assert "2 이상" in said


def test_assign_and_classroom_say_what_they_wrote_in_korean(tmp_path):
    out = tmp_path / "student.ipynb"
    proc = run_nngrade(
        "assign", HW6 / "solution.ipynb", "-o", out, "--no-check", env=KOREAN, timeout=120
    )
    assert "파일을 만들었습니다" in korean_lines(proc, code=0)
    proc = run_nngrade("classroom", "init", "hw6", tmp_path / "repo", env=KOREAN, timeout=120)
    said = korean_lines(proc, code=0)
    assert "파일을 만들었습니다" in said and "깃허브 클래스룸" in said


# issue 23 (the rest): an assignment.toml's schema errors and the deployment commands' argument
# checks are catalog keys too, written in the user's language.
BAD_TOMLS = {
    "epochs": 'id = "hwx"\ntasks = []\n[functions.f]\nparams = ["a"]\nepochs = "b"\n',
    "keras": 'id = "hwx"\ntasks = []\n[values.v]\nglobals = ["m", "n"]\nkeras = true\n',
    "no_id": "tasks = []\n",
}


@pytest.mark.parametrize("problem", sorted(BAD_TOMLS))
def test_a_bad_assignment_toml_is_named_in_korean(files, tmp_path, problem):
    (tmp_path / "hwx").mkdir()
    (tmp_path / "hwx" / "assignment.toml").write_text(BAD_TOMLS[problem], encoding="utf-8")
    argv = ["--assignment", "hwx", "--assignments", tmp_path, "--lang", "ko"]
    said = korean_lines(run_nngrade("submit", files / "unnamed.ipynb", *argv), code=2)
    assert said.startswith("nngrade: ") and said.count("\n") == 1, said
    assert "assignment.toml" in said


@pytest.mark.parametrize(
    "args, wanted",
    [
        (["--hidden-repo", "1/2/3"], "GitHub 저장소"),
        (["--notebook", "a\nb.ipynb"], "노트북 경로가 아닙니다"),
    ],
)
def test_classroom_init_checks_its_arguments_in_korean(tmp_path, args, wanted):
    proc = run_nngrade("classroom", "init", "hw6", tmp_path / "repo", *args, env=KOREAN)
    said = korean_lines(proc, code=2)
    assert said.startswith("nngrade: ") and wanted in said
    assert not (tmp_path / "repo").exists()


def test_gradescope_names_a_bad_wheel_in_korean(tmp_path):
    wheel = tmp_path / "bad.whl"
    wheel.write_bytes(b"")
    proc = run_nngrade("gradescope", "hw6", "-o", tmp_path / "a.zip", "--wheel", wheel, env=KOREAN)
    said = korean_lines(proc, code=2)
    assert "bad.whl" in said and "휠" in said
    assert not (tmp_path / "a.zip").exists()


@pytest.mark.parametrize(
    "old, new, wanted",
    [
        ('@task("square"', '@task("sqaure"', "'sqaure'이(가) assignment.toml에 없습니다"),
        ("points = 2", "points = 4", "배점 합이 2점인데"),
    ],
)
def test_assign_says_why_it_refuses_in_korean(tmp_path, old, new, wanted):
    from tests.cli.test_hidden_tests import SCALE

    course = tmp_path / "course"
    shutil.copytree(SCALE, course / "scale")
    for path in (
        course / "scale" / "hidden" / "test_hidden_scale.py",
        course / "scale" / "assignment.toml",
    ):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    out = tmp_path / "scale.ipynb"
    solution = course / "scale" / "solution.ipynb"
    proc = run_nngrade("assign", solution, "-o", out, "--assignments", course, env=KOREAN)
    said = proc.stdout + proc.stderr
    assert proc.returncode == 2 and said.startswith("nngrade: ") and wanted in said, said
    names = IDS | {"scale", "square", "sqaure", "double"}  # the assignment's and its tasks' names
    assert not english_words(said, names), said
    assert not out.exists()


def test_assign_names_an_unpaired_solution_marker_in_korean(tmp_path):
    solution = tmp_path / "solution.ipynb"
    source = "def f():\n    # BEGIN SOLUTION\n    return 1\n"
    solution.write_text(notebook([source]).replace('"nbformat_minor": 5', '"nbformat_minor": 4'))
    out = tmp_path / "student.ipynb"
    proc = run_nngrade("assign", solution, "-o", out, "-a", "hw6", "--no-check", env=KOREAN)
    said = korean_lines(proc, code=2)
    assert said.startswith("nngrade: ") and "1번 셀" in said and "END SOLUTION" in said
    assert not out.exists()


@pytest.mark.parametrize(
    "args, env, wanted",
    [
        (["submit", "--lang", "ko", "--fail-under", "abc", "x.ipynb"], {},
         "nngrade submit: 오류: --fail-under 인수: float 값으로 읽을 수 없습니다: 'abc'"),
        (["submit", "--lang=ko", "-f", "nope", "x.ipynb"], {},
         "nngrade submit: 오류: -f/--format 인수: 고를 수 없는 값입니다: 'nope' (다음 중에서 고르세요: "),
        (["grade"], KOREAN, "nngrade grade: 오류: 다음 인수가 필요합니다: ASSIGNMENT, PATH"),
        (["submit", "--lang", "ko", "x.ipynb", "--nope"], {}, "nngrade: 오류: 알 수 없는 인수입니다: --nope"),
    ],
)  # fmt: skip
def test_argparse_s_own_error_line_is_in_korean(args, env, wanted):
    proc = run_nngrade(*args, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith(wanted), proc.stderr


def test_argparse_s_own_error_line_stays_argparse_s_in_english():
    proc = run_nngrade("submit", "--lang", "en", "--fail-under", "abc", "x.ipynb")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "nngrade submit: error: argument --fail-under: invalid float value: 'abc'"
    )
