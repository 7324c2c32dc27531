"""The oracles against TensorFlow / Keras on random inputs, and the seeds' Keras models.

All TensorFlow comparisons live in this one module so TensorFlow is imported once
(about 3 s). Comparisons run in float64 wherever TensorFlow allows it, so the
tolerances are tight.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from nngrade.reference import activations as act
from nngrade.reference import keras_models, losses, mlp

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is first imported

pytestmark = pytest.mark.tensorflow

SHAPES = [(7,), (3, 5), (2, 3, 4)]
TIGHT = {"rtol": 1e-12, "atol": 1e-14}


@pytest.fixture(scope="module")
def tf():
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def keras(tf):
    return pytest.importorskip("keras")


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(2021)


def random_input(rng, shape):
    # Wide range, so both tails and the middle of each function are exercised.
    return rng.normal(scale=4.0, size=shape)


# ------------------------------------------------------------------------ activations


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_activations_match_tf_nn(tf, shape, rng):
    x = random_input(rng, shape)
    pairs = [
        (act.sigmoid(x), tf.math.sigmoid(x)),
        (act.tanh(x), tf.math.tanh(x)),
        (act.relu(x), tf.nn.relu(x)),
        (act.leaky_relu(x, slope=0.125), tf.nn.leaky_relu(x, alpha=0.125)),
        (act.leaky_relu(x, slope=0.25), tf.nn.leaky_relu(x, alpha=0.25)),
        (act.elu(x), tf.nn.elu(x)),
        (act.softplus(x), tf.nn.softplus(x)),
    ]
    for ours, theirs in pairs:
        assert np.allclose(ours, theirs.numpy(), **TIGHT)


def test_leaky_relu_with_seed_slope_matches_tf_to_float32_slope(tf, rng):
    # TensorFlow stores the slope as a float32 attribute, so 0.1 becomes 0.100000001:
    # the tight comparisons above use slopes that float32 represents exactly.
    x = random_input(rng, (50,))
    assert np.allclose(act.leaky_relu(x), tf.nn.leaky_relu(x, alpha=0.1).numpy(), rtol=1e-7, atol=0)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_activations_match_keras_activations(keras, shape, rng):
    x = random_input(rng, shape)
    K = keras.activations
    pairs = [
        (act.sigmoid(x), K.sigmoid(x)),
        (act.tanh(x), K.tanh(x)),
        (act.relu(x), K.relu(x)),
        (act.leaky_relu(x, slope=0.125), K.leaky_relu(x, negative_slope=0.125)),
        (act.elu(x, alpha=1.0), K.elu(x, alpha=1.0)),
        (act.elu(x, alpha=0.5), K.elu(x, alpha=0.5)),
        (act.softplus(x), K.softplus(x)),
    ]
    for ours, theirs in pairs:
        assert np.allclose(ours, np.asarray(theirs), **TIGHT)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_softmax_matches_tf_and_keras_along_every_axis(tf, keras, shape, rng):
    x = random_input(rng, shape)
    for axis in range(-1, len(shape)):
        ours = act.softmax(x, axis=axis)
        assert np.allclose(ours, tf.nn.softmax(x, axis=axis).numpy(), **TIGHT)
        assert np.allclose(ours, np.asarray(keras.activations.softmax(x, axis=axis)), **TIGHT)


DERIVATIVES = [
    ("sigmoid", act.sigmoid_grad, lambda tf, v: tf.math.sigmoid(v)),
    ("tanh", act.tanh_deriv, lambda tf, v: tf.math.tanh(v)),
    ("relu", act.relu_deriv, lambda tf, v: tf.nn.relu(v)),
    (
        "leaky_relu",
        lambda x: act.leaky_relu_deriv(x, 0.25),
        lambda tf, v: tf.nn.leaky_relu(v, 0.25),
    ),
    ("elu", act.elu_deriv, lambda tf, v: tf.nn.elu(v)),
    ("softplus", act.softplus_deriv, lambda tf, v: tf.nn.softplus(v)),
]


@pytest.mark.parametrize(("name", "deriv", "tf_fn"), DERIVATIVES, ids=[d[0] for d in DERIVATIVES])
def test_derivatives_match_gradient_tape_including_zero(tf, name, deriv, tf_fn, rng):
    x = np.concatenate([random_input(rng, (20,)), [0.0]])  # 0: the kink convention too
    v = tf.Variable(x)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(tf_fn(tf, v))
    assert np.allclose(deriv(x), tape.gradient(total, v).numpy(), **TIGHT)


# ----------------------------------------------------------------------------- losses


def keras_loss(keras, name, **kwargs):
    # dtype="float64": Keras would otherwise cast to float32, whose 1 - 1e-7 clip bound
    # differs from float64's.
    return getattr(keras.losses, name)(dtype="float64", **kwargs)


@pytest.mark.parametrize("shape", [(6, 1), (5, 3), (2, 3, 4)], ids=str)
def test_mse_matches_keras(keras, shape, rng):
    a, b = rng.normal(size=shape), rng.normal(size=shape)
    want = float(keras_loss(keras, "MeanSquaredError")(a, b))
    assert losses.mse(a, b) == pytest.approx(want, rel=1e-12)
    assert losses.rmse(a, b) == pytest.approx(np.sqrt(want), rel=1e-12)


@pytest.mark.parametrize("shape", [(8, 1), (5, 3), (2, 3, 4)], ids=str)
def test_binary_crossentropy_matches_keras(keras, shape, rng):
    t = rng.integers(0, 2, size=shape).astype(float)
    p = rng.uniform(size=shape)
    p.flat[:3] = [0.0, 1.0, 1e-9]  # exercise the clipping
    bce = keras_loss(keras, "BinaryCrossentropy")
    assert losses.binary_crossentropy(t, p) == pytest.approx(float(bce(t, p)), rel=1e-12)
    soft = rng.uniform(size=shape)  # soft labels too
    assert losses.binary_crossentropy(soft, p) == pytest.approx(float(bce(soft, p)), rel=1e-12)
    z = rng.normal(scale=5, size=shape)
    bce_logits = keras_loss(keras, "BinaryCrossentropy", from_logits=True)
    assert losses.binary_crossentropy(t, z, from_logits=True) == pytest.approx(
        float(bce_logits(t, z)), rel=1e-12
    )


@pytest.mark.parametrize(("n", "k"), [(1, 2), (6, 3), (10, 10)])
def test_categorical_and_sparse_crossentropy_match_keras(keras, n, k, rng):
    labels = rng.integers(0, k, size=n)
    onehot = np.eye(k)[labels]
    logits = rng.normal(scale=3, size=(n, k))
    probs = act.softmax(logits)
    unnormalised = rng.uniform(0.1, 2.0, size=(n, k))

    cce = keras_loss(keras, "CategoricalCrossentropy")
    cce_logits = keras_loss(keras, "CategoricalCrossentropy", from_logits=True)
    scce = keras_loss(keras, "SparseCategoricalCrossentropy")
    scce_logits = keras_loss(keras, "SparseCategoricalCrossentropy", from_logits=True)

    assert losses.categorical_crossentropy(onehot, probs) == pytest.approx(
        float(cce(onehot, probs)), rel=1e-12
    )
    assert losses.categorical_crossentropy(onehot, unnormalised) == pytest.approx(
        float(cce(onehot, unnormalised)), rel=1e-12
    )
    assert losses.categorical_crossentropy(onehot, logits, from_logits=True) == pytest.approx(
        float(cce_logits(onehot, logits)), rel=1e-12
    )
    assert losses.sparse_categorical_crossentropy(labels, probs) == pytest.approx(
        float(scce(labels, probs)), rel=1e-12
    )
    assert losses.sparse_categorical_crossentropy(
        labels, logits, from_logits=True
    ) == pytest.approx(float(scce_logits(labels, logits)), rel=1e-12)


# ------------------------------------------------------------------- MLP backprop vs tape


@pytest.mark.parametrize(
    ("inputs", "hiddens", "outputs", "n"),
    [(2, 2, 1, 4), (3, 5, 2, 7), (8, 16, 4, 32), (5, 1, 3, 2)],
)
def test_mlp_gradients_match_gradient_tape(tf, inputs, hiddens, outputs, n, rng):
    x = rng.normal(size=(n, inputs))
    t = rng.uniform(size=(n, outputs))
    params = [
        rng.normal(size=(inputs, hiddens)),
        rng.normal(size=hiddens),
        rng.normal(size=(hiddens, outputs)),
        rng.normal(size=outputs),
    ]
    variables = [tf.Variable(p) for p in params]
    W1, B1, W2, B2 = variables
    with tf.GradientTape() as tape:
        layer1 = tf.math.sigmoid(tf.constant(x) @ W1 + B1)
        layer2 = tf.math.sigmoid(layer1 @ W2 + B2)
        E = 0.5 * tf.reduce_sum((layer2 - t) ** 2)
    want = tape.gradient(E, variables)

    _, _, ours_out = mlp.predict(x, *params)
    assert np.allclose(ours_out, layer2.numpy(), **TIGHT)
    assert mlp.loss(ours_out, t) == pytest.approx(float(E), rel=1e-12)
    for ours, theirs in zip(mlp.gradients(x, t, *params), want, strict=True):
        assert np.allclose(ours, theirs.numpy(), **TIGHT)


# ------------------------------------------------------------------------ keras models

MODELS = [
    (keras_models.xor_model, keras_models.XOR_SPEC),
    (keras_models.or_model, keras_models.OR_SPEC),
    (keras_models.mnist_mlp, keras_models.MNIST_SPEC),
    (keras_models.fashion_mlp, keras_models.FASHION_SPEC),
]


@pytest.mark.parametrize(("build", "spec"), MODELS, ids=[s.name for _, s in MODELS])
def test_seed_models_match_their_descriptions(keras, build, spec):
    model = build()
    assert model.count_params() == spec.param_count
    assert tuple(model.inputs[0].shape[1:]) == spec.input_shape
    assert keras_models.describe_layers(model) == list(spec.layers)
    settings = keras_models.describe_compile(model)
    assert settings["loss"] == spec.loss
    assert settings["optimizer"] == spec.optimizer
    assert settings["learning_rate"] == pytest.approx(spec.learning_rate, rel=1e-6)
    assert settings["metrics"] == spec.metrics


def test_seed_model_parameter_counts(keras):
    assert keras_models.xor_model().count_params() == 9
    assert keras_models.mnist_mlp().count_params() == 407_050
    assert keras_models.fashion_mlp().count_params() == 266_610


def test_mnist_mlp_accepts_another_input_shape(keras):
    model = keras_models.mnist_mlp(input_shape=(8, 8))
    assert model.count_params() == 64 * 512 + 512 + 512 * 10 + 10


def test_xor_model_forward_is_the_chapter_6_network(keras, rng):
    # A Keras Dense layer computes x @ kernel + bias: the same as mlp.predict.
    model = keras_models.xor_model()
    (W1, B1), (W2, B2) = (layer.get_weights() for layer in model.layers)
    x = rng.uniform(size=(4, 2)).astype("float32")
    _, _, want = mlp.predict(x, W1, B1, W2, B2)
    assert np.allclose(model.predict(x, verbose=0), want, rtol=1e-5, atol=1e-6)
