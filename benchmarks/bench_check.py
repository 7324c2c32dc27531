"""`nngrade.check()` in a Jupyter kernel after the notebook ran, side by side with a cold
`nngrade submit` of the same notebook file (issue 25).

Each round starts a kernel as Jupyter Server does for a notebook (JPY_SESSION_NAME), runs
the hw6 solution's cells in it, then times, inside the kernel, the first `nngrade.check()` (it
starts the grading process) and a second one a few seconds later (the student read the first
report meanwhile; the process has warmed its grader); then, in a second kernel whose first
cell is `%load_ext nngrade`, the first check (the grader warmed while the cells ran); and
before each round, a cold `nngrade submit` of the same file. Target: the first check costs no more than the cold submit, the second less.
Run: `python benchmarks/bench_check.py --repeat 5`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "assignments" / "hw6" / "solution.ipynb"
TIMED = (
    "import time as _t, nngrade as _n\n"
    "_s = _t.perf_counter(); _r = _n.check(); print(_t.perf_counter() - _s, _r.score)"
)
READING = 4.0
"""Seconds between the two checks: the student reads the first report."""


def _checks(notebook: Path, load_ext: bool = False) -> tuple[float, float]:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    times = []
    if load_ext:  # as the notebook's first cell: the grader warms while the cells run
        nb.cells.insert(0, nbformat.v4.new_code_cell("%load_ext nngrade"))
    with client.setup_kernel(env={**os.environ, "JPY_SESSION_NAME": str(notebook)}):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        for round_ in range(2):
            if round_:
                time.sleep(READING)
            cell = nbformat.v4.new_code_cell(TIMED)
            nb.cells.append(cell)
            client.execute_cell(cell, len(nb.cells) - 1)
            seconds, score = cell.outputs[0]["text"].split()
            if float(score) != 14.0:
                raise RuntimeError(f"the check gave {score}, not 14")
            times.append(float(seconds))
    return times[0], times[1]


def _submit(notebook: Path) -> float:
    nngrade = shutil.which("nngrade") or "nngrade"
    started = time.perf_counter()
    proc = subprocess.run(
        [nngrade, "submit", str(notebook), "--format", "json"],
        cwd=notebook.parent,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-500:])
    return elapsed


def run(repeat: int = 5) -> dict[str, float]:
    """Median seconds of the first check, the second check and a cold submit."""
    first, second, submit, loaded = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        notebook = Path(tmp) / "hw6.ipynb"
        shutil.copyfile(NOTEBOOK, notebook)
        for _ in range(repeat):  # interleaved, so all see the same machine load
            submit.append(_submit(notebook))
            a, b = _checks(notebook)
            first.append(a)
            second.append(b)
            loaded.append(_checks(notebook, load_ext=True)[0])
    return {
        "submit_median_s": statistics.median(submit),
        "first_check_median_s": statistics.median(first),
        "second_check_median_s": statistics.median(second),
        "load_ext_first_check_median_s": statistics.median(loaded),
        "runs": repeat,
        "submit_s": submit,
        "first_check_s": first,
        "second_check_s": second,
        "load_ext_first_check_s": loaded,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    r = run(args.repeat)
    rows = [
        ("cold `nngrade submit` hw6.ipynb", "submit"),
        ("first nngrade.check() in a kernel", "first_check"),
        ("second nngrade.check(), 4 s later", "second_check"),
        ("first check, nngrade loaded in cell 1", "load_ext_first_check"),
    ]
    for label, key in rows:
        runs = ", ".join(f"{t:.3f}" for t in r[f"{key}_s"])
        print(f"{label:<38} median {r[f'{key}_median_s']:.3f} s  ({runs})")


if __name__ == "__main__":
    sys.exit(main())
