"""The class similarity report: pairs of students whose code is too alike, with the evidence.

`nngrade grade` keeps the code of every file it sees in the gradebook (`sources`, by sha256,
with the assignment's starter notebook and the `--base` files), so the report can be made at
any later time, even for files that came out of an archive extracted only for the run:

    nngrade grade hw6 submissions/ --base lecture6.py     # summary.html lists the pairs
    nngrade similar hw6-grades                            # prints them (similar_command.py)

Each student's latest submission is compared (`similarity.py` says how); the starter and the
base files are left out of the evidence. The page section and the terminal show the pairs at or
above the threshold with the shared fragments side by side (`nngrade.render.similarity` draws
them; this module only builds the `SimilarityReport`).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nngrade.class_report import SimilarityReport
from nngrade.errors import NngradeError, UsageError, os_reason
from nngrade.results import Note

from . import similarity
from .gradebook import Gradebook, Row

if TYPE_CHECKING:
    from nngrade.assignment import Assignment

STARTER = "similarity.starter"
"""gradebook meta: the sha256 of the assignment's starter notebook, as the last run saw it."""
BASES = "similarity.bases"
"""gradebook meta: [[name, sha256], ...] of the `--base` files of the last run that gave some."""
THRESHOLD = "similarity.threshold"
"""gradebook meta: the threshold of the last run, the default of `nngrade similar`."""

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


# -- reading code ---------------------------------------------------------------------------


def read_code(path: Path) -> list[tuple[int, str]]:
    """The code cells of a notebook or module, as (cell index, source), via `load_submission`."""
    from nngrade.submission import load_submission

    return [(c.index, c.source) for c in load_submission(path).cells]


def read_base(path: Path, what: str | Note = "--base") -> tuple[str, list[tuple[int, str]]]:
    """A base file's (sha256, code). A notebook or `.py` module is read as a submission is;
    any other text (the lecture notes in Markdown) gives its fenced code blocks, or all of it
    when it has none. Raises UsageError with one line when the file cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError("base_error.not_found", what=what, path=path) from None
    except IsADirectoryError:
        raise UsageError("base_error.folder", what=what, path=path) from None
    except OSError as e:
        raise UsageError("base_error.unreadable", what=what, path=path, why=os_reason(e)) from None
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in (".ipynb", ".py"):
        try:
            return sha, read_code(path)
        except NngradeError as e:
            raise UsageError("base_error.not_code", what=what, error=e.note) from None
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise UsageError("base_error.not_text", what=what, path=path) from None
    blocks = _FENCE.findall(text)
    return sha, [(i, block) for i, block in enumerate(blocks, start=1)] if blocks else [(1, text)]


def remember(
    book: Gradebook,
    entries: Sequence[Any],
    *,
    starter: Path | None,
    bases: Sequence[Path] = (),
    threshold: float | None = None,
    code: Mapping[str, list[tuple[int, str]] | None] | None = None,
) -> list[Note]:
    """Keep the code of the files `grade` found (`inputs.Entry`: path, sha256, problem), of the
    starter notebook and of the `--base` files in the gradebook. Returns notes on what could
    not be read (those files are graded as errors anyway).

    code: sha256 -> the cells the grader slots read from the files graded in this run (None:
    not a readable submission), so no file is read twice; a file not in it (graded by an
    earlier run, whose gradebook kept no code yet, or whose slot was lost) is read here. A
    file without code is kept as `unreadable`, so that no later report reads it again."""
    code = code or {}
    known = book.source_shas()
    rows: list[tuple[str, str, list[tuple[int, str]]]] = []
    notes: list[Note] = []
    for entry in entries:
        if entry.sha256 in known:
            continue
        known.add(entry.sha256)
        if entry.problem is not None:  # its grading says why
            cells = None
        elif entry.sha256 in code:
            cells = code[entry.sha256]
        else:
            try:
                cells = read_code(Path(entry.path))
            except NngradeError:
                cells = None  # its grading says why
        if cells is None:
            rows.append((entry.sha256, "unreadable", []))
            continue
        kind = "notebook" if str(entry.path).endswith(".ipynb") else "module"
        rows.append((entry.sha256, kind, cells))
    base_meta = []
    for path in bases:
        sha, cells = read_base(path)
        rows.append((sha, "base", cells))
        base_meta.append([path.name, sha])
    starter_sha = None
    if starter is not None:
        try:
            starter_sha, cells = read_base(starter, Note("similar.the_starter", {}))
            rows.append((starter_sha, "base", cells))
        except UsageError as e:
            notes.append(Note("similar.starter_kept", {"error": e.note}))
    book.store_sources(rows)
    with book.transaction():
        if starter_sha:
            book.set_meta(STARTER, starter_sha)
        if base_meta:
            book.set_meta(BASES, json.dumps(base_meta, ensure_ascii=False))
        if threshold is not None:
            book.set_meta(THRESHOLD, repr(threshold))
    return notes


# -- the report -----------------------------------------------------------------------------


def class_similarity(
    book: Gradebook,
    *,
    bases: Sequence[Path] | None = None,
    threshold: float | None = None,
    max_share: int = similarity.MAX_SHARE,
    latest: Sequence[Row] | None = None,
) -> SimilarityReport:
    """Compare the latest submission of every student in the gradebook.

    `bases` None uses the base files the last `grade --base` kept; `threshold` None the last
    run's threshold, else `similarity.THRESHOLD`. `latest`: the gradebook's latest rows, when
    the caller has read them already.
    """
    started = time.perf_counter()
    code = book.sources()
    if threshold is None:
        stored = book.meta(THRESHOLD)
        threshold = float(stored) if stored else similarity.THRESHOLD
    base_cells: list[list[tuple[int, str]]] = []
    if bases is None:
        names = []
        for name, sha in json.loads(book.meta(BASES) or "[]"):
            if sha in code:
                names.append(name)
                base_cells.append(code[sha])
    else:
        names = [p.name for p in bases]
        base_cells = [read_base(p)[1] for p in bases]
    starter_sha = book.meta(STARTER)
    if starter_sha in code:
        base_cells.append(code[starter_sha])
    excluded: set[int] = set()
    for cells in base_cells:
        excluded |= similarity.base_hashes(cells)
    documents, files, missing = {}, {}, []
    unreadable = book.unreadable()
    for row in book.latest() if latest is None else latest:
        cells = None if row.sha256 in unreadable else code.get(row.sha256)
        if cells is None and row.sha256 not in unreadable:
            cells = _reread(row.path, row.sha256)
        if cells is None:
            missing.append(row.student)
            continue
        documents[row.student] = similarity.document(row.student, cells)
        files[row.student] = row.path
    similarity.forget()  # the documents are made: what made them is not needed again
    flagged, scored = similarity.compare(
        list(documents.values()), excluded, threshold=threshold, max_share=max_share
    )
    below = next((p for p in scored if p.score < threshold), None)
    return SimilarityReport(
        threshold=threshold,
        compared=len(documents),
        starter=starter_sha in code,
        bases=names,
        pairs=flagged,
        highest_below=below,
        documents=documents,
        files=files,
        missing=missing,
        seconds=time.perf_counter() - started,
    )


def _reread(path: str, sha256: str) -> list[tuple[int, str]] | None:
    """The code of a file graded before nngrade kept code, if it is still there unchanged."""
    try:
        file = Path(path)
        if hashlib.sha256(file.read_bytes()).hexdigest() != sha256:
            return None
        return read_code(file)
    except (OSError, NngradeError):
        return None


# -- at the end of `nngrade grade` ---------------------------------------------------------


def for_grade(
    book: Gradebook,
    entries: Sequence[Any],
    assignment: Assignment,
    *,
    bases: Sequence[Path],
    threshold: float | None,
    code: Mapping[str, list[tuple[int, str]] | None],
    latest: Sequence[Row],
) -> tuple[SimilarityReport | None, list[Note]]:
    """What `nngrade grade` does at its end: keep the code (`code`: what the slots read),
    make the report for the page over the gradebook's `latest` rows.

    Never fails the run: a problem becomes a note (a bad `--base` is refused before grading,
    by `check_bases`)."""
    try:
        notes = remember(book, entries, starter=assignment.student,
                         bases=grade_bases(assignment, bases), threshold=threshold,
                         code=code)  # fmt: skip
        return class_similarity(book, threshold=threshold, latest=latest), notes
    except Exception as e:  # the grades matter more than this report
        return None, [Note("gradebook.no_similarity", {"why": f"{type(e).__name__}: {e}"})]


def grade_bases(assignment: Assignment, given: Sequence[Path]) -> list[Path]:
    """The base files of a grading run: the assignment's own (`[similarity] base`, the
    lecture's code), then the `--base` files, each once."""
    bases: dict[Path, Path] = {}
    for path in (*assignment.similarity_base, *given):
        bases.setdefault(path.resolve(), path)
    return list(bases.values())


def check_bases(paths: Sequence[Path]) -> None:
    """Refuse a `--base` that cannot be read before anything is graded."""
    for path in paths:
        read_base(path)
