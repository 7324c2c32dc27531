"""JSON output: valid against the shipped, versioned schema, with the model's own scores."""

from __future__ import annotations

import json

import jsonschema
import pytest

from nngrade.render.json import render_json, schema
from nngrade.results import SCHEMA_VERSION, Results


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    data = schema()
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data, format_checker=jsonschema.FormatChecker())


def test_schema_is_versioned_with_the_model():
    data = schema()
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["properties"]["schema_version"] == {
        "description": data["properties"]["schema_version"]["description"],
        "const": SCHEMA_VERSION,
    }


def test_every_kind_of_results_validates(validator, every_results):
    for results in every_results:
        data = json.loads(render_json(results))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, (results.status, results.lang, errors)


def test_derived_scores_are_in_the_data(partial):
    data = json.loads(render_json(partial))
    assert (data["score"], data["max_score"]) == (10.5, 14)
    assert [t["earned"] for t in data["tasks"]] == [t.earned for t in partial.tasks]
    assert data["tasks"][0]["tests"][1]["earned"] == 0


def test_korean_stays_readable_and_round_trips(korean):
    text = render_json(korean)
    assert "6장: 넘파이로 MLP 구현하기" in text  # ensure_ascii=False: no \\uXXXX
    again = Results.from_dict(json.loads(text))
    assert render_json(again) == text


def test_schema_rejects_what_the_model_cannot_produce(validator, partial):
    data = json.loads(render_json(partial))
    data["tasks"][0]["tests"][0]["outcome"] = "skipped"
    data["status"] = "done"
    data.pop("score")
    messages = {e.message for e in validator.iter_errors(data)}
    assert any("'skipped' is not one of" in m for m in messages)
    assert any("'done' is not one of" in m for m in messages)
    assert any("'score' is a required property" in m for m in messages)
