"""What kind of metadata a file is, read from the file itself: the METS MDTYPE, OTHERMDTYPE and MIMETYPE.

Used for the "other metadata" files a user brings without naming their type.  An XML file
is recognised by the namespace of its root element (PREMIS, EAD, MODS, Dublin Core, EAC-CPF,
LIDO, MARCXML, textMD, NISO MIX); any other XML file is ``OTHER`` with the root element's
name as OTHERMDTYPE, and every XML file gets the MIME type ``text/xml`` (libmagic calls an
XML file without declaration ``text/plain``).  A file that is not XML is ``OTHER`` with its
extension in capitals ("CSV") as OTHERMDTYPE and libmagic's MIME type.  Only the first
64 KiB are read, without DTDs, entities or network.
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree

from earchive.descriptive import MdType
from earchive.spec import EAD_NS, PREMIS_NS

#: Bytes read to find the root element.
HEAD = 1 << 16
#: MIME type written for XML metadata.
XML_MIME = "text/xml"

#: Root element namespace -> (MDTYPE, MDTYPEVERSION).
NAMESPACES = {
    PREMIS_NS: ("PREMIS", "3.0"),
    "info:lc/xmlns/premis-v2": ("PREMIS", "2.2"),
    EAD_NS: ("EAD", "2002"),
    "http://ead3.archivists.org/schema/": ("EAD", "EAD3"),
    "http://www.loc.gov/mods/v3": ("MODS", ""),
    "http://purl.org/dc/elements/1.1/": ("DC", ""),
    "http://www.openarchives.org/OAI/2.0/oai_dc/": ("DC", "OAI-DC"),
    "urn:isbn:1-931666-33-4": ("EAC-CPF", ""),
    "http://www.lido-schema.org": ("LIDO", ""),
    "http://www.loc.gov/MARC21/slim": ("MARC", "MARCXML"),
    "info:lc/xmlns/textMD-v3": ("TEXTMD", "3"),
    "http://www.loc.gov/mix/v20": ("NISOIMG", "2.0"),
}


def root_of(head: bytes) -> etree.QName | None:
    """The qualified name of the root element of an XML document's first bytes, or None when not XML."""
    try:
        for _event, element in etree.iterparse(io.BytesIO(head), events=("start",), resolve_entities=False,
                                                no_network=True, load_dtd=False, huge_tree=False):
            return etree.QName(element)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return None


def kind_of(path: Path, mime: str) -> MdType:
    """MDTYPE, MDTYPEVERSION, OTHERMDTYPE and MIMETYPE of the metadata file ``path`` (``mime``: libmagic's)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
    except OSError:
        head = b""
    root = root_of(head) if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" else None
    if root is None:
        extension = path.suffix.lstrip(".").upper()
        return MdType("OTHER", "", extension or "OTHER", mime or "application/octet-stream")
    mdtype, version = NAMESPACES.get(root.namespace or "", ("OTHER", ""))
    return MdType(mdtype, version, root.localname if mdtype == "OTHER" else "", XML_MIME)
