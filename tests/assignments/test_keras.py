"""Messages and details of the keras assignment, end to end, on real notebook files.

Each grading imports TensorFlow twice (worker and grader) and trains five small models in the
grader: about 10–15 s per notebook on 2 cores, so each notebook is graded once per session
(`grading.graded` caches it for this module and test_every_assignment.py).
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.assignments.grading import (
    ASSIGNMENTS,
    FIXTURES,
    graded,
    messages,
)

pytestmark = [
    pytest.mark.tensorflow,
    pytest.mark.skipif(
        importlib.util.find_spec("tensorflow") is None, reason="needs the keras extra"
    ),
]

HOME = ASSIGNMENTS / "keras"
CASES = FIXTURES / "keras"


def test_messages_name_the_setting_or_layer_to_fix():
    text = messages(graded(CASES / "mistake_xor_default_sgd.ipynb"))
    assert "the SGD learning rate is 0.01, expected 0.1" in text
    text = messages(graded(CASES / "mistake_mnist_without_dropout.ipynb"))
    assert "expected Flatten → Dense(512, relu) → Dropout(0.2) → Dense(10, softmax)" in text
    text = messages(graded(CASES / "mistake_fashion_fixed_28x28.ipynb"))
    assert "inputs of shape (28, 28), expected (8, 8)" in text


def test_compile_settings_read_every_spelling_of_a_loss_the_same_way(tmp_path):
    """Students write "mse", "mean_squared_error", a Loss object or the function itself."""
    from nngrade import models

    keras = models.keras()
    spellings = [
        "mse",
        "mean_squared_error",
        keras.losses.MeanSquaredError(),
        keras.losses.mean_squared_error,
    ]
    for i, loss in enumerate(spellings):
        model = keras.Sequential(
            [keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")]
        )
        model.compile(loss=loss, optimizer=keras.optimizers.SGD(learning_rate=0.1))
        model.save(tmp_path / f"m{i}.keras")
        settings = models.compile_settings(models.load_student_model(tmp_path / f"m{i}.keras"))
        assert settings["loss"] == "mean_squared_error", loss
        assert (settings["optimizer"], settings["from_logits"]) == ("SGD", False)
        assert abs(settings["learning_rate"] - 0.1) < 1e-7


def test_a_model_with_a_lambda_layer_is_refused_with_a_message(tmp_path):
    """safe_mode=True: an archive holding code is not loaded, and the student is told why."""
    from nngrade import models
    from nngrade.checks import GradingFailure

    keras = models.keras()
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Lambda(lambda x: x * 2)])
    model.save(tmp_path / "lambda.keras")
    with pytest.raises(GradingFailure, match="no Lambda layers"):
        models.load_student_model(tmp_path / "lambda.keras", what="build_model()")
