"""The state one validation run shares between checks: package, METS documents, findings.

Checks are plain functions registered with :func:`check` under one requirement ID.
Each gets a :class:`Context` (and, for METS checks, one :class:`MetsDoc`), reports
problems with :meth:`Context.add`, and returns ``None`` when it examined something
or :data:`NOT_APPLICABLE` (optionally with a reason code) when the requirement did not
apply to that document.  :mod:`earchive.validation.engine` turns that into the
per-requirement status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from lxml import etree

from earchive import spec
from earchive.spec import CSIP_NS, METS_NS, SIP_NS, XLINK_NS, Requirement, SpecVersion
from earchive.validation import slim
from earchive.validation.findings import Finding, Severity
from earchive.validation.reader import Package

#: Namespace prefixes used in XPaths shown to people.
PREFIXES = {METS_NS: "mets", CSIP_NS: "csip", SIP_NS: "sip", XLINK_NS: "xlink"}
NS = {"mets": METS_NS, "csip": CSIP_NS, "sip": SIP_NS, "xlink": XLINK_NS}

#: Check scopes: once per package, on the root METS only, on every METS, on representation METS only.
PACKAGE, ROOT, EACH, REPRESENTATION = "package", "root", "each", "representation"

#: Returned by a check when its requirement does not apply (to this document).
NOT_APPLICABLE = "v.skip.not_applicable"

#: Findings kept per requirement; more are counted and summarised in one finding.
MAX_FINDINGS_PER_REQUIREMENT = 1000

#: xs:dateTime (CSIP: dates carry a time; time zone optional).
DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def M(name: str) -> str:
    return f"{{{METS_NS}}}{name}"


def XL(name: str) -> str:
    return f"{{{XLINK_NS}}}{name}"


def CS(name: str) -> str:
    return f"{{{CSIP_NS}}}{name}"


def SP(name: str) -> str:
    return f"{{{SIP_NS}}}{name}"


@dataclass(frozen=True)
class Check:
    requirement: str
    func: Callable
    scope: str


#: Requirement ID -> its check (one per requirement; filled by the check modules).
CHECKS: dict[str, Check] = {}


def check(requirement: str, scope: str = EACH) -> Callable[[Callable], Callable]:
    """Register ``func`` as the check of ``requirement`` (one check per requirement ID)."""

    def register(func: Callable) -> Callable:
        if requirement in CHECKS and CHECKS[requirement].func is not func:
            raise ValueError(f"{requirement} has two checks: {CHECKS[requirement].func.__name__} and {func.__name__}")
        CHECKS[requirement] = Check(requirement, func, scope)
        return func

    return register


@dataclass
class MetsDoc:
    """One METS document of the package: the root METS.xml or a representation's."""

    rel: str
    """Package-relative path, e.g. ``METS.xml`` or ``representations/rep1/METS.xml``."""
    folder: str
    """Package-relative folder the document lives in ('' for the root)."""
    is_root: bool
    root: etree._Element | None = None
    """The <mets> element, or None when the file could not be parsed."""
    error: Finding | None = None
    records: dict | None = None
    """For a METS read slim (:mod:`earchive.validation.slim`): fileGrp element -> its file records
    (the file elements are not in the tree); None for a METS read as a whole tree."""
    schema_checked: bool = False
    """True when the METS was validated against the schema while it was read (a slim METS)."""
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def rep_name(self) -> str:
        return self.folder.rsplit("/", 1)[-1] if not self.is_root else ""

    def all(self, path: str) -> list[etree._Element]:
        """Elements at a METS-namespace path below <mets>, e.g. ``metsHdr/agent``."""
        if self.root is None:
            return []
        return self.root.findall("/".join(f"mets:{p}" for p in path.split("/")), NS)

    def first(self, path: str) -> etree._Element | None:
        found = self.all(path)
        return found[0] if found else None

    def ids(self) -> dict[str, etree._Element]:
        """Every @ID in the document -> its element."""
        def collect(root):
            found = {el.get("ID"): el for el in root.iter() if isinstance(el.tag, str) and el.get("ID")}
            for records in (self.records or {}).values():
                for rec in records:
                    if rec.get("ID"):
                        found.setdefault(rec.get("ID"), rec)
            return found

        return self.cached("ids", collect)

    def cached(self, key: str, compute):
        """``compute(root)`` once per document (element lists several checks walk); [] / {} without a root."""
        if self.root is None:
            return {} if key == "ids" else []
        if key not in self._cache:
            self._cache[key] = compute(self.root)
        return self._cache[key]


@dataclass
class Context:
    """One validation run: the package, the version, the METS documents and every finding."""

    pkg: Package
    version: SpecVersion
    requirements: dict[str, Requirement]
    docs: list[MetsDoc] = field(default_factory=list)
    is_sip: bool = True
    findings: list[Finding] = field(default_factory=list)
    digests: dict[tuple[str, str], str] = field(default_factory=dict)
    """(package-relative path, METS checksum type) -> lowercase hex digest, filled by the fixity pass."""
    unreadable: dict[str, str] = field(default_factory=dict)
    """Files that could not be read while hashing -> reason."""
    fixity: bool = True
    counts: dict[str, int] = field(default_factory=dict)
    """Findings recorded per requirement (including those beyond the cap)."""
    overflow: dict[str, tuple[Severity, int]] = field(default_factory=dict)
    """Requirement -> (severity, number of findings not kept) beyond MAX_FINDINGS_PER_REQUIREMENT."""
    xml_usage: dict = field(default_factory=dict)
    """Metadata file -> :class:`~earchive.validation.schemas_used.Usage` (filled by METADATA-XSD)."""
    fixity_job: object | None = None
    """The background hashing (:class:`earchive.validation.fixity.HashJob`) until it has been awaited."""

    @property
    def root_doc(self) -> MetsDoc | None:
        return next((d for d in self.docs if d.is_root), None)

    def await_fixity(self) -> None:
        """Wait until the background hashing has filled :attr:`digests` and :attr:`unreadable`.

        Checks that compare checksums call this first; raises Cancelled when the run is cancelled.
        """
        job, self.fixity_job = self.fixity_job, None
        if job is not None:
            job.wait()

    # -- reporting ------------------------------------------------------------------

    def level(self, requirement: str) -> str:
        req = self.requirements.get(requirement)
        return req.level if req else "MAY"

    def add(
        self,
        requirement: str,
        code: str,
        *,
        doc: MetsDoc | None = None,
        el: etree._Element | None = None,
        attr: str | None = None,
        file: str | None = None,
        severity: Severity | str | None = None,
        **params,
    ) -> Finding | None:
        """Record a finding for ``requirement``; severity defaults to the requirement's level.

        Beyond MAX_FINDINGS_PER_REQUIREMENT findings of one requirement, findings are only counted.
        """
        sev = Severity(severity) if severity else Severity.for_level(self.level(requirement))
        count = self.counts.get(requirement, 0) + 1
        self.counts[requirement] = count
        if count > MAX_FINDINGS_PER_REQUIREMENT:
            # A package with a million broken references must not need a million findings in memory:
            # the rest are counted, and one finding says how many (see engine._summarise_overflow).
            self.overflow[requirement] = (self.overflow.get(requirement, (sev, 0))[0], count - MAX_FINDINGS_PER_REQUIREMENT)
            return None
        xpath = xpath_of(el, attr) if el is not None else ""
        finding = Finding(
            requirement=requirement,
            severity=sev,
            code=code,
            params=params,
            file=file if file is not None else (doc.rel if doc else ""),
            xpath=xpath,
            line=el.sourceline if el is not None else None,
        )
        self.findings.append(finding)
        return finding

    # -- shared helpers for checks ----------------------------------------------------

    def vocabulary(self, name: str) -> tuple[str, ...]:
        return spec.vocabulary(self.version, name)

    def resolve(self, doc: MetsDoc, href: str) -> tuple[str | None, str]:
        """(package-relative path, problem code) for an xlink:href in ``doc``.

        The path is None when the href is not a relative reference to a file inside the
        package; the problem code then says why (``v.href_outside``, ``v.href_absolute``).
        """
        return resolve_href(doc.folder, href)

    def require_attr(
        self, requirement: str, doc: MetsDoc, el: etree._Element, attr: str, *, severity: Severity | None = None
    ) -> str | None:
        """The attribute's value; records ``v.attr_missing``/``v.attr_empty`` (and returns None) when absent or blank."""
        value = el.get(attr)
        if value is None:
            elsewhere = other_namespace(el, attr)
            if elsewhere is not None:
                self.add(requirement, "v.attr_wrong_namespace", doc=doc, el=el, severity=severity,
                         element=short(el), attribute=attr_name(attr), found=elsewhere, expected=attr[1:].split("}")[0])
            else:
                self.add(requirement, "v.attr_missing", doc=doc, el=el, severity=severity,
                         element=short(el), attribute=attr_name(attr))
            return None
        if not value.strip():
            self.add(requirement, "v.attr_empty", doc=doc, el=el, attr=attr, severity=severity,
                     element=short(el), attribute=attr_name(attr))
            return None
        return value


#: Characters that make an href more than a plain relative path (scheme, escapes, query, fragment).
_SPECIAL = re.compile(r"[:%?#\\]")


@lru_cache(maxsize=1 << 12)
def resolve_href(folder: str, href: str) -> tuple[str | None, str]:
    """Resolve ``href`` against package folder ``folder``; see :meth:`Context.resolve` (pure, so cached:
    each file's href is resolved by several checks)."""
    value = href.strip()
    if not _SPECIAL.search(value) and not value.startswith("/"):
        # The common case (every href a builder writes): a plain relative path, nothing to decode.
        segments = value.split("/")
        if "" not in segments and "." not in segments and ".." not in segments:
            return (f"{folder}/{value}" if folder else value), ""
    parts = urlsplit(value)
    if parts.scheme.lower() == "file":
        value = parts.path
        if value.startswith("//"):
            value = value[2:]
        if value.startswith("/"):
            return None, "v.href_absolute"
    elif parts.scheme and len(parts.scheme) > 1:
        return None, "v.href_not_relative"
    elif value.startswith("/") or (len(value) > 1 and value[1] == ":"):
        return None, "v.href_absolute"
    path = unquote(value.split("#", 1)[0].split("?", 1)[0])
    stack = [p for p in folder.split("/") if p]
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not stack:
                return None, "v.href_outside"
            stack.pop()
        else:
            stack.append(part)
    return "/".join(stack), ""


def xpath_of(el: etree._Element, attr: str | None = None) -> str:
    """A readable XPath of ``el`` (and attribute), e.g. ``/mets:mets/mets:fileSec/mets:fileGrp[2]/@USE``."""
    if slim.is_record(el):
        return slim.xpath(el, attr, xpath_of)
    steps = []
    node = el
    while node is not None and isinstance(node.tag, str):
        parent = node.getparent()
        name = qname(node.tag)
        if parent is not None:
            # Sibling scans in C (itersiblings with a tag filter): a fileGrp may hold 100,000 files.
            before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            if before or next(node.itersiblings(node.tag), None) is not None:
                name += f"[{before + 1}]"
        steps.append(name)
        node = parent
    path = "/" + "/".join(reversed(steps))
    if attr:
        path += "/@" + qname(attr)
    return path


def other_namespace(el: etree._Element, attr: str) -> str | None:
    """For a namespaced attribute that ``el`` lacks: the other namespace in which ``el`` has an
    attribute of the same local name (a namespace URI spelled with another letter case, say), or None."""
    if not attr.startswith("{"):
        return None
    local = attr.split("}", 1)[1]
    for name in el.attrib:
        if name.startswith("{") and name.split("}", 1)[1] == local and name != attr:
            return name[1:].split("}", 1)[0]
    return None


def qname(tag: str) -> str:
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        prefix = PREFIXES.get(ns)
        return f"{prefix}:{local}" if prefix else local
    return tag


def attr_name(attr: str) -> str:
    """'{csip-ns}OAISPACKAGETYPE' -> '@csip:OAISPACKAGETYPE'."""
    return "@" + qname(attr)


def short(el: etree._Element) -> str:
    """A short readable name of an element: its local path below mets, e.g. 'metsHdr/agent'."""
    steps = []
    node = el
    while node is not None and isinstance(node.tag, str):
        steps.append(local_name(node))
        node = node.getparent()
    return "/".join(reversed(steps))


def local_name(el) -> str:
    """The element's name without namespace ('file' for a mets:file, also for a slim record)."""
    return el.tag.rsplit("}", 1)[-1]


def text_of(el: etree._Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def split_ids(value: str | None) -> list[str]:
    return value.split() if value else []


def children(el: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if el is None else el.findall(f"mets:{name}", NS)


def iter_elements(doc_list: Iterable[MetsDoc], path: str) -> Iterable[tuple[MetsDoc, etree._Element]]:
    for doc in doc_list:
        for el in doc.all(path):
            yield doc, el
