"""Sizes and checksums: hash every file a METS document describes, once, at disk speed.

:func:`hash_referenced_files` runs before the requirement checks: it collects each
(file, CHECKSUMTYPE) pair named by a ``fileSec`` ``file`` or an ``mdRef`` of any METS
document of the package and hashes each file once (all its algorithms in the same
pass), streaming 1 MiB chunks on a thread pool of two (hashlib and zlib release the
GIL on large buffers, so two threads keep two cores busy).  The checks of CSIP27/29,
41/43, 54/56 and 69/71 then compare the recorded values with :attr:`Context.digests`.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import Callable, Iterable

from earchive.errors import Cancelled
from earchive.progress import CancelToken, ProgressEvent
from earchive.validation.context import NS, Context, MetsDoc, XL, resolve_href

#: Read size: large enough for full disk and hash speed, small enough to cancel quickly.
CHUNK = 1 << 20
#: Files hashed at the same time.
WORKERS = 2
#: Files at least this large are hashed one per task, with progress per chunk.
LARGE = 8 << 20
#: Smaller files are hashed in batches of at most this many files / bytes (less per-file overhead).
BATCH_FILES = 256
BATCH_BYTES = 64 << 20

#: METS CHECKSUMTYPE -> hashlib name.  HAVAL, MNP, TIGER and WHIRLPOOL are in the METS
#: enumeration but not in Python's standard library: such checksums are reported as not verifiable.
HASHLIB_NAMES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
#: METS CHECKSUMTYPE values computed with zlib's running checksums.
ZLIB_SUMS = {"Adler-32": zlib.adler32, "CRC32": zlib.crc32}
#: Every CHECKSUMTYPE earchive can verify.
SUPPORTED = tuple(HASHLIB_NAMES) + tuple(ZLIB_SUMS)


def hash_referenced_files(ctx: Context, sink: Callable, event: ProgressEvent, cancel: CancelToken) -> None:
    """Fill ``ctx.digests`` for every (file, algorithm) the METS documents record.

    Does nothing when ``ctx.fixity`` is False.  Unreadable files are listed in
    ``ctx.unreadable``.  Raises Cancelled when ``cancel`` is cancelled.
    """
    if not ctx.fixity:
        return
    wanted: dict[str, set[str]] = {}
    for doc, el, href_el in referenced_elements(ctx.docs):
        algo = el.get("CHECKSUMTYPE")
        href = href_el.get(XL("href")) if href_el is not None else None
        if not algo or algo not in SUPPORTED or not href:
            continue
        rel, _problem = resolve_href(doc.folder, href)
        found = ctx.pkg.find(rel, casefold=True) if rel else None
        if found:
            wanted.setdefault(found, set()).add(algo)
    if not wanted:
        return
    event.phase = "checksum"
    event.files_total = len(wanted)
    event.bytes_total = sum(ctx.pkg.files[rel] for rel in wanted)
    sink(event, force=True)
    lock = threading.Lock()

    def on_bytes(n: int, files: int = 0) -> None:
        with lock:  # one thread at a time updates the event and draws it
            event.bytes_done += n
            event.files_done += files
            sink(event)

    def work(batch: list[tuple[str, set[str]]]) -> list[tuple[str, dict[str, str] | None, str]]:
        """Hash a batch of files; (path, digests or None, why unreadable) for each."""
        out = []
        small = len(batch) > 1
        for rel, algos in batch:
            try:
                # Small files report progress per batch: a lock and a redraw per file would cost
                # more than hashing them.
                digests = digest_stream(ctx.pkg.open(rel), algos, cancel, None if small else on_bytes, ctx.pkg.files[rel])
                out.append((rel, digests, ""))
            except Cancelled:
                raise
            except OSError as exc:
                out.append((rel, None, exc.strerror or str(exc)))
            except Exception as exc:  # zipfile/zlib on a damaged entry: the file is unreadable, not the run
                out.append((rel, None, f"{type(exc).__name__}: {exc}"))
        on_bytes(sum(ctx.pkg.files[rel] for rel, _ in batch) if small else 0, files=len(batch))
        return out

    for batch_result in _run_batches(_batches(wanted, ctx.pkg.files), work):
        for rel, digests, reason in batch_result:
            if digests is None:
                ctx.unreadable[rel] = reason
            else:
                for algo, value in digests.items():
                    ctx.digests[(rel, algo)] = value
    sink(event, force=True)


def _batches(wanted: dict[str, set[str]], sizes: dict[str, int]) -> list[list[tuple[str, set[str]]]]:
    """Large files one by one (largest first, so the pool stays busy to the end); small ones in batches."""
    order = sorted(wanted.items(), key=lambda kv: -sizes[kv[0]])
    batches: list[list[tuple[str, set[str]]]] = []
    current: list[tuple[str, set[str]]] = []
    current_bytes = 0
    for rel, algos in order:
        if sizes[rel] >= LARGE:
            batches.append([(rel, algos)])
            continue
        current.append((rel, algos))
        current_bytes += sizes[rel]
        if len(current) >= BATCH_FILES or current_bytes >= BATCH_BYTES:
            batches.append(current)
            current, current_bytes = [], 0
    if current:
        batches.append(current)
    return batches


def _run_batches(batches, work):
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="earchive-hash") as pool:
        futures = [pool.submit(work, batch) for batch in batches]
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for f in pending:
            f.cancel()
        for f in futures:
            if f.done() and not f.cancelled() and f.exception() is not None:
                raise f.exception()
        return [f.result() for f in futures]


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
            for h in hashers.values():
                h.update(chunk)
            for a in sums:
                sums[a] = ZLIB_SUMS[a](chunk, sums[a])
            if len(chunk) == size:
                return _hex(hashers, sums)
        while True:
            if cancel is not None:
                cancel.check()
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            for h in hashers.values():
                h.update(chunk)
            for a in sums:
                sums[a] = ZLIB_SUMS[a](chunk, sums[a])
            if on_bytes is not None:
                on_bytes(len(chunk))
    return _hex(hashers, sums)


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


def referenced_elements(docs: Iterable[MetsDoc]):
    """(doc, element carrying SIZE/CHECKSUM, element carrying xlink:href) for every file and mdRef."""
    for doc in docs:
        if doc.root is None:
            continue
        for file_el in doc.root.iterfind(".//mets:fileSec//mets:file", NS):
            yield doc, file_el, file_el.find("mets:FLocat", NS)
        for md in doc.root.iterfind(".//mets:mdRef", NS):
            yield doc, md, md
