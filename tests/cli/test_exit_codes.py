"""Exit codes (issue 23): a usage error exits 2, an internal error 3 with one line that names
the file holding its traceback; `ExitCode` is the one list of them and the README's table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from nngrade.exit_codes import ExitCode
from tests.helpers import run_nngrade

ROOT = Path(__file__).resolve().parents[2]

# `nngrade list` with its assignment search broken, as a bug in nngrade would break it.
BROKEN_LIST = """
import sys
import nngrade.assignment

def broken(*args, **kwargs):
    raise RuntimeError("a bug in nngrade")

nngrade.assignment.list_assignments = broken
from nngrade.cli import main
sys.exit(main(["list"]))
"""


def _run_broken(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BROKEN_LIST],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path), "NNGRADE_DEBUG": "", "LANG": "C", **env},
        timeout=120,
    )


def test_a_usage_error_exits_2() -> None:
    assert run_nngrade("list", "--no-such-option").returncode == ExitCode.USAGE == 2
    unknown = run_nngrade("grade", "no-such-assignment", ".")
    assert unknown.returncode == ExitCode.USAGE
    assert "Traceback" not in unknown.stderr


def test_an_internal_error_exits_3_with_one_line_naming_its_traceback(tmp_path: Path) -> None:
    proc = _run_broken(tmp_path)
    assert proc.returncode == ExitCode.INTERNAL == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("nngrade: internal error: RuntimeError: a bug in nngrade")
    written = re.search(r"traceback is in (\S+);", lines[0])
    assert written is not None
    traceback = Path(written.group(1))
    assert traceback.parent == tmp_path
    text = traceback.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "in broken\nRuntimeError: a bug in nngrade" in text


def test_an_internal_error_is_said_in_korean_under_a_korean_locale(tmp_path: Path) -> None:
    proc = _run_broken(tmp_path, LANG="ko_KR.UTF-8")
    assert proc.returncode == ExitCode.INTERNAL
    assert "채점기 내부 오류: RuntimeError" in proc.stderr


def test_nngrade_debug_shows_the_traceback_instead(tmp_path: Path) -> None:
    proc = _run_broken(tmp_path, NNGRADE_DEBUG="1")
    assert proc.returncode == 1  # Python's own exit for an uncaught exception
    assert "Traceback (most recent call last)" in proc.stderr
    assert not list(tmp_path.glob("nngrade-traceback-*"))


def test_the_readme_lists_every_exit_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d+) +\| (.+?) +\|$", readme, flags=re.MULTILINE))
    assert {int(code) for code in table} == {int(code) for code in ExitCode}
