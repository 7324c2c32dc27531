"""Helpers for the assignments' end-to-end tests: grade a notebook through the CLI, once."""

from __future__ import annotations

import functools
from pathlib import Path

from tests.helpers import (  # noqa: F401 (re-exported for the assignment tests)
    ROOT,
    assert_full_marks,
    assert_template_scores_zero,
    lost_tasks,
    messages,
    submit_json,
)

ASSIGNMENTS = ROOT / "assignments"
FIXTURES = Path(__file__).parent / "fixtures"


@functools.cache
def graded(path: Path) -> dict:
    """`nngrade submit PATH --format json --seed 7 --lang en`, run once per notebook per session."""
    return submit_json(path)
