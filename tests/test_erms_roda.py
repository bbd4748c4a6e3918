"""A case-file package read by RODA's own code (commons-ip 2.11.2 ``EARKSIP.parse``, as RODA 6.2.1 calls it).

RODA must read the package whole: accepted, every data file of every ärende folder in its
representation, every schema (ERMS_v3.xsd and erms_v3.sch among them), both descriptive files
(the simple DC that titles the AIP, and erms.xml typed OTHER/ERMS); and commons-ip's validator
must find no failed MUST beyond earchive's written decisions.  Runs once ``support.roda_parser``
is on main (see docs/erms.md, "RODA and an OTHER-typed descriptive file").
"""

from __future__ import annotations

import pytest

from earchive.cli import main

from support.case_register import make_register
from support.oracles import require_cits_erms


@pytest.mark.parametrize("version", ["2.1.0", "2.2.0"])
def test_roda_reads_a_case_file_package_whole(tmp_path, version):
    roda = pytest.importorskip("support.roda_parser", reason="RODA's parser (commons-ip) comes with issue 10")
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=6)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", "--erms", str(register.path), "--output", str(out), "--objid", f"erms-{version}", "--quiet",
                 "--submitting-agent", "Exempelby kommun", "--title", "Kommunstyrelsens ärenden",
                 "--spec-version", version]) == 0
    package = out / f"erms-{version}"
    reading = roda.read_as_roda(package)
    roda.assert_read_whole(package, reading)
    assert sorted((d.relpath, d.type) for d in reading.descriptive) == [("dc.xml", "DC"), ("erms.xml", "ERMS")]
    report = roda.commons_ip_validate(package, version)
    assert report.unexpected == {}, report.unexpected
