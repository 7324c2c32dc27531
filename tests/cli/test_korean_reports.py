"""`--lang ko`: no English word a student reads, in any format (issue 12).

Each realistic fixture (lecture-style and template-style notebooks, failing ones, a `.py`
module, cell errors, time limits, a crash, `!pip`, a removed NumPy spelling) is graded once
through the CLI in Korean, writing every format. The words a student reads are taken out of
each format, and everything that is code or a name is set aside: code spans and blocks, an
exception's own `Name: message` and traceback, identifiers, the assignment's function and task
names, file names, numbers and units, and the small explicit allow-list below. What is left
must not hold a Latin word.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import tomllib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nngrade.render import formats as registry
from tests.helpers import HW6, ROOT, run_nngrade

FIXTURES = ROOT / "tests" / "cli" / "fixtures"

# format -> output file: every format of the registry (issue 23: a new one needs a reader
# in READERS below, or this test fails)
FORMATS = {name: f"report-{name}{fmt.suffix}" for name, fmt in registry.FORMATS.items()}

CASES = {  # name -> (submission, tight limits: also keeps the lecture's long training short)
    "lecture_near_misses": (FIXTURES / "lecture" / "lecture_near_misses.ipynb", False),
    "lecture_arguments_reordered": (
        FIXTURES / "lecture" / "lecture_arguments_reordered.ipynb",
        True,
    ),
    "template": (HW6 / "hw6.ipynb", False),
    "mistake_backprop_and_fit": (FIXTURES / "mistake_backprop_and_fit.ipynb", False),
    "syntax_error": (FIXTURES / "mistake_syntax_error.ipynb", False),
    "module": (FIXTURES / "hw6_module.py", False),
    "np_int": (FIXTURES / "issue13" / "ch6_lecture_npint.py", False),
    "magics": (FIXTURES / "magics.ipynb", False),
    "cheater": (FIXTURES / "cheater.ipynb", False),
    "endless_loss": (FIXTURES / "endless_loss.ipynb", True),
    "training_too_long": (FIXTURES / "issue13" / "module_training_too_long.py", True),
    # issue 21: a class MLP whose methods answer, with its notes and the classes mentioned
    "class_mlp": (ROOT / "tests" / "assignments" / "fixtures" / "own" / "hw6_class_mlp.py", False),
}

# Words that are names, not English: libraries, and the tool itself. Keep this short.
ALLOWED = {"nngrade", "numpy", "keras", "tensorflow", "jupyter", "python", "nan"}
# Python's own names that Korean sentences use as terms: `실수(float)`.
PYTHON_NAMES = {"float", "int", "None", "True", "False"}

LATIN_WORD = re.compile(r"(?<![\w.`/\\{(<=-])[A-Za-z][a-z]+(?:'[a-z]+)?(?![\w.`/\\(=>-])")
CODE_SPAN = re.compile(r"`[^`\n]*`")
# An exception's own name and message (Python's words, as the student's code raised them).
EXCEPTION_LINE = re.compile(
    r"`?\b[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning)\b`?:? ?.*$", re.M
)
# A traceback's frame line and the source lines under it (the student's code).
TRACEBACK = re.compile(
    r'^\s*(?:Traceback \(most recent call last\):|File ".*", line \d+.*)\n(?:\s{4,}.*\n?)*',
    re.M,
)
FILE_NAME = re.compile(r"[\w./<>-]+\.(?:ipynb|py|csv|json|sqlite|html|md|txt|xml|keras)\b")


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """hw6 with a 2-s cell limit and a 1-s call limit, so that time limits apply."""
    root = tmp_path_factory.mktemp("assignments")
    shutil.copytree(HW6, root / "hw6")
    toml = root / "hw6" / "assignment.toml"
    text = toml.read_text(encoding="utf-8").replace("[limits]\n", "[limits]\ncell_timeout = 2\n", 1)
    toml.write_text(text.replace("call_timeout = 10", "call_timeout = 1"), encoding="utf-8")
    return root


def names_of_hw6() -> set[str]:
    """The assignment's task and function names: code, whatever language the report is in."""
    data = tomllib.loads((HW6 / "assignment.toml").read_text(encoding="utf-8"))
    names = {"hw6"}
    for task in data["tasks"]:
        names.add(task["name"])
        names.update(task.get("names", ()))
        for params in re.findall(r"\w+\(([^)]*)\)", task["ko"]):  # `sigmoid_deriv(out)`
            names.update(p.strip() for p in params.split(","))
    return names


@pytest.mark.parametrize("case", sorted(CASES))
def test_korean_reports_have_no_english_words(case, tight, tmp_path):
    submission, is_tight = CASES[case]
    args: list[str | Path] = ["submit", submission, "--lang", "ko", "--seed", "7"]
    if submission.suffix == ".py" or case == "magics":
        args += ["--assignment", "hw6"]
    if is_tight:
        args += ["--assignments", tight]
    for fmt, name in FORMATS.items():
        args += ["-f", fmt, "-o", tmp_path / name]
    proc = run_nngrade(*args, env={"COLUMNS": "400"})  # a wide terminal: no line wrapped
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr  # nothing said in English on the side either

    results = json.loads((tmp_path / FORMATS["json"]).read_text(encoding="utf-8"))
    names = names_of_hw6() | {submission.stem}
    found = {}
    for fmt, name in FORMATS.items():
        text = READERS[fmt]((tmp_path / name).read_text(encoding="utf-8"))
        words = english_words(text, names)
        if words:
            found[fmt] = words
    assert not found, f"{case}: English in the Korean reports:\n" + "\n".join(
        f"  {fmt}: {line}" for fmt, lines in found.items() for line in lines
    )
    if case == "magics":  # the `!pip` note is there, in Korean
        assert any("`!pip install numpy`" in n and "실행하지" in n for n in results["notes"])


def english_words(text: str, names: set[str]) -> list[str]:
    """The lines of `text` that hold a Latin word outside code and names, each with its words."""
    text = TRACEBACK.sub("", text)
    text = EXCEPTION_LINE.sub("", text)
    text = CODE_SPAN.sub("", text)
    text = FILE_NAME.sub("", text)
    out = []
    for line in text.splitlines():
        if line.strip().startswith(("test_", "tests/", "hidden/")):
            continue  # a test's id
        words = [
            w
            for w in LATIN_WORD.findall(line)
            if w.lower() not in ALLOWED and w not in PYTHON_NAMES and w not in names
        ]
        if words:
            out.append(f"{words}: {line.strip()[:160]}")
    return out


# --- what a student reads, per format ----------------------------------------------------------


def _markdown(text: str) -> str:
    # Code blocks go, but not ```text ones: they hold nngrade's messages (kept verbatim).
    kept, fence = [], None
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fence = None if fence is not None else line.strip()[3:]
            continue
        if fence is None or fence == "text":
            kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"<[^>]+>", "", text)  # tags (<details>, <br>)
    return re.sub(r"\]\([^)]*\)", "]", text)  # link targets


class _Visible(HTMLParser):
    """The text of a page outside code, styles and scripts, and outside the student's own
    Markdown cells (their words, not nngrade's: the notebook is rendered in the page since
    issue 24; the banners nngrade puts between the cells are still read)."""

    SKIP = {"pre", "script", "style", "kbd", "samp", "math"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.divs: list[bool] = []  # per open <div>: whether it is a student's Markdown cell
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "div":
            student = "nb-markdown" in (dict(attrs).get("class") or "").split()
            self.divs.append(student)
            self.depth += student
        if tag == "code":
            self.parts.append("`")  # inline code stays marked as code
        elif tag in self.SKIP:
            self.depth += 1
        if tag in ("p", "li", "h1", "h2", "h3", "div", "tr", "br", "td", "th"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            self.depth -= self.divs.pop()
        if tag == "code":
            self.parts.append("`")
        elif tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.parts.append(data)


def _html(text: str) -> str:
    parser = _Visible()
    parser.feed(text)
    return "".join(parser.parts)


def _json(text: str) -> str:
    data = json.loads(text)
    parts = [data["title"], data.get("error") or "", *data["notes"]]
    for task in data["tasks"]:
        parts.append(task["description"])
        parts.extend(t["message"] for t in task["tests"])
    return "\n".join(parts)


def _junit(text: str) -> str:
    parts = []
    for element in ET.fromstring(text).iter():
        if element.tag in ("testsuite", "testsuites", "testcase", "property", "properties"):
            continue  # names and ids of tests and suites: code
        parts.append(element.get("message", ""))
        parts.append(element.text or "")
    return "\n".join(parts)


def _classroom(text: str) -> str:
    data = json.loads(base64.b64decode(text))
    return "\n".join(
        part for test in data["tests"] for part in (test["name"], test.get("message", ""))
    )


def _gradescope(text: str) -> str:
    data = json.loads(text)
    parts = [_markdown(data.get("output", ""))]
    for test in data["tests"]:
        parts += [test.get("name", ""), _markdown(test.get("output", ""))]
    return "\n".join(parts)


def _rich(text: str) -> str:
    """The terminal report with rich's wrapping undone: a line that starts at the left edge
    with a word continues the one before it."""
    lines: list[str] = []
    for line in text.splitlines():
        if lines and line[:1].isalnum() or line[:1] in "'(`":
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


READERS = {
    "rich": _rich,
    "json": _json,
    "junit": _junit,
    "classroom": _classroom,
    "gradescope": _gradescope,
    "markdown": _markdown,
    "html": _html,
}
