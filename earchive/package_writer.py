"""Where a package's bytes go: a folder or a ZIP, always under a temporary name first.

Both writers take files by their package-relative POSIX path.  Nothing appears under
the package's final name until :meth:`finalize` has written everything, synced it
to disk and renamed it; :meth:`abort` removes every trace (issue 2, points 3 and 6).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from earchive.errors import OutputError, SourceError
from earchive.fixity import Digest, copy_stream
from earchive.partials import Claim
from earchive.progress import CancelToken

#: A large file's copy is handed to the disk every this many bytes while it is being
#: written (see :class:`_Writeback`).
WRITEBACK = 32 << 20
#: Folder (in a ZIP's work folder) of the links through which held sources are read.
READING = ".reading"
#: Reads of a source that changes while it is copied, before earchive gives up on it.
COPY_ATTEMPTS = 3
#: Seconds waited before reading a changed source again (times the attempt number).
RETRY_PAUSE = 0.2


def writable(folder: Path) -> bool:
    """True when a file can be created in ``folder`` (tried for real: permissions, read-only mounts)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def claim(final: Path) -> Claim:
    """A claimed hidden temporary name next to ``final`` (same file system, so the rename is atomic); OutputError if none can be made."""
    try:
        return Claim(final)
    except OSError as exc:
        raise output_error(exc, Path(final).parent) from exc


def output_error(exc: OSError, path: Path) -> OutputError:
    """Turn an OSError from writing into an OutputError that says what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError("error.disk_full", path=path, needed="the size of the sources")
    return OutputError("error.output", path=path, reason=exc.strerror or str(exc))


class _ReadFailed(Exception):
    def __init__(self, exc: OSError) -> None:
        super().__init__(str(exc))
        self.exc = exc


class _ReadGuard:
    """File wrapper that marks read errors, so they are told apart from write errors."""

    def __init__(self, f) -> None:
        self.f = f

    def readinto(self, buf) -> int:
        try:
            return self.f.readinto(buf)
        except OSError as exc:
            raise _ReadFailed(exc) from exc


def copy_source(
    src: Path | str,
    open_dst: Callable[[], object],
    algorithm: str,
    *,
    expected_size: int | None,
    cancel: CancelToken | None,
    on_bytes: Callable[[int], None] | None,
    dst_path: Path | str,
    finish: Callable[[object], None] | None = None,
    extra: str | None = None,
    discard: Callable[[], None] | None = None,
) -> Digest:
    """Copy one source into a destination opened by ``open_dst``; map errors to SourceError/OutputError.

    ``finish`` gets the destination before it is closed (to set its time through the open file).
    A source that changes while it is read (see :func:`copy_stable`) is copied again after
    ``discard()`` has thrown the torn copy away; without ``discard`` it is an error.
    """
    digest, held = copy_stable(src, open_dst, algorithm, expected_size=expected_size, cancel=cancel,
                               on_bytes=on_bytes, dst_path=dst_path, finish=finish, extra=extra, discard=discard)
    held.close()
    return digest


class HeldSource:
    """A source just copied, still open: what it looked like while copied, and a way to read those bytes again.

    :attr:`path` names the open file itself (``/proc/<pid>/fd/<n>`` on Linux), so a
    reader gets the inode that was copied even if the source was renamed or deleted
    since, and whatever bytes its name has (a name that is not UTF-8 is no problem).
    Elsewhere it is the source's own path.  :meth:`unchanged` tells whether the file
    still has the size and times it had while it was copied.
    """

    __slots__ = ("source", "file", "stamp")

    def __init__(self, source: Path | str, file, stamp: tuple) -> None:
        self.source = source
        self.file = file
        self.stamp = stamp

    @property
    def path(self) -> str:
        if self.file is not None and _PROC_FD:
            return f"/proc/{os.getpid()}/fd/{self.file.fileno()}"
        return os.fspath(self.source)

    def unchanged(self) -> bool:
        try:
            st = os.fstat(self.file.fileno()) if self.file is not None else os.stat(self.source)
        except (OSError, ValueError):
            return False
        if st.st_nlink == 0:  # deleted since: its content is still the one copied if size and mtime agree
            return _stamp(st)[:2] == self.stamp[:2]
        return _stamp(st) == self.stamp

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def copy_stable(
    src: Path | str,
    open_dst: Callable[[], object],
    algorithm: str,
    *,
    expected_size: int | None,
    cancel: CancelToken | None,
    on_bytes: Callable[[int], None] | None,
    dst_path: Path | str,
    finish: Callable[[object], None] | None = None,
    extra: str | None = None,
    discard: Callable[[], None] | None = None,
) -> tuple[Digest, HeldSource]:
    """Copy a source that holds still while it is read; return the digest and the source, still open.

    Before and after the copy the open source's size, modification and change times
    and inode are compared, and its path must still name that file: a file rewritten
    in place (even with the same size), replaced or deleted meanwhile would otherwise
    be packaged as a mix of two versions, a state that never existed on disk.  Such a
    copy is thrown away (``discard``) and the source read again, up to
    :data:`COPY_ATTEMPTS` times.  Raises SourceError (``error.source_changing`` when it
    kept changing, ``error.source_vanished`` when it was deleted or moved,
    ``error.source_changed`` when its size is not the one listed), OutputError or Cancelled.
    """
    for attempt in range(1, COPY_ATTEMPTS + 1):
        fin = _open_source(src)
        try:
            before = os.fstat(fin.fileno())
            if expected_size is not None and expected_size > WRITEBACK and _FADVISE:
                try:  # read ahead further: the disk keeps reading while this thread hashes and writes
                    os.posix_fadvise(fin.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
                except OSError:
                    pass
            digest = _copy_once(src, fin, open_dst, algorithm, cancel, on_bytes, dst_path, finish, extra)
            after = os.fstat(fin.fileno())
            still_there = _names(src, after)
        except BaseException:
            fin.close()
            raise
        if _stamp(before) == _stamp(after) and still_there:
            if expected_size is not None and digest.size != expected_size:
                fin.close()
                raise SourceError("error.source_changed", path=src, expected=expected_size, actual=digest.size)
            return digest, HeldSource(src, fin, _stamp(after))
        fin.close()
        if discard is None or attempt == COPY_ATTEMPTS:
            if not os.path.lexists(src):
                raise SourceError("error.source_vanished", path=src)
            raise SourceError("error.source_changing", path=src, tries=attempt)
        discard()
        time.sleep(RETRY_PAUSE * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _open_source(src: Path | str):
    try:
        return open(src, "rb", buffering=0)
    except FileNotFoundError as exc:
        raise SourceError("error.source_vanished", path=src) from exc
    except OSError as exc:
        raise SourceError(path=src, reason=exc.strerror or str(exc)) from exc


def _copy_once(src, fin, open_dst, algorithm, cancel, on_bytes, dst_path, finish, extra) -> Digest:
    try:
        try:
            with open_dst() as fout:
                digest = copy_stream(_ReadGuard(fin), fout, algorithm, cancel=cancel, on_bytes=on_bytes, extra=extra)
                if finish is not None:
                    finish(fout)
        except _ReadFailed as exc:
            raise SourceError(path=src, reason=exc.exc.strerror or str(exc.exc)) from exc.exc
    except (SourceError, OutputError):
        raise
    except OSError as exc:
        raise output_error(exc, dst_path) from exc
    return digest


def _stamp(st: os.stat_result) -> tuple:
    """What must not change while a file is copied: size, modification and change times, identity."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _names(src: Path | str, st: os.stat_result) -> bool:
    """Whether the path ``src`` still names the file ``st`` describes (not deleted, not replaced)."""
    try:
        now = os.stat(src)
    except OSError:
        return False
    return (now.st_ino, now.st_dev) == (st.st_ino, st.st_dev)


class FolderWriter:
    """Writes the package as a folder ``<output>/<name>``, built in a hidden sibling first."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.claim = claim(final)
        self.temp = self.claim.temp
        try:
            self.temp.mkdir()
        except OSError as exc:
            self.claim.release()
            raise output_error(exc, self.temp) from exc
        self.workdir = self.temp  # generated metadata is written in place
        self._root = str(self.temp)
        self._made: set[str] = {""}  # folders made, package-relative

    def path_of(self, relpath: str) -> Path:
        return self.temp.joinpath(*relpath.split("/"))

    def local_path(self, relpath: str) -> str:
        """Where a file of the package is on disk, as a string (cheaper than a Path per file)."""
        return self._root + os.sep + (relpath if os.sep == "/" else relpath.replace("/", os.sep))

    def add_source(self, src: Path | str, relpath: str, algorithm: str, *, size=None, mtime=None, cancel=None, on_bytes=None,
                   extra=None) -> Digest:
        folder = relpath.rpartition("/")[0]
        if folder not in self._made:  # one mkdir per folder, not per file
            try:
                os.makedirs(self.local_path(folder), exist_ok=True)
            except OSError as exc:
                raise output_error(exc, self.path_of(folder)) from exc
            self._made.add(folder)
        dst = self.local_path(relpath)
        big = size is not None and size > WRITEBACK and _FADVISE
        by_fd = mtime is not None and _UTIME_FD
        digest = copy_source(
            src, (lambda: _Writeback(open(dst, "xb", buffering=0))) if big else (lambda: open(dst, "xb", buffering=0)),
            algorithm,
            expected_size=size, cancel=cancel, on_bytes=on_bytes, dst_path=dst,
            finish=(lambda fout: _set_mtime(fout.fileno(), mtime)) if by_fd else None, extra=extra,
            discard=lambda: os.unlink(dst),
        )
        if mtime is not None and not by_fd:  # Windows: after closing, which would set the time again
            _set_mtime(dst, mtime)
        return digest

    def generated_path(self, relpath: str) -> Path:
        """Where to write a generated file (METS, PREMIS...) so that it is part of the package."""
        path = self.path_of(relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def add_generated(self, relpath: str) -> None:
        """Nothing to do: generated files are written in place."""

    def finalize(self) -> Path:
        try:
            os.sync()  # everything on disk before the package gets its final name
            if os.path.lexists(self.final):
                raise OutputError("error.output_exists", path=self.final)
            os.rename(self.temp, self.final)
        except OSError as exc:
            raise output_error(exc, self.final) from exc
        self.claim.release()
        return self.final

    def abort(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)
        self.claim.release()


class ZipWriter:
    """Writes the package as ``<output>/<name>.zip`` with one root folder ``<name>/`` (CSIPSTR1).

    Entries are stored (not compressed) unless ``compress``; ZIP64 is used where
    needed.  Sources are streamed straight into their entries, read once.
    """

    def __init__(self, final: Path, root: str, *, compress: bool = False) -> None:
        self.final = final
        self.root = root
        self.claim = claim(final)
        self.temp = self.claim.temp
        self.workdir = self.claim.work  # generated metadata, until it goes into the ZIP
        self.compression = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        self.zf = None
        self._held: dict[str, tuple[HeldSource, str]] = {}
        self._links = 0
        try:
            self.zf = zipfile.ZipFile(self.temp, "x", compression=self.compression, allowZip64=True)
            self.workdir.mkdir()
        except OSError as exc:
            self.abort()
            raise output_error(exc, self.temp) from exc
        self._dirs: set[str] = set()
        self._add_dir(root + "/")

    def _add_dir(self, name: str) -> None:
        if name in self._dirs:
            return
        self._dirs.add(name)
        info = zipfile.ZipInfo(name, _zip_time(time.time()))
        info.external_attr = (0o40755 << 16) | 0x10
        self.zf.writestr(info, b"")

    def _ensure_parents(self, relpath: str) -> None:
        folder = relpath.rpartition("/")[0]
        if not folder or f"{self.root}/{folder}/" in self._dirs:  # the common case: a known folder
            return
        parts = folder.split("/")
        for i in range(1, len(parts) + 1):
            self._add_dir(f"{self.root}/{'/'.join(parts[:i])}/")

    def _info(self, relpath: str, mtime: float) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(f"{self.root}/{relpath}", _zip_time(mtime))
        info.compress_type = self.compression
        info.external_attr = 0o644 << 16
        return info

    def add_source(self, src: Path, relpath: str, algorithm: str, *, size=None, mtime=None, cancel=None, on_bytes=None,
                   extra=None, hold: bool = False) -> Digest:
        """Stream ``src`` into its entry (again, should it change while read: see :func:`copy_stable`).

        With ``hold`` the source stays open until :meth:`release`, so that
        :meth:`identification_path` gives a reader the very bytes that went into the ZIP.
        """
        self._ensure_parents(relpath)
        big = size is None or size >= (1 << 31)
        stamp = mtime or time.time()
        digest, held = copy_stable(
            src, lambda: self.zf.open(self._info(relpath, stamp), "w", force_zip64=big), algorithm,
            expected_size=size, cancel=cancel, on_bytes=on_bytes, dst_path=self.temp, extra=extra,
            discard=self._drop_last_entry,
        )
        if hold:
            self._held[relpath] = (held, self._name_for_reading(held, relpath))
        else:
            held.close()
        return digest

    def identification_path(self, relpath: str) -> str:
        """A path to read the bytes of a held source's entry from (see :class:`HeldSource`)."""
        return self._held[relpath][1]

    def release(self, relpath: str) -> bool:
        """Close a held source; whether it still is as it was when copied (else what was read of it may differ)."""
        held, link = self._held.pop(relpath, (None, ""))
        if held is None:
            return True
        try:
            return held.unchanged()
        finally:
            held.close()
            if link != held.path:
                _unlink_quietly(link)

    def _name_for_reading(self, held: HeldSource, relpath: str) -> str:
        """A link to the held source named with the entry's extension (format identification reads
        the extension too: a plain text file is known by it), or the held path itself."""
        self._links += 1
        ext = os.path.splitext(relpath.rpartition("/")[2])[1]
        link = os.path.join(self.workdir, READING, f"{self._links}{ext}")
        try:
            if self._links == 1:
                os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(held.path, link)
        except (OSError, NotImplementedError):  # no symbolic links here (Windows without the right)
            return held.path
        return link

    def _drop_last_entry(self) -> None:
        """Take the entry just written out of the ZIP again (a torn copy), so that it can be written anew.

        ``zipfile`` has no call for it; a stored or deflated entry is the last bytes of
        the file, and the central directory is written only when the ZIP is closed, so
        cutting the file back to the entry's header and forgetting the entry is enough.
        """
        zf = self.zf
        info = zf.filelist.pop()
        zf.NameToInfo.pop(info.filename, None)
        zf.fp.seek(info.header_offset)
        zf.fp.truncate()
        zf.start_dir = info.header_offset

    def generated_path(self, relpath: str) -> Path:
        path = self.workdir.joinpath(*relpath.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def add_generated(self, relpath: str) -> None:
        path = self.generated_path(relpath)
        self._ensure_parents(relpath)
        info = self._info(relpath, path.stat().st_mtime)
        try:
            with open(path, "rb") as fin, self.zf.open(info, "w", force_zip64=path.stat().st_size >= (1 << 31)) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
        except OSError as exc:
            raise output_error(exc, self.temp) from exc

    def path_of(self, relpath: str) -> Path:
        """Local path of a generated file (sources are only inside the ZIP)."""
        return self.generated_path(relpath)

    def finalize(self) -> Path:
        try:
            self.zf.close()
            with open(self.temp, "rb") as f:
                os.fsync(f.fileno())
            if os.path.lexists(self.final):
                raise OutputError("error.output_exists", path=self.final)
            os.rename(self.temp, self.final)
        except OSError as exc:
            raise output_error(exc, self.final) from exc
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.claim.release()
        return self.final

    def abort(self) -> None:
        for held, _ in self._held.values():
            held.close()
        self._held.clear()
        try:
            if self.zf is not None:
                self.zf.close()
        except Exception:
            pass
        try:
            os.unlink(self.temp)
        except OSError:
            pass
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.claim.release()


def _set_mtime(target: int | str, mtime: float) -> None:
    """Give the copy the source's modification time (through the open file where the system allows)."""
    try:
        os.utime(target, (mtime, mtime))
    except (OSError, ValueError, OverflowError):
        pass  # a timestamp the file system cannot store is no reason to fail


_UTIME_FD = os.utime in os.supports_fd
#: Linux names every open file /proc/<pid>/fd/<n>, readable by this process and its children.
_PROC_FD = os.path.isdir(f"/proc/{os.getpid()}/fd")
_FADVISE = hasattr(os, "posix_fadvise")


class _Writeback:
    """A file being written that is handed to the disk every :data:`WRITEBACK` bytes.

    Without it the kernel starts writing a copy out only when much of the memory is
    dirty, or when :meth:`FolderWriter.finalize` syncs; a large package then waits for
    all of its bytes at the end.  ``POSIX_FADV_DONTNEED`` starts the writeback of what
    was written so far (without waiting for it) and drops what is already on disk from
    the page cache, so copying a large delivery does not push everything else out.
    """

    def __init__(self, f) -> None:
        self.f = f
        self.fd = f.fileno()
        self.unflushed = 0

    def write(self, data) -> int | None:
        n = self.f.write(data)
        self.unflushed += n or 0
        if self.unflushed >= WRITEBACK:
            self.unflushed = 0
            try:
                os.posix_fadvise(self.fd, 0, 0, os.POSIX_FADV_DONTNEED)
            except OSError:
                pass
        return n

    def fileno(self) -> int:
        return self.fd

    def flush(self) -> None:
        self.f.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.f.close()


def _zip_time(ts: float) -> tuple[int, int, int, int, int, int]:
    t = time.localtime(max(ts, 315532800 + 86400))  # ZIP cannot store dates before 1980
    return (max(t.tm_year, 1980), t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
