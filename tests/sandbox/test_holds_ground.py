"""Issue 20: the grader holds its own ground. Each class of weakness has an attack in
`cases/i20/`, graded as a user grades it (`python -m nngrade.cli submit`, `python -m nngrade`,
`grade -j 1` and `grade -j 2`) on a copy of hw6 with tight limits, so that each takes seconds.
For each: what the honest classmates of the batch score, the grader's peak memory (under
1 GiB), and that every test's time is bounded and every limit that stopped one is reported.
These tests run as root and, in CI, again as an unprivileged uid (see .ci/run).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from nngrade import protocol
from nngrade.answers import check_served_arguments
from nngrade.sandbox import WorkerPool, bwrap
from tests.batch.support import rows
from tests.helpers import HW6

from .conftest import CASES, ROOMY, sandbox_for

I20 = CASES / "i20"
GIB = 2**30
TIGHT = {
    "notebook_timeout": 20,
    "cell_timeout": 2,
    "call_timeout": 5,
    "serving_seconds": 3,
    "test_wall_seconds": 30,
    "max_processes": 32,
}
"""The copied assignment's limits: each attack is stopped within seconds."""

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux confinement"),
    pytest.mark.skipif(not bwrap.available(), reason=f"no confinement: {bwrap.problem()}"),
]


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    """A folder every uid can read (the sandbox's uid, as root, must reach nothing private by
    accident: what it must not see is hidden by the sandbox, not by modes), with a copy of hw6
    under tight limits in `assignments/hw6tight`."""
    root = tmp_path_factory.mktemp("i20")
    root.chmod(0o755)
    folder = root / "assignments" / "hw6tight"
    shutil.copytree(HW6, folder)
    toml = (folder / "assignment.toml").read_text()
    toml = toml.replace('id = "hw6"', 'id = "hw6tight"')
    toml = re.sub(r"(?m)^(notebook_timeout|cell_timeout|call_timeout) = .*\n", "", toml)
    limits = "".join(f"{k} = {v}\n" for k, v in TIGHT.items())
    toml = toml.replace("[limits]\n", "[limits]\n" + limits, 1)
    (folder / "assignment.toml").write_text(toml)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return root


def run(*args: str | Path, cwd: Path, module: str = "nngrade.cli", timeout: float = 300):
    """`python -m MODULE ARGS` as a user runs it, with the grader's peak memory (bytes, RSS of
    the grader process itself, polled) beside the completed process."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *map(str, args)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watched, peak, started = psutil.Process(proc.pid), 0, time.monotonic()
    while proc.poll() is None and time.monotonic() - started < timeout:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, watched.memory_info().rss)
        time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
    out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), peak


def submit(place: Path, case: str, *, module: str = "nngrade.cli", cwd: Path | None = None):
    """Grade one attack with the tight hw6; (results, peak bytes, seconds)."""
    target = place / case
    shutil.copy(I20 / case, target)
    target.chmod(0o644)
    started = time.monotonic()
    proc, peak = run("submit", target, "--assignments", place / "assignments",
                     "--assignment", "hw6tight", "--format", "json", "--seed", "7", "--lang", "en",
                     cwd=cwd or place, module=module)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), peak, time.monotonic() - started


def _tests_of(results: dict, task: str | None = None) -> list[dict]:
    return [t for k in results["tasks"] if task in (None, k["name"]) for t in k["tests"]]


def assert_bounded(results: dict, seconds: float) -> None:
    """Every test ended within its wall bound (plus the serving budget), and the run too."""
    for test in _tests_of(results):
        assert test["duration"] < TIGHT["test_wall_seconds"] + 5, test
    assert results["timings"]["total"] < seconds


# --- 1. bounded decoding --------------------------------------------------------------------


def test_a_buffer_referenced_many_times_counts_every_time():
    caps = protocol.Caps(max_decoded_bytes=10 * 2**20)
    encoded, buffers = protocol.encode(np.zeros(2**20 // 8 * 4))  # one 4 MB array
    protocol.decode({"list": [encoded] * 2}, buffers, caps)  # 8 MB: fine
    with pytest.raises(protocol.Unsupported, match="values of 12 MB in all; at most 10 MB"):
        protocol.decode({"list": [encoded] * 3}, buffers, caps)


def _raw(header: bytes, body: bytes = b"") -> socket.socket:
    ours, theirs = socket.socketpair()
    theirs.sendall(struct.pack(">4sIQ", b"NNG1", len(header), len(body)) + header + body)
    theirs.close()
    return ours


def test_a_header_is_counted_before_it_is_parsed():
    caps = protocol.Caps(max_header_items=1000)
    header = json.dumps({"op": "value", "value": {"list": [{"dict": {}}] * 2000}}).encode()
    with pytest.raises(protocol.ProtocolError, match="at most 1,000 can be sent"):
        protocol.recv(_raw(header), caps)


def test_a_message_of_too_many_buffers_is_refused_before_its_body_is_read():
    caps = protocol.Caps(max_buffers=100)
    header = json.dumps({"op": "value", "value": None, "buffers": [0] * 101}).encode()
    with pytest.raises(protocol.ProtocolError, match="101 buffers; at most 100"):
        protocol.recv(_raw(header), caps)
    with pytest.raises(protocol.Unsupported, match="more than 100 arrays"):
        protocol.encode([np.float64(1)] * 101, caps)


@pytest.mark.parametrize("module", ["nngrade.cli", "nngrade"])
def test_a_reply_that_would_fill_the_graders_memory_fails_its_tests(place, module):
    results, peak, seconds = submit(place, "huge_reply.py", module=module)
    assert peak < GIB, f"grader peak {peak / 2**20:.0f} MB"
    assert results["score"] == 0
    step = _tests_of(results, "activations")[0]
    assert "values of 384 MB in all; at most 256 MB can be sent" in step["message"]
    assert_bounded(results, 60)


# --- 2. bounded serving and a wall bound on every test --------------------------------------


def test_a_served_call_is_checked_before_the_grader_runs_it():
    small = np.ones((4, 2))
    check_served_arguments("predict", [small, np.ones((2, 3)), np.ones(3), 0.5, 10])
    for args in (
        [np.ones((8000, 1)), np.ones((1, 8000))],  # an 8000 x 8000 product
        [np.ones((2, 2, 2))],
        [small, 10**9],  # a billion epochs
        ["text"],
    ):
        with pytest.raises(ValueError, match="predict"):
            check_served_arguments("predict", args)


def test_slow_serving_stops_at_the_tests_serving_budget_and_says_so(place):
    results, peak, seconds = submit(place, "slow_serving.py")
    hits = [h for h in results["limits"] if h["limit"] == "serving_seconds"]
    assert hits and all(h["value"] == TIGHT["serving_seconds"] for h in hits)
    assert all(t["outcome"] != "passed" for t in _tests_of(results, "train"))
    assert peak < GIB
    assert_bounded(results, 60)


def test_a_statement_that_blocks_is_stopped_at_its_work_limit_and_reported(place):
    results, _, seconds = submit(place, "blocking_cell.py")
    [hit] = [h for h in results["limits"] if h["limit"] == "cell_timeout"]
    assert hit["value"] == TIGHT["cell_timeout"]
    # It blocks for 6 s beside a thread using a fifth of a core: stopped at 2 s, not run out.
    assert results["timings"]["notebook"] < 5.5


# --- 3. nothing survives from one student to the next in a slot -----------------------------


def _batch(place: Path, name: str, cases: dict[str, Path], jobs: int):
    klass, out = place / name, place / f"{name}-out"
    klass.mkdir()
    for target, source in cases.items():
        shutil.copy(source, klass / target)
        (klass / target).chmod(0o644)
    klass.chmod(0o755)
    proc, peak = run("grade", "hw6tight", klass, "--assignments", place / "assignments",
                     "-j", str(jobs), "--out", out, "--seed", "7", "--lang", "en",
                     cwd=place)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    grades = {student: (status, score) for student, status, score in rows(out)}
    return grades, peak, out


@pytest.mark.parametrize("jobs", [1])
def test_what_a_student_leaves_in_a_slot_is_gone_for_the_next(place, jobs):
    """One slot: the first breaks /tmp and leaves its answers everywhere it can write, the
    second loads them, the third is an honest classmate and the fourth the empty template."""
    grades, peak, _ = _batch(place, f"slot{jobs}", {
        "a_plant.py": I20 / "a_plant.py",
        "b_load.py": I20 / "b_load.py",
        "c_classmate.ipynb": HW6 / "solution.ipynb",
        "d_template.ipynb": HW6 / "hw6.ipynb",
    }, jobs)  # fmt: skip
    assert grades["c_classmate"] == ("graded", 14)
    assert grades["b_load"] == ("graded", 0)  # found nothing, and did not crash
    assert grades["d_template"][1] == 0
    assert peak < GIB


def test_every_attack_in_a_batch_of_two_slots_leaves_the_classmates_whole(place):
    cases = {f"{c}.py": I20 / f"{c}.py" for c in ("huge_reply", "thread_flood", "a_plant")}
    cases |= {"classmate.ipynb": HW6 / "solution.ipynb", "template.ipynb": HW6 / "hw6.ipynb"}
    grades, peak, out = _batch(place, "two", cases, 2)
    assert grades["classmate"] == ("graded", 14)
    assert grades["template"][1] == 0
    assert all(grades[c.removesuffix(".py")][1] == 0 for c in cases if c.endswith(".py"))
    assert peak < GIB
    flood = (out / "feedback" / "thread_flood.md").read_text()
    started = int(re.search(r"FLOOD started (\d+)", flood).group(1))
    assert started < TIGHT["max_processes"]  # for any uid: root's own uid, or the namespace's


def test_a_fork_server_that_fails_is_replaced_and_the_student_is_not_charged():
    with WorkerPool(size=1) as pool:
        acquire, killed = pool.acquire, []

        def acquire_then_fail(*args, **kwargs):
            server = acquire(*args, **kwargs)
            if not killed:  # the slot's fork server dies as this student is started
                tree = psutil.Process(server.proc.pid)
                for process in [*tree.children(recursive=True), tree]:
                    with contextlib.suppress(psutil.Error):
                        process.kill()
                server.proc.wait()
                killed.append(server)
            return server

        pool.acquire = acquire_then_fail
        with sandbox_for("values.py", ROOMY, pool=pool) as sb:
            report = sb.run_report()
            assert killed
            assert report.restarts == 0 and not report.errors
            assert {c.status for c in report.cells} == {"ok"}
            assert sb.call("count").value == 1


# --- 4. the sandbox's view does not depend on how nngrade is started ------------------------


@pytest.mark.parametrize("module", ["nngrade.cli", "nngrade"])
def test_the_current_folder_is_not_in_the_sandbox(place, module):
    """Started from a folder holding a classmate's notebook, the tests and a gradebook."""
    here = place / f"here-{module}"
    here.mkdir()
    shutil.copy(HW6 / "solution.ipynb", here / "classmate.ipynb")
    shutil.copytree(HW6 / "tests", here / "tests")
    (here / "grades.csv").write_text("student,total\nkim,14\n")
    for path in [here, *here.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    results, _, _ = submit(place, "read_cwd.py", module=module, cwd=here)
    assert results["score"] == 0
