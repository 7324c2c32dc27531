"""Test-suite set-up: quiet TensorFlow, and the repository root importable as `tests`."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
