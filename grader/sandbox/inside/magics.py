"""IPython syntax in a cell (`%magic`, `!cmd`), inside the worker, without running commands.

A cell is compiled as plain Python first: nearly all are, and then nothing else happens. If
it does not compile, the lines that need no IPython are handled here (`%matplotlib`,
`%config`, `%load_ext`, ... are dropped; `!cmd`, `%pip`, `%conda` are dropped with a note for
the student). If the cell still does not compile and IPython would read it as it is (no
escape, prompt, `?` or leading indent, more than one line: `ipython_may_read`), the error is
the student's own and is raised here, as IPython's shell would raise it. Only otherwise is
IPython imported (0.35 s; a pool's fork server imports it too once a worker needed it) to
transform the cell. The IPython shell is set up so that no shell command can run: `system`,
`getoutput` and the shell and package magics do nothing but leave a note.

Loaded by path in the worker: imports nothing from nngrade.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field
from typing import Any

PACKAGE_MAGICS = frozenset({"pip", "conda", "mamba", "micromamba", "uv"})
SHELL_MAGICS = frozenset({"sx", "system", "sc"})
SILENT_MAGICS = frozenset(
    {"matplotlib", "config", "load_ext", "reload_ext", "unload_ext", "autoreload", "aimport",
     "nngrade"}
)  # fmt: skip
"""Dropped without a note: they only set up the notebook front end."""
SHELL_CELL_MAGICS = frozenset(
    {"bash", "sh", "script", "system", "!", "sx", "perl", "ruby", "python2", "python3", "pypy",
     "cmd", "powershell"}
)  # fmt: skip

# issue 25: the lines that check the notebook from inside it (`import nngrade`,
# `nngrade.check(...)`) are the front end's too: the worker, which must not import nngrade,
# passes over them instead of recording an ImportError for the cell.
_CHECK_LINE = re.compile(
    r"^[ \t]*(?:import[ \t]+nngrade|(?:\w+[ \t]*=[ \t]*)?nngrade\.check\(.*\)[ \t]*;?)"
    r"[ \t]*(?:#.*)?$"
)


def strip_check_lines(source: str) -> str:
    """`source` with each line that only checks the notebook replaced by `pass`."""
    if "nngrade" not in source:  # nearly every cell: nothing to look at
        return source
    lines = source.split("\n")
    for i, line in enumerate(lines):
        if _CHECK_LINE.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = indent + "pass"
    return "\n".join(lines)


# Why a line was not run. A note is data (`_note`); the grader checks it and nngrade's
# catalog has its words (`note.install_not_run`, `note.shell_not_run`, ...).
INSTALL_NOTE = "install"
SHELL_NOTE = "shell"
CELL_MAGIC_NOTE = "cell_magic"


@dataclass
class Prepared:
    """A cell made ready to compile: Python source, notes for the student, and how it was made."""

    source: str
    notes: list[dict[str, Any]] = field(default_factory=list)
    via_ipython: bool = False


def _note(cell: int, line: int | None, text: str, why: str) -> dict[str, Any]:
    """A note for the student, as data: where, the code that was not run, and why."""
    return {"cell": cell, "line": line or 0, "code": text.strip(), "why": why}


def _first_word(text: str) -> str:
    words = text.split(None, 1)
    return words[0] if words else ""


def strip_front_end_lines(source: str, cell: int) -> tuple[str, list[str], bool]:
    """Replace the IPython lines that need no IPython with `pass` (keeping line numbers).

    Returns (source, notes, needs_ipython). A `%%` cell magic or another `%magic` needs
    IPython; a shell cell magic (`%%bash`) makes the whole cell a no-op with a note.
    """
    lines = source.split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("%%"):
        word = _first_word(first[2:])
        if word in SHELL_CELL_MAGICS:
            return "", [_note(cell, None, "%%" + word, CELL_MAGIC_NOTE)], False
    notes: list[dict[str, Any]] = []
    needs_ipython = first.startswith("%%")
    out = []
    for number, line in enumerate(lines, start=1):
        text = line.lstrip()
        indent = line[: len(line) - len(text)]
        if text.startswith("!"):
            word = _first_word(text[1:])
            why = (
                INSTALL_NOTE
                if word in PACKAGE_MAGICS or text[1:].lstrip().startswith("python -m pip")
                else SHELL_NOTE
            )
            notes.append(_note(cell, number, text, why))
            out.append(indent + "pass")
            continue
        if text.startswith("%") and not text.startswith("%%"):
            word = _first_word(text[1:])
            if word in PACKAGE_MAGICS:
                notes.append(_note(cell, number, text, INSTALL_NOTE))
                out.append(indent + "pass")
                continue
            if word in SHELL_MAGICS:
                notes.append(_note(cell, number, text, SHELL_NOTE))
                out.append(indent + "pass")
                continue
            if word in SILENT_MAGICS:
                out.append(indent + "pass")
                continue
            needs_ipython = True
        out.append(line)
    return "\n".join(out), notes, needs_ipython


_PROMPT = re.compile(r"^(>>>|\.\.\.)( |$)|^((\[nav\]|\[ins\])? )?In \[\d+\]: |^\s*\.{3,}: ?", re.M)
_ESCAPE_FIRST = re.compile(r"^[ \t]*[/%,!;?]|=[ \t]*[%!]", re.M)


def ipython_may_read(source: str) -> bool:
    """Whether IPython's cell transform may change `source`, a cell that is not Python: False
    only when it would hand the cell back unchanged (with a final newline), so that the
    SyntaxError is the cell's own and IPython need not be imported (0.35 s) to say so.

    Conservative: True for one line (IPython's automagic: `pip install numpy`), a first line
    that is blank or indented, a prompt (`>>> `, `In [3]: `, `...: `), a line that starts
    with an escape (`%`, `!`, `?`, `/`, `,`, `;`), `= %` or `= !`, and any `?` (`np.sum?`)."""
    lines = source.splitlines()
    if len([line for line in lines if line.strip()]) <= 1:
        return True
    if not lines[0].strip() or lines[0][:1] in (" ", "\t"):
        return True
    return "?" in source or bool(_PROMPT.search(source) or _ESCAPE_FIRST.search(source))


def _tokenize_as_ipython_does(source: str) -> None:
    """Tokenize `source` as IPython's cell transform does before it hands a cell back: its
    IndentationError (an unindent that matches no outer level) is the one IPython's shell
    raises, before the compiler's; an unfinished string or bracket is not."""
    import tokenize

    try:
        for _ in tokenize.generate_tokens(iter(source.splitlines(keepends=True)).__next__):
            pass
    except tokenize.TokenError:
        pass


class Syntax:
    """Turns a cell's text into Python, with an IPython shell made only when a cell needs one."""

    def __init__(self, module: types.ModuleType, shell: Any = None) -> None:
        self.module = module
        self.shell = shell
        self.cell = 0
        self.runtime_notes: list[dict[str, Any]] = []
        self._made_shell = False
        if shell is not None:
            neutralise(shell, self)

    def prepare(self, source: str, cell: int, filename: str) -> tuple[Any, Prepared]:
        """Return (code object, Prepared); raises SyntaxError if the cell is not valid anyway."""
        self.cell = cell
        source = strip_check_lines(source)
        try:
            return compile(source, filename, "exec"), Prepared(source)
        except SyntaxError as plain_error:
            stripped, notes, needs_ipython = strip_front_end_lines(source, cell)
            if not needs_ipython:
                try:
                    return compile(stripped, filename, "exec"), Prepared(stripped, notes)
                except SyntaxError:
                    pass
                if not ipython_may_read(stripped):
                    # A Python mistake: IPython would hand it back as it is, with a newline,
                    # after its tokenizer had its say on the indentation.
                    ended = stripped if stripped.endswith("\n") else stripped + "\n"
                    _tokenize_as_ipython_does(ended)
                    return compile(ended, filename, "exec"), Prepared(ended, notes)
            shell = self.ensure_shell()
            if shell is None:
                raise plain_error from None
            transformed = shell.transform_cell(stripped)
            return compile(transformed, filename, "exec"), Prepared(transformed, notes, True)

    def ensure_shell(self) -> Any:
        """The IPython shell for this worker, made now if need be (None if IPython is missing)."""
        if self.shell is None:
            try:
                self.shell = make_shell(self.module)
            except ImportError:
                return None
            neutralise(self.shell, self)
            self._made_shell = True
        return self.shell

    def take_made_shell(self) -> bool:
        """Whether this worker made its IPython shell since the last call (once)."""
        made, self._made_shell = self._made_shell, False
        return made

    def take_runtime_notes(self) -> list[dict[str, Any]]:
        notes, self.runtime_notes = self.runtime_notes, []
        return notes


def make_shell(module: types.ModuleType) -> Any:
    """An IPython InteractiveShell on `module`, with history off (no sqlite, no thread)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config, user_module=module)


def neutralise(shell: Any, syntax: Syntax) -> None:
    """Make every way IPython has to run a shell command or an installer do nothing but note it."""

    def not_run(command: str, why: str = SHELL_NOTE) -> None:
        note = _note(syntax.cell, None, command, why)
        if note not in syntax.runtime_notes:
            syntax.runtime_notes.append(note)

    def system(cmd: str) -> None:
        word = _first_word(cmd)
        not_run("!" + cmd, INSTALL_NOTE if word in PACKAGE_MAGICS else SHELL_NOTE)

    def getoutput(cmd: str, split: bool = True, depth: int = 0) -> list[str]:
        not_run("!" + cmd)
        return []

    shell.system = system
    shell.system_piped = system
    shell.system_raw = system
    shell.getoutput = getoutput
    for name in PACKAGE_MAGICS:
        shell.register_magic_function(
            lambda line, _n=name: not_run(f"%{_n} {line}", INSTALL_NOTE), "line", name
        )
    for name in SHELL_MAGICS:
        shell.register_magic_function(lambda line, _n=name: not_run(f"%{_n} {line}"), "line", name)
    # The other silent magics never reach IPython (strip_front_end_lines drops them), and
    # registering a function called "config" would clobber a traitlets attribute.
    shell.register_magic_function(lambda line: None, "line", "matplotlib")
    for name in SHELL_CELL_MAGICS:
        shell.register_magic_function(
            lambda line, cell, _n=name: not_run(f"%%{_n} {line}"), "cell", name
        )
