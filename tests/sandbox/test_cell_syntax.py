"""A cell that is not Python reads the same in a worker without IPython as with it.

The worker compiles each cell as Python first and asks IPython (0.35 s to import) only for
what IPython may read differently (`inside/magics.ipython_may_read`). A student's own
SyntaxError must then say exactly what IPython's shell made of it: the same error, line and
text, including an indentation error that IPython's tokenizer finds before the compiler.
"""

from __future__ import annotations

import builtins
import traceback
import types

import pytest

from nngrade.sandbox.inside import magics

NOT_PYTHON = {
    "missing colon": ("def tanh(x)\n    return np.tanh(x)", False),
    "unclosed bracket": ("x = np.array([1, 2\ny = 3", False),
    "python 2 print": ("import numpy as np\nprint 'loss', 0.5", False),
    "unindent that matches nothing": ("def loss(y, t):\n    while T\n  ze:\n        pass", False),
    "one line (automagic)": ("pip install numpy", True),
    "help": ("import numpy as np\nnp.sum?", True),
    "prompt": (">>> x = 1\n>>> y = 2 +", True),
    "first line indented": ("    x = 1\n    y = (", True),
    "assigned shell": ("import os\nfiles = !ls", True),
}


def _outcome(syntax: magics.Syntax, source: str) -> tuple[object, ...]:
    try:
        _, prepared = syntax.prepare(source, 3, "<cell 3>")
        return ("ran", prepared.source, [str(n) for n in prepared.notes])
    except SyntaxError as e:
        return (type(e).__name__, e.msg, e.lineno, e.offset, e.filename,
                "".join(traceback.format_exception_only(type(e), e)))  # fmt: skip


def _module() -> types.ModuleType:
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    return module


@pytest.mark.parametrize("name", NOT_PYTHON)
def test_a_cell_that_is_not_python_reads_the_same_without_ipython(name):
    source, needs_ipython = NOT_PYTHON[name]
    module = _module()
    with_ipython = magics.Syntax(module, magics.make_shell(module))
    asked = []

    class WithoutIPython(magics.Syntax):
        def ensure_shell(self):
            asked.append(source)
            return with_ipython.shell

    assert _outcome(WithoutIPython(_module()), source) == _outcome(with_ipython, source)
    assert bool(asked) is needs_ipython
