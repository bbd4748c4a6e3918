"""Small helpers shared by the METS, PREMIS and descriptive-metadata writers."""

from __future__ import annotations

import itertools
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


def element(xf, tag: str, text: str | None = None, attrib: dict | None = None, nsmap=None):
    """Write one complete element with optional text through an lxml xmlfile writer."""
    from lxml import etree

    el = etree.Element(tag, {k: v for k, v in (attrib or {}).items() if v not in (None, "")}, nsmap=nsmap)
    if text is not None:
        el.text = text
    xf.write(el)
