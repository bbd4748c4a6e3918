"""CITS ERMS 3.0 vocabularies and requirement IDs: one home.

The terms and requirement rows come from the official schema and specification, through
``earchive/specdata/erms-3.0.0.json`` (written by ``scripts/extract_erms_specdata.py``,
kept in step by ``tests/test_erms_specdata.py``).  The Swedish and English words that
people type in a spreadsheet ("sekretess", "inkommande", "avslutat") are earchive's own
and live in :data:`SYNONYMS`; each maps to an official term.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from earchive.errors import InvalidInput

#: Vocabulary keys: ``owner/@attribute`` in the official schema.
AGGREGATION_TYPE = "aggregationType/@aggregationType"
AGENT_TYPE = "agentComplexType/@agentType"
DATE_TYPE = "dateTypeComplex/@dateType"
DIRECTION = "directionType/@directionDefinition"
DISPOSAL_DATE_TYPE = "disposalDateTypes/@dateType"
EVENT_TYPE = "eventType/@value"
MAINTENANCE_STATUS = "maintenanceStatus/@value"
RESTRICTION_TYPE = "restrictionsType/@restrictionType"
STATUS = "status/@value"
CLASSIFICATION_SCHEMA_STATUS = "classificationSchema/@classificationSchemaStatus"

#: OTHERMDTYPE and MDTYPEVERSION of erms.xml in the METS dmdSec.
OTHER_MDTYPE = "ERMS"
MDTYPE_VERSION = "3.0"
#: csip:CONTENTINFORMATIONTYPE of an ERMS package (CITS ERMS 3.0, table 1).
CONTENT_INFORMATION_TYPE = "citserms_v3_0"
#: mets/@TYPE of an ERMS package: the specification says "Dataset"; the CSIP vocabulary's term is "Datasets".
CONTENT_CATEGORY = "Datasets"

#: Words people use for a term, folded (see :func:`fold`) -> the official term.
SYNONYMS: dict[str, dict[str, str]] = {
    RESTRICTION_TYPE: {
        "sekretess": "confidential", "sekretessbelagd": "confidential", "hemlig": "confidential",
        "konfidentiell": "confidential", "secrecy": "confidential",
        "gdpr": "gdpr", "personuppgifter": "gdpr", "dataskydd": "gdpr", "personal data": "gdpr",
        "integritet": "integrity", "integritetskänslig": "integrity",
        "annan": "other_type", "övrig": "other_type", "other": "other_type",
    },
    DIRECTION: {
        "in": "incoming", "i": "incoming", "inkommande": "incoming", "inkommen": "incoming", "inkom": "incoming",
        "ut": "outgoing", "u": "outgoing", "utgående": "outgoing", "expedierad": "outgoing", "out": "outgoing",
        "upprättad": "internal_memo_without_follow-up", "intern": "internal_memo_without_follow-up",
        "internal": "internal_memo_without_follow-up",
        "upprättad för uppföljning": "internal_memo_for_follow-up",
        "utkast": "case_draft", "draft": "case_draft",
    },
    STATUS: {
        "avslutat": "closed", "avslutad": "closed", "stängt": "closed",
        "öppet": "open", "öppen": "open", "pågående": "in_progress", "under handläggning": "in_progress",
        "vilande": "on_hold", "makulerat": "obliterated", "makulerad": "obliterated",
        "inkommet": "received", "inkommen": "received", "expedierat": "expedited", "expedierad": "expedited",
        "initierat": "initiated", "förberett": "prepared", "ad acta": "ad_acta",
    },
    AGENT_TYPE: {
        "handläggare": "responsible_person", "avsändare": "sender", "mottagare": "recipient",
        "motpart": "counterpart", "ägare": "owner", "skapare": "creator",
    },
}


@lru_cache(maxsize=1)
def _data() -> dict:
    ref = resources.files("earchive.specdata") / "erms-3.0.0.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def namespace() -> str:
    """The ERMS XML namespace (``https://DILCIS.eu/XML/ERMS``)."""
    return _data()["namespace"]


def version() -> str:
    """The ERMS schema version the data were taken from (``3.0.0``)."""
    return _data()["version"]


def terms(key: str) -> tuple[str, ...]:
    """The official terms of vocabulary ``key`` (one of the ``*_TYPE`` constants)."""
    return tuple(_data()["vocabularies"][key])


def requirement(req_id: str) -> dict:
    """The specification's row for ``req_id`` (``ERMS59``): id, name, cardinality, xpath, level."""
    return _requirements()[req_id]


@lru_cache(maxsize=1)
def _requirements() -> dict[str, dict]:
    return {r["id"]: r for r in _data()["requirements"]}


def fold(text: str) -> str:
    """Case-, space-, dash- and underscore-insensitive key for matching typed terms."""
    text = unicodedata.normalize("NFKC", str(text)).replace("\u2013", "-").replace("_", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def match(field_name: str, value: str, key: str) -> str:
    """The official term of ``key`` that ``value`` names, or raise InvalidInput listing the terms.

    An official term matches whatever its case ("Confidential"); so does a word of
    :data:`SYNONYMS` ("sekretess", "Inkommande").
    """
    if value in _known(key):  # the common case: an official term or a word as written in SYNONYMS
        return _known(key)[value]
    found = _known(key).get(fold(value))
    if found:
        return found
    raise InvalidInput("error.invalid_value", field=field_name, value=repr(value), allowed=_allowed(key))


@lru_cache(maxsize=None)
def _known(key: str) -> dict[str, str]:
    """Every spelling :func:`match` accepts for ``key`` (as written and folded) -> the official term."""
    known = {fold(word): term for word, term in SYNONYMS.get(key, {}).items()}
    known.update({fold(term): term for term in terms(key)})
    known.update({term: term for term in terms(key)})
    return known


def _allowed(key: str) -> str:
    words = list(terms(key)) + sorted(set(SYNONYMS.get(key, {})) - set(terms(key)))
    return ", ".join(f'"{w}"' for w in words)
