"""The RODA view (issue 11, point 8): where commons-ip's verdict differs from earchive's, one line each."""

from __future__ import annotations

import importlib.util
import json

import pytest

from earchive.validation import validate_package
from earchive.validation.report_json import render_json
from earchive.validation.report_text import render_text
from earchive.validation.roda_view import compare
from test_validation_package import M, findings_of, make_package, refresh_rep_mets_fixity, rewrite

BRIDGE = importlib.util.find_spec("earchive.export.roda_parser") is not None


@pytest.mark.skipif(BRIDGE, reason="the bridge to commons-ip is installed")
def test_without_the_bridge_the_report_says_the_view_is_not_available_and_why(tmp_path):
    report = validate_package(make_package(tmp_path, "2.2.0"), roda_view=True)
    assert report.roda is not None and not report.roda.available
    assert "earchive.export.roda_parser" in report.roda.summary("en")
    assert "RODA:s bedömning (commons-ip 2.11.2): inte tillgänglig" in render_text(report, "sv")
    assert json.loads(render_json(report))["roda_view"]["available"] is False
    assert report.valid  # earchive's own verdict stands


def test_differences_are_read_from_commons_ip_s_report_format(tmp_path):
    """commons_ip_validate returns commons-ip's JSON report (ValidationReportOutputJson.java in
    commons-ip 2.11.2: validation[].id, .level, .testing.outcome, .testing.issues)."""
    package = make_package(tmp_path, "2.1.0")
    rewrite(package, "representations/rep1/METS.xml",
            lambda root: root.find(f".//{M('file')}").set("MIMETYPE", "application/wrongmimetype"))
    refresh_rep_mets_fixity(package)
    report = validate_package(package)
    assert findings_of(report, "CSIP68")
    cip = {"validation": [
        {"id": "CSIP68", "level": "MUST", "testing": {"outcome": "PASSED", "issues": []}},
        {"id": "CSIP1", "level": "MUST", "testing": {"outcome": "FAILED", "issues": ["mets/@OBJID is not the folder"]}},
        {"id": "CSIP8", "level": "SHOULD", "testing": {"outcome": "FAILED", "issues": []}},  # SHOULD: not compared
    ]}
    view = compare(report, cip, accepted=True)
    assert [(d.requirement, d.earchive_failed, d.commons_ip_failed) for d in view.differences] == [
        ("CSIP1", False, True), ("CSIP68", True, False)]
    lines = view.lines("sv")
    assert lines[1] == "CSIP68: earchive finner kravet brutet, commons-ip gör det inte; RODA kommer att ta emot paketet."
    assert "mets/@OBJID is not the folder" in lines[0]
    report.roda = view
    text = render_text(report, "en")
    assert "commons-ip, which RODA ingests with, judges 2 MUST requirement(s) otherwise than earchive:" in text
    assert "  CSIP68: earchive finds it broken, commons-ip does not; RODA will ingest the package." in text


@pytest.mark.skipif(not BRIDGE, reason="earchive.export.roda_parser (Java bridge to commons-ip) is not on this branch yet")
def test_with_commons_ip_an_unregistered_mimetype_is_named_as_a_difference(tmp_path):
    package = make_package(tmp_path, "2.1.0")
    rewrite(package, "representations/rep1/METS.xml",
            lambda root: root.find(f".//{M('file')}").set("MIMETYPE", "application/wrongmimetype"))
    refresh_rep_mets_fixity(package)
    report = validate_package(package, roda_view=True)
    if not report.roda.available:
        pytest.skip(report.roda.summary("en"))
    assert report.roda.accepted is not None and report.result("CSIP68").status.value == "failed"
    named = any(d.requirement == "CSIP68" for d in report.roda.differences)
    # commons-ip's own verdict decides: a difference is named exactly when it did not fail CSIP68 too.
    assert named == (report.roda.commons_ip_failed.get("CSIP68") is False)
