"""The case-file view: a package's ärenden and handlingar as a tree, with their files and restrictions.

Shown as the "Ärenden" tab of the package editor when the package is a case-file delivery
(its dictionary has an ``erms`` entry, :mod:`earchive.erms.job`).  The register is read off
the UI thread (:func:`earchive_gui.workers.run_task`), with ``continue`` so that a register
with problems still shows what it holds; the problems themselves are in the problems list.

The restrictions of the selected case or record can be edited (type, regulation, why,
until); an edit is stored in the package as an override (``erms.restrictions``) and is
undoable like any other edit: the archivist's spreadsheet is never changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from earchive.erms import vocabulary as voc
from earchive.erms.delivery import target_key

from earchive_gui.controller import PlanController
from earchive_gui.i18n import register, tr
from earchive_gui.workers import run_task

#: Tree columns.
COLUMNS = ("number", "title", "date", "direction", "restriction")
#: Columns of the restriction table, in order (keys of an override entry).
RESTRICTION_COLUMNS = ("type", "regulation", "explanatory_text", "until")
#: Data role holding an item's restriction target key (case, or case#record).
ROLE_TARGET = Qt.ItemDataRole.UserRole + 1
#: Data role holding a record's (register file name, row).
ROLE_ROW = Qt.ItemDataRole.UserRole + 2
#: Colour of a restriction without its regulation.
MISSING = QColor("#c62828")


def load_cases(pkg: dict) -> Any:
    """The delivery of a package dictionary, read as the builder reads it but continuing past problems."""
    from earchive.erms import job as erms_job

    data = dict(pkg)
    data["erms"] = {**pkg["erms"], "continue": True}
    data.setdefault("submitting_agent", {"name": "-"})
    delivery = erms_job.prepare(data)[1]
    delivery.folders()  # each case's folder in the package, as the builder will name it
    return delivery


class CaseFileView(QWidget):
    """Ärenden and handlingar of one package, and the restrictions of the selected one."""

    def __init__(self, controller: PlanController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.package_id = ""
        self.delivery = None
        self._generation = 0
        self._selected_key = ""
        self._filling = False

        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.choose_button = QPushButton(self)
        self.choose_button.clicked.connect(self.choose_register)
        self.schemas_button = QPushButton(self)
        self.schemas_button.clicked.connect(self.get_schemas)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.schemas_button)
        top.addWidget(self.choose_button)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(True)
        self.tree.currentItemChanged.connect(self._current_changed)

        self.restrictions_box = QGroupBox(self)
        self.target_label = QLabel(self.restrictions_box)
        self.target_label.setWordWrap(True)
        self.table = QTableWidget(0, len(RESTRICTION_COLUMNS), self.restrictions_box)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(self._cell_edited)
        self.add_button = QPushButton(self.restrictions_box)
        self.add_button.clicked.connect(self.add_restriction)
        self.remove_button = QPushButton(self.restrictions_box)
        self.remove_button.clicked.connect(self.remove_restriction)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self.restrictions_box)
        box.addWidget(self.target_label)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.restrictions_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.source_label)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        controller.packages_changed.connect(self._packages_changed)
        self.retranslate()

    # --- binding ----------------------------------------------------------------------------

    def bind(self, package_id: str) -> None:
        """Show the cases of this package ('' or a package without case files: nothing)."""
        self.package_id = package_id
        self.reload()

    def reload(self) -> None:
        pkg = self.controller.plan.packages.get(self.package_id) if self.package_id else None
        self._generation += 1
        if not pkg or not pkg.get("erms"):
            self.delivery = None
            self._fill()
            return
        generation = self._generation
        self.source_label.setText(tr("gui.case.source", path=pkg["erms"].get("source", "")))
        self.summary.setText(tr("gui.case.loading"))
        run_task(lambda: load_cases(pkg), lambda result: self._loaded(generation, result),
                 lambda exc: self._failed(generation, exc))

    def _loaded(self, generation: int, delivery) -> None:
        if generation == self._generation:
            self.delivery = delivery
            self._fill()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.delivery = None
        self._fill()
        message = exc.message(_lang()) if hasattr(exc, "message") else str(exc)
        self.summary.setText(tr("gui.case.unreadable", reason=message))

    def _packages_changed(self, keys: list[str]) -> None:
        if self.package_id in keys:
            self.reload()

    # --- the tree -------------------------------------------------------------------------------

    def _fill(self) -> None:
        self._filling = True
        self.tree.clear()
        from earchive import schema_store

        self.schemas_button.setVisible(bool(schema_store.missing()))
        try:
            if self.delivery is None:
                self.summary.setText("")
                self._show_restrictions(None)
                return
            doc = self.delivery.document
            restricted = 0
            current = None
            file_items: list[QTreeWidgetItem] = []
            for agg in doc.aggregations:
                case = QTreeWidgetItem([agg.case_number, agg.title, _day(agg.created), "", _labels(agg.restrictions)])
                case.setData(0, ROLE_TARGET, target_key(agg.case_number))
                restricted += bool(agg.restrictions)
                for record in agg.records:
                    item = QTreeWidgetItem(case, [record.number, record.title, _day(record.created),
                                                  tr(f"gui.case.direction.{record.direction}") if record.direction else "",
                                                  _labels(record.restrictions)])
                    item.setData(0, ROLE_TARGET, target_key(agg.case_number, record.number))
                    item.setData(0, ROLE_ROW, record.origin)
                    restricted += bool(record.restrictions)
                    for path in record.files:
                        file_item = QTreeWidgetItem(item, [tr("gui.case.file", path=f"{agg.folder}/{path.name}")])
                        file_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                        file_items.append(file_item)
                    if item.data(0, ROLE_TARGET) == self._selected_key:
                        current = item
                    _mark(item, record.restrictions)
                _mark(case, agg.restrictions)
                self.tree.addTopLevelItem(case)
                if case.data(0, ROLE_TARGET) == self._selected_key:
                    current = case
            for file_item in file_items:  # spanning works once the item is in the tree
                file_item.setFirstColumnSpanned(True)
            self.summary.setText(tr("gui.case.summary", cases=len(doc.aggregations), records=len(doc.records),
                                    restricted=restricted, problems=len(self.delivery.problems)))
            for column in (0, 2, 3):
                self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(1, max(160, self.tree.viewport().width() // 3))
            if current is not None:
                self.tree.setCurrentItem(current)
                self.tree.scrollToItem(current)
            self._show_restrictions(self.tree.currentItem())
        finally:
            self._filling = False

    def show_problem(self, problem) -> None:
        """Select the case or record on the register row a problem names (when the view knows it)."""
        row = getattr(problem, "row", None)
        if row is None or self.delivery is None:
            return
        for i in range(self.tree.topLevelItemCount()):
            case = self.tree.topLevelItem(i)
            for j in range(case.childCount()):
                if case.child(j).data(0, ROLE_ROW) == (getattr(problem, "file", ""), row):
                    self.tree.setCurrentItem(case.child(j))
                    self.tree.scrollToItem(case.child(j))
                    return

    def _current_changed(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        if not self._filling:
            self._show_restrictions(item)

    # --- restrictions ------------------------------------------------------------------------------

    def _target(self, item: QTreeWidgetItem | None):
        key = item.data(0, ROLE_TARGET) if item is not None else None
        if not key or self.delivery is None:
            return None, None
        for agg in self.delivery.document.aggregations:
            if key == target_key(agg.case_number):
                return key, agg
            for record in agg.records:
                if key == target_key(agg.case_number, record.number):
                    return key, record
        return None, None

    def _show_restrictions(self, item: QTreeWidgetItem | None) -> None:
        key, target = self._target(item)
        self._selected_key = key or ""
        editing = self._filling
        self._filling = True
        try:
            self.table.setRowCount(0)
            self.restrictions_box.setEnabled(target is not None)
            if target is None:
                self.target_label.setText(tr("gui.case.choose"))
                return
            self.target_label.setText(tr("gui.case.restrictions_of", target=key.replace("#", " · ")))
            for restriction in target.restrictions:
                self._add_row({"type": restriction.type, "regulation": restriction.regulation,
                               "explanatory_text": restriction.explanatory_text,
                               "until": _day(restriction.until) if restriction.until else ""})
        finally:
            self._filling = editing

    def _add_row(self, values: dict) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        for term in voc.terms(voc.RESTRICTION_TYPE):
            combo.addItem(tr(f"gui.case.type.{term}"), term)
        combo.setCurrentIndex(max(0, combo.findData(values.get("type") or "confidential")))
        combo.currentIndexChanged.connect(lambda _=0: self._save())
        self.table.setCellWidget(row, 0, combo)
        for column, key in enumerate(RESTRICTION_COLUMNS[1:], start=1):
            cell = QTableWidgetItem(values.get(key, ""))
            if key == "regulation" and not values.get(key):
                cell.setBackground(QBrush(MISSING.lighter(180)))
                cell.setToolTip(tr("gui.case.regulation_missing"))
            self.table.setItem(row, column, cell)

    def _rows(self) -> list[dict]:
        rows = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 0)
            entry = {"type": combo.currentData() if combo is not None else "confidential"}
            for column, key in enumerate(RESTRICTION_COLUMNS[1:], start=1):
                cell = self.table.item(row, column)
                text = cell.text().strip() if cell is not None else ""
                if text or key == "regulation":
                    entry[key] = text
            rows.append(entry)
        return rows

    def _cell_edited(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self._save()

    def add_restriction(self) -> None:
        self._filling = True
        try:
            self._add_row({"type": "confidential", "regulation": ""})
        finally:
            self._filling = False
        self.table.setCurrentCell(self.table.rowCount() - 1, 1)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 1))

    def remove_restriction(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._save()

    def set_restrictions(self, key: str, rows: list[dict]) -> bool:
        """Store ``rows`` as the restrictions of target ``key`` in the package (one undo step)."""
        def change(pkg: dict) -> None:
            erms = dict(pkg.get("erms") or {})
            overrides = dict(erms.get("restrictions") or {})
            overrides[key] = rows
            erms["restrictions"] = overrides
            pkg["erms"] = erms

        return self.controller.edit([self.package_id], tr("gui.case.undo", target=key.replace("#", " · ")), change)

    def _save(self) -> None:
        rows = [r for r in self._rows() if r.get("regulation") or r.get("type")]
        if self._selected_key:
            self.set_restrictions(self._selected_key, rows)

    # --- register and schemas ------------------------------------------------------------------------

    def choose_register(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("gui.case.choose_register"), "", tr("gui.case.register_filter"))
        if path and self.package_id:
            def change(pkg: dict) -> None:
                pkg["erms"] = {**(pkg.get("erms") or {}), "source": path}
                pkg["erms"].pop("restrictions", None)

            self.controller.edit([self.package_id], tr("gui.case.undo_register"), change)

    def get_schemas(self) -> None:
        from earchive import schema_store

        folder = QFileDialog.getExistingDirectory(self, tr("gui.case.schemas_folder"))
        if not folder:
            return
        try:
            schema_store.install_from(folder)
        except Exception as exc:  # noqa: BLE001 - shown to the user, who can try another folder
            self.summary.setText(exc.message(_lang()) if hasattr(exc, "message") else str(exc))
            return
        self.reload()

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([tr(f"gui.case.col.{c}") for c in COLUMNS])
        self.table.setHorizontalHeaderLabels([tr(f"gui.case.rcol.{c}") for c in RESTRICTION_COLUMNS])
        self.restrictions_box.setTitle(tr("gui.case.restrictions"))
        self.add_button.setText(tr("gui.case.add"))
        self.remove_button.setText(tr("gui.case.remove"))
        self.choose_button.setText(tr("gui.case.choose_register"))
        self.schemas_button.setText(tr("gui.case.get_schemas"))
        self.schemas_button.setToolTip(tr("gui.case.get_schemas_tip"))
        self.tree.setAccessibleName(tr("gui.case.tree"))
        self.table.setAccessibleName(tr("gui.case.restrictions"))
        if self.delivery is not None or self.package_id:
            self.reload()


def _lang() -> str:
    from earchive_gui.i18n import language

    return language()


def _day(when) -> str:
    if when is None:
        return ""
    return when.date().isoformat() if hasattr(when, "hour") and hasattr(when, "date") else when.isoformat()


def _labels(restrictions) -> str:
    return "; ".join(f"{tr(f'gui.case.type.{r.type}')} ({r.regulation})" for r in restrictions)


def _mark(item: QTreeWidgetItem, restrictions) -> None:
    if restrictions:
        item.setForeground(4, QBrush(QColor("#8e24aa")))
        item.setToolTip(4, "\n".join(r.explanatory_text or r.label for r in restrictions))


register({
    "gui.form.tab.cases": {"en": "Case files", "sv": "Ärenden"},
    "gui.case.source": {"en": "Case register: {path}", "sv": "Ärendeförteckning: {path}"},
    "gui.case.loading": {"en": "Reading the case register…", "sv": "Läser ärendeförteckningen …"},
    "gui.case.unreadable": {"en": "The case register cannot be read: {reason}", "sv": "Ärendeförteckningen kan inte läsas: {reason}"},
    "gui.case.summary": {
        "en": "{cases} cases, {records} records, {restricted} with restrictions; {problems} problem(s) in the register (see the problems list).",
        "sv": "{cases} ärenden, {records} handlingar, {restricted} med begränsningar; {problems} problem i förteckningen (se problemlistan).",
    },
    "gui.case.col.number": {"en": "Case / record", "sv": "Ärende / handling"},
    "gui.case.col.title": {"en": "Title", "sv": "Rubrik"},
    "gui.case.col.date": {"en": "Registered", "sv": "Registrerad"},
    "gui.case.col.direction": {"en": "Direction", "sv": "Riktning"},
    "gui.case.col.restriction": {"en": "Restriction (regulation)", "sv": "Begränsning (lagrum)"},
    "gui.case.rcol.type": {"en": "Type", "sv": "Typ"},
    "gui.case.rcol.regulation": {"en": "Regulation", "sv": "Lagrum"},
    "gui.case.rcol.explanatory_text": {"en": "Why", "sv": "Förklaring"},
    "gui.case.rcol.until": {"en": "Until", "sv": "Till och med"},
    "gui.case.restrictions": {"en": "Restrictions", "sv": "Begränsningar"},
    "gui.case.restrictions_of": {"en": "Restrictions of {target} (the regulation is required, ERMS59):",
                                 "sv": "Begränsningar för {target} (lagrum krävs, ERMS59):"},
    "gui.case.choose": {"en": "Select a case or a record to see and edit its restrictions.",
                        "sv": "Markera ett ärende eller en handling för att se och ändra dess begränsningar."},
    "gui.case.add": {"en": "Add restriction", "sv": "Lägg till begränsning"},
    "gui.case.remove": {"en": "Remove", "sv": "Ta bort"},
    "gui.case.regulation_missing": {"en": "Write the legal paragraph, e.g. OSL 21:1", "sv": "Skriv lagrummet, t.ex. OSL 21:1"},
    "gui.case.undo": {"en": "Edit restrictions of {target}", "sv": "Ändra begränsningar för {target}"},
    "gui.case.undo_register": {"en": "Choose case register", "sv": "Välj ärendeförteckning"},
    "gui.case.choose_register": {"en": "Choose case register…", "sv": "Välj ärendeförteckning …"},
    "gui.case.register_filter": {"en": "Case registers (*.csv *.xlsx *.txt)", "sv": "Ärendeförteckningar (*.csv *.xlsx *.txt)"},
    "gui.case.get_schemas": {"en": "Get ERMS schemas…", "sv": "Hämta ERMS-scheman …"},
    "gui.case.get_schemas_tip": {
        "en": "Choose the folder holding ERMS_v3.xsd and erms_v3.sch (from the DILCIS Board); earchive keeps verified copies.",
        "sv": "Välj mappen med ERMS_v3.xsd och erms_v3.sch (från DILCIS Board); earchive sparar kontrollerade kopior.",
    },
    "gui.case.schemas_folder": {"en": "Folder with the CITS ERMS 3.0 files", "sv": "Mapp med CITS ERMS 3.0-filerna"},
    "gui.case.file": {"en": "file: {path}", "sv": "fil: {path}"},
    "gui.case.tree": {"en": "Cases and records", "sv": "Ärenden och handlingar"},
    "gui.case.type.confidential": {"en": "Secrecy", "sv": "Sekretess"},
    "gui.case.type.gdpr": {"en": "GDPR (personal data)", "sv": "GDPR (personuppgifter)"},
    "gui.case.type.integrity": {"en": "Integrity", "sv": "Integritet"},
    "gui.case.type.other_type": {"en": "Other", "sv": "Annan"},
    "gui.case.direction.incoming": {"en": "incoming", "sv": "inkommande"},
    "gui.case.direction.outgoing": {"en": "outgoing", "sv": "utgående"},
    "gui.case.direction.internal_memo_for_follow-up": {"en": "internal (follow-up)", "sv": "upprättad (uppföljning)"},
    "gui.case.direction.internal_memo_without_follow-up": {"en": "internal", "sv": "upprättad"},
    "gui.case.direction.case_draft": {"en": "draft", "sv": "utkast"},
    "gui.case.direction.other": {"en": "other", "sv": "annan"},
    "gui.act.import_cases": {"en": "Import case register…", "sv": "Importera ärendeförteckning …"},
    "gui.act.import_cases.tip": {
        "en": "A new package of case files (CITS ERMS 3.0) from a spreadsheet (.csv, .xlsx) with one row per record",
        "sv": "Ett nytt paket med ärenden (CITS ERMS 3.0) från ett kalkylark (.csv, .xlsx) med en rad per handling",
    },
    "gui.act.import_case_folder": {"en": "Import folder of cases…", "sv": "Importera mapp med ärenden …"},
    "gui.act.import_case_folder.tip": {
        "en": "A new package of case files from a folder with one sub-folder per case (diarienummer)",
        "sv": "Ett nytt paket med ärenden från en mapp med en undermapp per ärende (diarienummer)",
    },
})
