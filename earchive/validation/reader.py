"""Open a package to validate (folder, ZIP or TAR) safely, without trusting its contents.

:func:`open_package` returns a :class:`Package`: the list of files and folders below
the package root folder, and a way to read each file.  Nothing is ever written outside
a temporary directory that is removed on :meth:`Package.close`:

* a folder is read in place; symbolic links and special files are listed as
  :class:`ReadIssue` s and never followed or read;
* a ZIP is read in place, entry by entry (nothing is extracted);
* a TAR (.tar, .tar.gz, .tgz, .tar.bz2, .tar.xz) is streamed once into a
  ``tempfile.TemporaryDirectory``: regular files only, each path checked first.

Hostile entries (``../`` or absolute paths, links, devices, names that are not UTF-8,
duplicates) become issues that the structure checks turn into findings.  A ZIP bomb
(an entry expanding more than :data:`MAX_RATIO` times, or more than
``max_total_bytes`` in all), a truncated or unreadable archive raise
:class:`~earchive.errors.PackageReadError` with a message saying what to do.
"""

from __future__ import annotations

import io
import lzma
import os
import stat
import tarfile
import tempfile
import threading
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from earchive.errors import PackageReadError
from earchive.validation import messages_sv_en  # noqa: F401 - registers the v.read.* texts
from earchive.validation.ziplisting import DEFLATED, STORED, EntryStream, ZipEntry, data_offset, directory
from earchive.validation.ziplisting import entries as iter_entries

#: Largest allowed expansion of one archive entry (uncompressed / compressed size), unless
#: :attr:`Limits.max_ratio` is higher.  1:1000 is what a ZIP bomb looks like.
MAX_RATIO = 1000
#: Entries smaller than this are not judged by their own ratio (a run of zeros of a few MB is legitimate).
RATIO_MIN_BYTES = 16 << 20
#: Default largest expansion of a whole archive (everything unpacked / the archive's size).  Real
#: records compress to between 1:1 and about 1:20 as a whole; 600 entries of 15 MiB of zeros in a
#: 9 MB ZIP (1:1000, 9 GiB to hash) is an attack.  Judged once the contents pass RATIO_MIN_TOTAL.
MAX_ARCHIVE_RATIO = 200
RATIO_MIN_TOTAL = 256 << 20
#: Default cap on the total expanded size of an archive (1 TiB).
MAX_TOTAL_BYTES = 1 << 40
#: Default cap on the number of entries in an archive: five times the 100,000 files earchive is
#: built for.  A ZIP's count is read from its end record before anything else, so 1.9 million
#: entries are refused at once; each entry listed costs about 400 bytes of memory.
MAX_ENTRIES = 500_000


@dataclass(frozen=True)
class Limits:
    """Safety limits for reading an archive; each message that refuses a package names its limit
    and the option that raises it (``earchive validate --max-entries``, ``--max-expansion``,
    ``--max-unpacked-size``)."""

    max_entries: int = MAX_ENTRIES
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_ratio: int = MAX_ARCHIVE_RATIO
#: ZIP entries up to this size are read by Package.read_entry (one pread and one inflate).
ZIP_FAST_MAX = 1 << 20
#: Copy buffer for TAR extraction.
CHUNK = 1 << 20

#: Suffixes read as TAR archives.
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


#: What zipfile and zlib raise for a damaged, encrypted or cut-short entry.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, ValueError, NotImplementedError)


class _ZipMember(io.RawIOBase):
    """A ZIP entry's stream whose damage surfaces as OSError, like any unreadable file."""

    def __init__(self, inner, name: str) -> None:
        super().__init__()
        self._inner = inner
        self._name = name

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            return self._inner.read(size)
        except _ZIP_ERRORS as exc:
            raise OSError(f"damaged archive entry {self._name}: {exc}") from exc

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()


@dataclass(frozen=True)
class ReadIssue:
    """Something in the package that was not read: kind and name as found."""

    kind: str
    """One of: unsafe_path, link, special, not_utf8, duplicate, outside_root, unreadable."""
    name: str
    detail: str = ""


@dataclass
class Package:
    """A package opened for validation: files and folders relative to its root folder."""

    source: Path
    kind: str  # folder, zip, tar
    root_name: str
    """Name of the package root folder ('' when an archive has no single root folder)."""
    files: dict[str, int] = field(default_factory=dict)
    """Package-relative POSIX path -> size in bytes, for every regular file."""
    dirs: set[str] = field(default_factory=set)
    """Package-relative POSIX paths of every folder (the root itself is '')."""
    issues: list[ReadIssue] = field(default_factory=list)
    single_root: bool = True
    """CSIPSTR1: False when an archive does not unpack to one root folder."""
    top_level: list[str] = field(default_factory=list)
    """Names at the top of an archive (for CSIPSTR1 messages)."""
    _base: Path | None = None
    _zip: zipfile.ZipFile | None = None
    """zipfile's view of the archive, made only for an entry :class:`EntryStream` cannot read."""
    _zip_infos: dict[str, ZipEntry] = field(default_factory=dict)
    _zip_fd: int | None = None
    _zip_local: threading.local = field(default_factory=threading.local)
    _zip_lock: threading.Lock = field(default_factory=threading.Lock)
    _zip_handles: list = field(default_factory=list)
    _tmp: tempfile.TemporaryDirectory | None = None
    _nfc: dict[str, str] | None = None
    _children: tuple | None = None

    @property
    def _base_str(self) -> str:
        # os.path.join on a str is several times cheaper than Path / str, per file of 20,000.
        return str(self._base)
    _folded: dict[str, str] | None = None

    # -- reading ----------------------------------------------------------------

    def open(self, rel: str) -> BinaryIO:
        """A binary stream of file ``rel``; raises FileNotFoundError if it is not a listed file."""
        if rel not in self.files:
            raise FileNotFoundError(rel)
        if self.kind == "zip":
            entry = self._zip_infos[rel]
            if entry.method in (STORED, DEFLATED) and not entry.encrypted:
                return EntryStream(self._zip_fd, entry)
            try:
                return _ZipMember(self._thread_zip().open(entry.name), rel)
            except _ZIP_ERRORS as exc:
                raise OSError(f"damaged archive entry {rel}: {exc}") from exc
        assert self._base is not None
        return open(os.path.join(self._base_str, rel), "rb")

    def read_bytes(self, rel: str) -> bytes:
        with self.open(rel) as fh:
            return fh.read()

    def read_entry(self, rel: str) -> bytes | None:
        """The whole content of ZIP entry ``rel`` when it is small and plainly stored or deflated; else None.

        Two ``os.pread`` calls and one zlib call per entry, with the CRC-32 checked: zipfile's
        per-entry objects cost more than the hashing of a small file (20,000 files).  Raises
        OSError when the entry is damaged (bad header, wrong size or CRC).  None means: read
        it with :meth:`open` (not a ZIP, a large, encrypted or otherwise compressed entry).
        """
        info = self._zip_infos.get(rel)
        if info is None or self._zip_fd is None or info.file_size > ZIP_FAST_MAX \
                or info.encrypted or info.method not in (STORED, DEFLATED):
            return None
        start = data_offset(self._zip_fd, info)
        raw = os.pread(self._zip_fd, info.compress_size, start)
        if len(raw) != info.compress_size:
            raise OSError(f"damaged archive entry {rel}: cut short")
        if info.method == STORED:
            data = raw
        else:
            inflater = zlib.decompressobj(-15)
            try:
                # Never more than the size the central directory states (+1 to notice a lie).
                data = inflater.decompress(raw, info.file_size + 1)
            except zlib.error as exc:
                raise OSError(f"damaged archive entry {rel}: {exc}") from exc
        if len(data) != info.file_size or zlib.crc32(data) != info.crc:
            raise OSError(f"damaged archive entry {rel}: size or CRC-32 does not match")
        return data

    def find(self, rel: str, *, casefold: bool = False) -> str | None:
        """The listed file that ``rel`` names, exactly or after Unicode NFC normalisation; else None.

        With ``casefold`` a file whose name differs only in letter case is found too (what a
        Windows or macOS file system would open); checks that compare contents use it, while
        the reference itself is reported as broken.
        """
        if rel in self.files:
            return rel
        if self._nfc is None:
            self._nfc = {unicodedata.normalize("NFC", p): p for p in self.files}
        found = self._nfc.get(unicodedata.normalize("NFC", rel))
        if found is None and casefold:
            if self._folded is None:
                self._folded = {}
                for p in sorted(self.files):
                    self._folded.setdefault(unicodedata.normalize("NFC", p).casefold(), p)
            found = self._folded.get(unicodedata.normalize("NFC", rel).casefold())
        return found

    def is_dir(self, rel: str) -> bool:
        return rel.strip("/") in self.dirs

    def children(self, rel: str = "") -> tuple[list[str], list[str]]:
        """(folder names, file names) directly inside folder ``rel``."""
        key = rel.strip("/")
        index = self._children
        if index is None or index[0] != (len(self.files), len(self.dirs)):
            # One pass over every path, then a look-up per call: the structure checks ask for
            # several folders of a package of 20,000 files.
            tree: dict[str, tuple[list[str], list[str]]] = {}
            for d in self.dirs:
                if d:
                    parent, _, name = d.rpartition("/")
                    tree.setdefault(parent, ([], []))[0].append(name)
            for p in self.files:
                parent, _, name = p.rpartition("/")
                tree.setdefault(parent, ([], []))[1].append(name)
            index = self._children = ((len(self.files), len(self.dirs)), tree)
        subdirs, files = index[1].get(key, ([], []))
        return sorted(set(subdirs)), sorted(files)

    def local_base(self) -> str | None:
        """The folder the files are read from (a folder package or an extracted TAR); None for a ZIP.

        ``os.path.join(local_base(), rel)`` opens a listed file without a file object per call.
        """
        return None if self.kind == "zip" or self._base is None else self._base_str

    def local_path(self, rel: str) -> Path | None:
        """A path on disk for ``rel`` when the package is a folder or an extracted TAR; None for a ZIP."""
        if self.kind == "zip" or rel not in self.files or self._base is None:
            return None
        return self._base / rel

    # -- lifetime -----------------------------------------------------------------

    def _thread_zip(self) -> zipfile.ZipFile:
        """The ZIP opened once per thread: zipfile serialises every read of one ZipFile with a
        lock, so the hashing threads each read through their own handle."""
        with self._zip_lock:
            if self._zip is None:
                self._zip = zipfile.ZipFile(self.source)
        if threading.current_thread() is threading.main_thread():
            return self._zip
        local = self._zip_local.__dict__
        if "zf" not in local:
            local["zf"] = zipfile.ZipFile(self.source)
            with self._zip_lock:
                self._zip_handles.append(local["zf"])
        return local["zf"]

    def close(self) -> None:
        """Release the archive and remove the temporary directory, if any."""
        if self._zip_fd is not None:
            os.close(self._zip_fd)
            self._zip_fd = None
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        for handle in self._zip_handles:
            handle.close()
        self._zip_handles.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_package(path: str | Path, *, max_total_bytes: int | None = None, limits: Limits | None = None) -> Package:
    """Open PATH (a package folder, a .zip or a .tar[.gz|.bz2|.xz]) for validation.

    Use it as a context manager so that a TAR's temporary copy is removed.  Raises
    PackageReadError when PATH does not exist, is neither a folder nor a ZIP/TAR,
    is truncated or damaged, or passes one of the archive ``limits`` (see :class:`Limits`;
    ``max_total_bytes`` overrides its cap on the unpacked size).
    """
    path = Path(path)
    limits = limits or Limits()
    if max_total_bytes is not None:
        limits = Limits(limits.max_entries, max_total_bytes, limits.max_ratio)
    try:
        if path.is_dir():
            return _open_folder(path)
        if not path.exists():
            raise PackageReadError("v.read.missing", path=str(path))
        if not path.is_file():
            raise PackageReadError("v.read.not_file", path=str(path))
        name = path.name.lower()
        if name.endswith(TAR_SUFFIXES):
            return _open_tar(path, limits)
        if zipfile.is_zipfile(path):
            return _open_zip(path, limits)
        if name.endswith(".zip"):  # a .zip without a readable central directory: cut short or damaged
            raise PackageReadError("v.read.damaged", path=str(path), detail="no ZIP central directory")
        if _is_tar(path):
            return _open_tar(path, limits)
        raise PackageReadError("v.read.unknown_format", path=str(path))
    except PackageReadError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, ValueError, UnicodeError, zlib.error,
            lzma.LZMAError, RuntimeError, NotImplementedError) as exc:
        # Any other failure while listing the package: a damaged input, reported clearly.
        raise PackageReadError("v.read.damaged", path=str(path), detail=_detail(exc)) from exc


# --- folders -------------------------------------------------------------------------


def _open_folder(path: Path) -> Package:
    # A folder holding nothing but one package folder (an unpacked ZIP, an output folder):
    # validate that package, as an archive with a single root folder would be.
    try:
        top = [e for e in os.scandir(path) if not e.name.startswith(".")]
    except OSError as exc:
        raise PackageReadError("v.read.damaged", path=str(path), detail=_detail(exc)) from exc
    if (len(top) == 1 and top[0].is_dir(follow_symlinks=False)
            and os.path.isfile(os.path.join(top[0].path, "METS.xml"))):
        path = Path(top[0].path)
    pkg = Package(source=path, kind="folder", root_name=path.resolve().name, _base=path)
    pkg.dirs.add("")
    stack = [("", path)]
    while stack:
        rel_dir, abs_dir = stack.pop()
        try:
            entries = list(os.scandir(abs_dir))
        except OSError as exc:
            pkg.issues.append(ReadIssue("unreadable", rel_dir or ".", _detail(exc)))
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if _has_surrogates(entry.name):
                pkg.issues.append(ReadIssue("not_utf8", _printable(rel)))
                continue
            try:
                if entry.is_symlink():
                    pkg.issues.append(ReadIssue("link", rel, os.readlink(entry.path)))
                elif entry.is_dir(follow_symlinks=False):
                    pkg.dirs.add(rel)
                    stack.append((rel, Path(entry.path)))
                elif entry.is_file(follow_symlinks=False):
                    pkg.files[rel] = entry.stat(follow_symlinks=False).st_size
                else:
                    pkg.issues.append(ReadIssue("special", rel))
            except OSError as exc:
                pkg.issues.append(ReadIssue("unreadable", rel, _detail(exc)))
    return pkg


# --- ZIP --------------------------------------------------------------------------------


def _open_zip(path: Path, limits: Limits) -> Package:
    """List a ZIP from its central directory, read as a stream (see :mod:`ziplisting`), checking the
    limits entry by entry; nothing is unpacked."""
    archive_size = max(path.stat().st_size, 1)
    with open(path, "rb") as fh:
        count, offset, size, shift = directory(fh)
        if count > limits.max_entries:
            raise PackageReadError("v.read.too_many_entries", path=str(path), count=count, limit=limits.max_entries)
        total = 0
        entries: list[tuple[str, ZipEntry | None]] = []
        issues: list[ReadIssue] = []
        entry_ratio = max(MAX_RATIO, limits.max_ratio)
        for info in iter_entries(fh, offset, size, count, shift):
            name = _zip_name(info, issues)
            if name is None:
                continue
            if info.is_dir():
                entries.append((name.rstrip("/"), None))
                continue
            mode = info.mode
            if stat.S_ISLNK(mode):
                issues.append(ReadIssue("link", name))
                continue
            if mode and not stat.S_ISREG(mode) and stat.S_IFMT(mode):
                issues.append(ReadIssue("special", name))
                continue
            if info.file_size >= RATIO_MIN_BYTES and info.file_size > entry_ratio * max(info.compress_size, 1):
                raise PackageReadError("v.read.bomb_ratio", path=str(path), name=name, limit=entry_ratio,
                                       ratio=info.file_size // max(info.compress_size, 1))
            total += info.file_size
            _check_total(path, total, archive_size, limits)
            entries.append((name, info))
    pkg, placed, _prefix = _assemble(path, "zip", entries, issues)
    pkg._zip_infos = dict(placed)
    pkg._zip_fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    return pkg


def _check_total(path: Path, total: int, archive_size: int, limits: Limits) -> None:
    """Refuse an archive whose contents, so far, pass the size cap or the whole-archive ratio."""
    if total > limits.max_total_bytes:
        raise PackageReadError("v.read.bomb_total", path=str(path), limit=_size(limits.max_total_bytes),
                               suggest=-(-limits.max_total_bytes * 2 // (1 << 30)))
    if total >= RATIO_MIN_TOTAL and total > limits.max_ratio * archive_size:
        raise PackageReadError("v.read.bomb_archive_ratio", path=str(path), unpacked=_size(total),
                               size=_size(archive_size), ratio=total // archive_size, limit=limits.max_ratio)


def _zip_name(info: ZipEntry, issues: list[ReadIssue]) -> str | None:
    name = info.name
    if info.utf8 and _has_surrogates(name):
        issues.append(ReadIssue("not_utf8", _printable(name)))
        return None
    if not info.utf8 and not name.isascii():
        # No UTF-8 flag: zipfile decoded the bytes as cp437.  Many tools write UTF-8
        # without setting the flag, so accept the name if its bytes are valid UTF-8.
        raw = name.encode("cp437")
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            issues.append(ReadIssue("not_utf8", raw.decode("utf-8", "replace")))
            return None
    return _safe_name(name, issues)


# --- TAR ----------------------------------------------------------------------------------


def _is_tar(path: Path) -> bool:
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False


def _open_tar(path: Path, limits: Limits) -> Package:
    tmp = tempfile.TemporaryDirectory(prefix="earchive-validate-")
    base = Path(tmp.name)
    try:
        issues: list[ReadIssue] = []
        entries: list[tuple[str, object]] = []
        total = 0
        archive_size = max(path.stat().st_size, 1)
        count = 0
        seen: set[str] = set()
        with tarfile.open(path, mode="r:*") as tf:
            while (member := tf.next()) is not None:
                tf.members.clear()  # tarfile keeps every member it has read: a million would fill memory
                count += 1
                if count > limits.max_entries:
                    raise PackageReadError("v.read.too_many_entries", path=str(path), count=f"{count - 1}+",
                                           limit=limits.max_entries)
                if _has_surrogates(member.name):
                    issues.append(ReadIssue("not_utf8", _printable(member.name)))
                    continue
                name = _safe_name(member.name, issues)
                if name is None:
                    continue
                if member.isdir():
                    entries.append((name, None))
                    continue
                if member.issym() or member.islnk():
                    issues.append(ReadIssue("link", name, member.linkname))
                    continue
                if not member.isfile():
                    issues.append(ReadIssue("special", name))
                    continue
                if name in seen:
                    issues.append(ReadIssue("duplicate", name))
                    continue
                seen.add(name)
                total += member.size
                _check_total(path, total, archive_size, limits)
                target = base.joinpath(*PurePosixPath(name).parts)
                if not _inside(base, target):  # belt and braces: _safe_name already refused ..
                    issues.append(ReadIssue("unsafe_path", name))
                    continue
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    src = tf.extractfile(member)
                    with open(target, "xb") as out:
                        if src is not None:
                            _copy_limited(src, out, member.size)
                except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
                    issues.append(ReadIssue("duplicate", name, _detail(exc)))
                    continue
                entries.append((name, member.size))
        pkg, _placed, prefix = _assemble(path, "tar", entries, issues)
        pkg._base = base.joinpath(*PurePosixPath(prefix).parts) if prefix else base
        pkg._tmp = tmp
        return pkg
    except BaseException:
        tmp.cleanup()
        raise


def _copy_limited(src: BinaryIO, out: BinaryIO, size: int) -> None:
    left = size
    while left > 0:
        chunk = src.read(min(CHUNK, left))
        if not chunk:
            raise EOFError("the archive ends in the middle of a file")
        out.write(chunk)
        left -= len(chunk)


# --- shared helpers -------------------------------------------------------------------------


def _assemble(
    path: Path, kind: str, entries: list[tuple[str, object]], issues: list[ReadIssue]
) -> tuple[Package, list[tuple[str, object]], str]:
    """Find the package root folder among archive entries and list files relative to it.

    Returns the package, the (relative path, archive entry) of each file placed in it,
    and the archive folder that is the package root ('' for the archive's top).
    """
    tops = sorted({name.split("/", 1)[0] for name, _ in entries})
    top_files = {name for name, info in entries if "/" not in name and info is not None}
    if len(tops) == 1 and not top_files:
        prefix, single = tops[0], True
    else:
        single = False
        candidates = [t for t in tops if any(n == f"{t}/METS.xml" for n, i in entries if i is not None)]
        prefix = candidates[0] if len(candidates) == 1 and "METS.xml" not in top_files else ""
    pkg = Package(source=path, kind=kind, root_name=prefix or "", single_root=single, top_level=tops)
    pkg.issues.extend(issues)
    pkg.dirs.add("")
    pending = []
    for name, info in entries:
        if prefix:
            if name == prefix:
                continue
            if not name.startswith(prefix + "/"):
                pkg.issues.append(ReadIssue("outside_root", name))
                continue
            rel = name[len(prefix) + 1:]
        else:
            rel = name
        parent = rel.rpartition("/")[0]
        while parent and parent not in pkg.dirs:  # each ancestor folder once (20,000 files in 40 folders)
            pkg.dirs.add(parent)
            parent = parent.rpartition("/")[0]
        if info is None:
            pkg.dirs.add(rel)
        elif rel in pkg.files:
            pkg.issues.append(ReadIssue("duplicate", name))
        else:
            size = info.file_size if isinstance(info, ZipEntry) else int(info)  # type: ignore[arg-type]
            pkg.files[rel] = size
            pending.append((rel, info))
    return pkg, pending, prefix


def _safe_name(name: str, issues: list[ReadIssue]) -> str | None:
    """The entry name as a clean relative POSIX path, or None (and an issue) when it is unsafe."""
    if name and "\\" not in name and "\x00" not in name and not name.startswith("/") \
            and (len(name) < 2 or name[1] != ":"):
        # The usual name (a/b/c.txt, a/b/): nothing to clean.
        parts = name.split("/")
        if "" not in parts[:-1] and "." not in parts and ".." not in parts:
            return name
    original = name
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\x00" in name:
        issues.append(ReadIssue("unsafe_path", original))
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        issues.append(ReadIssue("unsafe_path", original))
        return None
    if not parts:
        return None
    return "/".join(parts) + ("/" if name.endswith("/") else "")


def _inside(base: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(base.resolve())
        return True
    except ValueError:
        return False


def _has_surrogates(name: str) -> bool:
    try:
        name.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _detail(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


