"""The limits a sandbox applies to student code, and how the worker applies its share of them.

The time limits (`notebook_timeout`, `cell_timeout`, `call_timeout`) count *work* seconds, so
that a grade does not depend on how busy the machine is: the CPU time the worker used, plus
the time it slept without using any (see `worktime`). The grader measures and enforces them
from its side and kills the worker's process tree past a limit; a wall-clock backstop of
`wall_factor` times the limit (plus 5 s) ends a request the machine was too busy to finish. Resource limits are rlimits set in the worker before any
student code runs (POSIX only; Windows gets the wall-clock limits and the kill): the worker
gets these limits as a dict (`to_dict`), and `inside/rlimits.py` sets them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Limits:
    """What one submission may use. The defaults suit the NumPy assignments."""

    notebook_timeout: float = 60.0
    """Work seconds for all the notebook's cells together (re-running cells after a restart is
    extra)."""
    cell_timeout: float = 30.0
    """Work seconds for one cell (one top-level statement of a module); a cell stopped here is
    reported and the later cells still run."""
    call_timeout: float = 10.0
    """Work seconds for one call of a student function (or one `get`, or building a Keras model)."""
    wall_factor: float = 3.0
    """The wall-clock backstop: a request may take `wall_factor` × its work limit + 5 s of wall
    time, however little work it did in that time."""
    memory_mb: int = 2048
    """Address space (RLIMIT_AS). TensorFlow needs about 3 GB of it just to import and train."""
    cpu_seconds: int = 300
    """CPU time for one worker process (RLIMIT_CPU), over the notebook and all calls."""
    max_processes: int = 64
    """Processes and threads (RLIMIT_NPROC) when the worker runs as its own user (as root)."""
    max_file_mb: int = 64
    """Largest file the worker may write (RLIMIT_FSIZE)."""
    max_open_files: int = 256
    max_output_bytes: int = 64 * 1024
    """Captured stdout (and stderr) kept per cell or call; the rest is counted, not kept."""
    max_restarts: int = 3
    """Times the worker may be started again after a crash or a timeout, in all."""
    serving_seconds: float = 10.0
    test_wall_seconds: float = 120.0
    """Wall seconds for all the requests of one test together (issue 20): however its calls
    spend their time, a test ends within this, reported as a `wall_clock` limit."""
    """CPU seconds the grader may spend in one test serving its trusted functions to the
    student's code (issue 20): charged to neither of the student's clocks, but bounded (CPU,
    like the work limits, so that a busy machine does not change the verdict)."""

    @classmethod
    def for_tensorflow(cls) -> Limits:
        """Limits for an assignment that imports TensorFlow (about 3 s and 3 GB of address space)."""
        return cls(
            notebook_timeout=300.0,
            cell_timeout=180.0,
            call_timeout=120.0,
            memory_mb=8192,
            cpu_seconds=1200,
            max_processes=512,
            max_file_mb=512,
            max_open_files=2048,
            test_wall_seconds=600.0,
        )

    def replace(self, **changes: Any) -> Limits:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
