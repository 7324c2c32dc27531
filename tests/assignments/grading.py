"""Helpers for the assignments' end-to-end tests: grade a notebook through the CLI, once."""

from __future__ import annotations

import functools
from pathlib import Path

from tests.helpers import ROOT, submit_json

ASSIGNMENTS = ROOT / "assignments"
FIXTURES = Path(__file__).parent / "fixtures"


@functools.cache
def graded(path: Path) -> dict:
    """`nngrade submit PATH --format json --seed 7 --lang en`, run once per notebook per session."""
    return submit_json(path)


def lost_tasks(results: dict) -> set[str]:
    """The tasks not at full marks."""
    return {t["name"] for t in results["tasks"] if t["earned"] < t["points"]}


def all_tasks(results: dict) -> set[str]:
    return {t["name"] for t in results["tasks"]}


def messages(results: dict) -> str:
    """Every test's message, one per line (for assertion output)."""
    return "\n".join(
        t["message"] for task in results["tasks"] for t in task["tests"] if t["message"]
    )


def assert_template_scores_zero(results: dict) -> None:
    """Every test of the untouched student notebook fails with "not implemented yet"."""
    assert results["score"] == 0
    assert lost_tasks(results) == all_tasks(results)
    for task in results["tasks"]:
        for test in task["tests"]:
            assert "not implemented yet" in test["message"], test
