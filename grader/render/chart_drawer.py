"""summary.html's plots drawn by a process of their own, made ready while a class is graded.

matplotlib costs the grading process 0.4-2.5 s to import, and the two plots more than the rest
of summary.html and the feedback pages together. `ChartDrawer` starts a process that imports
matplotlib and draws a throwaway figure, then waits (`nngrade grade` starts it once a grader
slot is idle: a core is free). Sent the class summary, it draws the plots while the grading
process writes the other exports (issue 23). The pictures are those `summary.draw_charts`
draws in-process, which is also what `result()` does when the process cannot give them (it
failed to start, died, or took too long).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from nngrade.class_report import ClassSummary

    from .summary import Charts

WAIT = 120.0
"""Seconds `result()` waits for the process's plots before drawing them itself."""


def _serve(conn: Connection) -> None:
    """The drawing process: get ready, draw the one summary it is sent
    (None: nothing to draw), and leave without the interpreter's teardown."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grading process's to handle
    code = 1
    try:
        from .summary import draw_charts, warm_up

        warm_up()
        summary = conn.recv()
        if summary is not None:
            conn.send(draw_charts(summary))
        code = 0
    except BaseException:  # noqa: BLE001, S110 (the grading process draws them itself)
        pass
    finally:
        os._exit(code)


class ChartDrawer:
    """The grading process's handle on the drawing process (`close()` stops it)."""

    def __init__(self) -> None:
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._sent = False
        try:
            ctx = multiprocessing.get_context("spawn")  # nothing inherited, on every platform
            self._conn, child = ctx.Pipe()
            self._process = ctx.Process(target=_serve, args=(child,), daemon=True)
            self._process.start()
            child.close()
        except OSError:  # no process to be had: `result()` draws in this process
            self.close()

    def draw(self, summary: ClassSummary) -> None:
        """Send the process the summary to draw (once); `result()` gets the plots."""
        if self._conn is not None and not self._sent:
            try:
                self._conn.send(summary)
                self._sent = True
            except OSError:  # it is gone: `result()` draws them here
                self.close()

    def result(self, summary: ClassSummary) -> Charts:
        """The plots of `summary` (the one `draw` sent): the process's, else drawn here."""
        from .summary import draw_charts

        conn = self._conn
        if conn is not None and self._sent:
            try:
                if conn.poll(WAIT):
                    charts: Charts = conn.recv()
                    return charts
            except (OSError, EOFError):
                pass
            finally:
                self.close()
        return draw_charts(summary)

    def close(self) -> None:
        """Stop the process (when no plots were asked for, or they came) and wait for it."""
        conn, self._conn = self._conn, None
        process, self._process = self._process, None
        if conn is not None:
            conn.close()
        if process is not None:
            if not self._sent:
                process.terminate()  # nothing to draw: it need not finish getting ready
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
