"""A realistic case register becomes a package whose erms.xml is valid and whose every oracle agrees.

Oracles: the official ERMS_v3.xsd and erms_v3.sch from ../shared (compiled by the tests), the
official METS/DILCIS schemas, earchive's own validator, eark-validator 1.1.3 on 2.1.0 output.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from earchive.cli import main
from earchive.validation import validate_package

from support.case_register import make_register
from support.oracles import CITS_ERMS, assert_valid, erms_oracle, erms_schematron_oracle, require_cits_erms

ERMS = "{https://DILCIS.eu/XML/ERMS}"
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The register of 300 cases built as a 2.1.0 package (FGS Paketstruktur 2.0) from the command line."""
    require_cits_erms()
    base = tmp_path_factory.mktemp("erms-build")
    register = make_register(base / "leverans", cases=300)
    out = base / "out"
    code = main(["build", "--erms", str(register.path), "--output", str(out), "--objid", "SE-KS-ERMS-2023",
                 "--submitting-agent", "Exempelby kommun", "--submitting-agent-code", "ORG:2120000001",
                 "--archival-creator", "Kommunstyrelsen i Exempelby", "--archival-creator-code", "ORG:2120000001",
                 "--spec-version", "2.1.0", "--erms-system", "Platina 5", "--erms-classification-schema",
                 "Kommunstyrelsens klassificeringsstruktur", "--quiet", "--lang", "sv"])
    assert code == 0
    return register, out / "SE-KS-ERMS-2023"


def _appendices(package: Path):
    tree = etree.parse(str(package / "metadata" / "descriptive" / "erms.xml"))
    return tree, list(tree.iter(f"{ERMS}appendix"))


def test_erms_xml_is_valid_against_the_official_schema_and_schematron(built):
    _, package = built
    erms = package / "metadata" / "descriptive" / "erms.xml"
    assert erms_oracle(erms) == []
    assert erms_schematron_oracle(erms) == []


def test_dmdsec_types_erms_and_dublin_core_still_titles_the_package(built):
    _, package = built
    root = etree.parse(str(package / "METS.xml")).getroot()
    refs = [(r.get(XLINK + "href"), r.get("MDTYPE"), r.get("OTHERMDTYPE"), r.get("MDTYPEVERSION"))
            for r in root.iter(f"{METS}mdRef") if "descriptive" in r.get(XLINK + "href")]
    assert refs == [("metadata/descriptive/dc.xml", "DC", None, "SimpleDC20021212"),
                    ("metadata/descriptive/erms.xml", "OTHER", "ERMS", "3.0")]
    dc = etree.parse(str(package / "metadata" / "descriptive" / "dc.xml")).getroot()
    assert dc.findtext("title") == "Kommunstyrelsen i Exempelby: ärenden 2019–2024 (300 st)"
    assert root.get("TYPE") == "Datasets"
    csip = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
    assert (root.get(csip + "CONTENTINFORMATIONTYPE"), root.get(csip + "OTHERCONTENTINFORMATIONTYPE")) == ("OTHER", "citserms_v3_0")
    assert_valid("mets", package / "METS.xml")
    assert_valid("mets", package / "representations" / "rep1" / "METS.xml")


def test_every_record_links_to_its_file_with_the_checksum_mets_records(built):
    register, package = built
    _, appendices = _appendices(package)
    assert len(appendices) == register.files
    rep = etree.parse(str(package / "representations" / "rep1" / "METS.xml")).getroot()
    checksums = {unquote(f.find(f"{METS}FLocat").get(XLINK + "href")): f.get("CHECKSUM") for f in rep.iter(f"{METS}file")}
    for appendix in appendices:
        relpath = unquote(appendix.get("path"))
        target = package / relpath
        assert target.is_file(), relpath
        in_rep = relpath.removeprefix("representations/rep1/")
        assert checksums[in_rep] == hashlib.sha256(target.read_bytes()).hexdigest()
    formats = {a.get("fileFormat") for a in appendices}
    assert {"fmt/18", "fmt/11", "fmt/412"} <= formats  # PDF 1.4, PNG, DOCX identified by siegfried


def test_data_is_laid_out_by_case(built):
    register, package = built
    data = package / "representations" / "rep1" / "data"
    folders = sorted(p.name for p in data.iterdir())
    assert len(folders) == 300 and "KS 2020_1" in folders
    for row in register.rows[:20]:
        case_folder = row["diarienummer"].replace("/", "_")
        assert (data / case_folder / Path(row["fil"]).name).is_file()


def test_restrictions_reach_erms_and_the_package_report(built):
    register, package = built
    tree, _ = _appendices(package)
    secret_paths = {unquote(a.get("path")) for r in tree.iter(f"{ERMS}record")
                    if r.find(f"{ERMS}restriction") is not None for a in r.iter(f"{ERMS}appendix")}
    assert len(secret_paths) == len(register.secret)
    report = (package / "documentation" / "earchive-package-report.txt").read_text(encoding="utf-8")
    assert "Case files (CITS ERMS 3.0, metadata/descriptive/erms.xml): 300 cases, " in report
    for path in secret_paths:
        assert f"- {path}: confidential (OSL 2" in report
    gdpr = [r for r in tree.iter(f"{ERMS}aggregation") if r.findtext(f"{ERMS}extraId") == register.gdpr_case][0]
    assert gdpr.find(f"{ERMS}restriction").get("restrictionType") == "gdpr"
    assert gdpr.findtext(f"{ERMS}restriction/{ERMS}regulation") == "GDPR art. 9.1 (känsliga personuppgifter)"
    assert "gdpr (GDPR art. 9.1 (känsliga personuppgifter))" in report


def test_official_erms_files_travel_in_schemas(built):
    _, package = built
    for name in ("ERMS_v3.xsd", "erms_v3.sch"):
        assert (package / "schemas" / name).read_bytes() == (CITS_ERMS / name).read_bytes()


def test_earchive_validator_accepts_it(built):
    _, package = built
    report = validate_package(package)
    assert report.valid, [f.code for f in report.findings if f.severity.name == "ERROR"]


@pytest.mark.external
def test_eark_validator_accepts_the_2_1_0_package(built, eark_validator):
    _, package = built
    result = eark_validator(package)
    assert result.errors_excluding_known_false_positives() == []


def test_2_2_0_names_citserms_v3_0(tmp_path):
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=3)
    out = tmp_path / "out"
    assert main(["build", "--erms", str(register.path), "--output", str(out), "--objid", "p22", "--quiet",
                 "--submitting-agent", "Exempelby kommun", "--title", "KS ärenden"]) == 0
    root = etree.parse(str(out / "p22" / "METS.xml")).getroot()
    csip = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
    assert root.get(csip + "OTHERCONTENTINFORMATIONTYPE", root.get(csip + "CONTENTINFORMATIONTYPE")) == "citserms_v3_0"
    assert etree.parse(str(out / "p22" / "metadata" / "descriptive" / "dc.xml")).getroot().findtext("title") == "KS ärenden"
    assert erms_oracle(out / "p22" / "metadata" / "descriptive" / "erms.xml") == []


def test_broken_register_builds_nothing_and_exits_2(tmp_path, capsys):
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=3)
    text = register.path.read_text(encoding="utf-8").replace("OSL 2", "")
    (register.root / "KS 2020-1" / "01 ansökan.pdf").unlink(missing_ok=True)
    register.path.write_text(text.replace(";2020-02-05;", ";2020-02-31;"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", "--erms", str(register.path), "--output", str(out), "--submitting-agent", "X", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "ärendeförteckning.csv, row 2, column registreringsdatum: 2020-02-31 is not a date." in err
    assert list(out.iterdir()) == []


def test_continue_builds_and_reports(tmp_path):
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=3)
    (register.root / "KS 2020-1" / "okänd.txt").write_text("?", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", "--erms", str(register.path), "--output", str(out), "--objid", "c", "--quiet",
                 "--submitting-agent", "X", "--erms-continue", "--lang", "sv"]) == 0
    report = (out / "c" / "documentation" / "earchive-package-report.txt").read_text(encoding="utf-8")
    # The report is in the build's language (the environment's; English here).
    assert "Problems in the case register that the build continued past (1):" in report
    assert "the file KS 2020-1/okänd.txt is in the delivery folder but no row names it" in report
    assert not any(p.name == "okänd.txt" for p in (out / "c").rglob("*"))
