"""Notes and nngrade's own cell errors travel as data and are written in the report's language
(issue 12)."""

from __future__ import annotations

import json

import jsonschema

from nngrade import sandbox as sb
from nngrade.messages import use_language
from nngrade.plugin import outcome_of
from nngrade.render.i18n import error_line, notes
from nngrade.render.json import render_json, schema
from nngrade.render.markdown import render_markdown
from nngrade.results import CellError, Note, Results

PIP = Note(
    "note.install_not_run",
    {"where": Note("spelling_where_cell", {"line": 2, "cell": 2}), "code": "!pip install numpy"},
)
STOPPED = Note(
    "cell_error.stopped_work",
    {
        "where": Note("limit.where.cell", {"n": 4}),
        "seconds": "2",
        "what": Note("cell_error.own_limit", {"unit": Note("limit.unit.cell")}),
        "later": Note("cell_error.later_ran.cells"),
    },
)


def test_a_note_is_written_in_the_language_it_is_read_in():
    assert str(PIP) == (
        "line 2 of cell 2: `!pip install numpy` was not run; nngrade grades with the packages "
        "already installed"
    )
    with use_language("ko"):
        assert str(PIP).startswith(
            "2번 셀 2번째 줄: `!pip install numpy`은(는) 실행하지 않았습니다"
        )


def test_notes_and_reasons_survive_json_and_validate(partial):
    partial.lang = "ko"
    partial.notes = [PIP, "a note written before notes were data"]
    partial.cell_errors.append(
        CellError(cell=4, ename="Timeout", evalue=STOPPED.in_language("en"), reason=STOPPED)
    )
    data = json.loads(render_json(partial))
    assert not list(jsonschema.Draft202012Validator(schema()).iter_errors(data))
    assert data["notes"][0].startswith("2번 셀 2번째 줄")  # the words, in the results' language
    assert data["note_keys"][0]["key"] == "note.install_not_run"
    assert data["cell_errors"][-1]["evalue"].startswith("cell 4 was stopped after 2 s")
    again = Results.from_dict(data)
    assert again.notes[0] == PIP and again.cell_errors[-1].reason == STOPPED
    assert notes(again)[1] == "a note written before notes were data"
    assert error_line("ko", again.cell_errors[-1]) == (
        "시간 초과: 4번 셀: 작업 시간(CPU 시간) 2초 뒤에 중단되었습니다 (셀 하나의 시간 제한). "
        "뒤의 셀은 계속 실행되었습니다"
    )
    assert "2번 셀 2번째 줄" in render_markdown(again)


def test_results_saved_before_notes_were_data_still_read(partial):
    data = json.loads(render_json(partial))
    del data["note_keys"]
    data["notes"] = ["an old note"]
    assert notes(Results.from_dict(data)) == ["an old note"]


def test_a_name_not_defined_says_which_cell_was_not_run_in_both_languages():
    exc = sb.NotDefined("later", cell=3, cell_status="not run")
    assert outcome_of(exc) == (
        "failed",
        "`later` is not defined in your notebook: cell 3, which defines it, was not run.",
    )
    with use_language("ko"):
        _, message = outcome_of(exc)
    assert (
        message
        == "노트북에 `later`이(가) 정의되어 있지 않습니다: 이를 정의하는 3번 셀이 실행되지 않았습니다."
    )


def test_a_name_not_defined_says_why_its_cell_was_stopped():
    error = CellError(cell=3, ename="Timeout", evalue=STOPPED.in_language("en"), reason=STOPPED)
    exc = sb.NotDefined("fit", cell=3, cell_error=error)
    with use_language("ko"):
        _, message = outcome_of(exc)
    assert message.startswith(
        "`fit`이(가) 정의되지 않았습니다: 이를 정의하는 3번 셀이 끝나지 않았습니다 (4번 셀:"
    )


def test_an_error_is_kept_as_data_and_written_in_the_report_language(not_graded):
    from nngrade.render.i18n import status_line

    not_graded.lang = "ko"
    not_graded.error = Note("grade.backstop", {"seconds": "120"})
    data = json.loads(render_json(not_graded))
    assert not list(jsonschema.Draft202012Validator(schema()).iter_errors(data))
    assert data["error_note"] == {"key": "grade.backstop", "fields": {"seconds": "120"}}
    assert data["error"] == not_graded.error.in_language("ko") != not_graded.error.in_language("en")
    again = Results.from_dict(data)
    assert again.error == not_graded.error
    assert not_graded.error.in_language("ko").rstrip(".") in status_line(again)
    again.lang = "en"  # the same results read in English say it in English
    assert "120" in status_line(again) and again.error_words in status_line(again)


def test_why_a_file_operation_failed_is_written_in_the_report_language():
    import errno
    import os

    from nngrade.errors import UsageError, os_reason

    denied = os_reason(PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    assert denied == Note("os_error.EACCES")
    assert denied.in_language("en") == os.strerror(errno.EACCES)  # as the OS says it
    assert denied.in_language("ko") == "권한이 없습니다"
    full = UsageError(
        "batch_error.cannot_write", path="/out", why=os_reason(OSError(errno.ENOSPC, "x"))
    )
    assert "디스크에 남은 공간이 없습니다" in full.in_language("ko")
    assert os.strerror(errno.ENOSPC) in full.in_language("en")
    # An error the catalog does not name keeps its own words.
    assert os_reason(OSError(errno.ENOTSUP, "Operation not supported")) == Note.verbatim(
        "Operation not supported"
    )
    assert os_reason(ValueError("Bad magic number for central directory")) == Note.verbatim(
        "Bad magic number for central directory"
    )
