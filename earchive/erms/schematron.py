"""Check an ERMS document against the official schema (ERMS_v3.xsd) and Schematron (erms_v3.sch).

Both files come from :mod:`earchive.schema_store` (see there why).  The Schematron runs
with lxml's ISO Schematron implementation.  The official ``erms_v3.sch`` declares
``queryBinding="xslt2"``, which lxml's XSLT 1.0 skeleton refuses outright, although every
rule context and assertion in it is an XPath 1.0 expression.  So earchive reads the
official file unchanged, checks that each ``context`` and ``test`` compiles as XPath 1.0
(:func:`_xpath1_only`; a future version that needs XPath 2.0 is refused with a message,
never run with the wrong semantics), and compiles it with the binding read as ``xslt``:
an XPath 1.0 expression means the same in both bindings.

Each finding names the CITS ERMS requirement it breaks (:mod:`earchive.erms.rules`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, isoschematron

from earchive import schemas
from earchive.errors import EarchiveError, InvalidInput
from earchive.erms import rules
from earchive.messages import register

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
#: At most this many schema errors are reported per document.
MAX_ERRORS = 200

_local = threading.local()


@dataclass(frozen=True)
class ErmsFinding:
    """One way an ERMS document breaks the schema or the Schematron."""

    rule: str  # ERMS requirement ID ("ERMS59"), or "" when none is known
    source: str  # "xsd" or "schematron"
    message: str  # the validator's own text (English)
    line: int | None = None
    location: str = ""


class ErmsSchemasMissing(InvalidInput):
    """The ERMS schema or Schematron is not in the schema store."""

    code = "erms.schemas_missing"


def check_document(tree: etree._ElementTree) -> list[ErmsFinding]:
    """Every schema and Schematron finding of ``tree``; [] when it is valid.

    Raises ErmsSchemasMissing when the official files have not been obtained, and
    EarchiveError (``erms.schematron_xpath2``) if the Schematron needs XPath 2.0.
    """
    xsd, sch = _compiled()
    findings: list[ErmsFinding] = []
    if not xsd.validate(tree):
        for err in list(xsd.error_log)[:MAX_ERRORS]:
            findings.append(ErmsFinding(rules.for_schema_error(err.message, err.path, tree), "xsd",
                                        err.message, err.line, err.path or ""))
    sch.validate(tree)
    report = sch.validation_report
    for failed in report.iter(f"{{{SVRL_NS}}}failed-assert"):
        context = _fired_context(failed)
        text = " ".join("".join(failed.itertext()).split())
        findings.append(ErmsFinding(rules.for_schematron(context), "schematron", text, None, failed.get("location", "")))
    return findings


def check_file(path: Path) -> list[ErmsFinding]:
    """:func:`check_document` of the file at ``path`` (parsed safely)."""
    return check_document(schemas.parse_xml(path))


def available() -> bool:
    """Whether the schema and the Schematron are in the store."""
    return schemas.schema_path("erms") is not None and schemas.schema_path("erms-schematron") is not None


def _compiled() -> tuple[etree.XMLSchema, isoschematron.Schematron]:
    cached = getattr(_local, "compiled", None)
    if cached is None:
        xsd_path, sch_path = schemas.schema_path("erms"), schemas.schema_path("erms-schematron")
        if xsd_path is None or sch_path is None:
            raise ErmsSchemasMissing()
        with schemas.LIBXML_LOCK:
            xsd = etree.XMLSchema(schemas.parse_xml(xsd_path))
            sch_doc = schemas.parse_xml(sch_path)
            _xpath1_only(sch_doc)
            root = sch_doc.getroot()
            if root.get("queryBinding", "xslt") in ("xslt2", "xpath2"):
                root.set("queryBinding", "xslt")
            sch = isoschematron.Schematron(sch_doc, store_report=True)
        cached = _local.compiled = (xsd, sch)
    return cached


def _xpath1_only(sch_doc: etree._ElementTree) -> None:
    """Raise unless every rule context and assertion test of the Schematron is XPath 1.0."""
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in sch_doc.iter(f"{{{SCH_NS}}}ns")}
    for el in sch_doc.iter(f"{{{SCH_NS}}}rule", f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report"):
        expression = el.get("context") or el.get("test") or ""
        if el.tag == f"{{{SCH_NS}}}rule":
            expression = f"//{expression}" if not expression.startswith("/") else expression
        try:
            etree.XPath(expression, namespaces=namespaces)
        except etree.XPathError as exc:
            raise EarchiveError("erms.schematron_xpath2", expression=expression) from exc


def _fired_context(failed: etree._Element) -> str:
    """The context of the rule a failed assertion belongs to (the fired-rule before it in the report)."""
    for previous in failed.itersiblings(preceding=True):
        if previous.tag == f"{{{SVRL_NS}}}fired-rule":
            return previous.get("context", "")
    return ""


register({
    "erms.schemas_missing": {
        "en": "The CITS ERMS 3.0 schema and Schematron are needed to write and check erms.xml, and earchive may not "
              "ship them. Get them once: earchive erms schemas --download (or --from a folder holding ERMS_v3.xsd and "
              "erms_v3.sch); in the desktop app: Case files > Get ERMS schemas.",
        "sv": "CITS ERMS 3.0-schemat och Schematron behövs för att skriva och kontrollera erms.xml, och earchive får inte "
              "levereras med dem. Hämta dem en gång: earchive erms schemas --download (eller --from en mapp med "
              "ERMS_v3.xsd och erms_v3.sch); i skrivbordsappen: Ärenden > Hämta ERMS-scheman.",
    },
    "erms.schematron_xpath2": {
        "en": "The ERMS Schematron uses an expression that needs XPath 2.0 ({expression}), which earchive cannot run. "
              "Please report this with the Schematron's version.",
        "sv": "ERMS-Schematron använder ett uttryck som kräver XPath 2.0 ({expression}), vilket earchive inte kan köra. "
              "Rapportera detta tillsammans med Schematrons version.",
    },
})
