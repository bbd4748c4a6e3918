"""The columns of a case register (ärendeförteckning): one row per handling, Swedish and English names.

One home for the column names, what each means and which ERMS element it becomes; the
spreadsheet reader, the template (``earchive erms template``) and the documentation
(docs/erms.md) all read :data:`COLUMNS`.  Case columns (``level == "case"``) are
repeated on every row of the case; a row may leave them empty after the first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    sv: str
    en: str
    level: str  # "case" or "record"
    required: bool
    erms: str  # the ERMS element it becomes
    help_en: str
    help_sv: str
    example: str

    def header(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


#: Every column earchive reads, in template order.
COLUMNS: tuple[Column, ...] = (
    Column("case_number", "diarienummer", "case_number", "case", True, "aggregation/extraId[@extraIdType='diarienummer']",
           "The case's registration number; rows with the same number form one case.",
           "Ärendets diarienummer; rader med samma nummer bildar ett ärende.", "KS 2023/42"),
    Column("case_title", "ärendemening", "case_title", "case", True, "aggregation/title",
           "What the case is about.", "Vad ärendet gäller.", "Bygglov för förskola på Åkervägen 3"),
    Column("case_registered", "ärende_registrerat", "case_registered", "case", False,
           "aggregation/dates/date[@dateType='created']",
           "Date the case was opened; default: its first record's registration date.",
           "Datum då ärendet registrerades; annars den första handlingens registreringsdatum.", "2023-03-01"),
    Column("case_closed", "ärende_avslutat", "case_closed", "case", False, "aggregation/dates/date[@dateType='closed']",
           "Date the case was closed.", "Datum då ärendet avslutades.", "2023-11-20"),
    Column("case_status", "ärendestatus", "case_status", "case", False, "aggregation/status/@value",
           "avslutat, pågående, öppet, vilande, makulerat (or the ERMS term: closed, in_progress, ...).",
           "avslutat, pågående, öppet, vilande, makulerat (eller ERMS-termen: closed, in_progress, ...).", "avslutat"),
    Column("classification", "klassificering", "classification", "case", False,
           "aggregation/classification/@classificationCode",
           "Code in the classification scheme (klassificeringsstruktur).",
           "Kod i klassificeringsstrukturen.", "2.3.1"),
    Column("case_officer", "handläggare", "case_officer", "case", False, "aggregation/agents/agent[@agentType='responsible_person']",
           "The case officer.", "Ärendets handläggare.", "Anna Lind"),
    Column("case_restriction", "ärende_begränsning", "case_restriction", "case", False, "aggregation/restriction/@restrictionType",
           "A restriction on the whole case: sekretess, gdpr, integritet or annan (see restriction).",
           "En begränsning av hela ärendet: sekretess, gdpr, integritet eller annan (se begränsning).", ""),
    Column("case_regulation", "ärende_lagrum", "case_regulation", "case", False, "aggregation/restriction/regulation",
           "The legal paragraph of the case's restriction.", "Lagrum för ärendets begränsning.", ""),
    Column("disposal", "gallring", "disposal", "case", False, "aggregation/disposal/@disposable",
           "gallras (may be disposed of) or bevaras (keep); needs disposal_date.",
           "gallras eller bevaras; kräver gallringsdatum.", ""),
    Column("disposal_mandate", "gallringsbeslut", "disposal_mandate", "case", False, "aggregation/disposal/disposalMandate",
           "The disposal decision (gallringsbeslut).", "Gallringsbeslutet.", ""),
    Column("disposal_date", "gallringsdatum", "disposal_date", "case", False,
           "aggregation/disposal/dates/disposalDate[@dateType='disposal_date']",
           "The date the case may be disposed of.", "Datum då ärendet får gallras.", ""),
    Column("record_number", "handlingsnummer", "record_number", "record", True, "record/extraId[@extraIdType='handlingsnummer'], record/runningNumber",
           "The record's number within the case (löpnummer).", "Handlingens nummer i ärendet (löpnummer).", "1"),
    Column("title", "rubrik", "title", "record", True, "record/title", "The record's title.", "Handlingens rubrik.",
           "Ansökan om bygglov"),
    Column("record_type", "handlingstyp", "record_type", "record", False, "record/@recordType",
           "Kind of document (ansökan, beslut, yttrande...).", "Typ av handling (ansökan, beslut, yttrande ...).", "Ansökan"),
    Column("direction", "riktning", "direction", "record", False, "record/direction/@directionDefinition",
           "in (inkommande), ut (utgående) or upprättad (internal).", "in (inkommande), ut (utgående) eller upprättad.", "in"),
    Column("registered", "registreringsdatum", "registered", "record", True, "record/dates/date[@dateType='created']",
           "Date (and time) the record was registered.", "Datum (och tid) då handlingen registrerades.", "2023-03-01"),
    Column("record_date", "handlingsdatum", "record_date", "record", False, "record/dates/date[@dateType='originated']",
           "The date the document itself bears.", "Datum som handlingen själv bär.", "2023-02-27"),
    Column("sender", "avsändare", "sender", "record", False, "record/agents/agent[@agentType='sender']",
           "Who sent an incoming record.", "Vem som skickade en inkommande handling.", "Förskolan Solrosen AB"),
    Column("recipient", "mottagare", "recipient", "record", False, "record/agents/agent[@agentType='recipient']",
           "Who received an outgoing record.", "Vem som tog emot en utgående handling.", ""),
    Column("files", "fil", "files", "record", False, "record/additionalInformation/appendix/@path",
           "The file(s) of the record, relative to the spreadsheet's folder; several separated by |.",
           "Handlingens fil(er), relativt kalkylarkets mapp; flera åtskilda med |.", "KS 2023-42/ansökan.pdf"),
    Column("restriction", "begränsning", "restriction", "record", False, "record/restriction/@restrictionType",
           "sekretess (confidential), gdpr, integritet (integrity) or annan:<type>; several separated by |.",
           "sekretess, gdpr, integritet eller annan:<typ>; flera åtskilda med |.", "sekretess"),
    Column("regulation", "lagrum", "regulation", "record", False, "record/restriction/regulation",
           "The legal paragraph of each restriction, in the same order (ERMS59, required with a restriction).",
           "Lagrum för varje begränsning, i samma ordning (ERMS59, krävs för en begränsning).", "OSL 21:1"),
    Column("restriction_note", "begränsning_förklaring", "restriction_note", "record", False, "record/restriction/explanatoryText",
           "Why the record is restricted.", "Varför handlingen är begränsad.", "Uppgifter om enskilds hälsa"),
    Column("security_class", "säkerhetsklass", "security_class", "record", False, "record/restriction/securityClass",
           "Security class of the restriction.", "Säkerhetsklass för begränsningen.", ""),
    Column("restriction_until", "begränsning_till", "restriction_until", "record", False,
           "record/restriction/duration/dates/date[@dateType='end']",
           "Date the restriction ends.", "Datum då begränsningen upphör.", "2093-03-01"),
    Column("note", "anteckning", "note", "record", False, "record/notes/note", "A note.", "En anteckning.", ""),
)

BY_KEY = {c.key: c for c in COLUMNS}


def header_key(header: str) -> str | None:
    """The column key a header names (Swedish or English, any case, with or without å/ä/ö), or None."""
    folded = _plain(header)
    for column in COLUMNS:
        if folded in (_plain(column.sv), _plain(column.en), _plain(column.key)):
            return column.key
    return None


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).strip().lstrip("\ufeff")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace(" ", "_").replace("-", "_")
