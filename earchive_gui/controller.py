"""Every change to the package plan goes through here, as an undoable command.

A command holds snapshots of the package dictionaries it touches (before and after)
and the package order before and after; undo and redo install the snapshots.  Because
package dictionaries are replaced, never changed in place, a snapshot is just a
reference and the background checker can read them from another thread.
"""

from __future__ import annotations

import copy
import os
from typing import Any, Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from earchive.messages import register

from earchive_gui import plan as plan_mod
from earchive_gui.i18n import field_label, tr
from earchive_gui.plan import Plan

#: Kinds of path lists in a package: where a dropped file can go.
PATH_KINDS = ("sources", "documentation", "metadata")


class PlanCommand(QUndoCommand):
    """Replace some packages (None: absent) and the order; consecutive edits of one field merge."""

    _MERGE_ID = 4711

    def __init__(self, controller: "PlanController", text: str, before: dict, after: dict,
                 order_before: list[str], order_after: list[str], merge_key: str | None = None) -> None:
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = after
        self.order_before = order_before
        self.order_after = order_after
        self.merge_key = merge_key

    def redo(self) -> None:
        self.controller._install(self.after, self.order_after, self.order_before != self.order_after)

    def undo(self) -> None:
        self.controller._install(self.before, self.order_before, self.order_before != self.order_after)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, PlanCommand) or other.merge_key != self.merge_key or set(other.after) != set(self.after):
            return False
        self.after = other.after
        self.order_after = other.order_after
        return True


class PlanController(QObject):
    """Owns the plan and its undo stack; widgets call its methods and listen to its signals."""

    #: Package ids whose content changed (the tree refreshes those packages).
    packages_changed = Signal(list)
    #: Packages were added, removed or reordered (the tree rebuilds its top level).
    structure_changed = Signal()
    #: Any change (the checker and autosave listen).
    changed = Signal()

    def __init__(self, plan: Plan | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan or Plan()
        self.undo_stack = QUndoStack(self)

    # --- whole plan ----------------------------------------------------------------------

    def replace_plan(self, plan: Plan) -> None:
        """Start over with another plan (new or opened project); clears undo history."""
        self.plan = plan
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.structure_changed.emit()
        self.changed.emit()

    # --- package level -------------------------------------------------------------------

    def add_packages(self, packages: list[dict], index: int | None = None, text: str = "") -> list[str]:
        """Add package dictionaries; returns their new ids."""
        if not packages:
            return []
        ids = [plan_mod.new_id() for _ in packages]
        order = list(self.plan.order)
        at = len(order) if index is None else index
        order[at:at] = ids
        after = dict(zip(ids, packages))
        before = {i: None for i in ids}
        self._push(text or tr("gui.undo.add_packages", n=len(ids)), before, after, order)
        return ids

    def add_from_paths(self, paths: Iterable[str], mode: str) -> list[str]:
        """New packages from a selection of files and folders (see plan.packages_from_paths)."""
        packages = plan_mod.packages_from_paths(list(paths), mode, self.plan.defaults)
        return self.add_packages(packages)

    def remove_packages(self, ids: Iterable[str]) -> None:
        ids = [i for i in ids if i in self.plan.packages]
        if not ids:
            return
        before = {i: self.plan.packages[i] for i in ids}
        after = {i: None for i in ids}
        order = [i for i in self.plan.order if i not in set(ids)]
        self._push(tr("gui.undo.remove_packages", n=len(ids)), before, after, order)

    def move_packages(self, ids: list[str], index: int) -> None:
        order = [i for i in self.plan.order if i not in set(ids)]
        index = min(index, len(order))
        order[index:index] = ids
        self._push(tr("gui.undo.move_packages", n=len(ids)), {}, {}, order)

    # --- edits of package content --------------------------------------------------------

    def edit(self, ids: Iterable[str], text: str, change: Callable[[dict], None], merge_key: str | None = None) -> bool:
        """Apply ``change`` to a copy of each package; push one command if anything changed."""
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for key in ids:
            old = self.plan.packages.get(key)
            if old is None:
                continue
            new = copy.deepcopy(old)
            change(new)
            if new != old:
                before[key] = old
                after[key] = new
        if not after:
            return False
        self._push(text, before, after, list(self.plan.order), merge_key)
        return True

    def set_field(self, ids: Iterable[str], key: str, value: Any, *, text: str = "", merge: bool | str = True) -> bool:
        """Set a form field on many packages at once (one undo step; typing in a field merges).

        ``merge`` False makes the edit its own undo step even right after an edit of the same
        field (adding a row to a list); a string narrows merging to that part of the field
        (one cell of a row).  ``text`` replaces the undo text "Edit <field>".
        """
        ids = list(ids)
        merge_key = None if merge is False else f"{key}{'' if merge is True else '#' + str(merge)}|{','.join(sorted(ids))}"
        return self.edit(ids, text or tr("gui.undo.set_field", field=field_label(key)), lambda p: plan_mod.set_field(p, key, value),
                         merge_key=merge_key)

    def apply_profile(self, ids: Iterable[str], values: dict, name: str) -> bool:
        return self.edit(list(ids), tr("gui.undo.apply_profile", name=name), lambda p: plan_mod.apply_profile_values(p, values))

    def add_paths(self, key: str, kind: str, paths: Iterable[str], rep: int = 0) -> bool:
        """Add files or folders to a package: as sources of a representation, documentation or metadata files."""
        paths = [os.path.abspath(p) for p in paths]

        def change(pkg: dict) -> None:
            _add_paths(pkg, kind, paths, rep)

        return self.edit([key], tr("gui.undo.add_paths", n=len(paths)), change)

    def remove_paths(self, key: str, kind: str, paths: Iterable[str], rep: int = 0) -> bool:
        paths = list(paths)

        def change(pkg: dict) -> None:
            _remove_paths(pkg, kind, paths, rep)

        return self.edit([key], tr("gui.undo.remove_paths", n=len(paths)), change)

    def move_paths(self, moves: list[tuple[str, str, int, str]], target: tuple[str, str, int]) -> bool:
        """Move (package id, kind, rep, path) items to (package id, kind, rep) in one undo step."""
        dest_key, dest_kind, dest_rep = target
        touched = {m[0] for m in moves} | {dest_key}
        snapshot = {k: copy.deepcopy(self.plan.packages[k]) for k in touched if k in self.plan.packages}
        if dest_key not in snapshot:
            return False
        moved: list[str] = []
        for key, kind, rep, path in moves:
            if (key, kind, rep) == target or key not in snapshot:
                continue
            _remove_paths(snapshot[key], kind, [path], rep)
            moved.append(path)
        if not moved:
            return False
        _add_paths(snapshot[dest_key], dest_kind, moved, dest_rep)
        before = {k: self.plan.packages[k] for k in snapshot}
        self._push(tr("gui.undo.move_paths", n=len(moved)), before, snapshot, list(self.plan.order))
        return True

    def add_representation(self, key: str) -> int:
        """Add an empty representation named rep<N>; returns its index."""
        reps = plan_mod.representations(self.plan.packages[key])
        names = {r.get("name") for r in reps}
        n = len(reps) + 1
        while f"rep{n}" in names:
            n += 1

        def change(pkg: dict) -> None:
            pkg["representations"] = [dict(r) for r in plan_mod.representations(pkg)] + [{"name": f"rep{n}", "sources": []}]
            pkg.pop("sources", None)

        self.edit([key], tr("gui.undo.add_representation"), change)
        return len(reps)

    def remove_representation(self, key: str, index: int) -> None:
        def change(pkg: dict) -> None:
            reps = [dict(r) for r in plan_mod.representations(pkg)]
            if 0 <= index < len(reps):
                del reps[index]
            pkg["representations"] = reps
            pkg.pop("sources", None)

        self.edit([key], tr("gui.undo.remove_representation"), change)

    # --- internals -----------------------------------------------------------------------

    def _push(self, text: str, before: dict, after: dict, order_after: list[str], merge_key: str | None = None) -> None:
        self.undo_stack.push(PlanCommand(self, text, before, after, list(self.plan.order), order_after, merge_key))

    def _install(self, state: dict, order: list[str], structural: bool) -> None:
        for key, pkg in state.items():
            if pkg is None:
                self.plan.packages.pop(key, None)
            else:
                self.plan.packages[key] = pkg
        self.plan.order = list(order)
        if structural:
            self.structure_changed.emit()
        changed = [k for k in state if k in self.plan.packages]
        if changed:
            self.packages_changed.emit(changed)
        self.changed.emit()


def _add_paths(pkg: dict, kind: str, paths: list[str], rep: int) -> None:
    if kind == "sources":
        reps = [dict(r) for r in plan_mod.representations(pkg)]
        if not reps:
            reps = [{"name": "rep1", "sources": []}]
        rep = min(rep, len(reps) - 1)
        current = list(reps[rep].get("sources") or [])
        reps[rep]["sources"] = current + [p for p in paths if p not in current]
        pkg["representations"] = reps
        pkg.pop("sources", None)
    elif kind == "documentation":
        current = list(pkg.get("documentation") or [])
        pkg["documentation"] = current + [p for p in paths if p not in current]
    elif kind == "metadata":
        desc = dict(pkg.get("descriptive") or {})
        files = list(desc.get("files") or [])
        known = {f.get("path") for f in files}
        for p in paths:
            if p not in known:
                files.append({"path": p, "mdtype": guess_mdtype(p)})
        desc["files"] = files
        pkg["descriptive"] = desc
    else:
        raise ValueError(kind)


def _remove_paths(pkg: dict, kind: str, paths: list[str], rep: int) -> None:
    gone = set(paths)
    if kind == "sources":
        reps = [dict(r) for r in plan_mod.representations(pkg)]
        if rep < len(reps):
            reps[rep]["sources"] = [p for p in reps[rep].get("sources") or [] if p not in gone]
        pkg["representations"] = reps
        pkg.pop("sources", None)
    elif kind == "documentation":
        plan_mod._put(pkg, "documentation", [p for p in pkg.get("documentation") or [] if p not in gone])
    elif kind == "metadata":
        desc = dict(pkg.get("descriptive") or {})
        files = [f for f in desc.get("files") or [] if f.get("path") not in gone]
        plan_mod._put(desc, "files", files)
        plan_mod._put(pkg, "descriptive", desc)
    else:
        raise ValueError(kind)


def guess_mdtype(path: str) -> str:
    """A METS MDTYPE for a metadata file the user brings, from its name (the user can change it)."""
    name = os.path.basename(path).lower()
    if "ead" in name:
        return "EAD"
    if "premis" in name:
        return "PREMIS"
    if "mods" in name:
        return "MODS"
    if "eac" in name:
        return "EAC-CPF"
    if name.startswith("dc") or "dublin" in name:
        return "DC"
    return "OTHER"


register(
    {
        "gui.undo.add_packages": {"en": "Add {n} package(s)", "sv": "Lägg till {n} paket"},
        "gui.undo.remove_packages": {"en": "Remove {n} package(s)", "sv": "Ta bort {n} paket"},
        "gui.undo.move_packages": {"en": "Move {n} package(s)", "sv": "Flytta {n} paket"},
        "gui.undo.set_field": {"en": "Edit {field}", "sv": "Ändra {field}"},
        "gui.undo.apply_profile": {"en": "Apply profile {name}", "sv": "Använd profilen {name}"},
        "gui.undo.add_paths": {"en": "Add {n} item(s)", "sv": "Lägg till {n} objekt"},
        "gui.undo.remove_paths": {"en": "Remove {n} item(s)", "sv": "Ta bort {n} objekt"},
        "gui.undo.move_paths": {"en": "Move {n} item(s)", "sv": "Flytta {n} objekt"},
        "gui.undo.add_agent": {"en": "Add agent", "sv": "Lägg till aktör"},
        "gui.undo.remove_agent": {"en": "Remove agent", "sv": "Ta bort aktör"},
        "gui.undo.move_agent": {"en": "Move agent", "sv": "Flytta aktör"},
        "gui.undo.add_representation": {"en": "Add representation", "sv": "Lägg till representation"},
        "gui.undo.remove_representation": {"en": "Remove representation", "sv": "Ta bort representation"},
    }
)
