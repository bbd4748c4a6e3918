"""Smaller dialogs: starting a delivery from a profile, saving a profile, settings, recovery."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
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
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from earchive import bundled
from earchive.errors import EarchiveError
from earchive.messages import register
from earchive.profiles import DeliveryProfile, ProfileEntry, find_profiles, load_profile, preset_entries

from earchive_gui.i18n import LANGUAGE_CHOICES, language, tr
from earchive_gui.settings import Settings

#: Example profiles shipped with earchive (resources/profiles beside the package in a checkout).
EXAMPLE_PROFILES = bundled.data_file("resources", "profiles")


def profile_folders(settings: Settings, user_folder: Path) -> list[Path]:
    """Where profiles are looked for: the user's own folder, shared folders from the settings, the examples."""
    return [user_folder, *(Path(p) for p in settings.get("prefs/profile_dirs")), EXAMPLE_PROFILES]


class NewDeliveryDialog(QDialog):
    """Pick a delivery profile (or none) for a new delivery."""

    def __init__(self, entries: list[ProfileEntry], preferred: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.new.title"))
        self.chosen: DeliveryProfile | None = None
        self.chosen_path: str = ""
        intro = QLabel(tr("gui.new.intro"))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("gui.new.list"))
        self.list.setWordWrap(True)
        none = QListWidgetItem(tr("gui.new.none"))
        none.setData(Qt.ItemDataRole.UserRole, None)
        self.list.addItem(none)
        for entry in entries:
            self._add_entry(entry)
        self.list.setCurrentRow(0)
        for row in range(self.list.count()):
            entry = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if entry is not None and str(entry.path) == preferred and entry.profile is not None:
                self.list.setCurrentRow(row)
        self.list.itemDoubleClicked.connect(lambda _: self.accept())
        self.import_button = QPushButton(tr("gui.new.import"))
        self.import_button.clicked.connect(self._import)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("gui.new.start"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.resize(560, 420)

    def _add_entry(self, entry: ProfileEntry) -> QListWidgetItem:
        if entry.profile is not None:
            p = entry.profile
            text = p.name + (f"\n{p.description}" if p.description else "")
            text += "\n" + tr("gui.new.summary", target=tr(f"gui.target.{p.target}"), version=p.defaults.get("spec_version", "2.2.0"))
        else:
            text = tr("gui.new.broken", name=entry.path.name, problem=entry.error.message(language()) if entry.error else "")
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, entry)
        item.setToolTip(str(entry.path))
        if entry.profile is None:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.list.addItem(item)
        return item

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("gui.new.import"), "", tr("gui.filter.profile"))
        if not path:
            return
        try:
            profile = load_profile(Path(path))
            item = self._add_entry(ProfileEntry(Path(path), profile))
        except EarchiveError as exc:
            item = self._add_entry(ProfileEntry(Path(path), None, exc))
        self.list.setCurrentItem(item)

    def accept(self) -> None:
        item = self.list.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.chosen = entry.profile if entry is not None else None
        self.chosen_path = str(entry.path) if entry is not None else ""
        super().accept()


class SettingsDialog(QDialog):
    """Preferences: language, output folder, autosave, what happens after building."""

    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(tr("gui.settings.title"))
        self.language = QComboBox()
        for choice in LANGUAGE_CHOICES:
            self.language.addItem(tr(f"gui.settings.lang.{choice}"), choice)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("prefs/language"))))
        self.output = QLineEdit(settings.get("prefs/output_dir"))
        browse = QPushButton(tr("gui.build.browse"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)
        self.autosave = QSpinBox()
        self.autosave.setRange(0, 3600)
        self.autosave.setSingleStep(30)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(settings.get("prefs/autosave_seconds"))
        self.open_after = QCheckBox(tr("gui.settings.open_after"))
        self.open_after.setChecked(settings.get("prefs/open_output_after_build"))
        self.validate_after = QCheckBox(tr("gui.settings.validate_after"))
        self.validate_after.setChecked(settings.get("prefs/validate_after_build"))
        self.show_system = QCheckBox(tr("gui.settings.show_system"))
        self.show_system.setChecked(settings.get("prefs/show_system_files"))
        self.profile_dirs = QLineEdit(os.pathsep.join(settings.get("prefs/profile_dirs")))
        self.profile_dirs.setToolTip(tr("gui.settings.profile_dirs_tip"))
        form = QFormLayout()
        for code, widget in (("gui.settings.language", self.language), ("gui.build.output", out_row),
                             ("gui.settings.autosave", self.autosave), ("gui.settings.profile_dirs", self.profile_dirs)):
            label = QLabel(tr(code) + ":")
            if not isinstance(widget, QHBoxLayout):
                label.setBuddy(widget)
                widget.setAccessibleName(tr(code))
            else:
                label.setBuddy(self.output)
                self.output.setAccessibleName(tr(code))
            form.addRow(label, widget)
        for box in (self.open_after, self.validate_after, self.show_system):
            form.addRow("", box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("gui.build.output"), self.output.text())
        if folder:
            self.output.setText(folder)

    def accept(self) -> None:
        s = self.settings
        s.set("prefs/language", self.language.currentData())
        s.set("prefs/output_dir", self.output.text().strip())
        s.set("prefs/autosave_seconds", int(self.autosave.value()))
        s.set("prefs/open_output_after_build", self.open_after.isChecked())
        s.set("prefs/validate_after_build", self.validate_after.isChecked())
        s.set("prefs/show_system_files", self.show_system.isChecked())
        s.set("prefs/profile_dirs", [p for p in self.profile_dirs.text().split(os.pathsep) if p.strip()])
        super().accept()


def find_all_profiles(settings: Settings, user_folder: Path) -> list[ProfileEntry]:
    """The profiles of the folders, then earchive's presets (the Riksarkivet one, earchive.profiles)."""
    return find_profiles(profile_folders(settings, user_folder)) + preset_entries()


register(
    {
        "gui.new.title": {"en": "New delivery", "sv": "Ny leverans"},
        "gui.new.intro": {"en": "Choose the delivery profile to start from. It fills in the agents, the agreement, the content category, the E-ARK version and the target system for every new package; you can change any of them later.", "sv": "Välj leveransprofilen att utgå från. Den fyller i aktörer, överenskommelse, innehållskategori, E-ARK-version och målsystem för varje nytt paket; du kan ändra allt senare."},
        "gui.new.list": {"en": "Delivery profiles", "sv": "Leveransprofiler"},
        "gui.new.none": {"en": "No profile: start with empty forms", "sv": "Ingen profil: börja med tomma formulär"},
        "gui.new.summary": {"en": "Target: {target} · E-ARK {version}", "sv": "Mål: {target} · E-ARK {version}"},
        "gui.new.broken": {"en": "{name} cannot be used: {problem}", "sv": "{name} kan inte användas: {problem}"},
        "gui.new.import": {"en": "Open a profile file…", "sv": "Öppna en profilfil…"},
        "gui.new.start": {"en": "Start", "sv": "Börja"},
        "gui.filter.profile": {"en": "Delivery profiles (*.json)", "sv": "Leveransprofiler (*.json)"},
        "gui.filter.project": {"en": "earchive projects (*.earchive.json);;Job files (*.json)", "sv": "earchive-projekt (*.earchive.json);;Jobbfiler (*.json)"},
        "gui.filter.job": {"en": "Job files (*.json)", "sv": "Jobbfiler (*.json)"},
        "gui.target.roda": {"en": "RODA", "sv": "RODA"},
        "gui.target.archivematica": {"en": "Archivematica", "sv": "Archivematica"},
        "gui.target.generic": {"en": "any E-ARK archive", "sv": "valfritt E-ARK-arkiv"},
        "gui.target.": {"en": "any E-ARK archive", "sv": "valfritt E-ARK-arkiv"},
        "gui.settings.title": {"en": "Settings", "sv": "Inställningar"},
        "gui.settings.language": {"en": "Language", "sv": "Språk"},
        "gui.settings.lang.system": {"en": "As the computer (system language)", "sv": "Som datorn (systemets språk)"},
        "gui.settings.lang.en": {"en": "English", "sv": "English (engelska)"},
        "gui.settings.lang.sv": {"en": "Svenska (Swedish)", "sv": "Svenska"},
        "gui.settings.autosave": {"en": "Save for recovery every", "sv": "Spara för återställning var"},
        "gui.settings.profile_dirs": {"en": "Shared profile folders", "sv": "Delade profilmappar"},
        "gui.settings.profile_dirs_tip": {"en": "Folders (e.g. on a shared drive) with delivery profiles your colleagues made, separated by the path separator.", "sv": "Mappar (t.ex. på en gemensam enhet) med leveransprofiler som kollegor har gjort, åtskilda med sökvägsavgränsaren."},
        "gui.settings.open_after": {"en": "Open the output folder after building", "sv": "Öppna utdatamappen efter bygget"},
        "gui.settings.validate_after": {"en": "Validate every package after building it", "sv": "Validera varje paket efter bygget"},
        "gui.settings.show_system": {"en": "Show system files (greyed out) in the file browser", "sv": "Visa systemfiler (gråade) i filbläddraren"},
    }
)
