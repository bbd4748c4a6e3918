"""Archivematica: make a transfer from a submission, deliver it, start it and follow it.

Archivematica does not take E-ARK SIPs; it takes *transfers*.  From the same
:class:`~earchive.model.Submission` that builds a SIP, :func:`make_transfer` writes a
standard transfer (archivematica-docs ``user-manual/transfer/transfer.rst``,
``import-metadata.rst``)::

    <name>/objects/...                               the records (objects/<rep>/... with several representations)
    <name>/metadata/metadata.csv                      dc.* columns (see earchive.export.metadata_csv)
    <name>/metadata/identifiers.json                  the OBJID and each file's original name
    <name>/metadata/checksum.sha256                   "checksum  path", paths relative to objects/
    <name>/metadata/submissionDocumentation/...       the submission's documentation + earchive's report
    <name>/metadata/descriptive/, metadata/other/     metadata files the user brings (kept, not read)

``<name>`` is the OBJID made safe by the naming policy.  Layouts: ``standard`` (that
folder), ``zip`` (the folder zipped: "Zipped directory"), ``bag`` (a BagIt bag made with
the ``bagit`` package from a staged copy, with the metadata folder inside ``data/``) and
``zipped-bag`` (that bag zipped).  Output appears atomically; the sources are only read.

:func:`export_transfer` copies a transfer into the pipeline's transfer source folder,
starts it with ``POST /api/v2beta/package`` and polls the transfer and then the ingest
status until the AIP is stored (or processing stops); :func:`test_connection` checks a
target.  Design notes and the metadata.csv mapping: docs/export-archivematica.md.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import earchive
from earchive import naming, partials, sources
from earchive.errors import InvalidInput, OutputError
from earchive.export import metadata_csv
from earchive.export.archivematica_api import ArchivematicaApi
from earchive.export.credentials import get_secret
from earchive.export.target import ConnectionCheck, ExportError, ExportResult, Target, TargetKind
from earchive.fixity import Digest, copy_file
from earchive.messages import default_language, register, render
from earchive.model import MetadataFile, Submission
from earchive.notes import Note
from earchive.package_writer import FolderWriter, ZipWriter, output_error, writable
from earchive.partials import Claim
from earchive.progress import CancelToken, Progress, ProgressEvent, Throttle, no_progress
from earchive.xmlutil import iso

#: The transfer layouts and the transfer type the API is told for each
#: (dev-manual/api/api-reference-archivematica.rst: standard, zipfile, unzipped bag, zipped bag).
LAYOUTS = {"standard": "standard", "zip": "zipfile", "bag": "unzipped bag", "zipped-bag": "zipped bag"}
#: Target.transfer_type spellings accepted for each layout.
_TYPE_TO_LAYOUT = {"standard": "standard", "zipfile": "zip", "zip": "zip", "bag": "bag", "unzipped bag": "bag",
                   "zipped bag": "zipped-bag", "zipped-bag": "zipped-bag"}
#: Archivematica's checksum verification runs ``sha256sum -c`` inside objects/ and wants one
#: line per file there (verify_checksum.py, "Verify transfer checksums"), so paths are relative to objects/.
CHECKSUM_FILE = "metadata/checksum.sha256"
#: earchive's report in submissionDocumentation/ (ASCII: Archivematica does not sanitise those names).
REPORT_NAME = "earchive-transfer-report.txt"
#: Top-level names a bag's payload cannot use for records: Archivematica moves data/logs,
#: data/metadata and data/objects up as its own folders (REQUIRED_DIRECTORIES).
BAG_RESERVED = ("logs", "metadata", "objects")
#: The only algorithm Archivematica verifies and bagit records here.
ALGORITHM = "SHA-256"
#: Characters that ASCII names of submission documentation keep as they are.
_ASCII_KEEP = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-() ")
_ASCII_MAP = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
              "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE"}


@dataclass
class _Item:
    """One source file on its way into the transfer."""

    source: Path
    relpath: str  # relative to the transfer top (bags: to the payload, data/)
    original: str  # as the user named it, relative to its selection
    size: int
    mtime: float
    is_object: bool
    digest: Digest | None = None


@dataclass
class _Plan:
    name: str
    items: list[_Item]
    notes: list[Note]
    objects_dir: str  # "objects/" or "" (bag payload)
    file_prefix: str  # "objects" or, in a bag, "data": how metadata.csv and identifiers.json name a record
    rep_dirs: dict[str, str]  # representation name -> its folder under objects ("" with one representation)


# --------------------------------------------------------------------------------------
# Making a transfer
# --------------------------------------------------------------------------------------


def make_transfer(
    submission: Submission,
    output_dir: Path,
    *,
    layout: str = "standard",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write an Archivematica transfer of ``submission`` into ``output_dir``; return its path.

    ``layout`` is "standard", "zip", "bag" or "zipped-bag".  Raises InvalidInput (unknown
    layout, nothing to package, a bag whose records use a reserved top-level name),
    SourceError, OutputError (exists already, disk full) or Cancelled; in every error
    case nothing is left in ``output_dir``.
    """
    from earchive.builder import _check_output  # the same output checks as a SIP build

    if layout not in LAYOUTS:
        raise InvalidInput("error.invalid_value", field="layout", value=layout, allowed=", ".join(LAYOUTS))
    cancel = cancel or CancelToken()
    output_dir = Path(output_dir)
    bag = layout in ("bag", "zipped-bag")
    zipped = layout in ("zip", "zipped-bag")
    name = naming.safe_component(submission.objid)[0]
    final = output_dir / (f"{name}.zip" if zipped else name)
    _check_output(output_dir, final, submission)
    partials.sweep(output_dir)  # what killed runs left there

    event = ProgressEvent(phase="scan", package=submission.objid)
    report = Throttle(progress)
    report(event, force=True)
    plan = _plan(submission, name, bag=bag, cancel=cancel)
    event.files_total = len(plan.items)
    event.bytes_total = sum(i.size for i in plan.items)

    if layout == "zip":
        writer = ZipWriter(final, name)
    else:
        writer = FolderWriter(output_dir / name)  # the transfer, or the bag's staged copy
    try:
        event.phase = "copy"
        report(event, force=True)
        _copy_all(writer, plan.items, cancel, event, report)
        event.phase = "metadata"
        report(event, force=True)
        cancel.check()
        _write_metadata(writer, submission, plan, layout)
        cancel.check()
        if bag:
            event.phase = "bag"
            report(event, force=True)
            _make_bag(writer.temp, submission)
            cancel.check()
        if layout == "zipped-bag":
            event.phase = "zip"
            report(event, force=True)
            path = _zip_folder(writer.temp, final, name, cancel)
            writer.abort()  # the staged bag: only the ZIP is the result
        else:
            event.phase = "finish"
            report(event, force=True)
            path = writer.finalize()
    except BaseException:
        writer.abort()
        raise
    event.phase = "done"
    event.files_done = event.files_total
    report(event, force=True)
    return path


def transfer_type(transfer: Path) -> str:
    """The API transfer type of a transfer on disk: standard, zipfile, unzipped bag or zipped bag."""
    transfer = Path(transfer)
    if transfer.is_dir():
        return "unzipped bag" if (transfer / "bagit.txt").is_file() else "standard"
    try:
        with zipfile.ZipFile(transfer) as zf:
            names = zf.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise InvalidInput("archivematica.not_a_transfer", path=str(transfer)) from exc
    is_bag = any(n.count("/") <= 1 and n.rsplit("/", 1)[-1] == "bagit.txt" for n in names)
    return "zipped bag" if is_bag else "zipfile"


def layout_for(transfer_type_name: str) -> str:
    """The layout of a Target.transfer_type value ("standard", "zipfile", "bag", "zipped bag", ...)."""
    try:
        return _TYPE_TO_LAYOUT[transfer_type_name.strip().lower()]
    except KeyError:
        raise InvalidInput("error.invalid_value", field="transfer_type", value=transfer_type_name,
                           allowed=", ".join(_TYPE_TO_LAYOUT)) from None


# --------------------------------------------------------------------------------------
# Delivering and starting a transfer
# --------------------------------------------------------------------------------------


def export_transfer(
    transfer: Path,
    target: Target,
    *,
    secret: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    wait: bool = True,
    lang: str | None = None,
) -> ExportResult:
    """Copy ``transfer`` into ``target.folder`` and, with ``target.url``, start and follow it.

    Returns the :class:`ExportResult` (state "delivered" for a folder only, "STARTED"
    with ``wait=False``, else the final status, e.g. "COMPLETE" with ``aip_id``).
    Raises InvalidInput (not a transfer, wrong target kind), ExportError (folder
    missing or not writable, server unreachable, key refused, transfer failed; its
    ``retryable`` says whether trying again is safe) or Cancelled.  The local transfer
    is never changed or removed.  ``lang`` is the language of ``result.notes`` (default: the user's).
    """
    lang = lang or default_language()
    if target.kind is not TargetKind.ARCHIVEMATICA:
        raise InvalidInput("error.invalid_value", field="target kind", value=target.kind.value, allowed="archivematica")
    cancel = cancel or CancelToken()
    transfer = Path(transfer)
    if not transfer.exists():
        raise InvalidInput("archivematica.not_a_transfer", path=str(transfer))
    api_type = transfer_type(transfer)
    name = transfer.name[:-4] if transfer.suffix.lower() == ".zip" else transfer.name
    result = ExportResult(target=TargetKind.ARCHIVEMATICA.value, package=str(transfer))

    if target.folder:
        copied, reused = _deliver_to_folder(transfer, Path(target.folder), progress, cancel)
        result.delivered_to = str(copied)
        result.state = "delivered"
        result.report["copied_to"] = str(copied)
        result.notes.append(render("archivematica.note_reused" if reused else "archivematica.note_copied",
                                   {"path": copied}, lang))
    if not target.url:
        return result

    api = ArchivematicaApi(target, secret if secret is not None else get_secret(target))
    path = _pipeline_path(target, transfer)
    cancel.check()
    transfer_id = api.start_package(name, path, api_type, target.processing_config, transfer=str(transfer))
    result.delivered_to = target.url
    result.transfer_id = transfer_id
    result.state = "STARTED"
    result.report["path"] = path
    result.report["type"] = api_type
    if not wait:
        return result

    deadline = time.monotonic() + target.max_wait_s
    status = api.wait("transfer", transfer_id, deadline=deadline, cancel=cancel, transfer=str(transfer))
    result.report["transfer"] = status
    state = str(status.get("status", ""))
    sip_uuid = str(status.get("sip_uuid") or "")
    if state == "COMPLETE" and sip_uuid == "BACKLOG":
        result.state = "BACKLOG"
        return result
    if state == "COMPLETE":
        result.job_id = sip_uuid
        status = api.wait("ingest", sip_uuid, deadline=deadline, cancel=cancel, transfer=str(transfer))
        result.report["ingest"] = status
        state = str(status.get("status", ""))
    result.state = state
    if state == "COMPLETE":
        result.aip_id = sip_uuid
        return result
    if state == "USER_INPUT":
        result.notes.append(render("archivematica.note_user_input",
                                   {"url": target.url, "microservice": status.get("microservice", "")},
                                   lang))
        return result
    raise ExportError("archivematica.failed", retryable=False, transfer=str(transfer), url=target.url,
                      state=state, microservice=status.get("microservice", "") or "-",
                      uuid=sip_uuid or transfer_id)


def test_connection(target: Target, *, secret: str | None = None) -> ConnectionCheck:
    """Check that the folder is writable and the API answers with the key; never raises for a failed check."""
    if target.folder:
        folder = Path(target.folder)
        if not folder.is_dir():
            return ConnectionCheck(False, "archivematica.folder_missing", {"folder": str(folder)})
        if not writable(folder):
            return ConnectionCheck(False, "archivematica.folder_not_writable", {"folder": str(folder)})
    if not target.url:
        return ConnectionCheck(True, "archivematica.check_folder_ok", {"folder": target.folder})
    try:
        key = secret if secret is not None else get_secret(target)
        ArchivematicaApi(target, key).check(target.processing_config)
    except ExportError as exc:
        return ConnectionCheck(False, exc.code, dict(exc.params))
    return ConnectionCheck(True, "archivematica.check_ok",
                           {"url": target.url, "user": target.user, "folder": target.folder or "-",
                            "config": target.processing_config})


# --------------------------------------------------------------------------------------
# Private: planning the transfer
# --------------------------------------------------------------------------------------


def _plan(submission: Submission, name: str, *, bag: bool, cancel: CancelToken) -> _Plan:
    objects_dir = "" if bag else "objects/"
    top = f"{name}/data/" if bag else f"{name}/"
    many = len(submission.representations) > 1
    rep_dirs = {rep.name: (rep.name if many else "") for rep in submission.representations}
    items: list[_Item] = []
    notes: list[Note] = []

    def scan(paths, dest: str, *, is_object: bool, ascii_names: bool = False) -> list[_Item]:
        if not paths:
            return []
        result = sources.scan_sources(list(paths), cancel=cancel, prefix_len=len(top + dest))
        notes.extend(result.notes)
        found = []
        for f in result.files:
            rel = f.relpath
            if ascii_names:
                rel = _ascii_path(rel)
            found.append(_Item(f.source, dest + rel, f.original, f.size, f.mtime, is_object))
        if ascii_names:
            _dedupe(found, notes)
        items.extend(found)
        return found

    for rep in submission.representations:
        sub = rep_dirs[rep.name]
        found = scan(rep.sources, objects_dir + (f"{sub}/" if sub else ""), is_object=True)
        if not found:
            raise InvalidInput("error.no_sources", representation=rep.name)
        if bag:
            _check_bag_names(found)
        suffix = f"{rep.name}/" if many else ""
        scan(rep.documentation, f"metadata/submissionDocumentation/{suffix}", is_object=False, ascii_names=True)
        scan(rep.metadata, f"metadata/other/{suffix}", is_object=False)
    scan(submission.documentation, "metadata/submissionDocumentation/", is_object=False, ascii_names=True)
    scan(submission.other_metadata, "metadata/other/", is_object=False)
    brought = [d.path for d in submission.descriptive if isinstance(d, MetadataFile)]
    scan(brought, "metadata/descriptive/", is_object=False)
    _check_unique(items)
    return _Plan(name, items, notes, objects_dir, "data" if bag else "objects", rep_dirs)


def _check_bag_names(found: list[_Item]) -> None:
    for item in found:
        first = item.relpath.split("/", 1)[0]
        if first.casefold() in BAG_RESERVED:
            raise InvalidInput("archivematica.bag_reserved_name", name=first, reserved=", ".join(BAG_RESERVED))


def _check_unique(items: list[_Item]) -> None:
    seen: set[str] = set()
    for item in items:
        key = item.relpath.casefold()
        if key in seen:
            raise InvalidInput("error.invalid_field", field=item.relpath,
                               problem="two sources map to the same name in the transfer")
        seen.add(key)


def _ascii_path(relpath: str) -> str:
    """``relpath`` with every component in plain ASCII (Archivematica does not sanitise submission documentation)."""
    parts = []
    for part in relpath.split("/"):
        text = "".join(_ASCII_MAP.get(c, c) for c in part)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        text = "".join(c if c in _ASCII_KEEP else "_" for c in text).strip(" .") or "_"
        parts.append(text)
    return "/".join(parts)


def _dedupe(found: list[_Item], notes: list[Note]) -> None:
    """Give ASCII-folded names that collide a counter, and report each folded name."""
    taken: set[str] = set()
    for item in found:
        rel = item.relpath
        n = 2
        while rel.casefold() in taken:
            head, _, last = item.relpath.rpartition("/")
            rel = f"{head}/{naming.with_counter(last, n, is_dir=False)}" if head else naming.with_counter(last, n, is_dir=False)
            n += 1
        taken.add(rel.casefold())
        item.relpath = rel
        if rel.rsplit("/", 1)[-1] != naming.display_name(item.original.rsplit("/", 1)[-1]):
            shown = rel.removeprefix("metadata/submissionDocumentation/")
            notes.append(Note("archivematica.report_ascii_name", {"original": item.original, "safe": shown}, "info"))


# --------------------------------------------------------------------------------------
# Private: writing
# --------------------------------------------------------------------------------------


def _copy_all(writer, items: list[_Item], cancel: CancelToken, event: ProgressEvent, report) -> None:
    def on_bytes(n: int) -> None:
        event.bytes_done += n
        report(event)

    for item in items:
        cancel.check()
        event.current = item.original
        item.digest = writer.add_source(item.source, item.relpath, ALGORITHM, size=item.size, mtime=item.mtime,
                                        cancel=cancel, on_bytes=on_bytes)
        event.files_done += 1
        report(event)


def _write_metadata(writer, submission, plan: _Plan, layout: str) -> None:
    objects = [i for i in plan.items if i.is_object]
    # Archivematica looks a folder's row up by the folder's path in the SIP ("objects/...", also
    # for a bag, whose data/ content it has moved to objects/) and a file's row by the file's
    # original location ("objects/..."; in a bag "data/...", as import-metadata.rst's
    # "Adding metadata to bags" and _csv/bag-metadata.csv show): create_mets_v2.createFileSec.
    prefix = "objects"
    strip = len(plan.objects_dir)

    def csv_path(item: _Item) -> str:
        return f"{plan.file_prefix}/{item.relpath[strip:]}"

    # metadata.csv: the package description on the records' top folder; with several
    # representations, a row per representation folder too (its title names the representation).
    rows = [metadata_csv.Row(prefix, metadata_csv.package_columns(submission))]
    for rep in submission.representations:
        sub = plan.rep_dirs[rep.name]
        if sub:
            row = metadata_csv.Row(f"{prefix}/{sub}")
            row.add("dc.title", f"{submission.title} ({rep.name})")
            row.add("dc.identifier", f"{submission.objid}/{rep.name}")
            row.add("dc.relation", f"isPartOf {submission.objid}")
            rows.append(row)
    _write_text(writer, "metadata/metadata.csv", metadata_csv.render(rows))

    # identifiers.json: the OBJID (and reference code) on the top folder, each file's original name.
    package_ids = [{"identifier": submission.objid, "identifierType": "OBJID"}]
    if submission.reference_code:
        package_ids.append({"identifier": submission.reference_code, "identifierType": "reference code"})
    entries = [{"file": prefix, "identifiers": package_ids}]
    entries += [
        {"file": csv_path(i), "identifiers": [{"identifier": i.original, "identifierType": "original name"}]}
        for i in objects
    ]
    _write_text(writer, "metadata/identifiers.json", json.dumps(entries, ensure_ascii=False, indent=2) + "\n")

    # checksum.sha256 ("checksum  path", paths relative to objects/); a bag has its own manifests.
    if layout in ("standard", "zip"):
        lines = [f"{i.digest.value}  {i.relpath[strip:]}" for i in objects]
        _write_text(writer, CHECKSUM_FILE, "\n".join(lines) + "\n")

    _write_text(writer, f"metadata/submissionDocumentation/{REPORT_NAME}", _report(submission, plan, layout))


def _write_text(writer, relpath: str, text: str) -> None:
    path = writer.generated_path(relpath)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise InvalidInput("error.invalid_field", field=relpath,
                           problem="a source file has the name of a file earchive writes; rename it") from None
    except OSError as exc:
        raise output_error(exc, path) from exc
    writer.add_generated(relpath)


def _report(submission, plan: _Plan, layout: str) -> str:
    lang = default_language()
    objects = [i for i in plan.items if i.is_object]
    lines = [
        render("archivematica.report_title", {"objid": submission.objid}, lang),
        "",
        render("archivematica.report_summary", {
            "title": submission.title, "created": iso(), "software": f"earchive {earchive.__version__}",
            "layout": layout, "files": len(objects), "bytes": sum(i.size for i in objects),
        }, lang),
        "",
    ]
    if plan.notes:
        lines.append(render("package_report.notes_heading", {"count": len(plan.notes)}, lang))
        lines.extend(f"- {n.message(lang)}" for n in plan.notes)
    else:
        lines.append(render("package_report.no_notes", {}, lang))
    return "\n".join(lines) + "\n"


def _make_bag(folder: Path, submission) -> None:
    """Turn the staged transfer into a bag (bagit moves it into data/ and writes the manifests)."""
    import bagit

    info = {
        "Source-Organization": submission.submitting_agent.name,
        "External-Identifier": submission.objid,
        "External-Description": submission.title,
        "Bag-Software-Agent": f"earchive {earchive.__version__} with bagit {bagit.VERSION}",
    }
    try:
        bagit.make_bag(str(folder), info, processes=1, checksums=["sha256"])
    except (bagit.BagError, OSError) as exc:
        raise OutputError("error.output", path=folder, reason=str(exc)) from exc


def _zip_folder(folder: Path, final: Path, root: str, cancel: CancelToken) -> Path:
    """ZIP ``folder`` as ``final`` with the single top folder ``root`` (a zipped bag)."""
    writer = ZipWriter(final, root)
    try:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for fname in sorted(filenames):
                cancel.check()
                path = Path(dirpath) / fname
                rel = path.relative_to(folder).as_posix()
                writer.add_source(path, rel, ALGORITHM, size=path.stat().st_size, mtime=path.stat().st_mtime,
                                  cancel=cancel)
        return writer.finalize()
    except BaseException:
        writer.abort()
        raise


# --------------------------------------------------------------------------------------
# Private: delivery
# --------------------------------------------------------------------------------------


def _deliver_to_folder(transfer: Path, folder: Path, progress: Progress, cancel: CancelToken) -> tuple[Path, bool]:
    """Copy the transfer into ``folder`` atomically; (its path there, whether an identical copy was there)."""
    if not folder.is_dir():
        raise ExportError("archivematica.folder_missing", retryable=False, folder=str(folder))
    dest = folder / transfer.name
    partials.sweep(folder)  # copies that a killed delivery left
    if os.path.lexists(dest):
        if _same_transfer(transfer, dest):
            return dest, True
        raise ExportError("archivematica.folder_exists", retryable=False, path=str(dest), transfer=str(transfer))
    try:
        claim = Claim(dest)
    except OSError as exc:
        raise ExportError("archivematica.copy_failed", retryable=True, folder=str(folder),
                          transfer=str(transfer), reason=exc.strerror or str(exc)) from exc
    temp = claim.temp
    files = [transfer] if transfer.is_file() else sorted(p for p in transfer.rglob("*") if p.is_file())
    event = ProgressEvent(phase="deliver", package=transfer.name, files_total=len(files),
                          bytes_total=sum(p.stat().st_size for p in files))
    report = Throttle(progress)

    def on_bytes(n: int) -> None:
        event.bytes_done += n
        report(event)

    try:
        if transfer.is_file():
            copy_file(transfer, temp, ALGORITHM, cancel=cancel, on_bytes=on_bytes)
        else:
            temp.mkdir()
            for path in files:
                cancel.check()
                dst = temp / path.relative_to(transfer)
                dst.parent.mkdir(parents=True, exist_ok=True)
                copy_file(path, dst, ALGORITHM, cancel=cancel, on_bytes=on_bytes, mtime=path.stat().st_mtime)
                event.files_done += 1
                report(event)
        os.sync()
        if os.path.lexists(dest):
            raise ExportError("archivematica.folder_exists", retryable=False, path=str(dest), transfer=str(transfer))
        os.rename(temp, dest)
    except BaseException as exc:
        _remove(temp)
        if isinstance(exc, OSError):
            raise ExportError("archivematica.copy_failed", retryable=True, folder=str(folder),
                              transfer=str(transfer), reason=exc.strerror or str(exc)) from exc
        raise
    finally:
        claim.release()
    event.phase = "done"
    report(event, force=True)
    return dest, False


def _same_transfer(a: Path, b: Path) -> bool:
    """Whether ``b`` is a copy of transfer ``a``: same files and sizes, same checksum and manifest files."""
    if a.is_file() != b.is_file():
        return False
    if a.is_file():
        return a.stat().st_size == b.stat().st_size and _digest(a) == _digest(b)
    def listing(root: Path) -> dict[str, int]:
        return {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}
    la, lb = listing(a), listing(b)
    if la != lb:
        return False
    fixity_files = [r for r in la if r.rsplit("/", 1)[-1].startswith(("checksum.", "manifest-", "tagmanifest-"))]
    return bool(fixity_files) and all((a / r).read_bytes() == (b / r).read_bytes() for r in fixity_files)


def _digest(path: Path) -> str:
    from earchive.fixity import digest_file

    return digest_file(path, ALGORITHM).value


def _pipeline_path(target: Target, transfer: Path) -> str:
    """The ``path`` the API is given (before base64): ``<location uuid>:<relative path>`` or an absolute path.

    With ``location_uuid``, ``remote_path`` is the folder's path relative to that transfer
    source location (empty: the location's top).  Without it, ``remote_path`` is the
    folder's absolute path as the pipeline sees it (default: ``folder`` itself, or, with
    no folder, the transfer's own folder).
    """
    name = transfer.name
    if target.location_uuid:
        rel = target.remote_path.strip("/")
        return f"{target.location_uuid}:{rel + '/' if rel else ''}{name}"
    base = target.remote_path or target.folder or str(transfer.parent.resolve())
    return f"{base.rstrip('/')}/{name}"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


register({
    "archivematica.not_a_transfer": {
        "en": "{path} is not an Archivematica transfer (a folder or a ZIP). Make one with 'earchive export archivematica SOURCE... --output DIR'.",
        "sv": "{path} är ingen Archivematica-överföring (en mapp eller en ZIP). Skapa en med 'earchive export archivematica KÄLLA... --output MAPP'.",
    },
    "archivematica.bag_reserved_name": {
        "en": "A bag cannot hold records named \"{name}\" at its top ({reserved} are Archivematica's own folders). Use the standard or zip layout, or put the records in a folder.",
        "sv": "En bag kan inte ha poster som heter \"{name}\" överst ({reserved} är Archivematicas egna mappar). Använd layouten standard eller zip, eller lägg posterna i en mapp.",
    },
    "archivematica.report_ascii_name": {
        "en": "Named the documentation file {original} {safe} in submissionDocumentation/ (Archivematica needs plain ASCII names there)",
        "sv": "Gav dokumentationsfilen {original} namnet {safe} i submissionDocumentation/ (Archivematica kräver rena ASCII-namn där)",
    },
    "archivematica.report_title": {
        "en": "Archivematica transfer report for {objid}",
        "sv": "Rapport för Archivematica-överföringen {objid}",
    },
    "archivematica.report_summary": {
        "en": "Title: {title}\nCreated: {created} by {software}\nLayout: {layout}\nRecords: {files} files, {bytes} bytes",
        "sv": "Titel: {title}\nSkapad: {created} av {software}\nLayout: {layout}\nPoster: {files} filer, {bytes} byte",
    },
    "archivematica.folder_missing": {
        "en": "The transfer source folder {folder} does not exist or is not reachable. Check the path (is the share mounted?) or the target configuration.",
        "sv": "Överföringsmappen {folder} finns inte eller går inte att nå. Kontrollera sökvägen (är utdelningen monterad?) eller målkonfigurationen.",
    },
    "archivematica.folder_not_writable": {
        "en": "Cannot write in the transfer source folder {folder}. Ask for write permission, or choose another folder.",
        "sv": "Kan inte skriva i överföringsmappen {folder}. Be om skrivbehörighet eller välj en annan mapp.",
    },
    "archivematica.folder_exists": {
        "en": "{path} exists already in the transfer source folder and differs from {transfer}. Remove it there if it is an old attempt, or give the package another OBJID.",
        "sv": "{path} finns redan i överföringsmappen och skiljer sig från {transfer}. Ta bort den där om det är ett gammalt försök, eller ge paketet ett annat OBJID.",
    },
    "archivematica.copy_failed": {
        "en": "Copying {transfer} into {folder} failed: {reason}. Nothing was left there; the local transfer is kept. Try again when the folder is reachable and has room.",
        "sv": "Kopieringen av {transfer} till {folder} misslyckades: {reason}. Inget lämnades kvar där; den lokala överföringen finns kvar. Försök igen när mappen går att nå och har plats.",
    },
    "archivematica.failed": {
        "en": "Archivematica at {url} stopped processing {transfer} with status {state} (microservice: {microservice}, unit {uuid}). See the dashboard's Transfer/Ingest tab for the failed job; the local transfer is kept.",
        "sv": "Archivematica på {url} avbröt behandlingen av {transfer} med status {state} (mikrotjänst: {microservice}, enhet {uuid}). Se den misslyckade uppgiften under Transfer/Ingest i Archivematica; den lokala överföringen finns kvar.",
    },
    "archivematica.note_copied": {
        "en": "Copied the transfer to {path}.",
        "sv": "Kopierade överföringen till {path}.",
    },
    "archivematica.note_reused": {
        "en": "An identical copy was already at {path}; it was used.",
        "sv": "En identisk kopia fanns redan i {path}; den användes.",
    },
    "archivematica.note_user_input": {
        "en": "Archivematica at {url} waits for a decision ({microservice}): continue in the dashboard, or use a processing configuration that decides (e.g. automated).",
        "sv": "Archivematica på {url} väntar på ett beslut ({microservice}): fortsätt i Archivematica, eller använd en behandlingskonfiguration som beslutar (t.ex. automated).",
    },
    "archivematica.check_ok": {
        "en": "Archivematica at {url} accepts the key of {user}; processing configuration {config} exists; transfer source folder: {folder}.",
        "sv": "Archivematica på {url} godtar nyckeln för {user}; behandlingskonfigurationen {config} finns; överföringsmapp: {folder}.",
    },
    "archivematica.check_folder_ok": {
        "en": "The transfer source folder {folder} is writable.",
        "sv": "Överföringsmappen {folder} är skrivbar.",
    },
})
