"""Check before building: the problems of every planned package, with requirement IDs.

The checks are the core's (:mod:`earchive.precheck`): the model's own validation field
by field, then what the source scan would report.  They run off the UI thread a
moment after the last edit; results for packages that did not change are reused.
Clicking a problem selects the field or the plan item that fixes it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from earchive import precheck
from earchive.errors import Cancelled, EarchiveError
from earchive.messages import register
from earchive.progress import CancelToken

from earchive_gui import plan as plan_mod
from earchive_gui.controller import PlanController
from earchive_gui.i18n import language, tr
from earchive_gui.workers import run_task

#: Wait this long after the last edit before checking (ms).
DEBOUNCE_MS = 350
#: Information the archivist should see before building (the builder will rename files, leave
#: out empty folders); other information (left-out system files) goes to the build report only.
SHOWN_INFO = ("report.renamed", "report.empty_folder", "report.folder_only_left_out", "report.path_still_too_long")
#: At most this many information rows per package (a folder may hold 20,000 renamed files).
MAX_INFO_ROWS = 50


def check_one(pkg: dict, target: str, include_system_files: bool, cancel: CancelToken,
              scans: dict | None = None) -> list[precheck.Finding]:
    """All findings for one package dictionary (runs in a worker thread).

    ``scans`` caches the source scan by what it depends on (the paths), so that typing a
    title does not scan a folder of 20,000 files again.
    """
    findings = precheck.check_package_dict(pkg, target=target)
    try:
        submission = precheck.submission_of(pkg)
    except EarchiveError as exc:  # the model refuses the package: the builder would not scan it
        if not any(f.blocks_build for f in findings):
            findings.append(precheck.Finding(precheck.EARCHIVE, "error", exc.code, dict(exc.params)))
        return findings
    key = _sources_key(pkg, include_system_files)
    scanned = scans.get(key) if scans is not None else None
    if scanned is None:
        scanned = scan_sources_elsewhere(submission, include_system_files, cancel)
        if scans is not None:
            scans[key] = scanned
    seen = {(f.code, f.field) for f in findings}
    findings += [f for f in scanned if (f.code, f.field) not in seen]
    return precheck.sort_findings(findings)


_pool = None


def scan_sources_elsewhere(submission, include_system_files: bool, cancel: CancelToken) -> list[precheck.Finding]:
    """Run the core's source scan in a helper process (falls back to this thread).

    Scanning 20,000 files allocates 20,000 objects with the garbage collector paused;
    collecting them afterwards would stop every thread of the GUI process, the UI
    thread too, for most of 0.1 s.  In a helper process it stops nothing that matters.
    """
    global _pool
    import concurrent.futures
    import multiprocessing

    try:
        if _pool is None:
            _pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            import atexit

            atexit.register(_pool.shutdown, wait=False, cancel_futures=True)
        from earchive_gui.build_process import scan_job

        future = _pool.submit(scan_job, submission, include_system_files)
        while True:
            try:
                return future.result(timeout=0.2)
            except concurrent.futures.TimeoutError:
                if cancel.cancelled:
                    future.cancel()
                    cancel.check()
    except (concurrent.futures.process.BrokenProcessPool, OSError, RuntimeError):
        _pool = None
        return precheck.check_sources(submission, include_system_files=include_system_files, cancel=cancel)


def _sources_key(pkg: dict, include_system_files: bool) -> str:
    """What the source scan of a package depends on."""
    import json

    reps = [(r.get("name"), r.get("sources")) for r in plan_mod.representations(pkg)]
    files = [f.get("path") for f in (pkg.get("descriptive") or {}).get("files") or []]
    return json.dumps([reps, pkg.get("documentation"), pkg.get("other_metadata"), files, include_system_files], sort_keys=True)


class ProblemChecker(QObject):
    """Re-checks changed packages in the background and publishes {package id: [Finding]}."""

    updated = Signal(dict)

    def __init__(self, controller: PlanController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.include_system_files = False
        self.results: dict[str, list[precheck.Finding]] = {}
        self._cache: dict[str, tuple[int, str, list]] = {}  # id -> (id(pkg dict), target, findings)
        self._scans: dict[str, list] = {}  # source-scan findings by what they depend on
        self._generation = 0
        self._cancel: CancelToken | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.check_now)
        self.running = False
        controller.changed.connect(self.schedule)

    def schedule(self) -> None:
        self._timer.start()

    def recheck_all(self) -> None:
        """Forget cached results (files on disk may have changed) and check again."""
        self._cache.clear()
        self._scans = {}
        self.check_now()

    def check_now(self) -> None:
        self._timer.stop()
        if self._cancel is not None:
            self._cancel.cancel()
        self._generation += 1
        generation = self._generation
        cancel = CancelToken()
        self._cancel = cancel
        target = self.controller.plan.target
        system = self.include_system_files
        snapshot = list(self.controller.plan.ordered())
        cache = dict(self._cache)
        scans = self._scans  # shared with the worker: only this one task runs at a time on it
        if len(scans) > 4 * max(1, len(snapshot)):
            scans.clear()
        self.running = True

        def work() -> tuple[int, dict, dict]:
            results: dict[str, list] = {}
            new_cache: dict[str, tuple[int, str, list]] = {}
            for key, pkg in snapshot:
                cached = cache.get(key)
                if cached is not None and cached[0] == id(pkg) and cached[1] == target:
                    findings = cached[2]
                else:
                    cancel.check()
                    findings = check_one(pkg, target, system, cancel, scans)
                results[key] = findings
                new_cache[key] = (id(pkg), target, findings)
            return generation, results, new_cache

        run_task(work, self._done, self._failed)

    def _done(self, value: tuple[int, dict, dict]) -> None:
        generation, results, cache = value
        if generation != self._generation:
            return
        self.running = False
        self._cache = cache
        self.results = results
        self.updated.emit(results)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return  # a newer check replaced this one
        import traceback

        self.running = False
        traceback.print_exception(exc)  # a bug in a check must not take the window down
        self.updated.emit(self.results)


class ProblemsPanel(QWidget):
    """The list of problems; activating one asks the window to show its field."""

    #: (package id, Finding) the user wants to fix.
    activated = Signal(str, object)
    recheck = Signal()

    def __init__(self, controller: PlanController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.results: dict[str, list[precheck.Finding]] = {}
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.recheck_button = QPushButton(self)
        self.recheck_button.clicked.connect(self.recheck)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(1, 200)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([tr("gui.problems.col_req"), tr("gui.problems.col_package"), tr("gui.problems.col_problem")])
        self.tree.setAccessibleName(tr("gui.problems.accessible"))
        self.tree.setWhatsThis(tr("gui.problems.whats_this"))
        self.recheck_button.setText(tr("gui.problems.recheck"))
        self.recheck_button.setToolTip(tr("gui.problems.recheck_tip"))
        self.show_results(self.results)

    def counts(self) -> tuple[int, int]:
        errors = sum(1 for fs in self.results.values() for f in fs if f.level == "error")
        warnings = sum(1 for fs in self.results.values() for f in fs if f.level == "warning")
        return errors, warnings

    def show_results(self, results: dict[str, list[precheck.Finding]]) -> None:
        self.results = results
        self.tree.clear()
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        lang = language()
        items = []
        for key in self.controller.plan.order:
            pkg = self.controller.plan.packages.get(key)
            infos = [f for f in results.get(key, []) if f.level == "info" and f.code in SHOWN_INFO]
            for finding in [f for f in results.get(key, []) if f.level != "info"] + infos[:MAX_INFO_ROWS]:
                title = plan_mod.title_of(pkg) if pkg else ""
                req = finding.requirement or "—"
                head = precheck.requirement_text(finding.requirement, (pkg or {}).get("spec_version") or "2.2.0") if finding.requirement else ""
                item = QTreeWidgetItem([req, title, finding.message(lang)])
                item.setIcon(0, icons.get(finding.level, icons["info"]))
                tip = tr(f"gui.problems.level.{finding.level}") + (f" — {finding.requirement}: {head}" if head else "")
                item.setToolTip(0, tip)
                item.setToolTip(2, finding.message(lang))
                item.setData(0, Qt.ItemDataRole.UserRole, (key, finding))
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{tr(f'gui.problems.level.{finding.level}')} {req}")
                items.append(item)
            if len(infos) > MAX_INFO_ROWS:
                more = QTreeWidgetItem(["", plan_mod.title_of(pkg) if pkg else "", tr("gui.problems.more_info", n=len(infos) - MAX_INFO_ROWS)])
                more.setIcon(0, icons["info"])
                items.append(more)
        self.tree.addTopLevelItems(items)
        errors, warnings = self.counts()
        if not self.controller.plan.order:
            self.summary.setText(tr("gui.problems.no_packages"))
        elif errors == 0 and warnings == 0:
            self.summary.setText(tr("gui.problems.all_good"))
        else:
            self.summary.setText(tr("gui.problems.summary", errors=errors, warnings=warnings))

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        data: Any = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            key, finding = data
            self.activated.emit(key, finding)


register(
    {
        "gui.problems.title": {"en": "Check before building", "sv": "Kontroll före bygget"},
        "gui.problems.col_req": {"en": "Requirement", "sv": "Krav"},
        "gui.problems.col_package": {"en": "Package", "sv": "Paket"},
        "gui.problems.col_problem": {"en": "Problem and what to do", "sv": "Problem och vad du kan göra"},
        "gui.problems.accessible": {"en": "Problems found before building", "sv": "Problem som hittats före bygget"},
        "gui.problems.whats_this": {"en": "Everything that would stop a package from being built, or that the archive may not accept, with the E-ARK requirement it comes from. Click a problem to go to the field that fixes it.", "sv": "Allt som skulle hindra ett paket från att byggas, eller som arkivet kanske inte accepterar, med det E-ARK-krav det kommer från. Klicka på ett problem för att gå till fältet som åtgärdar det."},
        "gui.problems.recheck": {"en": "Check again", "sv": "Kontrollera igen"},
        "gui.problems.recheck_tip": {"en": "Look at the files on disk again (after you changed them outside earchive).", "sv": "Titta på filerna på disken igen (efter att du har ändrat dem utanför earchive)."},
        "gui.problems.no_packages": {"en": "No packages yet.", "sv": "Inga paket än."},
        "gui.problems.all_good": {"en": "No problems found: ready to build.", "sv": "Inga problem hittades: klart att bygga."},
        "gui.problems.summary": {"en": "{errors} problem(s) must be fixed before building; {warnings} warning(s).", "sv": "{errors} problem måste åtgärdas före bygget; {warnings} varning(ar)."},
        "gui.problems.more_info": {"en": "… and {n} more notes like these; the build report lists them all.", "sv": "… och {n} noteringar till av samma slag; byggrapporten listar alla."},
        "gui.problems.level.error": {"en": "Must be fixed", "sv": "Måste åtgärdas"},
        "gui.problems.level.warning": {"en": "Warning", "sv": "Varning"},
        "gui.problems.level.info": {"en": "Note", "sv": "Notering"},
    }
)
