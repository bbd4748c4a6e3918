"""Saved target configurations: where packages are delivered (RODA, Archivematica), never how to log in.

A target is the core's :class:`~earchive.export.target.Target` (kind, name, URL,
user, folder, parent id, location UUID, transfer type...).  The list is kept as JSON
in the application's data folder (``targets.json``) and can be written to and read
from a file to share with colleagues.  Passwords and API keys are never part of it:
they live in the system keyring (:mod:`earchive.export.credentials`); a file that
carries any key a Target does not have (``"password"``...) is refused on import.

:class:`TargetStore` is Qt-free; :class:`TargetEditor` is the form for one target and
:class:`TargetsDialog` the "Targets…" list (add, edit, duplicate, remove, import, export).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from earchive.errors import EarchiveError, InvalidInput
from earchive.export.target import Target, TargetKind
from earchive.messages import register

from earchive_gui import i18n
from earchive_gui.i18n import language, tr

#: File name of the saved targets in the application's data folder.
TARGETS_FILE = "targets.json"
#: Marks a target file (saved list or shared file) so that other JSON is refused clearly.
FILE_FORMAT = "earchive-targets"
#: Version of that file's layout.
FILE_VERSION = 1
#: Archivematica transfer layouts the core's ``make_transfer`` builds, and the API's transfer type of each.
LAYOUTS = {"standard": "standard", "zip": "zipfile", "bag": "unzipped bag", "zipped-bag": "zipped bag"}
#: RODA's ways to log in.
RODA_AUTH = ("basic", "access-key")


def layout_of(target: Target) -> str:
    """The ``make_transfer`` layout for an Archivematica target's transfer type ("standard" when unknown)."""
    for layout, transfer_type in LAYOUTS.items():
        if target.transfer_type in (layout, transfer_type):
            return layout
    return "bag" if target.transfer_type == "bag" else "standard"


def describe(target: Target) -> str:
    """One line for people: kind, where, who."""
    where = target.url or target.folder
    who = tr("gui.targets.as_user", user=target.user) if target.user else ""
    return tr("gui.targets.summary", kind=tr(f"gui.targets.kind.{target.kind.value}"), where=where, who=who).strip()


class TargetStore:
    """The saved targets, in a JSON file; names are unique."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.targets: list[Target] = []
        #: The name of the target last used for each kind ("roda" -> "RODA test").
        self.last_used: dict[str, str] = {}
        self.load_error: EarchiveError | None = None
        self.load()

    # --- file ----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the file (a missing file is an empty list; a broken one is kept aside in ``load_error``)."""
        self.targets, self.last_used, self.load_error = [], {}, None
        if not self.path.is_file():
            return
        try:
            data = _read(self.path)
            self.targets = _targets_of(data, self.path)
        except EarchiveError as exc:
            self.load_error = exc
            return
        last = data.get("last_used", {})
        if isinstance(last, dict):
            self.last_used = {str(k): str(v) for k, v in last.items()}

    def save(self) -> None:
        """Write the list (atomically: a temporary sibling renamed over the file)."""
        data = _document(self.targets)
        data["last_used"] = dict(self.last_used)
        _write(data, self.path)

    # --- list ----------------------------------------------------------------------------

    def names(self) -> list[str]:
        return [t.name for t in self.targets]

    def get(self, name: str) -> Target | None:
        return next((t for t in self.targets if t.name == name), None)

    def add(self, target: Target) -> Target:
        """Add ``target`` (renamed "name (2)" when the name is taken); returns what was stored."""
        target = replace(target, name=self.unique_name(target.name or target.kind.value))
        self.targets.append(target)
        return target

    def update(self, old_name: str, target: Target) -> Target:
        """Replace the target called ``old_name`` by ``target`` (keeps its place in the list)."""
        index = self.names().index(old_name)
        others = self.names()[:index] + self.names()[index + 1:]
        name = target.name or target.kind.value
        if name in others:
            name = self.unique_name(name)
        target = replace(target, name=name)
        self.targets[index] = target
        for kind, used in self.last_used.items():
            if used == old_name:
                self.last_used[kind] = name
        return target

    def duplicate(self, name: str) -> Target:
        original = self.get(name)
        if original is None:
            raise KeyError(name)
        copy = replace(original, name=self.unique_name(tr("gui.targets.copy_of", name=name)))
        self.targets.insert(self.names().index(name) + 1, copy)
        return copy

    def remove(self, name: str) -> None:
        self.targets = [t for t in self.targets if t.name != name]
        self.last_used = {k: v for k, v in self.last_used.items() if v != name}

    def unique_name(self, name: str) -> str:
        taken = set(self.names())
        if name not in taken:
            return name
        n = 2
        while f"{name} ({n})" in taken:
            n += 1
        return f"{name} ({n})"

    def preferred(self, kind: str = "") -> Target | None:
        """The target to offer first: the last used of ``kind``, else the first of ``kind``, else the first."""
        if kind in self.last_used and self.get(self.last_used[kind]) is not None:
            return self.get(self.last_used[kind])
        of_kind = [t for t in self.targets if t.kind.value == kind]
        if of_kind:
            return of_kind[0]
        return self.targets[0] if self.targets and not kind else None

    def mark_used(self, target: Target) -> None:
        self.last_used[target.kind.value] = target.name

    # --- sharing -------------------------------------------------------------------------

    def import_file(self, path: Path) -> list[Target]:
        """Add the targets of a shared file (renamed when a name is taken); returns them as stored."""
        targets = read_target_file(path)
        return [self.add(t) for t in targets]


def export_targets(targets: list[Target], path: Path) -> None:
    """Write ``targets`` to a file to share (no secrets: a Target has none)."""
    _write(_document(targets), Path(path))


def read_target_file(path: Path) -> list[Target]:
    """The targets of a shared file; raises InvalidInput when it is not one (or carries unknown keys)."""
    return _targets_of(_read(Path(path)), Path(path))


def _document(targets: list[Target]) -> dict:
    return {"format": FILE_FORMAT, "version": FILE_VERSION, "targets": [t.to_json() for t in targets]}


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput("gui.targets.unreadable", path=str(path), reason=getattr(exc, "strerror", None) or str(exc)) from exc
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT or not isinstance(data.get("targets"), list):
        raise InvalidInput("gui.targets.not_a_target_file", path=str(path))
    return data


def _targets_of(data: dict, path: Path) -> list[Target]:
    targets = []
    for entry in data["targets"]:
        if not isinstance(entry, dict):
            raise InvalidInput("gui.targets.not_a_target_file", path=str(path))
        targets.append(Target.from_json(entry))
    return targets


def _write(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------------------


class TargetEditor(QWidget):
    """The form for one target; the fields shown follow the kind (RODA or Archivematica)."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for kind in TargetKind:
            self.kind.addItem("", kind.value)
        self.name = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.user = QLineEdit()
        self.auth = QComboBox()
        for auth in RODA_AUTH:
            self.auth.addItem("", auth)
        self.folder = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.parent_id = QLineEdit()
        self.location_uuid = QLineEdit()
        self.layout_box = QComboBox()
        for layout in LAYOUTS:
            self.layout_box.addItem("", layout)
        self.verify_tls = QCheckBox()
        self.verify_tls.setChecked(True)
        self._base: Target | None = None
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.labels: dict[str, QLabel] = {}
        #: field name -> (widget that takes the focus, what goes in the form row)
        self.rows = {
            "kind": (self.kind, self.kind), "name": (self.name, self.name), "url": (self.url, self.url),
            "auth": (self.auth, self.auth), "user": (self.user, self.user), "folder": (self.folder, folder_row),
            "parent_id": (self.parent_id, self.parent_id), "location_uuid": (self.location_uuid, self.location_uuid),
            "layout": (self.layout_box, self.layout_box),
        }
        for key, (widget, item) in self.rows.items():
            label = QLabel()
            label.setBuddy(widget)
            self.labels[key] = label
            self.form.addRow(label, item)
        self.form.addRow("", self.verify_tls)
        for widget in (self.name, self.url, self.user, self.folder, self.parent_id, self.location_uuid):
            widget.textChanged.connect(self.changed)
        for box in (self.kind, self.auth, self.layout_box):
            box.currentIndexChanged.connect(self._kind_changed)
        self.retranslate()
        i18n.on_language_changed(self._language_changed)

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        for i in range(self.kind.count()):
            self.kind.setItemText(i, tr(f"gui.targets.kind.{self.kind.itemData(i)}"))
        for i in range(self.auth.count()):
            self.auth.setItemText(i, tr(f"gui.targets.auth.{self.auth.itemData(i)}"))
        for i in range(self.layout_box.count()):
            self.layout_box.setItemText(i, tr(f"gui.targets.layout.{self.layout_box.itemData(i)}"))
        self.browse.setText(tr("gui.targets.browse"))
        self.browse.setAccessibleName(tr("gui.targets.browse_folder"))
        self.verify_tls.setText(tr("gui.targets.verify_tls"))
        self._kind_changed()

    def _kind_changed(self, *_args) -> None:
        roda = self.kind.currentData() == TargetKind.RODA.value
        for key, (widget, _item) in self.rows.items():
            code = f"gui.targets.field.{key}"
            if key == "folder":
                code += ".roda" if roda else ".archivematica"
            if key == "user" and not roda:
                code = "gui.targets.field.user.archivematica"
            self.labels[key].setText(tr(code) + ":")
            widget.setAccessibleName(tr(code))
            widget.setToolTip(tr(code + ".tip"))
            visible = not ((key in ("auth", "parent_id") and not roda) or (key in ("location_uuid", "layout") and roda))
            if key == "user" and roda and self.auth.currentData() == "access-key":
                visible = False
            self.labels[key].setVisible(visible)
            widget.setVisible(visible)
            if key == "folder":
                self.browse.setVisible(visible)
        self.changed.emit()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr(self.labels["folder"].text().rstrip(":")), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def set_target(self, target: Target | None, kind: str = "") -> None:
        """Show ``target`` (or an empty form of ``kind``)."""
        if target is None:
            target_kind = kind or TargetKind.RODA.value
            self.kind.setCurrentIndex(max(0, self.kind.findData(target_kind)))
            for widget in (self.name, self.url, self.user, self.folder, self.parent_id, self.location_uuid):
                widget.clear()
            self.auth.setCurrentIndex(0)
            self.layout_box.setCurrentIndex(0)
            self.verify_tls.setChecked(True)
            self._base = None
            return
        self.kind.setCurrentIndex(max(0, self.kind.findData(target.kind.value)))
        self.name.setText(target.name)
        self.url.setText(target.url)
        self.user.setText(target.user)
        self.auth.setCurrentIndex(max(0, self.auth.findData(target.auth)))
        self.folder.setText(target.folder)
        self.parent_id.setText(target.parent_id)
        self.location_uuid.setText(target.location_uuid)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(layout_of(target))))
        self.verify_tls.setChecked(target.verify_tls)
        self._base = target

    def target(self, base: Target | None = None) -> Target:
        """The Target of the form; raises InvalidInput (e.g. neither URL nor folder)."""
        base = base or self._base
        kind = TargetKind(self.kind.currentData())
        roda = kind is TargetKind.RODA
        values = dict(
            kind=kind, name=self.name.text().strip(), url=self.url.text().strip().rstrip("/"),
            user="" if roda and self.auth.currentData() == "access-key" else self.user.text().strip(),
            auth=self.auth.currentData() if roda else "basic", folder=self.folder.text().strip(),
            parent_id=self.parent_id.text().strip() if roda else "",
            location_uuid=self.location_uuid.text().strip() if not roda else "",
            transfer_type=LAYOUTS[self.layout_box.currentData()] if not roda else "standard",
            verify_tls=self.verify_tls.isChecked(),
        )
        if base is not None and base.kind is kind:
            return replace(base, **values)
        return Target(**values)


class TargetEditDialog(QDialog):
    """Add or edit one target."""

    def __init__(self, target: Target | None = None, kind: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.targets.edit_title" if target is not None else "gui.targets.new_title"))
        self.editor = TargetEditor(self)
        self.editor.set_target(target, kind)
        self.result_target: Target | None = None
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.editor.name.setFocus()
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self.result_target = self.editor.target()
        except EarchiveError as exc:
            self.problem.setText(exc.message(language()))
            self.problem.show()
            self.editor.url.setFocus()
            return
        super().accept()


class TargetsDialog(QDialog):
    """"Targets…": the saved target configurations; changes are saved when the dialog closes with OK."""

    def __init__(self, store: TargetStore, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(tr("gui.targets.title"))
        intro = QLabel(tr("gui.targets.intro"))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("gui.targets.list"))
        self.list.itemDoubleClicked.connect(lambda _item: self.edit())
        self.list.currentRowChanged.connect(self._update_buttons)
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for name, slot in (("add", self.add), ("edit", self.edit), ("duplicate", self.duplicate), ("remove", self.remove),
                           (None, None), ("import", self.import_file), ("export", self.export_file)):
            if name is None:
                column.addSpacing(12)
                continue
            button = QPushButton(tr(f"gui.targets.{name}"))
            button.clicked.connect(slot)
            self.buttons[name] = button
            column.addWidget(button)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(column)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(store.load_error is not None)
        if store.load_error is not None:
            self.problem.setText(store.load_error.message(language()))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.problem)
        layout.addWidget(box)
        #: Replaceable in tests: (kind, title, text) -> answer, like MainWindow.ask.
        self.ask = self._ask
        #: Replaceable in tests: returns a chosen file path or "".
        self.choose_file = self._choose_file
        #: Replaceable in tests: (target or None) -> edited Target or None.
        self.edit_target = self._edit_target
        self.refresh()
        self.resize(640, 380)

    def refresh(self, select: str = "") -> None:
        self.list.clear()
        for target in self.store.targets:
            item = QListWidgetItem(f"{target.name}\n{describe(target)}")
            item.setData(Qt.ItemDataRole.UserRole, target.name)
            self.list.addItem(item)
        names = self.store.names()
        self.list.setCurrentRow(names.index(select) if select in names else (0 if names else -1))
        self._update_buttons()

    def current_name(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _update_buttons(self, *_args) -> None:
        has = bool(self.current_name())
        for name in ("edit", "duplicate", "remove"):
            self.buttons[name].setEnabled(has)
        self.buttons["export"].setEnabled(bool(self.store.targets))

    def add(self) -> None:
        target = self.edit_target(None)
        if target is not None:
            self.refresh(self.store.add(target).name)

    def edit(self) -> None:
        name = self.current_name()
        if not name:
            return
        target = self.edit_target(self.store.get(name))
        if target is not None:
            self.refresh(self.store.update(name, target).name)

    def duplicate(self) -> None:
        name = self.current_name()
        if name:
            self.refresh(self.store.duplicate(name).name)

    def remove(self) -> None:
        name = self.current_name()
        if name and self.ask("question", tr("gui.targets.remove"), tr("gui.targets.remove_q", name=name)) == QMessageBox.StandardButton.Yes:
            self.store.remove(name)
            self.refresh()

    def import_file(self) -> None:
        path = self.choose_file("open")
        if not path:
            return
        try:
            added = self.store.import_file(Path(path))
        except EarchiveError as exc:
            self.ask("warning", tr("gui.targets.import"), exc.message(language()))
            return
        self.refresh(added[0].name if added else "")

    def export_file(self) -> None:
        path = self.choose_file("save")
        if not path:
            return
        try:
            export_targets(self.store.targets, Path(path))
        except OSError as exc:
            self.ask("warning", tr("gui.targets.export"), tr("gui.targets.cannot_write", path=path, reason=exc.strerror or str(exc)))

    def accept(self) -> None:
        try:
            self.store.save()
        except OSError as exc:
            self.ask("warning", tr("gui.targets.title"), tr("gui.targets.cannot_write", path=str(self.store.path), reason=exc.strerror or str(exc)))
            return
        super().accept()

    def reject(self) -> None:
        self.store.load()  # forget the changes
        super().reject()

    def _edit_target(self, target: Target | None) -> Target | None:
        dialog = TargetEditDialog(target, parent=self)
        return dialog.result_target if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _choose_file(self, mode: str) -> str:
        if mode == "open":
            path, _ = QFileDialog.getOpenFileName(self, tr("gui.targets.import"), "", tr("gui.filter.targets"))
        else:
            path, _ = QFileDialog.getSaveFileName(self, tr("gui.targets.export"), str(Path.home() / "earchive-targets.json"), tr("gui.filter.targets"))
        return path

    def _ask(self, kind: str, title: str, text: str) -> QMessageBox.StandardButton:
        if kind == "question":
            return QMessageBox.question(self, title, text)
        return QMessageBox.warning(self, title, text)


register(
    {
        "gui.targets.title": {"en": "Targets", "sv": "Mål"},
        "gui.targets.intro": {"en": "The archives you deliver to. Only addresses, user names and folders are saved here; passwords and keys stay in the system keyring. Export the list to share it with colleagues.", "sv": "Arkiven du levererar till. Här sparas bara adresser, användarnamn och mappar; lösenord och nycklar stannar i systemets nyckelring. Exportera listan för att dela den med kollegor."},
        "gui.targets.list": {"en": "Saved targets", "sv": "Sparade mål"},
        "gui.targets.add": {"en": "&New…", "sv": "&Nytt…"},
        "gui.targets.edit": {"en": "&Edit…", "sv": "&Redigera…"},
        "gui.targets.duplicate": {"en": "&Duplicate", "sv": "&Duplicera"},
        "gui.targets.remove": {"en": "Re&move", "sv": "&Ta bort"},
        "gui.targets.remove_q": {"en": "Remove the target \"{name}\"? A password stored for it stays in the keyring.", "sv": "Ta bort målet \"{name}\"? Ett lösenord som sparats för det ligger kvar i nyckelringen."},
        "gui.targets.import": {"en": "&Import from file…", "sv": "&Importera från fil…"},
        "gui.targets.export": {"en": "E&xport to file…", "sv": "E&xportera till fil…"},
        "gui.targets.copy_of": {"en": "{name} (copy)", "sv": "{name} (kopia)"},
        "gui.targets.new_title": {"en": "New target", "sv": "Nytt mål"},
        "gui.targets.edit_title": {"en": "Edit target", "sv": "Redigera mål"},
        "gui.targets.summary": {"en": "{kind} · {where} {who}", "sv": "{kind} · {where} {who}"},
        "gui.targets.as_user": {"en": "as {user}", "sv": "som {user}"},
        "gui.targets.kind.roda": {"en": "RODA (or ETERNA)", "sv": "RODA (eller ETERNA)"},
        "gui.targets.kind.archivematica": {"en": "Archivematica", "sv": "Archivematica"},
        "gui.targets.browse": {"en": "Browse…", "sv": "Bläddra…"},
        "gui.targets.cannot_write": {"en": "Cannot write {path}: {reason}. Choose another place.", "sv": "Kan inte skriva {path}: {reason}. Välj en annan plats."},
        "gui.targets.browse_folder": {"en": "Choose the folder", "sv": "Välj mappen"},
        "gui.targets.verify_tls": {"en": "Check the server's certificate (turn off only for a test server)", "sv": "Kontrollera serverns certifikat (stäng bara av för en testserver)"},
        "gui.targets.auth.basic": {"en": "User name and password", "sv": "Användarnamn och lösenord"},
        "gui.targets.auth.access-key": {"en": "Access key", "sv": "Åtkomstnyckel"},
        "gui.targets.layout.standard": {"en": "Standard transfer (folder)", "sv": "Standardöverföring (mapp)"},
        "gui.targets.layout.zip": {"en": "Standard transfer as a ZIP file", "sv": "Standardöverföring som ZIP-fil"},
        "gui.targets.layout.bag": {"en": "BagIt bag (folder)", "sv": "BagIt-påse (mapp)"},
        "gui.targets.layout.zipped-bag": {"en": "BagIt bag as a ZIP file", "sv": "BagIt-påse som ZIP-fil"},
        "gui.targets.field.kind": {"en": "Archive system", "sv": "Arkivsystem"},
        "gui.targets.field.kind.tip": {"en": "RODA (or ETERNA) takes E-ARK packages; Archivematica takes its own transfers, made from the same plan.", "sv": "RODA (eller ETERNA) tar emot E-ARK-paket; Archivematica tar emot egna överföringar som görs från samma plan."},
        "gui.targets.field.name": {"en": "Name", "sv": "Namn"},
        "gui.targets.field.name.tip": {"en": "A name you recognise, e.g. \"RODA test\".", "sv": "Ett namn du känner igen, t.ex. \"RODA test\"."},
        "gui.targets.field.url": {"en": "Address (URL)", "sv": "Adress (URL)"},
        "gui.targets.field.url.tip": {"en": "The web address of the archive, e.g. https://roda.example.se. Leave it empty to only copy into a folder.", "sv": "Arkivets webbadress, t.ex. https://roda.example.se. Lämna tomt för att bara kopiera till en mapp."},
        "gui.targets.field.auth": {"en": "Log in with", "sv": "Logga in med"},
        "gui.targets.field.auth.tip": {"en": "RODA accepts a user name and password or an access key made in RODA.", "sv": "RODA tar emot användarnamn och lösenord eller en åtkomstnyckel som skapats i RODA."},
        "gui.targets.field.user": {"en": "User name", "sv": "Användarnamn"},
        "gui.targets.field.user.tip": {"en": "Your user name in the archive. The password is asked for when you export.", "sv": "Ditt användarnamn i arkivet. Lösenordet frågas efter när du exporterar."},
        "gui.targets.field.user.archivematica": {"en": "API user", "sv": "API-användare"},
        "gui.targets.field.user.archivematica.tip": {"en": "The Archivematica user whose API key you use.", "sv": "Archivematica-användaren vars API-nyckel du använder."},
        "gui.targets.field.folder.roda": {"en": "Transfer folder", "sv": "Överföringsmapp"},
        "gui.targets.field.folder.roda.tip": {"en": "Optional: a shared folder RODA reads transfers from; the ZIP is copied there instead of uploaded.", "sv": "Valfritt: en delad mapp som RODA läser överföringar från; ZIP-filen kopieras dit i stället för att laddas upp."},
        "gui.targets.field.folder.archivematica": {"en": "Transfer source folder", "sv": "Överföringskällmapp"},
        "gui.targets.field.folder.archivematica.tip": {"en": "The transfer source location as this computer sees it; the transfer is copied there.", "sv": "Överföringskällans plats som den här datorn ser den; överföringen kopieras dit."},
        "gui.targets.field.parent_id": {"en": "Parent in RODA", "sv": "Överordnad i RODA"},
        "gui.targets.field.parent_id.tip": {"en": "Optional: the id of the RODA description the packages are placed under.", "sv": "Valfritt: id för den beskrivning i RODA som paketen placeras under."},
        "gui.targets.field.location_uuid": {"en": "Location UUID", "sv": "Plats-UUID"},
        "gui.targets.field.location_uuid.tip": {"en": "Optional: the Storage Service UUID of the transfer source location (empty: the default one).", "sv": "Valfritt: Storage Service-UUID för överföringskällan (tomt: standardplatsen)."},
        "gui.targets.field.layout": {"en": "Transfer layout", "sv": "Överföringens form"},
        "gui.targets.field.layout.tip": {"en": "How the Archivematica transfer is made: a standard transfer or a BagIt bag, as a folder or a ZIP file.", "sv": "Hur Archivematica-överföringen görs: en standardöverföring eller en BagIt-påse, som mapp eller ZIP-fil."},
        "gui.targets.unreadable": {"en": "Cannot read the target file {path}: {reason}. Choose another file.", "sv": "Kan inte läsa målfilen {path}: {reason}. Välj en annan fil."},
        "gui.targets.not_a_target_file": {"en": "{path} is not an earchive target file. Export targets from earchive's \"Targets…\" dialog to share them.", "sv": "{path} är ingen målfil från earchive. Exportera mål från earchives dialog \"Mål…\" för att dela dem."},
        "gui.filter.targets": {"en": "Target files (*.json)", "sv": "Målfiler (*.json)"},
    }
)
