"""Content category and content information type: builder and validator agree on every vocabulary value.

Each value of the content-information-type vocabulary (2.2.0 and 2.1.0) is built into a
package, which must then be valid by the official METS + DILCIS schemas, by the METS
schema RODA's ingest validates against (commons-ip 2.11.2's own), and by earchive's
validator without a warning on CSIP4/5/62/63.  The content category "Other" is written as
the vocabulary spells it, and "OTHER" typed by a person means that term.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from earchive import Agent, AgentKind, BuildOptions, Representation, Submission, content_info, spec
from earchive.builder import build_package
from earchive.errors import InvalidInput
from earchive.validation import Severity, validate_package
from support.oracles import commons_ip_schema_file, official_schema, roda_mets_schema

CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
CIT_REQUIREMENTS = {"CSIP4", "CSIP5", "CSIP62", "CSIP63"}


def _submission(records, version, **kw) -> Submission:
    return Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelby kommun"),
                      representations=[Representation("rep1", [records])], spec_version=version, **kw)


def _mets_files(package):
    return [package / "METS.xml", *sorted(package.glob("representations/*/METS.xml"))]


def test_roda_list_is_commons_ips_schema():
    """RODA_CONTENT_INFORMATION_TYPES is the enumeration of commons-ip 2.11.2's DILCIS extension schema."""
    text = commons_ip_schema_file("DILCISExtensionMETS.xsd").decode()
    block = text[text.index('name="CONTENTINFORMATIONTYPE"'):text.index('name="OTHERCONTENTINFORMATIONTYPE"')]
    assert frozenset(re.findall(r'enumeration value="([^"]+)"', block)) == content_info.RODA_CONTENT_INFORMATION_TYPES


@pytest.mark.parametrize("version", ["2.2.0", "2.1.0"])
def test_every_content_information_type_builds_and_validates(records, tmp_path, version):
    mets_schema = official_schema("mets")
    roda_schema = roda_mets_schema(tmp_path / "roda-schemas")
    out = tmp_path / "out"
    out.mkdir()
    terms = spec.vocabulary(version, spec.CONTENT_INFORMATION_TYPE)
    assert "citscarchival_v1_0" in terms and "OTHER" in terms
    for n, term in enumerate(terms):
        extra = {"other_content_information_type": "Kommunens egen specifikation"} if term == "OTHER" else {}
        sub = _submission(records, version, objid=f"cit-{n}", content_information_type=term, **extra)
        package = build_package(sub, BuildOptions(out, workers=1)).package_path
        expected = content_info.as_written(term, extra.get("other_content_information_type", ""))
        for mets in _mets_files(package):
            doc = etree.parse(str(mets))
            root = doc.getroot()
            assert (root.get(CSIP + "CONTENTINFORMATIONTYPE"), root.get(CSIP + "OTHERCONTENTINFORMATIONTYPE", "")) == expected
            assert mets_schema.validate(doc), (term, mets, mets_schema.error_log)
            assert roda_schema.validate(doc), (term, mets, roda_schema.error_log)
        report = validate_package(package)
        findings = [f for f in report.findings if f.requirement in CIT_REQUIREMENTS and f.severity is not Severity.INFO]
        assert findings == [], (term, [f.message("en") for f in findings])
        assert report.valid, term


def test_terms_the_schemas_spell_otherwise_go_under_other():
    assert content_info.as_written("citscarchival_v1_0") == ("OTHER", "citscarchival_v1_0")
    assert content_info.as_written("citserms_v3_0") == ("OTHER", "citserms_v3_0")  # not in RODA's schema
    assert content_info.as_written("citserms_v2_1") == ("citserms_v2_1", "")
    assert content_info.as_written("OTHER", "Egen") == ("OTHER", "Egen")
    assert content_info.as_written("SIARD2", "ignored") == ("SIARD2", "")


def test_validator_warns_but_does_not_fail_a_writable_term_under_other(records, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sub = _submission(records, "2.2.0", objid="p", content_information_type="OTHER", other_content_information_type="SIARD2")
    package = build_package(sub, BuildOptions(out, workers=1)).package_path
    report = validate_package(package)
    cit = [f for f in report.findings if f.requirement == "CSIP5"]
    assert len(cit) == 2 and {f.severity for f in cit} == {Severity.WARNING} and report.valid  # root and rep METS
    assert "SIARD2" in cit[0].message("en") and "CONTENTINFORMATIONTYPE" in cit[0].message("en")


@pytest.mark.parametrize("typed", ["Other", "OTHER", "other"])
def test_content_category_other_is_the_vocabulary_term(records, tmp_path, typed):
    out = tmp_path / "out"
    out.mkdir()
    sub = _submission(records, "2.2.0", objid="p", content_category=typed, other_content_category="Protokollsamling")
    assert sub.content_category == "Other"
    package = build_package(sub, BuildOptions(out, workers=1)).package_path
    for mets in _mets_files(package):
        root = etree.parse(str(mets)).getroot()
        assert (root.get("TYPE"), root.get(CSIP + "OTHERTYPE")) == ("Other", "Protokollsamling")
    report = validate_package(package)
    assert [f for f in report.findings if f.requirement in ("CSIP2", "CSIP3") and f.severity is not Severity.INFO] == []
    assert report.valid


def test_content_category_other_needs_its_name(records):
    with pytest.raises(InvalidInput) as exc:
        _submission(records, "2.2.0", content_category="OTHER")
    assert "other_content_category" in exc.value.message("en")


def test_every_content_category_is_written_as_the_vocabulary_spells_it(records, tmp_path):
    """All content categories of both versions: TYPE as in the vocabulary, valid by the official and RODA's schemas."""
    roda_schema = roda_mets_schema(tmp_path / "roda-schemas")
    out = tmp_path / "out"
    out.mkdir()
    for version in ("2.2.0", "2.1.0"):
        for n, term in enumerate(spec.vocabulary(version, spec.CONTENT_CATEGORY)):
            other = {"other_content_category": "Protokoll"} if term == "Other" else {}
            sub = _submission(records, version, objid=f"cc-{version}-{n}", content_category=term, **other)
            package = build_package(sub, BuildOptions(out, workers=1)).package_path
            doc = etree.parse(str(package / "METS.xml"))
            assert doc.getroot().get("TYPE") == term
            assert roda_schema.validate(doc), roda_schema.error_log
            report = validate_package(package)
            assert [f.message("en") for f in report.findings if f.requirement in ("CSIP2", "CSIP3")
                    and f.severity is not Severity.INFO] == [], term


def test_validator_warns_on_the_texts_spelling_of_other(records, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sub = _submission(records, "2.2.0", objid="p", content_category="Other", other_content_category="Protokoll")
    package = build_package(sub, BuildOptions(out, workers=1)).package_path
    mets = package / "METS.xml"
    mets.write_bytes(mets.read_bytes().replace(b'TYPE="Other"', b'TYPE="OTHER"', 1))
    report = validate_package(package)
    csip2 = [f for f in report.findings if f.requirement == "CSIP2"]
    assert [f.severity for f in csip2] == [Severity.WARNING] and '"Other"' in csip2[0].message("en")
