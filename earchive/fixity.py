"""Copy, checksum and size in one pass over the bytes (issue 2, point 4).

Each source byte is read exactly once: the same buffer is hashed and written to the
package.  The first bytes are kept for MIME detection, so libmagic does not read the
file again.  hashlib releases the GIL on large buffers, so two copier threads keep
two cores busy.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from earchive.model import CHECKSUM_ALGORITHMS
from earchive.progress import CancelToken

#: Read size: large enough for full disk and hash speed, small enough to cancel quickly.
CHUNK = 1 << 20
#: Bytes kept from the start of each file for MIME detection.
HEAD = 8192


@dataclass(frozen=True)
class Digest:
    """Size and checksum of one file, and its first bytes."""

    size: int
    algorithm: str  # METS spelling, e.g. SHA-256
    value: str  # lowercase hex
    head: bytes = b""


def new_hash(algorithm: str):
    """A hashlib object for a METS checksum type (SHA-256, SHA-512, MD5)."""
    return hashlib.new(CHECKSUM_ALGORITHMS[algorithm])


def copy_stream(
    src: BinaryIO,
    dst: BinaryIO | None,
    algorithm: str,
    *,
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Digest:
    """Read ``src`` to the end once, writing to ``dst`` (if any) and hashing; return the digest."""
    h = new_hash(algorithm)
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    size = 0
    head = b""
    while True:
        n = src.readinto(buf)
        if not n:
            break
        chunk = view[:n]
        if size < HEAD:
            head += bytes(chunk[: HEAD - size])
        h.update(chunk)
        if dst is not None:
            dst.write(chunk)
        size += n
        if on_bytes is not None:
            on_bytes(n)
        if cancel is not None and n == CHUNK:
            cancel.check()
    return Digest(size, algorithm, h.hexdigest(), head)


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
