"""earchive.precheck: every problem of a planned package, with its requirement ID and field."""

from __future__ import annotations

from pathlib import Path

from earchive import precheck
from earchive.precheck import Finding, check_package_dict, check_sources, submission_of


def _ok(records: Path) -> dict:
    return {
        "submitting_agent": {"name": "Exempelby kommun"},
        "descriptive": {"dc": {"title": "Protokoll"}},
        "representations": [{"name": "rep1", "sources": [str(records)]}],
    }


def test_a_complete_package_has_no_findings(records: Path):
    assert check_package_dict(_ok(records), target="roda") == []


def test_each_bad_field_is_reported_with_its_requirement_and_field(records: Path):
    data = _ok(records)
    del data["submitting_agent"]
    data.update(content_category="Bogus", record_status="X", content_information_type="OTHER")
    data["agents"] = [{"kind": "contact", "name": ""}]
    data["descriptive"] = {"ead": {"unittitle": "x", "unitdate_normal": "19x"}}
    data["representations"].append({"name": "bad name", "sources": []})
    found = {(f.requirement, f.field, f.level) for f in check_package_dict(data)}
    assert found == {
        ("SIP15", "submitting_agent.name", "error"),
        ("SIP21", "agents[0].name", "error"),
        ("CSIP2", "content_category", "error"),
        ("SIP3", "record_status", "error"),
        ("CSIP5", "other_content_information_type", "error"),
        ("CSIP17", "descriptive.ead.unitdate_normal", "error"),
        ("CSIPSTR10", "representations[1].name", "error"),
        ("CSIPSTR11", "representations[1].sources", "error"),
    }


def test_messages_are_bilingual():
    (finding,) = [f for f in check_package_dict({"representations": [{"name": "rep1", "sources": ["x"]}],
                                                "descriptive": {"dc": {"title": "T"}}}) if f.requirement == "SIP15"]
    assert finding.message("en") == "No submitting agent: give the name of the organisation or person submitting the package."
    assert finding.message("sv") == "Levererande aktör saknas: ange namnet på den organisation eller person som levererar paketet."


def test_roda_needs_a_title_and_every_package_should_be_described(records: Path):
    data = _ok(records)
    data["descriptive"] = {}
    found = check_package_dict(data, target="roda")
    assert [(f.requirement, f.level, f.code) for f in found] == [
        ("CSIP17", "warning", "precheck.no_description"),
        ("RODA", "warning", "precheck.roda_no_title"),
    ]
    # RODA does not read mets/@LABEL: a label alone does not give the AIP a title
    assert check_package_dict({**data, "label": "Protokoll"}, target="roda")[-1].code == "precheck.roda_no_title"
    with_ead_file = {**data, "descriptive": {"files": [{"path": str(records / "data.csv"), "mdtype": "EAD"}]}}
    assert "precheck.roda_no_title" not in [f.code for f in check_package_dict(with_ead_file, target="roda")]


def test_missing_title_is_named_in_the_users_language(records: Path):
    data = _ok(records)
    data["descriptive"] = {"dc": {"creator": "Någon"}}
    (finding,) = check_package_dict(data)
    assert (finding.requirement, finding.field, finding.code) == ("CSIP17", "descriptive.dc.title", "precheck.dc_title_missing")
    assert "titel" in finding.message("sv")


def test_source_scan_reports_left_out_files_and_empty_representations(records: Path, tmp_path: Path):
    (records / "Thumbs.db").write_bytes(b"\0")
    empty = tmp_path / "empty"
    empty.mkdir()
    data = _ok(records)
    data["representations"].append({"name": "rep2", "sources": [str(empty)]})
    data["representations"].append({"name": "rep3", "sources": [str(tmp_path / "gone")]})
    sub = submission_of(data)
    found = check_sources(sub)
    codes = [(f.requirement, f.code, f.field) for f in found]
    assert ("CSIPSTR11", "error.no_sources", "representations[1].sources") in codes
    assert ("", "error.source_missing", "representations[2].sources") in codes
    assert any(f.code == "report.system_file_skipped" and f.path.endswith("Thumbs.db") for f in found)
    assert [f.level for f in found] == sorted((f.level for f in found), key=precheck.LEVELS.index)


def test_requirement_text_comes_from_the_spec_data():
    assert precheck.requirement_text("SIP15") == "Submitting agent (MUST)"
    assert precheck.requirement_text("RODA") == ""


def test_findings_carry_data_not_text():
    f = Finding("SIP15", "error", "error.required", {"field": "x", "hint": "y"}, "submitting_agent.name")
    assert f.blocks_build and f.message("en") == "x is required: y"
