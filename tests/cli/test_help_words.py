"""`--help` is words as data (issue 23): every help line and description of every `nngrade`
parser is a catalog key, and `--lang ko` writes all of it, argparse's own words included, in
Korean."""

from __future__ import annotations

import argparse

import pytest

from nngrade.cli import COMMANDS, _parser
from nngrade.command import help_words
from nngrade.messages import CATALOG, say
from tests.helpers import run_nngrade

from .test_commands import _subparsers


def _parsers() -> dict[str, argparse.ArgumentParser]:
    """`nngrade` ("") and every command's parser, nested ones as `classroom init`."""
    top = _parser()
    return {"": top, **_subparsers(top)}


def _help_lines(parser: argparse.ArgumentParser) -> list[str]:
    """The help of each argument (argparse's own `-h` aside) and the parser's description."""
    lines = [
        a.help
        for a in parser._actions
        if a.help and a.help != argparse.SUPPRESS and not isinstance(a, argparse._HelpAction)
    ]
    if isinstance(parser._subparsers, argparse._ArgumentGroup):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                lines += [choice.help for choice in action._choices_actions]
    return lines + ([parser.description] if parser.description else [])


def test_every_help_line_of_every_command_is_a_catalog_key():
    for name, parser in _parsers().items():
        for line in _help_lines(parser):
            assert line.startswith("help.") and line in CATALOG, (name, line)
    for command in COMMANDS:
        assert command.help_key in CATALOG and command.help == say(command.help_key, "en")


@pytest.mark.parametrize("command", ["", "submit", "classroom init", "grade", "similar"])
def test_help_in_korean_has_no_english_line(command):
    proc = run_nngrade(*command.split(), "--help", "--lang", "ko", env={"COLUMNS": "400"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("사용법: nngrade")
    assert "옵션:" in proc.stdout and "이 도움말을 보여 주고 끝냅니다" in proc.stdout
    for line in _help_lines(_parsers()[command]):
        english, korean = help_words(line), CATALOG[line]["ko"]
        assert korean.split("(")[0].strip()[:20] in proc.stdout, line
        assert english not in proc.stdout, line


def test_help_in_english_is_unchanged_by_the_catalog():
    proc = run_nngrade("similar", "--help", env={"COLUMNS": "400"})
    assert proc.stdout.startswith("usage: nngrade similar")
    assert "ignore code found in more than N submissions, as MOSS's -m does (default: " in (
        proc.stdout
    )


def test_a_wrong_threshold_is_said_in_the_run_language(tmp_path):
    proc = run_nngrade("similar", tmp_path, "--threshold", "abc", "--lang", "ko")
    assert proc.returncode == 2
    assert "--threshold 인수: 숫자가 아닙니다: 'abc'" in proc.stderr
    proc = run_nngrade("similar", tmp_path, "--threshold", "150", "--lang", "ko")
    assert "0에서 1 사이의 비율이나 100 이하의 백분율을 주세요" in proc.stderr
