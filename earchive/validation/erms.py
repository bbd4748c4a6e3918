"""CITS ERMS in any package: schema, Schematron, every file reference, every referenced file's checksum.

An ERMS document is found where a package puts one: a descriptive (or other) metadata file
a METS ``mdRef`` types ``OTHERMDTYPE="ERMS"`` (earchive: ``metadata/descriptive/erms.xml``),
or an XML data file of a representation whose content information type is CITS ERMS (the
placement CITS ERMS 3.0 section 3.2 shows), recognised by its root element.  Each is checked:

* ERMS-XSD: valid against the official ERMS_v3.xsd;
* ERMS-SCHEMATRON: no assertion of the official erms_v3.sch fails;
* ERMS-FILES: every ``appendix/@path`` (ERMS34) leads to a file of the package (relative to
  the package root, as CSIP references are; a path relative to the ERMS file is accepted too);
* ERMS-FIXITY: every file it leads to is described in a METS fileSec, and its recorded
  checksum is the file's own.

Findings name the CITS ERMS requirement each breaks (``rule``: ERMS59, ERMS57, ...).
"""

from __future__ import annotations

from lxml import etree

from earchive import schemas
from earchive.errors import EarchiveError, PackageReadError
from earchive.erms import schematron
from earchive.messages import register
from earchive.validation.context import PACKAGE, Context, M, XL, check, resolve_href
from earchive.validation.findings import Severity
from earchive.validation.fixity import same_digest

ERMS_NS = schemas.ERMS_NS
#: Checks of this module: ID, level, head, text (added to the catalogue of every version).
REQUIREMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("ERMS-XSD", "MUST", "ERMS schema validity",
     "Every CITS ERMS document of the package is valid against the official ERMS_v3.xsd."),
    ("ERMS-SCHEMATRON", "MUST", "ERMS Schematron rules",
     "Every CITS ERMS document of the package passes the official erms_v3.sch."),
    ("ERMS-FILES", "MUST", "ERMS file references",
     "Every appendix path of a CITS ERMS document leads to a file of the package (ERMS34)."),
    ("ERMS-FIXITY", "MUST", "ERMS files and their checksums",
     "Every file a CITS ERMS document refers to is described in a METS fileSec and matches its recorded checksum."),
)
#: Content information types that say a representation's data follow CITS ERMS.
ERMS_TYPES = ("erms", "citserms")
#: Bytes of a data file looked at for the ERMS namespace before parsing it.
HEAD = 4096


def documents(ctx: Context) -> list[tuple[str, etree._ElementTree | None, Exception | None]]:
    """(package path, parsed tree or None, read error) of every ERMS document, found once per run.

    Kept on the run's Context (as ``_erms_cache``) so that the four checks read each document once.
    """
    cached = getattr(ctx, "_erms_cache", None)
    if cached is None:
        cached = [(rel, *_parse(ctx, rel)) for rel in _candidates(ctx)]
        ctx._erms_cache = cached  # type: ignore[attr-defined]
    return cached


@check("ERMS-XSD", PACKAGE)
def check_ERMS_XSD(ctx: Context):
    """Every ERMS document is valid against the official ERMS_v3.xsd."""
    return _each(ctx, "ERMS-XSD", lambda rel, tree: _schema_findings(ctx, rel, tree, "xsd"))


@check("ERMS-SCHEMATRON", PACKAGE)
def check_ERMS_SCHEMATRON(ctx: Context):
    """No assertion of the official erms_v3.sch fails on an ERMS document."""
    return _each(ctx, "ERMS-SCHEMATRON", lambda rel, tree: _schema_findings(ctx, rel, tree, "schematron"))


@check("ERMS-FILES", PACKAGE)
def check_ERMS_FILES(ctx: Context):
    """Every appendix path leads to a file of the package."""

    def run(rel, tree):
        for el, path, target in _appendices(ctx, rel, tree):
            if target is None:
                ctx.add("ERMS-FILES", "v.erms.file_missing", file=rel, el=el, attr="path", path=path, rule="ERMS34")

    return _each(ctx, "ERMS-FILES", run, needs_schemas=False)


@check("ERMS-FIXITY", PACKAGE)
def check_ERMS_FIXITY(ctx: Context):
    """Every referenced file is in a METS fileSec and matches the checksum recorded there."""
    if not ctx.fixity:
        return "v.skip.erms_no_fixity" if documents(ctx) else "v.skip.no_erms"
    ctx.await_fixity()
    recorded = _recorded_checksums(ctx)

    def run(rel, tree):
        for el, path, target in _appendices(ctx, rel, tree):
            if target is None:
                continue  # ERMS-FILES says so
            entry = recorded.get(target)
            if entry is None:
                ctx.add("ERMS-FIXITY", "v.erms.not_in_mets", file=rel, el=el, attr="path", path=target)
                continue
            kind, value = entry
            actual = ctx.digests.get((target, kind))
            if actual is None:
                reason = ctx.unreadable.get(target, f"checksum type {kind} cannot be verified")
                ctx.add("ERMS-FIXITY", "v.erms.not_verified", file=rel, el=el, attr="path", path=target, reason=reason)
            elif not same_digest(value, actual):
                ctx.add("ERMS-FIXITY", "v.erms.checksum_mismatch", file=rel, el=el, attr="path", path=target,
                        algorithm=kind, recorded=value, actual=actual)

    return _each(ctx, "ERMS-FIXITY", run, needs_schemas=False)


# --- private helpers ----------------------------------------------------------------------------


def _each(ctx: Context, req: str, run, *, needs_schemas: bool = True):
    found = documents(ctx)
    if not found:
        return "v.skip.no_erms"
    if needs_schemas and not schematron.available():
        ctx.add(req, "v.erms.schemas_missing", file=found[0][0], severity=Severity.INFO)
        return "v.skip.schema_unavailable"
    for rel, tree, error in found:
        if tree is None:
            if req == "ERMS-XSD":
                params = dict(error.params) if isinstance(error, EarchiveError) else {"path": rel, "line": 0, "reason": str(error)}
                ctx.add(req, error.code if isinstance(error, EarchiveError) else "error.xml_malformed", file=rel, **params)
            continue
        run(rel, tree)
    return None


def _schema_findings(ctx: Context, rel: str, tree: etree._ElementTree, source: str) -> None:
    req = "ERMS-XSD" if source == "xsd" else "ERMS-SCHEMATRON"
    cache = getattr(ctx, "_erms_findings", {})
    if rel not in cache:
        cache[rel] = schematron.check_document(tree)
        ctx._erms_findings = cache  # type: ignore[attr-defined]
    for f in cache[rel]:
        if f.source != source:
            continue
        ctx.add(req, f"v.erms.{source}", file=rel, rule=f.rule or "-", detail=f.message, where=f.location,
                **({} if f.line is None else {"line": f.line}))


def _candidates(ctx: Context) -> list[str]:
    out: list[str] = []
    for doc in ctx.docs:
        if doc.root is None:
            continue
        for md in doc.root.iter(M("mdRef")):
            if (md.get("OTHERMDTYPE") or "").strip().upper() == "ERMS":
                rel, _ = resolve_href(doc.folder, md.get(XL("href")) or "")
                found = ctx.pkg.find(rel) if rel else None
                if found and found not in out:
                    out.append(found)
        for grp in doc.root.iter(M("fileGrp")):
            kinds = " ".join(grp.get(a) or "" for a in grp.keys() if a.endswith("CONTENTINFORMATIONTYPE")).lower()
            if not any(k in kinds for k in ERMS_TYPES):
                continue
            for flocat in grp.iter(M("FLocat")):
                rel, _ = resolve_href(doc.folder, flocat.get(XL("href")) or "")
                found = ctx.pkg.find(rel) if rel else None
                if found and found.lower().endswith(".xml") and found not in out and _looks_like_erms(ctx, found):
                    out.append(found)
    return out


def _looks_like_erms(ctx: Context, rel: str) -> bool:
    try:
        with ctx.pkg.open(rel) as fh:
            return ERMS_NS.encode() in fh.read(HEAD)
    except OSError:
        return False


def _parse(ctx: Context, rel: str) -> tuple[etree._ElementTree | None, Exception | None]:
    try:
        local = ctx.pkg.local_path(rel)
        if local is not None:
            tree = schemas.parse_xml(str(local), name=rel)
        else:
            with ctx.pkg.open(rel) as fh:
                tree = schemas.parse_xml(fh, name=rel)
    except (PackageReadError, OSError) as exc:
        return None, exc
    if tree.getroot().tag != f"{{{ERMS_NS}}}erms":
        return None, EarchiveError("v.erms.not_erms", path=rel, element=tree.getroot().tag)
    return tree, None


def _appendices(ctx: Context, rel: str, tree: etree._ElementTree):
    """(element, path as written, package path or None) of every appendix (also an agent's)."""
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    for tag in ("appendix", "agentExtendingAppendix"):
        for el in tree.iter(f"{{{ERMS_NS}}}{tag}"):
            path = el.get("path") or ""
            target = None
            for base in ("", folder):
                candidate, _ = resolve_href(base, path)
                found = ctx.pkg.find(candidate) if candidate else None
                if found:
                    target = found
                    break
            yield el, path, target


def _recorded_checksums(ctx: Context) -> dict[str, tuple[str, str]]:
    """Package path -> (CHECKSUMTYPE, CHECKSUM) of every file a METS fileSec describes."""
    out: dict[str, tuple[str, str]] = {}
    for doc in ctx.docs:
        if doc.root is None:
            continue
        for f in doc.root.iter(M("file")):
            flocat = f.find(M("FLocat"))
            if flocat is None or not f.get("CHECKSUM"):
                continue
            rel, _ = resolve_href(doc.folder, flocat.get(XL("href")) or "")
            found = ctx.pkg.find(rel) if rel else None
            if found:
                out[found] = (f.get("CHECKSUMTYPE") or "", f.get("CHECKSUM") or "")
    return out


register({
    "v.erms.xsd": {"en": "{rule}: not valid against the CITS ERMS schema: {detail}",
                   "sv": "{rule}: inte giltig enligt CITS ERMS-schemat: {detail}"},
    "v.erms.schematron": {"en": "{rule}: the CITS ERMS Schematron says: {detail}",
                          "sv": "{rule}: CITS ERMS-Schematron säger: {detail}"},
    "v.erms.file_missing": {"en": "{rule}: the appendix path {path} leads to no file of the package",
                            "sv": "{rule}: bilagans sökväg {path} leder inte till någon fil i paketet"},
    "v.erms.not_in_mets": {"en": "{path} is referred to by the ERMS document but no METS fileSec describes it, "
                                 "so it has no checksum to verify",
                           "sv": "{path} anges i ERMS-dokumentet men ingen fileSec i METS beskriver den, "
                                 "så den har ingen kontrollsumma att kontrollera"},
    "v.erms.not_verified": {"en": "the checksum of {path} could not be verified: {reason}",
                            "sv": "kontrollsumman för {path} kunde inte kontrolleras: {reason}"},
    "v.erms.checksum_mismatch": {"en": "{path}: its {algorithm} is {actual}, but METS records {recorded}",
                                 "sv": "{path}: dess {algorithm} är {actual}, men METS anger {recorded}"},
    "v.erms.schemas_missing": {
        "en": "The CITS ERMS 3.0 schema and Schematron are not installed, so this ERMS document was not checked "
              "against them. Get them once: earchive erms schemas --download (or --from DIR).",
        "sv": "CITS ERMS 3.0-schemat och Schematron är inte installerade, så ERMS-dokumentet kontrollerades inte "
              "mot dem. Hämta dem en gång: earchive erms schemas --download (eller --from MAPP)."},
    "v.erms.not_erms": {"en": "{path} is typed ERMS but its root element is {element}, not erms",
                        "sv": "{path} anges som ERMS men dess rotelement är {element}, inte erms"},
    "v.skip.no_erms": {"en": "Not applicable: the package has no CITS ERMS document.",
                       "sv": "Gäller inte: paketet har inget CITS ERMS-dokument."},
    "v.skip.erms_no_fixity": {"en": "Not checked: checksums were not verified in this run (--no-fixity).",
                              "sv": "Kontrollerades inte: kontrollsummor kontrollerades inte i den här körningen (--no-fixity)."},
})
