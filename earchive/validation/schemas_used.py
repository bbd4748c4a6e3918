"""CSIP113: every XML schema the package's XML uses is in a Schemas file group.

"All XML schemas used in the information package must be referenced from one or more file
groups with mets/fileSec/fileGrp/@USE attribute value "Schemas"" (CSIP113; "should" in
2.0.4's text, so a warning there; a warning too for EAD 2002, whose schema earchive cannot
ship, see :func:`check_CSIP113`).  What the XML uses: the namespaces of its elements and
attributes, and every namespace its xsi:schemaLocation names, in every METS document and in
every metadata file (PREMIS, EAD, Dublin Core, key-value; recorded while METADATA-XSD reads
them, see :func:`record`); for XML in no namespace (RODA's simple DC and key-value), its root
element.  What the package provides: the targetNamespace of each .xsd its Schemas file
groups reference (and, for a schema without one, its top-level element names).  The XML and
XSI namespaces are built into XML and need no schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from earchive import schemas
from earchive.errors import PackageReadError
from earchive.spec import XLINK_NS, SpecVersion, XSI_NS
from earchive.validation.context import NS, PACKAGE, Context, XL, check
from earchive.validation.filesec import group_flocats
from earchive.validation.findings import Severity

#: Namespaces XML itself defines: no schema needed.
BUILT_IN = frozenset({schemas.XML_NS, XSI_NS, "http://www.w3.org/2000/xmlns/"})
#: Schema files larger than this are not read for their targetNamespace (a schema is a few 100 kB).
MAX_SCHEMA_BYTES = 16 << 20
#: Files named per missing schema in a finding.
EXAMPLES = 3
_XS = "http://www.w3.org/2001/XMLSchema"


@dataclass
class Usage:
    """What one XML file needs schemas for."""

    namespaces: set[str] = field(default_factory=set)
    no_namespace: set[str] = field(default_factory=set)
    """Local names of root elements in no namespace (simpledc, metadata)."""
    locations: dict[str, str] = field(default_factory=dict)
    """Namespace -> the schema location xsi:schemaLocation gives for it."""


#: No-namespace roots of formats that have a schema (RODA's simple DC, key-value).
KNOWN_NO_NAMESPACE = ("simpledc", "metadata")


def usage_of(root: etree._Element) -> Usage:
    """The schemas ``root``'s document uses: those of the namespaces of its elements and attributes
    that earchive knows a schema for (METS, XLink, CSIP, SIP, PREMIS, EAD...), every namespace its
    xsi:schemaLocation names, and for XML in no namespace, its root when the format has a schema
    (simple DC, key-value) or xsi:noNamespaceSchemaLocation names one.  XML in a namespace that
    names no schema anywhere (a file of the archive's own) uses none."""
    return _filtered(_all_namespaces(root), root)


def _filtered(used: Usage, root: etree._Element) -> Usage:
    """Keep what names a schema: known namespaces, xsi:schemaLocation ones, known no-namespace roots."""
    known = {s.namespace for s in schemas.SCHEMA_FILES.values() if s.namespace}
    location = root.get(f"{{{XSI_NS}}}schemaLocation")  # on the root in practice
    pairs = (location or "").split()
    used.locations = dict(zip(pairs[0::2], pairs[1::2]))
    located = set(used.locations)
    used.namespaces = {u for u in used.namespaces if u in known} | located
    used.namespaces -= BUILT_IN
    if used.no_namespace and not (root.tag in KNOWN_NO_NAMESPACE
                                  or root.get(f"{{{XSI_NS}}}noNamespaceSchemaLocation")):
        used.no_namespace.clear()
    return used


def _all_namespaces(root: etree._Element) -> Usage:
    used = Usage()
    tags = {el.tag for el in root.iter() if isinstance(el.tag, str)}
    for tag in tags:
        if tag.startswith("{"):
            used.namespaces.add(tag[1:].split("}", 1)[0])
    if not root.tag.startswith("{"):
        used.no_namespace.add(root.tag)
    declared = {uri for uri in _declared(root) if uri not in used.namespaces and uri not in BUILT_IN}
    for uri in declared:
        # One scan per declared namespace no element uses (xlink, csip, sip on attributes), in libxml2.
        if root.xpath("boolean(//@*[namespace-uri() = $ns])", ns=uri):
            used.namespaces.add(uri)
    return used


def record(ctx: Context, rel: str, root: etree._Element, usage: Usage | None = None) -> None:
    """Note what metadata file ``rel`` uses (called by METADATA-XSD, which reads it anyway)."""
    ctx.xml_usage[rel] = usage if usage is not None else usage_of(root)


class Collector:
    """:func:`usage_of` for a document read as a stream (its elements cleared as they end): feed it
    every element with :meth:`see`, then ask :meth:`usage` with the root element."""

    def __init__(self, root: etree._Element) -> None:
        self.tags: set[str] = set()
        self.attribute_namespaces: set[str] = set()
        # Attributes are looked at only when the root declares a namespace no element may use
        # (xlink in METS): a PREMIS file declares premis and xsi, and costs one set.add per element.
        self.watch = {u for u in root.nsmap.values() if u and u not in BUILT_IN}
        self.watch.discard(etree.QName(root).namespace)

    def see(self, el: etree._Element) -> None:
        tag = el.tag
        if isinstance(tag, str):
            self.tags.add(tag)
            if self.watch:
                for name in el.attrib:
                    if name.startswith("{"):
                        self.attribute_namespaces.add(name[1:].split("}", 1)[0])

    def usage(self, root: etree._Element) -> Usage:
        used = Usage()
        used.namespaces = {t[1:].split("}", 1)[0] for t in self.tags if t.startswith("{")} | self.attribute_namespaces
        if not root.tag.startswith("{"):
            used.no_namespace.add(root.tag)
        return _filtered(used, root)


def _declared(root: etree._Element) -> set[str]:
    """Namespaces declared on the root (where METS, PREMIS and EAD files declare theirs)."""
    return {u for u in root.nsmap.values() if u}


@check("CSIP113", PACKAGE)
def check_CSIP113(ctx: Context):
    """CSIP113 Schema file group: a fileGrp[@USE='Schemas'], referencing every XML schema the package uses."""
    root = ctx.root_doc
    if root is None or root.root is None:
        return "v.skip.no_mets"
    groups = [g for d in ctx.docs if d.root is not None for g in d.all("fileSec/fileGrp") if g.get("USE") == "Schemas"]
    if not groups:
        sec = root.first("fileSec")
        ctx.add("CSIP113", "v.filegrp_missing", doc=root, el=sec if sec is not None else root.root, use="Schemas")
    provided, no_ns_elements, files = _provided(ctx)
    needed: dict[str, list[str]] = {}
    locations: dict[str, str] = {}
    for doc in ctx.docs:
        if doc.root is not None:
            use = usage_of(doc.root)
            if doc.records:  # the FLocats of a METS read slim carry xlink attributes
                use.namespaces.add(XLINK_NS)
            _merge(needed, doc.rel, use, locations)
    for rel, use in sorted(ctx.xml_usage.items()):
        _merge(needed, rel, use, locations)
    lenient = ctx.version is SpecVersion.V2_0_4  # "should be referenced" in 2.0.4's text
    for key, users in needed.items():
        if key in provided or (key.startswith("#") and key[1:] in no_ns_elements):
            continue
        info = _known(key)
        # A schema no maintained source lets earchive ship (EAD 2002: README, "What earchive decides")
        # is a warning: earchive's own EAD packages cannot carry it, and RODA (commons-ip 2.11.2,
        # FileSecValidator.validateCSIP113) only checks that the listed schema files exist.
        unshippable = info is not None and info.source == schemas.SOURCE_UNAVAILABLE
        ctx.add("CSIP113", "v.schema_not_shippable" if unshippable else "v.schema_not_in_package",
                severity=Severity.WARNING if lenient or unshippable else None, file=users[0],
                namespace=key[1:] if key.startswith("#") else key,
                schema=info.title if info else (key[1:] + " (no namespace)" if key.startswith("#") else key),
                filename=info.filename if info else _file_name(locations.get(key), key),
                namespace_url=(info.url or "-") if info else locations.get(key, "-"),
                files=_examples(users), count=len(users),
                provided=", ".join(files) or "-")
    return None


def _merge(needed: dict[str, list[str]], rel: str, use: Usage, locations: dict[str, str] | None = None) -> None:
    if locations is not None:
        for uri, where in use.locations.items():
            locations.setdefault(uri, where)
    for uri in use.namespaces:
        needed.setdefault(uri, []).append(rel)
    for name in use.no_namespace:
        needed.setdefault("#" + name, []).append(rel)


def _provided(ctx: Context) -> tuple[set[str], set[str], list[str]]:
    """(target namespaces, top-level element names of no-namespace schemas, schema files) of the
    schemas the Schemas file groups reference."""
    namespaces: set[str] = set()
    elements: set[str] = set()
    files: list[str] = []
    for doc in ctx.docs:
        if doc.root is None:
            continue
        for grp in doc.all("fileSec/fileGrp"):
            if grp.get("USE") != "Schemas":
                continue
            for loc in group_flocats(doc, grp):
                rel, _ = ctx.resolve(doc, loc.get(XL("href")) or "")
                found = ctx.pkg.find(rel) if rel else None
                if not found or found in files or ctx.pkg.files[found] > MAX_SCHEMA_BYTES:
                    continue
                files.append(found)
                target, names = _schema_facts(ctx, found)
                if target is not None:
                    namespaces.add(target)
                elif names:
                    elements.update(names)
    return namespaces, elements, files


def _schema_facts(ctx: Context, rel: str) -> tuple[str | None, set[str]]:
    """(targetNamespace, top-level element names when there is none) of schema file ``rel``."""
    try:
        local = ctx.pkg.local_path(rel)
        if local is not None:
            tree = schemas.parse_xml(str(local), name=rel)
        else:
            with ctx.pkg.open(rel) as fh:
                tree = schemas.parse_xml(fh, name=rel)
    except (PackageReadError, OSError):
        return None, set()  # not readable as XML: reported by the file checks, provides nothing
    top = tree.getroot()
    if top.tag != f"{{{_XS}}}schema":
        return None, set()
    target = top.get("targetNamespace")
    if target:
        return target, set()
    return None, {el.get("name") for el in top.iterchildren(f"{{{_XS}}}element") if el.get("name")}


def _file_name(location: str | None, namespace: str) -> str:
    """The schema's file name from its location (``https://x.se/a/lokal.xsd`` -> ``lokal.xsd``)."""
    name = (location or "").rstrip("/").rsplit("/", 1)[-1]
    return name or f"the schema of {namespace}"


def _known(key: str):
    """earchive's entry for a namespace (or '#root' of no-namespace XML), for the file name to suggest."""
    by_root = {"#simpledc": "simpledc", "#metadata": "key-value"}
    if key in by_root:
        return schemas.SCHEMA_FILES[by_root[key]]
    return next((s for s in schemas.SCHEMA_FILES.values() if s.namespace == key), None)


def _examples(users: list[str]) -> str:
    unique = list(dict.fromkeys(users))
    shown = ", ".join(unique[:EXAMPLES])
    return shown + (f" (+{len(unique) - EXAMPLES})" if len(unique) > EXAMPLES else "")
