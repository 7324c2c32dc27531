"""or_model: seed 002's keras_or.py — the XOR network and settings, trained on OR.

The model is trained by the grader (see `check_learns_table` in conftest.py).
"""

from nngrade import models
from nngrade.reference.keras_models import OR_SPEC
from nngrade.testing import task

WHAT = "build_or_model()"


@task("or_model", points=1)
def test_or_model_has_the_xor_layers_and_compile_settings(student_model):
    model = student_model("build_or_model")
    models.check_architecture(model, OR_SPEC, what=WHAT)
    models.check_compiled(model, OR_SPEC, what=WHAT)


@task("or_model", points=1)
def test_or_model_learns_the_truth_table(student_model, check_learns_table):
    check_learns_table(student_model("build_or_model"), [0, 1, 1, 1], what=WHAT)
