import numpy as np


def step(x):
    return (x > 0) * 1.0


THRESHOLD = 0.5
