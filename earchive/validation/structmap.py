"""structMap: CSIP80-119, the CSIP structural map and its divisions (every METS document).

The CSIP structural map is ``structMap[@LABEL='CSIP']``; its single main division holds
one division each for Metadata, Documentation, Schemas and Representations, and one
division per representation (``LABEL="Representations/<folder>"``, with an mptr to the
representation METS).  A division named in the vocabulary is required of the package
METS (CSIP88, 95, 99); in a representation METS only when it has the matching file group.
"""

from __future__ import annotations

from lxml import etree

from earchive.validation import references as refs
from earchive.validation.context import (
    EACH,
    NOT_APPLICABLE,
    NS,
    ROOT,
    Context,
    MetsDoc,
    XL,
    check,
    children,
    local_name,
    split_ids,
)
from earchive.validation.filesec import file_groups, group_use, is_representations
from earchive.validation.findings import Severity

#: Administrative metadata sections a Metadata division's ADMID lists (CSIP91).
AMD_KINDS = ("techMD", "rightsMD", "sourceMD", "digiprovMD")


def csip_maps(doc: MetsDoc) -> list[etree._Element]:
    return [sm for sm in doc.all("structMap") if sm.get("LABEL") == "CSIP"]


def main_div(doc: MetsDoc) -> etree._Element | None:
    maps = csip_maps(doc)
    return maps[0].find("mets:div", NS) if maps else None


def divisions(doc: MetsDoc, label: str) -> list[etree._Element]:
    """Sub-divisions of the main division with LABEL ``label``."""
    return [d for d in children(main_div(doc), "div") if d.get("LABEL") == label]


def representation_divs(doc: MetsDoc) -> list[etree._Element]:
    """Sub-divisions describing one representation each: LABEL "Representations/<name>" or an mptr."""
    return [
        d for d in children(main_div(doc), "div")
        if (d.get("LABEL") or "").startswith("Representations/") or d.find("mets:mptr", NS) is not None
    ]


def groups_with(doc: MetsDoc, use: str) -> list[etree._Element]:
    if use == "Representations":
        return [g for g in file_groups(doc) if is_representations(group_use(g))]
    return [g for g in file_groups(doc) if group_use(g) == use]


# --- the structural map and its main division -----------------------------------------------


@check("CSIP80", EACH)
def check_CSIP80(ctx: Context, doc: MetsDoc):
    """CSIP80 Structural description of the package: one structMap used as CSIP describes (LABEL "CSIP")."""
    maps = csip_maps(doc)
    if not maps:
        ctx.add("CSIP80", "v.no_csip_structmap", doc=doc, el=doc.root)
    elif len(maps) > 1:
        ctx.add("CSIP80", "v.element_count", doc=doc, el=maps[1], parent="mets", element="structMap[@LABEL='CSIP']",
                count=len(maps), expected="1")
    return None


@check("CSIP81", EACH)
def check_CSIP81(ctx: Context, doc: MetsDoc):
    """CSIP81 Type of structural description: structMap/@TYPE is "PHYSICAL"."""
    maps = csip_maps(doc)
    if not maps:
        return NOT_APPLICABLE
    for sm in maps:
        value = ctx.require_attr("CSIP81", doc, sm, "TYPE")
        if value is not None and value != "PHYSICAL":
            ctx.add("CSIP81", "v.attr_value", doc=doc, el=sm, attr="TYPE", element="structMap", attribute="@TYPE",
                    value=value, expected="PHYSICAL")
    return None


@check("CSIP82", EACH)
def check_CSIP82(ctx: Context, doc: MetsDoc):
    """CSIP82 Name of the structural description: structMap/@LABEL is "CSIP"."""
    if not csip_maps(doc):
        ctx.add("CSIP82", "v.no_csip_structmap", doc=doc, el=doc.root)
    return None


@check("CSIP83", EACH)
def check_CSIP83(ctx: Context, doc: MetsDoc):
    """CSIP83 Structural description identifier: structMap[@LABEL='CSIP']/@ID."""
    maps = csip_maps(doc)
    for sm in maps:
        ctx.require_attr("CSIP83", doc, sm, "ID")
    return None if maps else NOT_APPLICABLE


@check("CSIP84", EACH)
def check_CSIP84(ctx: Context, doc: MetsDoc):
    """CSIP84 Main structural division: the CSIP structMap comprises a single div."""
    maps = csip_maps(doc)
    if not maps:
        return NOT_APPLICABLE
    divs = children(maps[0], "div")
    if len(divs) != 1:
        ctx.add("CSIP84", "v.element_count", doc=doc, el=maps[0], parent="structMap", element="div",
                count=len(divs), expected="1")
    return None


@check("CSIP85", EACH)
def check_CSIP85(ctx: Context, doc: MetsDoc):
    """CSIP85 Main structural division identifier: structMap[@LABEL='CSIP']/div/@ID."""
    div = main_div(doc)
    if div is None:
        return NOT_APPLICABLE
    ctx.require_attr("CSIP85", doc, div, "ID")
    return None


@check("CSIP86", EACH)
def check_CSIP86(ctx: Context, doc: MetsDoc):
    """CSIP86 (2.0.4) Main structural division label: structMap[@LABEL='CSIP']/div/@LABEL equals mets/@OBJID."""
    div = main_div(doc)
    if div is None:
        return NOT_APPLICABLE
    label = ctx.require_attr("CSIP86", doc, div, "LABEL")
    objid = doc.root.get("OBJID")
    if label is not None and objid is not None and label != objid:
        ctx.add("CSIP86", "v.label_objid", doc=doc, el=div, attr="LABEL", label=label, objid=objid)
    return None


# --- Metadata division -------------------------------------------------------------------


def _one_division(ctx: Context, req: str, doc: MetsDoc, label: str, *, required: bool):
    """The division ``label`` exists once (``required``) or at most once."""
    div = main_div(doc)
    if div is None:
        return NOT_APPLICABLE
    found = divisions(doc, label)
    if not found and required:
        ctx.add(req, "v.division_missing", doc=doc, el=div, label=label)
    if len(found) > 1:
        ctx.add(req, "v.division_many", doc=doc, el=found[1], severity=Severity.ERROR, label=label, count=len(found))
    return None


def _division_id(ctx: Context, req: str, doc: MetsDoc, label: str):
    found = divisions(doc, label) if label != "*" else representation_divs(doc)
    for div in found:
        ctx.require_attr(req, doc, div, "ID")
    return None if found else NOT_APPLICABLE


@check("CSIP88", EACH)
def check_CSIP88(ctx: Context, doc: MetsDoc):
    """CSIP88 Metadata division: structMap[@LABEL='CSIP']/div/div[@LABEL='Metadata'] (1..1)."""
    return _one_division(ctx, "CSIP88", doc, "Metadata", required=True)


@check("CSIP89", EACH)
def check_CSIP89(ctx: Context, doc: MetsDoc):
    """CSIP89 Metadata division identifier: div[@LABEL='Metadata']/@ID."""
    return _division_id(ctx, "CSIP89", doc, "Metadata")


@check("CSIP90", EACH)
def check_CSIP90(ctx: Context, doc: MetsDoc):
    """CSIP90 Metadata division label: the metadata division's @LABEL is "Metadata"."""
    return _one_division(ctx, "CSIP90", doc, "Metadata", required=True)


def _metadata_refs(ctx: Context, req: str, doc: MetsDoc, attr: str, kinds: tuple[str, ...]):
    found = divisions(doc, "Metadata")
    if not found:
        return NOT_APPLICABLE
    div = found[0]
    # iter() with tag names filters in libxml2: a METS of 20,000 files has 60,000 other elements.
    current = [
        el.get("ID") for el in doc.root.iter(*[f"{{*}}{kind}" for kind in kinds])
        if el.get("ID") and el.get("STATUS", "CURRENT") == "CURRENT"
    ]
    all_ids = doc.ids()
    listed = split_ids(div.get(attr))
    if current and div.get(attr) is None:
        ctx.add(req, "v.attr_missing", doc=doc, el=div, element="div[@LABEL='Metadata']", attribute=f"@{attr}")
        return None
    for missing in [i for i in current if i not in listed]:
        ctx.add(req, "v.metadata_id_unlisted", doc=doc, el=div, attr=attr, attribute=f"@{attr}", value=missing)
    for value in listed:
        target = all_ids.get(value)
        if target is None or local_name(target) not in kinds:
            ctx.add(req, "v.idref_wrong", doc=doc, el=div, attr=attr, attribute=f"@{attr}", value=value,
                    kinds=", ".join(kinds))
    return None


@check("CSIP91", EACH)
def check_CSIP91(ctx: Context, doc: MetsDoc):
    """CSIP91 Metadata division references administrative metadata: div[@LABEL='Metadata']/@ADMID lists
    every current administrative metadata section."""
    return _metadata_refs(ctx, "CSIP91", doc, "ADMID", AMD_KINDS)


@check("CSIP92", EACH)
def check_CSIP92(ctx: Context, doc: MetsDoc):
    """CSIP92 Metadata division references descriptive metadata: div[@LABEL='Metadata']/@DMDID lists
    every current dmdSec."""
    return _metadata_refs(ctx, "CSIP92", doc, "DMDID", ("dmdSec",))


# --- Documentation, Schemas, Representations divisions ----------------------------------------


def _division_expected(ctx: Context, req: str, doc: MetsDoc, label: str):
    """SHOULD: the division exists when the matching file group does; MUST: at most one."""
    if main_div(doc) is None or (not groups_with(doc, label) and not divisions(doc, label)):
        return NOT_APPLICABLE
    return _one_division(ctx, req, doc, label, required=True)


def _division_label(ctx: Context, req: str, doc: MetsDoc, label: str):
    """MUST: the package METS has the division (a representation METS only when it has the file group)."""
    if main_div(doc) is None:
        return NOT_APPLICABLE
    if not doc.is_root and not groups_with(doc, label) and not divisions(doc, label):
        return NOT_APPLICABLE
    return _one_division(ctx, req, doc, label, required=True)


def _division_fptrs(ctx: Context, req: str, doc: MetsDoc, label: str, *, covered: set[str] = frozenset()):
    """Every file group ``label`` is referenced by an fptr of the division; every fptr there points to one."""
    groups = groups_with(doc, label)
    divs = divisions(doc, label)
    if not groups and not divs:
        return NOT_APPLICABLE
    fptrs = [f for d in divs for f in children(d, "fptr")]
    pointed = {f.get("FILEID") for f in fptrs}
    for grp in groups:
        gid = grp.get("ID")
        if gid and gid not in pointed and gid not in covered:
            ctx.add(req, "v.filegrp_not_in_structmap", doc=doc, el=grp, use=group_use(grp), label=label, id=gid)
    ids = {g.get("ID") for g in groups}
    for fptr in fptrs:
        value = fptr.get("FILEID")
        if value is None:
            ctx.add(req, "v.attr_missing", doc=doc, el=fptr, element=f"div[@LABEL='{label}']/fptr", attribute="@FILEID")
        elif value not in ids:
            ctx.add(req, "v.fptr_wrong_group", doc=doc, el=fptr, attr="FILEID", value=value, label=label)
    return None


@check("CSIP93", EACH)
def check_CSIP93(ctx: Context, doc: MetsDoc):
    """CSIP93 Documentation division: div[@LABEL='Documentation'] describes the documentation file groups (0..1)."""
    return _division_expected(ctx, "CSIP93", doc, "Documentation")


@check("CSIP94", EACH)
def check_CSIP94(ctx: Context, doc: MetsDoc):
    """CSIP94 Documentation division identifier: div[@LABEL='Documentation']/@ID."""
    return _division_id(ctx, "CSIP94", doc, "Documentation")


@check("CSIP95", EACH)
def check_CSIP95(ctx: Context, doc: MetsDoc):
    """CSIP95 Documentation division label: the documentation division's @LABEL is "Documentation"."""
    return _division_label(ctx, "CSIP95", doc, "Documentation")


@check("CSIP96", EACH)
def check_CSIP96(ctx: Context, doc: MetsDoc):
    """CSIP96 Documentation file references: every Documentation file group is referenced by an fptr."""
    return _division_fptrs(ctx, "CSIP96", doc, "Documentation")


@check("CSIP116", EACH)
def check_CSIP116(ctx: Context, doc: MetsDoc):
    """CSIP116 Documentation file group reference pointer: div[@LABEL='Documentation']/fptr/@FILEID
    names the Documentation file group."""
    return _division_fptrs(ctx, "CSIP116", doc, "Documentation")


@check("CSIP97", EACH)
def check_CSIP97(ctx: Context, doc: MetsDoc):
    """CSIP97 Schema division: div[@LABEL='Schemas'] describes the schema file groups (0..1)."""
    return _division_expected(ctx, "CSIP97", doc, "Schemas")


@check("CSIP98", EACH)
def check_CSIP98(ctx: Context, doc: MetsDoc):
    """CSIP98 Schema division identifier: div[@LABEL='Schemas']/@ID."""
    return _division_id(ctx, "CSIP98", doc, "Schemas")


@check("CSIP99", EACH)
def check_CSIP99(ctx: Context, doc: MetsDoc):
    """CSIP99 Schema division label: the schema division's @LABEL is "Schemas"."""
    return _division_label(ctx, "CSIP99", doc, "Schemas")


@check("CSIP100", EACH)
def check_CSIP100(ctx: Context, doc: MetsDoc):
    """CSIP100 Schema file reference: every Schemas file group is referenced by an fptr."""
    return _division_fptrs(ctx, "CSIP100", doc, "Schemas")


@check("CSIP118", EACH)
def check_CSIP118(ctx: Context, doc: MetsDoc):
    """CSIP118 Schema file group reference: div[@LABEL='Schemas']/fptr/@FILEID names the Schemas file group."""
    return _division_fptrs(ctx, "CSIP118", doc, "Schemas")


def _rep_division_present(ctx: Context, req: str, doc: MetsDoc):
    div = main_div(doc)
    if div is None or (not groups_with(doc, "Representations") and not divisions(doc, "Representations")
                       and not representation_divs(doc)):
        return NOT_APPLICABLE
    if not divisions(doc, "Representations") and not representation_divs(doc):
        ctx.add(req, "v.division_missing", doc=doc, el=div, label="Representations")
    found = divisions(doc, "Representations")
    if len(found) > 1:
        ctx.add(req, "v.division_many", doc=doc, el=found[1], severity=Severity.ERROR, label="Representations",
                count=len(found))
    return None


@check("CSIP101", EACH)
def check_CSIP101(ctx: Context, doc: MetsDoc):
    """CSIP101 Content division: div[@LABEL='Representations'] (or one division per representation) describes
    the Representations file groups (0..1)."""
    return _rep_division_present(ctx, "CSIP101", doc)


@check("CSIP102", EACH)
def check_CSIP102(ctx: Context, doc: MetsDoc):
    """CSIP102 Content division identifier: div[@LABEL='Representations']/@ID."""
    return _division_id(ctx, "CSIP102", doc, "Representations")


@check("CSIP103", EACH)
def check_CSIP103(ctx: Context, doc: MetsDoc):
    """CSIP103 Content division label: the content division's @LABEL is "Representations"
    ("Representations/<folder>" divisions, as commons-ip writes, count as content divisions)."""
    return _rep_division_present(ctx, "CSIP103", doc)


def _rep_covered(doc: MetsDoc) -> set[str]:
    """IDs of file groups referenced from a representation division (fptr or mptr/@xlink:title)."""
    out = set()
    for div in representation_divs(doc):
        out.update(f.get("FILEID") for f in children(div, "fptr"))
        out.update(m.get(XL("title")) for m in children(div, "mptr"))
    return out


@check("CSIP104", EACH)
def check_CSIP104(ctx: Context, doc: MetsDoc):
    """CSIP104 Content division file references: every Representations file group is referenced by an fptr
    (or by a representation division)."""
    return _division_fptrs(ctx, "CSIP104", doc, "Representations", covered=_rep_covered(doc))


@check("CSIP119", EACH)
def check_CSIP119(ctx: Context, doc: MetsDoc):
    """CSIP119 Content division file group references: div[@LABEL='Representations']/fptr/@FILEID names a
    Representations file group."""
    return _division_fptrs(ctx, "CSIP119", doc, "Representations", covered=_rep_covered(doc))


# --- one division per representation ----------------------------------------------------------


@check("CSIP105", ROOT)
def check_CSIP105(ctx: Context, doc: MetsDoc):
    """CSIP105 Representation division: one division per representation METS, referencing it."""
    reps = [p for p in ctx.pkg.files if p.startswith("representations/") and p.count("/") == 2 and p.endswith("/METS.xml")]
    if not reps or main_div(doc) is None:
        return NOT_APPLICABLE
    pointed = set()
    for div in representation_divs(doc):
        for mptr in children(div, "mptr"):
            rel, _ = ctx.resolve(doc, mptr.get(XL("href")) or "")
            if rel:
                pointed.add(rel)
    for rel in sorted(reps):
        if rel not in pointed:
            ctx.add("CSIP105", "v.rep_not_in_structmap", doc=doc, el=main_div(doc), path=rel)
    return None


@check("CSIP106", EACH)
def check_CSIP106(ctx: Context, doc: MetsDoc):
    """CSIP106 Representations division identifier: each representation division has an @ID."""
    return _division_id(ctx, "CSIP106", doc, "*")


@check("CSIP107", EACH)
def check_CSIP107(ctx: Context, doc: MetsDoc):
    """CSIP107 Representations division label: "Representations/<folder>", the path to the representation METS."""
    divs = representation_divs(doc)
    if not divs:
        return NOT_APPLICABLE
    for div in divs:
        label = ctx.require_attr("CSIP107", doc, div, "LABEL")
        if label is None:
            continue
        folder = label.strip().strip("/")
        if not folder.startswith("Representations/"):
            ctx.add("CSIP107", "v.rep_label", doc=doc, el=div, attr="LABEL", value=label)
        elif ("representations/" + folder.split("/", 1)[1]).lower() not in {d.lower() for d in ctx.pkg.dirs}:
            ctx.add("CSIP107", "v.rep_label_folder", doc=doc, el=div, attr="LABEL", value=label)
    return None


@check("CSIP108", EACH)
def check_CSIP108(ctx: Context, doc: MetsDoc):
    """CSIP108 Representations division file references: mptr/@xlink:title names the representation's file group."""
    mptrs = [m for d in representation_divs(doc) for m in children(d, "mptr")]
    if not mptrs:
        return NOT_APPLICABLE
    rep_groups = {g.get("ID") for g in groups_with(doc, "Representations")}
    for mptr in mptrs:
        title = ctx.require_attr("CSIP108", doc, mptr, XL("title"))
        if title is not None and title not in rep_groups:
            ctx.add("CSIP108", "v.mptr_title", doc=doc, el=mptr, attr=XL("title"), value=title)
    return None


@check("CSIP109", EACH)
def check_CSIP109(ctx: Context, doc: MetsDoc):
    """CSIP109 Representation METS pointer: each representation division has one mptr to its METS file."""
    divs = representation_divs(doc)
    if not divs:
        return NOT_APPLICABLE
    for div in divs:
        mptrs = children(div, "mptr")
        if len(mptrs) != 1:
            ctx.add("CSIP109", "v.element_count", doc=doc, el=div, parent="div", element="mptr",
                    count=len(mptrs), expected="1")
    return None


def _each_mptr(ctx: Context, doc: MetsDoc, func):
    mptrs = [m for d in representation_divs(doc) for m in children(d, "mptr")]
    if not mptrs:
        return NOT_APPLICABLE
    for mptr in mptrs:
        func(mptr)
    return None


@check("CSIP110", EACH)
def check_CSIP110(ctx: Context, doc: MetsDoc):
    """CSIP110 Resource location: mptr/@xlink:href, the location of the representation METS (which exists,
    in the folder the division's LABEL names)."""

    def one(mptr):
        target = refs.href(ctx, "CSIP110", doc, mptr)
        label = (mptr.getparent().get("LABEL") or "").strip().strip("/")
        if target and label.startswith("Representations/"):
            folder = "representations/" + label.split("/", 1)[1]
            if target.rsplit("/", 1)[0].lower() != folder.lower():
                ctx.add("CSIP110", "v.mptr_label_mismatch", doc=doc, el=mptr, attr=XL("href"), path=target, label=label)

    return _each_mptr(ctx, doc, one)


@check("CSIP111", EACH)
def check_CSIP111(ctx: Context, doc: MetsDoc):
    """CSIP111 Type of link: mptr[@xlink:type='simple']."""
    return _each_mptr(ctx, doc, lambda m: refs.xlink_type(ctx, "CSIP111", doc, m))


@check("CSIP112", EACH)
def check_CSIP112(ctx: Context, doc: MetsDoc):
    """CSIP112 Type of locator: mptr[@LOCTYPE='URL']."""
    return _each_mptr(ctx, doc, lambda m: refs.loctype(ctx, "CSIP112", doc, m))
