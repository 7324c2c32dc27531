"""Submissions that attack the grader, graded as a user grades them: `nngrade grade` (a batch
with a classmate and the empty template), `nngrade submit`, the Classroom step and Dask.

Each attack is a file in `cases/attacks/` that tries to earn points or do harm from outside
its sandbox (see each file's docstring). Each must earn what the empty template earns (0),
change no file outside its sandbox (the class folder, the output folder, HOME, site-packages,
nngrade's own files, /tmp and /dev/shm), leave no process behind, and leave the rest of the
batch graded as if it were not there. These tests run as root and, in CI, again as an
unprivileged uid (see .ci/run).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import site
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nngrade.classroom import workflow_yaml
from nngrade.sandbox import bwrap
from tests.batch.support import rows
from tests.helpers import HW6, ROOT, run_nngrade

from .conftest import CASES

ATTACKS = sorted(p.stem for p in (CASES / "attacks").glob("*.py"))
BATCH_ATTACKS = [a for a in ATTACKS if a != "forge_github_output"]
SECRET = "nngrade-attack-secret-7f3a"
MARKERS = ("nngrade-attack-outlive",)
LEFTOVER = "nngrade-attack-leftover"

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux confinement"),
    pytest.mark.skipif(not bwrap.available(), reason=f"no confinement: {bwrap.problem()}"),
]


# --- what must not change -----------------------------------------------------------------


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _tree(root: Path, suffixes: tuple[str, ...] = ()) -> dict[str, str]:
    found = {}
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_file() and (not suffixes or path.suffix in suffixes):
            found[str(path)] = _digest(path)
    return found


def _site_packages() -> dict[str, str]:
    """The .pth files of every site-packages folder (what a planted one would add to)."""
    found = {}
    for folder in {*site.getsitepackages(), *(p for p in sys.path if p.endswith("-packages"))}:
        for pth in Path(folder).glob("*.pth"):
            found[str(pth)] = _digest(pth)
    return found


def _scratch() -> dict[str, str]:
    """What an attack may leave in the machine's shared folders."""
    found = {}
    for folder in ("/tmp", "/dev/shm", "/var/tmp"):
        for name in (LEFTOVER, "conftest.py", "PWNED-by-dask"):
            path = Path(folder, name)
            if path.exists():
                found[str(path)] = _digest(path)
    return found


def snapshot(*roots: Path) -> dict[str, str]:
    state = {}
    for root in roots:
        state.update(_tree(root))
    for package in ("grader", "reference", "assignments"):
        state.update(_tree(ROOT / package, (".py", ".toml", ".ipynb", ".ini")))
    state.update(_site_packages())
    state.update(_scratch())
    return state


def survivors() -> list[str]:
    """Command lines of live processes that an attack started to outlive grading."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().decode("utf-8", "replace")
            with open(f"/proc/{pid}/status") as f:
                if "State:\tZ" in f.read():
                    continue
        except OSError:
            continue
        if any(marker in cmdline for marker in MARKERS):
            found.append(f"{pid}: {cmdline}")
    return found


class Listener:
    """A TCP service of the host on loopback: it records every connection it gets."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


# --- the batch ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """One `nngrade grade -j 2` over every attack, a classmate (the solution) and the empty
    template, with a fake HOME, a secret and a GITHUB_OUTPUT file in the grader's environment
    and a TCP listener on loopback. Returns what the tests check."""
    root = tmp_path_factory.mktemp("attacked")
    klass, out, home = root / "class", root / "out", root / "home"
    klass.mkdir()
    home.mkdir()
    (home / ".bashrc").write_text("# the instructor's\n")
    for attack in BATCH_ATTACKS:
        shutil.copy(CASES / "attacks" / f"{attack}.py", klass / f"{attack}.py")
    shutil.copy(HW6 / "solution.ipynb", klass / "classmate.ipynb")
    shutil.copy(HW6 / "hw6.ipynb", klass / "template.ipynb")
    github_output = root / "github_output"
    github_output.write_text("")
    listener = Listener()
    before = snapshot(klass, home, root)
    env = {"HOME": str(home), "NNGRADE_ATTACK_SECRET": SECRET, "GITHUB_OUTPUT": str(github_output)}
    started = time.monotonic()
    proc = run_nngrade("grade", "hw6", klass, "-j", "2", "--out", out, "--seed", "7",
                       "--lang", "en", env=env, timeout=600)  # fmt: skip
    seconds = time.monotonic() - started
    time.sleep(0.5)  # anything left behind has had time to show itself
    grades = {student: (status, score) for student, status, score in rows(out)}
    after = snapshot(klass, home, root)
    listener.close()
    yield {
        "proc": proc, "grades": grades, "before": before, "after": after, "root": root,
        "out": out, "listener": listener, "seconds": seconds, "env": env,
    }  # fmt: skip


def _written_by_nngrade(path: str, out: Path) -> bool:
    """The output folder, and matplotlib's font cache that the grader's own plots build."""
    return path.startswith(str(out) + os.sep) or f"{os.sep}.cache{os.sep}matplotlib" in path


def test_the_batch_survives_every_attack(attacked):
    proc = attacked["proc"]
    assert proc.returncode == 0, proc.stderr
    grades = attacked["grades"]
    assert sorted(grades) == sorted([*BATCH_ATTACKS, "classmate", "template"])
    assert grades["classmate"] == ("graded", 14)  # not overwritten, not disturbed
    assert grades["template"][1] == 0


@pytest.mark.parametrize("attack", BATCH_ATTACKS)
def test_an_attack_earns_what_the_empty_template_earns(attacked, attack):
    assert attacked["grades"][attack][1] == attacked["grades"]["template"][1] == 0


def test_no_file_outside_the_sandbox_changed(attacked):
    before, after, out = attacked["before"], attacked["after"], attacked["out"]
    changed = {
        path
        for path in set(before) | set(after)
        if before.get(path) != after.get(path) and not _written_by_nngrade(path, out)
    }
    assert changed == set()
    planted = [p for p in attacked["root"].rglob("*") if p.name.startswith("PWNED")]
    assert planted == []


def test_nothing_an_attack_started_survives(attacked):
    assert survivors() == []


def test_no_connection_reached_the_host(attacked):
    assert attacked["listener"].accepted == 0


def test_a_planted_conftest_is_never_loaded_later(attacked, tmp_path):
    proc = run_nngrade("submit", HW6 / "hw6.ipynb", "--format", "json", "--seed", "7",
                       env=attacked["env"])  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["score"] == 0


def test_the_worker_sees_nothing_of_the_grader(attacked):
    # The grader's secret never reached a file an attack could write (proc_snoop writes one
    # next to every folder it finds on a command line); the GITHUB_OUTPUT file is untouched.
    github_output = attacked["root"] / "github_output"
    assert github_output.read_text() == ""
    assert SECRET not in "".join(
        p.read_text(errors="replace") for p in attacked["root"].rglob("*.json")
    )


# --- nngrade submit, one attack at a time ---------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_submit_gives_an_attack_nothing(attack, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("# the student's\n")
    target = tmp_path / f"hw6_{attack}.py"
    shutil.copy(CASES / "attacks" / f"{attack}.py", target)
    github_output = tmp_path / "github_output"
    github_output.write_text("")
    before = snapshot(tmp_path)
    env = {"HOME": str(home), "GITHUB_OUTPUT": str(github_output)}
    proc = run_nngrade("submit", target, "--format", "json", "--seed", "7", env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["score"] == 0
    time.sleep(0.2)
    assert snapshot(tmp_path) == before
    assert survivors() == []


# --- the GitHub Classroom step ---------------------------------------------------------------


def test_the_classroom_step_records_zero_for_a_forged_result(tmp_path):
    """The generated step, run with bash as GitHub runs it, on a submission that appends a
    full-marks result to $GITHUB_OUTPUT and kills every process it can see."""
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(workflow_yaml("hw6", "hw6.py"))
    script = workflow["jobs"]["run-autograding-tests"]["steps"][4]["run"]
    shutil.copy(CASES / "attacks" / "forge_github_output.py", tmp_path / "hw6.py")
    output = tmp_path / "github_output"
    output.write_text("")
    env = {
        **os.environ,
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = output.read_text().splitlines()
    result = json.loads(base64.b64decode(line.removeprefix("result=")))
    assert sum(t["score"] for t in result["tests"]) == 0
    assert result["max_score"] == 14  # nngrade's own result, not the fallback


# --- Dask -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_dask_workers_are_out_of_an_attacks_reach(tmp_path):
    pytest.importorskip("distributed")
    klass, out = tmp_path / "class", tmp_path / "out"
    klass.mkdir()
    for attack in ("loopback_tcp", "conftest_plant", "proc_snoop", "patch_nngrade"):
        shutil.copy(CASES / "attacks" / f"{attack}.py", klass / f"{attack}.py")
    shutil.copy(HW6 / "solution.ipynb", klass / "classmate.ipynb")
    before = snapshot(klass, tmp_path)
    proc = run_nngrade("grade", "hw6", klass, "-j", "1", "--out", out, "--dask", "local",
                       "--seed", "7", timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    grades = {student: score for student, _, score in rows(out)}
    assert grades.pop("classmate") == 14
    assert set(grades.values()) == {0}
    after = snapshot(klass, tmp_path)
    assert {p for p in set(before) | set(after) if before.get(p) != after.get(p)
            and not _written_by_nngrade(p, out)} == set()  # fmt: skip
    assert survivors() == []
