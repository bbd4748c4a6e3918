"""Other metadata: its type read from the file or named by the user; RODA's rule for representation techMD.

RODA 6.2.1 ignores package-level techMD and takes a representation's techMD as technical
metadata of the data file of the same name, failing the ingest for any other name
(EARKSIP2ToAIPPluginUtils.processTechnicalMetadata): the builder warns about such names.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from earchive import Agent, AgentKind, BuildOptions, Representation, Submission
from earchive.builder import build_package
from earchive.jobs import load_job
from earchive.metadata_kinds import kind_of
from earchive.model import MetadataFile
from earchive.validation import validate_package
from support.oracles import MINIMAL_PDF, assert_valid

METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"


def test_kind_is_read_from_the_file(tmp_path: Path):
    cases = {
        "premis.xml": ('<premis xmlns="http://www.loc.gov/premis/v3" version="3.0"/>', ("PREMIS", "3.0", "", "text/xml")),
        "ead.xml": ('\ufeff<?xml version="1.0"?><ead xmlns="urn:isbn:1-931666-22-9"/>', ("EAD", "2002", "", "text/xml")),
        "mods.xml": ('<mods xmlns="http://www.loc.gov/mods/v3"/>', ("MODS", "", "", "text/xml")),
        "egen.xml": ("<arkivbeskrivning><a/></arkivbeskrivning>", ("OTHER", "", "arkivbeskrivning", "text/xml")),
        "lista.csv": ("id;namn\n1;Åsa\n", ("OTHER", "", "CSV", "text/csv")),
        "utan": ("hej", ("OTHER", "", "OTHER", "text/plain")),
    }
    for name, (text, expected) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        mime = "text/csv" if name.endswith(".csv") else "text/plain"
        md = kind_of(tmp_path / name, mime)
        assert (md.mdtype, md.version, md.other, md.mimetype) == expected, name


def _build(tmp_path: Path, **kw) -> Path:
    records = tmp_path / "records"
    records.mkdir()
    (records / "rapport.pdf").write_bytes(MINIMAL_PDF)
    out = tmp_path / "out"
    out.mkdir()
    rep = Representation("rep1", [records], metadata=kw.pop("rep_metadata", []))
    sub = Submission(objid="om", submitting_agent=Agent(AgentKind.SUBMITTER, "X"), representations=[rep], **kw)
    return build_package(sub, BuildOptions(out, workers=1))


def _refs(mets: Path) -> dict[str, etree._Element]:
    tree = etree.parse(str(mets))
    return {r.get(XLINK + "href").rsplit("/", 1)[-1]: r for r in tree.iter(METS + "mdRef") if "/other/" in r.get(XLINK + "href")}


def test_types_in_mets_from_the_file_or_as_named(tmp_path: Path):
    meta = tmp_path / "meta"
    meta.mkdir()
    (meta / "arkiv.xml").write_text("<arkivbeskrivning/>", encoding="utf-8")  # no declaration: libmagic says text/plain
    (meta / "diarium.csv").write_text("id;namn\n1;Åsa\n", encoding="utf-8")
    rep_meta = tmp_path / "rep-meta"
    rep_meta.mkdir()
    (rep_meta / "rapport.pdf.xml").write_text('<mods xmlns="http://www.loc.gov/mods/v3"/>', encoding="utf-8")
    result = _build(tmp_path, other_metadata=[meta / "arkiv.xml", MetadataFile(meta / "diarium.csv", "OTHER", other_mdtype="DIARIUM")])
    package = result.package_path
    refs = _refs(package / "METS.xml")
    assert (refs["arkiv.xml"].get("MDTYPE"), refs["arkiv.xml"].get("OTHERMDTYPE"), refs["arkiv.xml"].get("MIMETYPE")) == \
        ("OTHER", "arkivbeskrivning", "text/xml")
    assert (refs["diarium.csv"].get("MDTYPE"), refs["diarium.csv"].get("OTHERMDTYPE")) == ("OTHER", "DIARIUM")
    assert refs["diarium.csv"].get("MIMETYPE") != "text/xml"
    assert_valid("mets", package / "METS.xml")
    assert validate_package(package).valid


def test_representation_other_metadata_named_after_a_data_file_is_fine_for_roda(tmp_path: Path):
    rep_meta = tmp_path / "rep-meta"
    rep_meta.mkdir()
    (rep_meta / "rapport.pdf.xml").write_text('<mods xmlns="http://www.loc.gov/mods/v3"/>', encoding="utf-8")
    (rep_meta / "anteckningar.txt").write_text("fritt", encoding="utf-8")
    result = _build(tmp_path, rep_metadata=[rep_meta])
    refs = _refs(result.package_path / "representations/rep1/METS.xml")
    assert refs["rapport.pdf.xml"].get("MDTYPE") == "MODS"
    warned = [n for n in result.notes if n.code == "report.roda_techmd_name"]
    assert [n.params["path"] for n in warned] == ["representations/rep1/metadata/other/rep-meta/anteckningar.txt"]
    assert "RODA fails the ingest" in warned[0].message("en")


def test_job_file_names_the_type_of_other_metadata(tmp_path: Path):
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.txt").write_text("x")
    (tmp_path / "egen.xml").write_text("<egen/>")
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"packages": [{
        "objid": "p", "submitting_agent": {"name": "X"}, "sources": ["records"], "output_dir": "out",
        "other_metadata": ["egen.xml", {"path": "egen.xml", "mdtype": "OTHER", "other_mdtype": "ARKIVBESKRIVNING"}],
    }]}), encoding="utf-8")
    [planned] = load_job(job).packages
    plain, named = planned.submission.other_metadata
    assert plain == tmp_path / "egen.xml"
    assert (named.path, named.mdtype, named.other_mdtype) == (tmp_path / "egen.xml", "OTHER", "ARKIVBESKRIVNING")
