"""The catalog: complete in every language, and points written as people write them."""

from __future__ import annotations

import string

import pytest

from nngrade.messages import CATALOG, LANGUAGES, say
from nngrade.render.i18n import hidden_summary, points


def test_every_language_has_every_key_with_the_same_fields():
    # One catalog (issue 12): key -> language -> words, the report words among the messages.
    for key, entry in CATALOG.items():
        assert set(entry) == set(LANGUAGES), key
        for lang, value in entry.items():
            assert _fields(value) == _fields(entry["en"]), (lang, key)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(
    ("value", "written"),
    [(2.0, "2"), (14, "14"), (1.5, "1.5"), (0.1 + 0.2, "0.3"), (0.25, "0.25"), (0, "0")],
)
def test_points_are_written_without_float_noise(value, written):
    assert points(value) == written


def test_unknown_language_falls_back_to_english():
    assert say("score", "fr") == "Score"


def test_hidden_tests_are_only_a_count(partial, korean):
    gd = next(t for t in partial.tasks if t.name == "gradient_descent")
    assert hidden_summary("en", gd) == "hidden tests: 0/1 passed"
    train = next(t for t in korean.tasks if t.name == "train")
    assert hidden_summary("ko", train) == "숨은 테스트: 2개 중 1개 통과"
    forward = next(t for t in partial.tasks if t.name == "forward")
    assert hidden_summary("en", forward) is None
