"""Cold `nngrade submit` of the hw6 solution, side by side with executing the same notebook
in a Jupyter kernel (`jupyter nbconvert --execute`, which starts a kernel with nbclient).

Cold means a new process each time, as a student runs it: interpreter start-up, imports,
the sandbox worker, the notebook, the tests and the report. The target (issue 23) is about
the student's own command, `nngrade submit assignments/hw6/solution.ipynb` with its terminal
report: a median of at most 1.0 s here. The JSON run (`--format json --seed 1`) is the figure
earlier rounds quoted. Run: `python benchmarks/bench_submit.py --repeat 9` (`--no-baseline`
leaves nbconvert out: 3 s a run).

Side by side with them, in the same rounds:

* bare Python: `python notebook.py`, the notebook's code cells written out as one script, run
  by the same interpreter. That is the notebook's own run time, with nothing graded: what
  `submit` adds is the difference.
* the target on the day it was set: it was 1.0 s when `jupyter nbconvert --execute` of this
  notebook took 3.4 s (2026-12-01; 4.0 to 4.9 s in three runs on 2026-12-07). This machine's
  speed drifts that much from hour to hour, so the script also gives `submit` scaled to that
  day (`submit x 3.4 / nbconvert`, each pair's ratio, medianed): the same target as a ratio
  measured side by side.

`nngrade` is the console script installed beside this interpreter, as a virtual environment
has it, not whatever `nngrade` is first on PATH: a launcher such as pyenv's shim is a shell
script that spends about 0.2 s choosing the interpreter before nngrade starts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "assignments" / "hw6" / "solution.ipynb"
TARGET_S = 1.0
TARGET_DAY_NBCONVERT_S = 3.4
"""`jupyter nbconvert --execute` of the hw6 solution on the day the target was set."""


def _time(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr[-500:]}")
    return elapsed


def _script(notebook: Path, folder: Path) -> Path:
    """The notebook's code cells as one Python script (bare Python's run of it)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    script = folder / "notebook.py"
    script.write_text("\n\n".join(code) + "\n", encoding="utf-8")
    return script


def _nngrade() -> list[str]:
    """The command that starts nngrade: its console script beside this interpreter (see the
    module docstring), or `python -m nngrade.cli`."""
    script = Path(sys.executable).with_name("nngrade")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "nngrade.cli"]


def run(repeat: int = 7, baseline: bool = True) -> dict[str, float]:
    """Median seconds of each way to run the notebook, and their ratios."""
    student = [*_nngrade(), "submit", str(NOTEBOOK)]  # the terminal report, as a student runs it
    as_json = [*student, "--format", "json", "--seed", "1"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bare = [sys.executable, str(_script(NOTEBOOK, work))]
        nbconvert = [
            sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
            "--output-dir", str(work), str(NOTEBOOK),
        ]  # fmt: skip
        student_times, json_times, bare_times, kernel_times = [], [], [], []
        for _ in range(repeat):  # interleaved, so all see the same machine load
            student_times.append(_time(student, work))
            bare_times.append(_time(bare, work))
            json_times.append(_time(as_json, work))
            if baseline:
                kernel_times.append(_time(nbconvert, work))
    result = {
        "student_submit_median_s": statistics.median(student_times),
        "student_submit_min_s": min(student_times),
        "submit_median_s": statistics.median(json_times),
        "submit_min_s": min(json_times),
        "bare_python_median_s": statistics.median(bare_times),
        "submit_over_bare_median_s": statistics.median(
            s - b for s, b in zip(student_times, bare_times, strict=True)
        ),
        "submit_to_bare_ratio": statistics.median(
            s / b for s, b in zip(student_times, bare_times, strict=True)
        ),
        "target_s": TARGET_S,
    }
    if baseline:
        result["nbconvert_median_s"] = statistics.median(kernel_times)
        result["speedup_vs_nbconvert"] = result["nbconvert_median_s"] / result["submit_median_s"]
        result["student_submit_on_target_day_s"] = statistics.median(
            s * TARGET_DAY_NBCONVERT_S / k for s, k in zip(student_times, kernel_times, strict=True)
        )
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
    print(
        f"bare Python, the notebook's code as a script: median {r['bare_python_median_s']:.3f} s; "
        f"submit over it: +{r['submit_over_bare_median_s']:.3f} s, "
        f"{r['submit_to_bare_ratio']:.2f}x (medians of the pairs)"
    )
    if "nbconvert_median_s" in r:
        print(f"`jupyter nbconvert --execute`:      median {r['nbconvert_median_s']:.3f} s")
        print(
            f"ratio: nngrade submit (grading included) is {r['speedup_vs_nbconvert']:.1f}x "
            "faster than executing in a kernel"
        )
        day = r["student_submit_on_target_day_s"]
        print(
            f"scaled to the target's day (nbconvert {TARGET_DAY_NBCONVERT_S} s): {day:.3f} s; "
            f"target {TARGET_S:.1f} s {'met' if day <= TARGET_S else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
