"""The E-ARK CSIP/SIP specification versions earchive knows, as data.

Requirement IDs, levels, texts and the controlled vocabularies are read from
``earchive/specdata/spec-<version>.json``, which ``scripts/extract_specdata.py``
extracts from the official DILCIS profile and vocabulary files (and
``tests/test_specdata.py`` keeps in step with them).  Differences between 2.1.0 and
2.2.0 are differences in that data, never copied code.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: Namespaces written and read by earchive.
METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP_NS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS_NS = "http://www.loc.gov/premis/v3"
EAD_NS = "urn:isbn:1-931666-22-9"


class SpecVersion(str, enum.Enum):
    """A published version of E-ARK CSIP + SIP."""

    V2_0_4 = "2.0.4"
    V2_1_0 = "2.1.0"
    """E-ARK CSIP/SIP 2.1.0; Riksarkivet's FGS Paketstruktur 2.0."""
    V2_2_0 = "2.2.0"
    """E-ARK CSIP/SIP 2.2.0 (17 May 2024), the current version and earchive's default."""

    @classmethod
    def parse(cls, value: "str | SpecVersion") -> "SpecVersion":
        """Accept '2.2.0', '2.2', 'v2.2.0' or a member; raise ValueError naming the allowed values."""
        if isinstance(value, SpecVersion):
            return value
        text = str(value).strip().lower().lstrip("v")
        for member in cls:
            if text in (member.value, member.value.rsplit(".", 1)[0]):
                return member
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown E-ARK specification version {value!r}; allowed: {allowed}")

    @property
    def buildable(self) -> bool:
        """earchive builds 2.1.0 and 2.2.0 packages; 2.0.4 is only validated."""
        return self is not SpecVersion.V2_0_4


DEFAULT_VERSION = SpecVersion.V2_2_0


@dataclass(frozen=True)
class Requirement:
    """One requirement of a CSIP or SIP METS profile (or a CSIPSTR structure rule)."""

    id: str
    level: str  # MUST, SHOULD or MAY
    section: str
    head: str
    text: str
    xpath: str = ""
    cardinality: str = ""
    vocabulary: str = ""


@lru_cache(maxsize=None)
def _data(version: SpecVersion) -> dict:
    ref = resources.files("earchive.specdata") / f"spec-{version.value}.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def profile_url(version: SpecVersion, *, sip: bool = True) -> str:
    """The mets/@PROFILE value: the SIP profile for a package's root METS (SIP2), else CSIP's (CSIP6).

    The value is the profile's own URI as published in that version's profile file:
    2.2.0 SIP -> https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml,
    2.1.0 SIP -> https://earksip.dilcis.eu/profile/E-ARK-SIP.xml (the SIP2 text of 2.1.0).
    """
    return _data(SpecVersion.parse(version))["sip" if sip else "csip"]["uri"]


def requirements(version: SpecVersion, *, profile: str | None = None) -> list[Requirement]:
    """Every requirement of a version: CSIP then SIP (``profile`` = 'csip' or 'sip' for one)."""
    data = _data(SpecVersion.parse(version))
    out: list[Requirement] = []
    for part in (("csip", "sip") if profile is None else (profile,)):
        out.extend(Requirement(**r) for r in data[part]["requirements"])
    return out


def requirement(version: SpecVersion, req_id: str) -> Requirement:
    """One requirement by ID; KeyError if that version does not have it."""
    for req in requirements(version):
        if req.id == req_id:
            return req
    raise KeyError(f"{req_id} is not a requirement of E-ARK {SpecVersion.parse(version).value}")


def vocabulary(version: SpecVersion, name: str) -> tuple[str, ...]:
    """The terms of an official vocabulary, e.g. 'VocabularyContentCategory', in file order."""
    return tuple(t["term"] for t in _data(SpecVersion.parse(version))["vocabularies"][name])


def vocabulary_definitions(version: SpecVersion, name: str) -> dict[str, str]:
    """Term -> definition, for help texts."""
    return {t["term"]: t["definition"] for t in _data(SpecVersion.parse(version))["vocabularies"][name]}


#: Names of the official vocabularies, as the DILCIS files call them.
CONTENT_CATEGORY = "VocabularyContentCategory"
CONTENT_INFORMATION_TYPE = "ContentInformationTypeSpecification"
RECORD_STATUS = "VocabularyRECORDSTATUS"
ALT_RECORD_ID_TYPE = "VocabularyaltrecordIDTYPE"
NOTE_TYPE = "VocabularyNoteType"
OAIS_PACKAGE_TYPE = "VocabularyOAISPackageType"
DMD_STATUS = "VocabularyStatus"
DIVISION_LABEL = "VocabularyFileGrpAndStructMapDivisionLabel"
