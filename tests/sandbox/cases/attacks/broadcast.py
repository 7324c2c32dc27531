"""Attack: shapes that make the grader's own oracles broadcast to gigabytes.

Each function returns arrays of shape (K, 1, 1): against an expected (1, N) or (N,) value the
grader would compute with K x N elements.
"""

import numpy as np

K = 200_000


def _big(*_args, **_kwargs):
    return np.zeros((K, 1, 1))


def backprop_step(x, t, W1, B1, W2, B2, lr):
    return _big(), _big(), _big(), _big()


def fit(X, T, W1, B1, W2, B2, lr, epochs):
    return _big(), _big(), _big(), _big()


def predict(x, W1, B1, W2, B2):
    return _big(), _big(), _big()


step = sigmoid = tanh = relu = sigmoid_deriv = loss = gradient_descent = _big
