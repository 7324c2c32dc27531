"""Where bubblewrap cannot run and nngrade runs as root (Gradescope's containers, Docker without
privileges), each worker runs as a dedicated unprivileged uid, and nothing secret is readable
by it (issue 22). Simulated with NNGRADE_FORCE_UNCONFINED=1, as root (as CI runs).

The course sits where Gradescope unpacks it: a folder every user may enter, files readable by
all (`/autograder/source` after the zip is unpacked). A random marker is planted in a hidden
test, in the solution and in a classmate's submission; `walker.py` answers the assignment,
then reads every regular file it can open, walking / except /proc and /sys, and says in its
own error how many files it read and which markers it found. Before issue 22 it found the
hidden test's marker in the course folder."""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from nngrade.sandbox import bwrap
from tests.helpers import run_nngrade

FIXTURES = Path(__file__).parent / "fixtures"
WALKER = FIXTURES / "submissions_scale" / "walker.py"
LOOKUP = FIXTURES / "submissions_scale" / "lookup.ipynb"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or os.geteuid() != 0,
        reason="uid confinement: nngrade run as root on Linux",
    ),
]
NO_BWRAP = {bwrap.FORCE_UNCONFINED_VAR: "1", "NNGRADE_ALLOW_UNCONFINED": ""}
SEARCHED = re.compile(r"searched (\d+) files; markers found: \[(.*?)\]")


@pytest.fixture
def layout() -> Iterator[tuple[Path, str]]:
    """A Gradescope-like root (mode 755) with the course in source/assignments/scale, its
    hidden test and solution carrying a fresh marker; yields (root, marker)."""
    marker = "NNGRADE-SECRET-" + secrets.token_hex(16)
    root = Path(tempfile.mkdtemp(prefix="nngrade-autograder-"))
    os.chmod(root, 0o755)
    try:
        scale = root / "source" / "assignments" / "scale"
        shutil.copytree(FIXTURES / "course" / "scale", scale)
        for folder in (root / "source", root / "source" / "assignments"):
            os.chmod(folder, 0o755)
        hidden = scale / "hidden" / "test_hidden_scale.py"
        hidden.write_text(f"# {marker}\n" + hidden.read_text(encoding="utf-8"), encoding="utf-8")
        solution = scale / "solution.ipynb"
        notebook = json.loads(solution.read_text(encoding="utf-8"))
        notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [marker]})
        solution.write_text(json.dumps(notebook), encoding="utf-8")
        toml = scale / "assignment.toml"  # reading the whole machine takes ~25 s here
        toml.write_text(
            toml.read_text(encoding="utf-8")
            + "\n[limits]\ncell_timeout = 150\nnotebook_timeout = 200\n",
            encoding="utf-8",
        )
        for path in scale.rglob("*"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        yield root, marker
    finally:
        shutil.rmtree(root, ignore_errors=True)


def searched(text: str) -> tuple[int, str]:
    """(files the walker read, the markers it found) from its error."""
    m = SEARCHED.search(text)
    assert m, text[-2000:]
    return int(m.group(1)), m.group(2)


def test_a_submission_reading_every_file_finds_no_hidden_test_in_submit(layout):
    root, marker = layout
    hidden = root / "source" / "assignments" / "scale" / "hidden"
    proc = run_nngrade(
        "submit", WALKER, "--assignment", "scale", "--assignments", root / "source" / "assignments",
        "--format", "json", "--seed", "3", env=NO_BWRAP, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    (error,) = results["cell_errors"]
    read, found = searched(error["evalue"])
    assert read > 1000  # it did search the machine
    assert marker not in found
    assert results["confinement"] == "uid"
    assert (results["score"], results["max_score"]) == (5, 5)  # the hidden tests still ran
    # The modes are given back once grading is over.
    assert stat.S_IMODE(os.stat(hidden).st_mode) == 0o755


def test_a_submission_reading_every_file_finds_no_secret_in_grade_j2(layout):
    root, marker = layout
    klass = root / "class"
    klass.mkdir(mode=0o755)
    shutil.copy(WALKER, klass / "walker_scale.py")
    classmate = json.loads(LOOKUP.read_text(encoding="utf-8"))
    classmate["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [marker]})
    (klass / "lee_scale.ipynb").write_text(json.dumps(classmate), encoding="utf-8")
    out = root / "out"
    out.mkdir(mode=0o755)  # an --out folder that exists keeps its mode: others may enter it
    proc = run_nngrade(
        "grade", "scale", klass, "--assignments", root / "source" / "assignments", "-j", "2",
        "--out", out, "--seed", "3", "--allow-unconfined", env=NO_BWRAP, timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    page = (out / "feedback" / "walker.md").read_text(encoding="utf-8")
    read, found = searched(page)
    assert read > 1000
    assert marker not in found
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert {row["confinement"] for row in rows.values()} == {"uid"}
    assert "Confinement: uid (" in page
    assert stat.S_IMODE(os.stat(klass).st_mode) == 0o755


def test_the_gradescope_output_says_how_the_code_was_confined(layout, tmp_path):
    root, _ = layout
    out = tmp_path / "results.json"
    proc = run_nngrade(
        "submit", LOOKUP, "--assignment", "scale", "--assignments", root / "source" / "assignments",
        "--format", "gradescope", "-o", out, "--lang", "en", env=NO_BWRAP,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["extra_data"]["nngrade"]["confinement"] == "uid"
    assert "Confinement: uid (a dedicated unprivileged user" in result["output"]
    assert result["score"] == 4  # lookup fails the hidden test: the hidden tests ran


HOLD = """
import sys
from nngrade.sandbox import uidjail
held = uidjail.seal([sys.argv[1]])
print(len(held), flush=True)
if sys.argv[2] == "release":
    uidjail.release(held)
else:
    sys.stdin.readline()  # held until the test kills it
"""


def test_a_secret_stays_sealed_while_any_nngrade_still_holds_it(monkeypatch):
    import signal
    import subprocess

    from nngrade.sandbox import uidjail

    monkeypatch.setenv(bwrap.FORCE_UNCONFINED_VAR, "1")
    root = Path(tempfile.mkdtemp(prefix="nngrade-seal-"))
    try:
        os.chmod(root, 0o755)
        hidden = root / "hidden"
        hidden.mkdir(mode=0o755)

        def other(how: str) -> subprocess.Popen:
            return subprocess.Popen(
                [sys.executable, "-c", HOLD, str(hidden), how],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                env={**os.environ, bwrap.FORCE_UNCONFINED_VAR: "1"},
            )  # fmt: skip

        held = uidjail.seal([hidden])
        assert stat.S_IMODE(os.stat(hidden).st_mode) == 0o750
        done = other("release")  # another nngrade grades with it and finishes first
        assert done.communicate(timeout=60)[0].strip() == "1"
        assert stat.S_IMODE(os.stat(hidden).st_mode) == 0o750  # still held by this one
        uidjail.release(held)
        assert stat.S_IMODE(os.stat(hidden).st_mode) == 0o755

        killed = other("hold")  # killed while holding it: the next one lets go for it
        assert killed.stdout.readline().strip() == "1"
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=60)
        assert stat.S_IMODE(os.stat(hidden).st_mode) == 0o750
        uidjail.release(uidjail.seal([hidden]))
        assert stat.S_IMODE(os.stat(hidden).st_mode) == 0o755
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_what_a_worker_leaves_in_the_shared_tmp_is_gone_after_it(layout, tmp_path):
    root, _ = layout
    name = "nngrade-leftover-" + secrets.token_hex(8)
    leaver = tmp_path / "leaver.py"
    leaver.write_text(
        "import os\n"
        f"for folder in ('/tmp', '/var/tmp', '/dev/shm'):\n"
        f"    with open(os.path.join(folder, {name!r}), 'w') as f:\n"
        "        f.write('my answers, for the next student')\n"
        f"os.makedirs('/tmp/{name}-dir/deep')\n"
        f"raise RuntimeError('left ' + str(len([p for p in os.listdir('/tmp') if {name!r} in p])))\n",
        encoding="utf-8",
    )
    proc = run_nngrade(
        "submit", leaver, "--assignment", "scale", "--assignments", root / "source" / "assignments",
        "--format", "json", env=NO_BWRAP,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (error,) = json.loads(proc.stdout)["cell_errors"]
    assert error["evalue"] == "left 2"  # it did write there, as its own uid
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        assert not [p for p in os.listdir(folder) if name in p], folder
