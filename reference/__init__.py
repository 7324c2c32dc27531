"""nngrade.reference: the oracles that students' answers are compared with.

One module per topic of the course (the seeds in ``shared/seeds``)::

    activations  step, sigmoid, tanh, relu, leaky_relu, elu, softmax, softplus, maxout,
                 and their derivatives
    losses       half_sse (chapter 6's E), mse, rmse, cross-entropies, L1/L2 penalties
    optim        gradient descent and the seed's trajectory, the x² + y² bowl
    mlp          chapter 6's two-layer sigmoid MLP: predict, gradients, backprop, fit
    perceptron   logic gates, the hand-made XOR network, parameter counting
    regression   least squares, R², gradient-descent regression
    gradcheck    finite-difference gradient checking
    keras_models the seeds' Keras models (import it explicitly; it needs TensorFlow)

Everything imported here needs NumPy only, so ``import nngrade.reference`` stays fast.
``keras_models`` is left out on purpose: ``from nngrade.reference import keras_models``
is cheap too (Keras is imported only when a model is built), but the builders need the
``keras`` extra. Nothing here imports anything else from ``nngrade``.
"""

from . import activations, gradcheck, losses, mlp, optim, perceptron, regression

__all__ = ["activations", "gradcheck", "losses", "mlp", "optim", "perceptron", "regression"]
