"""A stand-in for Colab's `google.colab` package, for nngrade's tests (issue 25).

Only `_message.blocking_request`, the call nngrade makes, is here; see `_message`.
"""
