"""Attack: patch nngrade's own files, so that the grader passes every check.

Finds nngrade's folders from the editable-install finder in site-packages, from the command
lines in /proc and from every sys.path entry, and appends code to its checks.
"""

import glob
import os
import re
import sys

PATCH = "\n\ndef close(*args, **kwargs):  # nngrade-attack\n    return None\n"
candidates = set()
for entry in sys.path:
    for finder in glob.glob(os.path.join(entry, "__editable__*finder.py")):
        try:
            with open(finder) as f:
                candidates.update(re.findall(r"'(/[^']+)'", f.read()))
        except OSError:
            pass
    candidates.add(os.path.join(entry, "nngrade"))
for pid in os.listdir("/proc"):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            for arg in f.read().split(b"\0"):
                arg = arg.decode("utf-8", "replace")
                if "nngrade" in arg or "grader" in arg:
                    candidates.add(os.path.dirname(arg))
    except OSError:
        pass
for folder in candidates:
    for name in ("checks.py", "testing.py", "grader/checks.py", "sandbox/zygote.py",
                 "sandbox/inside/zygote.py"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            try:
                with open(path, "a") as f:
                    f.write(PATCH)
            except OSError:
                pass
