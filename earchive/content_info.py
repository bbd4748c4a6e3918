"""How a content category (mets/@TYPE) and a content information type are written, for builder and validator alike.

Content category (CSIP2, CSIP3): the vocabulary file's term for "other" is ``Other``;
CSIP2's text spells it "OTHER".  earchive writes the vocabulary's ``Other`` (commons-ip,
RODA's reader, checks @TYPE against the vocabulary file and reports "OTHER" under CSIP2)
with the category in ``csip:OTHERTYPE``; "OTHER" typed by a person means the same term.

Content information type (CSIP4/5, CSIP62/63): three lists disagree.

* the vocabulary (``CSIPVocabularyContentInformationType.xml``) that CSIP4 names;
* the official DILCIS extension schema, whose enumeration spells two terms differently
  (``citsarchival_v1_0``/``csarchival_v1_0`` for the vocabulary's ``citscarchival_v1_0``/
  ``cscarchival_v1_0``), so the vocabulary's spelling makes the METS schema-invalid;
* the extension schema inside commons-ip 2.11.2 (``src/main/resources/schemas2/
  DILCISExtensionMETS.xsd``), which RODA 6.2.1's ingest validates every METS against
  (``METSUtils.instantiateMETSFromFile``): an older enumeration without ``citserms_v3_0``,
  ``cspremis_v1_0``, ``citsehpj_v2_0`` and ``cits3dpm_v1_0``; a METS with one of them is
  "not valid" and the ingest fails.

A term all three accept is written in ``csip:CONTENTINFORMATIONTYPE``.  Any other term of
the vocabulary is written as ``OTHER`` with the term in ``csip:OTHERCONTENTINFORMATIONTYPE``:
CSIP4 lists OTHER as a legal value and CSIP5/CSIP63 ask only that OTHERCONTENTINFORMATIONTYPE
"state the content information type", which it then does.  The validator accepts exactly
this pair (:func:`spelled_as_other`) and reports other vocabulary terms under OTHER.
"""

from __future__ import annotations

from functools import lru_cache

#: The content-category vocabulary's term for a category outside the vocabulary (CSIP2/CSIP3).
OTHER_CATEGORY = "Other"
#: The spelling CSIP2's text uses for the same term; accepted from people and from packages.
OTHER_CATEGORY_TEXT = "OTHER"
#: csip:CONTENTINFORMATIONTYPE for a type stated in csip:OTHERCONTENTINFORMATIONTYPE.
OTHER = "OTHER"

#: csip:CONTENTINFORMATIONTYPE values that commons-ip 2.11.2's own DILCISExtensionMETS.xsd
#: enumerates (src/main/resources/schemas2/DILCISExtensionMETS.xsd), the schema RODA 6.2.1's
#: ingest validates each METS against.  tests/test_content_info.py keeps this in step with
#: the source in ../shared/upstream.
RODA_CONTENT_INFORMATION_TYPES = frozenset({
    "ERMS", "SIARD1", "SIARD2", "SIARDDK", "GeoData", "citcarchival_v1_0", "citspremis_v1_0", "citserms_v2_1",
    "citsehpj_v1_0", "citsehcr_v1_0", "citssiard_v1_0", "citsgeospatial_v3_0", "MIXED", "OTHER",
})


@lru_cache(maxsize=1)
def schema_content_information_types() -> frozenset[str]:
    """The csip:CONTENTINFORMATIONTYPE values the DILCIS extension schema enumerates."""
    from lxml import etree

    from earchive import schemas

    tree = etree.parse(str(schemas.schema_path("csip")))
    for simple in tree.iter("{http://www.w3.org/2001/XMLSchema}simpleType"):
        values = {e.get("value") for e in simple.iter("{http://www.w3.org/2001/XMLSchema}enumeration")}
        if "MIXED" in values:
            return frozenset(values)
    raise LookupError("the CSIP extension schema has no CONTENTINFORMATIONTYPE enumeration")


def writable(term: str) -> bool:
    """Whether ``term`` may stand in csip:CONTENTINFORMATIONTYPE itself (every reader's schema takes it)."""
    return term in schema_content_information_types() and term in RODA_CONTENT_INFORMATION_TYPES


def spelled_as_other(term: str) -> bool:
    """Whether a vocabulary ``term`` is written as OTHER + OTHERCONTENTINFORMATIONTYPE (see the module text)."""
    return bool(term) and term != OTHER and not writable(term)


def as_written(term: str, other: str = "") -> tuple[str, str]:
    """(CONTENTINFORMATIONTYPE, OTHERCONTENTINFORMATIONTYPE) for a vocabulary ``term``.

    ``other`` is the user's own type, used only with ``term`` "OTHER".  An empty term
    gives ("", "").
    """
    if not term:
        return "", ""
    if term == OTHER:
        return OTHER, other
    if spelled_as_other(term):
        return OTHER, term
    return term, ""
