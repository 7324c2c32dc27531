"""`[values.NAME]` in assignment.toml: what top-level code leaves behind answers a function
by value (issue 21, part A)."""

from __future__ import annotations

import shutil

import pytest

from nngrade.assignment import find_assignment, load_assignment
from nngrade.errors import UsageError
from tests.helpers import ROOT, run_nngrade


def test_the_shipped_assignments_declare_the_lectures_values():
    gd = find_assignment("gradient-descent")
    assert gd.values["negative_gradient"].globals == ("X", "Y", "U", "V")
    assert gd.values["gradient_descent"].when_defined == ("gradient",)
    reg = find_assignment("regression").values["fit_normal_equation"]
    assert reg.attributes == {"reg": ("coef_", "intercept_")}
    keras = find_assignment("keras").values
    assert keras["build_xor_model"].keras and keras["build_xor_model"].when_equal == {
        "y": (0.0, 1.0, 1.0, 0.0)
    }
    assert keras["build_fashion_mlp"].when_defined == ("fashion_mnist",)


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('[values.bowl]\nglobal = ["Z"]\n', "expected globals"),
        ('[values.bowl]\nglobals = "Z"\n', "expected a list of names"),
        ('[values.bowl]\nglobals = ["m", "n"]\nkeras = true\n', "exactly one global"),
        ('[values.bowl]\nglobals = ["y"]\nwhen_equal = { y = ["a"] }\n', "list of numbers"),
    ],
)
def test_a_malformed_values_table_is_one_clear_line(tmp_path, table, said):
    folder = tmp_path / "gradient-descent"
    shutil.copytree(ROOT / "assignments" / "gradient-descent", folder)
    toml = folder / "assignment.toml"
    text = toml.read_text("utf-8").split("# issue 21 (part A)")[0]
    toml.write_text(text + table, encoding="utf-8")
    with pytest.raises(UsageError, match=said):
        load_assignment(folder)
    proc = run_nngrade(
        "submit", ROOT / "tests/assignments/fixtures/lecture/gradient-descent/lecture_bowl_quiver.py",
        "-a", "gradient-descent", "--assignments", tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2
    assert said in proc.stderr and "Traceback" not in proc.stderr


def test_a_number_reused_for_an_array_is_read_as_the_last_number_it_held():
    from nngrade.sandbox.inside import worker

    assert worker._real_number(3.0) and worker._real_number(10)
    assert not worker._real_number(True) and not worker._real_number([3.0])
