"""Builds in a child process, so that the build's Python work never competes with the UI thread.

Identifying 20,000 file formats or writing a large METS holds Python's global
interpreter lock for long stretches; in a thread of the GUI process that freezes
the window for a quarter of a second at a time.  The GUI therefore runs the core's
``build_package`` (and ``validate_package``) in a separate process, started with
"spawn" (safe with Qt, and the only method on Windows and macOS).  This module has no
Qt: the child imports only the core.

Messages from the child are tuples on a queue:
``("progress", index, stage, ProgressEvent)``, ``("built", index, BuildResult)``,
``("error", index, class name, code, params)``, ``("bug", index, text, traceback)``,
``("report", index, ValidationReport)``, ``("report_error", index, class name, code, params, text)``
and finally ``("end",)``.  Setting the cancel event cancels the core's CancelToken.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from typing import Any

#: Progress messages sent at most this often (seconds).
PROGRESS_INTERVAL = 0.05


def child_main(jobs: list[tuple[str, Any, Any]], validate: bool, queue, cancel_event) -> None:
    """Entry point of the child process: build (and validate) each job, report on ``queue``."""
    from earchive import interrupts
    from earchive.builder import build_package
    from earchive.errors import EarchiveError
    from earchive.progress import CancelToken

    token = CancelToken()
    # SIGTERM (multiprocessing stops a daemon child so when the app quits), SIGHUP and
    # SIGINT cancel the build, which removes what it wrote; so does the app's death.
    interrupts.cancel_in_child(token)
    orphaned = threading.Event()
    interrupts.watch_parent(lambda: (token.request(), orphaned.set()))

    def watch() -> None:
        cancel_event.wait()
        token.cancel()

    threading.Thread(target=watch, daemon=True).start()
    last = [0.0]

    def sink_for(index: int, stage: str):
        def sink(event) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL or event.phase == "done":
                last[0] = now
                queue.put(("progress", index, stage, event))

        return sink

    for index, (_title, submission, options) in enumerate(jobs):
        if token.cancelled:
            queue.put(("error", index, "Cancelled", "error.cancelled", {}))
            continue
        try:
            result = build_package(submission, options, sink_for(index, "build"), token)
        except EarchiveError as exc:
            queue.put(("error", index, type(exc).__name__, exc.code, _plain(exc.params)))
            continue
        except Exception as exc:  # noqa: BLE001 - a bug: reported with its traceback
            queue.put(("bug", index, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            continue
        queue.put(("built", index, result))
        if validate and not token.cancelled:
            _validate(index, result, queue, sink_for(index, "validate"), token)
    if orphaned.is_set():  # nobody reads the queue: do not wait for it at exit
        os._exit(130)
    queue.put(("end",))


def scan_job(submission, include_system_files: bool) -> list:
    """The core's source scan findings for a Submission, for a helper process (never raises EarchiveError)."""
    from earchive import precheck
    from earchive.errors import EarchiveError

    try:
        return precheck.check_sources(submission, include_system_files=include_system_files)
    except EarchiveError as exc:
        return [precheck.Finding(precheck.EARCHIVE, "error", exc.code, _plain(exc.params))]


def _validate(index: int, result, queue, sink, token) -> None:
    from earchive.errors import EarchiveError

    try:
        from earchive.validation import validate_package
    except ImportError:
        return
    try:
        report = validate_package(result.package_path, progress=sink, cancel=token)
    except EarchiveError as exc:
        queue.put(("report_error", index, type(exc).__name__, exc.code, _plain(exc.params), ""))
        return
    except Exception as exc:  # noqa: BLE001
        queue.put(("report_error", index, "", "error.internal", {"detail": str(exc)}, traceback.format_exc()))
        return
    queue.put(("report", index, report))


def _plain(params: dict) -> dict:
    """Error parameters that survive pickling (nested errors become their English text)."""
    from earchive.errors import EarchiveError

    out = {}
    for key, value in params.items():
        if isinstance(value, EarchiveError):
            value = value.message("en")
        elif not isinstance(value, (str, int, float, bool, type(None), list, tuple, dict)):
            value = str(value)
        out[key] = value
    return out


def rebuild_error(name: str, code: str, params: dict):
    """The EarchiveError the child reported, as an exception object of the same class when known."""
    from earchive import errors

    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, errors.EarchiveError)):
        cls = errors.EarchiveError
    if cls is errors.Cancelled:
        return errors.Cancelled()
    return cls(code, **params)
