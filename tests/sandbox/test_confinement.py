"""The confinement every worker runs in (bubblewrap), and what nngrade does where it is missing."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import numpy as np
import pytest

from nngrade.checks import GradingFailure, affordable, updated
from nngrade.sandbox import bwrap
from nngrade.sandbox.process import nngrade_dirs
from tests.helpers import HW6, ROOT, run_nngrade

from .conftest import ROOMY, sandbox_for

confined = pytest.mark.skipif(not bwrap.available(), reason=f"no confinement: {bwrap.problem()}")
UNCONFINED = {bwrap.FORCE_UNCONFINED_VAR: "1", "NNGRADE_ALLOW_UNCONFINED": ""}


def _bind_sources(args: list[str]) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args) if a in ("--ro-bind", "--bind")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux")
def test_the_sandbox_binds_no_folder_of_nngrade_the_home_or_a_repository():
    if bwrap.executable() is None:
        pytest.skip("no bwrap")
    args = bwrap.command(["python"], hide=nngrade_dirs(), home="/tmp/home")
    sources = _bind_sources(args)
    assert str(ROOT) not in sources and os.path.expanduser("~") not in sources
    for source in sources:
        assert not (Path(source) / ".git").exists(), source
        assert not Path(source, "assignments", "hw6", "solution.ipynb").exists(), source
    assert "--unshare-net" in args or "--unshare-all" in args
    assert args[args.index("/tmp") - 5] == "--size"  # a size-limited /tmp


@confined
def test_the_worker_sees_only_python_and_its_own_scratch(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret")
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:8786")
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        with sandbox_for("view.py", ROOMY) as sb:
            sb.run_report()
            for hidden in (ROOT, ROOT / ".git", HW6 / "tests", *map(Path, nngrade_dirs())):
                assert sb.call("sees", str(hidden)).value is False, hidden
            # Of the home folder, only the way to the interpreter (pyenv) if it is there.
            python = bwrap.python_dirs(nngrade_dirs())
            for name in sb.call("listing", str(Path.home())).value:
                assert any(p.startswith(str(Path.home() / name)) for p in python), name
            assert sb.call("sees", sys.base_prefix).value is True
            assert sb.call("connects", listener.getsockname()[1]).value is False
            names = sb.call("variables").value
            assert not [n for n in names if n.startswith(("GITHUB", "DASK"))]
            assert sb.call("listing", "/dev/shm").value == []
            assert len(sb.call("processes").value) <= 4  # bwrap's init, the fork server, itself
            assert "bubblewrap" in sb.confinement
            effective, permitted = sb.call("capabilities").value[:2]  # CapPrm, CapEff order
            assert int(effective, 16) == int(permitted, 16) == 0  # no capability at all
    finally:
        listener.close()


def test_submit_grades_unconfined_with_a_one_line_warning(tmp_path):
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "--format", "json", env=UNCONFINED)
    assert proc.returncode == 0, proc.stderr
    (line,) = [line for line in proc.stderr.splitlines() if line.strip()]
    if os.geteuid() == 0:  # root without bubblewrap: each worker runs as a uid of its own
        assert line.startswith("nngrade: note: bubblewrap cannot run here")
        assert "runs as a separate user that cannot read the tests" in line
    else:
        assert line.startswith("nngrade: warning: your code runs unconfined here")


@pytest.mark.parametrize(
    "command",
    [
        ["grade", "hw6", str(HW6 / "hw6.ipynb")],
        ["submit", str(HW6 / "hw6.ipynb"), "--format", "classroom"],
    ],
)
def test_grading_others_unconfined_is_refused_with_the_fix(command, tmp_path):
    proc = run_nngrade(*command, "--lang", "en", cwd=tmp_path, env=UNCONFINED)
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert "refuses to run students' code unconfined" in line
    assert (
        "apt install bubblewrap" in line
        and "kernel.apparmor_restrict_unprivileged_userns=0" in line
    )
    assert "--allow-unconfined" in line
    assert list(tmp_path.iterdir()) == []


def test_allow_unconfined_grades_and_says_so(tmp_path):
    proc = run_nngrade("grade", "hw6", HW6 / "hw6.ipynb", "--out", tmp_path / "out",
                       "--allow-unconfined", env=UNCONFINED)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "warning: students' code runs unconfined" in proc.stderr
    assert (tmp_path / "out" / "grades.csv").exists()


def test_shapes_are_checked_before_an_oracle_computes_with_them():
    big = np.zeros((200_000, 1, 1))
    with pytest.raises(GradingFailure, match="would need 152,587 MB"):
        affordable(big, np.zeros((1, 100_000)), what="layer2")
    affordable(np.zeros((3, 1)), np.zeros((1, 4)), what="fine")

    class Returned:
        value = (big, np.zeros(2))

    with pytest.raises(GradingFailure, match=r"shape \(200000, 1, 1\)|\(200000, 1, 1\)"):
        updated(Returned(), range(2), what="fit(...)", like=(np.zeros((2, 2)), np.zeros(2)))
