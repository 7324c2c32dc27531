"""gradient_descent: the list of x after each step (x0 not included)."""

from nngrade.protocol import Polynomial
from nngrade.testing import check, task


@task("gradient_descent", points=0.5)
def test_trajectory_of_the_lecture_example(student, ref):
    gradient = Polynomial([2.0, -6.0])  # 2x − 6, the gradient of (x − 3)² + 10
    got = student.gradient_descent(gradient, 10.0, 0.2, 100)
    want = ref.optim.gradient_descent(lambda x: 2 * x - 6, 10.0, 0.2, 100)
    check.sequence(got, want, what="gradient_descent(2x − 6, 10, 0.2, 100)")


@task("gradient_descent", points=0.5)
def test_trajectory_for_another_gradient(student, ref, rng):
    a, b = float(rng.uniform(1, 4)), float(rng.uniform(-5, 5))
    x0, lr, steps = float(rng.uniform(-10, 10)), 0.1, 7
    got = student.gradient_descent(Polynomial([a, b]), x0, lr, steps)
    want = ref.optim.gradient_descent(lambda x: a * x + b, x0, lr, steps)
    what = f"gradient_descent({a:.3g}x + {b:.3g}, {x0:.3g}, {lr}, {steps})"
    check.sequence(got, want, what=what)
