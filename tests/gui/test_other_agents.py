"""The Agents tab's "Other agents": agents of any METS ROLE and TYPE (FGS's EDITOR, OTHER/PRODUCER),
edited in the form, undone, saved in the project, written to METS.xml, in Swedish, and checked."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from earchive import precheck
from earchive.profiles import DeliveryProfile, load_profile, save_profile
from earchive_gui import i18n
from earchive_gui import plan as P

NS = {"mets": "http://www.loc.gov/METS/", "csip": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"}

#: What the two agents typed in :func:`_add_two_agents` become in the package dictionary.
TWO_AGENTS = [
    {"kind": "other", "role": "EDITOR", "type": "ORGANIZATION", "name": "Konsult AB",
     "identification_code": "ORG:5561234567", "notes": ["Uppdrag 2023-14"]},
    {"kind": "other", "role": "OTHER", "other_role": "PRODUCER", "type": "OTHER", "other_type": "SOFTWARE",
     "name": "Exa arkivsystem"},
]


def _wait_checked(qtbot, window) -> None:
    window.checker.check_now()
    qtbot.waitUntil(lambda: not window.checker.running, timeout=15000)


def _choose(combo, value: str) -> None:
    """Pick an item as the user does (activated is what the form listens to)."""
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _add_two_agents(qtbot, window, key: str) -> None:
    """The first agent with the Add button, the second with Insert in the list; every field typed."""
    editor = window.editor
    window.plan_view.select_packages([key])
    editor.tabs.setCurrentWidget(editor.agents_tab)
    f = {k.split(".", 1)[1]: field.widget for k, field in editor.other_fields.items()}
    qtbot.mouseClick(editor.other_buttons["add"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(f["name"], "Konsult AB")
    _choose(f["role"], "EDITOR")
    qtbot.keyClicks(f["identification_code"], "ORG:5561234567")
    qtbot.keyClicks(f["notes"], "Uppdrag 2023-14")
    editor.other_table.setFocus()
    qtbot.keyClick(editor.other_table, Qt.Key.Key_Insert)
    assert editor.other_table.rowCount() == 2 and editor.other_table.currentRow() == 1
    qtbot.keyClicks(f["name"], "Exa arkivsystem")
    assert f["other_role"].isEnabled(), "the role of a new agent is OTHER: its name is asked for"
    qtbot.keyClicks(f["other_role"], "PRODUCER")
    _choose(f["type"], "OTHER")
    assert f["other_type"].isEnabled()
    qtbot.keyClicks(f["other_type"], "SOFTWARE")


def test_add_two_agents_in_the_form_with_one_undo_step_per_edit(qtbot, window, records: Path):
    (key,) = window.make_packages([str(records)], "one")
    stack = window.controller.undo_stack
    start = stack.count()
    _add_two_agents(qtbot, window, key)
    pkg = window.controller.plan.packages[key]
    assert pkg["agents"] == TWO_AGENTS
    # add, name, role, code, notes; add, name, other role, type, other type: typing in a field merges.
    assert stack.count() - start == 10
    assert stack.undoText() == "Edit Other agents"
    table = window.editor.other_table
    assert [table.item(r, c).text() for r in range(2) for c in range(3)] == [
        "Konsult AB", "Editor (EDITOR)", "Organisation", "Exa arkivsystem", "Other: PRODUCER", "Other: SOFTWARE"]

    stack.undo()  # the other type
    assert "other_type" not in window.controller.plan.packages[key]["agents"][1]
    assert window.editor.other_fields["other_agent.other_type"].widget.text() == ""
    for _ in range(4):
        stack.undo()
    assert window.controller.plan.packages[key]["agents"] == TWO_AGENTS[:1], "five undos remove the second agent"
    assert table.rowCount() == 1
    for _ in range(5):
        stack.undo()
    assert "agents" not in window.controller.plan.packages[key]
    assert table.rowCount() == 0 and not window.editor.other_detail.isEnabled()
    for _ in range(10):
        stack.redo()
    assert window.controller.plan.packages[key]["agents"] == TWO_AGENTS

    # Move with Alt+Up in the list, remove with Delete; each is one undo step.
    table.setFocus()
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [a["name"] for a in window.controller.plan.packages[key]["agents"]] == ["Exa arkivsystem", "Konsult AB"]
    assert table.currentRow() == 0 and stack.undoText() == "Move agent"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert [a["name"] for a in window.controller.plan.packages[key]["agents"]] == ["Konsult AB"]
    assert stack.undoText() == "Remove agent"
    stack.undo()
    stack.undo()
    assert window.controller.plan.packages[key]["agents"] == TWO_AGENTS
    # The agent slots stay first and untouched.
    window.controller.set_field([key], "agent:archival_creator.name", "Kommunstyrelsen")
    assert [a["kind"] for a in window.controller.plan.packages[key]["agents"]] == ["archival_creator", "other", "other"]
    assert window.editor.other_table.rowCount() == 2


def test_other_agents_are_saved_in_the_project_and_reopened(qtbot, window, records: Path, tmp_path: Path, settings):
    from earchive_gui.main_window import MainWindow

    (key,) = window.make_packages([str(records)], "one")
    _add_two_agents(qtbot, window, key)
    path = tmp_path / "leverans.earchive.json"
    assert window.write_project(str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["job"]["packages"][0]["agents"] == TWO_AGENTS

    other = MainWindow(settings, data_dir=tmp_path / "appdata2", ask_recovery=False)
    qtbot.addWidget(other)
    assert other.open_project(str(path))
    (reopened,) = other.controller.plan.order
    assert other.controller.plan.packages[reopened]["agents"] == TWO_AGENTS
    other.plan_view.select_packages([reopened])
    assert other.editor.other_table.rowCount() == 2
    assert other.editor.other_fields["other_agent.name"].widget.text() == "Konsult AB"

    # A project saved before there were other agents opens with an empty list.
    del document["job"]["packages"][0]["agents"]
    old = tmp_path / "old.earchive.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    assert other.open_project(str(old))
    other.plan_view.select_packages(other.controller.plan.order)
    assert other.editor.other_table.rowCount() == 0
    assert other.editor.other_buttons["add"].isEnabled() and not other.editor.other_buttons["remove"].isEnabled()
    other.controller.undo_stack.setClean()
    other.close()


def test_built_package_has_the_agents_in_its_mets_header(qtbot, window, records: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    _add_two_agents(qtbot, window, key)
    _wait_checked(qtbot, window)
    assert not [f.message("en") for f in window.checker.results[key] if f.blocks_build]
    with qtbot.waitSignal(window.build_finished, timeout=60000) as blocker:
        assert window.build([key], output_dir=str(out)) is not None
    (outcome,) = blocker.args[0]
    assert outcome.error is None, outcome.error
    mets = etree.parse(str(Path(outcome.result.package_path) / "METS.xml"))
    agents = mets.findall("mets:metsHdr/mets:agent", NS)
    # The software agent (CSIP10), the submitting agent (SIP15), then the other agents in order.
    assert [a.findtext("mets:name", namespaces=NS) for a in agents[1:]] == ["Exempelby kommun", "Konsult AB", "Exa arkivsystem"]
    editor_agent, producer = agents[2], agents[3]
    assert dict(editor_agent.attrib) == {"ROLE": "EDITOR", "TYPE": "ORGANIZATION"}
    notes = [(n.get(f"{{{NS['csip']}}}NOTETYPE"), n.text) for n in editor_agent.findall("mets:note", NS)]
    assert notes == [("IDENTIFICATIONCODE", "ORG:5561234567"), (None, "Uppdrag 2023-14")]
    assert dict(producer.attrib) == {"ROLE": "OTHER", "OTHERROLE": "PRODUCER", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}
    assert producer.findall("mets:note", NS) == []


def test_swedish_labels_after_a_language_switch(qtbot, window, records: Path, settings):
    (key,) = window.make_packages([str(records)], "one")
    _add_two_agents(qtbot, window, key)
    settings.set("prefs/language", "sv")
    window._apply_preferences()
    assert i18n.language() == "sv"
    editor = window.editor
    assert editor.other_box.title() == "Övriga aktörer"
    assert [editor.other_table.horizontalHeaderItem(c).text() for c in range(3)] == ["Namn", "Roll", "Typ"]
    assert [editor.other_table.item(1, c).text() for c in range(3)] == ["Exa arkivsystem", "Annan: PRODUCER", "Annan: SOFTWARE"]
    assert [b.text() for b in editor.other_buttons.values()] == ["Lägg till aktör", "Ta bort aktör", "Flytta upp", "Flytta ned"]
    role = editor.other_fields["other_agent.role"]
    assert role.label.text() == "Roll:" and editor.other_fields["other_agent.other_role"].label.text() == "Annan roll:"
    assert role.widget.itemText(role.widget.findData("EDITOR")) == "Redaktör (EDITOR)"
    assert role.widget.accessibleName() == "Roll för den valda övriga aktören"
    assert editor.other_table.accessibleName() == "Övriga aktörer"
    settings.set("prefs/language", "en")
    window._apply_preferences()
    assert editor.other_box.title() == "Other agents"
    assert role.widget.currentText() == "Other, named in \"Other role\" (OTHER)"


def test_other_without_other_role_is_a_problem_that_selects_the_row(qtbot, window, records: Path):
    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    window.controller.set_field([key], P.OTHER_AGENTS, [
        {"role": "EDITOR", "name": "Konsult AB"},
        {"role": "OTHER", "name": "Exa arkivsystem"},
    ])
    _wait_checked(qtbot, window)
    (finding,) = [f for f in window.checker.results[key] if f.blocks_build]
    assert finding.field == "agents[1].other_role"
    message = "agent other_role is required: an agent with role OTHER needs other_role, e.g. SUBMITTER"
    assert finding.message("en") == message
    tree = window.problems.tree
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [r.text(2) for r in rows] == [message]
    # Somewhere else first, then click the problem: the Agents tab, the row and its field.
    window.editor.tabs.setCurrentWidget(window.editor.header_tab)
    window.editor.other_table.setCurrentCell(0, 0)
    tree.itemClicked.emit(rows[0], 0)
    editor = window.editor
    assert editor.tabs.currentWidget() is editor.agents_tab
    assert editor.other_table.currentRow() == 1
    other_role = editor.other_fields["other_agent.other_role"]
    assert other_role.problem.isVisibleTo(editor) and other_role.problem.text() == message
    assert QApplication.focusWidget() is other_role.widget or not window.isActiveWindow()
    assert editor.other_table.item(1, 0).toolTip() == message and editor.other_table.item(0, 0).toolTip() == ""
    # Selecting the other row moves the problem under the list, naming the agent.
    editor.other_table.setCurrentCell(0, 0)
    assert not other_role.problem.isVisibleTo(editor)
    assert editor.other_problem.text() == f"Agent 2 (Exa arkivsystem): {message}"
    # Typing the other role fixes it.
    editor.other_table.setCurrentCell(1, 0)
    qtbot.keyClicks(other_role.widget, "PRODUCER")
    _wait_checked(qtbot, window)
    assert not [f for f in window.checker.results[key] if f.blocks_build]
    assert not other_role.problem.isVisibleTo(editor)


def test_precheck_and_locate_point_at_the_agent_field():
    pkg = {"submitting_agent": {"name": "Exempelby kommun"}, "representations": [{"name": "rep1", "sources": ["/x"]}],
           "agents": [{"kind": "contact", "name": "Åsa"},
                      {"kind": "other", "role": "OTHER", "name": "A"},
                      {"kind": "other", "role": "BOSS", "name": "B"},
                      {"kind": "other", "type": "OTHER", "name": "C", "other_role": "PRODUCER", "role": "OTHER"}]}
    agent_findings = {f.field: f.code for f in precheck.check_package_dict(pkg) if f.field.startswith("agents")}
    assert agent_findings == {"agents[1].other_role": "error.required", "agents[2].role": "error.invalid_value",
                              "agents[3].other_type": "error.required"}
    assert P.locate(pkg, "agents[1].other_role").form_key == "other_agent[0].other_role"
    assert P.locate(pkg, "agents[3].other_type").form_key == "other_agent[2].other_type"
    assert P.locate(pkg, "agents[0].name").form_key == "agent:contact.name"
    assert P.other_agent_key("other_agent[2].other_type") == (2, "other_type")


def test_a_delivery_profile_carries_the_other_agents(qtbot, window, records: Path, tmp_path: Path):
    (tmp_path / "B").mkdir()
    first, second = window.make_packages([str(records), str(tmp_path / "B")], "per_folder")
    window.controller.set_field([first], "agent:submitter.name", "Exempelby kommun")
    window.controller.set_field([first], P.OTHER_AGENTS, TWO_AGENTS)
    pkg = window.controller.plan.packages[first]
    values = {k: pkg[k] for k in P.PROFILE_FIELDS if pkg.get(k) not in (None, "", [])}  # as "Save as profile" does
    save_profile(DeliveryProfile(name="FGS-leverans", defaults=values), tmp_path / "fgs.json")
    profile = load_profile(tmp_path / "fgs.json")
    assert window.controller.apply_profile([second], profile.package_values, profile.name)
    assert window.controller.plan.packages[second]["agents"] == TWO_AGENTS
