"""Format identification: PRONOM identifiers from siegfried (pygfried), MIME types from libmagic.

Siegfried reads only the parts of a file its signatures need.  The MIME type is
siegfried's for an identified format; only for the other files does libmagic read
the first :data:`MAGIC_BYTES` bytes.

Speed (issue 2, point 9): a call into siegfried holds Python's global interpreter lock
for its whole duration, so identifying in a thread would stop the copier threads.  A
package of many files is therefore identified in a helper process
(:class:`Identifier`), batch by batch while the files are still being copied, so that
copying and identification keep two cores busy.  Small packages, single-worker builds
and frozen applications identify in this process.  Both ways run :func:`identify_batch`.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from earchive import mediatypes
from earchive.errors import FormatIdentificationError
from earchive.progress import CancelToken

#: Files identified per call into siegfried: small enough to cancel quickly and to
#: hand results back while copying goes on, large enough to amortise the call.
BATCH = 256
#: From this many files on, a build with two or more workers identifies in a helper
#: process; below it, starting the process (about 0.3 s of one core) costs more than it
#: saves.  (Not for a few large files either: measured, the start slows their copy
#: more than identifying them afterwards, about 0.1 s a GiB, costs.)
PROCESS_MIN_FILES = 1000
#: From this many files on, a second helper process identifies beside the first (a pool sized to
#: the work: two processes split siegfried's matching and the Python side of each result, so
#: both cores identify once the copy of small files leaves one free).  Below it, starting the
#: second process costs more than it saves.
POOL_MIN_FILES = 4000
#: Up to this many files: beyond, the memory of a second siegfried (about 120 MB) would take
#: the build over its peak-memory goal (300 MB for 100,000 files), and the build process's own
#: records grow with the files, so one helper identifies.
POOL_MAX_FILES = 60_000
#: Set to a number to choose the helper processes (0: identify in the building process); for benchmarks.
PROCESSES_ENV = "EARCHIVE_IDENTIFY_PROCESSES"
#: Soft memory limit of the helper's Go runtime (GOMEMLIMIT; unless the user set one).
#: Siegfried's working set is some tens of MB, but with Go's default garbage collection
#: (GOGC=100) its heap grows to 160-190 MB on a large package; with this limit the
#: helper stays at about 125 MB, at no measurable cost in speed (measured on 20,000 and
#: 100,000 files; below about 90 MiB the collector runs all the time).
HELPER_GOMEMLIMIT = "110MiB"
#: MIME type used when nothing better is known (IANA: arbitrary binary data).
OCTET_STREAM = "application/octet-stream"
#: Bytes of a file's start given to libmagic: enough for its tests, faster than more.
MAGIC_BYTES = 4096


@dataclass(frozen=True, slots=True)
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


def identify_paths(
    paths: Sequence[Path],
    *,
    workers: int = 2,
    cancel: CancelToken | None = None,
    tolerate_errors: bool = False,
    on_done=None,
) -> list[FormatInfo]:
    """Identify files in this process (in batches, ``workers`` Go threads); one FormatInfo per path, in order.

    Raises FormatIdentificationError naming the file if siegfried fails on it and
    ``tolerate_errors`` is false; with ``tolerate_errors`` such a file is UNKNOWN
    with the error text as warning.
    """
    out: list[FormatInfo] = []
    for start in range(0, len(paths), BATCH):
        if cancel is not None:
            cancel.check()
        batch = [str(p) for p in paths[start : start + BATCH]]
        for name, (fields, _mime, error) in zip(batch, identify_batch(batch, workers=workers, mime=False)):
            out.append(format_of(name, fields, error, tolerate_errors))
        if on_done is not None:
            on_done(len(batch))
    return out


def identify_batch(paths: list[str], *, workers: int = 2, formats: bool | Sequence[bool] = True, mime: bool = True) -> list[tuple]:
    """Format and MIME type of each path: ``(format fields or None, MIME type, error text)``.

    ``formats`` says (for all paths, or path by path) whether siegfried identifies the
    file; ``mime`` whether a MIME type is wanted (siegfried's, else libmagic's on the
    first bytes).  Never raises for one file: a file siegfried fails on has its error
    text as the third field (see :func:`format_of`).  Runs in the helper process too,
    so it returns plain tuples.
    """
    wanted = [formats] * len(paths) if isinstance(formats, bool) else list(formats)
    fields: list[tuple | None] = [None] * len(paths)
    errors = [""] * len(paths)
    chosen = [i for i, w in enumerate(wanted) if w]
    if chosen:
        scanner = _scanner()
        names = [paths[i] for i in chosen]
        try:
            with _scanner_lock:
                result = scanner.identify_many(names, workers=workers)
            by_name = {f.get("filename"): f for f in result.get("files") or []}
            entries = [by_name[name] for name in names]  # KeyError: a result is missing
        except Exception:  # noqa: BLE001 - find the file that breaks the batch: one by one
            entries = [_identify_one(scanner, name) for name in names]
        for i, entry in zip(chosen, entries):
            if entry.get("errors") and not entry.get("matches"):
                errors[i] = str(entry["errors"])
            elif entry.get("matches"):
                match = _pronom_match(entry)
                fields[i] = (
                    match.get("id") or "UNKNOWN", match.get("format") or "", match.get("version") or "",
                    match.get("mime") or "", match.get("basis") or "", match.get("warning") or "",
                )
            else:
                fields[i] = ("UNKNOWN", "", "", "", "", "")
    out: list[tuple] = []
    for path, f, error in zip(paths, fields, errors):
        out.append((f, _mime_of(path, f) if mime else "", error))
    return out


def format_of(path: str, fields: tuple | None, error: str, tolerate_errors: bool) -> FormatInfo | None:
    """The FormatInfo of one :func:`identify_batch` result (None when siegfried was not asked).

    Raises FormatIdentificationError naming ``path`` for an error, unless ``tolerate_errors``.
    """
    if error:
        if tolerate_errors:
            return FormatInfo("UNKNOWN", warning=f"identification failed: {error}")
        raise FormatIdentificationError(path=path, reason=error)
    if fields is None:
        return None
    return _interned(fields)


def mime_type(head: bytes, fmt: FormatInfo | None = None, size: int | None = None) -> str:
    """The MIME type for METS @MIMETYPE: siegfried's for an identified format, else libmagic's guess."""
    if fmt is not None and fmt.mime:
        return _first_mime(fmt.mime)
    if not head or size == 0:
        return OCTET_STREAM
    try:
        mime = _magic().from_buffer(head[:MAGIC_BYTES])
    except Exception:
        return OCTET_STREAM
    mime = (mime or "").split(";")[0].strip()
    if not mime or "/" not in mime or mime in ("application/x-empty", "inode/x-empty"):
        return OCTET_STREAM
    return _first_mime(mime)


def identify_all(paths: Iterable[Path], **kw) -> list[FormatInfo]:
    return identify_paths(list(paths), **kw)


def helper_processes(workers: int, files: int) -> int:
    """How many helper processes identify a package of ``files`` files built with ``workers`` cores."""
    chosen = os.environ.get(PROCESSES_ENV, "").strip()
    if chosen.isdigit():
        return int(chosen)
    if workers < 2 or files < PROCESS_MIN_FILES:
        return 0
    if POOL_MIN_FILES <= files <= POOL_MAX_FILES and (os.cpu_count() or 1) >= 2:
        return 2
    return 1


class Identifier:
    """Identifies batches of files, in helper processes or in this one.

    :meth:`submit` returns a Future of the :func:`identify_batch` results.  With a
    helper the batch runs there while this process goes on copying; without one it
    runs at once, here.  Should the helper die, its batches (and all later ones) are
    identified here, so a build never fails because of the helper.  :meth:`close`
    stops it (``kill`` for cancel and errors: it only reads files, so stopping it
    mid-batch loses nothing).
    """

    def __init__(self, *, workers: int, files: int) -> None:
        self.workers = max(1, workers)
        self._helpers: list[_Helper] = []
        self._version: Future | None = None
        count = helper_processes(workers, files)
        for _ in range(count if _can_start_helper() else 0):
            try:
                self._helpers.append(_Helper(self._fallback))
            except Exception:  # noqa: BLE001 - no helper (no way to start a process?): identify here
                break
        if self._helpers:
            self._version = self._helpers[0].request(("version",))
        #: Go threads of each helper: the cores are shared among the helpers.
        self._threads = max(1, self.workers // max(1, len(self._helpers)))

    @property
    def in_process(self) -> bool:
        return not self._helpers

    @property
    def processes(self) -> int:
        """Helper processes identifying (0: this process identifies)."""
        return len(self._helpers)

    def submit(self, paths: list[str], formats: list[bool]) -> Future:
        alive = [h for h in self._helpers if h.alive]
        if alive:  # the helper with the least work waiting gets the batch
            helper = min(alive, key=lambda h: h.waiting)
            return helper.request(("identify", paths, formats, self._threads))
        future: Future = Future()
        self._fallback(future, ("identify", paths, formats, self.workers))
        return future

    def warm_up(self, path: str) -> threading.Thread | None:
        """Without a helper: load the signatures and libmagic in a thread, while a long copy runs.

        Siegfried builds its matchers on the first identification (about 0.1 s) and
        libmagic loads its database (0.05 s); a copy of large files, waiting for the
        disk, hardly needs the interpreter meanwhile.  ``path`` is a file to identify once.
        """
        if not self.in_process:
            return None

        def run() -> None:
            try:
                identify_batch([path], workers=1, mime=False)
                _magic()
            except Exception:  # noqa: BLE001 - the real identification reports problems
                pass

        thread = threading.Thread(target=run, name="earchive-identify-warm-up", daemon=True)
        thread.start()
        return thread

    def siegfried_version(self) -> tuple[str, str]:
        """The version the helper runs (the same library as here), without loading signatures here."""
        if self._version is not None:
            try:
                return tuple(self._version.result())
            except Exception:  # noqa: BLE001 - ask this process instead
                pass
        return siegfried_version()

    def close(self, *, kill: bool = False) -> None:
        helpers, self._helpers = self._helpers, []
        for helper in helpers:
            helper.close(kill=kill)

    def _fallback(self, future: Future, request: tuple) -> None:
        """Do ``request`` here (no helper, or the helper died) and settle ``future``."""
        try:
            if request[0] == "version":
                result = siegfried_version()
            else:
                _, paths, formats, workers = request
                result = identify_batch(paths, workers=workers, formats=formats)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the result
            future.set_exception(exc)
        else:
            future.set_result(result)


# --- private ----------------------------------------------------------------------------------


_local = threading.local()
_interned_infos: dict[tuple, FormatInfo] = {}


def _interned(fields: tuple) -> FormatInfo:
    """One FormatInfo per distinct result: 100,000 text files share one object."""
    info = _interned_infos.get(fields)
    if info is None:
        if len(_interned_infos) > 100_000:  # results with offsets in the basis are many; bound the table
            _interned_infos.clear()
        info = _interned_infos[fields] = FormatInfo(*fields)
    return info


def _identify_one(scanner, name: str) -> dict:
    try:
        with _scanner_lock:
            result = scanner.identify(name, detailed=True)
        files = result.get("files") or []
        return files[0] if files else {}
    except Exception as exc:  # noqa: BLE001 - reported for this file
        return {"errors": str(exc) or type(exc).__name__}


def _pronom_match(entry: dict) -> dict:
    for match in entry.get("matches") or []:
        if match.get("ns") == "pronom":
            return match
    return {}


@lru_cache(maxsize=1024)
def _first_mime(mime: str) -> str:
    """The first IANA-registered type of a (comma-separated) MIME field; else the closest registered one.

    METS @MIMETYPE is "the IANA mime type" in E-ARK 2.0.4/2.1.0 (CSIP68): PRONOM and libmagic
    also give unregistered x- types (text/x-python, audio/x-wav), which become text/plain or
    application/octet-stream; the PRONOM identifier in PREMIS keeps the exact format.
    """
    candidates = [c.split(";")[0].strip() for c in mime.split(",") if c.strip()]
    for candidate in candidates:
        try:
            if mediatypes.is_registered(candidate):
                return candidate
        except mediatypes.RegistryUnavailable:
            return candidate
    return mediatypes.closest_registered(candidates[0]) if candidates else OCTET_STREAM


def _mime_of(path: str, fields: tuple | None) -> str:
    """Siegfried's MIME type for the format, else libmagic's for the first bytes of ``path``."""
    if fields is not None and fields[3]:
        return _first_mime(fields[3])
    try:
        with open(path, "rb", buffering=0) as f:
            head = f.read(MAGIC_BYTES)
    except OSError:
        return OCTET_STREAM
    return mime_type(head, None, len(head))


def _magic():
    """One libmagic handle per thread: libmagic handles are not thread-safe, and ctypes
    releases the GIL during the call, so two threads detect MIME types on two cores."""
    handle = getattr(_local, "magic", None)
    if handle is None:
        import magic

        handle = _local.magic = magic.Magic(mime=True)
    return handle


# --- the helper process ---------------------------------------------------------------------


def _can_start_helper() -> bool:
    # A frozen application has no interpreter to run "-c" with: identify in-process there.
    return not getattr(sys, "frozen", False) and bool(sys.executable)


class _Helper:
    """A child Python process running :func:`_helper_main`, fed through its stdin and stdout.

    Requests are pickled ``(kind, ...)`` tuples, answered in order with ``(True, result)``
    or ``(False, error text)`` (then the request is done again here).  A writer thread
    sends and a reader thread receives, so neither a copier nor the helper ever waits
    on a full pipe.  The child is started
    with ``-c`` (not multiprocessing), so the caller's main module is not run again in it.
    """

    def __init__(self, fallback) -> None:
        self._fallback = fallback
        self._lock = threading.Lock()
        self._waiting: deque[tuple[Future, tuple]] = deque()
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self.alive = True
        self._stopping = False  # close(kill=True): unanswered requests are dropped, not redone here
        self.waiting = 0  # requests sent and not answered (read without the lock: a hint for choosing a helper)
        env = dict(os.environ)
        env.setdefault("GOMEMLIMIT", HELPER_GOMEMLIMIT)  # read by the Go runtime once, at start
        env["PYTHONPATH"] = os.pathsep.join([_PACKAGE_ROOT, *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
        extra = {"start_new_session": True} if os.name == "posix" else {"creationflags": 0x08000000}  # no console
        # A new session: Ctrl-C in a terminal reaches this process, which cancels and stops the helper.
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from earchive.formats import _helper_main; _helper_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, **extra,
        )
        self._writer = threading.Thread(target=self._write_loop, name="earchive-identify-send", daemon=True)
        self._reader = threading.Thread(target=self._read_loop, name="earchive-identify-receive", daemon=True)
        self._writer.start()
        self._reader.start()

    def request(self, request: tuple) -> Future:
        future: Future = Future()
        with self._lock:
            if self.alive:
                self._waiting.append((future, request))
                self.waiting = len(self._waiting)
                self._outbox.put(request)
                return future
        self._fallback(future, request)
        return future

    def close(self, *, kill: bool = False) -> None:
        with self._lock:
            self.alive = False
            self._stopping = kill
        self._outbox.put(None)
        if kill:
            try:
                self._process.kill()
            except OSError:
                pass
        try:
            self._process.wait(timeout=None if kill else 30)
        except subprocess.TimeoutExpired:  # pragma: no cover - a helper that does not stop
            self._process.kill()
            self._process.wait()
        self._writer.join()
        self._reader.join()
        for stream in (self._process.stdin, self._process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._fail_waiting(settle=not kill)

    def _write_loop(self) -> None:
        stdin = self._process.stdin
        try:
            while True:
                request = self._outbox.get()
                if request is None:
                    break
                _send(stdin, request)
            stdin.close()  # the helper ends at end of input
        except (OSError, ValueError):  # the helper is gone; the reader sees it too
            pass

    def _read_loop(self) -> None:
        stdout = self._process.stdout
        while True:
            try:
                answer = _receive(stdout)
            except Exception:  # noqa: BLE001 - a broken answer: treat the helper as gone
                answer = None
            if answer is None:
                break
            with self._lock:
                future, request = self._waiting.popleft()
                self.waiting = len(self._waiting)
            ok, value = answer
            if ok:
                future.set_result(value)
            else:  # it raised there: do it here, where it raises as it always did
                self._fallback(future, request)
        with self._lock:
            self.alive = False
            settle = not self._stopping
        self._fail_waiting(settle=settle)

    def _fail_waiting(self, *, settle: bool) -> None:
        """Requests the helper did not answer: done here (``settle``), or cancelled."""
        while True:
            with self._lock:
                if not self._waiting:
                    return
                future, request = self._waiting.popleft()
            if settle:
                self._fallback(future, request)
            else:
                future.cancel()


_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


def _send(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _receive(stream):
    """One message, or None at end of stream."""
    header = stream.read(8)
    if len(header) < 8:
        return None
    (length,) = struct.unpack("<Q", header)
    data = stream.read(length)
    if len(data) < length:
        return None
    return pickle.loads(data)


def _helper_main() -> None:
    """The helper process: answer requests from stdin on stdout until stdin ends."""
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent cancels and stops us
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the answers
    while True:
        request = _receive(stdin)
        if request is None:
            return
        try:
            if request[0] == "version":
                answer = (True, siegfried_version())
            else:
                _, paths, formats, workers = request
                answer = (True, identify_batch(paths, workers=workers, formats=formats))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
            answer = (False, f"{type(exc).__name__}: {exc}")
        _send(stdout, answer)
