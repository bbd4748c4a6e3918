"""The case-file model: CITS ERMS 3.0 control section, ärenden, handlingar and restrictions.

Plain dataclasses, validated on construction, with no XML and no Qt.  An
:class:`ErmsDocument` is what ``metadata/descriptive/erms.xml`` says: a :class:`Control`
section and :class:`Aggregation` objects (ärenden, case files) holding :class:`Record`
objects (handlingar) with the files they consist of.  :class:`Restriction` (sekretess,
GDPR, integrity, other) can sit on a case or on a record and always carries the
regulation (ERMS59: the legal paragraph, e.g. "OSL 21:1").  Every bad value is refused
with an :class:`~earchive.errors.InvalidInput` naming the field, in Swedish and English.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from earchive.errors import InvalidInput
from earchive.erms import vocabulary as voc

#: Namespace of the UUIDs earchive derives for cases and records that have none: the same
#: creator, case number and record number give the same UUID in every export (ERMS199/218).
UUID_NAMESPACE = uuid.UUID("6f0d2b0e-6b55-5d0a-9c4e-2c3f6a1e7e13")
#: extraId/@extraIdType of the diarienummer and of a record's registration number.
CASE_NUMBER_TYPE = "diarienummer"
RECORD_NUMBER_TYPE = "handlingsnummer"
#: agencyCode/@type when the archival creator's code is a Swedish organisation number.
ORGANISATION_NUMBER_TYPE = "organisationsnummer"
#: identification/@identificationType of the ERMS document (ERMS1-2): the package OBJID.
DOCUMENT_ID_TYPE = "OBJID"
#: A classificationSchemaId must be an xs:ID (an NCName).
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def _required(field_name: str, hint: str) -> InvalidInput:
    return InvalidInput("error.required", field=field_name, hint=hint)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_when(field_name: str, value) -> dt.datetime | dt.date | None:
    """A date or date-time from ``value`` (ISO 8601 text, YYYYMMDD, or a date/datetime); None when empty.

    Accepts 2023-03-14, 2023-03-14 10:12, 2023-03-14T10:12:05, 20230314.
    Raises InvalidInput naming ``field_name`` for anything else (14/3/2023, 2023-02-30).
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{8}", text):
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?", text):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    raise InvalidInput("error.invalid_value", field=field_name, value=repr(text),
                       allowed="a date such as 2023-03-14 or 2023-03-14 10:12")


def as_datetime(when: dt.datetime | dt.date) -> dt.datetime:
    """ERMS dates are xs:dateTime: a date alone is that day at 00:00 (no time zone)."""
    if isinstance(when, dt.datetime):
        return when
    return dt.datetime(when.year, when.month, when.day)


def derived_uuid(*parts: str) -> str:
    """A UUID that the same parts always give (see :data:`UUID_NAMESPACE`)."""
    return str(uuid.uuid5(UUID_NAMESPACE, "\x1f".join(parts)))


@dataclass
class Restriction:
    """An access restriction (ERMS55-65): sekretess, GDPR, integrity or another type.

    ``regulation`` (ERMS59, MUST) is the legal basis, e.g. "OSL 21:1" or
    "GDPR art. 9"; ``until`` ends its duration (duration/dates/date[@dateType="end"]),
    ``duration`` is a computed duration in words ("70 år").
    """

    type: str
    regulation: str
    other_type: str = ""
    explanatory_text: str = ""
    security_class: str = ""
    information_class: str = ""
    until: dt.date | dt.datetime | None = None
    duration: str = ""

    def __post_init__(self) -> None:
        self.type = voc.match("restriction type", _text(self.type) or "", voc.RESTRICTION_TYPE)
        self.regulation = _text(self.regulation)
        if not self.regulation:
            raise _required("restriction regulation", "give the legal paragraph of the restriction, e.g. OSL 21:1 (ERMS59)")
        self.other_type = _text(self.other_type)
        if self.type == "other_type" and not self.other_type:
            raise _required("restriction other type", "a restriction of type other_type names its type (ERMS57)")
        for name in ("explanatory_text", "security_class", "information_class", "duration"):
            setattr(self, name, _text(getattr(self, name)))
        self.until = parse_when("restriction until", self.until)

    @property
    def label(self) -> str:
        """Short text for reports and the GUI: ``confidential (OSL 21:1)``."""
        kind = self.other_type if self.type == "other_type" else self.type
        return f"{kind} ({self.regulation})"


@dataclass
class ErmsAgent:
    """An agent of a case or record (ERMS92-111): handläggare, sender, recipient, ..."""

    type: str
    name: str
    organisation: str = ""
    role: str = ""
    other_type: str = ""

    def __post_init__(self) -> None:
        self.type = voc.match("agent type", _text(self.type) or "", voc.AGENT_TYPE)
        self.name = _text(self.name)
        if not self.name:
            raise _required("agent name", "every agent needs a name (ERMS95)")
        self.organisation = _text(self.organisation)
        self.role = _text(self.role)
        self.other_type = _text(self.other_type)
        if self.type == "other" and not self.other_type:
            raise _required("agent other type", "an agent of type other names its type (ERMS94)")


@dataclass
class Disposal:
    """Gallring (ERMS112-128): disposable or not, the decision and the date it applies."""

    disposable: bool
    date: dt.date | dt.datetime
    mandate: str = ""
    period: str = ""
    action: str = ""

    def __post_init__(self) -> None:
        when = parse_when("disposal date", self.date)
        if when is None:
            raise _required("disposal date", "ERMS needs a date for a disposal (ERMS125-126), e.g. 2033-12-31")
        self.date = when
        self.mandate, self.period, self.action = _text(self.mandate), _text(self.period), _text(self.action)


@dataclass
class Record:
    """A handling (ERMS129-197): one registered document of a case, with its files.

    ``number`` is its number within the case (handlingsnummer, written as extraId and,
    when it is a whole number, runningNumber); ``created`` the registration date
    (ERMS135, MUST); ``files`` the files it consists of (each becomes an appendix
    whose path leads to the file in the package).
    """

    number: str
    title: str
    created: dt.date | dt.datetime
    direction: str = ""
    record_type: str = ""
    originated: dt.date | dt.datetime | None = None
    agents: list[ErmsAgent] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)
    status: str = ""
    note: str = ""
    object_id: str = ""
    origin: tuple[str, int] | None = None
    """Where the record was read: (register file name, row), for messages and the GUI."""

    def __post_init__(self) -> None:
        self.number = _text(self.number)
        if not self.number:
            raise _required("record number", "give each record (handling) its number within the case")
        self.title = _text(self.title)
        if not self.title:
            raise _required("record title", "every record needs a title (ERMS137/139)")
        created = parse_when("record registration date", self.created)
        if created is None:
            raise _required("record registration date", "ERMS needs the date a record was registered (ERMS135)")
        self.created = created
        self.originated = parse_when("record date", self.originated)
        if _text(self.direction):
            self.direction = voc.match("record direction", self.direction, voc.DIRECTION)
        else:
            self.direction = ""
        self.status = voc.match("record status", self.status, voc.STATUS) if _text(self.status) else ""
        self.record_type, self.note = _text(self.record_type), _text(self.note)
        self.files = [Path(p) for p in self.files]
        self.object_id = _text(self.object_id)

    @property
    def running_number(self) -> int | None:
        """The number as an integer when it is one (ERMS193), else None."""
        return int(self.number) if self.number.isdigit() and len(self.number) < 10 else None


@dataclass
class Aggregation:
    """An ärende (case file, ERMS198-269) with its records.

    ``case_number`` is the diarienummer (e.g. "KS 2023/42"); ``created`` defaults to the
    earliest registration date of its records (ERMS204 requires one).
    """

    case_number: str
    title: str
    records: list[Record] = field(default_factory=list)
    created: dt.date | dt.datetime | None = None
    closed: dt.date | dt.datetime | None = None
    status: str = ""
    classification: str = ""
    agents: list[ErmsAgent] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)
    disposal: Disposal | None = None
    note: str = ""
    object_id: str = ""
    folder: str = ""
    """Folder of the case in the representation's data (set when a package is planned)."""

    def __post_init__(self) -> None:
        self.case_number = _text(self.case_number)
        if not self.case_number:
            raise _required("case number", "every case (ärende) needs its registration number (diarienummer)")
        self.title = _text(self.title)
        if not self.title:
            raise _required("case title", "every case needs a title (ärendemening, ERMS209/211)")
        self.created = parse_when("case registration date", self.created)
        self.closed = parse_when("case closing date", self.closed)
        self.status = voc.match("case status", self.status, voc.STATUS) if _text(self.status) else ""
        self.classification, self.note = _text(self.classification), _text(self.note)
        self.object_id = _text(self.object_id)
        numbers = [r.number for r in self.records]
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        if dupes:
            raise InvalidInput("error.invalid_value", field="record number", value=repr(f"{self.case_number}: {dupes[0]}"),
                               allowed="a number used once per case")
        if self.created is None and self.records:
            self.created = min((r.created for r in self.records), key=as_datetime)
        if self.created is None:
            raise _required("case registration date", "every case needs a registration date or a record (ERMS204)")


@dataclass
class ClassificationSchema:
    """The classification scheme (klassificeringsstruktur) the cases are classified by (ERMS4-7, 272-277)."""

    name: str
    schema_id: str = "classification-schema"
    status: str = "current"
    in_use_from: dt.date | None = None

    def __post_init__(self) -> None:
        self.name = _text(self.name)
        if not self.name:
            raise _required("classification schema name", "name the classification scheme, e.g. Kommunstyrelsens klassificeringsstruktur")
        if not _NCNAME.match(self.schema_id or ""):
            raise InvalidInput("error.invalid_value", field="classification schema id", value=repr(self.schema_id),
                               allowed="letters, digits, '.', '_' and '-', starting with a letter")
        self.status = voc.match("classification schema status", self.status or "current", voc.CLASSIFICATION_SCHEMA_STATUS)
        when = parse_when("classification schema in use from", self.in_use_from)
        self.in_use_from = when.date() if isinstance(when, dt.datetime) else when


@dataclass
class Control:
    """The control section (ERMS1-27): who made the document, from which system, by which scheme.

    ``creator`` is the archival creator (arkivbildare) as maintenance agency, with its
    Swedish organisation number in ``creator_code`` ("2120000001" or "ORG:2120000001").
    """

    creator: str
    creator_code: str = ""
    identification: str = ""
    system: str = ""
    classification_schema: ClassificationSchema | None = None
    security_class: str = ""
    information_class: str = ""

    def __post_init__(self) -> None:
        self.creator = _text(self.creator)
        if not self.creator:
            raise _required("archival creator", "name the archival creator (arkivbildare, ERMS17)")
        code = _text(self.creator_code)
        self.creator_code = code[4:] if code.upper().startswith("ORG:") else code
        self.identification = _text(self.identification)
        self.system = _text(self.system)
        self.security_class, self.information_class = _text(self.security_class), _text(self.information_class)


@dataclass
class ErmsDocument:
    """One ERMS document: the control section and the cases (ärenden), in order."""

    control: Control
    aggregations: list[Aggregation] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.aggregations:
            raise _required("cases", "the delivery has no case (ärende); add at least one row")
        numbers = [a.case_number for a in self.aggregations]
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        if dupes:
            raise InvalidInput("error.invalid_value", field="case number", value=repr(dupes[0]),
                               allowed="a case number used once per delivery")
        for agg in self.aggregations:
            agg.object_id = agg.object_id or derived_uuid(self.control.creator_code or self.control.creator, agg.case_number)
            for rec in agg.records:
                rec.object_id = rec.object_id or derived_uuid(
                    self.control.creator_code or self.control.creator, agg.case_number, rec.number)

    @property
    def records(self) -> list[Record]:
        return [r for a in self.aggregations for r in a.records]

    def date_range(self) -> tuple[dt.date, dt.date]:
        """The earliest and latest registration dates of the cases and records."""
        days = [as_datetime(a.created).date() for a in self.aggregations]
        days += [as_datetime(r.created).date() for r in self.records]
        return min(days), max(days)


from earchive.messages import register_terms  # noqa: E402

register_terms({
    "restriction type": {"sv": "typ av begränsning"},
    "restriction regulation": {"sv": "begränsningens lagrum"},
    "give the legal paragraph of the restriction, e.g. OSL 21:1 (ERMS59)":
        {"sv": "ange begränsningens lagrum, t.ex. OSL 21:1 (ERMS59)"},
    "restriction other type": {"sv": "annan typ av begränsning"},
    "a restriction of type other_type names its type (ERMS57)":
        {"sv": "en begränsning av typen other_type anger vilken typ det är (ERMS57)"},
    "restriction until": {"sv": "begränsning till och med"},
    "agent type": {"sv": "aktörstyp"},
    "agent name": {"sv": "aktörens namn"},
    "every agent needs a name (ERMS95)": {"sv": "varje aktör behöver ett namn (ERMS95)"},
    "agent other type": {"sv": "annan aktörstyp"},
    "an agent of type other names its type (ERMS94)": {"sv": "en aktör av typen other anger vilken typ det är (ERMS94)"},
    "disposal date": {"sv": "gallringsdatum"},
    "ERMS needs a date for a disposal (ERMS125-126), e.g. 2033-12-31":
        {"sv": "ERMS kräver ett datum för gallring (ERMS125–126), t.ex. 2033-12-31"},
    "record number": {"sv": "handlingsnummer"},
    "give each record (handling) its number within the case": {"sv": "ge varje handling dess nummer inom ärendet"},
    "record title": {"sv": "handlingens rubrik"},
    "every record needs a title (ERMS137/139)": {"sv": "varje handling behöver en rubrik (ERMS137/139)"},
    "record registration date": {"sv": "handlingens registreringsdatum"},
    "ERMS needs the date a record was registered (ERMS135)": {"sv": "ERMS kräver datum då handlingen registrerades (ERMS135)"},
    "record date": {"sv": "handlingens datum"},
    "record direction": {"sv": "handlingens riktning"},
    "record status": {"sv": "handlingens status"},
    "case number": {"sv": "diarienummer"},
    "every case (ärende) needs its registration number (diarienummer)": {"sv": "varje ärende behöver sitt diarienummer"},
    "case title": {"sv": "ärendemening"},
    "case registration date": {"sv": "ärendets registreringsdatum"},
    "every case needs a title (ärendemening, ERMS209/211)": {"sv": "varje ärende behöver en ärendemening (ERMS209/211)"},
    "every case needs a registration date or a record (ERMS204)":
        {"sv": "varje ärende behöver ett registreringsdatum eller en handling (ERMS204)"},
    "case closing date": {"sv": "ärendets avslutsdatum"},
    "case status": {"sv": "ärendets status"},
    "a number used once per case": {"sv": "ett nummer som används en gång per ärende"},
    "classification schema name": {"sv": "klassificeringsstrukturens namn"},
    "name the classification scheme, e.g. Kommunstyrelsens klassificeringsstruktur":
        {"sv": "ange klassificeringsstrukturens namn, t.ex. Kommunstyrelsens klassificeringsstruktur"},
    "classification schema id": {"sv": "klassificeringsstrukturens id"},
    "letters, digits, '.', '_' and '-', starting with a letter": {"sv": "bokstäver, siffror, '.', '_' och '-', med en bokstav först"},
    "classification schema status": {"sv": "klassificeringsstrukturens status"},
    "classification schema in use from": {"sv": "klassificeringsstrukturen används från"},
    "archival creator": {"sv": "arkivbildare"},
    "name the archival creator (arkivbildare, ERMS17)": {"sv": "ange arkivbildaren (ERMS17)"},
    "cases": {"sv": "ärenden"},
    "the delivery has no case (ärende); add at least one row": {"sv": "leveransen har inget ärende; lägg till minst en rad"},
    "a case number used once per delivery": {"sv": "ett diarienummer som används en gång per leverans"},
    "a date such as 2023-03-14 or 2023-03-14 10:12": {"sv": "ett datum som 2023-03-14 eller 2023-03-14 10:12"},
})
