"""Delivery of E-ARK SIPs to RODA (or its fork ETERNA): transfer folder or REST API v2.

    from earchive.export import Target, TargetKind
    from earchive.export.roda import export_package
    target = Target(TargetKind.RODA, url="https://roda.example.se", user="arkiv")
    result = export_package(Path("out/SE-KS-2023-001"), target)    # secret from env or keyring
    result.aip_id, result.job_id, result.state

What happens (docs/export-roda.md has the long version):

1. The package is validated with earchive's own validator; an invalid package is refused
   (:class:`PackageNotReady`) before anything is sent.
2. A package folder is zipped (one root folder named after the package, ZIP64, stored);
   a ZIP is checked and used as it is.  :func:`check_for_roda` then checks what RODA's
   E-ARK SIP 2 ingest needs, so that the AIP gets a title.
3. Delivery: either the ZIP is copied into ``target.folder`` (RODA's transfer area, under
   a temporary name and renamed at the end), or it is uploaded to the transferred
   resources, an ingest job is started and followed until it ends.

The local package is never changed or deleted; a temporary ZIP made from a package
folder is removed at the end.  Every failure is an :class:`ExportError` with a message
code (English and Swedish) naming the package and the server, and ``retryable`` telling
whether trying again later may help.
"""

from __future__ import annotations

import base64
import logging
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator
from urllib.parse import unquote, urlsplit

from lxml import etree

from earchive.errors import Cancelled, EarchiveError, InvalidInput, OutputError, PackageReadError
from earchive.export.credentials import get_secret
from earchive.export.http import HttpClient, Response, TransportError, UploadFile
from earchive.export.target import ConnectionCheck, ExportError, ExportResult, Target, TargetKind
from earchive.messages import register, render
from earchive import partials
from earchive.partials import Claim
from earchive.progress import CancelToken, Progress, ProgressEvent, Throttle, no_progress

log = logging.getLogger(__name__)

#: RODA's REST API v2 lives under this path of the RODA address.
API = "/api/v2"

#: The ingest workflow started for every package (roda.md 4.4); DefaultIngestPlugin is the older alternative.
INGEST_PLUGIN = "org.roda.core.plugins.base.ingest.v2.ConfigurableIngestPlugin"

#: Job parameter naming the SIP-to-AIP plugin (RodaConstants.PLUGIN_PARAMS_SIP_TO_AIP_CLASS).
PARAM_SIP_TO_AIP = "parameter.sip_to_aip_class"

#: The plugin that reads E-ARK SIP 2.x ZIPs.
SIP_TO_AIP_EARK2 = "org.roda.core.plugins.base.ingest.EARKSIP2ToAIPPlugin"

#: Job parameter: the parent AIP "if the SIP does not provide one" (RodaConstants.PLUGIN_PARAMS_PARENT_ID).
PARAM_PARENT_ID = "parameter.parent_id"

#: The class of the job's source objects: uploaded files in the transfer area.
TRANSFERRED_RESOURCE = "org.roda.core.data.v2.ip.TransferredResource"

#: Job states after which nothing more happens (Job.JOB_STATE); everything else is still running.
FINAL_JOB_STATES = frozenset({"COMPLETED", "FAILED_DURING_CREATION", "FAILED_TO_COMPLETE", "STOPPED",
                              "REJECTED", "TO_BE_CLEANED"})

#: Report plugin states that mean the package was not ingested (PluginState).
FAILED_PLUGIN_STATES = frozenset({"FAILURE"})

#: MDTYPEVERSION RODA picks its crosswalk dc_SimpleDC20021212.xslt by.
SIMPLEDC_VERSION = "SimpleDC20021212"

#: EAD 2002's namespace: RODA's ead_2002.xslt takes the title from archdesc/did/unittitle in it.
EAD_NS = "urn:isbn:1-931666-22-9"

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"

#: Bytes copied per chunk when zipping or copying (progress and cancel granularity).
CHUNK = 1 << 20

#: A failure detail taken from a job report is cut to this length.
MAX_DETAIL = 600


# --------------------------------------------------------------------------------------
# Findings and errors
# --------------------------------------------------------------------------------------


class RodaFinding(str):
    """One result of :func:`check_for_roda`: a message code that also carries its data.

    It *is* the code (a ``str``: compare it, print it, put it in JSON), and has
    ``level`` ("error": RODA would refuse the package or lose its description;
    "warning": RODA ingests it, but e.g. without a title), ``params`` and
    :meth:`message`.
    """

    level: str
    params: dict[str, Any]

    def __new__(cls, code: str, level: str = "error", **params: Any) -> "RodaFinding":
        self = super().__new__(cls, code)
        self.level = level
        self.params = params
        return self

    @property
    def code(self) -> str:
        return str(self)

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def message(self, lang: str | None = None, **context: Any) -> str:
        """The text in ``lang``; ``context`` fills placeholders the finding does not carry (e.g. package)."""
        return render(self.code, {**context, **self.params}, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"code": self.code, "level": self.level, "params": dict(self.params), "message": self.message(lang)}


class PackageNotReady(ExportError):
    """The package was refused before anything was sent: invalid, or not what RODA needs. Fix it and export again."""

    code = "export.roda.not_ready"


class JobFailed(ExportError):
    """RODA ran the ingest job and did not ingest the package; ``result`` holds the job and its report."""

    code = "export.roda.job_failed"

    def __init__(self, code: str | None = None, /, *, result: ExportResult, **params: Any) -> None:
        self.result = result
        super().__init__(code, retryable=False, **params)


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


def prepare_zip(package: Path, work_dir: Path, *, progress: Progress = no_progress,
                cancel: CancelToken | None = None) -> Path:
    """The package as a ZIP RODA accepts: one root folder named after the package, ZIP64, stored.

    A package folder is zipped into ``work_dir/<name>.zip`` (written under a temporary
    name and renamed at the end, so no half ZIP ever has the final name); an existing
    ZIP is checked (one root folder with METS.xml in it) and returned as it is.
    Raises PackageNotReady (missing, no METS.xml, several roots), OutputError (the ZIP
    exists already, or cannot be written) or Cancelled (nothing is left behind).
    """
    package = Path(package)
    cancel = cancel or CancelToken()
    if package.is_file():
        if not zipfile.is_zipfile(package):
            raise PackageNotReady("export.roda.not_a_package", package=package.name)
        errors = [f for f in _zip_shape(package) if f.is_error]
        if errors:
            raise PackageNotReady("export.roda.not_for_roda", package=package.name, detail=errors[0].message())
        return package
    if not package.is_dir():
        raise PackageNotReady("export.roda.package_missing", package=str(package))
    if not (package / "METS.xml").is_file():
        raise PackageNotReady("export.roda.not_a_package", package=package.name)
    final = Path(work_dir) / f"{package.name}.zip"
    if os.path.lexists(final):
        raise OutputError("error.output_exists", path=str(final))
    files = list(_walk(package))
    event = ProgressEvent(phase="zip", package=package.name,
                          files_total=sum(1 for _, p in files if p.is_file()),
                          bytes_total=sum(p.stat().st_size for _, p in files if p.is_file()))
    sink = Throttle(progress)
    sink(event, force=True)
    try:
        claim = Claim(final)
    except OSError as exc:
        raise OutputError("error.output", path=str(final), reason=exc.strerror or str(exc)) from exc
    temp = claim.temp
    try:
        with zipfile.ZipFile(temp, "x", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.writestr(_dir_info(package.name + "/", package), b"")
            for rel, path in files:
                name = f"{package.name}/{rel}"
                if path.is_dir():
                    zf.writestr(_dir_info(name + "/", path), b"")
                    continue
                info = zipfile.ZipInfo.from_file(path, name, strict_timestamps=False)
                info.compress_type = zipfile.ZIP_STORED
                event.current = rel
                with open(path, "rb") as fin, zf.open(info, "w", force_zip64=info.file_size >= (1 << 31)) as fout:
                    while chunk := fin.read(CHUNK):
                        cancel.check()
                        fout.write(chunk)
                        event.bytes_done += len(chunk)
                        sink(event)
                event.files_done += 1
                sink(event)
        with open(temp, "rb") as f:
            os.fsync(f.fileno())
        if os.path.lexists(final):
            raise OutputError("error.output_exists", path=str(final))
        os.rename(temp, final)
    except OSError as exc:
        _unlink(temp)
        raise OutputError("error.output", path=str(final), reason=exc.strerror or str(exc)) from exc
    except BaseException:
        _unlink(temp)
        raise
    finally:
        claim.release()
    sink(event, force=True)
    return final


def check_for_roda(zip_path: Path) -> list[RodaFinding]:
    """Check a SIP ZIP the way RODA's E-ARK SIP 2 ingest will read it; return every finding.

    Errors: not a ZIP, not exactly one root folder, no or unreadable root METS.xml,
    descriptive metadata of type DC that is not RODA's ``simpledc`` (or breaks its
    dc.xsd), EAD that is not in the EAD 2002 namespace, a descriptive file listed in
    the METS but missing.  Warning: no simpledc/EAD 2002 description with a title (RODA
    would fall back to plain.xslt and show the AIP without a title), an unexpected
    MDTYPEVERSION.  Parsing uses earchive's safe parser (no DTDs, no external entities).
    Never raises for a bad package; an empty list means "ready for RODA".
    """
    zip_path = Path(zip_path)
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [RodaFinding("roda.zip_unreadable", file=zip_path.name, reason=getattr(exc, "strerror", None) or str(exc))]
    with zf:
        findings = _zip_shape(zip_path, zf)
        if any(f.is_error for f in findings):
            return findings
        root = _roots(zf.namelist())[0]
        mets = _parse_member(zf, f"{root}/METS.xml")
        if isinstance(mets, RodaFinding):
            return findings + [mets]
        titled = False
        for sec, kind, href, version, other in _descriptive_refs(mets):
            if kind not in ("DC", "EAD"):
                continue  # RODA's "Other": checked for well-formedness only, no title from it
            if not href:
                findings.append(RodaFinding("roda.dmd_no_href", dmd=sec))
                continue
            member = f"{root}/{href}"
            doc = _parse_member(zf, member)
            if isinstance(doc, RodaFinding):
                findings.append(doc)
                continue
            if kind == "DC":
                new, has_title = _check_simpledc(doc, href, version)
            else:
                new, has_title = _check_ead(doc, href, version)
            findings.extend(new)
            titled = titled or (has_title and not any(f.is_error for f in new))
        if not titled:
            findings.append(RodaFinding("roda.no_title", level="warning"))
    return findings


def export_package(
    package: Path,
    target: Target,
    *,
    secret: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    wait: bool = True,
) -> ExportResult:
    """Validate ``package`` (folder or ZIP) and deliver it to RODA as ``target`` says.

    With ``target.folder`` the ZIP is copied into that transfer folder (and, when
    ``target.url`` is also set, RODA is asked to refresh its transfer area).  Otherwise
    it is uploaded to ``target.url``, an E-ARK SIP 2 ingest job is created and, with
    ``wait``, followed until it ends; the result names the AIP id, the job and its report.
    ``secret`` is the password or access key; by default it comes from the environment
    or the keyring (:func:`earchive.export.credentials.get_secret`).

    Raises InvalidInput (the target is not a usable RODA target), PackageNotReady (the
    package is invalid or not what RODA needs: nothing was sent), ExportError (the
    target refused or could not be reached; ``retryable`` says whether to try again),
    JobFailed (the ingest job ran and failed; ``result`` has its report) or Cancelled.
    Cancelling while the job is followed stops following it, not RODA's job.
    The local package is never changed or deleted.
    """
    package = Path(package)
    cancel = cancel or CancelToken()
    _check_target(target)
    if not package.exists():
        raise PackageNotReady("export.roda.package_missing", package=str(package))
    name = package.name
    upload = bool(target.url) and not target.folder
    if upload:
        secret = secret or get_secret(target)  # before any work: a missing secret is said at once
    elif target.url:
        secret = secret or get_secret(target, required=False)  # only to ask RODA to refresh
    _validate(package, progress, cancel)
    result = ExportResult(target=TargetKind.RODA.value, package=str(package))
    with _work_dir(package) as work:
        zip_path = prepare_zip(package, work, progress=progress, cancel=cancel)
        findings = check_for_roda(zip_path)
        errors = [f for f in findings if f.is_error]
        if errors:
            raise PackageNotReady("export.roda.not_for_roda", package=name, detail=errors[0].message())
        result.notes.extend(f for f in findings if not f.is_error)
        if not upload:
            dest = _deliver_to_folder(zip_path, Path(target.folder), name, progress, cancel)
            result.delivered_to = str(dest)
            result.state = "delivered"
            if target.url and secret:
                _refresh_transfers(_Session(target, secret), result, name)
            elif target.url:
                result.notes.append(RodaFinding("export.roda.refresh_no_secret", level="warning", server=target.url))
            return result
        session = _Session(target, secret)
        result.delivered_to = target.url
        return _deliver_by_api(session, zip_path, name, target, result, progress, cancel, wait)


def test_connection(target: Target, *, secret: str | None = None) -> ConnectionCheck:
    """Check a RODA target without sending anything: the folder is writable, the server answers
    as RODA and accepts the credentials (an authenticated ``GET /api/v2/members/users/authenticated``).

    Never raises for an unreachable or refusing target: the answer says what is wrong
    (codes ``export.roda.check_unreachable``, ``export.roda.check_tls``,
    ``export.roda.check_timeout``, ``export.roda.check_failed``, ``export.roda.auth_failed``,
    ``export.roda.not_roda``, ``export.no_secret``, ``export.roda.folder_missing``,
    ``export.roda.folder_not_writable``; ``export.roda.connected`` and
    ``export.roda.folder_ok`` when all is well).
    Raises InvalidInput for a target that is not a usable RODA target.
    """
    _check_target(target)
    if target.folder:
        check = _check_folder(Path(target.folder))
        if not check.ok or not target.url:
            return check
    try:
        secret = secret or get_secret(target)
        session = _Session(target, secret)
        response = session.call("GET", "/members/users/authenticated", retry=True, what="test")
        user = _json_object(response)
    except ExportError as exc:
        params = {"detail": "-", "status": "-", **exc.params}
        return ConnectionCheck(False, _CHECK_CODES.get(exc.code, exc.code), params)
    name = user.get("name") if isinstance(user, dict) else None
    if not isinstance(name, str):
        return ConnectionCheck(False, "export.roda.not_roda", _server_params(target, status=response.status,
                                                                                  path=response.url))
    if user.get("guest") is True or name == "guest":
        # RODA serves the guest user to calls whose credentials it did not take.
        return ConnectionCheck(False, "export.roda.auth_failed", _server_params(target, status=200))
    return ConnectionCheck(True, "export.roda.connected", {"server": target.url, "user": name})


#: Failures of a delivery as answers of a connection test (whose messages name no package).
_CHECK_CODES = {
    "export.roda.unreachable": "export.roda.check_unreachable",
    "export.roda.connection_lost": "export.roda.check_unreachable",
    "export.roda.timeout": "export.roda.check_timeout",
    "export.roda.tls": "export.roda.check_tls",
    "export.roda.server_error": "export.roda.check_failed",
    "export.roda.refused": "export.roda.check_failed",
    "export.roda.forbidden": "export.roda.check_failed",
}

#: Not a pytest test, though its name starts with "test_" (tests import it).
test_connection.__test__ = False  # type: ignore[attr-defined]


def note_messages(result: ExportResult, lang: str | None = None) -> list[str]:
    """The notes of an export result as text in ``lang`` (they are message codes with data)."""
    context = {"package": Path(result.package).name, "server": result.delivered_to, "job": result.job_id,
               "aip": result.aip_id}
    out = []
    for note in result.notes:
        if isinstance(note, RodaFinding):
            out.append(note.message(lang, **context))
        else:
            out.append(render(str(note), context, lang))
    return out


# --------------------------------------------------------------------------------------
# Private helpers: the package
# --------------------------------------------------------------------------------------


def _check_target(target: Target) -> None:
    if target.kind is not TargetKind.RODA:
        raise InvalidInput("error.invalid_value", field="kind", value=target.kind.value, allowed=TargetKind.RODA.value)
    if target.auth not in ("basic", "access-key"):
        raise InvalidInput("error.invalid_value", field="auth", value=target.auth, allowed="basic, access-key")
    if target.url:
        parts = urlsplit(target.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput("export.roda.bad_url", url=target.url)
        if parts.username is not None or parts.password is not None:
            raise InvalidInput("export.roda.url_with_credentials")
        if target.auth == "basic" and not target.user:
            raise InvalidInput("export.roda.user_missing", server=target.url)
    if target.poll_interval_s <= 0 or target.max_wait_s <= 0 or target.timeout_s <= 0:
        raise InvalidInput("error.invalid_value", field="poll_interval_s/max_wait_s/timeout_s",
                           value=f"{target.poll_interval_s}/{target.max_wait_s}/{target.timeout_s}",
                           allowed="numbers above 0")


def _validate(package: Path, progress: Progress, cancel: CancelToken) -> None:
    """earchive's validator first: RODA's own checks are weaker (commons-ip, roda.md 4.3)."""
    from earchive.validation import Severity, validate_package

    def forward(event: ProgressEvent) -> None:
        if event.phase == "done":
            event.phase = "validate"
        progress(event)

    try:
        report = validate_package(package, check_fixity=True, progress=forward, cancel=cancel)
    except PackageReadError as exc:
        raise PackageNotReady("export.roda.invalid_package", package=package.name, errors=1,
                              first=exc.message()) from exc
    if not report.valid:
        errors = [f for f in report.findings if f.severity is Severity.ERROR]
        first = errors[0]
        where = f" ({first.requirement}, {first.file})" if first.file else f" ({first.requirement})"
        raise PackageNotReady("export.roda.invalid_package", package=package.name, errors=len(errors),
                              first=first.message() + where)


def _walk(folder: Path) -> Iterator[tuple[str, Path]]:
    """(package-relative POSIX path, path) of every folder and file, sorted, folders before their content."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        base = Path(dirpath)
        for d in dirnames:
            yield (base / d).relative_to(folder).as_posix(), base / d
        for f in sorted(filenames):
            yield (base / f).relative_to(folder).as_posix(), base / f


def _dir_info(name: str, path: Path) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo.from_file(path, name, strict_timestamps=False)
    info.compress_type = zipfile.ZIP_STORED
    return info


def _roots(names: list[str]) -> list[str]:
    return sorted({n.split("/", 1)[0] for n in names if n.strip("/")})


def _zip_shape(zip_path: Path, zf: zipfile.ZipFile | None = None) -> list[RodaFinding]:
    """One root folder (CSIPSTR1/2; RODA takes the SIP from it) with METS.xml in it."""
    if zf is None:
        try:
            with zipfile.ZipFile(zip_path) as z:
                return _zip_shape(zip_path, z)
        except (OSError, zipfile.BadZipFile) as exc:
            return [RodaFinding("roda.zip_unreadable", file=zip_path.name, reason=str(exc))]
    names = zf.namelist()
    roots = _roots(names)
    top_files = [n for n in names if "/" not in n.strip("/") and not n.endswith("/")]
    if len(roots) != 1 or top_files:
        return [RodaFinding("roda.zip_roots", file=zip_path.name, count=len(roots),
                            roots=", ".join(roots[:5]) or "-")]
    if f"{roots[0]}/METS.xml" not in names:
        return [RodaFinding("roda.no_mets", file=zip_path.name, root=roots[0])]
    return []


def _parse_member(zf: zipfile.ZipFile, member: str) -> etree._ElementTree | RodaFinding:
    from earchive.schemas import parse_xml

    try:
        with zf.open(member) as f:
            return parse_xml(f, name=member)
    except KeyError:
        return RodaFinding("roda.file_missing", file=member)
    except PackageReadError as exc:
        return RodaFinding("roda.xml_unreadable", file=member, reason=exc.params.get("reason", exc.message()))
    except (OSError, zipfile.BadZipFile) as exc:
        return RodaFinding("roda.xml_unreadable", file=member, reason=str(exc))


def _descriptive_refs(mets: etree._ElementTree) -> Iterator[tuple[str, str, str, str, str]]:
    """(dmdSec ID, MDTYPE, package-relative href, MDTYPEVERSION, OTHERMDTYPE) per descriptive mdRef."""
    ns = {"m": METS_NS}
    for sec in mets.getroot().iterfind("m:dmdSec", ns):
        ref = sec.find("m:mdRef", ns)
        if ref is None:
            continue
        href = unquote(ref.get(f"{{{XLINK_NS}}}href") or "").strip()
        href = str(PurePosixPath(href)) if href else ""  # "./metadata/x.xml" -> "metadata/x.xml"
        yield (sec.get("ID") or "", (ref.get("MDTYPE") or "").upper(), href,
               ref.get("MDTYPEVERSION") or "", ref.get("OTHERMDTYPE") or "")


def _check_simpledc(doc: etree._ElementTree, href: str, version: str) -> tuple[list[RodaFinding], bool]:
    """RODA's DC crosswalks match a root ``simpledc`` with unqualified children; dc.xsd has no namespace."""
    root = doc.getroot()
    if root.tag != "simpledc":
        return [RodaFinding("roda.dc_not_simpledc", file=href, root=_local(root.tag), ns=_ns(root.tag) or "-")], False
    qualified = sorted({c.tag for c in root if isinstance(c.tag, str) and _ns(c.tag)})
    if qualified:
        return [RodaFinding("roda.dc_qualified", file=href, elements=", ".join(qualified[:3]))], False
    findings = []
    schema = _earchive_schema("simpledc")
    if schema is not None and not schema.validate(doc):
        error = schema.error_log[0] if len(schema.error_log) else None
        findings.append(RodaFinding("roda.dc_invalid", file=href, line=error.line if error else 0,
                                    reason=error.message if error else "-"))
    if version != SIMPLEDC_VERSION:
        findings.append(RodaFinding("roda.dc_version", level="warning", file=href, version=version or "-",
                                    expected=SIMPLEDC_VERSION))
    has_title = any(c.tag == "title" and (c.text or "").strip() for c in root)
    return findings, has_title


def _check_ead(doc: etree._ElementTree, href: str, version: str) -> tuple[list[RodaFinding], bool]:
    """RODA's ead_2002.xslt takes the title from //archdesc/did/unittitle in the EAD 2002 namespace."""
    root = doc.getroot()
    if root.tag != f"{{{EAD_NS}}}ead":
        return [RodaFinding("roda.ead_not_2002", file=href, root=_local(root.tag), ns=_ns(root.tag) or "-",
                            ead=EAD_NS)], False
    findings = []
    if version != "2002":
        findings.append(RodaFinding("roda.ead_version", level="warning", file=href, version=version or "-"))
    titles = root.xpath("//e:archdesc/e:did/e:unittitle", namespaces={"e": EAD_NS})
    has_title = any("".join(t.itertext()).strip() for t in titles)
    if not has_title:
        findings.append(RodaFinding("roda.ead_no_title", level="warning", file=href))
    return findings, has_title


def _earchive_schema(key: str):
    from earchive.schemas import xml_schema

    try:
        return xml_schema(key)
    except (EarchiveError, etree.XMLSchemaParseError):  # schema not shipped: the check is skipped
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


class _work_dir:
    """A temporary folder for the ZIP: beside the package (which had room for it) or the system's temp."""

    def __init__(self, package: Path) -> None:
        parent = package.resolve().parent
        place = parent if os.access(parent, os.W_OK) else None
        if place is None:
            self._claim = None
            self._tmp = tempfile.TemporaryDirectory(prefix="earchive-roda-")
            self.path = Path(self._tmp.name)
        else:  # a claimed name, so that the next run removes it should this one be killed
            self._claim = Claim(parent / f"{package.name}.roda")
            self.path = self._claim.work
            self.path.mkdir()

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self._claim is None:
            self._tmp.cleanup()
        else:
            shutil.rmtree(self.path, ignore_errors=True)
            self._claim.release()


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# --------------------------------------------------------------------------------------
# Private helpers: delivery into a folder
# --------------------------------------------------------------------------------------


def _check_folder(folder: Path) -> ConnectionCheck:
    if not folder.is_dir():
        return ConnectionCheck(False, "export.roda.folder_missing", {"folder": str(folder)})
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return ConnectionCheck(False, "export.roda.folder_not_writable",
                               {"folder": str(folder), "reason": exc.strerror or str(exc)})
    return ConnectionCheck(True, "export.roda.folder_ok", {"folder": str(folder)})


def _deliver_to_folder(zip_path: Path, folder: Path, name: str, progress: Progress, cancel: CancelToken) -> Path:
    """Copy the ZIP into RODA's transfer folder: temporary name first, renamed when complete and synced."""
    check = _check_folder(folder)
    if not check.ok:
        raise ExportError(check.code, retryable=False, package=name, **check.params)
    dest = folder / zip_path.name
    partials.sweep(folder)  # copies that a killed delivery left
    if os.path.lexists(dest):
        raise ExportError("export.roda.folder_exists", retryable=False, package=name, file=str(dest))
    try:
        claim = Claim(dest)
    except OSError as exc:
        raise ExportError("export.roda.copy_failed", retryable=True, package=name, folder=str(folder),
                          reason=exc.strerror or str(exc)) from exc
    temp = claim.temp
    event = ProgressEvent(phase="copy", package=name, files_total=1, bytes_total=zip_path.stat().st_size,
                          current=str(dest))
    sink = Throttle(progress)
    sink(event, force=True)
    try:
        with open(zip_path, "rb") as fin, open(temp, "xb") as fout:
            while chunk := fin.read(CHUNK):
                cancel.check()
                fout.write(chunk)
                event.bytes_done += len(chunk)
                sink(event)
            fout.flush()
            os.fsync(fout.fileno())
        if os.path.lexists(dest):
            raise ExportError("export.roda.folder_exists", retryable=False, package=name, file=str(dest))
        os.rename(temp, dest)
    except OSError as exc:
        _unlink(temp)
        raise ExportError("export.roda.copy_failed", retryable=True, package=name, folder=str(folder),
                          reason=exc.strerror or str(exc)) from exc
    except BaseException:
        _unlink(temp)
        raise
    finally:
        claim.release()
    event.files_done = 1
    sink(event, force=True)
    return dest


def _refresh_transfers(session: "_Session", result: ExportResult, name: str) -> None:
    """Ask RODA to rescan its transfer area; the file is delivered either way, so a failure is a note."""
    try:
        session.call("POST", "/transfers/refresh", what="refresh", package=name)
    except ExportError as exc:
        log.info("refresh of the transfer area failed: %s", exc.code)
        result.notes.append(RodaFinding("export.roda.refresh_failed", level="warning", server=session.target.url,
                                        reason=exc.message()))


# --------------------------------------------------------------------------------------
# Private helpers: the REST API
# --------------------------------------------------------------------------------------


def _server_params(target: Target, **more: Any) -> dict[str, Any]:
    return {"server": target.url, "user": target.user or "access key", **more}


class _Session:
    """RODA's REST API v2 with one target's authentication; turns failures into ExportErrors.

    Basic authentication sends the user and password with every call.  With an access
    key, a JWT is fetched from ``POST /api/v2/members/token`` first and fetched once
    more when RODA answers 401 (the token expired).
    """

    def __init__(self, target: Target, secret: str | None) -> None:
        self.target = target
        self.secret = secret or ""
        self.http = HttpClient(target.url, timeout_s=target.timeout_s, verify_tls=target.verify_tls,
                               user_agent="earchive (RODA export)")
        self._token = ""
        self._token_until = 0.0

    # -- authentication ---------------------------------------------------------------

    def _auth_header(self, *, fresh: bool = False) -> dict[str, str]:
        if self.target.auth == "basic":
            raw = f"{self.target.user}:{self.secret}".encode("utf-8")
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        if fresh or not self._token or time.monotonic() > self._token_until:
            self._fetch_token()
        return {"Authorization": f"Bearer {self._token}"}

    def _fetch_token(self) -> None:
        try:
            response = self.http.request("POST", API + "/members/token", json={"key": self.secret})
        except TransportError as exc:
            raise self._transport_failure(exc, "token") from None
        if response.status in (401, 403):
            raise ExportError("export.roda.auth_failed", retryable=False,
                              **_server_params(self.target, status=response.status))
        if not response.ok:
            raise self._http_failure(response, "token")
        data = _json_object(response)
        token = data.get("token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise ExportError("export.roda.not_roda", retryable=False,
                              **_server_params(self.target, status=response.status, path=response.url))
        self._token = token
        expires_ms = data.get("expiresIn")
        lifetime = float(expires_ms) / 1000 if isinstance(expires_ms, (int, float)) and expires_ms > 0 else 300.0
        self._token_until = time.monotonic() + max(0.0, lifetime - 30)  # fetch a new one a little early

    # -- calls ------------------------------------------------------------------------

    def call(self, method: str, path: str, *, what: str, package: str = "", retry: bool = False,
             params: dict | None = None, json: Any = None, cancel: CancelToken | None = None) -> Response:
        """One API call; a 401 with an access key fetches a new token and tries once more."""
        for attempt in (1, 2):
            try:
                response = self.http.request(method, API + path, params=params, json=json, retry=retry,
                                             headers=self._auth_header(fresh=attempt == 2), cancel=cancel)
            except TransportError as exc:
                raise self._transport_failure(exc, what, package) from None
            if response.status == 401 and self.target.auth == "access-key" and attempt == 1:
                continue
            if not response.ok:
                raise self._http_failure(response, what, package)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def upload(self, zip_path: Path, *, package: str, on_bytes: Callable[[int, int], None],
               cancel: CancelToken) -> Response:
        """Upload to the transfer area; a 401 with an access key (expired token) is the one case sent again:
        RODA refused the request before storing anything."""
        for attempt in (1, 2):
            try:
                response = self.http.upload(
                    API + "/transfers/create/resource", UploadFile("resource", zip_path, zip_path.name, "application/zip"),
                    params={"commit": True}, headers=self._auth_header(fresh=attempt == 2),
                    on_bytes=on_bytes, cancel=cancel)
            except TransportError as exc:
                if exc.kind == "timeout" and exc.total and exc.sent >= exc.total:
                    # All was sent and no answer came: RODA may have stored it; a second upload would double it.
                    raise ExportError("export.roda.upload_unconfirmed", retryable=False, package=package,
                                      server=self.target.url, detail=exc.detail) from None
                if exc.kind == "interrupted":
                    raise ExportError("export.roda.upload_interrupted", retryable=True, package=package,
                                      server=self.target.url, sent=exc.sent, total=exc.total,
                                      detail=exc.detail) from None
                raise self._transport_failure(exc, "upload", package) from None
            except Cancelled:
                raise Cancelled("export.roda.upload_cancelled", package=package, server=self.target.url) from None
            if response.status == 401 and self.target.auth == "access-key" and attempt == 1:
                continue
            if not response.ok:
                raise self._http_failure(response, "upload", package)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    # -- errors -------------------------------------------------------------------------

    def _transport_failure(self, exc: TransportError, what: str, package: str = "") -> ExportError:
        params = {"server": self.target.url, "package": package or "-", "detail": exc.detail}
        if exc.kind == "tls":
            return ExportError("export.roda.tls", retryable=False, **params)
        if exc.kind == "timeout":
            return ExportError("export.roda.timeout", retryable=True, **params)
        if exc.kind == "interrupted" and what == "job":
            # The request may have reached RODA: a second one could ingest the package twice.
            return ExportError("export.roda.job_unknown", retryable=False, **params)
        if exc.kind == "interrupted":
            return ExportError("export.roda.connection_lost", retryable=True, **params)
        return ExportError("export.roda.unreachable", retryable=True, **params)

    def _http_failure(self, response: Response, what: str, package: str = "") -> ExportError:
        status = response.status
        params = {**_server_params(self.target, status=status), "package": package or "-"}
        if status == 401:
            return ExportError("export.roda.auth_failed", retryable=False, **params)
        if status == 403:
            return ExportError("export.roda.forbidden", retryable=False, **params)
        if status in (404, 405) or 300 <= status < 400:
            return ExportError("export.roda.not_roda", retryable=False, path=response.url, **params)
        detail = _server_message(response)
        if status >= 500:
            return ExportError("export.roda.server_error", retryable=what != "job", detail=detail, **params)
        return ExportError("export.roda.refused", retryable=False, detail=detail, **params)


def _json_object(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _server_message(response: Response) -> str:
    data = _json_object(response)
    if isinstance(data, dict):
        for key in ("message", "details", "error"):
            if isinstance(data.get(key), str) and data[key].strip():
                return data[key].strip()[:MAX_DETAIL]
    return response.text_excerpt()[:MAX_DETAIL] or "-"


def _deliver_by_api(session: _Session, zip_path: Path, name: str, target: Target, result: ExportResult,
                    progress: Progress, cancel: CancelToken, wait: bool) -> ExportResult:
    size = zip_path.stat().st_size
    event = ProgressEvent(phase="upload", package=name, files_total=1, bytes_total=size, current=target.url)
    sink = Throttle(progress)
    sink(event, force=True)

    def on_bytes(sent: int, total: int) -> None:
        event.bytes_done = sent
        sink(event)

    response = session.upload(zip_path, package=name, on_bytes=on_bytes, cancel=cancel)
    resource = _json_object(response)
    uuid = resource.get("uuid") or resource.get("id") if isinstance(resource, dict) else None
    if not isinstance(uuid, str) or not uuid:
        raise ExportError("export.roda.not_roda", retryable=False, package=name, path=response.url,
                          **_server_params(target, status=response.status))
    result.transfer_id = uuid
    event.files_done = 1
    sink(event, force=True)
    cancel.check()

    parameters = {PARAM_SIP_TO_AIP: SIP_TO_AIP_EARK2}
    if target.parent_id:
        parameters[PARAM_PARENT_ID] = target.parent_id
    body = {
        "name": f"Ingest {zip_path.name} (earchive)",
        "plugin": INGEST_PLUGIN,
        "pluginParameters": parameters,
        "sourceObjects": {"@type": "SelectedItemsListRequest", "ids": [uuid]},
        "sourceObjectsClass": TRANSFERRED_RESOURCE,
        "priority": "MEDIUM",
        "parallelism": "NORMAL",
    }
    # Never retried: if the answer is lost, the job may exist, and a second one would ingest twice.
    job = _json_object(session.call("POST", "/jobs", json=body, what="job", package=name))
    job_id = job.get("id") if isinstance(job, dict) else None
    if not isinstance(job_id, str) or not job_id:
        raise ExportError("export.roda.not_roda", retryable=False, package=name, path=session.http.url_of(API + "/jobs"),
                          **_server_params(target, status=200))
    result.job_id = job_id
    result.state = str(job.get("state") or "CREATED")
    if not wait:
        result.notes.append(RodaFinding("export.roda.not_followed", level="info"))
        return result

    try:
        result.state = _follow_job(session, job_id, name, target, progress, cancel)
        reports = _json_object(session.call("GET", f"/jobs/{job_id}/reports", retry=True, what="report",
                                            package=name, cancel=cancel))
    except ExportError as exc:
        if exc.code == "export.roda.job_timeout":
            raise
        # The package is delivered and the job runs: "try again" would ingest it twice.
        raise ExportError("export.roda.lost_track", retryable=False, package=name, server=target.url, job=job_id,
                          detail=exc.message()) from exc
    items = reports.get("reports") if isinstance(reports, dict) else None
    items = [r for r in items or [] if isinstance(r, dict)]
    report = next((r for r in items if r.get("sourceObjectId") == uuid), items[0] if items else {})
    result.report = report
    result.aip_id = str(report.get("outcomeObjectId") or "")
    failure = _failure_of(report)
    if result.state != "COMPLETED" or failure is not None or not result.aip_id:
        detail = failure or (f"the job ended {result.state}" if result.state != "COMPLETED"
                             else "the report names no AIP")
        raise JobFailed("export.roda.job_failed", result=result, package=name, server=target.url, job=job_id,
                        state=result.state, detail=detail)
    return result


def _follow_job(session: _Session, job_id: str, name: str, target: Target, progress: Progress,
                cancel: CancelToken) -> str:
    """Poll ``GET /api/v2/jobs/{id}`` until the job ends; return its final state.

    Cancelling stops polling only: RODA goes on with the job, so Cancelled names the job.
    """
    deadline = time.monotonic() + target.max_wait_s
    event = ProgressEvent(phase="ingest", package=name, current=job_id)
    while True:
        try:
            job = _json_object(session.call("GET", f"/jobs/{job_id}", retry=True, what="poll", package=name,
                                            cancel=cancel))
        except Cancelled:
            raise Cancelled("export.roda.polling_stopped", package=name, server=target.url, job=job_id) from None
        state = str(job.get("state") or "") if isinstance(job, dict) else ""
        stats = job.get("jobStats") if isinstance(job, dict) else None
        if isinstance(stats, dict) and isinstance(stats.get("completionPercentage"), (int, float)):
            event.files_total, event.files_done = 100, int(stats["completionPercentage"])
        event.current = f"{job_id} {state}".strip()
        progress(event)
        if state in FINAL_JOB_STATES:
            return state
        if time.monotonic() >= deadline:
            raise ExportError("export.roda.job_timeout", retryable=False, package=name, server=target.url,
                              job=job_id, seconds=int(target.max_wait_s))
        end = min(deadline, time.monotonic() + target.poll_interval_s)
        while time.monotonic() < end:
            if cancel.cancelled:
                raise Cancelled("export.roda.polling_stopped", package=name, server=target.url, job=job_id)
            time.sleep(min(0.05, max(0.0, end - time.monotonic())))


def _failure_of(report: dict) -> str | None:
    """The first failing step of a job report (depth first) as "plugin: details", or None."""
    if not report:
        return None

    def walk(item: dict) -> Iterator[dict]:
        yield item
        for sub in item.get("reports") or []:
            if isinstance(sub, dict):
                yield from walk(sub)

    failed = [r for r in walk(report) if str(r.get("pluginState") or "").upper() in FAILED_PLUGIN_STATES]
    if not failed:
        return None
    deepest = next((r for r in reversed(failed) if str(r.get("pluginDetails") or "").strip()), failed[0])
    label = deepest.get("pluginName") or deepest.get("plugin") or "ingest"
    details = " ".join(str(deepest.get("pluginDetails") or "").split()) or "no details"
    return f"{label}: {details}"[:MAX_DETAIL]


# --------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------


register({
    # --- refusing the package before anything is sent -----------------------------------
    "export.roda.not_ready": {
        "en": "{package} cannot be sent to RODA: {detail}",
        "sv": "{package} kan inte skickas till RODA: {detail}",
    },
    "export.roda.package_missing": {
        "en": "There is no package at {package}. Give the folder or ZIP that earchive build wrote.",
        "sv": "Det finns inget paket i {package}. Ange mappen eller ZIP-filen som earchive build skrev.",
    },
    "export.roda.not_a_package": {
        "en": "{package} is not an E-ARK package (no METS.xml, or not a ZIP). Give the folder or ZIP that earchive build wrote.",
        "sv": "{package} är inget E-ARK-paket (ingen METS.xml, eller ingen ZIP-fil). Ange mappen eller ZIP-filen som earchive build skrev.",
    },
    "export.roda.invalid_package": {
        "en": "{package} is not a valid E-ARK SIP ({errors} errors; the first: {first}). Nothing was sent. "
              "See all of them with 'earchive validate', fix the package (or build it again) and export again.",
        "sv": "{package} är inget giltigt E-ARK SIP ({errors} fel; det första: {first}). Inget skickades. "
              "Se alla med 'earchive validate', rätta paketet (eller bygg om det) och exportera igen.",
    },
    "export.roda.not_for_roda": {
        "en": "{package} is not ready for RODA: {detail} Nothing was sent; fix the package and export again.",
        "sv": "{package} är inte redo för RODA: {detail} Inget skickades; rätta paketet och exportera igen.",
    },
    # --- check_for_roda findings -----------------------------------------------------------
    "roda.zip_unreadable": {
        "en": "{file} cannot be read as a ZIP ({reason}).",
        "sv": "{file} kan inte läsas som ZIP-fil ({reason}).",
    },
    "roda.zip_roots": {
        "en": "{file} must hold exactly one root folder with the package in it; it has {count} ({roots}) or files at the top.",
        "sv": "{file} måste innehålla exakt en rotmapp med paketet; den har {count} ({roots}) eller filer överst.",
    },
    "roda.no_mets": {
        "en": "{file} has no METS.xml in its root folder {root}.",
        "sv": "{file} har ingen METS.xml i rotmappen {root}.",
    },
    "roda.file_missing": {
        "en": "{file} is listed in the METS but missing from the ZIP.",
        "sv": "{file} finns i METS men saknas i ZIP-filen.",
    },
    "roda.xml_unreadable": {
        "en": "{file} cannot be parsed ({reason}).",
        "sv": "{file} kan inte tolkas ({reason}).",
    },
    "roda.dmd_no_href": {
        "en": "The descriptive metadata section {dmd} points to no file (mdRef without xlink:href).",
        "sv": "Beskrivningssektionen {dmd} pekar inte på någon fil (mdRef utan xlink:href).",
    },
    "roda.dc_not_simpledc": {
        "en": "{file} is declared as Dublin Core (MDTYPE=\"DC\") but its root is {root} (namespace {ns}); RODA wants "
              "<simpledc> with unqualified elements (its dc.xsd would reject it and the AIP would get no title).",
        "sv": "{file} anges som Dublin Core (MDTYPE=\"DC\") men rotelementet är {root} (namnrymd {ns}); RODA vill ha "
              "<simpledc> med okvalificerade element (dess dc.xsd skulle avvisa filen och AIP:n skulle sakna titel).",
    },
    "roda.dc_qualified": {
        "en": "{file}: RODA's simpledc has unqualified elements (<title>), but it has namespaced ones ({elements}).",
        "sv": "{file}: RODA:s simpledc har okvalificerade element (<title>), men filen har element i namnrymder ({elements}).",
    },
    "roda.dc_invalid": {
        "en": "{file} breaks RODA's dc.xsd (line {line}: {reason}).",
        "sv": "{file} följer inte RODA:s dc.xsd (rad {line}: {reason}).",
    },
    "roda.dc_version": {
        "en": "{file} has MDTYPEVERSION \"{version}\"; RODA expects \"{expected}\" for simpledc (it still reads it with its generic DC crosswalk).",
        "sv": "{file} har MDTYPEVERSION \"{version}\"; RODA väntar sig \"{expected}\" för simpledc (den läses ändå med den allmänna DC-översättningen).",
    },
    "roda.ead_not_2002": {
        "en": "{file} is declared as EAD (MDTYPE=\"EAD\") but its root is {root} in namespace {ns}, not EAD 2002 ({ead}).",
        "sv": "{file} anges som EAD (MDTYPE=\"EAD\") men rotelementet är {root} i namnrymden {ns}, inte EAD 2002 ({ead}).",
    },
    "roda.ead_version": {
        "en": "{file} has MDTYPEVERSION \"{version}\"; RODA picks its EAD 2002 crosswalk for \"2002\".",
        "sv": "{file} har MDTYPEVERSION \"{version}\"; RODA väljer sin EAD 2002-översättning för \"2002\".",
    },
    "roda.ead_no_title": {
        "en": "{file} has no archdesc/did/unittitle, which RODA shows as the title.",
        "sv": "{file} saknar archdesc/did/unittitle, som RODA visar som titel.",
    },
    "roda.no_title": {
        "en": "{package} has no simpledc (MDTYPE \"DC\", SimpleDC20021212) or EAD 2002 description with a title: "
              "RODA will ingest it but show it without a title. Add Dublin Core (--title) when building.",
        "sv": "{package} saknar beskrivning i simpledc (MDTYPE \"DC\", SimpleDC20021212) eller EAD 2002 med titel: "
              "RODA tar emot paketet men visar det utan titel. Lägg till Dublin Core (--title) när paketet byggs.",
    },
    # --- the target ----------------------------------------------------------------------
    "export.roda.bad_url": {
        "en": "{url} is not an address of RODA. Give its base address, e.g. https://roda.example.se.",
        "sv": "{url} är ingen adress till RODA. Ange grundadressen, t.ex. https://roda.example.se.",
    },
    "export.roda.url_with_credentials": {
        "en": "The RODA address contains a user name or password. Give the address without them; the password "
              "is kept in the system keyring (--store-secret) or the environment.",
        "sv": "RODA-adressen innehåller användarnamn eller lösenord. Ange adressen utan dem; lösenordet sparas "
              "i systemets nyckelring (--store-secret) eller i miljön.",
    },
    "export.roda.user_missing": {
        "en": "Basic authentication to {server} needs a user name: give --user, or use --access-key.",
        "sv": "Basic-inloggning på {server} kräver ett användarnamn: ange --user, eller använd --access-key.",
    },
    "export.roda.folder_missing": {
        "en": "The transfer folder {folder} does not exist or is not a folder. Check the path (is the share mounted?).",
        "sv": "Överföringsmappen {folder} finns inte eller är ingen mapp. Kontrollera sökvägen (är utdelningen monterad?).",
    },
    "export.roda.folder_not_writable": {
        "en": "Cannot write in the transfer folder {folder} ({reason}). Ask RODA's administrator for write access.",
        "sv": "Kan inte skriva i överföringsmappen {folder} ({reason}). Be RODA:s administratör om skrivrättighet.",
    },
    "export.roda.folder_ok": {
        "en": "The transfer folder {folder} exists and is writable.",
        "sv": "Överföringsmappen {folder} finns och går att skriva i.",
    },
    "export.roda.folder_exists": {
        "en": "{file} exists already in the transfer folder: {package} was delivered before and may not be "
              "ingested yet. Check RODA's Ingest → Transfer page; remove the old file if it should be sent again.",
        "sv": "{file} finns redan i överföringsmappen: {package} har levererats tidigare och är kanske inte "
              "inläst ännu. Se RODA:s sida Ingest → Transfer; ta bort den gamla filen om paketet ska skickas igen.",
    },
    "export.roda.copy_failed": {
        "en": "Copying {package} into {folder} failed ({reason}); nothing was left there. Check the space and "
              "the connection to the share, then try again.",
        "sv": "Kopieringen av {package} till {folder} misslyckades ({reason}); inget lämnades kvar där. "
              "Kontrollera utrymmet och anslutningen till utdelningen och försök igen.",
    },
    "export.roda.refresh_failed": {
        "en": "{package} is in the transfer folder, but RODA at {server} could not be asked to refresh its "
              "transfer area ({reason}); it appears after RODA's next scan, or use Refresh under Ingest → Transfer.",
        "sv": "{package} ligger i överföringsmappen, men RODA på {server} kunde inte ombes uppdatera "
              "överföringsytan ({reason}); paketet syns efter RODA:s nästa genomsökning, eller använd Uppdatera under Ingest → Transfer.",
    },
    # --- the server ----------------------------------------------------------------------
    "export.roda.connected": {
        "en": "Connected to RODA at {server} as {user}.",
        "sv": "Ansluten till RODA på {server} som {user}.",
    },
    "export.roda.check_unreachable": {
        "en": "Cannot reach RODA at {server} ({detail}). Check the address and the network connection.",
        "sv": "Når inte RODA på {server} ({detail}). Kontrollera adressen och nätverksanslutningen.",
    },
    "export.roda.check_tls": {
        "en": "The secure connection to {server} failed ({detail}). Check the address and that this computer "
              "trusts the server's certificate.",
        "sv": "Den säkra anslutningen till {server} misslyckades ({detail}). Kontrollera adressen och att datorn "
              "litar på serverns certifikat.",
    },
    "export.roda.check_timeout": {
        "en": "RODA at {server} did not answer in time ({detail}). Try again later.",
        "sv": "RODA på {server} svarade inte i tid ({detail}). Försök igen senare.",
    },
    "export.roda.check_failed": {
        "en": "RODA at {server} answered with an error (HTTP {status}: {detail}).",
        "sv": "RODA på {server} svarade med ett fel (HTTP {status}: {detail}).",
    },
    "export.roda.unreachable": {
        "en": "Cannot reach RODA at {server} ({detail}); {package} was not delivered and is kept. Check the "
              "address and the network connection, then try again.",
        "sv": "Når inte RODA på {server} ({detail}); {package} levererades inte och finns kvar. Kontrollera "
              "adressen och nätverksanslutningen och försök igen.",
    },
    "export.roda.tls": {
        "en": "The secure connection to {server} failed ({detail}); {package} was not sent. Check that the "
              "address is right and that the server's certificate is trusted by this computer.",
        "sv": "Den säkra anslutningen till {server} misslyckades ({detail}); {package} skickades inte. "
              "Kontrollera att adressen stämmer och att datorn litar på serverns certifikat.",
    },
    "export.roda.timeout": {
        "en": "RODA at {server} did not answer in time ({detail}); {package} is kept. Try again later, or "
              "raise timeout_s in the target.",
        "sv": "RODA på {server} svarade inte i tid ({detail}); {package} finns kvar. Försök igen senare, "
              "eller höj timeout_s i målet.",
    },
    "export.roda.connection_lost": {
        "en": "The connection to RODA at {server} broke ({detail}); {package} is kept. Try again.",
        "sv": "Anslutningen till RODA på {server} bröts ({detail}); {package} finns kvar. Försök igen.",
    },
    "export.roda.auth_failed": {
        "en": "RODA at {server} did not accept the credentials of {user} (HTTP {status}). Check the user name "
              "and store the password or access key again with 'earchive export roda --store-secret'.",
        "sv": "RODA på {server} godtog inte inloggningen för {user} (HTTP {status}). Kontrollera användarnamnet "
              "och spara lösenordet eller åtkomstnyckeln igen med 'earchive export roda --store-secret'.",
    },
    "export.roda.forbidden": {
        "en": "{user} may not do this on RODA at {server} (HTTP 403); {package} is kept. Ask RODA's "
              "administrator for the ingest permissions (transfer and job creation).",
        "sv": "{user} får inte göra detta i RODA på {server} (HTTP 403); {package} finns kvar. Be RODA:s "
              "administratör om behörighet för inleverans (överföring och jobb).",
    },
    "export.roda.not_roda": {
        "en": "{server} answered HTTP {status} at {path}: this does not look like RODA's REST API v2. Give "
              "RODA's base address (without /api), e.g. https://roda.example.se.",
        "sv": "{server} svarade HTTP {status} på {path}: det ser inte ut som RODA:s REST API v2. Ange "
              "RODA:s grundadress (utan /api), t.ex. https://roda.example.se.",
    },
    "export.roda.server_error": {
        "en": "RODA at {server} had an internal error (HTTP {status}: {detail}); {package} is kept. Try again "
              "later, or ask RODA's administrator to look at the server log.",
        "sv": "RODA på {server} fick ett internt fel (HTTP {status}: {detail}); {package} finns kvar. Försök "
              "igen senare, eller be RODA:s administratör titta i serverloggen.",
    },
    "export.roda.refused": {
        "en": "RODA at {server} refused the request for {package} (HTTP {status}: {detail}).",
        "sv": "RODA på {server} avvisade begäran för {package} (HTTP {status}: {detail}).",
    },
    "export.roda.upload_interrupted": {
        "en": "The upload of {package} to {server} was interrupted after {sent} of {total} bytes ({detail}). "
              "The package is kept; try again. If RODA's Ingest → Transfer page lists the file, remove it first.",
        "sv": "Uppladdningen av {package} till {server} avbröts efter {sent} av {total} byte ({detail}). "
              "Paketet finns kvar; försök igen. Om RODA:s sida Ingest → Transfer visar filen, ta bort den först.",
    },
    "export.roda.upload_unconfirmed": {
        "en": "{package} was sent to {server}, but RODA did not confirm it ({detail}). Look at RODA's "
              "Ingest → Transfer page: if the file is there, start its ingest there; otherwise export again.",
        "sv": "{package} skickades till {server}, men RODA bekräftade inte mottagandet ({detail}). Se RODA:s "
              "sida Ingest → Transfer: finns filen där, starta inläsningen där; annars exportera igen.",
    },
    "export.roda.refresh_no_secret": {
        "en": "{package} is in the transfer folder; RODA was not asked to refresh its transfer area because no "
              "password or key is stored. It appears after RODA's next scan, or use Refresh under Ingest → Transfer.",
        "sv": "{package} ligger i överföringsmappen; RODA ombads inte uppdatera överföringsytan eftersom inget "
              "lösenord eller ingen nyckel är sparad. Paketet syns efter RODA:s nästa genomsökning, eller använd "
              "Uppdatera under Ingest → Transfer.",
    },
    "export.roda.upload_cancelled": {
        "en": "Cancelled: the upload of {package} to {server} was stopped; the package is kept.",
        "sv": "Avbrutet: uppladdningen av {package} till {server} stoppades; paketet finns kvar.",
    },
    "export.roda.job_unknown": {
        "en": "The connection to {server} broke while the ingest job for {package} was being created ({detail}). "
              "The job may exist: look at RODA's Ingest → Process page before exporting again, or the "
              "package could be ingested twice.",
        "sv": "Anslutningen till {server} bröts medan inläsningsjobbet för {package} skapades ({detail}). "
              "Jobbet kan finnas: se RODA:s sida Ingest → Process innan du exporterar igen, annars kan "
              "paketet läsas in två gånger.",
    },
    "export.roda.job_failed": {
        "en": "RODA at {server} did not ingest {package}: job {job} ended {state} ({detail}). Fix the package "
              "as the job report says (--json shows it, or RODA's Ingest → Process page) and export again.",
        "sv": "RODA på {server} läste inte in {package}: jobb {job} slutade {state} ({detail}). Rätta paketet "
              "enligt jobbrapporten (--json visar den, eller RODA:s sida Ingest → Process) och exportera igen.",
    },
    "export.roda.lost_track": {
        "en": "{package} was delivered to {server} and job {job} started, but earchive could not follow it: "
              "{detail} Follow the job on RODA's Ingest → Process page; do not export again.",
        "sv": "{package} levererades till {server} och jobb {job} startade, men earchive kunde inte följa det: "
              "{detail} Följ jobbet på RODA:s sida Ingest → Process; exportera inte igen.",
    },
    "export.roda.job_timeout": {
        "en": "Job {job} for {package} on {server} was still running after {seconds} s; earchive stopped "
              "following it, RODA goes on. Follow it on RODA's Ingest → Process page; do not export again.",
        "sv": "Jobb {job} för {package} på {server} pågick fortfarande efter {seconds} s; earchive slutade "
              "följa det, RODA fortsätter. Följ det på RODA:s sida Ingest → Process; exportera inte igen.",
    },
    "export.roda.polling_stopped": {
        "en": "Cancelled: earchive stopped following job {job} for {package}; RODA at {server} goes on with "
              "the ingest. Follow it on RODA's Ingest → Process page; do not export again.",
        "sv": "Avbrutet: earchive slutade följa jobb {job} för {package}; RODA på {server} fortsätter "
              "inläsningen. Följ den på RODA:s sida Ingest → Process; exportera inte igen.",
    },
    "export.roda.not_followed": {
        "en": "Job {job} was started on {server}; earchive does not wait for it. Follow it on RODA's Ingest → Process page.",
        "sv": "Jobb {job} startades på {server}; earchive väntar inte på det. Följ det på RODA:s sida Ingest → Process.",
    },
})
