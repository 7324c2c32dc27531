"""Markdown feedback: the report's content, in both languages, with student text kept inert."""

from __future__ import annotations

from nngrade.render.markdown import code_block, escape, render_markdown


def test_score_first_then_tasks_failures_cell_errors_notes(partial):
    md = render_markdown(partial)
    order = [
        "# Chapter 6: an MLP from scratch in NumPy · Feedback",
        "## Score: 10.5/14",
        "3 of 7 tasks at full marks",
        "**Student:** kim · **Submission:** `hw6.ipynb`",
        "| ✗ | `activations` | 1.5/2 | step, sigmoid, tanh and relu, elementwise |",
        "| ✓ | `forward` | 2/2 |",
        "## What to fix",
        "### ✗ `activations` · 1.5/2 pts",
        "- `test_sigmoid_matches_reference_and_survives_extremes`: failed · 0/0.5 pts",
        "sigmoid(x) differs at [0]: got nan, expected 0.0",
        "- `test_update_follows_the_true_gradient`: timed out · 0/1 pts",
        "## Cells that raised an error",
        "### Cell 5: NameError: name 'np2' is not defined",
        "This cell would have defined: `loss`",
        "----> 2     return 0.5 * np2.sum((y - t) ** 2)",
        "## Notes",
        "Random seed: `20240917` · Timing: notebook 0.84 s · tests 1.92 s · total 2.90 s",
    ]
    positions = [md.index(line) for line in order]
    assert positions == sorted(positions)


def test_hidden_tests_only_as_counts(partial):
    md = render_markdown(partial)
    assert "SECRET" not in md
    assert "test_trajectory_far_from_the_minimum" not in md
    assert "- hidden tests: 0/1 passed" in md
    assert "_hidden tests: 1/1 passed_" in md  # train, in the task table


def test_full_marks(full_marks):
    md = render_markdown(full_marks)
    assert "## Score: 14/14\n\nFull marks. Well done!" in md
    assert "What to fix" not in md


def test_korean(korean):
    md = render_markdown(korean)
    assert md.startswith("# 6장: 넘파이로 MLP 구현하기 · 채점 결과\n\n## 점수: 11/14")
    assert "## 고칠 부분" in md
    assert "- 숨은 테스트: 2개 중 1개 통과" in md
    assert "### 5번 셀: NameError" in md
    assert "난수 시드: `20240917`" in md
    assert "비밀" not in md


def test_not_graded_says_why(not_graded):
    md = render_markdown(not_graded)
    assert "## Score: not graded" in md  # issue 24: never 0/14 for an ungraded file
    assert "| – | `activations` | –/2 |" in md
    assert "> **This submission could not be graded. hw6.ipynb: not a notebook" in md


def test_student_text_cannot_break_the_page(partial):
    partial.tasks[0].description = "a | b <script>alert(1)</script> *bold*"
    partial.tasks[0].tests[1].message = "```\n# not a heading\n```"
    md = render_markdown(partial)
    assert r"a \| b \<script\>alert(1)\</script\> \*bold\*" in md
    assert "````text\n```\n# not a heading\n```\n````" in md.replace("\n  ", "\n")


def test_helpers():
    assert escape("a_b\nc|d") == r"a\_b c\|d"
    assert code_block("x") == "```text\nx\n```"
    assert code_block("a ```` b").startswith("`````text")
