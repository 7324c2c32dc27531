"""Results to render: small, hand-built, shaped like real hw6 runs (14 points, 7 tasks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nngrade.results import CellError, Results, SubmissionInfo, TaskResult, TestResult

FIXTURES = Path(__file__).parent / "fixtures"
NOTEBOOK = FIXTURES / "hw6_submission.ipynb"
MODULE = FIXTURES / "hw6_submission.py"
SHA = "3f4b2c9a0d1e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"

# Which cells of hw6_submission.ipynb define each task's functions (1-based, as Jupyter shows).
TASK_CELLS = {
    "activations": [3],
    "forward": [4],
    "loss": [5],
    "backprop": [6],
    "train": [7],
}

TASKS = [  # name, points, English description, Korean description
    (
        "activations",
        2,
        "step, sigmoid, tanh and relu, elementwise",
        "step, sigmoid, tanh, relu: 원소별로 적용",
    ),
    ("sigmoid_deriv", 1, "sigmoid_deriv(out) = out·(1−out)", "sigmoid_deriv(out) = out·(1−out)"),
    (
        "forward",
        2,
        "predict(x, W1, B1, W2, B2) returns (layer0, layer1, layer2)",
        "predict가 (layer0, layer1, layer2)를 반환",
    ),
    ("loss", 1, "loss(y, t) = ½ Σ (y − t)², a float", "loss(y, t) = ½ Σ (y − t)², 실수 하나"),
    (
        "gradient_descent",
        2,
        "gradient_descent returns x after each step",
        "gradient_descent가 각 단계 후의 x를 반환",
    ),
    (
        "backprop",
        3,
        "backprop_step: one gradient step on a batch",
        "backprop_step: 경사 하강 한 단계",
    ),
    ("train", 3, "fit: per-sample training, as in the lecture", "fit: 교재처럼 샘플별로 학습"),
]


def make_test(
    task: str,
    name: str,
    points: float,
    outcome: str = "passed",
    message: str = "",
    hidden: bool = False,
) -> TestResult:
    folder = "hidden" if hidden else "tests"
    return TestResult(
        id=f"{folder}/test_{task}.py::{name}",
        name=name,
        task=task,
        points=points,
        outcome=outcome,
        message=message,
        duration=0.04,
        hidden=hidden,
    )


def all_passing_tests() -> dict[str, list[TestResult]]:
    return {
        "activations": [
            make_test("activations", "test_step_is_one_above_zero_else_zero", 0.5),
            make_test("activations", "test_sigmoid_matches_reference_and_survives_extremes", 0.5),
            make_test("activations", "test_tanh_matches_reference", 0.5),
            make_test("activations", "test_relu_matches_reference", 0.5),
        ],
        "sigmoid_deriv": [make_test("sigmoid_deriv", "test_sigmoid_deriv_uses_the_output", 1)],
        "forward": [
            make_test("forward", "test_predict_gives_the_lecture_numbers", 1),
            make_test("forward", "test_predict_matches_reference_for_random_sizes", 1),
        ],
        "loss": [
            make_test("loss", "test_loss_gives_the_lecture_number", 0.5),
            make_test("loss", "test_loss_is_half_the_sum_of_squares", 0.5),
        ],
        "gradient_descent": [
            make_test("gradient_descent", "test_trajectory_of_the_lecture_example", 1),
            make_test("gradient_descent", "test_trajectory_far_from_the_minimum", 1, hidden=True),
        ],
        "backprop": [
            make_test("backprop", "test_one_step_gives_the_lecture_numbers", 1),
            make_test("backprop", "test_one_step_on_random_batches", 1),
            make_test("backprop", "test_update_follows_the_true_gradient", 1),
        ],
        "train": [
            make_test("train", "test_weights_after_a_few_epochs_match_reference", 2),
            make_test("train", "test_learns_xor_from_another_start", 1, hidden=True),
        ],
    }


def make_results(
    tests: dict[str, list[TestResult]],
    *,
    lang: str = "en",
    status: str = "graded",
    error: str | None = None,
    cell_errors: list[CellError] | None = None,
    notes: list[str] | None = None,
) -> Results:
    ko = lang == "ko"
    return Results(
        assignment="hw6",
        title="6장: 넘파이로 MLP 구현하기" if ko else "Chapter 6: an MLP from scratch in NumPy",
        assignment_version="1",
        submission=SubmissionInfo(path="hw6.ipynb", sha256=SHA, kind="notebook", student="kim"),
        seed=20240917,
        lang=lang,
        status=status,
        error=error,
        tasks=[
            TaskResult(
                name=name,
                description=ko_desc if ko else en_desc,
                points=pts,
                tests=tests.get(name, []),
            )
            for name, pts, en_desc, ko_desc in TASKS
        ],
        cell_errors=cell_errors or [],
        notes=notes or [],
        timings={"notebook": 0.84, "tests": 1.92, "total": 2.9},
        environment={
            "python": "3.11.9",
            "numpy": "1.26.4",
            "nngrade": "0.1.0",
            "platform": "Linux",
        },
    )


def _fail(tests: list[TestResult], name: str, outcome: str, message: str) -> None:
    for t in tests:
        if t.name == name:
            t.outcome, t.message = outcome, message
            return
    raise KeyError(name)


LOSS_CELL_ERROR = CellError(
    cell=5,
    ename="NameError",
    evalue="name 'np2' is not defined",
    traceback=[
        "Cell In[4], line 4",
        "      1 def loss(y, t):",
        "----> 2     return 0.5 * np2.sum((y - t) ** 2)",
        "NameError: name 'np2' is not defined",
    ],
    defines=["loss"],
)


@pytest.fixture
def full_marks() -> Results:
    """Every test passed: 14/14."""
    return make_results(all_passing_tests())


@pytest.fixture
def partial() -> Results:
    """10.5/14: failures of every outcome, a failed hidden test, a cell error and a note."""
    tests = all_passing_tests()
    _fail(
        tests["activations"],
        "test_sigmoid_matches_reference_and_survives_extremes",
        "failed",
        "sigmoid(x) differs at [0]: got nan, expected 0.0\n"
        "  x[0] = -1000.0; np.exp(1000.0) overflows: use a numerically stable form",
    )
    for name in ("test_loss_gives_the_lecture_number", "test_loss_is_half_the_sum_of_squares"):
        _fail(
            tests["loss"],
            name,
            "error",
            "`loss` is not defined in your notebook (cell 5 raised NameError)",
        )
    _fail(
        tests["gradient_descent"],
        "test_trajectory_far_from_the_minimum",
        "failed",
        "SECRET: x[3] = 17.25",
    )
    _fail(
        tests["backprop"],
        "test_update_follows_the_true_gradient",
        "timeout",
        "backprop_step(...) did not return within 10 s",
    )
    return make_results(
        tests,
        cell_errors=[LOSS_CELL_ERROR],
        notes=["`!pip install numpy` in cell 2 was not run: packages are fixed while grading."],
    )


@pytest.fixture
def korean() -> Results:
    """The same student in Korean, with the `train` task all hidden (and failing)."""
    tests = all_passing_tests()
    _fail(
        tests["forward"],
        "test_predict_gives_the_lecture_numbers",
        "failed",
        "predict(...)[2]의 [0, 0] 값이 다릅니다: 0.524979를 얻었지만 0.709383이어야 합니다",
    )
    tests["train"] = [
        make_test("train", "test_weights_match", 2, "failed", "비밀: 가중치", hidden=True),
        make_test("train", "test_learns_xor", 1, hidden=True),
    ]
    return make_results(
        tests,
        lang="ko",
        cell_errors=[LOSS_CELL_ERROR],
        notes=["셀 2의 `!pip`는 실행하지 않았습니다."],
    )


@pytest.fixture
def not_graded() -> Results:
    """The file could not be read: status error, the tasks known, no test ran."""
    return make_results(
        {}, status="error", error="hw6.ipynb: not a notebook (line 1: Expecting value)"
    )


@pytest.fixture
def timed_out() -> Results:
    """The whole run hit its limit after some tests ran: status timeout."""
    tests = all_passing_tests()
    kept = {name: tests[name] for name in ("activations", "sigmoid_deriv")}
    return make_results(kept, status="timeout", error="grading stopped after 120 s")


@pytest.fixture
def notebook_path() -> Path:
    """A real hw6 notebook (nbformat 4.4, no cell ids, like a Colab download) with outputs."""
    return NOTEBOOK


@pytest.fixture
def module_path() -> Path:
    return MODULE


@pytest.fixture
def task_cells() -> dict[str, list[int]]:
    return {name: list(cells) for name, cells in TASK_CELLS.items()}


@pytest.fixture
def every_results(full_marks, partial, korean, not_graded, timed_out) -> list[Results]:
    return [full_marks, partial, korean, not_graded, timed_out]
