"""fileSec: CSIP58-79, CSIP113-114 (file groups, files, locations, sizes, checksums) and SIP32-35.

The Documentation, Schemas and Representations file groups (CSIP60, 113, 114) are
required of the package METS; a representation METS describes its own folder.
"""

from __future__ import annotations

from lxml import etree

from earchive.spec import CONTENT_INFORMATION_TYPE, DIVISION_LABEL
from earchive.validation import references as refs
from earchive.validation.context import (
    DATETIME,
    EACH,
    NOT_APPLICABLE,
    NS,
    ROOT,
    CS,
    Context,
    MetsDoc,
    SP,
    XL,
    check,
    local_name,
    split_ids,
)
from earchive.validation.findings import Severity
from earchive.validation.mets_root import other_cit

#: Elements an ADMID may point to (METS: techMD, rightsMD, sourceMD, digiprovMD; amdSec accepted too).
ADM_ELEMENTS = ("techMD", "rightsMD", "sourceMD", "digiprovMD", "amdSec")
#: The SIP format attributes (SIP32-35) and the spellings of DILCISExtensionSIPMETS.xsd that mean the same.
FORMAT_ATTRIBUTES = {
    "SIP32": ("FILEFORMATNAME",),
    "SIP33": ("FILEFORMATVERSION",),
    "SIP34": ("FILEFORMATREGISTRY", "FORMATREGISTRY"),
    "SIP35": ("FILEFORMATKEY", "FORMATREGISTRYKEY"),
}


def file_groups(doc: MetsDoc) -> list[etree._Element]:
    """Every fileGrp of the fileSec, nested ones included, in document order."""
    return doc.cached("file_groups", lambda root: root.findall("mets:fileSec//mets:fileGrp", NS))


def files(doc: MetsDoc) -> list[etree._Element]:
    """Every file element of the fileSec (computed once per document: many checks walk them); the
    records of a METS read slim, group by group."""
    if doc.records is not None:
        return doc.cached("files", lambda root: [r for g in file_groups(doc) for r in doc.records.get(g, ())])
    return doc.cached("files", lambda root: root.findall("mets:fileSec//mets:fileGrp/mets:file", NS))


def group_flocats(doc: MetsDoc, grp: etree._Element) -> list:
    """Every FLocat of the files of a fileGrp and of the groups nested in it (slim records too)."""
    found = list(grp.iterfind(".//mets:FLocat", NS))
    if doc.records is not None:
        for g in [grp, *grp.iter(f"{{{NS['mets']}}}fileGrp")]:
            found.extend(rec.find("mets:FLocat") for rec in doc.records.get(g, ()))
    return found


def has_files(doc: MetsDoc, grp: etree._Element) -> bool:
    """Whether a fileGrp (or a group nested in it) holds a file."""
    if doc.records is not None and any(doc.records.get(g) for g in [grp, *grp.iter(f"{{{NS['mets']}}}fileGrp")]):
        return True
    return grp.find(".//mets:file", NS) is not None


def group_use(grp: etree._Element) -> str:
    return (grp.get("USE") or "").strip()


def is_representations(use: str) -> bool:
    return use == "Representations" or use.startswith("Representations/")


@check("CSIP58", EACH)
def check_CSIP58(ctx: Context, doc: MetsDoc):
    """CSIP58 File section: mets/fileSec, a single one, SHOULD reference all transferred content."""
    if doc.first("fileSec") is None:
        ctx.add("CSIP58", "v.section_missing", doc=doc, el=doc.root, element="fileSec")
    return None


@check("CSIP59", EACH)
def check_CSIP59(ctx: Context, doc: MetsDoc):
    """CSIP59 File section identifier: mets/fileSec/@ID."""
    return refs.each(ctx, doc, "fileSec", lambda el: ctx.require_attr("CSIP59", doc, el, "ID"))


def _group_required(ctx: Context, req: str, doc: MetsDoc, use: str):
    sec = doc.first("fileSec")
    if sec is None:
        ctx.add(req, "v.filegrp_missing", doc=doc, el=doc.root, use=use)
        return None
    match = [g for g in file_groups(doc) if (is_representations(group_use(g)) if use == "Representations"
                                             else group_use(g) == use)]
    if not match:
        ctx.add(req, "v.filegrp_missing", doc=doc, el=sec, use=use)
    return None


@check("CSIP60", ROOT)
def check_CSIP60(ctx: Context, doc: MetsDoc):
    """CSIP60 Documentation file group: mets/fileSec/fileGrp[@USE='Documentation'] (1..n)."""
    return _group_required(ctx, "CSIP60", doc, "Documentation")


@check("CSIP114", ROOT)
def check_CSIP114(ctx: Context, doc: MetsDoc):
    """CSIP114 Representations file group: mets/fileSec/fileGrp with @USE starting with "Representations" (1..n)."""
    return _group_required(ctx, "CSIP114", doc, "Representations")


@check("CSIP61", EACH)
def check_CSIP61(ctx: Context, doc: MetsDoc):
    """CSIP61 Reference to administrative metadata: mets/fileSec/fileGrp/@ADMID names administrative metadata by ID."""
    groups = [g for g in file_groups(doc) if g.get("ADMID") is not None]
    if not groups:
        return NOT_APPLICABLE
    for grp in groups:
        _idrefs(ctx, "CSIP61", doc, grp, "ADMID", ADM_ELEMENTS)
    return None


@check("CSIP62", EACH)
def check_CSIP62(ctx: Context, doc: MetsDoc):
    """CSIP62 Content Information Type Specification: fileGrp/@csip:CONTENTINFORMATIONTYPE of each
    representation file group (SHOULD), from the vocabulary."""
    groups = file_groups(doc)
    if not groups:
        return NOT_APPLICABLE
    terms = ctx.vocabulary(CONTENT_INFORMATION_TYPE)
    for grp in groups:
        value = grp.get(CS("CONTENTINFORMATIONTYPE"))
        if value is None:
            if is_representations(group_use(grp)):
                ctx.add("CSIP62", "v.attr_missing", doc=doc, el=grp, element="fileSec/fileGrp",
                        attribute="@csip:CONTENTINFORMATIONTYPE")
        elif value not in terms:
            ctx.add("CSIP62", "v.attr_vocab", doc=doc, el=grp, attr=CS("CONTENTINFORMATIONTYPE"),
                    severity=Severity.ERROR, element="fileSec/fileGrp", attribute="@csip:CONTENTINFORMATIONTYPE",
                    value=value, vocabulary=CONTENT_INFORMATION_TYPE, allowed=", ".join(terms))
    return None


@check("CSIP63", EACH)
def check_CSIP63(ctx: Context, doc: MetsDoc):
    """CSIP63 Other Content Information Type Specification: fileGrp with @csip:CONTENTINFORMATIONTYPE "OTHER"
    states it in @csip:OTHERCONTENTINFORMATIONTYPE."""
    outcomes = [other_cit(ctx, "CSIP63", doc, grp) for grp in file_groups(doc)]
    return None if any(o is None for o in outcomes) else NOT_APPLICABLE


@check("CSIP64", EACH)
def check_CSIP64(ctx: Context, doc: MetsDoc):
    """CSIP64 Description of the use of the file group: fileGrp/@USE, the folder path of its files
    ("Documentation", "Schemas", "Representations/submission/data"), starting with a vocabulary label."""
    groups = file_groups(doc)
    if not groups:
        return NOT_APPLICABLE
    labels = ctx.vocabulary(DIVISION_LABEL)
    folders = {d.lower() for d in ctx.pkg.dirs}
    for grp in groups:
        if grp.getparent().tag != f"{{{NS['mets']}}}fileSec":
            continue  # nested groups: CSIP describes only top-level file groups
        use = ctx.require_attr("CSIP64", doc, grp, "USE")
        if use is None:
            continue
        first = use.strip().split("/", 1)[0]
        if first not in labels:
            ctx.add("CSIP64", "v.use_vocabulary", doc=doc, el=grp, attr="USE", value=use, allowed=", ".join(labels))
            continue
        path = use.strip().strip("/").lower()
        local = f"{doc.folder}/{path}".lower() if doc.folder else path
        if path not in folders and local not in folders:
            ctx.add("CSIP64", "v.use_no_folder", doc=doc, el=grp, attr="USE", value=use)
    return None


@check("CSIP65", EACH)
def check_CSIP65(ctx: Context, doc: MetsDoc):
    """CSIP65 File group identifier: mets/fileSec/fileGrp/@ID."""
    groups = file_groups(doc)
    for grp in groups:
        ctx.require_attr("CSIP65", doc, grp, "ID")
    return None if groups else NOT_APPLICABLE


@check("CSIP66", EACH)
def check_CSIP66(ctx: Context, doc: MetsDoc):
    """CSIP66 File: each file group contains file elements describing the file objects (1..n)."""
    groups = file_groups(doc)
    if not groups:
        return NOT_APPLICABLE
    for grp in groups:
        if not has_files(doc, grp):
            ctx.add("CSIP66", "v.filegrp_empty", doc=doc, el=grp, use=group_use(grp) or "-")
    return None


# The per-file checks below run on every file of the fileSec (20,000 in a large package, half a
# million in a 200 MB METS): each handles the common, passing case inline and calls the shared
# reporting helper of :mod:`references` only for a file that may fail.


@check("CSIP67", EACH)
def check_CSIP67(ctx: Context, doc: MetsDoc):
    """CSIP67 File identifier: mets/fileSec/fileGrp/file/@ID, unique in the document."""
    found = files(doc)
    for el in found:
        value = el.get("ID")
        if not value or value.isspace():
            ctx.require_attr("CSIP67", doc, el, "ID")
    return None if found else NOT_APPLICABLE


@check("CSIP68", EACH)
def check_CSIP68(ctx: Context, doc: MetsDoc):
    """CSIP68 File mimetype: mets/fileSec/fileGrp/file/@MIMETYPE (an IANA media type is strongly recommended)."""
    found = files(doc)
    refs.each_passing(ctx, "CSIP68", found, "MIMETYPE", lambda el: refs.mimetype(ctx, "CSIP68", doc, el))
    return None if found else NOT_APPLICABLE


@check("CSIP69", EACH)
def check_CSIP69(ctx: Context, doc: MetsDoc):
    """CSIP69 File size: mets/fileSec/fileGrp/file/@SIZE, the size of the referenced file in bytes."""
    found = files(doc)
    known = refs.targets(ctx, doc)
    sizes = ctx.pkg.files
    for el in found:
        target = known[el] if el in known else refs.target_of(ctx, doc, el)
        value = el.get("SIZE")
        try:
            if target is not None and value is not None and int(value) == sizes[target]:
                continue
        except ValueError:
            pass
        refs.size(ctx, "CSIP69", doc, el, target)
    return None if found else NOT_APPLICABLE


@check("CSIP70", EACH)
def check_CSIP70(ctx: Context, doc: MetsDoc):
    """CSIP70 File creation datetime: mets/fileSec/fileGrp/file/@CREATED."""
    found = files(doc)
    match = DATETIME.match
    for el in found:
        value = el.get("CREATED")
        if not value or not match(value):
            refs.datetime_attr(ctx, "CSIP70", doc, el, "CREATED")
    return None if found else NOT_APPLICABLE


@check("CSIP71", EACH)
def check_CSIP71(ctx: Context, doc: MetsDoc):
    """CSIP71 File checksum: mets/fileSec/fileGrp/file/@CHECKSUM, the checksum of the referenced file."""
    found = files(doc)
    known = refs.targets(ctx, doc)
    ctx.await_fixity()
    digests = ctx.digests
    for el in found:
        target = known[el] if el in known else refs.target_of(ctx, doc, el)
        value = el.get("CHECKSUM")
        if value and not value.isspace():
            if not ctx.fixity or target is None or digests.get((target, el.get("CHECKSUMTYPE"))) == value:
                continue
        refs.checksum(ctx, "CSIP71", doc, el, target)
    return None if found else NOT_APPLICABLE


@check("CSIP72", EACH)
def check_CSIP72(ctx: Context, doc: MetsDoc):
    """CSIP72 File checksum type: mets/fileSec/fileGrp/file/@CHECKSUMTYPE, a value of the METS enumeration."""
    found = files(doc)
    refs.each_passing(ctx, "CSIP72", found, "CHECKSUMTYPE", lambda el: refs.checksumtype(ctx, "CSIP72", doc, el))
    return None if found else NOT_APPLICABLE


@check("CSIP73", EACH)
def check_CSIP73(ctx: Context, doc: MetsDoc):
    """CSIP73 File original identification: mets/fileSec/fileGrp/file/@OWNERID (MAY)."""
    found = _files_with(doc, "OWNERID")
    for el in found:
        ctx.require_attr("CSIP73", doc, el, "OWNERID")
    return None if found else NOT_APPLICABLE


@check("CSIP74", EACH)
def check_CSIP74(ctx: Context, doc: MetsDoc):
    """CSIP74 File reference to administrative metadata: mets/fileSec/fileGrp/file/@ADMID (MAY), by ID."""
    found = _files_with(doc, "ADMID")
    for el in found:
        _idrefs(ctx, "CSIP74", doc, el, "ADMID", ADM_ELEMENTS)
    return None if found else NOT_APPLICABLE


@check("CSIP75", EACH)
def check_CSIP75(ctx: Context, doc: MetsDoc):
    """CSIP75 File reference to descriptive metadata: mets/fileSec/fileGrp/file/@DMDID (MAY), by ID."""
    found = _files_with(doc, "DMDID")
    for el in found:
        _idrefs(ctx, "CSIP75", doc, el, "DMDID", ("dmdSec",))
    return None if found else NOT_APPLICABLE


def _files_with(doc: MetsDoc, attr: str) -> list[etree._Element]:
    """The fileSec files that carry ``attr`` (OWNERID, ADMID or DMDID; one pass over the files for all three)."""

    def select(_root):
        found: dict[str, list[etree._Element]] = {"OWNERID": [], "ADMID": [], "DMDID": []}
        for el in files(doc):
            for name, selected in found.items():
                if el.get(name) is not None:
                    selected.append(el)
        return found

    return doc.cached("files_with", select)[attr] if doc.root is not None else []


@check("CSIP76", EACH)
def check_CSIP76(ctx: Context, doc: MetsDoc):
    """CSIP76 File locator reference: each file has exactly one FLocat giving its location."""
    if not files(doc):
        return NOT_APPLICABLE
    if doc.records is not None:
        return None  # a METS is read slim only when every file has exactly one FLocat
    for el in doc.root.xpath("mets:fileSec//mets:fileGrp/mets:file[count(mets:FLocat) != 1]", namespaces=NS):
        locs = el.findall("mets:FLocat", NS)
        if not locs:
            ctx.add("CSIP76", "v.element_missing", doc=doc, el=el, parent="fileSec/fileGrp/file", element="FLocat")
        else:
            ctx.add("CSIP76", "v.element_count", doc=doc, el=locs[1], parent="fileSec/fileGrp/file", element="FLocat",
                    count=len(locs), expected="1")
    return None


def _flocats(doc: MetsDoc) -> list[etree._Element]:
    """Every FLocat of a file of a fileGrp (mets:fileSec//mets:fileGrp/mets:file/mets:FLocat), in document order."""

    def select(root):
        if doc.records is not None:
            return [rec.find("mets:FLocat") for rec in files(doc)]
        # iter() and getparent() are C calls; the same path through findall() takes twice as long.
        file_tag, grp_tag = f"{{{NS['mets']}}}file", f"{{{NS['mets']}}}fileGrp"
        out = []
        for sec in root.iterchildren(f"{{{NS['mets']}}}fileSec"):
            for loc in sec.iter(f"{{{NS['mets']}}}FLocat"):
                parent = loc.getparent()
                if parent.tag == file_tag and parent.getparent().tag == grp_tag:
                    out.append(loc)
        return out

    return doc.cached("flocats", select)


@check("CSIP77", EACH)
def check_CSIP77(ctx: Context, doc: MetsDoc):
    """CSIP77 Type of locator: FLocat[@LOCTYPE='URL']."""
    locs = _flocats(doc)
    refs.each_passing(ctx, "CSIP77", locs, "LOCTYPE", lambda loc: refs.loctype(ctx, "CSIP77", doc, loc))
    return None if locs else NOT_APPLICABLE


@check("CSIP78", EACH)
def check_CSIP78(ctx: Context, doc: MetsDoc):
    """CSIP78 Type of link: FLocat[@xlink:type='simple']."""
    locs = _flocats(doc)
    refs.each_passing(ctx, "CSIP78", locs, XL("type"), lambda loc: refs.xlink_type(ctx, "CSIP78", doc, loc))
    return None if locs else NOT_APPLICABLE


@check("CSIP79", EACH)
def check_CSIP79(ctx: Context, doc: MetsDoc):
    """CSIP79 Resource location: FLocat/@xlink:href, the location of the file (a relative URL), which exists."""
    locs = _flocats(doc)
    href_attr = XL("href")
    listed = ctx.pkg.files
    for loc in locs:
        value = loc.get(href_attr)
        if value and not value.isspace():
            rel, _problem = ctx.resolve(doc, value)
            if rel is not None and rel in listed:
                continue
        refs.href(ctx, "CSIP79", doc, loc)
    return None if locs else NOT_APPLICABLE


def _format_attribute(ctx: Context, req: str, doc: MetsDoc):
    found = files(doc)
    if not found:
        return NOT_APPLICABLE
    names = FORMAT_ATTRIBUTES[req]
    missing, empty = _format_attributes(doc)[req]
    for el, attr in empty:
        ctx.add(req, "v.attr_empty", doc=doc, el=el, attr=attr, severity=Severity.WARNING,
                element="fileSec/fileGrp/file", attribute=f"@sip:{names[0]}")
    if missing == len(found):  # a MAY attribute: reported when the document does not use it at all
        ctx.add(req, "v.format_attr_absent", doc=doc, el=doc.first("fileSec"), attribute=f"@sip:{names[0]}",
                count=missing, total=len(found))
    return None


def _format_attributes(doc: MetsDoc) -> dict[str, tuple[int, list[tuple[etree._Element, str]]]]:
    """SIP32-35 -> (files without the attribute, [(file, attribute) with a blank value]); one pass for all four."""

    def scan(root):
        spellings = {req: [SP(n) for n in names] for req, names in FORMAT_ATTRIBUTES.items()}
        out = {req: [0, []] for req in FORMAT_ATTRIBUTES}
        found = files(doc)
        if not _uses_sip_attributes(doc, root):
            # No sip: attribute anywhere in the fileSec (the usual case): every file lacks all four.
            return {req: (len(found), []) for req in FORMAT_ATTRIBUTES}
        for el in found:
            for req, attrs in spellings.items():
                attr = attrs[0]
                value = el.get(attr)
                if value is None and len(attrs) > 1:
                    attr = next((a for a in attrs[1:] if el.get(a) is not None), attr)
                    value = el.get(attr)
                if value is None:
                    out[req][0] += 1
                elif not value.strip():
                    out[req][1].append((el, attr))
        return {req: (n, empty) for req, (n, empty) in out.items()}

    return doc.cached("format_attributes", scan)


def _uses_sip_attributes(doc: MetsDoc, root) -> bool:
    if doc.records is not None:
        prefix = "{" + NS["sip"] + "}"
        return any(rec.extra and any(k.startswith(prefix) for k in rec.extra) for rec in files(doc))
    return bool(root.xpath("boolean(mets:fileSec//@sip:*)", namespaces=NS))


@check("SIP32", EACH)
def check_SIP32(ctx: Context, doc: MetsDoc):
    """SIP32 File format name: fileSec/fileGrp/file/@sip:FILEFORMATNAME (MAY)."""
    return _format_attribute(ctx, "SIP32", doc)


@check("SIP33", EACH)
def check_SIP33(ctx: Context, doc: MetsDoc):
    """SIP33 File format version: fileSec/fileGrp/file/@sip:FILEFORMATVERSION (MAY)."""
    return _format_attribute(ctx, "SIP33", doc)


@check("SIP34", EACH)
def check_SIP34(ctx: Context, doc: MetsDoc):
    """SIP34 File format registry: fileSec/fileGrp/file/@sip:FILEFORMATREGISTRY (MAY; the extension
    schema's @sip:FORMATREGISTRY is accepted too)."""
    return _format_attribute(ctx, "SIP34", doc)


@check("SIP35", EACH)
def check_SIP35(ctx: Context, doc: MetsDoc):
    """SIP35 File format registry key: fileSec/fileGrp/file/@sip:FILEFORMATKEY (MAY; the extension
    schema's @sip:FORMATREGISTRYKEY is accepted too)."""
    return _format_attribute(ctx, "SIP35", doc)


def _idrefs(ctx: Context, req: str, doc: MetsDoc, el: etree._Element, attr: str, kinds: tuple[str, ...]) -> None:
    """Each ID in the space-separated list ``attr`` names an element of one of ``kinds``."""
    ids = doc.ids()
    values = split_ids(el.get(attr))
    if not values:
        ctx.add(req, "v.attr_empty", doc=doc, el=el, attr=attr, element=local_name(el), attribute=f"@{attr}")
    for value in values:
        target = ids.get(value)
        if target is None or local_name(target) not in kinds:
            ctx.add(req, "v.idref_wrong", doc=doc, el=el, attr=attr, attribute=f"@{attr}", value=value,
                    kinds=", ".join(kinds))
