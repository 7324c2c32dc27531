"""Batch grading for instructors: `nngrade grade` and `nngrade gradebook`.

One module per idea: `inputs` (finding submissions and their students), `gradebook` (the
sqlite gradebook), `runner` (local parallel grading), `dask_runner` (grading on Dask),
`exports` (grades.csv and feedback pages), `summary` (the class summary page and terminal
summary) and `commands` (the CLI).
"""
