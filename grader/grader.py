"""`Grader`: one assignment's warm grading resources, owned in one place.

Grading a submission needs two things that are slow to make and can be used again: the
sandbox its code runs in (with a pool, warm fork servers that have NumPy, IPython and
matplotlib imported) and the assignment's tests collected in an open pytest session
(`harness.TestHarness`). A `Grader` holds both for one assignment and its hidden tests;
`engine.grade(submission, grader)` grades one submission with them, and closing the grader
ends them.

`nngrade submit` makes a grader for its one submission: no pool (its sandbox starts a fork
server of its own), and the tests are collected only when `engine.grade` asks for them, after
the sandbox has started, so pytest loads while the notebook runs. A batch slot
(`batch.runner.SlotGrader`, the Dask workers, the Gradescope autograder through `submit`)
keeps one grader, with a pool of one, for every submission it grades.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from .assignment import Assignment
from .errors import UsageError

if TYPE_CHECKING:  # both are imported when first used: `nngrade submit` start-up is measured
    from .harness import TestHarness
    from .sandbox import Limits, Sandbox, WorkerPool
    from .sandbox.process import ForkServerHandle, SpawnServer
    from .submission import Submission


def sandbox_limits(assignment: Assignment) -> Limits:
    """The sandbox limits: nngrade's defaults (TensorFlow's, where the assignment needs it)
    with the assignment's own overrides."""
    from .sandbox import Limits

    base = Limits.for_tensorflow() if assignment.needs_tensorflow else Limits()
    names = {f.name for f in fields(Limits)}
    overrides: dict[str, float] = {}
    for key, value in assignment.limits.items():
        if key not in names:
            raise UsageError("batch_error.unknown_limit", path=assignment.path, key=key)
        current = getattr(base, key)
        overrides[key] = type(current)(value) if current is not None else value
    return base.replace(**overrides)


def hidden_test_dirs(folders: Sequence[Path | str]) -> tuple[Path, ...]:
    """An instructor's `--tests` folders, resolved; a `UsageError` for one that is not a folder."""
    hidden = tuple(Path(d).resolve() for d in folders)
    for d in hidden:
        if not d.is_dir():
            raise UsageError("batch_error.tests_not_folder", path=d)
    return hidden


class Grader:
    """The sandbox pool and the pytest harness of one assignment (and its hidden tests).

    pool: how many warm fork servers to keep (0: each sandbox starts its own, as a single
    `nngrade submit` does best). server: without a pool, a fork server already started
    (`sandbox.process.cold_server()`) for the first sandbox, which then owns it; closed with
    the grader if no sandbox took it. Use as a context manager, or call `close()`.
    """

    def __init__(
        self,
        assignment: Assignment,
        hidden_tests: Sequence[Path | str] = (),
        pool: int = 0,
        *,
        server: ForkServerHandle | SpawnServer | None = None,
    ) -> None:
        self._server = server
        self.assignment = assignment
        self.hidden_dirs = hidden_test_dirs(hidden_tests)
        self.limits = sandbox_limits(assignment)
        self.pool_size = pool
        self._pool: WorkerPool | None = None
        self._pool_ready = False
        self._harness: TestHarness | None = None
        self._closed = False
        # Root without bubblewrap: workers run as their own uid, which must not read the hidden
        # tests or the solution (issue 22).
        from .sandbox import uidjail

        self._sealed = uidjail.seal_assignment(assignment, self.hidden_dirs)

    def warm(self) -> None:
        """Start the pool and collect the tests now, rather than with the first submission
        (a batch slot's first submission then takes as long as any other)."""
        # The fork server is launched first and boots (NumPy, IPython, matplotlib) while this
        # process imports pytest and its thread collects the tests (issue 23: one after the
        # other, a slot's start-up was the sum of the two).
        self._worker_pool(wait=False)
        _ = self.harness
        self._worker_pool()

    def sandbox(self, submission: Submission) -> Sandbox:
        """A sandbox for `submission` under the assignment's limits, started: its worker runs
        the cells in the background."""
        from .sandbox import Sandbox  # light: the worker, not this process, imports NumPy

        pool = self._worker_pool()
        server, self._server = (self._server, None) if pool is None else (None, self._server)
        return Sandbox(submission, limits=self.limits, pool=pool, server=server).start()

    @property
    def harness(self) -> TestHarness:
        """The assignment's tests, collected once. A test that ended its pytest session
        (`pytest.exit`) failed only the submission it graded: the next one gets a new session."""
        if self._closed:
            raise RuntimeError("the grader is closed")
        if self._harness is None or not self._harness.alive:
            from .harness import TestHarness  # imports pytest

            if self._harness is not None:
                self._harness.close()
            self._harness = TestHarness(self.assignment, self.hidden_dirs)
        return self._harness

    def _worker_pool(self, *, wait: bool = True) -> WorkerPool | None:
        """The pool, started if need be; `wait`: once its fork servers have finished importing."""
        if self._closed:
            raise RuntimeError("the grader is closed")
        if self._pool is None and self.pool_size > 0:
            from .sandbox import WorkerPool
            from .sandbox.pool import GRADING_PRELOAD

            # TensorFlow is never preloaded (forking after importing it is unsafe): a Keras
            # notebook imports it in its own worker. The limits travel with each fork.
            self._pool = WorkerPool(self.pool_size, GRADING_PRELOAD)
            self._pool_ready = False
        if wait and self._pool is not None and not self._pool_ready:
            self._pool.wait_ready()
            self._pool_ready = True
        return self._pool

    def close(self) -> None:
        """End the pytest session and stop the pool's fork servers (and so every worker)."""
        self._closed = True
        harness, pool, self._harness, self._pool = self._harness, self._pool, None, None
        server, self._server = self._server, None
        try:
            if harness is not None:
                harness.close()
        finally:
            if server is not None:
                from .sandbox.process import discard_server

                discard_server(server)
            if pool is not None:
                pool.close()
            from .sandbox import uidjail

            uidjail.release(self._sealed)
            self._sealed = []

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
