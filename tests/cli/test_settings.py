"""The `NNGRADE_*` variables (issue 23): read in `nngrade.settings` only, each typed, with its
default, and listed in the README."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nngrade import settings

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_but_settings_reads_an_nngrade_variable() -> None:
    readers = []
    for path in (ROOT / "grader").rglob("*.py"):
        if path.name == "settings.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"environ(\.get)?[\[(]\s*[\"']NNGRADE_|getenv\([\"']NNGRADE_", line):
                readers.append(f"{path.relative_to(ROOT)}:{n}")
    assert readers == []


def test_the_readme_lists_every_setting_with_what_it_does() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(NNGRADE_\w+)` \| (.+) \|$", readme, flags=re.MULTILINE))
    assert rows == {s.name: s.doc for s in settings.SETTINGS}


@pytest.mark.parametrize(
    ("raw", "on"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("false", False),
     ("", False), ("no", False)],
)  # fmt: skip
def test_a_switch_is_on_only_when_it_says_so(raw: str, on: bool) -> None:
    assert settings.FORCE_UNCONFINED.get({"NNGRADE_FORCE_UNCONFINED": raw}) is on
    assert settings.ALLOW_UNCONFINED.get({"NNGRADE_ALLOW_UNCONFINED": raw}) is on


def test_an_unset_variable_has_its_default() -> None:
    assert settings.ASSIGNMENTS.get({}) == ()
    assert settings.DEBUG.get({}) is False
    assert settings.CHECK_LOG.get({}) == ""
    both = f"a{os.pathsep}{os.pathsep}b"
    assert settings.ASSIGNMENTS.get({"NNGRADE_ASSIGNMENTS": both}) == ("a", "b")


def test_importing_settings_stays_cheap() -> None:
    code = "import sys, nngrade.settings; print(sorted(m for m in sys.modules if m in "
    code += "('dataclasses', 'inspect', 'importlib.metadata', 'numpy', 'rich')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_nngrade_assignments_is_searched_by_the_command(tmp_path: Path) -> None:
    from tests.helpers import run_nngrade

    own = tmp_path / "mine" / "tiny"
    own.mkdir(parents=True)
    (own / "assignment.toml").write_text(
        'id = "tiny"\ntitle = "a tiny one"\nstudent_file = "tiny.py"\n'
        '[[tasks]]\nname = "t"\npoints = 1\n',
        encoding="utf-8",
    )
    listed = run_nngrade("list", env={"NNGRADE_ASSIGNMENTS": str(tmp_path / "mine")})
    assert listed.returncode == 0, listed.stderr
    assert "tiny" in listed.stdout
