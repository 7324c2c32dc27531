"""Attack: leave files behind in /tmp and /dev/shm (for a later submission, or to fill them)."""

import os
import tempfile

for folder in ("/tmp", "/dev/shm", tempfile.gettempdir(), "/var/tmp"):
    try:
        with open(os.path.join(folder, "nngrade-attack-leftover"), "w") as f:
            f.write("left behind by a submission")
    except OSError:
        pass
