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
from typing import Iterable, Iterator

from lxml import etree

from earchive.formats import FormatInfo
from earchive.mets import RawWriter, xml_text
from earchive.spec import PREMIS_NS, XSI_NS
from earchive.xmlutil import P, XmlWriter

#: Where the PREMIS 3.0 schema lives officially (xsi:schemaLocation).
PREMIS_SCHEMA_URL = "http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd"
#: Identifier type of everything earchive identifies inside one package.
LOCAL = "local"

EVENT_DIGEST = "message digest calculation"
EVENT_FORMAT = "format identification"
EVENT_CREATION = "creation"

#: Structural relationship sub-types (LoC preservation relationship sub-type vocabulary).
INCLUDED_IN = "is included in"
REPRESENTS = "represents"
REPRESENTED_BY = "is represented by"
EVENT_FIXITY = "fixity check"


@dataclass(frozen=True)
class SoftwareAgent:
    """A program that acted on the package (PREMIS agent of type software)."""

    identifier: str
    name: str
    version: str
    note: str = ""


@dataclass(frozen=True, slots=True)
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
    objects: Iterable[str] = ()  # iterated once per write; may be a re-iterable view of the files


def _identifier(w: XmlWriter, value: str, prefix: str) -> None:
    with w.element(P(f"{prefix}Identifier")):
        w.leaf(P(f"{prefix}IdentifierType"), LOCAL)
        w.leaf(P(f"{prefix}IdentifierValue"), value)


def _relationship(subtype: str, related: str, indent: str) -> str:
    """A structural ``premis:relationship`` to object ``related`` (LoC relationship sub-type vocabulary)."""
    return (
        f"\n{indent}<premis:relationship>"
        f"\n{indent}  <premis:relationshipType>structural</premis:relationshipType>"
        f"\n{indent}  <premis:relationshipSubType>{xml_text(subtype)}</premis:relationshipSubType>"
        f"\n{indent}  <premis:relatedObjectIdentifier>"
        f"\n{indent}    <premis:relatedObjectIdentifierType>{LOCAL}</premis:relatedObjectIdentifierType>"
        f"\n{indent}    <premis:relatedObjectIdentifierValue>{xml_text(related)}</premis:relatedObjectIdentifierValue>"
        f"\n{indent}  </premis:relatedObjectIdentifier>"
        f"\n{indent}</premis:relationship>"
    )


def _file_objects(objects: Iterable[FileObject], originator: str, scope: str) -> Iterator[str]:
    """The ``premis:object`` of each file as text, indented as XmlWriter would at depth 1.

    Each identifier is ``scope/`` + the file's path in its representation, and each file
    "is included in" the representation ``scope``."""
    formats: dict[FormatInfo | None, str] = {}  # the format part, once per distinct format
    originator = xml_text(originator)
    prefix = xml_text(scope) + "/"
    included = _relationship(INCLUDED_IN, scope, "    ")
    for obj in objects:
        info = obj.format
        fmt = formats.get(info)
        if fmt is None:
            fmt = formats[info] = _format_xml(info)
        yield (
            "\n  <premis:object xsi:type=\"premis:file\">"
            "\n    <premis:objectIdentifier>"
            f"\n      <premis:objectIdentifierType>{LOCAL}</premis:objectIdentifierType>"
            f"\n      <premis:objectIdentifierValue>{prefix}{xml_text(obj.identifier)}</premis:objectIdentifierValue>"
            "\n    </premis:objectIdentifier>"
            "\n    <premis:objectCharacteristics>"
            "\n      <premis:compositionLevel>0</premis:compositionLevel>"
            "\n      <premis:fixity>"
            f"\n        <premis:messageDigestAlgorithm>{xml_text(obj.algorithm)}</premis:messageDigestAlgorithm>"
            f"\n        <premis:messageDigest>{xml_text(obj.checksum)}</premis:messageDigest>"
            f"\n        <premis:messageDigestOriginator>{originator}</premis:messageDigestOriginator>"
            "\n      </premis:fixity>"
            f"\n      <premis:size>{obj.size}</premis:size>"
            f"{fmt}"
            "\n    </premis:objectCharacteristics>"
            f"\n    <premis:originalName>{xml_text(obj.original_name)}</premis:originalName>"
            f"{included}"
            "\n  </premis:object>"
        )


def _format_xml(info: FormatInfo | None) -> str:
    """``premis:format`` (at depth 3) for one identification result."""
    parts = [
        "\n      <premis:format>",
        "\n        <premis:formatDesignation>",
        f"\n          <premis:formatName>{xml_text(info.name if info and info.name else 'unknown')}</premis:formatName>",
    ]
    if info and info.version:
        parts.append(f"\n          <premis:formatVersion>{xml_text(info.version)}</premis:formatVersion>")
    parts.append("\n        </premis:formatDesignation>")
    if info and info.identified:
        parts += [
            "\n        <premis:formatRegistry>",
            "\n          <premis:formatRegistryName>PRONOM</premis:formatRegistryName>",
            f"\n          <premis:formatRegistryKey>{xml_text(info.puid)}</premis:formatRegistryKey>",
            "\n          <premis:formatRegistryRole>specification</premis:formatRegistryRole>",
            "\n        </premis:formatRegistry>",
        ]
    if info and info.basis:
        parts.append(f"\n        <premis:formatNote>{xml_text(f'siegfried basis: {info.basis}')}</premis:formatNote>")
    if info and info.warning:
        parts.append(f"\n        <premis:formatNote>{xml_text(f'siegfried warning: {info.warning}')}</premis:formatNote>")
    parts.append("\n      </premis:format>")
    return "".join(parts)


def _linked_objects(identifiers: Iterable[str]) -> Iterator[str]:
    """``premis:linkingObjectIdentifier`` elements (at depth 2) as text."""
    for value in identifiers:
        yield (
            "\n    <premis:linkingObjectIdentifier>"
            f"\n      <premis:linkingObjectIdentifierType>{LOCAL}</premis:linkingObjectIdentifierType>"
            f"\n      <premis:linkingObjectIdentifierValue>{xml_text(value)}</premis:linkingObjectIdentifierValue>"
            "\n    </premis:linkingObjectIdentifier>"
        )


def _write_event(w: XmlWriter, raw: RawWriter, ev: Event) -> None:
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
        raw.write_all(_linked_objects(ev.objects))


def _write_agent(w: XmlWriter, agent: SoftwareAgent) -> None:
    with w.element(P("agent")):
        _identifier(w, agent.identifier, "agent")
        w.leaf(P("agentName"), agent.name)
        w.leaf(P("agentType"), "software")
        w.leaf(P("agentVersion"), agent.version)
        if agent.note:
            w.leaf(P("agentNote"), agent.note)


@contextmanager
def _premis_document(path: Path, schema_dir: str = ""):
    """A PREMIS document; ``schema_dir`` is the relative path from it to the package's schemas/ folder
    (the xsi:schemaLocation then names the copy there), else the official URL is named."""
    location = f"{schema_dir}premis-v3-0.xsd" if schema_dir else PREMIS_SCHEMA_URL
    with open(path, "wb") as out, etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(
            P("premis"),
            {"version": "3.0", f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} {location}"},
            nsmap={"premis": PREMIS_NS, "xsi": XSI_NS},
        ):
            w = XmlWriter(xf)
            w.depth = 1
            yield w, RawWriter(xf, out)
            xf.write("\n")


def write_representation_premis(
    path: Path,
    representation_id: str,
    files: Iterable[FileObject],
    events: list[Event],
    agents: list[SoftwareAgent],
    originator: str,
    package_id: str = "",
    schema_dir: str = "",
) -> None:
    """Write a representation's PREMIS file (objects, then events, then agents, as the schema orders them).

    ``representation_id`` identifies the representation object (unique across packages: the
    builder gives ``<OBJID>/representations/<name>``); each file's identifier is it + ``/`` +
    the file's path in the representation, and each file "is included in" it.  The
    representation "represents" the intellectual entity ``package_id`` of the package PREMIS.
    ``files`` is iterated once, so a generator keeps memory flat for any number of files.
    """
    with _premis_document(path, schema_dir) as (w, raw):
        with w.element(P("object"), {f"{{{XSI_NS}}}type": "premis:representation"}):
            _identifier(w, representation_id, "object")
            if package_id:
                raw.write_all([_relationship(REPRESENTS, package_id, "    ")])
        raw.write_all(_file_objects(files, originator, representation_id))
        for ev in events:
            _write_event(w, raw, ev)
        for agent in agents:
            _write_agent(w, agent)


def write_package_premis(path: Path, objid: str, events: list[Event], agents: list[SoftwareAgent],
                         representations: Iterable[str] = (), schema_dir: str = "") -> None:
    """Write the package-level PREMIS: the intellectual entity (which "is represented by" each
    representation object of the representation PREMIS files), its creation event and agents."""
    with _premis_document(path, schema_dir) as (w, raw):
        with w.element(P("object"), {f"{{{XSI_NS}}}type": "premis:intellectualEntity"}):
            _identifier(w, objid, "object")
            raw.write_all(_relationship(REPRESENTED_BY, rep, "    ") for rep in representations)
        for ev in events:
            _write_event(w, raw, ev)
        for agent in agents:
            _write_agent(w, agent)
