"""`nngrade classroom init --install CHOICE`: the workflow installs what the instructor chose.

With a wheel, the wheel is committed to the template repository and the workflow's install
step, run as GitHub runs it in a runner that can reach no package index, installs nngrade from
it; then the grading step grades with that nngrade."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nngrade import __version__
from nngrade.assignment import find_assignment
from nngrade.classroom import install_command
from nngrade.errors import UsageError
from nngrade.wheelhouse import own_wheel
from tests.packaging.image import nngrade_location, offline_environment

WHEEL = f"nngrade-{__version__}-py3-none-any.whl"


def workflow_steps(repo: Path) -> dict[str, dict]:
    yaml = pytest.importorskip("yaml")
    text = (repo / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(text)["jobs"]["run-autograding-tests"]["steps"]
    return {s["name"]: s for s in steps}


def init(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [Path(sys.executable).parent / "nngrade", "classroom", "init", *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.slow
def test_install_wheel_commits_it_and_the_runner_installs_nngrade_from_it(tmp_path):
    wheel = own_wheel(tmp_path / "dist")
    repo = tmp_path / "repo"
    proc = init("hw6", repo, "--install", wheel)
    assert proc.returncode == 0, proc.stderr
    committed = repo / ".nngrade" / "wheels" / WHEEL
    assert committed.read_bytes() == wheel.read_bytes()
    install = workflow_steps(repo)["Install nngrade"]["run"]
    assert install.strip() == f"pip install ./.nngrade/wheels/{WHEEL}"

    # The step as GitHub runs it (`bash -e`), in the checked-out repository, offline.
    venv, env = offline_environment(tmp_path)
    run = subprocess.run(
        ["bash", "-e", "-c", install], cwd=repo, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert nngrade_location(venv, env).startswith(str(venv))
    version = subprocess.run(
        ["nngrade", "--version"], env=env, capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"nngrade {__version__}"


def test_each_install_choice_gives_its_command(tmp_path):
    hw6, keras = find_assignment("hw6"), find_assignment("keras")
    assert install_command(None, hw6) == (f"pip install nngrade=={__version__}", None)
    assert install_command("released", keras) == (
        f"pip install 'nngrade[keras]=={__version__}'",
        None,
    )
    assert install_command("released==0.2.0", hw6)[0] == "pip install nngrade==0.2.0"
    url = "git+https://github.com/OWNER/nngrade@v0.1.0"
    assert install_command(url, keras)[0] == f"pip install 'nngrade[keras] @ {url}'"
    assert install_command("pip install -e .", hw6)[0] == "pip install -e ."
    wheel = tmp_path / WHEEL
    wheel.write_bytes(b"")
    with pytest.raises(UsageError, match="not an nngrade wheel"):
        install_command(str(wheel), hw6)  # an empty file is not a wheel
    for bad in ("nngrade", "https://example.org/x", "git+https://a b"):
        with pytest.raises(UsageError, match="not an install choice"):
            install_command(bad, hw6)


def test_a_wrong_install_choice_is_one_line_and_writes_nothing(tmp_path):
    proc = init("hw6", tmp_path / "repo", "--install", tmp_path / "missing.whl")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no such wheel" in proc.stderr
    assert not (tmp_path / "repo").exists()
