"""`nngrade similar DIR`, and the similarity options of `nngrade grade` (issue 16).

Only argparse here: the CLI imports this module to build its parser, and `nngrade submit`
start-up is measured, so the report (`similarity_report.py`) is imported in the handler.

    nngrade similar hw6-grades
    nngrade similar hw6-grades --threshold 0.5 --base lecture6.py extra.ipynb
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nngrade import options, settings
from nngrade.command import help_key
from nngrade.exit_codes import ExitCode

# The defaults, from settings.py (importing `similarity` for them would slow `--help`).
THRESHOLD = settings.SIMILARITY_THRESHOLD
MAX_SHARE = settings.SIMILARITY_MAX_SHARE


def threshold_value(raw: str) -> float:
    """`--threshold`: a share (0.75) or a percentage (75)."""
    from nngrade.messages import say  # the catalog only when a threshold is given

    try:
        value = float(raw.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(say("similar.not_a_number", value=repr(raw))) from None
    if value > 1 or raw.endswith("%"):
        value /= 100
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(say("similar.threshold_value"))
    return value


def add_grade_options(parser: argparse.ArgumentParser) -> None:
    """`grade --base FILE...` and `--similarity-threshold`."""
    parser.add_argument(
        "--base", metavar="FILE", nargs="+", action="extend", type=Path, default=[],
        help="help.grade.base",
    )  # fmt: skip
    parser.add_argument(
        "--similarity-threshold", metavar="SHARE", type=threshold_value, default=None,
        help=help_key("help.grade.similarity_threshold", threshold=f"{THRESHOLD:g}"),
    )  # fmt: skip


def similar_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `nngrade similar`."""
    p.add_argument("folder", metavar="DIR", type=Path, help="help.gradebook.folder")
    p.add_argument(
        "--threshold", metavar="SHARE", type=threshold_value, default=None,
        help=help_key("help.similar.threshold", threshold=f"{THRESHOLD:g}"),
    )  # fmt: skip
    p.add_argument(
        "--base", metavar="FILE", nargs="+", action="extend", type=Path, default=None,
        help="help.similar.base",
    )  # fmt: skip
    p.add_argument(
        "--max-share", metavar="N", type=int, default=MAX_SHARE,
        help=help_key("help.similar.max_share", n=MAX_SHARE),
    )  # fmt: skip
    options.lang(p)


def cmd_similar(args: argparse.Namespace) -> int:
    """Print the similarity report of a gradebook folder."""
    from nngrade.errors import UsageError
    from nngrade.messages import default_language
    from nngrade.render.similarity import print_report

    from .gradebook import open_existing
    from .similarity_report import class_similarity

    if args.max_share < 2:
        raise UsageError("batch_error.max_share")
    with open_existing(args.folder) as book:
        report = class_similarity(
            book, bases=args.base, threshold=args.threshold, max_share=args.max_share
        )
    print_report(report, lang=args.lang or default_language())
    return ExitCode.OK
