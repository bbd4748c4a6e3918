"""Work off the UI thread: the Qt side of earchive's progress and cancellation protocol.

:class:`Task` runs one function in a thread pool and hands its result or its
exception back to the main thread through signals (picard's ``run_task`` and
``to_main``).  :class:`BuildWorker` builds (and validates) packages in a QThread: it
gives the core a progress sink that emits a Qt signal and a CancelToken the dialog's
Cancel button sets; the core itself removes anything half-written.
"""

from __future__ import annotations

import copy
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from earchive import interrupts
from earchive.errors import Cancelled, EarchiveError
from earchive.progress import CancelToken, ProgressEvent

#: Progress events forwarded to the UI at most this often (seconds).
PROGRESS_INTERVAL = 0.05


class _TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """Run ``fn()`` in the global thread pool; ``on_done(result)`` or ``on_error(exc)`` run in the main thread."""

    def __init__(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _TaskSignals()
        if on_done is not None:
            self.signals.done.connect(on_done)
        if on_error is not None:
            self.signals.failed.connect(on_error)
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            self.signals.failed.emit(exc)
            return
        self.signals.done.emit(result)


#: Tasks whose result has not reached the main thread yet (kept alive until it has).
_running: set = set()


def run_task(fn: Callable[[], Any], on_done=None, on_error=None) -> Task:
    """Start ``fn`` off the UI thread (see :class:`Task`)."""
    task = Task(fn, on_done, on_error)
    task.setAutoDelete(False)
    _running.add(task)
    task.signals.done.connect(lambda _=None, t=task: _running.discard(t))
    task.signals.failed.connect(lambda _=None, t=task: _running.discard(t))
    QThreadPool.globalInstance().start(task)
    return task


@dataclass
class BuildJob:
    """One package to build: its title for people, the Submission and the BuildOptions."""

    title: str
    submission: Any
    options: Any


@dataclass
class BuildOutcome:
    """What happened to one package: its BuildResult, or its error; and its validation report."""

    job: BuildJob
    result: Any = None
    error: BaseException | None = None
    report: Any = None
    report_error: BaseException | None = None
    details: str = ""


@dataclass
class Snapshot:
    """Progress of the whole run, for the dialog (a copy, safe to read in the UI thread)."""

    index: int  # package number, 0-based
    count: int
    title: str
    event: ProgressEvent
    stage: str = "build"  # build or validate


class BuildWorker(QObject):
    """Builds packages one after another, driven from its own QThread.

    By default the core runs in a child process (:mod:`earchive_gui.build_process`) and
    this thread relays its messages as signals; a ``build`` function given by the caller
    (tests, scripts) runs in this thread instead.
    """

    progressed = Signal(object)  # Snapshot
    package_done = Signal(object)  # BuildOutcome
    finished = Signal(list)  # every BuildOutcome

    def __init__(self, jobs: list[BuildJob], *, validate: bool = True,
                 build: Callable | None = None, validator: Callable | None = None) -> None:
        super().__init__()
        self.jobs = jobs
        self.validate = validate
        self.cancel_token = CancelToken()
        self._build = build
        self._validator = validator
        self._last_emit = 0.0
        self.qthread = QThread()
        self.qthread.setObjectName("earchive-build")
        self.moveToThread(self.qthread)
        self.qthread.started.connect(self.run)

    def start(self) -> None:
        self.qthread.start()

    def cancel(self) -> None:
        """Ask the core to stop at its next check; it removes what it had written."""
        self.cancel_token.cancel()

    def run(self) -> None:
        if self._build is None and self._validator is None:
            self._run_in_process()
            return
        build = self._build
        if build is None:
            from earchive.builder import build_package as build
        outcomes: list[BuildOutcome] = []
        for index, job in enumerate(self.jobs):
            outcome = BuildOutcome(job)
            if self.cancel_token.cancelled:
                outcome.error = Cancelled()
                outcomes.append(outcome)
                continue

            def sink(event: ProgressEvent, index=index, job=job) -> None:
                now = time.monotonic()
                if now - self._last_emit >= PROGRESS_INTERVAL or event.phase == "done":
                    self._last_emit = now
                    self.progressed.emit(Snapshot(index, len(self.jobs), job.title, copy.copy(event)))

            try:
                outcome.result = build(job.submission, job.options, sink, self.cancel_token)
            except EarchiveError as exc:
                outcome.error = exc
            except Exception as exc:  # noqa: BLE001 - a bug: shown with details, never crashes the UI
                outcome.error = exc
                outcome.details = traceback.format_exc()
            if outcome.result is not None and self.validate and not self.cancel_token.cancelled:
                self.progressed.emit(Snapshot(index, len(self.jobs), job.title, ProgressEvent(phase="validate"), "validate"))

                def vsink(event: ProgressEvent, index=index, job=job) -> None:
                    now = time.monotonic()
                    if now - self._last_emit >= PROGRESS_INTERVAL:
                        self._last_emit = now
                        self.progressed.emit(Snapshot(index, len(self.jobs), job.title, copy.copy(event), "validate"))

                outcome.report, outcome.report_error = self._validate(outcome.result, vsink)
            outcomes.append(outcome)
            self.package_done.emit(outcome)
        self.finished.emit(outcomes)
        self.qthread.quit()

    def _run_in_process(self) -> None:
        """Run the core in a spawned child process; relay its progress, results and errors."""
        import multiprocessing
        import queue as queue_mod

        from earchive_gui.build_process import child_main, rebuild_error

        ctx = multiprocessing.get_context("spawn")
        messages = ctx.Queue()
        cancel_event = ctx.Event()
        payload = [(job.title, job.submission, job.options) for job in self.jobs]
        process = ctx.Process(target=child_main, args=(payload, self.validate, messages, cancel_event),
                              name="earchive-build", daemon=True)
        outcomes = [BuildOutcome(job) for job in self.jobs]
        announced: set[int] = set()
        self.progressed.emit(Snapshot(0, len(self.jobs), self.jobs[0].title if self.jobs else "", ProgressEvent(phase="start")))
        try:
            with interrupts.children_start_held():  # the child installs its own handlers first
                process.start()
        except Exception as exc:  # noqa: BLE001 - e.g. no way to start a process: say so, never hang
            for outcome in outcomes:
                outcome.error = RuntimeError(f"cannot start the build process: {exc}")
                outcome.details = traceback.format_exc()
            self.finished.emit(outcomes)
            self.qthread.quit()
            return
        ended = False

        def announce(upto: int) -> None:
            for i in range(upto):
                if i not in announced:
                    announced.add(i)
                    self.package_done.emit(outcomes[i])

        while not ended:
            if self.cancel_token.cancelled and not cancel_event.is_set():
                cancel_event.set()
            try:
                message = messages.get(timeout=0.1)
            except queue_mod.Empty:
                if not process.is_alive():
                    break
                continue
            kind = message[0]
            if kind == "end":
                ended = True
            elif kind == "progress":
                _, index, stage, event = message
                announce(index)
                self.progressed.emit(Snapshot(index, len(self.jobs), self.jobs[index].title, event, stage))
            elif kind == "built":
                outcomes[message[1]].result = message[2]
            elif kind == "error":
                _, index, name, code, params = message
                outcomes[index].error = rebuild_error(name, code, params)
            elif kind == "bug":
                _, index, text, details = message
                outcomes[index].error = RuntimeError(text)
                outcomes[index].details = details
            elif kind == "report":
                outcomes[message[1]].report = message[2]
            elif kind == "report_error":
                _, index, name, code, params, details = message
                outcomes[index].report_error = rebuild_error(name, code, params) if name else RuntimeError(params.get("detail", ""))
                outcomes[index].details = details
        process.join(10)
        if not ended:
            for outcome in outcomes:
                if outcome.result is None and outcome.error is None:
                    outcome.error = Cancelled() if self.cancel_token.cancelled else RuntimeError(
                        f"the build process stopped unexpectedly (exit code {process.exitcode})")
        announce(len(outcomes))
        messages.close()
        self.finished.emit(outcomes)
        self.qthread.quit()

    def _validate(self, result, sink) -> tuple[Any, BaseException | None]:
        """Validate a built package; (report, None), or (None, error); (None, None) without a validator."""
        validator = self._validator
        if validator is None:
            try:
                from earchive.validation import validate_package as validator
            except ImportError:
                return None, None
        try:
            return validator(result.package_path, progress=sink, cancel=self.cancel_token), None
        except Cancelled as exc:
            return None, exc
        except Exception as exc:  # noqa: BLE001 - shown in the report, the package stays
            return None, exc
