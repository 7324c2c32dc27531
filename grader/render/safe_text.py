"""Text from a submission, made safe for where it goes (issue 20).

A file name, a student name, a printed line, an exception's message or class name: whatever a
submission wrote reaches the instructor's terminal, grades.csv, the Markdown and HTML feedback
and rich's tables. Such a string may carry control text: ESC/CSI sequences that move the cursor
or erase a line, OSC 52 (writes the clipboard) and OSC 8 (links), NUL, CR, other C0 and C1
controls, bidi overrides that reorder what is shown, rich markup (`[/]` raised MarkupError),
a leading `=` that a spreadsheet runs as a formula.

One function per destination, called where a submission's string enters a renderer:

* `visible`: every control character shown as an escape (`\\x1b`, `\\u202e`), never raw;
  newlines and tabs kept, CR LF read as LF. What the others build on.
* `terminal` / `terminal_line`: for `print` (several lines / one line).
* `rich_text` / `rich_markup`: for rich, as a `Text` (no markup read) or escaped markup.
* `csv_cell`: a spreadsheet cell that is never a formula.
* `markdown` / `markdown_block`: inline Markdown text (specials escaped, one line) / the body
  of a fenced block.
* `html`: HTML text (quotes escaped, safe in an attribute); `html_controls` for HTML that is
  already markup (the notebook nbconvert rendered).
* `json_text`: JSON text with the controls `json.dumps` leaves raw written as `\\uXXXX` (the
  data is unchanged).

The escapes are text a reader sees (`\\x1b[2K`), so nothing is silently lost: the instructor
sees that a submission tried to write control text.
"""

from __future__ import annotations

import html as _html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but \t \n), DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029]"  # line and paragraph separators (a new line to some readers, not others)
)
"""The characters never written raw: C0 but tab and newline, DEL, C1, bidi controls."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
"""Characters with a meaning in (GitHub-flavoured) Markdown or HTML inside an inline run."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """`text` with every control character shown as an escape (`\\x1b`); tabs and newlines
    kept, CR LF read as one newline."""
    value = str(text).replace("\r\n", "\n")
    return CONTROL.sub(_escape, value)


def terminal(text: object) -> str:
    """Text for `print` to a terminal, lines kept."""
    return visible(text)


def terminal_line(text: object) -> str:
    """Text for one line of a terminal: controls escaped, line breaks and tabs made spaces."""
    return " ".join(visible(text).split())


def rich_text(text: object, style: str = "") -> Text:
    """Text for rich as a `Text`: no markup is read in it, controls are escaped."""
    from rich.text import Text

    return Text(visible(text), style=style)


def rich_markup(text: object) -> str:
    """Text to put inside a rich markup string (`f"[dim]{...}[/]"`): controls and markup
    escaped."""
    from rich.markup import escape

    return escape(visible(text))


def csv_cell(text: object) -> str:
    """A CSV cell: controls escaped, and a leading `=`, `+`, `-`, `@` (or tab, CR) quoted with
    `'` so that a spreadsheet shows it instead of running it."""
    value = visible(text)
    return "'" + value if value.startswith(_FORMULA) else value


def markdown(text: object) -> str:
    """Inline Markdown text: controls escaped, specials backslash-escaped, line breaks made
    spaces (safe in a table cell)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", terminal_line(text))


def markdown_block(text: object) -> str:
    """The body of a fenced Markdown block (the fence is the caller's): controls escaped."""
    return visible(text)


def html(text: object) -> str:
    """HTML text, quotes escaped too (safe in an attribute): controls escaped."""
    return _html.escape(visible(text), quote=True)


def json_text(dumped: str) -> str:
    """JSON text (`json.dumps(..., ensure_ascii=False)`, which leaves DEL, C1 and bidi controls
    raw) with those written as `\\uXXXX`: the same data, printable on a terminal."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def html_controls(markup: str) -> str:
    """HTML that is already markup (nbconvert's notebook) without raw control characters."""
    return visible(markup)


__all__ = [
    "CONTROL",
    "csv_cell",
    "html",
    "html_controls",
    "json_text",
    "markdown",
    "markdown_block",
    "rich_markup",
    "rich_text",
    "terminal",
    "terminal_line",
    "visible",
]
