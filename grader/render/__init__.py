"""Renderers: one results model (`nngrade.results.Results`), many formats.

Each format is a module here with a pure function `render_<format>(results, options) -> str`,
registered as one `Format` line in `nngrade.render.formats.FORMATS`. No renderer computes a
score: they read `results.score`, `task.earned`, `test.earned`, ...
"""

from __future__ import annotations

from nngrade.render.formats import (
    FORMATS,
    SUFFIXES,
    Format,
    RenderFunction,
    RenderOptions,
    get,
    register,
)
from nngrade.results import Results


def renderer(fmt: str) -> RenderFunction:
    """The render function of format `fmt`; ValueError names the known formats."""
    return get(fmt).renderer()


def render(results: Results, fmt: str, options: RenderOptions | None = None) -> str | bytes:
    """Render `results` as `fmt` (see `RenderOptions` for what else a report may show)."""
    return get(fmt).render(results, options)


__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Format",
    "RenderOptions",
    "get",
    "register",
    "render",
    "renderer",
]
