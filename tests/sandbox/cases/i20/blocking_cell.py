"""Attack (issue 20): a statement that blocks instead of computing (a read on a pipe nobody
writes, with a thread that wakes every few milliseconds), far past the statement's limit, and
then defines the functions: blocking used to stop the work clock, so it ran to completion,
unreported, and earned points."""

import os
import threading
import time

r, w = os.pipe()


def _tick():  # about a fifth of a core: the CPU counter moves at every look of the watchdog
    while True:
        start = time.perf_counter()
        while time.perf_counter() - start < 0.001:
            pass
        time.sleep(0.004)


threading.Thread(target=_tick, daemon=True).start()
os.set_blocking(r, False)
deadline = time.monotonic() + 6
while time.monotonic() < deadline:
    try:
        os.read(r, 1)
    except BlockingIOError:
        time.sleep(0.02)


def step(x):
    import numpy as np

    return (np.asarray(x) > 0).astype(float)
