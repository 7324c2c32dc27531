"""What a deployment carries so that it needs no package index for nngrade: the wheel of the
nngrade that is running, and the exact versions of its dependencies in this environment.

The Gradescope zip (`nngrade.gradescope`) puts both in its `dist/` folder; its `setup.sh`
installs nngrade from that wheel with the versions pinned by `constraints.txt`. The wheel is
found the way this nngrade was installed:

* from a wheel or an index (files in site-packages): the installed files are packed again into
  a wheel (`repack_installed`), the same files a student's install holds;
* from a source checkout (an editable install of a course's fork or nngrade's repository):
  the wheel is built from a copy of that checkout (`build_from_source`), so nothing is left
  in the checkout.

Either way the wheel is the package's, so it never holds a solution notebook or a hidden test
(pyproject.toml leaves them out; tests/packaging checks it).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from nngrade.errors import UsageError

DIST_NAME = "nngrade"
WHEEL_NAME = re.compile(r"nngrade-[0-9][^-]*-[^-]+-[^-]+-[^-]+\.whl")
# The dist-info files an installer writes, which are not part of the wheel.
_INSTALLER_FILES = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
# A fixed date for the files of a wheel packed or built here: the same nngrade, the same bytes.
_DATE = (2024, 1, 1, 0, 0, 0)
_EPOCH = "1704067200"
# What a copy of a source checkout leaves out before building, never part of the package:
# these folders at its top only (an assignment's own `tests/` is package data), and caches
# anywhere.
_NOT_SOURCE_TOP = {".git", ".venv", "venv", ".tox", "build", "dist", "tests", "benchmarks", "docs"}
_NOT_SOURCE_ANYWHERE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", "*.egg-info", ".*_cache", "node_modules"
)


def own_wheel(dest: Path) -> Path:
    """Write the wheel of the running nngrade into the folder `dest`; return its path."""
    dest.mkdir(parents=True, exist_ok=True)
    # Running from a source checkout (an editable install, or the tree on sys.path): build.
    if (source := _checkout_of_this_module()) is not None:
        return build_from_source(source, dest)
    try:
        dist = metadata.distribution(DIST_NAME)
    except metadata.PackageNotFoundError:
        dist = None
    here = Path(__file__).resolve()
    if dist is None or Path(dist.locate_file("nngrade/wheelhouse.py")).resolve() != here:
        raise UsageError("deploy.no_wheel_metadata", where=here.parent)
    return repack_installed(dist, dest)


def check_wheel(path: Path) -> Path:
    """`path` if it is an nngrade wheel that can be read; else a one-line UsageError."""
    path = Path(path)
    if not path.is_file():
        raise UsageError("deploy.wheel_missing", path=path)
    if not WHEEL_NAME.fullmatch(path.name) or not zipfile.is_zipfile(path):
        raise UsageError("deploy.not_a_wheel", path=path)
    return path


def pins(extras: tuple[str, ...] = ()) -> list[str]:
    """`name==version` for every distribution nngrade (with `extras`) needs, found in this
    environment: what the instructor has graded with. A dependency that is not installed
    here is left unpinned (pip then chooses)."""
    found: dict[str, str] = {}
    todo: list[tuple[str, tuple[str, ...]]] = [(DIST_NAME, extras)]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while todo:
        name, wanted = todo.pop()
        if (key := (_canonical(name), wanted)) in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if _canonical(name) != DIST_NAME:
            found[_canonical(dist.metadata["Name"])] = dist.version
        for line in dist.requires or []:
            requirement, extra_of = _parse_requirement(line, wanted)
            if requirement is not None:
                todo.append((requirement, extra_of))
    return [f"{name}=={version}" for name, version in sorted(found.items())]


def download_dependencies(
    wheel: Path, extras: str, dest: Path, constraints: list[str]
) -> list[Path]:
    """Download, from the index, the wheels of `wheel`'s dependencies at the `constraints`
    versions, for Gradescope's machines (Linux x86-64, manylinux) and this Python version;
    return their paths. The one step of a zip's making that needs the index."""
    dest.mkdir(parents=True, exist_ok=True)
    pinned = dest / "constraints.txt"
    pinned.write_text("".join(f"{line}\n" for line in constraints), encoding="utf-8")
    version = f"{sys.version_info.major}{sys.version_info.minor}"
    platforms = [f"manylinux_2_{n}_x86_64" for n in (17, 28, 34)] + ["manylinux2014_x86_64"]
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--only-binary", ":all:",
         *(a for p in platforms for a in ("--platform", p)),
         "--python-version", version, "--implementation", "cp", "--abi", f"cp{version}",
         "-c", str(pinned), "-d", str(dest / "wheels"), f"{wheel}{extras}"],
        capture_output=True, text=True, timeout=3600,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )  # fmt: skip
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["pip download failed"])[-1]
        raise UsageError("deploy.download_failed", reason=last)
    return sorted(p for p in (dest / "wheels").glob("*.whl") if p.name != wheel.name)


def build_from_source(source: Path, dest: Path) -> Path:
    """Build the wheel of the project at `source` (a copy of it, so the checkout stays as
    it is) into `dest`, offline: with this environment's build backend."""
    with tempfile.TemporaryDirectory(prefix="nngrade-wheel-") as tmp:
        copy = Path(tmp) / "src"

        def ignore(folder: str, names: list[str]) -> set[str]:
            top = _NOT_SOURCE_TOP if Path(folder) == source else set()
            return top.intersection(names) | _NOT_SOURCE_ANYWHERE(folder, names)

        shutil.copytree(source, copy, ignore=ignore, symlinks=False)
        out = Path(tmp) / "out"
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--no-index", "-q", str(copy), "-w", str(out)],
            capture_output=True, text=True, timeout=600,
            env={**os.environ, "SOURCE_DATE_EPOCH": _EPOCH, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )  # fmt: skip
        built = sorted(out.glob("nngrade-*.whl"))
        if proc.returncode != 0 or len(built) != 1:
            last = (proc.stderr.strip().splitlines() or ["no wheel written"])[-1]
            raise UsageError("deploy.build_failed", source=source, reason=last)
        target = dest / built[0].name
        shutil.copyfile(built[0], target)
    return target


def repack_installed(dist: metadata.Distribution, dest: Path) -> Path:
    """The wheel of an installed (not editable) nngrade, packed again from the files its
    RECORD lists: the package and its dist-info, without what the installer added (the
    console script, byte code, INSTALLER, direct_url.json)."""
    files = [f for f in dist.files or [] if _belongs_in_wheel(str(f))]
    info = next((f for f in files if str(f).endswith(".dist-info/WHEEL")), None)
    if info is None:
        raise UsageError("deploy.no_wheel_metadata", where=dist.locate_file(""))
    tags = [
        line.split(":", 1)[1].strip()
        for line in info.read_text(encoding="utf-8").splitlines()
        if line.startswith("Tag:")
    ]
    tag = tags[0] if tags else "py3-none-any"
    target = dest / f"nngrade-{dist.version}-{tag}.whl"
    dist_info = str(info).rsplit("/", 1)[0]
    record = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in sorted(files, key=str):
            data = Path(entry.locate()).read_bytes()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{entry},sha256={digest.decode()},{len(data)}")
            _write(archive, str(entry), data)
        record.append(f"{dist_info}/RECORD,,")
        _write(archive, f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode())
    return target


def _belongs_in_wheel(path: str) -> bool:
    parts = path.split("/")
    if parts[0] == ".." or "__pycache__" in parts or path.endswith((".pyc", ".pyo")):
        return False
    return not (parts[0].endswith(".dist-info") and parts[-1] in _INSTALLER_FILES)


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _checkout_of_this_module() -> Path | None:
    """The source checkout this module runs from (its `grader/` beside a pyproject.toml),
    or None when it runs from an installed package."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").is_file() else None


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse_requirement(line: str, extras: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """(the distribution a `Requires-Dist` line names, the extras it asks for), or (None, ())
    when its marker does not hold here for the extras wanted."""
    from packaging.requirements import Requirement

    requirement = Requirement(line)
    if requirement.marker is not None:
        environments = [{"extra": e} for e in extras] or [{"extra": ""}]
        if not any(requirement.marker.evaluate(env) for env in environments):
            return None, ()
    return requirement.name, tuple(sorted(requirement.extras))
