"""Unfinished packages: temporary names claimed by a running process, and the remains of killed ones.

Everything earchive writes before it is complete lives under a hidden name next to its
final place: ``.<final name>.partial-<8 hex digits>``, with ``.work`` appended for a
ZIP's generated metadata (:class:`Claim`).  A claim is held: the process keeps an
exclusive lock (``flock``; ``msvcrt.locking`` on Windows) on ``...partial-<hex>.lock``
from before the temporary names exist until after they are gone, renamed or removed.
The operating system drops the lock when the process ends, however it ends.

So the next run in that folder can tell the remains of a killed run (``kill -9``, a
power cut) from the work of a run still going on: :func:`sweep` removes a claim whose
lock it can take, and leaves alone one whose lock is held.  Temporary names without a
lock file (left by earlier versions of earchive, which had none; or by another program) are
only named, never removed: earchive cannot tell whether they are still in use.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from earchive.messages import register
from earchive.notes import Note

#: Infix of every temporary name: hidden (leading dot) and clearly not a finished package.
PARTIAL = ".partial-"
#: Suffix of the lock file of a claim.
LOCK = ".lock"
#: Suffix of a claim's working folder (a ZIP's generated metadata before it goes in).
WORK = ".work"
#: ``.<final>.partial-<hex>`` with an optional suffix.
_NAME = re.compile(r"^\.(?P<final>.+)\.partial-(?P<token>[0-9a-f]{8})(?P<suffix>\.lock|\.work)?$")
#: Temporary folders of earchive versions before claims (ZipWriter's work folder, RODA's ZIP folder).
_OLD_NAME = re.compile(r"^\.earchive-(roda-)?[a-z0-9_]{8}$")


@dataclass(frozen=True)
class Remains:
    """A temporary name found by :func:`sweep`: removed (a killed run's) or only named (unknown owner)."""

    path: Path
    bytes: int
    removed: bool


class Claim:
    """A temporary name next to ``final``, locked for this process until :meth:`release`.

    ``temp`` is the package's temporary name; ``work`` a second one for a working
    folder.  Neither exists yet: the caller makes them.  Raises OSError when the lock
    file cannot be made (no permission, disk full): the caller maps it.
    """

    def __init__(self, final: Path) -> None:
        final = Path(final)
        self.temp = final.with_name(f".{final.name}{PARTIAL}{secrets.token_hex(4)}")
        self.work = self.temp.with_name(self.temp.name + WORK)
        self.lock_path = self.temp.with_name(self.temp.name + LOCK)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _lock(fd, wait=False)
            os.write(fd, f"earchive process {os.getpid()} is writing {final.name}\n".encode("utf-8", "replace"))
        except BaseException:
            os.close(fd)
            _unlink(self.lock_path)
            raise
        self._fd: int | None = fd

    def release(self) -> None:
        """Give up the claim, after the temporary names were renamed or removed.

        Should one of them still exist (a removal failed), the lock file stays, unlocked,
        so that the next run's :func:`sweep` removes what is left.
        """
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if os.path.lexists(self.temp) or os.path.lexists(self.work):
            os.close(fd)
        elif os.name == "nt":  # an open file cannot be removed there
            os.close(fd)
            _unlink(self.lock_path)
        else:  # removed while still held: a sweeper that opened it meanwhile finds nothing left to remove
            _unlink(self.lock_path)
            os.close(fd)

    def __enter__(self) -> "Claim":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def claimed(final: Path) -> Iterator[Path]:
    """A claimed temporary name for ``final`` for the block (for a file written and renamed in it)."""
    claim = Claim(final)
    try:
        yield claim.temp
    finally:
        claim.release()


def sweep(folder: Path) -> list[Remains]:
    """Remove what killed runs left in ``folder``; name what cannot be told apart from work in progress.

    Never raises: a folder that cannot be listed has nothing to sweep, and what cannot
    be removed is named.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    claims: dict[str, set[str]] = {}
    found: list[Remains] = []
    for name in names:
        match = _NAME.match(name)
        if match:
            stem = name[: match.start("suffix")] if match.group("suffix") else name
            claims.setdefault(stem, set()).add(match.group("suffix") or "")
        elif _OLD_NAME.match(name) and os.path.isdir(os.path.join(folder, name)):
            found.append(Remains(Path(folder) / name, _size(Path(folder) / name), removed=False))
    for stem, parts in sorted(claims.items()):
        found.extend(_sweep_claim(Path(folder), stem, parts))
    return found


def sweep_notes(folder: Path) -> list[Note]:
    """:func:`sweep`, told as warnings: what was removed, and what is left for the user to judge."""
    notes = []
    for found in sweep(folder):
        code = "partials.removed" if found.removed else "partials.found"
        notes.append(Note(code, {"path": str(found.path), "size": _human(found.bytes), "folder": str(folder)}, "warning"))
    return notes


# --- private ------------------------------------------------------------------------------


def _human(n: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def _sweep_claim(folder: Path, stem: str, parts: set[str]) -> list[Remains]:
    paths = [folder / (stem + suffix) for suffix in ("", WORK) if suffix in parts]
    if LOCK not in parts:
        return [Remains(p, _size(p), removed=False) for p in paths]
    lock_path = folder / (stem + LOCK)
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except OSError:  # released meanwhile: its owner finished
        return []
    try:
        try:
            _lock(fd, wait=False)
        except OSError:  # held: a run is writing there now
            return []
        found = []
        for path in paths:
            size = _size(path)
            _remove(path)
            found.append(Remains(path, size, removed=not os.path.lexists(path)))
        if all(r.removed for r in found):
            _unlink(lock_path)
        return found
    finally:
        os.close(fd)


def _lock(fd: int, *, wait: bool) -> None:
    """An exclusive lock on an open file; OSError when another process holds it (and not ``wait``)."""
    if os.name == "nt":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))


def _size(path: Path) -> int:
    try:
        if path.is_file() or path.is_symlink():
            return path.lstat().st_size
        total = 0
        for root, _dirs, files in os.walk(path):
            for name in files:
                try:
                    total += os.lstat(os.path.join(root, name)).st_size
                except OSError:
                    pass
        return total
    except OSError:
        return 0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        _unlink(path)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


register({
    "partials.removed": {
        "en": "Removed {path} ({size}): an unfinished package or transfer that an earlier run left when it was stopped (kill -9, power cut).",
        "sv": "Tog bort {path} ({size}): ett ofärdigt paket eller en ofärdig överföring som en tidigare körning lämnade när den stoppades (kill -9, strömavbrott).",
    },
    "partials.found": {
        "en": "{path} ({size}) looks like an unfinished package left by an earlier earchive or another program; earchive cannot tell whether it is still being written. Remove it when nothing writes to {folder}.",
        "sv": "{path} ({size}) ser ut som ett ofärdigt paket som en tidigare earchive eller ett annat program lämnat; earchive kan inte avgöra om det fortfarande skrivs. Ta bort det när inget skriver i {folder}.",
    },
})
