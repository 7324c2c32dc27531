"""Cold `nngrade submit` of the hw6 solution, side by side with executing the same notebook
in a Jupyter kernel (`jupyter nbconvert --execute`, which starts a kernel with nbclient).

Cold means a new process each time, as a student runs it: interpreter start-up, imports,
the sandbox worker, the notebook, the tests and the report. The target (issue 23) is about
the student's own command, `nngrade submit assignments/hw6/solution.ipynb` with its terminal
report: a median of at most 1.0 s here. The JSON run (`--format json --seed 1`) is the figure
earlier rounds quoted. Run: `python benchmarks/bench_submit.py --repeat 9` (`--no-baseline`
leaves nbconvert out: 3 s a run).
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
TARGET_S = 1.0


def _time(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr[-500:]}")
    return elapsed


def run(repeat: int = 7, baseline: bool = True) -> dict[str, float]:
    """Median seconds of each way to run the notebook, and their ratio."""
    nngrade = shutil.which("nngrade") or sys.executable
    student = [nngrade, "submit", str(NOTEBOOK)]  # the terminal report, as a student runs it
    if nngrade == sys.executable:
        student[1:1] = ["-m", "nngrade.cli"]
    as_json = [*student, "--format", "json", "--seed", "1"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        nbconvert = [
            sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
            "--output-dir", str(work), str(NOTEBOOK),
        ]  # fmt: skip
        student_times, json_times, kernel_times = [], [], []
        for _ in range(repeat):  # interleaved, so all see the same machine load
            student_times.append(_time(student, work))
            json_times.append(_time(as_json, work))
            if baseline:
                kernel_times.append(_time(nbconvert, work))
    result = {
        "student_submit_median_s": statistics.median(student_times),
        "student_submit_min_s": min(student_times),
        "submit_median_s": statistics.median(json_times),
        "submit_min_s": min(json_times),
        "target_s": TARGET_S,
    }
    if baseline:
        result["nbconvert_median_s"] = statistics.median(kernel_times)
        result["speedup_vs_nbconvert"] = result["nbconvert_median_s"] / result["submit_median_s"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true", help="leave nbconvert out")
    args = parser.parse_args()
    r = run(args.repeat, baseline=not args.no_baseline)
    met = "met" if r["student_submit_median_s"] <= TARGET_S else "NOT met"
    print(
        f"cold `nngrade submit hw6/solution.ipynb` (terminal report, the target's figure): "
        f"median {r['student_submit_median_s']:.3f} s (min {r['student_submit_min_s']:.3f} s); "
        f"target {TARGET_S:.1f} s {met}"
    )
    print(
        f"cold `nngrade submit ... --format json --seed 1`: median {r['submit_median_s']:.3f} s "
        f"(min {r['submit_min_s']:.3f} s)"
    )
    if "nbconvert_median_s" in r:
        print(f"`jupyter nbconvert --execute`:      median {r['nbconvert_median_s']:.3f} s")
        print(
            f"ratio: nngrade submit (grading included) is {r['speedup_vs_nbconvert']:.1f}x "
            "faster than executing in a kernel"
        )


if __name__ == "__main__":
    main()
