"""`nngrade grade` as stages over one `GradingRun`:

    prepare → start_slots → discover → plan → grade (each result recorded as it arrives)
            → export → summarise

`prepare` loads the assignment (once: the error rows reuse it) and checks the options; the
stages below run inside `GradingRun.session()` (the output folder, its lock, the folder that
archives are extracted to, the seal, the gradebook, the grader slots). `start_slots` starts the
local grader slots first, so that they warm while `discover` and `plan` run. Each stage reads what the earlier ones left
on the run and leaves its own: `discover` the students' chosen files, `plan` the run's seed and
what is left to grade, `grade` the tally, the code the slots read and the process drawing
summary.html's plots, `export` the gradebook's latest rows (read once, for every export and
the summary) and the class summary, `summarise` its similarity report and summary.html.
`report` prints the closing lines and gives the exit code.

Each submission file is read once in this process (by `discover`, for its sha256); the grader
slots read it to grade it and hand its code cells back with its results, for the similarity
report. Results are decoded from JSON once per gradebook row (`Row.results`).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nngrade.exit_codes import ExitCode
from nngrade.messages import say
from nngrade.results import Note

if TYPE_CHECKING:
    from types import TracebackType

    from rich.progress import Progress

    from nngrade.assignment import Assignment
    from nngrade.class_report import ClassSummary, SimilarityReport
    from nngrade.render.chart_drawer import ChartDrawer

    from .gradebook import Gradebook, Key, Row
    from .inputs import Choice, Entry
    from .runner import Cells, GradingConfig, JobResults, LocalRunner, Runner

MAX_NOTES = 20

# -- the batch defaults (the numbers are in `nngrade.settings`) --------------------------------


def default_out(assignment_id: str) -> Path:
    """`--out`: the folder for the gradebook and the exports."""
    return Path(f"{assignment_id}-grades")


def default_slots() -> int:
    """`-j`: the cores this process may use (a container or `taskset` may allow fewer than
    exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_timeout(assignment: Assignment) -> float:
    """`--timeout`: the backstop for one submission, over what the sandbox limits bound."""
    from nngrade import settings
    from nngrade.grader import sandbox_limits

    return settings.grade_timeout(sandbox_limits(assignment).notebook_timeout)


# -- the run --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeOptions:
    """What the instructor asked of `nngrade grade`, typed (`commands.grade_options` makes it
    from the command line; None: the default)."""

    assignment: str
    paths: tuple[str, ...]
    jobs: int | None = None
    out: Path | None = None
    force: bool = False
    student_pattern: str | None = None
    dask: str | None = None
    seed: int | None = None
    lang: str | None = None
    assignment_dirs: tuple[str, ...] = ()
    hidden_tests: tuple[str, ...] = ()
    timeout: float | None = None
    allow_unconfined: bool = False
    feedback_notebook: bool = False
    bases: tuple[Path, ...] = ()
    similarity_threshold: float | None = None


@dataclass
class GradingRun:
    """One `nngrade grade`: what each stage reads, and what it leaves for the next."""

    options: GradeOptions
    assignment: Assignment
    lang: str
    out: Path
    slots: int
    timeout: float
    hidden: tuple[Path, ...]
    # -- left by the stages
    book: Gradebook | None = None
    workdir: Path = Path()
    choices: list[Choice] = field(default_factory=list)
    """discover: one per student, the file graded and the others found."""
    run_id: int = 0
    seed: int = 0
    tests_sha: str = ""
    todo: list[Choice] = field(default_factory=list)
    """plan: the students whose chosen file is graded in this run."""
    unchanged: list[Choice] = field(default_factory=list)
    """plan: the students whose chosen file the gradebook has graded already."""
    seed_notes: list[str] = field(default_factory=list)
    slots_started: LocalRunner | None = None
    """start_slots: the local grader slots, warming before there is anything to grade."""
    tally: Counter[str] = field(default_factory=Counter)
    """grade: how many submissions got each run status."""
    interrupted: bool = False
    code: dict[str, Cells | None] = field(default_factory=dict)
    """grade: sha256 -> the code cells the slots read, for the similarity report."""
    latest: list[Row] = field(default_factory=list)
    """export: the gradebook's latest rows, read once for every export and the summary."""
    written: int = 0
    """export: the rows of grades.csv."""
    summary: ClassSummary | None = None
    """export: the class summary, from the latest rows (summarise adds the similarity)."""
    drawer: ChartDrawer | None = None
    """grade: the process that draws summary.html's plots, started once a slot is idle."""
    similar: SimilarityReport | None = None
    _stack: ExitStack | None = field(default=None, repr=False)

    @property
    def counted(self) -> list[Entry]:
        """The file graded of each student."""
        return [c.counted for c in self.choices]

    @property
    def gradebook(self) -> Gradebook:
        assert self.book is not None, "a stage ran outside GradingRun.session()"
        return self.book

    def say(self, key: str, **fields: object) -> str:
        """The words of `key` in the run's language."""
        return say(key, self.lang, **fields)

    def config(self) -> GradingConfig:
        """What a grader slot needs, as plain data."""
        from .runner import GradingConfig

        return GradingConfig(
            assignment_dir=str(self.assignment.path),
            hidden_dirs=tuple(str(d) for d in self.hidden),
            seed=self.seed,
            lang=self.lang,
            timeout=self.timeout,
            allow_unconfined=self.options.allow_unconfined,
        )

    @contextmanager
    def session(self) -> Iterator[GradingRun]:
        """The output folder (removed again when a failure leaves it without a gradebook),
        its lock, the folder archives are extracted to, and the seal over what students' code
        must not reach; the gradebook opened in it (`open_gradebook`) is closed with it."""
        from .gradebook import FolderLock

        with ExitStack() as stack:
            stack.enter_context(_output_folder(self.out))
            stack.enter_context(FolderLock(self.out))
            self.workdir = stack.enter_context(_workdir(self.out))
            stack.enter_context(_sealed(self.out, self.options.paths))
            self._stack = stack
            try:
                yield self
            finally:
                self._stack = None

    def open_gradebook(self) -> Gradebook:
        """The gradebook, made once something is found to grade (a run that finds nothing
        leaves no folder behind)."""
        from .gradebook import Gradebook

        assert self._stack is not None, "open_gradebook outside GradingRun.session()"
        self.book = self._stack.enter_context(Gradebook(self.out))
        return self.book


# -- the stages -----------------------------------------------------------------------------


def prepare(options: GradeOptions) -> GradingRun:
    """Load the assignment and check the options, before any folder is made."""
    from nngrade.engine import tensorflow_installed
    from nngrade.errors import UsageError
    from nngrade.grader import hidden_test_dirs
    from nngrade.messages import default_language

    from .runner import keep_assignment
    from .similarity_report import check_bases, grade_bases

    lang = options.lang or default_language()
    assignment = _assignment(options.assignment, options.assignment_dirs)
    keep_assignment(assignment)  # the error rows of this process reuse it
    if assignment.needs_tensorflow and not tensorflow_installed():  # one line, not one per row
        raise UsageError("needs_tensorflow", assignment=assignment.id)
    hidden = hidden_test_dirs(options.hidden_tests)
    slots = options.jobs if options.jobs is not None else default_slots()
    if slots < 1:
        raise UsageError("batch_error.j_must_be_more")
    if options.timeout is not None and options.timeout <= 0:
        raise UsageError("batch_error.timeout_must_be_more")
    check_bases(grade_bases(assignment, options.bases))
    if options.dask in (None, "local"):  # remote Dask workers are checked on each worker
        from nngrade.sandbox.policy import require

        accepted = require("nngrade grade", allow_unconfined=options.allow_unconfined)
        if accepted:
            print(say("grade.unconfined_warning", lang, problem=accepted), file=sys.stderr)
    return GradingRun(
        options=options,
        assignment=assignment,
        lang=lang,
        out=options.out or default_out(assignment.id),
        slots=slots,
        timeout=options.timeout or default_timeout(assignment),
        hidden=hidden,
    )


def start_slots(run: GradingRun) -> None:
    """Start the local grader slots now (not with `--dask`): each takes seconds to warm, which
    `discover` and `plan` then overlap; the seed `plan` chooses reaches them with their first
    job. Leaving the session stops those that never got one."""
    if run.options.dask:
        return
    from .runner import LocalRunner

    assert run._stack is not None, "start_slots outside GradingRun.session()"
    runner = LocalRunner(run.config(), run.slots)
    run._stack.callback(runner.stop)
    runner.start()
    run.slots_started = runner


def discover(run: GradingRun) -> None:
    """Find the submissions and choose one file per student; say what was left out (before
    grading: the instructor may stop and sort them out)."""
    from .inputs import StudentRule, choose
    from .inputs import discover as find

    student_file = run.assignment.student.name
    rule = StudentRule.make(run.assignment.id, run.options.student_pattern)
    found = find(
        run.options.paths, rule=rule, workdir=run.workdir, student_file=student_file, lang=run.lang
    )
    run.choices = choose(found.entries, student_file, run.assignment.id)
    _notes(found.notes, run.lang)
    _say_choices(run.choices, run.lang)


def plan(run: GradingRun) -> None:
    """Open the run in the gradebook: its seed, its tests' fingerprint, and which files are
    graded already (kept, at their new place) and which are left to grade."""
    import secrets

    from .gradebook import tests_fingerprint

    book, assignment = run.open_gradebook(), run.assignment
    book.claim(assignment.id)
    with book.transaction():
        book.set_meta("student_file", assignment.student.name)
    run.seed, replaced = book.seed(run.options.seed, secrets.randbits(31))
    # The assignment's own hidden tests decide the grade too.
    run.tests_sha = tests_fingerprint(
        assignment.path, assignment.tests_dir, (*assignment.test_dirs[1:], *run.hidden)
    )
    known = set() if run.options.force else book.known()
    keys: list[Key] = []
    for choice in run.choices:
        key = _key(run, choice.counted)
        (run.unchanged if key in known else run.todo).append(choice)
        if key in known:
            keys.append(key)
    run.run_id = book.start_run(
        assignment=assignment.id,
        assignment_version=assignment.version,
        tests_sha256=run.tests_sha,
        seed=run.seed,
        backend=f"dask {run.options.dask}" if run.options.dask else "local",
        jobs=run.slots,
        found=len(run.choices),
    )
    # Said once grading is done (a command that fails says one line only).
    if replaced is not None:
        run.seed_notes = [run.say("grade.seed_replaced", seed=run.seed, old=replaced)]
    elif book.count() == 0:
        run.seed_notes = [run.say("grade.seed_new", seed=run.seed)]
    book.relocate(
        run.run_id,
        [
            (key, c.counted.label, c.counted.mtime)
            for key, c in zip(keys, run.unchanged, strict=True)
        ],
        run.unchanged,
    )


def grade(run: GradingRun) -> None:
    """Grade what is left, recording each result in the gradebook as it arrives; then stop
    counting the files this run no longer grades, and close the run."""
    book = run.gradebook
    try:
        _grade_all(run)
    except BaseException:  # e.g. no Dask scheduler: say so in the gradebook too
        book.finish_run(run.run_id, state="failed", skipped=len(run.unchanged))
        raise
    _reconcile(run)
    book.finish_run(
        run.run_id,
        state="interrupted" if run.interrupted else "finished",
        skipped=len(run.unchanged),
    )


def record(run: GradingRun, choice: Choice, done: JobResults) -> None:
    """Keep one submission's results (and the code its slot read) as they arrive."""
    from nngrade.results import Results

    entry = choice.counted
    results = Results.from_dict(done.data)
    run.gradebook.record(
        run.run_id,
        results,
        size=entry.size,
        mtime=entry.mtime,
        tests_sha256=run.tests_sha,
        duration=done.duration,
        retry=done.retry,
        placed=choice,
        data=done.data,
    )
    if done.cells is not None or not done.retry:  # a lost slot read nothing we know of
        run.code[entry.sha256] = done.cells
    run.tally[results.run_status] += 1
    _start_drawing_when_a_slot_is_idle(run)


def export(run: GradingRun) -> None:
    """Write grades.csv, the Moodle and Canvas sheets and the feedback pages, all from the
    gradebook's latest rows (read once), so they are right even after a kill. The class
    summary is built from the same rows first, and its plots are drawn beside these files
    (`ChartDrawer`: the costliest part of summary.html, issue 23)."""
    from .exports import write_feedback, write_grades_csv, write_lms_grade_books
    from .summary import build_summary

    book, out = run.gradebook, run.out
    run.latest = book.latest()
    run.summary = build_summary(book, run.latest)
    if run.drawer is not None:
        run.drawer.draw(run.summary)  # the plots are drawn while the files below are written
    run.written = write_grades_csv(run.latest, run.assignment, out)
    write_lms_grade_books(run.latest, run.assignment, out, run.lang)
    notebooks = {e.label: e.path for e in run.counted}
    feedback = write_feedback(
        run.latest,
        out,
        only=book.graded_in(run.run_id),
        notebooks=notebooks if run.options.feedback_notebook else None,
    )
    _notes(feedback.problems, run.lang)


def summarise(run: GradingRun) -> None:
    """Keep the code for the similarity report, add it to the class summary and write
    summary.html."""
    from nngrade.render.summary import render_summary_html

    from .exports import write_atomic
    from .similarity_report import for_grade

    book = run.gradebook
    assert run.summary is not None, "summarise before export"
    run.similar, similar_notes = for_grade(
        book,
        run.counted,
        run.assignment,
        bases=run.options.bases,
        threshold=run.options.similarity_threshold,
        code=run.code,
        latest=run.latest,
    )
    _notes(similar_notes, run.lang)
    run.summary.similarity = run.similar
    _warn_other_assignment(run.summary, run.lang)
    charts = run.drawer.result(run.summary) if run.drawer is not None else None
    page = render_summary_html(run.summary, run.lang, charts)
    write_atomic(run.out / "summary.html", page)


def report(run: GradingRun) -> int:
    """The closing lines; exit 0 when every submission has its row, 130 when interrupted."""
    from nngrade.render import i18n
    from nngrade.render.similarity import similar_line

    tally, summary = run.tally, run.summary
    assert summary is not None
    _notes(run.seed_notes, run.lang)
    graded = sum(n for status, n in tally.items() if status.startswith("graded"))
    flagged = graded - tally.get("graded", 0)
    line = run.say(
        "grade.line",
        assignment=run.assignment.id,
        students=len(run.choices),
        graded=graded,
        flagged=flagged,
        errors=tally.get("error", 0),
        timeouts=tally.get("timeout", 0),
        unchanged=len(run.unchanged),
    )
    if summary.mean is not None:
        line += run.say(
            "grade.mean", mean=f"{summary.mean:.2f}", max=i18n.points(summary.max_score)
        )
    line += run.say("grade.seed", seed=run.seed)
    print(line)
    print(run.say("grade.written", out=f"{run.out}{os.sep}", rows=run.written))
    if run.similar is not None and run.similar.pairs:
        print(similar_line(run.similar, run.lang, run.out))
    if run.interrupted:
        print(
            "nngrade: "
            + run.say("grade.interrupted", done=sum(tally.values()), todo=len(run.todo)),
            file=sys.stderr,
        )
        return ExitCode.INTERRUPTED
    return ExitCode.OK


# -- inside the stages ----------------------------------------------------------------------


def _key(run: GradingRun, entry: Entry) -> Key:
    """What makes a grading reusable (`gradebook.Key`)."""
    return (entry.student, entry.sha256, run.assignment.version, run.tests_sha)


def _grade_all(run: GradingRun) -> None:
    """Grade the files left to grade, recording each result as it arrives; a Ctrl-C stops
    the grading and leaves `run.interrupted` set."""
    from .runner import Job, LocalRunner, error_job_results

    config = run.config()
    _start_drawing_when_a_slot_is_idle(run)  # fewer submissions than slots: now
    progress = _Progress(len(run.todo), len(run.unchanged), run.lang)
    jobs: list[Job] = []
    with progress:
        try:
            for index, choice in enumerate(run.todo):
                entry = choice.counted
                job = Job(index, entry)
                if entry.problem is None:
                    jobs.append(job)
                    continue
                # unreadable: its row now, nothing to run
                done = error_job_results(
                    job, config, entry.problem, status="error", duration=0.0, retry=False
                )
                record(run, choice, done)
                progress.advance(run.tally)
            runner: Runner
            if run.options.dask:
                from .dask_runner import DaskRunner

                runner = DaskRunner(config, run.options.dask, run.slots)
            elif run.slots_started is not None:
                runner = run.slots_started
                runner.config = config  # the seed is the plan's now
            else:
                runner = LocalRunner(config, run.slots)
            graded = runner.run(jobs)
            try:
                for done in graded:
                    record(run, run.todo[done.job.index], done)
                    progress.advance(run.tally)
            finally:
                graded.close()
        except KeyboardInterrupt:
            run.interrupted = True


def _start_drawing_when_a_slot_is_idle(run: GradingRun) -> None:
    """Start the process that draws summary.html's plots (`ChartDrawer`) once fewer
    submissions are left than slots: a core is then free for it to import matplotlib, and it
    draws the plots while this process writes the other exports (issue 23). Started earlier,
    even at the lowest CPU priority, it slowed the slots (their start by 0.15-0.25 s, their
    grading of a class of 60 by about as much as it saved at the end, measured on hw6).
    Leaving the session stops it."""
    if run.drawer is None and len(run.todo) - sum(run.tally.values()) < run.slots:
        from nngrade.render.chart_drawer import ChartDrawer

        assert run._stack is not None, "a drawer outside GradingRun.session()"
        run.drawer = ChartDrawer()
        run._stack.callback(run.drawer.close)


def _reconcile(run: GradingRun) -> None:
    """Files this run looked for and no longer grades stop counting (history stays); say who
    dropped out: a student none of whose files counts any more (a changed file of a student
    still graded is no one leaving)."""
    from .inputs import covered_by

    book = run.gradebook
    counted = run.counted
    dropped = book.reconcile(
        run.run_id, covered_by(run.options.paths), {(e.student, e.label, e.sha256) for e in counted}
    )
    if dropped:
        still = {e.student for e in counted}
        gone = [(s, f) for s, f in book.dropped_in(run.run_id) if s not in still]
        _notes(
            [run.say("grade.dropped", n=dropped)]
            + [run.say("grade.dropped_student", student=s, file=f) for s, f in gone],
            run.lang,
        )


def _warn_other_assignment(summary: ClassSummary, lang: str) -> None:
    """Warn about each submission that looks written for another assignment (issue 24): it
    was graded as this one, and a 0 for the wrong file is worth a look before it counts."""
    from nngrade.render import i18n

    _notes([say("grade.other_assignment", lang, student=x.student, file=x.path,
                      other=x.other, assignment=summary.assignment, score=i18n.points(x.score))
            for x in summary.other_assignment], lang, kind="warning")  # fmt: skip


def _say_choices(choices: Sequence[Choice], lang: str) -> None:
    """List the files not graded, and warn about the students with several candidates."""

    def files(entries: Sequence[Entry]) -> str:
        return ", ".join(e.rel for e in entries)

    _notes([say("grade.ignored", lang, student=c.student, others=files(c.others),
                      counted=c.counted.rel)
            for c in choices if c.others and not c.ambiguous], lang)  # fmt: skip
    _notes([say("grade.ambiguous", lang, student=c.student, n=len(c.others) + 1,
                      counted=c.counted.rel, others=files(c.others))
            for c in choices if c.ambiguous], lang, kind="warning")  # fmt: skip


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


def _notes(notes: Sequence[str | Note], lang: str = "en", *, kind: str = "note") -> None:
    """Print notes (or warnings) on stderr, one line each, at most MAX_NOTES of them: words,
    or a `Note` written in `lang`."""
    from nngrade.render.safe_text import terminal_line

    head = say(f"grade.{kind}", lang)
    for note in notes[:MAX_NOTES]:  # file and student names in them are submissions'
        said = note if isinstance(note, str) else note.in_language(lang)
        print(f"nngrade: {head}: {terminal_line(said)}", file=sys.stderr)
    if len(notes) > MAX_NOTES:
        more = say("grade.more", lang, n=len(notes) - MAX_NOTES)
        print(f"nngrade: {head}: {more}", file=sys.stderr)


class _Progress:
    """A rich progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, skipped: int, lang: str = "en") -> None:
        from rich.console import Console

        self.words = {k: say(f"grade.progress_{k}", lang) for k in ("grading", "elapsed", "left")}
        # rich fills the counts in as the bar moves: the fields are rich's own markup.
        self.counting = say(
            "grade.progress_counts",
            lang,
            graded="[green]{task.fields[graded]}[/]",
            errors="[red]{task.fields[errors]}[/]",
        )
        self.skipping = say("grade.progress_skipped", lang, n=skipped)
        self.console = Console(stderr=True)
        self.enabled = self.console.is_terminal and total > 0
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
                TextColumn(self.counting),
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

    def advance(self, counts: Counter[str]) -> None:
        """One more submission recorded; `counts`: the run's tally so far."""
        if self.bar is not None:
            self.bar.update(
                self.task,
                advance=1,
                graded=sum(n for k, n in counts.items() if k.startswith("graded")),
                errors=counts["error"] + counts["timeout"],
            )

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, traceback)
