"""The export step: test connection, export off the UI thread with progress and Cancel, errors, Retry, secrets.

The core's exporters (``earchive.export.roda``, ``earchive.export.archivematica``) are
replaced by fakes with the same signatures: they report progress, honour the cancel
token, raise ExportError (retryable or not) and return an ExportResult.
"""

from __future__ import annotations

import sys
import threading
import time
import types
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from earchive.errors import Cancelled
from earchive.export.target import ConnectionCheck, ExportError, ExportResult, Target
from earchive.messages import register
from earchive.progress import ProgressEvent, no_progress
from earchive_gui import i18n
from earchive_gui.export_dialog import ExportDialog, ExportItem
from earchive_gui.targets import TargetStore

SECRET = "Hemligt-L0senord!7"

register({
    "tests.export.connected": {"en": "Connected to {url} as {user}.", "sv": "Ansluten till {url} som {user}."},
    "tests.export.refused": {"en": "{url} refused the log-in: check the user name and password.",
                             "sv": "{url} vägrade inloggningen: kontrollera användarnamn och lösenord."},
})


class FakeRoda(types.ModuleType):
    """``earchive.export.roda`` as the GUI uses it: export_package and test_connection."""

    def __init__(self, *, failures: list[ExportError] | None = None, step: float = 0.0) -> None:
        super().__init__("earchive.export.roda")
        self.failures = list(failures or [])
        self.step = step  # seconds per progress step; > 0 makes the export slow enough to cancel
        self.calls: list[dict] = []
        self.checks: list[dict] = []
        self.in_upload = threading.Event()
        self.check_answer: ConnectionCheck | Exception = ConnectionCheck(True, "tests.export.connected",
                                                                          {"url": "https://roda.example.se", "user": "anna"})

    def export_package(self, package: Path, target: Target, *, secret: str | None = None, progress=no_progress,
                       cancel=None, wait: bool = True) -> ExportResult:
        self.calls.append({"package": package, "target": target, "secret": secret,
                           "thread": threading.current_thread() is threading.main_thread()})
        size = package.stat().st_size
        progress(ProgressEvent(phase="zip", files_done=1, files_total=1, bytes_done=size, bytes_total=size))
        for i in range(1, 11):
            if cancel is not None:
                cancel.check()
            if i == 3:
                self.in_upload.set()
            progress(ProgressEvent(phase="upload", bytes_done=size * i // 10, bytes_total=size, current=package.name))
            time.sleep(self.step)
        if self.failures:
            raise self.failures.pop(0)
        progress(ProgressEvent(phase="ingest"))
        time.sleep(self.step)
        return ExportResult(target="roda", package=str(package), delivered_to=target.url, transfer_id="tr-1",
                            job_id="job-7", aip_id=f"aip-{package.stem}", state="COMPLETED",
                            report={"outcome": "SUCCESS", "reports": [{"plugin": "E-ARK SIP 2", "outcome": "SUCCESS"}]})

    def test_connection(self, target: Target, *, secret: str | None = None) -> ConnectionCheck:
        self.checks.append({"target": target, "secret": secret,
                            "thread": threading.current_thread() is threading.main_thread()})
        time.sleep(0.1)
        if isinstance(self.check_answer, Exception):
            raise self.check_answer
        return self.check_answer


class FakeArchivematica(types.ModuleType):
    """``earchive.export.archivematica``: make_transfer (from the Submission), export_transfer, test_connection."""

    def __init__(self, *, failures: list[ExportError] | None = None) -> None:
        super().__init__("earchive.export.archivematica")
        self.failures = list(failures or [])
        self.made: list[dict] = []
        self.sent: list[dict] = []

    def make_transfer(self, submission, output_dir: Path, *, layout: str = "standard", progress=no_progress, cancel=None) -> Path:
        self.made.append({"submission": submission, "output_dir": output_dir, "layout": layout})
        progress(ProgressEvent(phase="copy", files_done=1, files_total=1))
        transfer = output_dir / f"{submission}-transfer"
        (transfer / "objects").mkdir(parents=True)
        (transfer / "metadata").mkdir()
        (transfer / "metadata" / "metadata.csv").write_text("filename,dc.title\nobjects,Protokoll\n", encoding="utf-8")
        return transfer

    def export_transfer(self, transfer: Path, target: Target, *, secret=None, progress=no_progress, cancel=None,
                        wait=True) -> ExportResult:
        self.sent.append({"transfer": transfer, "target": target, "secret": secret})
        progress(ProgressEvent(phase="copy", files_done=1, files_total=1))
        if self.failures:
            raise self.failures.pop(0)
        return ExportResult(target="archivematica", package=str(transfer), delivered_to=target.folder,
                            transfer_id="5a7e1c1e-0000-4000-8000-000000000001", state="COMPLETED")

    def test_connection(self, target: Target, *, secret=None) -> ConnectionCheck:
        return ConnectionCheck(True, "tests.export.connected", {"url": target.url, "user": target.user})


@pytest.fixture
def fake_roda(monkeypatch) -> FakeRoda:
    fake = FakeRoda()
    monkeypatch.setitem(sys.modules, "earchive.export.roda", fake)
    return fake


@pytest.fixture
def fake_am(monkeypatch) -> FakeArchivematica:
    fake = FakeArchivematica()
    monkeypatch.setitem(sys.modules, "earchive.export.archivematica", fake)
    return fake


@pytest.fixture
def memory_keyring():
    """An in-memory keyring backend (the test machine has none)."""
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1

        def __init__(self):
            super().__init__()
            self.passwords: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.passwords.get((service, username))

        def set_password(self, service, username, password):
            self.passwords[(service, username)] = password

        def delete_password(self, service, username):
            self.passwords.pop((service, username), None)

    previous = keyring.get_keyring()
    backend = Memory()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def store(tmp_path: Path) -> TargetStore:
    s = TargetStore(tmp_path / "appdata" / "targets.json")
    s.add(Target(kind="archivematica", name="Archivematica kommun", url="https://am.example.se", user="api",
                 folder=str(tmp_path / "transfer-source"), transfer_type="zipped bag"))
    s.add(Target(kind="roda", name="RODA test", url="https://roda.example.se", user="anna"))
    s.save()
    return s


@pytest.fixture
def packages(tmp_path: Path) -> list[ExportItem]:
    out = tmp_path / "out"
    out.mkdir()
    items = []
    for name in ("Protokoll-2023", "Diarium-2023"):
        zip_ = out / f"{name}.zip"
        zip_.write_bytes(b"PK\x03\x04" + name.encode() * 4000)
        items.append(ExportItem(name.replace("-", " "), zip_, name, out))
    return items


def _dialog(qtbot, packages, store, kind="roda") -> ExportDialog:
    dialog = ExportDialog(packages, store, kind=kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _rows(dialog: ExportDialog) -> list[list[str]]:
    tree = dialog.results
    return [[tree.topLevelItem(i).text(c) for c in range(3)] for i in range(tree.topLevelItemCount())]


def _children(dialog: ExportDialog, row: int) -> list[str]:
    top = dialog.results.topLevelItem(row)
    return [top.child(c).text(0) for c in range(top.childCount())]


def _export(qtbot, dialog: ExportDialog, timeout: int = 20000) -> list:
    with qtbot.waitSignal(dialog.finished_all, timeout=timeout) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


# --- choosing the target -------------------------------------------------------------------------


def test_the_profiles_target_system_preselects_the_saved_target(qtbot, packages, store):
    dialog = _dialog(qtbot, packages, store, kind="roda")
    assert dialog.saved.currentText() == "RODA test"
    assert dialog.editor.url.text() == "https://roda.example.se" and dialog.secret_label.text() == "Password:"
    assert dialog.packages.count() == 2 and dialog.packages_label.text() == "Packages to export (2):"
    other = _dialog(qtbot, packages, store, kind="archivematica")
    assert other.saved.currentText() == "Archivematica kommun" and other.secret_label.text() == "API key:"
    assert other.editor.layout_box.currentData() == "zipped-bag"
    # no saved target of that kind: an empty form of that kind
    empty = _dialog(qtbot, packages, TargetStore(store.path.with_name("none.json")), kind="archivematica")
    assert empty.saved.currentData() == "" and empty.editor.kind.currentData() == "archivematica"


def test_a_new_target_typed_in_is_saved(qtbot, packages, tmp_path):
    store = TargetStore(tmp_path / "targets.json")
    dialog = _dialog(qtbot, packages, store, kind="roda")
    qtbot.keyClicks(dialog.editor.name, "RODA arkiv")
    qtbot.keyClicks(dialog.editor.url, "https://roda.arkiv.se")
    qtbot.keyClicks(dialog.editor.user, "bertil")
    qtbot.mouseClick(dialog.save_target_button, Qt.MouseButton.LeftButton)
    assert dialog.saved.currentText() == "RODA arkiv"
    assert TargetStore(store.path).get("RODA arkiv").to_json()["user"] == "bertil"


def test_widgets_of_the_dialog_have_accessible_names_and_buddies(qtbot, packages, store):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QProgressBar, QTreeWidget

    dialog = _dialog(qtbot, packages, store)
    unnamed = [f"{type(w).__name__}" for kind in (QLineEdit, QComboBox, QListWidget, QTreeWidget, QProgressBar)
               for w in dialog.findChildren(kind)
               if not w.accessibleName() and type(w.parent()).__name__ != "QComboBox"]
    assert unnamed == []
    assert dialog.secret_label.buddy() is dialog.secret and dialog.saved_label.buddy() is dialog.saved
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Password
    assert dialog.export_button.isDefault()


# --- test connection ----------------------------------------------------------------------------------


def test_test_connection_runs_off_the_ui_thread_and_shows_ok_and_failure(qtbot, packages, store, fake_roda):
    dialog = _dialog(qtbot, packages, store)
    qtbot.keyClicks(dialog.secret, SECRET)
    with qtbot.waitSignal(dialog.connection_checked, timeout=5000):
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert dialog.check_label.text() == "Contacting the archive…" and not dialog.test_button.isEnabled()
    assert dialog.check_label.text() == "✓ Connected to https://roda.example.se as anna."
    assert dialog.test_button.isEnabled()
    (check,) = fake_roda.checks
    assert check["secret"] == SECRET and check["thread"] is False and check["target"].name == "RODA test"

    fake_roda.check_answer = ConnectionCheck(False, "tests.export.refused", {"url": "https://roda.example.se"})
    with qtbot.waitSignal(dialog.connection_checked, timeout=5000):
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.check_label.text() == "✗ https://roda.example.se refused the log-in: check the user name and password."

    fake_roda.check_answer = ExportError("error.export", retryable=True, detail="connection refused")
    with qtbot.waitSignal(dialog.connection_checked, timeout=5000):
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.check_label.text() == "✗ The export failed: connection refused. The local package is kept."
    i18n.set_language("sv")
    assert dialog.check_label.text() == "✗ Exporten misslyckades: connection refused. Det lokala paketet finns kvar."


def test_test_connection_with_a_target_missing_its_address_says_what_to_do(qtbot, packages, store, fake_roda):
    dialog = _dialog(qtbot, packages, store)
    dialog.editor.url.clear()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.check_label.text() == "✗ The target RODA test has neither an address (URL) nor a folder: give one of them."
    assert fake_roda.checks == []


# --- export ----------------------------------------------------------------------------------------------


def test_export_runs_in_a_worker_with_progress_and_shows_the_aip_ids(qtbot, packages, store, fake_roda):
    fake_roda.step = 0.03
    dialog = _dialog(qtbot, packages, store)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    phases, bars = set(), []
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.is_running and dialog.cancel_button.isVisible() and not dialog.target_box.isEnabled()

    def seen_upload() -> bool:
        phases.add(dialog.phase_label.text())
        bars.append(dialog.bar.value())
        return dialog.phase_label.text() == "Uploading…" and "of" in dialog.amount_label.text()

    qtbot.waitUntil(seen_upload, timeout=5000)
    assert dialog.package_label.text().startswith("Package 1 of 2: Protokoll 2023")
    with qtbot.waitSignal(dialog.finished_all, timeout=20000) as blocker:
        pass
    timer.stop()
    outcomes = blocker.args[0]
    assert [o.result.aip_id for o in outcomes] == ["aip-Protokoll-2023", "aip-Diarium-2023"]
    assert all(call["thread"] is False for call in fake_roda.calls), "the core ran off the UI thread"
    assert len(ticks) > 20, "the UI thread kept running while the export worked"
    assert max(bars) > 0
    assert _rows(dialog) == [["Protokoll 2023", "Ingested", "AIP id: aip-Protokoll-2023"],
                             ["Diarium 2023", "Ingested", "AIP id: aip-Diarium-2023"]]
    assert _children(dialog, 0)[:4] == ["Delivered to https://roda.example.se", "AIP id: aip-Protokoll-2023",
                                        "Transfer UUID: tr-1", "Job: job-7"]
    report = dialog.results.topLevelItem(0).child(4)
    assert report.text(0) == "Job report" and report.child(0).text(0) == "outcome: SUCCESS"
    assert report.child(1).text(0) == "reports" and report.child(1).child(0).text(0) == "[1]"
    assert report.child(1).child(0).child(0).text(0) == "plugin: E-ARK SIP 2"
    assert dialog.package_label.text() == "Done: 2 package(s) delivered."
    assert not dialog.export_button.isVisible() and not dialog.retry_button.isVisible() and dialog.close_button.isDefault()
    assert TargetStore(store.path).last_used == {"roda": "RODA test"}


def test_cancel_stops_the_export_and_keeps_the_package(qtbot, packages, store, fake_roda):
    fake_roda.step = 0.05
    before = packages[0].package.read_bytes()
    dialog = _dialog(qtbot, packages, store)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(fake_roda.in_upload.is_set, timeout=5000)
    dialog.reject()  # Escape: cancels instead of closing
    assert dialog.isVisible() and dialog.phase_label.text() == "Cancelling; the local packages are kept…"
    with qtbot.waitSignal(dialog.finished_all, timeout=10000) as blocker:
        pass
    outcomes = blocker.args[0]
    assert [type(o.error) for o in outcomes] == [Cancelled, Cancelled]
    assert len(fake_roda.calls) == 1, "the second package was not started"
    assert packages[0].package.read_bytes() == before
    assert _rows(dialog)[0][:2] == ["Protokoll 2023", "Cancelled"]
    assert f"The local package is kept: {packages[0].package}" in _children(dialog, 0)
    assert dialog.package_label.text() == "Cancelled. 0 package(s) were delivered before; the local packages are kept."
    assert dialog.export_button.isVisible() and not dialog.retry_button.isVisible()
    dialog.reject()
    assert not dialog.isVisible()


def test_a_retryable_error_offers_retry_and_retry_delivers(qtbot, packages, store, fake_roda):
    fake_roda.failures = [ExportError("error.export", retryable=True, detail="the upload was interrupted")]
    dialog = _dialog(qtbot, packages[:1], store)
    outcomes = _export(qtbot, dialog)
    assert outcomes[0].retryable and packages[0].package.is_file()
    assert _rows(dialog) == [["Protokoll 2023", "Failed", ""]]
    assert _children(dialog, 0) == ["The export failed: the upload was interrupted. The local package is kept.",
                                    f"The local package is kept: {packages[0].package}",
                                    "This may pass: use \"Retry failed\"."]
    assert dialog.retry_button.isVisible() and dialog.retry_button.hasFocus()
    with qtbot.waitSignal(dialog.finished_all, timeout=20000) as blocker:
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0][0].result.aip_id == "aip-Protokoll-2023"
    assert _rows(dialog) == [["Protokoll 2023", "Ingested", "AIP id: aip-Protokoll-2023"]]
    assert not dialog.retry_button.isVisible() and len(fake_roda.calls) == 2


def test_a_refusal_is_not_retried_and_only_failed_packages_are_sent_again(qtbot, packages, store, fake_roda):
    fake_roda.failures = [ExportError("error.export", retryable=False, detail="401 Unauthorized: wrong user name or password")]
    dialog = _dialog(qtbot, packages, store)
    outcomes = _export(qtbot, dialog)
    assert outcomes[0].error is not None and outcomes[1].result is not None
    assert not dialog.retry_button.isVisible() and dialog.export_button.isVisible()
    assert dialog.package_label.text() == "1 package(s) delivered, 1 failed. The local packages are kept."
    assert "This may pass: use \"Retry failed\"." not in _children(dialog, 0)
    _export(qtbot, dialog)
    assert [c["package"].name for c in fake_roda.calls] == ["Protokoll-2023.zip", "Diarium-2023.zip", "Protokoll-2023.zip"]
    assert _rows(dialog)[0][1] == "Ingested"


def test_a_bug_in_the_core_is_shown_with_details_not_a_crash(qtbot, packages, store, fake_roda, monkeypatch):
    monkeypatch.setattr(fake_roda, "export_package", lambda *a, **k: 1 / 0)
    dialog = _dialog(qtbot, packages[:1], store)
    outcomes = _export(qtbot, dialog)
    assert isinstance(outcomes[0].error, ZeroDivisionError) and "ZeroDivisionError" in outcomes[0].details
    assert _children(dialog, 0)[0] == "Unexpected error (division by zero). Please report it with the technical details below."
    details = dialog.results.topLevelItem(0).child(dialog.results.topLevelItem(0).childCount() - 1)
    assert details.text(0) == "Technical details" and details.child(details.childCount() - 1).text(0) == "ZeroDivisionError: division by zero"


def test_archivematica_gets_a_transfer_made_from_the_plan_and_a_retry_reuses_it(qtbot, packages, store, fake_am):
    fake_am.failures = [ExportError("error.export", retryable=True, detail="the dashboard did not answer")]
    dialog = _dialog(qtbot, packages[:1], store, kind="archivematica")
    qtbot.keyClicks(dialog.secret, SECRET)
    _export(qtbot, dialog)
    (made,) = fake_am.made
    assert made == {"submission": "Protokoll-2023", "output_dir": packages[0].output_dir, "layout": "zipped-bag"}
    transfer = packages[0].output_dir / "Protokoll-2023-transfer"
    assert f"The local package is kept: {transfer}" in _children(dialog, 0)
    with qtbot.waitSignal(dialog.finished_all, timeout=10000):
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert len(fake_am.made) == 1, "the transfer made before is delivered again, not made twice"
    assert [s["transfer"] for s in fake_am.sent] == [transfer, transfer]
    assert fake_am.sent[-1]["secret"] == SECRET and fake_am.sent[-1]["target"].transfer_type == "zipped bag"
    assert _rows(dialog) == [["Protokoll 2023", "Ingested", "Transfer UUID: 5a7e1c1e-0000-4000-8000-000000000001"]]


def test_a_package_not_built_yet_cannot_go_to_roda(qtbot, store, fake_roda, tmp_path):
    dialog = _dialog(qtbot, [ExportItem("Ej byggt", None, "x", tmp_path)], store)
    _export(qtbot, dialog)
    assert _children(dialog, 0)[0] == "\"Ej byggt\" has not been built yet: build it first, then export it."
    assert fake_roda.calls == []


# --- secrets -------------------------------------------------------------------------------------------------


def test_remember_stores_the_secret_in_the_keyring_and_nowhere_else(qtbot, window, records, tmp_path, fake_roda,
                                                                   memory_keyring, settings):
    """Export with "Remember", save the target, the project and the settings: the secret is in no file."""
    from earchive.export import credentials

    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    package = tmp_path / "out" / "pkg.zip"
    package.parent.mkdir()
    package.write_bytes(b"PK\x03\x04package")
    window.last_built[key] = package
    window.plan_view.select_packages([key])
    window.controller.plan.target = "roda"
    store = TargetStore(window.targets_file())
    store.add(Target(kind="roda", name="RODA test", url="https://roda.example.se", user="anna"))
    store.save()
    dialog = window.export_selected()
    assert dialog is not None and dialog.saved.currentText() == "RODA test"
    qtbot.keyClicks(dialog.secret, SECRET)
    dialog.remember.setChecked(True)
    qtbot.mouseClick(dialog.save_target_button, Qt.MouseButton.LeftButton)
    outcomes = _export(qtbot, dialog)
    assert outcomes[0].result.aip_id == "aip-pkg"
    assert fake_roda.calls[0]["secret"] == SECRET
    assert dialog.keyring_note.text() == "Stored in the system keyring."
    target = store.get("RODA test")
    assert memory_keyring.passwords == {(target.secret_service, "anna"): SECRET}
    assert credentials.get_secret(target) == SECRET

    window.write_project(str(tmp_path / "leverans.earchive.json"))
    window.save_state()
    settings_dump = tmp_path / "settings-dump.txt"
    settings_dump.write_text(repr(dict(settings.store)), encoding="utf-8")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert window.targets_file() in files and tmp_path / "leverans.earchive.json" in files
    leaking = [str(p) for p in files if SECRET.encode() in p.read_bytes()]
    assert leaking == []
    shown = [dialog.check_label.text(), dialog.keyring_note.text(), dialog.package_label.text()]
    shown += [line for row in range(dialog.results.topLevelItemCount()) for line in _children(dialog, row)]
    assert not [s for s in shown if SECRET in s]


def test_without_a_keyring_the_secret_is_used_for_this_run_only(qtbot, packages, store, fake_roda, no_keyring):
    dialog = _dialog(qtbot, packages[:1], store)
    qtbot.keyClicks(dialog.secret, SECRET)
    dialog.remember.setChecked(True)
    outcomes = _export(qtbot, dialog)
    assert outcomes[0].result is not None and fake_roda.calls[0]["secret"] == SECRET
    assert dialog.keyring_note.isVisible()
    assert dialog.keyring_note.text().startswith("This system has no usable keyring (")
    assert dialog.keyring_note.text().endswith("set the environment variable EARCHIVE_RODA_PASSWORD instead.")
    assert SECRET.encode() not in store.path.read_bytes()


def test_without_remember_the_secret_is_used_once_and_kept_nowhere(qtbot, packages, store, fake_roda, memory_keyring):
    dialog = _dialog(qtbot, packages[:1], store)
    qtbot.keyClicks(dialog.secret, SECRET)
    assert not dialog.remember.isChecked()
    _export(qtbot, dialog)
    assert fake_roda.calls[0]["secret"] == SECRET
    assert memory_keyring.passwords == {} and not dialog.keyring_note.isVisible()
    assert dialog.worker._secret is None, "the worker lets go of the secret when it is done"


def test_an_empty_secret_field_leaves_the_lookup_to_the_core(qtbot, packages, store, fake_roda):
    dialog = _dialog(qtbot, packages[:1], store)
    _export(qtbot, dialog)
    assert fake_roda.calls[0]["secret"] is None


# --- language ----------------------------------------------------------------------------------------------------


def test_language_switch_translates_the_dialog_and_the_results(qtbot, packages, store, fake_roda):
    fake_roda.failures = [ExportError("error.export", retryable=True, detail="timeout")]
    dialog = _dialog(qtbot, packages[:1], store)
    _export(qtbot, dialog)
    i18n.set_language("sv")
    assert dialog.windowTitle() == "Exportera till ett arkiv"
    assert dialog.test_button.text() == "Testa &anslutningen"
    assert dialog.secret_label.text() == "Lösenord:"
    assert dialog.editor.labels["url"].text() == "Adress (URL):"
    assert dialog.retry_button.text() == "&Försök igen"
    assert dialog.results.headerItem().text(1) == "Status"
    assert _rows(dialog) == [["Protokoll 2023", "Misslyckades", ""]]
    assert _children(dialog, 0)[0] == "Exporten misslyckades: timeout. Det lokala paketet finns kvar."
    assert dialog.package_label.text() == "0 paket levererades, 1 misslyckades. De lokala paketen finns kvar."
    i18n.set_language("en")
    assert dialog.windowTitle() == "Export to an archive" and _rows(dialog)[0][1] == "Failed"


# --- from the build dialog and the main window ------------------------------------------------------------------


def _buildable(window, records) -> str:
    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    window.controller.set_field([key], "dc.title", "Protokoll 2023")
    return key


def _fake_build(submission, options, progress, cancel):
    from earchive.builder import BuildResult

    path = Path(options.output_dir) / f"{submission.label}.zip"
    path.write_bytes(b"PK\x03\x04" + submission.label.encode())
    progress(ProgressEvent(phase="done", files_done=1, files_total=1))
    return BuildResult(path, "uuid-1", files=1, bytes=path.stat().st_size)


def test_export_button_in_the_finished_build_dialog_opens_the_export_step(qtbot, window, records, tmp_path, settings, fake_roda):
    settings.set("prefs/validate_after_build", False)
    store = TargetStore(window.targets_file())
    store.add(Target(kind="archivematica", name="Archivematica", url="https://am.example.se"))
    store.add(Target(kind="roda", name="RODA test", url="https://roda.example.se", user="anna"))
    store.save()
    window.controller.plan.target = "roda"
    key = _buildable(window, records)
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(window.build_finished, timeout=20000):
        build = window.build([key], output_dir=str(out), build=_fake_build)
    assert build.export_button.isVisible()
    qtbot.mouseClick(build.export_button, Qt.MouseButton.LeftButton)
    dialog = build.export_dialog
    assert dialog is not None and dialog.isVisible()
    (item,) = dialog.items
    built = Path(build.outcomes[0].result.package_path)
    assert item.package == built and item.package.parent == out and item.output_dir == out
    assert item.submission is build.outcomes[0].job.submission
    assert dialog.saved.currentText() == "RODA test", "the delivery's target system preselects the target"
    outcomes = _export(qtbot, dialog)
    assert outcomes[0].result.aip_id == f"aip-{built.stem}"
    assert window.last_built == {key: built}
    dialog.reject()
    build.accept()


def test_export_command_works_on_the_last_build_of_the_selected_packages(qtbot, window, records, tmp_path, settings):
    settings.set("prefs/validate_after_build", False)
    key = _buildable(window, records)
    window.plan_view.select_packages([key])
    assert window.commands["export_packages"].isEnabled()
    window.commands["export_packages"].trigger()
    assert window.asked[-1][0] == "warning" and window.asked[-1][2] == "Build the selected packages first; then export them."
    assert window.export_dialog is None
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(window.build_finished, timeout=20000):
        build = window.build([key], output_dir=str(out), build=_fake_build)
    build.accept()
    window.plan_view.select_packages([key])
    window.commands["export_packages"].trigger()
    dialog = window.export_dialog
    assert dialog is not None and [i.package for i in dialog.items] == [window.last_built[key]]
    assert dialog.editor.kind.currentData() == "roda" and dialog.saved.currentData() == ""
    dialog.reject()
    # Archivematica needs no built E-ARK package: its transfer is made from the plan
    window.last_built.clear()
    window.controller.plan.target = "archivematica"
    window.commands["export_packages"].trigger()
    assert window.export_dialog.items[0].package is None and window.export_dialog.items[0].submission is not None
    assert window.export_dialog.editor.kind.currentData() == "archivematica"
    window.export_dialog.reject()
    assert window.menus["file"].actions().count(window.commands["targets"]) == 1
    assert window.commands["export_packages"] in window.toolbar.actions()


# --- end to end against the local RODA stand-in ------------------------------------------------------------------


def test_build_in_the_main_window_then_export_to_a_local_roda(qtbot, window, records, tmp_path, settings, monkeypatch):
    """The real builder, the real RODA client and RODA's REST API on 127.0.0.1: the AIP id shows in the dialog."""
    fake_roda = pytest.importorskip("support.fake_roda", reason="the RODA stand-in is not there yet")
    pytest.importorskip("earchive.export.roda")
    for var in ("EARCHIVE_RODA_PASSWORD", "EARCHIVE_RODA_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    settings.set("prefs/validate_after_build", False)
    with fake_roda.FakeRoda(tmp_path / "roda-server") as server:
        store = TargetStore(window.targets_file())
        store.add(Target(kind="roda", name="RODA lokalt", url=server.url, user=server.user, poll_interval_s=0.02,
                         timeout_s=10))
        store.save()
        window.controller.plan.target = "roda"
        key = _buildable(window, records)
        out = tmp_path / "out"
        out.mkdir()
        with qtbot.waitSignal(window.build_finished, timeout=60000) as built:
            build = window.build([key], output_dir=str(out))
        assert built.args[0][0].error is None, built.args[0][0].error
        package = Path(built.args[0][0].result.package_path)
        qtbot.mouseClick(build.export_button, Qt.MouseButton.LeftButton)
        dialog = build.export_dialog
        assert dialog.saved.currentText() == "RODA lokalt"
        dialog.secret.setText(server.password)  # (QTest.keyClicks aborts on "ö")
        with qtbot.waitSignal(dialog.connection_checked, timeout=10000) as checked:
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert checked.args[0].ok, dialog.check_label.text()
        assert dialog.check_label.text().startswith("✓")
        outcomes = _export(qtbot, dialog, timeout=60000)
        (outcome,) = outcomes
        assert outcome.error is None, _children(dialog, 0)
        (aip_id,) = server.aips
        assert outcome.result.aip_id == aip_id
        assert _rows(dialog) == [[window.controller.plan.packages[key]["label"], "Ingested", f"AIP id: {aip_id}"]]
        assert package.exists(), "the local package is kept"
        assert server.password.encode() not in window.targets_file().read_bytes()
        dialog.reject()
        build.accept()


def test_export_from_the_main_window_into_an_archivematica_transfer_folder(qtbot, window, records, tmp_path):
    """The real transfer maker and folder delivery (no dashboard): a zipped bag lands in the transfer source."""
    pytest.importorskip("earchive.export.archivematica")
    source = tmp_path / "transfer-source"
    source.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    window.controller.plan.output_dir = str(out)
    window.controller.plan.target = "archivematica"
    store = TargetStore(window.targets_file())
    store.add(Target(kind="archivematica", name="Överföringsmapp", folder=str(source), transfer_type="zipped bag"))
    store.save()
    key = _buildable(window, records)
    window.plan_view.select_packages([key])
    dialog = window.export_selected()
    assert dialog.saved.currentText() == "Överföringsmapp" and dialog.editor.layout_box.currentData() == "zipped-bag"
    (outcome,) = _export(qtbot, dialog, timeout=60000)
    assert outcome.error is None, _children(dialog, 0)
    transfer = Path(outcome.item.transfer)
    assert transfer.parent == out and transfer.suffix == ".zip"
    assert outcome.result.state == "delivered" and (source / transfer.name).is_file()
    assert _rows(dialog)[0][1] == "Delivered"
    assert _children(dialog, 0)[0] == f"Delivered to {source / transfer.name}"
    dialog.reject()
