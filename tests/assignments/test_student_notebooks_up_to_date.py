"""Every shipped student notebook is what `nngrade assign` makes from its solution today."""

from __future__ import annotations

import nbformat
import pytest

from nngrade.assignment import load_assignment
from nngrade.authoring import student_version
from tests.assignments.grading import ASSIGNMENTS

FOLDERS = sorted(p.parent for p in ASSIGNMENTS.glob("*/assignment.toml"))


def code_cells(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_student_notebook_matches_its_solution(folder):
    assignment = load_assignment(folder)
    solution = nbformat.read(assignment.solution, as_version=4)
    shipped = nbformat.read(assignment.student, as_version=4)
    fix = f"nngrade assign {assignment.solution.relative_to(ASSIGNMENTS.parent)} -o {assignment.student.relative_to(ASSIGNMENTS.parent)}"
    assert code_cells(shipped) == code_cells(student_version(solution)), f"out of date: run `{fix}`"
    assert shipped.metadata.get("nngrade", {}).get("assignment") == assignment.id
