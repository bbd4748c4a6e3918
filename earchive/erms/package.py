"""What the builder does for a case-file delivery: erms.xml, its check, its schemas, its report.

The builder calls :func:`check_ready` before it copies anything, :func:`write` once the
files are in the package (their places and formats are known then), and
:func:`report_lines` for the package report.  ``erms.xml`` is checked against the official
schema and Schematron before the package is finished: a package with an invalid
erms.xml is never delivered.
"""

from __future__ import annotations

import os
from typing import Iterable

from earchive.descriptive import MdType
from earchive.erms import schematron
from earchive.erms import vocabulary as voc
from earchive.erms.delivery import ErmsDelivery
from earchive.erms.model import Restriction
from earchive.erms.writer import PackagedFile, write_erms
from earchive.errors import EarchiveError, InvalidInput
from earchive.messages import register, render

#: Name of the ERMS document in metadata/descriptive/.
FILE_NAME = "erms.xml"
#: Keys (earchive.schemas) of the files put into the package's schemas/ folder (CSIPSTR15).
SCHEMA_KEYS = ("erms", "erms-schematron")
#: How erms.xml is typed in the dmdSec: MDTYPE OTHER, OTHERMDTYPE ERMS, MDTYPEVERSION 3.0.
MDTYPE = MdType("OTHER", voc.MDTYPE_VERSION, voc.OTHER_MDTYPE)


class ErmsInvalid(EarchiveError):
    """The erms.xml written breaks the official schema or Schematron (a bug: the model should prevent it)."""

    code = "erms.invalid_output"


def check_ready(options=None) -> None:
    """Raise ErmsSchemasMissing unless the official schema and Schematron are in the store.

    Raises InvalidInput when ``options`` ask to split the delivery into parts: which part
    holds erms.xml and how records point into the other parts is not designed yet.
    """
    if not schematron.available():
        raise schematron.ErmsSchemasMissing()
    if options is not None and (getattr(options, "max_package_size", 0) or getattr(options, "max_package_files", 0)):
        raise InvalidInput("erms.no_split")


def write(delivery: ErmsDelivery, path, items: Iterable, *, objid: str, created: str, software: str) -> MdType:
    """Write erms.xml at ``path`` for the packaged ``items`` and check it; return its dmdSec type.

    ``items`` are the builder's records of the packaged content files (``source``,
    ``relpath``, ``format``).  Raises ErmsInvalid when the document breaks the schema or
    the Schematron.
    """
    files = {os.path.realpath(i.source): PackagedFile(i.relpath, _puid(i)) for i in items if i.content_of}
    document = delivery.document
    if not document.control.identification:
        document.control.identification = objid
    write_erms(document, path, files, created=created, software=software)
    findings = schematron.check_file(path)
    if findings:
        first = findings[0]
        raise ErmsInvalid(rule=first.rule or "-", detail=first.message, count=len(findings))
    return MDTYPE


def report_lines(delivery: ErmsDelivery, items: Iterable, lang: str) -> list[str]:
    """The package report's section on the cases: counts, every restricted file, the problems continued past."""
    doc = delivery.document
    where = {os.path.realpath(i.source): i.relpath for i in items if i.content_of}
    lines = ["", render("erms.report.heading", {"cases": len(doc.aggregations), "records": len(doc.records),
                                                "source": delivery.source.name if delivery.source else "-"}, lang)]
    restricted = []
    for agg in doc.aggregations:
        for record in agg.records:
            restrictions = list(agg.restrictions) + list(record.restrictions)
            if not restrictions:
                continue
            for path in record.files:
                relpath = where.get(os.path.realpath(path))
                if relpath:
                    restricted.append(f"- {relpath}: {_restrictions(restrictions)}")
            if not record.files:
                restricted.append(f"- {agg.case_number} {record.number} ({record.title}): {_restrictions(restrictions)}")
    if restricted:
        lines.append(render("erms.report.restricted", {"count": len(restricted)}, lang))
        lines.extend(restricted)
    else:
        lines.append(render("erms.report.none_restricted", {}, lang))
    if delivery.problems:
        lines.append(render("erms.report.problems", {"count": len(delivery.problems)}, lang))
        lines.extend(f"- {p.message(lang)}" for p in delivery.problems)
    return lines


def _restrictions(restrictions: list[Restriction]) -> str:
    return "; ".join(r.label for r in restrictions)


def _puid(item) -> str:
    fmt = getattr(item, "format", None)
    return getattr(fmt, "puid", "") if fmt is not None and getattr(fmt, "identified", False) else ""


register({
    "erms.no_split": {
        "en": "Case files (--erms) cannot be split into parts yet; build them without --max-package-size "
              "and --max-package-files (or split the case register into several registers).",
        "sv": "Ärenden (--erms) kan ännu inte delas upp i delpaket; bygg utan --max-package-size och "
              "--max-package-files (eller dela ärendeförteckningen i flera förteckningar).",
    },
    "erms.invalid_output": {
        "en": "The erms.xml earchive wrote breaks {rule}: {detail} ({count} finding(s)); the package was not made. "
              "Please report this with the case register.",
        "sv": "Den erms.xml som earchive skrev bryter mot {rule}: {detail} ({count} fynd); paketet skapades inte. "
              "Rapportera detta tillsammans med ärendeförteckningen.",
    },
    "erms.report.heading": {
        "en": "Case files (CITS ERMS 3.0, metadata/descriptive/erms.xml): {cases} cases, {records} records, from {source}",
        "sv": "Ärenden (CITS ERMS 3.0, metadata/descriptive/erms.xml): {cases} ärenden, {records} handlingar, från {source}",
    },
    "erms.report.restricted": {
        "en": "Restricted files ({count}) and their restrictions (type and regulation):",
        "sv": "Begränsade filer ({count}) och deras begränsningar (typ och lagrum):",
    },
    "erms.report.none_restricted": {
        "en": "No case or record carries a restriction.",
        "sv": "Inget ärende och ingen handling har någon begränsning.",
    },
    "erms.report.problems": {
        "en": "Problems in the case register that the build continued past ({count}):",
        "sv": "Problem i ärendeförteckningen som bygget fortsatte förbi ({count}):",
    },
})
