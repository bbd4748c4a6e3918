"""The source browser: the computer's folders, with system files greyed out.

Folders are listed in a background thread and shown in batches, so even a folder of
20,000 files opens without blocking the window.  Items can be dragged to the package plan; the buttons
under the tree make packages from the selection.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QDir, QMimeData, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QFont, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QStyle,
)

from earchive.messages import register

from earchive_gui import plan as plan_mod
from earchive_gui.fsinfo import list_folder
from earchive_gui.i18n import human_size, tr
from earchive_gui.workers import run_task


#: Folder entries added to the tree per fetch (keeps each step well under 100 ms).
BATCH = 200

ROLE_PATH = Qt.ItemDataRole.UserRole + 1
ROLE_DIR = Qt.ItemDataRole.UserRole + 2
ROLE_LAZY = Qt.ItemDataRole.UserRole + 3


class SourceModel(QStandardItemModel):
    """The folders and files under a root folder, listed off the UI thread and shown in batches.

    (QFileSystemModel blocks the UI thread for ~150 ms on a folder of 20,000 files; this
    model lists folders with :func:`~earchive_gui.fsinfo.list_folder` in a worker and
    inserts BATCH rows at a time as the view scrolls.)  System files are greyed out,
    italic, with a tooltip saying they are left out; or hidden, as the settings say.
    """

    #: A folder's listing has arrived (its path).
    listed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self._root = ""
        self._pending: dict[int, list] = {}  # id(item) or 0 for the root -> entries not yet shown
        # path -> row under its folder: plain strings and ints, so that 100,000 listed files add
        # nothing for the garbage collector to walk (its pauses would stall the window).
        self._rows: dict[str, int] = {}
        self.show_system_files = True
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([tr("gui.source.col_name"), tr("gui.source.col_size")])

    # --- QFileSystemModel-like interface --------------------------------------------------

    def setRootPath(self, path: str) -> None:
        self._root = os.path.abspath(path)
        self._pending.clear()
        self._rows.clear()
        self.removeRows(0, self.rowCount())
        self._list(None, self._root)

    def rootPath(self) -> str:
        return self._root

    def filePath(self, index: QModelIndex) -> str:
        item = self.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None
        return item.data(ROLE_PATH) if item is not None else self._root

    def isDir(self, index: QModelIndex) -> bool:
        item = self.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None
        return bool(item.data(ROLE_DIR)) if item is not None else True

    def index_of(self, path: str) -> QModelIndex:
        """The index of a listed path (invalid while its folder is not listed yet)."""
        path = os.path.abspath(path)
        if path == self._root or not self._root or not path.startswith(self._root.rstrip(os.sep) + os.sep):
            return QModelIndex()
        parent_path = os.path.dirname(path)
        parent = QModelIndex() if parent_path == self._root else self.index_of(parent_path)
        if parent_path != self._root and not parent.isValid():
            return QModelIndex()
        row = self._rows.get(path)
        if row is None:
            parent_item = self.itemFromIndex(parent) if parent.isValid() else None
            key = id(parent_item) if parent_item is not None else 0
            if key in self._pending and any(e.path == path for e in self._pending[key]):
                self._insert(parent_item, None)  # show the rest of that folder
                row = self._rows.get(path)
        if row is None:
            return QModelIndex()
        index = self.index(row, 0, parent)
        return index if index.isValid() and self.filePath(index) == path else QModelIndex()

    def refresh(self) -> None:
        self.setRootPath(self._root)

    # --- lazy listing -------------------------------------------------------------------

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        if parent.isValid() and parent.column() == 0:
            item = self.itemFromIndex(parent)
            if item is not None and item.data(ROLE_LAZY):
                return True
        return super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        if not parent.isValid():
            return 0 in self._pending
        if parent.column() != 0:
            return False
        item = self.itemFromIndex(parent)
        return item is not None and (bool(item.data(ROLE_LAZY)) or id(item) in self._pending)

    def fetchMore(self, parent: QModelIndex) -> None:
        item = self.itemFromIndex(parent) if parent.isValid() else None
        if item is not None and item.data(ROLE_LAZY):
            item.setData(False, ROLE_LAZY)
            self._list(item, item.data(ROLE_PATH))
            return
        self._insert(item, BATCH)

    def _list(self, item: QStandardItem | None, path: str) -> None:
        from PySide6.QtCore import QPersistentModelIndex

        where = QPersistentModelIndex(item.index()) if item is not None else None
        root = self._root

        def done(entries: list) -> None:
            if self._root != root:
                return
            if where is not None and not where.isValid():
                return
            target = self.itemFromIndex(self.index(where.row(), 0, where.parent())) if where is not None else None
            if not self.show_system_files:
                entries = [e for e in entries if not e.system]
            self._pending[id(target) if target is not None else 0] = entries
            self._insert(target, BATCH)
            self.listed.emit(path)

        run_task(lambda: list_folder(path), done)

    def _insert(self, item: QStandardItem | None, batch: int | None) -> None:
        key = id(item) if item is not None else 0
        entries = self._pending.get(key)
        if entries is None:
            return
        take, rest = (entries, []) if batch is None else (entries[:batch], entries[batch:])
        parent = item if item is not None else self.invisibleRootItem()
        style = QApplication.style()
        dir_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        grey = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        rows = []
        first = parent.rowCount()
        for entry in take:
            name = QStandardItem(dir_icon if entry.is_dir else file_icon, entry.name)
            name.setData(entry.path, ROLE_PATH)
            name.setData(entry.is_dir, ROLE_DIR)
            name.setEditable(False)
            name.setDropEnabled(False)
            size = QStandardItem("" if entry.is_dir else human_size(entry.size))
            size.setEditable(False)
            size.setDragEnabled(False)
            size.setDropEnabled(False)
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if entry.is_dir:
                name.setData(True, ROLE_LAZY)
            if entry.system:
                font = QFont(name.font())
                font.setItalic(True)
                for cell in (name, size):
                    cell.setForeground(grey)
                    cell.setFont(font)
                name.setToolTip(tr("gui.plan.system_file_tip"))
            else:
                name.setToolTip(entry.path)
            self._rows[entry.path] = first + len(rows)
            rows.append([name, size])
        for row in rows:
            parent.appendRow(row)
        if rest:
            self._pending[key] = rest
        else:
            self._pending.pop(key, None)

    # --- drag ---------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        paths = list(dict.fromkeys(self.filePath(i) for i in indexes if i.column() == 0))
        data.setUrls([QUrl.fromLocalFile(p) for p in paths])
        return data

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction


class SourceBrowser(QWidget):
    """A path bar, the folder tree, and buttons that make packages from the selection."""

    #: The user asked for new packages from these paths in a mode ("one", "per_folder", "per_file").
    make_packages = Signal(list, str)
    #: The user asked to add these paths to the selected package.
    add_to_selected = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = SourceModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 260)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.path_edit = QLineEdit(self)
        self.path_edit.returnPressed.connect(lambda: self.set_root(self.path_edit.text()))
        style = self.style()
        self.up_button = QToolButton(self)
        self.up_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogToParent))
        self.up_button.clicked.connect(self.go_up)
        self.browse_button = QToolButton(self)
        self.browse_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.browse_button.clicked.connect(self.browse)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(lambda: self.model.refresh())
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.up_button)
        top.addWidget(self.browse_button)
        top.addWidget(self.refresh_button)

        self.mode_buttons: dict[str, QToolButton] = {}
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.make_label = QLabel(self)
        buttons.addWidget(self.make_label)
        for mode in plan_mod.MODES:
            button = QToolButton(self)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _=False, m=mode: self._make(m))
            self.mode_buttons[mode] = button
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.model.retranslate()
        self.refresh_button.setToolTip(tr("gui.source.refresh") + " (F5)")
        self.refresh_button.setAccessibleName(tr("gui.source.refresh"))
        self.title.setText(tr("gui.source.title"))
        self.tree.setAccessibleName(tr("gui.source.accessible"))
        self.tree.setWhatsThis(tr("gui.source.whats_this"))
        self.path_edit.setAccessibleName(tr("gui.source.path"))
        self.path_edit.setPlaceholderText(tr("gui.source.path"))
        self.up_button.setToolTip(tr("gui.source.up"))
        self.up_button.setAccessibleName(tr("gui.source.up"))
        self.browse_button.setToolTip(tr("gui.source.browse"))
        self.browse_button.setAccessibleName(tr("gui.source.browse"))
        self.make_label.setText(tr("gui.source.make"))
        for mode, button in self.mode_buttons.items():
            button.setText(tr(f"gui.source.button.{mode}"))
            button.setToolTip(tr(f"gui.mode.{mode}"))
            button.setAccessibleName(tr(f"gui.mode.{mode}"))

    def set_root(self, path: str) -> None:
        """Show ``path`` (a folder) as the top of the tree."""
        path = os.path.abspath(os.path.expanduser(path or QDir.homePath()))
        if not os.path.isdir(path):
            path = os.path.dirname(path)
        self.model.setRootPath(path)
        self.path_edit.setText(path)

    def root(self) -> str:
        return self.model.rootPath()

    def go_up(self) -> None:
        parent = os.path.dirname(self.root().rstrip(os.sep)) or self.root()
        self.set_root(parent)

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("gui.source.browse"), self.root())
        if folder:
            self.set_root(folder)

    def selected_paths(self) -> list[str]:
        rows = self.tree.selectionModel().selectedRows(0)
        return [self.model.filePath(i) for i in rows]

    def select_paths(self, paths: list[str]) -> None:
        from PySide6.QtCore import QItemSelectionModel

        self.tree.clearSelection()
        for path in paths:
            index = self.model.index_of(path)
            if index.isValid():
                self.tree.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
                self.tree.setCurrentIndex(index)

    def _make(self, mode: str) -> None:
        paths = self.selected_paths()
        if paths:
            self.make_packages.emit(paths, mode)

    def _context_menu(self, pos) -> None:
        paths = self.selected_paths()
        if not paths:
            return
        menu = QMenu(self)
        for mode in plan_mod.MODES:
            menu.addAction(tr(f"gui.mode.{mode}"), lambda m=mode: self.make_packages.emit(paths, m))
        menu.addSeparator()
        menu.addAction(tr("gui.source.add_to_selected"), lambda: self.add_to_selected.emit(paths))
        index = self.tree.indexAt(pos)
        if index.isValid() and self.model.isDir(index):
            menu.addSeparator()
            menu.addAction(tr("gui.source.open_here"), lambda: self.set_root(self.model.filePath(index)))
        menu.exec(self.tree.viewport().mapToGlobal(pos))


register(
    {
        "gui.source.col_name": {"en": "Name", "sv": "Namn"},
        "gui.source.col_size": {"en": "Size", "sv": "Storlek"},
        "gui.source.refresh": {"en": "Refresh", "sv": "Uppdatera"},
        "gui.source.title": {"en": "Your files", "sv": "Dina filer"},
        "gui.source.accessible": {"en": "Source browser", "sv": "Källbläddrare"},
        "gui.source.whats_this": {"en": "Folders and files on this computer. Select some and make packages with the buttons below, or drag them to the package plan. Greyed-out files are system files that are left out.", "sv": "Mappar och filer på den här datorn. Markera några och skapa paket med knapparna nedanför, eller dra dem till paketplanen. Gråade filer är systemfiler som utelämnas."},
        "gui.source.path": {"en": "Folder shown", "sv": "Visad mapp"},
        "gui.source.up": {"en": "Up one folder", "sv": "Upp en mapp"},
        "gui.source.browse": {"en": "Choose a folder…", "sv": "Välj en mapp…"},
        "gui.source.make": {"en": "Make:", "sv": "Skapa:"},
        "gui.source.button.one": {"en": "One package", "sv": "Ett paket"},
        "gui.source.button.per_folder": {"en": "Per folder", "sv": "Per mapp"},
        "gui.source.button.per_file": {"en": "Per file", "sv": "Per fil"},
        "gui.source.add_to_selected": {"en": "Add to the selected package", "sv": "Lägg till i det valda paketet"},
        "gui.source.open_here": {"en": "Show this folder at the top", "sv": "Visa den här mappen överst"},
    }
)
