"""A `Grader` owns one assignment's warm sandbox pool and pytest session (issue 12)."""

from __future__ import annotations

import os
import shutil

import psutil
import pytest

from nngrade.assignment import load_assignment
from nngrade.engine import grade, grade_file
from nngrade.errors import NngradeError, UsageError
from nngrade.grader import Grader
from nngrade.sandbox.process import cold_server
from nngrade.submission import load_submission
from tests.helpers import HW6


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def test_a_grader_keeps_one_test_session_for_every_submission_and_ends_it_with_its_pool():
    before = _children()
    assignment = load_assignment(HW6)
    with Grader(assignment, pool=1) as grader:
        grader.warm()
        session = grader.harness
        scores = [
            grade(load_submission(HW6 / name), grader, seed=3).score
            for name in ("solution.ipynb", "hw6.ipynb")
        ]
        assert grader.harness is session and session.alive
        assert _children() - before  # the pool's fork server
    assert scores == [14, 0]
    assert not session.alive
    assert not psutil.wait_procs([psutil.Process(p) for p in _children() - before], timeout=10)[1]
    with pytest.raises(RuntimeError, match="closed"):
        grader.sandbox(load_submission(HW6 / "hw6.ipynb"))


def test_the_assignments_own_limits_reach_its_sandboxes(tmp_path):
    folder = tmp_path / "hw6"
    shutil.copytree(HW6, folder)
    toml = folder / "assignment.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("call_timeout = 10\n", "call_timeout = 4\n", 1),
        encoding="utf-8",
    )
    with Grader(load_assignment(folder)) as grader:
        assert grader.limits.call_timeout == 4
        box = grader.sandbox(load_submission(HW6 / "hw6.ipynb"))
        try:
            assert box.limits.call_timeout == 4
        finally:
            box.close()


def test_a_tests_folder_that_is_not_a_folder_is_refused_before_anything_starts(tmp_path):
    with pytest.raises(UsageError, match="--tests must name a folder"):
        Grader(load_assignment(HW6), [tmp_path / "missing"])


# issue 23: a cold `nngrade submit` starts its fork server before it reads the file.


def test_a_fork_server_started_ahead_runs_the_submission_and_ends_with_it():
    before = _children()
    server = cold_server()
    results = grade_file(HW6 / "solution.ipynb", seed=3, server=server)
    assert results.score == 14
    assert len(server.forked) == 1  # the worker was forked there, not in a fork server of its own
    assert not server.alive
    assert not psutil.wait_procs([psutil.Process(p) for p in _children() - before], timeout=10)[1]


@pytest.mark.parametrize("problem", ["missing file", "unknown assignment", "tests not a folder"])
def test_a_fork_server_started_ahead_stops_when_nothing_can_be_graded(problem, tmp_path):
    notebook = tmp_path / "mystery.ipynb"
    shutil.copy(HW6 / "solution.ipynb", notebook)
    args = {
        "missing file": dict(path=tmp_path / "missing.ipynb"),
        "unknown assignment": dict(path=notebook, assignment="no-such-assignment"),
        "tests not a folder": dict(path=notebook, assignment="hw6", hidden_tests=[notebook]),
    }[problem]
    before = _children()
    server = cold_server()
    with pytest.raises(NngradeError):
        grade_file(args.pop("path"), server=server, **args)
    assert not server.alive and not server.forked
    assert not psutil.wait_procs([psutil.Process(p) for p in _children() - before], timeout=10)[1]
    assert not getattr(server, "home", "") or not os.path.exists(server.home)
