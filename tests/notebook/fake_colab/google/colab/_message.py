"""A stand-in for `google.colab._message`: answers the front-end requests as Colab does.

Colab's `blocking_request(request_type, request='', timeout_sec=5, parent=None)` sends a
`colab_request` to the browser and returns the `data` of its `colab_reply`, or None when no
reply came within `timeout_sec`; an `error` in the reply raises `MessageError`. For
`get_ipynb`, the data is `{"ipynb": notebook}`: the notebook as the browser has it (unsaved
edits included), in Colab's shape: nbformat 4.0, each source a list of lines, a
`metadata.colab.name` with the notebook's name and an `id` in each cell's metadata.

Here the "browser's notebook" is the file named by FAKE_COLAB_NOTEBOOK, and
FAKE_COLAB_NAME is the name Colab shows (default: the file's name). FAKE_COLAB_SILENT=1 makes
the front end never answer.
"""

import json
import os
import time
import uuid


class MessageError(Exception):
    """Thrown on error response from frontend."""


def _colab_shape(nb, name):
    cells = []
    for cell in nb["cells"]:
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        out = {
            "cell_type": cell["cell_type"],
            "metadata": {"id": uuid.uuid4().hex[:12]},
            "source": source.splitlines(keepends=True),
        }
        if cell["cell_type"] == "code":
            out["execution_count"] = None
            out["outputs"] = []
        cells.append(out)
    return {
        "nbformat": 4,
        "nbformat_minor": 0,
        "metadata": {
            "colab": {"provenance": [], "name": name},
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        },
        "cells": cells,
    }


def blocking_request(request_type, request="", timeout_sec=5, parent=None):
    if request_type != "get_ipynb":
        raise MessageError({"type": "unknown request", "description": request_type})
    if os.environ.get("FAKE_COLAB_SILENT") == "1":
        time.sleep(min(timeout_sec or 0, 0.2))
        return None
    path = os.environ["FAKE_COLAB_NOTEBOOK"]
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    name = os.environ.get("FAKE_COLAB_NAME") or os.path.basename(path)
    return {"ipynb": _colab_shape(nb, name)}
