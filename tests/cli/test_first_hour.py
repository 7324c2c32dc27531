"""A student's first hour without a surprise (issue 24), through `nngrade submit` and
`nngrade start` as a student runs them: full visible marks that read as full, whole traceback
frames, cells named the way Jupyter shows them, a function that changes its argument told so,
a forgotten bias named, `-o` that says where, and file-kind messages that fit the file.

`fixtures/issue24/saved_in_jupyter.ipynb` is hw6's solution as a student saves it from Jupyter
(execution counts 1..13) with a relu that writes `x[x < 0] = 0` and a last cell whose
`summary(W1)` raises ZeroDivisionError three frames deep."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.helpers import HW6, ROOT, run_nngrade

FIXTURES = Path(__file__).parent / "fixtures"
SAVED = FIXTURES / "issue24" / "saved_in_jupyter.ipynb"
MODULE = FIXTURES / "hw6_module.py"


def student_install(tmp_path: Path) -> Path:
    """hw6 as a student's install has it: no hidden tests."""
    course = tmp_path / "course"
    shutil.copytree(HW6, course / "hw6", ignore=shutil.ignore_patterns("hidden"))
    return course


def submit(*args: str | Path, **kwargs) -> str:
    proc = run_nngrade("submit", *args, "--seed", "1", **kwargs)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_full_visible_marks_read_as_full_with_what_is_still_to_come(tmp_path):
    out = submit(HW6 / "solution.ipynb", "--assignments", student_install(tmp_path), "--lang", "en")
    assert "Score: 9/9 visible · 5 more points from hidden tests after the deadline" in out
    assert "Score: 9/14" not in out
    rows = {m.group(1): m.group(2).strip() for m in re.finditer(r"│ ✓ │ (\w+) +│ ([^│]+)│", out)}
    assert rows["activations"] == "1/1 +1 later"
    assert rows["backprop"] == "2/2 +1 later"
    assert rows["train"] == "3/3"  # no hidden test: nothing to come


def test_full_visible_marks_in_korean(tmp_path):
    out = submit(HW6 / "solution.ipynb", "--assignments", student_install(tmp_path), "--lang", "ko")
    assert "점수: 공개 테스트 9/9점 · 나머지 5점은 마감 후 숨은 테스트로 채점" in out


def cell_errors_section(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Cells that raised"))
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    return lines[start + 1 : end]


def test_a_traceback_shows_whole_frames_of_the_students_code_in_a_cell_they_can_find():
    out = submit(SAVED, "--lang", "en")
    section = [line.rstrip() for line in cell_errors_section(out)]
    # The cell is named by the functions it defines and its execution count, as Jupyter
    # shows `[13]`, never by its index among all cells (it is the notebook's 21st cell).
    assert section[0] == (
        "  the cell defining `normalise`, `summary` [13]: ZeroDivisionError: division by zero"
    )
    assert "cell 21" not in out
    # Every frame whole: where, then its source line (and the carets under it, if any).
    assert section[1:] == [
        '      File "this cell", line 9, in <module>',
        "        summary(W1)",
        '      File "this cell", line 6, in summary',
        "        return normalise(W).sum()",
        "               ^^^^^^^^^^^^",
        '      File "this cell", line 2, in normalise',
        "        return v * (1 / len([]))",
        "                    ~~^~~~~~~~~",
    ]


def test_a_frame_in_another_cell_names_that_cell_and_a_bare_error_has_no_colon():
    # The untouched template: each demo cell calls a function of an earlier cell that raises
    # NotImplementedError; Jupyter never ran it, so there is no execution count.
    out = submit(HW6 / "hw6.ipynb", "--lang", "en")
    section = [line.rstrip() for line in cell_errors_section(out)]
    head = "  the cell starting `loss_func = lambda x: (x - 3) ** 2 + 10`: NotImplementedError"
    at = section.index(head)
    assert section[at + 1 : at + 6] == [
        '      File "this cell", line 3, in <module>',
        "        xs = gradient_descent(gradient, 10, 0.2, 100)",
        "             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        '      File "the cell defining gradient_descent", line 2, in gradient_descent',
        "        raise NotImplementedError",
    ]
    # No line of carets without the source line above it (the cut of issue 24).
    for above, line in zip(section, section[1:], strict=False):
        if set(line.strip()) <= {"^", "~"} and line.strip():
            assert not set(above.strip()) <= {"^", "~"} and 'File "' not in above


def test_a_function_that_changes_the_array_it_was_given_is_told_so():
    out = " ".join(submit(SAVED, "--lang", "en").split())
    assert (
        "✗ activations [failed] relu(x) changed the array it was given (`x`): a line such as "
        "`x[x < 0] = 0` writes into the caller's array." in out
    )


def test_a_forgotten_bias_in_the_templates_predict_is_named_and_the_served_note_is_shown():
    out = " ".join(submit(FIXTURES / "mistake_missing_bias.ipynb", "--lang", "en").split())
    assert "(Your `predict(x, W1, B1, W2, B2)` takes `B1` but never reads it.)" in out
    assert (
        "· backprop: passed when nngrade used its own `predict` (forward) in place of yours" in out
    )
    assert "· train: passed when nngrade used its own `predict`" in out


def test_the_untouched_template_is_not_told_it_never_reads_its_parameters():
    out = submit(HW6 / "hw6.ipynb", "--lang", "en")
    assert "never reads" not in out


def test_output_says_where_the_report_went(tmp_path):
    proc = run_nngrade("submit", MODULE, "-o", "results.json", "--seed", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = tmp_path / "results.json"
    assert proc.stdout.strip() == f"wrote the json report to {written}"
    assert json.loads(written.read_text(encoding="utf-8"))["score"] == 14


def test_output_beside_a_report_on_stdout_is_said_on_stderr(tmp_path):
    out = tmp_path / "r.json"
    # The first -o goes with the first --format; the JSON on stdout stays clean.
    proc = run_nngrade("submit", MODULE, "-f", "markdown", "-f", "json", "-o", out, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["score"] == 14
    assert proc.stderr.strip().splitlines()[-1] == f"wrote the markdown report to {out}"


def test_output_into_a_folder_that_does_not_exist_is_refused_before_grading(tmp_path):
    typo = tmp_path / "typo" / "r.json"
    proc = run_nngrade("submit", MODULE, "-o", typo, "--lang", "en")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"nngrade: {typo}: the folder {typo.parent} does not exist; create it or choose another -o"
    )
    assert proc.stdout == ""
    assert not typo.parent.exists()


def test_a_py_file_renamed_ipynb_is_told_it_is_python_code(tmp_path):
    renamed = tmp_path / "hw6.ipynb"
    shutil.copyfile(MODULE, renamed)
    proc = run_nngrade("submit", renamed)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"nngrade: {renamed}: is Python code, not a notebook; "
        "give it a .py name to grade it as a module"
    )


def test_a_truncated_notebook_is_still_told_it_is_not_valid_json(tmp_path):
    cut = tmp_path / "hw6.ipynb"
    cut.write_text((HW6 / "hw6.ipynb").read_text(encoding="utf-8")[:500], encoding="utf-8")
    proc = run_nngrade("submit", cut)
    assert proc.returncode == 2
    assert "is not valid JSON (truncated?)" in proc.stderr


def test_a_py_submission_is_never_told_your_notebook(tmp_path):
    broken = tmp_path / "hw6_kim.py"
    broken.write_text(
        MODULE.read_text(encoding="utf-8").replace("def predict(", "def predict_renamed("),
        encoding="utf-8",
    )
    outputs = [tmp_path / name for name in ("r.txt", "r.md", "r.html")]
    args = [a for out in outputs for a in ("-o", out)]
    proc = run_nngrade("submit", broken, *args, "--lang", "en", "--seed", "1")
    assert proc.returncode == 0, proc.stderr
    for out in outputs:
        words = out.read_text(encoding="utf-8")
        if out.suffix == ".html":  # the words a reader sees, not the page's CSS comments
            words = re.sub(r"<style>.*?</style>", "", words, flags=re.S)
            words = re.sub(r"<[^>]+>", " ", words)
        assert "notebook" not in words.lower(), out.name
    assert "Marked in your code below" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_start_keras_without_tensorflow_says_so_in_one_line(tmp_path):
    block = tmp_path / "no-tf"
    block.mkdir()
    (block / "sitecustomize.py").write_text(
        "import sys\nsys.modules['tensorflow'] = None\n", encoding="utf-8"
    )
    proc = run_nngrade(
        "start",
        "keras",
        "--dir",
        tmp_path / "lab",
        "--lang",
        "en",
        env={"PYTHONPATH": f"{block}:{ROOT}"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == (
        "nngrade: the keras assignment needs TensorFlow, which is not installed: "
        'pip install "tensorflow>=2.16"'  # the line submit says (issue 22's wording)
    )
    assert (tmp_path / "lab" / "keras.ipynb").is_file()  # the starter is written all the same


def test_start_keras_with_tensorflow_says_nothing_more(tmp_path):
    proc = run_nngrade("start", "keras", "--dir", tmp_path / "lab", "--lang", "en", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_assign_infers_the_assignment_of_its_own_solution(tmp_path):
    # An instructor's own assignment, outside every search path: no -a, no --assignments.
    folder = tmp_path / "course" / "scale"
    shutil.copytree(FIXTURES / "course" / "scale", folder)
    proc = run_nngrade("assign", "solution.ipynb", "-o", "scale.ipynb", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "wrote scale.ipynb",
        "solution: 5/5 (ok)",
        "student notebook: 0/5 (ok)",
    ]


def test_the_pages_name_the_cell_the_same_way(tmp_path):
    out, page = tmp_path / "feedback.md", tmp_path / "feedback.html"
    proc = run_nngrade("submit", SAVED, "-o", out, "-o", page, "--lang", "en", "--seed", "1")
    assert proc.returncode == 0, proc.stderr
    assert (
        '<div class="cell-error"><h3>The cell defining <code>normalise</code>, '
        "<code>summary</code> [13] · <code>ZeroDivisionError</code>"
    ) in page.read_text(encoding="utf-8")
    md = out.read_text(encoding="utf-8")
    assert (
        "### The cell defining `normalise`, `summary` [13]: ZeroDivisionError: division by zero"
        in md
    )


def test_the_pages_show_full_visible_marks_as_full(tmp_path):
    course = student_install(tmp_path)
    html_page, md_page = tmp_path / "feedback.html", tmp_path / "feedback.md"
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "--assignments", course, "--lang", "en",
                       "--seed", "1", "-o", html_page, "-o", md_page)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    page = html_page.read_text(encoding="utf-8")
    assert '<header class="card header state-full">' in page
    assert '<span class="score-value" id="score">9/9</span>' in page
    assert '<td class="num">1/1 +1 later</td>' in page
    md = md_page.read_text(encoding="utf-8")
    assert "## Score: 9/9\n\nvisible tests: 9/9; 5 more points are graded by hidden tests" in md
    assert "| ✓ | `train` | 3/3 |" in md and "| ✓ | `backprop` | 2/2 +1 later |" in md


def _without_metadata(source: Path, target: Path) -> Path:
    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook["metadata"].pop("nngrade", None)
    target.write_text(json.dumps(notebook), encoding="utf-8")
    return target


def test_a_file_named_for_another_assignment_is_flagged_unless_its_code_is_this_ones(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    empty = tmp_path / "a" / "perceptron_kim.ipynb"
    notebook = json.loads((HW6 / "hw6.ipynb").read_text(encoding="utf-8"))
    notebook["metadata"].pop("nngrade", None)
    notebook["cells"] = [c for c in notebook["cells"] if c["cell_type"] == "markdown"][:1]
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {},
                              "outputs": [], "source": "x = 1"})  # fmt: skip
    empty.write_text(json.dumps(notebook), encoding="utf-8")
    flagged = submit(empty, "-a", "hw6", "--lang", "en")
    assert "This file is named for perceptron but was graded as hw6" in " ".join(flagged.split())
    hw6_work = _without_metadata(HW6 / "solution.ipynb", tmp_path / "b" / "perceptron_kim.ipynb")
    assert "graded as hw6" not in submit(hw6_work, "-a", "hw6", "--lang", "en")
