# Issue 21: students' classes. Methods read attributes of self; an instance exists for Model.
import numpy as np


class Model:
    def __init__(self, scale):
        self.W = np.array([1.0, 2.0])
        self.scale = scale

    def forward(self, x):
        return self.scale * (x @ self.W)

    def fit(self, x, y):
        self.slope = float(np.sum(x * y) / np.sum(x * x))
        self.intercept_ = 0.5
        return self


class Fresh:
    def __init__(self):
        self.count = 0

    def bump(self):
        self.count += 1
        return self.count


class Gate:
    def __init__(self, theta):
        self.theta = theta

    def output(self, x1, x2):
        return 1 if x1 + x2 > self.theta else 0

    def describe(self):
        return self.theta


model = Model(10.0)
AND = Gate(1.5)
