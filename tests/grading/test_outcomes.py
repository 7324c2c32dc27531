"""Outcomes are one list (issue 23): the JSON schema, the type hints, the catalog's words and
the renderers all read `nngrade.outcomes`."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import get_args

from nngrade import outcomes, results
from nngrade.messages import CATALOG
from nngrade.render import i18n


def _schema() -> dict:
    return json.loads(resources.files("nngrade").joinpath("results.schema.json").read_text())


def test_the_schema_enums_are_the_outcomes_tuples() -> None:
    schema = _schema()
    test = schema["$defs"]["test"]["properties"]["outcome"]
    assert tuple(test["enum"]) == outcomes.OUTCOME_NAMES
    assert tuple(schema["properties"]["status"]["enum"]) == outcomes.STATUS_NAMES


def test_the_schema_says_what_each_outcome_means() -> None:
    described = _schema()["$defs"]["test"]["properties"]["outcome"]["description"]
    for name in outcomes.OUTCOME_NAMES:
        assert name in described


def test_the_type_hints_spell_the_same_names() -> None:
    assert get_args(results.Outcome) == outcomes.OUTCOME_NAMES
    assert get_args(results.Status) == outcomes.STATUS_NAMES
    assert get_args(results.RunStatus) == outcomes.RUN_STATUS_NAMES
    assert results.OUTCOMES == outcomes.OUTCOME_NAMES


def test_every_outcome_and_run_status_has_words_in_every_language() -> None:
    for name in outcomes.OUTCOME_NAMES:
        assert set(CATALOG[f"outcome.{name}"]) >= {"en", "ko"}
        assert i18n.outcome("ko", name) == CATALOG[f"outcome.{name}"]["ko"]
    for name in outcomes.RUN_STATUS_NAMES:
        assert set(CATALOG[f"summary.status.{name}"]) >= {"en", "ko"}


def test_a_run_status_is_either_graded_or_not_exported() -> None:
    graded = {s.name for s in outcomes.RUN_STATUSES if s.graded}
    assert graded == {n for n in outcomes.RUN_STATUS_NAMES if n.startswith("graded")}
    assert set(outcomes.NOT_GRADED) == set(outcomes.STATUS_NAMES) - {"graded"}
    assert {"error", "timeout", "crashed"} == outcomes.ERROR_OUTCOMES


def test_the_readme_explains_every_run_status() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^  \| `([a-z-]+)` \| .+ \|$", readme, flags=re.MULTILINE)
    assert tuple(table) == outcomes.RUN_STATUS_NAMES
