"""PREMIS 3 preservation metadata, streamed with ``etree.xmlfile``.

For each representation: one representation object, one file object per file
(fixity, size, PRONOM format, original name), the events "message digest
calculation" and "format identification" linked to every file object, and the
software agents (earchive and siegfried, with versions).  For the package: an
intellectual entity, the "creation" event of the package and the earchive agent.
Event types are from the Library of Congress preservation event vocabulary.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lxml import etree

from earchive.formats import FormatInfo
from earchive.spec import PREMIS_NS, XSI_NS
from earchive.xmlutil import P, XmlWriter

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


def _identifier(w: XmlWriter, value: str, prefix: str) -> None:
    with w.element(P(f"{prefix}Identifier")):
        w.leaf(P(f"{prefix}IdentifierType"), LOCAL)
        w.leaf(P(f"{prefix}IdentifierValue"), value)


def _write_file_object(w: XmlWriter, obj: FileObject, originator: str) -> None:
    with w.element(P("object"), {f"{{{XSI_NS}}}type": "premis:file"}):
        _identifier(w, obj.identifier, "object")
        with w.element(P("objectCharacteristics")):
            w.leaf(P("compositionLevel"), "0")
            with w.element(P("fixity")):
                w.leaf(P("messageDigestAlgorithm"), obj.algorithm)
                w.leaf(P("messageDigest"), obj.checksum)
                w.leaf(P("messageDigestOriginator"), originator)
            w.leaf(P("size"), str(obj.size))
            info = obj.format
            with w.element(P("format")):
                with w.element(P("formatDesignation")):
                    w.leaf(P("formatName"), info.name if info and info.name else "unknown")
                    if info and info.version:
                        w.leaf(P("formatVersion"), info.version)
                if info and info.identified:
                    with w.element(P("formatRegistry")):
                        w.leaf(P("formatRegistryName"), "PRONOM")
                        w.leaf(P("formatRegistryKey"), info.puid)
                        w.leaf(P("formatRegistryRole"), "specification")
                if info and info.basis:
                    w.leaf(P("formatNote"), f"siegfried basis: {info.basis}")
                if info and info.warning:
                    w.leaf(P("formatNote"), f"siegfried warning: {info.warning}")
        w.leaf(P("originalName"), obj.original_name)


def _write_event(w: XmlWriter, ev: Event) -> None:
    with w.element(P("event")):
        _identifier(w, ev.identifier, "event")
        w.leaf(P("eventType"), ev.type)
        w.leaf(P("eventDateTime"), ev.datetime)
        with w.element(P("eventDetailInformation")):
            w.leaf(P("eventDetail"), ev.detail)
        with w.element(P("eventOutcomeInformation")):
            w.leaf(P("eventOutcome"), ev.outcome)
            if ev.outcome_detail:
                with w.element(P("eventOutcomeDetail")):
                    w.leaf(P("eventOutcomeDetailNote"), ev.outcome_detail)
        for agent_id, role in ev.agents:
            with w.element(P("linkingAgentIdentifier")):
                w.leaf(P("linkingAgentIdentifierType"), LOCAL)
                w.leaf(P("linkingAgentIdentifierValue"), agent_id)
                w.leaf(P("linkingAgentRole"), role)
        for obj_id in ev.objects:
            with w.element(P("linkingObjectIdentifier")):
                w.leaf(P("linkingObjectIdentifierType"), LOCAL)
                w.leaf(P("linkingObjectIdentifierValue"), obj_id)


def _write_agent(w: XmlWriter, agent: SoftwareAgent) -> None:
    with w.element(P("agent")):
        _identifier(w, agent.identifier, "agent")
        w.leaf(P("agentName"), agent.name)
        w.leaf(P("agentType"), "software")
        w.leaf(P("agentVersion"), agent.version)
        if agent.note:
            w.leaf(P("agentNote"), agent.note)


@contextmanager
def _premis_document(path: Path):
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(
            P("premis"),
            {"version": "3.0", f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} {PREMIS_SCHEMA_URL}"},
            nsmap={"premis": PREMIS_NS, "xsi": XSI_NS},
        ):
            w = XmlWriter(xf)
            w.depth = 1
            yield w
            xf.write("\n")


def write_representation_premis(
    path: Path,
    representation_id: str,
    files: list[FileObject],
    events: list[Event],
    agents: list[SoftwareAgent],
    originator: str,
) -> None:
    """Write a representation's PREMIS file (objects, then events, then agents, as the schema orders them)."""
    with _premis_document(path) as w:
        with w.element(P("object"), {f"{{{XSI_NS}}}type": "premis:representation"}):
            _identifier(w, representation_id, "object")
        for obj in files:
            _write_file_object(w, obj, originator)
        for ev in events:
            _write_event(w, ev)
        for agent in agents:
            _write_agent(w, agent)


def write_package_premis(path: Path, objid: str, events: list[Event], agents: list[SoftwareAgent]) -> None:
    """Write the package-level PREMIS: the intellectual entity, its creation event and agents."""
    with _premis_document(path) as w:
        with w.element(P("object"), {f"{{{XSI_NS}}}type": "premis:intellectualEntity"}):
            _identifier(w, objid, "object")
        for ev in events:
            _write_event(w, ev)
        for agent in agents:
            _write_agent(w, agent)
