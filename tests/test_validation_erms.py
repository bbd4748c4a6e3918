"""The validator checks CITS ERMS in any package: schema, Schematron, file references, checksums; by ERMS rule id."""

from __future__ import annotations

import shutil

import pytest
from lxml import etree

from earchive.cli import main
from earchive.validation import Status, validate_package

from support.case_register import make_register
from support.oracles import require_cits_erms

ERMS = "{https://DILCIS.eu/XML/ERMS}"


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    require_cits_erms()
    base = tmp_path_factory.mktemp("erms-validate")
    register = make_register(base / "leverans", cases=10)  # a GDPR case (7) and secrecy (9)
    assert main(["build", "--erms", str(register.path), "--output", str(base), "--objid", "pkg", "--quiet",
                 "--submitting-agent", "Exempelby kommun", "--title", "Ärenden", "--spec-version", "2.1.0"]) == 0
    return base / "pkg"


def _copy(package, tmp_path):
    target = tmp_path / "pkg"
    shutil.copytree(package, target)
    return target


def _edit_erms(package, change):
    path = package / "metadata" / "descriptive" / "erms.xml"
    tree = etree.parse(str(path))
    change(tree)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _erms_findings(report):
    return [(f.requirement, f.params.get("rule"), f.code) for f in report.findings if f.requirement.startswith("ERMS")]


def test_valid_package_passes_every_erms_check(package):
    report = validate_package(package)
    assert {r.id: r.status for r in report.results if r.id.startswith("ERMS")} == {
        "ERMS-XSD": Status.PASSED, "ERMS-SCHEMATRON": Status.PASSED, "ERMS-FILES": Status.PASSED,
        "ERMS-FIXITY": Status.PASSED}


def test_restriction_without_regulation_is_erms59(package, tmp_path):
    pkg = _copy(package, tmp_path)

    def drop(tree):
        restriction = next(tree.iter(f"{ERMS}restriction"))
        restriction.remove(restriction.find(f"{ERMS}regulation"))

    _edit_erms(pkg, drop)
    report = validate_package(pkg, check_fixity=False)
    assert ("ERMS-XSD", "ERMS59", "v.erms.xsd") in _erms_findings(report)
    finding = next(f for f in report.findings if f.requirement == "ERMS-XSD")
    assert finding.message("sv").startswith("ERMS59: inte giltig enligt CITS ERMS-schemat: Element ")
    assert report.result("ERMS-XSD").status is Status.FAILED and not report.valid


def test_schematron_rule_other_type_is_erms57(package, tmp_path):
    pkg = _copy(package, tmp_path)
    _edit_erms(pkg, lambda tree: next(tree.iter(f"{ERMS}restriction")).set("restrictionType", "other_type"))
    report = validate_package(pkg, check_fixity=False)
    assert _erms_findings(report) == [("ERMS-SCHEMATRON", "ERMS57", "v.erms.schematron")]
    finding = report.result("ERMS-SCHEMATRON").findings[0]
    assert finding.message("en") == ("ERMS57: the CITS ERMS Schematron says: If the value of attribute restrictionType "
                                     "is 'other_type', then the otherRestrictionType attribute should be used")


def test_appendix_to_a_missing_file_is_erms34(package, tmp_path):
    pkg = _copy(package, tmp_path)
    _edit_erms(pkg, lambda tree: next(tree.iter(f"{ERMS}appendix")).set("path", "representations/rep1/data/borta.pdf"))
    report = validate_package(pkg, check_fixity=False)
    assert ("ERMS-FILES", "ERMS34", "v.erms.file_missing") in _erms_findings(report)


def test_changed_file_fails_erms_fixity(package, tmp_path):
    pkg = _copy(package, tmp_path)
    tree = etree.parse(str(pkg / "metadata" / "descriptive" / "erms.xml"))
    from urllib.parse import unquote

    target = pkg / unquote(next(tree.iter(f"{ERMS}appendix")).get("path"))
    target.write_bytes(target.read_bytes() + b"x")
    report = validate_package(pkg)
    codes = [c for r, _, c in _erms_findings(report) if r == "ERMS-FIXITY"]
    assert codes == ["v.erms.checksum_mismatch"]


def test_erms_as_representation_data_is_found(package, tmp_path):
    """CITS ERMS 3.0 section 3.2 puts the ERMS document in a representation's data; it is checked there too."""
    pkg = _copy(package, tmp_path)
    root_mets = pkg / "METS.xml"
    root_mets.write_text(root_mets.read_text(encoding="utf-8").replace('OTHERMDTYPE="ERMS"', 'OTHERMDTYPE="X"'), encoding="utf-8")
    data_copy = pkg / "representations" / "rep1" / "data" / "erms.xml"
    shutil.copy(pkg / "metadata" / "descriptive" / "erms.xml", data_copy)
    _edit_erms_at(data_copy, lambda tree: next(tree.iter(f"{ERMS}restriction")).remove(
        next(tree.iter(f"{ERMS}restriction")).find(f"{ERMS}regulation")))
    rep = pkg / "representations" / "rep1" / "METS.xml"
    text = rep.read_text(encoding="utf-8")
    assert "citserms_v3_0" in text
    entry = ('<mets:file ID="ID-erms" MIMETYPE="text/xml" SIZE="1" CREATED="2024-01-01T00:00:00Z" CHECKSUM="00" '
             'CHECKSUMTYPE="SHA-256"><mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="data/erms.xml"/></mets:file>')
    assert text.count("<mets:fileGrp ") == 1  # the representation's data group only
    rep.write_text(text.replace("</mets:fileGrp>", entry + "</mets:fileGrp>"), encoding="utf-8")
    report = validate_package(pkg, check_fixity=False)
    found = [(f.file, f.params.get("rule")) for f in report.findings if f.requirement == "ERMS-XSD"]
    assert ("representations/rep1/data/erms.xml", "ERMS59") in found
    assert not any(f.file == "metadata/descriptive/erms.xml" for f in report.findings if f.requirement == "ERMS-XSD")


def _edit_erms_at(path, change):
    tree = etree.parse(str(path))
    change(tree)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_without_schemas_the_erms_checks_say_so(package, tmp_path, monkeypatch):
    monkeypatch.setenv("EARCHIVE_SCHEMA_STORE", str(tmp_path / "empty-store"))
    report = validate_package(package, check_fixity=False)
    assert report.result("ERMS-XSD").status is Status.SKIPPED
    assert report.result("ERMS-XSD").reason == "v.skip.schema_unavailable"
    assert report.result("ERMS-FILES").status is Status.PASSED
    info = [f for f in report.findings if f.code == "v.erms.schemas_missing"]
    assert info and "earchive erms schemas --download" in info[0].message("en")
