"""`nngrade grade --feedback-notebook`: each student's page shows their notebook, with banners
before the cells of the tasks they lost, named by the stored results (never re-read)."""

from __future__ import annotations

import html
import json
import re

from tests.batch.support import make_class, nngrade, rows


def test_feedback_page_marks_the_cells_the_stored_results_name(tmp_path, fast_hw6):
    folder = make_class(tmp_path / "submissions", ["carol", "dave"])
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--out", out,
                   "--seed", "7", "--lang", "en", "-j", "1", "--feedback-notebook")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    stored = {
        s: json.loads(data) for s, data in rows(out, "SELECT student, results_json FROM latest")
    }
    carol = stored["carol"]
    lost = [t["name"] for t in carol["tasks"] if t["earned"] < t["points"]]
    assert lost and all(carol["task_cells"].get(task) for task in lost)
    page = html.unescape((out / "feedback" / "carol.html").read_text(encoding="utf-8"))
    marked = {int(c) for c in re.findall(r'<div class="marker" id="cell-(\d+)">', page)}
    for task in lost:
        assert set(carol["task_cells"][task]) <= marked, task
    # A module's cells are its statements, named by their first line.
    assert stored["dave"]["task_cells"]["forward"]
    assert "hw6.py" in (out / "feedback" / "dave.html").read_text(encoding="utf-8")


def test_a_page_that_cannot_be_written_says_why_in_the_run_language(tmp_path):
    """A folder where alice's page should go: the run still ends well, and the note says why
    in Korean (an OS error is a catalog entry, not the OS's English)."""
    make_class(tmp_path / "class", ["alice"])
    (tmp_path / "out" / "feedback" / "alice.html").mkdir(parents=True)
    proc = nngrade("grade", "hw6", tmp_path / "class", "--out", tmp_path / "out", "--lang", "ko")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    (line,) = [x for x in proc.stderr.splitlines() if "alice.html" in x]
    assert line.endswith("(폴더입니다)") and "Error" not in line, line
