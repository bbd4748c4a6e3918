"""The case-file view: import a case register, see ärenden and handlingar, edit restrictions, build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import wait_checked
from support.case_register import make_register, write_csv
from support.oracles import erms_oracle, erms_schematron_oracle, require_cits_erms


@pytest.fixture
def register(tmp_path):
    require_cits_erms()
    return make_register(tmp_path / "Kommunstyrelsen", cases=12)


def _imported(qtbot, window, register):
    [key] = window.import_cases(path=str(register.path))
    view = window.editor.case_view
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() == 12, timeout=10000)
    return key, view


def test_import_shows_cases_records_files_and_restrictions(qtbot, window, register):
    key, view = _imported(qtbot, window, register)
    pkg = window.controller.plan.packages[key]
    assert pkg["erms"] == {"source": str(register.path)} and "representations" not in pkg
    assert window.editor.tabs.currentWidget() is view and window.editor.tabs.isTabVisible(4)
    assert view.summary.text() == "12 cases, 36 records, 2 with restrictions; 0 problem(s) in the register (see the problems list)."
    case = view.tree.topLevelItem(8)  # KS 2023/9: its first record is under secrecy
    assert (case.text(0), case.child(0).text(0), case.child(0).text(4)) == ("KS 2023/9", "1", "Secrecy (OSL 21:1)")
    assert case.child(0).child(0).text(0).startswith("file: KS 2023_9/01 ")
    gdpr = view.tree.topLevelItem(6)
    assert gdpr.text(4) == "GDPR (personal data) (GDPR art. 9.1 (känsliga personuppgifter))"


def test_swedish_texts(qtbot, window, register):
    from earchive_gui import i18n

    _, view = _imported(qtbot, window, register)
    i18n.set_language("sv")
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() == 12 and view.tree.topLevelItem(8).child(0).text(4).startswith("Sek"),
                    timeout=10000)
    assert window.editor.tabs.tabText(4) == "Ärenden"
    assert view.tree.headerItem().text(4) == "Begränsning (lagrum)"
    assert view.tree.topLevelItem(8).child(0).text(4) == "Sekretess (OSL 21:1)"
    assert view.add_button.text() == "Lägg till begränsning"


def test_edit_restriction_is_stored_as_an_override_undoable_and_checked(qtbot, window, register):
    key, view = _imported(qtbot, window, register)
    record = view.tree.topLevelItem(0).child(1)
    view.tree.setCurrentItem(record)
    assert view.table.rowCount() == 0 and view.restrictions_box.isEnabled()
    # A restriction without its regulation: stored, and the problems list says what is missing.
    view.add_restriction()
    view._save()
    pkg = window.controller.plan.packages[key]
    assert pkg["erms"]["restrictions"] == {"KS 2020/1#2": [{"type": "confidential", "regulation": ""}]}
    wait_checked(qtbot, window)
    erms = [f for f in window.checker.results[key] if f.requirement == "ERMS"]
    assert erms and erms[0].blocks_build
    assert "regulation" in erms[0].message("en")
    # Give the regulation: the tree shows it and the package is ready.
    view.set_restrictions("KS 2020/1#2", [{"type": "gdpr", "regulation": "GDPR art. 6.1 e"}])
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() and
                    view.tree.topLevelItem(0).child(1).text(4) == "GDPR (personal data) (GDPR art. 6.1 e)", timeout=10000)
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    wait_checked(qtbot, window)
    assert not [f for f in window.checker.results[key] if f.blocks_build]
    window.controller.undo_stack.undo()  # the submitter
    window.controller.undo_stack.undo()  # the regulation
    assert window.controller.plan.packages[key]["erms"]["restrictions"]["KS 2020/1#2"][0]["regulation"] == ""
    assert register.path.read_text(encoding="utf-8").count("GDPR art. 6.1 e") == 0  # the register is never changed


def test_problems_of_the_register_are_listed_by_row_and_column(qtbot, window, register):
    rows = [dict(r) for r in register.rows]
    rows[3]["registreringsdatum"] = "2021-02-30"
    write_csv(register.path, rows)
    key, view = _imported(qtbot, window, register)
    wait_checked(qtbot, window)
    messages = [f.message("en") for f in window.checker.results[key] if f.requirement == "ERMS"]
    assert messages == ["ärendeförteckning.csv, row 5, column registreringsdatum: 2021-02-30 is not a date. "
                        "Write dates as 2023-03-14 (or 2023-03-14 10:12)"]
    finding = next(f for f in window.checker.results[key] if f.requirement == "ERMS")
    window.show_finding(key, finding)
    assert window.editor.tabs.currentWidget() is view


def test_build_from_the_gui_makes_a_valid_erms_package(qtbot, window, register, tmp_path):
    key, view = _imported(qtbot, window, register)
    view.set_restrictions("KS 2020/1", [{"type": "integrity", "regulation": "OSL 21:7", "until": "2090-12-31"}])
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    window.controller.set_field([key], "spec_version", "2.1.0")
    out = tmp_path / "out"
    out.mkdir()
    wait_checked(qtbot, window)
    with qtbot.waitSignal(window.build_finished, timeout=120000) as blocker:
        assert window.build([key], output_dir=str(out)) is not None
    [outcome] = blocker.args[0]
    assert outcome.error is None, outcome.error
    package = Path(outcome.result.package_path)
    erms = package / "metadata" / "descriptive" / "erms.xml"
    assert erms_oracle(erms) == [] and erms_schematron_oracle(erms) == []
    text = erms.read_text(encoding="utf-8")
    assert '<restriction restrictionType="integrity">' in text and "<regulation>OSL 21:7</regulation>" in text
    assert outcome.report is None or outcome.report.valid


def test_project_keeps_the_register_relative_and_the_restriction_overrides(register, tmp_path):
    from earchive_gui.plan import Plan, new_case_package
    from earchive_gui.project import load_project, save_project

    plan = Plan()
    pkg = new_case_package(str(register.path))
    pkg["erms"]["restrictions"] = {"KS 2020/1#2": [{"type": "gdpr", "regulation": "GDPR art. 6.1 e"}]}
    plan.add(pkg)
    project = register.root / "leverans.earchive.json"
    save_project(plan, project)
    assert '"source": "ärendeförteckning.csv"' in project.read_text(encoding="utf-8")
    [again] = load_project(project).packages.values()
    assert again["erms"] == {"source": str(register.path),
                             "restrictions": {"KS 2020/1#2": [{"type": "gdpr", "regulation": "GDPR art. 6.1 e"}]}}
