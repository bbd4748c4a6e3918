"""Round trip: every package earchive's builder makes (2.2.0 and 2.1.0, folder and ZIP) validates clean.

Clean means: no error and no warning; what remains are notes about optional elements the
example does not use (MAY) and about schemas earchive cannot ship (EAD 2002).
"""

from __future__ import annotations

import pytest

from earchive import BuildOptions
from earchive.builder import build_package
from earchive.validation import Severity, Status, validate_package

from test_builder import make_submission


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
@pytest.mark.parametrize("version", ["2.2.0", "2.1.0"])
def test_built_package_has_no_failed_must_or_should(records, tmp_path, version, as_zip):
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(make_submission(records, version), BuildOptions(out, as_zip=as_zip))
    report = validate_package(result.package_path)
    # 2.1.0 shares its profile URL with 2.0.4: the version is assumed, and a note says so (issue 11, point 6).
    assert report.version == version and report.version_source == ("assumed" if version == "2.1.0" else "profile")
    serious = [f for f in report.findings if f.severity is not Severity.INFO]
    assert serious == [], "\n".join(f"{f.requirement} {f.file} {f.xpath} {f.message('en')}" for f in serious)
    failed = [r for r in report.results if r.status is Status.FAILED and r.level != "MAY"]
    assert failed == [], [r.id for r in failed]
    assert report.valid and report.bytes_hashed > 0
    assert report.result("CSIP71").status is Status.PASSED and report.result("METS-XSD").status is Status.PASSED
    assert len(report.mets_files) == 2  # the representation METS is checked too
