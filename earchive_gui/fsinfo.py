"""What the GUI needs to know about files on disk, behind one small interface.

Whether a file is a "system file" (left out of packages by default) is the core's
decision (:mod:`earchive.sources`); this module asks it, and only while that module is
not available falls back to a short list of well-known names.
"""

from __future__ import annotations

import os
from typing import Iterator, NamedTuple

#: Fallback names of operating-system files (macOS Finder, Windows Explorer, Linux desktops);
#: used only when earchive.sources does not offer ``is_system_file``.
_FALLBACK_NAMES = {
    ".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".directory", ".localized",
    ".spotlight-v100", ".trashes", ".fseventsd", ".temporaryitems", "$recycle.bin",
    "system volume information", ".apdisk", "icon\r",
}


def is_system_file(path: str | os.PathLike) -> bool:
    """True for files the builder leaves out by default (.DS_Store, Thumbs.db, ._ files, ~$ lock files)."""
    try:
        from earchive import sources

        check = getattr(sources, "is_system_file", None)
    except ImportError:
        check = None
    name = os.path.basename(os.fspath(path))
    if check is not None:
        return bool(check(name))
    name = name.lower()
    return name in _FALLBACK_NAMES or name.startswith("._") or name.startswith("~$")


class Entry(NamedTuple):
    """One entry of a folder listing (a tuple: the garbage collector soon stops tracking it)."""

    path: str
    name: str
    is_dir: bool
    size: int
    system: bool


def list_folder(folder: str | os.PathLike) -> list[Entry]:
    """The entries of one folder, folders first, then by name (case-insensitive); [] when unreadable."""
    entries: list[Entry] = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                try:
                    is_dir = e.is_dir()
                    size = 0 if is_dir else e.stat(follow_symlinks=False).st_size
                except OSError:
                    is_dir, size = False, 0
                entries.append(Entry(e.path, e.name, is_dir, size, is_system_file(e.path)))
    except OSError:
        return []
    entries.sort(key=lambda e: (not e.is_dir, e.name.casefold()))
    return entries


def walk_files(paths: list[str], *, include_system_files: bool = False) -> Iterator[str]:
    """Every file under some paths (files given as they are), system files left out unless asked."""
    for p in paths:
        if os.path.isfile(p):
            if include_system_files or not is_system_file(p):
                yield p
            continue
        for root, dirs, files in os.walk(p):
            dirs.sort(key=str.casefold)
            if not include_system_files:
                dirs[:] = [d for d in dirs if not is_system_file(os.path.join(root, d))]
            for name in sorted(files, key=str.casefold):
                full = os.path.join(root, name)
                if include_system_files or not is_system_file(full):
                    yield full
