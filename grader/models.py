"""Keras models on the grader's side: load a student's model, read it, train a copy of it.

A student's model never crosses the sandbox boundary as an object. The worker saves what the
student's function returns as a `.keras` archive (`keras_model("build_model")` in a test), and
everything here works on that archive in the grader process:

    model = load_student_model(path, what="build_xor_model()")  # safe_mode=True: no custom code
    describe(model)          # [Layer("Dense", 2, "sigmoid", None), Layer("Dense", 1, "sigmoid", None)]
    param_count(model)       # 9
    compile_settings(model)  # {"loss": "mean_squared_error", "optimizer": "SGD", "learning_rate": 0.1, ...}
    trained = fit_copy(model, x, y, seed=0, epochs=10)  # fresh weights, the student's settings
    accuracy(trained, x_test, y_test)

The `check_*` functions compare with a `nngrade.reference.keras_models` spec and fail with a
message for the student, like the helpers in `nngrade.checks`.

TensorFlow is imported on first use (`keras()`), never when this module is imported, so grading
a NumPy assignment does not pay for it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .checks import GradingFailure
from .messages import Text, text

# Words of the messages below that are not code.
_YOUR_FUNCTION = text(en="your function", ko="작성한 함수")  # when a check is not told the name
_NO_LAYERS = text(en="no layers", ko="층 없음")
_A_SCHEDULE = text(en="a schedule", ko="학습률 스케줄")

# Loss functions under the names students write them, mapped to one name per loss.
_LOSS_NAMES = {
    "mse": "mean_squared_error",
    "mean_squared_error": "mean_squared_error",
    "meansquarederror": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mean_absolute_error": "mean_absolute_error",
    "meanabsoluteerror": "mean_absolute_error",
    "binary_crossentropy": "binary_crossentropy",
    "binarycrossentropy": "binary_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy",
    "categoricalcrossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
}


class Layer(NamedTuple):
    """One layer as plain data. Equal to the `LayerSpec` of `nngrade.reference.keras_models`."""

    kind: str
    """The layer's class name: "Dense", "Flatten", "Dropout", ..."""
    units: int | None = None
    activation: str | None = None
    rate: float | None = None
    """Dropout's rate."""

    def __str__(self) -> str:
        if self.kind == "Dense":
            return f"Dense({self.units}, {self.activation})"
        if self.rate is not None:
            return f"{self.kind}({self.rate:g})"
        return self.kind


# --- TensorFlow, on first use --------------------------------------------------------------


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence file descriptor 2 (TensorFlow's C++ start-up lines bypass Python's sys.stderr)."""
    try:
        saved = os.dup(2)
    except OSError:  # no usable stderr: nothing to silence
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def keras() -> Any:
    """The `keras` module, imported the first time it is needed (about 3 s and 600 MB)."""
    if "keras" not in sys.modules:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        with _quiet_stderr(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                import keras  # noqa: F401
            except ImportError as exc:
                raise ImportError(
                    f"this assignment needs TensorFlow ({exc}): pip install 'tensorflow>=2.16'"
                ) from exc
    return sys.modules["keras"]


# --- loading and reading ---------------------------------------------------------------------


def load_student_model(path: Path | str, *, what: str | Text = _YOUR_FUNCTION) -> Any:
    """Load the archive the worker wrote, with `safe_mode=True` (no Lambda layers, no pickled
    code), and compiled as the student compiled it. `what` names the call, for messages."""
    k = keras()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Keras warns about optimizer variables it skips
            return k.models.load_model(str(path), safe_mode=True, compile=True)
    except Exception as exc:  # Keras raises many types for archives it cannot rebuild
        error = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise GradingFailure("model_unreadable", what=what, error=error[:300]) from None


def describe(model: Any) -> list[Layer]:
    """The model's layers in order, as `Layer(kind, units, activation, rate)` (inputs left out)."""
    layers = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":  # a functional model lists its input; a Sequential one does not
            continue
        activation = getattr(layer, "activation", None)
        rate = getattr(layer, "rate", None)
        layers.append(
            Layer(
                kind=kind,
                units=getattr(layer, "units", None),
                activation=getattr(activation, "__name__", None)
                if activation is not None
                else None,
                rate=float(rate) if isinstance(rate, (int, float)) else None,
            )
        )
    return layers


def param_count(model: Any) -> int:
    """The number of weights and biases (Keras' "Total params")."""
    return int(model.count_params())


def input_shape(model: Any) -> tuple[int | None, ...] | None:
    """The shape of one sample, without the batch axis: (28, 28) for `Input(shape=(28, 28))`."""
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):  # a model that was never built has no input shape
        return None
    if isinstance(shape, list):  # several inputs: not one of the course's models
        return None
    return tuple(shape[1:])


def _loss_name(loss: Any) -> tuple[str | None, bool]:
    """(the loss's canonical name, from_logits) for a string, a loss function or a Loss object."""
    if loss is None:
        return None, False
    if isinstance(loss, str):
        return _LOSS_NAMES.get(loss.lower(), loss), False
    fn = getattr(loss, "fn", loss)  # a Loss object wraps its function
    name = getattr(fn, "__name__", None) or type(loss).__name__
    from_logits = bool(getattr(loss, "_fn_kwargs", {}).get("from_logits", False))
    return _LOSS_NAMES.get(name.lower(), name), from_logits


def compile_settings(model: Any) -> dict[str, Any] | None:
    """How the student compiled the model, as plain data; None when it was not compiled.

    {"loss": "mean_squared_error", "from_logits": False, "optimizer": "SGD",
    "learning_rate": 0.1, "metrics": ("accuracy",)}. `loss` is one name per loss whatever the
    spelling ("mse", `keras.losses.MeanSquaredError()`); `learning_rate` is None for a schedule.
    """
    optimizer = getattr(model, "optimizer", None)
    config = model.get_compile_config() if hasattr(model, "get_compile_config") else None
    if optimizer is None or not config:
        return None
    loss, from_logits = _loss_name(getattr(model, "loss", None))
    learning_rate = optimizer.get_config().get("learning_rate")
    metrics = tuple(m for m in (config.get("metrics") or ()) if isinstance(m, str))
    return {
        "loss": loss,
        "from_logits": from_logits,
        "optimizer": type(optimizer).__name__,
        "learning_rate": float(learning_rate) if isinstance(learning_rate, (int, float)) else None,
        "metrics": metrics,
    }


# --- training a copy -----------------------------------------------------------------------


def fit_copy(
    model: Any,
    x: np.ndarray,
    y: np.ndarray,
    *,
    seed: int,
    what: str | Text = _YOUR_FUNCTION,
    epochs: int = 1,
    batch_size: int = 32,
    optimizer: Any = None,
    shuffle: bool = True,
    steps_per_execution: int = 1,
) -> Any:
    """Train a fresh copy of the student's model in the grader, repeatably, and return it.

    The copy has the student's layers with new weights drawn after
    `keras.utils.set_random_seed(seed)` (the archive's weights came from an unseeded process),
    and is compiled with the student's loss and a new optimizer of the student's class and
    settings, or with `optimizer` when given. `steps_per_execution` runs that many steps per
    call into TensorFlow: thousands of tiny steps then cost milliseconds, not seconds. `what`
    names the student's call, for the message when the copy cannot be trained.
    """
    k = keras()
    k.utils.set_random_seed(seed)
    try:
        copy = k.models.clone_model(model)
        if optimizer is None:
            optimizer = k.optimizers.deserialize(k.optimizers.serialize(model.optimizer))
        copy.compile(loss=model.loss, optimizer=optimizer, steps_per_execution=steps_per_execution)
        copy.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=shuffle, verbose=0)
    except Exception as exc:  # a model that loads but cannot learn this data (shapes, loss)
        error = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise GradingFailure("model_training_failed", what=what, error=error[:300]) from None
    return copy


def predict(model: Any, x: np.ndarray) -> np.ndarray:
    """The model's outputs for `x`, as a float64 array."""
    return np.asarray(model(np.asarray(x, dtype=np.float32), training=False), dtype=np.float64)


def accuracy(model: Any, x: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of samples whose most probable class is the label."""
    return float(np.mean(np.argmax(predict(model, x), axis=-1) == np.asarray(labels)))


# --- checks against a reference spec -------------------------------------------------------


def _layers_text(layers: Sequence[Any]) -> str:
    return " → ".join(str(Layer(*layer)) for layer in layers) or str(_NO_LAYERS)


def with_input_shape(spec: Any, shape: Sequence[int]) -> Any:
    """`spec` for another input shape: the same layers, with the parameters counted again.

    For the course's models, where Dense layers follow a Flatten (or the input directly):
    `with_input_shape(FASHION_SPEC, (8, 8)).param_count` is 64·300 + 300 + ... = 50,610.
    """
    inputs, count = math.prod(shape), 0
    for layer in spec.layers:
        if layer.kind == "Dense":
            count += inputs * layer.units + layer.units
            inputs = layer.units
    return dataclasses.replace(spec, input_shape=tuple(shape), param_count=count)


def check_input_shape(model: Any, shape: Sequence[int], *, what: str | Text) -> None:
    """The model takes samples of `shape` (the batch axis aside)."""
    got = input_shape(model)
    if got != tuple(shape):
        raise GradingFailure("model_input_shape", what=what, got=got, want=tuple(shape))


def check_architecture(model: Any, spec: Any, *, what: str | Text) -> None:
    """Input shape, then layers (class, units, activation, dropout rate), then parameter count."""
    check_input_shape(model, spec.input_shape, what=what)
    layers = describe(model)
    if layers != list(spec.layers):
        raise GradingFailure(
            "model_layers",
            what=what,
            got=_layers_text(layers),
            want=_layers_text(spec.layers),
        )
    count = param_count(model)
    if count != spec.param_count:
        raise GradingFailure(
            "model_params", what=what, got=f"{count:,}", want=f"{spec.param_count:,}"
        )


def check_compiled(model: Any, spec: Any, *, what: str | Text) -> None:
    """Compiled at all, then the loss (from probabilities), the optimizer class, its learning rate."""
    settings = compile_settings(model)
    if settings is None:
        raise GradingFailure("model_not_compiled", what=what)
    if settings["loss"] != spec.loss or settings["from_logits"]:
        got = settings["loss"] + (" (from_logits=True)" if settings["from_logits"] else "")
        raise GradingFailure("model_loss", what=what, got=got, want=spec.loss)
    if settings["optimizer"] != spec.optimizer:
        raise GradingFailure(
            "model_optimizer", what=what, got=settings["optimizer"], want=spec.optimizer
        )
    rate = settings["learning_rate"]
    # Keras keeps the learning rate in float32: 0.1 comes back as 0.10000000149...
    if rate is None or not math.isclose(rate, spec.learning_rate, rel_tol=1e-6):
        raise GradingFailure(
            "model_learning_rate",
            what=what,
            optimizer=spec.optimizer,
            got=_A_SCHEDULE if rate is None else f"{rate:.6g}",
            want=f"{spec.learning_rate:g}",
        )


def check_learns(
    model: Any,
    data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    *,
    what: str | Text,
    epochs: int,
    threshold: float,
    seed: int = 0,
) -> None:
    """A fresh copy of `model`, trained here on data the grader holds, reaches `threshold`.

    data: (x_train, y_train, x_test, y_test). The accuracy is computed here, on the test part.
    """
    x_train, y_train, x_test, y_test = data
    check_input_shape(model, x_train.shape[1:], what=what)
    trained = fit_copy(model, x_train, y_train, what=what, seed=seed, epochs=epochs)
    got = accuracy(trained, x_test, y_test)
    if got < threshold:
        raise GradingFailure("model_accuracy", what=what, epochs=epochs, got=got, want=threshold)
