"""What dmdSec (CSIP17-30), digiprovMD (CSIP31-44) and rightsMD (CSIP45-57) have in common.

Each section kind has an ID, a CREATED date (dmdSec), a STATUS from the vocabulary and
an mdRef pointing to a file in the package with the same attribute set.  The per-ID
checks in :mod:`dmdsec` and :mod:`amdsec` call these with their own requirement ID.
"""

from __future__ import annotations

from earchive.spec import DMD_STATUS
from earchive.validation import references as refs
from earchive.validation.context import NOT_APPLICABLE, Context, MetsDoc, XL, short
from earchive.validation.findings import Severity


def metadata_files(ctx: Context, doc: MetsDoc, folder: str) -> list[str]:
    """Files below <doc folder>/metadata/<folder>/ (hidden files such as .gitkeep left out)."""
    base = f"{doc.folder}/metadata/{folder}/" if doc.folder else f"metadata/{folder}/"
    return sorted(p for p in ctx.pkg.files if p.startswith(base) and not p.rsplit("/", 1)[-1].startswith("."))


def referenced(ctx: Context, doc: MetsDoc, path: str) -> set[str]:
    """Package files named by the mdRefs at ``path`` (e.g. ``amdSec/digiprovMD/mdRef``)."""
    out = set()
    for md in doc.all(path):
        rel, _ = ctx.resolve(doc, md.get(XL("href")) or "")
        found = ctx.pkg.find(rel) if rel else None
        if found:
            out.add(found)
    return out


def section_id(ctx: Context, req: str, doc: MetsDoc, path: str):
    """Each section at ``path`` has an @ID."""
    return refs.each(ctx, doc, path, lambda el: ctx.require_attr(req, doc, el, "ID"))


def status(ctx: Context, req: str, doc: MetsDoc, path: str):
    """Each section SHOULD have @STATUS, and its value MUST be in the status vocabulary."""
    terms = ctx.vocabulary(DMD_STATUS)

    def one(el):
        value = el.get("STATUS")
        if value is None:
            ctx.add(req, "v.attr_missing", doc=doc, el=el, severity=Severity.WARNING, element=short(el),
                    attribute="@STATUS")
        elif value not in terms:
            ctx.add(req, "v.attr_vocab", doc=doc, el=el, attr="STATUS", severity=Severity.ERROR, element=short(el),
                    attribute="@STATUS", value=value, vocabulary=DMD_STATUS, allowed=", ".join(terms))

    return refs.each(ctx, doc, path, one)


def has_mdref(ctx: Context, req: str, doc: MetsDoc, path: str, folder: str):
    """Each section references its file with mdRef; a section without one is reported (naming the
    unreferenced files of metadata/<folder>, or saying that it embeds its metadata with mdWrap)."""
    sections = doc.all(path)
    if not sections:
        return NOT_APPLICABLE
    unreferenced = [p for p in metadata_files(ctx, doc, folder) if p not in referenced(ctx, doc, f"{path}/mdRef")]
    for el in sections:
        if el.find("{http://www.loc.gov/METS/}mdRef") is not None:
            continue
        if el.find("{http://www.loc.gov/METS/}mdWrap") is not None:
            ctx.add(req, "v.mdwrap_instead", doc=doc, el=el, element=short(el))
        elif unreferenced:
            ctx.add(req, "v.mdref_missing_files", doc=doc, el=el, element=short(el), files=", ".join(unreferenced[:5]))
        else:
            ctx.add(req, "v.mdref_missing", doc=doc, el=el, element=short(el))
    return None


def mdrefs(ctx: Context, req: str, doc: MetsDoc, path: str, func) -> str | None:
    """Run ``func(el)`` on each mdRef at ``path``/mdRef; not applicable when there is none."""
    return refs.each(ctx, doc, f"{path}/mdRef", func)


def loctype(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.loctype(ctx, req, doc, el))


def xlink_type(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.xlink_type(ctx, req, doc, el))


def href(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.href(ctx, req, doc, el))


def mdtype(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: ctx.require_attr(req, doc, el, "MDTYPE"))


def mimetype(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.mimetype(ctx, req, doc, el))


def size(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.size(ctx, req, doc, el, refs.target_of(ctx, doc, el)))


def created(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.datetime_attr(ctx, req, doc, el, "CREATED"))


def checksum(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.checksum(ctx, req, doc, el, refs.target_of(ctx, doc, el)))


def checksumtype(ctx, req, doc, path):
    return mdrefs(ctx, req, doc, path, lambda el: refs.checksumtype(ctx, req, doc, el))
