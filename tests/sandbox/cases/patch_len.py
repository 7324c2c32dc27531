# A submission that breaks `len` and `type` for everyone in its process: its own functions still
# run, and the worker, which swaps its own builtins in around every call (issue 23: with one
# update and a length check), must still read and send their answers.
import builtins

import numpy as np


def _broken(*args, **kwargs):
    raise RuntimeError("len is broken in this submission")


builtins.len = _broken
builtins.type = _broken


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def add_key(x):
    builtins.nngrade_extra = 1  # a name the worker's own builtins do not have
    return x * 2
