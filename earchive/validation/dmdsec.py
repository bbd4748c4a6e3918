"""dmdSec: CSIP17-30, descriptive metadata sections and the files they reference (every METS document)."""

from __future__ import annotations

from earchive.validation import mdsec
from earchive.validation.context import EACH, Context, MetsDoc, check
from earchive.validation.references import datetime_attr, each

#: Where the descriptive metadata sections are.
DMD = "dmdSec"


@check("CSIP17", EACH)
def check_CSIP17(ctx: Context, doc: MetsDoc):
    """CSIP17 Descriptive metadata: mets/dmdSec SHOULD be used (it must be when descriptive metadata exist)."""
    if doc.all(DMD):
        return None
    files = mdsec.metadata_files(ctx, doc, "descriptive")
    if files:
        ctx.add("CSIP17", "v.section_missing_files", doc=doc, el=doc.root, element="dmdSec", files=", ".join(files[:5]))
    # Without descriptive metadata there is nothing a dmdSec must describe ("must be used if
    # descriptive metadata ... is available"); the corpus' CSIP17 case agrees.
    return None


@check("CSIP18", EACH)
def check_CSIP18(ctx: Context, doc: MetsDoc):
    """CSIP18 Descriptive metadata identifier: mets/dmdSec/@ID."""
    return mdsec.section_id(ctx, "CSIP18", doc, DMD)


@check("CSIP19", EACH)
def check_CSIP19(ctx: Context, doc: MetsDoc):
    """CSIP19 Descriptive metadata creation datetime: mets/dmdSec/@CREATED."""
    return each(ctx, doc, DMD, lambda el: datetime_attr(ctx, "CSIP19", doc, el, "CREATED"))


@check("CSIP20", EACH)
def check_CSIP20(ctx: Context, doc: MetsDoc):
    """CSIP20 Status of the descriptive metadata: mets/dmdSec/@STATUS (SHOULD), from the vocabulary."""
    return mdsec.status(ctx, "CSIP20", doc, DMD)


@check("CSIP21", EACH)
def check_CSIP21(ctx: Context, doc: MetsDoc):
    """CSIP21 Reference to the document with the descriptive metadata: mets/dmdSec/mdRef."""
    return mdsec.has_mdref(ctx, "CSIP21", doc, DMD, "descriptive")


@check("CSIP22", EACH)
def check_CSIP22(ctx: Context, doc: MetsDoc):
    """CSIP22 Type of locator: mets/dmdSec/mdRef[@LOCTYPE='URL']."""
    return mdsec.loctype(ctx, "CSIP22", doc, DMD)


@check("CSIP23", EACH)
def check_CSIP23(ctx: Context, doc: MetsDoc):
    """CSIP23 Type of link: mets/dmdSec/mdRef[@xlink:type='simple']."""
    return mdsec.xlink_type(ctx, "CSIP23", doc, DMD)


@check("CSIP24", EACH)
def check_CSIP24(ctx: Context, doc: MetsDoc):
    """CSIP24 Resource location: mets/dmdSec/mdRef/@xlink:href."""
    return mdsec.href(ctx, "CSIP24", doc, DMD)


@check("CSIP25", EACH)
def check_CSIP25(ctx: Context, doc: MetsDoc):
    """CSIP25 Type of metadata: mets/dmdSec/mdRef/@MDTYPE."""
    return mdsec.mdtype(ctx, "CSIP25", doc, DMD)


@check("CSIP26", EACH)
def check_CSIP26(ctx: Context, doc: MetsDoc):
    """CSIP26 File mime type: mets/dmdSec/mdRef/@MIMETYPE."""
    return mdsec.mimetype(ctx, "CSIP26", doc, DMD)


@check("CSIP27", EACH)
def check_CSIP27(ctx: Context, doc: MetsDoc):
    """CSIP27 File size: mets/dmdSec/mdRef/@SIZE."""
    return mdsec.size(ctx, "CSIP27", doc, DMD)


@check("CSIP28", EACH)
def check_CSIP28(ctx: Context, doc: MetsDoc):
    """CSIP28 File creation datetime: mets/dmdSec/mdRef/@CREATED."""
    return mdsec.created(ctx, "CSIP28", doc, DMD)


@check("CSIP29", EACH)
def check_CSIP29(ctx: Context, doc: MetsDoc):
    """CSIP29 File checksum: mets/dmdSec/mdRef/@CHECKSUM."""
    return mdsec.checksum(ctx, "CSIP29", doc, DMD)


@check("CSIP30", EACH)
def check_CSIP30(ctx: Context, doc: MetsDoc):
    """CSIP30 File checksum type: mets/dmdSec/mdRef/@CHECKSUMTYPE."""
    return mdsec.checksumtype(ctx, "CSIP30", doc, DMD)
