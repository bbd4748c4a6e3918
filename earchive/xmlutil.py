"""Small helpers shared by the METS, PREMIS and descriptive-metadata writers."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from datetime import datetime, timezone
from urllib.parse import quote

from earchive.spec import CSIP_NS, METS_NS, PREMIS_NS, SIP_NS, XLINK_NS, XSI_NS

#: Prefixes written in earchive's METS documents.
METS_NSMAP = {"mets": METS_NS, "csip": CSIP_NS, "sip": SIP_NS, "xlink": XLINK_NS, "xsi": XSI_NS}


def q(ns: str, name: str) -> str:
    """Clark notation {ns}name."""
    return f"{{{ns}}}{name}"


def M(name: str) -> str:
    return q(METS_NS, name)


def X(name: str) -> str:
    return q(XLINK_NS, name)


def C(name: str) -> str:
    return q(CSIP_NS, name)


def P(name: str) -> str:
    return q(PREMIS_NS, name)


def href(relpath: str) -> str:
    """A package-relative path as an xlink:href, percent-encoded per RFC 3986.

    A space becomes %20, a literal '+' %2B and '%' %25, so that Java's URLDecoder
    (commons-ip, RODA) and RFC 3986 readers (Python, most XML tools) read the same
    name (see ../shared/reference/validators.md).
    """
    return quote(relpath, safe="/-._~!$&'()*,;=:@")


def iso(ts: float | datetime | None = None) -> str:
    """xs:dateTime with time zone, to the second (CSIP: dates carry a time)."""
    if ts is None:
        dt = datetime.now(timezone.utc)
    elif isinstance(ts, datetime):
        dt = ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)
    else:
        dt = datetime.fromtimestamp(ts, timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class IdMaker:
    """Unique xml:ID values within one document: ID-<kind>-<n>."""

    def __init__(self) -> None:
        self._counters: dict[str, itertools.count] = {}

    def __call__(self, kind: str) -> str:
        counter = self._counters.setdefault(kind, itertools.count(1))
        return f"ID-{kind}-{next(counter)}"


class XmlWriter:
    """Indenting wrapper around an lxml ``etree.xmlfile`` writer.

    Elements are written through ``xf.element`` contexts (never as detached trees), so
    they use the prefixes declared on the root element; each start tag goes on its own
    line, so that a person can read the METS and PREMIS files earchive writes.
    """

    def __init__(self, xf) -> None:
        self.xf = xf
        self.depth = 0

    @contextmanager
    def element(self, tag: str, attrib: dict | None = None, nsmap=None):
        """A container element: its children are indented, its end tag on its own line."""
        self.xf.write("\n" + "  " * self.depth)
        attrib = {k: v for k, v in (attrib or {}).items() if v not in (None, "")}
        with self.xf.element(tag, attrib, nsmap=nsmap) if nsmap else self.xf.element(tag, attrib):
            self.depth += 1
            yield self
            self.depth -= 1
            self.xf.write("\n" + "  " * self.depth)

    def leaf(self, tag: str, text: str | None = None, attrib: dict | None = None) -> None:
        """An element with text (or empty), on one line."""
        self.xf.write("\n" + "  " * self.depth)
        attrib = {k: v for k, v in (attrib or {}).items() if v not in (None, "")}
        with self.xf.element(tag, attrib):
            if text:
                self.xf.write(text)
