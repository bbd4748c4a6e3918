"""The requirements the validator reports on, per specification version: one home.

The CSIP and SIP METS requirements (IDs, levels, heads, texts) come from
:func:`earchive.spec.requirements`, i.e. from the official DILCIS profiles.  The CSIP
structure requirements CSIPSTR1-16 are not in the profiles (they are in the CSIP text,
``specification/implementation/structure/folders`` of DILCISBoard/E-ARK-CSIP), so
their IDs and levels are declared here, in :data:`STRUCTURE_REQUIREMENTS`, with short
texts.  :data:`VALIDATOR_CHECKS` are the few checks the issue asks for that no
requirement ID names (XSD validity, unreferenced files, metadata schemas).
"""

from __future__ import annotations

from functools import lru_cache

from earchive import spec
from earchive.spec import Requirement, SpecVersion

#: CSIPSTR1-16 (CSIP 2.0.4, 2.1.0 and 2.2.0 alike): ID, level, head, short text.
STRUCTURE_REQUIREMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("CSIPSTR1", "MUST", "Single root folder",
     "An information package is contained in a single root folder; an archive (ZIP, TAR) unpacks to a single root folder."),
    ("CSIPSTR2", "SHOULD", "Root folder name",
     "The root folder is named with the ID or name of the package, the value of mets/@OBJID of the package METS.xml."),
    ("CSIPSTR3", "MAY", "Compression",
     "The root folder may be compressed (e.g. TAR or ZIP); the format is stated in the submission agreement."),
    ("CSIPSTR4", "MUST", "Package METS.xml",
     "The root folder includes a file named METS.xml that identifies and describes the package."),
    ("CSIPSTR5", "SHOULD", "metadata folder",
     "The root folder includes a folder named metadata, with metadata relevant to the whole package."),
    ("CSIPSTR6", "SHOULD", "preservation metadata folder",
     "Preservation metadata, if available, are in the sub-folder metadata/preservation."),
    ("CSIPSTR7", "SHOULD", "descriptive metadata folder",
     "Descriptive metadata, if available, are in the sub-folder metadata/descriptive."),
    ("CSIPSTR8", "MAY", "other metadata folders",
     "Other metadata may be in separate sub-folders of metadata, for example metadata/other."),
    ("CSIPSTR9", "SHOULD", "representations folder",
     "The root folder includes a folder named representations."),
    ("CSIPSTR10", "SHOULD", "representation folders",
     "The representations folder includes one sub-folder per representation, each with a name unique in the package."),
    ("CSIPSTR11", "SHOULD", "representation data folder",
     "Each representation folder includes a sub-folder named data, which may hold all data of the representation."),
    ("CSIPSTR12", "SHOULD", "representation METS.xml",
     "Each representation folder includes a METS.xml describing the identity and structure of the representation."),
    ("CSIPSTR13", "SHOULD", "representation metadata folder",
     "Each representation folder includes a sub-folder named metadata, which may hold its metadata."),
    ("CSIPSTR14", "MAY", "additional folders",
     "The package may be extended with additional sub-folders."),
    ("CSIPSTR15", "SHOULD", "schemas folder",
     "XML schemas of structured metadata are in a sub-folder schemas of the root folder and/or the representation folder."),
    ("CSIPSTR16", "SHOULD", "documentation folder",
     "Supplementary documentation is in a sub-folder documentation of the root folder and/or the representation folder."),
)

#: Checks with no requirement ID of their own: ID, level, head, text.
VALIDATOR_CHECKS: tuple[tuple[str, str, str, str], ...] = (
    ("PACKAGE-SAFE", "MUST", "Safe, readable entries",
     "Every entry of the package can be read safely: no links, no paths leading out of the package, "
     "no device files, no duplicate names, names in UTF-8."),
    ("METS-XSD", "MUST", "METS schema validity",
     "Every METS document is well-formed and valid against METS 1.12 with the DILCIS CSIP and SIP extension schemas."),
    ("FILE-REFERENCED", "SHOULD", "Every file referenced",
     "Every file in the package is referenced from a METS document (a fileSec file, an mdRef or a representation METS pointer)."),
    ("METADATA-XSD", "SHOULD", "Metadata schema validity",
     "PREMIS, EAD 2002, simple Dublin Core and key-value metadata files are valid against their schemas."),
)

#: Profile rows that are not requirements (references to other standards, empty IDs).
_NOT_REQUIREMENTS = ("REF_",)


def requirements(version: SpecVersion | str) -> list[Requirement]:
    """Every requirement the validator reports on for ``version``, in report order.

    Order: safe reading, structure (CSIPSTR), METS validity, the CSIP profile, the
    SIP profile, then the file checks.
    """
    return list(_requirements(SpecVersion.parse(version)))


def by_id(version: SpecVersion | str) -> dict[str, Requirement]:
    """Requirement ID -> Requirement for ``version``."""
    return {r.id: r for r in _requirements(SpecVersion.parse(version))}


@lru_cache(maxsize=None)
def _requirements(version: SpecVersion) -> tuple[Requirement, ...]:
    def extra(rows, section):
        return [Requirement(id=i, level=lv, section=section, head=h, text=t) for i, lv, h, t in rows]

    profile = [
        r for r in spec.requirements(version)
        if r.id and r.level and not r.id.startswith(_NOT_REQUIREMENTS)
    ]
    csip = [r for r in profile if r.id.startswith("CSIP")]
    sip = [r for r in profile if r.id.startswith("SIP")]
    checks = extra(VALIDATOR_CHECKS, "validator")
    from earchive.validation.erms import REQUIREMENTS as ERMS_REQUIREMENTS  # CITS ERMS in any package

    return tuple(checks[:1] + extra(STRUCTURE_REQUIREMENTS, "structure") + checks[1:2] + csip + sip + checks[2:]
                 + extra(ERMS_REQUIREMENTS, "erms"))
