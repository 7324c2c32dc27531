"""Gradescope set-up: the autograder zip an instructor uploads.

The zip holds Gradescope's two entry points at its root (gradescope/autograder_samples,
docs/specs.md): `setup.sh`, run once when the image is built, installs nngrade; and
`run_autograder`, run per submission, grades `/autograder/submission/<file>` with
`nngrade submit --format gradescope` into `/autograder/results/results.json`. Both scripts
are templates in `nngrade/templates/`.

By default the zip needs no package index for nngrade: it carries, in `dist/`, the wheel of
the nngrade that made it (`nngrade.wheelhouse`) and `constraints.txt`, the exact versions of
its dependencies in the instructor's environment. `setup.sh` installs that wheel with those
versions, first from the zip alone (`--no-index --find-links dist`), and only if something is
not there, the pinned dependencies from the index. `--bundle-deps` puts the dependency wheels
in the zip too (for Gradescope's Linux x86-64 and this Python), so the image builds offline;
it is not the default because the zip then weighs what the dependencies weigh (51 MB for
hw6; about 600 MB more with TensorFlow) and holds binaries for one Python version. `--install SPEC`
installs `SPEC` from the index instead, as before.

The assignment folder travels in the zip too, as `assignments/<id>/` (Gradescope unpacks the
zip into `/autograder/source`): `assignment.toml`, the visible tests, the hidden tests and the
data files, never the solution notebook. So an instructor's own assignment grades on
Gradescope exactly as on their machine, hidden tests included.
"""

from __future__ import annotations

import re
import shlex
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from nngrade import __version__, wheelhouse
from nngrade.assignment import Assignment, find_assignment
from nngrade.errors import UsageError
from nngrade.messages import LANGUAGES, Text

_ASSIGNMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Executable, readable by all: Gradescope runs both files as programs.
_EXECUTABLE = 0o100755 << 16
_READABLE = 0o100644 << 16
# A fixed date: the same assignment and spec always give the same bytes.
_DATE = (2024, 1, 1, 0, 0, 0)


def default_install_spec(assignment: Assignment | None = None) -> str:
    """`nngrade==<this version>`, with the keras extra for a TensorFlow assignment: a course
    keeps the grader it was set up with."""
    return f"nngrade{extras_of(assignment)}=={__version__}"


def extras_of(assignment: Assignment | None) -> str:
    """The extras an assignment needs installed with nngrade: `[keras]` for TensorFlow."""
    return "[keras]" if assignment is not None and assignment.needs_tensorflow else ""


def setup_sh(install_spec: str | None = "nngrade", *, wheel: str = "", extras: str = "") -> str:
    """The `setup.sh` that installs nngrade: from the zip's `dist/<wheel>` (with `extras`,
    the versions pinned by `dist/constraints.txt`) when `wheel` is given, else with
    `pip install <install_spec>` from the index."""
    if wheel:
        if not re.fullmatch(r"nngrade-[A-Za-z0-9_.+!-]+\.whl", wheel):
            raise UsageError("deploy.not_wheel_name", value=wheel)
        if extras and not re.fullmatch(r"\[[a-z0-9,-]+\]", extras):
            raise UsageError("deploy.not_extras", value=extras)
        args: list[str] = []
    else:
        args = shlex.split(install_spec or "")
        if not args:
            raise UsageError("deploy.empty_install_spec")
    return (
        _template("gradescope_setup.sh")
        .replace("@INSTALL_SPEC@", shlex.join(args))
        .replace("@WHEEL@", shlex.quote(f"dist/{wheel}" if wheel else ""))
        .replace("@EXTRAS@", shlex.quote(extras))
    )


def run_autograder(assignment_id: str, lang: str | None = None) -> str:
    """The `run_autograder` script that grades a submission as `assignment_id`, its report
    in `lang` (else the image's locale)."""
    if not _ASSIGNMENT_ID.fullmatch(assignment_id):
        raise UsageError("deploy.not_assignment_id", value=assignment_id)
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(
            "deploy.not_report_language",
            value=lang,
            languages=Text(en=" or ".join(LANGUAGES), ko=" 또는 ".join(LANGUAGES)),
        )
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
    wheel: Path | None = None,
    bundle_deps: bool = False,
) -> Path:
    """Write the autograder zip for `assignment` (an `Assignment`, or a built-in's id) to
    `out_zip`; return its path.

    By default the zip carries nngrade as a wheel (`wheel`, else the running nngrade's,
    `wheelhouse.own_wheel`) and the pins of its dependencies; `bundle_deps` adds the
    dependency wheels themselves. install_spec: install that from the index instead.
    """
    if not isinstance(assignment, Assignment):
        assignment = find_assignment(assignment)
    out_zip = Path(out_zip)
    extras = extras_of(assignment)
    carried: list[tuple[str, bytes]] = []  # (name in the zip, bytes) of dist/
    with tempfile.TemporaryDirectory(prefix="nngrade-gradescope-") as tmp:
        if install_spec is None:
            built = wheelhouse.check_wheel(wheel) if wheel else wheelhouse.own_wheel(Path(tmp))
            pinned = wheelhouse.pins(_extra_names(extras))
            files = [built]
            if bundle_deps:
                deps = Path(tmp) / "deps"
                files += wheelhouse.download_dependencies(built, extras, deps, pinned)
            carried = [(f"dist/{f.name}", f.read_bytes()) for f in files]
            constraints = "".join(f"{pin}\n" for pin in pinned).encode()
            carried.append(("dist/constraints.txt", _CONSTRAINTS_HEAD + constraints))
            setup = setup_sh(wheel=built.name, extras=extras)
        else:
            setup = setup_sh(install_spec)
    scripts = {"setup.sh": setup, "run_autograder": run_autograder(assignment.id, lang)}
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_zip, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in scripts.items():
            _write(archive, name, text.encode("utf-8"), _EXECUTABLE)
        for name, data in carried:
            _write(archive, name, data, _READABLE)
        for path, name in assignment_files(assignment):
            _write(archive, name, path.read_bytes(), _READABLE)
    return out_zip


_CONSTRAINTS_HEAD = (
    b"# The versions of nngrade's dependencies that the instructor graded with (pip's\n"
    b"# constraints format): setup.sh installs nngrade's wheel with exactly these.\n"
)


def _extra_names(extras: str) -> tuple[str, ...]:
    return tuple(e for e in extras.strip("[]").split(",") if e)


def _write(archive: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.external_attr = mode
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _template(name: str) -> str:
    return resources.files("nngrade").joinpath("templates", name).read_text(encoding="utf-8")
