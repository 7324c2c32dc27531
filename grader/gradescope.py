"""Gradescope set-up: the autograder zip an instructor uploads.

The zip holds Gradescope's two entry points at its root (gradescope/autograder_samples,
docs/specs.md): `setup.sh`, run once when the image is built, installs nngrade; and
`run_autograder`, run per submission, grades `/autograder/submission/<file>` with
`nngrade submit --format gradescope` into `/autograder/results/results.json`. Both scripts are
templates in `nngrade/templates/`.
"""

from __future__ import annotations

import re
import shlex
import zipfile
from importlib import resources
from pathlib import Path

from nngrade.errors import UsageError

_ASSIGNMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Executable, readable by all: Gradescope runs both files as programs.
_EXECUTABLE = 0o100755 << 16


def setup_sh(install_spec: str = "nngrade") -> str:
    """The `setup.sh` that installs nngrade with `pip install <install_spec>`."""
    args = shlex.split(install_spec)
    if not args:
        raise UsageError("the install spec is empty (e.g. 'nngrade==0.1.0')")
    return _template("gradescope_setup.sh").replace("@INSTALL_SPEC@", shlex.join(args))


def run_autograder(assignment_id: str) -> str:
    """The `run_autograder` script that grades a submission as `assignment_id`."""
    if not _ASSIGNMENT_ID.fullmatch(assignment_id):
        raise UsageError(f"not an assignment id: {assignment_id!r}")
    return _template("gradescope_run_autograder.sh").replace(
        "@ASSIGNMENT@", shlex.quote(assignment_id)
    )


def build_autograder(assignment_id: str, out_zip: Path, install_spec: str = "nngrade") -> Path:
    """Write the autograder zip for `assignment_id` to `out_zip`; return its path.

    install_spec: what `pip install` gets, e.g. `nngrade==0.1.0` (pin it: a course should
    not change graders mid-term) or `nngrade[keras]` for the Keras assignments.
    """
    out_zip = Path(out_zip)
    files = {
        "setup.sh": setup_sh(install_spec),
        "run_autograder": run_autograder(assignment_id),
    }
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_zip, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # A fixed date: the same assignment and spec always give the same bytes.
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = _EXECUTABLE
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return out_zip


def _template(name: str) -> str:
    return resources.files("nngrade").joinpath("templates", name).read_text(encoding="utf-8")
