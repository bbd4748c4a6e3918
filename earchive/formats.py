"""Format identification: PRONOM identifiers from siegfried (pygfried), MIME types from libmagic.

Siegfried reads only the parts of a file its signatures need; the MIME type comes
from the first bytes already read during the copy (:mod:`earchive.fixity`), so no
source is read a second time in full.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from earchive.errors import FormatIdentificationError
from earchive.progress import CancelToken

#: Files identified per call into siegfried; small enough to cancel quickly.
BATCH = 2048
#: MIME type used when nothing better is known (IANA: arbitrary binary data).
OCTET_STREAM = "application/octet-stream"


@dataclass(frozen=True)
class FormatInfo:
    """The identified format of one file."""

    puid: str  # PRONOM identifier, e.g. fmt/18, or UNKNOWN
    name: str = ""
    version: str = ""
    mime: str = ""  # siegfried's MIME for the format, if any
    basis: str = ""
    warning: str = ""

    @property
    def identified(self) -> bool:
        return bool(self.puid) and self.puid != "UNKNOWN"


UNKNOWN = FormatInfo("UNKNOWN")


@lru_cache(maxsize=1)
def _scanner():
    import pygfried

    return pygfried.Scanner()


_scanner_lock = threading.Lock()


def siegfried_version() -> tuple[str, str]:
    """(siegfried version, signature file description), for the PREMIS agent."""
    import pygfried

    detail = ""
    try:
        scanner = _scanner()
        detail = str(getattr(scanner, "signature", "") or "")
    except Exception:  # pragma: no cover - reported as unknown
        pass
    return pygfried.version(), detail


def _from_match(match: dict) -> FormatInfo:
    return FormatInfo(
        puid=match.get("id") or "UNKNOWN",
        name=match.get("format") or "",
        version=match.get("version") or "",
        mime=match.get("mime") or "",
        basis=match.get("basis") or "",
        warning=match.get("warning") or "",
    )


def _pronom_match(entry: dict) -> dict:
    for match in entry.get("matches") or []:
        if match.get("ns") == "pronom":
            return match
    return {}


def identify_paths(
    paths: Sequence[Path],
    *,
    workers: int = 2,
    cancel: CancelToken | None = None,
    tolerate_errors: bool = False,
    on_done=None,
) -> list[FormatInfo]:
    """Identify files (in batches, ``workers`` Go threads); one FormatInfo per path, in order.

    Raises FormatIdentificationError naming the file if siegfried fails on it and
    ``tolerate_errors`` is false; with ``tolerate_errors`` such a file is UNKNOWN
    with the error text as warning.
    """
    scanner = _scanner()
    out: list[FormatInfo] = []
    for start in range(0, len(paths), BATCH):
        if cancel is not None:
            cancel.check()
        batch = [str(p) for p in paths[start : start + BATCH]]
        try:
            with _scanner_lock:
                result = scanner.identify_many(batch, workers=workers)
            files = result.get("files") or []
            if len(files) != len(batch):
                raise RuntimeError("siegfried returned a different number of results")
            by_name = {f.get("filename"): f for f in files}
            infos = []
            for name in batch:
                entry = by_name.get(name)
                if entry is None:
                    raise RuntimeError(f"no result for {name}")
                if entry.get("errors") and not entry.get("matches"):
                    raise _IdentifyFailed(name, entry["errors"])
                infos.append(_from_match(_pronom_match(entry)) if entry.get("matches") else UNKNOWN)
            out.extend(infos)
        except FormatIdentificationError:
            raise
        except Exception:
            # Find the file that breaks the batch: identify one by one.
            for name in batch:
                out.append(_identify_one(scanner, name, tolerate_errors))
        if on_done is not None:
            on_done(len(batch))
    return out


class _IdentifyFailed(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def _identify_one(scanner, name: str, tolerate: bool) -> FormatInfo:
    try:
        with _scanner_lock:
            result = scanner.identify(name, detailed=True)
        files = result.get("files") or []
        entry = files[0] if files else {}
        if entry.get("errors") and not entry.get("matches"):
            raise RuntimeError(entry["errors"])
        return _from_match(_pronom_match(entry)) if entry.get("matches") else UNKNOWN
    except Exception as exc:
        if tolerate:
            return FormatInfo("UNKNOWN", warning=f"identification failed: {exc}")
        raise FormatIdentificationError(path=name, reason=str(exc)) from exc


_local = threading.local()


def _magic():
    """One libmagic handle per thread: libmagic handles are not thread-safe, and ctypes
    releases the GIL during the call, so two threads detect MIME types on two cores."""
    handle = getattr(_local, "magic", None)
    if handle is None:
        import magic

        handle = _local.magic = magic.Magic(mime=True)
    return handle


#: Bytes of a file's start given to libmagic: enough for its tests, faster than more.
MAGIC_BYTES = 4096


def mime_type(head: bytes, fmt: FormatInfo | None = None, size: int | None = None) -> str:
    """The MIME type for METS @MIMETYPE: siegfried's for an identified format, else libmagic's guess."""
    if fmt is not None and fmt.mime:
        return fmt.mime.split(";")[0].strip()
    if not head or size == 0:
        return OCTET_STREAM
    try:
        mime = _magic().from_buffer(head[:MAGIC_BYTES])
    except Exception:
        return OCTET_STREAM
    mime = (mime or "").split(";")[0].strip()
    if not mime or "/" not in mime or mime in ("application/x-empty", "inode/x-empty"):
        return OCTET_STREAM
    return mime


def identify_all(paths: Iterable[Path], **kw) -> list[FormatInfo]:
    return identify_paths(list(paths), **kw)
