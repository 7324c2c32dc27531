"""All of nngrade's benchmarks in one run: `python benchmarks/run.py`.

Each part measures nngrade side by side with the baseline it has to beat, in the same run,
so the ratios hold on a shared, noisy machine:

* sandbox: execute-and-call with a warm pool vs bare `exec` vs nbclient (bench_sandbox.py)
* submit:  a cold `nngrade submit` of hw6 vs `jupyter nbconvert --execute` (bench_submit.py)
* batch:   `nngrade grade -j 2` of a mixed class vs the same code run bare (the floor) vs
           nbclient one by one (bench_batch.py)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("sandbox", "submit", "batch"), action="append")
    parser.add_argument("--n", type=int, default=200, help="class size for the batch benchmark")
    args = parser.parse_args()
    parts = args.only or ["sandbox", "submit", "batch"]
    results = {}
    for part in parts:
        module = _load(f"bench_{part}")
        print(f"== {part}", file=sys.stderr, flush=True)
        results[part] = module.run(args.n) if part == "batch" else module.run()
        print(json.dumps(results[part], indent=2), flush=True)


if __name__ == "__main__":
    main()
