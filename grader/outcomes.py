"""The names a grading run ends in, each with what it means, in one place.

* `TEST_OUTCOMES`: how one test ended (`TestResult.outcome`, the JSON's `tests[].outcome`).
* `STATUSES`: whether a submission was graded at all (`Results.status`, the JSON's `status`).
* `RUN_STATUSES`: how a grading went, for a gradebook row (`Results.run_status`, the
  `status` column of grades.csv): `STATUSES` with a graded run that met trouble told apart.

The renderers (their words are the catalog's `outcome.<name>` and `summary.status.<name>`),
JUnit's `<error>` and `<failure>`, the LMS exports, the JSON schema's enums and the tests read
these tuples; `tests/grading/test_outcomes.py` checks that the schema and the catalog agree.
Adding an outcome is one line here, its words in `messages.py`, and the schema's enum.
"""

from __future__ import annotations

from typing import NamedTuple


class Outcome(NamedTuple):
    """How one test ended."""

    name: str
    meaning: str
    error: bool
    """The test did not get to its verdict (the code raised, ran out of time, or its process
    died): JUnit writes an `<error>`, not a `<failure>`; Classroom says the code errored."""


TEST_OUTCOMES: tuple[Outcome, ...] = (
    Outcome("passed", "every check of the test held", False),
    Outcome("failed", "a check did not hold", False),
    Outcome("error", "the student's code raised", True),
    Outcome("timeout", "a call ran past its limit", True),
    Outcome("crashed", "the process running the student's code died", True),
)


class Status(NamedTuple):
    """Whether, and how, a submission was graded."""

    name: str
    meaning: str
    graded: bool
    """The tests ran: the score is a grade (an LMS export writes it; else it leaves the
    grade empty, never 0)."""


STATUSES: tuple[Status, ...] = (
    Status("graded", "the tests ran, whatever the score", True),
    Status(
        "error", "the submission could not be graded (unreadable, unknown assignment...)", False
    ),
    Status("timeout", "the whole run hit its limit", False),
)

RUN_STATUSES: tuple[Status, ...] = (
    Status("graded", "the tests ran and the notebook ran cleanly", True),
    Status("graded-with-errors", "graded; a cell raised", True),
    Status(
        "graded-over-limit",
        "graded; a time or memory limit stopped the student's code (a cell or a test's call)",
        True,
    ),
    Status(
        "graded-after-crash",
        "graded; the process running the student's code died (a segfault, `os._exit`)",
        True,
    ),
    *STATUSES[1:],
)
"""When several happened, the last graded one that applies wins (a crash over a limit over an
error). The points are what the code earned either way."""

OUTCOME_NAMES: tuple[str, ...] = tuple(o.name for o in TEST_OUTCOMES)
ERROR_OUTCOMES: frozenset[str] = frozenset(o.name for o in TEST_OUTCOMES if o.error)
STATUS_NAMES: tuple[str, ...] = tuple(s.name for s in STATUSES)
RUN_STATUS_NAMES: tuple[str, ...] = tuple(s.name for s in RUN_STATUSES)
NOT_GRADED: tuple[str, ...] = tuple(s.name for s in RUN_STATUSES if not s.graded)
"""Statuses of a submission that was never graded: no grade is exported for it, never 0."""
