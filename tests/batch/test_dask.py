"""`--dask`: the same grades from a Dask cluster (a LocalCluster of 2 workers) as from a local run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch.support import make_class, nngrade, rows

pytest.importorskip("distributed")

STUDENTS = ["alice", "bob", "carol", "dave", "erin", "heidi"]


def grades(out) -> dict[str, tuple]:
    """Student -> (status, score, points of each task, outcome of each test)."""
    found = {}
    for student, data in rows(out, "SELECT student, results_json FROM submissions"):
        r = json.loads(data)
        tasks = tuple((t["name"], t["earned"]) for t in r["tasks"])
        tests = tuple(sorted((x["id"], x["outcome"]) for t in r["tasks"] for x in t["tests"]))
        found[student] = (r["status"], r["score"], tasks, tests, r["seed"])
    return found


def test_dask_local_cluster_gives_the_same_grades_as_a_local_run(tmp_path, fast_hw6, graded):
    _, local_out, _ = graded  # the same files, graded locally with the same seed
    folder = make_class(tmp_path / "submissions", STUDENTS)
    out = tmp_path / "dask"
    proc = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--seed", "7", "--lang", "en",
                   "-j", "2", "--out", out, "--dask", "local")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    by_dask, by_local = grades(out), grades(local_out)
    assert sorted(by_dask) == STUDENTS
    assert by_dask == {s: by_local[s] for s in STUDENTS}
    assert rows(out, "SELECT backend FROM runs") == [("dask local",)]
    # the paths recorded are the client's, not the workers' temporary copies
    paths = [p for (p,) in rows(out, "SELECT path FROM submissions")]
    assert all(p.startswith(str(folder.resolve())) for p in paths)


def test_the_assignment_and_hidden_tests_travel_to_the_workers(tmp_path):
    from nngrade.batch.dask_runner import pack_assignment, unpack_assignment
    from nngrade.batch.runner import GradingConfig
    from tests.helpers import HW6

    hidden = tmp_path / "hidden"
    (hidden / "__pycache__").mkdir(parents=True)
    (hidden / "test_secret.py").write_text("# an instructor's test")
    (hidden / "__pycache__" / "junk.pyc").write_bytes(b"x")
    config = GradingConfig(str(HW6), (str(hidden),), seed=1, lang="en", timeout=60)
    local = unpack_assignment(pack_assignment(config), tmp_path / "worker", config)
    assert (Path(local.assignment_dir) / "assignment.toml").read_bytes() == (
        HW6 / "assignment.toml"
    ).read_bytes()
    assert sorted(
        p.name for p in (Path(local.assignment_dir) / "tests").glob("test_*.py")
    ) == sorted(p.name for p in (HW6 / "tests").glob("test_*.py"))
    (secret,) = [Path(d) / "test_secret.py" for d in local.hidden_dirs]
    assert secret.read_text() == "# an instructor's test"
    assert not list(Path(local.hidden_dirs[0]).glob("__pycache__"))


def test_unreachable_scheduler_is_a_one_line_error(tmp_path, fast_hw6):
    folder = make_class(tmp_path / "submissions", ["alice"])
    proc = nngrade("grade", "hw6", folder, "--assignments", fast_hw6, "--out", tmp_path / "out",
                   "--dask", "tcp://127.0.0.1:9", timeout=120,
                   env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})  # fmt: skip
    assert proc.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
