"""Gradescope: results.json against the spec's fields, and the autograder zip's scripts."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from nngrade.gradescope import build_autograder, run_autograder, setup_sh
from nngrade.render.gradescope import gradescope_result, render_gradescope

ROOT = Path(__file__).resolve().parents[2]
SPEC_TOP = {
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "leaderboard",
}
SPEC_TEST = {
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def test_fields_are_the_specs(every_results):
    for results in every_results:
        data = json.loads(render_gradescope(results))
        assert set(data) <= SPEC_TOP
        assert data["score"] == results.score
        assert data["output_format"] in {"text", "simple_format", "html", "md", "ansi"}
        assert data["visibility"] in VISIBILITY and data["stdout_visibility"] in VISIBILITY
        for test in data["tests"]:
            assert set(test) <= SPEC_TEST
            assert test["status"] in {"passed", "failed"}
            assert test["visibility"] in VISIBILITY
            assert isinstance(test["number"], str)


def test_one_test_per_task(partial):
    data = gradescope_result(partial)
    assert data["score"] == 10.5
    assert data["execution_time"] == 2.9
    assert [t["number"] for t in data["tests"]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [(t["score"], t["max_score"]) for t in data["tests"]] == [
        (task.earned, task.points) for task in partial.tasks
    ]
    activations = data["tests"][0]
    assert activations["name"] == "activations: step, sigmoid, tanh and relu, elementwise"
    assert activations["status"] == "failed"
    assert activations["output"].startswith(
        "✗ test_sigmoid_matches_reference_and_survives_extremes: failed (0/0.5 pts)\n"
        "sigmoid(x) differs at [0]"
    )
    assert data["tests"][2]["status"] == "passed" and data["tests"][2]["output"] == ""


def test_summary_output_is_markdown_without_the_tasks(partial):
    output = gradescope_result(partial)["output"]
    assert "## Score: 10.5/14" in output
    assert "## Cells that raised an error" in output
    assert "| ✗ |" not in output  # Gradescope lists the tasks itself


def test_hidden_tests(partial, korean):
    data = gradescope_result(partial)
    assert "SECRET" not in json.dumps(data)
    gd = data["tests"][4]
    assert gd["visibility"] == "visible"
    assert gd["output"] == "hidden tests: 0/1 passed"
    train = gradescope_result(korean)["tests"][6]  # all its tests are hidden
    assert train["visibility"] == "after_published"
    assert train["output"] == "숨은 테스트: 2개 중 1개 통과"
    assert "비밀" not in json.dumps(gradescope_result(korean), ensure_ascii=False)


def test_not_graded(not_graded):
    data = gradescope_result(not_graded)
    assert data["score"] == 0
    assert "could not be graded" in data["output"]
    assert all(t["status"] == "failed" and "not a notebook" in t["output"] for t in data["tests"])


# -- the autograder zip ----------------------------------------------------------------------


def test_zip_has_the_two_entry_points_executable(tmp_path):
    out = build_autograder("hw6", tmp_path / "hw6-autograder.zip", install_spec="nngrade==0.1.0")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert names[:2] == ["setup.sh", "run_autograder"]
        # The assignment folder travels with them, hidden tests included, the solution never.
        assert "assignments/hw6/assignment.toml" in names
        assert "assignments/hw6/tests/test_forward.py" in names
        assert "assignments/hw6/hidden/test_hidden_hw6.py" in names
        assert not [n for n in names if "solution" in n]
        for info in archive.infolist()[:2]:
            assert stat.S_IMODE(info.external_attr >> 16) == 0o755
        setup = archive.read("setup.sh").decode()
        run = archive.read("run_autograder").decode()
    assert "INSTALL_SPEC=(nngrade==0.1.0)" in setup
    assert "ASSIGNMENT=hw6\n" in run
    # The same inputs, the same bytes: the zip can be checked in and compared.
    again = build_autograder("hw6", tmp_path / "again.zip", install_spec="nngrade==0.1.0")
    assert again.read_bytes() == out.read_bytes()


def test_scripts_are_valid_bash():
    for script in (setup_sh("nngrade[keras]==0.1.0"), run_autograder("hw6")):
        assert subprocess.run(["bash", "-n"], input=script, text=True).returncode == 0
    assert "INSTALL_SPEC=('nngrade[keras]==0.1.0')" in setup_sh("nngrade[keras]==0.1.0")


def autograder_tree(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    """A fake /autograder: run_autograder, submission/<files>, results/."""
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    script = root / "run_autograder"
    script.write_text(run_autograder("hw6"), encoding="utf-8")
    script.chmod(0o755)
    for name, content in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def run_tree(
    root: Path, path_prefix: Path | None = None
) -> tuple[subprocess.CompletedProcess, dict]:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root)}
    if path_prefix is not None:
        env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
    proc = subprocess.run(
        [str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    return proc, results


def fake_nngrade(tmp_path: Path, body: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "nngrade"
    fake.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
    fake.chmod(0o755)
    return bin_dir


def test_run_autograder_picks_the_submission_and_calls_nngrade(tmp_path):
    root = autograder_tree(
        tmp_path,
        {"notes.py": "x = 1", "hw6.ipynb": "{}", ".ipynb_checkpoints/hw6-checkpoint.ipynb": "{}"},
    )
    # A fake nngrade that records its arguments and writes a results.json.
    bin_dir = fake_nngrade(
        tmp_path,
        'printf "%s\\n" "$@" > "$(dirname "$0")/args"\n'
        'out="${@: -1}"; echo \'{"score": 3, "tests": []}\' > "$out"\n',
    )
    _, results = run_tree(root, bin_dir)
    assert results == {"score": 3, "tests": []}
    args = (bin_dir / "args").read_text().splitlines()
    assert args == [
        "submit",
        str(root / "submission" / "hw6.ipynb"),
        "--assignment",
        "hw6",
        "--format",
        "gradescope",
        "-o",
        str(root / "results" / "results.json"),
    ]


def test_run_autograder_writes_results_when_nngrade_fails(tmp_path):
    root = autograder_tree(tmp_path, {"my hw6 (final).ipynb": "{}"})
    bin_dir = fake_nngrade(tmp_path, 'echo "nngrade: internal error: boom" >&2\nexit 2\n')
    _, results = run_tree(root, bin_dir)
    assert results["score"] == 0 and results["tests"] == []
    assert "nngrade exited with status 2 without results." in results["output"]
    assert "internal error: boom" in results["output"]


def test_run_autograder_with_nothing_gradable(tmp_path):
    _, results = run_tree(autograder_tree(tmp_path, {"README.txt": "hi"}))
    assert results["score"] == 0
    assert "No notebook (.ipynb) or Python file (.py) was submitted" in results["output"]


def test_run_autograder_with_two_notebooks(tmp_path):
    _, results = run_tree(autograder_tree(tmp_path, {"a.ipynb": "{}", "b.ipynb": "{}"}))
    assert results["score"] == 0
    assert "Several files were submitted" in results["output"]
    assert "a.ipynb" in results["output"] and "b.ipynb" in results["output"]


def _cli_problem() -> str | None:
    """Why the real `nngrade submit` cannot be used here, or None."""
    if shutil.which("nngrade") is None:
        return "the nngrade command is not installed"
    proc = subprocess.run(["nngrade", "submit", "--help"], capture_output=True, text=True)
    if proc.returncode != 0:
        return "`nngrade submit` is not available yet"
    return None


def test_run_autograder_with_the_real_cli(tmp_path):
    if problem := _cli_problem():
        pytest.skip(problem)
    solution = ROOT / "assignments" / "hw6" / "solution.ipynb"
    direct = subprocess.run(
        [
            "nngrade",
            "submit",
            str(solution),
            "--assignment",
            "hw6",
            "--format",
            "json",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if direct.returncode != 0:
        pytest.skip(f"`nngrade submit` cannot grade hw6 yet: {direct.stderr.strip()[-300:]}")
    expected = json.loads(direct.stdout)

    root = autograder_tree(tmp_path, {"hw6.ipynb": solution.read_bytes()})
    _, results = run_tree(root)
    assert results["score"] == expected["score"] == expected["max_score"]
    assert [t["name"].split(":")[0] for t in results["tests"]] == [
        t["name"] for t in expected["tasks"]
    ]
    assert all(t["status"] == "passed" for t in results["tests"])
