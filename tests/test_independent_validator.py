"""Every 2.1.0 package the builder makes also passes eark-validator 1.1.3 (its own venv, offline).

Known false positives of eark-validator are filtered in one place
(tests/support/eark_validator.py, KNOWN_FALSE_POSITIVES, from
../shared/reference/validators.md); every other finding is ours to fix.
"""

from __future__ import annotations

import pytest

from earchive import BuildOptions
from earchive.builder import build_package

from test_builder import make_submission

pytestmark = pytest.mark.external


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_eark_validator_accepts_our_210_package(eark_validator, records, tmp_path, as_zip):
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(make_submission(records, "2.1.0"), BuildOptions(out, as_zip=as_zip))
    report = eark_validator(result.package_path, "2.1.0")
    assert report.well_formed, report.summary()
    assert report.schema_valid, report.summary()
    assert report.errors_excluding_known_false_positives() == [], report.summary()


def test_eark_validator_accepts_minimal_210_package(eark_validator, tmp_path):
    """A package with only the required facts: one file, a submitting agent, no description."""
    from earchive import Agent, AgentKind, Representation, Submission

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("a", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    sub = Submission(
        submitting_agent=Agent(AgentKind.SUBMITTER, "Kommunen"),
        representations=[Representation("rep1", [src])],
        spec_version="2.1.0",
    )
    result = build_package(sub, BuildOptions(out))
    report = eark_validator(result.package_path, "2.1.0")
    assert report.errors_excluding_known_false_positives() == [], report.summary()
