"""Metadata forms: the METS header, agents, descriptions (Dublin Core, EAD 2002, key-value)
and representations, for one package or many at once.

A form edits *form keys* of the selected packages through the controller (one undo
step per field; typing merges).  With several packages selected, a field whose values
differ stays empty with the placeholder "several values"; typing a value sets it on
all of them.  Each field has a label, help text (shown as tooltip, "What's this" and
in the help line at the bottom when the field has focus) and an accessible name; the
problems the checker finds for a field are shown right under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from earchive import spec
from earchive.messages import register
from earchive.model import AgentKind, CHECKSUM_ALGORITHMS, DC_ELEMENTS, EAD_LEVELS, METS_AGENT_ROLES, METS_AGENT_TYPES

from earchive_gui import plan as plan_mod
from earchive_gui import vocab
from earchive_gui.case_view import CaseFileView
from earchive_gui.controller import PlanController
from earchive_gui.i18n import tr

#: Problem text colour (dark red, readable on light and dark backgrounds at 4.5:1 on white).
PROBLEM_STYLE = "color: #b00020;"
#: DC fields that get a multi-line editor.
DC_LONG = ("description", "rights")
#: EAD fields that get a multi-line editor.
EAD_LONG = ("scopecontent", "accessrestrict")


@dataclass
class Field:
    """One bound form field: its key (maybe with {rep}), widget, and problem label."""

    key: str
    widget: QWidget
    problem: QLabel
    kind: str  # line, text, combo, check, table
    container: QWidget

    def resolved(self, rep: int) -> str:
        return self.key.replace("{rep}", str(rep))


class PackageEditor(QWidget):
    """The tabbed metadata editor for the packages selected in the plan."""

    #: The editor wants the plan to show the Metadata node (after enabling a description).
    help_changed = Signal(str)

    def __init__(self, controller: PlanController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ids: list[str] = []
        self.rep_index = 0
        self.fields: dict[str, Field] = {}
        self._loading = False
        self._version = spec.DEFAULT_VERSION.value

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.subheading = QLabel(self)
        self.subheading.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.help_label = QLabel(self)
        self.help_label.setWordWrap(True)
        self.help_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.help_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 8)
        self.help_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.header_tab = self._scroll(self._build_header())
        self.agents_tab = self._scroll(self._build_agents())
        self.description_tab = self._build_description()
        self.reps_tab = self._scroll(self._build_representations())
        self.tabs.addTab(self.header_tab, "")
        self.tabs.addTab(self.agents_tab, "")
        self.tabs.addTab(self.description_tab, "")
        self.tabs.addTab(self.reps_tab, "")
        self.case_view = CaseFileView(controller, self)  # case files (earchive_gui.case_view): shown for ERMS packages
        self.tabs.addTab(self.case_view, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.help_label)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        controller.packages_changed.connect(self._packages_changed)
        controller.structure_changed.connect(self._structure_changed)
        self.retranslate()
        self.bind([])

    # --- building ----------------------------------------------------------------------

    def _scroll(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    def _form(self, parent: QWidget) -> QFormLayout:
        form = QFormLayout(parent)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _add(self, form: QFormLayout, key: str, kind: str = "line", items: list[tuple[str, str, str]] | None = None, lines: int = 3,
             *, into: dict[str, Field] | None = None, edited: Callable[[str, Any], None] | None = None) -> Field:
        """A labelled field with a problem line under it; binds user edits to the controller
        (or to ``edited``, registering the field in ``into`` instead of :attr:`fields`)."""
        edited = edited or self._edited
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        if kind == "line":
            widget: QWidget = QLineEdit()
            widget.textEdited.connect(lambda text, k=key: edited(k, text))
        elif kind == "text":
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(widget.fontMetrics().lineSpacing() * lines + 12)
            widget.textChanged.connect(lambda k=key, w=widget: edited(k, w.toPlainText()))
        elif kind == "combo":
            widget = QComboBox()
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(18)
            self._fill_combo(widget, items or [])
            widget.activated.connect(lambda i, k=key, w=widget: edited(k, w.itemData(i)))
        else:
            raise ValueError(kind)
        problem = QLabel()
        problem.setStyleSheet(PROBLEM_STYLE)
        problem.setWordWrap(True)
        problem.hide()
        box.addWidget(widget)
        box.addWidget(problem)
        label = QLabel()
        label.setBuddy(widget)
        label.setWordWrap(False)
        form.addRow(label, container)
        widget.setProperty("form_key", key)
        field = Field(key, widget, problem, kind, container)
        field.label = label  # type: ignore[attr-defined]
        (self.fields if into is None else into)[key] = field
        return field

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, text, tip in items:
            combo.addItem(text, value)
            if tip:
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if current is not None:
            index = combo.findData(current)
            combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _vocab_items(self, name: str) -> list[tuple[str, str, str]]:
        return vocab.terms(self._version, name)

    def _build_header(self) -> QWidget:
        page = QWidget()
        form = self._form(page)
        self._add(form, "label")
        self._add(form, "objid")
        self._add(form, "content_category", "combo", self._vocab_items(spec.CONTENT_CATEGORY))
        self._add(form, "other_content_category")
        self._add(form, "content_information_type", "combo", self._vocab_items(spec.CONTENT_INFORMATION_TYPE))
        self._add(form, "other_content_information_type")
        self._add(form, "record_status", "combo", self._vocab_items(spec.RECORD_STATUS))
        self._add(form, "submission_agreement")
        self._add(form, "previous_submission_agreements", "text", lines=2)
        self._add(form, "reference_code")
        self._add(form, "previous_reference_codes", "text", lines=2)
        self._add(form, "spec_version", "combo", self._version_items())
        self._add(form, "checksum_algorithm", "combo", [(a, a, "") for a in CHECKSUM_ALGORITHMS])
        self._add(form, "roda_parent_id")
        return page

    def _version_items(self) -> list[tuple[str, str, str]]:
        return [(v.value, tr(f"gui.version.{v.value}"), "") for v in spec.SpecVersion if v.buildable][::-1]

    def _agent_type_items(self, kind: AgentKind) -> list[tuple[str, str, str]]:
        allowed = ("ORGANIZATION",) if kind is AgentKind.PRESERVATION else ("ORGANIZATION", "INDIVIDUAL")
        return [("", tr("gui.agent_type.default"), "")] + [(t, tr(f"gui.agent_type.{t}"), "") for t in allowed]

    def _build_agents(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.agent_boxes: dict[str, QGroupBox] = {}
        for slot in plan_mod.AGENT_SLOTS:
            box = QGroupBox()
            form = self._form(box)
            self._add(form, f"agent:{slot}.name")
            if slot != "contact":
                self._add(form, f"agent:{slot}.type", "combo", self._agent_type_items(AgentKind(slot)))
                self._add(form, f"agent:{slot}.identification_code")
            if slot in ("contact", "submitter"):
                self._add(form, f"agent:{slot}.notes", "text", lines=2)
            self.agent_boxes[slot] = box
            layout.addWidget(box)
        layout.addWidget(self._build_other_agents())
        layout.addStretch(1)
        return page

    def _other_role_items(self) -> list[tuple[str, str, str]]:
        return [(r, tr(f"gui.agent_role.{r}"), "") for r in METS_AGENT_ROLES]

    def _other_type_items(self) -> list[tuple[str, str, str]]:
        return [(t, tr(f"gui.agent_type.{t}"), "") for t in ("ORGANIZATION", "INDIVIDUAL", "OTHER")]

    def _build_other_agents(self) -> QGroupBox:
        """Agents of any METS ROLE and TYPE: a list (add, remove, move) and the selected one's fields."""
        self.other_box = QGroupBox()
        outer = QVBoxLayout(self.other_box)
        self.other_intro = QLabel()
        self.other_intro.setWordWrap(True)
        outer.addWidget(self.other_intro)
        self.other_table = QTableWidget(0, 3)
        self.other_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.other_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.other_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.other_table.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self.other_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.other_table.verticalHeader().setVisible(False)
        self.other_table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.other_table.setMaximumHeight(self.fontMetrics().lineSpacing() * 10)
        self.other_table.setProperty("form_key", plan_mod.OTHER_AGENTS)
        self.other_table.currentCellChanged.connect(lambda row, *_: self._other_row_changed(row))
        outer.addWidget(self.other_table)
        self.other_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        handlers = {"add": self._other_add, "remove": self._other_remove,
                    "up": lambda: self._other_move(-1), "down": lambda: self._other_move(1)}
        shortcuts = {"add": "Insert", "remove": "Delete", "up": "Alt+Up", "down": "Alt+Down"}
        for name, handler in handlers.items():
            button = QPushButton()
            button.clicked.connect(handler)
            buttons.addWidget(button)
            self.other_buttons[name] = button
            # The same commands from the keyboard while the list has focus.
            action = QAction(self.other_table)
            action.setShortcut(QKeySequence(shortcuts[name]))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(handler)
            self.other_table.addAction(action)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.other_problem = QLabel()
        self.other_problem.setStyleSheet(PROBLEM_STYLE)
        self.other_problem.setWordWrap(True)
        self.other_problem.hide()
        outer.addWidget(self.other_problem)
        self.other_detail = QWidget()
        form = self._form(self.other_detail)
        self.other_fields: dict[str, Field] = {}
        for name in plan_mod.OTHER_AGENT_FIELDS:
            key = f"other_agent.{name}"
            if name == "role":
                self._add(form, key, "combo", self._other_role_items(), into=self.other_fields, edited=self._other_edited)
            elif name == "type":
                self._add(form, key, "combo", self._other_type_items(), into=self.other_fields, edited=self._other_edited)
            elif name == "notes":
                self._add(form, key, "text", lines=2, into=self.other_fields, edited=self._other_edited)
            else:
                self._add(form, key, into=self.other_fields, edited=self._other_edited)
        outer.addWidget(self.other_detail)
        self._other_row = -1
        self._other_rows: list[dict] = []
        self._other_several = False
        self._other_problems: dict[str, list[str]] = {}
        return self.other_box

    def _build_description(self) -> QWidget:
        self.desc_tabs = QTabWidget()
        self.desc_tabs.setDocumentMode(True)
        self.desc_enable: dict[str, QCheckBox] = {}
        self.desc_pages: dict[str, QWidget] = {}
        for kind in plan_mod.DESCRIPTION_KINDS:
            outer = QWidget()
            v = QVBoxLayout(outer)
            check = QCheckBox()
            check.toggled.connect(lambda on, k=kind: self._edited(f"desc:{k}", on))
            v.addWidget(check)
            inner = QWidget()
            form = self._form(inner)
            if kind == "dc":
                for el in DC_ELEMENTS:
                    self._add(form, f"dc.{el}", "text" if el in DC_LONG else "line", lines=3)
            elif kind == "ead":
                for name in plan_mod.EAD_FIELDS:
                    if name == "level":
                        self._add(form, "ead.level", "combo", [(lv, tr(f"gui.ead_level.{lv}"), "") for lv in EAD_LEVELS])
                    else:
                        self._add(form, f"ead.{name}", "text" if name in EAD_LONG else "line", lines=3)
            else:
                self.kv_table = QTableWidget(0, 2)
                self.kv_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
                self.kv_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
                self.kv_table.cellChanged.connect(lambda *_: self._kv_edited())
                self.kv_add = QPushButton()
                self.kv_add.clicked.connect(self._kv_add_row)
                self.kv_remove = QPushButton()
                self.kv_remove.clicked.connect(self._kv_remove_row)
                buttons = QHBoxLayout()
                buttons.addWidget(self.kv_add)
                buttons.addWidget(self.kv_remove)
                buttons.addStretch(1)
                problem = QLabel()
                problem.setStyleSheet(PROBLEM_STYLE)
                problem.setWordWrap(True)
                problem.hide()
                form.addRow(self.kv_table)
                form.addRow(buttons)
                form.addRow(problem)
                self.kv_table.setProperty("form_key", "kv")
                self.fields["kv"] = Field("kv", self.kv_table, problem, "table", self.kv_table)
            v.addWidget(self._scroll(inner), 1)
            self.desc_enable[kind] = check
            self.desc_pages[kind] = inner
            self.desc_tabs.addTab(outer, "")
        return self.desc_tabs

    def _build_representations(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.rep_label = QLabel()
        self.rep_combo = QComboBox()
        self.rep_combo.activated.connect(self._rep_chosen)
        self.rep_label.setBuddy(self.rep_combo)
        top.addWidget(self.rep_label)
        top.addWidget(self.rep_combo, 1)
        layout.addLayout(top)
        box = QWidget()
        form = self._form(box)
        self._add(form, "rep[{rep}].name")
        self._add(form, "rep[{rep}].content_information_type", "combo",
                  [("", tr("gui.rep.cit_inherit"), "")] + self._vocab_items(spec.CONTENT_INFORMATION_TYPE))
        layout.addWidget(box)
        self.rep_hint = QLabel()
        self.rep_hint.setWordWrap(True)
        layout.addWidget(self.rep_hint)
        layout.addStretch(1)
        return page

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        for index, name in enumerate(("header", "agents", "description", "reps", "cases")):
            self.tabs.setTabText(index, tr(f"gui.form.tab.{name}"))
            self.tabs.widget(index).setAccessibleName(tr(f"gui.form.tab.{name}"))
        for slot, box in self.agent_boxes.items():
            box.setTitle(tr(f"gui.agent.{slot}"))
        self._retranslate_other_agents()
        self.case_view.retranslate()
        for index, kind in enumerate(plan_mod.DESCRIPTION_KINDS):
            self.desc_tabs.setTabText(index, tr(f"gui.desc.tab.{kind}"))
            self.desc_enable[kind].setText(tr(f"gui.desc.enable.{kind}"))
            self.desc_enable[kind].setToolTip(tr(f"gui.help.desc:{kind}"))
        self.kv_table.setHorizontalHeaderLabels([tr("gui.kv.name"), tr("gui.kv.value")])
        self.kv_table.setAccessibleName(tr("gui.field.kv"))
        self.kv_add.setText(tr("gui.kv.add"))
        self.kv_remove.setText(tr("gui.kv.remove"))
        self.rep_label.setText(tr("gui.rep.choose"))
        self.rep_combo.setAccessibleName(tr("gui.rep.choose").rstrip(":"))
        self.rep_hint.setText(tr("gui.rep.hint"))
        self.empty_label.setText(tr("gui.form.empty"))
        self.help_label.setText(tr("gui.form.help_hint"))
        for key, field in self.fields.items():
            if key == "kv":
                continue
            label_text = tr(f"gui.field.{key.replace('[{rep}]', '')}")
            field.label.setText(label_text + ":")
            help_text = tr(f"gui.help.{key.replace('[{rep}]', '')}")
            field.widget.setAccessibleName(label_text)
            field.widget.setAccessibleDescription(help_text)
            field.widget.setToolTip(help_text)
            field.widget.setWhatsThis(help_text)
        # Vocabulary labels follow the language too.
        self._refill_vocabularies()
        self._fill_combo(self.fields["spec_version"].widget, self._version_items())
        for slot in ("submitter", "archival_creator", "preservation"):
            self._fill_combo(self.fields[f"agent:{slot}.type"].widget, self._agent_type_items(AgentKind(slot)))
        self._fill_combo(self.fields["ead.level"].widget, [(lv, tr(f"gui.ead_level.{lv}"), "") for lv in EAD_LEVELS])
        self._fill_combo(self.other_fields["other_agent.role"].widget, self._other_role_items())
        self._fill_combo(self.other_fields["other_agent.type"].widget, self._other_type_items())
        self._update_heading()
        self.load()

    def _retranslate_other_agents(self) -> None:
        self.other_box.setTitle(tr("gui.other_agents.title"))
        self.other_intro.setText(tr("gui.other_agents.intro"))
        self.other_table.setHorizontalHeaderLabels([tr("gui.other_agents.col.name"), tr("gui.other_agents.col.role"), tr("gui.other_agents.col.type")])
        self.other_table.setAccessibleName(tr("gui.other_agents.title"))
        self.other_table.setAccessibleDescription(tr("gui.help.other_agents"))
        self.other_table.setToolTip(tr("gui.help.other_agents"))
        self.other_table.setWhatsThis(tr("gui.help.other_agents"))
        keys = {"add": "Insert", "remove": "Delete", "up": "Alt+Up", "down": "Alt+Down"}
        for name, button in self.other_buttons.items():
            button.setText(tr(f"gui.other_agents.{name}"))
            button.setAccessibleName(tr(f"gui.other_agents.{name}"))
            shortcut = QKeySequence(keys[name]).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(tr(f"gui.other_agents.{name}_tip", key=shortcut))
        for key, field in self.other_fields.items():
            label_text = tr(f"gui.field.{key}")
            field.label.setText(label_text + ":")
            help_text = tr(f"gui.help.{key}")
            field.widget.setAccessibleName(tr("gui.other_agents.accessible", field=label_text))
            field.widget.setAccessibleDescription(help_text)
            field.widget.setToolTip(help_text)
            field.widget.setWhatsThis(help_text)

    def _refill_vocabularies(self) -> None:
        self._fill_combo(self.fields["content_category"].widget, self._vocab_items(spec.CONTENT_CATEGORY))
        self._fill_combo(self.fields["content_information_type"].widget, self._vocab_items(spec.CONTENT_INFORMATION_TYPE))
        self._fill_combo(self.fields["record_status"].widget, self._vocab_items(spec.RECORD_STATUS))
        self._fill_combo(self.fields["rep[{rep}].content_information_type"].widget,
                         [("", tr("gui.rep.cit_inherit"), "")] + self._vocab_items(spec.CONTENT_INFORMATION_TYPE))

    # --- binding -------------------------------------------------------------------------

    def bind(self, ids: list[str], rep: int | None = None) -> None:
        """Edit these packages (several: a change applies to all)."""
        ids = [i for i in ids if i in self.controller.plan.packages]
        if ids != self.ids:
            self._other_row = 0  # another package: start at its first other agent
        self.ids = ids
        if rep is not None:
            self.rep_index = rep
        self.tabs.setVisible(bool(self.ids))
        self.empty_label.setVisible(not self.ids)
        self.case_view.bind(self.ids[0] if len(self.ids) == 1 else "")
        self._update_heading()
        self.load()

    def _packages(self) -> list[dict]:
        return [self.controller.plan.packages[i] for i in self.ids if i in self.controller.plan.packages]

    def _update_heading(self) -> None:
        packages = self._packages()
        if not packages:
            self.heading.setText(tr("gui.form.none"))
            self.subheading.setText("")
        elif len(packages) == 1:
            self.heading.setText(plan_mod.title_of(packages[0]) or tr("gui.plan.untitled"))
            self.subheading.setText(tr("gui.form.one", objid=packages[0].get("objid", "")))
        else:
            self.heading.setText(tr("gui.form.many", n=len(packages)))
            self.subheading.setText(tr("gui.form.many_hint"))

    def load(self) -> None:
        """Show the bound packages' values (skipping the field being typed in when unchanged)."""
        packages = self._packages()
        self._loading = True
        try:
            version = _common([p.get("spec_version") or spec.DEFAULT_VERSION.value for p in packages]) or spec.DEFAULT_VERSION.value
            if version != self._version:
                self._version = version
                self._refill_vocabularies()
            reps = plan_mod.representations(packages[0]) if packages else []
            self.rep_combo.clear()
            for rep in reps:
                self.rep_combo.addItem(rep.get("name") or "?")
            if self.rep_index >= len(reps):
                self.rep_index = 0
            self.rep_combo.setCurrentIndex(self.rep_index if reps else -1)
            for key, field in self.fields.items():
                resolved = field.resolved(self.rep_index)
                values = [plan_mod.get_field(p, resolved) for p in packages]
                self._show(field, values)
            for kind, check in self.desc_enable.items():
                values = [plan_mod.get_field(p, f"desc:{kind}") for p in packages]
                on = bool(values) and all(values)
                check.setTristate(False)
                if values and any(values) and not all(values):
                    check.setTristate(True)
                    check.setCheckState(Qt.CheckState.PartiallyChecked)
                else:
                    check.setChecked(on)
                self.desc_pages[kind].setEnabled(any(values))
            self._load_other_agents(packages)
            self.tabs.setTabVisible(self.tabs.indexOf(self.case_view), len(packages) == 1 and bool(packages[0].get("erms")))
            self._update_dependent()
            self._update_heading()
        finally:
            self._loading = False

    def _show(self, field: Field, values: list[Any]) -> None:
        common = _common(values) if values else ""
        several = len(values) > 1 and common is None
        w = field.widget
        if field.kind == "line":
            text = "" if several else (common or "")
            if w.text() != text:
                w.setText(text)
            w.setPlaceholderText(tr("gui.form.several") if several else "")
        elif field.kind == "text":
            text = "" if several else (common or "")
            if w.toPlainText() != text:
                w.setPlainText(text)
            w.setPlaceholderText(tr("gui.form.several") if several else "")
        elif field.kind == "combo":
            default = _combo_default(field.key)
            value = None if several else (common or default)
            index = w.findData(value) if value is not None else -1
            w.setPlaceholderText(tr("gui.form.several") if several else "")
            w.setCurrentIndex(index)
        elif field.kind == "table":
            pairs = [] if several else (common or [])
            self.kv_table.blockSignals(True)
            self.kv_table.setRowCount(len(pairs))
            for row, (k, v) in enumerate(pairs):
                self.kv_table.setItem(row, 0, QTableWidgetItem(k))
                self.kv_table.setItem(row, 1, QTableWidgetItem(v))
            self.kv_table.blockSignals(False)

    def _update_dependent(self) -> None:
        """Enable the 'other' fields only when OTHER is chosen; otherlevel only for level otherlevel."""
        pairs = (("content_category", "other_content_category"), ("content_information_type", "other_content_information_type"), ("ead.level", "ead.otherlevel"))
        for main, other in pairs:
            value = self.fields[main].widget.currentData()
            needed = value in ("OTHER", "Other", "otherlevel") or bool(self.fields[other].widget.text())
            self.fields[other].widget.setEnabled(needed or value is None)
        self.fields["roda_parent_id"].widget.setEnabled(True)
        multi = len(self.ids) > 1
        self.fields["objid"].widget.setReadOnly(multi)

    # --- edits ---------------------------------------------------------------------------

    def _edited(self, key: str, value: Any) -> None:
        if self._loading or not self.ids:
            return
        if "{rep}" in key:
            key = key.replace("{rep}", str(self.rep_index))
        if key == "objid" and len(self.ids) > 1:
            return
        if key.startswith("desc:") and isinstance(value, bool) is False:
            value = bool(value)
        self.controller.set_field(self.ids, key, "" if value is None else value)
        if key.startswith("desc:"):
            self.desc_pages[key[5:]].setEnabled(bool(value))

    def _kv_edited(self) -> None:
        if self._loading:
            return
        pairs = []
        for row in range(self.kv_table.rowCount()):
            k = self.kv_table.item(row, 0)
            v = self.kv_table.item(row, 1)
            pairs.append((k.text() if k else "", v.text() if v else ""))
        self._edited("kv", pairs)

    def _kv_add_row(self) -> None:
        self.kv_table.blockSignals(True)
        self.kv_table.insertRow(self.kv_table.rowCount())
        self.kv_table.blockSignals(False)
        self.kv_table.setCurrentCell(self.kv_table.rowCount() - 1, 0)
        self.kv_table.editItem(self.kv_table.item(self.kv_table.rowCount() - 1, 0) or self._kv_item(self.kv_table.rowCount() - 1))

    def _kv_item(self, row: int) -> QTableWidgetItem:
        item = QTableWidgetItem("")
        self.kv_table.blockSignals(True)
        self.kv_table.setItem(row, 0, item)
        self.kv_table.blockSignals(False)
        return item

    def _kv_remove_row(self) -> None:
        rows = sorted({i.row() for i in self.kv_table.selectedIndexes()}, reverse=True)
        if not rows and self.kv_table.currentRow() >= 0:
            rows = [self.kv_table.currentRow()]
        for row in rows:
            self.kv_table.removeRow(row)
        if rows:
            self._kv_edited()

    # --- other agents --------------------------------------------------------------------

    def _load_other_agents(self, packages: list[dict]) -> None:
        """Show the bound packages' other agents (none to edit when they differ between packages)."""
        values = [plan_mod.get_field(p, plan_mod.OTHER_AGENTS) for p in packages]
        common = _common(values) if values else []
        self._other_several = common is None
        self._other_rows = [dict(r) for r in common or []]
        if self._other_rows:
            self._other_row = min(max(self._other_row, 0), len(self._other_rows) - 1)
        else:
            self._other_row = -1
        table = self.other_table
        table.blockSignals(True)
        table.setRowCount(len(self._other_rows))
        for index, row in enumerate(self._other_rows):
            for column, text in enumerate(self._other_cells(row)):
                item = table.item(index, column)
                if item is None:
                    item = QTableWidgetItem()
                    table.setItem(index, column, item)
                item.setText(text)
        table.setCurrentCell(self._other_row, 0 if self._other_row >= 0 else -1)
        table.blockSignals(False)
        table.setEnabled(not self._other_several)
        self.other_intro.setText(tr("gui.other_agents.several") if self._other_several else tr("gui.other_agents.intro"))
        self._load_other_detail()

    def _other_cells(self, row: dict) -> tuple[str, str, str]:
        role = row.get("role") or "OTHER"
        type_ = row.get("type") or "ORGANIZATION"
        role_text = tr(f"gui.agent_role.{role}") if role in METS_AGENT_ROLES else role
        type_text = tr(f"gui.agent_type.{type_}") if type_ in METS_AGENT_TYPES else type_
        if role == "OTHER":
            role_text = f"{tr('gui.agent_role.OTHER_short')}: {row.get('other_role') or '?'}"
        if type_ == "OTHER":
            type_text = f"{tr('gui.agent_type.OTHER_short')}: {row.get('other_type') or '?'}"
        return (row.get("name") or tr("gui.other_agents.unnamed"), role_text, type_text)

    def _load_other_detail(self) -> None:
        """Show the selected other agent in the fields under the list."""
        was_loading, self._loading = self._loading, True
        try:
            row = self._other_rows[self._other_row] if 0 <= self._other_row < len(self._other_rows) else None
            for key, field in self.other_fields.items():
                name = key.split(".", 1)[1]
                self._show(field, [row.get(name, "")] if row is not None else [""])
            self.other_detail.setEnabled(row is not None and not self._other_several)
            if row is not None:
                for main, other in (("role", "other_role"), ("type", "other_type")):
                    needed = self.other_fields[f"other_agent.{main}"].widget.currentData() == "OTHER" or bool(row.get(other))
                    self.other_fields[f"other_agent.{other}"].widget.setEnabled(needed)
            editable = bool(self.ids) and not self._other_several
            self.other_buttons["add"].setEnabled(editable)
            self.other_buttons["remove"].setEnabled(editable and row is not None)
            self.other_buttons["up"].setEnabled(editable and self._other_row > 0)
            self.other_buttons["down"].setEnabled(editable and 0 <= self._other_row < len(self._other_rows) - 1)
        finally:
            self._loading = was_loading
        self._show_other_problems()

    def _other_row_changed(self, row: int) -> None:
        if self._loading:
            return
        self._other_row = row
        self._load_other_detail()

    def _set_other_agents(self, rows: list[dict], text: str, merge: bool | str = False) -> None:
        self.controller.set_field(self.ids, plan_mod.OTHER_AGENTS, rows, text=text, merge=merge)

    def _other_edited(self, key: str, value: Any) -> None:
        if self._loading or not self.ids or self._other_several or not 0 <= self._other_row < len(self._other_rows):
            return
        name = key.split(".", 1)[1]
        rows = [dict(r) for r in self._other_rows]
        rows[self._other_row][name] = "" if value is None else str(value)
        self._set_other_agents(rows, "", merge=f"{self._other_row}.{name}")

    def _other_add(self) -> None:
        if not self.ids or self._other_several:
            return
        rows = [dict(r) for r in self._other_rows] + [dict(plan_mod.NEW_OTHER_AGENT)]
        self._other_row = len(rows) - 1
        self._set_other_agents(rows, tr("gui.undo.add_agent"))
        self.other_fields["other_agent.name"].widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _other_remove(self) -> None:
        row = self._other_row
        if not self.ids or self._other_several or not 0 <= row < len(self._other_rows):
            return
        rows = [dict(r) for i, r in enumerate(self._other_rows) if i != row]
        self._other_row = min(row, len(rows) - 1)
        self._set_other_agents(rows, tr("gui.undo.remove_agent"))
        self.other_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _other_move(self, delta: int) -> None:
        row = self._other_row
        to = row + delta
        if not self.ids or self._other_several or not 0 <= row < len(self._other_rows) or not 0 <= to < len(self._other_rows):
            return
        rows = [dict(r) for r in self._other_rows]
        rows[row], rows[to] = rows[to], rows[row]
        self._other_row = to
        self._set_other_agents(rows, tr("gui.undo.move_agent"))

    def _show_other_problems(self) -> None:
        """Problems of the selected other agent under its fields; those of the others under the list."""
        per_row: dict[int, list[tuple[str, str]]] = {}
        for key, texts in self._other_problems.items():
            where = plan_mod.other_agent_key(key)
            if where is not None:
                per_row.setdefault(where[0], []).extend((where[1], t) for t in texts)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.other_table.rowCount()):
            item = self.other_table.item(index, 0)
            if item is None:
                continue
            texts = list(dict.fromkeys(t for _, t in per_row.get(index, [])))
            item.setIcon(icon if texts else QIcon())
            item.setToolTip("\n".join(texts))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "\n".join(texts))
        for key, field in self.other_fields.items():
            name = key.split(".", 1)[1]
            texts = list(dict.fromkeys(t for n, t in per_row.get(self._other_row, []) if n == name))
            field.problem.setText("\n".join(texts))
            field.problem.setVisible(bool(texts))
            field.widget.setAccessibleDescription(("\n".join(texts) + "\n" if texts else "") + tr(f"gui.help.{key}"))
        others = []
        for index in sorted(per_row):
            if index == self._other_row or index >= len(self._other_rows):
                continue
            name = self._other_rows[index].get("name") or tr("gui.other_agents.unnamed")
            others += [tr("gui.other_agents.row_problem", row=index + 1, name=name, text=t) for t in dict.fromkeys(t for _, t in per_row[index])]
        self.other_problem.setText("\n".join(others))
        self.other_problem.setVisible(bool(others))

    def _rep_chosen(self, index: int) -> None:
        self.rep_index = max(0, index)
        self.load()

    def _packages_changed(self, keys: list[str]) -> None:
        if set(keys) & set(self.ids):
            self.load()

    def _structure_changed(self) -> None:
        still = [i for i in self.ids if i in self.controller.plan.packages]
        if still != self.ids:
            self.bind(still)

    # --- help, focus and problems --------------------------------------------------------

    def _focus_changed(self, old, new) -> None:
        widget = new
        while widget is not None and widget is not self:
            key = widget.property("form_key") if hasattr(widget, "property") else None
            if key:
                self.help_label.setText(tr(f"gui.help.{str(key).replace('[{rep}]', '')}"))
                return
            widget = widget.parentWidget()
        self.help_label.setText(tr("gui.form.help_hint"))

    def focus_field(self, key: str) -> bool:
        """Show the tab of a field and put the cursor in it; False when the form has no such field."""
        import re

        where = plan_mod.other_agent_key(key)
        if where is not None:
            return self._focus_other_agent(*where)
        m = re.match(r"^rep\[(\d+)\]\.(\w+)$", key)
        if m:
            self.rep_index = int(m.group(1))
            self.load()
            key = f"rep[{{rep}}].{m.group(2)}"
        if key.startswith("desc:"):
            kind = key[5:]
            self.tabs.setCurrentWidget(self.description_tab)
            self.desc_tabs.setCurrentIndex(list(plan_mod.DESCRIPTION_KINDS).index(kind))
            self.desc_enable[kind].setFocus()
            return True
        field = self.fields.get(key)
        if field is None:
            return False
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page.isAncestorOf(field.widget):
                self.tabs.setCurrentIndex(index)
                break
        if key.startswith(("dc.", "ead.", "kv")):
            self.desc_tabs.setCurrentIndex(list(plan_mod.DESCRIPTION_KINDS).index({"dc": "dc", "ead": "ead", "kv": "kv"}[key.split(".")[0]]))
        field.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        for area in self.findChildren(QScrollArea):
            if area.widget() is not None and area.widget().isAncestorOf(field.widget):
                area.ensureWidgetVisible(field.container)
        self.help_label.setText(tr(f"gui.help.{key.replace('[{rep}]', '')}"))
        return True

    def _focus_other_agent(self, row: int, name: str) -> bool:
        if not 0 <= row < len(self._other_rows):
            return False
        self.tabs.setCurrentWidget(self.agents_tab)
        self._other_row = row
        self.other_table.blockSignals(True)
        self.other_table.setCurrentCell(row, 0)
        self.other_table.blockSignals(False)
        self._load_other_detail()
        field = self.other_fields.get(f"other_agent.{name}") or self.other_fields["other_agent.name"]
        if not field.widget.isEnabled():
            field = self.other_fields["other_agent.name"]
        field.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.agents_tab.ensureWidgetVisible(field.container)
        self.help_label.setText(tr(f"gui.help.{field.key}"))
        return True

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Show problem texts under the fields they are about ({form key: [texts]}); clears the rest."""
        for key, field in self.fields.items():
            resolved = field.resolved(self.rep_index)
            texts = problems.get(resolved) or []
            field.problem.setText("\n".join(dict.fromkeys(texts)))
            field.problem.setVisible(bool(texts))
            field.widget.setAccessibleDescription(
                ("\n".join(texts) + "\n" if texts else "") + tr(f"gui.help.{key.replace('[{rep}]', '')}") if key != "kv" else ""
            )
        self._other_problems = {k: v for k, v in problems.items() if plan_mod.other_agent_key(k) is not None}
        self._show_other_problems()


def _common(values: list[Any]) -> Any:
    """The value all packages share, or None when they differ."""
    if not values:
        return None
    first = values[0]
    return first if all(v == first for v in values[1:]) else None


def _combo_default(key: str) -> str:
    """What the model uses when a combo field is unset (shown as the selection)."""
    return {
        "content_category": "Mixed",
        "content_information_type": "MIXED",
        "record_status": "NEW",
        "spec_version": spec.DEFAULT_VERSION.value,
        "checksum_algorithm": "SHA-256",
        "ead.level": "fonds",
        "other_agent.role": "OTHER",
        "other_agent.type": "ORGANIZATION",
    }.get(key, "")


def _labels() -> dict[str, dict[str, str]]:
    """Labels and help texts of every form field."""
    L: dict[str, tuple[str, str, str, str]] = {
        # key: (label en, label sv, help en, help sv)
        "label": ("Package name", "Paketnamn", "A short name for the package, e.g. \"Accounting records 2017\" (METS LABEL, SIP1). Shown in the plan and by the archive.", "Ett kort namn på paketet, t.ex. \"Räkenskaper 2017\" (METS LABEL, SIP1). Visas i planen och av arkivet."),
        "objid": ("Package identifier", "Paketidentifierare", "The unique identifier of the package (METS OBJID, CSIP1). earchive makes a UUID; replace it only if your archive gives you identifiers. The package folder gets this name.", "Paketets unika identifierare (METS OBJID, CSIP1). earchive skapar ett UUID; ändra det bara om arkivet ger er identifierare. Paketmappen får det här namnet."),
        "content_category": ("Content category", "Innehållskategori", "What kind of records the package holds (METS TYPE, CSIP2), from the official E-ARK vocabulary. Choose \"Mixed\" when it holds several kinds.", "Vilken sorts handlingar paketet innehåller (METS TYPE, CSIP2), från E-ARK:s officiella vokabulär. Välj \"Blandat\" om det innehåller flera sorter."),
        "other_content_category": ("Other category", "Annan kategori", "Only when the content category is \"Other, stated in the next field\": name the category (csip:OTHERTYPE, CSIP3).", "Bara när innehållskategorin är \"Annat, anges i nästa fält\": ange kategorin (csip:OTHERTYPE, CSIP3)."),
        "content_information_type": ("Content information type", "Innehållsinformationstyp", "Which E-ARK content information type specification the package follows (CSIP4), e.g. SIARD 2 for a database. Choose \"Mixed\" when none applies.", "Vilken E-ARK-specifikation för innehållsinformationstyp paketet följer (CSIP4), t.ex. SIARD 2 för en databas. Välj \"Blandat\" om ingen passar."),
        "other_content_information_type": ("Other type", "Annan typ", "Only when the content information type is \"Other\": name the specification (CSIP5).", "Bara när innehållsinformationstypen är \"Annan\": ange specifikationen (CSIP5)."),
        "record_status": ("Delivery status", "Leveransstatus", "Is this a new delivery, a supplement, a replacement, a test...? (METS RECORDSTATUS, SIP3).", "Är detta en ny leverans, en komplettering, en ersättning, ett test…? (METS RECORDSTATUS, SIP3)."),
        "submission_agreement": ("Submission agreement", "Leveransöverenskommelse", "The reference of the agreement with the archive, e.g. \"RA 13-2011/5329\" (SIP5).", "Referensen till överenskommelsen med arkivet, t.ex. \"RA 13-2011/5329\" (SIP5)."),
        "previous_submission_agreements": ("Earlier agreements", "Tidigare överenskommelser", "References of earlier submission agreements, one per line (SIP6).", "Referenser till tidigare leveransöverenskommelser, en per rad (SIP6)."),
        "reference_code": ("Reference code", "Referenskod", "The archival reference code of the records, e.g. \"SE/RA/123456/24/P\" (SIP7).", "Handlingarnas referenskod, t.ex. \"SE/RA/123456/24/P\" (SIP7)."),
        "previous_reference_codes": ("Earlier reference codes", "Tidigare referenskoder", "Earlier reference codes of the records, one per line (SIP8).", "Handlingarnas tidigare referenskoder, en per rad (SIP8)."),
        "spec_version": ("E-ARK version", "E-ARK-version", "2.2.0 is the current E-ARK SIP. 2.1.0 is what Riksarkivet's FGS Paketstruktur 2.0 follows.", "2.2.0 är aktuell E-ARK SIP. 2.1.0 är den som Riksarkivets FGS Paketstruktur 2.0 följer."),
        "checksum_algorithm": ("Checksum", "Kontrollsumma", "How every file's fixity is recorded. SHA-256 is what RODA and most archives expect.", "Hur varje fils kontrollsumma räknas. SHA-256 är vad RODA och de flesta arkiv förväntar sig."),
        "roda_parent_id": ("RODA parent", "Överordnad i RODA", "Only for RODA: the identifier of the existing record under which the package is placed. Leave empty otherwise.", "Bara för RODA: identifieraren för den befintliga post som paketet ska placeras under. Lämna annars tomt."),
        "kv": ("Key-value fields", "Nyckel-värde-fält", "Fields as name and value; RODA treats title, level, description, dateInitial and dateFinal specially.", "Fält som namn och värde; RODA behandlar title, level, description, dateInitial och dateFinal särskilt."),
        "desc:dc": ("Dublin Core", "Dublin Core", "A Dublin Core description (RODA's simple DC): the simplest way to give the package a title RODA shows.", "En Dublin Core-beskrivning (RODA:s simple DC): det enklaste sättet att ge paketet en titel som RODA visar."),
        "desc:ead": ("EAD 2002", "EAD 2002", "An EAD 2002 description of the unit: title, reference code, level, dates, creator, scope and content, access conditions.", "En EAD 2002-beskrivning av enheten: titel, referenskod, nivå, datum, arkivbildare, innehåll och åtkomstvillkor."),
        "desc:kv": ("Key-value", "Nyckel-värde", "RODA's key-value metadata: free fields as name and value.", "RODA:s nyckel-värde-metadata: fria fält som namn och värde."),
        "rep.name": ("Folder name", "Mappnamn", "The representation's folder name in the package (e.g. rep1, or \"original\" and \"pdfa\"): letters A-Z, digits, '.', '_' and '-'.", "Representationens mappnamn i paketet (t.ex. rep1, eller \"original\" och \"pdfa\"): bokstäverna A-Z, siffror, '.', '_' och '-'."),
        "rep.content_information_type": ("Content information type", "Innehållsinformationstyp", "Only when this representation follows another specification than the package as a whole.", "Bara när den här representationen följer en annan specifikation än paketet som helhet."),
    }
    agent_fields = {
        "name": ("Name", "Namn", "The name of the organisation or person.", "Organisationens eller personens namn."),
        "type": ("Kind", "Typ", "An organisation or a person (METS agent TYPE).", "En organisation eller en person (METS agent TYPE)."),
        "identification_code": ("Identification code", "Identifieringskod", "An identifier of the organisation, e.g. its organisation number \"ORG:2021001234\" (written as a note typed IDENTIFICATIONCODE).", "En identifierare för organisationen, t.ex. organisationsnumret \"ORG:2021001234\" (skrivs som en anteckning av typen IDENTIFICATIONCODE)."),
        "notes": ("Contact details", "Kontaktuppgifter", "Telephone, e-mail or other notes, one per line.", "Telefon, e-post eller andra uppgifter, en per rad."),
    }
    agent_help = {
        "submitter": ("Submitting agent", "Levererande aktör", "The organisation or person submitting the package to the archive. Required (SIP15).", "Organisationen eller personen som lämnar paketet till arkivet. Obligatorisk (SIP15)."),
        "archival_creator": ("Archival creator", "Arkivbildare", "The organisation or person that created the records (SIP9).", "Organisationen eller personen som skapade handlingarna (SIP9)."),
        "contact": ("Contact person", "Kontaktperson", "Who the archive can ask about the delivery (SIP21).", "Den som arkivet kan fråga om leveransen (SIP21)."),
        "preservation": ("Preservation agent", "Bevarandeaktör", "The organisation that will preserve the package (SIP26).", "Organisationen som ska bevara paketet (SIP26)."),
    }
    for slot, (ren, rsv, hen, hsv) in agent_help.items():
        for name, (fen, fsv, fhen, fhsv) in agent_fields.items():
            L[f"agent:{slot}.{name}"] = (f"{fen}", f"{fsv}", f"{ren}: {fhen} {hen}", f"{rsv}: {fhsv} {hsv}")
    L["other_agents"] = (
        "Other agents", "Övriga aktörer",
        "Agents with any METS role and kind, in the order they are written. Insert adds one, Delete removes the selected one, Alt+Up and Alt+Down move it.",
        "Aktörer med valfri METS-roll och typ, i den ordning de skrivs. Insert lägger till en, Delete tar bort den valda, Alt+Upp och Alt+Ned flyttar den.",
    )
    other_fields = {
        "role": ("Role", "Roll", "What the agent did (METS agent ROLE), e.g. Editor for a consultant who prepared the delivery. Choose \"Other\" and name the role in the next field, e.g. PRODUCER.", "Vad aktören gjorde (METS agent ROLE), t.ex. Redaktör för en konsult som tagit fram leveransen. Välj \"Annan\" och ange rollen i nästa fält, t.ex. PRODUCER."),
        "other_role": ("Other role", "Annan roll", "Only for the role \"Other\": the name of the role, e.g. PRODUCER or SUBMITTER (METS OTHERROLE).", "Bara för rollen \"Annan\": rollens namn, t.ex. PRODUCER eller SUBMITTER (METS OTHERROLE)."),
        "type": ("Kind", "Typ", "An organisation, a person, or something else such as software (METS agent TYPE).", "En organisation, en person eller något annat, t.ex. programvara (METS agent TYPE)."),
        "other_type": ("Other kind", "Annan typ", "Only for the kind \"Other\": what the agent is, e.g. SOFTWARE (METS OTHERTYPE).", "Bara för typen \"Annan\": vad aktören är, t.ex. SOFTWARE (METS OTHERTYPE)."),
        "name": ("Name", "Namn", "The name of the organisation, person or system. Required.", "Organisationens, personens eller systemets namn. Obligatoriskt."),
        "identification_code": agent_fields["identification_code"],
        "notes": ("Notes", "Anteckningar", "Contact details or other notes, one per line (METS note).", "Kontaktuppgifter eller andra anteckningar, en per rad (METS note)."),
    }
    for name, value in other_fields.items():
        L[f"other_agent.{name}"] = value
    dc = {
        "title": ("Title", "Titel", "The name of the records. RODA lists the package under this title.", "Handlingarnas namn. RODA listar paketet under den här titeln."),
        "creator": ("Creator", "Upphov", "Who created the records. Separate several with ';'.", "Vem som skapade handlingarna. Skilj flera åt med ';'."),
        "subject": ("Subject", "Ämne", "Keywords. Separate several with ';'.", "Ämnesord. Skilj flera åt med ';'."),
        "description": ("Description", "Beskrivning", "What the records are about.", "Vad handlingarna handlar om."),
        "publisher": ("Publisher", "Utgivare", "Who made the records available.", "Vem som gjorde handlingarna tillgängliga."),
        "contributor": ("Contributor", "Medverkande", "Others who contributed. Separate several with ';'.", "Andra som medverkat. Skilj flera åt med ';'."),
        "date": ("Date", "Datum", "A date or period, preferably as 2023 or 2019/2023 (ISO 8601).", "Ett datum eller en period, helst som 2023 eller 2019/2023 (ISO 8601)."),
        "type": ("Type", "Typ", "The kind of records, e.g. Text, Image, Dataset.", "Typ av handlingar, t.ex. Text, Image, Dataset."),
        "format": ("Format", "Format", "File formats or media.", "Filformat eller medier."),
        "identifier": ("Identifier", "Identifierare", "An identifier of the records, such as a diary number.", "En identifierare för handlingarna, till exempel ett diarienummer."),
        "source": ("Source", "Källa", "Where the records come from.", "Varifrån handlingarna kommer."),
        "language": ("Language", "Språk", "Language codes, e.g. sv; en.", "Språkkoder, t.ex. sv; en."),
        "relation": ("Relation", "Relation", "Related records.", "Relaterade handlingar."),
        "coverage": ("Coverage", "Omfång", "Places or periods the records cover.", "Platser eller perioder som handlingarna omfattar."),
        "rights": ("Rights", "Rättigheter", "Access and reuse conditions, e.g. secrecy under OSL.", "Villkor för åtkomst och återanvändning, t.ex. sekretess enligt OSL."),
    }
    for name, value in dc.items():
        L[f"dc.{name}"] = value
    ead = {
        "unittitle": ("Unit title", "Enhetens titel", "The title of the described unit (EAD unittitle). RODA shows it as the title.", "Den beskrivna enhetens titel (EAD unittitle). RODA visar den som titel."),
        "unitid": ("Reference code", "Referenskod", "The unit's identifier or reference code (EAD unitid).", "Enhetens identifierare eller referenskod (EAD unitid)."),
        "level": ("Level", "Nivå", "The level of description: fonds, series, file, item... (EAD archdesc level).", "Beskrivningsnivå: arkiv, serie, akt, handling… (EAD archdesc level)."),
        "otherlevel": ("Other level", "Annan nivå", "Only for level \"other\": the name of the level.", "Bara för nivån \"annan\": nivåns namn."),
        "unitdate": ("Dates", "Datering", "The dates as people write them, e.g. \"1990–2005\".", "Dateringen som man skriver den, t.ex. \"1990–2005\"."),
        "unitdate_normal": ("Dates (ISO 8601)", "Datering (ISO 8601)", "The same dates for machines: 1990/2005, 2023 or 2023-05-11.", "Samma datering för maskiner: 1990/2005, 2023 eller 2023-05-11."),
        "origination": ("Creator", "Arkivbildare", "Who created the records (EAD origination).", "Vem som skapade handlingarna (EAD origination)."),
        "scopecontent": ("Scope and content", "Innehåll och omfattning", "What the unit contains. Separate paragraphs with an empty line.", "Vad enheten innehåller. Skilj stycken åt med en tom rad."),
        "accessrestrict": ("Access conditions", "Åtkomstvillkor", "Restrictions on access, e.g. secrecy.", "Begränsningar i åtkomst, t.ex. sekretess."),
        "repository": ("Repository", "Arkivinstitution", "The archive that holds the records.", "Arkivet som förvarar handlingarna."),
        "language": ("Language", "Språk", "ISO 639-2 code of the records' language, e.g. swe.", "ISO 639-2-kod för handlingarnas språk, t.ex. swe."),
    }
    for name, value in ead.items():
        L[f"ead.{name}"] = value
    out: dict[str, dict[str, str]] = {}
    for key, (len_, lsv, hen, hsv) in L.items():
        out[f"gui.field.{key}"] = {"en": len_, "sv": lsv}
        out[f"gui.help.{key}"] = {"en": hen, "sv": hsv}
    return out


register(_labels())
register(
    {
        "gui.form.tab.header": {"en": "Package", "sv": "Paket"},
        "gui.form.tab.agents": {"en": "Agents", "sv": "Aktörer"},
        "gui.form.tab.description": {"en": "Description", "sv": "Beskrivning"},
        "gui.form.tab.reps": {"en": "Representations", "sv": "Representationer"},
        "gui.form.none": {"en": "No package selected", "sv": "Inget paket valt"},
        "gui.form.empty": {"en": "Select a package in the plan to describe it, or select several to give them the same values.\n\nNo packages yet? Choose a folder on the left and click \"One package\".", "sv": "Välj ett paket i planen för att beskriva det, eller välj flera för att ge dem samma värden.\n\nInga paket än? Välj en mapp till vänster och klicka på \"Ett paket\"."},
        "gui.form.one": {"en": "Identifier: {objid}", "sv": "Identifierare: {objid}"},
        "gui.form.many": {"en": "{n} packages selected", "sv": "{n} paket valda"},
        "gui.form.many_hint": {"en": "A value you enter here is given to all of them. Empty fields marked \"several values\" differ between the packages and are left as they are.", "sv": "Ett värde du anger här ges till alla. Tomma fält märkta \"flera värden\" skiljer sig mellan paketen och lämnas som de är."},
        "gui.form.help_hint": {"en": "Click a field to see what it means here. Problems are listed at the bottom of the window.", "sv": "Klicka på ett fält för att se vad det betyder här. Problem listas längst ned i fönstret."},
        "gui.form.several": {"en": "(several values)", "sv": "(flera värden)"},
        "gui.agent.submitter": {"en": "Submitting agent (required)", "sv": "Levererande aktör (obligatorisk)"},
        "gui.agent.archival_creator": {"en": "Archival creator", "sv": "Arkivbildare"},
        "gui.agent.contact": {"en": "Contact person", "sv": "Kontaktperson"},
        "gui.agent.preservation": {"en": "Preservation agent", "sv": "Bevarandeaktör"},
        "gui.agent_type.default": {"en": "(usual for this agent)", "sv": "(det vanliga för aktören)"},
        "gui.agent_type.ORGANIZATION": {"en": "Organisation", "sv": "Organisation"},
        "gui.agent_type.INDIVIDUAL": {"en": "Person", "sv": "Person"},
        "gui.agent_type.OTHER": {"en": "Other, named in \"Other kind\"", "sv": "Annan, anges i \"Annan typ\""},
        "gui.agent_type.OTHER_short": {"en": "Other", "sv": "Annan"},
        "gui.agent_role.CREATOR": {"en": "Creator (CREATOR)", "sv": "Skapare (CREATOR)"},
        "gui.agent_role.EDITOR": {"en": "Editor (EDITOR)", "sv": "Redaktör (EDITOR)"},
        "gui.agent_role.ARCHIVIST": {"en": "Archivist (ARCHIVIST)", "sv": "Arkivarie (ARCHIVIST)"},
        "gui.agent_role.PRESERVATION": {"en": "Preservation (PRESERVATION)", "sv": "Bevarande (PRESERVATION)"},
        "gui.agent_role.DISSEMINATOR": {"en": "Disseminator (DISSEMINATOR)", "sv": "Tillhandahållare (DISSEMINATOR)"},
        "gui.agent_role.CUSTODIAN": {"en": "Custodian (CUSTODIAN)", "sv": "Förvaltare (CUSTODIAN)"},
        "gui.agent_role.IPOWNER": {"en": "Rights holder (IPOWNER)", "sv": "Rättighetsinnehavare (IPOWNER)"},
        "gui.agent_role.OTHER": {"en": "Other, named in \"Other role\" (OTHER)", "sv": "Annan, anges i \"Annan roll\" (OTHER)"},
        "gui.agent_role.OTHER_short": {"en": "Other", "sv": "Annan"},
        "gui.other_agents.title": {"en": "Other agents", "sv": "Övriga aktörer"},
        "gui.other_agents.intro": {"en": "Agents with any other role, e.g. a consultant who prepared the delivery (Editor) or a producer (Other: PRODUCER), as Swedish FGS deliveries name them.", "sv": "Aktörer med andra roller, t.ex. en konsult som tagit fram leveransen (Redaktör) eller en producent (Annan: PRODUCER), som svenska FGS-leveranser anger dem."},
        "gui.other_agents.several": {"en": "The selected packages have different other agents. Select one package to edit them.", "sv": "De valda paketen har olika övriga aktörer. Välj ett paket för att ändra dem."},
        "gui.other_agents.col.name": {"en": "Name", "sv": "Namn"},
        "gui.other_agents.col.role": {"en": "Role", "sv": "Roll"},
        "gui.other_agents.col.type": {"en": "Kind", "sv": "Typ"},
        "gui.other_agents.add": {"en": "Add agent", "sv": "Lägg till aktör"},
        "gui.other_agents.remove": {"en": "Remove agent", "sv": "Ta bort aktör"},
        "gui.other_agents.up": {"en": "Move up", "sv": "Flytta upp"},
        "gui.other_agents.down": {"en": "Move down", "sv": "Flytta ned"},
        "gui.other_agents.add_tip": {"en": "Add an agent at the end of the list ({key} in the list).", "sv": "Lägg till en aktör sist i listan ({key} i listan)."},
        "gui.other_agents.remove_tip": {"en": "Remove the selected agent ({key} in the list).", "sv": "Ta bort den valda aktören ({key} i listan)."},
        "gui.other_agents.up_tip": {"en": "Write the selected agent one place earlier ({key} in the list).", "sv": "Skriv den valda aktören ett steg tidigare ({key} i listan)."},
        "gui.other_agents.down_tip": {"en": "Write the selected agent one place later ({key} in the list).", "sv": "Skriv den valda aktören ett steg senare ({key} i listan)."},
        "gui.other_agents.unnamed": {"en": "(no name yet)", "sv": "(inget namn än)"},
        "gui.other_agents.row_problem": {"en": "Agent {row} ({name}): {text}", "sv": "Aktör {row} ({name}): {text}"},
        "gui.other_agents.accessible": {"en": "{field} of the selected other agent", "sv": "{field} för den valda övriga aktören"},
        "gui.version.2.2.0": {"en": "E-ARK 2.2.0 (current)", "sv": "E-ARK 2.2.0 (aktuell)"},
        "gui.version.2.1.0": {"en": "E-ARK 2.1.0 (FGS Paketstruktur 2.0)", "sv": "E-ARK 2.1.0 (FGS Paketstruktur 2.0)"},
        "gui.desc.tab.dc": {"en": "Dublin Core", "sv": "Dublin Core"},
        "gui.desc.tab.ead": {"en": "EAD 2002", "sv": "EAD 2002"},
        "gui.desc.tab.kv": {"en": "Key-value", "sv": "Nyckel-värde"},
        "gui.desc.enable.dc": {"en": "Describe the package with Dublin Core", "sv": "Beskriv paketet med Dublin Core"},
        "gui.desc.enable.ead": {"en": "Describe the package with EAD 2002", "sv": "Beskriv paketet med EAD 2002"},
        "gui.desc.enable.kv": {"en": "Describe the package with key-value fields", "sv": "Beskriv paketet med nyckel-värde-fält"},
        "gui.kv.name": {"en": "Name", "sv": "Namn"},
        "gui.kv.value": {"en": "Value", "sv": "Värde"},
        "gui.kv.add": {"en": "Add field", "sv": "Lägg till fält"},
        "gui.kv.remove": {"en": "Remove field", "sv": "Ta bort fält"},
        "gui.rep.choose": {"en": "Representation:", "sv": "Representation:"},
        "gui.rep.cit_inherit": {"en": "(as the package)", "sv": "(som paketet)"},
        "gui.rep.hint": {"en": "A package can hold the same records in several forms, e.g. the originals and PDF/A copies: one representation each. Add one from the package's context menu; drop files on it in the plan.", "sv": "Ett paket kan innehålla samma handlingar i flera former, t.ex. originalen och PDF/A-kopior: en representation för varje. Lägg till en från paketets snabbmeny; släpp filer på den i planen."},
        "gui.ead_level.collection": {"en": "Collection", "sv": "Samling"},
        "gui.ead_level.fonds": {"en": "Fonds (archive)", "sv": "Arkiv"},
        "gui.ead_level.class": {"en": "Class", "sv": "Klass"},
        "gui.ead_level.recordgrp": {"en": "Record group", "sv": "Handlingsgrupp"},
        "gui.ead_level.series": {"en": "Series", "sv": "Serie"},
        "gui.ead_level.subfonds": {"en": "Sub-fonds", "sv": "Delarkiv"},
        "gui.ead_level.subgrp": {"en": "Sub-group", "sv": "Undergrupp"},
        "gui.ead_level.subseries": {"en": "Sub-series", "sv": "Underserie"},
        "gui.ead_level.file": {"en": "File", "sv": "Akt"},
        "gui.ead_level.item": {"en": "Item", "sv": "Handling"},
        "gui.ead_level.otherlevel": {"en": "Other level", "sv": "Annan nivå"},
    }
)
