"""Checks shared by every reference to a file: mdRef (dmdSec, digiprovMD, rightsMD) and fileSec file/FLocat.

CSIP gives the same attribute set to each kind of reference (LOCTYPE, xlink:type,
xlink:href, MIMETYPE, SIZE, CREATED, CHECKSUM, CHECKSUMTYPE); each requirement's own
``check_<ID>`` calls one of these with its ID and its elements.
"""

from __future__ import annotations

import io
from typing import Callable

from lxml import etree

from earchive import mediatypes
from earchive.spec import SpecVersion
from earchive.validation.context import DATETIME, NOT_APPLICABLE, NS, Context, MetsDoc, XL, local_name, short
from earchive.validation.findings import Severity
from earchive.validation.fixity import SUPPORTED, digest_stream, reference_targets, same_digest

#: The METS 1.12 CHECKSUMTYPE enumeration.
METS_CHECKSUM_TYPES = ("Adler-32", "CRC32", "HAVAL", "MD5", "MNP", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "TIGER", "WHIRLPOOL")
#: Files up to this size are re-checked with other line endings when SIZE or CHECKSUM do not match.
EOL_CHECK_BYTES = 16 << 20
#: CSIP-recommended maximum length of a MIMETYPE value (the corpus' WARNING rule).
MIMETYPE_MAX = 256


def each(ctx: Context, doc: MetsDoc, path: str, func: Callable[[etree._Element], None]) -> str | None:
    """Run ``func`` on every element at ``path``; not applicable when there is none."""
    found = doc.all(path)
    if not found:
        return NOT_APPLICABLE
    for el in found:
        func(el)
    return None


def flocat(file_el: etree._Element) -> etree._Element | None:
    return file_el.find("mets:FLocat", NS)


def loctype(ctx: Context, req: str, doc: MetsDoc, el: etree._Element) -> None:
    """@LOCTYPE is present and is "URL"."""
    value = ctx.require_attr(req, doc, el, "LOCTYPE")
    if value is not None and value != "URL":
        ctx.add(req, "v.attr_value", doc=doc, el=el, attr="LOCTYPE", element=short(el), attribute="@LOCTYPE",
                value=value, expected="URL")


def xlink_type(ctx: Context, req: str, doc: MetsDoc, el: etree._Element) -> None:
    """@xlink:type is present and is "simple"."""
    value = ctx.require_attr(req, doc, el, XL("type"))
    if value is not None and value != "simple":
        ctx.add(req, "v.attr_value", doc=doc, el=el, attr=XL("type"), element=short(el), attribute="@xlink:type",
                value=value, expected="simple")


def href(ctx: Context, req: str, doc: MetsDoc, el: etree._Element) -> str | None:
    """@xlink:href is present and names an existing file of the package; returns its package path."""
    value = ctx.require_attr(req, doc, el, XL("href"))
    if value is None:
        return None
    rel, problem = ctx.resolve(doc, value)
    if rel is None:
        ctx.add(req, problem, doc=doc, el=el, attr=XL("href"), href=value)
        return None
    found = ctx.pkg.find(rel)
    if found is None:
        code, extra = _href_hint(ctx, doc, value)
        ctx.add(req, code, doc=doc, el=el, attr=XL("href"), href=value, path=rel, **extra)
    return found


def mimetype(ctx: Context, req: str, doc: MetsDoc, el: etree._Element) -> None:
    """@MIMETYPE is present, is a media type (type/subtype) and at most 256 characters; in 2.0.4 and
    2.1.0 ("The IANA mime type") it is registered with IANA, in 2.2.0 (another list by agreement)
    an unregistered type is a warning."""
    value = ctx.require_attr(req, doc, el, "MIMETYPE")
    if value is None:
        return
    if not mediatypes.well_formed(value):
        ctx.add(req, "v.mimetype", doc=doc, el=el, attr="MIMETYPE", value=_clip(value))
    else:
        try:
            registered = mediatypes.is_registered(value)
        except mediatypes.RegistryUnavailable as exc:
            ctx.add(req, "v.mimetype_registry_unavailable", doc=doc, el=el, severity=Severity.WARNING, detail=str(exc))
            registered = True
        if not registered:
            strict = ctx.version is not SpecVersion.V2_2_0
            ctx.add(req, "v.mimetype_unregistered" if strict else "v.mimetype_unregistered_220", doc=doc, el=el,
                    attr="MIMETYPE", severity=None if strict else Severity.WARNING, value=_clip(value),
                    suggestion=mediatypes.closest_registered(value))
    if len(value) > MIMETYPE_MAX:
        ctx.add(req, "v.mimetype_long", doc=doc, el=el, attr="MIMETYPE", severity=Severity.WARNING,
                length=len(value), limit=MIMETYPE_MAX)


def datetime_attr(ctx: Context, req: str, doc: MetsDoc, el: etree._Element, attr: str) -> str | None:
    """The attribute is present and is an xs:dateTime (with a time)."""
    value = ctx.require_attr(req, doc, el, attr)
    if value is not None and not DATETIME.match(value.strip()):
        ctx.add(req, "v.not_datetime", doc=doc, el=el, attr=attr, element=short(el), attribute=f"@{attr}", value=value)
        return None
    return value


def size(ctx: Context, req: str, doc: MetsDoc, el: etree._Element, target: str | None) -> None:
    """@SIZE is present, a whole number, and equals the size of the file it describes."""
    value = ctx.require_attr(req, doc, el, "SIZE")
    if value is None:
        return
    try:
        recorded = int(value.strip())
    except ValueError:
        ctx.add(req, "v.size_not_number", doc=doc, el=el, attr="SIZE", value=value)
        return
    if target is not None and ctx.pkg.files[target] != recorded:
        code = "v.size_mismatch.eol" if _eol_changed(ctx, target, size=recorded) else "v.size_mismatch"
        ctx.add(req, code, doc=doc, el=el, attr="SIZE", path=target, recorded=recorded, actual=ctx.pkg.files[target])


def checksum(ctx: Context, req: str, doc: MetsDoc, el: etree._Element, target: str | None) -> None:
    """@CHECKSUM is present and equals the file's checksum of type @CHECKSUMTYPE."""
    value = ctx.require_attr(req, doc, el, "CHECKSUM")
    if value is None or target is None or not ctx.fixity:
        return
    ctx.await_fixity()
    algo = el.get("CHECKSUMTYPE")
    if not algo:
        return  # reported by the CHECKSUMTYPE requirement
    if algo not in SUPPORTED:
        ctx.add(req, "v.checksum_unsupported", doc=doc, el=el, attr="CHECKSUMTYPE", severity=Severity.INFO,
                algorithm=algo, path=target)
        return
    if target in ctx.unreadable:
        ctx.add(req, "v.file_unreadable", doc=doc, el=el, path=target, reason=ctx.unreadable[target])
        return
    actual = ctx.digests.get((target, algo))
    if actual is not None and not same_digest(value, actual):
        code = "v.checksum_mismatch.eol" if _eol_changed(ctx, target, algo=algo, digest=value) else "v.checksum_mismatch"
        ctx.add(req, code, doc=doc, el=el, attr="CHECKSUM", path=target, algorithm=algo,
                recorded=value.strip(), actual=actual)


def checksumtype(ctx: Context, req: str, doc: MetsDoc, el: etree._Element) -> None:
    """@CHECKSUMTYPE is present and a value of the METS enumeration."""
    value = ctx.require_attr(req, doc, el, "CHECKSUMTYPE")
    if value is not None and value not in METS_CHECKSUM_TYPES:
        ctx.add(req, "v.attr_vocab", doc=doc, el=el, attr="CHECKSUMTYPE", element=short(el),
                attribute="@CHECKSUMTYPE", value=value, vocabulary="METS CHECKSUMTYPE",
                allowed=", ".join(METS_CHECKSUM_TYPES))


def target_of(ctx: Context, doc: MetsDoc, el: etree._Element) -> str | None:
    """The package file an mdRef or file element points to, or None (no reporting here)."""
    known = targets(ctx, doc)
    if el in known:
        return known[el]
    loc = el if local_name(el) == "mdRef" else flocat(el)
    value = loc.get(XL("href")) if loc is not None else None
    if not value:
        return None
    rel, _ = ctx.resolve(doc, value)
    return ctx.pkg.find(rel, casefold=True) if rel else None


def targets(ctx: Context, doc: MetsDoc) -> dict[etree._Element, str | None]:
    """fileSec file and mdRef element -> the package file it points to (see fixity.reference_targets)."""
    return doc.cached("targets", lambda root: dict(reference_targets(ctx, doc)))


def each_passing(ctx: Context, req: str, elements, attr: str, check_one: Callable[[etree._Element], None]) -> None:
    """``check_one(el)`` for each element, but once per distinct value of ``attr`` that passed.

    For checks that depend on that attribute's value alone (MIMETYPE, CHECKSUMTYPE, LOCTYPE,
    xlink:type): 20,000 files share a handful of values, so this does a dictionary look-up per
    file instead of a check.
    """
    passed: set[str] = set()
    counts = ctx.counts
    for el in elements:
        value = el.get(attr)
        if value in passed:
            continue
        before = counts.get(req, 0)
        check_one(el)
        if value is not None and counts.get(req, 0) == before:
            passed.add(value)


def _href_hint(ctx: Context, doc: MetsDoc, value: str) -> tuple[str, dict]:
    """The message for a reference that does not resolve, naming the likely cause when there is one:
    Windows separators, '+' written for a space (commons-ip), or letter case."""
    if "\\" in value:
        rel, _ = ctx.resolve(doc, value.replace("\\", "/"))
        if rel and ctx.pkg.find(rel):
            return "v.href_missing.backslash", {}
    if "+" in value:
        rel, _ = ctx.resolve(doc, value.replace("+", "%20"))
        if rel and ctx.pkg.find(rel):
            return "v.href_missing.plus", {}
    rel, _ = ctx.resolve(doc, value)
    match = ctx.pkg.find(rel, casefold=True) if rel else None
    if match:
        return "v.href_missing.case", {"found": match}
    return "v.href_missing", {}


def _eol_changed(ctx: Context, target: str, *, size: int | None = None, algo: str = "", digest: str = "") -> bool:
    """True when the file matches SIZE/CHECKSUM once its line endings are converted (LF <-> CRLF).

    A transfer in text mode (FTP ASCII, git autocrlf) changes line endings and so every
    size and checksum; naming the cause tells the user to transfer the package again in
    binary mode.  The file still fails the requirement.  Only files up to EOL_CHECK_BYTES.
    """
    if ctx.pkg.files[target] > EOL_CHECK_BYTES:
        return False
    try:
        data = ctx.pkg.read_bytes(target)
    except OSError:
        return False
    lf = data.replace(b"\r\n", b"\n")
    for variant in (lf.replace(b"\n", b"\r\n"), lf):
        if variant == data:
            continue
        if size is not None and len(variant) == size:
            return True
        if algo and same_digest(digest, digest_stream(io.BytesIO(variant), [algo])[algo]):
            return True
    return False


def _clip(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
