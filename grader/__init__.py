"""nngrade: grades neural-network coursework.

Student code runs only in a sandboxed worker process (`nngrade.sandbox`); the oracles
(`nngrade.reference`), the assignment tests and the scores stay in the grader process.
This module stays import-light: `nngrade submit` start-up is measured.
"""

__version__ = "0.1.0"


# issue 25: checking a notebook from inside it. Thin functions, so that `import nngrade` in a
# notebook stays cheap: what they need is imported when they are called.
def check(
    task: str | None = None,
    *,
    assignment: str | None = None,
    lang: str | None = None,
    seed: int | None = None,
) -> "nngrade.notebook.kernel.Report":  # noqa: F821, UP037 (not imported: start-up is measured)
    """Grade this notebook (the file, as `nngrade submit` would) and show the report in the cell.

    task: one task's name (`nngrade.check("forward")`); assignment: its id when the notebook
    does not say it; lang: "en" or "ko" (default: the notebook's language); seed: replay the
    random inputs of an earlier check.
    """
    from .notebook.kernel import check as check_notebook

    return check_notebook(task, assignment=assignment, lang=lang, seed=seed)


def load_ipython_extension(shell: object) -> None:
    """`%load_ext nngrade`: gives `%nngrade` and `%nngrade TASK`, the same as `check()`."""
    from .notebook.kernel import load_ipython_extension as load

    load(shell)
