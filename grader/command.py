"""A `nngrade` subcommand as one object: its name, its help, its arguments and its handler.

`cli.COMMANDS` lists every command, in one place; the CLI builds its parser from that list and
runs the handler of the command given (`args.run`). The options that several commands take
are declared once, in `options.py`.

Only argparse is imported here and in the modules that declare commands: a handler imports
what it needs when it runs, because `nngrade submit` start-up is measured.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


@dataclass(frozen=True)
class Command:
    """One subcommand: `nngrade NAME ...`."""

    name: str
    help: str
    """The line `nngrade --help` shows for it."""
    arguments: Callable[[argparse.ArgumentParser], None]
    """Declares its arguments on its parser."""
    run: Callable[[argparse.Namespace], int]
    """Its handler: the parsed arguments in, the exit code out."""
    description: str | None = None
    """What `nngrade NAME --help` says above the arguments (default: `help`)."""

    def add_to(self, subparsers: Subparsers) -> argparse.ArgumentParser:
        """Add this command's parser to `subparsers`; `args.run` is its handler."""
        parser = subparsers.add_parser(self.name, help=self.help, description=self.description)
        self.arguments(parser)
        parser.set_defaults(run=self.run)
        return parser
