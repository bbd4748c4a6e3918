"""Job files: schema first (JSON path in the message), then the model (package and field), and the round trip."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from earchive import Agent, AgentKind, DublinCore, EadDescription, KeyValue, MetadataFile, Representation, Submission
from earchive.errors import InvalidInput
from earchive.jobs import (
    job_schema,
    job_to_dict,
    load_job,
    read_job_document,
    submission_from_dict,
    submission_to_dict,
    write_job,
)
from earchive.model import BuildOptions
from earchive.spec import SpecVersion

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "job-example.json"


def write(path: Path, document) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def job_dir(tmp_path: Path) -> Path:
    """A job folder with records beside it: job/records/{a.txt, b.csv} and job/doc.txt."""
    root = tmp_path / "job"
    (root / "records").mkdir(parents=True)
    (root / "records" / "Protokoll 2023-05-11.txt").write_text("Protokoll\n", encoding="utf-8")
    (root / "records" / "b.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (root / "doc.txt").write_text("Dokumentation\n", encoding="utf-8")
    (root / "out").mkdir()
    return root


def minimal(**package) -> dict:
    return {
        "defaults": {"submitting_agent": {"name": "Exempelby kommun"}, "output_dir": "out"},
        "packages": [{"objid": "p1", "sources": ["records"], **package}],
    }


# --- the schema and the example -------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = job_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_example_job_is_valid_and_reaches_every_field_group():
    document = read_job_document(EXAMPLE)
    job = load_job(EXAMPLE, overrides={"output_dir": "/tmp/unused"})
    assert [p.origin for p in job.packages] == ["packages[0]", "packages[1]"]
    first, second = job.submissions
    assert first.objid == "exempelby-ks-2023"
    assert first.content_category == "Textual works – Digital"
    assert first.submitting_agent.identification_code == "ORG:2120000001"
    assert [a.kind for a in first.agents] == [AgentKind.ARCHIVAL_CREATOR, AgentKind.CONTACT, AgentKind.PRESERVATION]
    assert [type(d) for d in first.descriptive] == [DublinCore, EadDescription, KeyValue, MetadataFile]
    assert first.previous_reference_codes == ["KS-ARKIV-2022"]
    # Relative paths resolve against docs/, the job file's folder, and point at the bundled records.
    assert first.representations[0].sources == [
        ROOT / "resources" / "example" / "records" / "Kommunstyrelsen 2023",
        ROOT / "resources" / "example" / "records" / "Diarium",
    ]
    assert all(p.exists() for p in first.representations[0].sources + first.documentation)
    # Defaults reach the second package; its own fields win.
    assert second.spec_version is SpecVersion.V2_1_0
    assert second.submission_agreement == "LÖ 2023:4"
    assert job.packages[1].options.as_zip is True
    assert job.packages[0].options.as_zip is False
    assert document["job_format"] == 1


# --- schema errors name the JSON path --------------------------------------------------


def test_bad_spec_version_names_the_json_path(job_dir: Path):
    doc = minimal()
    doc["defaults"]["spec_version"] = "2.3.0"
    path = write(job_dir / "job.json", doc)
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    assert exc.value.code == "job.schema.enum"
    assert exc.value.message("en") == f'{path}: $.defaults.spec_version: "2.3.0" is not allowed. Allowed: "2.2.0", "2.1.0".'
    assert exc.value.message("sv") == f'{path}: $.defaults.spec_version: "2.3.0" är inte tillåtet. Tillåtna värden: "2.2.0", "2.1.0".'


def test_unknown_field_names_the_package_and_the_allowed_fields(job_dir: Path):
    path = write(job_dir / "job.json", minimal(titel="Protokoll"))
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    message = exc.value.message("en")
    assert exc.value.code == "job.schema.unknown_field"
    assert message.startswith(f'{path}: $.packages[0]: unknown field "titel". Check the spelling; allowed here: ')
    assert "label, max_package_files, max_package_size, name, objid" in message and "submitting_agent" in message


def test_unknown_field_in_a_nested_agent(job_dir: Path):
    doc = minimal(agents=[{"kind": "archival_creator", "name": "KS", "code": "x"}])
    path = write(job_dir / "job.json", doc)
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    assert exc.value.message("en").startswith(f'{path}: $.packages[0].agents[0]: unknown field "code".')


def test_missing_submitting_agent_names_the_package(job_dir: Path):
    doc = minimal()
    del doc["defaults"]["submitting_agent"]
    path = write(job_dir / "job.json", doc)
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    assert exc.value.message("en") == (
        f'{path}: $.packages[0]: no submitting agent. Add "submitting_agent": {{"name": ...}} '
        'to the package or to "defaults" (SIP15, MUST).'
    )


def test_submitting_agent_in_the_package_is_enough(job_dir: Path):
    doc = minimal(submitting_agent={"name": "Arkivet", "type": "INDIVIDUAL"})
    del doc["defaults"]["submitting_agent"]
    job = load_job(write(job_dir / "job.json", doc))
    assert job.submissions[0].submitting_agent.type == "INDIVIDUAL"


def test_sources_and_representations_are_exclusive(job_dir: Path):
    doc = minimal(representations=[{"sources": ["records"]}])
    path = write(job_dir / "job.json", doc)
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    assert exc.value.message("en") == f"{path}: $.packages[0]: give exactly one of sources / representations / erms."


def test_wrong_type_and_empty_list(job_dir: Path):
    path = write(job_dir / "job.json", minimal(zip="yes"))
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    assert exc.value.message("en") == f'{path}: $.packages[0].zip: "yes" has the wrong type; give a boolean.'
    path = write(job_dir / "job2.json", {"packages": []})
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    assert exc.value.message("en") == f"{path}: $.packages: [] is empty. Give a value or remove the field."


def test_not_json_names_line_and_column(job_dir: Path):
    path = job_dir / "job.json"
    path.write_text('{\n  "packages": [\n    {"objid": "a",}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    assert exc.value.code == "job.not_json"
    assert exc.value.message("en").startswith(f"{path} is not valid JSON (line 3, column 19: ")


def test_missing_job_file(tmp_path: Path):
    with pytest.raises(InvalidInput) as exc:
        load_job(tmp_path / "nope.json")
    assert exc.value.message("en") == f"The job file {tmp_path / 'nope.json'} does not exist. Check the path."


def test_utf8_bom_is_accepted(job_dir: Path):
    path = job_dir / "job.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal()).encode("utf-8"))
    assert load_job(path).submissions[0].objid == "p1"


# --- model errors name the package and the field ----------------------------------------


def test_model_error_names_package_objid_and_field(job_dir: Path):
    doc = minimal()
    doc["packages"].append({"objid": "p2", "sources": ["records"], "content_category": "Protokoll"})
    path = write(job_dir / "job.json", doc)
    with pytest.raises(InvalidInput) as exc:
        load_job(path)
    message = exc.value.message("en")
    assert message.startswith(f"{path}: $.packages[1] (objid p2): content_category: 'Protokoll' is not allowed. Allowed: ")
    assert '"Textual works – Digital"' in message
    assert exc.value.message("sv").startswith(f"{path}: $.packages[1] (objid p2): innehållskategori (content_category): 'Protokoll' är inte tillåtet.")


def test_keep_going_lists_refused_packages_and_keeps_the_others(job_dir: Path):
    doc = minimal()
    doc["packages"] += [
        {"objid": "p2", "sources": ["records"], "record_status": "GAMMAL"},
        {"objid": "p3", "sources": ["saknas"]},
        {"objid": "P1", "sources": ["records"]},
    ]
    job = load_job(write(job_dir / "job.json", doc), keep_going=True)
    assert [p.submission.objid for p in job.packages] == ["p1"]
    assert [(r.origin, r.objid) for r in job.rejected] == [("packages[1]", "p2"), ("packages[2]", "p3"), ("packages[3]", "P1")]
    assert "record_status: 'GAMMAL' is not allowed" in job.rejected[0].error.message("en")
    assert job.rejected[1].error.message("en").endswith(
        f"The source {job_dir / 'saknas'} does not exist. Check the path, or remove it from the job."
    )
    assert job.rejected[2].error.message("en") == (
        f'{job_dir / "job.json"}: packages[0] and packages[3] have the same objid "P1". Give every package its own objid.'
    )


def test_no_output_folder_anywhere(job_dir: Path):
    doc = minimal()
    del doc["defaults"]["output_dir"]
    with pytest.raises(InvalidInput) as exc:
        load_job(write(job_dir / "job.json", doc))
    assert exc.value.message("en").endswith('No output folder: give --output DIR (or "output_dir" in the job file).')


# --- paths, defaults, overrides ----------------------------------------------------------


def test_relative_paths_resolve_against_the_job_folder_not_the_cwd(job_dir: Path, tmp_path: Path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    doc = minimal(documentation=["doc.txt"], descriptive={"files": [{"path": "doc.txt", "mdtype": "OTHER"}]})
    job = load_job(write(job_dir / "job.json", doc))
    sub, options = job.packages[0].submission, job.packages[0].options
    assert sub.representations[0].sources == [job_dir / "records"]
    assert sub.documentation == [job_dir / "doc.txt"]
    assert sub.descriptive[0].path == job_dir / "doc.txt"
    assert options.output_dir == job_dir / "out"


def test_command_line_defaults_sit_below_the_job_and_overrides_above(job_dir: Path, tmp_path: Path):
    doc = minimal(record_status="SUPPLEMENT")
    cli_defaults = {"record_status": "TEST", "reference_code": "SE/KS", "output_dir": str(tmp_path)}
    job = load_job(write(job_dir / "job.json", doc), cli_defaults=cli_defaults,
                   overrides={"output_dir": str(tmp_path / "x"), "zip": True})
    sub, options = job.packages[0].submission, job.packages[0].options
    assert sub.record_status == "SUPPLEMENT"  # the package wins over the command line default
    assert sub.reference_code == "SE/KS"  # the command line default fills a gap
    assert options.output_dir == tmp_path / "x" and options.as_zip is True  # --output/--zip replace the job's


def test_package_field_replaces_the_default_as_a_whole(job_dir: Path):
    doc = minimal(agents=[{"kind": "contact", "name": "Johan Ek"}])
    doc["defaults"]["agents"] = [{"kind": "archival_creator", "name": "KS"}]
    job = load_job(write(job_dir / "job.json", doc))
    assert [(a.kind, a.name) for a in job.submissions[0].agents] == [(AgentKind.CONTACT, "Johan Ek")]


# --- round trip (the GUI's project files) ----------------------------------------------


@pytest.fixture
def rich_submission(job_dir: Path) -> Submission:
    outside = job_dir.parent / "elsewhere" / "own.xml"
    outside.parent.mkdir()
    outside.write_text("<own/>", encoding="utf-8")
    return Submission(
        submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelby kommun", identification_code="ORG:2120000001",
                               notes=["Registratur"]),
        representations=[
            Representation("rep1", [job_dir / "records"], documentation=[job_dir / "doc.txt"],
                           metadata=[job_dir / "records" / "b.csv"], content_information_type="MIXED"),
            Representation("rep2.pdf", [job_dir / "records" / "b.csv"]),
        ],
        objid="ks-2023",
        label="Protokoll 2023",
        content_category="OTHER",
        other_content_category="Protokollsamling",
        content_information_type="OTHER",
        other_content_information_type="FGS Personal",
        record_status="SUPPLEMENT",
        submission_agreement="LÖ 2023:4",
        previous_submission_agreements=["LÖ 2022:1", "LÖ 2021:7"],
        reference_code="SE/KS/2023",
        previous_reference_codes=["KS-2022"],
        agents=[
            Agent(AgentKind.ARCHIVAL_CREATOR, "Kommunstyrelsen", type="INDIVIDUAL"),
            Agent(AgentKind.CONTACT, "Johan Ek", notes=["johan.ek@exempelby.se"]),
            Agent(AgentKind.PRESERVATION, "Kommunarkivet", identification_code="ORG:1"),
            Agent(AgentKind.OTHER, "Revisorn", role="OTHER", other_role="AUDITOR", type="OTHER", other_type="ROBOT"),
        ],
        descriptive=[
            DublinCore({"title": ["Protokoll 2023"], "subject": ["Protokoll", "Beslut"], "date": ["2023"]}),
            EadDescription("KS arkiv", unitid="KS", level="otherlevel", otherlevel="volym", unitdate_normal="2023"),
            KeyValue([("title", "Protokoll"), ("ämne", "a"), ("ämne", "b")]),
            MetadataFile(job_dir / "doc.txt", mdtype="EAD", mdtype_version="2002"),
            MetadataFile(outside, mdtype="OTHER", other_mdtype="FGS-ARKIV"),
        ],
        documentation=[job_dir / "doc.txt"],
        other_metadata=[job_dir / "records" / "b.csv"],
        spec_version="2.1.0",
        checksum_algorithm="SHA-512",
        roda_parent_id="aip-123",
    )


def test_submission_round_trips_through_a_dict(rich_submission: Submission, job_dir: Path):
    data = submission_to_dict(rich_submission, job_dir)
    assert data["representations"][0]["sources"] == ["records"]  # relative to the project folder
    assert data["descriptive"]["files"][1]["path"] == str(job_dir.parent / "elsewhere" / "own.xml")  # outside: absolute
    assert data["descriptive"]["key_value"] == [["title", "Protokoll"], ["ämne", "a"], ["ämne", "b"]]
    again = submission_from_dict(json.loads(json.dumps(data)), job_dir)
    assert again == rich_submission


def test_job_document_round_trips_and_is_schema_valid(rich_submission: Submission, job_dir: Path):
    path = job_dir / "projekt.json"
    write_job(path, [rich_submission], BuildOptions(job_dir / "out", as_zip=True, name="paket"))
    jsonschema.Draft202012Validator(job_schema()).validate(json.loads(path.read_text(encoding="utf-8")))
    job = load_job(path)
    assert job.submissions == [rich_submission]
    assert job.packages[0].options.as_zip is True and job.packages[0].options.name == "paket"
    assert not list(job_dir.glob("*.partial"))


def test_submission_from_dict_checks_the_schema_and_the_submitter(job_dir: Path):
    with pytest.raises(InvalidInput) as exc:
        submission_from_dict({"sources": ["records"], "labell": "x", "submitting_agent": {"name": "A"}}, job_dir)
    assert exc.value.message("en").startswith('package: $: unknown field "labell".')
    with pytest.raises(InvalidInput) as exc:
        submission_from_dict({"sources": ["records"]}, job_dir)
    assert exc.value.code == "error.required" and exc.value.params["field"] == "submitting_agent"


def test_job_to_dict_without_options_has_no_defaults(rich_submission: Submission):
    document = job_to_dict([rich_submission])
    assert set(document) == {"job_format", "packages"}
    other = copy.deepcopy(document)
    other["defaults"] = {"output_dir": "out"}
    jsonschema.Draft202012Validator(job_schema()).validate(other)
