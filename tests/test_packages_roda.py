"""The package variants of issue 15, read by RODA's own code (commons-ip 2.11.2 ``EARKSIP.parse``).

Content information types written as OTHER (citscarchival_v1_0, citserms_v3_0), content
category "Other", SIP32-35 format attributes, other metadata at package level and named
after a data file at representation level, OBJID-scoped PREMIS with relationships, and
schema locations into schemas/: RODA must read each package whole and commons-ip's
validator must find no failed MUST.  Runs once ``support.roda_parser`` is on main.
"""

from __future__ import annotations

import pytest

from earchive import Agent, AgentKind, BuildOptions, DublinCore, Representation, Submission
from earchive.builder import build_package
from support.oracles import MINIMAL_PDF


def _variants(tmp_path, version):
    records = tmp_path / "records"
    records.mkdir()
    (records / "rapport.pdf").write_bytes(MINIMAL_PDF)
    (records / "protokoll.txt").write_text("Protokoll\n", encoding="utf-8")
    rep_meta = tmp_path / "rep-meta"
    rep_meta.mkdir()
    (rep_meta / "rapport.pdf.xml").write_text('<mods xmlns="http://www.loc.gov/mods/v3"/>', encoding="utf-8")
    other = tmp_path / "arkivbeskrivning.xml"
    other.write_text("<arkivbeskrivning/>", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    common = dict(submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelby kommun"), spec_version=version,
                  descriptive=[DublinCore({"title": ["Protokoll"]})], other_metadata=[other])
    cases = [
        dict(objid=f"cit-archival-{version}", content_information_type="citscarchival_v1_0"),
        dict(objid=f"cit-erms3-{version}", content_information_type="citserms_v3_0" if version == "2.2.0" else "citserms_v2_1"),
        dict(objid=f"other-category-{version}", content_category="Other", other_content_category="Protokollsamling"),
    ]
    packages = []
    for case in cases:
        sub = Submission(**common, **case, representations=[Representation("rep1", [records], metadata=[rep_meta])])
        packages.append(build_package(sub, BuildOptions(out, workers=1)).package_path)
    return packages


@pytest.mark.parametrize("version", ["2.2.0", "2.1.0"])
def test_roda_reads_every_variant_whole(tmp_path, version):
    roda = pytest.importorskip("support.roda_parser", reason="RODA's parser (commons-ip) comes with issue 10")
    packages = _variants(tmp_path, version)
    for package, reading in zip(packages, roda.read_many(packages)):
        roda.assert_read_whole(package, reading)
        assert reading.descriptive, package.name  # the simpledc title reaches RODA
        report = roda.commons_ip_validate(package, version)
        assert report.failed == {}, (package.name, report.failed)
