"""Finding the submissions to grade: files, folders, globs and `.zip` archives.

Every gradable file (`*.ipynb`, `*.py`) becomes one `Entry` with a student id. A file that
cannot be read, or is too large, still becomes an entry (with its `problem`), so that it gets
a row in the gradebook instead of silently disappearing.

A `.zip` archive is read as the folder it would be once unpacked: given on the command line,
it is the class folder; found inside a folder, it is a subfolder named after the archive
(`subs/kim.zip!/hw6.ipynb` is `subs/kim/hw6.ipynb`); a zip inside an archive (a student's
upload inside an LMS download, a zip of per-student zips) likewise, one level deep. An archive
that wraps everything in one folder (`hw6-kim-main/...`, as GitHub's "Download ZIP" makes) is
read from inside it. Names a zip stores without the UTF-8 flag are read as UTF-8, else as CP949
(a zip made on Korean Windows).

Student ids. `--student-pattern REGEX` (a named group `student`, searched in the path
relative to the folder or archive given) wins. Otherwise:

* a file or folder at the top of an LMS download, named the way the LMS names them, belongs
  to that student: Canvas `kimminsu_12345_67890_hw6.ipynb` (also `_LATE_`, and `_late_` of
  older Canvas), Moodle `Kim Minsu_1234_assignsubmission_file_hw6.ipynb` (or a folder of that
  name) and Blackboard `Homework 6_kimminsu_attempt_2026-03-05-14-30-12_hw6.ipynb` -> the
  name, with the LMS's number kept as `lms_id`, and the file's own name (`hw6.ipynb`) as
  `name` (of several Blackboard attempts, the last is graded).
  An LMS download is the folder or archive given, or a zip at the top of the folder given
  whose members all carry such names. A name further down is inside one student's folder
  and is only a file name (issue 20: a repository must not speak for others);
* a file nested in a folder belongs to its top folder (GitHub Classroom:
  `submissions/hw6-kimminsu/hw6.ipynb` -> `kimminsu`), whatever its own name;
* a file at the top belongs to its file name (a flat folder: `kim_hw6.ipynb` -> `kim`), except
  in a folder that holds the assignment's own file (`hw6.ipynb`): there a file whose name does
  not carry the assignment id (`utils.py`) is a helper of that folder's student;
* the assignment id is stripped from either end (`hw6-`, `_hw6`), and so is the `-main` or
  `-master` of a GitHub download; a name that is only the assignment id (`hw6.ipynb`) falls
  back to the folder it was found in.

One file per student is graded (`choose`): the file named as the assignment's student file
(`hw6.ipynb`) wins over the student's other `.ipynb` and `.py` files, which are listed as
ignored. Without it, a file with the assignment file's stem, then its suffix, then the
assignment id in its name, ranks first. When several files share the best rank the student is
`ambiguous`: one is still graded (the shallowest, then the newest, then by name) and the
command says so before grading. File dates never decide between a named file and another.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import glob
import hashlib
import os
import re
import stat
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from nngrade import settings
from nngrade.errors import UsageError, os_reason
from nngrade.messages import say
from nngrade.results import Note

from . import lms as layouts

GRADABLE = (".ipynb", ".py")
SKIPPED_DIRS = frozenset({".ipynb_checkpoints", "__pycache__", "__MACOSX", "node_modules"})
# The limits are defaults of `nngrade grade`, kept with the others in settings.py.
MAX_FILE_BYTES = settings.MAX_FILE_BYTES
MAX_ARCHIVE_BYTES = settings.MAX_ARCHIVE_BYTES
MAX_ARCHIVE_MEMBERS = settings.MAX_ARCHIVE_MEMBERS


@dataclass(frozen=True)
class Entry:
    """One submission file found on the command line."""

    path: Path
    """Where the file is now (inside a temporary folder for an archive member)."""
    label: str
    """The file as the instructor knows it: an absolute path, `archive.zip!/member` for archives."""
    rel: str
    """The path relative to the folder or archive given (what --student-pattern sees)."""
    student: str
    sha256: str = ""
    size: int = 0
    mtime: float = 0.0
    problem: Note | None = None
    """Why this file cannot be graded (unreadable, too large; `file_problem`); it still gets
    a row."""
    name: str = ""
    """The file's own name as the student gave it (an LMS prefix removed): `hw6.ipynb`."""
    lms_id: str = ""
    """The number an LMS download put in the name: `canvas:<user id>`, `moodle:<participant id>`."""
    attempt: str = ""
    """The attempt's time in a Blackboard download's name: a later attempt is graded."""


def file_problem(label: str, key: str, **fields: object) -> Note:
    """Why the file `label` cannot be graded, as data (`inputs.<key>` and its fields, after
    the file's name): its row keeps it, and each report writes it in its own language."""
    return Note("submission_error", {"path": label, "problem": Note(f"inputs.{key}", fields)})


def too_large(label: str, size: int) -> Note:
    """`file_problem` for a file of `size` bytes, over `MAX_FILE_BYTES`."""
    return file_problem(label, "too_large", mb=f"{size / 2**20:.0f}", limit=MAX_FILE_BYTES // 2**20)


class Notes(list[str]):
    """One-line notes in the instructor's language (`--lang`)."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang

    def add(self, key: str, **fields: object) -> None:
        self.append(say(f"inputs.{key}", self.lang, **fields))


@dataclass
class Found:
    """What discovery found: the entries, and one-line notes on what it left out and why."""

    entries: list[Entry] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)


@dataclass(frozen=True)
class StudentRule:
    """Turns a relative path into a student id (see the module docstring)."""

    assignment_id: str
    pattern: re.Pattern[str] | None = None

    @classmethod
    def make(cls, assignment_id: str, pattern: str | None) -> StudentRule:
        """Compile `--student-pattern`; raises UsageError when it is not a usable regex."""
        if pattern is None:
            return cls(assignment_id)
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise UsageError(
                "batch_error.student_pattern_not_valid", pattern=repr(pattern), why=str(exc)
            ) from None
        if "student" not in compiled.groupindex:
            raise UsageError("batch_error.student_pattern_needs_named", pattern=repr(pattern))
        return cls(assignment_id, compiled)

    def strip(self, name: str) -> str:
        """`hw6-kim` -> `kim`, `kim_hw6` -> `kim`, `hw6-kim-main` -> `kim`, `hw6` -> ``."""
        aid = re.escape(self.assignment_id)
        if name.lower() == self.assignment_id.lower():
            return ""
        name = re.sub(r"(?<=.)-(?:main|master)$", "", name)
        name = re.sub(rf"^{aid}[-_. ]+", "", name, flags=re.IGNORECASE)
        return re.sub(rf"[-_. ]+{aid}$", "", name, flags=re.IGNORECASE).strip()

    def carries_id(self, name: str) -> bool:
        """Whether a file name says which assignment it is for (`kim_hw6.ipynb`, not `utils.py`)."""
        return self.assignment_id.lower() in name.lower()

    def identify(
        self, rel: str, context: str, *, lms: int | None = 0
    ) -> tuple[str, str, str, bool, str]:
        """(student, the file's own name, LMS id, whether --student-pattern matched, the
        attempt's time when the LMS names attempts) for `rel`.

        Only part `lms` of `rel` (the first, or the second in a Canvas zip found in a folder)
        may be an LMS name: the top of an LMS download (a flat folder or zip) is where its
        students are. A name further down lies inside one student's folder or repository,
        which speaks for that student only (issue 20: files named like downloads inside one
        repository made rows for others). `lms=None` for a folder that is one student's own
        (it holds the assignment's file at its top).
        """
        parts = PurePosixPath(rel).parts
        if (
            lms is not None
            and lms < len(parts)
            and (self.pattern is None or not self.pattern.search(rel))
        ):
            named = layouts.read(parts[lms])
            if named is not None:
                own = named.name if lms == len(parts) - 1 else parts[-1]
                return named.student, own or parts[-1], named.lms_id, False, named.attempt
        student, matched = self.student(rel, context)
        return student, parts[-1] if parts else rel, "", matched, ""

    def student(self, rel: str, context: str) -> tuple[str, bool]:
        """The student for `rel`, and whether --student-pattern (when given) matched it.

        `context` is the name of the folder the file was found in, for files named only after
        the assignment.
        """
        matched = False
        if self.pattern is not None:
            m = self.pattern.search(rel)
            if m and m.group("student"):
                return m.group("student"), True
        parts = PurePosixPath(rel).parts
        first = parts[0] if len(parts) > 1 else PurePosixPath(rel).stem
        for candidate in (first, context, PurePosixPath(rel).stem):
            name = self.strip(candidate)
            if name:
                return name, matched
        return PurePosixPath(rel).stem, matched


def discover(
    paths: Sequence[str | Path],
    *,
    rule: StudentRule,
    workdir: Path,
    student_file: str = "",
    lang: str = "en",
) -> Found:
    """Find every submission under `paths`; archives are extracted below `workdir`.

    student_file: the name of the assignment's student file (`hw6.ipynb`), which marks a
    folder as one student's (see the module docstring).

    Raises UsageError (one line) for a path that does not exist, an unreadable archive, or a
    path with nothing gradable in it.
    """
    found = Found(notes=Notes(lang))
    seen: set[Path] = set()
    unmatched = 0
    for raw in paths:
        anything = False
        candidates = []
        for candidate in _expand(str(raw), workdir, found.notes):
            anything = True
            real = candidate.path.resolve()
            if real in seen:
                continue
            seen.add(real)
            candidates.append(candidate)
        # A folder (or archive) that holds the assignment's own file at its top is one
        # student's: its other top-level files without the assignment id are that student's.
        tops = {c.context for c in candidates if "/" not in c.rel and _named(c.rel, student_file)}
        for path, label, rel, context, problem, lms_top in candidates:
            own_folder = "/" not in rel and context in tops
            lms = None if own_folder else lms_top
            student, name, lms_id, matched, attempt = rule.identify(rel, context, lms=lms)
            # In one student's folder a file named like an LMS download is theirs too.
            helper = own_folder and (not rule.carries_id(rel) or layouts.read(rel) is not None)
            if helper and not matched:
                student = rule.student(student_file or rel, context)[0]
            unmatched += rule.pattern is not None and not matched
            if problem is not None:
                entry = Entry(path, label, rel, student, problem=problem)
            else:
                entry = _entry(path, label, rel, student, found.notes)
            found.entries.append(
                dataclasses.replace(entry, name=name, lms_id=lms_id, attempt=attempt)
            )
        if not anything:
            raise UsageError("batch_error.nothing_grade_no_ipynb", path=raw)
    if unmatched:
        found.notes.add("unmatched", n=unmatched)
    return found


def _entry(path: Path, label: str, rel: str, student: str, notes: Notes) -> Entry:
    """Hash the file; an unreadable or oversized file becomes an entry with a problem."""
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES:
            problem = too_large(label, info.st_size)
            return Entry(path, label, rel, student, "", info.st_size, info.st_mtime, problem)
        data = path.read_bytes()
    except OSError as exc:
        problem = file_problem(label, "unreadable", why=os_reason(exc))
        return Entry(path, label, rel, student, problem=problem)
    return Entry(
        path, label, rel, student, hashlib.sha256(data).hexdigest(), len(data), info.st_mtime
    )


class Candidate(NamedTuple):
    """A file found, before it is hashed and given a student."""

    path: Path
    label: str
    rel: str
    context: str
    """The name of the folder (or archive) it was found in."""
    problem: Note | None
    lms_top: int = 0
    """Which part of `rel` is the top of an LMS download (1 in a Canvas zip found in a folder,
    whose name is kept in `rel`): only that part may carry an LMS name."""


def _expand(raw: str, workdir: Path, notes: Notes) -> Iterable[Candidate]:
    path = Path(raw)
    if path.is_dir():
        yield from _walk(path, path.resolve(), workdir, notes)
    elif path.is_file():
        yield from _file(path, path.name, path.resolve().parent.name, workdir, notes, explicit=True)
    elif glob.has_magic(raw):
        base = Path(_glob_base(raw))
        matches = sorted(glob.glob(raw, recursive=True))
        for match in matches:
            m = Path(match)
            if _hidden(m.relative_to(base).parts[:-1] if m.is_relative_to(base) else ()):
                continue
            if m.is_dir():
                # A folder the glob matched (`subs/*`) is one below the glob's base: a
                # student's folder, read as in the Classroom layout.
                under = m.relative_to(base).as_posix() if m.is_relative_to(base) else m.name
                yield from _walk(m, m.resolve(), workdir, notes, under=under)
            elif m.suffix.lower() in (*GRADABLE, ".zip"):
                rel = m.relative_to(base).as_posix() if m.is_relative_to(base) else m.name
                yield from _file(m, rel, m.resolve().parent.name, workdir, notes, explicit=False)
    else:
        raise UsageError("batch_error.no_such_file_folder", path=raw)


def _glob_base(pattern: str) -> str:
    """The folder part of a glob before its first wildcard: `subs/*/hw6.ipynb` -> `subs`."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def _hidden(parts: Iterable[str]) -> bool:
    return any(p.startswith(".") and p not in (".", "..") or p in SKIPPED_DIRS for p in parts)


def _walk(
    folder: Path, root: Path, workdir: Path, notes: Notes, *, under: str = ""
) -> Iterable[Candidate]:
    """Gradable files and archives below `folder`, in a stable order, hidden folders left out;
    their relative paths start with `under` (the folder's own path below a glob's base).

    Links are not followed: a student's repository may hold `hw6.ipynb -> /etc/passwd`, and
    its content would end up in their feedback. Such a file gets a row with the reason.
    """
    for dirpath, dirnames, filenames in os.walk(folder):  # symlinked folders: not entered
        dirnames[:] = sorted(d for d in dirnames if not _hidden([d]))
        here = Path(dirpath)
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in (*GRADABLE, ".zip"):
                continue
            path = here / name
            rel = path.relative_to(folder).as_posix()
            rel = f"{under}/{rel}" if under and under != "." else rel
            if path.is_symlink():
                if path.suffix.lower() in GRADABLE:
                    label = str(path.absolute())
                    yield Candidate(path, label, rel, root.name, file_problem(label, "symlink"))
                else:
                    notes.append(f"{path}: " + say("inputs.symlink", notes.lang))
                continue
            yield from _file(path, rel, root.name, workdir, notes, explicit=False)


def _file(
    path: Path, rel: str, context: str, workdir: Path, notes: Notes, *, explicit: bool
) -> Iterable[Candidate]:
    suffix = path.suffix.lower()
    if suffix in GRADABLE:
        yield Candidate(path, str(path.resolve()), rel, context, None)
    elif suffix == ".zip":
        # A zip found in a folder (one student's upload) keeps its place: kim.zip!/hw6.ipynb
        # is the file `kim/hw6.ipynb` for the student rule.
        prefix = "" if explicit else str(PurePosixPath(rel).with_suffix(""))
        yield from _archive(path, prefix, workdir, notes)
    elif explicit:
        raise UsageError("batch_error.not_notebook_ipynb_module", path=path)


class _Budget:
    """The bytes an archive, with the archives inside it, may still write."""

    def __init__(self) -> None:
        self.left = MAX_ARCHIVE_BYTES
        self.members = MAX_ARCHIVE_MEMBERS
        """Members it may still list, the archives inside it included."""


def _archive(
    zip_path: Path,
    prefix: str,
    workdir: Path,
    notes: Notes,
    *,
    outer: tuple[str, _Budget, int] | None = None,
) -> Iterable[Candidate]:
    """Extract the gradable members of an archive safely, and yield them.

    No member is written outside its folder (absolute names, `..`, symlinks are refused), and
    no more than MAX_ARCHIVE_BYTES are written in all. An archive inside it (a student's
    `.zip` in an LMS download, a zip of per-student zips) is opened as the folder it would be,
    one level deep: `outer` is then (its label, the outer budget, the outer `lms_top`).
    Member names a zip stores without the UTF-8 flag are read as UTF-8, else CP949 (Korean
    Windows), else as zipfile reads them.
    """
    label = str(zip_path.resolve()) if outer is None else outer[0]
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        if outer is not None:  # one student's broken zip: a note, the others are graded
            notes.append(
                file_problem(label, "not_extracted", why=os_reason(exc)).in_language(notes.lang)
            )
            return
        raise UsageError(
            "batch_error.not_readable_zip_archive", path=zip_path, why=str(exc)
        ) from None
    dest = Path(_unique_dir(workdir, re.sub(r"[^\w.-]", "_", zip_path.stem) or "archive"))
    budget = _Budget() if outer is None else outer[1]
    with archive:
        infos = archive.infolist()
        budget.members -= len(infos)
        if budget.members < 0:
            too_many = UsageError(
                "batch_error.more_than_files_archive", path=zip_path, n=MAX_ARCHIVE_MEMBERS
            )
            if outer is None:
                raise too_many
            notes.append(
                f"{label}: "
                + say("inputs.not_extracted", notes.lang, why=too_many.in_language(notes.lang))
            )
            return
        members = [(i, _member_parts(_member_name(i))) for i in infos if not i.is_dir()]
        members.sort(key=lambda m: m[1] or (m[0].filename,))
        wanted = []
        for info, parts in members:
            if parts is None:
                notes.append(
                    f"{label}!/{_member_name(info)}: " + say("inputs.unsafe_name", notes.lang)
                )
            elif _hidden(parts[:-1]) or parts[-1].startswith("."):
                continue
            elif stat.S_ISLNK(info.external_attr >> 16):
                notes.append(
                    f"{label}!/{'/'.join(parts)}: " + say("inputs.symlink_member", notes.lang)
                )
            elif PurePosixPath(*parts).suffix.lower() == ".zip" and outer is not None:
                notes.append(
                    f"{label}!/{'/'.join(parts)}: " + say("inputs.nested_archive", notes.lang)
                )
            elif PurePosixPath(*parts).suffix.lower() in (*GRADABLE, ".zip"):
                wanted.append((info, parts))
        # An archive that wraps everything in one folder (`submissions/...`) is read from inside it.
        context = PurePosixPath(prefix).name if prefix else zip_path.stem
        tops = {parts[0] for _, parts in wanted}
        strip = len(tops) == 1 and all(len(parts) > 1 for _, parts in wanted)
        if strip:
            context = next(iter(tops))
        if outer is not None:
            lms_top = outer[2]
        else:  # a flat LMS download at the top of the folder given: its names speak, under it
            lms_top = 1 if prefix and "/" not in prefix and _lms_download(wanted, strip) else 0
        for info, parts in wanted:
            member_label = f"{label}!/{'/'.join(parts)}"
            rel_parts = parts[1:] if strip else parts
            rel = "/".join([prefix, *rel_parts]) if prefix else "/".join(rel_parts)
            target = dest.joinpath(*parts)
            problem = None
            if info.file_size > MAX_FILE_BYTES:
                problem = too_large(member_label, info.file_size)
            elif info.file_size > budget.left:
                gb = MAX_ARCHIVE_BYTES // 2**30
                problem = file_problem(member_label, "archive_too_large", gb=gb)
            else:
                try:
                    budget.left -= _extract(archive, info, target, budget.left)
                except (OSError, RuntimeError, zipfile.BadZipFile, ValueError) as exc:
                    problem = file_problem(member_label, "not_extracted", why=os_reason(exc))
            if target.suffix.lower() != ".zip":
                yield Candidate(target, member_label, rel, context, problem, lms_top)
            elif problem is not None:
                notes.append(problem.in_language(notes.lang))
            else:  # a student's zip: the folder it would be, named after it
                inner = str(PurePosixPath(rel).with_suffix(""))
                yield from _archive(
                    target, inner, workdir, notes, outer=(member_label, budget, lms_top)
                )


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it. Without the UTF-8 flag, zipfile reads the name
    as CP437; a zip made on Korean Windows wrote CP949, one made on macOS UTF-8."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _lms_download(wanted: Sequence[tuple[zipfile.ZipInfo, tuple[str, ...]]], strip: bool) -> bool:
    """Whether an archive's members all sit under LMS download names (a Canvas or Moodle zip
    of the class), rather than being one student's files."""
    tops = {parts[1 if strip else 0] for _, parts in wanted}
    return bool(tops) and all(layouts.read(top) is not None for top in tops)


def _member_parts(name: str) -> tuple[str, ...] | None:
    """The safe path parts of an archive member name, or None when it would escape."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    parts = tuple(p for p in name.split("/") if p not in ("", "."))
    if not parts or ".." in parts:
        return None
    return parts


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Copy one member, stopping at `budget` bytes whatever its header claims; keep its date."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(info) as src, open(target, "wb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > min(budget, MAX_FILE_BYTES):
                raise ValueError("larger than its header says")
            out.write(chunk)
    try:
        stamp = time.mktime((*info.date_time, 0, 0, -1))
        os.utime(target, (stamp, stamp))
    except (OverflowError, ValueError):
        pass
    return written


def _unique_dir(parent: Path, name: str) -> Path:
    candidate, n = parent / name, 1
    while candidate.exists():
        n += 1
        candidate = parent / f"{name}-{n}"
    candidate.mkdir(parents=True)
    return candidate


def covered_by(paths: Sequence[str | Path]) -> Callable[[str], bool]:
    """Whether a recorded path (`/abs/file`, `/abs/archive.zip!/member`) lies under what was
    given on the command line: inside a folder, the file itself or its archive, or a match of
    a glob. A recorded file that is covered and was not found this time is gone."""
    prefixes: list[str] = []
    exact: set[str] = set()
    patterns: list[str] = []
    for raw in map(str, paths):
        path = Path(raw)
        if path.is_dir():
            for base in {path.resolve(), path.absolute()}:
                prefixes.append(str(base).rstrip(os.sep) + os.sep)
        elif path.is_file():
            exact.add(str(path.resolve()))
            prefixes.append(str(path.resolve()) + "!/")
        elif glob.has_magic(raw):
            base = _glob_base(raw)
            rest = Path(raw).relative_to(base) if base != "." else Path(raw)
            patterns.append(str(Path(base).resolve() / rest))

    def covers(recorded: str) -> bool:
        outer = recorded.split("!/", 1)[0]
        return (
            recorded in exact
            or outer in exact
            or recorded.startswith(tuple(prefixes))
            or any(fnmatch.fnmatchcase(outer, p) for p in patterns)
        )

    return covers


def _named(rel: str, student_file: str) -> bool:
    """Whether `rel` is a file named as the assignment's student file (case aside)."""
    return bool(student_file) and PurePosixPath(rel).name.lower() == student_file.lower()


@dataclass(frozen=True)
class Choice:
    """One student's files: the one graded, and the others found (not graded)."""

    student: str
    counted: Entry
    others: tuple[Entry, ...] = ()
    ambiguous: bool = False
    """Several files ranked first (see `choose`): the command and the summary say so."""


def choose(entries: Sequence[Entry], student_file: str, assignment_id: str) -> list[Choice]:
    """One file per student, by student: the assignment's own file wins (module docstring).

    Students whose names clash across LMS ids (two `kimminsu` with different Canvas ids) are
    told apart as `kimminsu_<id>`.
    """
    ids: dict[str, set[str]] = {}
    for e in entries:
        ids.setdefault(e.student, set()).add(e.lms_id)
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        number = layouts.number(e.lms_id)
        student = f"{e.student}_{number}" if len(ids[e.student]) > 1 and number else e.student
        groups.setdefault(student, []).append(dataclasses.replace(e, student=student))
    stem = PurePosixPath(student_file).stem.lower()
    suffix = PurePosixPath(student_file).suffix.lower()

    def rank(e: Entry) -> tuple[bool, ...]:
        own = PurePosixPath(e.name or e.rel)
        return (
            own.name.lower() == student_file.lower(),
            own.stem.lower() == stem,
            own.suffix.lower() == suffix,
            assignment_id.lower() in own.name.lower(),
        )

    choices = []
    for student in sorted(groups):
        files = groups[student]
        best = max(rank(e) for e in files)
        first = [e for e in files if rank(e) == best]
        latest = max(e.attempt for e in first)  # Blackboard: the last attempt, not ambiguous
        first = [e for e in first if e.attempt == latest]
        first.sort(key=lambda e: (e.rel.count("/"), -e.mtime, e.rel))
        counted = first[0]
        others = tuple(e for e in files if e is not counted)
        choices.append(Choice(student, counted, others, ambiguous=len(first) > 1))
    return choices
