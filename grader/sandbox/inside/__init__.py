"""What runs inside the sandbox: the fork server (`zygote`), the worker, and what they use.

This folder is the untrusted side of the trust boundary, in code: every module here runs in
the fork server or in a worker, next to student code (`confine` runs on both sides). The fork
server loads these files by path under a private package name (never as `nngrade`), so they
import only the standard library, the libraries a notebook uses, each other, and the
data-only `nngrade.protocol` (as `from ... import protocol`). Nothing here imports the
grader's side (`nngrade.sandbox.session`, `pool`, `process`, ...), `nngrade.reference` or a
test: `tests/sandbox/test_layout.py` checks it. A new module dropped here is loaded in every
fork server without any list to edit.

This `__init__` is never run in the sandbox, and imports nothing.
"""
