"""Where the notebook being checked is, seen from inside its kernel.

What is graded is the notebook, not the kernel's state, so `find_notebook` looks for it in the
order that is surest:

1. Colab: the front end is asked for the notebook's JSON (`get_ipynb`, Colab's own request,
   the one its "Download .ipynb" uses); it is written to a file of this kernel's own.
2. VS Code: the kernel's `__vsc_ipynb_file__` names the file it has open.
3. Jupyter Server (JupyterLab, Notebook 7, classic Notebook): `JPY_SESSION_NAME`, which the
   server sets to the notebook's path when it starts the kernel; else the server's sessions API
   on this machine, asked which notebook has this kernel (its id is in the connection file).
4. Else the cells the kernel ran (`In`), in the order they ran, with a note saying so.

A file the front end has not saved is older than the cells the student ran; a note then says
that the saved file was graded and how to save it (`unsaved_note`).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COLAB_TIMEOUT = 20.0
"""Seconds to wait for Colab's front end to send the notebook (a big one takes a while)."""
SESSIONS_TIMEOUT = 2.0
"""Seconds to wait for a local Jupyter server's sessions API."""

# The lines that check the notebook from inside it: not part of the student's work.
_CHECK_LINE = re.compile(
    r"^\s*(?:import\s+nngrade\s*(?:#.*)?|(?:\w+\s*=\s*)?nngrade\.check\(.*\)\s*;?\s*(?:#.*)?|"
    r"%(?:re)?load_ext\s+nngrade\s*|%nngrade\b.*)$"
)


@dataclass
class Found:
    """A notebook to grade: a file the grading process can read, and what to tell about it."""

    path: Path
    origin: str
    """colab, vscode, jupyter (JPY_SESSION_NAME), server (the sessions API) or history."""
    shown_as: str
    """The name the report shows (Colab's notebook name, not the file it was copied to)."""
    notes: list[dict[str, Any]] = field(default_factory=list)
    """Notes for the report, as data: `{"key": ..., "fields": {...}}`."""


class NotFound(Exception):
    """No notebook and no executed cells: the one line says what to do."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields


def find_notebook(shell: Any) -> Found:
    """The notebook the kernel of `shell` (an IPython shell) belongs to; see the module."""
    if in_colab():
        return from_colab()
    namespace = getattr(shell, "user_ns", {}) or {}
    executed = executed_cells(shell)
    for origin, path in candidates(namespace):
        if path is not None and path.suffix == ".ipynb" and path.is_file():
            found = Found(path, origin, path.name)
            if note := unsaved_note(path, executed):
                found.notes.append(note)
            return found
    return from_history(executed)


def in_colab() -> bool:
    """Whether this kernel is Colab's: its shell is `google.colab`'s, or Colab's variables are
    set."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def candidates(namespace: dict[str, Any]) -> Iterator[tuple[str, Path | None]]:
    """(origin, path) in the order they are tried, each looked for only when the ones before
    it gave no notebook; a path is None when that way has none."""
    vsc = namespace.get("__vsc_ipynb_file__")
    if isinstance(vsc, str) and vsc:
        yield "vscode", Path(vsc)
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session:
        yield "jupyter", Path(session).expanduser()
    yield "server", from_sessions_api()


# -- Colab -------------------------------------------------------------------------------------


def from_colab() -> Found:
    """Ask Colab's front end for the notebook (its JSON, as "Download .ipynb" gives it) and
    write it to a file of this kernel's own, named as the notebook is in Colab."""
    from google.colab import _message  # type: ignore[import-not-found]

    try:
        reply = _message.blocking_request("get_ipynb", request="", timeout_sec=COLAB_TIMEOUT)
    except Exception as exc:  # Colab's MessageError: the front end answered with an error
        raise NotFound("check_colab_failed", why=f"{type(exc).__name__}: {exc}") from None
    if not isinstance(reply, dict) or not isinstance(reply.get("ipynb"), dict):
        raise NotFound("check_colab_silent", seconds=f"{COLAB_TIMEOUT:g}")
    nb = reply["ipynb"]
    meta = nb.get("metadata", {})
    name = meta.get("colab", {}).get("name") if isinstance(meta.get("colab"), dict) else None
    name = _safe_name(name if isinstance(name, str) else "") or "notebook.ipynb"
    path = own_folder() / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return Found(path, "colab", name)


def _safe_name(name: str) -> str:
    """A notebook name as a file name here: no folder, nothing but a name ending in .ipynb."""
    name = re.sub(r"[^\w.\- ]", "_", Path(name.replace("\\", "/")).name).strip(" .")
    if not name:
        return ""
    return name if name.lower().endswith(".ipynb") else name + ".ipynb"


_folder: Path | None = None


def own_folder() -> Path:
    """A folder of this kernel's own for the notebooks it writes (mode 0700), removed when
    the kernel ends."""
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="nngrade-check-"))
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    return _folder


# -- Jupyter Server ----------------------------------------------------------------------------


def kernel_id() -> str | None:
    """This kernel's id, from its connection file's name (`kernel-<id>.json`)."""
    try:
        from ipykernel.connect import get_connection_file

        name = Path(get_connection_file()).name
    except Exception:  # not an ipykernel kernel, or no connection file
        return None
    match = re.fullmatch(r"kernel-(.+)\.json", name)
    return match.group(1) if match else None


def running_servers() -> list[dict[str, Any]]:
    """The Jupyter servers of this user on this machine, from their runtime files."""
    try:
        from jupyter_core.paths import jupyter_runtime_dir

        runtime = Path(jupyter_runtime_dir())
    except Exception:
        return []
    servers = []
    for info in sorted(runtime.glob("jpserver-*.json")) + sorted(runtime.glob("nbserver-*.json")):
        try:
            servers.append(json.loads(info.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return servers


def from_sessions_api(kernel: str | None = None) -> Path | None:
    """The notebook whose session has this kernel, asked of each local Jupyter server."""
    import urllib.request  # only when this way is tried

    kernel = kernel or kernel_id()
    if kernel is None:
        return None
    for server in running_servers():
        url, root = server.get("url", ""), server.get("root_dir") or server.get("notebook_dir")
        if not (isinstance(url, str) and url.startswith(("http://127.0.0.1", "http://localhost"))):
            continue  # only a server on this machine is asked
        request = urllib.request.Request(url.rstrip("/") + "/api/sessions")
        if token := server.get("token"):
            request.add_header("Authorization", f"token {token}")
        try:
            with urllib.request.urlopen(request, timeout=SESSIONS_TIMEOUT) as response:
                sessions = json.loads(response.read())
        except (OSError, ValueError):
            continue
        for session in sessions if isinstance(sessions, list) else []:
            if (session.get("kernel") or {}).get("id") == kernel and root:
                return Path(root) / str(session.get("path", ""))
    return None


# -- the kernel's own cells --------------------------------------------------------------------


def executed_cells(shell: Any) -> list[str]:
    """The sources the kernel ran as the student typed them (`%magic` lines too), in order,
    this check's cell (the last) left out."""
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None)
    if not isinstance(history, list):
        history = (getattr(shell, "user_ns", None) or {}).get("In")
    if not isinstance(history, list):
        return []
    return [s for s in history[1:-1] if isinstance(s, str)]


def without_check_lines(source: str) -> str:
    """A cell's source without the lines that check the notebook (`nngrade.check()`, ...)."""
    return "\n".join(line for line in source.split("\n") if not _CHECK_LINE.match(line))


def from_history(executed: list[str]) -> Found:
    """The cells the kernel ran, as a notebook of this kernel's own, with a note."""
    cells = [c for c in (without_check_lines(s).strip() for s in executed) if c]
    if not cells:
        raise NotFound("check_nothing_to_grade")
    nb = {
        "nbformat": 4,
        "nbformat_minor": 4,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": c,
            }
            for c in cells
        ],
    }
    path = own_folder() / "kernel-cells.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    note = {"key": "check_history", "fields": {"n": len(cells)}}
    return Found(path, "history", "kernel-cells.ipynb", [note])


def unsaved_note(path: Path, executed: list[str], recent: int = 5) -> dict[str, Any] | None:
    """A note when one of the last `recent` cells the kernel ran is not in the saved file:
    the student changed the notebook since it was saved, and the file is what is graded."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8-sig"))
        sources = {
            _normal("".join(s) if isinstance(s := c.get("source", ""), list) else str(s))
            for c in nb.get("cells", [])
            if isinstance(c, dict) and c.get("cell_type") == "code"
        }
    except (OSError, ValueError, AttributeError):
        return None
    for source in executed[-recent:]:
        code = _normal(without_check_lines(source))
        if code and not any(code in saved for saved in sources):
            return {"key": "check_unsaved", "fields": {"name": path.name}}
    return None


def _normal(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().replace("\r\n", "\n").split("\n"))
