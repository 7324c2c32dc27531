"""The options that several `nngrade` commands take, each declared once.

`--assignments`, `--tests`, `--seed`, `--lang` and `--allow-unconfined` mean the same in every
command that takes them; only the help of `--seed`, `--lang` and `--allow-unconfined` says
what they are for in that command. Only argparse here: the parser is built at every start-up.
"""

from __future__ import annotations

import argparse

from .languages import LANGUAGES


def assignment_dirs(parser: argparse.ArgumentParser) -> None:
    """`--assignments DIR` (repeatable): where an instructor's own assignments are."""
    parser.add_argument(
        "--assignments", metavar="DIR", action="append", default=[],
        help="a folder of your own assignment folders (also: $NNGRADE_ASSIGNMENTS)",
    )  # fmt: skip


def hidden_tests(parser: argparse.ArgumentParser) -> None:
    """`--tests DIR` (repeatable): an instructor's extra (hidden) tests."""
    parser.add_argument(
        "--tests", metavar="DIR", action="append", default=[], help="extra (hidden) tests"
    )


def seed(parser: argparse.ArgumentParser, help: str) -> None:
    """`--seed N`: the seed of the tests' random inputs."""
    parser.add_argument("--seed", type=int, help=help)


def lang(parser: argparse.ArgumentParser, help: str = "language (default: locale)") -> None:
    """`--lang en|ko`: the language of what the command writes (default: the locale's)."""
    parser.add_argument("--lang", choices=LANGUAGES, help=help)


def allow_unconfined(parser: argparse.ArgumentParser, help: str) -> None:
    """`--allow-unconfined`: grade where students' code cannot be confined."""
    parser.add_argument("--allow-unconfined", action="store_true", help=help)
