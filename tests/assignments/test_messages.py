"""The messages assignment tests say exist in English and Korean, with the same fields."""

from __future__ import annotations

import string

import pytest

from nngrade.messages import CATALOG, LANGUAGES


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_message_has_every_language_with_the_same_fields(key):
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES)
    assert fields(entry["ko"]) == fields(entry["en"])
