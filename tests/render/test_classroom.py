"""GitHub Classroom: the result the grading reporter reads, and the workflow that produces it.

`reporter()` below transcribes the arithmetic of classroom-resources/autograding-grading-reporter
as /work/shared/formats.md describes it (src/main.js, src/notify-classroom.js,
src/console-results.js): it is what decides the points Classroom records.
"""

from __future__ import annotations

import base64
import json
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from nngrade.classroom import init_classroom, results_env_var, workflow_yaml
from nngrade.errors import UsageError
from nngrade.render.classroom import classroom_result, render_classroom, write_github_output
from nngrade.render.i18n import points
from nngrade.results import Results

ROOT = Path(__file__).resolve().parents[2]


def reporter(env: dict[str, str], runners: str) -> dict:
    """What the reporter does with the runners' results, in Python.

    main.js: runner ids split on whitespace/commas; each reads `<ID upper-cased>_RESULTS`,
    base64-decoded, JSON-parsed. notify-classroom.js: over runners with a truthy max_score,
    totalPoints += every test's score, maxPoints += max_score; no notice when maxPoints is 0.
    console-results.js: per runner, (tests with status "pass" / tests) * max_score.
    main.js: the job fails when any runner's status is "fail" or "error".
    """
    decoded = []
    for runner in filter(None, re.split(r"[\s,]", runners)):
        encoded = env[f"{runner.strip().upper()}_RESULTS"]
        decoded.append((runner, json.loads(base64.b64decode(encoded).decode("utf-8"))))
    total = maximum = 0
    for _, result in decoded:
        if not result["max_score"]:
            continue
        maximum += result["max_score"]
        for test in result["tests"]:  # a result without "tests" crashes the real reporter here
            total += test["score"]
    notices = []
    if maximum:
        notices.append(f"Points {_js(total)}/{_js(maximum)}")
        notices.append(json.dumps({"totalPoints": total, "maxPoints": maximum}))
    console = {
        runner: sum(t["status"] == "pass" for t in r["tests"]) / len(r["tests"]) * r["max_score"]
        for runner, r in decoded
    }
    failed = any(r["status"] in ("fail", "error") for _, r in decoded)
    return {
        "notices": notices,
        "total": total,
        "max": maximum,
        "console": console,
        "failed": failed,
    }


def _js(number: float) -> str:
    """A number as JavaScript's template string writes it (14, 10.5)."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def run_reporter(results: Results, runner: str = "nngrade") -> dict:
    return reporter({results_env_var(runner): render_classroom(results)}, runner)


def test_classroom_records_exactly_nngrades_total(every_results):
    for results in every_results:
        outcome = run_reporter(results)
        assert outcome["total"] == results.score
        assert outcome["max"] == results.max_score
        expected = f"Points {points(results.score)}/{points(results.max_score)}"
        assert outcome["notices"][0] == expected, (results.status, results.lang)


def test_status_passes_only_at_full_marks(full_marks, partial, korean, not_graded, timed_out):
    statuses = {
        "full": classroom_result(full_marks)["status"],
        "partial": classroom_result(partial)["status"],
        "korean": classroom_result(korean)["status"],
        "not graded": classroom_result(not_graded)["status"],
        "timeout": classroom_result(timed_out)["status"],
    }
    assert statuses == {
        "full": "pass",
        "partial": "fail",
        "korean": "fail",
        "not graded": "error",
        "timeout": "error",
    }
    assert not run_reporter(full_marks)["failed"]
    assert run_reporter(partial)["failed"]
    assert run_reporter(not_graded)["failed"]


def test_console_line_is_per_task_and_differs_below_full_marks(full_marks, partial):
    # The console prints (tasks passed / tasks) * max_score: right at full marks, coarser
    # below (3 of 7 tasks at full marks -> 6 of 14). The recorded points are the notice's.
    assert run_reporter(full_marks)["console"]["nngrade"] == 14
    assert run_reporter(partial)["console"]["nngrade"] == pytest.approx(6.0)
    assert run_reporter(partial)["notices"][0] == "Points 10.5/14"


def test_one_entry_per_task_with_its_points(partial):
    result = classroom_result(partial)
    assert result["version"] == 1
    assert result["max_score"] == 14
    assert [t["name"].split(":")[0] for t in result["tests"]] == [t.name for t in partial.tasks]
    by_task = {t["name"].split(":")[0]: t for t in result["tests"]}
    assert by_task["forward"] == {
        "name": "forward: predict(x, W1, B1, W2, B2) returns (layer0, layer1, layer2)",
        "status": "pass",
        "score": 2,
        "message": "2/2 pts",
        "test_code": "tests/test_forward.py::test_predict_gives_the_lecture_numbers, "
        "tests/test_forward.py::test_predict_matches_reference_for_random_sizes",
        "filename": "hw6.ipynb",
        "line_no": 0,
        "duration": 80,
    }
    assert by_task["activations"]["status"] == "fail"
    assert by_task["activations"]["score"] == 1.5
    assert "sigmoid(x) differs at [0]" in by_task["activations"]["message"]
    assert by_task["loss"]["status"] == "error"  # the student's code raised
    assert by_task["backprop"]["status"] == "error"  # timed out


def test_hidden_tests_are_a_count(partial):
    decoded = base64.b64decode(render_classroom(partial)).decode("utf-8")
    assert "SECRET" not in decoded
    assert "test_trajectory_far_from_the_minimum" not in decoded
    gd = next(t for t in classroom_result(partial)["tests"] if t["name"].startswith("gradient"))
    assert gd["message"] == "1/2 pts\nhidden tests: 0/1 passed"


def test_not_graded_still_sends_tests_with_the_reason(not_graded):
    result = classroom_result(not_graded)
    assert result["status"] == "error"
    assert result["max_score"] == 14  # Classroom records 0/14, not nothing
    assert len(result["tests"]) == 7
    assert all(t["score"] == 0 and t["status"] == "error" for t in result["tests"])
    assert "not a notebook" in result["tests"][0]["message"]


def test_unknown_assignment_sends_one_entry(not_graded):
    not_graded.tasks = []
    result = classroom_result(not_graded)
    assert result["max_score"] == 0
    (entry,) = result["tests"]
    assert entry["status"] == "error"
    assert "not a notebook" in entry["message"]
    assert run_reporter(not_graded)["notices"] == []  # the reporter records nothing at max 0


def test_korean_survives_base64(korean):
    result = json.loads(base64.b64decode(render_classroom(korean)).decode("utf-8"))
    forward = next(t for t in result["tests"] if t["name"].startswith("forward"))
    assert forward["message"].startswith("1/2점\n")
    assert "0.524979를 얻었지만" in forward["message"]


def test_write_github_output_appends_a_result_line(partial, tmp_path, monkeypatch):
    output = tmp_path / "github_output"
    output.write_text("other=1\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    write_github_output(partial)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines == ["other=1", f"result={render_classroom(partial)}"]

    monkeypatch.delenv("GITHUB_OUTPUT")
    with pytest.raises(RuntimeError, match="GITHUB_OUTPUT"):
        write_github_output(partial)


# -- the workflow ---------------------------------------------------------------------------


def test_env_var_keeps_hyphens():
    assert results_env_var("nngrade") == "NNGRADE_RESULTS"
    assert results_env_var("nn-hw6") == "NN-HW6_RESULTS"


def test_workflow_has_classrooms_shape():
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(workflow_yaml("hw6", "hw6.ipynb", runner_id="nn-hw6"))
    assert workflow["on"] == {"push": None, "repository_dispatch": None}
    assert workflow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    job = workflow["jobs"]["run-autograding-tests"]
    assert job["if"] == "github.actor != 'github-classroom[bot]'"
    steps = job["steps"]
    assert [s.get("uses") for s in steps] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        None,
        None,
        None,
        "classroom-resources/autograding-grading-reporter@v1",
    ]
    assert steps[1]["with"] == {"python-version": "3.11"}
    assert steps[2]["run"].strip() == "pip install nngrade"
    assert "apt-get install -y -qq bubblewrap" in steps[3]["run"]
    grade, report = steps[4], steps[5]
    assert grade["id"] == "nn-hw6"
    assert (
        'nngrade submit hw6.ipynb --assignment hw6 --format classroom -o "$result_file"'
        in grade["run"]
    )
    assert report["env"] == {"NN-HW6_RESULTS": "${{steps.nn-hw6.outputs.result}}"}
    assert report["with"] == {"runners": "nn-hw6"}


def test_workflow_quotes_what_the_shell_and_yaml_would_misread():
    yaml = pytest.importorskip("yaml")
    text = workflow_yaml("hw6", "my work: hw6 (final).ipynb", python="3.10")
    workflow = yaml.safe_load(text)
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    assert steps[1]["with"]["python-version"] == "3.10"  # a string, not the float 3.1
    assert steps[4]["name"] == "Grade my work: hw6 (final).ipynb"
    assert "nngrade submit 'my work: hw6 (final).ipynb'" in steps[4]["run"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"assignment_id": "hw 6", "notebook": "hw6.ipynb"},
        {"assignment_id": "hw6", "notebook": "hw6.ipynb", "runner_id": "6nn"},
        {"assignment_id": "hw6", "notebook": "hw6.ipynb", "runner_id": "nn.hw6"},
        {"assignment_id": "hw6", "notebook": "a\nb.ipynb"},
        {"assignment_id": "hw6", "notebook": "hw6.ipynb", "python": "latest"},
    ],
)
def test_workflow_refuses_what_would_break_it(kwargs):
    with pytest.raises(UsageError):
        workflow_yaml(**kwargs)


def _grade_step(text: str) -> str:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(text)["jobs"]["run-autograding-tests"]["steps"][4]["run"]


def _run_step(script: str, tmp_path: Path, fake_nngrade: str) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "nngrade"
    fake.write_text("#!/usr/bin/env bash\n" + fake_nngrade, encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    output = tmp_path / "github_output"
    output.write_text("")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(tmp_path),
    }
    # GitHub runs `run:` with `bash -e {0}`.
    proc = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return output.read_text(encoding="utf-8")


def test_grade_step_stays_green_and_keeps_nngrades_result(partial, tmp_path):
    result = render_classroom(partial)
    script = _grade_step(workflow_yaml("hw6", "hw6.ipynb"))
    fake = f'echo "{result}" > "${{@: -1}}"\nexit 1\n'  # graded, below full marks
    assert _run_step(script, tmp_path, fake) == f"result={result}\n"


def _full_marks() -> str:
    entry = {"name": "all", "status": "pass", "score": 14, "test_code": "", "filename": ""}
    result = {"version": 1, "status": "pass", "max_score": 14, "tests": [entry]}
    return base64.b64encode(json.dumps(result).encode()).decode()


def _recorded_points(output: str) -> float:
    (line,) = output.splitlines()
    result = json.loads(base64.b64decode(line.removeprefix("result=")))
    return sum(t["score"] for t in result["tests"])


def test_grade_step_never_shows_nngrade_the_step_output_file(tmp_path):
    # Code that runs beside nngrade (unconfined) cannot forge a result: $GITHUB_OUTPUT is not
    # in nngrade's environment at all.
    script = _grade_step(workflow_yaml("hw6", "hw6.ipynb"))
    forge = (
        f'[ -n "$GITHUB_OUTPUT" ] && echo "result={_full_marks()}" >> "$GITHUB_OUTPUT"\nexit 0\n'
    )
    assert _recorded_points(_run_step(script, tmp_path, forge)) == 0


def test_a_killed_nngrade_records_zero_whatever_its_file_says(tmp_path):
    script = _grade_step(workflow_yaml("hw6", "hw6.ipynb"))
    killed = f'echo "{_full_marks()}" > "${{@: -1}}"\nkill -9 $$\n'
    output = _run_step(script, tmp_path, killed)
    assert _recorded_points(output) == 0
    # Out of hw6's 14, so the reporter records 0/14 for this push rather than nothing.
    assert json.loads(base64.b64decode(output.strip().removeprefix("result=")))["max_score"] == 14
    garbage = 'printf "AAAA\\nresult=forged" > "${@: -1}"\nexit 0\n'
    assert _recorded_points(_run_step(script, tmp_path, garbage)) == 0


def test_grade_step_sends_an_error_result_when_nngrade_cannot_run(tmp_path):
    script = _grade_step(workflow_yaml("hw6", "hw6.ipynb"))
    output = _run_step(script, tmp_path, "echo 'nngrade: internal error' >&2\nexit 2\n")
    (line,) = output.splitlines()
    result = json.loads(base64.b64decode(line.removeprefix("result=")))
    outcome = reporter({"NNGRADE_RESULTS": line.removeprefix("result=")}, "nngrade")
    assert result["status"] == "error" and result["tests"]
    # Classroom records 0 of the assignment's 14 points for this push, and the job fails.
    assert outcome["failed"] and outcome["notices"][0] == "Points 0/14"


def test_init_classroom_writes_and_refuses_to_overwrite(tmp_path):
    written = init_classroom("hw6", tmp_path)
    path = tmp_path / ".github" / "workflows" / "classroom.yml"
    assert written[0] == path and tmp_path / "hw6.ipynb" in written
    text = path.read_text(encoding="utf-8")
    assert "nngrade submit hw6.ipynb --assignment hw6 --assignments .nngrade" in text
    with pytest.raises(UsageError, match="already exists"):
        init_classroom("hw6", tmp_path, "other.ipynb")
    assert not (tmp_path / "other.ipynb").exists()  # refused before writing anything
    init_classroom("hw6", tmp_path, "other.ipynb", force=True)
    assert "nngrade submit other.ipynb" in path.read_text(encoding="utf-8")


def test_template_copy_is_what_the_generator_writes():
    copy = (ROOT / ".github" / "classroom" / "hw6-classroom.yml").read_text(encoding="utf-8")
    generated = workflow_yaml("hw6", "hw6.ipynb")
    # The first line names the nngrade version that wrote it; the rest must match.
    assert copy.split("\n", 1)[1] == generated.split("\n", 1)[1]
