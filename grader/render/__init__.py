"""Renderers: one results model (`nngrade.results.Results`), many formats.

Each format is a module here with a pure function `render_<format>(results, ...) -> str`. No
renderer computes a score: they read `results.score`, `task.earned`, `test.earned`, ...

The registry names each renderer as "module:function" and imports it on first use, so
`import nngrade.render` stays cheap (`nngrade submit` start-up is measured) and one missing
optional piece never breaks the others.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from nngrade.results import Results

FORMATS: dict[str, str] = {
    "rich": "nngrade.render.terminal:render_terminal",
    "json": "nngrade.render.json:render_json",
    "junit": "nngrade.render.junit:render_junit",
    "classroom": "nngrade.render.classroom:render_classroom",
    "gradescope": "nngrade.render.gradescope:render_gradescope",
    "markdown": "nngrade.render.markdown:render_markdown",
    "html": "nngrade.render.html:render_html",
}
"""Format name -> "module:function" of its renderer."""

SUFFIXES: dict[str, str] = {
    "rich": ".txt",
    "json": ".json",
    "junit": ".xml",
    "classroom": ".b64",
    "gradescope": ".json",
    "markdown": ".md",
    "html": ".html",
}
"""The file suffix of each format, for writing one feedback file per submission."""


def renderer(fmt: str) -> Callable[..., Any]:
    """The render function of format `fmt`; ValueError names the known formats."""
    try:
        target = FORMATS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown format {fmt!r}; known formats: {known}") from None
    module, _, function = target.partition(":")
    return getattr(import_module(module), function)


def render(results: Results, fmt: str, **kwargs: Any) -> Any:
    """Render `results` as `fmt`, passing the format's own options (`notebook_path=`, ...)."""
    return renderer(fmt)(results, **kwargs)


__all__ = ["FORMATS", "SUFFIXES", "render", "renderer"]
