"""Run every check of a version over one package and turn the outcome into a report.

Order: open the package, read its METS documents, choose the version, hash the files
the METS documents describe (the one slow step, on a thread pool of two), then run the
checks in specification order: structure first, METS schema, CSIP, SIP, file checks.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Callable

from earchive import schemas, spec
from earchive.errors import Cancelled, EarchiveError, InvalidInput, PackageReadError
from earchive.progress import CancelToken, ProgressEvent, Throttle, no_progress
from earchive.spec import SpecVersion
from earchive.validation import catalogue
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
from earchive.validation.fixity import hash_referenced_files
from earchive.validation.findings import Finding, RequirementResult, Severity, Status, ValidationReport
from earchive.validation.reader import open_package

#: Profile URL fragments that name a version (checked in this order).
VERSIONED_PROFILES = (("v2-2-0", SpecVersion.V2_2_0), ("v2-1-0", SpecVersion.V2_1_0), ("v2-0-4", SpecVersion.V2_0_4))
#: The version assumed for the unversioned E-ARK profile URLs (E-ARK-SIP.xml, E-ARK-CSIP.xml):
#: 2.2.0 SIPs name the versioned SIP profile, so an unversioned one is 2.1.0 (or 2.0.4, only when given).
UNVERSIONED_PROFILE_VERSION = SpecVersion.V2_1_0


#: METS files larger than this are not parsed: the parsed tree needs about 11 times the file's
#: size in memory (a 200 MB METS: about 2.3 GB), so a larger one could exhaust the computer's memory.
MAX_METS_BYTES = 1 << 30


def validate_package(
    path: str | Path,
    version: str | SpecVersion | None = None,
    *,
    check_fixity: bool = True,
    progress: Callable[[ProgressEvent], None] | None = None,
    cancel: CancelToken | None = None,
) -> ValidationReport:
    """Validate the E-ARK package at PATH (folder, .zip or .tar[.gz]) requirement by requirement.

    ``version`` ('2.0.4', '2.1.0', '2.2.0') overrides the version read from the root
    METS's @PROFILE.  ``check_fixity=False`` skips reading file contents (sizes are still
    compared).  Raises PackageReadError when PATH cannot be opened safely (missing,
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
    with open_package(path) as pkg:
        docs = _read_mets(pkg, cancel)
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
        if source == "default":
            ctx.add("CSIP6", "v.version_default", file="METS.xml" if root else "",
                    severity=Severity.INFO, profile=profile or "-", version=chosen.value)
        hash_referenced_files(ctx, sink, event, cancel)
        event.phase = "validate"
        sink(event, force=True)
        results = _run_checks(ctx, cancel)
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
    event.phase = "done"
    sink(event, force=True)
    return report


def version_from_profile(profile: str) -> tuple[SpecVersion, str]:
    """(version, 'profile' or 'default') from a root METS @PROFILE value."""
    lowered = profile.lower()
    for fragment, version in VERSIONED_PROFILES:
        if fragment in lowered:
            return version, "profile"
    if lowered.rstrip("/").endswith(("/e-ark-sip.xml", "/e-ark-csip.xml")) and "dilcis.eu" in lowered:
        return UNVERSIONED_PROFILE_VERSION, "profile"
    return spec.DEFAULT_VERSION, "default"


# --- private helpers -------------------------------------------------------------------------


def _read_mets(pkg, cancel: CancelToken) -> list[MetsDoc]:
    docs: list[MetsDoc] = []
    candidates = [("METS.xml", "", True)]
    for rep in pkg.children("representations")[0] if pkg.is_dir("representations") else []:
        candidates.append((f"representations/{rep}/METS.xml", f"representations/{rep}", False))
    for rel, folder, is_root in candidates:
        if rel not in pkg.files:
            continue
        cancel.check()
        doc = MetsDoc(rel=rel, folder=folder, is_root=is_root)
        if pkg.files[rel] > MAX_METS_BYTES:
            doc.error = Finding("METS-XSD", Severity.ERROR, "v.mets_too_large",
                                {"path": rel, "size": pkg.files[rel] >> 20, "limit": MAX_METS_BYTES >> 20}, rel)
            docs.append(doc)
            continue
        try:
            with pkg.open(rel) as fh:
                tree = schemas.parse_xml(fh, name=rel)
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
        docs.append(doc)
    return docs


def _is_sip(root: MetsDoc | None, profile: str) -> bool:
    """A package is checked against the SIP profile when it says it is a SIP (type or profile)."""
    if root is None or root.root is None:
        return True
    hdr = root.first("metsHdr")
    kind = hdr.get(CS("OAISPACKAGETYPE")) if hdr is not None else None
    return kind == "SIP" or "earksip" in profile.lower() or (kind is None and "csip" not in profile.lower())


def _run_checks(ctx: Context, cancel: CancelToken) -> list[RequirementResult]:
    results = []
    for req in catalogue.requirements(ctx.version):
        cancel.check()
        chk = CHECKS.get(req.id)
        applied, reason = False, ""
        if chk is None:
            reason = "v.skip.not_implemented"
        elif req.id.startswith("SIP") and not ctx.is_sip:
            reason = "v.skip.not_sip"
        else:
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
        results.append(_result(ctx, req, applied, reason))
    return results


def _result(ctx: Context, req, applied: bool, reason: str) -> RequirementResult:
    findings = [f for f in ctx.findings if f.requirement == req.id]
    failing = any(f.severity is not Severity.INFO for f in findings) or (req.level == "MAY" and findings
                                                                          and reason != "v.skip.check_failed")
    crashed = any(f.code == "v.check_crashed" for f in findings)
    if crashed:
        status = Status.SKIPPED
        reason = "v.skip.check_failed"
    elif failing:
        status = Status.FAILED
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
