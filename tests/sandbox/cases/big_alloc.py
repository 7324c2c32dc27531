"""Asks for 50 GB, at top level and in a function."""

import numpy as np

try:
    hog = np.ones(50 * 2**30, dtype=np.uint8)
except MemoryError as e:
    top_level_error = str(e)


def allocate():
    block = np.ones(50 * 2**30, dtype=np.uint8)
    return block.sum()


def alive():
    return "still here"
