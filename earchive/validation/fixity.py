"""Sizes and checksums: hash every file a METS document describes, once, at disk speed.

:func:`hash_referenced_files` runs before the requirement checks: it collects each
(file, CHECKSUMTYPE) pair named by a ``fileSec`` ``file`` or an ``mdRef`` of any METS
document of the package and hashes each file once (all its algorithms in the same
pass), on a thread pool (hashlib and zlib release the GIL on buffers over 2 KiB, and so
do file reads, so the threads keep the cores busy).  The checks of CSIP27/29, 41/43,
54/56 and 69/71 then compare the recorded values with :attr:`Context.digests`.

Per-file overhead is what matters for a package of 20,000 small files: a file of a
folder package is read with ``os.open``/``os.read`` of its known size (one read call,
no buffered file object), the hrefs are resolved once per document
(:func:`reference_targets`, shared with the checks), and small files are hashed in
batches so that progress and locking cost nothing per file.
"""

from __future__ import annotations

import hashlib
import os
import threading
import zlib
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import Callable, Collection, Iterable

from lxml import etree

from earchive.errors import Cancelled
from earchive.progress import CancelToken, ProgressEvent
from earchive.validation.context import NS, Context, M, MetsDoc, XL, resolve_href

#: Read size: large enough for full disk and hash speed, small enough to cancel quickly.
CHUNK = 1 << 20
#: Files hashed at the same time: one thread per core (at most 4: beyond that the disk, not the
#: CPU, is the limit), at least 2 (while one thread waits for the disk, the other hashes).
WORKERS = max(2, min(4, os.cpu_count() or 2))
#: os.open flags for reading a file of a folder package (never follow a link swapped in meanwhile).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
#: Files at least this large are hashed one per task, with progress per chunk.
LARGE = 8 << 20
#: Smaller files are hashed in batches of at most this many files / bytes (less per-file overhead).
BATCH_FILES = 256
BATCH_BYTES = 64 << 20

#: METS CHECKSUMTYPE -> hashlib name.  HAVAL, MNP, TIGER and WHIRLPOOL are in the METS
#: enumeration but not in Python's standard library: such checksums are reported as not verifiable.
HASHLIB_NAMES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
#: METS CHECKSUMTYPE -> hashlib constructor (hashlib.new(name) looks the name up on every call).
_CONSTRUCTORS = {"MD5": hashlib.md5, "SHA-1": hashlib.sha1, "SHA-256": hashlib.sha256, "SHA-384": hashlib.sha384,
                 "SHA-512": hashlib.sha512}
#: METS CHECKSUMTYPE values computed with zlib's running checksums.
ZLIB_SUMS = {"Adler-32": zlib.adler32, "CRC32": zlib.crc32}
#: Every CHECKSUMTYPE earchive can verify.
SUPPORTED = tuple(HASHLIB_NAMES) + tuple(ZLIB_SUMS)


def hash_referenced_files(ctx: Context, sink: Callable, event: ProgressEvent, cancel: CancelToken) -> None:
    """Fill ``ctx.digests`` for every (file, algorithm) the METS documents record, and return.

    Does nothing when ``ctx.fixity`` is False.  Unreadable files are listed in
    ``ctx.unreadable``.  Raises Cancelled when ``cancel`` is cancelled.
    """
    job = start_hashing(ctx, sink, event, cancel)
    if job is not None:
        job.wait()


def start_hashing(ctx: Context, sink: Callable, event: ProgressEvent, cancel: CancelToken) -> "HashJob | None":
    """Start hashing every (file, algorithm) the METS documents record on a thread pool; return at once.

    The requirement checks run meanwhile (schema validation and the checks that do not need
    checksums); :meth:`Context.await_fixity` (called by the checksum checks) waits for the job
    and fills ``ctx.digests`` and ``ctx.unreadable``.  Returns None when there is nothing to
    hash or ``ctx.fixity`` is False.  The caller must call :meth:`HashJob.close` before the
    package is closed (the engine does, in a ``finally``).
    """
    if not ctx.fixity:
        return None
    wanted: dict[str, set[str]] = {}
    for doc in ctx.docs:
        for el, target in reference_targets(ctx, doc):
            algo = el.get("CHECKSUMTYPE")
            if target is not None and algo in SUPPORTED:
                wanted.setdefault(target, set()).add(algo)
    if not wanted:
        return None
    event.phase = "checksum"
    event.files_total = len(wanted)
    event.bytes_total = sum(ctx.pkg.files[rel] for rel in wanted)
    sink(event, force=True)
    job = HashJob(ctx, sink, event, cancel)
    job.start(_batches(wanted, ctx.pkg.files))
    ctx.fixity_job = job
    return job


class _Either:
    """Cancelled when the user cancels or the run stops (an error elsewhere, see HashJob.close)."""

    def __init__(self, *tokens: CancelToken) -> None:
        self.tokens = tokens

    def check(self) -> None:
        for token in self.tokens:
            token.check()


class HashJob:
    """Files being hashed in the background for one validation run."""

    def __init__(self, ctx: Context, sink: Callable, event: ProgressEvent, cancel: CancelToken) -> None:
        self.ctx = ctx
        self.sink = sink
        self.event = event
        self.stop = CancelToken()
        self.cancel = _Either(cancel, self.stop)
        self.lock = threading.Lock()
        self.pool: ThreadPoolExecutor | None = None
        self.futures: list = []
        self.done = False

    def start(self, batches: list[list[tuple[str, set[str]]]]) -> None:
        self.pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="earchive-hash")
        self.futures = [self.pool.submit(self._work, batch) for batch in batches]

    def wait(self) -> None:
        """Wait for every file; fill ``ctx.digests`` and ``ctx.unreadable``.  Raises Cancelled when cancelled."""
        if self.done:
            return
        try:
            wait(self.futures, return_when=FIRST_EXCEPTION)
            for f in self.futures:
                if f.done() and not f.cancelled() and f.exception() is not None:
                    raise f.exception()
            ctx = self.ctx
            for f in self.futures:
                for rel, digests, reason in f.result():
                    if digests is None:
                        ctx.unreadable[rel] = reason
                    else:
                        for algo, value in digests.items():
                            ctx.digests[(rel, algo)] = value
            self.sink(self.event, force=True)
        finally:
            self.close()

    def close(self) -> None:
        """Stop hashing (files not started are skipped) and wait for the threads to end."""
        self.done = True
        self.stop.cancel()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _on_bytes(self, n: int, files: int = 0) -> None:
        with self.lock:  # one thread at a time updates the event and draws it
            self.event.bytes_done += n
            self.event.files_done += files
            self.sink(self.event)

    def _work(self, batch: list[tuple[str, set[str]]]) -> list[tuple[str, dict[str, str] | None, str]]:
        """Hash a batch of files; (path, digests or None, why unreadable) for each."""
        pkg = self.ctx.pkg
        base = pkg.local_base()
        zipped = pkg.kind == "zip"
        sizes = pkg.files
        cancel = self.cancel
        out = []
        small = len(batch) > 1
        # Small files report progress per batch: a lock and a redraw per file would cost more than
        # hashing them.
        on_bytes = None if small else self._on_bytes
        for rel, algos in batch:
            cancel.check()
            try:
                if base is not None:
                    digests = digest_file(os.path.join(base, rel), algos, sizes[rel], cancel, on_bytes)
                else:
                    data = pkg.read_entry(rel) if zipped else None
                    if data is not None:
                        digests = digest_bytes(data, algos)
                        if on_bytes is not None:
                            on_bytes(len(data))
                    else:
                        digests = digest_stream(pkg.open(rel), algos, cancel, on_bytes, sizes[rel])
                out.append((rel, digests, ""))
            except Cancelled:
                raise
            except OSError as exc:
                out.append((rel, None, exc.strerror or str(exc)))
            except Exception as exc:  # zipfile/zlib on a damaged entry: the file is unreadable, not the run
                out.append((rel, None, f"{type(exc).__name__}: {exc}"))
        self._on_bytes(sum(sizes[rel] for rel, _ in batch) if small else 0, files=len(batch))
        return out


def _batches(wanted: dict[str, set[str]], sizes: dict[str, int]) -> list[list[tuple[str, set[str]]]]:
    """Large files one by one (largest first, so the pool stays busy to the end); small ones in batches,
    in the order the METS lists them (usually folder by folder, as they lie on the disk)."""
    batches: list[list[tuple[str, set[str]]]] = []
    current: list[tuple[str, set[str]]] = []
    current_bytes = 0
    large = sorted((rel for rel in wanted if sizes[rel] >= LARGE), key=lambda rel: -sizes[rel])
    batches.extend([(rel, wanted[rel])] for rel in large)
    for rel, algos in wanted.items():  # in METS order: usually folder by folder
        if sizes[rel] >= LARGE:
            continue
        current.append((rel, algos))
        current_bytes += sizes[rel]
        if len(current) >= BATCH_FILES or current_bytes >= BATCH_BYTES:
            batches.append(current)
            current, current_bytes = [], 0
    if current:
        batches.append(current)
    return batches


def digest_stream(
    stream,
    algorithms: Iterable[str],
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] | None = None,
    size: int | None = None,
) -> dict[str, str]:
    """Read ``stream`` to its end once; return METS CHECKSUMTYPE -> lowercase hex digest. Closes the stream.

    ``size`` (the expected size) lets a small file be read in one call; a stream longer
    than ``size`` is still read to its end.
    """
    hashers = {a: hashlib.new(HASHLIB_NAMES[a]) for a in algorithms if a in HASHLIB_NAMES}
    sums = {a: 1 if a == "Adler-32" else 0 for a in algorithms if a in ZLIB_SUMS}
    with stream:
        if size is not None and size < CHUNK:
            # A small file in one read (most files of a package): half the system calls.
            chunk = stream.read(CHUNK)
            _update(hashers, sums, chunk)
            if len(chunk) == size:
                return _hex(hashers, sums)
        while True:
            if cancel is not None:
                cancel.check()
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            _update(hashers, sums, chunk)
            if on_bytes is not None:
                on_bytes(len(chunk))
    return _hex(hashers, sums)


def _update(hashers: dict, sums: dict, chunk: bytes) -> None:
    """Feed ``chunk`` to every hash object and every running zlib checksum."""
    for h in hashers.values():
        h.update(chunk)
    for a in sums:
        sums[a] = ZLIB_SUMS[a](chunk, sums[a])


def digest_file(
    path: str,
    algorithms: Collection[str],
    size: int,
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> dict[str, str]:
    """Like :func:`digest_stream` for a file on disk, with one ``os.read`` per small file.

    ``size`` is the size listed when the package was opened; a file that has grown since is
    still read to its end.  Raises OSError when the file cannot be opened or read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if size < CHUNK and len(algorithms) == 1:
            # Most files of a package: one algorithm, one read.  A read shorter than asked for is
            # the end of a regular file.
            (algo,) = algorithms
            constructor = _CONSTRUCTORS.get(algo)
            if constructor is not None:
                data = os.read(fd, size + 1)
                if len(data) <= size:
                    if on_bytes is not None:
                        on_bytes(len(data))
                    return {algo: constructor(data).hexdigest()}
                os.lseek(fd, 0, os.SEEK_SET)  # grown since it was listed: hash it all, in chunks
        hashers = {a: _CONSTRUCTORS[a]() for a in algorithms if a in _CONSTRUCTORS}
        sums = {a: 1 if a == "Adler-32" else 0 for a in algorithms if a in ZLIB_SUMS}
        # One byte more than expected: a short read then means end of file, without a second call.
        want = size + 1 if size < CHUNK else CHUNK
        while True:
            chunk = os.read(fd, want)
            if not chunk:
                break
            _update(hashers, sums, chunk)
            if on_bytes is not None:
                on_bytes(len(chunk))
            if len(chunk) < want and want > size:
                break
            if cancel is not None:
                cancel.check()
            want = CHUNK
    finally:
        os.close(fd)
    return _hex(hashers, sums)


def digest_bytes(data: bytes, algorithms: Iterable[str]) -> dict[str, str]:
    """METS CHECKSUMTYPE -> lowercase hex digest of ``data`` (a file read whole)."""
    out = {a: _CONSTRUCTORS[a](data).hexdigest() for a in algorithms if a in _CONSTRUCTORS}
    out.update({a: f"{ZLIB_SUMS[a](data, 1 if a == 'Adler-32' else 0) & 0xFFFFFFFF:08x}"
                for a in algorithms if a in ZLIB_SUMS})
    return out


def _hex(hashers: dict, sums: dict) -> dict[str, str]:
    out = {a: h.hexdigest() for a, h in hashers.items()}
    out.update({a: f"{v & 0xFFFFFFFF:08x}" for a, v in sums.items()})
    return out


def same_digest(recorded: str, actual: str) -> bool:
    """Compare a recorded checksum with a computed one (hex, any case; leading zeros of CRC sums optional)."""
    recorded = recorded.strip().lower()
    if recorded == actual:
        return True
    try:
        return len(actual) == 8 and int(recorded, 16) == int(actual, 16)
    except ValueError:
        return False


def reference_targets(ctx: Context, doc: MetsDoc) -> list[tuple[etree._Element, str | None]]:
    """(element carrying SIZE/CHECKSUM, the package file its href names or None) for every fileSec
    file and mdRef of ``doc``; resolved once per document (the fixity pass and the SIZE and CHECKSUM
    checks all need it).  A file whose name differs only in letter case is found (what a Windows
    or macOS file system would open); the href check reports the reference itself."""
    return doc.cached("reference_targets", lambda root: _reference_targets(ctx, doc, root))


def _reference_targets(ctx: Context, doc: MetsDoc, root: etree._Element) -> list[tuple[etree._Element, str | None]]:
    out: list[tuple[etree._Element, str | None]] = []
    find = ctx.pkg.find
    folder = doc.folder
    href_attr = XL("href")
    file_tag = M("file")
    # Each file's first FLocat.  Walking the FLocats and asking each for its parent is several
    # times faster than asking each file element for its FLocat child (20,000 files).  A file's
    # FLocats come before anything nested in it (METS orders FLocat first), so a file's first
    # FLocat is one whose parent differs from the previous FLocat's.
    last = None
    if doc.records is not None:  # a METS read slim: the files are records (earchive.validation.slim)
        from earchive.validation.filesec import files

        for rec in files(doc):
            out.append((rec, _target(find, folder, rec.loc[2])))
    for sec in root.iter(M("fileSec")):
        for loc in sec.iter(M("FLocat")):
            el = loc.getparent()
            if el is not last and el.tag == file_tag:
                out.append((el, _target(find, folder, loc.get(href_attr))))
            last = el
    for el in root.iterfind(".//mets:mdRef", NS):
        out.append((el, _target(find, folder, el.get(href_attr))))
    return out


def _target(find, folder: str, href: str | None) -> str | None:
    if not href:
        return None
    rel, _problem = resolve_href(folder, href)
    return find(rel, casefold=True) if rel else None
