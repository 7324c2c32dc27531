"""Grading on a Dask cluster: `--dask local` or `--dask tcp://scheduler:8786`.

Nothing is assumed about a shared filesystem. The assignment (its `assignment.toml` and tests,
plus any `--tests` folders) is packed once and broadcast to every worker; each submission's
bytes travel with its task and are written to a temporary file on the worker. Each Dask worker
process grades with the same sandbox as a local run: one warm `WorkerPool`, created on the
first task and cached in the process (`_GRADER`). Only `Results.to_dict()` comes back, and the
client writes the gradebook as results complete.

Workers need the same nngrade installed (`pip install nngrade[dask]`). The sandbox starts its
fork server with `subprocess`, so Dask's daemonic worker processes can run it as they are.
One thread per worker process is best (`--nthreads 1`); extra threads wait their turn,
because pytest and the grader's output capture are process-wide.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from nngrade.errors import NngradeError, os_reason
from nngrade.results import Note

from .inputs import MAX_FILE_BYTES, file_problem, too_large
from .runner import (
    Graded,
    GradingConfig,
    Job,
    JobResults,
    SlotGrader,
    error_job_results,
    forget_assignment,
)

if TYPE_CHECKING:  # Dask is an extra (`nngrade[dask]`): imported only to grade on it
    from distributed import Client, Future, LocalCluster, as_completed

RemoteResults: TypeAlias = tuple[Graded, float]
"""What a task returns from its worker: (results as data, retry and code cells; seconds)."""


MAX_BUNDLE_BYTES = 200 * 1024 * 1024
IN_FLIGHT_PER_WORKER = 4
"""Tasks submitted ahead per worker: enough to keep workers busy, without holding a whole
MOOC's files in the client's memory at once."""

# -- on the worker --------------------------------------------------------------------------

_LOCK = threading.Lock()


@dataclass
class _WorkerGrader:
    """The one grader of this worker process, for one run's assignment and settings."""

    key: str
    """A fingerprint of the assignment bundle, the seed and the language."""
    grader: SlotGrader
    folder: Path
    """Where the bundle was unpacked."""


_GRADER: list[_WorkerGrader] = []
"""This worker process's grader (none before its first task)."""


def grade_remote(
    filename: str,
    payload: bytes,
    label: str,
    student: str,
    sha256: str,
    config: GradingConfig,
    bundle: bytes,
) -> RemoteResults:
    """Grade one submission on a Dask worker: returns (what it made of it, seconds)."""
    from nngrade.sandbox.policy import require

    require("this Dask worker", allow_unconfined=config.allow_unconfined)
    with _LOCK:  # pytest and the output capture are process-wide: one grading at a time
        grader = _grader(config, bundle)
        grader.warm()  # the first task warms the pool and the tests up: not this submission's time
        started = time.perf_counter()
        folder = Path(tempfile.mkdtemp(prefix="nngrade-sub-"))
        try:
            path = folder / Path(filename).name
            path.write_bytes(payload)
            graded = grader.grade_file(str(path), label=label, student=student, sha256=sha256)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return graded, time.perf_counter() - started


def _confinement_problem() -> str | None:
    """Run on each Dask worker: why it cannot confine students' code (None if it can, or if
    the worker's owner allowed it with NNGRADE_ALLOW_UNCONFINED=1)."""
    from nngrade import settings
    from nngrade.sandbox.policy import problem

    return None if settings.ALLOW_UNCONFINED.get() else problem()


def _grader(config: GradingConfig, bundle: bytes) -> SlotGrader:
    """This process's grader for this run's assignment, unpacked once and kept warm."""
    key = hashlib.sha256(bundle + repr((config.seed, config.lang)).encode()).hexdigest()
    if not _GRADER or _GRADER[0].key != key:
        _drop_grader()
        folder = Path(tempfile.mkdtemp(prefix="nngrade-assignment-"))
        local = unpack_assignment(bundle, folder, config)
        _GRADER.append(_WorkerGrader(key, SlotGrader(local), folder))
    return _GRADER[0].grader


def _drop_grader() -> None:
    while _GRADER:
        kept = _GRADER.pop()
        kept.grader.close()
        forget_assignment(kept.grader.config.assignment_dir)
        shutil.rmtree(kept.folder, ignore_errors=True)


atexit.register(_drop_grader)


# -- the assignment bundle ------------------------------------------------------------------


def pack_assignment(config: GradingConfig) -> bytes:
    """The assignment folder and the `--tests` folders as one zip, for the workers."""
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for prefix, folder in [("assignment", config.assignment_dir)] + [
            (f"tests{i}", d) for i, d in enumerate(config.hidden_dirs)
        ]:
            root = Path(folder)
            for path in sorted(root.rglob("*")):
                parts = path.relative_to(root).parts
                if not path.is_file() or any(
                    p.startswith(".") or p == "__pycache__" for p in parts
                ):
                    continue
                total += path.stat().st_size
                if total > MAX_BUNDLE_BYTES:
                    raise NngradeError(
                        "batch_error.dask_bundle_too_big", path=root, mb=MAX_BUNDLE_BYTES // 2**20
                    )
                archive.write(path, "/".join((prefix, *parts)))
    return buffer.getvalue()


def unpack_assignment(bundle: bytes, folder: Path, config: GradingConfig) -> GradingConfig:
    """Unpack a bundle made by `pack_assignment`; returns the config with the local folders."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        for name in archive.namelist():
            parts = name.split("/")
            if name.startswith("/") or ".." in parts:  # the client made it, but stay safe
                continue
            target = folder.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
    hidden = tuple(str(folder / f"tests{i}") for i in range(len(config.hidden_dirs)))
    for d in hidden:
        os.makedirs(d, exist_ok=True)  # an empty --tests folder packs to nothing
    return replace(config, assignment_dir=str(folder / "assignment"), hidden_dirs=hidden)


# -- on the client --------------------------------------------------------------------------


class DaskRunner:
    """Grades jobs on a Dask cluster; `run()` yields the JobResults of each job as it completes."""

    def __init__(self, config: GradingConfig, address: str, workers: int) -> None:
        self.config = config
        self.address = address
        self.workers = max(1, workers)

    def _connect(self) -> tuple[Client, LocalCluster | None]:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise NngradeError("batch_error.dask_needs_dask_pip") from None
        import logging

        cluster = None
        try:
            if self.address == "local":
                cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                return Client(cluster), cluster
            # How long to try: Dask's own setting, distributed.comm.timeouts.connect
            # (DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s).
            return Client(self.address), None
        except (OSError, TimeoutError, ValueError) as exc:
            if cluster is not None:
                cluster.close()
            raise NngradeError(
                "batch_error.cannot_reach_dask_scheduler", address=self.address, why=str(exc)
            ) from None

    def _check_confinement(self, client: Client) -> None:
        """Refuse, before sending anything, when a worker cannot confine students' code."""
        from nngrade.sandbox.policy import fix_note

        problems = {w: p for w, p in client.run(_confinement_problem).items() if p}
        if problems and not self.config.allow_unconfined:
            worker, problem = sorted(problems.items())[0]
            raise NngradeError(
                "confinement.dask_refused",
                worker=worker,
                problem=problem,
                n=len(problems),
                fix=fix_note(),
            )

    def run(self, jobs: Sequence[Job]) -> Generator[JobResults, None, None]:
        """Submit the jobs a few per worker ahead, and yield the results of each as it completes."""
        from distributed import as_completed

        client, cluster = self._connect()
        try:
            self._check_confinement(client)
            bundle = client.scatter(pack_assignment(self.config), broadcast=True)
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            queue = list(reversed(jobs))
            futures: dict[Future[RemoteResults], Job] = {}
            waiting = as_completed()
            for _ in range(workers * IN_FLIGHT_PER_WORKER):
                yield from self._submit(client, queue, bundle, futures, waiting)
            for future in waiting:
                job = futures.pop(future)
                try:
                    graded, duration = future.result()
                except Exception as exc:  # the task's worker died, or the task was lost
                    reason = Note("grade.dask_died", {"error": f"{type(exc).__name__}: {exc}"})
                    yield error_job_results(job, self.config, reason, status="error", duration=0.0)
                else:
                    yield JobResults(job, graded.data, duration, graded.retry, graded.cells)
                future.release()
                yield from self._submit(client, queue, bundle, futures, waiting)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _submit(
        self,
        client: Client,
        queue: list[Job],
        bundle: Future[bytes],
        futures: dict[Future[RemoteResults], Job],
        waiting: as_completed,
    ) -> Iterator[JobResults]:
        """Submit the next job (an unreadable or oversized file gets its results at once)."""
        while queue:
            job = queue.pop()
            try:
                payload = Path(job.path).read_bytes()
            except OSError as exc:
                reason = file_problem(job.label, "unreadable", why=os_reason(exc))
                yield error_job_results(job, self.config, reason, status="error", duration=0.0)
                continue
            if len(payload) > MAX_FILE_BYTES:
                reason = too_large(job.label, len(payload))
                yield error_job_results(job, self.config, reason, status="error", duration=0.0)
                continue
            future = client.submit(
                grade_remote,
                Path(job.path).name,
                payload,
                job.label,
                job.student,
                job.sha256,
                self.config,
                bundle,
                key=f"nngrade-{job.index}-{job.sha256[:12]}-{time.time_ns()}",
                pure=False,
            )
            futures[future] = job
            waiting.add(future)
            return
