"""Building: choose where, watch the progress (files, speed, time left), cancel, see the report.

The work runs in a :class:`~earchive_gui.workers.BuildWorker` thread.  Cancel sets the
core's CancelToken; the core deletes its temporary package, so nothing half-written is
left.  Afterwards the dialog lists each package (built and valid, built with problems,
failed), opens the output folder or the validation report, and offers the export step
(:class:`~earchive_gui.export_dialog.ExportDialog`) for the packages just built.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QUrl, Qt, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from earchive.errors import Cancelled, EarchiveError
from earchive.messages import register

from earchive_gui.i18n import human_duration, human_size, language, number, tr
from earchive_gui.workers import BuildJob, BuildOutcome, BuildWorker, Snapshot


class BuildOptionsDialog(QDialog):
    """Where to build, as folders or ZIP files, with or without system files."""

    def __init__(self, count: int, output_dir: str, zip_: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.build.options_title"))
        self.output = QLineEdit(output_dir)
        self.output.setAccessibleName(tr("gui.build.output"))
        browse = QPushButton(tr("gui.build.browse"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        self.zip = QCheckBox(tr("gui.build.zip"))
        self.zip.setChecked(zip_)
        self.system = QCheckBox(tr("gui.build.system_files"))
        self.system.setToolTip(tr("gui.plan.system_file_tip"))
        intro = QLabel(tr("gui.build.intro", n=count))
        intro.setWordWrap(True)
        form = QFormLayout()
        label = QLabel(tr("gui.build.output") + ":")
        label.setBuddy(self.output)
        form.addRow(label, row)
        form.addRow("", self.zip)
        form.addRow("", self.system)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("gui.build.start"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("gui.build.output"), self.output.text())
        if folder:
            self.output.setText(folder)

    def _accept(self) -> None:
        path = self.output.text().strip()
        if not path or not os.path.isdir(path):
            self.output.setFocus()
            self.output.setPlaceholderText(tr("gui.build.output_missing"))
            self.output.selectAll()
            return
        self.accept()


class BuildDialog(QDialog):
    """Progress of a build run and its outcome."""

    #: Emitted once, with every BuildOutcome, when the run has ended (finished or cancelled).
    finished_all = Signal(list)

    def __init__(self, jobs: list[BuildJob], output_dir: str, parent=None, *, validate: bool = True,
                 open_output: bool = False, build=None, validator=None, export_targets: Path | None = None,
                 target_kind: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.build.title"))
        self.setModal(True)
        self.output_dir = output_dir
        self.open_output_when_done = open_output
        self.outcomes: list[BuildOutcome] = []
        self.is_done = False
        #: The saved targets file; without one the dialog offers no export step.
        self.export_targets = export_targets
        #: "roda" or "archivematica" (the delivery profile's target system) preselects the target.
        self.target_kind = target_kind
        self.export_dialog = None
        self.worker = BuildWorker(jobs, validate=validate, build=build, validator=validator)
        self.worker.progressed.connect(self._progressed)
        self.worker.package_done.connect(self._package_done)
        self.worker.finished.connect(self._finished)

        self.package_label = QLabel(tr("gui.build.starting"))
        self.package_label.setWordWrap(True)
        font = self.package_label.font()
        font.setBold(True)
        self.package_label.setFont(font)
        self.phase_label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(tr("gui.build.progress"))
        self.files_value = QLabel("–")
        self.bytes_value = QLabel("–")
        self.speed_value = QLabel("–")
        self.left_value = QLabel("–")
        self.stats = QWidget()
        grid = QGridLayout(self.stats)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (code, value) in enumerate((("gui.build.files", self.files_value), ("gui.build.bytes", self.bytes_value),
                                              ("gui.build.speed", self.speed_value), ("gui.build.left", self.left_value))):
            label = QLabel(tr(code) + ":")
            label.setBuddy(value)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(tr(code))
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.current_label = QLabel("")
        self.current_label.setWordWrap(False)
        self.current_label.setMinimumWidth(360)
        self.results = QListWidget()
        self.results.setAccessibleName(tr("gui.build.results"))
        self.results.setWordWrap(True)
        self.results.hide()
        self.results.itemActivated.connect(self._show_report_for)

        self.cancel_button = QPushButton(tr("gui.build.cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton(tr("gui.build.open_folder"))
        self.open_button.clicked.connect(self.open_output)
        self.open_button.hide()
        self.report_button = QPushButton(tr("gui.build.show_report"))
        self.report_button.clicked.connect(lambda: self._show_report_for(self.results.currentItem() or self.results.item(0)))
        self.report_button.hide()
        self.export_button = QPushButton(tr("gui.build.export"))
        self.export_button.setToolTip(tr("gui.build.export.tip"))
        self.export_button.clicked.connect(self.open_export)
        self.export_button.hide()
        self.close_button = QPushButton(tr("gui.build.close"))
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.report_button, self.open_button, self.export_button, self.close_button, self.cancel_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.package_label)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.stats)
        layout.addWidget(self.current_label)
        layout.addWidget(self.results, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)
        self.resize(620, self.sizeHint().height())

    # --- running -------------------------------------------------------------------------

    def start(self) -> None:
        self.worker.start()

    def cancel(self) -> None:
        """Stop the build; the core removes the unfinished package."""
        if self.is_done:
            return
        self.cancel_button.setEnabled(False)
        self.phase_label.setText(tr("gui.build.cancelling"))
        self.worker.cancel()

    def reject(self) -> None:
        """Escape and the window's close button: cancel a running build, else close.

        (QDialog.closeEvent calls reject() and keeps the dialog open while it stays visible.)
        """
        if not self.is_done:
            self.cancel()
            return
        super().reject()

    def _progressed(self, snap: Snapshot) -> None:
        ev = snap.event
        self.package_label.setText(tr("gui.build.package_n", i=snap.index + 1, n=snap.count, title=snap.title))
        self.phase_label.setText(tr(f"gui.build.phase.{ev.phase}") if f"gui.build.phase.{ev.phase}" in _PHASES else ev.phase)
        self.bar.setValue(int(ev.fraction * 1000))
        self.files_value.setText(tr("gui.build.files_value", done=number(ev.files_done), total=number(ev.files_total)) if ev.files_total else "–")
        self.bytes_value.setText(tr("gui.build.bytes_value", done=human_size(ev.bytes_done), total=human_size(ev.bytes_total)) if ev.bytes_total else "–")
        speed = ev.bytes_per_second
        self.speed_value.setText(f"{human_size(speed)}/s" if speed > 0 else "–")
        self.left_value.setText(human_duration(ev.seconds_left) if ev.phase not in ("done",) else "–")
        current = ev.current or ""
        metrics = self.current_label.fontMetrics()
        self.current_label.setText(metrics.elidedText(current, Qt.TextElideMode.ElideMiddle, max(200, self.current_label.width())))

    def _package_done(self, outcome: BuildOutcome) -> None:
        self.outcomes.append(outcome)

    def _finished(self, outcomes: list[BuildOutcome]) -> None:
        self.worker.qthread.wait(5000)
        self.is_done = True
        self.outcomes = outcomes
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.bar.setValue(1000)
        built = [o for o in outcomes if o.result is not None]
        cancelled = any(isinstance(o.error, Cancelled) for o in outcomes)
        failed = [o for o in outcomes if o.error is not None and not isinstance(o.error, Cancelled)]
        invalid = [o for o in built if o.report is not None and not getattr(o.report, "valid", True)]
        if cancelled:
            self.package_label.setText(tr("gui.build.cancelled", built=len(built)))
        elif failed:
            self.package_label.setText(tr("gui.build.some_failed", built=len(built), failed=len(failed)))
        elif invalid:
            self.package_label.setText(tr("gui.build.built_invalid", built=len(built), invalid=len(invalid)))
        else:
            self.package_label.setText(tr("gui.build.all_built", built=len(built)))
        files = sum(getattr(o.result, "files", 0) for o in built)
        size = sum(getattr(o.result, "bytes", 0) for o in built)
        seconds = sum(getattr(o.result, "seconds", 0.0) for o in built)
        self.phase_label.setText(tr("gui.build.where", path=self.output_dir, files=number(files), size=human_size(size),
                                    time=human_duration(seconds)) if built else "")
        self.bar.hide()
        self.stats.hide()
        self.current_label.hide()
        self.results.clear()
        style = self.style()
        for o in outcomes:
            item = QListWidgetItem(_outcome_text(o))
            if o.error is not None:
                icon = QStyle.StandardPixmap.SP_MessageBoxCritical if not isinstance(o.error, Cancelled) else QStyle.StandardPixmap.SP_MessageBoxInformation
            elif o.report is not None and not getattr(o.report, "valid", True):
                icon = QStyle.StandardPixmap.SP_MessageBoxWarning
            else:
                icon = QStyle.StandardPixmap.SP_DialogApplyButton
            item.setIcon(style.standardIcon(icon))
            item.setData(Qt.ItemDataRole.UserRole, o)
            self.results.addItem(item)
        self.results.show()
        self.results.setCurrentRow(0)
        self.open_button.setVisible(bool(built))
        self.export_button.setVisible(bool(built) and self.export_targets is not None)
        self.report_button.setVisible(bool(outcomes))
        self.resize(max(self.width(), 640), max(self.height(), 420))
        self.finished_all.emit(outcomes)
        if built and self.open_output_when_done:
            self.open_output()

    def open_output(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.output_dir))

    def open_export(self):
        """The export step for the packages just built; returns the (shown) ExportDialog."""
        from earchive_gui.export_dialog import ExportDialog, ExportItem
        from earchive_gui.targets import TargetStore

        items = [ExportItem(o.job.title, Path(o.result.package_path), o.job.submission, Path(self.output_dir))
                 for o in self.outcomes if o.result is not None]
        if not items or self.export_targets is None:
            return None
        if self.export_dialog is not None and not self.export_dialog.is_running:
            self.export_dialog.deleteLater()
        self.export_dialog = ExportDialog(items, TargetStore(self.export_targets), self, kind=self.target_kind)
        self.export_dialog.show()
        return self.export_dialog

    def _show_report_for(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        outcome = item.data(Qt.ItemDataRole.UserRole)
        ReportDialog(outcome, self).exec()


def _outcome_text(o: BuildOutcome) -> str:
    lang = language()
    if o.error is not None:
        message = o.error.message(lang) if isinstance(o.error, EarchiveError) else tr("gui.build.bug", detail=str(o.error))
        return f"{o.job.title}: {message}"
    path = Path(getattr(o.result, "package_path", "")).name
    if o.report is None:
        status = tr("gui.build.not_validated") if o.report_error is None else tr("gui.build.validation_failed", detail=_error_text(o.report_error))
    elif getattr(o.report, "valid", False):
        status = tr("gui.build.valid")
    else:
        counts = o.report.counts() if hasattr(o.report, "counts") else {}
        status = tr("gui.build.invalid", errors=counts.get("error", "?"))
    return f"{o.job.title} → {path}\n{status}"


def _error_text(exc: BaseException) -> str:
    return exc.message(language()) if isinstance(exc, EarchiveError) else str(exc)


class ReportDialog(QDialog):
    """One package's build notes and validation report (requirement, level, status, where, message)."""

    def __init__(self, outcome: BuildOutcome, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.report.title", title=outcome.job.title))
        lang = language()
        layout = QVBoxLayout(self)
        summary = QLabel(_outcome_text(outcome))
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(summary)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([tr("gui.report.col_req"), tr("gui.report.col_level"), tr("gui.report.col_status"),
                                   tr("gui.report.col_where"), tr("gui.report.col_message")])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName(tr("gui.report.accessible"))
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        report = outcome.report
        rows = []
        self.skipped_items: list[QTreeWidgetItem] = []
        skipped_rows = []
        if report is not None:
            for r in report.sorted_results() if hasattr(report, "sorted_results") else []:
                if r.status.value == "passed":
                    continue
                level = r.severity.value if r.severity is not None else ""
                status = r.status.value
                if status == "not_used" or (status == "failed" and level == "info"):
                    status = "note"  # an optional feature not used: information, not a failure
                row = [r.id, tr(f"gui.report.level.{level}") if level else r.level,
                       tr(f"gui.report.status.{status}"), r.location, r.message(lang)]
                (skipped_rows if status == "skipped" else rows).append(row)
            counts = report.counts() if hasattr(report, "counts") else {}
            rows.append(["", "", tr("gui.report.status.passed"), "", tr("gui.report.passed_n", n=counts.get("passed", 0))])
        result = outcome.result
        for note in getattr(result, "notes", []) or []:
            rows.append([tr("gui.report.build_note"), tr(f"gui.report.level.{note.level}") if note.level in ("info", "warning") else note.level,
                         "", "", note.message(lang)])
        if outcome.error is not None:
            rows.insert(0, ["", tr("gui.report.level.error"), "", "", _error_text(outcome.error)])
        if outcome.report_error is not None:
            rows.insert(0, ["", tr("gui.report.level.error"), "", "", tr("gui.build.validation_failed", detail=_error_text(outcome.report_error))])
        for row in rows:
            item = QTreeWidgetItem([str(c) for c in row])
            item.setToolTip(4, str(row[4]))
            self.tree.addTopLevelItem(item)
        for row in skipped_rows:
            item = QTreeWidgetItem([str(c) for c in row])
            item.setToolTip(4, str(row[4]))
            self.tree.addTopLevelItem(item)
            item.setHidden(True)
            self.skipped_items.append(item)
        layout.addWidget(self.tree, 1)
        if skipped_rows:
            self.show_skipped = QCheckBox(tr("gui.report.show_skipped", n=len(skipped_rows)))
            self.show_skipped.toggled.connect(lambda on: [i.setHidden(not on) for i in self.skipped_items])
            layout.addWidget(self.show_skipped)
        if outcome.details:
            details = QPlainTextEdit(outcome.details)
            details.setReadOnly(True)
            details.setAccessibleName(tr("gui.report.details"))
            layout.addWidget(details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(900, 500)


_PHASES = {
    "gui.build.phase.start": {"en": "Starting…", "sv": "Startar…"},
    "gui.build.phase.finish": {"en": "Writing the package to its place…", "sv": "Skriver paketet på plats…"},
    "gui.build.phase.scan": {"en": "Looking at the files…", "sv": "Går igenom filerna…"},
    "gui.build.phase.copy": {"en": "Copying and computing checksums…", "sv": "Kopierar och beräknar kontrollsummor…"},
    "gui.build.phase.identify": {"en": "Identifying file formats…", "sv": "Identifierar filformat…"},
    "gui.build.phase.metadata": {"en": "Writing METS and PREMIS…", "sv": "Skriver METS och PREMIS…"},
    "gui.build.phase.zip": {"en": "Writing the ZIP file…", "sv": "Skriver ZIP-filen…"},
    "gui.build.phase.validate": {"en": "Validating the package…", "sv": "Validerar paketet…"},
    "gui.build.phase.done": {"en": "Finishing…", "sv": "Avslutar…"},
}
register(_PHASES)
register(
    {
        "gui.build.options_title": {"en": "Build packages", "sv": "Bygg paket"},
        "gui.build.intro": {"en": "{n} package(s) will be built. Your files are only read, never changed or moved.", "sv": "{n} paket byggs. Dina filer läses bara; de ändras eller flyttas aldrig."},
        "gui.build.output": {"en": "Output folder", "sv": "Utdatamapp"},
        "gui.build.output_missing": {"en": "Choose an existing folder", "sv": "Välj en befintlig mapp"},
        "gui.build.browse": {"en": "Browse…", "sv": "Bläddra…"},
        "gui.build.zip": {"en": "Make ZIP files instead of folders", "sv": "Skapa ZIP-filer i stället för mappar"},
        "gui.build.system_files": {"en": "Include system files (Thumbs.db, .DS_Store…)", "sv": "Ta med systemfiler (Thumbs.db, .DS_Store…)"},
        "gui.build.start": {"en": "Build", "sv": "Bygg"},
        "gui.build.title": {"en": "Building packages", "sv": "Bygger paket"},
        "gui.build.starting": {"en": "Starting…", "sv": "Startar…"},
        "gui.build.progress": {"en": "Progress of the current package", "sv": "Förlopp för aktuellt paket"},
        "gui.build.files": {"en": "Files", "sv": "Filer"},
        "gui.build.bytes": {"en": "Data", "sv": "Data"},
        "gui.build.speed": {"en": "Speed", "sv": "Hastighet"},
        "gui.build.left": {"en": "Time left", "sv": "Tid kvar"},
        "gui.build.files_value": {"en": "{done} of {total}", "sv": "{done} av {total}"},
        "gui.build.bytes_value": {"en": "{done} of {total}", "sv": "{done} av {total}"},
        "gui.build.package_n": {"en": "Package {i} of {n}: {title}", "sv": "Paket {i} av {n}: {title}"},
        "gui.build.cancel": {"en": "Cancel", "sv": "Avbryt"},
        "gui.build.cancelling": {"en": "Cancelling: removing the unfinished package…", "sv": "Avbryter: tar bort det ofärdiga paketet…"},
        "gui.build.cancelled": {"en": "Cancelled. {built} package(s) were finished before; nothing half-written was left behind.", "sv": "Avbrutet. {built} paket blev klara dessförinnan; inget halvfärdigt lämnades kvar."},
        "gui.build.some_failed": {"en": "{built} package(s) built, {failed} failed. Select one to see why.", "sv": "{built} paket byggdes, {failed} misslyckades. Välj ett för att se varför."},
        "gui.build.built_invalid": {"en": "{built} package(s) built; {invalid} did not pass validation. Look at the report.", "sv": "{built} paket byggdes; {invalid} klarade inte valideringen. Titta i rapporten."},
        "gui.build.all_built": {"en": "Done: {built} package(s) built.", "sv": "Klart: {built} paket byggdes."},
        "gui.build.where": {"en": "{files} file(s), {size}, in {time}. Saved in {path}", "sv": "{files} fil(er), {size}, på {time}. Sparade i {path}"},
        "gui.build.results": {"en": "Built packages", "sv": "Byggda paket"},
        "gui.build.open_folder": {"en": "Open output folder", "sv": "Öppna utdatamappen"},
        "gui.build.show_report": {"en": "Show report", "sv": "Visa rapport"},
        "gui.build.close": {"en": "Close", "sv": "Stäng"},
        "gui.build.export": {"en": "E&xport…", "sv": "E&xportera…"},
        "gui.build.export.tip": {"en": "Deliver the packages just built to RODA or Archivematica", "sv": "Leverera de nyss byggda paketen till RODA eller Archivematica"},
        "gui.build.valid": {"en": "Valid E-ARK package.", "sv": "Giltigt E-ARK-paket."},
        "gui.build.invalid": {"en": "Not valid: {errors} error(s). See the report.", "sv": "Inte giltigt: {errors} fel. Se rapporten."},
        "gui.build.not_validated": {"en": "Built (not validated).", "sv": "Byggt (inte validerat)."},
        "gui.build.validation_failed": {"en": "Built, but validation could not run: {detail}", "sv": "Byggt, men valideringen kunde inte köras: {detail}"},
        "gui.build.bug": {"en": "Unexpected error ({detail}). Please report it with the details from the report.", "sv": "Oväntat fel ({detail}). Rapportera det tillsammans med detaljerna i rapporten."},
        "gui.report.title": {"en": "Report: {title}", "sv": "Rapport: {title}"},
        "gui.report.col_req": {"en": "Requirement", "sv": "Krav"},
        "gui.report.col_level": {"en": "Level", "sv": "Nivå"},
        "gui.report.col_status": {"en": "Status", "sv": "Status"},
        "gui.report.col_where": {"en": "Where", "sv": "Var"},
        "gui.report.col_message": {"en": "Message", "sv": "Meddelande"},
        "gui.report.accessible": {"en": "Validation report", "sv": "Valideringsrapport"},
        "gui.report.details": {"en": "Technical details", "sv": "Tekniska detaljer"},
        "gui.report.build_note": {"en": "Build", "sv": "Bygge"},
        "gui.report.level.error": {"en": "Error", "sv": "Fel"},
        "gui.report.level.warning": {"en": "Warning", "sv": "Varning"},
        "gui.report.level.info": {"en": "Information", "sv": "Information"},
        "gui.report.status.passed": {"en": "Passed", "sv": "Godkänt"},
        "gui.report.status.failed": {"en": "Failed", "sv": "Underkänt"},
        "gui.report.status.skipped": {"en": "Not checked", "sv": "Ej kontrollerat"},
        "gui.report.status.note": {"en": "Note", "sv": "Notering"},
        "gui.report.status.warning": {"en": "Not met (SHOULD)", "sv": "Ej uppfyllt (BÖR)"},
        "gui.report.show_skipped": {"en": "Show the {n} requirement(s) that do not apply to this package", "sv": "Visa de {n} krav som inte gäller det här paketet"},
        "gui.report.passed_n": {"en": "{n} requirement(s) passed.", "sv": "{n} krav godkända."},
    }
)
