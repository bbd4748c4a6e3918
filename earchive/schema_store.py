"""Official files earchive may not ship, obtained once by the user into a local store, verified by digest.

The CITS ERMS 3.0 schema and Schematron (DILCIS Board) are published without a licence
that allows redistribution, and no maintained package ships them, so earchive neither
copies them into its repository nor into its installers.  Instead the user obtains them
once, either from a folder (``earchive erms schemas --from DIR``, e.g. a download of
github.com/DILCISBoard/CITS-ERMS) or from the official address (``--download``).  Each
file is accepted only when its SHA-256, taken over the text with CRLF line ends read as
LF, is the digest of the official 3.0.0 file (:data:`STORE_FILES`); it is then kept,
byte for byte, in the store folder:

* ``$EARCHIVE_SCHEMA_STORE`` when set (tests, shared installations);
* else ``%LOCALAPPDATA%\\earchive\\schemas`` on Windows,
  ``~/Library/Application Support/earchive/schemas`` on macOS and
  ``${XDG_DATA_HOME:-~/.local/share}/earchive/schemas`` elsewhere.

Files are written under a temporary name and renamed, so the store never holds half a
file.  :func:`find` gives a stored file only when its digest still matches.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from earchive.errors import EarchiveError, InvalidInput, OutputError
from earchive.messages import register

#: Environment variable naming the store folder.
STORE_ENV = "EARCHIVE_SCHEMA_STORE"
#: Seconds to wait for a download.
DOWNLOAD_TIMEOUT = 30
#: Largest file accepted from a download.
MAX_DOWNLOAD = 4 << 20


@dataclass(frozen=True)
class StoredFile:
    """An official file of the store: its name, where it is published, and its digest."""

    filename: str
    url: str
    sha256: str
    title: str


#: The files the store knows, by file name.  Digests of the official CITS ERMS 3.0.0
#: files (2024-05-17), over LF line ends.
STORE_FILES: dict[str, StoredFile] = {
    f.filename: f
    for f in (
        StoredFile("ERMS_v3.xsd", "https://raw.githubusercontent.com/DILCISBoard/CITS-ERMS/master/schema/ERMS_v3.xsd",
                   "7128ebb35eb4c2202d65db38cd9d4ed273de38f789c641734a68b1a642385d2e", "CITS ERMS 3.0.0 schema"),
        StoredFile("erms_v3.sch", "https://raw.githubusercontent.com/DILCISBoard/CITS-ERMS/master/schema/erms_v3.sch",
                   "7056014e4d2a91e441fd3a64cae59f8006b185cc6470790028b9c98bee3b4004", "CITS ERMS 3.0.0 Schematron"),
    )
}

_verified: dict[tuple[str, int, int], bool] = {}


class StoreError(EarchiveError):
    """A file could not be obtained or does not match the official digest."""

    code = "store.mismatch"


def store_dir() -> Path:
    """The store folder (it may not exist yet)."""
    given = os.environ.get(STORE_ENV)
    if given:
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "earchive" / "schemas"


def find(filename: str) -> Path | None:
    """The stored file ``filename`` when present and matching its official digest, else None."""
    info = STORE_FILES[filename]
    path = store_dir() / filename
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _verified:
        try:
            _verified[key] = digest(path.read_bytes()) == info.sha256
        except OSError:
            return None
    return path if _verified[key] else None


def missing() -> list[str]:
    """The names of the store's files that are not (validly) there."""
    return [name for name in STORE_FILES if find(name) is None]


def digest(data: bytes) -> str:
    """SHA-256 of ``data`` with CRLF read as LF (a Windows checkout of the same file matches)."""
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def install_from(folder: Path) -> list[Path]:
    """Copy every store file found in ``folder`` (any sub-folder) into the store, verified.

    Raises InvalidInput (``store.not_found``) when a file is not in ``folder``, StoreError
    when one differs from the official file, OutputError when the store cannot be written.
    """
    folder = Path(folder)
    installed = []
    for name, info in STORE_FILES.items():
        candidates = [folder / name] + sorted(folder.rglob(name)) if folder.is_dir() else []
        source = next((c for c in candidates if c.is_file()), None)
        if source is None:
            raise InvalidInput("store.not_found", file=name, folder=str(folder))
        installed.append(_put(info, source.read_bytes(), str(source)))
    return installed


def download(fetch: Callable[[str], bytes] | None = None) -> list[Path]:
    """Fetch every store file from its official address and keep it, verified.

    ``fetch(url) -> bytes`` replaces the HTTP request (tests).  Raises StoreError when
    a file cannot be fetched or differs from the official one, OutputError when the
    store cannot be written.
    """
    fetch = fetch or _fetch
    installed = []
    for info in STORE_FILES.values():
        try:
            data = fetch(info.url)
        except OSError as exc:
            raise StoreError("store.download_failed", url=info.url, reason=getattr(exc, "reason", None) or str(exc)) from exc
        installed.append(_put(info, data, info.url))
    return installed


def _put(info: StoredFile, data: bytes, origin: str) -> Path:
    found = digest(data)
    if found != info.sha256:
        raise StoreError("store.mismatch", file=info.filename, origin=origin, found=found, expected=info.sha256)
    target = store_dir() / info.filename
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{info.filename}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError("error.output", path=str(target), reason=exc.strerror or str(exc)) from exc
    return target


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310 - fixed https URLs
        data = response.read(MAX_DOWNLOAD + 1)
    if len(data) > MAX_DOWNLOAD:
        raise OSError(f"larger than {MAX_DOWNLOAD} bytes")
    return data


register({
    "store.mismatch": {
        "en": "{file} from {origin} is not the official file (SHA-256 {found}, expected {expected}); it was not kept. "
              "Use the CITS ERMS 3.0.0 files published by the DILCIS Board.",
        "sv": "{file} från {origin} är inte den officiella filen (SHA-256 {found}, väntat {expected}); den sparades inte. "
              "Använd CITS ERMS 3.0.0-filerna som DILCIS Board publicerar.",
    },
    "store.not_found": {
        "en": "{file} is not in {folder}. Point to the folder that holds the CITS ERMS 3.0.0 schema files "
              "(ERMS_v3.xsd and erms_v3.sch), or use --download.",
        "sv": "{file} finns inte i {folder}. Ange mappen med CITS ERMS 3.0.0-schemafilerna "
              "(ERMS_v3.xsd och erms_v3.sch), eller använd --download.",
    },
    "store.download_failed": {
        "en": "Could not download {url}: {reason}. Download the file by other means and use --from DIR.",
        "sv": "Kunde inte hämta {url}: {reason}. Hämta filen på annat sätt och använd --from MAPP.",
    },
})
