"""The output formats: each one `Format` object, all of them in one registry (`FORMATS`).

`nngrade submit --format NAME`, the feedback files of `nngrade grade` and the Gradescope
autograder (which runs `nngrade submit --format gradescope`) all find a format here, so adding
one is a module with its render function plus one `Format(...)` line in `FORMATS` (or a call to
`register` from a plug-in):

    Format("csv", ".csv", "nngrade.render.csv:render_csv", reads=(".csv",))

A format names its render function as "module:function" and imports it on first use, so
`import nngrade.render` stays cheap (`nngrade submit` start-up is measured) and one missing
optional piece never breaks the others. A format with `feedback=True` is also written as each
student's page by `nngrade grade` (`feedback/<student>.html`, `.md`).

A package of its own adds a format as pytest's plug-ins (`pytest11`) and httpie's do: an entry
point in the group `nngrade.formats`, named as the format, whose value is its `Format`:

    [project.entry-points."nngrade.formats"]
    csv = "nngrade_csv:FORMAT"

The installed packages' entry points are read only when a name or an `-o` suffix is not a
built-in format's (`importlib.metadata` costs start-up), and only that format's module is
imported. A render function takes the results and the
`RenderOptions` and returns the report as text (or bytes); it reads the results model and never
computes a score.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from nngrade.results import Results


@dataclass(frozen=True)
class RenderOptions:
    """What a report may need besides the results: the same for every format of one run."""

    source: Path | None = None
    """Where the submitted file can be read now: the HTML page shows it below the report.
    None: the page is the report alone."""
    terminal: bool = False
    """The report goes to the standard output: the terminal report then takes its width and
    colours as rich sees them (a terminal or a pipe, `NO_COLOR`, `FORCE_COLOR`, `COLUMNS`).
    False: plain text, 100 columns, for a file."""


class RenderFunction(Protocol):
    def __call__(self, results: Results, options: RenderOptions | None = None) -> str | bytes: ...


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    """What `--format` calls it."""
    suffix: str
    """The suffix of its files (`feedback/<student>.html`)."""
    function: str
    """"module:function" of its `RenderFunction`."""
    reads: tuple[str, ...] = ()
    """The suffixes of `-o FILE` that mean this format when no `--format` is given."""
    after_write: str | None = None
    """"module:function" called with (results, the rendered report) once it is written, for
    what a format does besides its file (Classroom: the `$GITHUB_OUTPUT` step output)."""
    records_grades: str | None = None
    """The step that records students' grades with this format ("the GitHub Classroom step"):
    `nngrade submit` for it refuses to run code it cannot confine unless `--allow-unconfined`.
    None: a student checking their own work, warned only."""
    feedback: bool = False
    """A page for a student: `nngrade grade` writes one in this format for each student
    (`feedback/<student><suffix>`)."""

    def renderer(self) -> RenderFunction:
        """The render function, imported on first use."""
        return _load(self.function)

    def render(self, results: Results, options: RenderOptions | None = None) -> str | bytes:
        """The report of `results` in this format."""
        return self.renderer()(results, options or RenderOptions())

    def write(
        self, results: Results, out: Path | None, options: RenderOptions | None = None
    ) -> None:
        """Render and write the report to `out` (its folders made), or to the standard output
        when `out` is None; then do what the format does after writing."""
        options = options or RenderOptions()
        if out is None:
            rendered = self.render(results, replace(options, terminal=True))
            if isinstance(rendered, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(rendered)
                sys.stdout.buffer.flush()
            else:
                sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
        else:
            rendered = self.render(results, replace(options, terminal=False))
            out.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(rendered, bytes):
                out.write_bytes(rendered)
            else:
                out.write_text(rendered, encoding="utf-8")
        if self.after_write is not None:
            _load(self.after_write)(results, rendered)


FORMATS: dict[str, Format] = {}
"""Format name -> its `Format`, in the order `--help` and error messages list them."""


def register(fmt: Format) -> Format:
    """Add `fmt` to the registry (replacing a format of the same name); return it."""
    FORMATS[fmt.name] = fmt
    return fmt


for _fmt in (
    # One line per format. -------------------------------------------------------------------
    Format("rich", ".txt", "nngrade.render.terminal:render_rich", reads=(".txt",)),
    Format("json", ".json", "nngrade.render.json:render_json", reads=(".json",)),
    Format("junit", ".xml", "nngrade.render.junit:render_junit", reads=(".xml",)),
    Format(
        "classroom",
        ".b64",
        "nngrade.render.classroom:render_classroom",
        after_write="nngrade.render.classroom:after_write",
        records_grades="the GitHub Classroom step",
    ),
    Format("gradescope", ".json", "nngrade.render.gradescope:render_gradescope"),
    Format(
        "markdown", ".md", "nngrade.render.markdown:render_markdown", reads=(".md",), feedback=True
    ),
    Format(
        "html", ".html", "nngrade.render.html:render_html", reads=(".html", ".htm"), feedback=True
    ),
):
    register(_fmt)


ENTRY_POINT_GROUP = "nngrade.formats"
"""The entry-point group in which installed packages declare their formats."""


def get(name: str) -> Format:
    """The format called `name`, a built-in one or an installed package's (its entry point
    loaded now); ValueError names the known formats."""
    fmt = FORMATS.get(name) or _plugin(name)
    if fmt is None:
        known = ", ".join(names(installed=True))
        raise ValueError(f"unknown format {name!r}; known formats: {known}")
    return fmt


def names(*, installed: bool = False) -> list[str]:
    """The names of the registered formats; with `installed`, those of the installed
    packages' entry points too (without importing them)."""
    listed = list(FORMATS)
    if installed:
        listed += [ep.name for ep in _entry_points() if ep.name not in FORMATS]
    return listed


class Names:
    """The `--format` choices: iterating gives the formats registered so far (argparse lists
    them at start-up, which must not read the installed packages), and after a name that is
    none of them, the installed packages' too (for the error); `in` also looks for an
    installed package's format of that name."""

    def __init__(self) -> None:
        self.missed = False

    def __iter__(self) -> Iterator[str]:
        return iter(names(installed=self.missed))

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str) and name in FORMATS:
            return True
        found = isinstance(name, str) and any(True for _ in _entry_points(name))
        self.missed = not found
        return found


def feedback_formats() -> list[Format]:
    """The formats `nngrade grade` writes a page in for each student (`feedback=True`)."""
    return [f for f in FORMATS.values() if f.feedback]


def for_suffix(suffix: str) -> Format | None:
    """The format that `-o FILE` with this suffix means (case ignored), if one does: a
    built-in one, else an installed package's."""
    suffix = suffix.lower()
    found = next((f for f in FORMATS.values() if suffix in f.reads), None)
    if found is None and _load_installed():
        found = next((f for f in FORMATS.values() if suffix in f.reads), None)
    return found


def read_suffixes() -> list[str]:
    """Every suffix `-o` can tell a format from."""
    return [s for f in FORMATS.values() for s in f.reads]


class _Suffixes(Mapping[str, str]):
    """Format name -> file suffix, always as registered now."""

    def __getitem__(self, name: str) -> str:
        return FORMATS[name].suffix

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


SUFFIXES: Mapping[str, str] = _Suffixes()
"""The file suffix of each format, for writing one feedback file per submission."""


def _load(target: str) -> Callable[..., object]:
    module, _, function = target.partition(":")
    return getattr(import_module(module), function)


def _entry_points(name: str | None = None) -> list[EntryPoint]:
    """The `nngrade.formats` entry points of the installed packages (named `name`, if given)."""
    from importlib.metadata import entry_points

    found = entry_points(group=ENTRY_POINT_GROUP)
    return [ep for ep in found if name is None or ep.name == name]


def _plugin(name: str) -> Format | None:
    """Register and return the format an installed package declares as `name`, if one does.
    Raises UsageError (one line) when its entry point cannot be loaded or is not a Format."""
    for ep in _entry_points(name):
        return register(_plugin_format(ep))
    return None


def _plugin_format(ep: EntryPoint) -> Format:
    from nngrade.errors import UsageError
    from nngrade.results import Note

    try:
        fmt = ep.load()
    except Exception as exc:  # a broken plug-in is one line, never a traceback
        why = f"{type(exc).__name__}: {exc}"
        raise UsageError("formats.plugin_broken", name=ep.name, value=ep.value, why=why) from None
    if not isinstance(fmt, Format) or fmt.name != ep.name:
        why = Note("formats.plugin_not_format", {"name": ep.name})
        raise UsageError("formats.plugin_broken", name=ep.name, value=ep.value, why=why)
    return fmt


def _load_installed() -> bool:
    """Register every installed package's format not registered yet; whether any was."""
    new = [ep for ep in _entry_points() if ep.name not in FORMATS]
    for ep in new:
        register(_plugin_format(ep))
    return bool(new)


__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Format",
    "RenderFunction",
    "RenderOptions",
    "ENTRY_POINT_GROUP",
    "Names",
    "feedback_formats",
    "for_suffix",
    "get",
    "names",
    "read_suffixes",
    "register",
]
