"""The main window: your files | the package plan | the forms, and the problems below.

It wires the widgets to the controller and holds the application's commands (menus,
tool bar, shortcuts): projects (new, open, save, autosave and recovery), undo/redo,
packages from a selection, profiles, language, building, and exporting to an archive.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QToolBar,
    QWhatsThis,
    QWidget,
)

import earchive
from earchive import bundled
from earchive import precheck
from earchive.errors import EarchiveError
from earchive.messages import register
from earchive.model import BuildOptions
from earchive.profiles import DeliveryProfile, save_profile

from earchive_gui import i18n
from earchive_gui import plan as plan_mod
from earchive_gui import project as project_mod
from earchive_gui.build_dialog import BuildDialog, BuildOptionsDialog
from earchive_gui.controller import PlanController
from earchive_gui.dialogs import NewDeliveryDialog, SettingsDialog, find_all_profiles
from earchive_gui.export_dialog import ExportDialog, ExportItem
from earchive_gui.forms import PackageEditor
from earchive_gui.i18n import language, tr
from earchive_gui.plan import Plan
from earchive_gui.plan_view import ROLE_KIND, ROLE_PKG, ROLE_REP, PlanView
from earchive_gui.problems import ProblemChecker, ProblemsPanel
from earchive_gui.settings import Settings
from earchive_gui.source_view import SourceBrowser
from earchive_gui.targets import TARGETS_FILE, TargetsDialog, TargetStore
from earchive_gui.workers import BuildJob

#: The application icon (scalable, sharp at any DPI).
ICON = bundled.data_file("resources", "icons/earchive.svg")
#: Ask before making more packages than this from one selection ("one per file").
MANY_PACKAGES = 500


def preload_core() -> None:
    """Import the core modules whose objects come back from the build process now, at start-up:
    importing them later, while unpickling the first result, would hold up the UI for ~0.1 s."""
    import importlib

    for name in ("earchive.builder", "earchive.validation"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass


class MainWindow(QMainWindow):
    """The earchive main window."""

    #: Emitted when a build run has ended, with its BuildOutcomes (tests and scripts wait for it).
    build_finished = Signal(list)

    def __init__(self, settings: Settings, *, data_dir: Path | None = None, ask_recovery: bool = True) -> None:
        super().__init__()
        preload_core()
        self.settings = settings
        self.data_dir = Path(data_dir or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or Path.home() / ".earchive")
        self.project_path: str = ""
        self.extra_dirty = False
        self.build_dialog: BuildDialog | None = None
        self.export_dialog: ExportDialog | None = None
        #: package id -> the package its last build in this session made (what "Export…" delivers)
        self.last_built: dict[str, Path] = {}
        #: Replaceable for tests: asks questions, shows messages (default: QMessageBox).
        self.ask: Callable[..., QMessageBox.StandardButton] = self._ask

        self.controller = PlanController(Plan(), self)
        self.autosaver = project_mod.Autosaver(self.data_dir / "autosave")
        if ICON.is_file():
            self.setWindowIcon(QIcon(str(ICON)))

        # --- widgets -------------------------------------------------------------------
        self.sources = SourceBrowser(self)
        self.plan_view = PlanView(self.controller, self)
        self.editor = PackageEditor(self.controller, self)
        self.plan_title = QLabel(self)
        font = self.plan_title.font()
        font.setBold(True)
        self.plan_title.setFont(font)
        plan_box = QWidget(self)
        from PySide6.QtWidgets import QVBoxLayout

        v = QVBoxLayout(plan_box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.plan_title)
        v.addWidget(self.plan_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sources)
        self.splitter.addWidget(plan_box)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 5)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.problems = ProblemsPanel(self.controller, self)
        self.problems_dock = QDockWidget(self)
        self.problems_dock.setObjectName("problems")
        self.problems_dock.setWidget(self.problems)
        self.problems_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.checker = ProblemChecker(self.controller, self)
        self.checker.updated.connect(self._problems_updated)
        self.problems.activated.connect(self.show_finding)
        self.problems.recheck.connect(self.checker.recheck_all)

        self.status = QLabel(self)
        self.statusBar().addPermanentWidget(self.status)

        # --- commands ------------------------------------------------------------------
        self._make_actions()
        self._make_menus()
        self._make_toolbar()

        # --- wiring --------------------------------------------------------------------
        self.sources.make_packages.connect(self.make_packages)
        self.sources.add_to_selected.connect(self.add_sources_to_selected)
        self.plan_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.plan_view.selectionModel().currentChanged.connect(self._selection_changed)
        self.plan_view.description_activated.connect(self._show_description)
        self.controller.changed.connect(self._plan_changed)
        self.controller.undo_stack.cleanChanged.connect(self._update_title)
        i18n.on_language_changed(self._language_changed)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        self._apply_preferences()
        self._restore_state()
        self.retranslate()
        self.plan_view.setFocus()
        if ask_recovery:
            QTimer.singleShot(0, self.offer_recovery)

    # --- commands -------------------------------------------------------------------------

    def _action(self, name: str, slot, shortcut=None, icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        self.commands[name] = action
        return action

    def _make_actions(self) -> None:
        self.commands: dict[str, QAction] = {}
        SP = QStyle.StandardPixmap
        self._action("new_delivery", self.new_delivery, QKeySequence.StandardKey.New, SP.SP_FileIcon)
        self._action("open", self.open_project_dialog, QKeySequence.StandardKey.Open, SP.SP_DialogOpenButton)
        self._action("save", self.save_project, QKeySequence.StandardKey.Save, SP.SP_DialogSaveButton)
        self._action("save_as", self.save_project_as, QKeySequence.StandardKey.SaveAs)
        self._action("export_job", self.export_job)
        self._action("settings", self.open_settings, QKeySequence.StandardKey.Preferences)
        self._action("targets", self.open_targets)
        self._action("quit", self.close, QKeySequence.StandardKey.Quit)
        # Our own undo/redo actions (not QUndoStack.createUndoAction): their "Undo …" text
        # follows the language switch.
        stack = self.controller.undo_stack
        self._action("undo", stack.undo, QKeySequence.StandardKey.Undo, SP.SP_ArrowBack)
        self._action("redo", stack.redo, QKeySequence.StandardKey.Redo, SP.SP_ArrowForward)
        stack.indexChanged.connect(self._update_undo_texts)
        stack.cleanChanged.connect(self._update_undo_texts)
        # No shortcuts here: Delete and F2 are handled by the plan tree itself, so that Delete
        # in a form field never removes a package.
        self._action("remove", self.plan_view.remove_selected, None, SP.SP_TrashIcon)
        self._action("rename", self.rename_current)
        self._action("select_all", self.select_all_packages)
        for mode in plan_mod.MODES:
            self._action(f"make_{mode}", lambda _=False, m=mode: self.make_packages(self.sources.selected_paths(), m))
        self.commands["make_one"].setShortcut(QKeySequence("Ctrl+Shift+N"))
        self._action("new_package", self.new_empty_package)
        self._action("add_files_new", self.add_files_as_new_package)
        self._action("add_sources", lambda: self.add_paths_dialog("sources"), QKeySequence("Ctrl+I"))
        self._action("add_documentation", lambda: self.add_paths_dialog("documentation"))
        self._action("add_metadata", lambda: self.add_paths_dialog("metadata"))
        self._action("add_representation", self.add_representation)
        self._action("import_cases", lambda: self.import_cases(folder=False))
        self._action("import_case_folder", lambda: self.import_cases(folder=True))
        self._action("edit_header", lambda: self._focus_tab(0))
        self._action("edit_description", lambda: self._focus_tab(2))
        self._action("apply_profile", self.apply_profile_to_selected)
        self._action("paste_profile", self.apply_profile_to_selected)
        self._action("save_profile", self.save_header_as_profile)
        self._action("build_selected", self.build_selected, QKeySequence("Ctrl+B"), SP.SP_MediaPlay)
        self._action("build_all", self.build_all, QKeySequence("Ctrl+Shift+B"))
        self._action("export_packages", self.export_selected, QKeySequence("Ctrl+E"), SP.SP_ArrowUp)
        self._action("open_location", self.open_location)
        self._action("whats_this", QWhatsThis.enterWhatsThisMode, QKeySequence(QKeySequence.StandardKey.WhatsThis))
        self._action("about", self.about)
        self.plan_view.actions_by_name = self.commands

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.menus = {}

        def menu(name: str, items: list) -> None:
            m = bar.addMenu("")
            self.menus[name] = m
            for item in items:
                if item is None:
                    m.addSeparator()
                elif item == "recent":
                    self.recent_menu = m.addMenu("")
                    self.recent_menu.aboutToShow.connect(self._fill_recent)
                elif item == "view_problems":
                    m.addAction(self.problems_dock.toggleViewAction())
                else:
                    m.addAction(self.commands[item])

        menu("file", ["new_delivery", "open", "recent", None, "save", "save_as", "export_job", None, "settings", "targets", None, "quit"])
        menu("edit", ["undo", "redo", None, "rename", "remove", None, "select_all"])
        menu("package", ["make_one", "make_per_folder", "make_per_file", "new_package", "import_cases", "import_case_folder",
                         None, "add_sources", "add_representation",
                         "add_documentation", "add_metadata", None, "apply_profile", "save_profile", None, "build_selected", "build_all",
                         "export_packages"])
        menu("view", ["view_problems"])
        menu("help", ["whats_this", None, "about"])

    def _make_toolbar(self) -> None:
        tb = QToolBar(self)
        tb.setObjectName("main")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("new_delivery", "open", "save", None, "undo", "redo", None, "build_selected", "export_packages"):
            if name is None:
                tb.addSeparator()
            else:
                tb.addAction(self.commands[name])
        tb.addSeparator()
        self.target_label = QLabel(tb)
        self.target_combo = QComboBox(tb)
        for target in ("", "roda", "archivematica"):
            self.target_combo.addItem("", target)
        self.target_combo.activated.connect(self._target_chosen)
        self.target_label.setBuddy(self.target_combo)
        tb.addWidget(self.target_label)
        tb.addWidget(self.target_combo)
        self.addToolBar(tb)
        self.toolbar = tb

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        texts = {
            "new_delivery": "gui.act.new_delivery", "open": "gui.act.open", "save": "gui.act.save", "save_as": "gui.act.save_as",
            "export_job": "gui.act.export_job", "settings": "gui.act.settings", "quit": "gui.act.quit", "remove": "gui.act.remove",
            "rename": "gui.act.rename", "select_all": "gui.act.select_all", "make_one": "gui.mode.one",
            "make_per_folder": "gui.mode.per_folder", "make_per_file": "gui.mode.per_file", "new_package": "gui.act.new_package",
            "add_files_new": "gui.act.add_files_new", "add_sources": "gui.act.add_sources", "add_documentation": "gui.act.add_documentation",
            "add_metadata": "gui.act.add_metadata", "add_representation": "gui.act.add_representation",
            "edit_header": "gui.act.edit_header", "edit_description": "gui.act.edit_description",
            "apply_profile": "gui.act.apply_profile", "paste_profile": "gui.act.apply_profile", "save_profile": "gui.act.save_profile",
            "build_selected": "gui.act.build_selected", "build_all": "gui.act.build_all", "open_location": "gui.act.open_location",
            "whats_this": "gui.act.whats_this", "about": "gui.act.about", "export_packages": "gui.act.export_packages",
            "targets": "gui.act.targets", "import_cases": "gui.act.import_cases",
            "import_case_folder": "gui.act.import_case_folder",
        }
        for name, code in texts.items():
            self.commands[name].setText(tr(code))
            tip = f"{code}.tip"
            from earchive.messages import CATALOGUE

            self.commands[name].setToolTip(tr(tip) if tip in CATALOGUE else tr(code).replace("&", ""))
        self._update_undo_texts()
        for name, m in self.menus.items():
            m.setTitle(tr(f"gui.menu.{name}"))
        self.recent_menu.setTitle(tr("gui.act.recent"))
        self.problems_dock.setWindowTitle(tr("gui.problems.title"))
        self.problems_dock.toggleViewAction().setText(tr("gui.problems.title"))
        self.toolbar.setWindowTitle(tr("gui.toolbar"))
        self.target_label.setText(" " + tr("gui.target.label") + " ")
        for i in range(self.target_combo.count()):
            self.target_combo.setItemText(i, tr(f"gui.target.{self.target_combo.itemData(i) or 'generic'}"))
        self.target_combo.setToolTip(tr("gui.target.tip"))
        self.target_combo.setAccessibleName(tr("gui.target.label"))
        self.plan_title.setText(tr("gui.plan.title"))
        self.sources.retranslate()
        self.plan_view.retranslate()
        self.editor.retranslate()
        self.problems.retranslate()
        self._update_title()
        self._update_status()

    # --- plan changes ---------------------------------------------------------------------

    def _plan_changed(self) -> None:
        self._update_title()
        self._update_status()

    def _selection_changed(self, *_args) -> None:
        ids = self.plan_view.selected_package_ids()
        item = self.plan_view.current_item()
        rep = None
        if item is not None and item.data(ROLE_KIND) in ("rep", "source", "child"):
            rep = item.data(ROLE_REP) or 0
        if not ids and item is not None and item.data(ROLE_PKG):
            ids = [item.data(ROLE_PKG)]
        if ids != self.editor.ids or rep is not None:
            self.editor.bind(ids, rep)
        self._show_problems_in_form()
        has = bool(ids)
        for name in ("add_sources", "add_documentation", "add_metadata", "add_representation", "build_selected", "apply_profile", "save_profile",
                     "export_packages"):
            self.commands[name].setEnabled(has)

    def _problems_updated(self, results: dict) -> None:
        self.problems.show_results(results)
        self.plan_view.plan_model.set_status(results)
        self._show_problems_in_form()
        self._update_status()

    def _show_problems_in_form(self) -> None:
        lang = language()
        per_key: dict[str, list[str]] = {}
        for key in self.editor.ids:
            pkg = self.controller.plan.packages.get(key)
            for finding in self.checker.results.get(key, []):
                if finding.level == "info" or pkg is None:
                    continue
                location = plan_mod.locate(pkg, finding.field)
                if location.form_key:
                    text = finding.message(lang)
                    if len(self.editor.ids) > 1:
                        text = f"{plan_mod.title_of(pkg)}: {text}"
                    per_key.setdefault(location.form_key, []).append(text)
        self.editor.show_problems(per_key)

    def _update_undo_texts(self, *_args) -> None:
        stack = self.controller.undo_stack
        for name, can, text in (("undo", stack.canUndo(), stack.undoText()), ("redo", stack.canRedo(), stack.redoText())):
            action = self.commands[name]
            action.setEnabled(can)
            label = tr(f"gui.act.{name}")
            action.setText(f"{label} {text}" if can and text else label)
            action.setToolTip(action.text().replace("&", ""))

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    def _update_title(self, *_args) -> None:
        name = Path(self.project_path).name if self.project_path else tr("gui.title.untitled")
        self.setWindowTitle(f"{name}[*] — earchive")
        self.setWindowModified(self.is_dirty())

    def _update_status(self) -> None:
        n = len(self.controller.plan.order)
        errors, warnings = self.problems.counts()
        text = tr("gui.status", n=n, errors=errors, warnings=warnings)
        if self.controller.plan.profile:
            text += "  ·  " + tr("gui.status.profile", name=self.controller.plan.profile)
        self.status.setText(text)
        index = self.target_combo.findData(self.controller.plan.target or "")
        self.target_combo.setCurrentIndex(max(0, index))

    def is_dirty(self) -> bool:
        return self.extra_dirty or not self.controller.undo_stack.isClean()

    def _target_chosen(self, index: int) -> None:
        target = self.target_combo.itemData(index) or ""
        if target != self.controller.plan.target:
            self.controller.plan.target = target
            self.extra_dirty = True
            self._update_title()
            self.checker.check_now()

    # --- making packages ------------------------------------------------------------------

    def make_packages(self, paths: list[str], mode: str) -> list[str]:
        """New packages from selected files/folders (one / per folder / per file); selects them."""
        paths = [p for p in paths if p]
        if not paths:
            self.statusBar().showMessage(tr("gui.msg.select_first"), 5000)
            return []
        packages = plan_mod.packages_from_paths(paths, mode, self.controller.plan.defaults, limit=None if mode != "per_file" else MANY_PACKAGES + 1)
        if mode == "per_file" and len(packages) > MANY_PACKAGES:
            answer = self.ask("question", tr("gui.msg.many_title"), tr("gui.msg.many", n=MANY_PACKAGES))
            if answer != QMessageBox.StandardButton.Yes:
                return []
            packages = plan_mod.packages_from_paths(paths, mode, self.controller.plan.defaults)
        ids = self.controller.add_packages(packages)
        self.plan_view.select_packages(ids)
        if len(ids) == 1:
            self.plan_view.expand_package(ids[0])
        self.statusBar().showMessage(tr("gui.msg.made", n=len(ids)), 5000)
        return ids

    def import_cases(self, *, folder: bool = False, path: str = "") -> list[str]:
        """A new package of case files from a case register (or a folder of case folders)."""
        if not path and folder:
            path = QFileDialog.getExistingDirectory(self, tr("gui.act.import_case_folder"), self.sources.root())
        elif not path:
            path, _ = QFileDialog.getOpenFileName(self, tr("gui.act.import_cases"), self.sources.root(),
                                                  tr("gui.case.register_filter"))
        if not path:
            return []
        ids = self.controller.add_packages([plan_mod.new_case_package(path, self.controller.plan.defaults)])
        self.plan_view.select_packages(ids)
        self.editor.tabs.setCurrentWidget(self.editor.case_view)
        return ids

    def new_empty_package(self) -> None:
        ids = self.controller.add_packages([plan_mod.new_package([], tr("gui.plan.new_title"), self.controller.plan.defaults)])
        self.plan_view.select_packages(ids)
        self.editor.focus_field("label")

    def add_files_as_new_package(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, tr("gui.act.add_files_new"), self.sources.root())
        if files:
            self.make_packages(files, "one")

    def add_sources_to_selected(self, paths: list[str]) -> None:
        ids = self.plan_view.selected_package_ids()
        if not ids:
            self.make_packages(paths, "one")
            return
        item = self.plan_view.current_item()
        rep = item.data(ROLE_REP) or 0 if item is not None and item.data(ROLE_KIND) in ("rep", "source") else 0
        self.controller.add_paths(ids[0], "sources", paths, rep)

    def add_paths_dialog(self, kind: str) -> None:
        ids = self.plan_view.selected_package_ids()
        if not ids:
            self.statusBar().showMessage(tr("gui.msg.select_package"), 5000)
            return
        title = tr({"sources": "gui.act.add_sources", "documentation": "gui.act.add_documentation", "metadata": "gui.act.add_metadata"}[kind])
        if kind == "sources":
            files, _ = QFileDialog.getOpenFileNames(self, title, self.sources.root())
        else:
            files, _ = QFileDialog.getOpenFileNames(self, title, self.sources.root())
        if files:
            item = self.plan_view.current_item()
            rep = (item.data(ROLE_REP) or 0) if item is not None and item.data(ROLE_KIND) in ("rep", "source") else 0
            self.controller.add_paths(ids[0], kind, files, rep)

    def add_representation(self) -> None:
        ids = self.plan_view.selected_package_ids()
        if ids:
            index = self.controller.add_representation(ids[0])
            self.plan_view.select_location(ids[0], ("rep", index))

    def rename_current(self) -> None:
        index = self.plan_view.currentIndex()
        if index.isValid():
            self.plan_view.edit(index.siblingAtColumn(0))

    def select_all_packages(self) -> None:
        self.plan_view.select_packages(list(self.controller.plan.order))

    def open_location(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        item = self.plan_view.current_item()
        path = item.data(Qt.ItemDataRole.UserRole + 4) if item is not None else None
        if path:
            folder = path if os.path.isdir(path) else os.path.dirname(path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    def _focus_tab(self, index: int) -> None:
        self.editor.tabs.setCurrentIndex(index)
        self.editor.tabs.currentWidget().setFocus()

    def _show_description(self, kind: str) -> None:
        self.editor.focus_field(f"desc:{kind}")

    # --- findings -------------------------------------------------------------------------

    def show_finding(self, key: str, finding: precheck.Finding) -> None:
        """Select the package and the field (or plan item) a finding is about."""
        pkg = self.controller.plan.packages.get(key)
        if pkg is None:
            return
        location = plan_mod.locate(pkg, finding.field)
        if location.tree:
            self.plan_view.select_location(key, location.tree)
        else:
            self.plan_view.select_packages([key])
        if location.form_key:
            self.editor.bind([key], self.editor.rep_index)
            self.editor.focus_field(location.form_key)
        if finding.field.startswith("erms"):  # a problem of the case register: the case-file view
            self.editor.tabs.setCurrentWidget(self.editor.case_view)
            self.editor.case_view.show_problem(finding.params.get("problem"))

    # --- profiles ---------------------------------------------------------------------------

    def profile_folder(self) -> Path:
        return self.data_dir / "profiles"

    def new_delivery(self) -> None:
        """Start a new delivery (asks to save unsaved work), offering the delivery profiles."""
        if not self.maybe_save():
            return
        dialog = NewDeliveryDialog(find_all_profiles(self.settings, self.profile_folder()), self.settings.get("prefs/default_profile"), self)
        if dialog.exec() != NewDeliveryDialog.DialogCode.Accepted:
            return
        self.start_delivery(dialog.chosen, dialog.chosen_path)

    def start_delivery(self, profile: DeliveryProfile | None, path: str = "") -> None:
        plan = Plan()
        plan.output_dir = self.settings.get("prefs/output_dir")
        if profile is not None:
            plan.defaults = profile.package_values
            plan.target = "" if profile.target == "generic" else profile.target
            plan.profile = profile.name
            self.settings.set("prefs/default_profile", path)
            self.build_zip = bool(profile.options.get("zip"))
        self.project_path = ""
        self.extra_dirty = False
        self.controller.replace_plan(plan)
        self.autosaver.discard()
        self._update_title()
        self._update_status()

    def apply_profile_to_selected(self) -> None:
        ids = self.plan_view.selected_package_ids()
        if not ids:
            self.statusBar().showMessage(tr("gui.msg.select_package"), 5000)
            return
        dialog = NewDeliveryDialog(find_all_profiles(self.settings, self.profile_folder()), self.settings.get("prefs/default_profile"), self)
        dialog.setWindowTitle(tr("gui.act.apply_profile"))
        if dialog.exec() != NewDeliveryDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        self.controller.apply_profile(ids, dialog.chosen.package_values, dialog.chosen.name)

    def save_header_as_profile(self) -> None:
        ids = self.plan_view.selected_package_ids()
        if not ids:
            return
        name, ok = QInputDialog.getText(self, tr("gui.act.save_profile"), tr("gui.profile.name"))
        if not ok or not name.strip():
            return
        pkg = self.controller.plan.packages[ids[0]]
        values = {k: pkg[k] for k in plan_mod.PROFILE_FIELDS if pkg.get(k) not in (None, "", [])}
        try:
            profile = DeliveryProfile(name=name, defaults=values, target=self.controller.plan.target or "generic")
        except EarchiveError as exc:
            self.ask("warning", tr("gui.act.save_profile"), exc.message(language()))
            return
        folder = self.profile_folder()
        folder.mkdir(parents=True, exist_ok=True)
        default = folder / (_safe_file_name(name) + ".json")
        path, _ = QFileDialog.getSaveFileName(self, tr("gui.act.save_profile"), str(default), tr("gui.filter.profile"))
        if not path:
            return
        try:
            save_profile(profile, Path(path))
        except OSError as exc:
            self.ask("warning", tr("gui.act.save_profile"), tr("gui.msg.cannot_write", path=path, reason=exc.strerror or str(exc)))
            return
        self.statusBar().showMessage(tr("gui.msg.profile_saved", path=path), 8000)

    # --- projects ---------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current plan (saved, discarded, or nothing to save)."""
        if not self.is_dirty() or not self.controller.plan.order:
            return True
        answer = self.ask("save", tr("gui.msg.unsaved_title"), tr("gui.msg.unsaved"))
        if answer == QMessageBox.StandardButton.Save:
            return self.save_project()
        return answer == QMessageBox.StandardButton.Discard

    def open_project_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("gui.act.open"), os.path.dirname(self.project_path) or str(Path.home()), tr("gui.filter.project"))
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> bool:
        try:
            plan = project_mod.load_project(Path(path))
        except EarchiveError as exc:
            self.ask("warning", tr("gui.act.open"), exc.message(language()))
            return False
        self.project_path = os.path.abspath(path)
        self.extra_dirty = False
        self.controller.replace_plan(plan)
        self.settings.add_recent_project(self.project_path)
        self.autosaver.discard()
        self._update_title()
        self._update_status()
        if plan.order:
            self.plan_view.select_packages([plan.order[0]])
        return True

    def save_project(self) -> bool:
        if not self.project_path:
            return self.save_project_as()
        return self.write_project(self.project_path)

    def save_project_as(self) -> bool:
        start = self.project_path or str(Path(self.sources.root() or Path.home()) / ("delivery" + project_mod.SUFFIX))
        path, _ = QFileDialog.getSaveFileName(self, tr("gui.act.save_as"), start, tr("gui.filter.project"))
        if not path:
            return False
        if not path.endswith(".json"):
            path += project_mod.SUFFIX
        return self.write_project(path)

    def write_project(self, path: str) -> bool:
        try:
            project_mod.save_project(self.controller.plan, Path(path))
        except OSError as exc:
            self.ask("warning", tr("gui.act.save"), tr("gui.msg.cannot_write", path=path, reason=exc.strerror or str(exc)))
            return False
        self.project_path = os.path.abspath(path)
        self.controller.undo_stack.setClean()
        self.extra_dirty = False
        self.autosaver.discard()
        self.settings.add_recent_project(self.project_path)
        self._update_title()
        self.statusBar().showMessage(tr("gui.msg.saved", path=path), 5000)
        return True

    def export_job(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("gui.act.export_job"), str(Path.home() / "job.json"), tr("gui.filter.job"))
        if path:
            try:
                project_mod.export_job(self.controller.plan, Path(path))
            except OSError as exc:
                self.ask("warning", tr("gui.act.export_job"), tr("gui.msg.cannot_write", path=path, reason=exc.strerror or str(exc)))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.get("prefs/recent_projects"):
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.maybe_save() and self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(tr("gui.act.recent_none")).setEnabled(False)

    def autosave(self) -> None:
        """Save unsaved work for crash recovery (never over the project file itself)."""
        if not self.is_dirty() or not self.controller.plan.order:
            return
        try:
            self.autosaver.save(self.controller.plan, self.project_path)
        except OSError:
            self.statusBar().showMessage(tr("gui.msg.autosave_failed"), 5000)

    def offer_recovery(self) -> None:
        """After a crash: offer to open what the last session had not saved."""
        found = project_mod.find_recoverable(self.data_dir / "autosave")
        if not found:
            return
        item = found[0]
        when = datetime.fromtimestamp(item.saved).strftime("%Y-%m-%d %H:%M")
        answer = self.ask("recover", tr("gui.recover.title"), tr("gui.recover.text", when=when, n=item.packages,
                                                                   project=item.project or tr("gui.title.untitled")))
        if answer == QMessageBox.StandardButton.Yes:
            self.recover(item)
        elif answer == QMessageBox.StandardButton.Discard:
            for other in found:
                other.path.unlink(missing_ok=True)

    def recover(self, item: project_mod.Recoverable) -> None:
        try:
            plan = project_mod.recover(item)
        except EarchiveError as exc:
            self.ask("warning", tr("gui.recover.title"), exc.message(language()))
            return
        self.controller.replace_plan(plan)
        self.project_path = item.project
        self.extra_dirty = True
        item.path.unlink(missing_ok=True)
        self.autosave()
        self._update_title()
        self._update_status()

    # --- building ---------------------------------------------------------------------------

    def build_selected(self) -> None:
        self.build(self.plan_view.selected_package_ids())

    def build_all(self) -> None:
        self.build(list(self.controller.plan.order))

    def build(self, ids: list[str], output_dir: str | None = None, *, as_zip: bool | None = None,
              include_system_files: bool = False, build=None, validator=None) -> BuildDialog | None:
        """Check, ask where (unless ``output_dir`` is given), then build in a progress dialog."""
        ids = [i for i in ids if i in self.controller.plan.packages]
        if not ids:
            self.statusBar().showMessage(tr("gui.msg.select_package"), 5000)
            return None
        jobs: list[BuildJob] = []
        for key in ids:
            pkg = self.controller.plan.packages[key]
            blocking = [f for f in precheck.check_package_dict(pkg, target=self.controller.plan.target) if f.blocks_build]
            try:
                submission = precheck.submission_of(pkg)
            except EarchiveError as exc:
                blocking = blocking or [precheck.Finding(precheck.EARCHIVE, "error", exc.code, dict(exc.params))]
            if blocking:
                self.problems_dock.show()
                self.show_finding(key, blocking[0])
                self.ask("warning", tr("gui.msg.cannot_build_title"),
                         tr("gui.msg.cannot_build", title=plan_mod.title_of(pkg), problem=blocking[0].message(language())))
                return None
            jobs.append(BuildJob(plan_mod.title_of(pkg), submission, None))
        if output_dir is None:
            dialog = BuildOptionsDialog(len(jobs), self.controller.plan.output_dir or self.settings.get("prefs/output_dir"),
                                        getattr(self, "build_zip", False), self)
            if dialog.exec() != BuildOptionsDialog.DialogCode.Accepted:
                return None
            output_dir = dialog.output.text().strip()
            as_zip = dialog.zip.isChecked()
            include_system_files = dialog.system.isChecked()
            if output_dir != self.controller.plan.output_dir:
                self.controller.plan.output_dir = output_dir
                self.extra_dirty = True
            self.settings.set("prefs/output_dir", output_dir)
        if self.build_dialog is not None and self.build_dialog.is_done:
            self.build_dialog.deleteLater()
        for job in jobs:
            job.options = BuildOptions(output_dir=Path(output_dir), as_zip=bool(as_zip), include_system_files=include_system_files)
        self.build_dialog = BuildDialog(jobs, output_dir, self, validate=self.settings.get("prefs/validate_after_build"),
                                        open_output=self.settings.get("prefs/open_output_after_build"),
                                        build=build, validator=validator, export_targets=self.targets_file(),
                                        target_kind=self.controller.plan.target)
        self.build_dialog.finished_all.connect(lambda outcomes, keys=list(ids): self._remember_built(keys, outcomes))
        self.build_dialog.finished_all.connect(self.build_finished)
        self.build_dialog.show()
        self.build_dialog.start()
        return self.build_dialog

    def _remember_built(self, keys: list[str], outcomes: list) -> None:
        for key, outcome in zip(keys, outcomes):
            if outcome.result is not None:
                self.last_built[key] = Path(outcome.result.package_path)

    # --- exporting ---------------------------------------------------------------------------

    def targets_file(self) -> Path:
        """The saved target configurations (addresses, users, folders; never secrets)."""
        return self.data_dir / TARGETS_FILE

    def open_targets(self) -> None:
        TargetsDialog(TargetStore(self.targets_file()), self).exec()

    def export_selected(self) -> ExportDialog | None:
        """Deliver the selected packages' last build (RODA), or transfers made from their plan (Archivematica)."""
        ids = [i for i in self.plan_view.selected_package_ids() if i in self.controller.plan.packages]
        if not ids:
            self.statusBar().showMessage(tr("gui.msg.select_package"), 5000)
            return None
        target = self.controller.plan.target
        output = self.controller.plan.output_dir or self.settings.get("prefs/output_dir")
        items = []
        for key in ids:
            pkg = self.controller.plan.packages[key]
            try:
                submission = precheck.submission_of(pkg)
            except EarchiveError:
                submission = None
            package = self.last_built.get(key)
            items.append(ExportItem(plan_mod.title_of(pkg), package if package is not None and package.exists() else None,
                                    submission, Path(output) if output else None))
        if target != "archivematica" and not any(item.package for item in items):
            self.ask("warning", tr("gui.act.export_packages").replace("&", ""), tr("gui.export.nothing"))
            return None
        if self.export_dialog is not None and not self.export_dialog.is_running:
            self.export_dialog.deleteLater()
        self.export_dialog = ExportDialog(items, TargetStore(self.targets_file()), self, kind=target)
        self.export_dialog.show()
        return self.export_dialog

    # --- settings, state ---------------------------------------------------------------------

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self._apply_preferences()

    def _apply_preferences(self) -> None:
        from PySide6.QtCore import QLocale

        lang = i18n.resolve(self.settings.get("prefs/language"), QLocale.system().name())
        i18n.set_language(lang)
        seconds = self.settings.get("prefs/autosave_seconds")
        if seconds > 0:
            self.autosave_timer.start(seconds * 1000)
        else:
            self.autosave_timer.stop()
        show = self.settings.get("prefs/show_system_files")
        if show != self.sources.model.show_system_files:
            self.sources.model.show_system_files = show
            if self.sources.root():
                self.sources.model.refresh()

    def _restore_state(self) -> None:
        geometry = self.settings.get("state/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        window = self.settings.get("state/window")
        if window:
            self.restoreState(window)
        if not window:
            self.resizeDocks([self.problems_dock], [170], Qt.Orientation.Vertical)
        splitter = self.settings.get("state/splitter")
        if splitter:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([330, 420, 530])
        self.sources.set_root(self.settings.get("state/source_root") or str(Path.home()))

    def save_state(self) -> None:
        self.settings.set("state/geometry", bytes(self.saveGeometry().data()))
        self.settings.set("state/window", bytes(self.saveState().data()))
        self.settings.set("state/splitter", bytes(self.splitter.saveState().data()))
        self.settings.set("state/source_root", self.sources.root())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.build_dialog is not None and not self.build_dialog.is_done:
            self.build_dialog.cancel()
            event.ignore()
            return
        if self.export_dialog is not None and self.export_dialog.is_running:
            self.export_dialog.cancel()
            event.ignore()
            return
        if not self.maybe_save():
            event.ignore()
            return
        self.save_state()
        self.autosaver.discard()
        event.accept()

    def about(self) -> None:
        QMessageBox.about(self, tr("gui.act.about"), tr("gui.about", version=earchive.__version__))

    def _ask(self, kind: str, title: str, text: str) -> QMessageBox.StandardButton:
        box = QMessageBox(self)
        box.setWindowTitle(title)
        box.setText(text)
        SB = QMessageBox.StandardButton
        if kind == "question":
            box.setIcon(QMessageBox.Icon.Question)
            box.setStandardButtons(SB.Yes | SB.No)
        elif kind == "save":
            box.setIcon(QMessageBox.Icon.Question)
            box.setStandardButtons(SB.Save | SB.Discard | SB.Cancel)
        elif kind == "recover":
            box.setIcon(QMessageBox.Icon.Question)
            box.setStandardButtons(SB.Yes | SB.Discard | SB.No)
            box.button(SB.Yes).setText(tr("gui.recover.yes"))
            box.button(SB.Discard).setText(tr("gui.recover.discard"))
            box.button(SB.No).setText(tr("gui.recover.later"))
        else:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setStandardButtons(SB.Ok)
        return SB(box.exec())


def _safe_file_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_ " else "-" for c in name).strip()
    return "-".join(keep.split()) or "profile"


register(
    {
        "gui.menu.file": {"en": "&File", "sv": "&Arkiv"},
        "gui.menu.edit": {"en": "&Edit", "sv": "&Redigera"},
        "gui.menu.package": {"en": "&Package", "sv": "&Paket"},
        "gui.menu.view": {"en": "&View", "sv": "&Visa"},
        "gui.menu.help": {"en": "&Help", "sv": "&Hjälp"},
        "gui.toolbar": {"en": "Main tool bar", "sv": "Huvudverktygsfält"},
        "gui.act.new_delivery": {"en": "&New delivery…", "sv": "&Ny leverans…"},
        "gui.act.new_delivery.tip": {"en": "Start a new delivery from a delivery profile", "sv": "Börja en ny leverans utifrån en leveransprofil"},
        "gui.act.open": {"en": "&Open project…", "sv": "&Öppna projekt…"},
        "gui.act.recent": {"en": "Open &recent", "sv": "Öppna &senaste"},
        "gui.act.recent_none": {"en": "(none yet)", "sv": "(inga än)"},
        "gui.act.save": {"en": "&Save project", "sv": "&Spara projekt"},
        "gui.act.save_as": {"en": "Save project &as…", "sv": "Spara projekt s&om…"},
        "gui.act.export_job": {"en": "&Export job file for the command line…", "sv": "&Exportera jobbfil för kommandoraden…"},
        "gui.act.settings": {"en": "Se&ttings…", "sv": "&Inställningar…"},
        "gui.act.quit": {"en": "&Quit", "sv": "&Avsluta"},
        "gui.act.undo": {"en": "&Undo", "sv": "&Ångra"},
        "gui.act.redo": {"en": "&Redo", "sv": "&Gör om"},
        "gui.act.remove": {"en": "Re&move", "sv": "&Ta bort"},
        "gui.act.rename": {"en": "Re&name", "sv": "&Byt namn"},
        "gui.act.select_all": {"en": "Select all &packages", "sv": "Markera alla &paket"},
        "gui.act.new_package": {"en": "New &empty package", "sv": "Nytt &tomt paket"},
        "gui.act.add_files_new": {"en": "New package from &files…", "sv": "Nytt paket från &filer…"},
        "gui.act.add_sources": {"en": "Add &files to the package…", "sv": "Lägg till &filer i paketet…"},
        "gui.act.add_documentation": {"en": "Add &documentation…", "sv": "Lägg till &dokumentation…"},
        "gui.act.add_metadata": {"en": "Add a &metadata file…", "sv": "Lägg till en &metadatafil…"},
        "gui.act.add_representation": {"en": "Add &representation", "sv": "Lägg till &representation"},
        "gui.act.edit_header": {"en": "Edit package &information", "sv": "Redigera paket&information"},
        "gui.act.edit_description": {"en": "Edit &description", "sv": "Redigera &beskrivning"},
        "gui.act.apply_profile": {"en": "Apply a delivery &profile to the selected packages…", "sv": "Använd en leverans&profil på de valda paketen…"},
        "gui.act.save_profile": {"en": "&Save these values as a delivery profile…", "sv": "&Spara värdena som leveransprofil…"},
        "gui.act.build_selected": {"en": "&Build", "sv": "&Bygg"},
        "gui.act.build_selected.tip": {"en": "Build the selected packages (Ctrl+B)", "sv": "Bygg de valda paketen (Ctrl+B)"},
        "gui.act.build_all": {"en": "Build &all packages", "sv": "Bygg &alla paket"},
        "gui.act.export_packages": {"en": "E&xport to archive…", "sv": "E&xportera till arkiv…"},
        "gui.act.export_packages.tip": {"en": "Deliver the selected packages, as last built, to RODA or Archivematica (Ctrl+E)", "sv": "Leverera de valda paketen, som de senast byggdes, till RODA eller Archivematica (Ctrl+E)"},
        "gui.act.targets": {"en": "Export &targets…", "sv": "Export&mål…"},
        "gui.act.targets.tip": {"en": "The archives you deliver to: addresses, users, folders (passwords stay in the keyring)", "sv": "Arkiven du levererar till: adresser, användare, mappar (lösenord stannar i nyckelringen)"},
        "gui.act.open_location": {"en": "Show in the file manager", "sv": "Visa i filhanteraren"},
        "gui.act.whats_this": {"en": "What's &this?", "sv": "&Vad är det här?"},
        "gui.act.about": {"en": "&About earchive", "sv": "&Om earchive"},
        "gui.about": {"en": "earchive {version}\n\nBuilds E-ARK SIP packages (CSIP/SIP 2.2.0 and 2.1.0 = FGS Paketstruktur 2.0) for RODA, Archivematica and other archives.", "sv": "earchive {version}\n\nBygger E-ARK SIP-paket (CSIP/SIP 2.2.0 och 2.1.0 = FGS Paketstruktur 2.0) för RODA, Archivematica och andra arkiv."},
        "gui.plan.title": {"en": "Packages to build", "sv": "Paket att bygga"},
        "gui.plan.new_title": {"en": "New package", "sv": "Nytt paket"},
        "gui.title.untitled": {"en": "New delivery", "sv": "Ny leverans"},
        "gui.target.label": {"en": "Target system:", "sv": "Målsystem:"},
        "gui.target.tip": {"en": "The archive the packages go to; it adds that system's checks (RODA needs a title).", "sv": "Arkivet som paketen ska till; det lägger till systemets kontroller (RODA behöver en titel)."},
        "gui.status": {"en": "{n} package(s) · {errors} problem(s) · {warnings} warning(s)", "sv": "{n} paket · {errors} problem · {warnings} varning(ar)"},
        "gui.status.profile": {"en": "Profile: {name}", "sv": "Profil: {name}"},
        "gui.msg.select_first": {"en": "Select files or folders on the left first.", "sv": "Markera först filer eller mappar till vänster."},
        "gui.msg.select_package": {"en": "Select a package in the plan first.", "sv": "Markera först ett paket i planen."},
        "gui.msg.made": {"en": "{n} package(s) added to the plan.", "sv": "{n} paket lades till i planen."},
        "gui.msg.many_title": {"en": "Many packages", "sv": "Många paket"},
        "gui.msg.many": {"en": "This selection makes more than {n} packages, one per file. Do you want that?", "sv": "Det här urvalet ger fler än {n} paket, ett per fil. Vill du det?"},
        "gui.msg.unsaved_title": {"en": "Unsaved changes", "sv": "Osparade ändringar"},
        "gui.msg.unsaved": {"en": "The delivery has changes that are not saved. Save them in a project file?", "sv": "Leveransen har ändringar som inte är sparade. Vill du spara dem i en projektfil?"},
        "gui.msg.cannot_write": {"en": "Cannot write {path}: {reason}. Choose another place.", "sv": "Kan inte skriva {path}: {reason}. Välj en annan plats."},
        "gui.msg.saved": {"en": "Saved {path}", "sv": "Sparade {path}"},
        "gui.msg.profile_saved": {"en": "Profile saved as {path}. Share the file with your colleagues.", "sv": "Profilen sparades som {path}. Dela filen med dina kollegor."},
        "gui.msg.autosave_failed": {"en": "Could not save a recovery copy.", "sv": "Kunde inte spara en återställningskopia."},
        "gui.msg.cannot_build_title": {"en": "Not ready to build", "sv": "Inte klart att bygga"},
        "gui.msg.cannot_build": {"en": "\"{title}\" cannot be built yet:\n\n{problem}\n\nThe field to fix is selected; the list at the bottom shows every problem.", "sv": "\"{title}\" kan inte byggas än:\n\n{problem}\n\nFältet som ska åtgärdas är markerat; listan längst ned visar alla problem."},
        "gui.profile.name": {"en": "Name of the profile (as colleagues will see it):", "sv": "Profilens namn (som kollegorna ser det):"},
        "gui.recover.title": {"en": "Recover unsaved work", "sv": "Återställ osparat arbete"},
        "gui.recover.text": {"en": "earchive was not closed normally last time. Unsaved work from {when} ({n} package(s), {project}) can be recovered.", "sv": "earchive stängdes inte normalt förra gången. Osparat arbete från {when} ({n} paket, {project}) kan återställas."},
        "gui.recover.yes": {"en": "Recover", "sv": "Återställ"},
        "gui.recover.discard": {"en": "Throw away", "sv": "Släng"},
        "gui.recover.later": {"en": "Not now", "sv": "Inte nu"},
    }
)
