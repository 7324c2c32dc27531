"""A library function answers a task only for code that calls it (issue 20): `np.tanh` in a
comment or a string is not code, so it earns nothing; the lecture's `plt.plot(x, np.tanh(x))`
does. Graded through `nngrade submit`, as a student runs it."""

from __future__ import annotations

from tests.helpers import ROOT, submit_json

FIXTURES = ROOT / "tests" / "cli" / "fixtures" / "issue20"


def _tanh_outcome(name: str) -> str:
    results = submit_json(FIXTURES / name, "-a", "activations")
    tests = {t["name"]: t for task in results["tasks"] for t in task["tests"]}
    return tests["test_tanh_matches_reference"]["outcome"]


def test_np_tanh_in_a_comment_or_a_string_does_not_answer_tanh():
    assert _tanh_outcome("tanh_in_a_comment.py") != "passed"


def test_np_tanh_called_in_the_code_answers_tanh():
    assert _tanh_outcome("tanh_in_code.py") == "passed"
