"""Issue 13, end to end through the CLI: the lecture's own code (typed as the seeds give it)
is graded on its merits: removed library spellings run as today's with one note, a `.py`
module keeps its functions when the training at the bottom runs out of time, every limit
that applied is in the report, the perceptron and softmax checks say what they check, and
the score does not change when the machine is busy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, messages, run_nngrade, submit_json

CASES = Path(__file__).parent / "fixtures" / "issue13"


def outcomes(results: dict) -> dict[str, str]:
    """test name -> outcome."""
    return {t["name"]: t["outcome"] for task in results["tasks"] for t in task["tests"]}


def earned(results: dict) -> dict[str, float]:
    """task name -> points earned."""
    return {t["name"]: t["earned"] for t in results["tasks"]}


@pytest.fixture(scope="module")
def tight_hw6(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of hw6 whose cells may do 2 s of work: the lecture's 90,000 epochs are far more."""
    root = tmp_path_factory.mktemp("assignments")
    shutil.copytree(ROOT / "assignments" / "hw6", root / "hw6")
    toml = root / "hw6" / "assignment.toml"
    toml.write_text(
        toml.read_text().replace("[limits]\n", "[limits]\ncell_timeout = 2\n", 1),
        encoding="utf-8",
    )
    return root


# --- removed library spellings ---------------------------------------------------------------


def test_lecture_step_with_np_int_earns_its_points_with_one_note():
    results = submit_json(CASES / "ch6_lecture_npint.py", "--assignment", "hw6")
    got = outcomes(results)
    for test in (
        "test_step_is_one_above_zero_else_zero",
        "test_sigmoid_matches_reference_and_survives_extremes",
        "test_relu_matches_reference",
    ):
        assert got[test] == "passed", messages(results)
    assert results["cell_errors"] == []
    notes = [n for n in results["notes"] if "np.int" in n]
    assert notes == [
        "line 9: `np.int` was removed in NumPy 1.24; your code was graded as if it said "
        "`int`. Change it to `int`."
    ]
    assert "deprecated alias" not in json.dumps(results)  # NumPy's own text, nowhere


def test_np_int_note_is_in_korean_for_a_korean_report():
    proc = run_nngrade(
        "submit", CASES / "ch6_lecture_npint.py", "--assignment", "hw6",
        "--format", "json", "--seed", "7", "--lang", "ko",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    notes = json.loads(proc.stdout)["notes"]
    assert "9번째 줄: `np.int`는 NumPy 1.24부터 없어졌습니다." in " ".join(notes)


@pytest.mark.tensorflow
def test_keras_xor_with_sgd_lr_is_graded_as_learning_rate_with_its_notes():
    results = submit_json(CASES / "keras_xor_lr.py", "--assignment", "keras")
    assert earned(results)["xor_model"] == 3, messages(results)
    assert results["cell_errors"] == []
    # issue 21: its own top-level fit (10 epochs) runs at most 2 while grading, said once
    assert results["notes"] == [
        "line 21: `fit(..., epochs=10)` ran at most 2 epochs (of at most 200 batches each) "
        "while grading; the tests train their own copy of your model",
        "line 12: `lr=` was removed in Keras 3; your code was graded as if it said "
        "`learning_rate=`. Change it to `learning_rate=`.",
    ]


# --- a module's statements, and the limits in the report ------------------------------------


def test_module_training_past_its_time_keeps_the_functions_above_it(tight_hw6):
    results = submit_json(
        CASES / "module_training_too_long.py", "--assignment", "hw6", "--assignments", tight_hw6
    )
    assert results["score"] == 14, messages(results)
    [error] = results["cell_errors"]
    line = error["cell"]
    source = (CASES / "module_training_too_long.py").read_text(encoding="utf-8").splitlines()
    assert source[line - 1].startswith("W1, B1, W2, B2 = fit(")
    assert error["ename"] == "Timeout"
    assert error["evalue"].startswith(
        f"the statement at line {line} was stopped after 2 s of work "
        "(CPU time; the time limit for one statement)"
    )
    assert results["limits"] == [
        {
            "limit": "cell_timeout",
            "value": 2.0,
            "unit": "work s",
            "cell": line,
            "name": None,
            "used": results["limits"][0]["used"],
        }
    ]
    assert results["limits"][0]["used"] >= 2.0


def test_limits_and_statements_are_in_the_terminal_report_in_both_languages(tight_hw6):
    args = ("submit", CASES / "module_training_too_long.py", "--assignment", "hw6",
            "--assignments", tight_hw6, "--seed", "7")  # fmt: skip
    english = run_nngrade(*args, "--lang", "en")
    assert english.returncode == 0, english.stderr
    assert "Statements that raised an error (later statements still ran)" in english.stdout
    assert "Limits that applied" in english.stdout
    assert "stopped after 2 s of work (CPU time), the limit for one statement" in english.stdout
    assert "notebook" not in english.stdout and "cell" not in english.stdout
    korean = run_nngrade(*args, "--lang", "ko")
    assert "적용된 제한" in korean.stdout and "오류가 난 문장" in korean.stdout


def test_a_name_the_module_lacks_is_said_of_the_module():
    results = submit_json(CASES / "softmax_1d.py", "--assignment", "activations")
    assert "`sigmoid` is not defined in your module." in messages(results)
    assert "notebook" not in messages(results)


# --- messages that explain the check ---------------------------------------------------------


def test_stable_vector_softmax_earns_the_vector_tests_and_is_told_about_the_batch_axis():
    results = submit_json(CASES / "softmax_1d.py", "--assignment", "activations")
    got = outcomes(results)
    assert got["test_softmax_of_a_vector_matches_reference"] == "passed"
    assert got["test_softmax_of_a_vector_is_stable_for_inputs_near_1000"] == "passed"
    assert earned(results)["softmax"] == 1
    assert "Your softmax works on a single vector; for a batch, apply it along `axis`" in (
        messages(results)
    )


def test_perceptron_gates_with_other_weights_that_realise_them_get_full_points():
    results = submit_json(CASES / "perceptron_other_weights.py", "--assignment", "perceptron")
    assert earned(results)["gates"] == 3 and earned(results)["xor"] == 1, messages(results)


def test_gates_that_are_not_perceptrons_are_told_what_is_checked():
    results = submit_json(CASES / "perceptron_logical_operators.py", "--assignment", "perceptron")
    assert earned(results)["gates"] == 0
    text = messages(results)
    assert "`AND` answers 0.8, 0.3, 0.2, 0.1, 0.9, 0.4 for the inputs (0.8, 0.8)" in text
    assert "Any weights that realise AND are accepted (the lecture's are w1 = 0.5" in text


# --- one bug costs one task ------------------------------------------------------------------


def test_a_forgotten_bias_costs_forward_only_even_for_the_long_xor_training(tight_hw6):
    results = submit_json(
        CASES / "lecture_missing_bias.py", "--assignment", "hw6", "--assignments", tight_hw6
    )
    assert earned(results)["forward"] == 0 and earned(results)["train"] == 3, messages(results)
    xor = next(
        t for task in results["tasks"] for t in task["tests"]
        if t["name"] == "test_learns_xor_from_the_lecture_start"
    )  # fmt: skip
    assert "nngrade used its own `predict` (forward) in place of yours" in xor["message"]


def test_a_wrong_fit_beside_a_wrong_predict_is_blamed_on_fit(tight_hw6):
    results = submit_json(
        CASES / "lecture_two_bugs.py", "--assignment", "hw6", "--assignments", tight_hw6
    )
    assert earned(results)["forward"] == 0 and earned(results)["train"] == 0
    train = [t["message"] for task in results["tasks"] if task["name"] == "train"
             for t in task["tests"] if not t["hidden"]]  # fmt: skip
    assert train and all("It fails even with nngrade's own `predict`" in m for m in train)


# --- the same score on a busy machine --------------------------------------------------------

LOAD_CASES = [
    ("ch6_lecture_npint.py", "hw6"),
    ("lecture_missing_bias.py", "hw6"),  # 8,000 calls served by the grader in one test
    ("module_training_too_long.py", "hw6"),
    ("softmax_1d.py", "activations"),
    ("perceptron_other_weights.py", "perceptron"),
]


@pytest.mark.slow
def test_scores_do_not_change_with_two_cpu_burners_beside_them(tight_hw6):
    def scores() -> list[tuple[float, list]]:
        out = []
        for name, assignment in LOAD_CASES:
            results = submit_json(
                CASES / name, "--assignment", assignment, "--assignments", tight_hw6
            )
            out.append(
                (results["score"], sorted(outcomes(results).items()), len(results["limits"]))
            )
        return out

    idle = scores()
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        busy = scores()
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert busy == idle


def test_batch_summary_counts_a_graded_module_that_hit_a_time_limit(tight_hw6, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CASES / "module_training_too_long.py", folder / "kim_hw6.py")
    shutil.copy(CASES / "ch6_lecture_npint.py", folder / "lee_hw6.py")
    out = tmp_path / "grades"
    graded = run_nngrade(
        "grade", "hw6", folder, "--assignments", tight_hw6, "-j", "1", "--out", out,
        "--lang", "en",
    )  # fmt: skip
    assert graded.returncode == 0, graded.stderr
    summary = run_nngrade("gradebook", out, "--lang", "en")
    assert "graded 2 · errors 0 · over a time limit 1" in summary.stdout, summary.stdout
