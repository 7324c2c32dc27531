"""Lifts the recursion limit and recurses until the interpreter's C stack overflows.

(Plain Python-to-Python calls no longer use the C stack in 3.11, so the recursion goes
through a builtin, as recursion through `map`, `sorted` or `__repr__` does in real code.)
"""

import sys


def dive(n):
    return 1 + max(map(dive, [n + 1]))


def overflow():
    sys.setrecursionlimit(10**9)
    return dive(0)


def fine():
    return 42
