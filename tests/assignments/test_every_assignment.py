"""Each assignment, end to end through `nngrade submit`, on real notebook files: the solution
gets full marks, the untouched student notebook gets zero, the lecture's own code typed in gets
full marks, and each realistic mistake loses exactly its tasks."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field

import pytest

from tests.assignments.grading import (
    ASSIGNMENTS,
    FIXTURES,
    assert_full_marks,
    assert_template_scores_zero,
    graded,
    lost_tasks,
    messages,
)

KERAS = [
    pytest.mark.tensorflow,
    pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs TensorFlow"),
]


@dataclass(frozen=True)
class Assignment:
    id: str
    points: float
    lecture_code: str
    """What `fixtures/<id>/lecture_code.ipynb` types in from the seeds."""
    mistakes: dict[str, set[str]] = field(default_factory=dict)
    """Fixture notebook -> the tasks it must lose, and only those."""


ALL = [
    Assignment(
        "perceptron",
        8,
        "seed 004's `C > threshold` gates, XOR from NAND and OR, seed 000's matrices",
        {
            "mistake_nand_threshold_sign.ipynb": {"gates", "xor"},  # XOR is built from NAND
            "mistake_network_with_sigmoid.ipynb": {"xor_network"},
            "mistake_parameters_without_biases.ipynb": {"parameters"},
        },
    ),
    Assignment(
        "activations",
        14,
        "seed 001's step and sigmoid; seed 003's MSE and RMSE loops and its scikit-learn RMSE, "
        "whose import replaces the student's own function: only values are graded",
        {
            "mistake_sigmoid_grad_of_output.ipynb": {"derivatives"},
            "mistake_softmax_without_shift.ipynb": {"softmax"},
            # the same wrong slope in the function and in its derivative
            "mistake_leaky_slope_0_01.ipynb": {"leaky_relu_elu", "derivatives"},
            "mistake_bce_sum.ipynb": {"cross_entropy"},
        },
    ),
    Assignment(
        "gradient-descent",
        6,
        "seed 001's loop, 3-D surface and quiver labs, wrapped in functions",
        {
            "mistake_stop_before_append.ipynb": {"precision"},
            # right for numbers, wrong for the array x0 of the 2-D bowl
            "mistake_in_place_update.ipynb": {"trajectory"},
            "mistake_quiver_uphill.ipynb": {"quiver"},
        },
    ),
    Assignment(
        "regression",
        6,
        "seed 002's scikit-learn LinearRegression and r2_score; gradient descent as in seed 001",
        {
            "mistake_no_intercept_column.ipynb": {"normal_equation"},
            "mistake_intercept_not_converted_back.ipynb": {"gradient_descent"},
            "mistake_standardise_in_place.ipynb": {"gradient_descent"},
        },
    ),
    Assignment(
        "keras",
        11,
        "seed 002's and seed 000's model code: `SGD(learning_rate=0.1)` for Keras 3's `lr=`, "
        "and `input_shape=[8, 8]` written into the layers for the digits",
        {
            "mistake_xor_default_sgd.ipynb": {"xor_model"},
            "mistake_mnist_without_dropout.ipynb": {"mnist_mlp"},
            "mistake_fashion_fixed_28x28.ipynb": {"fashion_mlp"},
        },
    ),
]


def _param(a: Assignment, *values: object) -> object:
    marks = KERAS if a.id == "keras" else []
    return pytest.param(a, *values, marks=marks, id="-".join([a.id, *map(str, values)]))


EACH = [_param(a) for a in ALL]
MISTAKES = [_param(a, notebook) for a in ALL for notebook in a.mistakes]


@pytest.mark.parametrize("a", EACH)
def test_solution_scores_full_marks(a):
    assert_full_marks(graded(ASSIGNMENTS / a.id / "solution.ipynb"), a.points)


@pytest.mark.parametrize("a", EACH)
def test_untouched_template_scores_zero_with_not_implemented_messages(a):
    assert_template_scores_zero(graded(ASSIGNMENTS / a.id / f"{a.id}.ipynb"))


@pytest.mark.parametrize("a", EACH)
def test_lecture_code_typed_in_scores_full_marks(a):
    assert_full_marks(graded(FIXTURES / a.id / "lecture_code.ipynb"), a.points)


@pytest.mark.parametrize(("a", "notebook"), MISTAKES)
def test_realistic_mistake_loses_exactly_its_tasks(a, notebook):
    results = graded(FIXTURES / a.id / notebook)
    assert lost_tasks(results) == a.mistakes[notebook], messages(results)
