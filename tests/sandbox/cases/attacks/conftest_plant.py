"""Attack: plant a conftest.py that pytest would load in the grader (every test passes).

Written to /tmp, to the temporary folder, to every folder above the working folder, and into
any unpacked assignment (`nngrade-assignment-*`) under the temporary folders.
"""

import glob
import os
import tempfile

PLANT = """
import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    return True  # the test body never runs: every test passes
"""

targets = {"/tmp", tempfile.gettempdir(), "/dev/shm"}
folder = os.getcwd()
while folder != os.path.dirname(folder):
    targets.add(folder)
    folder = os.path.dirname(folder)
for root in ("/tmp", tempfile.gettempdir()):
    targets.update(glob.glob(os.path.join(root, "nngrade-assignment-*", "*", "tests")))
    targets.update(glob.glob(os.path.join(root, "nngrade-assignment-*")))
for target in targets:
    try:
        with open(os.path.join(target, "conftest.py"), "w") as f:
            f.write(PLANT)
    except OSError:
        pass
