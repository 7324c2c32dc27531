"""The learning-management systems nngrade reads downloads of and writes grade books for:
each one `Layout` object, all of them in one registry (`LAYOUTS`).

A layout says what discovery, identity and export need of one LMS:

* discovery: how the LMS names what it puts at the top of a download (`pattern`): the
  student, the file's own name, the LMS's number for the student, the attempt's time;
* identity: the id kept in the gradebook (`lms_id`), `<layout>:<number>` (`canvas:12345`),
  made by `identity` and read back by `parse`;
* export: the grade-book file the LMS imports (`export`, written by `writer`, a
  "module:function" taking the gradebook's latest rows, the assignment and the language).

Adding an LMS is one `Layout(...)` in `LAYOUTS` (or a call to `register`). Downloads that
carry no LMS names are read by the rules of `inputs.StudentRule`: a folder per student (GitHub
Classroom's `hw6-kimminsu/`), else a file per student (a plain folder).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from nngrade.assignment import Assignment

Rows = Iterable[Any]
"""The gradebook's latest rows (`gradebook.Row`), passed through to a writer. Not imported
here: the gradebook imports `inputs`, which imports this module."""
Writer = Callable[[Rows, "Assignment", str], str]
"""A grade book's text from the latest rows, the assignment and the language of its headers."""


class LmsName(NamedTuple):
    """What an LMS download's name says."""

    student: str
    lms_id: str
    """`canvas:<user id>`, `moodle:<participant id>`; "" when the LMS gives no number
    (Blackboard: its name is the id)."""
    name: str
    """The file's own name, as the student uploaded it."""
    attempt: str = ""
    """The attempt's time when the LMS keeps attempts (`2024-03-05-14-30-12`): the latest
    attempt is graded."""


@dataclass(frozen=True)
class Layout:
    """One LMS: how its downloads are named, the ids it gives, the grade book it imports."""

    name: str
    """Short and lower-case: the prefix of its ids (`canvas:12345`)."""
    pattern: re.Pattern[str]
    """A name at the top of its downloads (a file or a folder), with the groups `student`
    and `name` (the file's own name), and `id` (its number for the student) and `attempt`
    (sortable, the latest graded) when it has them."""
    export: str | None = None
    """The grade-book file it imports (`canvas-grades.csv`), written beside grades.csv."""
    writer: str | None = None
    """"module:function" of its `Writer`."""

    def read(self, part: str) -> LmsName | None:
        """What `part`, named as this LMS names downloads, says; None when it is not."""
        m = self.pattern.match(part)
        if m is None or not m["student"].strip():
            return None
        groups = m.groupdict()
        number = groups.get("id") or ""
        return LmsName(
            m["student"].strip(),
            self.identity(number) if number else "",
            groups.get("name") or "",
            groups.get("attempt") or "",
        )

    def identity(self, number: str) -> str:
        """The id the gradebook keeps for this LMS's `number`: `canvas:12345`."""
        return f"{self.name}:{number}"

    def number(self, lms_id: str) -> str:
        """This LMS's number in a stored id (`canvas:12345` -> `12345`); "" for an id of
        another LMS, or none."""
        layout, number = parse(lms_id)
        return number if layout is self else ""

    def grade_book(self, rows: Rows, assignment: Assignment, lang: str) -> str:
        """The text of its grade-book file."""
        if self.writer is None:
            raise ValueError(f"{self.name} imports no grade book")
        module, _, function = self.writer.partition(":")
        write: Writer = getattr(import_module(module), function)
        return write(rows, assignment, lang)


LAYOUTS: list[Layout] = []
"""Every layout, in the order a name is tried against them (the first that matches wins)."""


def register(layout: Layout) -> Layout:
    """Add `layout` to the registry (replacing one of the same name); return it."""
    LAYOUTS[:] = [x for x in LAYOUTS if x.name != layout.name]
    LAYOUTS.append(layout)
    return layout


for _layout in (
    # Moodle: `Kim Minsu_1234_assignsubmission_file_hw6.ipynb` (or a folder of that name).
    Layout(
        "moodle",
        re.compile(
            r"^(?P<student>[^_/]+)_(?P<id>\d+)_assignsubmission_(?:file|onlinetext)_?"
            r"(?P<name>[^/]*)$"
        ),
        export="moodle-grades.csv",
        writer="nngrade.batch.exports:moodle_grade_book",
    ),
    # Blackboard Learn: `<assignment>_<user name>_attempt_<date-time>_<file>`, one `.txt` per
    # attempt and its files; a student may have several attempts. It imports no file of ours.
    Layout(
        "blackboard",
        re.compile(
            r"^(?P<assignment>[^/]+?)_(?P<student>[^_/]+)_attempt_"
            r"(?P<attempt>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})(?:_(?P<name>[^/]*))?$"
        ),
    ),
    # Canvas: `kimminsu_12345_67890_hw6.ipynb` (also `_LATE_`, and `_late_` of older Canvas).
    Layout(
        "canvas",
        re.compile(r"^(?P<student>[^_/]+?)(?:_(?i:late))?_(?P<id>\d+)_\d+_(?P<name>[^/]+)$"),
        export="canvas-grades.csv",
        writer="nngrade.batch.exports:canvas_grade_book",
    ),
):
    register(_layout)


def get(name: str) -> Layout:
    """The layout called `name` (KeyError when there is none)."""
    for layout in LAYOUTS:
        if layout.name == name:
            return layout
    raise KeyError(name)


def read(part: str) -> LmsName | None:
    """What `part` says when it is named as one of the LMSs names downloads."""
    for layout in LAYOUTS:
        named = layout.read(part)
        if named is not None:
            return named
    return None


def parse(lms_id: str) -> tuple[Layout | None, str]:
    """The layout and the number of a stored id (`canvas:12345`); (None, "") for none."""
    name, _, number = lms_id.partition(":")
    layout = next((x for x in LAYOUTS if x.name == name), None)
    return (layout, number) if layout is not None and number else (None, "")


def number(lms_id: str) -> str:
    """The number in a stored id, whichever LMS gave it (`moodle:1234` -> `1234`)."""
    return parse(lms_id)[1]


def exporting() -> list[Layout]:
    """The layouts whose LMS imports a grade book."""
    return [x for x in LAYOUTS if x.export is not None and x.writer is not None]
