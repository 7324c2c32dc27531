"""The `nngrade` command line.

Exit codes are `ExitCode` (exit_codes.py): 0 graded (whatever the score); 1 graded, and the
score is below `--fail-under`; 2 a usage error or input that cannot be read; 3 an internal
error; 130 interrupted. No traceback reaches the user: errors are one line, and an internal
error's traceback goes to a file that line names (`NNGRADE_DEBUG=1` shows it instead).

Imports are deferred into each command: `nngrade submit` start-up is measured.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, options, settings
from .command import Command, HelpFormatter, imported_arguments, imported_handler
from .errors import NngradeError, UsageError, os_reason
from .exit_codes import ExitCode

if TYPE_CHECKING:
    from .render.formats import RenderOptions
    from .results import Results
    from .sandbox.process import ForkServerHandle, SpawnServer


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `nngrade` parser: a subparser for each of `COMMANDS`.

    Given the command line, only the command it names declares its arguments: the others are
    never parsed, and `nngrade submit` start-up is measured (`nngrade --help` needs only the
    commands' help lines). Without it, every command declares its arguments.
    """
    parser = argparse.ArgumentParser(
        prog="nngrade", description="help.nngrade", formatter_class=HelpFormatter
    )
    parser.add_argument(
        "--version", action="version", version=f"nngrade {__version__}", help="help.version"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The top level has no option that takes a value: the first word is the command.
    named = next((a for a in argv if not a.startswith("-")), None) if argv is not None else None
    for command in COMMANDS:
        command.add_to(sub, arguments=argv is None or command.name == named)
    return parser


def _submit_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="help.submit.file")
    p.add_argument("-a", "--assignment", help="help.submit.assignment")
    options.assignment_dirs(p)
    options.hidden_tests(p)
    options.seed(p, help="help.submit.seed")
    options.lang(p, help="help.submit.lang")
    from .render import formats  # only when `submit` is the command: start-up is measured

    p.add_argument(
        "-f",
        "--format",
        action="append",
        choices=formats.Names(),
        help="help.submit.format",
    )
    p.add_argument(
        "-o",
        "--output",
        action="append",
        type=Path,
        default=[],
        help="help.submit.output",
    )
    p.add_argument("--fail-under", type=float, metavar="N", help="help.submit.fail_under")
    options.allow_unconfined(p, help="help.submit.allow_unconfined")


def _start_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("assignment", help="help.start.assignment")
    p.add_argument("-d", "--dir", type=Path, default=Path("."), help="help.start.dir")
    p.add_argument("--force", action="store_true", help="help.force")
    options.lang(p, help="help.start.lang")
    options.assignment_dirs(p)


def _list_arguments(p: argparse.ArgumentParser) -> None:
    options.assignment_dirs(p)
    options.lang(p)


def _classroom_arguments(p: argparse.ArgumentParser) -> None:
    csub = p.add_subparsers(dest="classroom_command", metavar="ACTION", required=True)
    c = csub.add_parser("init", help="help.classroom.init", formatter_class=HelpFormatter)
    c.add_argument("assignment", help="help.assignment_id")
    c.add_argument("dest", nargs="?", type=Path, default=Path("."), help="help.classroom.dest")
    c.add_argument("--notebook", help="help.classroom.notebook")
    c.add_argument(
        "--install",
        default=None,
        metavar="CHOICE",
        help="help.classroom.install",
    )
    c.add_argument(
        "--hidden-repo",
        metavar="OWNER/NAME",
        help="help.classroom.hidden_repo",
    )
    c.add_argument("--force", action="store_true", help="help.force")
    options.assignment_dirs(c)


def _gradescope_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("assignment", help="help.assignment_id")
    p.add_argument("-o", "--output", type=Path, required=True, help="help.gradescope.output")
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--wheel",
        type=Path,
        default=None,
        help="help.gradescope.wheel",
    )
    how.add_argument(
        "--install",
        default=None,
        metavar="SPEC",
        help="help.gradescope.install",
    )
    p.add_argument(
        "--bundle-deps",
        action="store_true",
        help="help.gradescope.bundle_deps",
    )
    options.lang(p, help="help.gradescope.lang")
    options.assignment_dirs(p)


def _assign_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("solution", type=Path, help="help.assign.solution")
    p.add_argument("-o", "--output", type=Path, required=True, help="help.assign.output")
    p.add_argument(
        "-a",
        "--assignment",
        help="help.assign.assignment",
    )
    options.assignment_dirs(p)
    p.add_argument("--no-check", action="store_true", help="help.assign.no_check")


def _pairs(names: list[str] | None, outputs: list[Path]) -> list[tuple[str, Path | None]]:
    """(format, file or None for standard output) for each report to write.

    The i-th `-o` goes with the i-th `--format`; an `-o` without one takes the format whose
    `reads` has its suffix (`.json`, `.xml` = JUnit, `.html`, `.md`, `.txt` = the terminal
    report as text), and an unknown suffix is refused rather than written in the wrong format.
    """
    from .render import formats

    chosen = list(names or [])
    for out in outputs[len(chosen) :]:
        fmt = formats.for_suffix(out.suffix)
        if fmt is None:
            known = ", ".join(formats.read_suffixes())
            raise UsageError("cli.report_format_unknown", path=out, suffix=out.suffix, known=known)
        chosen.append(fmt.name)
    chosen = chosen or ["rich"]
    return [(fmt, outputs[i] if i < len(outputs) else None) for i, fmt in enumerate(chosen)]


_EARLY_SERVER: list[ForkServerHandle | SpawnServer] = []
"""The fork server `main` started for `nngrade submit` before it parsed the arguments."""


def _start_sandbox_early(argv: list[str]) -> None:
    """For `nngrade submit`, start the sandbox's fork server first of all: bubblewrap and its
    interpreter start while this process parses the options, imports the grading core, reads
    the file and loads the assignment (issue 23). No code of the submission reaches it before
    all that passed; one that no run took (a usage error) is stopped at exit."""
    named = next((a for a in argv if not a.startswith("-")), None)
    if named != SUBMIT.name or any(a in ("-h", "--help", "--version") for a in argv):
        return
    from .sandbox.process import cold_server

    _EARLY_SERVER.append(cold_server())
    atexit.register(_discard_early_server)


def _discard_early_server() -> None:
    from .sandbox.process import discard_server

    while _EARLY_SERVER:
        discard_server(_EARLY_SERVER.pop())


def cmd_submit(args: argparse.Namespace) -> int:
    from .sandbox.process import cold_server, discard_server

    server = _EARLY_SERVER.pop() if _EARLY_SERVER else cold_server()
    try:
        from .engine import grade_file
        from .messages import default_language, say
        from .render import formats

        pairs = _pairs(args.format, args.output)
        lang = args.lang or default_language()
        _check_output_folders(pairs, lang)
        _check_confinement(pairs, args.allow_unconfined, lang)
        # The reports' modules (rich: 25 ms) load here too: the fork server is not ready yet.
        for fmt, _ in pairs:
            formats.get(fmt).renderer()
    except BaseException:
        discard_server(server)
        raise
    results = grade_file(
        args.file,
        assignment=args.assignment,
        search=args.assignments,
        seed=args.seed,
        lang=lang,
        hidden_tests=args.tests,
        server=server,
    )
    # The HTML page shows the notebook below the report; the results name its cells.
    render_options = formats.RenderOptions(source=args.file)
    for fmt, out in pairs:
        try:
            _emit(results, fmt, out, render_options)
        except OSError as exc:
            where = out or say("cli.standard_output", lang)
            why = os_reason(exc)
            raise UsageError("cli.cannot_write_report", path=where, format=fmt, why=why) from None
    _say_where_reports_went(pairs, lang)
    if args.fail_under is not None and results.score < args.fail_under:
        return ExitCode.BELOW_FAIL_UNDER
    return ExitCode.OK


def _check_output_folders(pairs: list[tuple[str, Path | None]], lang: str) -> None:
    """Refuse, before grading, an `-o` into a folder that does not exist: a typo
    (`-o /typo/r.json`) must not make a folder nor cost a run (issue 24)."""

    for _, out in pairs:
        if out is not None and not out.parent.is_dir():
            raise UsageError("output.no_folder", path=out, folder=out.parent)


def _say_where_reports_went(pairs: list[tuple[str, Path | None]], lang: str) -> None:
    """One line per report written to a file, saying where: on the standard output when no
    report went there, else on the standard error so that a report on stdout stays clean."""
    from .messages import say

    stream = sys.stderr if any(out is None for _, out in pairs) else sys.stdout
    for fmt, out in pairs:
        if out is not None:
            print(say("output.wrote", lang, format=fmt, path=out.resolve()), file=stream)


def _check_confinement(pairs: list[tuple[str, Path | None]], allowed: bool, lang: str) -> None:
    """A student's own check runs unconfined with a one-line warning; a format that records
    grades (the Classroom step: someone's code, graded for the record) refuses unless
    `--allow-unconfined`."""
    from .render import formats
    from .sandbox import policy

    for name, _ in pairs:
        if step := formats.get(name).records_grades:
            policy.require(step, allow_unconfined=allowed)
            return
    if warning := policy.self_check_warning():
        from .messages import say

        key, problem = warning
        print(say(key, lang, problem=problem), file=sys.stderr)


def _emit(results: Results, fmt: str, out: Path | None, options: RenderOptions) -> None:
    """Write one report to `out` (standard output when None), as its format says."""
    from .render import formats

    formats.get(fmt).write(results, out, options)


def cmd_list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .assignment import list_assignments
    from .messages import default_language, say

    lang = args.lang or default_language()
    table = Table(title=say("cli.list_title", lang), title_justify="left")
    for col in ("assignment", "task", "points", "checks"):
        table.add_column(
            say(f"cli.list_{col}", lang), justify="right" if col == "points" else "left"
        )
    for a in list_assignments(args.assignments):
        tensorflow = say("cli.list_tensorflow", lang) if a.needs_tensorflow else ""
        title = a.describe(lang) + tensorflow
        table.add_row(f"[bold]{a.id}[/]", "", f"[bold]{a.max_score:g}[/]", f"[bold]{title}[/]")
        for t in a.tasks:
            table.add_row("", t.name, f"{t.points:g}", t.describe(lang))
        table.add_section()
    Console(highlight=False).print(table)
    return ExitCode.OK


def cmd_assign(args: argparse.Namespace) -> int:
    from .authoring import solution_assignment, write_student_notebook
    from .harness import collect_problems
    from .messages import default_language, say

    # Refuse a broken assignment before writing anything: a test without a task of
    # assignment.toml, or tests whose points do not add up to their task's.
    assignment = solution_assignment(args.solution, args.assignment, args.assignments)
    problems = collect_problems(assignment)
    lang = default_language()  # `nngrade assign` has no --lang: the locale's
    if problems:
        more = say("cli.more_problems", lang, n=len(problems) - 1) if len(problems) > 1 else ""
        raise UsageError(
            "cli.cannot_be_graded", assignment=assignment.id, problem=problems[0], more=more
        )
    out = write_student_notebook(args.solution, args.output)
    print(say("cli.wrote", lang, path=out))
    if args.no_check:
        return ExitCode.OK
    from .engine import grade_file

    status = 0
    for label, path, want_full in (
        ("solution", args.solution, True),
        ("student_notebook", out, False),
    ):
        results = grade_file(path, assignment=assignment, seed=0, lang=lang)
        ok = results.full_marks if want_full else results.score == 0
        expected = "expected_full" if want_full else "expected_zero"
        verdict = say(f"cli.assign_{'ok' if ok else expected}", lang)
        score, most = f"{results.score:g}", f"{results.max_score:g}"
        label = say(f"cli.assign_{label}", lang)
        print(say("cli.assign_check", lang, label=label, score=score, max=most, verdict=verdict))
        if not ok:
            status = 1
            for test in results.tests:
                if test.passed == (not want_full):
                    print(f"  {test.id}: {test.outcome} {test.message}".rstrip())
    return status


def cmd_classroom(args: argparse.Namespace) -> int:
    from .assignment import find_assignment
    from .classroom import init_classroom
    from .messages import default_language, say

    assignment = find_assignment(args.assignment, args.assignments)
    written = init_classroom(
        assignment,
        args.dest,
        args.notebook,
        force=args.force,
        install=args.install,
        hidden_repo=args.hidden_repo,
    )
    lang = default_language()  # `nngrade classroom` has no --lang: the locale's
    for path in written:
        print(say("cli.wrote", lang, path=path))
    notebook = args.notebook or assignment.student.name
    print(say("cli.classroom_runs", lang, notebook=notebook))
    return ExitCode.OK


def cmd_gradescope(args: argparse.Namespace) -> int:
    from .assignment import find_assignment
    from .gradescope import build_autograder
    from .messages import default_language, say

    assignment = find_assignment(args.assignment, args.assignments)
    if args.bundle_deps and args.install:
        raise UsageError("cli.bundle_deps_install")
    path = build_autograder(
        assignment,
        args.output,
        args.install,
        lang=args.lang,
        wheel=args.wheel,
        bundle_deps=args.bundle_deps,
    )
    lang = args.lang or default_language()
    print(say("cli.gradescope_wrote", lang, path=path))
    if assignment.hidden_dir is None:
        print(say("cli.gradescope_no_hidden", lang, assignment=assignment.id), file=sys.stderr)
    return ExitCode.OK


def cmd_start(args: argparse.Namespace) -> int:
    from .assignment import find_assignment
    from .messages import default_language, say
    from .start import start_assignment

    lang = args.lang or default_language()
    assignment = find_assignment(args.assignment, args.assignments)
    written = start_assignment(assignment, args.dir, force=args.force, lang=lang)
    for path in written:
        print(say("start_wrote", lang, path=path))
    print(say("start_next", lang, notebook=written[0]))
    from .engine import tensorflow_installed

    if assignment.needs_tensorflow and not tensorflow_installed():
        # The starter is written all the same; the notebook needs TensorFlow to run and be
        # graded, which the student learns now rather than at their first submit (issue 24).
        print(
            "nngrade: " + say("needs_tensorflow", lang, assignment=assignment.id),
            file=sys.stderr,
        )
    return ExitCode.OK


SUBMIT = Command("submit", "help.command.submit", _submit_arguments, cmd_submit)
START = Command("start", "help.command.start", _start_arguments, cmd_start)
LIST = Command("list", "help.command.list", _list_arguments, cmd_list)
CLASSROOM = Command("classroom", "help.command.classroom", _classroom_arguments, cmd_classroom)
GRADESCOPE = Command("gradescope", "help.command.gradescope", _gradescope_arguments, cmd_gradescope)
ASSIGN = Command("assign", "help.command.assign", _assign_arguments, cmd_assign)

# The instructors' commands: their modules are imported only when one of them is named.
GRADE = Command(
    "grade",
    "help.command.grade",
    imported_arguments("nngrade.batch.commands", "grade_arguments"),
    imported_handler("nngrade.batch.commands", "cmd_grade"),
    description="help.description.grade",
)
GRADEBOOK = Command(
    "gradebook",
    "help.command.gradebook",
    imported_arguments("nngrade.batch.commands", "gradebook_arguments"),
    imported_handler("nngrade.batch.commands", "cmd_gradebook"),
    description="help.description.gradebook",
)
SIMILAR = Command(  # issue 16
    "similar",
    "help.command.similar",
    imported_arguments("nngrade.batch.similar_command", "similar_arguments"),
    imported_handler("nngrade.batch.similar_command", "cmd_similar"),
    description="help.description.similar",
)

COMMANDS: tuple[Command, ...] = (
    SUBMIT,
    START,
    LIST,
    CLASSROOM,
    GRADESCOPE,
    ASSIGN,
    GRADE,
    GRADEBOOK,
    SIMILAR,
)
"""Every `nngrade` command, in the order `nngrade --help` lists them."""


def _lang_of(args: argparse.Namespace) -> str:
    """The language of a command's lines: its `--lang`, else the locale's."""
    from .messages import default_language

    return getattr(args, "lang", None) or default_language()


def _lang_in(argv: Sequence[str]) -> str:
    """The language of a command line's `--lang`, found before argparse reads it (its own
    errors are written in it); else the locale's."""
    from .languages import LANGUAGES
    from .messages import default_language

    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        value = arg.partition("=")[2] if arg.startswith("--lang=") else value
        if value in LANGUAGES:
            return value
    return default_language()


@contextlib.contextmanager
def _argparse_words(lang: str) -> Iterator[None]:
    """Within, what argparse writes (its error lines, `--help`) is in `lang`. argparse looks
    each of its own words up by its English text through gettext (`argparse._`,
    `argparse.ngettext`), so those lookups find the catalog's `argparse.*` entries, whose
    English is that text; any other goes through as it is. nngrade's help lines are catalog
    keys that `command.HelpFormatter` writes in the current language, `lang` within."""
    if lang == "en":
        yield
        return
    from .messages import CATALOG, use_language

    words = {
        e["en"]: e.get(lang) or e["en"] for k, e in CATALOG.items() if k.startswith("argparse.")
    }
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda msgid: words.get(msgid, msgid)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: words.get(
        one if n == 1 else many, one if n == 1 else many
    )
    try:
        with use_language(lang):
            yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """The `nngrade` program; `argv` None: this process's command line, and the process ends
    after (the console script, `python -m nngrade`)."""
    as_program = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    _start_sandbox_early(argv)
    with _argparse_words(_lang_in(argv)):
        parser = _parser(argv)
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return ExitCode.OK
    run: Callable[[argparse.Namespace], int] = args.run
    if as_program:
        # The interpreter's teardown then leaves alone what the run built, rather than
        # collecting it (40-90 ms of a cold submit); atexit handlers, flushes and closes run
        # as always.
        atexit.register(gc.freeze)
    try:
        return run(args)
    except NngradeError as exc:
        from .render.safe_text import terminal  # a file name in it is a submission's

        print(f"nngrade: {terminal(exc.in_language(_lang_of(args)))}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        from .messages import say

        print("nngrade: " + say("cli.interrupted", _lang_of(args)), file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as exc:  # an internal error: one line, unless debugging
        if settings.DEBUG.get():
            raise
        print(f"nngrade: {_internal_error(exc, _lang_of(args))}", file=sys.stderr)
        return ExitCode.INTERNAL


def _internal_error(exc: Exception, lang: str) -> str:
    """The one line an internal error shows: what was raised, and the file its traceback was
    written to (in the temporary folder), for a bug report."""
    import tempfile
    import traceback

    from .messages import say
    from .render.safe_text import terminal

    error = f"{type(exc).__name__}: {terminal(exc)}"
    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix="nngrade-traceback-", suffix=".txt", delete=False, encoding="utf-8"
        ) as out:
            out.write(f"nngrade {__version__}\n")
            traceback.print_exception(exc, file=out)
    except OSError:
        return say("cli.internal_error_no_file", lang, error=error)
    return say("cli.internal_error", lang, error=error, path=out.name)


if __name__ == "__main__":
    sys.exit(main())
