"""metsHdr: CSIP117 and CSIP7-16 (every METS document), SIP3-31 (the package METS).

Agents are told apart by ROLE/TYPE as the specifications give them: the software agent
(CSIP10-16: CREATOR, OTHER, OTHERTYPE SOFTWARE), the archival creator (SIP9-14: ARCHIVIST),
the submitting agent (SIP15-20: the first CREATOR that is an ORGANIZATION, else the first
CREATOR that is an INDIVIDUAL, or OTHER/OTHERROLE SUBMITTER), contact persons (SIP21-25:
the other CREATOR agents of TYPE INDIVIDUAL) and the preservation agent (SIP26-31: PRESERVATION).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lxml import etree

from earchive.spec import OAIS_PACKAGE_TYPE, RECORD_STATUS
from earchive.validation.context import (
    DATETIME,
    EACH,
    NOT_APPLICABLE,
    ROOT,
    CS,
    Context,
    MetsDoc,
    check,
    children,
    short,
    text_of,
)
from earchive.validation.findings import Severity

#: The software agent's attributes (CSIP11, CSIP12, CSIP13).
SOFTWARE_AGENT = (("CSIP11", "ROLE", "CREATOR"), ("CSIP12", "TYPE", "OTHER"), ("CSIP13", "OTHERTYPE", "SOFTWARE"))
#: Clock skew tolerated before a date counts as "in the future" (the largest time-zone offset).
FUTURE_TOLERANCE = timedelta(hours=14)
#: Known misspellings in official vocabulary files -> the spelling of the specification text.
#: The 2.1.0 RECORDSTATUS vocabulary lists "REPLEACEMENT"; the SIP text and 2.2.0 say "REPLACEMENT".
VOCABULARY_TYPOS = {"REPLEACEMENT": "REPLACEMENT"}


def header(doc: MetsDoc) -> etree._Element | None:
    return doc.first("metsHdr")


def agents(doc: MetsDoc) -> list[etree._Element]:
    return doc.all("metsHdr/agent")


def software_agent(doc: MetsDoc) -> tuple[etree._Element | None, dict[str, etree._Element | None]]:
    """(the software agent or the agent closest to it, requirement ID -> agent that breaks it).

    An agent with all three attributes breaks nothing.  Otherwise each agent that has two
    of the three breaks the requirement of the third (several agents may each miss a
    different one: "all criteria, but on different agents").  When no agent has two,
    there is no software agent and all three requirements are broken (agent None).
    """
    found = agents(doc)
    partial: list[tuple[etree._Element, str]] = []
    for agent in found:
        missing = [req for req, attr, value in SOFTWARE_AGENT if agent.get(attr) != value]
        if not missing:
            return agent, {}
        if len(missing) == 1:
            partial.append((agent, missing[0]))
    if not partial:
        return None, {req: None for req, _, _ in SOFTWARE_AGENT}
    broken: dict[str, etree._Element | None] = {}
    for agent, req in partial:
        broken.setdefault(req, agent)
    return partial[0][0], broken


def sip_agents(doc: MetsDoc) -> dict[str, list[etree._Element]]:
    """The SIP agents by kind: archival_creator, submitter, contact, preservation."""
    creators = [a for a in agents(doc) if a.get("ROLE") == "CREATOR" and a.get("TYPE") in ("ORGANIZATION", "INDIVIDUAL")]
    orgs = [a for a in creators if a.get("TYPE") == "ORGANIZATION"]
    people = [a for a in creators if a.get("TYPE") == "INDIVIDUAL"]
    named = [a for a in agents(doc) if a.get("ROLE") == "OTHER" and a.get("OTHERROLE") == "SUBMITTER"]
    submitters = orgs or named or people[:1]
    return {
        "archival_creator": [a for a in agents(doc) if a.get("ROLE") == "ARCHIVIST"],
        "submitter": submitters,
        "contact": [a for a in people if a not in submitters],
        "preservation": [a for a in agents(doc) if a.get("ROLE") == "PRESERVATION"],
    }


# --- CSIP ----------------------------------------------------------------------------------


@check("CSIP117", EACH)
def check_CSIP117(ctx: Context, doc: MetsDoc):
    """CSIP117 Package header: mets/metsHdr, general element for describing the package (1..1)."""
    if header(doc) is None:
        ctx.add("CSIP117", "v.element_missing", doc=doc, el=doc.root, parent="mets", element="metsHdr")
    return None


@check("CSIP7", EACH)
def check_CSIP7(ctx: Context, doc: MetsDoc):
    """CSIP7 Package creation datetime: mets/metsHdr/@CREATEDATE."""
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    value = ctx.require_attr("CSIP7", doc, hdr, "CREATEDATE")
    if value is not None and not DATETIME.match(value.strip()):
        ctx.add("CSIP7", "v.not_datetime", doc=doc, el=hdr, attr="CREATEDATE", element="metsHdr",
                attribute="@CREATEDATE", value=value)
    return None


@check("CSIP8", EACH)
def check_CSIP8(ctx: Context, doc: MetsDoc):
    """CSIP8 Package last modification datetime: mets/metsHdr/@LASTMODDATE (SHOULD); not in the future."""
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    value = hdr.get("LASTMODDATE")
    if value is None:
        ctx.add("CSIP8", "v.attr_missing", doc=doc, el=hdr, element="metsHdr", attribute="@LASTMODDATE")
        return None
    if not DATETIME.match(value.strip()):
        ctx.add("CSIP8", "v.not_datetime", doc=doc, el=hdr, attr="LASTMODDATE", severity=Severity.ERROR,
                element="metsHdr", attribute="@LASTMODDATE", value=value)
        return None
    when = _parse_datetime(value)
    if when is not None and when > datetime.now(timezone.utc) + FUTURE_TOLERANCE:
        ctx.add("CSIP8", "v.date_future", doc=doc, el=hdr, attr="LASTMODDATE", severity=Severity.ERROR, value=value)
    created = _parse_datetime(hdr.get("CREATEDATE") or "")
    if when is not None and created is not None and when < created:
        ctx.add("CSIP8", "v.lastmod_before_create", doc=doc, el=hdr, attr="LASTMODDATE", severity=Severity.WARNING,
                value=value, created=hdr.get("CREATEDATE"))
    return None


@check("CSIP9", EACH)
def check_CSIP9(ctx: Context, doc: MetsDoc):
    """CSIP9 OAIS Package type information: mets/metsHdr/@csip:OAISPACKAGETYPE, from the vocabulary."""
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    value = ctx.require_attr("CSIP9", doc, hdr, CS("OAISPACKAGETYPE"))
    terms = ctx.vocabulary(OAIS_PACKAGE_TYPE)
    if value is not None and value not in terms:
        ctx.add("CSIP9", "v.attr_vocab", doc=doc, el=hdr, attr=CS("OAISPACKAGETYPE"), element="metsHdr",
                attribute="@csip:OAISPACKAGETYPE", value=value, vocabulary=OAIS_PACKAGE_TYPE, allowed=", ".join(terms))
    return None


@check("CSIP10", EACH)
def check_CSIP10(ctx: Context, doc: MetsDoc):
    """CSIP10 Agent: mets/metsHdr/agent, at least one, recording the software that created the package."""
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    if not agents(doc):
        ctx.add("CSIP10", "v.element_missing", doc=doc, el=hdr, parent="metsHdr", element="agent")
    return None


def _software_attr(ctx: Context, req: str, doc: MetsDoc):
    if header(doc) is None or not agents(doc):
        return NOT_APPLICABLE
    _agent, broken = software_agent(doc)
    if req not in broken:
        return None
    _, attr, value = next(row for row in SOFTWARE_AGENT if row[0] == req)
    agent = broken[req]
    if agent is None:
        ctx.add(req, "v.no_software_agent", doc=doc, el=header(doc))
    else:
        ctx.add(req, "v.attr_value", doc=doc, el=agent, attr=attr, element="metsHdr/agent", attribute=f"@{attr}",
                value=agent.get(attr) or "-", expected=value)
    return None


@check("CSIP11", EACH)
def check_CSIP11(ctx: Context, doc: MetsDoc):
    """CSIP11 Agent role: the mandatory (software) agent has @ROLE "CREATOR"."""
    return _software_attr(ctx, "CSIP11", doc)


@check("CSIP12", EACH)
def check_CSIP12(ctx: Context, doc: MetsDoc):
    """CSIP12 Agent type: the mandatory (software) agent has @TYPE "OTHER"."""
    return _software_attr(ctx, "CSIP12", doc)


@check("CSIP13", EACH)
def check_CSIP13(ctx: Context, doc: MetsDoc):
    """CSIP13 Agent other type: the mandatory (software) agent has @OTHERTYPE "SOFTWARE"."""
    return _software_attr(ctx, "CSIP13", doc)


@check("CSIP14", EACH)
def check_CSIP14(ctx: Context, doc: MetsDoc):
    """CSIP14 Agent name: the software agent's name element records the name of the software."""
    agent, _ = software_agent(doc)
    if agent is None:
        return NOT_APPLICABLE
    _need_name(ctx, "CSIP14", doc, agent)
    return None


@check("CSIP15", EACH)
def check_CSIP15(ctx: Context, doc: MetsDoc):
    """CSIP15 Agent additional information: the software agent has exactly one note, with the software version."""
    agent, _ = software_agent(doc)
    if agent is None:
        return NOT_APPLICABLE
    notes = children(agent, "note")
    if not notes:
        ctx.add("CSIP15", "v.element_missing", doc=doc, el=agent, parent="metsHdr/agent", element="note")
    elif len(notes) > 1:
        ctx.add("CSIP15", "v.element_count", doc=doc, el=notes[1], parent="metsHdr/agent", element="note",
                count=len(notes), expected="1")
    for note in notes:
        if not text_of(note):
            ctx.add("CSIP15", "v.element_empty", doc=doc, el=note, element="metsHdr/agent/note")
    return None


@check("CSIP16", EACH)
def check_CSIP16(ctx: Context, doc: MetsDoc):
    """CSIP16 Classification of the agent additional information: the note has @csip:NOTETYPE "SOFTWARE VERSION"."""
    agent, _ = software_agent(doc)
    notes = children(agent, "note") if agent is not None else []
    if not notes:
        return NOT_APPLICABLE
    for note in notes[:1]:
        value = ctx.require_attr("CSIP16", doc, note, CS("NOTETYPE"))
        if value is not None and value != "SOFTWARE VERSION":
            ctx.add("CSIP16", "v.attr_value", doc=doc, el=note, attr=CS("NOTETYPE"), element="metsHdr/agent/note",
                    attribute="@csip:NOTETYPE", value=value, expected="SOFTWARE VERSION")
    return None


# --- SIP: header attributes ---------------------------------------------------------------


@check("SIP3", ROOT)
def check_SIP3(ctx: Context, doc: MetsDoc):
    """SIP3 Package status: metsHdr/@RECORDSTATUS MAY give the status, from the vocabulary (absent means NEW)."""
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    value = hdr.get("RECORDSTATUS")
    if value is None:
        ctx.add("SIP3", "v.recordstatus_absent", doc=doc, el=hdr)
        return None
    terms = tuple(VOCABULARY_TYPOS.get(t, t) for t in ctx.vocabulary(RECORD_STATUS))
    if value not in terms:
        ctx.add("SIP3", "v.attr_vocab", doc=doc, el=hdr, attr="RECORDSTATUS", element="metsHdr",
                attribute="@RECORDSTATUS", value=value, vocabulary=RECORD_STATUS, allowed=", ".join(terms))
    return None


@check("SIP4", ROOT)
def check_SIP4(ctx: Context, doc: MetsDoc):
    """SIP4 OAIS Package type information: metsHdr/@csip:OAISPACKAGETYPE is "SIP"."""
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    value = ctx.require_attr("SIP4", doc, hdr, CS("OAISPACKAGETYPE"))
    if value is not None and value != "SIP":
        ctx.add("SIP4", "v.attr_value", doc=doc, el=hdr, attr=CS("OAISPACKAGETYPE"), element="metsHdr",
                attribute="@csip:OAISPACKAGETYPE", value=value, expected="SIP")
    return None


def _alt_record(ctx: Context, req: str, doc: MetsDoc, type_: str, *, once: bool):
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    found = [a for a in children(hdr, "altRecordID") if a.get("TYPE") == type_]
    if not found:
        ctx.add(req, "v.optional_absent", doc=doc, el=hdr, what=f"metsHdr/altRecordID[@TYPE='{type_}']")
        return None
    for alt in found:
        if not text_of(alt):
            ctx.add(req, "v.element_empty", doc=doc, el=alt, element=f"altRecordID[@TYPE='{type_}']")
    if once and len(found) > 1:
        ctx.add(req, "v.element_count", doc=doc, el=found[1], parent="metsHdr",
                element=f"altRecordID[@TYPE='{type_}']", count=len(found), expected="0..1")
    return None


@check("SIP5", ROOT)
def check_SIP5(ctx: Context, doc: MetsDoc):
    """SIP5 Submission agreement: metsHdr/altRecordID[@TYPE='SUBMISSIONAGREEMENT'] (0..1)."""
    return _alt_record(ctx, "SIP5", doc, "SUBMISSIONAGREEMENT", once=True)


@check("SIP6", ROOT)
def check_SIP6(ctx: Context, doc: MetsDoc):
    """SIP6 Previous Submission agreement: metsHdr/altRecordID[@TYPE='PREVIOUSSUBMISSIONAGREEMENT'] (0..*)."""
    return _alt_record(ctx, "SIP6", doc, "PREVIOUSSUBMISSIONAGREEMENT", once=False)


@check("SIP7", ROOT)
def check_SIP7(ctx: Context, doc: MetsDoc):
    """SIP7 Archival reference code: metsHdr/altRecordID[@TYPE='REFERENCECODE'] (0..1)."""
    return _alt_record(ctx, "SIP7", doc, "REFERENCECODE", once=True)


@check("SIP8", ROOT)
def check_SIP8(ctx: Context, doc: MetsDoc):
    """SIP8 Previous archival reference code: metsHdr/altRecordID[@TYPE='PREVIOUSREFERENCECODE'] (0..*)."""
    return _alt_record(ctx, "SIP8", doc, "PREVIOUSREFERENCECODE", once=False)


# --- SIP: agents ------------------------------------------------------------------------------


def _presence(ctx: Context, req: str, doc: MetsDoc, kind: str, what: str, *, required: bool = False):
    hdr = header(doc)
    if hdr is None:
        return NOT_APPLICABLE
    found = sip_agents(doc)[kind]
    if not found:
        ctx.add(req, "v.agent_missing" if required else "v.optional_absent", doc=doc, el=hdr, what=what)
    elif required and len(found) > 1:
        ctx.add(req, "v.agent_many", doc=doc, el=found[1], severity=Severity.WARNING, what=what, count=len(found))
    return None


def _each_agent(kind: str, doc: MetsDoc, func) -> str | None:
    found = sip_agents(doc)[kind]
    if not found:
        return NOT_APPLICABLE
    for agent in found:
        func(agent)
    return None


def _agent_type(ctx: Context, req: str, doc: MetsDoc, kind: str, allowed: tuple[str, ...]):
    def one(agent):
        value = agent.get("TYPE")
        if value not in allowed:
            ctx.add(req, "v.attr_value", doc=doc, el=agent, attr="TYPE", element="metsHdr/agent", attribute="@TYPE",
                    value=value or "-", expected=" / ".join(allowed))

    return _each_agent(kind, doc, one)


def _agent_name(ctx: Context, req: str, doc: MetsDoc, kind: str):
    return _each_agent(kind, doc, lambda agent: _need_name(ctx, req, doc, agent))


def _agent_note(ctx: Context, req: str, doc: MetsDoc, kind: str, what: str):
    def one(agent):
        if not children(agent, "note"):
            ctx.add(req, "v.optional_absent", doc=doc, el=agent, what=what)

    return _each_agent(kind, doc, one)


def _agent_notetype(ctx: Context, req: str, doc: MetsDoc, kind: str):
    notes = [n for a in sip_agents(doc)[kind] for n in children(a, "note")]
    if not notes:
        return NOT_APPLICABLE
    for note in notes:
        value = note.get(CS("NOTETYPE"))
        if value is None:
            ctx.add(req, "v.attr_missing", doc=doc, el=note, element="metsHdr/agent/note", attribute="@csip:NOTETYPE")
        elif value != "IDENTIFICATIONCODE":
            ctx.add(req, "v.attr_value", doc=doc, el=note, attr=CS("NOTETYPE"), element="metsHdr/agent/note",
                    attribute="@csip:NOTETYPE", value=value, expected="IDENTIFICATIONCODE")
    return None


@check("SIP9", ROOT)
def check_SIP9(ctx: Context, doc: MetsDoc):
    """SIP9 Archival creator agent: metsHdr/agent (0..1), the organisation or person that created the records."""
    return _presence(ctx, "SIP9", doc, "archival_creator", "metsHdr/agent[@ROLE='ARCHIVIST']")


@check("SIP10", ROOT)
def check_SIP10(ctx: Context, doc: MetsDoc):
    """SIP10 Archival creator agent role: metsHdr/agent/@ROLE (ARCHIVIST)."""
    return _each_agent("archival_creator", doc, lambda agent: None)


@check("SIP11", ROOT)
def check_SIP11(ctx: Context, doc: MetsDoc):
    """SIP11 Archival creator agent type: "ORGANIZATION" or "INDIVIDUAL"."""
    return _agent_type(ctx, "SIP11", doc, "archival_creator", ("ORGANIZATION", "INDIVIDUAL"))


@check("SIP12", ROOT)
def check_SIP12(ctx: Context, doc: MetsDoc):
    """SIP12 Archival creator agent name: metsHdr/agent/name."""
    return _agent_name(ctx, "SIP12", doc, "archival_creator")


@check("SIP13", ROOT)
def check_SIP13(ctx: Context, doc: MetsDoc):
    """SIP13 Archival creator agent additional information: a note with an identification code (MAY)."""
    return _agent_note(ctx, "SIP13", doc, "archival_creator", "metsHdr/agent[@ROLE='ARCHIVIST']/note")


@check("SIP14", ROOT)
def check_SIP14(ctx: Context, doc: MetsDoc):
    """SIP14 Classification of the archival creator agent additional information: @csip:NOTETYPE "IDENTIFICATIONCODE"."""
    return _agent_notetype(ctx, "SIP14", doc, "archival_creator")


@check("SIP15", ROOT)
def check_SIP15(ctx: Context, doc: MetsDoc):
    """SIP15 Submitting agent: metsHdr/agent (1..1), the organisation or person submitting the package."""
    return _presence(ctx, "SIP15", doc, "submitter", "metsHdr/agent[@ROLE='CREATOR'][@TYPE='ORGANIZATION' or @TYPE='INDIVIDUAL']",
                     required=True)


@check("SIP16", ROOT)
def check_SIP16(ctx: Context, doc: MetsDoc):
    """SIP16 Submitting agent role: metsHdr/agent/@ROLE (CREATOR)."""
    return _each_agent("submitter", doc, lambda agent: None)


@check("SIP17", ROOT)
def check_SIP17(ctx: Context, doc: MetsDoc):
    """SIP17 Submitting agent type: "ORGANIZATION" or "INDIVIDUAL"."""
    return _agent_type(ctx, "SIP17", doc, "submitter", ("ORGANIZATION", "INDIVIDUAL"))


@check("SIP18", ROOT)
def check_SIP18(ctx: Context, doc: MetsDoc):
    """SIP18 Submitting agent name: metsHdr/agent/name."""
    return _agent_name(ctx, "SIP18", doc, "submitter")


@check("SIP19", ROOT)
def check_SIP19(ctx: Context, doc: MetsDoc):
    """SIP19 Submitting agent additional information: a note with an identification code (MAY)."""
    return _agent_note(ctx, "SIP19", doc, "submitter", "metsHdr/agent[@ROLE='CREATOR']/note")


@check("SIP20", ROOT)
def check_SIP20(ctx: Context, doc: MetsDoc):
    """SIP20 Classification of the submitting agent additional information: @csip:NOTETYPE "IDENTIFICATIONCODE"."""
    return _agent_notetype(ctx, "SIP20", doc, "submitter")


@check("SIP21", ROOT)
def check_SIP21(ctx: Context, doc: MetsDoc):
    """SIP21 Contact person agent: metsHdr/agent (0..*), the contact person for the submission."""
    return _presence(ctx, "SIP21", doc, "contact", "metsHdr/agent[@ROLE='CREATOR'][@TYPE='INDIVIDUAL']")


@check("SIP22", ROOT)
def check_SIP22(ctx: Context, doc: MetsDoc):
    """SIP22 Contact person agent role: "CREATOR"."""
    return _each_agent("contact", doc, lambda agent: None)


@check("SIP23", ROOT)
def check_SIP23(ctx: Context, doc: MetsDoc):
    """SIP23 Contact person agent type: "INDIVIDUAL"."""
    return _agent_type(ctx, "SIP23", doc, "contact", ("INDIVIDUAL",))


@check("SIP24", ROOT)
def check_SIP24(ctx: Context, doc: MetsDoc):
    """SIP24 Contact person agent name: metsHdr/agent/name."""
    return _agent_name(ctx, "SIP24", doc, "contact")


@check("SIP25", ROOT)
def check_SIP25(ctx: Context, doc: MetsDoc):
    """SIP25 Contact person agent additional information: notes with contact details (MAY)."""
    return _agent_note(ctx, "SIP25", doc, "contact", "metsHdr/agent[@ROLE='CREATOR'][@TYPE='INDIVIDUAL']/note")


@check("SIP26", ROOT)
def check_SIP26(ctx: Context, doc: MetsDoc):
    """SIP26 Preservation agent: metsHdr/agent (0..1), the organisation preserving the package."""
    return _presence(ctx, "SIP26", doc, "preservation", "metsHdr/agent[@ROLE='PRESERVATION']")


@check("SIP27", ROOT)
def check_SIP27(ctx: Context, doc: MetsDoc):
    """SIP27 Preservation agent role: "PRESERVATION"."""
    return _each_agent("preservation", doc, lambda agent: None)


@check("SIP28", ROOT)
def check_SIP28(ctx: Context, doc: MetsDoc):
    """SIP28 Preservation agent type: "ORGANIZATION"."""
    return _agent_type(ctx, "SIP28", doc, "preservation", ("ORGANIZATION",))


@check("SIP29", ROOT)
def check_SIP29(ctx: Context, doc: MetsDoc):
    """SIP29 Preservation agent name: metsHdr/agent/name."""
    return _agent_name(ctx, "SIP29", doc, "preservation")


@check("SIP30", ROOT)
def check_SIP30(ctx: Context, doc: MetsDoc):
    """SIP30 Preservation agent additional information: a note with an identification code (MAY)."""
    return _agent_note(ctx, "SIP30", doc, "preservation", "metsHdr/agent[@ROLE='PRESERVATION']/note")


@check("SIP31", ROOT)
def check_SIP31(ctx: Context, doc: MetsDoc):
    """SIP31 Classification of the preservation agent additional information: @csip:NOTETYPE "IDENTIFICATIONCODE"."""
    return _agent_notetype(ctx, "SIP31", doc, "preservation")


# --- helpers ------------------------------------------------------------------------------------


def _need_name(ctx: Context, req: str, doc: MetsDoc, agent: etree._Element) -> None:
    names = children(agent, "name")
    if not names:
        ctx.add(req, "v.element_missing", doc=doc, el=agent, parent=short(agent), element="name")
    elif not text_of(names[0]):
        ctx.add(req, "v.element_empty", doc=doc, el=names[0], element=short(names[0]))


def _parse_datetime(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)

