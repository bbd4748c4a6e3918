"""amdSec: CSIP31-44 (digiprovMD) and CSIP45-57 (rightsMD), administrative metadata (every METS document)."""

from __future__ import annotations

from earchive.validation import mdsec
from earchive.validation.context import EACH, NOT_APPLICABLE, Context, MetsDoc, check

#: Where the sections are.
DIGIPROV = "amdSec/digiprovMD"
RIGHTS = "amdSec/rightsMD"


@check("CSIP31", EACH)
def check_CSIP31(ctx: Context, doc: MetsDoc):
    """CSIP31 Administrative metadata: mets/amdSec SHOULD be used, a single one holding all administrative metadata."""
    sections = doc.all("amdSec")
    files = mdsec.metadata_files(ctx, doc, "preservation")
    if not sections:
        if files:
            ctx.add("CSIP31", "v.section_missing_files", doc=doc, el=doc.root, element="amdSec", files=", ".join(files[:5]))
        else:
            ctx.add("CSIP31", "v.section_missing", doc=doc, el=doc.root, element="amdSec")
        return None
    if len(sections) > 1:
        ctx.add("CSIP31", "v.element_count", doc=doc, el=sections[1], parent="mets", element="amdSec",
                count=len(sections), expected="0..1")
    if not files and not any(len(s) for s in sections):
        ctx.add("CSIP31", "v.section_empty", doc=doc, el=sections[0], element="amdSec")
    return None


@check("CSIP32", EACH)
def check_CSIP32(ctx: Context, doc: MetsDoc):
    """CSIP32 Digital provenance metadata: mets/amdSec/digiprovMD, one per PREMIS file (SHOULD)."""
    sections = doc.all(DIGIPROV)
    files = mdsec.metadata_files(ctx, doc, "preservation")
    if not sections:
        if files:
            ctx.add("CSIP32", "v.section_missing_files", doc=doc, el=doc.root, element="amdSec/digiprovMD",
                    files=", ".join(files[:5]))
        else:
            ctx.add("CSIP32", "v.section_missing", doc=doc, el=doc.root, element="amdSec/digiprovMD")
        return None
    covered = mdsec.referenced(ctx, doc, f"{DIGIPROV}/mdRef")
    for path in files:
        if path not in covered:
            ctx.add("CSIP32", "v.preservation_file_unreferenced", doc=doc, el=sections[0], path=path)
    if not files:
        ctx.add("CSIP32", "v.no_preservation_files", doc=doc, el=sections[0],
                folder=f"{doc.folder}/metadata/preservation" if doc.folder else "metadata/preservation")
    return None


@check("CSIP33", EACH)
def check_CSIP33(ctx: Context, doc: MetsDoc):
    """CSIP33 Digital provenance metadata identifier: mets/amdSec/digiprovMD/@ID."""
    return mdsec.section_id(ctx, "CSIP33", doc, DIGIPROV)


@check("CSIP34", EACH)
def check_CSIP34(ctx: Context, doc: MetsDoc):
    """CSIP34 Status of the digital provenance metadata: mets/amdSec/digiprovMD/@STATUS (SHOULD), from the vocabulary."""
    return mdsec.status(ctx, "CSIP34", doc, DIGIPROV)


@check("CSIP35", EACH)
def check_CSIP35(ctx: Context, doc: MetsDoc):
    """CSIP35 Reference to the document with the digital provenance metadata: mets/amdSec/digiprovMD/mdRef."""
    return mdsec.has_mdref(ctx, "CSIP35", doc, DIGIPROV, "preservation")


@check("CSIP36", EACH)
def check_CSIP36(ctx: Context, doc: MetsDoc):
    """CSIP36 Type of locator: mets/amdSec/digiprovMD/mdRef[@LOCTYPE='URL']."""
    return mdsec.loctype(ctx, "CSIP36", doc, DIGIPROV)


@check("CSIP37", EACH)
def check_CSIP37(ctx: Context, doc: MetsDoc):
    """CSIP37 Type of link: mets/amdSec/digiprovMD/mdRef[@xlink:type='simple']."""
    return mdsec.xlink_type(ctx, "CSIP37", doc, DIGIPROV)


@check("CSIP38", EACH)
def check_CSIP38(ctx: Context, doc: MetsDoc):
    """CSIP38 Resource location: mets/amdSec/digiprovMD/mdRef/@xlink:href."""
    return mdsec.href(ctx, "CSIP38", doc, DIGIPROV)


@check("CSIP39", EACH)
def check_CSIP39(ctx: Context, doc: MetsDoc):
    """CSIP39 Type of metadata: mets/amdSec/digiprovMD/mdRef/@MDTYPE."""
    return mdsec.mdtype(ctx, "CSIP39", doc, DIGIPROV)


@check("CSIP40", EACH)
def check_CSIP40(ctx: Context, doc: MetsDoc):
    """CSIP40 File mime type: mets/amdSec/digiprovMD/mdRef/@MIMETYPE."""
    return mdsec.mimetype(ctx, "CSIP40", doc, DIGIPROV)


@check("CSIP41", EACH)
def check_CSIP41(ctx: Context, doc: MetsDoc):
    """CSIP41 File size: mets/amdSec/digiprovMD/mdRef/@SIZE."""
    return mdsec.size(ctx, "CSIP41", doc, DIGIPROV)


@check("CSIP42", EACH)
def check_CSIP42(ctx: Context, doc: MetsDoc):
    """CSIP42 File creation datetime: mets/amdSec/digiprovMD/mdRef/@CREATED."""
    return mdsec.created(ctx, "CSIP42", doc, DIGIPROV)


@check("CSIP43", EACH)
def check_CSIP43(ctx: Context, doc: MetsDoc):
    """CSIP43 File checksum: mets/amdSec/digiprovMD/mdRef/@CHECKSUM."""
    return mdsec.checksum(ctx, "CSIP43", doc, DIGIPROV)


@check("CSIP44", EACH)
def check_CSIP44(ctx: Context, doc: MetsDoc):
    """CSIP44 File checksum type: mets/amdSec/digiprovMD/mdRef/@CHECKSUMTYPE."""
    return mdsec.checksumtype(ctx, "CSIP44", doc, DIGIPROV)


@check("CSIP45", EACH)
def check_CSIP45(ctx: Context, doc: MetsDoc):
    """CSIP45 Rights metadata: mets/amdSec/rightsMD MAY state the rights of the package."""
    if not doc.all(RIGHTS):
        ctx.add("CSIP45", "v.optional_absent", doc=doc, el=doc.root, what="mets/amdSec/rightsMD")
    return None


@check("CSIP46", EACH)
def check_CSIP46(ctx: Context, doc: MetsDoc):
    """CSIP46 Rights metadata identifier: mets/amdSec/rightsMD/@ID."""
    return mdsec.section_id(ctx, "CSIP46", doc, RIGHTS)


@check("CSIP47", EACH)
def check_CSIP47(ctx: Context, doc: MetsDoc):
    """CSIP47 Status of the rights metadata: mets/amdSec/rightsMD/@STATUS (SHOULD), from the vocabulary."""
    return mdsec.status(ctx, "CSIP47", doc, RIGHTS)


@check("CSIP48", EACH)
def check_CSIP48(ctx: Context, doc: MetsDoc):
    """CSIP48 Reference to the document with the rights metadata: mets/amdSec/rightsMD/mdRef."""
    if not doc.all(RIGHTS):
        return NOT_APPLICABLE
    return mdsec.has_mdref(ctx, "CSIP48", doc, RIGHTS, "other")


@check("CSIP49", EACH)
def check_CSIP49(ctx: Context, doc: MetsDoc):
    """CSIP49 Type of locator: mets/amdSec/rightsMD/mdRef[@LOCTYPE='URL']."""
    return mdsec.loctype(ctx, "CSIP49", doc, RIGHTS)


@check("CSIP50", EACH)
def check_CSIP50(ctx: Context, doc: MetsDoc):
    """CSIP50 Type of locator: mets/amdSec/rightsMD/mdRef[@xlink:type='simple']."""
    return mdsec.xlink_type(ctx, "CSIP50", doc, RIGHTS)


@check("CSIP51", EACH)
def check_CSIP51(ctx: Context, doc: MetsDoc):
    """CSIP51 Resource location: mets/amdSec/rightsMD/mdRef/@xlink:href."""
    return mdsec.href(ctx, "CSIP51", doc, RIGHTS)


@check("CSIP52", EACH)
def check_CSIP52(ctx: Context, doc: MetsDoc):
    """CSIP52 Type of metadata: mets/amdSec/rightsMD/mdRef/@MDTYPE."""
    return mdsec.mdtype(ctx, "CSIP52", doc, RIGHTS)


@check("CSIP53", EACH)
def check_CSIP53(ctx: Context, doc: MetsDoc):
    """CSIP53 File mime type: mets/amdSec/rightsMD/mdRef/@MIMETYPE."""
    return mdsec.mimetype(ctx, "CSIP53", doc, RIGHTS)


@check("CSIP54", EACH)
def check_CSIP54(ctx: Context, doc: MetsDoc):
    """CSIP54 File size: mets/amdSec/rightsMD/mdRef/@SIZE."""
    return mdsec.size(ctx, "CSIP54", doc, RIGHTS)


@check("CSIP55", EACH)
def check_CSIP55(ctx: Context, doc: MetsDoc):
    """CSIP55 File creation datetime: mets/amdSec/rightsMD/mdRef/@CREATED."""
    return mdsec.created(ctx, "CSIP55", doc, RIGHTS)


@check("CSIP56", EACH)
def check_CSIP56(ctx: Context, doc: MetsDoc):
    """CSIP56 File checksum: mets/amdSec/rightsMD/mdRef/@CHECKSUM."""
    return mdsec.checksum(ctx, "CSIP56", doc, RIGHTS)


@check("CSIP57", EACH)
def check_CSIP57(ctx: Context, doc: MetsDoc):
    """CSIP57 File checksum type: mets/amdSec/rightsMD/mdRef/@CHECKSUMTYPE."""
    return mdsec.checksumtype(ctx, "CSIP57", doc, RIGHTS)
