"""The export step: deliver built packages to RODA or Archivematica, and see what the archive did.

The dialog picks a saved target (:mod:`earchive_gui.targets`) or takes a new one,
asks for the password or key (kept in the system keyring only when "Remember" is
ticked; otherwise used for this run and forgotten), tests the connection, and runs
the delivery in an :class:`ExportWorker` thread with a progress bar and Cancel.  At
the end it lists per package the state, the archive's id (AIP id, transfer UUID),
the job report, or the error with "the local package is kept" and Retry when trying
again may help (:attr:`ExportError.retryable`).

RODA gets the built E-ARK package (``earchive.export.roda.export_package``).
Archivematica does not take E-ARK packages: a transfer is made from the plan's
Submission (``earchive.export.archivematica.make_transfer``) beside the packages,
then delivered (``export_transfer``).  The core modules are imported when used, so
the application starts even where they are missing.
"""

from __future__ import annotations

import copy
import importlib
import json
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from earchive.errors import Cancelled, EarchiveError
from earchive.export.target import ConnectionCheck, ExportError, ExportResult, Target, TargetKind
from earchive.messages import CATALOGUE, register
from earchive.progress import CancelToken, ProgressEvent

from earchive_gui import i18n
from earchive_gui.i18n import human_size, language, number, tr
from earchive_gui.targets import TargetEditor, TargetsDialog, TargetStore, layout_of
from earchive_gui.workers import run_task

#: Progress events forwarded to the UI at most this often (seconds).
PROGRESS_INTERVAL = 0.05
#: At most this many lines of a job report are shown (a report can list thousands of files).
MAX_REPORT_LINES = 2000


@dataclass
class ExportItem:
    """One package to deliver: the built E-ARK package (RODA) and the plan's Submission (Archivematica)."""

    title: str
    package: Path | None = None
    submission: Any = None
    #: Where Archivematica transfers are made (default: the package's folder).
    output_dir: Path | None = None
    #: The Archivematica transfer made by an earlier attempt (a retry delivers it again).
    transfer: Path | None = None


@dataclass
class ExportOutcome:
    """What happened to one item: the core's ExportResult, or the error."""

    item: ExportItem
    result: ExportResult | None = None
    error: BaseException | None = None
    details: str = ""

    @property
    def retryable(self) -> bool:
        return isinstance(self.error, ExportError) and self.error.retryable


@dataclass
class ExportSnapshot:
    """Progress of the run for the dialog (a copy, safe to read in the UI thread)."""

    index: int
    count: int
    title: str
    event: ProgressEvent
    stage: str = "deliver"  # transfer (making an Archivematica transfer) or deliver


def core_module(kind: str):
    """``earchive.export.roda`` or ``earchive.export.archivematica`` (looked up in sys.modules first, for tests)."""
    return importlib.import_module(f"earchive.export.{kind}")


class ExportWorker(QObject):
    """Delivers items one after another in its own QThread; Cancel sets the core's CancelToken."""

    progressed = Signal(object)  # ExportSnapshot
    item_done = Signal(int, object)  # index, ExportOutcome
    finished = Signal(list)  # [(index, ExportOutcome)]

    def __init__(self, items: list[tuple[int, ExportItem]], target: Target, secret: str | None, count: int) -> None:
        super().__init__()
        self.items = items
        self.target = target
        self._secret = secret
        self.count = count
        self.cancel_token = CancelToken()
        self._last_emit = 0.0
        self.qthread = QThread()
        self.qthread.setObjectName("earchive-export")
        self.moveToThread(self.qthread)
        self.qthread.started.connect(self.run)

    def start(self) -> None:
        self.qthread.start()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        done: list[tuple[int, ExportOutcome]] = []
        for index, item in self.items:
            outcome = ExportOutcome(item)
            if self.cancel_token.cancelled:
                outcome.error = Cancelled()
            else:
                try:
                    outcome.result = self._deliver(index, item)
                except EarchiveError as exc:  # ExportError, Cancelled, OutputError...
                    outcome.error = exc
                except (ImportError, AttributeError) as exc:
                    outcome.error = ExportError("gui.export.not_available", detail=str(exc))
                    outcome.details = traceback.format_exc()
                except Exception as exc:  # noqa: BLE001 - a bug: shown with details, never crashes the UI
                    outcome.error = exc
                    outcome.details = traceback.format_exc()
            done.append((index, outcome))
            self.item_done.emit(index, outcome)
        self._secret = None
        self.finished.emit(done)
        self.qthread.quit()

    def _sink(self, index: int, item: ExportItem, stage: str):
        def sink(event: ProgressEvent) -> None:
            now = time.monotonic()
            if now - self._last_emit >= PROGRESS_INTERVAL or event.phase == "done":
                self._last_emit = now
                self.progressed.emit(ExportSnapshot(index, self.count, item.title, copy.copy(event), stage))

        return sink

    def _deliver(self, index: int, item: ExportItem) -> ExportResult:
        target, token = self.target, self.cancel_token
        self.progressed.emit(ExportSnapshot(index, self.count, item.title, ProgressEvent(phase="start")))
        if target.kind is TargetKind.RODA:
            if item.package is None or not Path(item.package).exists():
                raise ExportError("gui.export.not_built", title=item.title)
            roda = core_module("roda")
            return roda.export_package(Path(item.package), target, secret=self._secret,
                                       progress=self._sink(index, item, "deliver"), cancel=token)
        archivematica = core_module("archivematica")
        if item.transfer is None or not Path(item.transfer).exists():
            if item.submission is None:
                raise ExportError("gui.export.no_plan", title=item.title)
            out = item.output_dir or (Path(item.package).parent if item.package is not None else None)
            if out is None:
                raise ExportError("gui.export.no_output", title=item.title)
            item.transfer = Path(archivematica.make_transfer(item.submission, Path(out), layout=layout_of(target),
                                                             progress=self._sink(index, item, "transfer"), cancel=token))
        return archivematica.export_transfer(Path(item.transfer), target, secret=self._secret,
                                             progress=self._sink(index, item, "deliver"), cancel=token)


class ExportDialog(QDialog):
    """Choose the target, test the connection, deliver, and see the archive's answer per package."""

    #: Emitted when a run has ended, with every ExportOutcome so far (tests and scripts wait for it).
    finished_all = Signal(list)
    #: Emitted with the ConnectionCheck (or the error) of a "Test connection".
    connection_checked = Signal(object)

    def __init__(self, items: list[ExportItem], store: TargetStore, parent=None, *, kind: str = "") -> None:
        super().__init__(parent)
        self.setModal(True)
        self.items = items
        self.store = store
        self.outcomes: list[ExportOutcome | None] = [None] * len(items)
        self.worker: ExportWorker | None = None
        self.is_running = False
        self.check: ConnectionCheck | BaseException | None = None
        self.checking = False
        self.keyring_problem: ExportError | None = None
        self._phase: tuple[str, str] = ("", "")
        self._last_snapshot: ExportSnapshot | None = None

        # --- packages ------------------------------------------------------------------
        self.packages_label = QLabel()
        self.packages = QListWidget()
        self.packages_label.setBuddy(self.packages)
        self.packages.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.packages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for item in items:
            text = f"{item.title} — {item.package}" if item.package else item.title
            self.packages.addItem(text)
            self.packages.item(self.packages.count() - 1).setToolTip(text)
        rows = min(max(len(items), 1), 4)
        row_height = max(self.packages.sizeHintForRow(0), self.packages.fontMetrics().height() + 2)
        self.packages.setFixedHeight(row_height * rows + 2 * self.packages.frameWidth() + 4)

        # --- target --------------------------------------------------------------------
        self.target_box = QGroupBox()
        self.saved_label = QLabel()
        self.saved = QComboBox()
        self.saved_label.setBuddy(self.saved)
        self.saved.currentIndexChanged.connect(self._saved_chosen)
        self.save_target_button = QPushButton()
        self.save_target_button.clicked.connect(self.save_target)
        self.manage_button = QPushButton()
        self.manage_button.clicked.connect(self.manage_targets)
        saved_row = QHBoxLayout()
        saved_row.addWidget(self.saved_label)
        saved_row.addWidget(self.saved, 1)
        saved_row.addWidget(self.save_target_button)
        saved_row.addWidget(self.manage_button)
        self.editor = TargetEditor()
        self.editor.changed.connect(self._target_edited)
        self.secret_label = QLabel()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_label.setBuddy(self.secret)
        self.remember = QCheckBox()
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.remember)
        secret_form = QFormLayout()
        secret_form.setContentsMargins(0, 0, 0, 0)
        secret_form.addRow(self.secret_label, secret_row)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.keyring_note.hide()
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test_connection)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.check_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.check_label, 1)
        box = QVBoxLayout(self.target_box)
        box.addLayout(saved_row)
        box.addWidget(self.editor)
        box.addLayout(secret_form)
        box.addWidget(self.keyring_note)
        box.addLayout(test_row)

        # --- progress ------------------------------------------------------------------
        self.package_label = QLabel()
        font = self.package_label.font()
        font.setBold(True)
        self.package_label.setFont(font)
        self.package_label.setWordWrap(True)
        self.phase_label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.amount_label = QLabel()
        for w in (self.phase_label, self.bar, self.amount_label):
            w.hide()

        # --- results -------------------------------------------------------------------
        self.results = QTreeWidget()
        self.results.setColumnCount(3)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.results.header().setStretchLastSection(True)
        self.results.hide()

        # --- buttons -------------------------------------------------------------------
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        self.export_button = QPushButton()
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        for b in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.packages_label)
        layout.addWidget(self.packages)
        layout.addWidget(self.target_box)
        layout.addWidget(self.package_label)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.amount_label)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)

        self._fill_saved(preferred=store.preferred(kind), kind=kind)
        self.retranslate()
        i18n.on_language_changed(self._language_changed)
        self.resize(720, self.sizeHint().height())
        if self.saved.currentData():
            self.export_button.setFocus()
        else:
            self.editor.name.setFocus()

    # --- targets ---------------------------------------------------------------------------

    def _fill_saved(self, preferred: Target | None = None, kind: str = "") -> None:
        self.saved.blockSignals(True)
        self.saved.clear()
        self.saved.addItem("", "")  # a new target, typed into the form
        for name in self.store.names():
            self.saved.addItem(name, name)
        self.saved.setCurrentIndex(max(0, self.saved.findData(preferred.name)) if preferred is not None else 0)
        self.saved.blockSignals(False)
        if preferred is not None:
            self.editor.set_target(preferred)
        else:
            self.editor.set_target(None, kind)
        self._target_edited()

    def _saved_chosen(self, _index: int) -> None:
        name = self.saved.currentData()
        target = self.store.get(name) if name else None
        self.editor.set_target(target, self.editor.kind.currentData())
        self.secret.clear()
        self.check = None
        self._show_check()
        self._target_edited()

    def _target_edited(self) -> None:
        """The kind or the way to log in changed: name the secret field after it."""
        kind = self.editor.kind.currentData()
        if kind == TargetKind.ARCHIVEMATICA.value:
            code = "gui.export.secret.api_key"
        elif self.editor.auth.currentData() == "access-key":
            code = "gui.export.secret.access_key"
        else:
            code = "gui.export.secret.password"
        self.secret_label.setText(tr(code) + ":")
        self.secret.setAccessibleName(tr(code))
        self.secret.setPlaceholderText(tr("gui.export.secret.placeholder"))

    def current_target(self) -> Target:
        """The target as the form shows it; raises InvalidInput."""
        name = self.saved.currentData()
        return self.editor.target(self.store.get(name) if name else None)

    def save_target(self) -> Target | None:
        """Save the form as a target (a new one, or the chosen one updated)."""
        try:
            target = self.current_target()
        except EarchiveError as exc:
            self._show_problem(exc)
            return None
        name = self.saved.currentData()
        target = self.store.update(name, target) if name else self.store.add(target)
        try:
            self.store.save()
        except OSError as exc:
            self.check_label.setText(tr("gui.targets.cannot_write", path=str(self.store.path), reason=exc.strerror or str(exc)))
            return None
        self._fill_saved(preferred=target)
        return target

    def manage_targets(self) -> None:
        current = self.saved.currentData()
        dialog = TargetsDialog(self.store, self)
        dialog.exec()
        self._fill_saved(preferred=self.store.get(current) or self.store.preferred(self.editor.kind.currentData()),
                         kind=self.editor.kind.currentData())

    def _show_problem(self, exc: BaseException) -> None:
        self.check = exc
        self._show_check()

    # --- secrets -----------------------------------------------------------------------------

    def _secret_for_run(self, target: Target) -> str | None:
        """The typed secret (None: the core looks in the keyring); stored in the keyring when "Remember" is ticked."""
        secret = self.secret.text()
        self.keyring_problem = None
        self.keyring_note.hide()
        if secret and self.remember.isChecked():
            from earchive.export import credentials

            try:
                credentials.store_secret(target, secret)
            except ExportError as exc:
                self.keyring_problem = exc
            self._show_keyring_note()
        return secret or None

    def _show_keyring_note(self) -> None:
        if self.keyring_problem is not None:
            self.keyring_note.setText(self.keyring_problem.message(language()))
            self.keyring_note.show()
        elif self.remember.isChecked() and self.secret.text():
            self.keyring_note.setText(tr("gui.export.secret.stored"))
            self.keyring_note.show()

    # --- test connection -----------------------------------------------------------------------

    def _target_and_secret(self):
        """The target in the form and the secret for this run; None (problem shown) when the form is wrong."""
        try:
            target = self.current_target()
        except EarchiveError as exc:
            self._show_problem(exc)
            return None
        return target, self._secret_for_run(target)

    def test_connection(self) -> None:
        """Ask the archive whether the address and the log-in work (off the UI thread)."""
        if self.checking:
            return
        chosen = self._target_and_secret()
        if chosen is None:
            return
        target, secret = chosen
        self.checking = True
        self.test_button.setEnabled(False)
        self.check = None
        self.check_label.setText(tr("gui.export.checking"))

        def work() -> ConnectionCheck:
            return core_module(target.kind.value).test_connection(target, secret=secret)

        run_task(work, self._checked, self._checked)

    def _checked(self, check: ConnectionCheck | BaseException) -> None:
        self.checking = False
        self.test_button.setEnabled(not self.is_running)
        if isinstance(check, (ImportError, AttributeError)):
            check = ExportError("gui.export.not_available", detail=str(check))
        self.check = check
        self._show_check()
        self.connection_checked.emit(check)

    def _show_check(self) -> None:
        check = self.check
        if check is None:
            self.check_label.setText("")
            self.check_label.setAccessibleName("")
            return
        if isinstance(check, ConnectionCheck):
            text = check.message(language())
            ok = check.ok
        else:
            text = _error_text(check)
            ok = False
        mark = "✓" if ok else "✗"
        self.check_label.setText(f"{mark} {text}")
        self.check_label.setStyleSheet("color: #1b5e20" if ok else "color: #b00020")
        self.check_label.setAccessibleName(tr("gui.export.check_result"))
        self.check_label.setToolTip(text)

    # --- export --------------------------------------------------------------------------------

    def export(self) -> None:
        """Deliver every package (again: the ones not yet delivered)."""
        todo = [i for i, o in enumerate(self.outcomes) if o is None or o.result is None]
        self._run(todo or list(range(len(self.items))))

    def retry(self) -> None:
        """Try again the packages whose failure may pass (unreachable server, interrupted upload...)."""
        self._run([i for i, o in enumerate(self.outcomes) if o is not None and o.retryable])

    def _run(self, indexes: list[int]) -> None:
        if self.is_running or not indexes:
            return
        chosen = self._target_and_secret()
        if chosen is None:
            return
        target, secret = chosen
        if self.saved.currentData():
            self.store.mark_used(target)
            try:
                self.store.save()
            except OSError:
                pass  # remembering the last used target is a convenience only
        self.is_running = True
        self._last_snapshot = None
        self.worker = ExportWorker([(i, self.items[i]) for i in indexes], target, secret, len(self.items))
        self.worker.progressed.connect(self._progressed)
        self.worker.item_done.connect(self._item_done)
        self.worker.finished.connect(self._finished)
        self.target_box.setEnabled(False)
        self.export_button.hide()
        self.retry_button.hide()
        self.close_button.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self.package_label.setText(tr("gui.export.starting"))
        for w in (self.phase_label, self.bar, self.amount_label):
            w.show()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.phase_label.setText("")
        self.amount_label.setText("")
        self.worker.start()

    def cancel(self) -> None:
        """Stop the delivery at the core's next check; the local packages are kept."""
        if not self.is_running or self.worker is None:
            return
        self.cancel_button.setEnabled(False)
        self.phase_label.setText(tr("gui.export.cancelling"))
        self.worker.cancel()

    def reject(self) -> None:
        """Escape and the close button: cancel a running export, else close."""
        if self.is_running:
            self.cancel()
            return
        super().reject()

    def _progressed(self, snap: ExportSnapshot) -> None:
        self._last_snapshot = snap
        if self.worker is not None and self.worker.cancel_token.cancelled:
            return
        ev = snap.event
        self.package_label.setText(tr("gui.export.package_n", i=snap.index + 1, n=snap.count, title=snap.title))
        self._phase = (snap.stage, ev.phase)
        self.phase_label.setText(_phase_text(snap.stage, ev.phase))
        if ev.bytes_total or ev.files_total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(ev.fraction * 1000))
        elif ev.phase != "start":
            self.bar.setRange(0, 0)  # waiting for the archive: a busy bar
        parts = []
        if ev.files_total:
            parts.append(tr("gui.export.files_value", done=number(ev.files_done), total=number(ev.files_total)))
        if ev.bytes_total:
            parts.append(tr("gui.export.bytes_value", done=human_size(ev.bytes_done), total=human_size(ev.bytes_total)))
        if ev.current:
            parts.append(ev.current)
        self.amount_label.setText(" · ".join(parts))

    def _item_done(self, index: int, outcome: ExportOutcome) -> None:
        self.outcomes[index] = outcome
        self._show_results()

    def _finished(self, done: list) -> None:
        if self.worker is not None:
            self.worker.qthread.wait(5000)
        for index, outcome in done:
            self.outcomes[index] = outcome
        self.is_running = False
        self.target_box.setEnabled(True)
        self.test_button.setEnabled(not self.checking)
        self.cancel_button.hide()
        self.close_button.show()
        for w in (self.phase_label, self.bar, self.amount_label):
            w.hide()
        self._show_results()
        pending = [o for o in self.outcomes if o is None or o.result is None]
        self.export_button.setVisible(bool(pending))
        self.retry_button.setVisible(any(o is not None and o.retryable for o in self.outcomes))
        (self.retry_button if self.retry_button.isVisible() else self.close_button).setFocus()
        self.close_button.setDefault(not pending)
        self.finished_all.emit([o for o in self.outcomes if o is not None])

    def _show_results(self) -> None:
        outcomes = [o for o in self.outcomes if o is not None]
        delivered = sum(1 for o in outcomes if o.result is not None)
        failed = sum(1 for o in outcomes if o.error is not None and not isinstance(o.error, Cancelled))
        cancelled = any(isinstance(o.error, Cancelled) for o in outcomes)
        if not self.is_running:
            if cancelled:
                self.package_label.setText(tr("gui.export.cancelled", delivered=delivered))
            elif failed:
                self.package_label.setText(tr("gui.export.some_failed", delivered=delivered, failed=failed))
            else:
                self.package_label.setText(tr("gui.export.all_done", delivered=delivered))
        expanded = {self.results.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                    for i in range(self.results.topLevelItemCount()) if self.results.topLevelItem(i).isExpanded()}
        self.results.clear()
        style = self.style()
        SP = QStyle.StandardPixmap
        for index, outcome in enumerate(self.outcomes):
            if outcome is None:
                continue
            top = QTreeWidgetItem([outcome.item.title, _state_text(outcome), _id_text(outcome)])
            top.setData(0, Qt.ItemDataRole.UserRole, index)
            icon = SP.SP_DialogApplyButton if outcome.result is not None else (
                SP.SP_MessageBoxInformation if isinstance(outcome.error, Cancelled) else SP.SP_MessageBoxCritical)
            top.setIcon(0, style.standardIcon(icon))
            spanned = []
            for line in _detail_lines(outcome):
                child = QTreeWidgetItem([line])
                child.setToolTip(0, line)
                top.addChild(child)
                spanned.append(child)
            result = _result_of(outcome)
            if result is not None and result.report:
                report = QTreeWidgetItem([tr("gui.export.job_report")])
                _add_report(report, result.report, [0], spanned)
                top.addChild(report)
                spanned.append(report)
            if outcome.details:
                details = QTreeWidgetItem([tr("gui.export.details")])
                for line in outcome.details.strip().splitlines():
                    details.addChild(QTreeWidgetItem([line]))
                    spanned.append(details.child(details.childCount() - 1))
                top.addChild(details)
                spanned.append(details)
            self.results.addTopLevelItem(top)
            if outcome.error is not None or index in expanded:
                top.setExpanded(True)
            for child in spanned:  # messages read across the columns (spanning works once in the tree)
                child.setFirstColumnSpanned(True)
        self.results.setVisible(bool(outcomes))
        if outcomes:
            self.results.setCurrentItem(self.results.topLevelItem(0))
            self.resize(max(self.width(), 760), max(self.height(), 640))

    # --- language ------------------------------------------------------------------------------

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("gui.export.title"))
        self.packages_label.setText(tr("gui.export.packages", n=len(self.items)))
        self.packages.setAccessibleName(tr("gui.export.packages_list"))
        self.target_box.setTitle(tr("gui.export.target"))
        self.saved_label.setText(tr("gui.export.saved") + ":")
        self.saved.setAccessibleName(tr("gui.export.saved"))
        self.saved.setItemText(0, tr("gui.export.new_target"))
        self.save_target_button.setText(tr("gui.export.save_target"))
        self.save_target_button.setToolTip(tr("gui.export.save_target.tip"))
        self.manage_button.setText(tr("gui.export.manage"))
        self._target_edited()
        self.remember.setText(tr("gui.export.remember"))
        self.remember.setToolTip(tr("gui.export.remember.tip"))
        self._show_keyring_note()
        self.test_button.setText(tr("gui.export.test"))
        self.test_button.setToolTip(tr("gui.export.test.tip"))
        if self.checking:
            self.check_label.setText(tr("gui.export.checking"))
        else:
            self._show_check()
        self.bar.setAccessibleName(tr("gui.export.progress"))
        self.results.setAccessibleName(tr("gui.export.results"))
        self.results.setHeaderLabels([tr("gui.export.col_package"), tr("gui.export.col_state"), tr("gui.export.col_id")])
        self.retry_button.setText(tr("gui.export.retry"))
        self.retry_button.setToolTip(tr("gui.export.retry.tip"))
        self.export_button.setText(tr("gui.export.export"))
        self.cancel_button.setText(tr("gui.export.cancel"))
        self.close_button.setText(tr("gui.export.close"))
        if self.is_running:
            if self._last_snapshot is not None:
                self._progressed(self._last_snapshot)
        elif any(o is not None for o in self.outcomes):
            self._show_results()
        else:
            self.package_label.setText("")


# --------------------------------------------------------------------------------------
# Texts of outcomes
# --------------------------------------------------------------------------------------


def _error_text(exc: BaseException) -> str:
    return exc.message(language()) if isinstance(exc, EarchiveError) else tr("gui.export.bug", detail=str(exc))


def _phase_text(stage: str, phase: str) -> str:
    for code in (f"gui.export.phase.{stage}.{phase}", f"gui.export.phase.{phase}"):
        if code in CATALOGUE:
            return tr(code)
    return phase


def _state_text(o: ExportOutcome) -> str:
    if o.result is not None:
        state = o.result.state or "delivered"
        code = f"gui.export.state.{state.lower()}"
        return tr(code) if code in CATALOGUE else state
    if isinstance(o.error, Cancelled):
        return tr("gui.export.state.cancelled")
    return tr("gui.export.state.failed")


def _id_text(o: ExportOutcome) -> str:
    r = o.result
    if r is None:
        return ""
    if r.aip_id:
        return tr("gui.export.aip_id", id=r.aip_id)
    if r.transfer_id:
        return tr("gui.export.transfer_id", id=r.transfer_id)
    return ""


def _result_of(o: ExportOutcome) -> ExportResult | None:
    """The delivery's result, also of a failed ingest job (JobFailed carries the job and its report)."""
    if o.result is not None:
        return o.result
    result = getattr(o.error, "result", None)
    return result if isinstance(result, ExportResult) else None


def _detail_lines(o: ExportOutcome) -> list[str]:
    lines = []
    if o.error is not None:
        lines.append(_error_text(o.error))
    r = _result_of(o)
    if r is not None:
        if r.delivered_to and o.error is None:
            lines.append(tr("gui.export.delivered_to", where=r.delivered_to))
        if r.aip_id:
            lines.append(tr("gui.export.aip_id", id=r.aip_id))
        if r.transfer_id:
            lines.append(tr("gui.export.transfer_id", id=r.transfer_id))
        if r.job_id:
            lines.append(tr("gui.export.job_id", id=r.job_id))
        lines.extend(_notes(r))
    if o.error is not None:
        kept = o.item.transfer or o.item.package
        if kept is not None:
            lines.append(tr("gui.export.kept", path=str(kept)))
        if o.retryable:
            lines.append(tr("gui.export.retry_hint"))
    return lines


def _notes(result: ExportResult) -> list[str]:
    """The notes of a result in the current language (RODA's are message codes with data)."""
    if result.target == TargetKind.RODA.value:
        try:
            return list(core_module("roda").note_messages(result, language()))
        except (ImportError, AttributeError):
            pass
    return [n.message(language()) if hasattr(n, "message") else str(n) for n in result.notes]


def _add_report(parent: QTreeWidgetItem, value: Any, count: list[int], spanned: list[QTreeWidgetItem]) -> None:
    """The job report as a tree of "key: value" lines (dicts and lists expand), at most MAX_REPORT_LINES lines."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, sub in items:
        if count[0] >= MAX_REPORT_LINES:
            more = QTreeWidgetItem([tr("gui.export.report_truncated", n=MAX_REPORT_LINES)])
            parent.addChild(more)
            spanned.append(more)
            return
        count[0] += 1
        name = str(key) if isinstance(key, str) else f"[{key + 1}]"
        if isinstance(sub, (dict, list)) and sub:
            child = QTreeWidgetItem([name])
            _add_report(child, sub, count, spanned)
        else:
            text = json.dumps(sub, ensure_ascii=False) if isinstance(sub, (dict, list)) else str(sub)
            child = QTreeWidgetItem([f"{name}: {text}"])
            child.setToolTip(0, text)
        parent.addChild(child)
        spanned.append(child)


register(
    {
        "gui.export.package_n": {"en": "Package {i} of {n}: {title}", "sv": "Paket {i} av {n}: {title}"},
        "gui.export.bug": {"en": "Unexpected error ({detail}). Please report it with the technical details below.", "sv": "Oväntat fel ({detail}). Rapportera det tillsammans med de tekniska detaljerna nedan."},
        "gui.export.details": {"en": "Technical details", "sv": "Tekniska detaljer"},
        "gui.export.cancel": {"en": "Cancel", "sv": "Avbryt"},
        "gui.export.close": {"en": "Close", "sv": "Stäng"},
        "gui.export.title": {"en": "Export to an archive", "sv": "Exportera till ett arkiv"},
        "gui.export.packages": {"en": "Packages to export ({n}):", "sv": "Paket att exportera ({n}):"},
        "gui.export.packages_list": {"en": "Packages to export", "sv": "Paket att exportera"},
        "gui.export.target": {"en": "Target", "sv": "Mål"},
        "gui.export.saved": {"en": "Saved target", "sv": "Sparat mål"},
        "gui.export.new_target": {"en": "(new target)", "sv": "(nytt mål)"},
        "gui.export.save_target": {"en": "&Save target", "sv": "&Spara målet"},
        "gui.export.save_target.tip": {"en": "Save the address, user and folder (never the password) for next time.", "sv": "Spara adress, användare och mapp (aldrig lösenordet) till nästa gång."},
        "gui.export.manage": {"en": "&Targets…", "sv": "&Mål…"},
        "gui.export.secret.password": {"en": "Password", "sv": "Lösenord"},
        "gui.export.secret.access_key": {"en": "Access key", "sv": "Åtkomstnyckel"},
        "gui.export.secret.api_key": {"en": "API key", "sv": "API-nyckel"},
        "gui.export.secret.placeholder": {"en": "Empty: use the one stored in the keyring", "sv": "Tomt: använd den som finns i nyckelringen"},
        "gui.export.remember": {"en": "&Remember in the system keyring", "sv": "&Kom ihåg i systemets nyckelring"},
        "gui.export.remember.tip": {"en": "Kept only in the operating system's keyring, never in a project, settings or report file.", "sv": "Sparas bara i operativsystemets nyckelring, aldrig i projekt-, inställnings- eller rapportfiler."},
        "gui.export.secret.stored": {"en": "Stored in the system keyring.", "sv": "Sparat i systemets nyckelring."},
        "gui.export.test": {"en": "Test &connection", "sv": "Testa &anslutningen"},
        "gui.export.test.tip": {"en": "Check the address and the log-in without sending anything.", "sv": "Kontrollera adressen och inloggningen utan att skicka något."},
        "gui.export.checking": {"en": "Contacting the archive…", "sv": "Kontaktar arkivet…"},
        "gui.export.check_result": {"en": "Result of the connection test", "sv": "Resultat av anslutningstestet"},
        "gui.export.export": {"en": "&Export", "sv": "&Exportera"},
        "gui.export.retry": {"en": "Retry &failed", "sv": "&Försök igen"},
        "gui.export.retry.tip": {"en": "Try again the packages that failed for a reason that may pass (server unreachable, interrupted upload).", "sv": "Försök igen med paketen som misslyckades av ett skäl som kan gå över (servern nås inte, avbruten uppladdning)."},
        "gui.export.starting": {"en": "Starting…", "sv": "Startar…"},
        "gui.export.cancelling": {"en": "Cancelling; the local packages are kept…", "sv": "Avbryter; de lokala paketen finns kvar…"},
        "gui.export.progress": {"en": "Progress of the export", "sv": "Exportens förlopp"},
        "gui.export.files_value": {"en": "{done} of {total} files", "sv": "{done} av {total} filer"},
        "gui.export.bytes_value": {"en": "{done} of {total}", "sv": "{done} av {total}"},
        "gui.export.results": {"en": "Export results", "sv": "Exportresultat"},
        "gui.export.col_package": {"en": "Package", "sv": "Paket"},
        "gui.export.col_state": {"en": "State", "sv": "Status"},
        "gui.export.col_id": {"en": "Archive's id", "sv": "Arkivets id"},
        "gui.export.cancelled": {"en": "Cancelled. {delivered} package(s) were delivered before; the local packages are kept.", "sv": "Avbrutet. {delivered} paket levererades dessförinnan; de lokala paketen finns kvar."},
        "gui.export.some_failed": {"en": "{delivered} package(s) delivered, {failed} failed. The local packages are kept.", "sv": "{delivered} paket levererades, {failed} misslyckades. De lokala paketen finns kvar."},
        "gui.export.all_done": {"en": "Done: {delivered} package(s) delivered.", "sv": "Klart: {delivered} paket levererades."},
        "gui.export.state.completed": {"en": "Ingested", "sv": "Inläst"},
        "gui.export.state.delivered": {"en": "Delivered", "sv": "Levererat"},
        "gui.export.state.failed": {"en": "Failed", "sv": "Misslyckades"},
        "gui.export.state.cancelled": {"en": "Cancelled", "sv": "Avbrutet"},
        "gui.export.state.complete": {"en": "Ingested", "sv": "Inläst"},
        "gui.export.state.created": {"en": "Job created in the archive", "sv": "Jobb skapat i arkivet"},
        "gui.export.state.backlog": {"en": "Sent to the backlog", "sv": "Skickat till eftersläpningen (backlog)"},
        "gui.export.state.user_input": {"en": "Waiting for a decision in Archivematica", "sv": "Väntar på ett beslut i Archivematica"},
        "gui.export.state.running": {"en": "Still running in the archive", "sv": "Pågår fortfarande i arkivet"},
        "gui.export.state.started": {"en": "Started in the archive", "sv": "Startat i arkivet"},
        "gui.export.aip_id": {"en": "AIP id: {id}", "sv": "AIP-id: {id}"},
        "gui.export.transfer_id": {"en": "Transfer UUID: {id}", "sv": "Överförings-UUID: {id}"},
        "gui.export.job_id": {"en": "Job: {id}", "sv": "Jobb: {id}"},
        "gui.export.delivered_to": {"en": "Delivered to {where}", "sv": "Levererat till {where}"},
        "gui.export.kept": {"en": "The local package is kept: {path}", "sv": "Det lokala paketet finns kvar: {path}"},
        "gui.export.retry_hint": {"en": "This may pass: use \"Retry failed\".", "sv": "Det här kan gå över: använd \"Försök igen\"."},
        "gui.export.job_report": {"en": "Job report", "sv": "Jobbrapport"},
        "gui.export.report_truncated": {"en": "(only the first {n} lines are shown)", "sv": "(bara de första {n} raderna visas)"},
        "gui.export.phase.start": {"en": "Starting…", "sv": "Startar…"},
        "gui.export.phase.zip": {"en": "Zipping the package…", "sv": "Packar paketet som ZIP…"},
        "gui.export.phase.upload": {"en": "Uploading…", "sv": "Laddar upp…"},
        "gui.export.phase.copy": {"en": "Copying to the transfer folder…", "sv": "Kopierar till överföringsmappen…"},
        "gui.export.phase.ingest": {"en": "Waiting for the archive to ingest the package…", "sv": "Väntar på att arkivet läser in paketet…"},
        "gui.export.phase.wait": {"en": "Waiting for the archive to ingest the package…", "sv": "Väntar på att arkivet läser in paketet…"},
        "gui.export.phase.poll": {"en": "Waiting for the archive to ingest the package…", "sv": "Väntar på att arkivet läser in paketet…"},
        "gui.export.phase.start_transfer": {"en": "Starting the transfer in the archive…", "sv": "Startar överföringen i arkivet…"},
        "gui.export.phase.validate": {"en": "Checking the package…", "sv": "Kontrollerar paketet…"},
        "gui.export.phase.deliver": {"en": "Copying to the transfer source folder…", "sv": "Kopierar till överföringskällans mapp…"},
        "gui.export.phase.transfer.scan": {"en": "Making the Archivematica transfer: looking at the files…", "sv": "Skapar Archivematica-överföringen: går igenom filerna…"},
        "gui.export.phase.transfer.finish": {"en": "Making the Archivematica transfer: writing it to its place…", "sv": "Skapar Archivematica-överföringen: skriver den på plats…"},
        "gui.export.phase.done": {"en": "Finishing…", "sv": "Avslutar…"},
        "gui.export.phase.transfer.start": {"en": "Making the Archivematica transfer…", "sv": "Skapar Archivematica-överföringen…"},
        "gui.export.phase.transfer.copy": {"en": "Making the Archivematica transfer: copying files…", "sv": "Skapar Archivematica-överföringen: kopierar filer…"},
        "gui.export.phase.transfer.metadata": {"en": "Making the Archivematica transfer: writing metadata…", "sv": "Skapar Archivematica-överföringen: skriver metadata…"},
        "gui.export.phase.transfer.bag": {"en": "Making the BagIt bag…", "sv": "Skapar BagIt-påsen…"},
        "gui.export.phase.transfer.zip": {"en": "Zipping the transfer…", "sv": "Packar överföringen som ZIP…"},
        "gui.export.phase.transfer.done": {"en": "Transfer made.", "sv": "Överföringen är klar."},
        "gui.export.not_built": {"en": "\"{title}\" has not been built yet: build it first, then export it.", "sv": "\"{title}\" är inte byggt än: bygg det först och exportera det sedan."},
        "gui.export.no_plan": {"en": "\"{title}\" has no package plan to make an Archivematica transfer from: export it from the main window.", "sv": "\"{title}\" har ingen paketplan att göra en Archivematica-överföring från: exportera det från huvudfönstret."},
        "gui.export.no_output": {"en": "There is no folder to make the Archivematica transfer of \"{title}\" in: choose an output folder and build first.", "sv": "Det finns ingen mapp att skapa Archivematica-överföringen för \"{title}\" i: välj en utdatamapp och bygg först."},
        "gui.export.not_available": {"en": "Export is not available in this installation ({detail}). Update earchive.", "sv": "Export finns inte i den här installationen ({detail}). Uppdatera earchive."},
        "gui.export.nothing": {"en": "Build the selected packages first; then export them.", "sv": "Bygg de valda paketen först; exportera dem sedan."},
    }
)
