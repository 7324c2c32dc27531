"""fashion_mlp: seed 000's Fashion-MNIST MLP — Flatten → Dense(300, relu) → Dense(100, relu) →
Dense(10, softmax), sgd, sparse categorical cross-entropy; 266,610 parameters for 28×28.

The architecture is read from build_fashion_mlp((28, 28)). A model built for the 8×8 digits
whatever the argument (the lecture's code with `input_shape=[8, 8]` typed in) is accepted
there too, with its own parameter count (50,610).

Training: the grader trains a fresh copy of build_fashion_mlp((8, 8)), with the student's loss
and optimizer (plain SGD at 0.01 learns slowly), on 1,437 of the 8×8 digits for 10 epochs
(seed 0), and tests it on the other 360. The lecture's model reaches about 91% there; 85%
leaves room for other machines.
"""

from nngrade import models
from nngrade.reference.keras_models import FASHION_SPEC
from nngrade.testing import task

DIGITS = (8, 8)
EPOCHS = 10
THRESHOLD = 0.85


def lecture_model(student_model):
    """build_fashion_mlp((28, 28)) and the spec it is compared with (28×28, or the 8×8 digits)."""
    model = student_model("build_fashion_mlp", (28, 28))
    built_for_digits = models.input_shape(model) == DIGITS
    return model, models.with_input_shape(
        FASHION_SPEC, DIGITS
    ) if built_for_digits else FASHION_SPEC


@task("fashion_mlp", points=1)
def test_fashion_layers_and_266610_parameters_for_28x28(student_model):
    model, spec = lecture_model(student_model)
    models.check_architecture(model, spec, what="build_fashion_mlp((28, 28))")


@task("fashion_mlp", points=1)
def test_fashion_is_compiled_with_sgd_and_sparse_categorical_crossentropy(student_model):
    model, spec = lecture_model(student_model)
    models.check_compiled(model, spec, what="build_fashion_mlp((28, 28))")


@task("fashion_mlp", points=1)
def test_fashion_mlp_learns_the_8x8_digits(student, student_model, digits, digits_for):
    model = student_model("build_fashion_mlp", DIGITS)
    what = "build_fashion_mlp((8, 8))"
    data = digits_for(
        student, "build_fashion_mlp", model, digits
    )  # 28×28: the lecture's top-level model
    models.check_learns(model, data, what=what, epochs=EPOCHS, threshold=THRESHOLD)
