"""`nngrade submit` keeps heavy imports off the student's path (start-up is measured)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import HW6

HEAVY = ("tensorflow", "keras", "nbformat", "jsonschema", "nbconvert", "matplotlib", "IPython")


def test_submit_of_a_numpy_assignment_imports_nothing_heavy_in_the_grader():
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "nngrade.cli",
            "submit",
            str(HW6 / "solution.ipynb"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))
