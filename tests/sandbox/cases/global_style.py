"""The lecture's global style (issue 13): functions that read and write module globals."""
import numpy as np

W = np.array([1.0, 2.0])
b = 0.5
rate = 0.1


def forward(x):
    return np.dot(x, W) + b


def train():
    global W, b
    for i in range(90000):
        for x in [np.array([1.0, 0.0]), np.array([0.0, 1.0])]:
            W = W - rate * x
            b += rate


def train_while():
    global b
    i = 0
    while i < 3:
        b += 1
        i += 1


def uses_forward(x):
    return forward(x) * 2


def not_a_function_either(x, *rest):
    return x


def train_forward_twice():
    return forward(np.zeros(2)) + forward(np.ones(2))


def scaled(x, scale=2.0):
    return x * scale


def uses_scaled(x):
    return scaled(x)


def uses_scaled_every_way(x):
    return [scaled(x, 3.0), scaled(x, scale=4.0), scaled(x), scaled(x=x, scale=5.0)]


def scaled_by_keyword(x, *, scale=6.0):
    return x * scale


def uses_scaled_by_keyword(x):
    return [scaled_by_keyword(x), scaled_by_keyword(x, scale=7.0)]
