"""Descriptive metadata as RODA reads it: its own schema and its own ingest crosswalks, run on what earchive writes.

Dublin Core is RODA's simpledc: unqualified, unnamespaced DC elements under ``<simpledc>``
(MDTYPE="DC", MDTYPEVERSION="SimpleDC20021212"), valid by RODA's dc.xsd, and RODA's crosswalk
``dc_SimpleDC20021212.xslt`` (the one RODA picks for that type and version) indexes its title.
A reader that looks for the DC element namespace (http://purl.org/dc/elements/1.1/) does not
find these elements: RODA's schema forbids them, so one file cannot serve both (README,
"What earchive decides").  Such readers get the title from mets/@LABEL and the EAD description.
"""

from __future__ import annotations

from lxml import etree

from earchive import BuildOptions
from earchive.builder import build_package
from support.oracles import assert_valid, roda_crosswalk
from test_builder import make_submission

DC_NS = "http://purl.org/dc/elements/1.1/"


def _fields(result) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for field in result.getroot().iter("field"):
        out.setdefault(field.get("name"), []).append(field.text)
    return out


def test_roda_indexes_the_dublin_core_title_and_the_key_value_title(records, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    package = build_package(make_submission(records), BuildOptions(out, workers=1)).package_path
    dc = package / "metadata" / "descriptive" / "dc.xml"
    assert_valid("simpledc", dc)  # RODA's own dc.xsd
    doc = etree.parse(str(dc))
    assert doc.getroot().tag == "simpledc" and not any(e.tag.startswith("{") for e in doc.iter())
    fields = _fields(roda_crosswalk("dc_SimpleDC20021212.xslt")(doc))
    assert fields["title"] == ["Kommunstyrelsens protokoll 2023"] and fields["creator_txt"] == ["Kommunstyrelsen"]
    mets = etree.parse(str(package / "METS.xml"))
    [ref] = [r for r in mets.iter("{http://www.loc.gov/METS/}mdRef") if r.get("{http://www.w3.org/1999/xlink}href").endswith("dc.xml")]
    assert (ref.get("MDTYPE"), ref.get("MDTYPEVERSION")) == ("DC", "SimpleDC20021212")
    kv = etree.parse(str(package / "metadata" / "descriptive" / "key-value.xml"))
    assert _fields(roda_crosswalk("key-value.xslt")(kv))["title"] == ["Kommunstyrelsens protokoll 2023"]
    assert mets.getroot().get("LABEL") == "Kommunstyrelsens protokoll 2023"  # what DC-namespace readers can use
