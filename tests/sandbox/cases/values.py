"""Honest functions for the round-trip and mutation tests."""

import numpy as np


def identity(*args, **kwargs):
    return args if not kwargs else (args, kwargs)


def echo(x):
    return x


def scalars():
    return (np.float32(1.5), np.int8(-3), np.bool_(True), np.complex128(1 - 2j), 7, 2.5, True, None)


def specials():
    return [float("nan"), float("inf"), -float("inf"), -0.0, 10**30, "naïve ✓"]


def nested():
    return {
        "a": (1, [2.0, (3, "x")]),
        "b": {"c": np.arange(4, dtype=np.uint16).reshape(2, 2)},
        "list": [],
        "tuple": (),
    }


def scale_in_place(a, factor=2.0):
    a *= factor
    return None


def append_to(items, value):
    items.append(value)
    return len(items)


def pure(a, b):
    return a + b


def mutate_kwarg(*, w):
    w[0, 0] = -1.0
    return w.sum()


def gradient_descent(grad, start, rate, steps):
    x = start
    for _ in range(steps):
        x = x - rate * grad(x)
    return x


def apply_gradient(grad, x):
    return grad(x)


def shout(text):
    print(text.upper())
    return len(text)


def returns_function():
    return echo


def returns_set():
    return {1, 2}


def returns_object_array():
    return np.array([1, "a"], dtype=object)


def returns_str_array():
    return np.array(["a", "b"])


counter = 0


def count():
    global counter
    counter += 1
    return counter


LEARNING_RATE = 0.1
WEIGHTS = np.eye(3, dtype=np.float32)


def loaded_modules():
    import sys

    return sorted(sys.modules)
