"""What nngrade says to a student, in English and Korean.

Grading messages are written while the tests run, in the language of the run
(`use_language`), and stored as text in the results. Every message names what to look at
(a function, an input, an index) and what was expected.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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
    "timeout_earlier": {
        "en": "{call} was not run again: it did not finish within {seconds:g} s in an earlier test. Is there an endless loop?",
        "ko": "{call}은(는) 앞선 테스트에서 {seconds:g}초 안에 끝나지 않아 다시 실행하지 않았습니다. 무한 루프가 있나요?",
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
    "is_nan": {
        "en": "{what} is NaN{input_note}. Use a numerically stable formula.",
        "ko": "{what}의 값이 NaN입니다{input_note}. 수치적으로 안정한 식을 쓰세요.",
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
    # Issue 13 (13a): the lecture's own ways to answer, and one bug costing one task.
    "answers_near_miss": {
        "en": "`{name}` is not defined in your {where}, but it defines `{got}`. The grader calls `{call}`: if `{got}` is your answer, name it `{name}`.",
        "ko": "{where}에 `{name}`이(가) 정의되어 있지 않지만 `{got}`은(는) 있습니다. 채점기는 `{call}`을(를) 호출합니다. `{got}`이(가) 답이라면 이름을 `{name}`(으)로 바꾸세요.",
    },
    "answers_where_notebook": {"en": "notebook", "ko": "노트북"},
    "answers_where_module": {"en": "module", "ko": "모듈"},
    "answers_add_parameters": {
        "en": "your `{call}` does not take {missing}, and reads no global of that name; the grader calls it as `{want}`: add those parameters.",
        "ko": "`{call}`은(는) {missing}을(를) 인자로 받지 않고, 그런 이름의 전역 변수도 읽지 않습니다. 채점기는 `{want}`(으)로 호출합니다: 그 인자들을 추가하세요.",
    },
    "answers_unread_globals": {
        "en": "(Your `{call}` reads the other weights as globals, as the lecture does, but never reads {names}.)",
        "ko": "(`{call}`은(는) 강의처럼 다른 가중치를 전역 변수로 읽지만 {names}은(는) 전혀 읽지 않습니다.)",
    },
    "answers_called_as": {
        "en": "(The grader calls it as `{call}`.)",
        "ko": "(채점기는 `{call}`(으)로 호출합니다.)",
    },
    "answers_called_as_or": {
        "en": "(The grader calls it as `{call}`; the lecture's name {aliases} answers too.)",
        "ko": "(채점기는 `{call}`(으)로 호출합니다. 강의의 이름 {aliases}도 됩니다.)",
    },
    "answers_reordered": {
        "en": "your `{call}` takes its arguments in another order than `{want}`. nngrade matched them by name this time; put them in the order of `{want}`, as other code will call it that way.",
        "ko": "`{call}`의 인자 순서가 `{want}`와(과) 다릅니다. 이번에는 채점기가 이름으로 맞춰 채점했지만, 다른 코드는 `{want}`의 순서로 호출하므로 그 순서로 바꾸세요.",
    },
    "answers_no_epoch_loop": {
        "en": "(Your `{call}` has no `epochs` parameter, and nngrade found no `for ... in range(...)` loop in it to run for the {epochs} epochs this test asks for. Add a parameter `epochs` and loop `for i in range(epochs)`.)",
        "ko": "(`{call}`에 `epochs` 인자가 없고, 이 테스트가 요구하는 {epochs} 에포크만큼 돌릴 `for ... in range(...)` 반복문도 찾지 못했습니다. `epochs` 인자를 추가하고 `for i in range(epochs)`로 반복하세요.)",
    },
    "answers_short_epoch_loop": {
        "en": "(Your `{call}` hard-codes {got} epochs, fewer than the {epochs} this test asks for. Add a parameter `epochs` and loop `for i in range(epochs)`.)",
        "ko": "(`{call}`은(는) 에포크 수를 {got}(으)로 고정해 두어 이 테스트가 요구하는 {epochs}보다 적습니다. `epochs` 인자를 추가하고 `for i in range(epochs)`로 반복하세요.)",
    },
    "answers_served": {
        "en": "passed when nngrade used its own {names} in place of yours (yours fails its own tests): this task's code is right.",
        "ko": "여러분의 {names} 대신 채점기의 것을 썼을 때 통과했습니다 (여러분의 것은 자체 테스트에서 틀림): 이 과제의 코드는 맞습니다.",
    },
    "answers_served_still_failed": {
        "en": "(It fails even with nngrade's own {names} in place of yours: the mistake is in this task's code.)",
        "ko": "(여러분의 {names} 대신 채점기의 것을 써도 실패합니다: 틀린 곳은 이 과제의 코드입니다.)",
    },
    "answers_dependency_failed": {
        "en": "(This may come from {names}, which your code calls here and which failed its own tests: fix that first.)",
        "ko": "(이 실패는 여기서 호출하는 {names}에서 왔을 수 있습니다. 그 함수가 자체 테스트에서 틀렸으니 먼저 고치세요.)",
    },
    # Messages of particular assignments' tests.
    "cross_entropy_not_finite": {
        "en": "{what} is {got}{input_note}. Clip the probabilities before taking the log, as Keras does: `p = np.clip(p, 1e-7, 1 - 1e-7)`.",
        "ko": "{what}의 값이 {got}입니다{input_note}. 로그를 계산하기 전에 케라스처럼 확률을 잘라 주세요: `p = np.clip(p, 1e-7, 1 - 1e-7)`.",
    },
    "same_array_every_step": {
        "en": "{call}: every entry of the list is the same array (the last x). `x -= ...` changes one array in place; write `x = x - learning_rate * gradient(x)` to make a new array at each step.",
        "ko": "{call}: 리스트의 모든 원소가 같은 배열(마지막 x)입니다. `x -= ...`는 배열 하나를 제자리에서 바꿉니다. 단계마다 새 배열이 생기도록 `x = x - learning_rate * gradient(x)`로 쓰세요.",
    },
    "stopped_after": {
        "en": "{call} took {got} steps, expected {want}. Stop right after the first step whose size |x_new − x| is below precision, and keep that step in the list.",
        "ko": "{call}이(가) {got}단계를 진행했습니다. 기대값: {want}단계. |x_new − x|가 precision보다 작아진 첫 단계 바로 뒤에 멈추고, 그 단계도 리스트에 넣으세요.",
    },
    "model_unreadable": {
        "en": "nngrade could not load the model that {what} returned ({error}). Use Keras' own layers, activations and losses: no Lambda layers or functions of your own.",
        "ko": "{what}이(가) 반환한 모델을 채점기가 불러올 수 없습니다 ({error}). 케라스가 제공하는 층, 활성화 함수, 손실 함수만 쓰세요: Lambda 층이나 직접 만든 함수는 안 됩니다.",
    },
    "model_input_shape": {
        "en": "{what} builds a model for inputs of shape {got}, expected {want}. Give the input shape to the first layer (for example `input_shape=input_shape`).",
        "ko": "{what}이(가) 만든 모델의 입력 shape이 {got}입니다. 기대값: {want}. 첫 층에 입력 shape을 주세요 (예: `input_shape=input_shape`).",
    },
    "model_layers": {
        "en": "{what} has the layers {got}, expected {want}.",
        "ko": "{what}의 층이 {got}입니다. 기대값: {want}.",
    },
    "model_params": {
        "en": "{what} has {got} parameters, expected {want}.",
        "ko": "{what}의 파라미터 수가 {got}개입니다. 기대값: {want}개.",
    },
    "model_not_compiled": {
        "en": "{what} returned a model that is not compiled. Call `model.compile(loss=..., optimizer=...)` before returning it.",
        "ko": "{what}이(가) 컴파일하지 않은 모델을 반환했습니다. 반환하기 전에 `model.compile(loss=..., optimizer=...)`를 호출하세요.",
    },
    "model_loss": {
        "en": "{what} is compiled with the loss {got}, expected {want}.",
        "ko": "{what}의 손실 함수가 {got}입니다. 기대값: {want}.",
    },
    "model_optimizer": {
        "en": "{what} is compiled with the optimizer {got}, expected {want}.",
        "ko": "{what}의 옵티마이저가 {got}입니다. 기대값: {want}.",
    },
    "model_learning_rate": {
        "en": "{what}: the {optimizer} learning rate is {got}, expected {want}. (Keras 3 spells it `learning_rate=`; the lecture's `lr=` no longer exists.)",
        "ko": "{what}: {optimizer}의 학습률이 {got}입니다. 기대값: {want}. (케라스 3에서는 `learning_rate=`로 씁니다. 강의의 `lr=`는 없어졌습니다.)",
    },
    "model_training_failed": {
        "en": "nngrade could not train the model that {what} returned ({error}).",
        "ko": "{what}이(가) 반환한 모델을 채점기가 학습시킬 수 없었습니다 ({error}).",
    },
    "model_accuracy": {
        "en": "{what}: trained by nngrade for {epochs} epochs on the 8×8 digits, the model classifies {got:.1%} of the held-out digits correctly, expected at least {want:.0%}.",
        "ko": "{what}: 채점기가 8×8 숫자 데이터로 {epochs} 에포크 학습시켰더니 검증용 숫자의 {got:.1%}만 맞혔습니다. 기대값: {want:.0%} 이상.",
    },
    # issue 13: a `.py` module's words, and the notes on library spellings.
    "not_defined_module": {
        "en": "`{name}` is not defined in your module. Did the statement that defines it run?",
        "ko": "모듈에 `{name}`이(가) 정의되어 있지 않습니다. 그 문장이 실행되었나요?",
    },
    "not_defined_statement_error": {
        "en": "`{name}` is not defined: the statement at line {cell}, which defines it, raised {error}. Fix that statement first.",
        "ko": "`{name}`이(가) 정의되지 않았습니다: 이를 정의하는 {cell}번째 줄의 문장에서 {error} 오류가 났습니다. 그 문장부터 고치세요.",
    },
    "not_callable_module": {
        "en": "`{name}` should be a function, but your module defines it as {kind}.",
        "ko": "`{name}`은(는) 함수여야 하는데, 모듈에서는 {kind}(으)로 정의되어 있습니다.",
    },
    "spelling_removed": {
        "en": "{where}: `{old}` was removed in {library}; your code was graded as if it said `{new}`. Change it to `{new}`.",
        "ko": "{where}: `{old}`는 {library}부터 없어졌습니다. `{new}`로 쓴 것으로 보고 채점했습니다. `{new}`로 고치세요.",
    },
    "spelling_where_cell": {"en": "line {line} of cell {cell}", "ko": "{cell}번 셀 {line}번째 줄"},
    "spelling_where_line": {"en": "line {line}", "ko": "{line}번째 줄"},
    "spelling_where_code": {"en": "your code", "ko": "코드"},
    "perceptron_not_a_perceptron": {
        "en": "{call} answers {got} for the inputs {inputs}, and no perceptron gives that with the truth table of {gate}: a perceptron is 1 if w1·x1 + w2·x2 > θ else 0, for all numbers between 0 and 1 too. Any weights that realise {gate} are accepted (the lecture's are w1 = {w1}, w2 = {w2}, θ = {theta}); use the weighted sum and the threshold, not a lookup of the four rows.",
        "ko": "{call}이(가) 입력 {inputs}에 {got}을(를) 반환했는데, {gate}의 진리표를 만족하면서 이렇게 답하는 퍼셉트론은 없습니다: 퍼셉트론은 0과 1 사이의 모든 실수 입력에서도 w1·x1 + w2·x2 > θ이면 1, 아니면 0입니다. {gate}를 만드는 가중치라면 무엇이든 인정합니다 (강의의 값은 w1 = {w1}, w2 = {w2}, θ = {theta}). 네 행을 찾아보는 대신 가중합과 임계값을 쓰세요.",
    },
    "perceptron_truth_table": {
        "en": "{call} is {got}, expected {want}: the truth table of {gate}. Any weights that realise it are accepted (the lecture's are w1 = {w1}, w2 = {w2}, θ = {theta}: 1 if w1·x1 + w2·x2 > θ else 0).",
        "ko": "{call}의 값이 {got}입니다. 기대값: {want} ({gate}의 진리표). 진리표를 만족하는 가중치라면 무엇이든 인정합니다 (강의의 값은 w1 = {w1}, w2 = {w2}, θ = {theta}: w1·x1 + w2·x2 > θ이면 1, 아니면 0).",
    },
    "softmax_batch_axis": {
        "en": "{call} on a 2-D array: {detail} Your softmax works on a single vector; for a batch, apply it along `axis` (default -1, each row): `e = np.exp(x - np.max(x, axis=axis, keepdims=True))`, then `e / np.sum(e, axis=axis, keepdims=True)`.",
        "ko": "2차원 배열에 대한 {call}: {detail} 작성한 softmax는 벡터 하나에는 맞습니다. 배치에서는 `axis`(기본값 -1, 각 행)를 따라 계산하세요: `e = np.exp(x - np.max(x, axis=axis, keepdims=True))`, 그다음 `e / np.sum(e, axis=axis, keepdims=True)`.",
    },
    # issue 15: the command line's words to a student starting and grading an assignment.
    "start_wrote": {
        "en": "wrote {path}",
        "ko": "{path} 파일을 만들었습니다",
    },
    "start_next": {
        "en": "Next: open {notebook} in Jupyter (for example `jupyter lab {notebook}`), replace each `raise NotImplementedError` with your code, then check your work with `nngrade submit {notebook}`.",
        "ko": "다음 단계: Jupyter에서 {notebook}을(를) 여세요 (예: `jupyter lab {notebook}`). `raise NotImplementedError`를 여러분의 코드로 바꾼 뒤 `nngrade submit {notebook}` 명령으로 확인하세요.",
    },
    "start_exists": {
        "en": "{path}: already exists; nngrade start does not overwrite your work (use --force to replace it)",
        "ko": "{path}: 이미 있습니다. nngrade start는 작업한 파일을 덮어쓰지 않습니다 (바꾸려면 --force를 쓰세요)",
    },
    "start_missing": {
        "en": "{path}: this install of nngrade does not have the file the assignment '{assignment}' starts from",
        "ko": "{path}: 설치된 nngrade에 '{assignment}' 과제의 시작 파일이 없습니다",
    },
    "needs_tensorflow": {
        "en": 'the {assignment} assignment needs TensorFlow, which is not installed: pip install "nngrade[keras]"',
        "ko": '{assignment} 과제는 TensorFlow가 필요한데 설치되어 있지 않습니다: pip install "nngrade[keras]"',
    },
    # Words used inside messages.
    "kind_array": {"en": "an array", "ko": "배열"},
    "kind_number": {"en": "a number", "ko": "숫자"},
    "kind_sequence": {"en": "a list of numbers", "ko": "숫자 리스트"},
    "kind_tuple": {"en": "a tuple of {n} values", "ko": "값 {n}개의 튜플"},
    "kind_list": {"en": "a list of {n} values", "ko": "값 {n}개의 리스트"},
    "kind_array_of_shape": {"en": "an array of shape {shape}", "ko": "shape이 {shape}인 배열"},
    "kind_other": {"en": "a {type} ({value})", "ko": "{type} 값 ({value})"},
    # issue 14: confinement and the grader's own memory budget
    "unconfined_warning": {
        "en": "nngrade: warning: your code runs unconfined here ({problem}); fine for checking your own work.",
        "ko": "nngrade: 경고: 여기서는 코드가 격리되지 않은 채 실행됩니다 ({problem}). 자기 과제를 확인하는 데에는 괜찮습니다.",
    },
    "too_big_for_grader": {
        "en": "checking your values needed more memory than nngrade allows a test: check the shapes your code returns.",
        "ko": "제출한 값을 확인하는 데 채점기가 한 테스트에 허용하는 것보다 많은 메모리가 필요했습니다. 코드가 반환하는 배열의 모양을 확인하세요.",
    },
    "too_big_to_compare": {
        "en": "{what}: comparing your value of shape {got} with the expected shape {want} would need {mb:,} MB; return the shape asked for.",
        "ko": "{what}: 제출한 값(모양 {got})을 기대한 모양 {want}과(와) 비교하려면 {mb:,} MB가 필요합니다. 요구한 모양으로 반환하세요.",
    },
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


@dataclass(frozen=True, kw_only=True)
class Text:
    """Words in English and Korean; `str()` gives them in the current language, else English."""

    en: str
    ko: str

    def __str__(self) -> str:
        return getattr(self, _current, "") or self.en


def text(*, en: str, ko: str) -> Text:
    """Words for a check's `what=` or `input=` in English and Korean, e.g. `text(en=..., ko=...)`."""
    return Text(en=en, ko=ko)


def say_in(lang: str, key: str, **fields: object) -> str:
    """The message `key` in `lang` (for the command line, outside a grading run)."""
    with use_language(lang):
        return say(key, **fields)


def say(key: str, **fields: object) -> str:
    """The message `key` in the current language, with its fields filled in (a `Text` field
    in the current language too: `format` calls its `__str__`)."""
    entry = CATALOG[key]
    return entry.get(_current, entry["en"]).format(**fields)


# issue 16: submission-level errors (a file that cannot be graded) in the report's language.
# The English is what `SubmissionError` says (nngrade.submission); `submission_problem` finds
# the sentence that matches it and writes it in Korean. A sentence not listed stays English.
SUBMISSION_PROBLEMS: dict[str, str] = {
    "file not found": "파일이 없습니다",
    "cannot be read (permission denied)": "읽을 수 없습니다 (권한 없음)",
    "cannot be read ({why})": "읽을 수 없습니다 ({why})",
    "is a directory; give the notebook (.ipynb) or module (.py) inside it": "폴더입니다. 그 안의 노트북(.ipynb)이나 모듈(.py)을 지정하세요",
    "is not a regular file": "일반 파일이 아닙니다",
    "is {mb} MB; nngrade reads submissions up to {limit} MB": "크기가 {mb} MB입니다. 채점기는 {limit} MB까지의 제출물만 읽습니다",
    "is empty": "비어 있습니다",
    "is a binary file, not {what}": "텍스트가 아닌 바이너리 파일입니다",
    "is not UTF-8 text (byte {at} is {byte}); save it as UTF-8": "UTF-8 텍스트가 아닙니다 ({at}번째 바이트가 {byte}). UTF-8로 저장하세요",
    "is not valid JSON (truncated?) at line {line} col {col}": "올바른 JSON이 아닙니다 (파일이 잘렸나요?): {line}행 {col}열",
    "is not a notebook (its JSON is nested too deeply)": "노트북이 아닙니다 (JSON이 너무 깊게 중첩되어 있음)",
    'is JSON but not a Jupyter notebook (it has no "nbformat" field)': 'JSON이지만 주피터 노트북이 아닙니다 ("nbformat" 항목이 없음)',
    "uses notebook format version {version}, which nngrade cannot read (it reads version 4 and converts version 3); open and save it in a current Jupyter": "노트북 형식 버전 {version}은(는) 읽을 수 없습니다 (버전 4를 읽고 버전 3은 변환합니다). 최신 주피터에서 열어 다시 저장하세요",
    "is an nbformat 3 notebook that could not be converted to version 4 ({why}); open and save it in a current Jupyter": "버전 4로 변환할 수 없는 nbformat 3 노트북입니다 ({why}). 최신 주피터에서 열어 다시 저장하세요",
    'is not a valid notebook: "nbformat_minor" is not a number': '올바른 노트북이 아닙니다: "nbformat_minor"가 숫자가 아닙니다',
    'is not a valid notebook: it has no list of "cells"': '올바른 노트북이 아닙니다: "cells" 목록이 없습니다',
    'is not a valid notebook: its "metadata" is not an object': '올바른 노트북이 아닙니다: "metadata"가 객체가 아닙니다',
    "is an empty notebook (it has no cells)": "빈 노트북입니다 (셀이 없음)",
    'is not a valid notebook: cell {n} has no "cell_type"': '올바른 노트북이 아닙니다: {n}번 셀에 "cell_type"이 없습니다',
    "is not a valid notebook: the source of cell {n} is not text": "올바른 노트북이 아닙니다: {n}번 셀의 소스가 텍스트가 아닙니다",
    "has no code cells": "코드 셀이 없습니다",
    "has no code: all its code cells are empty": "코드가 없습니다: 코드 셀이 모두 비어 있습니다",
}


def _pattern(english: str) -> re.Pattern[str]:
    """`is {mb} MB` -> a regex that matches the filled-in sentence and captures its fields."""
    parts = re.split(r"\{(\w+)\}", english)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


class Translations:
    """Sentences that code writes in English (with `{fields}`), and their Korean: `in_language`
    finds the one a filled-in sentence matches and writes it in Korean with the same fields."""

    def __init__(self, korean: dict[str, str]) -> None:
        self.patterns = [(_pattern(en), ko) for en, ko in korean.items()]

    def in_language(self, text: str, lang: str) -> str:
        """`text` in `lang`; a sentence not listed stays as it is."""
        if lang != "ko":
            return text
        for pattern, korean in self.patterns:
            if m := pattern.match(text):
                return korean.format(**m.groupdict())
        return text


_PROBLEMS = Translations(SUBMISSION_PROBLEMS)


def submission_problem(problem: str, lang: str) -> str:
    """What is wrong with a submission file (a `SubmissionError.problem`) in `lang`."""
    return _PROBLEMS.in_language(problem, lang)
