"""The Riksarkivet preset: FGS Paketstruktur 2.0 + FGS Ärendehantering 2.0, agents with organisation numbers, Swedish report."""

from __future__ import annotations

from lxml import etree

from earchive.jobs import package_from_dict
from earchive.builder import build_package
from earchive.profiles import PRESET_PREFIX, preset_entries, profile_from_dict, profile_to_dict, riksarkivet_preset

from support.case_register import make_register
from support.oracles import assert_valid, erms_oracle, require_cits_erms

METS = "{http://www.loc.gov/METS/}"
CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"


def test_preset_is_a_valid_editable_profile():
    preset = riksarkivet_preset()
    assert profile_from_dict(profile_to_dict(preset)) == preset  # round-trips through the profile file format
    [entry] = [e for e in preset_entries() if str(e.path) == f"{PRESET_PREFIX}riksarkivet"]
    assert entry.profile.defaults["spec_version"] == "2.1.0"
    assert entry.profile.options == {"report_language": "sv"}


def test_preset_package_of_case_files(tmp_path):
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=5)
    out = tmp_path / "out"
    out.mkdir()
    preset = riksarkivet_preset()
    package = {**preset.package_values, **preset.options, "objid": "RA-ERMS-1", "output_dir": str(out),
               "erms": {"source": str(register.path)}}
    submission, options = package_from_dict(package)
    result = build_package(submission, options)
    root = etree.parse(str(result.package_path / "METS.xml")).getroot()
    assert (root.get("TYPE"), root.get(CSIP + "CONTENTINFORMATIONTYPE"), root.get(CSIP + "OTHERCONTENTINFORMATIONTYPE")) == (
        "Datasets", "OTHER", "citserms_v3_0")
    assert root.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    agents = [(a.get("ROLE"), a.get("TYPE"), a.findtext(f"{METS}name"),
               [(n.text, n.get(CSIP + "NOTETYPE")) for n in a.findall(f"{METS}note")])
              for a in root.iter(f"{METS}agent") if a.get("TYPE") != "OTHER"]
    assert ("ARCHIVIST", "ORGANIZATION", "Exempelmyndigheten", [("ORG:2021001234", "IDENTIFICATIONCODE")]) in agents
    assert ("CREATOR", "ORGANIZATION", "Exempelmyndigheten", [("ORG:2021001234", "IDENTIFICATIONCODE")]) in agents
    assert ("PRESERVATION", "ORGANIZATION", "Riksarkivet", []) in agents
    assert any(role == "CREATOR" and kind == "INDIVIDUAL" for role, kind, _, _ in agents)
    assert_valid("mets", result.package_path / "METS.xml")
    assert erms_oracle(result.package_path / "metadata" / "descriptive" / "erms.xml") == []
    report = (result.package_path / "documentation" / "earchive-package-report.txt").read_text(encoding="utf-8")
    assert report.startswith("Paketrapport för RA-ERMS-1")
    assert "Ärenden (CITS ERMS 3.0, metadata/descriptive/erms.xml): 5 ärenden" in report
