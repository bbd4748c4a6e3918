"""FILE-REFERENCED: every file in the package is referenced from a METS document, or reported.

References are fileSec FLocat, mdRef and mptr hrefs of every METS document (root and
representations); the METS documents themselves count as referenced.
"""

from __future__ import annotations

from earchive.validation.context import PACKAGE, Context, M, XL, check, resolve_href

#: At most this many unreferenced files are listed one by one; the rest are counted.
MAX_LISTED = 100


def referenced_files(ctx: Context) -> set[str]:
    """Package paths of every file a METS document points to (and the METS documents)."""
    out = {d.rel for d in ctx.docs}
    href_attr = XL("href")
    listed = ctx.pkg.files
    find = ctx.pkg.find
    for doc in ctx.docs:
        if doc.root is None:
            continue
        records = [rec.find("mets:FLocat") for recs in (doc.records or {}).values() for rec in recs]
        for el in [*doc.root.iter(M("FLocat"), M("mdRef"), M("mptr")), *records]:
            href = el.get(href_attr)
            if not href:
                continue
            rel, _ = resolve_href(doc.folder, href)
            if rel is None:
                continue
            if rel in listed:
                out.add(rel)
            else:
                found = find(rel, casefold=True) or _meant(doc.folder, href, find)
                if found:
                    out.add(found)
    return out


def _meant(folder: str, href: str, find) -> str | None:
    """The file a broken reference was meant for, when its cause is known (a space written as '+',
    a Windows '\\'): that file is referenced, wrongly; the reference is reported once (CSIP79 and
    the like, v.href_missing.plus), not again as an unreferenced file."""
    for wrong, right in (("+", "%20"), ("\\", "/")):
        if wrong in href:
            rel, _ = resolve_href(folder, href.replace(wrong, right))
            found = find(rel, casefold=True) if rel else None
            if found:
                return found
    return None


@check("FILE-REFERENCED", PACKAGE)
def check_FILE_REFERENCED(ctx: Context):
    """Every file in the package is referenced from a METS document (fileSec, mdRef or mptr)."""
    if not any(d.root is not None for d in ctx.docs):
        return "v.skip.no_mets"
    seen = referenced_files(ctx)
    unreferenced = sorted(p for p in ctx.pkg.files if p not in seen)
    for rel in unreferenced[:MAX_LISTED]:
        ctx.add("FILE-REFERENCED", "v.file_unreferenced", file=rel, path=rel)
    if len(unreferenced) > MAX_LISTED:
        ctx.add("FILE-REFERENCED", "v.file_unreferenced_more", count=len(unreferenced) - MAX_LISTED)
    return None
