"""PREMIS 3 preservation metadata, streamed with ``etree.xmlfile``.

For each representation: one representation object, one file object per file
(fixity, size, PRONOM format, original name), the events "message digest
calculation" and "format identification" linked to every file object, and the
software agents (earchive and siegfried, with versions).  For the package: an
intellectual entity, the "creation" event of the package and the earchive agent.
Event types are from the Library of Congress preservation event vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lxml import etree

from earchive.formats import FormatInfo
from earchive.spec import PREMIS_NS, XSI_NS
from earchive.xmlutil import P, element

#: Where the PREMIS 3.0 schema lives officially (xsi:schemaLocation).
PREMIS_SCHEMA_URL = "http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd"
#: Identifier type of everything earchive identifies inside one package.
LOCAL = "local"

EVENT_DIGEST = "message digest calculation"
EVENT_FORMAT = "format identification"
EVENT_CREATION = "creation"


@dataclass(frozen=True)
class SoftwareAgent:
    """A program that acted on the package (PREMIS agent of type software)."""

    identifier: str
    name: str
    version: str
    note: str = ""


@dataclass
class FileObject:
    """One file of a representation, as PREMIS records it."""

    identifier: str  # path relative to the representation folder, e.g. data/Protokoll.pdf
    size: int
    algorithm: str
    checksum: str
    format: FormatInfo | None
    original_name: str  # the name as it was on the source disk (relative, with its folders)


@dataclass
class Event:
    identifier: str
    type: str
    datetime: str
    detail: str
    outcome: str = "success"
    outcome_detail: str = ""
    agents: list[tuple[str, str]] = field(default_factory=list)  # (agent identifier, role)
    objects: Iterable[str] = ()


def _open(xf):
    return xf.element(
        P("premis"),
        {"version": "3.0", f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} {PREMIS_SCHEMA_URL}"},
        nsmap={"premis": PREMIS_NS, "xsi": XSI_NS},
    )


def _identifier(xf, kind: str, value: str, prefix: str = "object") -> None:
    with xf.element(P(f"{prefix}Identifier")):
        element(xf, P(f"{prefix}IdentifierType"), LOCAL)
        element(xf, P(f"{prefix}IdentifierValue"), value)


def _object_identifier(value: str):
    el = etree.Element(P("objectIdentifier"))
    etree.SubElement(el, P("objectIdentifierType")).text = LOCAL
    etree.SubElement(el, P("objectIdentifierValue")).text = value
    return el


def _file_object(obj: FileObject, originator: str) -> etree._Element:
    el = etree.Element(P("object"), {f"{{{XSI_NS}}}type": "premis:file"})
    el.append(_object_identifier(obj.identifier))
    chars = etree.SubElement(el, P("objectCharacteristics"))
    etree.SubElement(chars, P("compositionLevel")).text = "0"
    fixity = etree.SubElement(chars, P("fixity"))
    etree.SubElement(fixity, P("messageDigestAlgorithm")).text = obj.algorithm
    etree.SubElement(fixity, P("messageDigest")).text = obj.checksum
    etree.SubElement(fixity, P("messageDigestOriginator")).text = originator
    etree.SubElement(chars, P("size")).text = str(obj.size)
    fmt = etree.SubElement(chars, P("format"))
    info = obj.format
    designation = etree.SubElement(fmt, P("formatDesignation"))
    etree.SubElement(designation, P("formatName")).text = (info.name if info and info.name else "unknown")
    if info and info.version:
        etree.SubElement(designation, P("formatVersion")).text = info.version
    if info and info.identified:
        registry = etree.SubElement(fmt, P("formatRegistry"))
        etree.SubElement(registry, P("formatRegistryName")).text = "PRONOM"
        etree.SubElement(registry, P("formatRegistryKey")).text = info.puid
        etree.SubElement(registry, P("formatRegistryRole")).text = "specification"
    if info and info.basis:
        etree.SubElement(fmt, P("formatNote")).text = f"siegfried basis: {info.basis}"
    if info and info.warning:
        etree.SubElement(fmt, P("formatNote")).text = f"siegfried warning: {info.warning}"
    etree.SubElement(el, P("originalName")).text = obj.original_name
    return el


def _write_event(xf, ev: Event) -> None:
    with xf.element(P("event")):
        _identifier(xf, "event", ev.identifier, prefix="event")
        element(xf, P("eventType"), ev.type)
        element(xf, P("eventDateTime"), ev.datetime)
        with xf.element(P("eventDetailInformation")):
            element(xf, P("eventDetail"), ev.detail)
        with xf.element(P("eventOutcomeInformation")):
            element(xf, P("eventOutcome"), ev.outcome)
            if ev.outcome_detail:
                with xf.element(P("eventOutcomeDetail")):
                    element(xf, P("eventOutcomeDetailNote"), ev.outcome_detail)
        for agent_id, role in ev.agents:
            with xf.element(P("linkingAgentIdentifier")):
                element(xf, P("linkingAgentIdentifierType"), LOCAL)
                element(xf, P("linkingAgentIdentifierValue"), agent_id)
                element(xf, P("linkingAgentRole"), role)
        for obj_id in ev.objects:
            el = etree.Element(P("linkingObjectIdentifier"))
            etree.SubElement(el, P("linkingObjectIdentifierType")).text = LOCAL
            etree.SubElement(el, P("linkingObjectIdentifierValue")).text = obj_id
            xf.write(el)


def _write_agent(xf, agent: SoftwareAgent) -> None:
    with xf.element(P("agent")):
        _identifier(xf, "agent", agent.identifier, prefix="agent")
        element(xf, P("agentName"), agent.name)
        element(xf, P("agentType"), "software")
        element(xf, P("agentVersion"), agent.version)
        if agent.note:
            element(xf, P("agentNote"), agent.note)


def write_representation_premis(
    path: Path,
    representation_id: str,
    files: list[FileObject],
    events: list[Event],
    agents: list[SoftwareAgent],
    originator: str,
) -> None:
    """Write a representation's PREMIS file (objects, then events, then agents, as the schema orders them)."""
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with _open(xf):
            with xf.element(P("object"), {f"{{{XSI_NS}}}type": "premis:representation"}):
                xf.write(_object_identifier(representation_id))
            for obj in files:
                xf.write(_file_object(obj, originator))
            for ev in events:
                _write_event(xf, ev)
            for agent in agents:
                _write_agent(xf, agent)


def write_package_premis(path: Path, objid: str, events: list[Event], agents: list[SoftwareAgent]) -> None:
    """Write the package-level PREMIS: the intellectual entity, its creation event and agents."""
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with _open(xf):
            with xf.element(P("object"), {f"{{{XSI_NS}}}type": "premis:intellectualEntity"}):
                xf.write(_object_identifier(objid))
            for ev in events:
                _write_event(xf, ev)
            for agent in agents:
                _write_agent(xf, agent)
