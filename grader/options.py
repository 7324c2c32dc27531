"""The options that several `nngrade` commands take, each declared once.

`--assignments`, `--tests`, `--seed`, `--lang` and `--allow-unconfined` mean the same in every
command that takes them; only the help of `--seed`, `--lang` and `--allow-unconfined` says
what they are for in that command. Only argparse here: the parser is built at every start-up.
"""

from __future__ import annotations

import argparse

from .command import help_key
from .languages import LANGUAGES


def assignment_dirs(parser: argparse.ArgumentParser) -> None:
    """`--assignments DIR` (repeatable): where an instructor's own assignments are."""
    parser.add_argument(
        "--assignments", metavar="DIR", action="append", default=[],
        help=help_key("help.option.assignments"),
    )  # fmt: skip


def hidden_tests(parser: argparse.ArgumentParser) -> None:
    """`--tests DIR` (repeatable): an instructor's extra (hidden) tests."""
    parser.add_argument(
        "--tests", metavar="DIR", action="append", default=[], help=help_key("help.option.tests")
    )


def seed(parser: argparse.ArgumentParser, help: str) -> None:
    """`--seed N`: the seed of the tests' random inputs; `help`: a `help.*` catalog key."""
    parser.add_argument("--seed", type=int, help=help)


def lang(parser: argparse.ArgumentParser, help: str = "help.option.lang") -> None:
    """`--lang en|ko`: the language of what the command writes (default: the locale's);
    `help`: a `help.*` catalog key."""
    parser.add_argument("--lang", choices=LANGUAGES, help=help)


def allow_unconfined(parser: argparse.ArgumentParser, help: str) -> None:
    """`--allow-unconfined`: grade where students' code cannot be confined; `help`: a
    `help.*` catalog key."""
    parser.add_argument("--allow-unconfined", action="store_true", help=help)
