"""``python -m earchive``: the same command line as ``earchive``."""

from earchive.cli import run

if __name__ == "__main__":
    run()
