"""Attack: start a process that outlives grading, then kill the fork server it came from.

The daemon double-forks into its own session and sleeps with a marker on its command line
(`nngrade-attack-outlive`), so the test can look for it after grading.
"""

import os
import signal
import subprocess
import sys

subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(600)", "nngrade-attack-outlive"],
    start_new_session=True,
    stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(
            sys.executable,
            [sys.executable, "-c", "import time; time.sleep(600)", "nngrade-attack-outlive"],
        )
    os._exit(0)
try:
    os.kill(os.getppid(), signal.SIGKILL)  # the fork server
except OSError:
    pass
