"""Helpers of the batch tests: a small class of real submission files, and the CLI.

`nngrade grade` runs as a user runs it (`python -m nngrade.cli grade ...`).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from tests.helpers import HW6, ROOT, run_nngrade

FIXTURES = Path(__file__).parent / "fixtures"
CLI_FIXTURES = ROOT / "tests" / "cli" / "fixtures"

# student folder/file -> (source file, expected status, expected score or None)
CLASS = {
    "hw6-alice/hw6.ipynb": (HW6 / "solution.ipynb", "graded", 14),
    "hw6-bob/hw6.ipynb": (CLI_FIXTURES / "mistake_mean_loss.ipynb", "graded", 13),
    # predict without B1: forward lost, and 1 of train's 3 (issue 13: one bug costs one task)
    "hw6-carol/hw6.ipynb": (CLI_FIXTURES / "mistake_missing_bias.ipynb", "graded", 12),
    "hw6-dave/hw6.py": (CLI_FIXTURES / "hw6_module.py", "graded", 14),
    "hw6-erin/hw6.ipynb": (FIXTURES / "malformed.ipynb", "error", 0),
    "hw6-frank/hw6.ipynb": (FIXTURES / "crash_exit.ipynb", "graded", None),
    "hw6-grace/hw6.ipynb": (FIXTURES / "hang_cell.ipynb", "graded", None),
    "hw6-heidi/hw6.ipynb": (HW6 / "hw6.ipynb", "graded", 0),
    "hw6-ivan/hw6.ipynb": (FIXTURES / "recursion.ipynb", "graded", None),
}
SKIPPED = ["hw6-alice/.ipynb_checkpoints/hw6-checkpoint.ipynb", "hw6-bob/.git/hooks/pre-commit.py"]


def nngrade(
    *args: str | Path, timeout: float = 300, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run the nngrade CLI as a user does, on a terminal wide enough for the class tables."""
    return run_nngrade(*args, env={"COLUMNS": "160", **(env or {})}, timeout=timeout)


def make_class(folder: Path, names: list[str] | None = None) -> Path:
    """Copy the class (or the named part of it) into `folder`, Classroom layout."""
    for rel, (source, _, _) in CLASS.items():
        if names is None or rel.split("/")[0].removeprefix("hw6-") in names:
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    if names is None:
        for rel in SKIPPED:
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("raise SystemExit('not a submission')\n")
    return folder


def with_limits(folder: Path, **limits: float) -> Path:
    """A copy of hw6 under `folder` (an --assignments folder) with its [limits] replaced."""
    target = folder / "hw6"
    shutil.copytree(HW6, target, ignore=shutil.ignore_patterns("__pycache__"))
    toml = target / "assignment.toml"
    table = "[limits]\n" + "".join(f"{k} = {v}\n" for k, v in limits.items())
    text = re.sub(r"\[limits\]\n(?:.*\n)*?(?=\n\[\[tasks\]\])", table, toml.read_text())
    toml.write_text(text)
    return folder


def rows(
    out: Path,
    sql: str = "SELECT student, status, score FROM submissions ORDER BY student",
    params=(),
) -> list[tuple]:
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()
