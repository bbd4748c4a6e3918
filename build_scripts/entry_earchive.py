"""PyInstaller entry script of the ``earchive`` command (the console entry point earchive.cli:run)."""

from earchive.cli import run

if __name__ == "__main__":
    run()
