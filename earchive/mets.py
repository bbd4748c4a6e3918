"""METS documents (root and representation), streamed section by section with ``etree.xmlfile``.

The builder describes a document as plain data (:class:`MetsDocument`); this module
writes it in schema order: root attributes (CSIP1-6, SIP1-2), metsHdr (CSIP7-16,
CSIP117, SIP3-31), dmdSec (CSIP17-30), amdSec (CSIP31-57), fileSec (CSIP58-79,
CSIP113-114), structMap (CSIP80-112, CSIP116-119).  File lists are iterated, never
held as a tree, so a package of 100,000 files is written in constant memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from earchive.formats import FormatInfo
from earchive.model import Agent
from earchive.schemas import SCHEMA_FILES
from earchive.spec import XSI_NS
from earchive.xmlutil import METS_NSMAP, C, M, X, XmlWriter, href

#: Schemas named in the xsi:schemaLocation of every METS document: the copies in the package's
#: schemas/ folder (MetsDocument.schema_dir), else their official locations (earchive.schemas).
SCHEMA_KEYS = ("mets", "xlink", "csip", "sip")
#: Repeated entries (one per file) written to disk per write call.
RAW_CHUNK = 512


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file listed in a fileGrp; ``relpath`` is relative to the METS document's folder."""

    id: str
    relpath: str
    size: int
    checksum: str
    algorithm: str
    created: str
    mime: str
    format: FormatInfo | None = None  # PRONOM result: SIP32-35 attributes when identified


@dataclass(frozen=True, slots=True)
class MdRef:
    """A metadata file referenced from a dmdSec or an amdSec child (mdRef)."""

    id: str
    relpath: str
    mdtype: str
    size: int
    checksum: str
    algorithm: str
    created: str
    mdtype_version: str = ""
    other_mdtype: str = ""
    mimetype: str = "text/xml"
    status: str = "CURRENT"


@dataclass
class FileGroup:
    use: str
    id: str
    files: Iterable[FileRef]
    content_information_type: str = ""
    other_content_information_type: str = ""


@dataclass
class Div:
    id: str
    label: str
    fptrs: list[str] = field(default_factory=list)
    mptr_href: str = ""
    mptr_title: str = ""
    admid: list[str] = field(default_factory=list)
    dmdid: list[str] = field(default_factory=list)


@dataclass
class MetsDocument:
    """Everything one METS.xml says, as data."""

    objid: str
    type: str
    profile: str
    createdate: str
    software_name: str
    software_version: str
    other_type: str = ""
    content_information_type: str = ""
    other_content_information_type: str = ""
    label: str = ""
    record_status: str = ""
    agents: list[Agent] = field(default_factory=list)
    alt_record_ids: list[tuple[str, str]] = field(default_factory=list)  # (TYPE, value)
    dmd: list[MdRef] = field(default_factory=list)
    digiprov: list[MdRef] = field(default_factory=list)
    techmd: list[MdRef] = field(default_factory=list)
    filesec_id: str = "ID-fileSec-1"
    groups: list[FileGroup] = field(default_factory=list)
    structmap_id: str = "ID-structMap-1"
    main_div_id: str = "ID-div-1"
    divs: list[Div] = field(default_factory=list)
    roda_parent_id: str = ""
    #: RODA ancestors, nearest first (a child package: its parent, then the parent's parent); default [roda_parent_id].
    roda_ancestors: list[str] = field(default_factory=list)
    #: Links of a package split into a parent and children (earchive.split.Links), or None.
    segments: object = None
    uses_sip_namespace: bool = False
    schema_dir: str = ""  # relative path to the package's schemas/ ("schemas/", "../../schemas/"); '' = official URLs


def write_mets(path: Path, doc: MetsDocument) -> None:
    """Write ``doc`` to ``path`` as a METS 1.12 document with the CSIP/SIP attributes."""
    with open(path, "wb") as out, etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        w = XmlWriter(xf)
        nsmap = dict(METS_NSMAP)
        if not doc.uses_sip_namespace:
            nsmap.pop("sip")
        located = [SCHEMA_FILES[k] for k in SCHEMA_KEYS]
        locations = " ".join(f"{s.namespace} {doc.schema_dir + s.filename if doc.schema_dir else s.url}"
                             for s in located if s.namespace in nsmap.values())
        root_attrib = {
            "OBJID": doc.objid,
            "TYPE": doc.type,
            C("OTHERTYPE"): doc.other_type,
            C("CONTENTINFORMATIONTYPE"): doc.content_information_type,
            C("OTHERCONTENTINFORMATIONTYPE"): doc.other_content_information_type,
            "LABEL": doc.label,
            "PROFILE": doc.profile,
            f"{{{XSI_NS}}}schemaLocation": locations,
        }
        with xf.element(M("mets"), {k: v for k, v in root_attrib.items() if v}, nsmap=nsmap):
            w.depth = 1
            _write_header(w, doc)
            for ref in doc.dmd:
                with w.element(M("dmdSec"), {"ID": ref.id, "CREATED": ref.created, "STATUS": ref.status}):
                    _write_mdref(w, ref)
            if doc.digiprov or doc.techmd:
                with w.element(M("amdSec"), {"ID": "ID-amdSec-1"}):
                    for tag, refs in (("techMD", doc.techmd), ("digiprovMD", doc.digiprov)):
                        for ref in refs:
                            with w.element(M(tag), {"ID": ref.id, "CREATED": ref.created, "STATUS": ref.status}):
                                _write_mdref(w, ref)
            _write_filesec(w, RawWriter(xf, out), doc)
            _write_structmap(w, doc)
            if doc.segments is not None:
                doc.segments.write(w)
            ancestors = doc.roda_ancestors or ([doc.roda_parent_id] if doc.roda_parent_id else [])
            if ancestors:
                _write_roda_structmap(w, ancestors)
            xf.write("\n")


class RawWriter:
    """Writes ready-made markup between the elements an ``etree.xmlfile`` writes.

    The document is streamed by ``xmlfile``; the parts repeated once per file (a
    METS file entry, a PREMIS object) are formatted as text, which is about twenty
    times faster than one ``xmlfile`` call per element, and written to the same
    file after flushing lxml's buffer.  The text is byte for byte what lxml writes
    for the same elements (:func:`xml_text`, :func:`xml_attr` escape as libxml2 does).
    """

    def __init__(self, xf, out) -> None:
        self.xf = xf
        self.out = out

    def write_all(self, fragments: Iterable[str]) -> None:
        """Write the fragments, :data:`RAW_CHUNK` at a time (memory stays flat for any count)."""
        batch: list[str] = []
        for fragment in fragments:
            batch.append(fragment)
            if len(batch) >= RAW_CHUNK:
                self._write(batch)
                batch = []
        if batch:
            self._write(batch)

    def _write(self, batch: list[str]) -> None:
        self.xf.flush()
        self.out.write("".join(batch).encode("utf-8"))


def xml_text(value: str) -> str:
    """``value`` escaped as libxml2 escapes element text; ValueError for characters XML cannot hold."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    _check_chars(value)
    return value.translate(_TEXT_ESCAPES)


def xml_attr(value: str) -> str:
    """``value`` escaped as libxml2 escapes a double-quoted attribute value; ValueError as :func:`xml_text`."""
    if _ATTR_SPECIAL.search(value) is None:
        return value
    _check_chars(value)
    return value.translate(_ATTR_ESCAPES)


_BAD_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f"
_TEXT_SPECIAL = re.compile(f"[&<>\r{_BAD_CHARS}]")
_ATTR_SPECIAL = re.compile(f"[&<>\"\n\r\t{_BAD_CHARS}]")
_BAD = re.compile(f"[{_BAD_CHARS}]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def _check_chars(value: str) -> None:
    if _BAD.search(value) is not None:  # the message lxml gives for the same string
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")


def _write_header(w: XmlWriter, doc: MetsDocument) -> None:
    attrib = {"CREATEDATE": doc.createdate, "LASTMODDATE": doc.createdate, C("OAISPACKAGETYPE"): "SIP"}
    if doc.record_status:
        attrib["RECORDSTATUS"] = doc.record_status
    with w.element(M("metsHdr"), attrib):
        # CSIP10-16: the software that created the package.
        with w.element(M("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}):
            w.leaf(M("name"), doc.software_name)
            w.leaf(M("note"), doc.software_version, {C("NOTETYPE"): "SOFTWARE VERSION"})
        for agent in doc.agents:
            attrib = {"ROLE": agent.role, "TYPE": agent.type}
            if agent.role == "OTHER":
                attrib["OTHERROLE"] = agent.other_role
            if agent.type == "OTHER":
                attrib["OTHERTYPE"] = agent.other_type
            with w.element(M("agent"), attrib):
                w.leaf(M("name"), agent.name)
                if agent.identification_code:
                    w.leaf(M("note"), agent.identification_code, {C("NOTETYPE"): "IDENTIFICATIONCODE"})
                for note in agent.notes:
                    w.leaf(M("note"), note)
        for type_, value in doc.alt_record_ids:
            w.leaf(M("altRecordID"), value, {"TYPE": type_})


def _write_mdref(w: XmlWriter, ref: MdRef) -> None:
    w.leaf(M("mdRef"), None, {
        "LOCTYPE": "URL",
        X("type"): "simple",
        X("href"): href(ref.relpath),
        "MDTYPE": ref.mdtype,
        "OTHERMDTYPE": ref.other_mdtype if ref.mdtype == "OTHER" else "",
        "MDTYPEVERSION": ref.mdtype_version,
        "MIMETYPE": ref.mimetype,
        "SIZE": str(ref.size),
        "CREATED": ref.created,
        "CHECKSUM": ref.checksum,
        "CHECKSUMTYPE": ref.algorithm,
    })


def _write_filesec(w: XmlWriter, raw: RawWriter, doc: MetsDocument) -> None:
    if not doc.groups:
        return
    with w.element(M("fileSec"), {"ID": doc.filesec_id}):
        for group in doc.groups:
            attrib = {"ID": group.id, "USE": group.use}
            if group.content_information_type:
                attrib[C("CONTENTINFORMATIONTYPE")] = group.content_information_type
            if group.other_content_information_type:
                attrib[C("OTHERCONTENTINFORMATIONTYPE")] = group.other_content_information_type
            with w.element(M("fileGrp"), attrib):
                raw.write_all(_file_entries(group.files, w.depth))


def _file_entries(files: Iterable[FileRef], depth: int) -> Iterator[str]:
    """``<mets:file>`` with its ``<mets:FLocat>``, as XmlWriter would indent them at ``depth``."""
    outer = "\n" + "  " * depth
    inner = outer + "  "
    formats: dict[FormatInfo | None, str] = {}  # the SIP32-35 attributes, once per distinct format
    for ref in files:
        attrs = "".join(
            f' {name}="{xml_attr(value)}"'
            for name, value in (("ID", ref.id), ("MIMETYPE", ref.mime), ("SIZE", str(ref.size)), ("CREATED", ref.created),
                                ("CHECKSUM", ref.checksum), ("CHECKSUMTYPE", ref.algorithm))
            if value
        )
        fmt = formats.get(ref.format)
        if fmt is None:
            fmt = formats[ref.format] = _format_attributes(ref.format)
        yield (f'{outer}<mets:file{attrs}{fmt}>{inner}<mets:FLocat LOCTYPE="URL" xlink:type="simple" '
               f'xlink:href="{xml_attr(href(ref.relpath))}"></mets:FLocat>{outer}</mets:file>')


#: SIP32-35 as the DILCIS SIP extension schema (and commons-ip, RODA's reader) spell them; the
#: requirement texts of SIP34/SIP35 say FILEFORMATREGISTRY/FILEFORMATKEY (see the README's
#: "What earchive decides").
FORMAT_ATTRIBUTES = ("FILEFORMATNAME", "FILEFORMATVERSION", "FORMATREGISTRY", "FORMATREGISTRYKEY")


def _format_attributes(info: FormatInfo | None) -> str:
    """`` sip:FILEFORMATNAME=... sip:FORMATREGISTRYKEY=...`` for an identified format, else ''."""
    if info is None or not info.identified:
        return ""
    values = (info.name, info.version, "PRONOM", info.puid)
    return "".join(f' sip:{name}="{xml_attr(value)}"' for name, value in zip(FORMAT_ATTRIBUTES, values) if value)


def _write_structmap(w: XmlWriter, doc: MetsDocument) -> None:
    with w.element(M("structMap"), {"ID": doc.structmap_id, "TYPE": "PHYSICAL", "LABEL": "CSIP"}):
        with w.element(M("div"), {"ID": doc.main_div_id, "LABEL": doc.objid}):
            for div in doc.divs:
                attrib = {"ID": div.id, "LABEL": div.label}
                if div.admid:
                    attrib["ADMID"] = " ".join(div.admid)
                if div.dmdid:
                    attrib["DMDID"] = " ".join(div.dmdid)
                with w.element(M("div"), attrib):
                    if div.mptr_href:
                        w.leaf(M("mptr"), None, {
                            "LOCTYPE": "URL",
                            X("type"): "simple",
                            X("href"): href(div.mptr_href),
                            X("title"): div.mptr_title,
                        })
                    for fileid in div.fptrs:
                        w.leaf(M("fptr"), None, {"FILEID": fileid})


def _write_roda_structmap(w: XmlWriter, ancestors: list[str]) -> None:
    """RODA's parent placement: structMap "RODA structural map" > RODA > Ancestors > one mptr HANDLE per
    ancestor, nearest first (as commons-ip's EARKMETSCreator.generateAncestorStructMap writes them; RODA's
    PluginHelper.resolveParent reverses the list and places the AIP under the first, nearest one)."""
    with w.element(M("structMap"), {"ID": "ID-structMap-RODA", "LABEL": "RODA structural map"}):
        with w.element(M("div"), {"ID": "ID-div-RODA", "LABEL": "RODA"}):
            with w.element(M("div"), {"ID": "ID-div-RODA-Ancestors", "LABEL": "Ancestors"}):
                for ancestor in ancestors:
                    w.leaf(M("mptr"), None, {"LOCTYPE": "HANDLE", X("type"): "simple", X("href"): href(ancestor)})
