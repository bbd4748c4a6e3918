"""PyInstaller entry script of the ``earchive-gui`` desktop application (earchive_gui.app:run)."""

from earchive_gui.app import run

if __name__ == "__main__":
    run()
