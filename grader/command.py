"""A `nngrade` subcommand as one object: its name, its help, its arguments and its handler.

`cli.COMMANDS` lists every command, in one place; the CLI builds its parser from that list and
runs the handler of the command given (`args.run`). The options that several commands take
are declared once, in `options.py`.

`nngrade submit` start-up is measured, so a handler imports what it needs when it runs, and a
command whose code lives in a module of its own (the instructors' `grade`, `gradebook`,
`similar`) names it with `imported_arguments` and `imported_handler`: that module is imported
only when the command is named on the command line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help with nngrade's words (issue 23). Every help line and description of
    `nngrade`'s parsers is a catalog key (`help.*`, see `help_key`), written in the current
    language only when help is shown: a start-up never looks words up. argparse's own words
    (`usage:`, `options`) are the catalog's `argparse.*` (`cli._argparse_words`)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return help_words(action.help)

    def _format_text(self, text: str) -> str:
        return super()._format_text(help_words(text) or "")


_HELP_FIELDS: dict[str, dict[str, object]] = {}
"""The fields of the help keys that have some (`help_key`)."""


def help_key(key: str, **fields: object) -> str:
    """`key` (a `help.*` catalog key) as an argument's help; `fields` fill in its words."""
    if fields:
        _HELP_FIELDS[key] = fields
    return key


def help_words(text: str | None) -> str | None:
    """The words of a help key in the current language; any other text as it is."""
    if not text or not text.startswith("help."):
        return text
    from .messages import CATALOG, say

    return say(text, **_HELP_FIELDS.get(text, {})) if text in CATALOG else text


class Command:
    """One subcommand: `nngrade NAME ...`.

    A plain class, not a dataclass: `dataclasses` imports `inspect`, which would add 10 ms to
    every start-up.
    """

    __slots__ = ("arguments", "description", "help_key", "name", "run")

    def __init__(
        self,
        name: str,
        help_key: str,
        arguments: Callable[[argparse.ArgumentParser], None],
        run: Callable[[argparse.Namespace], int],
        description: str | None = None,
    ) -> None:
        self.name = name
        self.help_key = help_key
        """The catalog key of the line `nngrade --help` shows for it."""
        self.arguments = arguments
        """Declares its arguments on its parser."""
        self.run = run
        """Its handler: the parsed arguments in, the exit code out."""
        self.description = description
        """The catalog key of what `nngrade NAME --help` says above the arguments, if any."""

    @property
    def help(self) -> str:
        """The line `nngrade --help` shows for it, in the current language."""
        return help_words(self.help_key) or ""

    def __repr__(self) -> str:
        return f"Command({self.name!r})"

    def add_to(self, subparsers: Subparsers, *, arguments: bool = True) -> argparse.ArgumentParser:
        """Add this command's parser to `subparsers`; `args.run` is its handler. Without
        `arguments`, the parser has its name and help only (for a command line that names
        another command)."""
        parser = subparsers.add_parser(
            self.name,
            help=self.help_key,
            description=self.description,
            formatter_class=HelpFormatter,
        )
        if arguments:
            self.arguments(parser)
        parser.set_defaults(run=self.run)
        return parser


def imported_arguments(module: str, name: str) -> Callable[[argparse.ArgumentParser], None]:
    """`module.name(parser)`, with `module` imported only when the arguments are declared."""

    def arguments(parser: argparse.ArgumentParser) -> None:
        declare: Callable[[argparse.ArgumentParser], None] = getattr(import_module(module), name)
        declare(parser)

    return arguments


def imported_handler(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """`module.name(args)`, with `module` imported only when the command runs."""

    def run(args: argparse.Namespace) -> int:
        handler: Callable[[argparse.Namespace], int] = getattr(import_module(module), name)
        return handler(args)

    return run
