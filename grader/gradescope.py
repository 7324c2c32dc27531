"""Gradescope set-up: the autograder zip an instructor uploads.

The zip holds Gradescope's two entry points at its root (gradescope/autograder_samples,
docs/specs.md): `setup.sh`, run once when the image is built, installs nngrade (by default
the version that made the zip); and `run_autograder`, run per submission, grades
`/autograder/submission/<file>` with `nngrade submit --format gradescope` into
`/autograder/results/results.json`. Both scripts are templates in `nngrade/templates/`.

The assignment folder travels in the zip too, as `assignments/<id>/` (Gradescope unpacks the
zip into `/autograder/source`): `assignment.toml`, the visible tests, the hidden tests and the
data files, never the solution notebook. So an instructor's own assignment grades on
Gradescope exactly as on their machine, hidden tests included.
"""

from __future__ import annotations

import re
import shlex
import zipfile
from importlib import resources
from pathlib import Path

from nngrade import __version__
from nngrade.assignment import Assignment, find_assignment
from nngrade.errors import UsageError
from nngrade.messages import LANGUAGES

_ASSIGNMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Executable, readable by all: Gradescope runs both files as programs.
_EXECUTABLE = 0o100755 << 16
_READABLE = 0o100644 << 16
# A fixed date: the same assignment and spec always give the same bytes.
_DATE = (2024, 1, 1, 0, 0, 0)


def default_install_spec(assignment: Assignment | None = None) -> str:
    """`nngrade==<this version>`, with the keras extra for a TensorFlow assignment: a course
    keeps the grader it was set up with."""
    extra = "[keras]" if assignment is not None and assignment.needs_tensorflow else ""
    return f"nngrade{extra}=={__version__}"


def setup_sh(install_spec: str = "nngrade") -> str:
    """The `setup.sh` that installs nngrade with `pip install <install_spec>`."""
    args = shlex.split(install_spec)
    if not args:
        raise UsageError("the install spec is empty (e.g. 'nngrade==0.1.0')")
    return _template("gradescope_setup.sh").replace("@INSTALL_SPEC@", shlex.join(args))


def run_autograder(assignment_id: str, lang: str | None = None) -> str:
    """The `run_autograder` script that grades a submission as `assignment_id`, its report
    in `lang` (else the image's locale)."""
    if not _ASSIGNMENT_ID.fullmatch(assignment_id):
        raise UsageError(f"not an assignment id: {assignment_id!r}")
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"not a report language: {lang!r} ({' or '.join(LANGUAGES)})")
    return (
        _template("gradescope_run_autograder.sh")
        .replace("@ASSIGNMENT@", shlex.quote(assignment_id))
        .replace("@LANG_OPTION@", f"--lang {lang}" if lang else "")
        .replace("@VERSION@", shlex.quote(__version__))
    )


def assignment_files(assignment: Assignment) -> list[tuple[Path, str]]:
    """(file, its name in the zip) for the assignment folder: everything but the solution
    notebook, caches and dot-files."""
    root = assignment.path
    solution = assignment.solution.resolve()
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or path.resolve() == solution:
            continue
        if any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        files.append((path, "/".join(("assignments", assignment.id, *rel.parts))))
    return files


def build_autograder(
    assignment: Assignment | str,
    out_zip: Path,
    install_spec: str | None = None,
    *,
    lang: str | None = None,
) -> Path:
    """Write the autograder zip for `assignment` (an `Assignment`, or a built-in's id) to
    `out_zip`; return its path.

    install_spec: what `pip install` gets; by default this nngrade's own version
    (`default_install_spec`), so the zip grades the same next term.
    """
    if not isinstance(assignment, Assignment):
        assignment = find_assignment(assignment)
    if install_spec is None:
        install_spec = default_install_spec(assignment)
    out_zip = Path(out_zip)
    scripts = {
        "setup.sh": setup_sh(install_spec),
        "run_autograder": run_autograder(assignment.id, lang),
    }
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_zip, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in scripts.items():
            _write(archive, name, text.encode("utf-8"), _EXECUTABLE)
        for path, name in assignment_files(assignment):
            _write(archive, name, path.read_bytes(), _READABLE)
    return out_zip


def _write(archive: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.external_attr = mode
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _template(name: str) -> str:
    return resources.files("nngrade").joinpath("templates", name).read_text(encoding="utf-8")
