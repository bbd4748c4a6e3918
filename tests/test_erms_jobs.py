"""Case files from a job file and from a batch CSV row, as from the command line."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from earchive.cli import main
from earchive.csvjobs import read_csv
from earchive.jobs import load_job

from support.case_register import make_register
from support.oracles import erms_oracle, require_cits_erms


@pytest.fixture
def register(tmp_path):
    require_cits_erms()
    return make_register(tmp_path / "leverans", cases=4)


def test_job_file_with_erms_and_a_restriction_override(register, tmp_path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"packages": [{
        "objid": "SE-KS-2023-erms", "spec_version": "2.1.0", "output_dir": "out",
        "submitting_agent": {"name": "Exempelby kommun", "identification_code": "ORG:2120000001"},
        "agents": [{"kind": "archival_creator", "name": "Kommunstyrelsen", "identification_code": "ORG:2120000001"}],
        "erms": {"source": "leverans/ärendeförteckning.csv", "system": "Platina",
                 "restrictions": {"KS 2020/1#1": [{"type": "confidential", "regulation": "OSL 26:1", "until": "2095-01-01"}]}},
    }]}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "out").mkdir()
    planned = load_job(job).packages[0]
    sub = planned.submission
    assert sub.erms is not None and sub.representations[0].folders
    assert (sub.content_category, sub.content_information_type, sub.other_content_information_type) == (
        "Datasets", "OTHER", "citserms_v3_0")
    record = sub.erms.document.aggregations[0].records[0]
    assert [r.label for r in record.restrictions] == ["confidential (OSL 26:1)"]
    assert main(["build", "--job", str(job), "--quiet"]) == 0
    erms = tmp_path / "out" / "SE-KS-2023-erms" / "metadata" / "descriptive" / "erms.xml"
    assert erms_oracle(erms) == []
    root = etree.parse(str(erms)).getroot()
    ns = {"e": "https://DILCIS.eu/XML/ERMS"}
    assert root.xpath("//e:record[1]/e:restriction/e:regulation/text()", namespaces=ns)[0] == "OSL 26:1"
    assert root.xpath("//e:agencyCode/text()", namespaces=ns) == ["2120000001"]
    assert root.xpath("//e:systemInformation//e:name/text()", namespaces=ns) == ["Platina"]


def test_erms_and_sources_together_are_refused(register, tmp_path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"packages": [{"output_dir": ".", "submitting_agent": {"name": "X"},
                                             "sources": ["leverans"], "erms": {"source": "leverans/ärendeförteckning.csv"}}]}),
                   encoding="utf-8")
    with pytest.raises(Exception) as exc:
        load_job(job)
    assert "give exactly one of sources / representations / erms" in str(exc.value)


def test_batch_csv_row_with_erms(register, tmp_path):
    csv_path = tmp_path / "leveranser.csv"
    csv_path.write_text("objid;erms;erms_system;submitting_agent;title;spec_version\n"
                        "KS-erms;leverans/ärendeförteckning.csv;W3D3;Exempelby kommun;Kommunstyrelsens ärenden;2.1.0\n"
                        "KS-vanlig;;;Exempelby kommun;Protokoll;2.2.0\n", encoding="utf-8")
    job = read_csv(csv_path, overrides={"output_dir": str(tmp_path)}, keep_going=True)
    assert [p.submission.objid for p in job.packages] == ["KS-erms"]
    assert [(r.origin, r.error.code) for r in job.rejected] == [("row 3", "csv.missing_cell")]
    out = tmp_path / "out"
    out.mkdir()
    assert main(["batch", str(csv_path), "--output", str(out), "--quiet"]) == 4  # one built, one row refused
    assert erms_oracle(out / "KS-erms" / "metadata" / "descriptive" / "erms.xml") == []
    dc = etree.parse(str(out / "KS-erms" / "metadata" / "descriptive" / "dc.xml")).getroot()
    assert dc.findtext("title") == "Kommunstyrelsens ärenden"
