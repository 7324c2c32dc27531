"""Cold `nngrade submit` of the hw6 solution, side by side with executing the same notebook
in a Jupyter kernel (`jupyter nbconvert --execute`, which starts a kernel with nbclient).

Cold means a new process each time, as a student runs it: interpreter start-up, imports,
the sandbox worker, the notebook, the tests and the report. Target: a median of at most
1.0 s here. Run: `python benchmarks/bench_submit.py --repeat 7`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "assignments" / "hw6" / "solution.ipynb"


def _time(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr[-500:]}")
    return elapsed


def run(repeat: int = 7) -> dict[str, float]:
    """Median seconds of each way to run the notebook, and their ratio."""
    nngrade = shutil.which("nngrade") or sys.executable
    submit = [nngrade, "submit", str(NOTEBOOK), "--format", "json", "--seed", "1"]
    if nngrade == sys.executable:
        submit[1:1] = ["-m", "nngrade.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        nbconvert = [
            sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
            "--output-dir", str(work), str(NOTEBOOK),
        ]  # fmt: skip
        submit_times, kernel_times = [], []
        for _ in range(repeat):  # interleaved, so both see the same machine load
            submit_times.append(_time(submit, work))
            kernel_times.append(_time(nbconvert, work))
    result = {
        "submit_median_s": statistics.median(submit_times),
        "submit_min_s": min(submit_times),
        "nbconvert_median_s": statistics.median(kernel_times),
    }
    result["speedup_vs_nbconvert"] = result["nbconvert_median_s"] / result["submit_median_s"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    r = run(args.repeat)
    print(
        f"cold `nngrade submit` hw6 solution: median {r['submit_median_s']:.3f} s (min {r['submit_min_s']:.3f} s)"
    )
    print(f"`jupyter nbconvert --execute`:      median {r['nbconvert_median_s']:.3f} s")
    print(
        f"ratio: nngrade submit (grading included) is {r['speedup_vs_nbconvert']:.1f}x faster than executing in a kernel"
    )


if __name__ == "__main__":
    main()
