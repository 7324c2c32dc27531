"""Points are written one way in every report: as a teacher writes them (issue 12)."""

from __future__ import annotations

from nngrade.render.classroom import classroom_result
from nngrade.render.markdown import render_markdown
from nngrade.render.terminal import render_rich as render_text

from .conftest import all_passing_tests, make_results, make_test


def _one_third_of_loss() -> dict:
    """Loss as three tests of a third of a point, one passed: 1/3 of 1 point, 13 1/3 of 14."""
    tests = all_passing_tests()
    tests["loss"] = [
        make_test("loss", f"test_part_{i}", 1 / 3, outcome="passed" if i == 0 else "failed")
        for i in range(3)
    ]
    return tests


def test_a_third_of_a_point_reads_the_same_in_the_terminal_markdown_and_classroom():
    results = make_results(_one_third_of_loss())
    assert "0.33/1" in render_text(results)
    assert "13.33/14" in render_text(results)
    assert "0.33/1" in render_markdown(results)
    assert "13.33/14" in render_markdown(results)
    loss = next(t for t in classroom_result(results)["tests"] if t["name"].startswith("loss"))
    assert loss["score"] == 0.33


def test_whole_and_half_points_have_no_float_noise_anywhere():
    tests = all_passing_tests()
    tests["loss"] = [make_test("loss", "test_a", 0.1), make_test("loss", "test_b", 0.2),
                     make_test("loss", "test_c", 0.7, outcome="failed")]  # fmt: skip
    results = make_results(tests)
    for text in (render_text(results), render_markdown(results)):
        assert "0.30000000000000004" not in text
        assert "0.3/1" in text
        assert "13.3/14" in text
    loss = next(t for t in classroom_result(results)["tests"] if t["name"].startswith("loss"))
    assert loss["score"] == 0.3
