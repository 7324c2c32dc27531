"""What nngrade says to a student, in English and Korean.

Grading messages are written while the tests run, in the language of the run
(`use_language`), and stored as text in the results. Every message names what to look at
(a function, an input, an index) and what was expected.
"""

from __future__ import annotations

import locale
import os
from contextlib import contextmanager
from collections.abc import Iterator

LANGUAGES = ("en", "ko")

CATALOG: dict[str, dict[str, str]] = {
    "not_defined": {
        "en": "`{name}` is not defined in your notebook. Did the cell that defines it run?",
        "ko": "노트북에 `{name}`이(가) 정의되어 있지 않습니다. 그 셀이 실행되었나요?",
    },
    "not_defined_cell_error": {
        "en": "`{name}` is not defined: cell {cell}, which defines it, raised {error}. Fix that cell first.",
        "ko": "`{name}`이(가) 정의되지 않았습니다: 이를 정의하는 셀 {cell}에서 {error} 오류가 났습니다. 그 셀부터 고치세요.",
    },
    "not_callable": {
        "en": "`{name}` should be a function, but your notebook defines it as {kind}.",
        "ko": "`{name}`은(는) 함수여야 하는데, 노트북에서는 {kind}(으)로 정의되어 있습니다.",
    },
    "not_implemented": {
        "en": "`{name}` is not implemented yet (it raises NotImplementedError).",
        "ko": "`{name}`이(가) 아직 구현되지 않았습니다 (NotImplementedError를 발생시킵니다).",
    },
    "raised": {
        "en": "{call} raised {error}",
        "ko": "{call} 실행 중 오류: {error}",
    },
    "timeout": {
        "en": "{call} did not finish within {seconds:g} s. Is there an endless loop?",
        "ko": "{call}이(가) {seconds:g}초 안에 끝나지 않았습니다. 무한 루프가 있나요?",
    },
    "crashed": {
        "en": "the process running your code died during {call}: {reason}",
        "ko": "{call} 실행 중 코드를 실행하던 프로세스가 종료되었습니다: {reason}",
    },
    "refused": {
        "en": "{call} returned a value nngrade cannot read: {reason}",
        "ko": "{call}이(가) 채점기가 읽을 수 없는 값을 반환했습니다: {reason}",
    },
    "wrong_kind": {
        "en": "{what} should be {expected}, but it is {got}.",
        "ko": "{what}은(는) {expected}이어야 하는데 {got}입니다.",
    },
    "wrong_shape": {
        "en": "{what} has shape {got}, expected {want}.",
        "ko": "{what}의 shape이 {got}입니다. 기대값: {want}.",
    },
    "wrong_length": {
        "en": "{what} has {got} items, expected {want}.",
        "ko": "{what}의 길이가 {got}입니다. 기대값: {want}.",
    },
    "wrong_dtype": {
        "en": "{what} holds {got} values, expected floating-point numbers (integer division or astype(int)?).",
        "ko": "{what}의 값이 {got} 자료형입니다. 실수(float)여야 합니다 (정수 나눗셈이나 astype(int)를 썼나요?).",
    },
    "has_nan": {
        "en": "{what} contains NaN at {index}{input_note}. Use a numerically stable formula.",
        "ko": "{what}의 {index} 위치에 NaN이 있습니다{input_note}. 수치적으로 안정한 식을 쓰세요.",
    },
    "wrong_values": {
        "en": "{what} differs at {index}: got {got}, expected {want} ({count} of {total} values differ){input_note}.",
        "ko": "{what}이(가) {index} 위치에서 다릅니다: 결과 {got}, 기대값 {want} (전체 {total}개 중 {count}개 다름){input_note}.",
    },
    "wrong_value": {
        "en": "{what} is {got}, expected {want}{input_note}.",
        "ko": "{what}의 값이 {got}입니다. 기대값: {want}{input_note}.",
    },
    "input_note": {
        "en": " for input {input}",
        "ko": " (입력: {input})",
    },
    "mutated": {
        "en": "{call} changed its input {arg}. Work on a copy (for example `x = x.copy()`) instead of modifying the argument.",
        "ko": "{call}이(가) 입력 {arg}을(를) 변경했습니다. 인자를 직접 바꾸지 말고 복사본(예: `x = x.copy()`)을 사용하세요.",
    },
    "gradient": {
        "en": "the gradient your {call} used for {param} is wrong: at {index} finite differences give {want}, your update implies {got} (relative error {error:.2g}).",
        "ko": "{call}이(가) {param}에 사용한 그래디언트가 틀렸습니다: {index}에서 수치 미분값은 {want}인데 갱신량에서 나온 값은 {got}입니다 (상대 오차 {error:.2g}).",
    },
    "not_learnt": {
        "en": "{what}: after training, the outputs {got} do not round to the targets {want}.",
        "ko": "{what}: 학습 후 출력 {got}이(가) 정답 {want}으로 반올림되지 않습니다.",
    },
    "returned_none": {
        "en": "{call} returned None. Return the result (did you forget `return`?).",
        "ko": "{call}이(가) None을 반환했습니다. 결과를 return 하세요 (`return`을 빠뜨렸나요?).",
    },
    "test_broken": {
        "en": "this test could not run because of a problem in the test itself, not your code: {error}",
        "ko": "이 테스트는 코드가 아닌 테스트 자체의 문제로 실행되지 못했습니다: {error}",
    },
    "hint_np_int": {
        "en": " Hint: `np.int` was removed in NumPy 1.24; use `int`.",
        "ko": " 힌트: NumPy 1.24부터 `np.int`가 없어졌습니다. `int`를 쓰세요.",
    },
    # Messages of particular assignments' tests.
    "cross_entropy_not_finite": {
        "en": "{what} is {got}{input_note}. Clip the probabilities before taking the log, as Keras does: `p = np.clip(p, 1e-7, 1 - 1e-7)`.",
        "ko": "{what}의 값이 {got}입니다{input_note}. 로그를 계산하기 전에 케라스처럼 확률을 잘라 주세요: `p = np.clip(p, 1e-7, 1 - 1e-7)`.",
    },
    # Words used inside messages.
    "kind_array": {"en": "an array", "ko": "배열"},
    "kind_number": {"en": "a number", "ko": "숫자"},
    "kind_sequence": {"en": "a list of numbers", "ko": "숫자 리스트"},
    "kind_tuple": {"en": "a tuple of {n} values", "ko": "값 {n}개의 튜플"},
}

_current = "en"


def default_language() -> str:
    """The language of the user's locale: Korean for ko_*, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def language() -> str:
    return _current


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Write messages in `lang` inside the block."""
    global _current
    previous, _current = _current, (lang if lang in LANGUAGES else "en")
    try:
        yield
    finally:
        _current = previous


def say(key: str, **fields: object) -> str:
    """The message `key` in the current language, with its fields filled in."""
    entry = CATALOG[key]
    return entry.get(_current, entry["en"]).format(**fields)
