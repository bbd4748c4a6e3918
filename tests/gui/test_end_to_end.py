"""End to end: the real main window turns a folder into a package an archive accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from conftest import wait_checked


def _validator():
    try:
        from earchive.validation import validate_package
    except ImportError:
        return None
    return validate_package


def test_add_folder_fill_in_title_and_submitter_then_build(qtbot, window, records: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()

    # 1. Show the records' parent in the source browser, select the folder, click "One package".
    window.sources.set_root(str(records.parent))
    qtbot.waitUntil(lambda: window.sources.model.index_of(str(records)).isValid(), timeout=5000)
    window.sources.select_paths([str(records)])
    assert window.sources.selected_paths() == [str(records)]
    qtbot.mouseClick(window.sources.mode_buttons["one"], Qt.MouseButton.LeftButton)
    assert len(window.controller.plan.order) == 1
    key = window.controller.plan.order[0]
    assert window.editor.ids == [key]

    # 2. The submitting agent is missing: the check lists SIP15 and building is refused.
    wait_checked(qtbot, window)
    reqs = {f.requirement for f in window.checker.results[key]}
    assert "SIP15" in reqs
    assert window.build([key], output_dir=str(out)) is None
    assert window.asked and window.asked[-1][0] == "warning"
    # ... and the form shows the submitter's name field, with the problem under it.
    name_field = window.editor.fields["agent:submitter.name"]
    assert window.editor.tabs.currentWidget() is window.editor.agents_tab
    assert name_field.problem.isVisibleTo(window.editor)
    assert "submitting agent" in name_field.problem.text().lower()

    # 3. Type the title and the submitting agent into the forms.
    label = window.editor.fields["label"].widget
    label.selectAll()
    qtbot.keyClicks(label, "Kommunstyrelsens protokoll 2023")
    qtbot.keyClicks(name_field.widget, "Exempelby kommun")
    title = window.editor.fields["dc.title"].widget
    title.selectAll()
    qtbot.keyClicks(title, "Protokoll 2023")
    pkg = window.controller.plan.packages[key]
    assert pkg["label"] == "Kommunstyrelsens protokoll 2023"
    assert pkg["submitting_agent"] == {"name": "Exempelby kommun"}
    assert pkg["descriptive"]["dc"]["title"] == "Protokoll 2023"
    wait_checked(qtbot, window)
    assert not [f for f in window.checker.results[key] if f.blocks_build]
    # The system file is reported as left out (a note from the core's source scan).
    assert any(f.code == "report.system_file_skipped" for f in window.checker.results[key])

    # 4. Build; wait for the dialog to finish.
    validator = _validator()
    with qtbot.waitSignal(window.build_finished, timeout=60000) as blocker:
        dialog = window.build([key], output_dir=str(out))
        assert dialog is not None
    outcomes = blocker.args[0]
    assert len(outcomes) == 1 and outcomes[0].error is None, outcomes[0].error
    package = Path(outcomes[0].result.package_path)
    assert package.parent == out and package.is_dir()
    assert (package / "METS.xml").is_file()
    data = package / "representations" / "rep1" / "data" / records.name
    assert (data / "Protokoll 2023" / "Protokoll 2023-05-11.txt").is_file()
    assert (data / "Beslut å ä ö.txt").read_text(encoding="utf-8") == "Beslut: bifall.\n"
    assert not list(package.rglob("Thumbs.db")), "system files are left out by default"
    mets = (package / "METS.xml").read_text(encoding="utf-8")
    assert 'LABEL="Kommunstyrelsens protokoll 2023"' in mets
    assert "Exempelby kommun" in mets
    assert (package / "metadata" / "descriptive" / "dc.xml").read_text(encoding="utf-8").count("Protokoll 2023") == 1
    assert dialog.is_done and dialog.open_button.isVisible()
    if validator is None:
        pytest.skip("earchive.validation is not available yet: built, not validated")
    report = outcomes[0].report
    assert report is not None, outcomes[0].report_error
    assert report.valid, [(f.requirement, f.message("en")) for f in report.findings if f.severity.value == "error"]
    assert "Valid E-ARK package." in dialog.results.item(0).text()

    # The report lists what did not pass, the number passed and the build's own notes.
    from earchive_gui.build_dialog import ReportDialog

    shown = ReportDialog(outcomes[0], window)
    rows = [[shown.tree.topLevelItem(i).text(c) for c in range(5)] for i in range(shown.tree.topLevelItemCount())]
    passed = [r for r in rows if r[2] == "Passed"]
    assert len(passed) == 1 and passed[0][4] == f"{report.counts()['passed']} requirement(s) passed."
    assert ["Build", "Information", "", "", f"Left out system file {records.name}/Thumbs.db"] in rows
    assert not [r for r in rows if r[2] == "Failed"]
    shown.accept()
    dialog.accept()
