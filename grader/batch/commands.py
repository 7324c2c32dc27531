"""`nngrade grade` and `nngrade gradebook`: batch grading for instructors.

`cli.COMMANDS` registers them with `grade_arguments`/`cmd_grade` and
`gradebook_arguments`/`cmd_gradebook`, and imports this module only when one of them is named
on the command line. Heavy imports still happen inside the handlers.

    nngrade grade hw6 submissions/ -j 2 --out hw6-grades
    nngrade gradebook hw6-grades
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from nngrade import options

from . import similar_command  # issue 16: `nngrade similar`, `grade --base`

if TYPE_CHECKING:
    from types import TracebackType

    from rich.progress import Progress

    from nngrade.assignment import Assignment

    from .gradebook import Gradebook, Key, Placed
    from .inputs import Choice, Entry
    from .runner import GradingConfig, JobResults, Runner
    from .summary import ClassSummary

MAX_NOTES = 20


def grade_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `nngrade grade`."""
    p.add_argument(
        "assignment", metavar="ASSIGNMENT", help="the assignment id, or an assignment folder"
    )
    p.add_argument(
        "paths", metavar="PATH", nargs="+", help="submission files, folders, globs or .zip archives"
    )
    p.add_argument(
        "-j", "--jobs", type=int, metavar="N", default=None,
        help="submissions graded at once (default: the number of cores)",
    )  # fmt: skip
    p.add_argument(
        "--out", type=Path, metavar="DIR", default=None,
        help="folder for the gradebook and exports (default: ./ASSIGNMENT-grades)",
    )  # fmt: skip
    p.add_argument(
        "--force", action="store_true", help="grade again what is already in the gradebook"
    )
    p.add_argument(
        "--student-pattern", metavar="REGEX",
        help="a regex with a group (?P<student>...), searched in each file's path relative to "
        "the PATH it was found under (default: the top folder, else the file name, without "
        "the assignment id)",
    )  # fmt: skip
    p.add_argument(
        "--dask", metavar="local|ADDRESS",
        help="grade on Dask: 'local' (a LocalCluster of -j workers) or a scheduler address "
        "such as tcp://host:8786",
    )  # fmt: skip
    options.seed(
        p,
        help="seed of the random inputs (default: the gradebook's own, chosen by its first run; "
        "a --seed replaces it for this and later runs)",
    )
    options.lang(p, help="language of the feedback and the class summary (default: locale)")
    options.assignment_dirs(p)
    options.hidden_tests(p)
    p.add_argument(
        "--timeout", type=float, metavar="SECONDS",
        help="stop grading one submission after this long, whatever happens "
        "(default: 3x the assignment's notebook_timeout, at least 300)",
    )  # fmt: skip
    options.allow_unconfined(
        p,
        help="grade even where students' code cannot be confined (no bubblewrap or user "
        "namespaces; on Dask, checked on each worker): it then runs as you, with your files",
    )
    p.add_argument(
        "--feedback-notebook", action="store_true",
        help="show each student's notebook inside feedback/<student>.html (about 0.15 s a page)",
    )  # fmt: skip
    similar_command.add_grade_options(p)


def gradebook_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `nngrade gradebook`."""
    p.add_argument("folder", metavar="DIR", type=Path, help="the --out folder of `nngrade grade`")
    options.lang(p)


# -- nngrade grade --------------------------------------------------------------------------


@contextmanager
def _errors_in(lang: str | None) -> Iterator[None]:
    """A command's one-line errors in the language of its output (`--lang`, else the locale)."""
    from nngrade.errors import NngradeError, SubmissionError
    from nngrade.messages import batch_error, default_language

    try:
        yield
    except NngradeError as exc:
        said = batch_error(str(exc), lang or default_language())
        if said == str(exc):
            raise
        kind = NngradeError if isinstance(exc, SubmissionError) else type(exc)
        raise kind(said) from None


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade a class; exit 0 when every submission has its row, 130 when interrupted."""
    with _errors_in(args.lang):
        return _grade(args)


def _grade(args: argparse.Namespace) -> int:
    import secrets

    from nngrade.engine import tensorflow_installed
    from nngrade.errors import UsageError
    from nngrade.grader import hidden_test_dirs, sandbox_limits
    from nngrade.messages import default_language, say_in
    from nngrade.render import i18n
    from nngrade.render.similarity import similar_line
    from nngrade.render.summary import render_summary_html

    from .exports import (
        write_atomic,
        write_canvas_csv,
        write_feedback,
        write_grades_csv,
        write_moodle_csv,
    )
    from .gradebook import FolderLock, Gradebook, tests_fingerprint
    from .inputs import StudentRule, choose, covered_by, discover
    from .runner import GradingConfig
    from .similarity_report import check_bases, for_grade, grade_bases
    from .summary import build_summary

    assignment = _assignment(args.assignment, args.assignments)
    if assignment.needs_tensorflow and not tensorflow_installed():  # one line, not one per row
        raise UsageError(
            say_in(args.lang or default_language(), "needs_tensorflow", assignment=assignment.id)
        )
    hidden = hidden_test_dirs(args.tests)
    slots = args.jobs if args.jobs is not None else _cores()
    if slots < 1:
        raise UsageError("-j must be 1 or more")
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    out: Path = args.out or Path(f"{assignment.id}-grades")
    lang = args.lang or default_language()
    timeout = args.timeout or max(300.0, 3 * float(sandbox_limits(assignment).notebook_timeout))
    rule = StudentRule.make(assignment.id, args.student_pattern)
    check_bases(grade_bases(assignment, args.base))
    if args.dask in (None, "local"):  # remote Dask workers are checked on each worker
        from nngrade.sandbox.policy import require

        accepted = require("nngrade grade", allow_unconfined=args.allow_unconfined)
        if accepted:
            print(f"nngrade: warning: students' code runs unconfined: {accepted}", file=sys.stderr)

    def say(key: str, **fields: object) -> str:
        return i18n.text(lang, f"grade.{key}", **fields)

    student_file = assignment.student.name
    with _output_folder(out), FolderLock(out), _workdir(out) as work, _sealed(out, args.paths):
        found = discover(args.paths, rule=rule, workdir=work, student_file=student_file, lang=lang)
        choices = choose(found.entries, student_file, assignment.id)
        _notes(found.notes, lang)
        _say_choices(choices, lang)  # before grading: the instructor may stop and sort them out
        placed = {c.counted.label: _placed(c) for c in choices}
        counted = [c.counted for c in choices]
        with Gradebook(out) as book:
            book.claim(assignment.id)
            with book.transaction():
                book.set_meta("student_file", student_file)
            seed, replaced = book.seed(args.seed, secrets.randbits(31))
            # The assignment's own hidden tests decide the grade too.
            tests_sha = tests_fingerprint(
                assignment.path, assignment.tests_dir, (*assignment.test_dirs[1:], *hidden)
            )
            known = set() if args.force else book.known()
            todo: list[tuple[Key, Entry]] = []
            unchanged: list[tuple[Key, Entry]] = []
            for entry in counted:
                key = (entry.student, entry.sha256, assignment.version, tests_sha)
                (unchanged if key in known else todo).append((key, entry))
            run_id = book.start_run(
                assignment=assignment.id,
                assignment_version=assignment.version,
                tests_sha256=tests_sha,
                seed=seed,
                backend=f"dask {args.dask}" if args.dask else "local",
                jobs=slots,
                found=len(counted),
            )
            # Said once grading is done (a command that fails says one line only).
            seed_notes = (
                [say("seed_replaced", seed=seed, old=replaced)]
                if replaced is not None
                else [say("seed_new", seed=seed)]
                if book.count() == 0
                else []
            )
            book.relocate(
                run_id,
                [(key, e.label, e.mtime) for key, e in unchanged],
                [placed[e.label] for _, e in unchanged],
            )
            config = GradingConfig(
                assignment_dir=str(assignment.path),
                hidden_dirs=tuple(str(d) for d in hidden),
                seed=seed,
                lang=lang,
                timeout=timeout,
                allow_unconfined=args.allow_unconfined,
            )
            try:
                tally, interrupted = _grade_all(
                    book, run_id, [e for _, e in todo], config, args.dask, slots, tests_sha,
                    skipped=len(unchanged), placed=placed,
                )  # fmt: skip
            except BaseException:  # e.g. no Dask scheduler: say so in the gradebook too
                book.finish_run(run_id, state="failed", skipped=len(unchanged))
                raise
            # Files this run looked for and no longer grades stop counting (history stays).
            dropped = book.reconcile(
                run_id,
                covered_by(args.paths),
                {(e.student, e.label, e.sha256) for e in counted},
            )
            book.finish_run(
                run_id, state="interrupted" if interrupted else "finished", skipped=len(unchanged)
            )
            if dropped:
                # Who dropped out: a student none of whose files counts any more (a changed
                # file of a student still graded is no one leaving).
                still = {e.student for e in counted}
                gone = [(s, f) for s, f in book.dropped_in(run_id) if s not in still]
                _notes(
                    [say("dropped", n=dropped)]
                    + [say("dropped_student", student=s, file=f) for s, f in gone],
                    lang,
                )
            # The exports are rebuilt from the gradebook, so they are right even after a kill.
            csv_rows = write_grades_csv(book, assignment, out)
            write_moodle_csv(book, assignment, out, lang)
            write_canvas_csv(book, assignment, out)
            notebooks = {e.label: e.path for e in counted}
            feedback = write_feedback(
                book,
                out,
                only=book.graded_in(run_id),
                notebooks=notebooks if args.feedback_notebook else None,
            )
            _notes(feedback.problems)
            similar, similar_notes = for_grade(book, counted, assignment, args)
            _notes(similar_notes)
            summary = build_summary(book)
            summary.similarity = similar
            _warn_other_assignment(summary, lang)
            write_atomic(out / "summary.html", render_summary_html(summary, lang))

    _notes(seed_notes, lang)
    graded = sum(n for status, n in tally.items() if status.startswith("graded"))
    flagged = graded - tally.get("graded", 0)
    line = say(
        "line",
        assignment=assignment.id,
        students=len(choices),
        graded=graded,
        flagged=flagged,
        errors=tally.get("error", 0),
        timeouts=tally.get("timeout", 0),
        unchanged=len(unchanged),
    )
    if summary.mean is not None:
        line += say("mean", mean=f"{summary.mean:.2f}", max=i18n.points(summary.max_score))
    line += say("seed", seed=seed)
    print(line)
    print(say("written", out=f"{out}{os.sep}", rows=csv_rows))
    if similar is not None and similar.pairs:
        print(similar_line(similar, lang, out))
    if interrupted:
        print(
            "nngrade: " + say("interrupted", done=sum(tally.values()), todo=len(todo)),
            file=sys.stderr,
        )
        return 130
    return 0


def _warn_other_assignment(summary: ClassSummary, lang: str) -> None:
    """Warn about each submission that looks written for another assignment (issue 24): it
    was graded as this one, and a 0 for the wrong file is worth a look before it counts."""
    from nngrade.render import i18n

    _notes([i18n.text(lang, "grade.other_assignment", student=x.student, file=x.path,
                      other=x.other, assignment=summary.assignment, score=i18n.points(x.score))
            for x in summary.other_assignment], lang, kind="warning")  # fmt: skip


def _say_choices(choices: Sequence[Choice], lang: str) -> None:
    """List the files not graded, and warn about the students with several candidates."""
    from nngrade.render import i18n

    def files(entries: Sequence[Entry]) -> str:
        return ", ".join(e.rel for e in entries)

    _notes([i18n.text(lang, "grade.ignored", student=c.student, others=files(c.others),
                      counted=c.counted.rel)
            for c in choices if c.others and not c.ambiguous], lang)  # fmt: skip
    _notes([i18n.text(lang, "grade.ambiguous", student=c.student, n=len(c.others) + 1,
                      counted=c.counted.rel, others=files(c.others))
            for c in choices if c.ambiguous], lang, kind="warning")  # fmt: skip


def _placed(choice: Choice) -> Placed:
    """Where a student's graded file was found, for the gradebook."""
    from .gradebook import Placed

    entry = choice.counted
    others = tuple(o.rel for o in choice.others)
    return Placed(choice.student, entry.label, entry.sha256, entry.rel, entry.lms_id, others,
                  choice.ambiguous)  # fmt: skip


def _cores() -> int:
    """The cores this process may use (a container or `taskset` may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@contextmanager
def _output_folder(out: Path) -> Iterator[None]:
    """A command that fails before anything is graded leaves no new empty folder behind."""
    existed = out.exists()
    try:
        yield
    except BaseException:
        if not existed and not (out / "gradebook.sqlite").exists():
            shutil.rmtree(out, ignore_errors=True)
        raise


@contextmanager
def _sealed(out: Path, paths: Sequence[str]) -> Iterator[None]:
    """Root without bubblewrap (issue 22): the output and the class folders are made
    unreachable by the workers' uids while grading runs (`nngrade.sandbox.uidjail`)."""
    import glob

    from nngrade.sandbox import uidjail

    # A quoted glob is expanded by nngrade itself: seal what it names too.
    named = [p for path in paths for p in (glob.glob(path) if glob.has_magic(path) else [path])]
    held = uidjail.seal([out, *named])
    try:
        yield
    finally:
        uidjail.release(held)


@contextmanager
def _workdir(out: Path) -> Iterator[Path]:
    """Where archives are extracted: inside the output folder, so that what a killed run
    left is found and removed by the next one (the folder lock makes it ours alone)."""
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _assignment(name: str, search: Sequence[str]) -> Assignment:
    """An assignment by id, or an assignment folder given by path."""
    from nngrade.assignment import find_assignment, load_assignment

    folder = Path(name)
    if (folder / "assignment.toml").is_file():
        return load_assignment(folder.resolve())
    return find_assignment(name, search)


def _notes(notes: Sequence[str], lang: str = "en", *, kind: str = "note") -> None:
    """Print notes (or warnings) on stderr, one line each, at most MAX_NOTES of them."""
    from nngrade.render import i18n
    from nngrade.render.safe_text import terminal_line

    head = i18n.text(lang, f"grade.{kind}")
    for note in notes[:MAX_NOTES]:  # file and student names in them are submissions'
        print(f"nngrade: {head}: {terminal_line(note)}", file=sys.stderr)
    if len(notes) > MAX_NOTES:
        more = i18n.text(lang, "grade.more", n=len(notes) - MAX_NOTES)
        print(f"nngrade: {head}: {more}", file=sys.stderr)


def _grade_all(
    book: Gradebook,
    run_id: int,
    entries: list[Entry],
    config: GradingConfig,
    dask: str | None,
    slots: int,
    tests_sha: str,
    *,
    skipped: int,
    placed: dict[str, Placed] | None = None,
) -> tuple[Counter[str], bool]:
    """Grade the entries, committing each result as it arrives. Returns (run statuses,
    interrupted)."""
    from nngrade.results import Results

    from .runner import Job, LocalRunner, error_job_results

    tally: Counter[str] = Counter()
    progress = _Progress(len(entries), skipped, config.lang)

    def record(entry: Entry, done: JobResults) -> None:
        results = Results.from_dict(done.data)
        book.record(
            run_id,
            results,
            size=entry.size,
            mtime=entry.mtime,
            tests_sha256=tests_sha,
            duration=done.duration,
            retry=done.retry,
            placed=(placed or {}).get(entry.label),
        )
        tally[results.run_status] += 1
        progress.advance(results.run_status)

    jobs = []
    for index, entry in enumerate(entries):
        job = Job(index, str(entry.path), entry.label, entry.student, entry.sha256)
        jobs.append(job)
    with progress:
        try:
            for job, entry in zip(list(jobs), entries, strict=True):
                if entry.problem is not None:  # unreadable: its row now, nothing to run
                    record(
                        entry,
                        error_job_results(
                            job, config, entry.problem, status="error", duration=0.0, retry=False
                        ),
                    )
                    jobs.remove(job)
            if dask:
                from .dask_runner import DaskRunner

                runner: Runner = DaskRunner(config, dask, slots)
            else:
                runner = LocalRunner(config, slots)
            graded = runner.run(jobs)
            try:
                for done in graded:
                    record(entries[done.job.index], done)
            finally:
                graded.close()
        except KeyboardInterrupt:
            return tally, True
    return tally, False


class _Progress:
    """A rich progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, skipped: int, lang: str = "en") -> None:
        from rich.console import Console

        from nngrade.render import i18n

        self.words = {
            k: i18n.text(lang, f"grade.progress_{k}") for k in ("grading", "elapsed", "left")
        }
        self.counting = i18n.template(lang, "grade.progress_counts")
        self.skipping = i18n.text(lang, "grade.progress_skipped", n=skipped)
        self.console = Console(stderr=True)
        self.enabled = self.console.is_terminal and total > 0
        self.counts: Counter[str] = Counter()
        self.total = total
        self.skipped = skipped
        self.bar: Progress | None = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn(self.words["grading"]),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(
                    self.counting.format(
                        graded="[green]{task.fields[graded]}[/]",
                        errors="[red]{task.fields[errors]}[/]",
                    )
                ),
                TextColumn("· " + self.words["elapsed"]),
                TimeElapsedColumn(),
                TextColumn("· " + self.words["left"]),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.__enter__()
            self.task = self.bar.add_task("grading", total=self.total, graded=0, errors=0)
            if self.skipped:
                self.console.print(self.skipping)
        return self

    def advance(self, status: str) -> None:
        self.counts[status] += 1
        if self.bar is not None:
            self.bar.update(
                self.task,
                advance=1,
                graded=sum(n for k, n in self.counts.items() if k.startswith("graded")),
                errors=self.counts["error"] + self.counts["timeout"],
            )

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, traceback)


# -- nngrade gradebook ----------------------------------------------------------------------


def cmd_gradebook(args: argparse.Namespace) -> int:
    """Print the class summary of a gradebook folder."""
    from nngrade.messages import default_language
    from nngrade.render.summary import print_summary

    from .gradebook import open_existing
    from .summary import build_summary

    lang = args.lang or default_language()
    with _errors_in(args.lang), open_existing(args.folder) as book:
        summary = build_summary(book)
        print_summary(summary, lang=lang)  # the submissions for another assignment too
        _print_similar_pairs(book, lang, args.folder)
    return 0


def _print_similar_pairs(book: Gradebook, lang: str, folder: Path) -> None:
    """The similar pairs, as summary.html lists them (issue 24: `gradebook` omitted them);
    `nngrade similar DIR` shows their fragments. A failure here never hides the summary."""
    from nngrade.render import i18n
    from nngrade.render.safe_text import terminal_line

    from .similarity_report import class_similarity

    try:
        report = class_similarity(book)
    except Exception as e:  # the grades matter more than this report
        print(i18n.text(lang, "gradebook.no_similarity", why=f"{type(e).__name__}: {e}"))
        return
    import math

    def pct(score: float) -> str:  # rounded down, as `nngrade similar` shows it
        return f"{math.floor(100 * score + 1e-9)}%"

    threshold = pct(report.threshold)
    if not report.pairs:
        print(i18n.text(lang, "similar.none", threshold=threshold))
        return
    print(i18n.text(lang, "gradebook.similar_head", threshold=threshold, folder=folder))
    for p in report.pairs:
        # the students' names are the submissions' (folder and file names)
        print("  " + i18n.text(lang, "gradebook.similar_pair", score=pct(p.score),
                               a=terminal_line(p.a), b=terminal_line(p.b), shared=p.shared))  # fmt: skip
