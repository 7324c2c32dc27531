"""Benchmark of the sandbox: what running a notebook in it costs, next to the alternatives.

Run: `python benchmarks/bench_sandbox.py [--n 10]`. On the same generated NumPy notebooks,
side by side in one run:

  bare      the cells `exec`'d in this process (NumPy and matplotlib already imported), in a
            fresh namespace, plus the same calls: the code's own run time, no isolation at all
  warm      nngrade with a warm `WorkerPool`: start -> all cells run -> the calls answered ->
            closed (every process of the worker killed), per notebook
  cold      the same without a pool (what `nngrade submit` does): a fresh fork server and
            worker that imports NumPy itself
  nbclient  the notebook executed by nbclient in a Jupyter `python3` kernel (ipykernel), with
            the calls appended as cells (how in-kernel graders run tests)

Reported per notebook: medians of `n` runs; overhead of `warm` over `bare` (target: at most
50 ms per notebook), and speed-up of `warm` over `nbclient` (target: at least 10x).
`run(n)` returns the figures as a dict for a top-level benchmark script.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NOTEBOOKS: dict[str, list[str]] = {
    "mlp_xor": [
        "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt",
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\n"
        "def sigmoid_prime(z):\n    s = sigmoid(z)\n    return s * (1 - s)",
        "def init_params(rng, n_in, n_hidden, n_out):\n"
        "    W1 = rng.normal(size=(n_in, n_hidden))\n    B1 = np.zeros(n_hidden)\n"
        "    W2 = rng.normal(size=(n_hidden, n_out))\n    B2 = np.zeros(n_out)\n"
        "    return W1, B1, W2, B2",
        "def predict(X, W1, B1, W2, B2):\n    H = sigmoid(X @ W1 + B1)\n    return sigmoid(H @ W2 + B2)\n\n"
        "def loss(Y, T):\n    return 0.5 * np.sum((Y - T) ** 2)",
        "def backprop_step(X, T, W1, B1, W2, B2, rate):\n"
        "    Z1 = X @ W1 + B1\n    H = sigmoid(Z1)\n    Z2 = H @ W2 + B2\n    Y = sigmoid(Z2)\n"
        "    d2 = (Y - T) * sigmoid_prime(Z2)\n    d1 = (d2 @ W2.T) * sigmoid_prime(Z1)\n"
        "    return (W1 - rate * X.T @ d1, B1 - rate * d1.sum(0),\n"
        "            W2 - rate * H.T @ d2, B2 - rate * d2.sum(0))",
        "X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)\nT = np.array([[0], [1], [1], [0]], dtype=float)\n"
        "params = init_params(np.random.default_rng(1), 2, 4, 1)\nhistory = []\n"
        "for epoch in range(2000):\n    params = backprop_step(X, T, *params, rate=0.5)\n"
        "    history.append(loss(predict(X, *params), T))\nprint(f'final loss {history[-1]:.4f}')",
        "plt.plot(history)\nplt.xlabel('epoch')\nplt.ylabel('E')\nplt.title('XOR training')\nplt.show()",
    ],
    "descent_regression": [
        "import numpy as np\nimport matplotlib.pyplot as plt",
        "def gradient_descent(grad, x0, rate, steps):\n    xs = [x0]\n"
        "    for _ in range(steps):\n        xs.append(xs[-1] - rate * grad(xs[-1]))\n    return np.array(xs)",
        "trajectory = gradient_descent(lambda x: 2 * x - 6, 5.52, 0.2, 20)\nprint(trajectory[:4])",
        "rng = np.random.default_rng(0)\nheights = rng.normal(170, 10, size=500)\n"
        "weights = 0.82 * heights - 68 + rng.normal(0, 5, size=500)\n"
        "def normal_equation(x, y):\n    A = np.column_stack([x, np.ones_like(x)])\n"
        "    return np.linalg.solve(A.T @ A, A.T @ y)\n"
        "def r_squared(y, y_hat):\n    return 1 - np.sum((y - y_hat) ** 2) / np.sum((y - y.mean()) ** 2)\n"
        "slope, intercept = normal_equation(heights, weights)\nprint(slope, intercept)",
        "fig, ax = plt.subplots()\nax.scatter(heights, weights, s=4)\nxs = np.linspace(140, 200, 10)\n"
        "ax.plot(xs, slope * xs + intercept, 'r')\nplt.show()",
    ],
}

CALLS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    # (function, argument expressions): the same few calls a test file would make
    "mlp_xor": [
        ("sigmoid", ("np.linspace(-5, 5, 11)",)),
        (
            "predict",
            ("np.ones((4, 2))", "np.ones((2, 4))", "np.zeros(4)", "np.ones((4, 1))", "np.zeros(1)"),
        ),
        ("loss", ("np.full((4, 1), 0.5)", "np.array([[0.0], [1.0], [1.0], [0.0]])")),
    ],
    "descent_regression": [
        ("normal_equation", ("np.arange(10.0)", "3 * np.arange(10.0) + 1")),
        ("r_squared", ("np.arange(5.0)", "np.arange(5.0) + 0.1")),
    ],
}


def write_notebooks(folder: Path) -> dict[str, Path]:
    """Write the benchmark notebooks as nbformat-4 files."""
    paths = {}
    for name, cells in NOTEBOOKS.items():
        nb = {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "cells": [
                {
                    "cell_type": "code",
                    "id": f"c{i}",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": src,
                }
                for i, src in enumerate(cells)
            ],
        }
        paths[name] = folder / f"{name}.ipynb"
        paths[name].write_text(json.dumps(nb, indent=1))
    return paths


def _args(exprs: tuple[str, ...]) -> tuple[Any, ...]:
    import numpy as np

    return tuple(eval(e, {"np": np}) for e in exprs)


def time_bare(name: str) -> float:
    """The cells exec'd in-process in a fresh namespace (magic lines dropped), plus the calls."""
    import contextlib
    import io

    import matplotlib.pyplot as plt

    started = time.perf_counter()
    ns: dict[str, Any] = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for src in NOTEBOOKS[name]:
            code = "\n".join(line for line in src.split("\n") if not line.startswith("%"))
            exec(compile(code, "<cell>", "exec"), ns)
            plt.close("all")
        for fn, exprs in CALLS[name]:
            ns[fn](*_args(exprs))
    return time.perf_counter() - started


def time_sandbox(path: Path, name: str, pool: Any) -> tuple[float, float]:
    """nngrade: start -> report -> calls answered (first figure) -> closed (second figure)."""
    from nngrade.sandbox import Sandbox
    from nngrade.submission import load_submission

    started = time.perf_counter()
    sb = Sandbox(load_submission(path), pool=pool).start()
    report = sb.run_report()
    assert not report.errors, report.errors
    for fn, exprs in CALLS[name]:
        sb.call(fn, *_args(exprs))
    answered = time.perf_counter() - started
    sb.close()
    return answered, time.perf_counter() - started


def time_nbclient(path: Path, name: str) -> float:
    """nbclient in a python3 kernel, with the calls appended as code cells."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for fn, exprs in CALLS[name]:
        nb.cells.append(nbformat.v4.new_code_cell(f"_ = {fn}({', '.join(exprs)})"))
    started = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    return time.perf_counter() - started


def run(n: int = 10, *, nbclient_runs: int | None = None) -> dict[str, Any]:
    """Time every way on every notebook; medians in seconds, per notebook."""
    import logging

    import matplotlib

    matplotlib.use("Agg")
    import numpy  # noqa: F401  (bare exec runs after NumPy is imported)

    from nngrade.sandbox import WorkerPool

    logging.getLogger("traitlets").setLevel(logging.ERROR)
    results: dict[str, Any] = {"n": n, "notebooks": {}}
    with tempfile.TemporaryDirectory() as tmp, WorkerPool(size=1) as pool:
        paths = write_notebooks(Path(tmp))
        pool.wait_ready()
        for name, path in paths.items():
            time_bare(name)  # warm-up: first-call costs (font cache, BLAS) are not the code's
            time_sandbox(path, name, pool)
            bare = [time_bare(name) for _ in range(n)]
            warm = [time_sandbox(path, name, pool) for _ in range(n)]
            cold = [time_sandbox(path, name, None) for _ in range(max(3, n // 2))]
            nbc = [time_nbclient(path, name) for _ in range(nbclient_runs or max(3, n // 3))]
            row = {
                "bare": statistics.median(bare),
                "warm_answer": statistics.median(w[0] for w in warm),
                "warm": statistics.median(w[1] for w in warm),
                "cold_answer": statistics.median(c[0] for c in cold),
                "cold": statistics.median(c[1] for c in cold),
                "nbclient": statistics.median(nbc),
            }
            row["overhead_ms"] = (row["warm"] - row["bare"]) * 1000
            row["speedup_vs_nbclient"] = row["nbclient"] / row["warm"]
            results["notebooks"][name] = row
    return results


def print_table(results: dict[str, Any]) -> None:
    cols = ("bare", "warm_answer", "warm", "cold_answer", "cold", "nbclient")
    print(f"sandbox benchmark, medians of {results['n']} runs (ms per notebook)")
    print(
        f"{'notebook':20}"
        + "".join(f"{c:>13}" for c in cols)
        + f"{'overhead':>10}{'vs nbclient':>13}"
    )
    for name, row in results["notebooks"].items():
        print(
            f"{name:20}"
            + "".join(f"{row[c] * 1000:13.1f}" for c in cols)
            + f"{row['overhead_ms']:9.1f}ms{row['speedup_vs_nbclient']:12.1f}x"
        )
    print("warm/cold: start -> all cells -> calls answered -> closed; *_answer: before close")
    print("overhead = warm - bare (target <= 50 ms); vs nbclient = nbclient / warm (target >= 10x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10, help="runs per way and notebook")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = run(args.n)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
