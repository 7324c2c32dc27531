"""JSON: `Results.to_dict()` as it is, for machines and for the gradebook.

The shape is described by `nngrade/results.schema.json` (JSON Schema 2020-12), versioned by
`nngrade.results.SCHEMA_VERSION` (the `schema_version` field). The derived scores (`score`,
`max_score`, each task's and test's `earned`) are in the data, so no consumer recomputes them.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from nngrade.render.safe_text import json_text
from nngrade.results import Results

if TYPE_CHECKING:
    from nngrade.render.formats import RenderOptions


def render_json(results: Results, options: RenderOptions | None = None) -> str:
    """The results as indented UTF-8 JSON (Korean messages stay readable, not `\\uXXXX`)."""
    return json_text(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))


def schema() -> dict[str, Any]:
    """The JSON Schema of `render_json`'s output, as shipped in the package."""
    text = resources.files("nngrade").joinpath("results.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
