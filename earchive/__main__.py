"""``python -m earchive``: the same command line as ``earchive``."""

import sys

from earchive.cli import main

if __name__ == "__main__":
    sys.exit(main())
