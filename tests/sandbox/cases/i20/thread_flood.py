"""Attack (issue 20): start processes and threads until refused (at most 300, to be kind to
the machine), keep them alive, and say how many it got."""

import os
import threading
import time

started = 0
try:
    for _ in range(150):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        started += 1
    for _ in range(150):
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
        started += 1
except (OSError, RuntimeError):
    pass
raise SystemExit(f"FLOOD started {started}")
