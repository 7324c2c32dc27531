"""The registry, and the rule every renderer keeps: it reads the scores, never computes them."""

from __future__ import annotations

import base64
import json

import pytest

from nngrade.render import FORMATS, SUFFIXES, render, renderer
from nngrade.results import Results


def test_every_format_has_a_suffix_and_a_render_function():
    assert set(FORMATS) == set(SUFFIXES)
    for fmt in FORMATS:
        if fmt == "rich":
            continue  # the lead's terminal renderer: resolved lazily, tested with it
        assert callable(renderer(fmt)), fmt


def test_unknown_format_names_the_known_ones(partial):
    with pytest.raises(ValueError, match="known formats: rich, json"):
        render(partial, "yaml")


class Rigged(Results):
    """Results whose total disagrees with its tasks: only a renderer that reads it shows 7.25."""

    @property
    def score(self) -> float:
        return 7.25


def test_renderers_read_the_total_and_never_recompute_it(partial):
    rigged = Rigged(**{f: getattr(partial, f) for f in partial.__dataclass_fields__})
    assert json.loads(render(rigged, "json"))["score"] == 7.25
    assert json.loads(render(rigged, "gradescope"))["score"] == 7.25
    assert "## Score: 7.25/14" in render(rigged, "markdown")
    assert 'id="score">7.25/14<' in render(rigged, "html")
    assert '<property name="score" value="7.25" />' in render(rigged, "junit")
    # Classroom records the sum of the task entries (the reporter's own arithmetic): those are
    # the tasks' `earned`, read from the model as well.
    tests = json.loads(base64.b64decode(render(rigged, "classroom")))["tests"]
    assert [t["score"] for t in tests] == [task.earned for task in partial.tasks]
