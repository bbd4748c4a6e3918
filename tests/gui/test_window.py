"""The main window's interactions: drag and drop, cancel, projects, undo, language, findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from conftest import wait_checked
from earchive.errors import Cancelled
from earchive_gui import i18n
from earchive_gui import plan as P
from earchive_gui.plan_view import PLAN_MIME, ROLE_KIND, ROLE_PATH

ROOT = Path(__file__).resolve().parents[2]


def _drop(qtbot, view, mime: QMimeData, pos: QPoint) -> None:
    """Deliver a drag-enter, drag-move and drop to the plan tree, as a file manager would."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    viewport = view.viewport()
    for event in (
        QDragEnterEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
        QDragMoveEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
    ):
        QApplication.sendEvent(viewport, event)
    drop = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    assert drop.dropAction() == Qt.DropAction.CopyAction, "a drop is always a copy: the originals stay where they are"
    qtbot.wait(20)  # the drop is handled on the next turn of the event loop


def _urls(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _rect_of(view, item):
    return view.visualRect(item.index())


def test_drop_from_the_file_manager_makes_packages_and_adds_files(qtbot, window, records: Path, tmp_path: Path):
    view = window.plan_view
    empty_space = QPoint(50, view.viewport().height() - 5)
    # Dropping two folders on empty space asks how to make packages; "one per folder".
    other = tmp_path / "Socialnämnden"
    other.mkdir()
    (other / "x.txt").write_text("x", encoding="utf-8")
    asked = []
    view.ask_mode = lambda paths: asked.append(paths) or "per_folder"
    _drop(qtbot, view, _urls(records, other), empty_space)
    assert asked == [[str(records), str(other)]]
    assert [P.title_of(p) for _, p in window.controller.plan.ordered()] == ["Kommunstyrelsen", "Socialnämnden"]
    assert records.is_dir() and other.is_dir(), "nothing was moved"

    # Dropping a file on the first package's representation adds it to that representation.
    first, second = window.controller.plan.order
    view.expand_package(first)
    rep_item = view.plan_model.package_item(first).child(0, 0)
    assert rep_item.data(ROLE_KIND) == "rep"
    extra = tmp_path / "bilaga.pdf"
    extra.write_bytes(b"%PDF-1.4\n")
    _drop(qtbot, view, _urls(extra), _rect_of(view, rep_item).center())
    assert window.controller.plan.packages[first]["representations"][0]["sources"] == [str(records), str(extra)]

    # Dropping onto the Documentation node adds documentation.
    view.expand_package(first)
    docs = [view.plan_model.package_item(first).child(r, 0) for r in range(view.plan_model.package_item(first).rowCount())]
    docs_item = next(i for i in docs if i.data(ROLE_KIND) == "docs")
    _drop(qtbot, view, _urls(extra), _rect_of(view, docs_item).center())
    assert window.controller.plan.packages[first]["documentation"] == [str(extra)]

    # Dragging a source item inside the tree onto the second package moves it there.
    mime = QMimeData()
    mime.setData(PLAN_MIME, json.dumps([{"kind": "sources", "pkg": first, "rep": 0, "path": str(extra)}]).encode())
    target = view.plan_model.package_item(second)
    _drop(qtbot, view, mime, _rect_of(view, target).center())
    assert window.controller.plan.packages[first]["representations"][0]["sources"] == [str(records)]
    assert window.controller.plan.packages[second]["representations"][0]["sources"] == [str(other), str(extra)]
    # One undo step puts it back.
    window.controller.undo_stack.undo()
    assert window.controller.plan.packages[second]["representations"][0]["sources"] == [str(other)]


def test_source_browser_greys_out_system_files(qtbot, window, records: Path):
    model = window.sources.model
    window.sources.set_root(str(records))
    qtbot.waitUntil(lambda: model.index_of(str(records / "Thumbs.db")).isValid(), timeout=5000)
    names = [model.item(r, 0).text() for r in range(model.rowCount())]
    assert names == ["Protokoll 2023", "Beslut å ä ö.txt", "data.csv", "Thumbs.db"]
    thumbs = model.index_of(str(records / "Thumbs.db"))
    normal = model.index_of(str(records / "data.csv"))
    assert model.data(thumbs, Qt.ItemDataRole.FontRole).italic()
    assert model.data(normal, Qt.ItemDataRole.FontRole) is None
    assert "left out" in model.data(thumbs, Qt.ItemDataRole.ToolTipRole)
    # The folder lists its files when opened; dragging gives the file manager's format (file URLs).
    folder = model.index_of(str(records / "Protokoll 2023"))
    window.sources.tree.expand(folder)
    qtbot.waitUntil(lambda: model.index_of(str(records / "Protokoll 2023" / "Protokoll 2023-05-11.txt")).isValid(), timeout=5000)
    mime = model.mimeData([thumbs, normal])
    assert [u.toLocalFile() for u in mime.urls()] == [str(records / "Thumbs.db"), str(records / "data.csv")]
    # Hidden entirely when the settings say so.
    window.settings.set("prefs/show_system_files", False)
    window._apply_preferences()
    qtbot.waitUntil(lambda: model.index_of(str(records / "data.csv")).isValid(), timeout=5000)
    assert not model.index_of(str(records / "Thumbs.db")).isValid()


def test_plan_tree_shows_folders_lazily_with_system_files_greyed(qtbot, window, records: Path):
    (key,) = window.make_packages([str(records)], "one")
    view = window.plan_view
    view.expand_package(key)
    rep = view.plan_model.package_item(key).child(0, 0)
    folder = rep.child(0, 0)
    assert folder.data(ROLE_PATH) == str(records)
    assert folder.rowCount() == 0, "a folder is listed only when opened"
    view.expand(folder.index())
    qtbot.waitUntil(lambda: folder.rowCount() == 4)
    names = [folder.child(r, 0).text() for r in range(folder.rowCount())]
    assert names == ["Protokoll 2023", "Beslut å ä ö.txt", "data.csv", "Thumbs.db"]
    thumbs = folder.child(3, 0)
    assert thumbs.font().italic() and folder.child(3, 1).text() == "system file, left out"


def test_cancel_leaves_no_partial_package(qtbot, window, records: Path, tmp_path: Path):
    """The real builder, cancelled in the middle: the dialog says so and the output folder stays empty."""
    from earchive.builder import build_package

    out = tmp_path / "out"
    out.mkdir()
    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    phases = []

    def build_then_cancel(submission, options, progress, cancel):
        def sink(event):
            phases.append(event.phase)
            progress(event)
            if event.phase == "identify":  # files are copied into the temporary package by now
                cancel.cancel()

        return build_package(submission, options, sink, cancel)

    with qtbot.waitSignal(window.build_finished, timeout=60000) as blocker:
        dialog = window.build([key], output_dir=str(out), build=build_then_cancel)
    (outcome,) = blocker.args[0]
    assert isinstance(outcome.error, Cancelled)
    assert "copy" in phases or "scan" in phases
    assert list(out.iterdir()) == [], "nothing half-written is left behind"
    assert dialog.is_done and not dialog.cancel_button.isVisible() and dialog.close_button.isVisible()
    assert "Cancelled" in dialog.package_label.text()
    assert not dialog.open_button.isVisible()


def test_cancel_button_stops_a_running_build(qtbot, window, records: Path, tmp_path: Path):
    """The Cancel button reaches the core's token; the dialog stays until the core has cleaned up."""
    import threading

    from earchive.progress import ProgressEvent

    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    started = threading.Event()

    def slow_build(submission, options, progress, cancel):
        progress(ProgressEvent(phase="copy", files_total=10, bytes_total=100))
        started.set()
        while True:
            cancel.check()
            threading.Event().wait(0.01)

    dialog = window.build([key], output_dir=str(tmp_path), build=slow_build)
    qtbot.waitUntil(started.is_set, timeout=5000)
    qtbot.waitUntil(lambda: "Package 1 of 1" in dialog.package_label.text(), timeout=5000)
    dialog.reject()  # Escape / the window's close button: cancels instead of hiding the dialog
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.finished_all, timeout=10000) as blocker:
        pass
    assert isinstance(blocker.args[0][0].error, Cancelled)
    dialog.reject()
    assert not dialog.isVisible()


def test_save_and_reopen_a_project(qtbot, window, records: Path, tmp_path: Path, settings):
    from earchive_gui.main_window import MainWindow

    ids = window.make_packages([str(records)], "per_folder")
    window.controller.set_field(ids, "agent:submitter.name", "Exempelby kommun")
    window.controller.set_field([ids[0]], "dc.description", "Protokoll")
    window.target_combo.setCurrentIndex(window.target_combo.findData("roda"))
    window._target_chosen(window.target_combo.currentIndex())
    path = tmp_path / "leverans.earchive.json"
    assert window.is_dirty()
    assert window.write_project(str(path))
    assert not window.is_dirty() and window.windowTitle().startswith("leverans.earchive.json")
    saved = {k: dict(p) for k, p in window.controller.plan.ordered()}

    other = MainWindow(settings, data_dir=tmp_path / "appdata2", ask_recovery=False)
    qtbot.addWidget(other)
    assert other.open_project(str(path))
    assert list(saved.values()) == [p for _, p in other.controller.plan.ordered()]
    assert other.controller.plan.target == "roda" and other.target_combo.currentData() == "roda"
    assert settings.get("prefs/recent_projects")[0] == str(path)
    assert other.editor.ids == [other.controller.plan.order[0]]
    assert other.editor.fields["dc.description"].widget.toPlainText() == "Protokoll"
    other.close()


def test_undo_and_redo_of_edits(qtbot, window, records: Path):
    (key,) = window.make_packages([str(records)], "one")
    stack = window.controller.undo_stack
    name = window.editor.fields["agent:submitter.name"].widget
    qtbot.keyClicks(name, "Exempelby")
    assert window.controller.plan.packages[key]["submitting_agent"] == {"name": "Exempelby"}
    count = stack.count()
    qtbot.keyClicks(name, " kommun")
    assert stack.count() == count, "typing in one field is one undo step"
    window.commands["undo"].trigger()
    assert "submitting_agent" not in window.controller.plan.packages[key]
    assert name.text() == ""
    window.commands["redo"].trigger()
    assert name.text() == "Exempelby kommun"
    # Removing the package and undoing brings it back, with its values.
    window.plan_view.select_packages([key])
    window.plan_view.remove_selected()
    assert window.controller.plan.order == []
    stack.undo()
    assert window.controller.plan.order == [key]
    assert window.controller.plan.packages[key]["submitting_agent"] == {"name": "Exempelby kommun"}
    stack.undo()
    stack.undo()
    assert window.controller.plan.order == [], "making the package is undone too"


def test_a_value_applies_to_many_packages_at_once(qtbot, window, records: Path, tmp_path: Path):
    (tmp_path / "B").mkdir()
    ids = window.make_packages([str(records), str(tmp_path / "B")], "per_folder")
    assert len(ids) == 2
    window.plan_view.select_packages(ids)
    assert window.editor.ids == ids
    title = window.editor.fields["dc.title"].widget
    assert title.text() == "" and title.placeholderText() == "(several values)"
    combo = window.editor.fields["content_category"].widget
    combo.setCurrentIndex(combo.findData("Datasets"))
    combo.activated.emit(combo.currentIndex())
    qtbot.keyClicks(window.editor.fields["submission_agreement"].widget, "LÖ 2023:4")
    for key in ids:
        pkg = window.controller.plan.packages[key]
        assert pkg["content_category"] == "Datasets" and pkg["submission_agreement"] == "LÖ 2023:4"
    assert [P.title_of(window.controller.plan.packages[k]) for k in ids] == ["Kommunstyrelsen", "B"]
    window.controller.undo_stack.undo()
    assert all("submission_agreement" not in window.controller.plan.packages[k] for k in ids)


def test_clicking_a_problem_selects_the_field(qtbot, window, records: Path):
    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "dc.title", "")
    window.controller.set_field([key], "label", "")
    wait_checked(qtbot, window)
    tree = window.problems.tree
    rows = {tree.topLevelItem(i).text(0): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}
    assert {"SIP15", "CSIP17"} <= set(rows)
    tree.itemClicked.emit(rows["CSIP17"], 0)
    assert window.editor.tabs.currentWidget() is window.editor.description_tab
    assert QApplication.focusWidget() is window.editor.fields["dc.title"].widget or not window.isActiveWindow()
    tree.itemClicked.emit(rows["SIP15"], 0)
    assert window.editor.tabs.currentWidget() is window.editor.agents_tab
    assert window.editor.fields["agent:submitter.name"].problem.isVisibleTo(window.editor)


def test_language_switch_covers_widgets_and_core_messages(qtbot, window, records: Path, settings):
    (key,) = window.make_packages([str(records)], "one")
    wait_checked(qtbot, window)
    assert window.menus["file"].title() == "&File"
    settings.set("prefs/language", "sv")
    window._apply_preferences()
    assert i18n.language() == "sv"
    assert window.menus["file"].title() == "&Arkiv"
    assert window.commands["build_selected"].text() == "&Bygg"
    assert window.editor.tabs.tabText(1) == "Aktörer"
    assert window.editor.fields["agent:submitter.name"].label.text() == "Namn:"
    assert window.plan_view.plan_model.headerData(0, Qt.Orientation.Horizontal) == "Paketplan"
    # A finding from the core is shown in Swedish, through the same catalogue the CLI uses.
    texts = [window.problems.tree.topLevelItem(i).text(2) for i in range(window.problems.tree.topLevelItemCount())]
    assert "Levererande aktör saknas: ange namnet på den organisation eller person som levererar paketet." in texts
    # Vocabulary terms get readable Swedish labels; the official term stays visible.
    combo = window.editor.fields["content_category"].widget
    assert combo.itemText(combo.findData("Textual works – Digital")) == "Textverk – digitala — Textual works – Digital"
    settings.set("prefs/language", "en")
    window._apply_preferences()
    assert window.menus["file"].title() == "&File"


def test_system_language_is_followed():
    assert i18n.resolve("system", "sv_SE") == "sv"
    assert i18n.resolve("system", "sv_FI") == "sv"
    assert i18n.resolve("system", "de_DE") == "en"
    assert i18n.resolve("en", "sv_SE") == "en"


def test_every_gui_text_has_english_and_swedish_with_the_same_placeholders():
    import string

    from earchive.messages import CATALOGUE

    import earchive_gui.main_window  # noqa: F401 - registers every GUI module's texts

    problems = []
    for code, texts in CATALOGUE.items():
        if not code.startswith(("gui.", "vocab.", "precheck.", "profile.")):
            continue
        if set(texts) != {"en", "sv"}:
            problems.append(f"{code}: {sorted(texts)}")
            continue
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
        if fields[0] != fields[1] and code != "profile.invalid":
            problems.append(f"{code}: placeholders differ {fields}")
    assert problems == []


def test_every_code_the_gui_uses_is_in_the_catalogue():
    import re

    from earchive.messages import CATALOGUE

    import earchive_gui.main_window  # noqa: F401

    used = set()
    for path in (ROOT / "earchive_gui").glob("*.py"):
        used |= set(re.findall(r'tr\("(gui\.[a-z_.:0-9]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(c for c in used if c not in CATALOGUE)
    assert missing == []


def test_autosave_and_recovery_after_a_crash(qtbot, window, records: Path, tmp_path: Path, settings):
    from earchive_gui.main_window import MainWindow

    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "label", "Osparat arbete")
    window.autosave()
    autosave = window.autosaver.path
    assert autosave.is_file()
    # Pretend the session crashed: its process id is one that does not run.
    crashed = autosave.with_name("autosave-999999999-1.earchive.json")
    autosave.rename(crashed)
    other = MainWindow(settings, data_dir=window.data_dir, ask_recovery=False)
    qtbot.addWidget(other)
    answers = []
    other.ask = lambda kind, title, text: answers.append((kind, text)) or __import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox.StandardButton.Yes
    other.offer_recovery()
    assert answers and answers[0][0] == "recover" and "1 package" in answers[0][1]
    assert [P.title_of(p) for _, p in other.controller.plan.ordered()] == ["Osparat arbete"]
    assert other.is_dirty() and not crashed.exists()
    other.controller.undo_stack.setClean()
    other.extra_dirty = False
    other.close()


def test_new_delivery_from_a_profile_fills_in_new_packages(qtbot, window, records: Path):
    from earchive.profiles import load_profile
    from earchive_gui.dialogs import EXAMPLE_PROFILES

    profile = load_profile(EXAMPLE_PROFILES / "exempelby-kommun-roda.json")
    window.start_delivery(profile)
    assert window.controller.plan.target == "roda"
    (key,) = window.make_packages([str(records)], "one")
    pkg = window.controller.plan.packages[key]
    assert pkg["submitting_agent"]["name"] == "Exempelby kommun, kommunstyrelseförvaltningen"
    assert pkg["content_category"] == "Textual works – Digital"
    assert window.editor.fields["agent:archival_creator.name"].widget.text() == "Kommunstyrelsen i Exempelby kommun"
    wait_checked(qtbot, window)
    assert not [f for f in window.checker.results[key] if f.blocks_build]


def test_keyboard_delete_removes_the_selected_package_but_not_from_a_text_field(qtbot, window, records: Path):
    (key,) = window.make_packages([str(records)], "one")
    window.plan_view.select_packages([key])
    label = window.editor.fields["label"].widget
    label.setFocus()
    qtbot.keyClick(label, Qt.Key.Key_Delete)
    assert window.controller.plan.order == [key]
    window.plan_view.setFocus()
    qtbot.keyClick(window.plan_view, Qt.Key.Key_Delete)
    assert window.controller.plan.order == []


def test_widgets_have_accessible_names(window):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTreeView

    unnamed = []
    widgets = [w for kind in (QLineEdit, QPlainTextEdit, QComboBox, QTreeView) for w in window.findChildren(kind)]
    for widget in widgets:
        if widget.parent() is not None and type(widget.parent()).__name__ in ("QComboBox", "QFileDialog"):
            continue
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()} in {type(widget.parent()).__name__}")
    assert unnamed == []


def test_self_test_exits_0():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "earchive_gui.app", "--self-test"], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "self-test: OK" in done.stdout


def test_cancel_in_the_build_process(qtbot, window, records: Path, tmp_path: Path):
    """The real build runs in a child process; Cancel reaches it and nothing is left in the output folder."""
    out = tmp_path / "out"
    out.mkdir()
    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    with qtbot.waitSignal(window.build_finished, timeout=60000) as blocker:
        dialog = window.build([key], output_dir=str(out))
        dialog.cancel()
        assert not dialog.cancel_button.isEnabled()
    (outcome,) = blocker.args[0]
    assert isinstance(outcome.error, Cancelled), outcome.error
    assert outcome.error.message("sv") == "Avbrutet. Inget halvfärdigt lämnades kvar."
    assert list(out.iterdir()) == []


def test_files_the_builder_will_rename_are_listed_before_building(qtbot, window, records: Path):
    (records / "Bokslut: 2023?.txt").write_text("b", encoding="utf-8")
    (key,) = window.make_packages([str(records)], "one")
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    wait_checked(qtbot, window)
    renamed = [f for f in window.checker.results[key] if f.code == "report.renamed"]
    assert renamed and "Bokslut: 2023?.txt" in renamed[0].message("en")
    tree = window.problems.tree
    texts = [tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())]
    assert renamed[0].message("en") in texts
    assert not any("Thumbs.db" in t for t in texts), "left-out system files go to the build report only"
