"""Tries to start 200 processes that outlive grading."""

import os
import subprocess
import time

started = 0
failed = None
for _ in range(200):
    try:
        subprocess.Popen(["sleep", "300"])
        started += 1
    except OSError as e:
        failed = f"{type(e).__name__}: {e}"
        break

forked = 0
for _ in range(20):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(300)
        os._exit(0)
    forked += 1


def alive():
    return started, forked
