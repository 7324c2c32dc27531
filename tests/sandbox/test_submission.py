"""Loading submissions: good files, and one clear line for each kind of bad file."""

from __future__ import annotations

import hashlib
import os
import pickle

import pytest

from nngrade.errors import SubmissionError
from nngrade.submission import Cell, load_submission

from .conftest import CASES

LOADER = CASES / "loader"


def problem(path) -> str:
    with pytest.raises(SubmissionError) as info:
        load_submission(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return info.value.problem


def test_good_notebook():
    sub = load_submission(LOADER / "good.ipynb")
    assert sub.kind == "notebook"
    assert [c.index for c in sub.cells] == [2, 4]  # 1-based among all cells, code cells only
    assert sub.cells[0].source.startswith("%matplotlib inline\nimport numpy")
    assert sub.sha256 == hashlib.sha256((LOADER / "good.ipynb").read_bytes()).hexdigest()
    assert sub.metadata["kernelspec"]["name"] == "python3"
    assert sub.defines == {
        "np": 2,
        "X": 2,
        "y": 2,
        "z": 2,
        "i": 2,
        "predict": 4,
        "Model": 4,
        "tf": 4,
    }
    assert sub.names_defined_by(4) == ["predict", "Model", "tf"]
    assert sub.cell(4) == Cell(4, sub.cells[1].source)


def test_module_is_one_cell_per_top_level_statement_indexed_by_its_line():
    sub = load_submission(LOADER / "module.py")
    assert sub.kind == "module" and sub.metadata == {}
    assert [c.index for c in sub.cells] == [1, 4, 8]
    assert sub.defines == {"np": 1, "step": 4, "THRESHOLD": 8}
    assert sub.cell(4).source.startswith("def step(x):")


def test_module_that_does_not_parse_is_one_cell():
    from nngrade.submission import module_statements

    assert [c.index for c in module_statements("def f(:\n    pass\nx = 1\n")] == [1]


def test_crlf_module_is_normalised():
    sub = load_submission(LOADER / "crlf.py")
    assert [(c.index, c.source) for c in sub.cells] == [(1, "x = 1"), (2, "y = 2\n")]


def test_v3_notebook_is_converted():
    sub = load_submission(LOADER / "v3.ipynb")
    assert sub.defines == {"np": 2, "step": 2}
    assert "def step" in sub.cells[0].source


@pytest.mark.parametrize(
    "name, expected",
    [
        ("truncated.ipynb", "is not valid JSON (truncated?) at line 26 col 5"),
        ("binary.ipynb", "is a binary file, not a notebook"),
        ("latin1.ipynb", "is not UTF-8 text"),
        ("not_notebook.ipynb", "is JSON but not a Jupyter notebook"),
        ("json_list.ipynb", "is JSON but not a Jupyter notebook"),
        ("empty_file.ipynb", "is empty"),
        ("no_cells.ipynb", "is an empty notebook (it has no cells)"),
        ("markdown_only.ipynb", "has no code cells"),
        ("blank_code.ipynb", "has no code: all its code cells are empty"),
        ("bad_source.ipynb", "the source of cell 1 is not text"),
        ("v2.ipynb", "uses notebook format version 2"),
        ("v5.ipynb", "uses notebook format version 5"),
        ("v3_broken.ipynb", "is an nbformat 3 notebook that could not be converted"),
        ("latin1.py", "is not UTF-8 text (byte 5 is 0xe9)"),
        ("empty.py", "is empty"),
        (
            "notes.txt",
            "is a .txt file; nngrade grades Jupyter notebooks (.ipynb) and Python modules (.py)",
        ),
    ],
)
def test_bad_files(name, expected):
    assert expected in problem(LOADER / name)


def test_missing_file(tmp_path):
    assert problem(tmp_path / "hw6.ipynb") == "file not found"


def test_directory(tmp_path):
    assert problem(tmp_path).startswith("is a directory")


def test_too_large(tmp_path):
    path = tmp_path / "huge.ipynb"
    with open(path, "wb") as f:
        f.truncate(51 * 2**20)  # sparse: costs no disk
    assert "is 53 MB; nngrade reads submissions up to 50 MB" in problem(path)


def test_unreadable(tmp_path):
    path = tmp_path / "locked.ipynb"
    path.write_bytes((LOADER / "good.ipynb").read_bytes())
    path.chmod(0)
    if os.geteuid() != 0:
        assert problem(path) == "cannot be read (permission denied)"
        return
    # root reads anything: check as an unprivileged user, in a forked child
    tmp_path.chmod(0o755)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setgid(65534)
            os.setuid(65534)
            try:
                load_submission(path)
                result = "loaded"
            except SubmissionError as e:
                result = e.problem
            os.write(write_end, pickle.dumps(result))
        finally:
            os._exit(0)
    os.close(write_end)
    data = os.read(read_end, 4096)
    os.waitpid(pid, 0)
    assert pickle.loads(data) == "cannot be read (permission denied)"


def test_no_nbformat_import_on_the_v4_path():
    import subprocess
    import sys

    code = (
        "import sys; from nngrade.submission import load_submission; "
        f"load_submission({str(LOADER / 'good.ipynb')!r}); print('nbformat' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
