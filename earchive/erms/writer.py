"""Write ``erms.xml`` (CITS ERMS 3.0) from an :class:`~earchive.erms.model.ErmsDocument`, streamed.

Elements are written in the official schema's order (ERMS_v3.xsd).  Each record's files
become ``additionalInformation/appendix`` elements (ERMS28-34) whose ``path`` is the
file's place in the package, relative to the package root and percent-encoded as the
METS hrefs are (CSIP's rule for references), and whose ``fileFormat`` is the PRONOM
identifier found while building.  Dates are xs:dateTime; a date without a time is
written as that day at 00:00 without a time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from lxml import etree

from earchive.erms import vocabulary as voc
from earchive.erms.model import (
    CASE_NUMBER_TYPE,
    DOCUMENT_ID_TYPE,
    ORGANISATION_NUMBER_TYPE,
    RECORD_NUMBER_TYPE,
    Aggregation,
    ErmsAgent,
    ErmsDocument,
    Record,
    Restriction,
    as_datetime,
)
from earchive.xmlutil import XmlWriter, href

#: otherAgentType of the records-management system named in the control section.
SYSTEM_AGENT_TYPE = "records_management_system"


@dataclass(frozen=True)
class PackagedFile:
    """Where a record's file is in the package: path from the package root and PRONOM id."""

    relpath: str
    puid: str = ""


def write_erms(document: ErmsDocument, path: Path, files: Mapping[str, PackagedFile], *,
               created: str, software: str) -> None:
    """Write ``document`` to ``path``.

    ``files`` maps each record file's real path (``os.path.realpath``) to where it is in
    the package; a file not in ``files`` is left out of its record (the builder only
    passes what it packaged).  ``created`` is the package's creation time (xs:dateTime),
    ``software`` the name and version of the program that made the document.
    """
    ns = voc.namespace()
    E = lambda name: f"{{{ns}}}{name}"  # noqa: E731
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(E("erms"), nsmap={None: ns}):
            w = XmlWriter(xf)
            w.depth = 1
            _control(w, E, document, created, software)
            with w.element(E("aggregations")):
                for agg in document.aggregations:
                    _aggregation(w, E, document, agg, files)
            xf.write("\n")


def _control(w: XmlWriter, E, document: ErmsDocument, created: str, software: str) -> None:
    control = document.control
    with w.element(E("control")):
        w.leaf(E("identification"), control.identification or document.aggregations[0].object_id,
               {"identificationType": DOCUMENT_ID_TYPE})
        if control.information_class:
            w.leaf(E("informationClass"), control.information_class)
        schema = control.classification_schema
        if schema is not None:
            with w.element(E("classificationSchema"), {"classificationSchemaId": schema.schema_id,
                                                       "classificationSchemaStatus": schema.status}):
                if schema.in_use_from:
                    with w.element(E("useDatePeriod")):
                        w.leaf(E("fromDate"), schema.in_use_from.isoformat())
                with w.element(E("textualDescriptionOfClassificationSchema")):
                    w.leaf(E("p"), schema.name)
        if control.security_class:
            w.leaf(E("securityClass"), control.security_class)
        with w.element(E("maintenanceInformation")):
            w.leaf(E("maintenanceStatus"), None, {"value": "new"})
            with w.element(E("maintenanceAgency")):
                if control.creator_code:
                    w.leaf(E("agencyCode"), control.creator_code, {"type": ORGANISATION_NUMBER_TYPE})
                w.leaf(E("agencyName"), control.creator)
            with w.element(E("maintenanceHistory")):
                with w.element(E("maintenanceEvent")):
                    w.leaf(E("eventType"), None, {"value": "created"})
                    w.leaf(E("eventDateTime"), created)
                    with w.element(E("agent"), {"agentType": "other", "otherAgentType": "software"}):
                        w.leaf(E("name"), software)
        if control.system:
            with w.element(E("systemInformation")):
                with w.element(E("agents")):
                    with w.element(E("agent"), {"agentType": "other", "otherAgentType": SYSTEM_AGENT_TYPE}):
                        w.leaf(E("name"), control.system)


def _aggregation(w: XmlWriter, E, document: ErmsDocument, agg: Aggregation, files: Mapping[str, PackagedFile]) -> None:
    attrs = {"systemIdentifier": agg.object_id, "aggregationType": "caseFile"}
    schema = document.control.classification_schema
    if schema is not None and agg.classification:
        attrs["classificationSchemaUsed"] = schema.schema_id
    with w.element(E("aggregation"), attrs):
        w.leaf(E("objectId"), agg.object_id)
        w.leaf(E("extraId"), agg.case_number, {"extraIdType": CASE_NUMBER_TYPE})
        if agg.classification:
            w.leaf(E("classification"), None, {"classificationCode": agg.classification})
        w.leaf(E("title"), agg.title)
        if agg.status:
            w.leaf(E("status"), None, {"value": agg.status})
        for restriction in agg.restrictions:
            _restriction(w, E, restriction)
        if agg.disposal is not None:
            _disposal(w, E, agg)
        _agents(w, E, agg.agents)
        dates = [("created", agg.created)] + ([("closed", agg.closed)] if agg.closed else [])
        _dates(w, E, dates)
        if agg.note:
            with w.element(E("notes")):
                w.leaf(E("note"), agg.note)
        for record in agg.records:
            _record(w, E, record, files)


def _record(w: XmlWriter, E, record: Record, files: Mapping[str, PackagedFile]) -> None:
    attrs = {"systemIdentifier": record.object_id, "recordType": record.record_type}
    packaged = [(p, files[key]) for p in record.files if (key := _key(p)) in files]
    if record.files:
        attrs["recordPhysicalOrDigital"] = "digital"
    with w.element(E("record"), attrs):
        w.leaf(E("objectId"), record.object_id)
        w.leaf(E("extraId"), record.number, {"extraIdType": RECORD_NUMBER_TYPE})
        w.leaf(E("title"), record.title)
        if record.status:
            w.leaf(E("status"), None, {"value": record.status})
        if record.running_number is not None:
            w.leaf(E("runningNumber"), str(record.running_number))
        for restriction in record.restrictions:
            _restriction(w, E, restriction)
        if record.direction:
            w.leaf(E("direction"), None, {"directionDefinition": record.direction})
        _agents(w, E, record.agents)
        dates = [("created", record.created)] + ([("originated", record.originated)] if record.originated else [])
        _dates(w, E, dates)
        if record.note:
            with w.element(E("notes")):
                w.leaf(E("note"), record.note)
        if packaged:
            with w.element(E("additionalInformation")):
                for source, where in packaged:
                    w.leaf(E("appendix"), None, {"name": Path(where.relpath).name, "path": href(where.relpath),
                                                 "fileFormat": where.puid, "originalFileFormat": None,
                                                 "description": source.name if source.name != Path(where.relpath).name else None})


def _restriction(w: XmlWriter, E, r: Restriction) -> None:
    attrs = {"restrictionType": r.type, "otherRestrictionType": r.other_type if r.type == "other_type" else ""}
    with w.element(E("restriction"), attrs):
        if r.explanatory_text:
            w.leaf(E("explanatoryText"), r.explanatory_text)
        w.leaf(E("regulation"), r.regulation)
        if r.information_class:
            w.leaf(E("informationClass"), r.information_class)
        if r.security_class:
            w.leaf(E("securityClass"), r.security_class)
        if r.until or r.duration:
            with w.element(E("duration")):
                if r.until:
                    _dates(w, E, [("end", r.until)])
                if r.duration:
                    w.leaf(E("calculatedDuration"), r.duration)


def _disposal(w: XmlWriter, E, agg: Aggregation) -> None:
    d = agg.disposal
    with w.element(E("disposal"), {"disposable": "true" if d.disposable else "false"}):
        if d.action:
            w.leaf(E("disposalAction"), d.action)
        if d.period:
            w.leaf(E("disposalPeriod"), d.period)
        if d.mandate:
            w.leaf(E("disposalMandate"), d.mandate)
        with w.element(E("dates")):
            w.leaf(E("disposalDate"), _when(d.date), {"dateType": "disposal_date"})


def _agents(w: XmlWriter, E, agents: list[ErmsAgent]) -> None:
    if not agents:
        return
    with w.element(E("agents")):
        for a in agents:
            with w.element(E("agent"), {"agentType": a.type, "otherAgentType": a.other_type if a.type == "other" else ""}):
                w.leaf(E("name"), a.name)
                if a.organisation:
                    w.leaf(E("organisation"), a.organisation)
                if a.role:
                    w.leaf(E("role"), a.role)


def _dates(w: XmlWriter, E, dates: list[tuple[str, dt.date | dt.datetime]]) -> None:
    with w.element(E("dates")):
        for kind, when in dates:
            w.leaf(E("date"), _when(when), {"dateType": kind})


def _when(when: dt.date | dt.datetime) -> str:
    return as_datetime(when).isoformat(timespec="seconds")


def _key(path: Path) -> str:
    import os

    return os.path.realpath(path)
