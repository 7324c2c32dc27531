"""`python -m nngrade`: the same program as the `nngrade` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
