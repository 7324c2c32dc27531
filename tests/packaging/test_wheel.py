"""What ships to students: the wheel, built from this tree as a user's `pip` builds it.

It carries the grader, the oracles (the visible tests call them, and the lecture publishes the
same formulas), each assignment's starter notebook, visible tests and data, and never a
solution notebook or a hidden test. The slow test installs it in a fresh virtual environment
outside the tree and goes through a student's first session with it.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

ASSIGNMENTS = sorted(p.parent.name for p in (ROOT / "assignments").glob("*/assignment.toml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of a copy of the tree's files (tracked and new, not ignored), so the build
    leaves nothing behind in the worktree."""
    tmp = tmp_path_factory.mktemp("wheel")
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    src = tmp / "src"
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         str(src), "-w", str(tmp / "dist")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (built,) = (tmp / "dist").glob("nngrade-*.whl")
    return built


def test_wheel_has_no_solution_and_no_hidden_test(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        notebooks = {n: archive.read(n).decode("utf-8") for n in names if n.endswith(".ipynb")}
    leaks = [n for n in names if "solution" in n.lower() or "/hidden/" in n]
    assert leaks == []
    answers = [n for n, text in notebooks.items() if "SOLUTION" in text]
    assert answers == []  # no notebook with BEGIN/END SOLUTION markers under another name


def test_wheel_has_the_grader_starters_visible_tests_and_data(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for a in ASSIGNMENTS:
        folder = ROOT / "assignments" / a
        assert f"nngrade/assignments/{a}/assignment.toml" in names
        for test in (folder / "tests").glob("*.py"):
            assert f"nngrade/assignments/{a}/tests/{test.name}" in names
    assert "nngrade/assignments/hw6/hw6.ipynb" in names
    assert "nngrade/assignments/hw6/lecture/lecture6.py" in names  # the similarity report's base
    assert "nngrade/assignments/keras/data/digits.npz" in names
    assert "nngrade/reference/mlp.py" in names  # the oracles the visible tests call
    assert "nngrade/sandbox/inside/zygote.py" in names  # what runs inside the sandbox
    assert "nngrade/templates/gradescope_run_autograder.sh" in names


def fill_in(starter: Path, solution: Path) -> None:
    """A student's finished notebook: the starter's code cells with the solution's answers."""
    student, answers = (json.loads(p.read_text(encoding="utf-8")) for p in (starter, solution))
    code = [c for c in answers["cells"] if c["cell_type"] == "code"]
    cells = [c for c in student["cells"] if c["cell_type"] == "code"]
    assert len(cells) == len(code)
    for cell, answer in zip(cells, code, strict=True):
        source = "".join(answer["source"])
        cell["source"] = "\n".join(
            line for line in source.splitlines() if "SOLUTION" not in line.split("#")[-1]
        )
    starter.write_text(json.dumps(student), encoding="utf-8")


@pytest.mark.slow
def test_a_student_installs_the_wheel_starts_and_submits(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies (NumPy, IPython, pytest, rich, TensorFlow...) from this environment, as
    # plain paths: the editable nngrade's import hook lives in a .pth file there, which is
    # not run for a path added this way, so `import nngrade` finds the wheel's.
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # pip installs into the new environment (`--python`), console script included.
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    nngrade = venv / "bin" / "nngrade"

    home = tmp_path / "student"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NNGRADE_ASSIGNMENTS")}
    env.update(NO_COLOR="1", COLUMNS="120")

    def run(*args: str | Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(a) for a in args], cwd=home, env=env, capture_output=True, text=True, timeout=600
        )

    where = run(python, "-c", "import nngrade; print(nngrade.__file__)")
    assert where.stdout.strip().startswith(purelib), where
    installed = Path(purelib) / "nngrade" / "assignments"
    assert not list(installed.rglob("solution*")) and not list(installed.rglob("hidden"))
    assert run(nngrade, "--version").stdout.startswith("nngrade ")

    started = run(nngrade, "start", "hw6", "--lang", "en")
    assert started.returncode == 0, started.stderr
    assert "nngrade submit hw6.ipynb" in started.stdout
    fill_in(home / "hw6.ipynb", ROOT / "assignments" / "hw6" / "solution.ipynb")

    graded = run(nngrade, "submit", "hw6.ipynb", "--lang", "en", "--seed", "1")
    assert graded.returncode == 0, graded.stderr
    # issue 24: full visible marks read as full, with what is still to come.
    assert (
        "Score: 9/9 visible · 5 more points from hidden tests after the deadline" in graded.stdout
    ), graded.stdout
    assert "Score: 9/14" not in graded.stdout
    # The HTML feedback renders the notebook's Markdown and LaTeX with what the wheel installs.
    page = run(nngrade, "submit", "hw6.ipynb", "-o", "feedback.html", "--seed", "1")
    assert page.returncode == 0, page.stderr
    html = (home / "feedback.html").read_text(encoding="utf-8")
    assert "<h2>1. 활성화 함수 (activations, 2점)</h2>" in html and "<math" in html
