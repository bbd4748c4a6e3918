"""A ZIP's central directory read as a stream, and its entries read with positioned reads.

:class:`zipfile.ZipFile` reads the whole central directory into a ``ZipInfo`` object per entry
before anything can be checked: 1.9 million empty entries took 48 s and 3 GB.  Here the
end-of-central-directory record gives the number of entries first (so a ZIP with too many is
refused at once), then the directory is read in chunks and each entry is handed on as a slim
:class:`ZipEntry` (the caller keeps only the files it needs).  :class:`EntryStream` reads a
stored or deflated entry with ``os.pread`` (several threads may read one ZIP at once) and
checks its size and CRC-32 at the end.  Other compression methods (bzip2, LZMA) and
encrypted entries are left to :mod:`zipfile`.

The format: PKWARE APPNOTE 6.3.10, sections 4.3.6 (local header), 4.3.12 (central directory
header), 4.3.14-16 (ZIP64 end records), 4.5.3 (ZIP64 extra field).
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from typing import BinaryIO, Iterator

#: End of central directory record, its ZIP64 locator and record, a central directory header.
_EOCD = struct.Struct("<4s4H2LH")
_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
#: The longest ZIP comment plus the end record: where the end record can start.
_TAIL = 0xFFFF + _EOCD.size
#: Bytes of the directory read at a time.
_READ = 1 << 20

STORED, DEFLATED = 0, 8


class ZipFormatError(ValueError):
    """The central directory is missing, cut short or contradicts itself."""


class ZipEntry:
    """One central-directory entry, as little as validation needs (20,000 to 100,000 per package)."""

    __slots__ = ("name", "flags", "method", "crc", "compress_size", "file_size", "header_offset", "mode")

    def __init__(self, name: str, flags: int, method: int, crc: int, compress_size: int, file_size: int,
                 header_offset: int, mode: int) -> None:
        self.name = name
        self.flags = flags
        self.method = method
        self.crc = crc
        self.compress_size = compress_size
        self.file_size = file_size
        self.header_offset = header_offset
        self.mode = mode

    def is_dir(self) -> bool:
        return self.name.endswith("/")

    @property
    def utf8(self) -> bool:
        """The name is flagged as UTF-8 (general purpose bit 11)."""
        return bool(self.flags & 0x800)

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & 0x1)


def directory(fh: BinaryIO) -> tuple[int, int, int, int]:
    """(number of entries, offset, size, shift) of the central directory, from the end records.

    ``offset`` is where the directory starts in the file; ``shift`` is the length of data
    prepended to the archive (a self-extracting stub), which every entry offset is moved by.

    Raises ZipFormatError when there is no end record or it points outside the file.
    """
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    fh.seek(max(0, size - _TAIL))
    tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        raise ZipFormatError("no end of central directory record")
    end_pos = size - len(tail) + at
    _sig, _disk, _cd_disk, _here, count, cd_size, cd_offset, _comment = _EOCD.unpack_from(tail, at)
    if count == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        locator_pos = end_pos - _LOCATOR.size
        if locator_pos >= 0:
            fh.seek(locator_pos)
            locator = fh.read(_LOCATOR.size)
            if locator[:4] == b"PK\x06\x07":
                _s, _d, eocd64_pos, _n = _LOCATOR.unpack(locator)
                fh.seek(eocd64_pos)
                record = fh.read(_EOCD64.size)
                if len(record) < _EOCD64.size or record[:4] != b"PK\x06\x06":
                    raise ZipFormatError("damaged ZIP64 end of central directory record")
                fields = _EOCD64.unpack(record)
                count, cd_size, cd_offset = fields[7], fields[8], fields[9]
                end_pos = eocd64_pos
    # Data prepended to the archive (a self-extracting stub) shifts every offset by the same amount.
    shift = end_pos - cd_size - cd_offset
    if shift < 0 or cd_offset + shift + cd_size > size:
        raise ZipFormatError("the central directory lies outside the file")
    return count, cd_offset + shift, cd_size, shift


def entries(fh: BinaryIO, offset: int, size: int, count: int, shift: int = 0) -> Iterator[ZipEntry]:
    """Each entry of the central directory at ``offset`` (``count`` entries, ``size`` bytes), in order.

    Local-header offsets are moved by ``shift`` (see :func:`directory`).  Raises ZipFormatError
    when a header is damaged or the directory ends early.
    """
    fh.seek(offset)
    buffer = b""
    pos = 0
    left = size
    for _ in range(count):
        if len(buffer) - pos < _CENTRAL.size:
            buffer, pos, left = _refill(fh, buffer, pos, left)
        if len(buffer) - pos < _CENTRAL.size or buffer[pos:pos + 4] != b"PK\x01\x02":
            raise ZipFormatError("damaged central directory header")
        (_sig, _made, _needed, flags, method, _time, _date, crc, csize, usize, name_len, extra_len,
         comment_len, _disk, _internal, external, header_offset) = _CENTRAL.unpack_from(buffer, pos)
        need = _CENTRAL.size + name_len + extra_len + comment_len
        while len(buffer) - pos < need:
            before = len(buffer) - pos
            buffer, pos, left = _refill(fh, buffer, pos, left)
            if len(buffer) - pos == before:
                raise ZipFormatError("the central directory ends in the middle of an entry")
        start = pos + _CENTRAL.size
        raw_name = buffer[start:start + name_len]
        extra = buffer[start + name_len:start + name_len + extra_len]
        pos += need
        if 0xFFFFFFFF in (usize, csize, header_offset):
            usize, csize, header_offset = _zip64(extra, usize, csize, header_offset)
        name = raw_name.decode("utf-8", "surrogateescape") if flags & 0x800 else raw_name.decode("cp437")
        yield ZipEntry(name, flags, method, crc, csize, usize, header_offset + shift, external >> 16)


def _refill(fh: BinaryIO, buffer: bytes, pos: int, left: int) -> tuple[bytes, int, int]:
    chunk = fh.read(min(_READ, left)) if left > 0 else b""
    return buffer[pos:] + chunk, 0, left - len(chunk)


def _zip64(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    """The 64-bit sizes and offset of the ZIP64 extra field (tag 1) for the fields set to 0xFFFFFFFF."""
    at = 0
    while at + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4:at + 4 + length]
        if tag == 1:
            values = [v for (v,) in struct.iter_unpack("<Q", body[: len(body) // 8 * 8])]
            if usize == 0xFFFFFFFF and values:
                usize = values.pop(0)
            if csize == 0xFFFFFFFF and values:
                csize = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
            return usize, csize, offset
        at += 4 + length
    raise ZipFormatError("a ZIP64 entry without its ZIP64 extra field")


def data_offset(fd: int, entry: ZipEntry) -> int:
    """Where ``entry``'s compressed data start (after its local header). Raises OSError if damaged."""
    header = os.pread(fd, 30, entry.header_offset)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise OSError(f"damaged archive entry {entry.name}: bad local header")
    return entry.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")


class EntryStream(io.RawIOBase):
    """A stored or deflated entry, read with ``os.pread`` in chunks; size and CRC-32 checked at the end.

    Damage (bad header, wrong size or CRC, a broken deflate stream) raises OSError naming the entry.
    Never yields more than the size the central directory states.
    """

    def __init__(self, fd: int, entry: ZipEntry, chunk: int = 1 << 20) -> None:
        super().__init__()
        if entry.method not in (STORED, DEFLATED) or entry.encrypted:
            raise ValueError("only plain stored or deflated entries")
        self._fd = fd
        self._entry = entry
        self._chunk = chunk
        self._pos = data_offset(fd, entry)
        self._raw_left = entry.compress_size
        self._inflater = zlib.decompressobj(-15) if entry.method == DEFLATED else None
        self._out_left = entry.file_size
        self._crc = 0
        self._pending = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while True:
                part = self.read(self._chunk)
                if not part:
                    return b"".join(parts)
                parts.append(part)
        while not self._pending and (self._raw_left > 0 or (self._inflater is not None and self._out_left > 0)):
            self._pending = self._next()
            if not self._pending and self._raw_left == 0:
                break
        data, self._pending = self._pending[:size], self._pending[size:]
        if not data:
            self._finish()
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _next(self) -> bytes:
        raw = b""
        if self._raw_left > 0:
            raw = os.pread(self._fd, min(self._chunk, self._raw_left), self._pos)
            if not raw:
                raise OSError(f"damaged archive entry {self._entry.name}: cut short")
            self._pos += len(raw)
            self._raw_left -= len(raw)
        if self._inflater is None:
            out = raw
        else:
            try:
                # Never more than the stated size (+1, to notice a lie).
                out = self._inflater.decompress(self._inflater.unconsumed_tail + raw, self._out_left + 1)
            except zlib.error as exc:
                raise OSError(f"damaged archive entry {self._entry.name}: {exc}") from exc
        self._out_left -= len(out)
        if self._out_left < 0:
            raise OSError(f"damaged archive entry {self._entry.name}: larger than its stated size")
        self._crc = zlib.crc32(out, self._crc)
        return out

    def _finish(self) -> None:
        if self._out_left != 0 or self._crc != self._entry.crc:
            raise OSError(f"damaged archive entry {self._entry.name}: size or CRC-32 does not match")
