"""Descriptive metadata files: RODA's simple Dublin Core, EAD 2002 and RODA key-value.

Each writer produces the XML RODA indexes (see ../shared/reference/roda.md 4.2) and
returns the METS mdRef type facts for the dmdSec (MDTYPE, MDTYPEVERSION, OTHERMDTYPE).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from earchive.model import DublinCore, EadDescription, KeyValue, MetadataFile
from earchive.spec import EAD_NS, XSI_NS

#: METS MDTYPEVERSION for RODA's simple DC (RODA picks its crosswalk dc_SimpleDC20021212.xslt by it).
SIMPLEDC_VERSION = "SimpleDC20021212"
#: Official location of the EAD 2002 schema, for xsi:schemaLocation.
EAD_SCHEMA_URL = "http://www.loc.gov/ead/ead.xsd"


@dataclass(frozen=True)
class MdType:
    """What a dmdSec/mdRef says about a metadata file."""

    mdtype: str
    version: str = ""
    other: str = ""
    mimetype: str = "text/xml"


def default_file_name(desc) -> str:
    """The file name of a generated description inside metadata/descriptive/."""
    if isinstance(desc, DublinCore):
        return "dc.xml"
    if isinstance(desc, EadDescription):
        return "ead.xml"
    if isinstance(desc, KeyValue):
        return "key-value.xml"
    raise TypeError(desc)


def mdtype_of(desc) -> MdType:
    if isinstance(desc, DublinCore):
        return MdType("DC", SIMPLEDC_VERSION)
    if isinstance(desc, EadDescription):
        return MdType("EAD", "2002")
    if isinstance(desc, KeyValue):
        return MdType("OTHER", "", "KEY-VALUE")
    if isinstance(desc, MetadataFile):
        return MdType(desc.mdtype, desc.mdtype_version, desc.other_mdtype if desc.mdtype == "OTHER" else "")
    raise TypeError(desc)


def write_description(desc, path: Path) -> None:
    """Write a generated description (DublinCore, EadDescription or KeyValue) to ``path``."""
    if isinstance(desc, DublinCore):
        root = build_simpledc(desc)
    elif isinstance(desc, EadDescription):
        root = build_ead(desc)
    elif isinstance(desc, KeyValue):
        root = build_key_value(desc)
    else:
        raise TypeError(desc)
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def build_simpledc(dc: DublinCore) -> etree._Element:
    """``<simpledc>`` with unqualified, unnamespaced DC elements, as RODA's dc.xsd wants."""
    root = etree.Element("simpledc")
    for name, values in dc.elements.items():
        for value in values:
            etree.SubElement(root, name).text = value
    return root


def build_key_value(kv: KeyValue) -> etree._Element:
    """``<metadata><field name="...">value</field></metadata>`` (RODA key-value)."""
    root = etree.Element("metadata")
    for name, value in kv.fields:
        field = etree.SubElement(root, "field", name=_ncname(name))
        field.text = value
    return root


def _ncname(name: str) -> str:
    # key-value.xsd types @name as xs:NCName: keep letters/digits/._-; others become _.
    out = "".join(c if (c.isalnum() or c in "._-") else "_" for c in name)
    if not out or not (out[0].isalpha() or out[0] == "_"):
        out = "_" + out
    return out


def build_ead(ead: EadDescription) -> etree._Element:
    """A minimal, schema-valid EAD 2002 document for one unit of description."""
    E = lambda tag: f"{{{EAD_NS}}}{tag}"  # noqa: E731
    root = etree.Element(E("ead"), nsmap={None: EAD_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{EAD_NS} {EAD_SCHEMA_URL}")
    header = etree.SubElement(root, E("eadheader"))
    eadid = etree.SubElement(header, E("eadid"))
    eadid.text = ead.unitid or ead.unittitle
    filedesc = etree.SubElement(header, E("filedesc"))
    titlestmt = etree.SubElement(filedesc, E("titlestmt"))
    etree.SubElement(titlestmt, E("titleproper")).text = ead.unittitle
    archdesc = etree.SubElement(root, E("archdesc"), level=ead.level)
    if ead.level == "otherlevel":
        archdesc.set("otherlevel", ead.otherlevel)
    did = etree.SubElement(archdesc, E("did"))
    etree.SubElement(did, E("unittitle")).text = ead.unittitle
    if ead.unitid:
        etree.SubElement(did, E("unitid")).text = ead.unitid
    if ead.unitdate or ead.unitdate_normal:
        unitdate = etree.SubElement(did, E("unitdate"))
        unitdate.text = ead.unitdate or ead.unitdate_normal
        if ead.unitdate_normal:
            unitdate.set("normal", ead.unitdate_normal)
    if ead.origination:
        orig = etree.SubElement(did, E("origination"), label="creator")
        etree.SubElement(orig, E("corpname")).text = ead.origination
    if ead.repository:
        repo = etree.SubElement(did, E("repository"))
        etree.SubElement(repo, E("corpname")).text = ead.repository
    if ead.language:
        lang = etree.SubElement(did, E("langmaterial"))
        etree.SubElement(lang, E("language"), langcode=ead.language).text = ead.language
    if ead.scopecontent:
        sc = etree.SubElement(archdesc, E("scopecontent"))
        for para in _paragraphs(ead.scopecontent):
            etree.SubElement(sc, E("p")).text = para
    if ead.accessrestrict:
        ar = etree.SubElement(archdesc, E("accessrestrict"))
        for para in _paragraphs(ead.accessrestrict):
            etree.SubElement(ar, E("p")).text = para
    return root


def _paragraphs(text: str) -> list[str]:
    paras = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in paras if p] or [text.strip()]
