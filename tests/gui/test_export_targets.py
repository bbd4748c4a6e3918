"""Saved target configurations: stored, reloaded, shared as a file, edited in the "Targets…" dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from earchive.errors import InvalidInput
from earchive.export.target import Target, TargetKind
from earchive_gui import i18n
from earchive_gui.targets import (
    TargetEditor,
    TargetsDialog,
    TargetStore,
    export_targets,
    layout_of,
    read_target_file,
)


def _roda() -> Target:
    return Target(kind="roda", name="RODA test", url="https://roda.example.se", user="anna", parent_id="fonds-42")


def _am() -> Target:
    return Target(kind="archivematica", name="Archivematica kommun", url="https://am.example.se", user="api",
                  folder="/mnt/transfer", location_uuid="6f2f-0001", transfer_type="zipped bag")


def test_targets_are_saved_and_reloaded(tmp_path: Path):
    path = tmp_path / "appdata" / "targets.json"
    store = TargetStore(path)
    assert store.targets == [] and store.load_error is None
    store.add(_roda())
    store.add(_am())
    store.mark_used(store.get("Archivematica kommun"))
    store.save()

    again = TargetStore(path)
    assert [t.to_json() for t in again.targets] == [_roda().to_json(), _am().to_json()]
    assert again.get("RODA test").parent_id == "fonds-42"
    assert again.get("Archivematica kommun").kind is TargetKind.ARCHIVEMATICA
    assert again.last_used == {"archivematica": "Archivematica kommun"}
    assert again.preferred("archivematica").name == "Archivematica kommun"
    assert again.preferred("roda").name == "RODA test"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "earchive-targets" and data["version"] == 1
    assert not list(path.parent.glob("*.tmp")), "written through a temporary sibling, renamed at the end"


def test_add_edit_duplicate_remove_keep_names_unique(tmp_path: Path):
    store = TargetStore(tmp_path / "targets.json")
    store.add(_roda())
    assert store.add(_roda()).name == "RODA test (2)"
    copy = store.duplicate("RODA test")
    assert copy.name == "RODA test (copy)" and copy.url == "https://roda.example.se"
    assert store.names() == ["RODA test", "RODA test (copy)", "RODA test (2)"]
    store.mark_used(store.get("RODA test"))
    edited = store.update("RODA test", Target(kind="roda", name="RODA produktion", url="https://roda.arkiv.se", user="anna"))
    assert edited.name == "RODA produktion" and store.names()[0] == "RODA produktion"
    assert store.last_used == {"roda": "RODA produktion"}, "the last used target follows its new name"
    assert store.update("RODA test (2)", _roda()).name == "RODA test", "the old name is free again"
    store.remove("RODA produktion")
    assert store.names() == ["RODA test (copy)", "RODA test"]
    assert store.last_used == {}


def test_a_shared_target_file_round_trips_and_is_added_under_free_names(tmp_path: Path):
    shared = tmp_path / "share" / "arkivets-mal.json"
    export_targets([_roda(), _am()], shared)
    assert [t.to_json() for t in read_target_file(shared)] == [_roda().to_json(), _am().to_json()]

    colleague = TargetStore(tmp_path / "colleague" / "targets.json")
    colleague.add(Target(kind="roda", name="RODA test", url="https://other.example.se"))
    added = colleague.import_file(shared)
    assert [t.name for t in added] == ["RODA test (2)", "Archivematica kommun"]
    assert colleague.get("RODA test (2)").url == "https://roda.example.se"
    assert colleague.get("RODA test").url == "https://other.example.se", "an existing target is never overwritten"


def test_a_file_with_a_password_or_of_another_kind_is_refused(tmp_path: Path):
    leaky = tmp_path / "leaky.json"
    entry = {**_roda().to_json(), "password": "hemligt"}
    leaky.write_text(json.dumps({"format": "earchive-targets", "version": 1, "targets": [entry]}), encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read_target_file(leaky)
    assert info.value.code == "export.target_unknown_keys" and info.value.params["keys"] == "password"

    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"name": "a delivery profile"}), encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read_target_file(profile)
    assert info.value.code == "gui.targets.not_a_target_file"
    assert info.value.message("sv") == f"{profile} är ingen målfil från earchive. Exportera mål från earchives dialog \"Mål…\" för att dela dem."

    broken = tmp_path / "targets.json"
    broken.write_text("{not json", encoding="utf-8")
    store = TargetStore(broken)
    assert store.targets == [] and store.load_error is not None and store.load_error.code == "gui.targets.unreadable"


def test_editor_shows_the_fields_of_the_kind_and_builds_the_target(qtbot):
    editor = TargetEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.set_target(None, "roda")
    assert editor.parent_id.isVisible() and editor.auth.isVisible()
    assert not editor.location_uuid.isVisible() and not editor.layout_box.isVisible()
    editor.name.setText("RODA test")
    editor.url.setText("https://roda.example.se/")
    editor.auth.setCurrentIndex(editor.auth.findData("access-key"))
    assert not editor.user.isVisible(), "an access key needs no user name"
    target = editor.target()
    assert (target.kind, target.url, target.auth, target.user) == (TargetKind.RODA, "https://roda.example.se", "access-key", "")

    editor.kind.setCurrentIndex(editor.kind.findData("archivematica"))
    assert editor.location_uuid.isVisible() and editor.layout_box.isVisible() and not editor.parent_id.isVisible()
    assert editor.labels["folder"].text() == "Transfer source folder:"
    editor.user.setText("api")
    editor.layout_box.setCurrentIndex(editor.layout_box.findData("zipped-bag"))
    target = editor.target()
    assert target.kind is TargetKind.ARCHIVEMATICA and target.transfer_type == "zipped bag" and layout_of(target) == "zipped-bag"
    assert target.parent_id == "" and target.auth == "basic"

    editor.url.clear()
    with pytest.raises(InvalidInput) as info:
        editor.target()
    assert info.value.code == "export.target_needs_url_or_folder"

    i18n.set_language("sv")
    assert editor.labels["folder"].text() == "Överföringskällmapp:"
    assert editor.kind.itemText(0) == "RODA (eller ETERNA)"


def test_targets_dialog_adds_duplicates_removes_imports_and_exports(qtbot, tmp_path: Path):
    store = TargetStore(tmp_path / "targets.json")
    dialog = TargetsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    asked = []
    dialog.ask = lambda kind, title, text: asked.append((kind, text)) or QMessageBox.StandardButton.Yes
    dialog.edit_target = lambda target: _roda() if target is None else Target(**{**target.to_json(), "user": "bertil"})
    assert not dialog.buttons["edit"].isEnabled() and not dialog.buttons["export"].isEnabled()

    qtbot.mouseClick(dialog.buttons["add"], Qt.MouseButton.LeftButton)
    assert store.names() == ["RODA test"] and dialog.list.count() == 1
    assert dialog.list.item(0).text() == "RODA test\nRODA (or ETERNA) · https://roda.example.se as anna"
    qtbot.mouseClick(dialog.buttons["edit"], Qt.MouseButton.LeftButton)
    assert store.get("RODA test").user == "bertil"
    qtbot.mouseClick(dialog.buttons["duplicate"], Qt.MouseButton.LeftButton)
    assert store.names() == ["RODA test", "RODA test (copy)"] and dialog.current_name() == "RODA test (copy)"
    qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)
    assert asked[-1][0] == "question" and "RODA test (copy)" in asked[-1][1]
    assert store.names() == ["RODA test"]

    shared = tmp_path / "shared.json"
    dialog.choose_file = lambda mode: str(shared)
    qtbot.mouseClick(dialog.buttons["export"], Qt.MouseButton.LeftButton)
    assert [t.name for t in read_target_file(shared)] == ["RODA test"]
    qtbot.mouseClick(dialog.buttons["import"], Qt.MouseButton.LeftButton)
    assert store.names() == ["RODA test", "RODA test (2)"]
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    dialog.choose_file = lambda mode: str(bad)
    qtbot.mouseClick(dialog.buttons["import"], Qt.MouseButton.LeftButton)
    assert asked[-1] == ("warning", f"{bad} is not an earchive target file. Export targets from earchive's \"Targets…\" dialog to share them.")

    assert not store.path.exists(), "nothing is written before OK"
    dialog.accept()
    assert TargetStore(store.path).names() == ["RODA test", "RODA test (2)"]


def test_targets_dialog_cancel_forgets_the_changes(qtbot, tmp_path: Path):
    store = TargetStore(tmp_path / "targets.json")
    store.add(_roda())
    store.save()
    dialog = TargetsDialog(store)
    qtbot.addWidget(dialog)
    dialog.ask = lambda *a: QMessageBox.StandardButton.Yes
    dialog.remove()
    assert store.names() == []
    dialog.reject()
    assert store.names() == ["RODA test"] and TargetStore(store.path).names() == ["RODA test"]
