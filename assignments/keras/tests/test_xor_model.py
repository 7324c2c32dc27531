"""xor_model: seed 002's keras_xor.py — Dense(2, sigmoid) → Dense(1, sigmoid), MSE, SGD(0.1).

The model is trained by the grader (see `check_learns_table` in conftest.py).
"""

from nngrade import models
from nngrade.reference.keras_models import XOR_SPEC
from nngrade.testing import task

WHAT = "build_xor_model()"


@task("xor_model", points=1)
def test_xor_layers_are_dense_2_sigmoid_then_dense_1_sigmoid(student_model):
    models.check_architecture(student_model("build_xor_model"), XOR_SPEC, what=WHAT)


@task("xor_model", points=1)
def test_xor_is_compiled_with_mse_and_sgd_at_0_1(student_model):
    models.check_compiled(student_model("build_xor_model"), XOR_SPEC, what=WHAT)


@task("xor_model", points=1)
def test_xor_model_learns_the_truth_table(student_model, check_learns_table):
    check_learns_table(student_model("build_xor_model"), [0, 1, 1, 0], what=WHAT)
