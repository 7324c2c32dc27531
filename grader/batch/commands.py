"""`nngrade grade` and `nngrade gradebook`: batch grading for instructors.

`cli.COMMANDS` registers them with `grade_arguments`/`cmd_grade` and
`gradebook_arguments`/`cmd_gradebook`, and imports this module only when one of them is named
on the command line. Heavy imports still happen inside the handlers.

    nngrade grade hw6 submissions/ -j 2 --out hw6-grades
    nngrade gradebook hw6-grades
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from nngrade import options
from nngrade.exit_codes import ExitCode
from nngrade.messages import say

from . import similar_command  # issue 16: `nngrade similar`, `grade --base`

if TYPE_CHECKING:
    from .gradebook import Gradebook, Row
    from .pipeline import GradeOptions


def grade_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `nngrade grade`."""
    p.add_argument("assignment", metavar="ASSIGNMENT", help="help.grade.assignment")
    p.add_argument("paths", metavar="PATH", nargs="+", help="help.grade.paths")
    p.add_argument(
        "-j", "--jobs", type=int, metavar="N", default=None,
        help="help.grade.jobs",
    )  # fmt: skip
    p.add_argument(
        "--out", type=Path, metavar="DIR", default=None,
        help="help.grade.out",
    )  # fmt: skip
    p.add_argument("--force", action="store_true", help="help.grade.force")
    p.add_argument(
        "--student-pattern", metavar="REGEX",
        help="help.grade.student_pattern",
    )  # fmt: skip
    p.add_argument(
        "--dask", metavar="local|ADDRESS",
        help="help.grade.dask",
    )  # fmt: skip
    options.seed(p, help="help.grade.seed")
    options.lang(p, help="help.grade.lang")
    options.assignment_dirs(p)
    options.hidden_tests(p)
    p.add_argument(
        "--timeout", type=float, metavar="SECONDS",
        help="help.grade.timeout",
    )  # fmt: skip
    options.allow_unconfined(p, help="help.grade.allow_unconfined")
    p.add_argument(
        "--feedback-notebook", action="store_true",
        help="help.grade.feedback_notebook",
    )  # fmt: skip
    similar_command.add_grade_options(p)


def gradebook_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `nngrade gradebook`."""
    p.add_argument("folder", metavar="DIR", type=Path, help="help.gradebook.folder")
    options.lang(p)


# -- nngrade grade --------------------------------------------------------------------------


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade a class; exit 0 when every submission has its row, 130 when interrupted."""
    return grade(grade_options(args))


def grade_options(args: argparse.Namespace) -> GradeOptions:
    """The command line of `nngrade grade` as typed options: the one place where the
    argparse names are read (nothing below the CLI takes `args`)."""
    from .pipeline import GradeOptions

    return GradeOptions(
        assignment=args.assignment,
        paths=tuple(args.paths),
        jobs=args.jobs,
        out=args.out,
        force=args.force,
        student_pattern=args.student_pattern,
        dask=args.dask,
        seed=args.seed,
        lang=args.lang,
        assignment_dirs=tuple(args.assignments),
        hidden_tests=tuple(args.tests),
        timeout=args.timeout,
        allow_unconfined=args.allow_unconfined,
        feedback_notebook=args.feedback_notebook,
        bases=tuple(args.base),
        similarity_threshold=args.similarity_threshold,
    )


def grade(options: GradeOptions) -> int:
    """`nngrade grade`, stage by stage (`pipeline.py` says what each leaves for the next)."""
    from . import pipeline

    run = pipeline.prepare(options)
    with run.session():
        pipeline.start_slots(run)  # they warm while discover and plan run
        pipeline.discover(run)
        pipeline.plan(run)
        pipeline.grade(run)  # each result is recorded as it arrives
        pipeline.export(run)
        pipeline.summarise(run)
    return pipeline.report(run)


# -- nngrade gradebook ----------------------------------------------------------------------


def cmd_gradebook(args: argparse.Namespace) -> int:
    """Print the class summary of a gradebook folder."""
    from nngrade.messages import default_language
    from nngrade.render.summary import print_summary

    from .gradebook import open_existing
    from .summary import build_summary

    lang = args.lang or default_language()
    with open_existing(args.folder) as book:
        latest = book.latest()  # read once, for the summary and the similar pairs
        summary = build_summary(book, latest)
        print_summary(summary, lang=lang)  # the submissions for another assignment too
        _print_similar_pairs(book, latest, lang, args.folder)
    return ExitCode.OK


def _print_similar_pairs(book: Gradebook, latest: list[Row], lang: str, folder: Path) -> None:
    """The similar pairs, as summary.html lists them (issue 24: `gradebook` omitted them);
    `nngrade similar DIR` shows their fragments. A failure here never hides the summary."""
    from nngrade.render.similarity import pairs_lines

    from .similarity_report import class_similarity

    try:
        report = class_similarity(book, latest=latest)
    except Exception as e:  # the grades matter more than this report
        print(say("gradebook.no_similarity", lang, why=f"{type(e).__name__}: {e}"))
        return
    for line in pairs_lines(report, lang, folder):
        print(line)
