"""Delivery profiles: shareable JSON files, checked against their schema and the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from earchive.errors import InvalidInput
from earchive.profiles import DeliveryProfile, find_profiles, load_profile, profile_from_dict, save_profile

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "profiles"


def test_the_example_profiles_load():
    entries = find_profiles([EXAMPLES])
    assert len(entries) >= 3
    assert all(e.profile is not None for e in entries), [e.error.message("en") for e in entries if e.error]
    fgs = [e.profile for e in entries if e.profile.defaults.get("spec_version") == "2.1.0"]
    assert fgs and fgs[0].name.startswith("FGS")


def test_round_trip(tmp_path: Path):
    profile = DeliveryProfile(
        name="Exempelby → RODA", target="roda",
        defaults={"submitting_agent": {"name": "Exempelby kommun", "type": "ORGANIZATION"},
                  "agents": [{"kind": "preservation", "name": "Arkivet"}],
                  "content_category": "Textual works - Digital", "spec_version": "2.1.0", "zip": True},
    )
    path = tmp_path / "p.json"
    save_profile(profile, path)
    again = load_profile(path)
    assert again == profile
    assert again.package_values["agents"] == [{"kind": "preservation", "name": "Arkivet"}]
    assert again.options == {"zip": True}
    assert json.loads(path.read_text(encoding="utf-8"))["profile_format"] == 1


@pytest.mark.parametrize(
    "document, code, words",
    [
        ({"name": "x", "defaults": {"colour": "red"}}, "profile.schema", "colour"),
        ({"name": "x", "defaults": {}, "target": "dspace"}, "profile.schema", "dspace"),
        ({"name": "x", "defaults": {"content_category": "Bogus"}}, "profile.invalid", "Bogus"),
        ({"name": "x", "defaults": {"agents": [{"kind": "preservation", "name": "A", "type": "INDIVIDUAL"}]}}, "profile.invalid", "INDIVIDUAL"),
        ({"name": "x", "defaults": {"content_information_type": "citserms_v3_0", "spec_version": "2.1.0"}}, "profile.invalid", "citserms_v3_0"),
    ],
)
def test_bad_profiles_are_refused_naming_the_problem(document, code, words):
    with pytest.raises(InvalidInput) as info:
        profile_from_dict(document, "shared.json")
    assert info.value.code == code
    assert words in info.value.message("en") and "shared.json" in info.value.message("sv")


def test_a_broken_file_does_not_hide_the_others(tmp_path: Path):
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    save_profile(DeliveryProfile(name="B"), tmp_path / "b.json")
    entries = find_profiles([tmp_path, tmp_path / "missing"])
    assert [e.profile.name if e.profile else None for e in entries] == ["B", None]
    assert entries[1].error.code == "profile.not_json"
