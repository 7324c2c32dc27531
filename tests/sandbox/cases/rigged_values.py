"""Values built to fool a grader that compares inside the student's process."""

import numpy as np


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __array__(self, dtype=None, copy=None):
        return np.array([0.5, 0.5])


class Sneaky(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __array_function__(self, func, types, args, kwargs):
        return True


class SneakyFloat(float):
    def __eq__(self, other):
        return True


def sigmoid_eq(x):
    return AlwaysEqual()


def sigmoid_subclass(x):
    return np.zeros(3).view(Sneaky)


def sigmoid_float(x):
    return SneakyFloat(0.25)


def sigmoid_list(x):
    return [AlwaysEqual()]


def huge():
    return np.broadcast_to(np.float64(1.0), (10**9,))


def huge_bool():
    return np.zeros(10**9, dtype=bool)


def deep():
    value = []
    for _ in range(100):
        value = [value]
    return value
