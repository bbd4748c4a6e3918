"""The GUI's Qt-free parts: making packages from a selection, form keys, project files, autosave, settings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from earchive.errors import InvalidInput
from earchive.jobs import submission_from_dict
from earchive_gui import plan as P
from earchive_gui import project
from earchive_gui.settings import SETTINGS_VERSION, MemoryStore, Settings, migrate


def test_one_package_for_everything(records: Path):
    pkgs = P.packages_from_paths([str(records)], "one")
    assert len(pkgs) == 1
    pkg = pkgs[0]
    assert pkg["label"] == "Kommunstyrelsen"
    assert pkg["descriptive"] == {"dc": {"title": "Kommunstyrelsen"}}
    assert pkg["representations"] == [{"name": "rep1", "sources": [str(records)]}]
    assert pkg["objid"].startswith("uuid-")


def test_one_package_per_folder_splits_a_single_folder_into_its_subfolders(records: Path):
    (records / "Diarium").mkdir()
    (records / "Diarium" / "d.txt").write_text("d", encoding="utf-8")
    pkgs = P.packages_from_paths([str(records)], "per_folder")
    assert [p["label"] for p in pkgs] == ["Diarium", "Protokoll 2023", "Kommunstyrelsen"]
    # The loose files of the folder go together into the last package; Thumbs.db stays out.
    loose = pkgs[-1]["representations"][0]["sources"]
    assert sorted(os.path.basename(s) for s in loose) == ["Beslut å ä ö.txt", "data.csv"]


def test_one_package_per_file_leaves_system_files_out(records: Path):
    pkgs = P.packages_from_paths([str(records)], "per_file")
    labels = sorted(p["label"] for p in pkgs)
    assert labels == ["Beslut å ä ö", "Protokoll 2023-05-11", "data"]


def test_profile_defaults_go_into_every_new_package(records: Path):
    defaults = {"submitting_agent": {"name": "Exempelby kommun"}, "content_category": "Datasets"}
    pkgs = P.packages_from_paths([str(records)], "per_folder", defaults)
    assert all(p["submitting_agent"] == {"name": "Exempelby kommun"} for p in pkgs)
    pkgs[0]["submitting_agent"]["name"] = "changed"
    assert defaults["submitting_agent"]["name"] == "Exempelby kommun", "defaults are copied, not shared"


def test_form_keys_read_and_write_the_job_format(records: Path):
    pkg = P.new_package([str(records)], "Protokoll")
    P.set_field(pkg, "agent:submitter.name", "  Exempelby kommun ")
    P.set_field(pkg, "agent:archival_creator.name", "Kommunstyrelsen")
    P.set_field(pkg, "agent:archival_creator.identification_code", "ORG:2120000001")
    P.set_field(pkg, "agent:contact.notes", "Registrator\n\njohan.ek@exempelby.se")
    P.set_field(pkg, "dc.subject", "Protokoll; Diarier")
    P.set_field(pkg, "dc.title", "Protokoll 2023")
    P.set_field(pkg, "ead.unittitle", "Kommunstyrelsens arkiv")
    P.set_field(pkg, "content_category", "Textual works – Digital")
    P.set_field(pkg, "previous_reference_codes", "A\nB\n")
    P.set_field(pkg, "rep[0].name", "original")
    assert pkg["submitting_agent"] == {"name": "Exempelby kommun"}
    assert pkg["agents"] == [
        {"kind": "archival_creator", "name": "Kommunstyrelsen", "identification_code": "ORG:2120000001"},
        {"kind": "contact", "notes": ["Registrator", "johan.ek@exempelby.se"]},
    ]
    assert pkg["descriptive"]["dc"]["subject"] == ["Protokoll", "Diarier"]
    assert P.get_field(pkg, "dc.subject") == "Protokoll; Diarier"
    assert P.get_field(pkg, "agent:contact.notes") == "Registrator\njohan.ek@exempelby.se"
    assert P.get_field(pkg, "desc:ead") is True and P.get_field(pkg, "desc:kv") is False
    assert pkg["previous_reference_codes"] == ["A", "B"]
    # Clearing every field of an agent removes it; clearing the submitter's name removes the submitter.
    P.set_field(pkg, "agent:contact.notes", "")
    assert [a["kind"] for a in pkg["agents"]] == ["archival_creator"]
    P.set_field(pkg, "agent:contact.name", "Johan Ek")
    sub = submission_from_dict(pkg, validate=False)
    assert sub.submitting_agent.name == "Exempelby kommun"
    assert [a.kind.value for a in sub.agents] == ["archival_creator", "contact"]
    assert sub.representations[0].name == "original"
    assert sub.content_category == "Textual works – Digital"
    P.set_field(pkg, "agent:submitter.name", "")
    assert "submitting_agent" not in pkg


def test_enabling_a_description_carries_the_label_over():
    pkg = P.new_package([], "Räkenskaper 2017")
    P.set_field(pkg, "desc:ead", True)
    assert pkg["descriptive"]["ead"] == {"unittitle": "Räkenskaper 2017", "level": "fonds"}
    P.set_field(pkg, "desc:dc", False)
    assert "dc" not in pkg["descriptive"]


def test_locate_maps_finding_fields_to_form_keys_and_plan_items():
    pkg = {"agents": [{"kind": "contact", "name": ""}]}
    assert P.locate(pkg, "submitting_agent.name").form_key == "agent:submitter.name"
    assert P.locate(pkg, "agents[0].name").form_key == "agent:contact.name"
    assert P.locate(pkg, "descriptive.dc.title").form_key == "dc.title"
    assert P.locate(pkg, "descriptive.ead.unitdate_normal").form_key == "ead.unitdate_normal"
    assert P.locate(pkg, "representations[1].sources").tree == ("rep", 1)
    assert P.locate(pkg, "representations[0].name") == P.Location("rep[0].name", ("rep", 0))
    assert P.locate(pkg, "content_category").form_key == "content_category"


def test_project_round_trip_keeps_paths_relative_to_the_project(tmp_path: Path, records: Path):
    plan = P.Plan(output_dir=str(tmp_path / "out"), target="roda", profile="Exempelby")
    pkg = P.new_package([str(records / "Protokoll 2023")], "Protokoll")
    pkg["documentation"] = [str(records / "data.csv")]
    pkg["submitting_agent"] = {"name": "Exempelby kommun"}
    plan.add(pkg)
    plan.add(P.new_package([str(records)], "Allt"))  # incomplete: no submitting agent yet
    path = tmp_path / ("leverans" + project.SUFFIX)
    project.save_project(plan, path)

    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["earchive_project"] == 1
    assert document["gui"] == {"target": "roda", "profile": "Exempelby"}
    assert document["job"]["job_format"] == 1
    assert document["job"]["defaults"] == {"output_dir": "out"}
    first = document["job"]["packages"][0]
    assert first["representations"][0]["sources"] == ["Kommunstyrelsen/Protokoll 2023"]
    assert first["documentation"] == ["Kommunstyrelsen/data.csv"]
    assert not list(tmp_path.glob("*.partial"))

    # Moved together with the records, the project still finds them.
    moved = tmp_path / "moved"
    moved.mkdir()
    path.rename(moved / path.name)
    records.rename(moved / records.name)
    again = project.load_project(moved / path.name)
    assert again.target == "roda" and again.profile == "Exempelby"
    assert again.output_dir == str(moved / "out")
    pkgs = [p for _, p in again.ordered()]
    assert pkgs[0]["representations"][0]["sources"] == [str(moved / records.name / "Protokoll 2023")]
    assert pkgs[0]["label"] == "Protokoll" and "submitting_agent" not in pkgs[1]


def test_export_job_is_a_job_file_the_cli_reads(tmp_path: Path, records: Path):
    from earchive.jobs import load_job

    plan = P.Plan(output_dir=str(tmp_path / "out"))
    pkg = P.new_package([str(records)], "Allt")
    pkg["submitting_agent"] = {"name": "Exempelby kommun"}
    plan.add(pkg)
    job = tmp_path / "job.json"
    project.export_job(plan, job)
    loaded = load_job(job)
    assert loaded.packages[0].submission.submitting_agent.name == "Exempelby kommun"
    assert loaded.packages[0].options.output_dir == tmp_path / "out"


def test_a_job_file_opens_as_a_project(tmp_path: Path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"job_format": 1, "defaults": {"submission_agreement": "LÖ 1", "zip": True},
                               "packages": [{"label": "A", "sources": ["rec"]}]}), encoding="utf-8")
    plan = project.load_project(job)
    (pkg,) = [p for _, p in plan.ordered()]
    assert pkg["submission_agreement"] == "LÖ 1" and pkg["sources"] == [str(tmp_path / "rec")]
    assert "zip" not in pkg


@pytest.mark.parametrize(
    "content, code",
    [("{not json", "gui.project.not_json"), ('{"something": 1}', "gui.project.not_project"),
     ('{"earchive_project": 99, "job": {"packages": []}}', "gui.project.too_new")],
)
def test_unreadable_projects_are_refused_with_a_reason(tmp_path: Path, content: str, code: str):
    path = tmp_path / "p.earchive.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        project.load_project(path)
    assert info.value.code == code
    assert str(path) in info.value.message("sv")


def test_autosave_of_a_crashed_session_is_found_and_a_running_ones_is_not(tmp_path: Path, records: Path):
    plan = P.Plan()
    plan.add(P.new_package([str(records)], "Allt"))
    saver = project.Autosaver(tmp_path)
    saver.save(plan, project_path="/somewhere/p.earchive.json")
    # Our own (running) session's autosave is not offered.
    assert project.find_recoverable(tmp_path) == []
    # A file left by a process that no longer exists is.
    dead = tmp_path / f"{project.AUTOSAVE_PREFIX}999999999-1{project.SUFFIX}"
    saver.path.rename(dead)
    (found,) = project.find_recoverable(tmp_path)
    assert found.path == dead and found.packages == 1 and found.project == "/somewhere/p.earchive.json"
    recovered = project.recover(found)
    assert [p["label"] for _, p in recovered.ordered()] == ["Allt"]
    saver.discard()  # nothing left to discard: no error


def test_settings_are_typed_and_migrated():
    store = MemoryStore({"language": "sv", "prefs/autosave_minutes": "2"})
    settings = Settings(store)
    assert store["meta/version"] == SETTINGS_VERSION
    assert settings.get("prefs/language") == "sv"
    assert settings.get("prefs/autosave_seconds") == 120
    assert "language" not in store and "prefs/autosave_minutes" not in store
    # QSettings on Linux gives strings back: they are converted to the declared type.
    store["prefs/validate_after_build"] = "false"
    assert settings.get("prefs/validate_after_build") is False
    settings.set("prefs/recent_projects", ["a"])
    settings.add_recent_project("b")
    assert settings.get("prefs/recent_projects") == ["b", "a"]
    with pytest.raises(TypeError):
        settings.set("prefs/autosave_seconds", "60")
    # Window state is kept apart from preferences: resetting preferences keeps it.
    settings.set("state/geometry", b"\x01\x02")
    settings.reset_preferences()
    assert settings.get("state/geometry") == b"\x01\x02"
    assert settings.get("prefs/language") == "system"
    assert migrate(store) == SETTINGS_VERSION
