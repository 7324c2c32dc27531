"""The worker's bounded Keras `fit` and its offline `keras.datasets` (issue 21, part A)."""

from __future__ import annotations

import importlib
import importlib.util
import types

import numpy as np
import pytest

from nngrade.sandbox.inside import training


def test_the_offline_mnist_has_mnists_layout_and_every_digit():
    (x, y), (xt, yt) = training.stand_in(seed=0)
    assert (x.shape, x.dtype, y.shape, y.dtype) == ((6000, 28, 28), np.uint8, (6000,), np.uint8)
    assert (xt.shape, yt.shape) == ((1000, 28, 28), (1000,))
    assert set(np.unique(y)) == set(range(10)) and x.max() > 200 and x.min() == 0
    again = training.stand_in(seed=0)
    assert np.array_equal(again[0][0], x)  # the same images every run


def test_load_data_is_replaced_and_says_so_once():
    module = types.ModuleType("keras.src.datasets.fashion_mnist")
    module.load_data = lambda: pytest.fail("the network was asked")
    t = training.Training(lambda: ("<cell 3>", 2))
    t.install_dataset(module)
    (x, _), _ = module.load_data()
    module.load_data()
    x[:] = 0  # a student's change does not reach the next load
    assert module.load_data()[0][0].max() > 0
    assert t.take_notes() == [
        {"line": 2, "code": "fashion_mnist.load_data()", "why": training.DATASET_NOTE}
    ]


@pytest.mark.tensorflow
@pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs the keras extra")
def test_a_students_fit_runs_at_most_the_bounded_epochs_and_steps():
    import keras

    t = training.Training(lambda: None)
    t.install_fit(importlib.import_module(training.KERAS_MODEL_MODULE))
    try:
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        model.compile(loss="mse", optimizer="sgd")
        x, y = np.zeros((4, 2)), np.zeros((4, 1))
        history = model.fit(x, y, batch_size=1, epochs=10000)
        assert len(history.epoch) == training.FIT_EPOCHS
        history = model.fit(np.zeros((1000, 2)), np.zeros((1000, 1)), 1, 3)
        assert len(history.epoch) == training.FIT_EPOCHS
        assert history.params["steps"] == training.FIT_STEPS
        assert t.take_notes()[0]["code"] == "fit(..., epochs=10000)"
    finally:  # this process's Keras as it was: fit inherited from the backend's trainer
        del keras.src.models.model.Model.fit
