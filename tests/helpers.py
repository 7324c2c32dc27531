"""Helpers shared by nngrade's own tests: running the CLI as a user does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HW6 = ROOT / "assignments" / "hw6"

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def run_nngrade(
    *args: str | Path, cwd: Path | None = None, env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run the `nngrade` command as a user does, capturing its output."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "nngrade.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )


def submit_json(path: Path, *extra: str) -> dict:
    """Grade `path` through the CLI and return the JSON results."""
    proc = run_nngrade("submit", path, "--format", "json", "--seed", "7", "--lang", "en", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def lost_tasks(results: dict) -> set[str]:
    """The tasks not at full marks."""
    return {t["name"] for t in results["tasks"] if t["earned"] < t["points"]}


def messages(results: dict) -> str:
    """Every test's message, one per line (for assertion output)."""
    return "\n".join(
        t["message"] for task in results["tasks"] for t in task["tests"] if t["message"]
    )


def assert_template_scores_zero(results: dict) -> None:
    """Every test of the untouched student notebook fails with "not implemented yet"."""
    assert results["score"] == 0
    assert lost_tasks(results) == {t["name"] for t in results["tasks"]}
    for task in results["tasks"]:
        for test in task["tests"]:
            if not test["hidden"]:  # a hidden test's message is never shown
                assert "not implemented yet" in test["message"], test


def assert_full_marks(results: dict, points: float) -> None:
    """Every point of the assignment's `points`, and no cell that raised."""
    assert (results["score"], results["max_score"]) == (points, points), messages(results)
    assert results["cell_errors"] == []
