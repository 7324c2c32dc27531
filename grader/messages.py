"""What nngrade says, in English and Korean: the one catalog, and the one function that
looks words up.

Words are data (issue 23). Code records a catalog key and its fields where something happens
(`GradingFailure(key, **fields)`, `NngradeError(key, **fields)`, `WorkerDied(key, **fields)`,
`nngrade.results.Note(key, fields)`), and words are looked up only where they are shown:

    say(key, lang=None, **fields) -> str

the words of `key` in `lang` (default: the current language, `use_language`; English for a
language the entry lacks) with `{fields}` filled in; a field that is bilingual `Text` or a
`Note` is written in the same language. A renderer that has the language at hand passes it
(`say("pts", results.lang, ...)`); there is no other lookup. Adding a message is one entry here,
in every language of `LANGUAGES`. Every message names what to look at (a function, an input,
an index) and what was expected.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .languages import LANGUAGES

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
    # issue 23: words
    "then": {"en": "{first} {then}", "ko": "{first} {then}"},
    "error_with_hint": {"en": "{error}{hint}", "ko": "{error}{hint}"},
    "raised_traceback": {
        "en": "{call} raised {error}\n{traceback}",
        "ko": "{call} 실행 중 오류: {error}\n{traceback}",
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
    # issue 21 (part A): answers by value, what the lecture's top-level code leaves behind
    "answers_by_value": {
        "en": "`{name}` is not defined: its tests checked the values your top-level code leaves behind ({names}), as the lecture's code does.",
        "ko": "`{name}`이(가) 정의되어 있지 않아, 강의 코드처럼 최상위 코드가 남긴 값({names})으로 채점했습니다.",
    },
    "answers_values_looked_for": {
        "en": "(The grader also looked for what the lecture's top-level code leaves behind, {names}{when}: {found}.)",
        "ko": "(채점기는 강의의 최상위 코드가 남기는 값 {names}{when}도 찾아보았습니다: {found}.)",
    },
    "answers_values_when": {"en": " with {names}", "ko": " ({names}일 때)"},
    "answers_values_found": {
        "en": "only {names} is there",
        "ko": "{names}만 있습니다",
    },
    "answers_values_other": {
        "en": "they are there, with other values",
        "ko": "값들은 있지만 조건과 다른 값입니다",
    },
    "answers_values_used": {
        "en": "they answer the lecture's own example only; this test calls the function",
        "ko": "그 값들은 강의의 예제에만 답이 됩니다. 이 테스트는 함수를 호출합니다",
    },
    "answers_values_none": {"en": "none of them is there", "ko": "하나도 없습니다"},
    # issue 21: the students' own names, the lecture's signatures and classes, in every lab.
    "answers_method": {
        "en": "nngrade graded `{method}` (a method of your class) as `{name}`: it found no function `{name}`, and called the method on your instance, or on a new one made with no arguments.",
        "ko": "채점기가 `{name}` 함수를 찾지 못해 클래스의 메서드 `{method}`을(를) `{name}`(으)로 채점했습니다. 만들어 둔 인스턴스나, 인자 없이 새로 만든 인스턴스에서 메서드를 호출했습니다.",
    },
    "answers_object": {
        "en": "`{name}` is an object of your class `{cls}`: nngrade called it as the function `{name}`, through its method (`__call__`, its one public method, or `predict`, `forward`, `output`, ...).",
        "ko": "`{name}`은(는) 직접 만든 클래스 `{cls}`의 객체입니다: 채점기는 그 메서드(`__call__`, 하나뿐인 공개 메서드, 또는 `predict`, `forward`, `output` 등)를 통해 `{name}` 함수처럼 호출했습니다.",
    },
    "answers_returned_attributes": {
        "en": "`{method}` returns no answer, so nngrade graded what it keeps on the instance: {names}. Return the answer too, as the task asks.",
        "ko": "`{method}`이(가) 답을 반환하지 않아 채점기는 인스턴스에 저장된 {names}을(를) 채점했습니다. 과제가 요구하는 대로 답도 반환하세요.",
    },
    "answers_no_such_method": {
        "en": "(Your code defines its own classes ({classes}): nngrade looks for `{name}` as a function or as a method of one of them, and found neither.)",
        "ko": "(코드에 직접 만든 클래스({classes})가 있습니다. 채점기는 `{name}`을(를) 함수나 그 클래스들의 메서드로 찾지만 둘 다 없었습니다.)",
    },
    "answers_one_array": {
        "en": "(Your `{call}` takes the inputs as one array: nngrade called it with `np.array([{args}])` for `{name}({args})`.)",
        "ko": "(`{call}`은(는) 입력을 배열 하나로 받습니다: 채점기는 `{name}({args})` 대신 `np.array([{args}])`(으)로 호출했습니다.)",
    },
    "answers_no_axis": {
        "en": "your `{call}` has no parameter `{axis}`: nngrade graded it along each axis a test asks for, by giving it that axis as the last one (`np.moveaxis`). Add a parameter `{axis}=-1` and use it, so that it works along any axis.",
        "ko": "`{call}`에 `{axis}` 인자가 없습니다: 채점기는 테스트가 요구하는 축을 마지막 축으로 옮겨서(`np.moveaxis`) 채점했습니다. 어느 축으로든 계산되도록 `{axis}=-1` 인자를 추가하고 사용하세요.",
    },
    "answers_axis_moved": {
        "en": "(Your `{call}` has no parameter `{param}`: this test asks for `{param}={axis}`, so nngrade gave it that axis as the last one. Add `{param}=-1` and compute along it.)",
        "ko": "(`{call}`에 `{param}` 인자가 없습니다: 이 테스트는 `{param}={axis}`을(를) 요구하므로 채점기가 그 축을 마지막 축으로 옮겨 넘겼습니다. `{param}=-1` 인자를 추가하고 그 축을 따라 계산하세요.)",
    },
    # Messages of the Keras model checks (nngrade.models) and the training checks; an
    # assignment's own sentences live in its tests, as `text(en=..., ko=...)`.
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
        "en": 'the {assignment} assignment needs TensorFlow, which is not installed: pip install "tensorflow>=2.16"',
        "ko": '{assignment} 과제는 TensorFlow가 필요한데 설치되어 있지 않습니다: pip install "tensorflow>=2.16"',
    },
    # issue 23: words
    "cli.which_assignment": {
        "en": "{path}: cannot tell which assignment this is. Name it with --assignment (known: {names})",
        "ko": "{path}: 어느 과제인지 알 수 없습니다. `--assignment`로 과제를 알려 주세요 (있는 과제: {names})",
    },
    "cli.list_title": {"en": "nngrade assignments", "ko": "nngrade 과제 목록"},
    "cli.list_assignment": {"en": "assignment", "ko": "과제"},
    "cli.list_task": {"en": "task", "ko": "항목"},
    "cli.list_points": {"en": "points", "ko": "배점"},
    "cli.list_checks": {"en": "what it checks", "ko": "확인하는 내용"},
    "cli.list_tensorflow": {"en": " (TensorFlow)", "ko": " (TensorFlow)"},
    "cli.report_format_unknown": {
        "en": "{path}: cannot tell the report format from the suffix '{suffix}' (known: {known}); give --format before -o",
        "ko": "{path}: 확장자 '{suffix}'로는 보고서 형식을 알 수 없습니다 (있는 형식: {known}). `-o` 앞에 `--format`을 주세요",
    },
    "cli.cannot_write_report": {
        "en": "{path}: cannot write the {format} report: {why}",
        "ko": "{path}: {format} 보고서를 쓸 수 없습니다: {why}",
    },
    "cli.standard_output": {"en": "standard output", "ko": "표준 출력"},
    "cli.cannot_be_graded": {
        "en": "assignment '{assignment}' cannot be graded: {problem}{more}",
        "ko": "과제 '{assignment}'을(를) 채점할 수 없습니다: {problem}{more}",
    },
    "cli.more_problems": {"en": " (and {n} more problems)", "ko": " (외 문제 {n}개)"},
    "cli.wrote": {"en": "wrote {path}", "ko": "{path} 파일을 만들었습니다"},
    "cli.assign_check": {
        "en": "{label}: {score}/{max} ({verdict})",
        "ko": "{label}: {score}/{max} ({verdict})",
    },
    "cli.assign_solution": {"en": "solution", "ko": "모범 답안"},
    "cli.assign_student_notebook": {"en": "student notebook", "ko": "학생용 노트북"},
    "cli.assign_ok": {"en": "ok", "ko": "정상"},
    "cli.assign_expected_full": {"en": "expected full marks", "ko": "만점이어야 합니다"},
    "cli.assign_expected_zero": {"en": "expected 0", "ko": "0점이어야 합니다"},
    "cli.classroom_runs": {
        "en": "Classroom runs `nngrade submit {notebook}` on every push",
        "ko": "깃허브 클래스룸은 푸시할 때마다 `nngrade submit {notebook}`을(를) 실행합니다",
    },
    "cli.bundle_deps_install": {
        "en": "--bundle-deps goes with the wheel in the zip, not with --install",
        "ko": "`--bundle-deps`는 압축 파일 안의 휠 파일과 함께 쓰며, `--install`과는 함께 쓸 수 없습니다",
    },
    "cli.gradescope_wrote": {
        "en": "wrote {path}: upload it as the assignment's autograder on Gradescope",
        "ko": "{path} 파일을 만들었습니다: 그레이드스코프에 이 과제의 자동 채점기로 올리세요",
    },
    "cli.gradescope_no_hidden": {
        "en": "note: this install has no hidden tests for '{assignment}'; the autograder grades with the visible tests only",
        "ko": "참고: 이 설치본에는 '{assignment}'의 숨은 테스트가 없습니다. 자동 채점기는 공개 테스트로만 채점합니다",
    },
    "cli.exists_use_force": {
        "en": "{path}: already exists (use --force to replace it)",
        "ko": "{path}: 이미 있습니다 (바꾸려면 `--force`를 쓰세요)",
    },
    "cli.install_lacks_file": {
        "en": "{path}: this install of nngrade does not have this file",
        "ko": "{path}: 이 nngrade 설치본에는 이 파일이 없습니다",
    },
    "cli.interrupted": {"en": "interrupted", "ko": "중단되었습니다"},
    # issue 23: words (the rest)
    "harness.problem": {"en": "{where}: {problem}", "ko": "{where}: {problem}"},
    "harness.no_task_marker": {
        "en": "test has no @task(...) marker",
        "ko": "테스트에 `@task(...)` 표시가 없습니다",
    },
    "harness.unknown_task": {
        "en": "task '{task}' is not in assignment.toml (its tasks: {known})",
        "ko": "과제 항목 '{task}'이(가) assignment.toml에 없습니다 (있는 항목: {known})",
    },
    "harness.same_test_id": {
        "en": "has the same file and test name as {first}",
        "ko": "{first}와(과) 파일 이름과 테스트 이름이 같습니다",
    },
    "harness.points": {
        "en": "task '{task}': the tests in tests/ add up to {got:g} points, but assignment.toml gives the task {points:g}",
        "ko": "과제 항목 '{task}': tests/의 테스트 배점 합이 {got:g}점인데, assignment.toml에서는 이 항목에 {points:g}점을 줍니다",
    },
    "harness.points_hidden": {
        "en": "task '{task}': the tests in tests/ and hidden/ add up to {got:g} points, but assignment.toml gives the task {points:g}",
        "ko": "과제 항목 '{task}': tests/와 hidden/의 테스트 배점 합이 {got:g}점인데, assignment.toml에서는 이 항목에 {points:g}점을 줍니다",
    },
    "harness.cannot_run": {
        "en": "the assignment's tests cannot run: {where}: {problem}",
        "ko": "과제의 테스트를 실행할 수 없습니다: {where}: {problem}",
    },
    "harness.stopped": {
        "en": "the assignment's tests stopped running",
        "ko": "과제의 테스트 실행이 중단되었습니다",
    },
    "harness.stopped_by": {
        "en": "the assignment's tests stopped running: {error}",
        "ko": "과제의 테스트 실행이 중단되었습니다: {error}",
    },
    "harness.did_not_start": {
        "en": "the assignment's tests did not start (pytest exit {code})",
        "ko": "과제의 테스트가 시작되지 못했습니다 (pytest 종료 코드 {code})",
    },
    # issue 25: checking a notebook from inside it (`nngrade.check()`, `%nngrade`).
    "check_failed": {
        "en": "nngrade could not check this notebook:",
        "ko": "nngrade가 이 노트북을 확인하지 못했습니다:",
    },
    "check_nothing_to_grade": {
        "en": "the notebook's file was not found and this kernel has run no cell yet: run your cells first, or grade the file with `nngrade submit FILE`",
        "ko": "노트북 파일을 찾지 못했고 이 커널에서 실행한 셀도 아직 없습니다: 셀을 먼저 실행하거나 `nngrade submit 파일` 명령으로 채점하세요",
    },
    "check_colab_failed": {
        "en": "Colab did not send the notebook ({why}); run the cell again",
        "ko": "Colab이 노트북을 보내 주지 않았습니다 ({why}). 셀을 다시 실행하세요",
    },
    "check_colab_silent": {
        "en": "Colab did not send the notebook within {seconds} s; run the cell again",
        "ko": "Colab이 {seconds}초 안에 노트북을 보내 주지 않았습니다. 셀을 다시 실행하세요",
    },
    "check_process_died": {
        "en": "nngrade's grading process stopped ({why}); run the check again",
        "ko": "nngrade의 채점 프로세스가 멈췄습니다 ({why}). 다시 확인해 보세요",
    },
    "check_magic_usage": {
        "en": "%nngrade does not understand `{word}`: write %nngrade [TASK] [--assignment ID] [--lang en|ko] [--seed N]",
        "ko": "%nngrade가 `{word}`을(를) 이해하지 못했습니다: %nngrade [과제] [--assignment 과제] [--lang en|ko] [--seed 번호] 형식으로 쓰세요",
    },
    "check_unknown_task": {
        "en": "'{task}' is not a task of the {assignment} assignment (its tasks: {known})",
        "ko": "'{task}'은(는) {assignment} 과제의 문제가 아닙니다 (문제 목록: {known})",
    },
    "check_which_assignment": {
        "en": '{name}: cannot tell which assignment this is; name it: nngrade.check(assignment="hw6") or %nngrade --assignment hw6 (known: {known})',
        "ko": '{name}: 어떤 과제인지 알 수 없습니다. 과제를 알려 주세요: nngrade.check(assignment="hw6") 또는 %nngrade --assignment hw6 (과제 목록: {known})',
    },
    "check_unsaved": {
        "en": "the cells you ran last are not in {name} as it is saved, and this report grades the saved file: save the notebook (Ctrl+S, or Cmd+S on a Mac) and check again.",
        "ko": "마지막으로 실행한 셀이 저장된 {name}에 없습니다. 이 결과는 저장된 파일을 채점한 것입니다: 노트북을 저장하고 (Ctrl+S, 맥에서는 Cmd+S) 다시 확인하세요.",
    },
    "check_history": {
        "en": "the notebook's file was not found: this report grades the {n} cells this kernel ran, in the order they ran.",
        "ko": "노트북 파일을 찾지 못했습니다: 이 결과는 이 커널에서 실행한 셀 {n}개를 실행한 순서대로 채점한 것입니다.",
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
    "uid_confined_warning": {
        "en": "nngrade: note: bubblewrap cannot run here ({problem}); your code runs as a separate user that cannot read the tests, the class or the results.",
        "ko": "nngrade: 참고: 여기서는 bubblewrap을 쓸 수 없습니다 ({problem}). 코드는 테스트, 다른 학생의 제출, 채점 결과를 읽을 수 없는 별도의 사용자로 실행됩니다.",
    },
    "too_big_for_grader": {
        "en": "checking your values needed more memory than nngrade allows a test: check the shapes your code returns.",
        "ko": "제출한 값을 확인하는 데 채점기가 한 테스트에 허용하는 것보다 많은 메모리가 필요했습니다. 코드가 반환하는 배열의 모양을 확인하세요.",
    },
    "too_big_to_compare": {
        "en": "{what}: comparing your value of shape {got} with the expected shape {want} would need {mb:,} MB; return the shape asked for.",
        "ko": "{what}: 제출한 값(모양 {got})을 기대한 모양 {want}과(와) 비교하려면 {mb:,} MB가 필요합니다. 요구한 모양으로 반환하세요.",
    },
    # issue 22: confinement, as every report and the class summary record it
    "confinement": {"en": "Confinement: {how}", "ko": "격리: {how}"},
    "confinement_bubblewrap": {
        "en": "bubblewrap (namespaces of its own: no network, only Python's files and its own)",
        "ko": "전용 네임스페이스 (네트워크 없음, 파이썬과 자기 파일만 보임)",
    },
    "confinement_uid": {
        "en": "uid (a dedicated unprivileged user that cannot read the hidden tests, the class or the results; bubblewrap cannot run here)",
        "ko": "전용 사용자 (숨은 테스트, 다른 학생의 제출, 채점 결과를 읽을 수 없는 권한 없는 사용자. 여기서는 네임스페이스 격리를 쓸 수 없음)",
    },
    "confinement_none": {
        "en": "none (run as the grader's own user)",
        "ko": "격리 없음 (채점기와 같은 사용자로 실행)",
    },
    "confinement_unknown": {
        "en": "unknown (graded before nngrade recorded it)",
        "ko": "알 수 없음 (기록하기 전에 채점됨)",
    },
    "confinement_short_bubblewrap": {"en": "bubblewrap", "ko": "전용 네임스페이스"},
    "confinement_short_uid": {"en": "uid", "ko": "전용 사용자"},
    "confinement_short_none": {"en": "none", "ko": "격리 없음"},
    "confinement_short_unknown": {"en": "unknown", "ko": "알 수 없음"},
    "summary.confinement": {
        "en": "Confinement of the students' code: {kinds}",
        "ko": "학생 코드의 격리: {kinds}",
    },
    "summary.confinement_count": {"en": "{how} ({n})", "ko": "{how} ({n}명)"},
    # issue 22: release and deployment (the Gradescope zip's wheel, the Classroom install)
    "deploy.wheel_missing": {
        "en": "{path}: no such wheel (give the nngrade wheel the course uses, e.g. dist/nngrade-0.1.0-py3-none-any.whl)",
        "ko": "{path}: 이 휠 파일이 없습니다 (강의에서 쓰는 nngrade 휠을 지정하세요. 예: dist/nngrade-0.1.0-py3-none-any.whl)",
    },
    "deploy.not_a_wheel": {
        "en": "{path}: not an nngrade wheel (expected a file named nngrade-VERSION-py3-none-any.whl)",
        "ko": "{path}: nngrade 휠 파일이 아닙니다 (nngrade-VERSION-py3-none-any.whl 형식의 파일이어야 합니다)",
    },
    "deploy.build_failed": {
        "en": "could not build the nngrade wheel from {source}: {reason}",
        "ko": "{source}에서 nngrade 휠을 만들지 못했습니다: {reason}",
    },
    "deploy.no_wheel_metadata": {
        "en": "cannot make the wheel of the nngrade in {where} (no source checkout, no wheel install record): give its wheel with --wheel",
        "ko": "{where}의 nngrade로 휠을 만들 수 없습니다 (소스 체크아웃도, 휠 설치 기록도 없습니다). --wheel 옵션으로 휠 파일을 지정하세요",
    },
    "deploy.download_failed": {
        "en": "could not download the dependency wheels for Gradescope: {reason}",
        "ko": "Gradescope용 의존 패키지 휠을 내려받지 못했습니다: {reason}",
    },
    "deploy.install_choice": {
        "en": "not an install choice: {value!r} (released, released==VERSION, the path of an nngrade wheel, a git+https:// URL, or a shell command starting with 'pip ')",
        "ko": "설치 방법이 올바르지 않습니다: {value!r} (released, released==버전, nngrade 휠 파일 경로, git+https:// 주소, 또는 'pip '로 시작하는 명령)",
    },
    # issue 23: words (the rest)
    "deploy.not_assignment_id": {
        "en": "not an assignment id: {value!r}",
        "ko": "과제 id가 아닙니다: {value!r}",
    },
    "deploy.not_step_id": {
        "en": "not a GitHub Actions step id: {value!r} (letters, digits, '_' and '-', starting with a letter or '_')",
        "ko": "GitHub Actions 단계 id가 아닙니다: {value!r} (영문자, 숫자, '_', '-'만 쓰고, 영문자나 '_'로 시작해야 합니다)",
    },
    "deploy.not_notebook_path": {
        "en": "not a notebook path: {value!r}",
        "ko": "노트북 경로가 아닙니다: {value!r}",
    },
    "deploy.not_python_version": {
        "en": "not a Python version: {value!r}",
        "ko": "파이썬 버전이 아닙니다: {value!r}",
    },
    "deploy.not_repository": {
        "en": "not a GitHub repository (OWNER/NAME): {value!r}",
        "ko": "GitHub 저장소 이름(소유자/이름)이 아닙니다: {value!r}",
    },
    "deploy.not_repository_folder": {
        "en": "not a folder of the repository: {value!r}",
        "ko": "저장소 안의 폴더가 아닙니다: {value!r}",
    },
    "deploy.not_wheel_name": {
        "en": "not a wheel file name: {value!r}",
        "ko": "휠 파일 이름이 아닙니다: {value!r}",
    },
    "deploy.not_extras": {
        "en": "not extras: {value!r}",
        "ko": "추가 기능(extras) 지정이 아닙니다: {value!r}",
    },
    "deploy.empty_install_spec": {
        "en": "the install spec is empty (e.g. 'nngrade==0.1.0')",
        "ko": "설치 지정이 비어 있습니다 (예: 'nngrade==0.1.0')",
    },
    "deploy.not_report_language": {
        "en": "not a report language: {value!r} ({languages})",
        "ko": "보고서 언어가 아닙니다: {value!r} ({languages})",
    },
    # --- the words of the reports and pages (render/), once render/i18n.CATALOG ---
    "feedback": {
        "en": "Feedback",
        "ko": "채점 결과",
    },
    "score": {
        "en": "Score",
        "ko": "점수",
    },
    "points": {
        "en": "Points",
        "ko": "점수",
    },
    "pts": {
        "en": "{earned}/{points} pts",
        "ko": "{earned}/{points}점",
    },
    "student": {
        "en": "Student",
        "ko": "학생",
    },
    "submission": {
        "en": "Submission",
        "ko": "제출 파일",
    },
    "tasks": {
        "en": "Tasks",
        "ko": "문항",
    },
    "task": {
        "en": "Task",
        "ko": "문항",
    },
    "description": {
        "en": "Description",
        "ko": "설명",
    },
    "tasks_passed": {
        "en": "{passed} of {total} tasks at full marks",
        "ko": "{total}개 문항 중 {passed}개 만점",
    },
    "full_marks": {
        "en": "Full marks. Well done!",
        "ko": "만점입니다. 잘했어요!",
    },
    "to_fix": {
        "en": "What to fix",
        "ko": "고칠 부분",
    },
    "hidden_tests": {
        "en": "hidden tests: {passed}/{total} passed",
        "ko": "숨은 테스트: {total}개 중 {passed}개 통과",
    },
    "no_tests": {
        "en": "no test ran for this task",
        "ko": "이 문항은 실행된 테스트가 없습니다",
    },
    "cell_errors": {
        "en": "Cells that raised an error",
        "ko": "오류가 난 셀",
    },
    "cell": {
        "en": "Cell {n}",
        "ko": "{n}번 셀",
    },
    "cell_error_defines": {
        "en": "This cell would have defined: {names}",
        "ko": "이 셀에서 정의되었어야 할 이름: {names}",
    },
    "cell_error_note": {
        "en": "Later cells still ran; names this cell did not define are missing in the tests.",
        "ko": "뒤의 셀은 계속 실행되었습니다. 이 셀이 정의하지 못한 이름은 테스트에서 없는 것으로 처리됩니다.",
    },
    "notes": {
        "en": "Notes",
        "ko": "참고",
    },
    "seed": {
        "en": "Random seed",
        "ko": "난수 시드",
    },
    "timing": {
        "en": "Timing",
        "ko": "실행 시간",
    },
    "timing_notebook": {
        "en": "notebook {s}",
        "ko": "노트북 {s}",
    },
    "timing_tests": {
        "en": "tests {s}",
        "ko": "테스트 {s}",
    },
    "timing_total": {
        "en": "total {s}",
        "ko": "전체 {s}",
    },
    "seconds": {
        "en": "{s} s",
        "ko": "{s}초",
    },
    "version": {
        "en": "Assignment version",
        "ko": "과제 버전",
    },
    "not_graded": {
        "en": "This submission could not be graded.",
        "ko": "이 제출물은 채점할 수 없었습니다.",
    },
    "timed_out": {
        "en": "Grading stopped: the time limit was reached.",
        "ko": "시간 제한을 넘어 채점이 중단되었습니다.",
    },
    "your_notebook": {
        "en": "Your notebook",
        "ko": "제출한 노트북",
    },
    "your_code": {
        "en": "Your code",
        "ko": "제출한 코드",
    },
    "notebook_unavailable": {
        "en": "The notebook could not be shown: {why}",
        "ko": "노트북을 표시할 수 없습니다: {why}",
    },
    "see_cells": {
        "en": "Marked in your notebook below: {cells}",
        "ko": "아래 노트북에 표시됨: {cells}",
    },
    "marker_task": {
        "en": "✗ {task}",
        "ko": "✗ {task}",
    },
    "marker_cell_error": {
        "en": "✗ {ename} in this cell",
        "ko": "✗ 이 셀에서 {ename} 발생",
    },
    "outcome.passed": {
        "en": "passed",
        "ko": "통과",
    },
    "outcome.failed": {
        "en": "failed",
        "ko": "실패",
    },
    "outcome.error": {
        "en": "raised an error",
        "ko": "오류 발생",
    },
    "outcome.timeout": {
        "en": "timed out",
        "ko": "시간 초과",
    },
    "outcome.crashed": {
        "en": "crashed the worker",
        "ko": "실행 프로세스 비정상 종료",
    },
    "generated_by": {
        "en": "Generated by nngrade",
        "ko": "nngrade로 생성됨",
    },
    # the class summary (summary.html, `nngrade gradebook`)
    "summary.title": {
        "en": "class summary",
        "ko": "반 전체 요약",
    },
    "summary.subtitle": {
        "en": "{assignment} · class summary · latest submission of each student · {time}",
        "ko": "{assignment} · 반 전체 요약 · 학생마다 가장 최근 제출물 · {time}",
    },
    "summary.students": {
        "en": "students",
        "ko": "학생 수",
    },
    "summary.graded": {
        "en": "graded",
        "ko": "채점됨",
    },
    "summary.errors": {
        "en": "errors",
        "ko": "오류",
    },
    "summary.timeouts": {  # issue 12: any time limit, graded or not (ClassSummary.timeouts)
        "en": "over a time limit",
        "ko": "시간 제한 걸림",
    },
    "summary.mean": {
        "en": "mean",
        "ko": "평균",
    },
    "summary.median": {
        "en": "median",
        "ko": "중앙값",
    },
    "summary.full_marks": {
        "en": "full marks",
        "ko": "만점",
    },
    "summary.scores": {
        "en": "Scores",
        "ko": "점수 분포",
    },
    "summary.scores_caption": {
        "en": "How many students (up) got each total score (across).",
        "ko": "총점(가로)별 학생 수(세로).",
    },
    "summary.per_task": {
        "en": "Pass rate per task",
        "ko": "문항별 통과율",
    },
    "summary.per_task_caption": {
        "en": "The share of graded submissions with full points on each task.",
        "ko": "채점된 제출물 중 각 문항에서 만점을 받은 비율.",
    },
    "summary.task": {
        "en": "task",
        "ko": "문항",
    },
    "summary.points": {
        "en": "points",
        "ko": "배점",
    },
    "summary.full_points": {
        "en": "full points",
        "ko": "만점 받은 수",
    },
    "summary.pass_rate": {
        "en": "pass rate",
        "ko": "통과율",
    },
    "summary.per_test": {
        "en": "Pass rate per test",
        "ko": "테스트별 통과율",
    },
    "summary.hardest_first": {
        "en": "Hardest first.",
        "ko": "어려운 테스트부터.",
    },
    "summary.hardest_tests": {
        "en": "Hardest tests",
        "ko": "가장 어려운 테스트",
    },
    "summary.test": {
        "en": "test",
        "ko": "테스트",
    },
    "summary.passed": {
        "en": "passed",
        "ko": "통과",
    },
    "summary.common_errors": {
        "en": "Errors seen most often",
        "ko": "자주 나온 오류",
    },
    "summary.common_errors_note": {
        "en": "Grouped by their first line, up to the exception type; counted once per student.",
        "ko": "첫 줄의 예외 이름까지로 묶었고, 학생마다 한 번씩 셉니다.",
    },
    "summary.where": {
        "en": "where",
        "ko": "위치",
    },
    "summary.error": {
        "en": "error",
        "ko": "오류",
    },
    "summary.who": {
        "en": "who",
        "ko": "학생",
    },
    "summary.where.submission": {
        "en": "submission",
        "ko": "제출물",
    },
    "summary.where.cell": {
        "en": "cell",
        "ko": "셀",
    },
    "summary.where.test": {
        "en": "test {outcome}",
        "ko": "테스트 {outcome}",
    },
    "summary.slowest": {
        "en": "Slowest submissions",
        "ko": "채점이 가장 오래 걸린 제출물",
    },
    "summary.student": {
        "en": "student",
        "ko": "학생",
    },
    "summary.time": {
        "en": "time",
        "ko": "시간",
    },
    "summary.status": {
        "en": "status",
        "ko": "상태",
    },
    "summary.file": {
        "en": "file",
        "ko": "파일",
    },
    "summary.status.graded": {
        "en": "graded",
        "ko": "채점됨",
    },
    "summary.status.error": {
        "en": "error",
        "ko": "오류",
    },
    "summary.status.timeout": {
        "en": "timeout",
        "ko": "시간 초과",
    },
    "summary.last_run": {
        "en": "last run {time} UTC: {state}, {graded} graded, {skipped} unchanged, seed {seed}",
        "ko": "마지막 실행 {time} UTC: {state}, {graded}개 채점, {skipped}개 변경 없음, 시드 {seed}",
    },
    "summary.score": {
        "en": "score",
        "ko": "점수",
    },
    "summary.line": {
        "en": "{students} students · graded {graded} · errors {errors} · over a time limit {timeouts} · mean {mean}/{max} · median {median} · full marks {full}",
        "ko": "학생 {students}명 · 채점 {graded} · 오류 {errors} · 시간 제한 걸림 {timeouts} · 평균 {mean}/{max} · 중앙값 {median} · 만점 {full}명",
    },
    # issue 13: a module's words, and the limits that applied
    "statement": {
        "en": "Line {n}",
        "ko": "{n}번째 줄",
    },
    "statement_errors": {
        "en": "Statements that raised an error",
        "ko": "오류가 난 문장",
    },
    "statement_errors_ran": {
        "en": "Statements that raised an error (later statements still ran)",
        "ko": "오류가 난 문장 (뒤의 문장은 계속 실행됨)",
    },
    "statement_error_note": {
        "en": "Later statements still ran; names this statement did not define are missing in the tests.",
        "ko": "뒤의 문장은 계속 실행되었습니다. 이 문장이 정의하지 못한 이름은 테스트에서 없는 것으로 처리됩니다.",
    },
    "statement_error_defines": {
        "en": "This statement would have defined: {names}",
        "ko": "이 문장에서 정의되었어야 할 이름: {names}",
    },
    "your_module": {
        "en": "Your module",
        "ko": "제출한 모듈",
    },
    "limits": {
        "en": "Limits that applied",
        "ko": "적용된 제한",
    },
    "limit.where.cell": {
        "en": "cell {n}",
        "ko": "{n}번 셀",
    },
    "limit.where.statement": {
        "en": "the statement at line {n}",
        "ko": "{n}번째 줄의 문장",
    },
    "limit.where.call": {
        "en": "`{name}(...)`",
        "ko": "`{name}(...)`",
    },
    "limit.where.run": {
        "en": "the run",
        "ko": "실행 전체",
    },
    "limit.cell_timeout": {
        "en": "{where}: stopped after {value} s of work (CPU time), the limit for one {unit}",
        "ko": "{where}: {unit} 하나의 제한인 작업 시간(CPU 시간) {value}초를 넘어 중단되었습니다",
    },
    "limit.notebook_timeout": {
        "en": "{where}: the {whole} used up its {value} s of work (CPU time); what was left was not run",
        "ko": "{where}: {whole} 전체의 작업 시간(CPU 시간) {value}초를 다 써서 나머지는 실행되지 않았습니다",
    },
    "limit.call_timeout": {
        "en": "{where}: stopped after {value} s of work (CPU time), the limit for one call",
        "ko": "{where}: 호출 한 번의 제한인 작업 시간(CPU 시간) {value}초를 넘어 중단되었습니다",
    },
    "limit.wall_clock": {
        "en": "{where}: stopped by the wall-clock backstop after {value} s, before reaching its work limit (the machine was very busy)",
        "ko": "{where}: 작업 시간 제한에 닿기 전에 실제 시간 상한 {value}초에 걸려 중단되었습니다 (컴퓨터가 매우 바빴습니다)",
    },
    "limit.cpu_seconds": {
        "en": "{where}: the process used up its {value} s of CPU time in all",
        "ko": "{where}: 프로세스가 전체 CPU 시간 {value}초를 다 썼습니다",
    },
    "limit.max_restarts": {
        "en": "{where}: not run; the process running your code was restarted {value} times, the most nngrade allows",
        "ko": "{where}: 실행되지 않았습니다. 코드를 실행하는 프로세스가 이미 {value}번 다시 시작되어 더는 시작하지 않습니다",
    },
    "limit.max_output_bytes": {
        "en": "{where}: printed more than {value} bytes; the rest was not kept",
        "ko": "{where}: {value}바이트보다 많이 출력해서 나머지는 저장하지 않았습니다",
    },
    "limit.unit.cell": {
        "en": "cell",
        "ko": "셀",
    },
    "limit.unit.statement": {
        "en": "statement",
        "ko": "문장",
    },
    "limit.whole.notebook": {
        "en": "notebook",
        "ko": "노트북",
    },
    "limit.whole.module": {
        "en": "module",
        "ko": "모듈",
    },
    # issue 15: hidden tests a student's install does not have
    "pending_hidden": {
        "en": "visible tests: {earned}/{graded}; {ungraded} more points are graded by hidden tests after the deadline",
        "ko": "공개 테스트: {earned}/{graded}점. 나머지 {ungraded}점은 마감 후 숨은 테스트로 채점합니다",
    },
    # issue 16: the similarity report (summary.html, `nngrade similar`, `nngrade grade`)
    "similar.title": {
        "en": "Similar code",
        "ko": "비슷한 코드",
    },
    "similar.note": {
        "en": "{compared} submissions (the latest of each student) compared by the fingerprints of their code, with names, numbers and strings abstracted and comments, blank lines and docstrings ignored. Code found in {excluded} does not count. A pair's score is the share of the smaller submission's fingerprints that the other also has; pairs from {threshold} are listed.",
        "ko": "제출물 {compared}개(학생마다 가장 최근 것)를 코드의 지문으로 비교했습니다. 이름, 숫자, 문자열은 추상화하고 주석, 빈 줄, 독스트링은 무시합니다. {excluded}에 있는 코드는 세지 않습니다. 두 제출물의 점수는 작은 쪽의 지문 중 다른 쪽에도 있는 비율이며, {threshold} 이상인 쌍을 보여 줍니다.",
    },
    "similar.starter": {
        "en": "the starter notebook",
        "ko": "과제 시작 노트북",
    },
    "similar.no_base": {
        "en": "No base file was given, so code typed from the lecture counts as shared: give the lecture's code with --base FILE.",
        "ko": "기준 파일을 주지 않아 강의 코드를 따라 친 부분도 겹친 코드로 셉니다. 강의 코드를 --base FILE로 주세요.",
    },
    "similar.missing": {
        "en": "Not compared (no code to read): {students}.",
        "ko": "비교하지 못한 학생(읽을 코드가 없음): {students}.",
    },
    "similar.none": {
        "en": "No pair of submissions scores {threshold} or more.",
        "ko": "점수가 {threshold} 이상인 제출물 쌍이 없습니다.",
    },
    "similar.highest_below": {
        "en": "Highest score below the threshold: {score} ({a} and {b}).",
        "ko": "기준 아래에서 가장 높은 점수: {score} ({a}, {b}).",
    },
    "similar.score": {
        "en": "score",
        "ko": "점수",
    },
    "similar.student": {
        "en": "student",
        "ko": "학생",
    },
    "similar.shared": {
        "en": "shared fingerprints",
        "ko": "겹친 지문",
    },
    "similar.fragments": {
        "en": "shared fragments",
        "ko": "겹친 부분",
    },
    "similar.where_cell": {
        "en": "{student} · cell {cell}, lines {first}–{last}",
        "ko": "{student} · 셀 {cell}, {first}–{last}행",
    },
    "similar.where_module": {
        "en": "{student} · lines {first}–{last}",
        "ko": "{student} · {first}–{last}행",
    },
    "similar.more": {
        "en": "… and {n} more shared fragments",
        "ko": "… 겹친 부분 {n}개 더",
    },
    "similar.more_pairs": {
        "en": "The fragments of the {shown} highest pairs are shown here; nngrade similar shows those of every pair.",
        "ko": "여기에는 점수가 가장 높은 {shown}쌍의 겹친 부분만 보여 줍니다. 모든 쌍은 nngrade similar로 보세요.",
    },
    "similar.notice": {
        "en": "{n} pairs of submissions share code (score {threshold} or more) beyond the starter and the base files: see Similar code below.",
        "ko": "시작 노트북과 기준 파일 말고도 코드가 겹치는 제출물 쌍이 {n}개 있습니다(점수 {threshold} 이상). 아래 '비슷한 코드'를 보세요.",
    },
    "similar.time": {
        "en": "compared in {seconds} s",
        "ko": "비교에 {seconds}초",
    },
    "similar.grade_line": {
        "en": "similar code: {n} pairs score {threshold} or more (summary.html; nngrade similar {out})",
        "ko": "비슷한 코드: 점수 {threshold} 이상인 쌍 {n}개 (summary.html; nngrade similar {out})",
    },
    "grade.note": {
        "en": "note",
        "ko": "참고",
    },
    "grade.warning": {
        "en": "warning",
        "ko": "경고",
    },
    "grade.more": {
        "en": "... and {n} more",
        "ko": "... 외 {n}개",
    },
    "grade.ignored": {
        "en": "{student}: {others} not graded ({counted} is the submission)",
        "ko": "{student}: {others}은(는) 채점하지 않음 ({counted}이(가) 제출물)",
    },
    "grade.ambiguous": {
        "en": "{student}: {n} files could be the submission; grading {counted}, not {others}. Keep one file per student, or use --student-pattern.",
        "ko": "{student}: 제출물일 수 있는 파일이 {n}개입니다. {counted}을(를) 채점하고 {others}은(는) 채점하지 않습니다. 학생마다 파일을 하나만 두거나 --student-pattern을 쓰세요.",
    },
    "grade.dropped": {
        "en": "{n} earlier gradings no longer count: their files are gone, changed or not the submission any more (the gradebook keeps them)",
        "ko": "이전 채점 {n}건은 더 이상 반영되지 않습니다: 파일이 없어졌거나 바뀌었거나 더 이상 제출물이 아닙니다 (채점부에는 남아 있습니다)",
    },
    "grade.seed_new": {
        "en": "seed {seed} chosen for this gradebook: every later run reuses it (--seed replaces it)",
        "ko": "이 채점부의 시드를 {seed}(으)로 정했습니다: 이후 실행도 모두 이 시드를 씁니다 (--seed로 바꿀 수 있음)",
    },
    "grade.seed_replaced": {
        "en": "seed {seed} (--seed) replaces this gradebook's seed {old} for this and later runs",
        "ko": "시드 {seed}(--seed)가 이 채점부의 시드 {old}을(를) 대신합니다 (이번과 이후 실행)",
    },
    "grade.line": {
        "en": "{assignment}: {students} students · {graded} graded ({flagged} flagged) · {errors} errors · {timeouts} out of time (not graded) · {unchanged} unchanged",
        "ko": "{assignment}: 학생 {students}명 · 채점 {graded} (주의 {flagged}) · 오류 {errors} · 시간 초과로 채점 못함 {timeouts} · 변경 없음 {unchanged}",
    },
    "grade.mean": {
        "en": " · class mean {mean}/{max}",
        "ko": " · 반 평균 {mean}/{max}",
    },
    "grade.seed": {
        "en": " · seed {seed}",
        "ko": " · 시드 {seed}",
    },
    "grade.written": {
        "en": "→ {out} (gradebook.sqlite, grades.csv: {rows} rows, moodle-grades.csv, canvas-grades.csv, summary.html, feedback/)",
        "ko": "→ {out} (gradebook.sqlite, grades.csv: {rows}행, moodle-grades.csv, canvas-grades.csv, summary.html, feedback/)",
    },
    "grade.interrupted": {
        "en": "interrupted: {done} of {todo} graded and saved; run the same command again to grade the rest",
        "ko": "중단됨: {todo}개 중 {done}개를 채점해 저장했습니다. 같은 명령을 다시 실행하면 나머지를 채점합니다",
    },
    "grade.progress_grading": {
        "en": "grading",
        "ko": "채점 중",
    },
    "grade.progress_elapsed": {
        "en": "elapsed",
        "ko": "경과",
    },
    "grade.progress_left": {
        "en": "left",
        "ko": "남음",
    },
    "grade.progress_counts": {
        "en": "{graded} graded · {errors} errors",
        "ko": "채점 {graded} · 오류 {errors}",
    },
    "grade.progress_skipped": {
        "en": "{n} unchanged submissions skipped (--force grades them again)",
        "ko": "변경 없는 제출물 {n}개는 건너뜀 (--force로 다시 채점)",
    },
    "grade.died": {
        "en": "the grader process died while grading this submission (exit code {code})",
        "ko": "이 제출물을 채점하던 채점 프로세스가 종료되었습니다 (종료 코드 {code})",
    },
    "grade.backstop": {
        "en": "grading did not finish within {seconds} s (--timeout)",
        "ko": "{seconds}초 안에 채점이 끝나지 않았습니다 (--timeout)",
    },
    "grade.internal": {
        "en": "internal error: {error}",
        "ko": "채점기 내부 오류: {error}",
    },
    "grade.dask_died": {
        "en": "the Dask worker died while grading this submission ({error})",
        "ko": "이 제출물을 채점하던 Dask 워커가 종료되었습니다 ({error})",
    },
    "inputs.unmatched": {
        "en": "{n} file(s) did not match --student-pattern; their student id comes from the default rule",
        "ko": "파일 {n}개가 --student-pattern과 맞지 않아 기본 규칙으로 학생을 정했습니다",
    },
    "inputs.symlink": {
        "en": "a symbolic link, not followed",
        "ko": "심볼릭 링크라서 따라가지 않았습니다",
    },
    "inputs.symlink_member": {
        "en": "a symbolic link, not extracted",
        "ko": "심볼릭 링크라서 압축을 풀지 않았습니다",
    },
    "inputs.unsafe_name": {
        "en": "unsafe name in the archive, not extracted",
        "ko": "압축 파일 안의 이름이 안전하지 않아 풀지 않았습니다",
    },
    "inputs.nested_archive": {
        "en": "an archive inside an archive inside an archive, not opened (one level is)",
        "ko": "압축 파일 안의 압축 파일 안에 든 압축 파일이라 열지 않았습니다 (한 단계까지만 엽니다)",
    },
    "inputs.too_large": {
        "en": "the file is {mb} MB, more than the {limit} MB limit",
        "ko": "파일 크기가 {mb} MB로, 제한 {limit} MB를 넘습니다",
    },
    "inputs.unreadable": {
        "en": "cannot be read: {why}",
        "ko": "읽을 수 없습니다: {why}",
    },
    "inputs.archive_too_large": {
        "en": "not extracted, the archive holds more than {gb} GB",
        "ko": "압축 파일 전체가 {gb} GB를 넘어 풀지 않았습니다",
    },
    "inputs.not_extracted": {
        "en": "cannot be extracted: {why}",
        "ko": "압축을 풀 수 없습니다: {why}",
    },
    "summary.status.graded-with-errors": {
        "en": "graded, a cell raised",
        "ko": "채점됨, 셀 오류",
    },
    "summary.status.graded-over-limit": {
        "en": "graded, over a limit",
        "ko": "채점됨, 제한 초과",
    },
    "summary.status.graded-after-crash": {
        "en": "graded, after a crash",
        "ko": "채점됨, 비정상 종료",
    },
    "summary.flagged": {
        "en": "flagged",
        "ko": "주의",
    },
    "summary.flagged_line": {
        "en": " · flagged {flagged}",
        "ko": " · 주의 {flagged}",
    },
    "summary.trouble": {
        "en": "Graded, but something went wrong",
        "ko": "채점은 되었지만 문제가 있었던 제출물",
    },
    "summary.trouble_note": {
        "en": "These submissions were graded and score what their code earned, but a cell raised, a time or memory limit stopped their code, or the process running it died. Check them before you upload the grades.",
        "ko": "이 제출물들은 채점되었고 코드가 얻은 점수를 받았지만, 셀에서 오류가 났거나 시간·메모리 제한에 걸렸거나 코드를 실행하던 프로세스가 종료되었습니다. 점수를 올리기 전에 확인하세요.",
    },
    "summary.cell_errors": {
        "en": "cell errors",
        "ko": "셀 오류",
    },
    "summary.time_limits": {
        "en": "time limits",
        "ko": "시간 제한",
    },
    "summary.memory_limits": {
        "en": "memory limits",
        "ko": "메모리 제한",
    },
    "summary.crashes": {
        "en": "crashes",
        "ko": "비정상 종료",
    },
    "summary.warnings": {
        "en": "Check these first",
        "ko": "먼저 확인할 것",
    },
    "summary.ambiguous": {
        "en": "{student}: several files could be the submission; {counted} was graded, not {others}.",
        "ko": "{student}: 제출물일 수 있는 파일이 여러 개입니다. {counted}을(를) 채점했고 {others}은(는) 채점하지 않았습니다.",
    },
    "summary.several_rows": {
        "en": "{student}: {n} files from runs over different folders count; the newest is in grades.csv.",
        "ko": "{student}: 서로 다른 폴더를 채점한 실행에서 파일 {n}개가 반영됩니다. grades.csv에는 가장 최근 파일이 들어갑니다.",
    },
    "summary.ignored": {
        "en": "Files not graded",
        "ko": "채점하지 않은 파일",
    },
    "summary.ignored_note": {
        "en": "The assignment's own file ({file}) was graded instead of these.",
        "ko": "이 파일들 대신 과제 파일({file})을 채점했습니다.",
    },
    "summary.not_graded_note": {
        "en": "Submissions that could not be graded (status error or timeout) are listed under the errors below.",
        "ko": "채점할 수 없었던 제출물(상태: 오류, 시간 초과)은 아래 오류 목록에 있습니다.",
    },
    "summary.state.running": {
        "en": "running",
        "ko": "실행 중",
    },
    "summary.state.finished": {
        "en": "finished",
        "ko": "완료",
    },
    "summary.state.interrupted": {
        "en": "interrupted",
        "ko": "중단됨",
    },
    "summary.state.failed": {
        "en": "failed",
        "ko": "실패",
    },
    # --- what is wrong with a submission file: `SubmissionError(path, key, **fields)` ---
    "submission_problem.file_not_found": {"en": "file not found", "ko": "파일이 없습니다"},
    "submission_problem.cannot_be_read_permission": {
        "en": "cannot be read (permission denied)",
        "ko": "읽을 수 없습니다 (권한 없음)",
    },
    "submission_problem.cannot_be_read": {
        "en": "cannot be read ({why})",
        "ko": "읽을 수 없습니다 ({why})",
    },
    "submission_problem.directory_give_notebook_ipynb": {
        "en": "is a directory; give the notebook (.ipynb) or module (.py) inside it",
        "ko": "폴더입니다. 그 안의 노트북(.ipynb)이나 모듈(.py)을 지정하세요",
    },
    "submission_problem.not_regular_file": {
        "en": "is not a regular file",
        "ko": "일반 파일이 아닙니다",
    },
    "submission_problem.mb_nngrade_reads_submissions": {
        "en": "is {mb} MB; nngrade reads submissions up to {limit} MB",
        "ko": "크기가 {mb} MB입니다. 채점기는 {limit} MB까지의 제출물만 읽습니다",
    },
    "submission_problem.empty": {"en": "is empty", "ko": "비어 있습니다"},
    "submission_problem.binary_notebook": {
        "en": "is a binary file, not a notebook (Jupyter notebooks are JSON text)",
        "ko": "텍스트가 아닌 바이너리 파일입니다 (주피터 노트북은 JSON 텍스트입니다)",
    },
    "submission_problem.binary_module": {
        "en": "is a binary file, not a Python module",
        "ko": "텍스트가 아닌 바이너리 파일입니다 (파이썬 모듈이 아님)",
    },
    "submission_problem.not_utf_text_byte": {
        "en": "is not UTF-8 text (byte {at} is {byte}); save it as UTF-8",
        "ko": "UTF-8 텍스트가 아닙니다 ({at}번째 바이트가 {byte}). UTF-8로 저장하세요",
    },
    "submission_problem.not_valid_json_truncated": {
        "en": "is not valid JSON (truncated?) at line {line} col {col}",
        "ko": "올바른 JSON이 아닙니다 (파일이 잘렸나요?): {line}행 {col}열",
    },
    "submission_problem.not_notebook_json_nested": {
        "en": "is not a notebook (its JSON is nested too deeply)",
        "ko": "노트북이 아닙니다 (JSON이 너무 깊게 중첩되어 있음)",
    },
    "submission_problem.json_but_not_jupyter": {
        "en": 'is JSON but not a Jupyter notebook (it has no "nbformat" field)',
        "ko": 'JSON이지만 주피터 노트북이 아닙니다 ("nbformat" 항목이 없음)',
    },
    "submission_problem.uses_notebook_format_version": {
        "en": "uses notebook format version {version}, which nngrade cannot read (it reads version 4 and converts version 3); open and save it in a current Jupyter",
        "ko": "노트북 형식 버전 {version}은(는) 읽을 수 없습니다 (버전 4를 읽고 버전 3은 변환합니다). 최신 주피터에서 열어 다시 저장하세요",
    },
    "submission_problem.nbformat_notebook_that_could": {
        "en": "is an nbformat 3 notebook that could not be converted to version 4 ({why}); open and save it in a current Jupyter",
        "ko": "버전 4로 변환할 수 없는 nbformat 3 노트북입니다 ({why}). 최신 주피터에서 열어 다시 저장하세요",
    },
    "submission_problem.not_valid_notebook_nbformat": {
        "en": 'is not a valid notebook: "nbformat_minor" is not a number',
        "ko": '올바른 노트북이 아닙니다: "nbformat_minor"가 숫자가 아닙니다',
    },
    "submission_problem.not_valid_notebook_has": {
        "en": 'is not a valid notebook: it has no list of "cells"',
        "ko": '올바른 노트북이 아닙니다: "cells" 목록이 없습니다',
    },
    "submission_problem.not_valid_notebook_metadata": {
        "en": 'is not a valid notebook: its "metadata" is not an object',
        "ko": '올바른 노트북이 아닙니다: "metadata"가 객체가 아닙니다',
    },
    "submission_problem.empty_notebook_has_no": {
        "en": "is an empty notebook (it has no cells)",
        "ko": "빈 노트북입니다 (셀이 없음)",
    },
    "submission_problem.not_valid_notebook_cell": {
        "en": 'is not a valid notebook: cell {n} has no "cell_type"',
        "ko": '올바른 노트북이 아닙니다: {n}번 셀에 "cell_type"이 없습니다',
    },
    "submission_problem.not_valid_notebook_source": {
        "en": "is not a valid notebook: the source of cell {n} is not text",
        "ko": "올바른 노트북이 아닙니다: {n}번 셀의 소스가 텍스트가 아닙니다",
    },
    "submission_problem.has_no_code_cells": {"en": "has no code cells", "ko": "코드 셀이 없습니다"},
    "submission_problem.has_no_code_all": {
        "en": "has no code: all its code cells are empty",
        "ko": "코드가 없습니다: 코드 셀이 모두 비어 있습니다",
    },
    # issue 23: words
    "submission_error": {"en": "{path}: {problem}", "ko": "{path}: {problem}"},
    "submission_problem.wrong_suffix": {
        "en": "is a {suffix} file; nngrade grades Jupyter notebooks (.ipynb) and Python modules (.py)",
        "ko": "{suffix} 파일입니다. 채점기는 주피터 노트북(.ipynb)과 파이썬 모듈(.py)만 채점합니다",
    },
    "submission_problem.no_such_file": {"en": "no such file", "ko": "그런 파일이 없습니다"},
    "submission_problem.not_readable_notebook": {
        "en": "not a readable notebook ({why})",
        "ko": "읽을 수 있는 노트북이 아닙니다 ({why})",
    },
    "submission_problem.no_suffix": {
        "en": "is a file without an extension; nngrade grades Jupyter notebooks (.ipynb) and Python modules (.py)",
        "ko": "확장자가 없는 파일입니다. 채점기는 주피터 노트북(.ipynb)과 파이썬 모듈(.py)만 채점합니다",
    },
    # issue 23: words (the rest)
    "submission_problem.begin_inside_begin": {
        "en": "{where}: BEGIN SOLUTION inside another BEGIN SOLUTION",
        "ko": "{where}: `BEGIN SOLUTION` 안에 또 `BEGIN SOLUTION`이 있습니다",
    },
    "submission_problem.end_without_begin": {
        "en": "{where}: END SOLUTION without BEGIN SOLUTION",
        "ko": "{where}: `BEGIN SOLUTION` 없이 `END SOLUTION`이 있습니다",
    },
    "submission_problem.begin_without_end": {
        "en": "{where}: BEGIN SOLUTION without END SOLUTION",
        "ko": "{where}: `BEGIN SOLUTION` 뒤에 `END SOLUTION`이 없습니다",
    },
    # --- the one-line errors of `nngrade grade` and `nngrade gradebook` (issue 16), raised
    # as `UsageError(key, **fields)` ---
    "batch_error.nothing_grade_no_ipynb": {
        "en": "{path}: nothing to grade here (no .ipynb or .py files)",
        "ko": "{path}: 채점할 것이 없습니다 (.ipynb나 .py 파일이 없음)",
    },
    "batch_error.no_such_file_folder": {
        "en": "{path}: no such file or folder",
        "ko": "{path}: 그런 파일이나 폴더가 없습니다",
    },
    "batch_error.not_readable_zip_archive": {
        "en": "{path}: not a readable .zip archive ({why})",
        "ko": "{path}: 읽을 수 있는 .zip 압축 파일이 아닙니다 ({why})",
    },
    "batch_error.more_than_files_archive": {
        "en": "{path}: more than {n} files in the archive",
        "ko": "{path}: 압축 파일 안의 파일이 {n}개를 넘습니다",
    },
    "batch_error.not_notebook_ipynb_module": {
        "en": "{path}: not a notebook (.ipynb), a module (.py) or a .zip archive",
        "ko": "{path}: 노트북(.ipynb), 모듈(.py), .zip 압축 파일이 아닙니다",
    },
    "batch_error.student_pattern_not_valid": {
        "en": "--student-pattern {pattern}: not a valid regex ({why})",
        "ko": "--student-pattern {pattern}: 올바른 정규식이 아닙니다 ({why})",
    },
    "batch_error.student_pattern_needs_named": {
        "en": "--student-pattern {pattern}: needs a named group, e.g. '(?P<student>[^/]+)/'",
        "ko": "--student-pattern {pattern}: 이름 붙은 그룹이 필요합니다. 예: '(?P<student>[^/]+)/'",
    },
    "batch_error.j_must_be_more": {"en": "-j must be 1 or more", "ko": "-j는 1 이상이어야 합니다"},
    "batch_error.timeout_must_be_more": {
        "en": "--timeout must be more than 0 seconds",
        "ko": "--timeout은 0초보다 커야 합니다",
    },
    "batch_error.not_usable_gradebook": {
        "en": "{path}: not a usable gradebook ({why})",
        "ko": "{path}: 쓸 수 있는 채점부가 아닙니다 ({why})",
    },
    "batch_error.cannot_write": {
        "en": "{path}: cannot write here ({why})",
        "ko": "{path}: 여기에 쓸 수 없습니다 ({why})",
    },
    "batch_error.written_by_newer_nngrade": {
        "en": "{path}: written by a newer nngrade (gradebook schema {v}); upgrade nngrade",
        "ko": "{path}: 더 새로운 nngrade가 쓴 채점부입니다 (스키마 {v}). nngrade를 업그레이드하세요",
    },
    "batch_error.holds_grades_not_use": {
        "en": "{path} holds the grades of '{held}', not '{wanted}': use another --out folder",
        "ko": "{path}에는 '{wanted}'이(가) 아니라 '{held}'의 점수가 있습니다: 다른 --out 폴더를 쓰세요",
    },
    "batch_error.no_gradebook_sqlite_run": {
        "en": "{path}: no gradebook.sqlite here (run `nngrade grade ... --out {out}` first)",
        "ko": "{path}: 여기에 gradebook.sqlite가 없습니다 (먼저 `nngrade grade ... --out {out}`을 실행하세요)",
    },
    "batch_error.use_by_another_nngrade": {
        "en": "{path} is in use by another `nngrade grade`; wait for it to finish",
        "ko": "{path}은(는) 다른 `nngrade grade`가 쓰고 있습니다. 끝날 때까지 기다리세요",
    },
    "batch_error.unknown_assignment_known_assignments": {
        "en": "unknown assignment '{name}'. Known assignments: {names}",
        "ko": "알 수 없는 과제 '{name}'. 있는 과제: {names}",
    },
    "batch_error.cannot_start_grader_process": {
        "en": "cannot start a grader process: {why}",
        "ko": "채점 프로세스를 시작할 수 없습니다: {why}",
    },
    "batch_error.grader_processes_keep_dying": {
        "en": "grader processes keep dying as they start (exit code {code})",
        "ko": "채점 프로세스가 시작하자마자 계속 종료됩니다 (종료 코드 {code})",
    },
    "batch_error.dask_needs_dask_pip": {
        "en": "--dask needs Dask: pip install 'nngrade[dask]'",
        "ko": "--dask에는 Dask가 필요합니다: pip install 'nngrade[dask]'",
    },
    "batch_error.cannot_reach_dask_scheduler": {
        "en": "cannot reach the Dask scheduler at {address}: {why}",
        "ko": "Dask 스케줄러 {address}에 연결할 수 없습니다: {why}",
    },
    # issue 23: words
    "batch_error.dask_bundle_too_big": {
        "en": "{path}: more than {mb} MB to send to the Dask workers",
        "ko": "{path}: Dask 워커에 보낼 내용이 {mb} MB를 넘습니다",
    },
    "batch_error.unknown_limit": {
        "en": "{path}/assignment.toml: unknown limit '{key}'",
        "ko": "{path}/assignment.toml: 알 수 없는 제한 '{key}'",
    },
    "batch_error.tests_not_folder": {
        "en": "{path}: --tests must name a folder of test files",
        "ko": "{path}: `--tests`에는 테스트 파일이 든 폴더를 주어야 합니다",
    },
    "batch_error.no_assignment_toml": {
        "en": "{path}: no assignment.toml in this folder",
        "ko": "{path}: 이 폴더에 assignment.toml이 없습니다",
    },
    "batch_error.toml_unreadable": {
        "en": "{path}: cannot be read: {why}",
        "ko": "{path}: 읽을 수 없습니다: {why}",
    },
    "batch_error.assignments_not_folder": {
        "en": "{path}: --assignments must name a folder, and there is none there",
        "ko": "{path}: `--assignments`에는 폴더를 주어야 하는데, 그 위치에 폴더가 없습니다",
    },
    "base_error.not_found": {
        "en": "{what} {path}: file not found",
        "ko": "{what} {path}: 파일이 없습니다",
    },
    "base_error.folder": {
        "en": "{what} {path}: is a folder; give the lecture's code files",
        "ko": "{what} {path}: 폴더입니다. 강의 코드 파일을 주세요",
    },
    "base_error.unreadable": {
        "en": "{what} {path}: cannot be read ({why})",
        "ko": "{what} {path}: 읽을 수 없습니다 ({why})",
    },
    "base_error.not_code": {"en": "{what} {error}", "ko": "{what} {error}"},
    "base_error.not_text": {
        "en": "{what} {path}: not UTF-8 text, nor a notebook or .py file",
        "ko": "{what} {path}: UTF-8 텍스트도, 노트북이나 .py 파일도 아닙니다",
    },
    "confinement.refused": {
        "en": "{what} refuses to run students' code unconfined: {problem}. Fix: {fix}; or pass --allow-unconfined to accept that submissions run as you, with your files",
        "ko": "`{what}` 명령은 학생 코드를 격리하지 않고는 실행하지 않습니다: {problem}. 해결: {fix}. 또는 `--allow-unconfined`를 주면 제출물이 여러분의 권한으로, 여러분의 파일에 접근하며 실행됩니다",
    },
    "confinement.dask_refused": {
        "en": "Dask worker {worker} refuses to run students' code unconfined: {problem} ({n} of the workers). Fix: {fix}, on each grading machine; or pass --allow-unconfined",
        "ko": "Dask 워커 {worker}이(가) 학생 코드를 격리하지 않고는 실행하지 않습니다: {problem} (워커 {n}대). 해결: 채점하는 컴퓨터마다 {fix}. 또는 `--allow-unconfined`를 주세요",
    },
    "confinement.fix": {
        "en": "install bubblewrap (`apt install bubblewrap`) and allow unprivileged user namespaces (`sysctl kernel.apparmor_restrict_unprivileged_userns=0` on Ubuntu 24.04), or grade in a container that allows them",
        "ko": "`bubblewrap`을 설치하고(`apt install bubblewrap`) 권한 없는 사용자 네임스페이스를 허용하세요 (우분투 24.04에서는 `sysctl kernel.apparmor_restrict_unprivileged_userns=0`). 또는 이를 허용하는 컨테이너에서 채점하세요",
    },
    "batch_error.max_share": {
        "en": "--max-share must be 2 or more",
        "ko": "`--max-share`는 2 이상이어야 합니다",
    },
    "grade.unconfined_warning": {
        "en": "nngrade: warning: students' code runs unconfined: {problem}",
        "ko": "nngrade: 경고: 학생 코드가 격리되지 않은 채 실행됩니다: {problem}",
    },
    # issue 23: words (the rest)
    "assignment_error.not_bilingual": {
        "en": "{where}: expected a string or a table of strings by language",
        "ko": "{where}: 문자열이나, 언어별 문자열의 표여야 합니다",
    },
    "assignment_error.malformed_field": {
        "en": "{path}: missing or malformed field {field}",
        "ko": "{path}: 필드 `{field}`이(가) 없거나 형식이 잘못되었습니다",
    },
    "assignment_error.functions_not_tables": {
        "en": "{path}: [functions] must be a table of tables",
        "ko": "{path}: [functions]는 표들의 표여야 합니다",
    },
    "assignment_error.function_keys": {
        "en": "{where}: expected the keys {keys}",
        "ko": "{where}: 쓸 수 있는 키는 {keys}입니다",
    },
    "assignment_error.function_lists": {
        "en": "{where}: aliases, params, spellings, returns must be lists of names",
        "ko": "{where}: `aliases`, `params`, `spellings`, `returns`는 이름의 목록이어야 합니다",
    },
    "assignment_error.not_a_param": {
        "en": "{where}: {key} = {value!r} is not one of its params",
        "ko": "{where}: `{key} = {value!r}`에서 {value!r}은(는) `params`에 없는 이름입니다",
    },
    "assignment_error.one_array_bool": {
        "en": "{where}: one_array must be true or false",
        "ko": "{where}: `one_array`는 `true`나 `false`여야 합니다",
    },
    "assignment_error.not_names": {
        "en": "{where}: expected a list of names",
        "ko": "{where}: 이름의 목록이어야 합니다",
    },
    "assignment_error.values_not_tables": {
        "en": "{path}: [values] must be a table of tables",
        "ko": "{path}: [values]는 표들의 표여야 합니다",
    },
    "assignment_error.value_keys": {
        "en": "{where}: expected globals, and the keys {keys}",
        "ko": "{where}: `globals`가 있어야 하고, 쓸 수 있는 키는 {keys}입니다",
    },
    "assignment_error.value_tables": {
        "en": "{where}: attributes and when_equal must be tables",
        "ko": "{where}: `attributes`와 `when_equal`은 표여야 합니다",
    },
    "assignment_error.when_equal_numbers": {
        "en": "{where}: when_equal must give a list of numbers per name",
        "ko": "{where}: `when_equal`은 이름마다 숫자의 목록을 주어야 합니다",
    },
    "assignment_error.keras_one_global": {
        "en": "{where}: keras = true takes exactly one global, the model",
        "ko": "{where}: `keras = true`이면 전역 변수(모델) 하나만 주어야 합니다",
    },
    "uid_error.readable_by_others": {
        "en": "{path}: students' code would run as a user who can read it (no bubblewrap here), and nngrade could not make it readable by root only: `chmod o-rwx {path}`, or {fix}",
        "ko": "{path}: 학생 코드가 이 파일을 읽을 수 있는 사용자로 실행됩니다 (여기서는 bubblewrap을 쓸 수 없음). 채점기가 root만 읽을 수 있게 바꾸지 못했습니다: `chmod o-rwx {path}`를 실행하거나, {fix}",
    },
    "uid_error.registry_not_root": {
        "en": "{path}: must be a folder of root's, mode 700",
        "ko": "{path}: root 소유의 폴더(권한 700)여야 합니다",
    },
    # --- issue 12: the words of JUnit XML (render/junit.py): test names and <system-out> ---
    "junit.hidden_test": {"en": "hidden test {n}", "ko": "숨은 테스트 {n}"},
    "junit.hidden_outcome": {"en": "hidden test {outcome}", "ko": "숨은 테스트 {outcome}"},
    "junit.score": {"en": "{title}: {score}/{max} points", "ko": "{title}: {score}/{max}점"},
    "junit.limit": {"en": "limit: {line}", "ko": "제한: {line}"},
    "junit.note": {"en": "note: {note}", "ko": "참고: {note}"},
    "junit.seed": {"en": "seed: {seed}", "ko": "시드: {seed}"},
    "junit.timing": {"en": "timing: {timing}", "ko": "실행 시간: {timing}"},
    # --- issue 12: the terminal report's own words (once render/terminal.WORDS) ---
    "terminal.what": {"en": "What it checks", "ko": "확인 내용"},
    "terminal.fix": {"en": "What to fix", "ko": "고칠 점"},
    "terminal.cell_errors": {
        "en": "Cells that raised an error (later cells still ran)",
        "ko": "오류가 난 셀 (뒤의 셀은 계속 실행됨)",
    },
    "terminal.cell": {"en": "cell {cell}", "ko": "셀 {cell}"},
    "terminal.score": {"en": "Score: {score}/{max}", "ko": "점수: {score}/{max}"},
    "terminal.footer": {
        "en": "seed {seed} (replay with --seed {seed}) · {seconds} s",
        "ko": "시드 {seed} (--seed {seed}로 재현) · {seconds}초",
    },
    "terminal.not_graded": {"en": "Not graded: {error}", "ko": "채점하지 못했습니다: {error}"},
    "terminal.outcome.timeout": {"en": "timed out", "ko": "시간 초과"},
    "terminal.outcome.crashed": {"en": "crashed", "ko": "비정상 종료"},
    "terminal.outcome.error": {"en": "raised", "ko": "오류"},
    "terminal.outcome.failed": {"en": "failed", "ko": "실패"},
    # --- issue 24: the first hour of a student and of an instructor, without a surprise ---
    "terminal.score_visible": {
        "en": "Score: {score}/{max} visible · {ungraded} more points from hidden tests after the deadline",
        "ko": "점수: 공개 테스트 {score}/{max}점 · 나머지 {ungraded}점은 마감 후 숨은 테스트로 채점",
    },
    "terminal.points_later": {"en": "+{points} later", "ko": "+{points}점 나중에"},
    "terminal.this_cell": {"en": "this cell", "ko": "이 셀"},
    "cell_ref.defines": {"en": "the cell defining {names}", "ko": "{names}을(를) 정의하는 셀"},
    "cell_ref.starts": {"en": "the cell starting {line}", "ko": "{line}(으)로 시작하는 셀"},
    "mutated_array": {
        "en": "{call} changed the array it was given ({arg}): a line such as `x[x < 0] = 0` writes into the caller's array. Work on a copy (for example `x = x.copy()`) instead.",
        "ko": "{call}이(가) 전달받은 배열 {arg}을(를) 직접 바꿨습니다: `x[x < 0] = 0` 같은 줄은 호출한 쪽의 배열에 직접 씁니다. 대신 복사본(예: `x = x.copy()`)을 사용하세요.",
    },
    "answers_unread_parameter": {
        "en": "(Your `{call}` takes {names} but never reads it.)",
        "ko": "(`{call}`은(는) {names}을(를) 인자로 받지만 전혀 읽지 않습니다.)",
    },
    "answers_unread_parameters": {
        "en": "(Your `{call}` takes {names} but never reads them.)",
        "ko": "(`{call}`은(는) {names}을(를) 인자로 받지만 전혀 읽지 않습니다.)",
    },
    "grade.dropped_student": {
        "en": "{student} no longer counts: {file}, graded earlier, was not found in this run; their row is left out of grades.csv",
        "ko": "{student}은(는) 더 이상 반영되지 않습니다: 이전에 채점한 {file}을(를) 이번 실행에서 찾지 못해 grades.csv에서 뺐습니다",
    },
    "score_not_graded": {"en": "not graded", "ko": "채점 안 됨"},
    "not_graded_no_score": {
        "en": "Your work was not graded, so it has no score yet: this is not a 0.",
        "ko": "제출물이 채점되지 않아 아직 점수가 없습니다: 0점이 아닙니다.",
    },
    "other_assignment.metadata": {
        "en": "This notebook is for {other} (its metadata says so) but was graded as {assignment}: check that you submitted the right file.",
        "ko": "이 노트북은 {other} 과제용인데(메타데이터에 그렇게 적혀 있음) {assignment} 과제로 채점되었습니다: 올바른 파일을 제출했는지 확인하세요.",
    },
    "other_assignment.name": {
        "en": "This file is named for {other} but was graded as {assignment}: check that you submitted the right file.",
        "ko": "이 파일의 이름은 {other} 과제인데 {assignment} 과제로 채점되었습니다: 올바른 파일을 제출했는지 확인하세요.",
    },
    "other_assignment.code": {
        "en": "This code defines the functions of {other}, hardly any of {assignment}'s, and was graded as {assignment}: check that you submitted the right file.",
        "ko": "이 코드는 {assignment} 과제의 함수는 거의 없고 {other} 과제의 함수를 정의하는데 {assignment} 과제로 채점되었습니다: 올바른 파일을 제출했는지 확인하세요.",
    },
    "grade.other_assignment": {
        "en": "{student}: {file} looks like a submission for {other}, not {assignment} (scored {score}); see its feedback",
        "ko": "{student}: {file}은(는) {assignment}이(가) 아니라 {other} 과제의 제출물로 보입니다 ({score}점); 피드백을 확인하세요",
    },
    "gradebook.similar_head": {
        "en": "Similar code, pairs scoring {threshold} or more (nngrade similar {folder} shows what they share):",
        "ko": "비슷한 코드, 점수 {threshold} 이상인 쌍 (겹친 부분은 nngrade similar {folder}):",
    },
    "gradebook.similar_pair": {
        "en": "{score}  {a} ↔ {b} · {shared} shared fingerprints",
        "ko": "{score}  {a} ↔ {b} · 겹친 지문 {shared}개",
    },
    "gradebook.no_similarity": {
        "en": "no similarity report: {why}",
        "ko": "유사도 보고서 없음: {why}",
    },
    # issue 23: words (the notes of `nngrade grade`'s last stages, kept as keys)
    "similar.the_starter": {"en": "the starter notebook", "ko": "시작 노트북"},
    "feedback.format_not_written": {
        "en": "feedback/*{suffix} not written: {why}",
        "ko": "feedback/*{suffix} 파일을 쓰지 못했습니다: {why}",
    },
    "feedback.page_not_written": {
        "en": "{path}: not written ({why})",
        "ko": "{path}: 쓰지 못했습니다 ({why})",
    },
    "similar.starter_kept": {
        "en": "{error}; it is not left out of the similarity report",
        "ko": "{error}; 유사도 보고서에서 그 코드를 빼지 못했습니다",
    },
    "output.no_folder": {
        "en": "{path}: the folder {folder} does not exist; create it or choose another -o",
        "ko": "{path}: 폴더 {folder}이(가) 없습니다. 폴더를 만들거나 다른 -o 경로를 지정하세요",
    },
    "submission_problem.python_code_not_notebook": {
        "en": "is Python code, not a notebook; give it a .py name to grade it as a module",
        "ko": "노트북이 아니라 파이썬 코드입니다. 모듈로 채점하려면 이름을 .py로 바꾸세요",
    },
    "see_lines": {"en": "Marked in your code below: {cells}", "ko": "아래 코드에 표시됨: {cells}"},
    "timing_module": {"en": "module {s}", "ko": "모듈 {s}"},
    "module_unavailable": {
        "en": "The code could not be shown: {why}",
        "ko": "코드를 표시할 수 없습니다: {why}",
    },
    "output.wrote": {
        "en": "wrote the {format} report to {path}",
        "ko": "{format} 보고서를 {path}에 저장했습니다",
    },
    # issue 23 (registries): an internal error is one line and exits 3 (`ExitCode.INTERNAL`)
    "cli.internal_error": {
        "en": "internal error: {error} (the traceback is in {path}; please report it)",
        "ko": "채점기 내부 오류: {error} (추적 기록은 {path}에 있습니다. 알려 주세요)",
    },
    "cli.internal_error_no_file": {
        "en": "internal error: {error} (run with NNGRADE_DEBUG=1 for details, and please report it)",
        "ko": "채점기 내부 오류: {error} (NNGRADE_DEBUG=1로 실행하면 자세히 보입니다. 알려 주세요)",
    },
    # issue 23: argparse's own error lines. argparse looks its words up through gettext by
    # their English text (its msgids, kept here as "en" exactly); `cli` finds these for them.
    "argparse.error": {
        "en": "%(prog)s: error: %(message)s\n",
        "ko": "%(prog)s: 오류: %(message)s\n",
    },
    "argparse.argument": {
        "en": "argument %(argument_name)s: %(message)s",
        "ko": "%(argument_name)s 인수: %(message)s",
    },
    "argparse.required": {
        "en": "the following arguments are required: %s",
        "ko": "다음 인수가 필요합니다: %s",
    },
    "argparse.unrecognized": {
        "en": "unrecognized arguments: %s",
        "ko": "알 수 없는 인수입니다: %s",
    },
    "argparse.invalid_choice": {
        "en": "invalid choice: %(value)r (choose from %(choices)s)",
        "ko": "고를 수 없는 값입니다: %(value)r (다음 중에서 고르세요: %(choices)s)",
    },
    "argparse.invalid_value": {
        "en": "invalid %(type)s value: %(value)r",
        "ko": "%(type)s 값으로 읽을 수 없습니다: %(value)r",
    },
    "argparse.expected_one": {"en": "expected one argument", "ko": "값이 하나 필요합니다"},
    "argparse.expected_at_most_one": {
        "en": "expected at most one argument",
        "ko": "값은 하나까지만 줄 수 있습니다",
    },
    "argparse.expected_at_least_one": {
        "en": "expected at least one argument",
        "ko": "값이 하나 이상 필요합니다",
    },
    "argparse.expected_n": {"en": "expected %s argument", "ko": "값이 %s개 필요합니다"},
    "argparse.expected_n_plural": {"en": "expected %s arguments", "ko": "값이 %s개 필요합니다"},
    "argparse.not_allowed_with": {
        "en": "not allowed with argument %s",
        "ko": "%s 인수와 함께 쓸 수 없습니다",
    },
    "argparse.ignored_explicit": {
        "en": "ignored explicit argument %r",
        "ko": "값을 받지 않는 옵션입니다: %r",
    },
    "argparse.ambiguous": {
        "en": "ambiguous option: %(option)s could match %(matches)s",
        "ko": "옵션이 모호합니다: %(option)s는 %(matches)s 중 어느 것인지 알 수 없습니다",
    },
    "argparse.one_of_required": {
        "en": "one of the arguments %s is required",
        "ko": "%s 중 하나가 필요합니다",
    },
    "argparse.cannot_open": {
        "en": "can't open '%(filename)s': %(error)s",
        "ko": "'%(filename)s' 파일을 열 수 없습니다: %(error)s",
    },
    "argparse.unexpected_option": {
        "en": "unexpected option string: %s",
        "ko": "예상하지 못한 옵션입니다: %s",
    },
    # argparse's words in `--help` (its msgids, as above).
    "argparse.usage": {"en": "usage: ", "ko": "사용법: "},
    "argparse.positional": {"en": "positional arguments", "ko": "위치 인수"},
    "argparse.options": {"en": "options", "ko": "옵션"},
    "argparse.help": {
        "en": "show this help message and exit",
        "ko": "이 도움말을 보여 주고 끝냅니다",
    },
    # issue 23: `nngrade --help` and each command's `--help`, as data (`command.HelpFormatter`
    # writes them; argparse %-formats them, so a literal percent sign is written %%).
    "help.version": {
        "en": "show program's version number and exit",
        "ko": "프로그램의 버전을 보여 주고 끝냅니다",
    },
    "help.nngrade": {
        "en": "Grade neural-network coursework against reference implementations.",
        "ko": "신경망 과제를 참조 구현과 비교해 채점합니다.",
    },
    "help.command.submit": {
        "en": "grade one notebook or .py file and show the report",
        "ko": "노트북이나 .py 파일 하나를 채점하고 보고서를 보여 줍니다",
    },
    "help.command.start": {
        "en": "copy an assignment's starter notebook (and its data) into this folder",
        "ko": "과제의 시작 노트북(과 데이터)을 이 폴더에 복사합니다",
    },
    "help.command.list": {
        "en": "show the assignments, their tasks and points",
        "ko": "과제와 그 문항, 배점을 보여 줍니다",
    },
    "help.command.classroom": {
        "en": "GitHub Classroom set-up",
        "ko": "GitHub Classroom 설정",
    },
    "help.command.gradescope": {
        "en": "build a Gradescope autograder zip",
        "ko": "Gradescope 자동 채점 zip을 만듭니다",
    },
    "help.command.assign": {
        "en": "make the student notebook from a solution notebook",
        "ko": "풀이 노트북에서 학생용 노트북을 만듭니다",
    },
    "help.command.grade": {
        "en": "grade a class: every submission in files, folders, globs or .zip archives",
        "ko": "반 전체를 채점합니다: 파일, 폴더, glob, .zip 압축 파일 안의 모든 제출물",
    },
    "help.command.gradebook": {
        "en": "show the class summary of a gradebook folder",
        "ko": "성적부 폴더의 반 요약을 보여 줍니다",
    },
    "help.command.similar": {
        "en": "list the pairs of students whose code is too alike (a gradebook folder)",
        "ko": "코드가 지나치게 비슷한 학생 쌍을 나열합니다 (성적부 폴더)",
    },
    "help.description.grade": {
        "en": "Grade every submission found under PATH (notebooks and .py files in folders, "
        "globs and .zip archives), in parallel, into a gradebook (DIR/gradebook.sqlite) with "
        "grades.csv, feedback/<student>.html|.md and summary.html. Submissions already in "
        "the gradebook (same student, same file, same assignment version and tests) are "
        "skipped; an interrupted run goes on where it stopped.",
        "ko": "PATH 아래에서 찾은 모든 제출물(폴더, glob, .zip 압축 파일 안의 노트북과 .py "
        "파일)을 병렬로 채점해 성적부(DIR/gradebook.sqlite)에 기록하고 grades.csv, "
        "feedback/<student>.html|.md, summary.html을 씁니다. 성적부에 이미 있는 제출물(같은 "
        "학생, 같은 파일, 같은 과제 버전과 테스트)은 건너뛰고, 중단된 채점은 멈춘 곳에서 "
        "이어 갑니다.",
    },
    "help.description.gradebook": {
        "en": "Show the class summary of DIR/gradebook.sqlite in the terminal.",
        "ko": "DIR/gradebook.sqlite의 반 요약을 터미널에 보여 줍니다.",
    },
    "help.description.similar": {
        "en": "Compare the latest submission of every student in DIR/gradebook.sqlite by the "
        "fingerprints of their normalised code, as MOSS does, leaving out the starter "
        "notebook and the base files, and print the pairs at or above the threshold with "
        "the shared code side by side.",
        "ko": "DIR/gradebook.sqlite에 있는 학생마다 최신 제출물을, MOSS처럼 정규화한 코드의 "
        "지문으로 비교합니다. 시작 노트북과 기본 파일의 코드는 빼고, 기준값 이상인 쌍을 "
        "겹치는 코드와 나란히 출력합니다.",
    },
    "help.option.assignments": {
        "en": "a folder of your own assignment folders (also: $NNGRADE_ASSIGNMENTS)",
        "ko": "직접 만든 과제 폴더들이 들어 있는 폴더 ($NNGRADE_ASSIGNMENTS로도 지정)",
    },
    "help.option.tests": {"en": "extra (hidden) tests", "ko": "추가 (비공개) 테스트"},
    "help.option.lang": {
        "en": "language (default: locale)",
        "ko": "언어 (기본값: 로캘)",
    },
    "help.submit.file": {
        "en": "the notebook (.ipynb) or module (.py) to grade",
        "ko": "채점할 노트북(.ipynb)이나 모듈(.py)",
    },
    "help.submit.assignment": {
        "en": "the assignment id (default: from the notebook)",
        "ko": "과제 ID (기본값: 노트북에서 읽음)",
    },
    "help.submit.seed": {
        "en": "replay the random inputs of an earlier run",
        "ko": "이전 실행의 무작위 입력을 그대로 다시 씁니다",
    },
    "help.submit.lang": {
        "en": "language of the report (default: locale)",
        "ko": "보고서의 언어 (기본값: 로캘)",
    },
    "help.submit.format": {
        "en": "report format; repeat with -o to write several from one run (default: rich)",
        "ko": "보고서 형식. -o와 함께 여러 번 주면 한 번의 실행으로 여러 보고서를 씁니다 "
        "(기본값: rich)",
    },
    "help.submit.output": {
        "en": "file for the matching --format",
        "ko": "짝이 되는 --format의 보고서를 쓸 파일",
    },
    "help.submit.fail_under": {
        "en": "exit with 1 when the score is below N",
        "ko": "점수가 N보다 낮으면 종료 코드 1로 끝냅니다",
    },
    "help.submit.allow_unconfined": {
        "en": "with --format classroom: grade even where the code cannot be confined "
        "(no bubblewrap or user namespaces)",
        "ko": "--format classroom과 함께: 코드를 격리할 수 없는 곳(bubblewrap이나 사용자 "
        "네임스페이스가 없음)에서도 채점합니다",
    },
    "help.start.assignment": {
        "en": "the assignment id, e.g. hw6 (see `nngrade list`)",
        "ko": "과제 ID, 예: hw6 (`nngrade list` 참고)",
    },
    "help.start.dir": {
        "en": "where to write (default: here)",
        "ko": "쓸 곳 (기본값: 현재 폴더)",
    },
    "help.force": {
        "en": "replace files that are already there",
        "ko": "이미 있는 파일을 덮어씁니다",
    },
    "help.start.lang": {"en": "language of the messages", "ko": "메시지의 언어"},
    "help.classroom.init": {
        "en": "write .github/workflows/classroom.yml for a student repo",
        "ko": "학생 저장소용 .github/workflows/classroom.yml을 씁니다",
    },
    "help.assignment_id": {
        "en": "the assignment id, e.g. hw6",
        "ko": "과제 ID, 예: hw6",
    },
    "help.classroom.dest": {"en": "the repository folder", "ko": "저장소 폴더"},
    "help.classroom.notebook": {
        "en": "the notebook students submit (default: ASSIGNMENT.ipynb)",
        "ko": "학생이 제출하는 노트북 (기본값: ASSIGNMENT.ipynb)",
    },
    "help.classroom.install": {
        "en": "what the workflow installs: 'released' (default: nngrade==THIS_VERSION from "
        "PyPI), a path to an nngrade wheel (committed to the repository in .nngrade/wheels/), "
        "a git+https:// URL, or a command starting with 'pip '",
        "ko": "워크플로가 설치할 것: 'released' (기본값: PyPI의 nngrade==THIS_VERSION), "
        "nngrade wheel 파일의 경로 (저장소의 .nngrade/wheels/에 커밋됨), git+https:// URL, "
        "또는 'pip '으로 시작하는 명령",
    },
    "help.classroom.hidden_repo": {
        "en": "a private repository with the assignment folder (hidden tests included) that the "
        "workflow checks out with the organisation secret NNGRADE_TESTS_TOKEN",
        "ko": "워크플로가 조직 비밀 NNGRADE_TESTS_TOKEN으로 체크아웃하는, 과제 폴더(비공개 "
        "테스트 포함)가 든 비공개 저장소",
    },
    "help.gradescope.output": {"en": "the zip to write", "ko": "쓸 zip 파일"},
    "help.gradescope.wheel": {
        "en": "the nngrade wheel the zip carries and setup.sh installs (default: the wheel of "
        "this nngrade, built or packed from its install)",
        "ko": "zip에 담아 setup.sh가 설치할 nngrade wheel (기본값: 지금 설치된 nngrade로 "
        "빌드하거나 묶은 wheel)",
    },
    "help.gradescope.install": {
        "en": "install SPEC from the package index instead of a wheel in the zip "
        "(e.g. 'nngrade[keras]==0.1.0')",
        "ko": "zip 안의 wheel 대신 패키지 색인에서 SPEC을 설치합니다 (예: 'nngrade[keras]==0.1.0')",
    },
    "help.gradescope.bundle_deps": {
        "en": "also put the wheels of nngrade's dependencies (pinned, for Linux x86-64 and this "
        "Python) in the zip, so that Gradescope needs no index (downloads them now)",
        "ko": "nngrade 의존 패키지의 wheel(버전 고정, Linux x86-64와 이 Python용)도 zip에 "
        "넣어 Gradescope에 패키지 색인이 필요 없게 합니다 (지금 내려받습니다)",
    },
    "help.gradescope.lang": {
        "en": "language of the students' reports",
        "ko": "학생 보고서의 언어",
    },
    "help.assign.solution": {
        "en": "the solution notebook",
        "ko": "풀이 노트북",
    },
    "help.assign.output": {
        "en": "the student notebook to write",
        "ko": "쓸 학생용 노트북",
    },
    "help.assign.assignment": {
        "en": "grade both notebooks against this assignment (default: the folder the solution "
        "is in, when it holds assignment.toml; else the notebook's metadata or name)",
        "ko": "두 노트북을 이 과제로 채점합니다 (기본값: 풀이 노트북이 있는 폴더에 "
        "assignment.toml이 있으면 그 과제, 없으면 노트북의 메타데이터나 이름)",
    },
    "help.assign.no_check": {
        "en": "do not grade the two notebooks",
        "ko": "두 노트북을 채점하지 않습니다",
    },
    "help.grade.assignment": {
        "en": "the assignment id, or an assignment folder",
        "ko": "과제 ID, 또는 과제 폴더",
    },
    "help.grade.paths": {
        "en": "submission files, folders, globs or .zip archives",
        "ko": "제출 파일, 폴더, glob, 또는 .zip 압축 파일",
    },
    "help.grade.jobs": {
        "en": "submissions graded at once (default: the number of cores)",
        "ko": "한 번에 채점할 제출물 수 (기본값: 코어 수)",
    },
    "help.grade.out": {
        "en": "folder for the gradebook and exports (default: ./ASSIGNMENT-grades)",
        "ko": "성적부와 내보낸 파일을 둘 폴더 (기본값: ./ASSIGNMENT-grades)",
    },
    "help.grade.force": {
        "en": "grade again what is already in the gradebook",
        "ko": "성적부에 이미 있는 제출물도 다시 채점합니다",
    },
    "help.grade.student_pattern": {
        "en": "a regex with a group (?P<student>...), searched in each file's path relative to "
        "the PATH it was found under (default: the top folder, else the file name, without "
        "the assignment id)",
        "ko": "(?P<student>...) 그룹이 있는 정규식. 각 파일을 찾은 PATH에 대한 상대 경로에서 "
        "찾습니다 (기본값: 맨 위 폴더, 없으면 과제 ID를 뺀 파일 이름)",
    },
    "help.grade.dask": {
        "en": "grade on Dask: 'local' (a LocalCluster of -j workers) or a scheduler address "
        "such as tcp://host:8786",
        "ko": "Dask에서 채점합니다: 'local' (-j개 워커의 LocalCluster) 또는 tcp://host:8786 "
        "같은 스케줄러 주소",
    },
    "help.grade.seed": {
        "en": "seed of the random inputs (default: the gradebook's own, chosen by its first "
        "run; a --seed replaces it for this and later runs)",
        "ko": "무작위 입력의 시드 (기본값: 성적부의 첫 실행이 고른 시드. --seed를 주면 이번과 "
        "이후 실행의 시드가 바뀝니다)",
    },
    "help.grade.lang": {
        "en": "language of the feedback and the class summary (default: locale)",
        "ko": "피드백과 반 요약의 언어 (기본값: 로캘)",
    },
    "help.grade.timeout": {
        "en": "stop grading one submission after this long, whatever happens "
        "(default: 3x the assignment's notebook_timeout, at least 300)",
        "ko": "무슨 일이 있어도 제출물 하나의 채점을 이 시간(초) 뒤에 멈춥니다 "
        "(기본값: 과제 notebook_timeout의 3배, 최소 300)",
    },
    "help.grade.allow_unconfined": {
        "en": "grade even where students' code cannot be confined (no bubblewrap or user "
        "namespaces; on Dask, checked on each worker): it then runs as you, with your files",
        "ko": "학생 코드를 격리할 수 없는 곳(bubblewrap이나 사용자 네임스페이스가 없음. Dask에서는 "
        "워커마다 확인)에서도 채점합니다: 그러면 코드가 여러분의 권한으로, 여러분의 파일과 함께 "
        "실행됩니다",
    },
    "help.grade.feedback_notebook": {
        "en": "show each student's notebook inside feedback/<student>.html (about 0.15 s a page)",
        "ko": "각 학생의 노트북을 feedback/<student>.html 안에 보여 줍니다 (한 쪽에 약 0.15초)",
    },
    "help.grade.base": {
        "en": "code every student was given (the lecture's code: .py, .ipynb, or Markdown with "
        "```code blocks```), left out of the similarity report with the starter notebook",
        "ko": "모든 학생이 받은 코드 (강의 코드: .py, .ipynb, 또는 ```코드 블록```이 있는 "
        "Markdown). 시작 노트북과 함께 유사도 보고서에서 빠집니다",
    },
    "help.grade.similarity_threshold": {
        "en": "list pairs from this similarity score in summary.html (default: {threshold})",
        "ko": "이 유사도 점수 이상인 쌍을 summary.html에 나열합니다 (기본값: {threshold})",
    },
    "help.gradebook.folder": {
        "en": "the --out folder of `nngrade grade`",
        "ko": "`nngrade grade`의 --out 폴더",
    },
    "help.similar.threshold": {
        "en": "list pairs from this score: the share of the smaller submission's fingerprints "
        "that the other also has, 0.75 or 75 (default: the grading run's, else {threshold})",
        "ko": "이 점수 이상인 쌍을 나열합니다: 작은 제출물의 지문 가운데 다른 쪽에도 있는 "
        "비율, 0.75 또는 75 (기본값: 채점 실행의 값, 없으면 {threshold})",
    },
    "help.similar.base": {
        "en": "the lecture's code (.py, .ipynb, or Markdown with ```code blocks```) to leave "
        "out (default: the --base files of `nngrade grade`)",
        "ko": "뺄 강의 코드 (.py, .ipynb, 또는 ```코드 블록```이 있는 Markdown) "
        "(기본값: `nngrade grade`의 --base 파일)",
    },
    "help.similar.max_share": {
        "en": "ignore code found in more than N submissions, as MOSS's -m does (default: {n})",
        "ko": "MOSS의 -m처럼, N개보다 많은 제출물에 있는 코드는 무시합니다 (기본값: {n})",
    },
    "similar.not_a_number": {
        "en": "not a number: {value}",
        "ko": "숫자가 아닙니다: {value}",
    },
    "similar.threshold_value": {
        "en": "give a share from 0 to 1, or a percentage up to 100",
        "ko": "0에서 1 사이의 비율이나 100 이하의 백분율을 주세요",
    },
    "formats.plugin_broken": {
        "en": "the format '{name}' of an installed package ({value}) cannot be used: {why}",
        "ko": "설치된 패키지의 보고서 형식 '{name}'({value})을(를) 쓸 수 없습니다: {why}",
    },
    "formats.plugin_not_format": {
        "en": "its entry point must name a Format called '{name}'",
        "ko": "진입점은 이름이 '{name}'인 Format 객체를 가리켜야 합니다",
    },
    # --- issue 12: the sandbox's notes and the errors it makes for cells, kept as data
    # (`nngrade.results.Note`) and written here: where, what was not run, and why ---
    "verbatim": {"en": "{text}", "ko": "{text}"},
    # Why a file operation failed (`errors.os_reason`), by the OS's error name; in English
    # the words glibc's strerror gives.
    "os_error.EACCES": {"en": "Permission denied", "ko": "권한이 없습니다"},
    "os_error.EPERM": {"en": "Operation not permitted", "ko": "허용되지 않는 작업입니다"},
    "os_error.ENOENT": {"en": "No such file or directory", "ko": "그런 파일이나 폴더가 없습니다"},
    "os_error.EISDIR": {"en": "Is a directory", "ko": "폴더입니다"},
    "os_error.ENOTDIR": {
        "en": "Not a directory",
        "ko": "경로의 일부가 폴더가 아닙니다",
    },
    "os_error.ENOSPC": {
        "en": "No space left on device",
        "ko": "디스크에 남은 공간이 없습니다",
    },
    "os_error.EDQUOT": {"en": "Disk quota exceeded", "ko": "디스크 할당량을 다 썼습니다"},
    "os_error.EROFS": {"en": "Read-only file system", "ko": "읽기 전용 파일 시스템입니다"},
    "os_error.EIO": {"en": "Input/output error", "ko": "입출력 오류입니다"},
    "os_error.ENAMETOOLONG": {"en": "File name too long", "ko": "파일 이름이 너무 깁니다"},
    "os_error.ELOOP": {
        "en": "Too many levels of symbolic links",
        "ko": "심볼릭 링크가 너무 많이 이어집니다",
    },
    "os_error.EEXIST": {"en": "File exists", "ko": "이미 있습니다"},
    "os_error.EMFILE": {"en": "Too many open files", "ko": "열린 파일이 너무 많습니다"},
    "os_error.ENFILE": {
        "en": "Too many open files in system",
        "ko": "이 시스템에 열린 파일이 너무 많습니다",
    },
    "os_error.EBUSY": {"en": "Device or resource busy", "ko": "파일이나 장치가 사용 중입니다"},
    # Why a name is not defined, with the cell that would define it (`plugin.outcome_of`).
    "not_defined_not_run": {
        "en": "`{name}` is not defined in your notebook: cell {cell}, which defines it, was not run.",
        "ko": "노트북에 `{name}`이(가) 정의되어 있지 않습니다: 이를 정의하는 {cell}번 셀이 실행되지 않았습니다.",
    },
    "not_defined_statement_not_run": {
        "en": "`{name}` is not defined in your module: the statement at line {cell}, which defines it, was not run.",
        "ko": "모듈에 `{name}`이(가) 정의되어 있지 않습니다: 이를 정의하는 {cell}번째 줄의 문장이 실행되지 않았습니다.",
    },
    "not_defined_cell_stopped": {
        "en": "`{name}` is not defined: cell {cell}, which defines it, did not finish ({reason}).",
        "ko": "`{name}`이(가) 정의되지 않았습니다: 이를 정의하는 {cell}번 셀이 끝나지 않았습니다 ({reason}).",
    },
    "not_defined_statement_stopped": {
        "en": "`{name}` is not defined: the statement at line {cell}, which defines it, did not finish ({reason}).",
        "ko": "`{name}`이(가) 정의되지 않았습니다: 이를 정의하는 {cell}번째 줄의 문장이 끝나지 않았습니다 ({reason}).",
    },
    "not_defined_path": {
        "en": "`{name}` is not defined in your notebook (cell {cell} assigns it only on a path that did not run).",
        "ko": "노트북에 `{name}`이(가) 정의되어 있지 않습니다 ({cell}번 셀은 실행되지 않은 경로에서만 이 이름에 값을 넣습니다).",
    },
    "not_defined_statement_path": {
        "en": "`{name}` is not defined in your module (the statement at line {cell} assigns it only on a path that did not run).",
        "ko": "모듈에 `{name}`이(가) 정의되어 있지 않습니다 ({cell}번째 줄의 문장은 실행되지 않은 경로에서만 이 이름에 값을 넣습니다).",
    },
    "list.and": {"en": "{first} and {last}", "ko": "{first}, {last}"},
    "note.install_not_run": {
        "en": "{where}: `{code}` was not run; nngrade grades with the packages already installed",
        "ko": "{where}: `{code}`은(는) 실행하지 않았습니다. 채점기는 이미 설치된 패키지로 채점합니다",
    },
    "note.shell_not_run": {
        "en": "{where}: `{code}` was not run; nngrade does not run shell commands",
        "ko": "{where}: `{code}`은(는) 실행하지 않았습니다. 채점기는 셸 명령을 실행하지 않습니다",
    },
    "note.cell_magic_not_run": {
        "en": "{where}: `{code}` cell magic was not run; nngrade does not run shell commands",
        "ko": "{where}: 셀 매직 `{code}`은(는) 실행하지 않았습니다. 채점기는 셸 명령을 실행하지 않습니다",
    },
    # issue 21 (part A): the student's own training bounded, datasets offline
    "note.fit_capped": {
        "en": "{where}: `{code}` ran at most {ran} epochs (of at most {steps} batches each) while grading; the tests train their own copy of your model",
        "ko": "{where}: `{code}`은(는) 채점 중에 최대 {ran}에포크(에포크마다 배치 최대 {steps}개)까지만 학습했습니다. 테스트는 모델의 복사본을 직접 학습시킵니다",
    },
    "note.dataset_offline": {
        "en": "{where}: `{code}` gave a small offline stand-in (6,000 + 1,000 handwritten digits, 28×28, uint8): the grader has no network",
        "ko": "{where}: `{code}`은(는) 작은 오프라인 대체 데이터(손글씨 숫자 6,000개 + 1,000개, 28×28, 8비트 정수)를 돌려주었습니다. 채점기는 네트워크를 쓰지 않습니다",
    },
    "note.out_of_time": {
        "en": "{units} not run: the {whole} used up its {seconds} s time limit (counted in CPU time)",
        "ko": "{units} 실행하지 않았습니다: {whole} 전체의 시간 제한 {seconds}초(CPU 시간 기준)를 다 썼습니다",
    },
    "note.gave_up": {
        "en": "{units} not run: the process running the {whole} {reason}",
        "ko": "{units} 실행하지 않았습니다: {whole}을(를) 실행하는 프로세스 문제 ({reason})",
    },
    "units.cell": {"en": "cell {n} was", "ko": "{n}번 셀은"},
    "units.cells": {"en": "cells {n} were", "ko": "{n}번 셀은"},
    "units.statement": {"en": "the statement at line {n} was", "ko": "{n}번째 줄의 문장은"},
    "units.statements": {"en": "the statements at lines {n} were", "ko": "{n}번째 줄의 문장은"},
    "cell_error.stopped_work": {
        "en": "{where} was stopped after {seconds} s of work (CPU time; {what}){later}",
        "ko": "{where}: 작업 시간(CPU 시간) {seconds}초 뒤에 중단되었습니다 ({what}){later}",
    },
    "cell_error.stopped_wall": {
        "en": "{where} was stopped after {wall} s of wall-clock time (the backstop of {what}; it had done {work} of its {seconds} s of work){later}",
        "ko": "{where}: 실제 시간 {wall}초 뒤에 중단되었습니다 ({what}의 상한. 작업 시간 {seconds}초 중 {work}초를 썼습니다){later}",
    },
    "cell_error.crashed": {
        "en": "{where} ended the process running the {whole}: {reason}{later}",
        "ko": "{where}에서 {whole}을(를) 실행하던 프로세스가 종료되었습니다: {reason}{later}",
    },
    "cell_error.name.Timeout": {"en": "Timeout", "ko": "시간 초과"},
    "cell_error.name.Crash": {"en": "Crash", "ko": "비정상 종료"},
    "cell_error.own_limit": {
        "en": "the time limit for one {unit}",
        "ko": "{unit} 하나의 시간 제한",
    },
    "cell_error.whole_ran_out": {
        "en": "the {whole}'s {seconds} s time limit ran out",
        "ko": "{whole} 전체의 시간 제한 {seconds}초가 다 됨",
    },
    "cell_error.later_ran.cells": {
        "en": "; later cells still ran",
        "ko": ". 뒤의 셀은 계속 실행되었습니다",
    },
    "cell_error.later_ran.statements": {
        "en": "; later statements still ran",
        "ko": ". 뒤의 문장은 계속 실행되었습니다",
    },
    "cell_error.later_not_run.cells": {
        "en": "; later cells were not run",
        "ko": ". 뒤의 셀은 실행되지 않았습니다",
    },
    "cell_error.later_not_run.statements": {
        "en": "; later statements were not run",
        "ko": ". 뒤의 문장은 실행되지 않았습니다",
    },
    # Why the process running the student's code stopped: `WorkerDied(key, **fields)`
    # (`sandbox.process.describe_exit`, the sandbox; `Results.trouble` reads the key).
    "worker_died.unknown": {
        "en": "it stopped answering and its exit status is unknown",
        "ko": "응답이 없고 종료 상태를 알 수 없습니다",
    },
    "worker_died.exited": {
        "en": "it exited with status {code} (os._exit(), or a crash in native code)",
        "ko": "종료 상태 {code}(으)로 끝났습니다 (os._exit() 호출이나 네이티브 코드의 충돌)",
    },
    "worker_died.segfault": {
        "en": "it crashed with a segmentation fault (SIGSEGV), often a stack overflow from very deep recursion",
        "ko": "세그멘테이션 오류(SIGSEGV)로 충돌했습니다. 재귀가 너무 깊어 스택이 넘친 경우가 많습니다",
    },
    "worker_died.killed": {
        "en": "it was killed (SIGKILL), most likely for using too much memory",
        "ko": "강제 종료되었습니다(SIGKILL). 메모리를 너무 많이 쓴 경우가 대부분입니다",
    },
    "worker_died.cpu_limit": {
        "en": "it used more than its {cpu} s of CPU time (SIGXCPU)",
        "ko": "CPU 시간 {cpu}초를 넘게 썼습니다 (SIGXCPU)",
    },
    "worker_died.cpu": {
        "en": "it used too much CPU time (SIGXCPU)",
        "ko": "CPU 시간을 너무 많이 썼습니다 (SIGXCPU)",
    },
    "worker_died.abort": {
        "en": "it aborted (SIGABRT), usually a crash in native code",
        "ko": "비정상 종료되었습니다(SIGABRT). 대개 네이티브 코드의 충돌입니다",
    },
    "worker_died.bus": {
        "en": "it crashed (SIGBUS), often from running out of memory or stack",
        "ko": "충돌했습니다(SIGBUS). 메모리나 스택이 부족한 경우가 많습니다",
    },
    "worker_died.file_size": {
        "en": "it wrote a file over the size limit (SIGXFSZ)",
        "ko": "크기 제한을 넘는 파일을 썼습니다 (SIGXFSZ)",
    },
    "worker_died.signal": {
        "en": "it was killed by {signal}",
        "ko": "{signal} 신호로 종료되었습니다",
    },
    "worker_died.restarts": {
        "en": "was stopped or crashed {n} times, and nngrade does not start it again more often than that",
        "ko": "{n}번 중단되거나 충돌해서 채점기가 더는 다시 시작하지 않습니다",
    },
    # Why a value could not cross from the student's code to the grader: `protocol.Unsupported`
    # carries the key and fields, across the sandbox too (`sandbox.session._refusal`).
    "refused.type_an": {
        "en": "an {name}; return a NumPy array, a number or a list",
        "ko": "`{name}` 값입니다. NumPy 배열, 숫자, 리스트 중 하나를 반환하세요",
    },
    "refused.type_a": {
        "en": "a {name}; return a NumPy array, a number or a list",
        "ko": "`{name}` 값입니다. NumPy 배열, 숫자, 리스트 중 하나를 반환하세요",
    },
    "refused.dtype_array": {
        "en": "an array has dtype {dtype}; only numeric and bool arrays can be returned",
        "ko": "배열의 dtype이 {dtype}입니다. 숫자나 bool 배열만 반환할 수 있습니다",
    },
    "refused.dtype": {
        "en": "{what} has dtype {dtype}; only numeric and bool arrays can be returned",
        "ko": "{what}의 dtype이 {dtype}입니다. 숫자나 bool 배열만 반환할 수 있습니다",
    },
    "refused.too_big": {
        "en": "values of {mb} MB in all; at most {max} MB can be sent",
        "ko": "값이 모두 {mb} MB입니다. 최대 {max} MB까지만 보낼 수 있습니다",
    },
    "refused.too_deep": {
        "en": "a value nested more than {depth} levels deep",
        "ko": "{depth}단계보다 깊게 중첩된 값입니다",
    },
    "refused.big_int": {
        "en": "an int with more than 4096 bits",
        "ko": "4096비트보다 큰 int입니다",
    },
    "refused.long_str": {
        "en": "a str of {n} characters; at most {max}",
        "ko": "{n}자 길이의 str입니다. 최대 {max}자까지입니다",
    },
    "refused.dict_key": {
        "en": "a dict with a key of type {type}; only str keys can be sent",
        "ko": "키가 {type} 형식인 dict입니다. 키는 str이어야 합니다",
    },
    "refused.big_array": {
        "en": "an array of {n} elements ({size}); at most {max} elements and {max_size} can be sent",
        "ko": "원소 {n}개({size})인 배열입니다. 최대 원소 {max}개, {max_size}까지만 보낼 수 있습니다",
    },
    "refused.big_scalar": {
        "en": "a NumPy scalar of {n} elements ({size}); at most {max} elements and {max_size} can be sent",
        "ko": "원소 {n}개({size})인 NumPy 스칼라입니다. 최대 원소 {max}개, {max_size}까지만 보낼 수 있습니다",
    },
    "refused.unreadable": {
        "en": "a value nngrade cannot read",
        "ko": "채점기가 읽을 수 없는 값입니다",
    },
    "refused.unreadable_because": {
        "en": "a value nngrade could not read ({error})",
        "ko": "채점기가 읽을 수 없는 값입니다 ({error})",
    },
    "refused.not_a_model": {
        "en": "something other than a saved Keras model",
        "ko": "저장된 케라스 모델이 아닌 값입니다",
    },
    "worker_died.closed": {"en": "the sandbox was closed", "ko": "샌드박스가 닫혔습니다"},
    # issue 23: words
    "refused.not_keras": {
        "en": "a {name}; return a Keras model",
        "ko": "`{name}` 값입니다. 케라스 모델을 반환하세요",
    },
    "refused.model_archive": {
        "en": "a model whose archive is {why}",
        "ko": "저장한 파일이 다음과 같은 모델입니다: {why}",
    },
    "worker_died.server_stopped": {
        "en": "the sandbox's fork server stopped{detail}",
        "ko": "샌드박스의 포크 서버가 멈췄습니다{detail}",
    },
    "worker_died.server_deaf": {
        "en": "the sandbox's fork server did not listen ({error}){detail}",
        "ko": "샌드박스의 포크 서버가 응답하지 않았습니다 ({error}){detail}",
    },
    # issue 20: bounded decoding and serving (the specific sentences before the general one)
    "refused.too_many_arrays": {
        "en": "more than {n} arrays in one value; at most {max} can be sent",
        "ko": "한 값에 배열이 {n}개보다 많습니다. 최대 {max}개까지만 보낼 수 있습니다",
    },
    "worker_died.too_many_values": {
        "en": "it sent a message nngrade could not read (a message of {n} values; at most {max} can be sent)",
        "ko": "메시지에 값이 {n}개입니다. 채점기는 최대 {max}개까지만 읽습니다",
    },
    "worker_died.too_many_buffers": {
        "en": "it sent a message nngrade could not read (a message of {n} buffers; at most {max} can be sent)",
        "ko": "메시지에 버퍼가 {n}개입니다. 채점기는 최대 {max}개까지만 읽습니다",
    },
    "worker_died.too_big": {
        "en": "it sent a message nngrade could not read (a message of {mb} MB is over the {max} MB limit)",
        "ko": "메시지가 {mb} MB로 한도 {max} MB를 넘었습니다",
    },
    "worker_died.unreadable": {
        "en": "it sent a message nngrade could not read ({error})",
        "ko": "채점기가 읽을 수 없는 메시지를 보냈습니다 ({error})",
    },
    "limit.serving_seconds": {
        "en": "{where}: stopped after nngrade spent {value} s of CPU time serving its own functions to it in one test. Fix first the functions that failed their own tests (nngrade stands in for them here), or call them fewer times",
        "ko": "{where}: 한 테스트에서 채점기가 자체 함수를 계산해 주는 데 CPU 시간 {value}초를 써서 중단되었습니다. 자체 테스트에서 실패한 함수(여기서는 채점기가 대신 계산합니다)를 먼저 고치거나, 호출 횟수를 줄이세요",
    },
    "serving.too_big": {
        "en": "{name}: an argument of {n} elements; nngrade serves at most {max}",
        "ko": "{name}: 인자의 원소가 {n}개입니다. 채점기는 최대 {max}개까지만 계산합니다",
    },
    "serving.not_array": {
        "en": "{name}: argument {i} is a {type}, not an array or a number",
        "ko": "{name}: {i}번째 인자가 배열이나 숫자가 아닌 {type} 값입니다",
    },
}

_current: ContextVar[str] = ContextVar("nngrade_language", default=LANGUAGES[0])
"""The language words are written in: set by `use_language` around a grading run or a command
(a `ContextVar`, so a run on one thread does not change another's)."""


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
    """The current language (one of `LANGUAGES`)."""
    return _current.get()


@contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    """Write words in `lang` inside the block (English for a language nngrade does not speak)."""
    token = _current.set(lang if lang in LANGUAGES else LANGUAGES[0])
    try:
        yield
    finally:
        _current.reset(token)


@dataclass(frozen=True, kw_only=True)
class Text:
    """Words in English and Korean; `str()` gives them in the current language, else English."""

    en: str
    ko: str

    def __str__(self) -> str:
        return getattr(self, language(), "") or self.en

    def format(self, **fields: object) -> str:
        """The words in the current language with their `{fields}` filled in."""
        return str(self).format(**fields)


def text(*, en: str, ko: str) -> Text:
    """Words for a check's `what=` or `input=` in English and Korean, e.g. `text(en=..., ko=...)`."""
    return Text(en=en, ko=ko)


def say(key: str, /, lang: str | None = None, **fields: object) -> str:
    """The words of `key` in `lang` (default: the current language), their `{fields}` filled
    in; English when the language lacks them. The one function that looks words up: a `Text`
    field, or a `Note` field (`nngrade.results.Note`), is written in the same language."""
    if lang is not None and lang != _current.get():
        with use_language(lang):
            return say(key, **fields)
    entry = CATALOG[key]
    words = entry.get(_current.get()) or entry["en"]
    return words.format(**fields) if fields else words.format()
