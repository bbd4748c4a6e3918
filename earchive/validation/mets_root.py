"""The <mets> root element: CSIP1-6 (every METS document) and SIP1-2 (the package METS)."""

from __future__ import annotations

from earchive import content_info, spec
from earchive.spec import CONTENT_CATEGORY, CONTENT_INFORMATION_TYPE, SpecVersion
from earchive.validation.context import EACH, NOT_APPLICABLE, ROOT, CS, Context, MetsDoc, check
from earchive.validation.findings import Severity

#: mets/@TYPE values meaning "other": the vocabulary's term and the CSIP2 text's spelling.
OTHER_TYPES = (content_info.OTHER_CATEGORY, content_info.OTHER_CATEGORY_TEXT)
#: The 2.1.0 SIP profile's own URI (SIP2) and the versioned URI commons-ip writes for 2.1.0.
VERSIONED_2_1_0_SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml"


@check("CSIP1", EACH)
def check_CSIP1(ctx: Context, doc: MetsDoc):
    """CSIP1 Package Identifier: mets/@OBJID is mandatory; it SHOULD be the name of the package
    (root METS) or representation (representation METS) folder."""
    objid = ctx.require_attr("CSIP1", doc, doc.root, "OBJID")
    if objid is None:
        return None
    expected = ctx.pkg.root_name if doc.is_root else doc.rep_name
    if expected and objid.strip() != expected:
        code = "v.objid_folder_root" if doc.is_root else "v.objid_folder_rep"
        ctx.add("CSIP1", code, doc=doc, el=doc.root, attr="OBJID", severity=Severity.WARNING,
                objid=objid, folder=expected)
    return None


@check("CSIP2", EACH)
def check_CSIP2(ctx: Context, doc: MetsDoc):
    """CSIP2 Content Category: mets/@TYPE MUST be a value of the content-category vocabulary;
    for a category outside it, "OTHER" with the category in mets/@csip:OTHERTYPE."""
    value = ctx.require_attr("CSIP2", doc, doc.root, "TYPE")
    if value is None:
        return None
    terms = ctx.vocabulary(CONTENT_CATEGORY)
    if value in OTHER_TYPES:
        other = doc.root.get(CS("OTHERTYPE"))
        if other is None or not other.strip():
            ctx.add("CSIP2", "v.othertype_missing", doc=doc, el=doc.root, value=value)
        if value not in terms:
            # CSIP2's text says "OTHER", the vocabulary "Other"; commons-ip (RODA) takes only the vocabulary's.
            ctx.add("CSIP2", "v.type_other_spelling", doc=doc, el=doc.root, attr="TYPE", severity=Severity.WARNING,
                    value=value, term=content_info.OTHER_CATEGORY)
    elif value not in terms:
        dashed = next((t for t in terms if t.replace("–", "-") == value.replace("–", "-")), None)
        if dashed is not None:
            # Open question DILCISBoard/E-ARK-CSIP#733 ("Hyphens in value list"): a hyphen for
            # the vocabulary's en dash is reported, but not as an error.
            ctx.add("CSIP2", "v.type_hyphen", doc=doc, el=doc.root, attr="TYPE", severity=Severity.WARNING,
                    value=value, term=dashed)
        else:
            ctx.add("CSIP2", "v.attr_vocab", doc=doc, el=doc.root, attr="TYPE", element="mets", attribute="@TYPE",
                    value=value, vocabulary=CONTENT_CATEGORY, allowed=", ".join(terms))
    return None


@check("CSIP3", EACH)
def check_CSIP3(ctx: Context, doc: MetsDoc):
    """CSIP3 Other Content Category: when mets/@TYPE is "OTHER", mets/@csip:OTHERTYPE declares the category
    (and is used only then, with a value outside the vocabulary)."""
    value = doc.root.get("TYPE")
    other = doc.root.get(CS("OTHERTYPE"))
    if value not in OTHER_TYPES and other is None:
        return NOT_APPLICABLE
    if value in OTHER_TYPES:
        if other is None or not other.strip():
            ctx.add("CSIP3", "v.othertype_missing", doc=doc, el=doc.root, value=value)
        elif other in ctx.vocabulary(CONTENT_CATEGORY) and other not in OTHER_TYPES:
            ctx.add("CSIP3", "v.other_in_vocabulary", doc=doc, el=doc.root, attr=CS("OTHERTYPE"),
                    attribute="@csip:OTHERTYPE", value=other, main="@TYPE")
    else:
        ctx.add("CSIP3", "v.other_without_other", doc=doc, el=doc.root, attr=CS("OTHERTYPE"),
                attribute="@csip:OTHERTYPE", main="@TYPE", value=value or "")
    return None


@check("CSIP4", EACH)
def check_CSIP4(ctx: Context, doc: MetsDoc):
    """CSIP4 Content Information Type Specification: mets/@csip:CONTENTINFORMATIONTYPE SHOULD be given
    (mandatory in representation METS), from the vocabulary; "OTHER" needs @csip:OTHERCONTENTINFORMATIONTYPE."""
    attr = CS("CONTENTINFORMATIONTYPE")
    severity = Severity.WARNING if doc.is_root else Severity.ERROR
    value = ctx.require_attr("CSIP4", doc, doc.root, attr, severity=severity)
    if value is None:
        return None
    terms = ctx.vocabulary(CONTENT_INFORMATION_TYPE)
    if value not in terms:
        ctx.add("CSIP4", "v.attr_vocab", doc=doc, el=doc.root, attr=attr, severity=Severity.ERROR, element="mets",
                attribute="@csip:CONTENTINFORMATIONTYPE", value=value, vocabulary=CONTENT_INFORMATION_TYPE,
                allowed=", ".join(terms))
    elif value == "OTHER":
        other = doc.root.get(CS("OTHERCONTENTINFORMATIONTYPE"))
        if other is None or not other.strip():
            ctx.add("CSIP4", "v.othercit_missing", doc=doc, el=doc.root, severity=Severity.ERROR)
    return None


@check("CSIP5", EACH)
def check_CSIP5(ctx: Context, doc: MetsDoc):
    """CSIP5 Other Content Information Type Specification: when @csip:CONTENTINFORMATIONTYPE is "OTHER",
    @csip:OTHERCONTENTINFORMATIONTYPE states it (and is used only then, with a value outside the vocabulary)."""
    return other_cit(ctx, "CSIP5", doc, doc.root)


def other_cit(ctx: Context, req: str, doc: MetsDoc, el) -> str | None:
    """Shared by CSIP5 (mets) and CSIP63 (fileGrp): the OTHER / OTHERCONTENTINFORMATIONTYPE pair."""
    value = el.get(CS("CONTENTINFORMATIONTYPE"))
    other = el.get(CS("OTHERCONTENTINFORMATIONTYPE"))
    if value != "OTHER" and other is None:
        return NOT_APPLICABLE
    if value == "OTHER":
        if other is None or not other.strip():
            ctx.add(req, "v.othercit_missing", doc=doc, el=el, severity=Severity.ERROR)
        elif other in ctx.vocabulary(CONTENT_INFORMATION_TYPE) and not content_info.spelled_as_other(other):
            # A term the schemas take in CONTENTINFORMATIONTYPE belongs there; the text does not forbid
            # stating it under OTHER, so this is a warning.  Terms the official or RODA's schema cannot
            # hold are written this way on purpose (earchive.content_info) and pass.
            ctx.add(req, "v.other_in_vocabulary", doc=doc, el=el, attr=CS("OTHERCONTENTINFORMATIONTYPE"),
                    severity=Severity.WARNING, attribute="@csip:OTHERCONTENTINFORMATIONTYPE", value=other,
                    main="@csip:CONTENTINFORMATIONTYPE")
    else:
        ctx.add(req, "v.other_without_other", doc=doc, el=el, attr=CS("OTHERCONTENTINFORMATIONTYPE"),
                severity=Severity.ERROR, attribute="@csip:OTHERCONTENTINFORMATIONTYPE",
                main="@csip:CONTENTINFORMATIONTYPE", value=value or "")
    return None


@check("CSIP6", EACH)
def check_CSIP6(ctx: Context, doc: MetsDoc):
    """CSIP6 METS Profile: mets/@PROFILE is the URL of the METS profile the package conforms with."""
    value = ctx.require_attr("CSIP6", doc, doc.root, "PROFILE")
    if value is not None and not value.strip().lower().startswith(("http://", "https://")):
        ctx.add("CSIP6", "v.profile_not_url", doc=doc, el=doc.root, attr="PROFILE", value=value)
    return None


@check("SIP1", ROOT)
def check_SIP1(ctx: Context, doc: MetsDoc):
    """SIP1 Package name: mets/@LABEL MAY give a short text describing the package."""
    value = doc.root.get("LABEL")
    if value is None:
        ctx.add("SIP1", "v.optional_absent", doc=doc, el=doc.root, what="mets/@LABEL")
    elif not value.strip():
        ctx.add("SIP1", "v.attr_empty", doc=doc, el=doc.root, attr="LABEL", severity=Severity.WARNING,
                element="mets", attribute="@LABEL")
    return None


@check("SIP2", ROOT)
def check_SIP2(ctx: Context, doc: MetsDoc):
    """SIP2 METS Profile: mets/@PROFILE is the SIP profile of the version
    (2.2.0: https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml)."""
    value = ctx.require_attr("SIP2", doc, doc.root, "PROFILE")
    if value is None:
        return None
    expected = spec.profile_url(ctx.version, sip=True)
    value = value.strip()
    if value == expected:
        return None
    if ctx.version is not SpecVersion.V2_2_0 and value == VERSIONED_2_1_0_SIP_PROFILE:
        # commons-ip (RODA) writes and requires this URL for 2.1.0; the 2.1.0 profile's text names the
        # unversioned one (see ../shared/reference/validators.md): reported, but not as an error.
        ctx.add("SIP2", "v.profile_versioned_210", doc=doc, el=doc.root, attr="PROFILE", severity=Severity.WARNING,
                value=value, expected=expected)
        return None
    ctx.add("SIP2", "v.attr_value", doc=doc, el=doc.root, attr="PROFILE", element="mets", attribute="@PROFILE",
            value=value, expected=expected)
    return None
