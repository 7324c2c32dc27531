"""trajectory: gradient_descent returns the list of x after each step (x0 not included)."""

import numpy as np

from nngrade.protocol import Affine, Polynomial
from nngrade.testing import check, task, text

SAME_ARRAY_EVERY_STEP = text(
    en="{call}: every entry of the list is the same array (the last x). `x -= ...` changes one array in place; write `x = x - learning_rate * gradient(x)` to make a new array at each step.",
    ko="{call}: 리스트의 모든 원소가 같은 배열(마지막 x)입니다. `x -= ...`는 배열 하나를 제자리에서 바꿉니다. 단계마다 새 배열이 생기도록 `x = x - learning_rate * gradient(x)`로 쓰세요.",
)


ARGS = ["gradient", "x0", "learning_rate", "max_iterations"]


HISTORY = ("history", "x_history", "xs", "x_list", "trajectory")
"""The names students give the list of x the lecture's loop prints (assignment.toml)."""


def check_lecture_loop(values, ref):
    """The lecture's top-level loop (`x = x - learning_rate * gradient(x)`, issue 21): the x it
    leaves, and its history when it keeps one, against the reference from its own settings."""
    check.that(
        np.ndim(values["x"]) == 0,
        text(
            en="`x` is not a number at the end of your code: later code reused the name `x` "
            "(the 2-D lab's `x = np.arange(...)`?). Write the descent as a function "
            "`gradient_descent(gradient, x0, learning_rate, max_iterations)`.",
            ko="코드가 끝났을 때 `x`가 숫자가 아닙니다: 뒤의 코드가 `x`라는 이름을 다시 썼습니다 "
            "(2차원 실습의 `x = np.arange(...)`?). 경사 하강법을 함수 "
            "`gradient_descent(gradient, x0, learning_rate, max_iterations)`로 쓰세요.",
        ),
    )
    x0 = float(values.get("x0", 10.0))
    lr = float(values.get("learning_rate", 0.2))
    steps = int(values.get("max_iterations", 100))
    want = ref.optim.gradient_descent(ref.optim.seed_gradient, x0, lr, steps)
    what = f"x = x - {lr:g} * gradient(x), {steps} times from {x0:g}"
    history = next((values[h] for h in HISTORY if h in values), None)
    if isinstance(history, (list, tuple)) and len(history) == len(want) + 1:
        history = history[1:]  # a history that starts with x0
    if history is not None:
        check.sequence(history, want, what=what)
    check.number(values["x"], want[-1], what=what, rtol=1e-9)


@task("trajectory", points=0.5)
def test_trajectory_of_the_lecture_example(student, ref):
    values = student.values("gradient_descent")
    if values is not None:  # the lecture's top-level loop
        check_lecture_loop(values, ref)
        return
    gradient = Polynomial([2.0, -6.0])  # 2x − 6, the gradient of (x − 3)² + 10
    got = student.gradient_descent(gradient, 10.0, 0.2, 100)
    want = ref.optim.gradient_descent(ref.optim.seed_gradient, 10.0, 0.2, 100)
    check.sequence(got, want, what="gradient_descent(2x − 6, 10, 0.2, 100)")


@task("trajectory", points=0.5)
def test_trajectory_for_another_gradient(student, ref, rng):
    a, b = float(rng.uniform(1, 4)), float(rng.uniform(-5, 5))
    x0, lr, steps = float(rng.uniform(-10, 10)), 0.1, 7
    got = student.gradient_descent(Polynomial([a, b]), x0, lr, steps)
    want = ref.optim.gradient_descent(lambda x: a * x + b, x0, lr, steps)
    gradient = f"{a:.3g}x {'−' if b < 0 else '+'} {abs(b):.3g}"
    check.sequence(got, want, what=f"gradient_descent({gradient}, {x0:.3g}, {lr}, {steps})")


def all_the_same(values):
    """True when a list holds one value many times: what `x -= ...` on an array gives."""
    try:
        rows = [np.asarray(v, dtype=float) for v in values]
    except (TypeError, ValueError):
        return False
    return len(rows) > 1 and all(np.array_equal(r, rows[0]) for r in rows)


@task("trajectory", points=0.5)
def test_descends_the_bowl_with_an_array_x0_left_unchanged(student, ref):
    """On x² + y² the gradient is (2x, 2y) = A·x with A = 2I, and x0 is an array."""
    A, b = 2.0 * np.eye(2), np.zeros(2)
    x0 = np.array([3.0, -4.0])
    what = "gradient_descent((2x, 2y), [3, -4], 0.1, 10)"
    call = student.call("gradient_descent", Affine(A, b), x0, 0.1, 10)
    if isinstance(call.value, (list, tuple)):
        check.that(not all_the_same(call.value), SAME_ARRAY_EVERY_STEP.format(call=what))
    want = ref.optim.gradient_descent(lambda x: A @ x + b, x0, 0.1, 10)
    check.close(call.value, np.array(want), what=what)
    check.unchanged(call, what="gradient_descent", arg_names=ARGS)
