"""An instructor's first hour without a surprise (issue 24), through `nngrade grade` and
`nngrade gradebook` as an instructor runs them, on one small class graded once:

* kim: the solution; jun: the same notebook (a copy: the similar pair);
* park: a notebook whose cell hangs, stopped by `--timeout` (never graded);
* lee: the perceptron solution handed in for hw6 (its metadata says perceptron);
* choi: the same without metadata (its code is perceptron's).

Then lee's folder is deleted and the class graded again: lee is named as dropped out."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.batch.support import FIXTURES, nngrade
from tests.helpers import HW6, ROOT

PERCEPTRON = ROOT / "assignments" / "perceptron" / "solution.ipynb"


def _without_metadata(source: Path, target: Path) -> None:
    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook["metadata"].pop("nngrade", None)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook), encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once with `--timeout 3 --feedback-notebook`: (process, out, folder)."""
    tmp = tmp_path_factory.mktemp("first-hour")
    folder = tmp / "submissions"
    for student, source in [
        ("kim", HW6 / "solution.ipynb"),
        ("jun", HW6 / "solution.ipynb"),
        ("park", FIXTURES / "hang_cell.ipynb"),
        ("lee", PERCEPTRON),
    ]:
        (folder / f"hw6-{student}").mkdir(parents=True)
        shutil.copyfile(source, folder / f"hw6-{student}" / "hw6.ipynb")
    _without_metadata(PERCEPTRON, folder / "hw6-choi" / "hw6.ipynb")
    out = tmp / "out"
    proc = nngrade("grade", "hw6", folder, "--out", out, "--timeout", "3", "--seed", "7",
                   "--lang", "en", "--feedback-notebook")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc, out, folder


def test_a_student_stopped_by_timeout_is_told_they_were_not_graded(graded):
    _, out, _ = graded
    md = (out / "feedback" / "park.md").read_text(encoding="utf-8")
    assert "## Score: not graded" in md
    assert "did not finish within 3 s (--timeout)" in md
    assert "Your work was not graded, so it has no score yet: this is not a 0." in md
    assert "0/14" not in md and "| ✗ |" not in md
    page = (out / "feedback" / "park.html").read_text(encoding="utf-8")
    assert '<span class="score-value" id="score">not graded</span>' in page
    assert "0/14" not in page


def test_a_notebook_for_another_assignment_is_flagged(graded):
    proc, out, _ = graded
    warnings = [line for line in proc.stderr.splitlines() if "looks like a submission for" in line]
    assert sorted(warnings) == [
        "nngrade: warning: choi: hw6-choi/hw6.ipynb looks like a submission for perceptron, "
        "not hw6 (scored 0.5); see its feedback",
        "nngrade: warning: lee: hw6-lee/hw6.ipynb looks like a submission for perceptron, "
        "not hw6 (scored 0.5); see its feedback",
    ]
    lee = (out / "feedback" / "lee.md").read_text(encoding="utf-8")
    assert "This notebook is for perceptron (its metadata says so) but was graded as hw6" in lee
    choi = (out / "feedback" / "choi.md").read_text(encoding="utf-8")
    assert "This code defines the functions of perceptron, hardly any of hw6's" in choi
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "lee: hw6-lee/hw6.ipynb looks like a submission for perceptron" in summary
    for right in ("kim", "jun", "park"):
        assert "graded as hw6" not in (out / "feedback" / f"{right}.md").read_text("utf-8")


def test_gradebook_shows_the_flag_and_the_similar_pairs(graded):
    _, out, _ = graded
    proc = nngrade("gradebook", out, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "  ! lee: hw6-lee/hw6.ipynb looks like a submission for perceptron" in proc.stdout
    assert "Similar code, pairs scoring" in proc.stdout
    pairs = re.findall(r"^  (\d+)%  (\w+) ↔ (\w+) · \d+ shared fingerprints$", proc.stdout, re.M)
    assert ("100", "jun", "kim") in [(s, *sorted((a, b))) for s, a, b in pairs]


def test_the_feedback_notebook_is_drawn_in_a_headless_browser(graded, tmp_path):
    from PIL import Image

    chromium = shutil.which("chromium") or pytest.skip("chromium is not installed")
    _, out, _ = graded
    page = out / "feedback" / "kim.html"
    shot = tmp_path / "kim.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--hide-scrollbars",
             f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<math" in dom.stdout and 'class="nb-prompt"' in dom.stdout
    proc = subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1000,5000",
                           "--virtual-time-budget=5000", page.as_uri()],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    image = Image.open(shot).convert("L")
    # The report ends above 2,000 px (all tasks pass); below it is the notebook. A blank
    # notebook (the frame of before) has no dark pixel there; a drawn one has its text.
    notebook = image.crop((0, 2000, 1000, 5000))
    dark = sum(notebook.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 0.01 * notebook.width * notebook.height, dark


def test_a_student_who_dropped_out_is_named(graded):
    _, out, folder = graded
    shutil.rmtree(folder / "hw6-lee")
    proc = nngrade("grade", "hw6", folder, "--out", out, "--timeout", "3", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "nngrade: note: 1 earlier gradings no longer count" in proc.stderr
    assert (
        "nngrade: note: lee no longer counts: hw6-lee/hw6.ipynb, graded earlier, was not found "
        "in this run; their row is left out of grades.csv"
    ) in proc.stderr
    assert "kim no longer counts" not in proc.stderr
