"""The source scanner: the user's selected files and folders as a safe, ordered list of files.

Sources are only read, never changed.  :func:`scan_sources` walks each selected
folder (``os.scandir``, in the byte order of the names, so every scan of the same
tree gives the same list), leaves out what must not be packaged, and names every
file by the portable-name policy of :mod:`earchive.naming`.  Each left-out item and
each rename is a report line (:class:`~earchive.notes.Note`).

Rules, in the words of the build report:

* A selected folder ``X`` keeps its name as the top folder (``X/...``); a selected
  file is packaged under its own name.  Two selections with the same name are both
  kept (``Protokoll``, ``Protokoll (2)``); a selection that lies inside another one
  (or is selected twice) is packaged once.
* System files (:data:`SYSTEM_FILES`, :data:`SYSTEM_PREFIXES`, LibreOffice lock
  files) are left out unless asked for.
* Symbolic links are never followed out of the selection.  A link to a file inside
  the selection is packaged as a copy of that file, under the link's name; a link
  to a folder inside the selection is not entered (its files are packaged where
  they are, and a link back to a parent would loop); a link pointing outside the
  selection, or to nothing, is left out with a warning.  A selected source that is
  itself a link is followed: the user chose it.  Windows junctions are links.
* Devices, sockets and pipes are left out with a warning.
* Empty folders cannot be listed in METS; they are reported (:attr:`ScanResult.empty_dirs`).
"""

from __future__ import annotations

import gc
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from earchive import naming
from earchive.errors import SourceError
from earchive.messages import register
from earchive.notes import Note
from earchive.progress import CancelToken

#: Files and folders that operating systems create by themselves (thumbnail caches,
#: folder settings, Finder metadata, recycle bins); compared case-insensitively.
SYSTEM_FILES = frozenset(
    name.casefold()
    for name in (
        "Thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", ".DS_Store",
        ".Spotlight-V100", ".Trashes", ".fseventsd", ".TemporaryItems", ".DocumentRevisions-V100",
        "$RECYCLE.BIN", "System Volume Information", "Icon\r",
    )
)
#: Name starts of system files: macOS AppleDouble resource forks (``._x``) and
#: Microsoft Office lock files (``~$x.docx``).
SYSTEM_PREFIXES = ("._", "~$")
#: LibreOffice lock files are ``.~lock.<name>#``.
LIBREOFFICE_LOCK = (".~lock.", "#")
#: How many directory entries are scanned between two looks at the cancel token.
CANCEL_EVERY = 256

_WARNING = "warning"
_INFO = "info"

register(
    {
        "report.symlink_followed": {
            "en": "Packaged {path} as a copy of {target}: it is a symbolic link to a file inside the selection",
            "sv": "Paketerade {path} som en kopia av {target}: den är en symbolisk länk till en fil inom urvalet",
        },
        "report.symlink_dangling": {
            "en": "Left out {path}: a symbolic link to {target}, which does not exist",
            "sv": "Utelämnade {path}: en symbolisk länk till {target}, som inte finns",
        },
        "report.source_duplicate": {
            "en": "{path} was selected more than once (or lies inside another selected folder); it is packaged once",
            "sv": "{path} valdes mer än en gång (eller ligger i en annan vald mapp); den paketeras en gång",
        },
        "report.path_still_too_long": {
            "en": "{path} is {length} characters long in the package even after shortening (limit {limit}); the folders are nested too deeply to open on every Windows computer",
            "sv": "{path} är {length} tecken lång i paketet även efter förkortning (gräns {limit}); mapparna ligger för djupt för att kunna öppnas på alla Windows-datorer",
        },
    }
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file to package: where to read it and what it is called in the package."""

    source: Path  # absolute path to read (for a link inside the selection: the file it points to)
    original: str  # relative path as the user sees it, '/'-separated, XML-safe (see naming.display_name)
    relpath: str  # safe relative path in the package, '/'-separated
    size: int
    mtime: float
    renamed: bool = False
    reasons: tuple[str, ...] = ()  # naming reason codes of the file and its folders


@dataclass
class ScanResult:
    """What :func:`scan_sources` found."""

    files: list[SourceFile] = field(default_factory=list)  # or what ``make`` made
    notes: list[Note] = field(default_factory=list)
    #: Folders that will not be in the package because nothing in them is packaged (original paths);
    #: the deepest ones only, so that creating each of them recreates every folder left out.
    empty_dirs: list[str] = field(default_factory=list)
    total_bytes: int = 0
    #: One record per renamed file or folder (a renamed folder's content is not repeated).
    renames: list[naming.Rename] = field(default_factory=list)


def scan_sources(
    sources: list[Path],
    *,
    include_system_files: bool = False,
    cancel: CancelToken | None = None,
    max_path: int = naming.MAX_PATH,
    prefix_len: int = 0,
    make: Callable[[str, str, str, int, float, bool, tuple[str, ...]], Any] | None = None,
) -> ScanResult:
    """Scan the selected files and folders into the list of files to package, in a stable order.

    ``prefix_len`` is the length of what precedes the files inside the package
    (``<name>/representations/rep1/data/``), so that every path fits ``max_path``.
    ``make(source, original, relpath, size, mtime, renamed, reasons)`` builds each
    entry of ``files`` instead of a :class:`SourceFile` (the builder makes its own
    compact records: no Path object for each of 100,000 files).
    Raises SourceError (``error.source_missing`` for a source that does not exist,
    ``error.source_unreadable`` for one that cannot be read) or Cancelled.
    """
    scan = _Scan(include_system_files, cancel or CancelToken(), max_path, prefix_len, make or _source_file)
    # A scan allocates a few objects per file and frees none of them: the cyclic
    # collector would re-examine them all again and again (a 100,000-file folder
    # scanned twice as slowly), so it pauses for the scan.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return scan.run(sources)
    finally:
        if collecting:
            gc.enable()


def is_system_file(name: str) -> bool:
    """Whether ``name`` is a file or folder an operating system made by itself (left out by default)."""
    folded = name.casefold()
    if folded in SYSTEM_FILES or folded.startswith(SYSTEM_PREFIXES):
        return True
    start, end = LIBREOFFICE_LOCK
    return folded.startswith(start) and folded.endswith(end)


# --- private ------------------------------------------------------------------------------


def _source_file(source: str, original: str, relpath: str, size: int, mtime: float, renamed: bool, reasons: tuple[str, ...]) -> SourceFile:
    return SourceFile(Path(source), original, relpath, size, mtime, renamed, reasons)


@dataclass(eq=False, slots=True)
class _Found:
    """A file the scan keeps, waiting for its safe name."""

    entry: naming.Entry
    source: str
    size: int
    mtime: float


@dataclass(eq=False)
class _Dir:
    entry: naming.Entry
    path: Path
    has_files: bool = False
    left_out: bool = False  # a system file, link or special file here was left out
    subdirs: list[_Dir] = field(default_factory=list)
    looped: bool = False  # entered before (a bind mount or junction loop): not scanned again


class _Scan:
    def __init__(self, include_system_files: bool, cancel: CancelToken, max_path: int, prefix_len: int, make) -> None:
        self.make = make
        self.include_system_files = include_system_files
        self.cancel = cancel
        self.renamer = naming.Renamer(max_path=max_path, prefix_len=prefix_len)
        self.max_path = max_path
        self.prefix_len = prefix_len
        self.found: list[_Found] = []
        self.notes: list[Note] = []
        self.tops: list[_Dir] = []
        self.roots: list[str] = []  # real paths of the selected folders and files
        self.visited: set[tuple[int, int]] = set()
        self.ticks = 0

    def run(self, sources: Iterable[Path]) -> ScanResult:
        selected = self._selected(sources)
        for path, real, st in selected:
            name = os.path.basename(path) or path
            if not self.include_system_files and is_system_file(name):
                self._note("report.system_file_skipped", _INFO, path=naming.display_name(name))
                continue
            if stat.S_ISDIR(st.st_mode):
                top = _Dir(self.renamer.add(None, name, is_dir=True), Path(real))
                self.tops.append(top)
                self._walk(top)
            elif stat.S_ISREG(st.st_mode):
                entry = self.renamer.add(None, name, is_dir=False)
                self.found.append(_Found(entry, real, st.st_size, st.st_mtime))
            else:
                self._note("report.special_file_skipped", _WARNING, path=naming.display_name(name))
        self.cancel.check()
        self.renamer.assign()
        return self._result()

    # --- the selection -------------------------------------------------------------------

    def _selected(self, sources: Iterable[Path]) -> list[tuple[str, str, os.stat_result]]:
        """(absolute path, real path, stat) per distinct selected source, in the order given."""
        chosen: list[tuple[str, str, os.stat_result]] = []
        for src in sources:
            path = os.path.abspath(os.fspath(src))
            if not os.path.lexists(path):
                raise SourceError("error.source_missing", path=src)
            try:
                st = os.stat(path)  # a selected link is followed: the user chose it
            except FileNotFoundError:
                raise SourceError("error.source_missing", path=src) from None
            except OSError as exc:
                raise SourceError("error.source_unreadable", path=src, reason=_reason(exc)) from exc
            chosen.append((path, os.path.realpath(path), st))
        folders = [real for _, real, st in chosen if stat.S_ISDIR(st.st_mode)]
        kept: list[tuple[str, str, os.stat_result]] = []
        seen: set[str] = set()
        for path, real, st in chosen:
            inside_other = any(_inside(real, folder) and real != folder for folder in folders)
            if real in seen or inside_other:
                self._note("report.source_duplicate", _WARNING, path=naming.display_name(path))
                continue
            seen.add(real)
            kept.append((path, real, st))
        self.roots = [real for _, real, _ in kept]
        return kept

    # --- walking a folder -------------------------------------------------------------------

    def _walk(self, top: _Dir) -> None:
        stack = [top]
        while stack:
            folder = stack.pop()
            self.cancel.check()
            if not self._first_visit(folder.path):
                self._note("report.symlink_loop", _WARNING, path=self._shown(folder.entry))
                folder.looped = True
                continue
            subdirs: list[_Dir] = []
            for dirent in self._list(folder.path):
                self._tick()
                entry_dir = self._visit(folder, dirent)
                if entry_dir is not None:
                    subdirs.append(entry_dir)
            folder.subdirs = subdirs
            stack.extend(reversed(subdirs))

    def _list(self, path: Path) -> list[os.DirEntry]:
        try:
            with os.scandir(path) as it:
                entries = list(it)
        except OSError as exc:
            raise SourceError("error.source_unreadable", path=path, reason=_reason(exc)) from exc
        entries.sort(key=lambda d: naming.sort_key(d.name))
        return entries

    def _visit(self, folder: _Dir, dirent: os.DirEntry) -> _Dir | None:
        """Scan one directory entry; return it as a folder to walk, or None."""
        name = dirent.name
        if not self.include_system_files and is_system_file(name):
            self._note("report.system_file_skipped", _INFO, path=self._shown(folder.entry, name))
            folder.left_out = True
            return None
        try:
            if dirent.is_symlink() or _is_junction(dirent):
                folder.left_out = True  # unless _link follows it, which marks the folder as having files
                self._link(folder, dirent)
                return None
            if dirent.is_dir(follow_symlinks=False):
                return _Dir(self.renamer.add(folder.entry, name, is_dir=True), folder.path / name)
            if dirent.is_file(follow_symlinks=False):
                st = dirent.stat(follow_symlinks=False)
                entry = self.renamer.add(folder.entry, name, is_dir=False)
                self.found.append(_Found(entry, dirent.path, st.st_size, st.st_mtime))
                folder.has_files = True
                return None
        except OSError as exc:
            raise SourceError("error.source_unreadable", path=dirent.path, reason=_reason(exc)) from exc
        self._note("report.special_file_skipped", _WARNING, path=self._shown(folder.entry, name))
        folder.left_out = True
        return None

    def _link(self, folder: _Dir, dirent: os.DirEntry) -> None:
        shown = self._shown(folder.entry, dirent.name)
        try:
            target = os.readlink(dirent.path)
        except OSError:
            target = os.path.realpath(dirent.path)
        try:
            st = os.stat(dirent.path)
        except OSError:  # dangling, or a loop of links
            self._note("report.symlink_dangling", _WARNING, path=shown, target=naming.display_name(target))
            return
        real = os.path.realpath(dirent.path)
        if not any(_inside(real, root) for root in self.roots):
            self._note("report.symlink_skipped", _WARNING, path=shown, target=naming.display_name(real))
        elif stat.S_ISDIR(st.st_mode):
            self._note("report.symlink_loop", _WARNING, path=shown)
        elif stat.S_ISREG(st.st_mode):
            entry = self.renamer.add(folder.entry, dirent.name, is_dir=False)
            self.found.append(_Found(entry, real, st.st_size, st.st_mtime))
            folder.has_files = True
            self._note("report.symlink_followed", _INFO, path=shown, target=naming.display_name(real))
        else:
            self._note("report.special_file_skipped", _WARNING, path=shown)

    def _first_visit(self, path: Path) -> bool:
        """False when this folder was entered before (a bind mount or junction loop)."""
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError as exc:
            raise SourceError("error.source_unreadable", path=path, reason=_reason(exc)) from exc
        key = (st.st_dev, st.st_ino)
        if key == (0, 0):
            return True
        if key in self.visited:
            return False
        self.visited.add(key)
        return True

    def _tick(self) -> None:
        self.ticks += 1
        if self.ticks % CANCEL_EVERY == 0:
            self.cancel.check()

    def _note(self, code: str, level: str, **params: str) -> None:
        self.notes.append(Note(code, params, level))

    @staticmethod
    def _shown(parent: naming.Entry, name: str | None = None) -> str:
        path = parent.original_path
        if name is not None:
            path = f"{path}/{name}" if path else name
        return naming.display_name(path)

    # --- the result ------------------------------------------------------------------------

    def _result(self) -> ScanResult:
        result = ScanResult()
        result.notes = list(self.notes)
        folders: dict[int, tuple[str, str, frozenset[str]]] = {id(self.renamer.root): ("", "", frozenset())}

        def folder_of(entry: naming.Entry) -> tuple[str, str, frozenset[str]]:
            """(original path/, safe path/, reasons) of a folder, computed once per folder."""
            known = folders.get(id(entry))
            if known is None:
                original, safe, reasons = folder_of(entry.parent)
                known = (f"{original}{entry.name}/", f"{safe}{entry.safe}/", reasons.union(entry.reasons))
                folders[id(entry)] = known
            return known

        make = self.make
        files = result.files
        found_files, self.found = self.found, []
        for index in range(len(found_files)):
            # Let go of each record once used: with 100,000 files the records and the
            # source paths the caller's ``make`` does not keep are a fair part of the peak.
            found, found_files[index] = found_files[index], None
            entry = found.entry
            original, safe, reasons = folder_of(entry.parent)
            if entry.reasons:
                reasons = reasons.union(entry.reasons)
            files.append(make(
                found.source,
                naming.display_name(original + entry.name),
                safe + entry.safe,
                found.size,
                found.mtime,
                bool(reasons),
                tuple(naming.ordered_reasons(reasons)) if reasons else (),
            ))
            result.total_bytes += found.size
        result.renames = self.renamer.renames()
        for rename in result.renames:
            result.notes.append(
                Note(
                    "report.renamed",
                    {"original": rename.original_display, "safe": rename.safe, "reason": ", ".join(rename.reasons)},
                    _INFO,
                )
            )
        for entry in self.renamer.too_deep:
            result.notes.append(
                Note(
                    "report.path_still_too_long",
                    {"path": entry.safe_path, "length": self.prefix_len + naming.units(entry.safe_path), "limit": self.max_path},
                    _WARNING,
                )
            )
        only_left_out: set[str] = set()
        for top in self.tops:
            _empty(top, result.empty_dirs, only_left_out)
        for path in result.empty_dirs:
            code = "report.folder_only_left_out" if path in only_left_out else "report.empty_folder"
            result.notes.append(Note(code, {"path": path}, _INFO))
        return result


def _empty(top: _Dir, out: list[str], only_left_out: set[str]) -> bool:
    """Add the deepest folders under ``top`` with no packaged file; return whether ``top`` has one.

    Such a folder that held files which were left out (system files, links) is also put in
    ``only_left_out``: it is not empty, and is not called so."""
    stack: list[tuple[_Dir, bool]] = [(top, False)]
    has: dict[int, bool] = {}
    while stack:  # post-order without recursion: deep trees must not hit the recursion limit
        folder, done = stack.pop()
        if not done:
            folder.subdirs = [sub for sub in folder.subdirs if not sub.looped]
            stack.append((folder, True))
            stack.extend((sub, False) for sub in reversed(folder.subdirs))
            continue
        has[id(folder)] = folder.has_files or any(has[id(sub)] for sub in folder.subdirs)
    # Pre-order listing, so the report reads in tree order.
    walk = [top]
    while walk:
        folder = walk.pop()
        if not has[id(folder)] and not folder.subdirs:
            shown = naming.display_name(folder.entry.original_path)
            out.append(shown)
            if folder.left_out:
                only_left_out.add(shown)
        walk.extend(reversed(folder.subdirs))
    return has[id(top)]


def _inside(path: str, root: str) -> bool:
    """Whether real path ``path`` is ``root`` or lies under it."""
    path, root = os.path.normcase(path), os.path.normcase(root)
    if path == root:
        return True
    root = root if root.endswith(os.sep) else root + os.sep
    return path.startswith(root)


def _is_junction(dirent: os.DirEntry) -> bool:
    """A Windows junction (a link to a folder that is not a symbolic link)."""
    if os.name != "nt":
        return False
    try:
        tag = getattr(dirent.stat(follow_symlinks=False), "st_reparse_tag", 0)
    except OSError:
        return False
    return tag == getattr(stat, "IO_REPARSE_TAG_MOUNT_POINT", 0xA0000003)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
