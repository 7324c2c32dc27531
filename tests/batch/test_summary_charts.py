"""summary.html's plots come from a process of their own (issue 23): the same pictures the
page would draw itself, drawn here when that process is gone, and no process left behind."""

from __future__ import annotations

import re

import psutil
import pytest

from nngrade.batch.summary import build_summary
from nngrade.render.chart_drawer import ChartDrawer
from nngrade.render.summary import draw_charts, render_summary_html
from tests.batch.test_gradebook import _record_class, book  # noqa: F401 (a fixture)

PNG = "iVBORw0KGgo"  # base64 of the PNG signature


def _page(summary, charts=None) -> str:
    """The page without its minute of making."""
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", render_summary_html(summary, "en", charts))


def _drawers() -> set[int]:
    """This process's children started by multiprocessing's spawn (the drawing process)."""
    found = set()
    for child in psutil.Process().children():
        try:
            if "spawn_main" in " ".join(child.cmdline()) and child.status() != "zombie":
                found.add(child.pid)
        except psutil.Error:  # it just ended
            pass
    return found


@pytest.fixture
def summary(book):  # noqa: F811 (the fixture imported above)
    _record_class(book)
    return build_summary(book)


def test_the_drawing_process_draws_what_the_page_draws_itself(summary):
    drawer = ChartDrawer()
    assert _drawers()
    drawer.draw(summary)
    charts = drawer.result(summary)
    assert charts.scores.startswith(PNG) and charts.tasks.startswith(PNG)
    assert charts == draw_charts(summary)
    assert _page(summary, charts) == _page(summary)
    assert not _drawers()  # it left once it gave them


def test_the_plots_are_drawn_here_when_the_drawing_process_is_gone(summary):
    drawer = ChartDrawer()
    for pid in _drawers():
        psutil.Process(pid).kill()
        psutil.Process(pid).wait(10)
    drawer.draw(summary)
    assert drawer.result(summary) == draw_charts(summary)


def test_a_drawer_never_asked_for_plots_leaves_no_process(summary):
    drawer = ChartDrawer()
    assert _drawers()  # it is getting ready
    drawer.close()
    assert not _drawers()
