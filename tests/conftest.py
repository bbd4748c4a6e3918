"""Shared fixtures: the ../shared reference folder, official-schema oracles, example records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from support.eark_validator import eark_validator_fixture

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OFFICIAL_SCHEMAS = SHARED / "schemas"


def require_shared() -> Path:
    """../shared, or skip the test with a clear reason (a user's fresh clone has no ../shared)."""
    if not OFFICIAL_SCHEMAS.is_dir():
        pytest.skip("../shared (official schemas, corpus) is not beside the repository; CI always has it")
    return SHARED


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


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A small folder of records with Swedish names, a subfolder, an empty file and a PDF."""
    root = tmp_path / "Kommunstyrelsen"
    (root / "Protokoll 2023").mkdir(parents=True)
    (root / "Protokoll 2023" / "Protokoll 2023-05-11.txt").write_text("Protokoll fört vid sammanträde.\n", encoding="utf-8")
    (root / "Beslut å ä ö.txt").write_text("Beslut: bifall.\n", encoding="utf-8")
    (root / "tom.txt").write_bytes(b"")
    (root / "rapport.pdf").write_bytes(MINIMAL_PDF)
    (root / "data.csv").write_text("id;namn\n1;Åsa\n", encoding="utf-8")
    return root


#: A tiny but well-formed PDF 1.4 document (one empty page).
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


@pytest.fixture(scope="session")
def eark_validator():
    """Runs eark-validator 1.1.3 from its own venv (installed on first use); see tests/support/eark_validator.py."""
    return eark_validator_fixture()
