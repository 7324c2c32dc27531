"""The Gradescope zip installs nngrade from what it carries, with no package index.

A simulated Gradescope machine: the zip unpacked in `<root>/source`, a fresh virtual
environment as the image's Python, pip forbidden to reach any index (`PIP_NO_INDEX=1`, no
pip configuration), `apt-get` unavailable. The heavy dependencies (NumPy, IPython, pytest...)
are this environment's, seen by the new one without its editable nngrade; the zip pins them,
and pip must find every pin satisfied. Then `run_autograder` grades hw6 with the nngrade the
zip carried, and the hidden tests that travelled in the zip cost their points.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.packaging.image import nngrade_location, offline_environment

pytestmark = pytest.mark.slow

LOOKUP = ROOT / "tests" / "cli" / "fixtures" / "lookup_table.ipynb"
FALLBACK = "installing the pinned versions from the index"


@pytest.fixture(scope="module")
def zip_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`nngrade gradescope hw6` as an instructor runs it, from this checkout."""
    out = tmp_path_factory.mktemp("zip") / "hw6-autograder.zip"
    proc = subprocess.run(
        [Path(sys.executable).parent / "nngrade", "gradescope", "hw6", "-o", out],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return out


def gradescope_machine(tmp_path: Path, zip_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(the autograder root, the image's Python environment, the environment variables)."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):
        (root / "source" / script).chmod(0o755)
    venv, env = offline_environment(tmp_path)
    env["AUTOGRADER_ROOT"] = str(root)
    return root, venv, env


def run_setup(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", root / "source" / "setup.sh"],
        cwd=root / "source", env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_the_zip_carries_the_wheel_and_the_pins_never_the_solution(zip_path, tmp_path):
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        pins = archive.read("dist/constraints.txt").decode().splitlines()
        setup = archive.read("setup.sh").decode()
    from nngrade import __version__

    assert f"dist/nngrade-{__version__}-py3-none-any.whl" in names
    assert "assignments/hw6/hidden/test_hidden_hw6.py" in names
    assert not [n for n in names if "solution" in n]
    import numpy

    assert f"numpy=={numpy.__version__}" in pins  # the instructor's version, exactly
    assert f"WHEEL=dist/nngrade-{__version__}-py3-none-any.whl" in setup
    # The wheel is the package a student installs: visible tests and starters, no answer.
    wheel = wheel_files(zip_path)
    assert "nngrade/assignments/hw6/tests/test_forward.py" in wheel
    assert "nngrade/assignments/hw6/hw6.ipynb" in wheel
    assert not [n for n in wheel if "solution" in n or "/hidden/" in n]
    # The same checkout and environment, the same bytes: a zip can be checked in and compared.
    from nngrade.gradescope import build_autograder

    again = build_autograder("hw6", tmp_path / "again.zip")
    assert again.read_bytes() == zip_path.read_bytes()
    assert "INSTALL_SPEC=()" in setup  # nothing from the index


def test_a_pin_the_machine_does_not_satisfy_stops_the_install(zip_path, tmp_path):
    root, venv, env = gradescope_machine(tmp_path, zip_path)
    constraints = root / "source" / "dist" / "constraints.txt"
    text = constraints.read_text()
    numpy_pin = next(line for line in text.splitlines() if line.startswith("numpy=="))
    constraints.write_text(text.replace(numpy_pin, "numpy==1.0.0"))
    proc = run_setup(root, env)
    assert proc.returncode != 0
    assert "numpy==1.0.0" in proc.stdout + proc.stderr
    assert not (venv / "bin" / "nngrade").exists()


def test_setup_installs_from_the_zip_offline_and_the_hidden_tests_cost_their_points(
    zip_path, tmp_path
):
    root, venv, env = gradescope_machine(tmp_path, zip_path)
    setup = run_setup(root, env)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert FALLBACK not in setup.stdout  # everything came from the zip and the image
    if shutil.which("bwrap"):  # bubblewrap and pip were already there: nothing to apt-get
        assert "apt-get called" not in setup.stderr
    where = nngrade_location(venv, env)
    assert where.startswith(str(venv)), where  # the zip's wheel, not this checkout

    (root / "submission").mkdir()
    shutil.copy(LOOKUP, root / "submission" / "hw6.ipynb")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    proc = subprocess.run(
        [root / "run_autograder"], env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    assert "made with nngrade" not in proc.stderr  # the version that made the zip runs
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    # A table of the visible cases: 2.25 points of the visible tests, none of the hidden ones,
    # out of hw6's 14 (the visible tests alone are worth 9).
    assert results["score"] == 2.25, results
    assert sum(t["max_score"] for t in results["tests"]) == 14
    hidden = [t["output"] for t in results["tests"] if "hidden tests: 0/" in t["output"]]
    assert hidden, results["tests"]

    # The installed nngrade makes the next term's zip: its wheel is packed again from the
    # install, with the same files as the wheel it came from.
    again = tmp_path / "again.zip"
    proc = subprocess.run(
        [venv / "bin" / "nngrade", "gradescope", "hw6", "-o", again],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert wheel_files(again) == wheel_files(zip_path)


def wheel_files(zip_path: Path) -> dict[str, bytes]:
    """The files of the nngrade wheel in an autograder zip, but its RECORD."""
    with zipfile.ZipFile(zip_path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".whl")]
        inner = tmp = Path(archive.extract(name, zip_path.parent / "inner"))
    with zipfile.ZipFile(inner) as wheel:
        files = {n: wheel.read(n) for n in wheel.namelist() if not n.endswith("/RECORD")}
    shutil.rmtree(tmp.parent.parent)
    return files


def test_bundle_deps_without_an_index_is_one_line_and_writes_no_zip(tmp_path):
    """`--bundle-deps` downloads the dependency wheels when the zip is made: with no index
    to download from, the instructor gets one line, and no zip that would not install."""
    out = tmp_path / "hw6-autograder.zip"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull)
    proc = subprocess.run(
        [Path(sys.executable).parent / "nngrade", "gradescope", "hw6", "-o", out,
         "--bundle-deps", "--lang", "en"],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("nngrade: could not download the dependency wheels for Gradescope: ")
    assert not out.exists()
