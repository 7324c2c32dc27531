"""`text(en=..., ko=...)`: words in a check's `what=`/`input=` follow the language of the run."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nngrade.messages import use_language
from nngrade.testing import GradingFailure, check, text

START = text(en="random start, learning rate 0.5", ko="임의의 시작점, 학습률 0.5")
W1 = text(en="W1 after 3 epochs", ko="3 에포크 후의 W1")


def failure(fn, *args, **kwargs) -> str:
    with pytest.raises(GradingFailure) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_str_of_text_follows_use_language_and_is_english_outside_it():
    assert str(START) == "random start, learning rate 0.5"
    with use_language("ko"):
        assert str(START) == "임의의 시작점, 학습률 0.5"
        with use_language("en"):
            assert f"{START}" == "random start, learning rate 0.5"
    with use_language("xx"):  # an unknown language falls back to English
        assert str(START) == "random start, learning rate 0.5"


def test_text_is_frozen_and_needs_both_languages():
    with pytest.raises(dataclasses.FrozenInstanceError):
        START.en = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        text(en="only English")  # type: ignore[call-arg]


def test_close_failure_in_korean_has_the_korean_input_and_what_not_the_english():
    with use_language("ko"):
        message = failure(check.close, [1.0, 2.0], [1.0, 2.5], what=W1, input=START)
    assert "(입력: 임의의 시작점, 학습률 0.5)" in message
    assert message.startswith("3 에포크 후의 W1이(가) [1] 위치에서 다릅니다")
    assert "random start" not in message and "after 3 epochs" not in message


def test_close_failure_in_english_has_the_english_words_not_a_repr():
    message = failure(check.close, 1.0, 2.0, what=W1, input=START)
    assert message == (
        "W1 after 3 epochs is 1, expected 2 for input random start, learning rate 0.5."
    )
    assert "text(" not in message and "Text(" not in message


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_check_writes_text_in_the_language_of_the_run(lang):
    what = text(en="the slope", ko="기울기")
    words = {"en": "the slope", "ko": "기울기"}[lang]

    class Call:
        value = None
        mutated = [0]
        args_after = None

    with use_language(lang):
        messages = [
            failure(check.number, 1.0, 2.0, what=what, input=START),
            failure(check.number, [1.0, 2.0], 2.0, what=what),
            failure(check.equal, np.array([1, 2]), np.array([1, 3]), what=what),
            failure(check.sequence, [1.0], [1.0, 2.0], what=what),
            failure(check.close, [np.nan], [1.0], what=what, input=START),
            failure(check.parts, None, 2, what=what),
            failure(check.updated, Call(), [0, 1], what=what),
            failure(check.unchanged, Call(), what=what, arg_names=["x"]),
            failure(check.gradient, np.array([1.0]), np.array([2.0]), what=what, param=W1),
            failure(check.that, False, what),
        ]
    for message in messages:
        assert words in message, message
        assert "Text(" not in message, message
    other = {"en": "기울기", "ko": "the slope"}[lang]
    assert not any(other in m for m in messages), messages


def test_a_single_nan_number_is_said_without_an_english_index():
    for lang, words in (("en", "loss(y, t) is NaN"), ("ko", "loss(y, t)의 값이 NaN입니다")):
        with use_language(lang), pytest.raises(GradingFailure) as failure:
            check.close(float("nan"), 0.5, what="loss(y, t)")
        assert words in str(failure.value)
        assert "the value" not in str(failure.value)
