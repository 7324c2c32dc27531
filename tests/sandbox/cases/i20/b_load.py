"""Attack (issue 20), second of the pair: five lines that load what the first one left in the
slot (see a_plant.py) and take its functions as this submission's own."""

import os

for folder in ("/tmp", "/dev/shm", "/dev", os.path.expanduser("~"), os.path.dirname(os.getcwd())):
    try:
        exec(open(os.path.join(folder, "nngrade_i20_answers.py")).read())
    except OSError:
        pass
