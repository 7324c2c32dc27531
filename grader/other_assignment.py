"""Whether a submission graded as one assignment was written for another (issue 24).

`nngrade grade hw6 folder/` grades every file as hw6; a student who uploaded their perceptron
notebook gets 0 with no word said. A submission is for another assignment when its notebook
metadata names that assignment (`{"nngrade": {"assignment": "perceptron"}}`, as every starter
has); else, when its code defines at most a quarter of this assignment's names, when its file
name names another (`perceptron.ipynb`, `perceptron_kim.ipynb`) or its code defines half or
more of another's names. The grade stands; the results carry a note that says so, for the
student's feedback and the instructor's summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .assignment import Assignment, list_assignments, squash
from .results import Note
from .submission import Submission

NOTE_KEY = "other_assignment"
"""The prefix of the note's key (`other_assignment.metadata`, `.name`, `.code`, by what told
it): `Results.notes` holding one marks a submission for another assignment."""


def other_assignment_note(
    submission: Submission, assignment: Assignment, search: Sequence[Path | str] = ()
) -> Note | None:
    """A note naming the assignment this submission was written for, when it is not
    `assignment`; None when it is (or nothing says otherwise)."""
    meta = submission.metadata.get("nngrade", {}) if isinstance(submission.metadata, dict) else {}
    declared = meta.get("assignment") if isinstance(meta, dict) else None
    if isinstance(declared, str) and declared and declared != assignment.id:
        return Note(f"{NOTE_KEY}.metadata", {"other": declared, "assignment": assignment.id})
    if isinstance(declared, str) and declared == assignment.id:
        return None
    defined = {squash(name) for name in submission.defines}
    mine = _share_defined(defined, assignment)
    if mine > 0.25:  # a student who wrote some of this assignment is graded as its student
        return None
    try:
        known = [a for a in list_assignments(search) if a.id != assignment.id]
    except Exception:  # a broken assignment folder elsewhere must not stop this grading
        return None
    stem = submission.path.stem.lower()
    if not _named_for(stem, assignment.id):
        for other in sorted(known, key=lambda a: -len(a.id)):
            if _named_for(stem, other.id):
                return Note(f"{NOTE_KEY}.name", {"other": other.id, "assignment": assignment.id})
    for other in known:
        if other.tasks and _share_defined(defined, other) >= max(0.5, 2 * mine):
            return Note(f"{NOTE_KEY}.code", {"other": other.id, "assignment": assignment.id})
    return None


def _named_for(stem: str, assignment_id: str) -> bool:
    """`hw6`, `hw6_kim`, `kim-hw6`: a file name that names the assignment."""
    aid = assignment_id.lower()
    return (
        stem == aid
        or stem.startswith(tuple(aid + sep for sep in "_- ."))
        or stem.endswith(tuple(sep + aid for sep in "_- "))
    )


def _share_defined(defined: set[str], assignment: Assignment) -> float:
    """The share of the assignment's template functions that the code defines under a name
    that answers for them (`step_function` for `step`), names compared as `squash` does."""
    names = [name for task in assignment.tasks for name in task.names]
    if not names:
        return 1.0
    found = 0
    for name in names:
        spec = assignment.functions.get(name)
        accepted = (name, *(spec.other_names if spec else ()))
        found += any(squash(n) in defined for n in accepted if "." not in n)
    return found / len(names)


def is_for_other_assignment(note: object) -> bool:
    """Whether a results note (a `Note` or its dict) says the submission is for another one."""
    key = note.key if isinstance(note, Note) else note.get("key") if isinstance(note, dict) else ""
    return isinstance(key, str) and key.startswith(NOTE_KEY + ".")


__all__ = ["NOTE_KEY", "is_for_other_assignment", "other_assignment_note"]
