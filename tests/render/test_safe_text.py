"""`safe_text`: a submission's string made safe for each place it goes (issue 20)."""

from __future__ import annotations

import re

from rich.console import Console

from nngrade.render import safe_text

HOSTILE = "a\x1b]52;c;ZXZpbA==\x07b\x1b[2K\x00c\r\nd\x9b1m\u202ee\x7f\tf"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def test_every_control_character_is_shown_as_an_escape_and_tabs_and_newlines_stay():
    out = safe_text.visible(HOSTILE)
    assert not CONTROL.search(out)
    assert out == "a\\x1b]52;c;ZXZpbA==\\x07b\\x1b[2K\\x00c\nd\\x9b1m\\u202ee\\x7f\tf"
    assert safe_text.visible("김민수 – ok") == "김민수 – ok"


def test_a_terminal_line_is_one_line():
    assert "\n" not in safe_text.terminal_line(HOSTILE)
    assert "\t" not in safe_text.terminal_line(HOSTILE)


def test_rich_never_reads_markup_in_a_submissions_string():
    console = Console(width=80, no_color=True, force_terminal=False)
    with console.capture() as capture:
        console.print(safe_text.rich_text("[/] [bold]x[/bold]"))
        console.print(f"[dim]{safe_text.rich_markup('[/] [red]y')}[/]")
    assert capture.get() == "[/] [bold]x[/bold]\n[/] [red]y\n"


def test_a_csv_cell_is_never_a_formula():
    for value in ("=1+2", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert safe_text.csv_cell(value).startswith("'")
    assert safe_text.csv_cell("kim") == "kim"
    assert safe_text.csv_cell("\r=1") == "\\x0d=1"  # shown, and no longer a formula
    assert not CONTROL.search(safe_text.csv_cell(HOSTILE))


def test_markdown_and_html_escape_their_specials_and_controls():
    md = safe_text.markdown("*x* | `y` <b>" + HOSTILE)
    assert md.startswith("\\*x\\* \\| \\`y\\` \\<b\\>") and not CONTROL.search(md)
    page = safe_text.html('<a href="x">' + HOSTILE)
    assert page.startswith("&lt;a href=&quot;x&quot;&gt;") and not CONTROL.search(page)
    assert not CONTROL.search(safe_text.html_controls("<pre>" + HOSTILE + "</pre>"))


def test_json_text_keeps_the_data_and_writes_no_raw_control():
    import json

    data = {"message": HOSTILE + " 김민수"}
    dumped = safe_text.json_text(json.dumps(data, ensure_ascii=False))
    assert not CONTROL.search(dumped) and "김민수" in dumped
    assert json.loads(dumped) == data
