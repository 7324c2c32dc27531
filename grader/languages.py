"""The languages nngrade speaks: declared here once, apart from the catalog of their words
(`messages.py`), so that building the command line's `--lang` does not load the catalog."""

LANGUAGES: tuple[str, ...] = ("en", "ko")
"""English first (the fallback). Every entry of `messages.CATALOG` has each."""
