"""Checksums the producing system made: compared with earchive's own while the files are copied.

Records often arrive with the checksums their system of origin computed: a
``sha256sum``/``md5sum`` file (GNU or BSD layout), a BagIt bag's manifest, or a file
named in the job file or CSV (``producer_checksums``).  earchive hashes every file
while it copies it (:mod:`earchive.fixity`); where the producer used another
algorithm than the package, that algorithm is computed in the same pass, so no
file is read twice.  A mismatch stops the package with a message naming the file:
the records changed between the producer and earchive.  Where they match, the
representation's PREMIS records a "fixity check" event that names the manifest.

Found without being named: a selected folder that is a BagIt bag (``bagit.txt`` and
``manifest-<algorithm>.txt``), and checksum files at the top of a selected folder
whose names say what they are (:data:`KNOWN_NAMES`, e.g. ``SHA256SUMS``,
``checksums.md5``, ``files.sha256``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from earchive.errors import InvalidInput, SourceError
from earchive.messages import register

#: Algorithms a producer's manifest may use (METS spelling -> hashlib name); the
#: strongest one present is used when a bag has several manifests.
ALGORITHMS = {"SHA-512": "sha512", "SHA-256": "sha256", "SHA-1": "sha1", "MD5": "md5"}
#: Length of a hexadecimal digest -> algorithm, for files whose name does not say it.
_BY_LENGTH = {128: "SHA-512", 64: "SHA-256", 40: "SHA-1", 32: "MD5"}
#: File names that are checksum files, with the algorithm their name gives (None: by digest length).
KNOWN_NAMES = re.compile(
    r"^(?:(?P<sums>sha(?:1|256|512)|md5)sums?(?:\.txt)?"
    r"|checksums?(?:\.txt)?"
    r"|.+\.(?P<ext>sha1|sha256|sha512|md5))$",
    re.IGNORECASE,
)
_GNU = re.compile(rb"^(\\?)([0-9a-fA-F]{32,128}) [ *](.+)$")
_BSD = re.compile(rb"^(MD5|SHA1|SHA256|SHA512|SHA-1|SHA-256|SHA-512) ?\((.+)\) ?= ?([0-9a-fA-F]{32,128})$")
#: At most this many names are shown in a report line.
SHOWN = 5


@dataclass(frozen=True)
class ProducerChecksums:
    """A checksum file or BagIt bag named by the user; ``algorithm`` empty: from its name or digests."""

    path: Path
    algorithm: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        algorithm = _algorithm_name(self.algorithm) if self.algorithm else ""
        if self.algorithm and not algorithm:
            raise InvalidInput("error.invalid_value", field="producer_checksums algorithm", value=self.algorithm,
                               allowed=", ".join(ALGORITHMS))
        object.__setattr__(self, "algorithm", algorithm)


@dataclass
class Manifest:
    """One producer manifest read: absolute source path -> lowercase hex digest."""

    name: str  # what the report and PREMIS call it (its path)
    algorithm: str  # METS spelling
    digests: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What the comparison found, for the report and PREMIS."""

    manifests: list[Manifest]
    matched: int = 0
    listed_missing: list[str] = field(default_factory=list)  # listed but not among the packaged files
    unlisted: int = 0  # packaged files no manifest lists


class ProducerCheck:
    """The manifests of one package, looked up by source path while the copy runs.

    :meth:`algorithm_for` says which extra algorithm a file needs (None when the
    package's own algorithm is the producer's, or the file is not listed);
    :meth:`verify` compares and raises SourceError on a mismatch.
    """

    def __init__(self, manifests: list[Manifest], package_algorithm: str) -> None:
        self.manifests = manifests
        self.package_algorithm = package_algorithm
        self._index: dict[str, tuple[Manifest, str]] = {}
        for manifest in manifests:
            for path, digest in manifest.digests.items():
                self._index.setdefault(path, (manifest, digest))
                self._index.setdefault(_nfc(path), (manifest, digest))

    def __bool__(self) -> bool:
        return bool(self._index)

    def lookup(self, source: str) -> tuple[Manifest, str] | None:
        return self._index.get(source) or self._index.get(_nfc(source))

    def algorithm_for(self, source: str) -> str | None:
        """The producer's algorithm for ``source`` when the copy must compute it besides the package's."""
        found = self.lookup(source)
        if found is None or found[0].algorithm == self.package_algorithm:
            return None
        return found[0].algorithm

    def verify(self, source: str, shown: str, package_digest: str, extra_digest: str) -> bool:
        """True when ``source`` is listed and matches; False when it is not listed; raise on a mismatch."""
        found = self.lookup(source)
        if found is None:
            return False
        manifest, expected = found
        actual = package_digest if manifest.algorithm == self.package_algorithm else extra_digest
        if actual.lower() != expected:
            raise SourceError("producer.mismatch", path=shown, manifest=manifest.name, algorithm=manifest.algorithm,
                              expected=expected, actual=actual.lower())
        return True

    def outcome(self, packaged_sources: Iterable[str], matched: int) -> Outcome:
        """Listed files that were not packaged, and how many packaged files were not listed."""
        seen: set[str] = set()
        unlisted = 0
        for source in packaged_sources:
            found = self.lookup(source)
            if found is None:
                unlisted += 1
            else:
                seen.add(source)
                seen.add(_nfc(source))
        missing = sorted({p for m in self.manifests for p in m.digests if p not in seen and _nfc(p) not in seen})
        return Outcome(self.manifests, matched, missing, unlisted)


def prepare(named: Iterable[ProducerChecksums], selected: Iterable[Path], package_algorithm: str) -> ProducerCheck:
    """Read the manifests the user named and those found in the selected folders; raise InvalidInput."""
    manifests = [read(p.path, p.algorithm) for p in named]
    named_paths = {os.path.abspath(p.path) for p in named}
    for folder in selected:
        for path in discover(Path(folder)):
            if os.path.abspath(path) not in named_paths:
                manifests.append(read(path))
    return ProducerCheck([m for m in manifests if m.digests], package_algorithm)


def discover(folder: Path) -> list[Path]:
    """Checksum files in ``folder`` itself (not below), and the folder itself when it is a BagIt bag."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    if _is_bag(folder):
        return [folder]
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if KNOWN_NAMES.match(entry.name) and entry.is_file(follow_symlinks=False):
                    found.append(Path(entry.path))
    except OSError:
        return []
    return sorted(found)


def read(path: Path, algorithm: str = "") -> Manifest:
    """A bag's strongest manifest, or a sha256sum/md5sum-style file; raise InvalidInput naming the file."""
    path = Path(path)
    if path.is_dir():
        if not _is_bag(path):
            raise InvalidInput("producer.not_manifest", path=str(path))
        return _read_bag(path, algorithm)
    if not path.is_file():
        raise InvalidInput("error.source_missing", path=str(path))
    return _read_sums(path, algorithm or _algorithm_from_name(path.name))


def is_manifest_file(path: Path) -> bool:
    """Whether ``path``'s name marks it as a checksum file."""
    return bool(KNOWN_NAMES.match(Path(path).name))


# --- private ------------------------------------------------------------------------------


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def _algorithm_name(value: str) -> str:
    key = value.strip().upper().replace("_", "-")
    key = {"SHA256": "SHA-256", "SHA512": "SHA-512", "SHA1": "SHA-1"}.get(key, key)
    return key if key in ALGORITHMS else ""


def _algorithm_from_name(name: str) -> str:
    match = KNOWN_NAMES.match(name)
    if not match:
        found = re.search(r"(sha1|sha256|sha512|md5)", name, re.IGNORECASE)
        return _algorithm_name(found.group(1)) if found else ""
    word = match.group("sums") or match.group("ext") or ""
    return _algorithm_name(word) if word else ""


def _is_bag(folder: Path) -> bool:
    return (folder / "bagit.txt").is_file() and any(folder.glob("manifest-*.txt"))


def _read_bag(folder: Path, algorithm: str) -> Manifest:
    """The bag's payload manifest for ``algorithm`` (default: the strongest one it has), read by bagit-python."""
    import bagit

    try:
        bag = bagit.Bag(str(folder))
    except (bagit.BagError, OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("producer.bad_bag", path=str(folder), reason=str(exc)) from exc
    present = {_algorithm_name(a): a for a in bag.algorithms if _algorithm_name(a)}
    for name in [algorithm] if algorithm else list(ALGORITHMS):
        if name in present:
            manifest = Manifest(str(folder), name)
            for relpath, hashes in bag.payload_entries().items():
                digest = hashes.get(present[name])
                if digest:
                    manifest.digests[os.path.normpath(os.path.join(folder, relpath))] = digest.lower()
            return manifest
    raise InvalidInput("producer.not_manifest", path=str(folder))


def _read_sums(path: Path, algorithm: str, base: Path | None = None) -> Manifest:
    """Lines ``HEX  name``, ``HEX *name`` (GNU; ``\\`` escapes) or ``ALG (name) = HEX`` (BSD)."""
    base = base or path.parent
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path=str(path), reason=exc.strerror or str(exc)) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    manifest = Manifest(str(path), algorithm)
    for number, line in enumerate(data.splitlines(), start=1):
        line = line.strip(b"\r")
        if not line.strip() or line.startswith(b"#"):
            continue
        name, digest, line_algorithm = _parse_line(line)
        if name is None:
            raise InvalidInput("producer.bad_line", path=str(path), line=number)
        found = _algorithm_name(line_algorithm) if line_algorithm else _BY_LENGTH.get(len(digest), "")
        if not manifest.algorithm:
            manifest.algorithm = found
        if not found or found != manifest.algorithm or len(digest) != _LENGTHS[manifest.algorithm]:
            raise InvalidInput("producer.bad_line", path=str(path), line=number)
        source = os.path.normpath(os.path.join(base, os.fsdecode(name).replace("\\", os.sep) if os.sep == "\\" else os.fsdecode(name)))
        manifest.digests[source] = digest.lower()
    return manifest


_LENGTHS = {v: k for k, v in _BY_LENGTH.items()}


def _parse_line(line: bytes) -> tuple[bytes | None, str, str]:
    match = _GNU.match(line)
    if match:
        name = match.group(3)
        if match.group(1):  # GNU escapes a name holding a backslash or a newline
            name = name.replace(b"\\n", b"\n").replace(b"\\\\", b"\\")
        return name, match.group(2).decode("ascii"), ""
    match = _BSD.match(line)
    if match:
        return match.group(2), match.group(3).decode("ascii"), match.group(1).decode("ascii")
    return None, "", ""


register(
    {
        "producer.mismatch": {
            "en": "{path} does not match the checksum its producer recorded in {manifest} ({algorithm} {expected}, "
                  "the file now gives {actual}): the file changed or was damaged before packaging. Nothing was built. "
                  "Get an intact copy from the producer, or correct the manifest if it is wrong.",
            "sv": "{path} stämmer inte med kontrollsumman som producenten angav i {manifest} ({algorithm} {expected}, "
                  "filen ger nu {actual}): filen ändrades eller skadades före paketeringen. Inget paket byggdes. "
                  "Hämta en oskadd kopia från producenten, eller rätta manifestet om det är fel.",
        },
        "producer.bad_line": {
            "en": "{path}, line {line}, is not a checksum line (expected \"CHECKSUM  file name\", as sha256sum and md5sum "
                  "write it, all lines with the same algorithm). Correct the file or leave it out.",
            "sv": "{path}, rad {line}, är ingen kontrollsummerad (väntade \"KONTROLLSUMMA  filnamn\" som sha256sum och md5sum "
                  "skriver den, alla rader med samma algoritm). Rätta filen eller utelämna den.",
        },
        "producer.bad_bag": {
            "en": "{path} looks like a BagIt bag but cannot be read ({reason}). Check its bagit.txt and manifests.",
            "sv": "{path} ser ut som en BagIt-påse men kan inte läsas ({reason}). Kontrollera dess bagit.txt och manifest.",
        },
        "producer.not_manifest": {
            "en": "{path} is neither a checksum file nor a BagIt bag (bagit.txt with manifest-<algorithm>.txt). Name a "
                  "sha256sum/md5sum file or the bag's folder.",
            "sv": "{path} är varken en kontrollsummefil eller en BagIt-påse (bagit.txt med manifest-<algoritm>.txt). Ange "
                  "en sha256sum/md5sum-fil eller påsens mapp.",
        },
        "report.producer_matched": {
            "en": "{count} files matched the checksums of their producer ({manifests}).",
            "sv": "{count} filer stämde med producentens kontrollsummor ({manifests}).",
        },
        "report.producer_listed_missing": {
            "en": "{count} files listed in the producer's checksums are not in the package (not found, or left out): {names}",
            "sv": "{count} filer i producentens kontrollsummor finns inte i paketet (saknas eller utelämnades): {names}",
        },
        "report.producer_unlisted": {
            "en": "{count} packaged files have no checksum from the producer (checked only by earchive's own checksum).",
            "sv": "{count} paketerade filer saknar kontrollsumma från producenten (kontrolleras bara med earchives egen).",
        },
    }
)
