"""HTML feedback: content, escaping, self-containment, the notebook with its markers, and a
real browser (headless Chromium) showing the score."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nngrade.engine import cells_of_tasks
from nngrade.render.html import render_html
from nngrade.submission import load_submission


def notebook_part(page: str) -> str:
    """The notebook section of the page (rendered in the page itself since issue 24)."""
    match = re.search(r'<div class="notebook-cells">(.*)</section>', page, re.S)
    assert match, "no notebook in the page"
    return match.group(1)


def text_of(page: str) -> str:
    """The visible text of the report part, roughly: tags out, entities decoded."""
    body = page.split("<body>", 1)[1].split('<div class="notebook-cells">', 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_report_content_in_order(partial):
    page = render_html(partial)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Chapter 6: an MLP from scratch in NumPy · Feedback · 10.5/14</title>" in page
    words = " ".join(text_of(page).split())
    order = [
        "Score 10.5/14",
        "3 of 7 tasks at full marks",
        "Chapter 6: an MLP from scratch in NumPy",
        "Student kim Submission hw6.ipynb",
        "✗ activations 1.5/2 step, sigmoid, tanh and relu, elementwise",
        "✗ gradient_descent 1/2 gradient_descent returns x after each step hidden tests: 0/1 passed",
        "What to fix",
        "test_sigmoid_matches_reference_and_survives_extremes failed 0/0.5 pts sigmoid(x) differs",
        "test_update_follows_the_true_gradient timed out 0/1 pts",
        "Cells that raised an error",
        "Cell 5 · NameError name 'np2' is not defined",
        "This cell would have defined: loss",
        "Notes",
        "Random seed: 20240917",
        "Timing: notebook 0.84 s · tests 1.92 s · total 2.90 s",
    ]
    positions = [words.index(part) for part in order]
    assert positions == sorted(positions)
    assert "SECRET" not in page and "test_trajectory_far_from_the_minimum" not in page


def test_everything_from_a_submission_is_escaped(partial):
    partial.submission.student = '<img src=x onerror="alert(1)">'
    partial.tasks[0].tests[1].message = "</pre><script>alert(2)</script>"
    partial.notes.append('" onmouseover="alert(3)')
    page = render_html(partial)
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "&quot; onmouseover=&quot;alert(3)" in page


def assert_self_contained(document: str) -> None:
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in document
    assert not re.search(r"<script\b", document, re.IGNORECASE)
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", document, re.IGNORECASE)
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//|@import""", document, re.IGNORECASE)


def test_page_and_notebook_fetch_nothing(partial, notebook_path, task_cells):
    page = render_html(partial, notebook_path=notebook_path, task_cells=task_cells)
    assert_self_contained(page)
    assert "<iframe" not in page  # issue 24: the frame painted blank in Chromium


def test_notebook_with_markers_before_the_failing_cells(partial, notebook_path, task_cells):
    page = render_html(partial, notebook_path=notebook_path, task_cells=task_cells)
    doc = notebook_part(page)
    # The student's code and outputs.
    assert '<pre class="nb-stream nb-stdout">[[0.70938314]]\n</pre>' in doc
    assert (
        '<pre class="nb-error">' in doc and "NameError: name &#x27;np2&#x27; is not defined" in doc
    )
    markers = re.findall(r'<div class="marker" id="cell-(\d+)">(.*?)</div>', doc)
    assert [cell for cell, _ in markers] == [
        "3",
        "5",
        "6",
    ]  # activations, loss + its error, backprop
    text = {
        cell: " ".join(html.unescape(re.sub("<[^>]+>", " ", body)).split())
        for cell, body in markers
    }
    assert (
        text["3"]
        == "Cell 3 ✗ activations · 1.5/2 pts: sigmoid(x) differs at [0]: got nan, expected 0.0"
    )
    assert "✗ loss · 0/1 pts: `loss` is not defined" in text["5"]
    assert "✗ NameError in this cell: name 'np2' is not defined" in text["5"]
    assert text["6"].endswith("backprop_step(...) did not return within 10 s")
    # Each banner sits right before the cell it points at.
    assert (
        doc.index('id="cell-3"')
        < doc.index('sigmoid</span><span class="p">(</span>')
        < doc.index('id="cell-5"')
    )
    # The report points at the marked cells.
    assert "→ Marked in your notebook below: Cell 3" in html.unescape(page)
    assert html.unescape(page).count("→ Marked in your notebook below: Cell 5") == 2  # loss + error


def test_notebook_with_cell_ids(partial, notebook_path, tmp_path):
    nb = nbformat.read(notebook_path, as_version=4)
    nb.nbformat_minor = 5
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"
    nbformat.validate(nb)
    path = tmp_path / "hw6.ipynb"
    nbformat.write(nb, path)
    doc = notebook_part(render_html(partial, notebook_path=path, task_cells={"loss": [5]}))
    assert doc.index('id="cell-5"') < doc.index("np2")


def test_module_source_as_text(partial, module_path):
    page = render_html(partial, notebook_path=module_path, task_cells={"activations": [1]})
    assert "Your code" in page and "<iframe" not in page
    assert "<pre>&quot;&quot;&quot;HW6 as a module" in page
    assert page.index('id="cell-1"') < page.index("def sigmoid(x)")


def test_markdown_and_latex_render_with_what_every_install_has(partial, notebook_path, monkeypatch):
    """Issue 24: no nbconvert needed; Markdown becomes HTML, math MathML, raw HTML stays text."""
    monkeypatch.setitem(sys.modules, "nbconvert", None)  # `import nbconvert` raises ImportError
    doc = notebook_part(render_html(partial, notebook_path=notebook_path))
    assert "<h1>HW6: 다층 퍼셉트론 (MLP)</h1>" in doc
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in doc
    assert "<mfrac>" in doc and "$\\sigma" not in doc
    assert '<span class="nb-prompt">[4]</span>' in doc  # the count Jupyter shows
    assert '<span class="nf">predict</span>' in doc  # highlighted code


def test_a_students_html_and_links_in_markdown_stay_text(partial, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "<script>alert(1)</script> [notes](https://example.com/x) ![plot](https://e.com/p.png)"
            " $$x^2$$ `$not math$` \\$5"
        ),
        nbformat.v4.new_code_cell("x = 1", execution_count=3),
    ]
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<b>bold</b>", "text/plain": "B"})
    ]
    path = tmp_path / "hw6.ipynb"
    nbformat.write(nb, path)
    page = render_html(partial, notebook_path=path)
    doc = notebook_part(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert_self_contained(page)
    assert '<span class="nb-link" title="https://example.com/x">notes</span>' in doc
    assert (
        "<img" not in doc and "<b>bold</b>" not in doc and '<pre class="nb-result">B</pre>' in doc
    )
    assert 'display="block"' in doc and "<code>$not math$</code>" in doc and "$5" in doc
    assert '<span class="nb-prompt">[3]</span>' in doc


def test_unreadable_notebook_still_gives_the_report(not_graded, tmp_path):
    broken = tmp_path / "hw6.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    page = render_html(not_graded, notebook_path=broken)
    assert 'id="score">not graded<' in page  # issue 24: never 0/14 for an ungraded file
    assert "This submission could not be graded. hw6.ipynb: not a notebook" in html.unescape(page)
    assert "The notebook could not be shown:" in page


def test_korean(korean, notebook_path, task_cells):
    page = render_html(korean, notebook_path=notebook_path, task_cells=task_cells)
    assert '<html lang="ko">' in page
    words = " ".join(text_of(page).split())
    for part in (
        "점수 11/14",
        "문항",
        "고칠 부분",
        "숨은 테스트: 2개 중 1개 통과",
        "오류가 난 셀",
        "제출한 노트북",
    ):
        assert part in words
    assert "비밀" not in page
    assert "✗ 이 셀에서 NameError 발생" in notebook_part(page)


def test_task_cells_are_the_cells_that_define_each_task(notebook_path, module_path):
    names = {
        "activations": ["step", "sigmoid", "tanh", "relu"],
        "forward": ["predict"],
        "loss": ["loss"],
        "train": ["fit"],
        "gradient_descent": ["gradient_descent"],
    }

    def task_cells(path, names):
        return cells_of_tasks(load_submission(path).defines, names)

    assert task_cells(notebook_path, names) == {
        "activations": [3],
        "forward": [4],
        "loss": [5],
        "train": [7],
    }
    # A module's cells are its top-level statements, named by their first line.
    assert task_cells(module_path, names) == {"activations": [6], "forward": [10]}


# -- in a real browser ---------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("chromium is not installed (CI installs it: apt-get install -y chromium)")


def browse(page: Path, profile: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_chromium_shows_the_score(partial, notebook_path, task_cells, tmp_path):
    page = tmp_path / "feedback.html"
    page.write_text(
        render_html(partial, notebook_path=notebook_path, task_cells=task_cells), encoding="utf-8"
    )

    dom = browse(page, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert '<span class="score-value" id="score">10.5/14</span>' in dom.stdout
    assert "What to fix" in dom.stdout

    shot = tmp_path / "feedback.png"
    # A virtual-time budget lets the sandboxed notebook frame paint before the capture.
    proc = browse(
        page,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1000,1400",
        "--virtual-time-budget=5000",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
