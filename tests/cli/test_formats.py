"""Output formats as `nngrade submit` writes them: one registry, one `Format` per format."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from nngrade.render.formats import FORMATS, Format, RenderOptions, for_suffix, get, register
from tests.helpers import HW6, run_nngrade

FIXTURES = Path(__file__).parent / "fixtures"

# A format of our own: one module with its render function and its after-write step ...
TINY_FORMAT = '''
"""One line per run: assignment, score, max."""

from pathlib import Path


def render_tiny(results, options=None):
    return f"{results.assignment} {results.score:g}/{results.max_score:g}"


def after_write(results, rendered):
    Path("after-write.txt").write_text("after " + rendered, encoding="utf-8")
'''
# ... and one registry line.
REGISTRY_LINE = (
    'Format("tiny", ".tiny", "tinyformat:render_tiny", reads=(".tiny",),'
    ' after_write="tinyformat:after_write")'
)


def run_with_tiny_format(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess:
    """`nngrade ARGS` in a Python where the tiny format is registered, as a plug-in would."""
    (tmp_path / "tinyformat.py").write_text(TINY_FORMAT, encoding="utf-8")
    program = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from nngrade.render.formats import Format, register
        register({REGISTRY_LINE})
        from nngrade.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", program, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "NO_COLOR": "1"},
        timeout=300,
    )


def test_a_new_format_is_one_module_and_one_registry_line(tmp_path):
    solution = HW6 / "solution.ipynb"
    by_name = run_with_tiny_format(tmp_path, "submit", solution, "--seed", "1", "-f", "tiny")
    assert by_name.returncode == 0, by_name.stderr
    assert by_name.stdout == "hw6 14/14\n"
    assert (tmp_path / "after-write.txt").read_text(encoding="utf-8") == "after hw6 14/14"

    # Its suffix names it for -o, beside the built-in formats of the same run. (-o makes no
    # folder since issue 24: a typo in it must not make one.)
    (tmp_path / "out").mkdir()
    by_suffix = run_with_tiny_format(
        tmp_path, "submit", solution, "--seed", "1", "-o", "out/r.tiny", "-o", "r.json"
    )
    assert by_suffix.returncode == 0, by_suffix.stderr
    assert (tmp_path / "out" / "r.tiny").read_text(encoding="utf-8") == "hw6 14/14"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["score"] == 14


def test_unknown_suffix_lists_the_suffixes_of_the_registry(tmp_path):
    proc = run_nngrade("submit", HW6 / "solution.ipynb", "-o", tmp_path / "r.yaml")
    assert proc.returncode == 2
    assert "known: .txt, .json, .xml, .md, .html, .htm" in proc.stderr
    assert not (tmp_path / "r.yaml").exists()


def test_registry_api():
    assert get("json").suffix == ".json" and for_suffix(".HTML") is get("html")
    assert for_suffix(".b64") is None  # the Classroom output is never guessed from a name
    fmt = register(Format("upper", ".up", "nngrade.render.json:render_json"))
    try:
        assert FORMATS["upper"] is fmt
        from nngrade.render import SUFFIXES, renderer

        assert SUFFIXES["upper"] == ".up" and callable(renderer("upper"))
    finally:
        del FORMATS["upper"]


def test_html_page_marks_the_cells_from_the_results_alone(tmp_path):
    """The results name each task's cells, so the page needs nothing but them and the file."""
    notebook = FIXTURES / "mistake_missing_bias.ipynb"
    proc = run_nngrade(
        "submit", notebook, "--seed", "2", "--lang", "en",
        "-o", tmp_path / "r.json", "-o", tmp_path / "page.html",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    failing = [t["name"] for t in results["tasks"] if t["earned"] < t["points"]]
    assert failing and set(results["task_cells"]) >= set(failing)
    page = html.unescape((tmp_path / "page.html").read_text(encoding="utf-8"))
    marked = {int(c) for c in re.findall(r'<div class="marker" id="cell-(\d+)">', page)}
    for task in failing:
        assert set(results["task_cells"][task]) <= marked, task


def test_terminal_report_is_plain_in_a_file_and_as_rich_prints_it_on_standard_output(tmp_path):
    from nngrade.engine import error_results
    from nngrade.render.terminal import render_rich

    plain = render_rich(error_results(Path("hw6.ipynb"), "no such file"), RenderOptions())
    assert "\x1b[" not in plain and "no such file" in plain
    assert max(len(line) for line in plain.splitlines()) <= 100

    solution = HW6 / "solution.ipynb"
    piped = run_nngrade("submit", solution, "--seed", "1", env={"FORCE_COLOR": ""})
    assert piped.returncode == 0 and "\x1b[" not in piped.stdout
    assert "Score: 14/14" in piped.stdout
    forced = run_nngrade("submit", solution, "--seed", "1", env={"FORCE_COLOR": "1"})
    assert forced.returncode == 0 and "\x1b[1m" in forced.stdout  # bold: NO_COLOR keeps it
