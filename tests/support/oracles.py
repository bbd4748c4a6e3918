"""Test oracles: the ../shared reference folder and the official schemas compiled from it.

Imported by tests as ``from support.oracles import ...`` (a plain module name such as
``conftest`` is ambiguous once sub-folders have their own conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree


ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
OFFICIAL_SCHEMAS = SHARED / "schemas"
#: The official CITS ERMS 3.0.0 files (ERMS_v3.xsd, erms_v3.sch, the specification PDF).
CITS_ERMS = OFFICIAL_SCHEMAS / "cits-erms"


def require_shared() -> Path:
    """../shared, or skip the test with a clear reason (a user's fresh clone has no ../shared)."""
    if not OFFICIAL_SCHEMAS.is_dir():
        pytest.skip("../shared (official schemas, corpus) is not beside the repository; CI always has it")
    return SHARED


def require_cits_erms() -> Path:
    """../shared/schemas/cits-erms, or skip (the session's schema store is filled from it)."""
    if not (CITS_ERMS / "ERMS_v3.xsd").is_file():
        pytest.skip("../shared/schemas/cits-erms (official CITS ERMS 3.0 files) is not beside the repository")
    return CITS_ERMS


def erms_oracle(path: Path) -> list[str]:
    """Errors of an ERMS file against the official ERMS_v3.xsd in ../shared (compiled here, not by earchive)."""
    schema = etree.XMLSchema(etree.parse(str(require_cits_erms() / "ERMS_v3.xsd")))
    ok = schema.validate(etree.parse(str(path)))
    return [] if ok else [f"{e.line}: {e.message}" for e in schema.error_log]


def erms_schematron_oracle(path: Path) -> list[str]:
    """Failed assertions of the official erms_v3.sch in ../shared on an ERMS file, run by lxml's ISO
    Schematron (compiled here from ../shared, not through earchive).  The file declares
    queryBinding="xslt2", which lxml's XSLT 1.0 skeleton refuses although every rule is XPath 1.0,
    so the binding is read as xslt in memory (see earchive/erms/schematron.py)."""
    from lxml import isoschematron

    doc = etree.parse(str(require_cits_erms() / "erms_v3.sch"))
    doc.getroot().set("queryBinding", "xslt")
    schematron = isoschematron.Schematron(doc, store_report=True)
    schematron.validate(etree.parse(str(path)))
    svrl = "{http://purl.oclc.org/dsdl/svrl}"
    return [" ".join("".join(f.itertext()).split()) for f in schematron.validation_report.iter(f"{svrl}failed-assert")]


class _OfficialResolver(etree.Resolver):
    """Resolves every schema import to the official files in ../shared/schemas, never the network."""

    def resolve(self, url, pubid, context):
        name = os.path.basename(url or "")
        for sub in ("xml", "xlink", "mets", "premis", "ead", "roda", "dilcis"):
            candidate = OFFICIAL_SCHEMAS / sub / name
            if candidate.is_file():
                return self.resolve_filename(str(candidate), context)
        if name.lower() == "mets.xsd":
            return self.resolve_filename(str(OFFICIAL_SCHEMAS / "mets" / "mets.xsd"), context)
        raise OSError(f"test oracle refuses to fetch {url}")


_cache: dict[str, etree.XMLSchema] = {}


def official_schema(kind: str) -> etree.XMLSchema:
    """An XMLSchema compiled from the official XSDs in ../shared: mets (+ DILCIS extensions + xlink), premis, ead2002, simpledc, key-value."""
    require_shared()
    if kind in _cache:
        return _cache[kind]
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_OfficialResolver())
    if kind == "mets":
        wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.loc.gov/METS/" schemaLocation="{(OFFICIAL_SCHEMAS / 'mets' / 'mets.xsd').as_uri()}"/>
  <xs:import namespace="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" schemaLocation="{(OFFICIAL_SCHEMAS / 'dilcis' / 'DILCISExtensionMETS.xsd').as_uri()}"/>
  <xs:import namespace="https://DILCIS.eu/XML/METS/SIPExtensionMETS" schemaLocation="{(OFFICIAL_SCHEMAS / 'dilcis' / 'DILCISExtensionSIPMETS.xsd').as_uri()}"/>
</xs:schema>"""
        doc = etree.fromstring(wrapper.encode(), parser, base_url=str(ROOT / "wrapper.xsd"))
        schema = etree.XMLSchema(etree.ElementTree(doc))
    else:
        path = {
            "premis": OFFICIAL_SCHEMAS / "premis" / "premis-v3-0.xsd",
            "ead2002": OFFICIAL_SCHEMAS / "ead" / "ead2002.xsd",
            "simpledc": OFFICIAL_SCHEMAS / "roda" / "dc.xsd",
            "key-value": OFFICIAL_SCHEMAS / "roda" / "key-value.xsd",
        }[kind]
        schema = etree.XMLSchema(etree.parse(str(path), parser))
    _cache[kind] = schema
    return schema


def assert_valid(kind: str, path: Path) -> None:
    """Assert that an XML file is valid against the official schema of ``kind``."""
    schema = official_schema(kind)
    doc = etree.parse(str(path))
    if not schema.validate(doc):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"{path} is not valid against the official {kind} schema:\n{errors}")


#: A tiny but well-formed PDF 1.4 document (one empty page).
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


#: commons-ip 2.11.2's source (RODA 6.2.1 reads packages with it) in ../shared/upstream.
COMMONS_IP_SOURCE = SHARED / "upstream" / "commons-ip-2.11.2-src.tar.gz"
_COMMONS_IP_SCHEMAS = "commons-ip-2.11.2/src/main/resources/schemas2/"


def commons_ip_schema_file(name: str) -> bytes:
    """A file of commons-ip 2.11.2's ``schemas2/`` folder, read from the source archive (skip when absent)."""
    import tarfile

    if not COMMONS_IP_SOURCE.is_file():
        pytest.skip(f"{COMMONS_IP_SOURCE} is not there (../shared/upstream); CI always has it")
    with tarfile.open(COMMONS_IP_SOURCE) as tar:
        return tar.extractfile(_COMMONS_IP_SCHEMAS + name).read()


def roda_mets_schema(cache_dir: Path) -> etree.XMLSchema:
    """The METS schema RODA's ingest validates every METS file against: commons-ip 2.11.2's own
    ``schemas2/mets1_12.xsd`` with its DILCIS extension schemas (``METSUtils.instantiateMETSFromFile``),
    unpacked into ``cache_dir`` and compiled offline."""
    if "roda-mets" in _cache:
        return _cache["roda-mets"]
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name in ("mets1_12.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd"):
        (cache_dir / name).write_bytes(commons_ip_schema_file(name))
    parser = etree.XMLParser(no_network=True)
    schema = etree.XMLSchema(etree.parse(str(cache_dir / "mets1_12.xsd"), parser))
    _cache["roda-mets"] = schema
    return schema


#: RODA 6.2.1's source (its ingest crosswalks index descriptive metadata) in ../shared/upstream.
RODA_SOURCE = SHARED / "upstream" / "roda-6.2.1-src.tar.gz"
_RODA_CROSSWALKS = "roda-6.2.1/roda-core/roda-core/src/main/resources/config/crosswalks/ingest/"


def roda_crosswalk(name: str) -> etree.XSLT:
    """One of RODA 6.2.1's ingest crosswalks (``dc_SimpleDC20021212.xslt``, ``key-value.xslt``...), compiled
    from the source archive: what RODA turns a descriptive metadata file into for its index (skip when absent)."""
    import tarfile

    if not RODA_SOURCE.is_file():
        pytest.skip(f"{RODA_SOURCE} is not there (../shared/upstream); CI always has it")
    with tarfile.open(RODA_SOURCE) as tar:
        return etree.XSLT(etree.fromstring(tar.extractfile(_RODA_CROSSWALKS + name).read()))
