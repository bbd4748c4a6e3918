"""The package plan tree: packages -> representations -> files; documentation; metadata.

The model mirrors the controller's plan and fills folders lazily (a folder of 20,000
files costs nothing until it is opened, and then is listed in batches).  The view
takes drops from the source browser and from the desktop's file manager (always as a
copy: earchive never moves the user's files), moves items between packages by drag
and drop, and offers context menus and keyboard commands.
"""

from __future__ import annotations

import json
import os
from typing import Callable

from PySide6.QtCore import QMimeData, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QBrush, QDropEvent, QFont, QKeySequence, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QStyle, QTreeView

from earchive.messages import register

from earchive_gui import plan as plan_mod
from earchive_gui.controller import PlanController
from earchive_gui.fsinfo import is_system_file, list_folder
from earchive_gui.i18n import human_size, tr
from earchive_gui.workers import run_task

#: MIME type of plan items dragged inside the tree.
PLAN_MIME = "application/x-earchive-plan-items"
#: Folder entries added to the tree per fetch (keeps each step well under 100 ms).
BATCH = 200

ROLE_KIND = Qt.ItemDataRole.UserRole + 1
ROLE_PKG = Qt.ItemDataRole.UserRole + 2
ROLE_REP = Qt.ItemDataRole.UserRole + 3
ROLE_PATH = Qt.ItemDataRole.UserRole + 4
ROLE_LAZY = Qt.ItemDataRole.UserRole + 5
ROLE_SYSTEM = Qt.ItemDataRole.UserRole + 6

#: Item kinds that stand for a path the user added (and can be removed or moved).
PATH_ITEMS = {"source": "sources", "doc": "documentation", "mdfile": "metadata"}


class PlanModel(QStandardItemModel):
    """Items for the plan; packages and folders get their children when first expanded."""

    def __init__(self, controller: PlanController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._rows: dict[str, QStandardItem] = {}
        self._pending: dict[int, list] = {}
        self._status: dict[str, list] = {}
        self._shapes: dict[str, tuple] = {}
        self._listings: dict[str, tuple[int, list]] = {}  # folder -> (mtime_ns, entries)
        self._child_icons = None
        self._folder_text = ""
        self._updating = False
        #: Set by the view: remember and restore which children of a package are expanded.
        self.save_expansion: Callable | None = None
        self.restore_expansion: Callable | None = None
        self.setColumnCount(2)
        controller.structure_changed.connect(self.sync_structure)
        controller.packages_changed.connect(self.refresh_packages)
        self.retranslate()
        self.sync_structure()

    # --- building -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([tr("gui.plan.col_name"), tr("gui.plan.col_details")])
        self._folder_text = tr("gui.plan.folder")
        self._updating = True
        try:
            for key in list(self._rows):
                self._fill_package_row(key)
        finally:
            self._updating = False

    def sync_structure(self) -> None:
        """Make the top level match the plan's order, inserting/removing rows where possible."""
        order = self.controller.plan.order
        current = [self.item(r, 0).data(ROLE_PKG) for r in range(self.rowCount())]
        self._updating = True
        try:
            if set(current) <= set(order) and [k for k in order if k in set(current)] == current:
                for index, key in enumerate(order):
                    if index >= self.rowCount() or self.item(index, 0).data(ROLE_PKG) != key:
                        self.insertRow(index, self._package_row(key))
            elif set(order) <= set(current) and [k for k in current if k in set(order)] == order:
                keep = set(order)
                for row in range(self.rowCount() - 1, -1, -1):
                    key = self.item(row, 0).data(ROLE_PKG)
                    if key not in keep:
                        self.removeRow(row)
                        self._rows.pop(key, None)
            else:
                self.removeRows(0, self.rowCount())
                self._rows.clear()
                for key in order:
                    self.appendRow(self._package_row(key))
        finally:
            self._updating = False

    def refresh_packages(self, keys: list[str]) -> None:
        self._updating = True
        try:
            for key in keys:
                if key in self._rows:
                    self._fill_package_row(key)
        finally:
            self._updating = False

    def set_status(self, results: dict) -> None:
        """Show each package's check result ({id: [Finding]}) in its Details column."""
        self._status = {key: findings for key, findings in results.items()}
        self._updating = True
        try:
            for key, item in self._rows.items():
                if item.index().isValid():
                    detail = self.itemFromIndex(item.index().siblingAtColumn(1))
                    if detail is not None:
                        self._show_status(detail, self._status.get(key))
        finally:
            self._updating = False

    @staticmethod
    def _show_status(detail: QStandardItem, findings: list | None) -> None:
        if findings is None:
            detail.setText(tr("gui.plan.status_checking"))
            detail.setData(None, Qt.ItemDataRole.ForegroundRole)
            return
        errors = sum(1 for f in findings if f.level == "error")
        warnings = sum(1 for f in findings if f.level == "warning")
        if errors:
            detail.setText(tr("gui.plan.status_errors", n=errors))
            detail.setForeground(QBrush(Qt.GlobalColor.darkRed))
        elif warnings:
            detail.setText(tr("gui.plan.status_warnings", n=warnings))
            detail.setData(None, Qt.ItemDataRole.ForegroundRole)
        else:
            detail.setText(tr("gui.plan.status_ready"))
            detail.setForeground(QBrush(Qt.GlobalColor.darkGreen))

    def package_item(self, key: str) -> QStandardItem | None:
        return self._rows.get(key)

    def _package_row(self, key: str) -> list[QStandardItem]:
        item = QStandardItem()
        item.setData("package", ROLE_KIND)
        item.setData(key, ROLE_PKG)
        item.setData(True, ROLE_LAZY)
        item.setEditable(True)
        item.setDragEnabled(True)
        item.setDropEnabled(True)
        detail = _detail_item()
        self._rows[key] = item
        self._fill_package_row(key, item, detail)
        return [item, detail]

    def _fill_package_row(self, key: str, item: QStandardItem | None = None, detail: QStandardItem | None = None) -> None:
        pkg = self.controller.plan.packages.get(key)
        item = item or self._rows.get(key)
        if pkg is None or item is None:
            return
        if detail is None:
            parent_index = item.index().parent()
            detail = self.itemFromIndex(self.index(item.row(), 1, parent_index)) if item.index().isValid() else None
        item.setText(plan_mod.title_of(pkg) or tr("gui.plan.untitled"))
        item.setIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DriveFDIcon))
        item.setToolTip(tr("gui.plan.package_tip", objid=pkg.get("objid", "")))
        if detail is not None:
            self._show_status(detail, self._status.get(key))
        if not item.data(ROLE_LAZY) and self._shapes.get(key) != _shape(pkg):
            # Only when what the tree shows changed: typing a title must not re-list folders.
            state = self.save_expansion(item) if self.save_expansion else None
            item.removeRows(0, item.rowCount())
            self._populate_package(item, key, pkg)
            if self.restore_expansion:
                self.restore_expansion(item, state)

    def _populate_package(self, item: QStandardItem, key: str, pkg: dict) -> None:
        self._shapes[key] = _shape(pkg)
        style = QApplication.style()
        for index, rep in enumerate(plan_mod.representations(pkg)):
            sources = list(rep.get("sources") or [])
            rep_item = self._node("rep", key, rep.get("name") or "", style.standardIcon(QStyle.StandardPixmap.SP_DirIcon))
            rep_item.setData(index, ROLE_REP)
            rep_item.setEditable(True)
            rep_item.setToolTip(tr("gui.plan.rep_tip"))
            folders = sum(1 for p in sources if os.path.isdir(p))
            parts = ([tr("gui.plan.n_folders", n=folders)] if folders else []) + (
                [tr("gui.plan.n_files", n=len(sources) - folders)] if len(sources) > folders else [])
            detail = _detail_item(", ".join(parts) if sources else tr("gui.plan.no_sources"))
            if not sources:
                detail.setForeground(QBrush(Qt.GlobalColor.darkRed))
            item.appendRow([rep_item, detail])
            for path in sources:
                rep_item.appendRow(self._path_row("source", key, index, path))
        docs = list(pkg.get("documentation") or [])
        docs_item = self._node("docs", key, tr("gui.plan.documentation"), style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView))
        item.appendRow([docs_item, _detail_item(tr("gui.plan.n_items", n=len(docs)) if docs else "")])
        for path in docs:
            docs_item.appendRow(self._path_row("doc", key, 0, path))
        meta_item = self._node("meta", key, tr("gui.plan.metadata"), style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        item.appendRow([meta_item, _detail_item()])
        desc = pkg.get("descriptive") or {}
        for kind, name in plan_mod.DESCRIPTION_KINDS.items():
            if name in desc:
                d = self._node("desc", key, tr(f"gui.plan.desc_{kind}"), style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
                d.setData(kind, ROLE_PATH)
                title = plan_mod.get_field(pkg, "dc.title" if kind == "dc" else "ead.unittitle") if kind != "kv" else ""
                meta_item.appendRow([d, _detail_item(title)])
        for f in desc.get("files") or []:
            row = self._path_row("mdfile", key, 0, f.get("path", ""))
            row[1].setText(f.get("mdtype", "OTHER"))
            meta_item.appendRow(row)

    def _node(self, kind: str, key: str, text: str, icon=None) -> QStandardItem:
        item = QStandardItem(text)
        item.setData(kind, ROLE_KIND)
        item.setData(key, ROLE_PKG)
        item.setEditable(False)
        item.setDragEnabled(False)
        item.setDropEnabled(True)
        if icon is not None:
            item.setIcon(icon)
        return item

    def _path_row(self, kind: str, key: str, rep: int, path: str) -> list[QStandardItem]:
        style = QApplication.style()
        is_dir = os.path.isdir(path)
        exists = os.path.lexists(path)
        item = self._node(kind, key, os.path.basename(path) or path,
                          style.standardIcon(QStyle.StandardPixmap.SP_DirIcon if is_dir else QStyle.StandardPixmap.SP_FileIcon))
        item.setData(rep, ROLE_REP)
        item.setData(path, ROLE_PATH)
        item.setToolTip(path)
        item.setDragEnabled(True)
        detail = _detail_item()
        if not exists:
            detail.setText(tr("gui.plan.missing"))
            detail.setForeground(QBrush(Qt.GlobalColor.darkRed))
        elif is_dir:
            item.setData(True, ROLE_LAZY)
            detail.setText(tr("gui.plan.folder"))
        else:
            try:
                detail.setText(human_size(os.path.getsize(path)))
            except OSError:
                pass
        if exists and is_system_file(path):
            _mark_system(item, detail)
        return [item, detail]

    def _child_row(self, entry, key: str, rep: int) -> list[QStandardItem]:
        if self._child_icons is None:
            style = QApplication.style()
            self._child_icons = (style.standardIcon(QStyle.StandardPixmap.SP_DirIcon), style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        item = QStandardItem(self._child_icons[0] if entry.is_dir else self._child_icons[1], entry.name)
        item.setData("child", ROLE_KIND)
        item.setData(key, ROLE_PKG)
        item.setData(rep, ROLE_REP)
        item.setData(entry.path, ROLE_PATH)
        item.setEditable(False)
        item.setDragEnabled(False)
        item.setDropEnabled(False)
        detail = _detail_item(self._folder_text if entry.is_dir else human_size(entry.size))
        if entry.is_dir:
            item.setData(True, ROLE_LAZY)
        if entry.system:
            _mark_system(item, detail)
        return [item, detail]

    # --- lazy children ----------------------------------------------------------------------

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        if parent.isValid() and parent.column() == 0:
            item = self.itemFromIndex(parent)
            if item is not None and item.data(ROLE_LAZY):
                return True
        return super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        if not parent.isValid() or parent.column() != 0:
            return False
        item = self.itemFromIndex(parent)
        if item is None:
            return False
        return bool(item.data(ROLE_LAZY)) or id(item) in self._pending

    def fetchMore(self, parent: QModelIndex) -> None:
        item = self.itemFromIndex(parent)
        if item is None:
            return
        self.ensure_children(item, batch=BATCH)

    def ensure_children(self, item: QStandardItem, batch: int | None = None) -> None:
        """Fill a lazy item (a package or a folder); ``batch`` limits how many folder entries are added now."""
        kind = item.data(ROLE_KIND)
        if item.data(ROLE_LAZY):
            self._set_quietly(item, False, ROLE_LAZY)
            if kind == "package":
                key = item.data(ROLE_PKG)
                pkg = self.controller.plan.packages.get(key)
                if pkg is not None:
                    self._populate_package(item, key, pkg)
                return
            path = item.data(ROLE_PATH)
            cached = self._listings.get(path)
            try:
                mtime = os.stat(path).st_mtime_ns
            except OSError:
                mtime = -1
            if cached is not None and cached[0] == mtime:
                self._pending[id(item)] = list(cached[1])
            else:
                self._list_in_background(item, path, mtime)
                return
        entries = self._pending.get(id(item))
        if entries is None:
            return
        take = entries if batch is None else entries[:batch]
        rest = [] if batch is None else entries[batch:]
        key, rep = item.data(ROLE_PKG), item.data(ROLE_REP)
        rows = [self._child_row(entry, key, rep) for entry in take]
        for row in rows:
            item.appendRow(row)
        if rest:
            self._pending[id(item)] = rest
        else:
            self._pending.pop(id(item), None)

    def _list_in_background(self, item: QStandardItem, path: str, mtime: int) -> None:
        """List a folder off the UI thread; a "listing…" row shows meanwhile (a folder may hold 100,000 files)."""
        from PySide6.QtCore import QPersistentModelIndex

        placeholder = QStandardItem(tr("gui.plan.listing"))
        placeholder.setData("placeholder", ROLE_KIND)
        placeholder.setEditable(False)
        placeholder.setDragEnabled(False)
        placeholder.setDropEnabled(False)
        item.appendRow([placeholder, _detail_item()])
        where = QPersistentModelIndex(item.index())

        def listed(entries: list) -> None:
            self._listings[path] = (mtime, entries)
            if len(self._listings) > 64:
                self._listings.pop(next(iter(self._listings)))
            if not where.isValid():
                return  # the item was rebuilt meanwhile; its new self lists from the cache
            target = self.itemFromIndex(self.index(where.row(), 0, where.parent()))
            if target is None or target.data(ROLE_PATH) != path:
                return
            for row in range(target.rowCount() - 1, -1, -1):
                if target.child(row, 0).data(ROLE_KIND) == "placeholder":
                    target.removeRow(row)
            self._pending[id(target)] = list(entries)
            self.ensure_children(target, batch=BATCH)

        run_task(lambda: list_folder(path), listed)

    def _set_quietly(self, item: QStandardItem, value, role) -> None:
        """Change item data without it looking like a user's edit."""
        was = self._updating
        self._updating = True
        try:
            item.setData(value, role)
        finally:
            self._updating = was

    # --- drag ---------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [PLAN_MIME, "text/uri-list"]

    def mimeData(self, indexes) -> QMimeData:
        items = []
        urls = []
        for index in indexes:
            if index.column() != 0:
                continue
            item = self.itemFromIndex(index)
            kind = item.data(ROLE_KIND)
            if kind == "package":
                items.append({"kind": "package", "pkg": item.data(ROLE_PKG)})
            elif kind in PATH_ITEMS:
                items.append({"kind": PATH_ITEMS[kind], "pkg": item.data(ROLE_PKG), "rep": item.data(ROLE_REP) or 0, "path": item.data(ROLE_PATH)})
                urls.append(QUrl.fromLocalFile(item.data(ROLE_PATH)))
        data = QMimeData()
        data.setData(PLAN_MIME, json.dumps(items).encode("utf-8"))
        return data

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction

    def supportedDropActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


def _shape(pkg: dict) -> tuple:
    """What the package's children in the tree depend on."""
    reps = tuple((r.get("name"), tuple(r.get("sources") or ())) for r in plan_mod.representations(pkg))
    desc = pkg.get("descriptive") or {}
    kinds = tuple(k for k in plan_mod.DESCRIPTION_KINDS.values() if k in desc)
    titles = (plan_mod.get_field(pkg, "dc.title"), plan_mod.get_field(pkg, "ead.unittitle"))
    files = tuple((f.get("path"), f.get("mdtype")) for f in desc.get("files") or [])
    return reps, tuple(pkg.get("documentation") or ()), kinds, titles, files


def _detail_item(text: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setDragEnabled(False)
    item.setDropEnabled(False)
    return item


def _mark_system(item: QStandardItem, detail: QStandardItem) -> None:
    grey = QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
    font = QFont(item.font())
    font.setItalic(True)
    for it in (item, detail):
        it.setForeground(grey)
        it.setFont(font)
    item.setData(True, ROLE_SYSTEM)
    detail.setText(tr("gui.plan.system_file"))
    item.setToolTip(tr("gui.plan.system_file_tip"))


def target_of(item: QStandardItem | None) -> tuple[str, str, int] | None:
    """(package id, path kind, representation) a drop onto ``item`` adds to; None for empty space."""
    if item is None:
        return None
    kind = item.data(ROLE_KIND)
    key = item.data(ROLE_PKG)
    rep = item.data(ROLE_REP) or 0
    if kind in ("package",):
        return key, "sources", 0
    if kind in ("rep", "source", "child"):
        return key, "sources", rep
    if kind in ("docs", "doc"):
        return key, "documentation", 0
    if kind in ("meta", "desc", "mdfile"):
        return key, "metadata", 0
    return None


class PlanView(QTreeView):
    """The plan tree with drops, context menus and keyboard commands."""

    #: A description node was activated: show that form (kind: dc/ead/kv).
    description_activated = Signal(str)

    def __init__(self, controller: PlanController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.plan_model = PlanModel(controller, self)
        self.setModel(self.plan_model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setStretchLastSection(True)
        self.setColumnWidth(0, 280)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.plan_model.itemChanged.connect(self._item_edited)
        self.plan_model.save_expansion = self._save_expansion
        self.plan_model.restore_expansion = self._restore_expansion
        self.doubleClicked.connect(self._double_clicked)
        #: Asks how to make packages from dropped paths: returns a mode or None (cancel).
        self.ask_mode: Callable[[list[str]], str | None] = self._ask_mode
        #: Actions the main window provides for the context menu, by name.
        self.actions_by_name: dict[str, QAction] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("gui.plan.accessible"))
        self.setWhatsThis(tr("gui.plan.whats_this"))
        self.plan_model.retranslate()

    # --- selection helpers ---------------------------------------------------------------

    def selected_items(self) -> list[QStandardItem]:
        return [self.plan_model.itemFromIndex(i) for i in self.selectionModel().selectedRows(0)]

    def selected_package_ids(self) -> list[str]:
        """The packages of the selected items (in plan order)."""
        keys = {item.data(ROLE_PKG) for item in self.selected_items() if item is not None}
        return [k for k in self.controller.plan.order if k in keys]

    def current_item(self) -> QStandardItem | None:
        index = self.currentIndex()
        return self.plan_model.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None

    def select_package(self, key: str) -> QModelIndex:
        item = self.plan_model.package_item(key)
        if item is None:
            return QModelIndex()
        index = item.index()
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return index

    def select_packages(self, keys: list[str]) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for key in keys:
            item = self.plan_model.package_item(key)
            if item is not None:
                selection.select(item.index(), item.index().siblingAtColumn(1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().select(selection, flags)
        if keys and self.plan_model.package_item(keys[0]) is not None:
            self.selectionModel().setCurrentIndex(self.plan_model.package_item(keys[0]).index(), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(self.plan_model.package_item(keys[0]).index())

    def select_location(self, key: str, tree: tuple) -> None:
        """Select the item of a package a finding points at: ("rep", i), ("documentation",), ("metadata",)."""
        item = self.plan_model.package_item(key)
        if item is None:
            return
        self.plan_model.ensure_children(item)
        self.expand(item.index())
        wanted = {"rep": "rep", "documentation": "docs", "metadata": "meta"}.get(tree[0] if tree else "", "")
        for row in range(item.rowCount()):
            child = item.child(row, 0)
            if child.data(ROLE_KIND) == wanted and (wanted != "rep" or child.data(ROLE_REP) == tree[1]):
                self.setCurrentIndex(child.index())
                self.scrollTo(child.index())
                return
        self.setCurrentIndex(item.index())

    def _save_expansion(self, item: QStandardItem) -> tuple[set, tuple | None]:
        expanded = set()
        current = None
        stack = [item]
        cur = self.currentIndex()
        while stack:
            it = stack.pop()
            for row in range(it.rowCount()):
                child = it.child(row, 0)
                if child is None:
                    continue
                ident = (child.data(ROLE_KIND), child.data(ROLE_REP), child.data(ROLE_PATH))
                if self.isExpanded(child.index()):
                    expanded.add(ident)
                    stack.append(child)
                if cur.isValid() and cur.siblingAtColumn(0) == child.index():
                    current = ident
        return expanded, current

    def _restore_expansion(self, item: QStandardItem, state) -> None:
        if not state:
            return
        expanded, current = state
        stack = [item]
        while stack:
            it = stack.pop()
            for row in range(it.rowCount()):
                child = it.child(row, 0)
                ident = (child.data(ROLE_KIND), child.data(ROLE_REP), child.data(ROLE_PATH))
                if ident in expanded:
                    self.expand(child.index())
                    stack.append(child)
                if current is not None and ident == current:
                    self.setCurrentIndex(child.index())

    # --- drops ---------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasFormat(PLAN_MIME):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        super().dragMoveEvent(event)
        if event.mimeData().hasUrls() or event.mimeData().hasFormat(PLAN_MIME):
            # Always a copy: a file manager must never delete the originals after a "move".
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Handle a drop ourselves: paths from outside are added, plan items are moved."""
        pos = event.position().toPoint() if hasattr(event, "position") else event.pos()
        index = self.indexAt(pos)
        item = self.plan_model.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None
        data = event.mimeData()
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        # Resolve the target now: the item itself may be rebuilt before the drop is handled.
        target = target_of(item)
        top = item
        while top is not None and top.parent() is not None:
            top = top.parent()
        top_key = top.data(ROLE_PKG) if top is not None else None
        if data.hasFormat(PLAN_MIME):
            items = json.loads(bytes(data.data(PLAN_MIME)).decode("utf-8") or "[]")
            QTimer.singleShot(0, lambda: self.drop_plan_items(items, target, top_key))
        elif data.hasUrls():
            paths = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            QTimer.singleShot(0, lambda: self.drop_paths(paths, target))
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()

    def drop_paths(self, paths: list[str], target: tuple[str, str, int] | None) -> None:
        """Files and folders dropped onto a target (added there) or onto empty space (None: new packages)."""
        paths = [p for p in paths if p]
        if not paths:
            return
        if target is None:
            mode = "one" if len(paths) == 1 else self.ask_mode(paths)
            if mode is None:
                return
            ids = self.controller.add_from_paths(paths, mode)
            if ids:
                self.select_packages(ids)
            return
        key, kind, rep = target
        self.controller.add_paths(key, kind, paths, rep)

    def drop_plan_items(self, items: list[dict], target: tuple[str, str, int] | None, top_key: str | None) -> None:
        """Plan items dragged inside the tree: packages are reordered, paths move to the target."""
        packages = [i["pkg"] for i in items if i.get("kind") == "package"]
        if packages:
            order = self.controller.plan.order
            index = order.index(top_key) if top_key in order else len(order)
            self.controller.move_packages(packages, index)
            self.select_packages(packages)
            return
        moves = [(i["pkg"], i["kind"], int(i.get("rep") or 0), i["path"]) for i in items if i.get("path")]
        if target is None or not moves:
            return
        self.controller.move_paths(moves, target)

    def _ask_mode(self, paths: list[str]) -> str | None:
        menu = QMenu(self)
        menu.setAccessibleName(tr("gui.plan.drop_menu"))
        choices = {}
        for mode in plan_mod.MODES:
            choices[menu.addAction(tr(f"gui.mode.{mode}"))] = mode
        chosen = menu.exec(self.cursor().pos())
        return choices.get(chosen)

    # --- editing -------------------------------------------------------------------------

    def _item_edited(self, item: QStandardItem) -> None:
        if self.plan_model._updating or item.column() != 0:
            return
        kind = item.data(ROLE_KIND)
        key = item.data(ROLE_PKG)
        text = item.text().strip()
        pkg = self.controller.plan.packages.get(key)
        if pkg is None:
            return
        if kind == "package":
            title = plan_mod.title_of(pkg)
            if text and text != title:
                QTimer.singleShot(0, lambda: self.controller.set_field([key], "label", text))
            elif text != title:  # emptied: show the title again
                self.plan_model._set_quietly(item, title, Qt.ItemDataRole.DisplayRole)
        elif kind == "rep":
            index = item.data(ROLE_REP) or 0
            QTimer.singleShot(0, lambda: self.controller.set_field([key], f"rep[{index}].name", text))

    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.plan_model.itemFromIndex(index.siblingAtColumn(0))
        if item is not None and item.data(ROLE_KIND) == "desc":
            self.description_activated.emit(item.data(ROLE_PATH))

    def remove_selected(self) -> None:
        """Remove the selected packages, or the selected files/folders from their package."""
        items = self.selected_items()
        packages = [i.data(ROLE_PKG) for i in items if i.data(ROLE_KIND) == "package"]
        if packages:
            self.controller.remove_packages(packages)
            return
        groups: dict[tuple, list[str]] = {}
        for item in items:
            kind = item.data(ROLE_KIND)
            if kind in PATH_ITEMS:
                groups.setdefault((item.data(ROLE_PKG), PATH_ITEMS[kind], item.data(ROLE_REP) or 0), []).append(item.data(ROLE_PATH))
            elif kind == "rep":
                self.controller.remove_representation(item.data(ROLE_PKG), item.data(ROLE_REP) or 0)
                return
            elif kind == "desc":
                self.controller.set_field([item.data(ROLE_PKG)], f"desc:{item.data(ROLE_PATH)}", False)
                return
        for (key, kind, rep), paths in groups.items():
            self.controller.remove_paths(key, kind, paths, rep)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.remove_selected()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.build_context_menu(self.indexAt(event.pos()))
        if not menu.isEmpty():
            menu.exec(event.globalPos())

    def build_context_menu(self, index: QModelIndex) -> QMenu:
        """The context menu for an item (or for empty space)."""
        menu = QMenu(self)
        item = self.plan_model.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None
        kind = item.data(ROLE_KIND) if item is not None else None
        a = self.actions_by_name
        names: list[str | None]
        if kind is None:
            names = ["new_package", "add_files_new", None, "paste_profile"]
        elif kind == "package":
            names = ["edit_header", "edit_description", None, "add_sources", "add_representation", "add_documentation", "add_metadata", None, "rename", "remove", None, "build_selected"]
        elif kind == "rep":
            names = ["add_sources", "add_representation", None, "rename", "remove"]
        elif kind in ("docs", "doc"):
            names = ["add_documentation", None, "remove"] if kind == "doc" else ["add_documentation"]
        elif kind in ("meta", "mdfile", "desc"):
            names = ["add_metadata", "edit_description", None, "remove"] if kind != "meta" else ["add_metadata", "edit_description"]
        elif kind == "source":
            names = ["add_sources", None, "remove", "open_location"]
        else:
            names = ["open_location"]
        for name in names:
            if name is None:
                menu.addSeparator()
            elif name in a:
                menu.addAction(a[name])
        return menu

    def expand_package(self, key: str) -> None:
        item = self.plan_model.package_item(key)
        if item is not None:
            self.plan_model.ensure_children(item)
            self.expand(item.index())
            for row in range(item.rowCount()):
                if item.child(row, 0).data(ROLE_KIND) == "rep":
                    self.expand(item.child(row, 0).index())


def local_paths(data: QMimeData) -> list[str]:
    return [u.toLocalFile() for u in data.urls() if u.isLocalFile()]


register(
    {
        "gui.plan.col_name": {"en": "Package plan", "sv": "Paketplan"},
        "gui.plan.col_details": {"en": "Details", "sv": "Detaljer"},
        "gui.plan.status_checking": {"en": "checking…", "sv": "kontrolleras…"},
        "gui.plan.status_errors": {"en": "{n} problem(s) to fix", "sv": "{n} problem att åtgärda"},
        "gui.plan.status_warnings": {"en": "ready · {n} warning(s)", "sv": "klart · {n} varning(ar)"},
        "gui.plan.status_ready": {"en": "ready to build", "sv": "klart att bygga"},
        "gui.plan.untitled": {"en": "(untitled package)", "sv": "(paket utan titel)"},
        "gui.plan.package_tip": {"en": "Package {objid}. F2 renames it; drop files here to add them.", "sv": "Paket {objid}. F2 byter namn; släpp filer här för att lägga till dem."},
        "gui.plan.rep_tip": {"en": "A representation: the records in one form. F2 renames it.", "sv": "En representation: handlingarna i en form. F2 byter namn."},
        "gui.plan.n_folders": {"en": "{n} folder(s)", "sv": "{n} mapp(ar)"},
        "gui.plan.n_files": {"en": "{n} file(s)", "sv": "{n} fil(er)"},
        "gui.plan.no_sources": {"en": "empty: drop files or folders here", "sv": "tom: släpp filer eller mappar här"},
        "gui.plan.n_items": {"en": "{n} item(s)", "sv": "{n} objekt"},
        "gui.plan.documentation": {"en": "Documentation", "sv": "Dokumentation"},
        "gui.plan.metadata": {"en": "Metadata", "sv": "Metadata"},
        "gui.plan.desc_dc": {"en": "Description: Dublin Core", "sv": "Beskrivning: Dublin Core"},
        "gui.plan.desc_ead": {"en": "Description: EAD 2002", "sv": "Beskrivning: EAD 2002"},
        "gui.plan.desc_kv": {"en": "Description: key-value", "sv": "Beskrivning: nyckel-värde"},
        "gui.plan.listing": {"en": "listing the folder…", "sv": "läser in mappen…"},
        "gui.plan.missing": {"en": "missing on disk", "sv": "saknas på disken"},
        "gui.plan.folder": {"en": "folder", "sv": "mapp"},
        "gui.plan.system_file": {"en": "system file, left out", "sv": "systemfil, utelämnas"},
        "gui.plan.system_file_tip": {"en": "A file the operating system made (such as Thumbs.db or .DS_Store). It is left out of the package unless you choose to include system files.", "sv": "En fil som operativsystemet har skapat (till exempel Thumbs.db eller .DS_Store). Den utelämnas ur paketet om du inte väljer att ta med systemfiler."},
        "gui.plan.accessible": {"en": "Package plan", "sv": "Paketplan"},
        "gui.plan.whats_this": {"en": "The packages you are putting together. Drop files and folders here from the source browser or your file manager; drag items between packages; press Delete to remove, F2 to rename.", "sv": "Paketen du sätter ihop. Släpp filer och mappar här från källbläddraren eller filhanteraren; dra objekt mellan paket; tryck Delete för att ta bort, F2 för att byta namn."},
        "gui.plan.drop_menu": {"en": "Make packages", "sv": "Skapa paket"},
        "gui.mode.one": {"en": "One package for everything", "sv": "Ett paket för allt"},
        "gui.mode.per_folder": {"en": "One package per folder", "sv": "Ett paket per mapp"},
        "gui.mode.per_file": {"en": "One package per file", "sv": "Ett paket per fil"},
    }
)
