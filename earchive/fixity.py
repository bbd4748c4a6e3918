"""Copy, checksum and size in one pass over the bytes (issue 2, point 4).

Each source byte is read exactly once: the same buffer is hashed and written to the
package.  hashlib and file I/O release the GIL on large buffers, so two copier
threads keep two cores busy on large files; on small files they overlap the waits
for the disk.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from earchive.model import CHECKSUM_ALGORITHMS
from earchive.progress import CancelToken

#: Read size: large enough for full disk and hash speed, small enough to cancel quickly.
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Digest:
    """Size and checksum of one file."""

    size: int
    algorithm: str  # METS spelling, e.g. SHA-256
    value: str  # lowercase hex
    extra: str = ""  # lowercase hex of the ``extra`` algorithm computed in the same pass, if any


def new_hash(algorithm: str):
    """A hashlib object for a METS checksum type (SHA-256, SHA-512, MD5)."""
    return _CONSTRUCTORS[algorithm]()


def copy_stream(
    src: BinaryIO,
    dst: BinaryIO | None,
    algorithm: str,
    *,
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] | None = None,
    extra: str | None = None,
) -> Digest:
    """Read ``src`` to the end once, writing to ``dst`` (if any) and hashing; return the digest.

    ``extra`` names a second algorithm computed from the same bytes (a producer's
    checksum in another algorithm, :mod:`earchive.producer_checksums`).

    The read buffer is reused by every call in the same thread: a fresh megabyte per
    file would be mapped and unmapped by the C library each time, which costs more
    than copying a small file.
    """
    h = new_hash(algorithm)
    h2 = new_hash(extra) if extra else None
    update = h.update
    write = dst.write if dst is not None else None
    buf, view = _buffer()
    readinto = src.readinto
    size = 0
    while True:
        n = readinto(buf)
        if not n:
            break
        chunk = view if n == CHUNK else view[:n]
        update(chunk)
        if h2 is not None:
            h2.update(chunk)
        if write is not None:
            written = write(chunk)
            if written is not None and written < n:  # a raw file may take less than asked
                _write_rest(write, chunk, written)
        size += n
        if on_bytes is not None:
            on_bytes(n)
        if cancel is not None and n == CHUNK:
            cancel.check()
    return Digest(size, algorithm, h.hexdigest(), h2.hexdigest() if h2 is not None else "")


def copy_file(
    src: Path,
    dst: Path,
    algorithm: str,
    *,
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] | None = None,
    mtime: float | None = None,
) -> Digest:
    """Copy ``src`` to a new file ``dst`` (which must not exist), hashing on the way.

    The source is opened read-only and never modified; the copy gets the source's
    modification time so that a folder package shows the records' own dates.
    """
    with open(src, "rb", buffering=0) as fin, open(dst, "xb", buffering=0) as fout:
        digest = copy_stream(fin, fout, algorithm, cancel=cancel, on_bytes=on_bytes)
    if mtime is not None:
        os.utime(dst, (mtime, mtime))
    return digest


def digest_file(path: Path, algorithm: str, *, cancel: CancelToken | None = None) -> Digest:
    """Size and checksum of a file (used for the metadata files earchive writes itself)."""
    with open(path, "rb", buffering=0) as fin:
        return copy_stream(fin, None, algorithm, cancel=cancel)


# --- private ------------------------------------------------------------------------------

_CONSTRUCTORS = {
    name: getattr(hashlib, attr, None) or (lambda attr=attr: hashlib.new(attr))
    for name, attr in {**CHECKSUM_ALGORITHMS, "SHA-1": "sha1"}.items()  # SHA-1: producers' manifests only
}
_local = threading.local()


def _buffer() -> tuple[bytearray, memoryview]:
    """This thread's read buffer (and a view of it)."""
    pair = getattr(_local, "buffer", None)
    if pair is None:
        buf = bytearray(CHUNK)
        pair = _local.buffer = (buf, memoryview(buf))
    return pair


def _write_rest(write, chunk: memoryview, written: int) -> None:
    while written < len(chunk):
        n = write(chunk[written:])
        if not n:
            raise OSError(f"could not write ({written} of {len(chunk)} bytes written)")
        written += n
