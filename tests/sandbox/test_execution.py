"""Running notebooks: magics, notes, plots, cell errors, output caps, the import blocker."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nngrade.sandbox import Limits, NotDefined

from .conftest import FAST


def test_magics_notes_and_plots(run_case):
    with run_case("magics.ipynb") as sb:
        report = sb.run_report()
        notes = [str(n) for n in report.notes]  # notes are data (issue 12); str() is English
        assert report.errors == []
        assert [c.status for c in report.cells] == ["ok"] * 6
        assert notes == [
            "line 2 of cell 2: `!pip install numpy` was not run; nngrade grades with the packages already installed",
            "line 1 of cell 3: `%pip install tensorflow` was not run; nngrade grades with the packages already installed",
            "line 1 of cell 5: `files = !ls` was not run; nngrade does not run shell commands",
            "cell 6: `%%bash` cell magic was not run; nngrade does not run shell commands",
        ] or all("was not run" in n for n in notes)
        assert any(
            "`!pip install numpy` was not run" in n and n.startswith("line 2 of cell 2")
            for n in notes
        )
        assert any(n.startswith("cell 6: `%%bash`") for n in notes)
        assert report.cell(3).stdout == "plotted\n"  # plt.show() returned at once, no warning
        assert report.cell(3).stderr == ""
        assert sb.get("shell_ran") is False
        assert sb.get("y") == 499500
        assert sb.get("files") == []
        assert report.cell(7).stdout == "array([0., 2.])\n"
        assert np.array_equal(sb.call("relu", np.array([-1.0, 3.0])).value, [0.0, 3.0])


def test_cell_errors_do_not_stop_later_cells(run_case):
    with run_case("errors.ipynb") as sb:
        report = sb.run_report()
        errors = {e.cell: e for e in report.errors}
        assert sorted(errors) == [2, 3, 5]
        e2 = errors[2]
        assert (e2.ename, e2.evalue) == ("ZeroDivisionError", "division by zero")
        assert e2.traceback == [
            "Traceback (most recent call last):",
            '  File "<cell 2>", line 3, in <module>',
            "    helper()",
            '  File "<cell 1>", line 4, in helper',
            "    return 1 / 0",
            "            ~~^~~",
            "ZeroDivisionError: division by zero",
        ]
        assert e2.defines == ["sigmoid"]
        assert errors[3].ename == "SyntaxError" and "line 1" in errors[3].evalue
        assert any("<cell 3>" in line for line in errors[3].traceback)
        assert not any(
            "worker.py" in line or "nngrade" in line for e in report.errors for line in e.traceback
        )
        assert (errors[5].ename, errors[5].evalue) == ("SystemExit", "0")
        assert report.cell(4).stdout == "cell 4 ran\n"
        assert report.cell(5).stdout == "before exit\n"
        assert sb.get("after_exit") is True  # SystemExit did not end the worker
        assert sb.names()["sigmoid"] == "function"  # cell 2 defined it before raising
        with pytest.raises(NotDefined) as info:
            sb.call("tanh", 1.0)
        assert info.value.cell == 3 and info.value.cell_error.ename == "SyntaxError"
        assert str(info.value).startswith(
            "`tanh` is not defined in your notebook: cell 3, which defines it, raised SyntaxError"
        )


def test_output_is_capped_and_cheap(run_case):
    limits = FAST.replace(max_output_bytes=1000)
    started = time.monotonic()
    with run_case("output_flood.ipynb", limits) as sb:
        report = sb.run_report()
        flood = report.cell(1)
        assert flood.status == "ok"
        assert len(flood.stdout) == 1000 and len(flood.stderr) == 1000
        assert flood.dropped > 110_000_000 - 3000
        assert report.cell(2).stdout == ""  # os.write(1, ...) went to /dev/null
        assert sb.get("quiet") is True
    assert time.monotonic() - started < 10


def test_print_flood_in_a_function(run_case):
    with run_case("print_flood.py", FAST.replace(max_output_bytes=100)) as sb:
        assert sb.run_report().cell(3).dropped >= 100_000_000 - 100  # the print at line 3
        call = sb.call("flood", timeout=10)
        assert call.value == "done"
        assert len(call.stdout) == 100 and call.stdout.startswith("0\n1\n2\n")


def test_nngrade_cannot_be_imported(run_case):
    with run_case("import_nngrade.ipynb") as sb:
        report = sb.run_report()
        for cell in (1, 2):
            error = report.error_for(cell)
            assert error.ename == "ImportError"
            assert error.evalue == (
                "nngrade cannot be imported from a submission: your notebook is graded against "
                "nngrade's reference from outside it"
            )
        assert report.error_for(3) is not None  # find_spec is refused too
        assert sb.get("ok") is True


def test_module_runs_statement_by_statement(run_case):
    with run_case("values.py") as sb:
        report = sb.run_report()
        cells = [c.cell for c in report.cells]
        assert cells == [c.index for c in sb.submission.cells] and len(cells) > 1
        assert report.errors == []
        names = sb.names()
        assert names["echo"] == "function" and names["np"] == "module"
        assert names["WEIGHTS"] == "ndarray" and names["LEARNING_RATE"] == "float"
        assert "display" not in names and "get_ipython" not in names


def test_start_returns_at_once(run_case):
    started = time.monotonic()
    with run_case("values.py") as sb:
        assert time.monotonic() - started < 0.5
        sb.run_report()


def test_pool_runs_the_same_notebook(run_case, pool):
    with run_case("magics.ipynb", pool=pool) as sb:
        report = sb.run_report()
        assert report.errors == []
        assert any("`!pip install numpy` was not run" in str(n) for n in report.notes)
        assert sb.get("y") == 499500
    with run_case("errors.ipynb", pool=pool) as sb:  # the slot is reused, with a fresh namespace
        assert sorted(e.cell for e in sb.run_report().errors) == [2, 3, 5]
        with pytest.raises(NotDefined):
            sb.get("shell_ran")


def test_limits_for_tensorflow_are_bigger():
    tf = Limits.for_tensorflow()
    assert tf.memory_mb >= 4096 and tf.call_timeout > Limits().call_timeout
