"""pytest-qt fixtures for the desktop application, offscreen, with settings and data in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("PySide6", reason="the desktop application needs PySide6 (pip install -e .[gui])")


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt's QApplication, created the way the application creates it."""
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(autouse=True)
def _english():
    """Every test starts in English and leaves English behind."""
    from earchive_gui import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def settings():
    from earchive_gui.settings import MemoryStore, Settings

    s = Settings(MemoryStore())
    s.set("prefs/language", "en")
    s.set("prefs/open_output_after_build", False)
    s.set("prefs/autosave_seconds", 0)
    return s


@pytest.fixture
def window(qtbot, settings, tmp_path: Path):
    """The real main window, with its data folder (autosave, profiles) in tmp_path."""
    from PySide6.QtCore import QThreadPool

    from earchive_gui.main_window import MainWindow

    w = MainWindow(settings, data_dir=tmp_path / "appdata", ask_recovery=False)
    asked: list[tuple[str, str, str]] = []

    def ask(kind, title, text):
        from PySide6.QtWidgets import QMessageBox

        asked.append((kind, title, text))
        return {"question": QMessageBox.StandardButton.Yes, "save": QMessageBox.StandardButton.Discard,
                "recover": QMessageBox.StandardButton.Yes}.get(kind, QMessageBox.StandardButton.Ok)

    w.ask = ask
    w.asked = asked
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if w.build_dialog is not None and not w.build_dialog.is_done:
        w.build_dialog.cancel()
        qtbot.waitUntil(lambda: w.build_dialog.is_done, timeout=30000)
    QThreadPool.globalInstance().waitForDone(10000)
    w.controller.undo_stack.setClean()
    w.extra_dirty = False


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A small folder of records with Swedish names, a subfolder and a system file."""
    root = tmp_path / "Kommunstyrelsen"
    (root / "Protokoll 2023").mkdir(parents=True)
    (root / "Protokoll 2023" / "Protokoll 2023-05-11.txt").write_text("Protokoll fört vid sammanträde.\n", encoding="utf-8")
    (root / "Beslut å ä ö.txt").write_text("Beslut: bifall.\n", encoding="utf-8")
    (root / "data.csv").write_text("id;namn\n1;Åsa\n", encoding="utf-8")
    (root / "Thumbs.db").write_bytes(b"\x00" * 16)
    return root


def wait_checked(qtbot, window) -> None:
    """Wait until the background checker has published results for the current plan."""
    window.checker.check_now()
    qtbot.waitUntil(lambda: not window.checker.running, timeout=15000)
