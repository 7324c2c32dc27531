"""The seeds' Keras models, as builders and as plain-data descriptions.

Importing this module does NOT import TensorFlow: each builder imports Keras inside the
function. The ``*_SPEC`` descriptions are plain Python data, so a grader can compare a
student's model (via ``describe_layers``, which only reads attributes) without
building the reference model at all.

Keras 3 notes: the seeds' ``input_dim=2`` / ``Flatten(input_shape=...)`` and
``SGD(lr=0.1)`` are Keras 2 spellings; here the input is a ``keras.Input`` and the
learning rate is ``learning_rate``. ``keras.Input`` is not a layer, so it does not
appear in ``model.layers`` or in the descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # for type hints only; never imported at run time
    import keras


class LayerSpec(NamedTuple):
    """One layer: class name, units (Dense only), activation name (Dense only), rate (Dropout only)."""

    kind: str
    units: int | None = None
    activation: str | None = None
    rate: float | None = None


@dataclass(frozen=True)
class ModelSpec:
    """What a seed's model is: layers, input shape, compile settings, parameter count."""

    name: str
    input_shape: tuple[int, ...]
    layers: tuple[LayerSpec, ...]
    loss: str
    optimizer: str  # Keras class name: "SGD", "Adam"
    learning_rate: float  # the optimizer's learning rate (Keras' default when a string was used)
    metrics: tuple[str, ...]
    param_count: int


#: Seed 002 ``keras_xor.py``: 2 → Dense(2, sigmoid) → Dense(1, sigmoid), SGD(0.1), MSE.
XOR_SPEC = ModelSpec(
    name="xor",
    input_shape=(2,),
    layers=(LayerSpec("Dense", 2, "sigmoid"), LayerSpec("Dense", 1, "sigmoid")),
    loss="mean_squared_error",
    optimizer="SGD",
    learning_rate=0.1,
    metrics=(),
    param_count=9,
)

#: Seed 002 ``keras_or.py``: the same network and settings as XOR, trained on OR.
OR_SPEC = replace(XOR_SPEC, name="or")

#: Seed 002 ``keras_mnist.py``: Flatten → Dense(512, relu) → Dropout(0.2) → Dense(10, softmax).
MNIST_SPEC = ModelSpec(
    name="mnist_mlp",
    input_shape=(28, 28),
    layers=(
        LayerSpec("Flatten"),
        LayerSpec("Dense", 512, "relu"),
        LayerSpec("Dropout", rate=0.2),
        LayerSpec("Dense", 10, "softmax"),
    ),
    loss="sparse_categorical_crossentropy",
    optimizer="Adam",
    learning_rate=0.001,  # Keras' default for optimizer="adam"
    metrics=("accuracy",),
    param_count=407_050,
)

#: Seed 000's Fashion-MNIST classifier: Flatten → 300 relu → 100 relu → 10 softmax.
FASHION_SPEC = ModelSpec(
    name="fashion_mlp",
    input_shape=(28, 28),
    layers=(
        LayerSpec("Flatten"),
        LayerSpec("Dense", 300, "relu"),
        LayerSpec("Dense", 100, "relu"),
        LayerSpec("Dense", 10, "softmax"),
    ),
    loss="sparse_categorical_crossentropy",
    optimizer="SGD",
    learning_rate=0.01,  # Keras' default for optimizer="sgd"
    metrics=("accuracy",),
    param_count=266_610,
)


def describe_layers(model: Any) -> list[LayerSpec]:
    """Describe a Keras model's layers as ``LayerSpec`` values, without importing Keras.

    Reads ``type(layer).__name__``, ``layer.units``, ``layer.activation.__name__`` and
    ``layer.rate`` where present. Compare the result with ``XOR_SPEC.layers`` etc.
    """
    described = []
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        rate = getattr(layer, "rate", None)
        described.append(
            LayerSpec(
                kind=type(layer).__name__,
                units=getattr(layer, "units", None),
                activation=getattr(activation, "__name__", None),
                rate=float(rate) if rate is not None else None,
            )
        )
    return described


def describe_compile(model: Any) -> dict[str, Any]:
    """A compiled Keras model's settings, in the form of ``ModelSpec``'s fields.

    Returns ``{"loss", "optimizer", "learning_rate", "metrics"}``: the loss as given
    to ``compile`` (a string such as ``"mean_squared_error"``, or Keras' serialized
    form of a loss object), the optimizer's class name, its learning rate as a float,
    and the metrics as a tuple. Uses ``model.get_compile_config()`` (Keras 3).
    """
    config = model.get_compile_config() or {}
    optimizer = config.get("optimizer") or {}
    return {
        "loss": config.get("loss"),
        "optimizer": optimizer.get("class_name"),
        "learning_rate": float(optimizer.get("config", {}).get("learning_rate", float("nan"))),
        "metrics": tuple(config.get("metrics") or ()),
    }


def _two_two_one_sigmoid(name: str) -> keras.Model:
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(2, activation="sigmoid"),
            keras.layers.Dense(1, activation="sigmoid"),
        ],
        name=name,
    )
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=0.1))
    return model


def xor_model() -> keras.Model:
    """Seed 002's XOR network, compiled: Dense(2, sigmoid) → Dense(1, sigmoid); SGD(0.1); MSE. 9 parameters."""
    return _two_two_one_sigmoid("xor")


def or_model() -> keras.Model:
    """Seed 002's OR network: identical to ``xor_model`` (only the training targets differ)."""
    return _two_two_one_sigmoid("or")


def mnist_mlp(input_shape: tuple[int, ...] = (28, 28)) -> keras.Model:
    """Seed 002's MNIST MLP, compiled with adam, sparse categorical cross-entropy, accuracy.

    Flatten → Dense(512, relu) → Dropout(0.2) → Dense(10, softmax): 407,050 parameters
    for 28×28 inputs.
    """
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Flatten(),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="mnist_mlp",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def fashion_mlp(input_shape: tuple[int, ...] = (28, 28)) -> keras.Model:
    """Seed 000's Fashion-MNIST MLP, compiled with sgd, sparse categorical cross-entropy, accuracy.

    Flatten → Dense(300, relu) → Dense(100, relu) → Dense(10, softmax): 266,610
    parameters for 28×28 inputs.
    """
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Flatten(),
            keras.layers.Dense(300, activation="relu"),
            keras.layers.Dense(100, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="fashion_mlp",
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
