"""The gradient-descent assignment's hidden tests: runs a student cannot see, drawn from the
run's seeded `rng`, so an answer that only reproduces the visible cases earns nothing here.
Never shipped to students; shown as a count."""

import numpy as np

from nngrade.protocol import Affine, Polynomial
from nngrade.testing import check, task


@task("trajectory", points=0.5)
def test_hidden_trajectories_for_unseen_gradients(student, ref, rng):
    a, b = float(rng.uniform(0.5, 4)), float(rng.uniform(-9, 9))
    x0, lr, steps = (
        float(rng.uniform(-30, 30)),
        float(rng.uniform(0.02, 0.4)),
        int(rng.integers(3, 16)),
    )
    got = student.gradient_descent(Polynomial([a, b]), x0, lr, steps)
    want = ref.optim.gradient_descent(lambda x: a * x + b, x0, lr, steps)
    check.sequence(got, want, what="gradient_descent")
    A, c = np.diag(rng.uniform(0.5, 3, size=3)), rng.normal(size=3)
    x0 = rng.normal(scale=5, size=3)
    got = student.gradient_descent(Affine(A, c), x0, 0.1, 6)
    want = ref.optim.gradient_descent(lambda x: A @ x + c, x0, 0.1, 6)
    check.close(got, np.array(want), what="gradient_descent (3-D)")


@task("precision", points=0.5)
def test_hidden_precision_stops_at_an_unseen_step(student, ref, rng):
    # For the gradient a·x + b the steps shrink by r = 1 − lr·a each time: |s_k| = |s_0|·r^k.
    # The precision is set so that step k is 0.7 × precision and step k − 1 at least 1.4 ×,
    # far from the rounding that tells |x_new − x| from |lr·gradient(x)|.
    a, b = float(rng.uniform(1, 3)), float(rng.uniform(-5, 5))
    r = float(rng.uniform(0.3, 0.5))
    lr = (1 - r) / a
    x0 = -b / a + float(rng.choice([-1, 1]) * rng.uniform(2, 20))
    k = int(rng.integers(4, 13))
    step_k = lr * abs(a * x0 + b) * r**k
    precision = step_k / 0.7
    got = student.gradient_descent_precision(Polynomial([a, b]), x0, lr, precision, 100)
    want = ref.optim.gradient_descent_with_precision(lambda x: a * x + b, x0, lr, precision, 100)
    check.sequence(got, want, what="gradient_descent_precision")
