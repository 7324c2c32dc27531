"""A student's first minutes with nngrade: starting an assignment, and the mistakes a new
user makes (no TensorFlow for the Keras assignment, `-o results.json` without `--format`,
`NO_COLOR`, a misspelt `--assignments` folder), each answered in one line."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from nngrade.engine import error_results
from nngrade.render.formats import RenderOptions
from nngrade.render.terminal import render_rich
from tests.helpers import HW6, ROOT, run_nngrade

KERAS = ROOT / "assignments" / "keras"


@pytest.mark.parametrize(
    ("lang", "next_step"),
    [
        ("en", "Next: open hw6.ipynb in Jupyter"),
        ("ko", "다음 단계: Jupyter에서 hw6.ipynb을(를) 여세요"),
    ],
)
def test_start_writes_the_starter_and_says_what_next(tmp_path, lang, next_step):
    proc = run_nngrade("start", "hw6", "--lang", lang, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "hw6.ipynb").read_bytes() == (HW6 / "hw6.ipynb").read_bytes()
    assert next_step in proc.stdout and "nngrade submit hw6.ipynb" in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hw6.ipynb"]  # never the solution


def test_start_refuses_to_overwrite_a_students_work_unless_forced(tmp_path):
    (tmp_path / "hw6.ipynb").write_text("my work", encoding="utf-8")
    proc = run_nngrade("start", "hw6", "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("(use --force to replace it)")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert (tmp_path / "hw6.ipynb").read_text(encoding="utf-8") == "my work"
    assert run_nngrade("start", "hw6", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "hw6.ipynb").read_bytes() == (HW6 / "hw6.ipynb").read_bytes()


def test_start_copies_the_data_the_notebook_reads(tmp_path):
    proc = run_nngrade("start", "keras", "--dir", tmp_path / "lab")
    assert proc.returncode == 0, proc.stderr
    # The starter reads np.load("data/digits.npz"): the same relative path.
    digits = tmp_path / "lab" / "data" / "digits.npz"
    assert digits.read_bytes() == (KERAS / "data" / "digits.npz").read_bytes()
    assert (tmp_path / "lab" / "keras.ipynb").is_file()


@pytest.mark.parametrize("command", ["submit", "grade"])
def test_keras_without_tensorflow_is_one_line_naming_the_extra(tmp_path, command):
    # A Python where `import tensorflow` fails, as in an install without the [keras] extra.
    block = tmp_path / "no-tf"
    block.mkdir()
    (block / "sitecustomize.py").write_text(
        "import sys\nsys.modules['tensorflow'] = None\n", encoding="utf-8"
    )
    args = (
        ["submit", KERAS / "keras.ipynb"]
        if command == "submit"
        else ["grade", "keras", KERAS / "keras.ipynb", "--out", tmp_path / "out"]
    )
    proc = run_nngrade(*args, "--lang", "en", env={"PYTHONPATH": f"{block}:{ROOT}"}, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "nngrade: the keras assignment needs TensorFlow, which is not installed: "
        'pip install "tensorflow>=2.16"'
    )
    assert not (tmp_path / "out").exists()


def test_output_format_follows_the_suffix(tmp_path):
    out = tmp_path / "results.json"
    report = tmp_path / "report.xml"
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "-o", out, "-o", report, "--seed", "1")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["score"] == 14
    assert report.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_an_unknown_suffix_is_refused_before_grading(tmp_path):
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "-o", tmp_path / "results.txtx")
    assert proc.returncode == 2
    assert "cannot tell the report format from the suffix '.txtx'" in proc.stderr
    assert not (tmp_path / "results.txtx").exists()


def test_a_missing_assignments_folder_is_said(tmp_path):
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "--assignments", tmp_path / "nope")
    assert proc.returncode == 2
    assert "nope: --assignments must name a folder" in proc.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("no_color", "coloured"), [("1", False), (None, True)])
def test_no_color_is_honoured_on_a_terminal(monkeypatch, no_color, coloured):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    if no_color:
        monkeypatch.setenv("NO_COLOR", no_color)
    out = _Terminal()
    monkeypatch.setattr("sys.stdout", out)  # what `nngrade submit` prints to: a terminal
    out.write(
        render_rich(error_results(Path("hw6.ipynb"), "no such file"), RenderOptions(terminal=True))
    )
    # Colour is SGR 30–38 or 90–97 (bold and dim are not colour: NO_COLOR keeps them).
    colour = re.search(r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7])(?:;\d+)*m", out.getvalue())
    assert bool(colour) is coloured
