"""Run every check of a version over one package and turn the outcome into a report.

Order: open the package, read its METS documents (each parsed once, up to a size limit:
see :data:`MAX_METS_BYTES`), choose the version; then, at the same time, hash the files the
METS documents describe (on a thread pool), validate the METS documents against the schema,
and parse and validate the metadata files (on a thread of their own); then run the other
checks.  The report lists the requirements in specification order: structure first, METS
schema, CSIP, SIP, file checks.  Timings: docs/benchmarks-validate.md.
"""

from __future__ import annotations

import os
import time
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from earchive import schemas, spec
from earchive.errors import Cancelled, EarchiveError, InvalidInput, PackageReadError
from earchive.progress import CancelToken, ProgressEvent, Throttle, no_progress
from earchive.spec import SpecVersion
from earchive.validation import catalogue, slim, xml_schemas
from earchive.validation import checks  # noqa: F401 - registers every check
from earchive.validation import messages_sv_en  # noqa: F401 - registers the v.* texts
from earchive.validation.context import (
    CHECKS,
    NOT_APPLICABLE,
    PACKAGE,
    REPRESENTATION,
    ROOT,
    Context,
    CS,
    MetsDoc,
    M,
)
from earchive.validation.fixity import start_hashing
from earchive.validation.findings import Finding, RequirementResult, Severity, Status, ValidationReport
from earchive.validation.reader import Limits, open_package

#: Profile URL fragments that name a version (checked in this order).
VERSIONED_PROFILES = (("v2-2-0", SpecVersion.V2_2_0), ("v2-1-0", SpecVersion.V2_1_0), ("v2-0-4", SpecVersion.V2_0_4))
#: The version assumed for the unversioned E-ARK profile URLs (E-ARK-SIP.xml, E-ARK-CSIP.xml):
#: 2.2.0 SIPs name the versioned SIP profile, so an unversioned one is 2.1.0 (or 2.0.4, only when given).
UNVERSIONED_PROFILE_VERSION = SpecVersion.V2_1_0


#: Checks run while the files are hashed: they spend their time in libxml2, which releases the GIL.
EARLY_CHECKS = ("METS-XSD",)
#: Checks run on a thread of their own from the start: they parse and validate other XML files
#: (PREMIS of 20,000 files: 35 MB) in libxml2, and touch no tree the other checks read.
BACKGROUND_CHECKS = ("METADATA-XSD",)
#: Checks that need what the background checks found (the namespaces the metadata files use).
AFTER_BACKGROUND = ("CSIP113",)

#: Finding codes that say an optional (MAY) feature is not used.
NOT_USED_CODES = frozenset({"v.optional_absent", "v.format_attr_absent", "v.recordstatus_absent"})

#: Default size limit of one METS file.  Each METS is parsed once into one tree that every check
#: reads; the tree needs up to MEMORY_PER_METS_BYTE times the file's size (a 200 MB METS: 2.5 GB).
#: 100 MiB (about 1.3 GB of memory) holds the fileSec of some 280,000 files; a larger METS is not
#: parsed and a finding says how to check it anyway (``max_mets_bytes``, ``--max-mets-size``).
MAX_METS_BYTES = 100 << 20
#: Memory a parsed METS needs per byte of the file (measured: a METS of 201 MiB with 740,000 file
#: entries peaked at 2,543 MiB, 12.7 times its size, in `earchive validate --max-mets-size 300`).
MEMORY_PER_METS_BYTE = 13


def validate_package(
    path: str | Path,
    version: str | SpecVersion | None = None,
    *,
    check_fixity: bool = True,
    max_mets_bytes: int | None = None,
    limits: Limits | None = None,
    roda_view: bool = False,
    progress: Callable[[ProgressEvent], None] | None = None,
    cancel: CancelToken | None = None,
) -> ValidationReport:
    """Validate the E-ARK package at PATH (folder, .zip or .tar[.gz]) requirement by requirement.

    ``version`` ('2.0.4', '2.1.0', '2.2.0') overrides the version read from the root
    METS's @PROFILE.  ``check_fixity=False`` skips reading file contents (sizes are still
    compared).  A METS file larger than ``max_mets_bytes`` (default :data:`MAX_METS_BYTES`),
    or too large for the memory this computer has free, is not parsed: a METS-XSD finding
    (``v.mets_too_large``, ``v.mets_no_memory``) says so, and the package is not valid.
    ``limits`` (:class:`~earchive.validation.reader.Limits`) bounds what an archive may hold
    (entries, unpacked size, expansion ratio).  ``roda_view`` also runs commons-ip, RODA's reader,
    and records where its verdicts differ (:mod:`earchive.validation.roda_view`; ``report.roda``).  Raises PackageReadError when PATH cannot be opened safely (missing,
    damaged, an archive bomb), InvalidInput for an unknown version, Cancelled when
    ``cancel`` is cancelled.  Every problem of the package itself is a finding in the
    returned report, never an exception.
    """
    started = time.monotonic()
    cancel = cancel or CancelToken()
    sink = Throttle(progress or no_progress)
    given = None
    if version is not None:
        try:
            given = SpecVersion.parse(version)
        except ValueError as exc:
            raise InvalidInput("error.invalid_value", field="--spec-version", value=version,
                               allowed=", ".join(v.value for v in SpecVersion)) from exc
    event = ProgressEvent(phase="scan", package=str(path))
    sink(event, force=True)
    with open_package(path, limits=limits) as pkg:
        docs = _read_mets(pkg, cancel, MAX_METS_BYTES if max_mets_bytes is None else max_mets_bytes)
        root = next((d for d in docs if d.is_root and d.root is not None), None)
        profile = (root.root.get("PROFILE") or "").strip() if root is not None else ""
        if given is not None:
            chosen, source = given, "given"
        else:
            chosen, source = version_from_profile(profile)
        ctx = Context(pkg=pkg, version=chosen, requirements=catalogue.by_id(chosen), docs=docs, fixity=check_fixity)
        ctx.is_sip = _is_sip(root, profile)
        for doc in docs:
            if doc.error is not None:
                ctx.findings.append(doc.error)
        if source == "assumed":
            ctx.add("CSIP6", "v.version_assumed", file="METS.xml", severity=Severity.INFO,
                    profile=profile, version=chosen.value)
        if source == "default":
            ctx.add("CSIP6", "v.version_default", file="METS.xml" if root else "",
                    severity=Severity.INFO, profile=profile or "-", version=chosen.value)
        # Three things at once, each mostly in C code that releases the GIL: the metadata files are
        # parsed and schema-validated on a thread of their own (BACKGROUND_CHECKS, to the end), the
        # package files are hashed on a thread pool, and the METS documents are schema-validated
        # (EARLY_CHECKS).  The other checks are Python: run beside the hashing threads they would
        # make each file wait for the GIL (a convoy), so they start when the hashing is done.
        requirements = catalogue.requirements(chosen)
        xml_schemas.prepare_mets_schema()
        background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="earchive-xsd")
        later = {req.id: background.submit(_apply, ctx, req, cancel) for req in requirements
                 if req.id in BACKGROUND_CHECKS}
        job = None
        try:
            job = start_hashing(ctx, sink, event, cancel)
            early = {req.id: _apply(ctx, req, cancel) for req in requirements if req.id in EARLY_CHECKS}
            ctx.await_fixity()
            event.phase = "validate"
            sink(event, force=True)
            results = _run_checks(ctx, cancel, early, later)
        finally:
            if job is not None:
                job.close()
            background.shutdown(wait=True, cancel_futures=True)
        _summarise_overflow(ctx, results)
        report = ValidationReport(
            package=str(path),
            version=chosen.value,
            version_source=source,
            profile=profile,
            results=results,
            findings=_ordered(ctx.findings, results),
            mets_files=[d.rel for d in docs],
            files_checked=len(pkg.files),
            bytes_hashed=event.bytes_done,
            fixity_checked=check_fixity,
            seconds=time.monotonic() - started,
        )
    if roda_view:
        from earchive.validation.roda_view import roda_view as run_roda_view

        report.roda = run_roda_view(path, report)
    event.phase = "done"
    sink(event, force=True)
    return report


def version_from_profile(profile: str) -> tuple[SpecVersion, str]:
    """(version, how it was chosen) from a root METS @PROFILE value: 'profile' (the URL names the
    version), 'assumed' (an unversioned E-ARK profile URL, which 2.0.4 and 2.1.0 share) or 'default'."""
    lowered = profile.lower()
    for fragment, version in VERSIONED_PROFILES:
        if fragment in lowered:
            return version, "profile"
    if lowered.rstrip("/").endswith(("/e-ark-sip.xml", "/e-ark-csip.xml")) and "dilcis.eu" in lowered:
        # 2.0.4 and 2.1.0 name the same profile URL, and nothing else in a package tells them apart
        # reliably: the newer is assumed, and the report says so (v.version_assumed).
        return UNVERSIONED_PROFILE_VERSION, "assumed"
    return spec.DEFAULT_VERSION, "default"


# --- private helpers -------------------------------------------------------------------------


def _read_mets(pkg, cancel: CancelToken, limit: int) -> list[MetsDoc]:
    docs: list[MetsDoc] = []
    candidates = [("METS.xml", "", True)]
    for rep in pkg.children("representations")[0] if pkg.is_dir("representations") else []:
        candidates.append((f"representations/{rep}/METS.xml", f"representations/{rep}", False))
    for rel, folder, is_root in candidates:
        if rel not in pkg.files:
            continue
        cancel.check()
        doc = MetsDoc(rel=rel, folder=folder, is_root=is_root)
        size = pkg.files[rel]
        doc.error = _too_large(rel, size, limit)
        if doc.error is not None:
            docs.append(doc)
            continue
        try:
            local = pkg.local_path(rel)
            tree = _read_slim(pkg, rel, doc) if size >= slim.SLIM_BYTES else None
            if tree is not None:
                pass
            elif local is not None:  # libxml2 reads the file itself: faster, and without the GIL
                tree = schemas.parse_xml(str(local), name=rel, compact=True)
            else:
                with pkg.open(rel) as fh:
                    tree = schemas.parse_xml(fh, name=rel, compact=True)
            root = tree.getroot()
            if root.tag != M("mets"):
                doc.error = Finding("METS-XSD", Severity.ERROR, "v.not_mets", {"element": root.tag}, rel, "/", root.sourceline)
            else:
                doc.root = root
        except PackageReadError as exc:
            doc.error = Finding("METS-XSD", Severity.ERROR, exc.code, dict(exc.params), rel)
        except OSError as exc:
            doc.error = Finding("METS-XSD", Severity.ERROR, "error.xml_malformed",
                                {"path": rel, "line": 0, "reason": exc.strerror or str(exc)}, rel)
        except MemoryError:
            # The estimate was too low (or another program took the memory meanwhile): the tree is
            # dropped and the run goes on without it.
            doc.root = None
            doc.error = _memory_finding(rel, size, available_memory())
        docs.append(doc)
    return docs


def _read_slim(pkg, rel: str, doc: MetsDoc):
    """The tree of a large METS read slim (its files as records, validated against the METS schema
    while read: :mod:`earchive.validation.slim`), or None to parse it as a whole tree instead."""
    try:
        with pkg.open(rel) as fh:
            if schemas._ENTITY_DECL.search(fh.read(1 << 16)):
                return None
        with pkg.open(rel) as fh:
            while chunk := fh.read(1 << 22):  # a NUL ends lxml's stream parse early, silently: the tree reports it
                if b"\x00" in chunk:
                    return None
        schema = xml_schemas.mets_schema()
        with schemas.LIBXML_LOCK, pkg.open(rel) as fh:
            tree, records = slim.parse_slim(fh, schema)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - whatever stops the slim reading, the tree reading reports it properly
        return None
    doc.records = records
    doc.schema_checked = schema is not None
    return tree


def _too_large(rel: str, size: int, limit: int) -> Finding | None:
    """The finding for a METS that is not parsed (over ``limit``, or over the free memory); else None."""
    mb = _mb(size)
    need = _mb(size * MEMORY_PER_METS_BYTE)
    if size > limit:
        return Finding("METS-XSD", Severity.ERROR, "v.mets_too_large",
                       {"path": rel, "size": mb, "limit": _mb(limit), "memory": need, "suggest": mb + 1}, rel)
    free = available_memory()
    if free is not None and size * MEMORY_PER_METS_BYTE > free:
        return _memory_finding(rel, size, free)
    return None


def _memory_finding(rel: str, size: int, free: int | None) -> Finding:
    return Finding("METS-XSD", Severity.ERROR, "v.mets_no_memory",
                   {"path": rel, "size": _mb(size), "memory": _mb(size * MEMORY_PER_METS_BYTE),
                    "available": _mb(free) if free is not None else "?"}, rel)


def _mb(n: int) -> int:
    """Bytes to whole megabytes (MiB), rounded up: a limit of 100 MB is 100, a file of 100.2 MB is 101."""
    return -(-n // (1 << 20))


def available_memory() -> int | None:
    """Bytes of memory available to start new work (Linux: MemAvailable), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _is_sip(root: MetsDoc | None, profile: str) -> bool:
    """A package is checked against the SIP profile when it says it is a SIP (type or profile)."""
    if root is None or root.root is None:
        return True
    hdr = root.first("metsHdr")
    kind = hdr.get(CS("OAISPACKAGETYPE")) if hdr is not None else None
    return kind == "SIP" or "earksip" in profile.lower() or (kind is None and "csip" not in profile.lower())


def _run_checks(ctx: Context, cancel: CancelToken, early: dict[str, tuple[bool, str]],
                later: dict[str, Future]) -> list[RequirementResult]:
    """Every requirement's result, in catalogue order.

    ``early``: outcomes of checks already run; ``later``: checks running on another thread,
    awaited after all the others (their results are put in their place in the order).
    """
    outcomes: dict[str, tuple[bool, str]] = {}
    requirements = catalogue.requirements(ctx.version)
    for req in requirements:
        if req.id in early:
            outcomes[req.id] = early[req.id]
        elif req.id not in later and req.id not in AFTER_BACKGROUND:
            outcomes[req.id] = _apply(ctx, req, cancel)
    for rid, future in later.items():
        outcomes[rid] = future.result()  # Cancelled (or a bug outside the check) is raised here
    for req in requirements:
        if req.id in AFTER_BACKGROUND:
            outcomes[req.id] = _apply(ctx, req, cancel)
    return [_result(ctx, req, *outcomes[req.id]) for req in requirements]


def _apply(ctx: Context, req, cancel: CancelToken) -> tuple[bool, str]:
    """Run the check of ``req`` on its targets: (applied to at least one, why skipped)."""
    cancel.check()
    chk = CHECKS.get(req.id)
    applied, reason = False, ""
    if chk is None:
        return False, "v.skip.not_implemented"
    if req.id.startswith("SIP") and not ctx.is_sip:
        return False, "v.skip.not_sip"
    targets: list[MetsDoc | None]
    if chk.scope == PACKAGE:
        targets = [None]
    else:
        targets = [d for d in ctx.docs if d.root is not None]
        if chk.scope == ROOT:
            targets = [d for d in targets if d.is_root]
        elif chk.scope == REPRESENTATION:
            targets = [d for d in targets if not d.is_root]
        if not targets:
            reason = "v.skip.no_mets" if chk.scope != REPRESENTATION else "v.skip.no_representation_mets"
    for target in targets:
        try:
            outcome = chk.func(ctx) if target is None else chk.func(ctx, target)
        except Cancelled:
            raise
        except (EarchiveError, Exception) as exc:  # a bug in a check must not stop the others
            ctx.add(req.id, "v.check_crashed", doc=target, severity=Severity.WARNING,
                    req=req.id, detail=f"{type(exc).__name__}: {exc}",
                    trace=traceback.format_exc(limit=3))
            outcome = "v.skip.check_failed"
        if outcome is None:
            applied = True
        else:
            reason = reason or (outcome if isinstance(outcome, str) else NOT_APPLICABLE)
    return applied, reason


def _result(ctx: Context, req, applied: bool, reason: str) -> RequirementResult:
    findings = [f for f in ctx.findings if f.requirement == req.id]
    worst = min((f.severity.rank for f in findings), default=None)
    if any(f.code == "v.check_crashed" for f in findings):
        status = Status.SKIPPED
        reason = "v.skip.check_failed"
    elif worst == Severity.ERROR.rank:
        status = Status.FAILED
    elif worst == Severity.WARNING.rank:
        status = Status.WARNING
    elif req.level == "MAY" and findings:
        # An optional feature not used is noted and is no shortcoming; one used wrongly is.
        status = Status.NOT_USED if all(f.code in NOT_USED_CODES for f in findings) else Status.WARNING
    elif applied:
        status = Status.PASSED
    else:
        status = Status.SKIPPED
    return RequirementResult(
        id=req.id, level=req.level, head=req.head, text=req.text, status=status, findings=findings,
        reason="" if status is not Status.SKIPPED else (reason or NOT_APPLICABLE), section=req.section,
    )


def _summarise_overflow(ctx: Context, results: list[RequirementResult]) -> None:
    for result in results:
        if result.id in ctx.overflow:
            severity, more = ctx.overflow[result.id]
            finding = Finding(result.id, severity, "v.findings_capped", {"count": more, "kept": len(result.findings)})
            ctx.findings.append(finding)
            result.findings.append(finding)


def _ordered(findings: list[Finding], results: list[RequirementResult]) -> list[Finding]:
    """Findings in report order: by severity, then requirement order, then as found."""
    order = {r.id: i for i, r in enumerate(results)}
    return [f for _, f in sorted(enumerate(findings), key=lambda p: (p[1].severity.rank, order.get(p[1].requirement, 10**6), p[0]))]
