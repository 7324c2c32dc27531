"""A fresh Python environment that can reach no package index, as a CI runner or a Gradescope
image would be once its dependencies are installed: this environment's packages seen through
a folder of links, nngrade's own files left out, so only a wheel can bring nngrade."""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path


def installed_without_nngrade(tmp_path: Path) -> Path:
    """A folder showing this environment's installed packages, nngrade's own files left out
    (its editable finder, its dist-info): the image's pre-installed dependencies."""
    view = tmp_path / "preinstalled"
    view.mkdir()
    for folder in map(Path, site.getsitepackages()):
        for entry in folder.iterdir():
            name = entry.name.lower()
            if name.startswith(("nngrade", "__editable__")) or name.endswith(".pth"):
                continue
            if not (view / entry.name).exists():
                (view / entry.name).symlink_to(entry)
    return view


def offline_environment(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """(a new virtual environment, the variables to run in it): its `bin/` first on PATH with
    a `pip` command, pip forbidden to reach any index and reading no configuration, and an
    `apt-get` that fails (and says it was called)."""
    venv = tmp_path / "image"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "preinstalled.pth").write_text(f"{installed_without_nngrade(tmp_path)}\n")
    (venv / "bin" / "pip").write_text(f'#!/bin/sh\nexec "{python}" -m pip "$@"\n')
    (venv / "bin" / "pip").chmod(0o755)
    no_apt = tmp_path / "no-apt"
    no_apt.mkdir()
    (no_apt / "apt-get").write_text("#!/bin/sh\necho apt-get called >&2\nexit 1\n")
    (no_apt / "apt-get").chmod(0o755)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "NNGRADE_", "VIRTUAL_ENV", "PYTHON"))
    }
    env.update(
        PATH=os.pathsep.join([str(venv / "bin"), str(no_apt), env["PATH"]]),
        PIP_NO_INDEX="1",
        PIP_CONFIG_FILE=os.devnull,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        NO_COLOR="1",
    )
    return venv, env


def nngrade_location(venv: Path, env: dict[str, str]) -> str:
    """Where the environment's `import nngrade` comes from."""
    return subprocess.run(
        [venv / "bin" / "python", "-c", "import nngrade; print(nngrade.__file__)"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
