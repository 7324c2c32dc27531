"""Checking a notebook from inside it: `nngrade.check()` and `%nngrade` (issue 25).

Three parts, in two processes:

* `kernel`: what runs in the student's kernel. It finds the notebook (`locate`), asks the
  grading process to grade it and shows the report in the cell. It imports nothing of the
  grader: no oracle, test, or score ever lives in the student's process.
* `locate`: where the notebook is: the file that Jupyter, JupyterLab or VS Code has open, the
  notebook that Colab's front end sends, or the cells the kernel ran when there is no file.
* `server`: the grading process (`python -m nngrade.notebook.server`), started by the first
  check and kept warm for the next ones; it grades the file as `nngrade submit` does (the same
  sandbox, the same tests) and answers with the report. It dies with the kernel.
"""
