"""nngrade: grades neural-network coursework.

Student code runs only in a sandboxed worker process (`nngrade.sandbox`); the oracles
(`nngrade.reference`), the assignment tests and the scores stay in the grader process.
This module stays import-light: `nngrade submit` start-up is measured.
"""

__version__ = "0.1.0"
