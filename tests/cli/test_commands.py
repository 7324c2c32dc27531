"""Every `nngrade` command is one `Command`, registered in one list; options that several
commands take mean the same in each (issue 12)."""

from __future__ import annotations

import argparse

import pytest

from nngrade.cli import COMMANDS, _parser
from nngrade.options import LANGUAGES
from tests.helpers import run_nngrade


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Command name (`classroom init` for a nested one) -> its parser."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found.update({f"{name} {k}": v for k, v in _subparsers(sub).items()})
    return found


def test_each_command_is_registered_once_and_its_parser_runs_its_handler():
    names = [command.name for command in COMMANDS]
    assert len(names) == len(set(names))
    parsers = _subparsers(_parser())
    assert [name for name in parsers if " " not in name] == names
    for command in COMMANDS:
        assert parsers[command.name].get_default("run") is command.run


def test_help_lists_every_command_with_its_help_line():
    proc = run_nngrade("--help")
    assert proc.returncode == 0
    for command in COMMANDS:
        assert command.name in proc.stdout
        assert command.help.split()[0] in proc.stdout


@pytest.mark.parametrize(
    "option", ["--lang", "--assignments", "--tests", "--seed", "--allow-unconfined"]
)
def test_an_option_that_several_commands_take_means_the_same_in_each(option):
    actions = [
        action
        for parser in _subparsers(_parser()).values()
        for action in parser._actions
        if option in action.option_strings
    ]
    assert len(actions) >= 2, option
    meanings = {
        (type(a), a.dest, a.type, tuple(a.choices or ()), repr(a.default), a.metavar)
        for a in actions
    }
    assert len(meanings) == 1, meanings


def test_every_lang_option_offers_the_report_languages():
    for name, parser in _subparsers(_parser()).items():
        for action in parser._actions:
            if "--lang" in action.option_strings:
                assert tuple(action.choices) == LANGUAGES, name


def test_a_command_given_without_its_arguments_is_a_usage_error_without_a_traceback():
    proc = run_nngrade("gradebook")
    assert proc.returncode == 2
    assert "the following arguments are required: DIR" in proc.stderr
    assert "Traceback" not in proc.stderr
