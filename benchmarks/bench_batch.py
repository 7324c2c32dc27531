"""Batch grading throughput: `nngrade grade hw6 DIR -j 2` against an nbgrader-style baseline.

    python benchmarks/bench_batch.py --n 200            # the class size; prints a table
    python benchmarks/bench_batch.py --n 200 --json     # the figures as JSON
    python benchmarks/bench_batch.py --n 200 --rounds 1 # one round: a third of the time
    python benchmarks/bench_batch.py --n 200 --at-once 4  # -j 1 beside the floor, a core each
    python -c "from benchmarks.bench_batch import run; print(run(40))"

The class (in a temporary folder, GitHub Classroom layout `hw6-studentNNN/hw6.ipynb`) mixes,
in every 10 submissions: 4 correct (the solution), 3 buggy (the realistic mistakes of
tests/cli/fixtures), 1 slow (a longer training run: 7,000 more epochs, about 0.5 s of CPU),
1 crashing (`os._exit` in a cell, or a function that recurses forever), 1 malformed
(truncated JSON).

nngrade: the real CLI in a subprocess, `nngrade grade hw6 DIR -j 2 --out OUT --seed 1`, from
start-up to the last export (gradebook, grades.csv, feedback pages, summary.html), `--rounds`
times (3 by default), each into a new output folder and each between two measurements of the
floor (below): the overhead quoted is the median round's (see `run`). Both start cold: the
floor is timed from its lanes' start, each lane importing NumPy and matplotlib once, as each of
nngrade's slots does in its fork server (`run_floor`; the figure without the lanes' imports is
printed beside it).

Baseline, as nbgrader autograding does it: for each notebook, one after another, start a
python3 kernel with nbclient, execute every cell (errors allowed, as a student's notebook has
them), then execute one more cell that imports nngrade's oracles and compares the student's
step, sigmoid, tanh, relu, sigmoid_deriv, predict, loss, gradient_descent, backprop_step and
fit (3 epochs on random data, then 2000 epochs of XOR, as nngrade's tests do) on seeded
random inputs, and counts what matches. As nngrade's tests do, a check of backprop_step or
fit that fails is run again with the reference's version of each function it calls that
failed its own check (one bug costs one task): a grader that gives that credit runs the
student's code twice there, whatever it costs to call the reference. This baseline checks less than nngrade's tests (no
messages, no mutation or gradient checks, no sandbox) so it is if anything flattered. It runs
on a subset (`--baseline-n`, 20 by default) and its rate is per notebook, which is what an
nbgrader run over the whole class would get.

Peak memory: the largest sum of the resident memory of the process tree (the command and every
descendant), sampled every 0.1 s from /proc, beside nngrade's runs and the floor's alike;
and `ru_maxrss` of the largest child process.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HW6 = ROOT / "assignments" / "hw6"
MISTAKES = ROOT / "tests" / "cli" / "fixtures"
BUGGY = [
    "mistake_deriv_of_input.ipynb",
    "mistake_missing_bias.ipynb",
    "mistake_mean_loss.ipynb",
    "mistake_list_with_x0.ipynb",
    "mistake_syntax_error.ipynb",
]
SLOW_CELL = """# a longer training run, from the lecture's start
W1, B1, W2, B2 = fit(X, T, np.array([[0.10, 0.20], [0.30, 0.40]]), np.array([0.1, 0.2]),
                     np.array([[0.50], [0.60]]), np.array([0.3]), learning_rate=1.0, epochs=7000)
"""
TARGET_MS = 50
"""Issue 23's target: a notebook's own run time plus at most this much, in a class of 200."""
PATTERN = ["correct"] * 4 + ["buggy"] * 3 + ["slow", "crashing", "malformed"]


# -- the class --------------------------------------------------------------------------


def make_class(folder: Path, n: int) -> dict[str, int]:
    """Write `n` hw6 submissions into `folder`; returns how many of each kind."""
    import nbformat

    solution = nbformat.read(HW6 / "solution.ipynb", as_version=4)
    solution_text = (HW6 / "solution.ipynb").read_text(encoding="utf-8")

    def with_cell(source: str) -> Any:
        nb = copy.deepcopy(solution)
        nb.cells.append(nbformat.v4.new_code_cell(source))
        return nb

    kinds: dict[str, int] = {}
    for i in range(n):
        kind = PATTERN[i % len(PATTERN)]
        kinds[kind] = kinds.get(kind, 0) + 1
        target = folder / f"hw6-student{i:03d}" / "hw6.ipynb"
        target.parent.mkdir(parents=True)
        if kind == "correct":
            target.write_text(solution_text, encoding="utf-8")
        elif kind == "buggy":
            name = BUGGY[(i // len(PATTERN) + i) % len(BUGGY)]
            target.write_text((MISTAKES / name).read_text(encoding="utf-8"), encoding="utf-8")
        elif kind == "slow":
            nbformat.write(with_cell(SLOW_CELL), target)
        elif kind == "crashing":
            source = (
                "import os\nos._exit(3)"
                if (i // len(PATTERN)) % 2 == 0
                else "def relu(x):\n    return relu(x)  # recurses forever"
            )
            nbformat.write(with_cell(source), target)
        else:
            target.write_text(solution_text[: len(solution_text) // 2], encoding="utf-8")
    return kinds


def mean_per_kind(seconds: dict[str, float]) -> dict[str, float]:
    """Mean milliseconds per kind of submission, from {folder name: seconds}."""
    by_kind: dict[str, list[float]] = {}
    for student, value in seconds.items():
        kind = PATTERN[int(student.rsplit("student", 1)[1]) % len(PATTERN)]
        by_kind.setdefault(kind, []).append(value)
    return {kind: 1000 * sum(v) / len(v) for kind, v in sorted(by_kind.items())}


# -- measuring ----------------------------------------------------------------------------


class PeakMemory:
    """The peak of the summed RSS of a process and all its descendants, every 0.1 s.

    It runs beside both sides of a comparison (nngrade's run and the floor's), so that what it
    costs is charged to both. It reads the process tree from `/proc/PID/task/TID/children`
    and `/proc/PID/statm`: psutil's `children(recursive=True)`, which reads every process on
    the machine for each sample, took 2.3-2.4 s of CPU in a 53 s run of nngrade on a class of
    200 while the floor ran unsampled (5-15 ms a notebook of the quoted overhead, measured
    side by side). Now about 0.35 s a run for nngrade's tree and 0.18 s for the floor's."""

    def __init__(self, *pids: int) -> None:
        self.pids = pids
        self.peak = 0
        self.cpu_seconds = 0.0
        """The sampling thread's own CPU time."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        started = time.thread_time()
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(tree_rss(pid) for pid in self.pids))
            self._stop.wait(0.1)
        self.cpu_seconds = time.thread_time() - started

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def tree_rss(pid: int) -> int:
    """The summed resident memory of `pid` and its descendants (bytes), read from /proc; with
    psutil where the kernel does not list a task's children."""
    if not os.path.exists(f"/proc/{pid}/task/{pid}/children"):
        return _tree_rss_psutil(pid)
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm", "rb") as f:
                total += int(f.read().split()[1]) * _PAGE
            for tid in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{tid}/children", "rb") as f:
                    todo.extend(int(child) for child in f.read().split())
        except (OSError, ValueError, IndexError):  # it just ended
            pass
    return total


def _tree_rss_psutil(pid: int) -> int:
    import psutil

    total = 0
    try:
        root = psutil.Process(pid)
        for p in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # it just ended
                total += p.memory_info().rss
    except psutil.Error:
        pass
    return total


def _busy_cpu() -> float:
    """CPU seconds the machine's cores have been busy (user, nice, system, irq, softirq;
    `/proc/stat`): a run's is every process it ran, the sandbox's workers in their own
    namespaces included. 0.0 where there is no /proc."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()[1:8]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in fields)
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run_nngrade(folder: Path, out: Path, jobs: int, core: int | None = None) -> dict[str, Any]:
    """Time `nngrade grade hw6 folder -j jobs` in a subprocess (on one `core` only, with every
    process it starts, when given); returns seconds, memory, rows."""
    cmd = [sys.executable, "-m", "nngrade.cli", "grade", "hw6", str(folder), "-j", str(jobs),
           "--out", str(out), "--seed", "1", "--lang", "en"]  # fmt: skip
    cpu = _busy_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=None if core is None else lambda: os.sched_setaffinity(0, {core}),  # noqa: PLW1509
    )
    with PeakMemory(proc.pid) as memory:
        stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    cpu = _busy_cpu() - cpu
    if proc.returncode != 0:
        raise RuntimeError(f"nngrade grade failed ({proc.returncode}): {stderr.strip()[-2000:]}")
    import sqlite3

    db = sqlite3.connect(out / "gradebook.sqlite")
    statuses = dict(
        db.execute("SELECT status, COUNT(*) FROM submissions GROUP BY status").fetchall()
    )
    full = db.execute("SELECT COUNT(*) FROM submissions WHERE score = max_score").fetchone()[0]
    grading = db.execute("SELECT SUM(duration) FROM submissions").fetchone()[0] or 0.0
    per_student = dict(db.execute("SELECT student, duration FROM submissions").fetchall())
    db.close()
    return {
        "command": " ".join(["nngrade", *cmd[3:]]),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": memory.peak / 2**20,
        "sampler_cpu_seconds": memory.cpu_seconds,
        "statuses": statuses,
        "full_marks": full,
        "grading_seconds_sum": grading,
        "per_kind_ms": mean_per_kind(per_student),
        "summary_line": stdout.strip().splitlines()[0] if stdout.strip() else "",  # the counts
    }


CHECK_CELL = r"""
import numpy as _np
from nngrade import reference as _ref
_rng = _np.random.default_rng(0)
_passed, _total, _failed = 0, 0, set()
_ORACLES = {"sigmoid": _ref.activations.sigmoid, "sigmoid_deriv": _ref.activations.sigmoid_deriv,
            "predict": _ref.mlp.predict, "backprop_step": _ref.mlp.backprop_step}
def _run(fn):
    try:
        fn()
        return True
    except Exception:
        return False
def _check(name, fn):
    # One bug costs one task, as nngrade's tests do: a check that fails is run again with the
    # reference's version of each function it calls that failed its own check.
    global _passed, _total
    _total += 1
    ok = _run(fn)
    swap = {n for n in _failed if n in _ORACLES and n != name and n in globals()}
    if not ok and swap and name in ("backprop_step", "fit"):
        own = {n: globals()[n] for n in swap}
        globals().update({n: _ORACLES[n] for n in swap})
        try:
            ok = _run(fn)
        finally:
            globals().update(own)
    _passed += ok
    if not ok:
        _failed.add(name)
_x = _rng.normal(size=(6, 4))
_check("step", lambda: _np.testing.assert_allclose(step(_x), _ref.activations.step(_x)))
_check("sigmoid", lambda: _np.testing.assert_allclose(sigmoid(_x), _ref.activations.sigmoid(_x)))
_check("tanh", lambda: _np.testing.assert_allclose(tanh(_x), _ref.activations.tanh(_x)))
_check("relu", lambda: _np.testing.assert_allclose(relu(_x), _ref.activations.relu(_x)))
_s = _ref.activations.sigmoid(_x)
_check("sigmoid_deriv", lambda: _np.testing.assert_allclose(sigmoid_deriv(_s), _ref.activations.sigmoid_deriv(_s)))
_xi = _rng.normal(size=(5, 2))
_p = _ref.mlp.init_params(_rng, 2, 3, 1)
_check("predict", lambda: [_np.testing.assert_allclose(g, w) for g, w in zip(predict(_xi, *_p), _ref.mlp.predict(_xi, *_p))])
_y, _t = _rng.random((4, 1)), _rng.random((4, 1))
_check("loss", lambda: _np.testing.assert_allclose(loss(_y, _t), _ref.mlp.loss(_y, _t)))
_check("gradient_descent", lambda: _np.testing.assert_allclose(gradient_descent(lambda v: 2 * v - 6, 10.0, 0.2, 5),
                                           [7.2, 5.52, 4.512, 3.9072, 3.54432]))
_tb = _rng.random((5, 1))
_check("backprop_step", lambda: [_np.testing.assert_allclose(g, w) for g, w in zip(
    backprop_step(_xi, _tb, *[a.copy() for a in _p], 0.5), _ref.mlp.backprop_step(_xi, _tb, *_p, 0.5))])
_X = _np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_T = _rng.random((4, 1))
_check("fit", lambda: [_np.testing.assert_allclose(g, w) for g, w in zip(
    fit(_X, _T, *[a.copy() for a in _p], 0.5, 3), _ref.mlp.fit(_X, _T, *_p, 0.5, 3))])
_XOR = _np.array([[0.0], [1.0], [1.0], [0.0]])
def _learns_xor():
    _q = fit(_X, _XOR, _np.array([[0.1, 0.2], [0.3, 0.4]]), _np.array([0.1, 0.2]),
             _np.array([[0.5], [0.6]]), _np.array([0.3]), 1.0, 2000)
    _np.testing.assert_array_equal(_np.round(_ref.mlp.predict(_X, *_q)[2]), _XOR)
_check("fit", _learns_xor)
print(f"{_passed}/{_total}")
"""


def baseline_one(path: Path) -> str:
    """nbgrader-style: a fresh kernel, run the notebook, run the check cell; 'passed/total'."""
    import nbformat
    from nbclient import NotebookClient

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:
        return f"unreadable: {type(exc).__name__}"
    nb.cells.append(nbformat.v4.new_code_cell(CHECK_CELL))
    client = NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True)
    try:
        client.execute()
    except Exception as exc:  # a dead kernel, a timeout
        return f"failed: {type(exc).__name__}"
    outputs = nb.cells[-1].get("outputs", [])
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    return text.strip() or "no result"


def run_baseline(folder: Path, n: int) -> dict[str, Any]:
    """Time the baseline over the first `n` submissions, one after another."""
    paths = sorted(folder.glob("*/hw6.ipynb"))[:n]
    results = []
    started = time.perf_counter()
    with PeakMemory(os.getpid()) as memory:
        for path in paths:
            results.append(baseline_one(path))
    seconds = time.perf_counter() - started
    return {
        "notebooks": len(paths),
        "seconds": seconds,
        "peak_rss_mb": memory.peak / 2**20,
        "outcomes": {r: results.count(r) for r in sorted(set(results))},
    }


def _bare_cells(path: Path) -> list[str]:
    """The code cells of a submission, magic and shell lines dropped; [] when it is unreadable."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return []  # malformed: nothing of the student's runs
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    return [
        "\n".join(line for line in source.split("\n") if line.lstrip()[:1] not in ("%", "!"))
        for source in sources
    ]


def _bare_run(cells: list[str], progress: int) -> None:
    """In a forked child: run `cells` and then the tests' calls, with nothing around them,
    writing each cell's index to the `progress` pipe before running it."""
    import contextlib
    import signal

    import matplotlib.pyplot as plt

    signal.alarm(120)  # the class has no endless notebook; this only stops a runaway benchmark
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    ns: dict[str, Any] = {"__name__": "__main__"}
    for index, source in enumerate([*cells, CHECK_CELL]):
        os.write(progress, index.to_bytes(4, "little"))
        with contextlib.suppress(Exception):  # a cell that raises: go on, as a grader does
            exec(compile(source, "<cell>", "exec"), ns)
        plt.close("all")
    os.write(progress, (len(cells) + 1).to_bytes(4, "little"))


def _bare_notebook(path: Path) -> None:
    """The floor of one submission: its cells and the tests' calls in a child process. When
    the child dies in a cell (`os._exit`), the cells before it run again without it, then the
    calls, in a second child: the least any grader must run to grade the rest."""
    cells = _bare_cells(path)
    if not cells:
        return
    while True:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                _bare_run(cells, write)
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as progress:
            reached = progress.read()
        os.waitpid(pid, 0)
        last = int.from_bytes(reached[-4:], "little") if reached else 0
        if last >= len(cells):  # every cell ran, and the calls were made
            return
        cells = cells[:last] + cells[last + 1 :]


def _floor_lane(paths: Any, times: Any, ready: Any, go: Any, core: int | None) -> None:
    """One core's lane (on `core` only, when given): preload what the notebooks import (what
    the sandbox's fork servers preload) and the check cell's oracles, then the floor of each
    notebook."""
    started = time.perf_counter()
    if core is not None:
        os.sched_setaffinity(0, {core})
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401

    import nngrade.reference  # noqa: F401  (the check cell's oracles)

    ready.put(time.perf_counter() - started)  # the lane's start: its imports
    go.wait()
    while (item := paths.get()) is not None:
        started = time.perf_counter()
        _bare_notebook(Path(item))
        times.put((Path(item).parent.name, time.perf_counter() - started))


def run_floor(folder: Path, jobs: int, core: int | None = None) -> dict[str, Any]:
    """The students' own run time, `jobs` at once: each notebook's cells plus the same calls as
    the tests (the baseline's check cell), exec'd bare in a child forked from a warm process
    (see `_bare_notebook` for a notebook that kills its process). No sandbox, no pytest, no
    messages, no gradebook: what grading at zero cost would take.

    Two figures: `seconds`, from the lanes' start, which includes each lane importing NumPy
    and matplotlib once (the notebooks' own first cell, which nngrade's fork servers also run
    once per slot, inside nngrade's time); and `warm_seconds`, from when every lane has
    imported them, which leaves that import out (the floor before 2026-12-08)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    paths, times, ready, go = ctx.Queue(), ctx.Queue(), ctx.Queue(), ctx.Event()
    files = sorted(folder.glob("*/hw6.ipynb"))
    for path in files:
        paths.put(str(path))
    for _ in range(jobs):
        paths.put(None)
    lanes = [
        ctx.Process(target=_floor_lane, args=(paths, times, ready, go, core)) for _ in range(jobs)
    ]
    cpu = _busy_cpu()
    launched = time.perf_counter()
    for lane in lanes:
        lane.start()
    # Sampled as nngrade's runs are, so that the sampling costs both sides alike.
    with PeakMemory(*(lane.pid for lane in lanes if lane.pid is not None)) as memory:
        for _ in lanes:
            ready.get()
        started = time.perf_counter()
        go.set()
        per_student = dict(times.get() for _ in files)
        finished = time.perf_counter()
    for lane in lanes:
        lane.join()
    return {
        "seconds": finished - launched,
        "cpu_seconds": _busy_cpu() - cpu,
        "warm_seconds": finished - started,
        "per_kind_ms": mean_per_kind(per_student),
        "peak_rss_mb": memory.peak / 2**20,
        "sampler_cpu_seconds": memory.cpu_seconds,
    }


def _mean_floor(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two measurements of the floor, averaged figure by figure."""
    return {
        "seconds": (a["seconds"] + b["seconds"]) / 2,
        "warm_seconds": (a["warm_seconds"] + b["warm_seconds"]) / 2,
        "cpu_seconds": (a["cpu_seconds"] + b["cpu_seconds"]) / 2,
        "per_kind_ms": {k: (v + b["per_kind_ms"][k]) / 2 for k, v in a["per_kind_ms"].items()},
        "runs_seconds": [a["seconds"], b["seconds"]],
        "peak_rss_mb": max(a["peak_rss_mb"], b["peak_rss_mb"]),
        "sampler_cpu_seconds": (a["sampler_cpu_seconds"] + b["sampler_cpu_seconds"]) / 2,
    }


def _over_floor_per_kind(ours: dict[str, Any], floor: dict[str, Any]) -> dict[str, float]:
    """Each kind's mean ms a submission in nngrade's slots over its mean in the floor."""
    return {
        kind: ours["per_kind_ms"].get(kind, 0.0) - ms for kind, ms in floor["per_kind_ms"].items()
    }


def _overhead(ours: dict[str, Any], floor: dict[str, Any], n: int, jobs: int) -> dict[str, Any]:
    """One round's figures: nngrade's run against the floor measured on each side of it."""
    return {
        "nngrade_seconds": ours["seconds"],
        "floor_seconds": floor["runs_seconds"],
        "overhead_ms_per_notebook": 1000 * (ours["seconds"] - floor["seconds"]) * jobs / n,
        # The same in CPU seconds (the cores' busy time during each run, summed over the
        # cores): on a machine whose speed drifts, a second view of the same cost.
        "cpu_ms_per_notebook": 1000 * (ours["cpu_seconds"] - floor["cpu_seconds"]) / n,
        # Against the floor without its lanes' imports (the figure quoted before 2026-12-08).
        "overhead_ms_per_notebook_warm_floor": 1000
        * (ours["seconds"] - floor["warm_seconds"])
        * jobs
        / n,
        # Where it goes (issue 23): each kind's mean time in a slot over its floor, and the
        # seconds of the run outside the slots' grading (start-up, the last slots' idle
        # wait, exports, summary), as if the grading had filled every slot evenly.
        "overhead_ms_per_kind": _over_floor_per_kind(ours, floor),
        "outside_grading_s": ours["seconds"] - ours["grading_seconds_sum"] / jobs,
    }


def run(n: int = 200, *, jobs: int = 2, baseline_n: int = 20, rounds: int = 3) -> dict[str, Any]:
    """Make a class of `n`, grade it with nngrade `rounds` times and the baseline once; the
    figures as a dict.

    The floor is measured before the first round and after each: floor, nngrade, floor,
    nngrade, ... floor. Each round's overhead is nngrade's run against the mean of the floors
    on either side of it, and the figure quoted is the median of the rounds: a shared
    machine's speed drifts by a tenth over a minute, as much as the overhead measured, and
    one round can land on a slow or a fast spell."""
    with tempfile.TemporaryDirectory(prefix="nngrade-bench-") as tmp:
        folder = Path(tmp) / "submissions"
        folder.mkdir()
        kinds = make_class(folder, n)
        floors = [run_floor(folder, jobs)]
        runs = []
        for r in range(max(1, rounds)):
            runs.append(run_nngrade(folder, Path(tmp) / f"out{r}", jobs))  # a new gradebook
            floors.append(run_floor(folder, jobs))
        base = run_baseline(folder, min(baseline_n, n)) if baseline_n > 0 else None
    per_round = [
        _overhead(ours, _mean_floor(floors[r], floors[r + 1]), n, jobs)
        for r, ours in enumerate(runs)
    ]
    middle = sorted(range(len(runs)), key=lambda r: per_round[r]["overhead_ms_per_notebook"])[
        len(runs) // 2
    ]  # the median round (the upper one of an even count): its figures are the ones quoted
    ours, floor = runs[middle], _mean_floor(floors[middle], floors[middle + 1])
    ours_rate = n / ours["seconds"]
    out: dict[str, Any] = {
        "n": n,
        "jobs": jobs,
        "cores": os.cpu_count(),
        "kinds": kinds,
        "nngrade": {**ours, "notebooks_per_s": ours_rate},
        "floor": {**floor, "notebooks_per_s": n / floor["seconds"]},
        **{
            k: v
            for k, v in per_round[middle].items()
            if k not in ("nngrade_seconds", "floor_seconds")
        },
        "rounds": per_round,
        "children_ru_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    if base is not None:
        base_rate = base["notebooks"] / base["seconds"]
        out["baseline"] = {
            **base,
            "notebooks_per_s": base_rate,
            "extrapolated_seconds_for_n": n / base_rate,
        }
        out["ratio"] = ours_rate / base_rate
    return out


def run_at_once(n: int = 200, *, rounds: int = 4) -> dict[str, Any]:
    """The floor and nngrade at the same time, each on a core of its own: `nngrade grade -j 1`
    with every process it starts on one core, the floor's one lane on the other, both from
    cold. A shared machine that slows down slows both alike, so their difference holds where
    the rounds of `run` drift apart (the speed of one minute against the next). The cores
    swap each round (a core can be the slower one); the figure quoted is the median round's,
    (nngrade - floor) / n, start-up and exports included, as `run`'s with one slot."""
    if len(os.sched_getaffinity(0)) < 2:
        raise SystemExit("--at-once needs two cores")
    first, second = sorted(os.sched_getaffinity(0))[:2]
    with tempfile.TemporaryDirectory(prefix="nngrade-bench-") as tmp:
        folder = Path(tmp) / "submissions"
        folder.mkdir()
        make_class(folder, n)
        per_round = []
        for r in range(max(1, rounds)):
            ours_core, floor_core = (first, second) if r % 2 == 0 else (second, first)
            ours: dict[str, Any] = {}
            graded = threading.Thread(
                target=lambda into, out, core: into.update(run_nngrade(folder, out, 1, core)),
                args=(ours, Path(tmp) / f"once{r}", ours_core),
            )
            graded.start()
            floor = run_floor(folder, 1, floor_core)
            graded.join()
            if not ours:
                raise RuntimeError("nngrade grade failed (see above)")
            per_round.append(
                {
                    "nngrade_seconds": ours["seconds"],
                    "floor_seconds": floor["seconds"],
                    "nngrade_core": ours_core,
                    "overhead_ms_per_notebook": 1000 * (ours["seconds"] - floor["seconds"]) / n,
                    "overhead_ms_per_kind": _over_floor_per_kind(ours, floor),
                }
            )
    ordered = sorted(per_round, key=lambda x: x["overhead_ms_per_notebook"])
    return {"n": n, "rounds": per_round, "median": ordered[len(ordered) // 2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="submissions in the class")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--baseline-n", type=int, default=20, help="baseline subset (0: skip)")
    parser.add_argument("--rounds", type=int, default=3, help="nngrade runs, each between floors")
    parser.add_argument(
        "--at-once",
        type=int,
        default=0,
        metavar="R",
        help="only R rounds of nngrade -j 1 and the floor at the same time, a core each",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.at_once:
        once = run_at_once(args.n, rounds=args.at_once)
        if args.json:
            print(json.dumps(once, indent=2))
            return
        each = ", ".join(f"{r['overhead_ms_per_notebook']:.0f}" for r in once["rounds"])
        m = once["median"]
        print(
            f"nngrade grade -j 1 and the floor's one lane at the same time, a core each, "
            f"{once['n']} notebooks:\n"
            f"  {m['nngrade_seconds']:.1f} s against {m['floor_seconds']:.1f} s: "
            f"{m['overhead_ms_per_notebook']:.0f} ms a notebook over the floor, the median of "
            f"{len(once['rounds'])} rounds ({each} ms; target: at most {TARGET_MS} ms)"
        )
        return
    figures = run(args.n, jobs=args.jobs, baseline_n=args.baseline_n, rounds=args.rounds)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    ours = figures["nngrade"]
    print(f"class: {figures['n']} hw6 notebooks {figures['kinds']} on {figures['cores']} cores")
    print(f"nngrade:  {ours['command']}")
    print(
        f"  {ours['seconds']:.1f} s  {ours['notebooks_per_s']:.2f} notebooks/s  "
        f"peak RSS (tree) {ours['peak_rss_mb']:.0f} MB  statuses {ours['statuses']}  "
        f"full marks {ours['full_marks']}"
    )
    floor = figures["floor"]
    print(
        f"floor (the students' own code and the tests' calls, bare, {figures['jobs']} at once;\n"
        f"  measured before and after nngrade, {floor['runs_seconds'][0]:.1f} s and "
        f"{floor['runs_seconds'][1]:.1f} s):\n"
        f"  {floor['seconds']:.1f} s  {floor['notebooks_per_s']:.2f} notebooks/s "
        f"(from the lanes' start; {floor['warm_seconds']:.1f} s once they had imported NumPy "
        f"and matplotlib)  peak RSS (lanes' trees) {floor['peak_rss_mb']:.0f} MB"
    )
    print(
        f"  memory sampling (beside both), CPU a run: nngrade {ours['sampler_cpu_seconds']:.2f} s, "
        f"floor {floor['sampler_cpu_seconds']:.2f} s"
    )
    kinds = ", ".join(
        f"{kind} {floor['per_kind_ms'][kind]:.0f} / {ours['per_kind_ms'].get(kind, 0):.0f}"
        for kind in floor["per_kind_ms"]
    )
    print(f"  mean ms per submission, floor / nngrade: {kinds}")
    each = ", ".join(f"{r['overhead_ms_per_notebook']:.0f}" for r in figures["rounds"])
    print(
        f"nngrade's overhead: {figures['overhead_ms_per_notebook']:.0f} ms a notebook, the median "
        f"of {len(figures['rounds'])} rounds ({each} ms)\n"
        f"  (= (nngrade - floor) x {figures['jobs']} / {figures['n']}, start-up and exports "
        f"included; target: at most {TARGET_MS} ms)\n"
        f"  against the floor without its lanes' imports: "
        f"{figures['overhead_ms_per_notebook_warm_floor']:.0f} ms ("
        + ", ".join(f"{r['overhead_ms_per_notebook_warm_floor']:.0f}" for r in figures["rounds"])
        + " ms)\n"
        f"  in CPU (all processes, all cores): {figures['cpu_ms_per_notebook']:.0f} ms a "
        "notebook over the floor's ("
        + ", ".join(f"{r['cpu_ms_per_notebook']:.0f}" for r in figures["rounds"])
        + " ms)"
    )
    kinds = ", ".join(f"{k} {v:+.0f}" for k, v in figures["overhead_ms_per_kind"].items())
    print(
        f"  of which: mean ms a submission over its floor: {kinds}; "
        f"{figures['outside_grading_s']:.1f} s outside the slots' grading "
        f"(start-up, exports, summary)"
    )
    if "baseline" in figures:
        base = figures["baseline"]
        print(
            f"baseline: nbclient + python3 kernel per notebook, serial, on {base['notebooks']} notebooks"
        )
        print(
            f"  {base['seconds']:.1f} s  {base['notebooks_per_s']:.2f} notebooks/s  "
            f"(≈{base['extrapolated_seconds_for_n']:.0f} s for {figures['n']})  "
            f"peak RSS (tree) {base['peak_rss_mb']:.0f} MB  outcomes {base['outcomes']}"
        )
        print(f"ratio: {figures['ratio']:.1f}x")
    print(f"largest child ru_maxrss: {figures['children_ru_maxrss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
