"""A large METS read with its fileSec files kept as slim records, not as an XML tree.

A METS listing 100,000 files is 36 MB on disk and 250 MB as an lxml tree (each attribute is a
node of its own); those files are 90 % of it.  :func:`parse_slim` reads such a METS as a stream,
validates it against the METS schema while it reads (so METS-XSD needs no tree), and replaces
every ``fileSec//fileGrp/file`` element by a :class:`FileRecord`: its attribute values in a tuple,
its first FLocat's too, its line and its place (about 600 bytes a file instead of 2,500).  The
rest of the document (header, metadata sections, file groups, structMap) stays an ordinary tree.

The records answer what the checks ask of an element (``get``, ``attrib``, ``find("mets:FLocat")``,
``getparent``, ``sourceline``, :attr:`xpath`), so the checks read them like elements.  A METS that
is not valid against the schema, declares entities or has files with more than one FLocat or
with children other than FLocat is parsed the ordinary way instead (:class:`Fallback`): the tree
then lists every schema error.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Iterator

from lxml import etree

from earchive.spec import METS_NS, XLINK_NS

M = f"{{{METS_NS}}}"
FILE, FLOCAT, FILEGRP, FILESEC = M + "file", M + "FLocat", M + "fileGrp", M + "fileSec"
#: Attributes of a file kept in fixed places of its tuple (the others, rare, in a dict).
FILE_KEYS = ("ID", "MIMETYPE", "SIZE", "CREATED", "CHECKSUM", "CHECKSUMTYPE")
FLOCAT_KEYS = ("LOCTYPE", f"{{{XLINK_NS}}}type", f"{{{XLINK_NS}}}href")
_FILE_INDEX = {k: i for i, k in enumerate(FILE_KEYS)}
_FLOCAT_INDEX = {k: i for i, k in enumerate(FLOCAT_KEYS)}
#: Values shared by many files, kept once.
_SHARED = ("MIMETYPE", "CREATED", "CHECKSUMTYPE", "LOCTYPE", f"{{{XLINK_NS}}}type")
#: METS files from this size on are read slim (see engine._read_mets); EARCHIVE_SLIM_BYTES sets it
#: for tests (0: every METS), benchmarks and comparisons.
SLIM_BYTES = int(os.environ.get("EARCHIVE_SLIM_BYTES", 4 << 20))


class Fallback(Exception):
    """The METS cannot be read slim; parse it as a tree."""


class FileRecord:
    """A ``mets:file`` of the fileSec, read like an lxml element by the checks."""

    __slots__ = ("values", "extra", "loc", "loc_extra", "sourceline", "loc_line", "parent", "index", "siblings")
    tag = FILE

    def __init__(self, values, extra, loc, loc_extra, line, loc_line, parent, index) -> None:
        self.values = values
        self.extra = extra
        self.loc = loc
        self.loc_extra = loc_extra
        self.sourceline = line
        self.loc_line = loc_line
        self.parent = parent
        self.index = index
        self.siblings = 1
        """Files in the same fileGrp (the XPath numbers a file only when it has siblings)."""

    def get(self, key: str, default: Any = None) -> Any:
        i = _FILE_INDEX.get(key)
        value = self.values[i] if i is not None else (self.extra or {}).get(key)
        return default if value is None else value

    @property
    def attrib(self) -> dict[str, str]:
        out = {k: v for k, v in zip(FILE_KEYS, self.values) if v is not None}
        out.update(self.extra or {})
        return out

    def getparent(self):
        return self.parent

    def find(self, path: str, namespaces=None):
        return FLocatView(self) if path == "mets:FLocat" and self.loc is not None else None

    def findall(self, path: str, namespaces=None) -> list:
        found = self.find(path, namespaces)
        return [found] if found is not None else []

    def iterfind(self, path: str, namespaces=None) -> Iterator:
        if path in ("mets:FLocat", ".//mets:FLocat"):
            yield from self.findall("mets:FLocat")

    def xpath_steps(self) -> str:
        return f"mets:file[{self.index}]" if self.siblings > 1 else "mets:file"


class FLocatView:
    """The FLocat of a :class:`FileRecord` (made when asked for; the record holds the values)."""

    __slots__ = ("file",)
    tag = FLOCAT

    def __init__(self, file: FileRecord) -> None:
        self.file = file

    @property
    def sourceline(self) -> int | None:
        return self.file.loc_line

    def get(self, key: str, default: Any = None) -> Any:
        i = _FLOCAT_INDEX.get(key)
        value = self.file.loc[i] if i is not None else (self.file.loc_extra or {}).get(key)
        return default if value is None else value

    @property
    def attrib(self) -> dict[str, str]:
        out = {k: v for k, v in zip(FLOCAT_KEYS, self.file.loc) if v is not None}
        out.update(self.file.loc_extra or {})
        return out

    def getparent(self) -> FileRecord:
        return self.file

    def __eq__(self, other) -> bool:
        return isinstance(other, FLocatView) and other.file is self.file

    def __hash__(self) -> int:
        return id(self.file)


def is_record(el) -> bool:
    return isinstance(el, (FileRecord, FLocatView))


def xpath(el, attr: str | None, group_xpath) -> str:
    """The readable XPath of a record (``group_xpath`` gives its fileGrp's), e.g. ``.../mets:file[3]/@SIZE``."""
    from earchive.validation.context import qname

    if isinstance(el, FLocatView):
        path = f"{group_xpath(el.file.parent)}/{el.file.xpath_steps()}/mets:FLocat"
    else:
        path = f"{group_xpath(el.parent)}/{el.xpath_steps()}"
    return path + ("/@" + qname(attr) if attr else "")


def parse_slim(source, schema: etree.XMLSchema | None) -> tuple[etree._ElementTree, dict]:
    """(tree without fileSec files, {fileGrp element: [FileRecord...]}) of a METS read as a stream.

    Validates against ``schema`` while reading.  Raises :class:`Fallback` when the document must be
    parsed as a tree instead (not valid, a file with several or unexpected children), and lets
    lxml's XMLSyntaxError through for a document that is not well-formed.
    """
    shared: dict[str, str] = {}
    groups: dict[Any, list[FileRecord]] = {}
    options = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
               "remove_blank_text": True}
    if schema is not None:
        options["schema"] = schema
    context = etree.iterparse(source, events=("end",), **options)
    ended = False
    try:
        for _event, el in context:
            if el.tag != FILE:
                ended = el.getparent() is None  # the root's end: the document was read to its end
                continue
            parent = el.getparent()
            if parent is None or parent.tag != FILEGRP:
                continue
            records = groups.setdefault(parent, [])
            records.append(_record(el, parent, len(records) + 1, shared))
            parent.remove(el)  # the element's memory goes; the record keeps what the checks read
        root = context.root
        if root is None or not ended:
            # lxml 6 with a schema and resolve_entities=False ends a malformed document early without
            # an error: a stream that stops before the root's end is read as a tree, which reports it.
            raise Fallback("the document ended early")
        for records in groups.values():
            for rec in records:
                rec.siblings = len(records)
    except etree.XMLSyntaxError as exc:
        if exc.error_log and any(e.domain_name == "SCHEMASV" for e in exc.error_log):
            raise Fallback("not valid against the METS schema") from exc
        raise
    return root.getroottree(), groups


def _record(el, parent, index: int, shared: dict[str, str]) -> FileRecord:
    children = list(el)
    if len(children) != 1 or children[0].tag != FLOCAT or len(children[0]):
        raise Fallback("a file without exactly one FLocat")
    loc = children[0]
    values, extra = _values(el.attrib, FILE_KEYS, shared)
    loc_values, loc_extra = _values(loc.attrib, FLOCAT_KEYS, shared)
    return FileRecord(values, extra, loc_values, loc_extra, el.sourceline, loc.sourceline, parent, index)


def _values(attrib, keys: tuple[str, ...], shared: dict[str, str]) -> tuple[tuple, dict | None]:
    items = dict(attrib)
    values = []
    for key in keys:
        value = items.pop(key, None)
        if value is not None and key in _SHARED:
            value = shared.setdefault(value, sys.intern(value))
        values.append(value)
    return tuple(values), (items or None)
