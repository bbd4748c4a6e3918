"""Build many packages, in parallel processes, where one failure does not stop the others.

:func:`build_many` takes the :class:`~earchive.jobs.PlannedPackage` list of a job file
or CSV and returns one :class:`PackageOutcome` per package, in input order.  With more
than one worker the builds run in a :class:`concurrent.futures.ProcessPoolExecutor`
(format identification and hashing are CPU work, so threads would share one core).

Cancellation: the caller's :class:`~earchive.progress.CancelToken` is mirrored into a
process-shared event that every worker's builder checks; builds not yet started are
dropped, running ones clean up their temporary package, and their outcome is
``cancelled``.  A worker treats SIGINT, SIGTERM and SIGHUP (which ``timeout``,
systemd and a terminal send to the whole process group) as a cancellation of its own
build, and watches the main process: should that die (SIGKILL), the worker cancels,
cleans up and ends, so no worker outlives its batch (:mod:`earchive.interrupts`).

Errors cross the process boundary as data (class name, message code, params) and are
rebuilt in the main process, so the CLI classifies them by class as usual.

Workers are *spawned*, never forked, on every platform: a process that has used
pygfried carries a running Go runtime, and a forked copy of it hangs at its first
identification (and Windows, where the installers run, can only spawn anyway).
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import re
import threading
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from earchive import builder, errors, interrupts
from earchive.builder import BuildResult
from earchive.errors import Cancelled, EarchiveError, OutputError
from earchive.exitcodes import ExitCode
from earchive.messages import register
from earchive.jobs import PlannedPackage, RejectedPackage
from earchive.progress import CancelToken, ProgressEvent, Throttle

#: Outcome statuses (skipped: complete from an earlier run of the same batch, see earchive.batch_state).
BUILT, FAILED, INVALID, CANCELLED, SKIPPED = "built", "failed", "invalid", "cancelled", "skipped"

#: How often (seconds) the main process looks at the cancel token while builds run.
_POLL = 0.1
#: How often (seconds) a worker sends a progress event to the main process.
_WORKER_PROGRESS_INTERVAL = 0.25
#: Start method of worker processes (see the module docstring for why not "fork").
START_METHOD = "spawn"


@dataclass
class PackageOutcome:
    """What happened to one package of a batch."""

    origin: str  # "row 5", "packages[2]", "command line"
    objid: str
    status: str  # built, failed, invalid (refused before building), cancelled, skipped (complete already)
    result: BuildResult | None = None
    error: EarchiveError | None = None
    detail: str = ""  # traceback of an unexpected error (shown with --verbose)

    @property
    def ok(self) -> bool:
        return self.status in (BUILT, SKIPPED)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        d: dict[str, Any] = {"origin": self.origin, "objid": self.objid, "status": self.status}
        if self.result is not None:
            d.update(self.result.to_dict())
        if self.error is not None:
            d["error"] = error_to_dict(self.error, lang)
        return d


#: A progress sink for many packages: (index of the package, event).
BatchProgressSink = Callable[[int, ProgressEvent], None]
#: Told when a package is finished: (index, outcome).
FinishedSink = Callable[[int, PackageOutcome], None]


def build_many(
    packages: list[PlannedPackage],
    *,
    workers: int = 2,
    progress: BatchProgressSink | None = None,
    finished: FinishedSink | None = None,
    cancel: CancelToken | None = None,
    build: Callable | None = None,
    cluster: str | None = None,
) -> list[PackageOutcome]:
    """Build every package; return their outcomes in input order. Never raises for one package's failure.

    ``workers`` > 1 uses that many processes (at most one per package).  A package that
    raised an unexpected exception is ``failed`` with an ``error.internal`` error.
    ``build`` replaces :func:`earchive.builder.build_package` (a module-level function,
    so that worker processes can import it; tests use it).  ``cluster`` (a Dask
    scheduler address, or a connected ``distributed.Client``) builds on that cluster's
    workers instead (:mod:`earchive.cluster`).
    """
    cancel = cancel or CancelToken()
    if cluster is not None:
        from earchive import cluster as cluster_module

        return cluster_module.build_on_cluster(packages, cluster, progress=progress, finished=finished,
                                               cancel=cancel, build=build)
    workers = max(1, min(workers, len(packages)))
    if workers == 1:
        return _build_here(packages, progress, finished, cancel, build)
    return _build_in_processes(packages, workers, progress, finished, cancel, build)


def rejected_outcomes(rejected: list[RejectedPackage]) -> list[PackageOutcome]:
    """Outcomes for packages refused while reading the job (status ``invalid``)."""
    return [PackageOutcome(r.origin, r.objid, INVALID, error=r.error) for r in rejected]


def in_input_order(outcomes: list[PackageOutcome]) -> list[PackageOutcome]:
    """Sort outcomes by the number in their origin ("row 12" after "row 3")."""

    def key(o: PackageOutcome):
        m = re.search(r"\d+", o.origin)
        return (int(m.group()) if m else -1, o.origin)

    return sorted(outcomes, key=key)


def error_to_dict(error: EarchiveError, lang: str = "en") -> dict[str, Any]:
    """An error for JSON output: kind (class), code, message in ``lang`` and params."""
    return {
        "kind": type(error).__name__,
        "code": error.code,
        "message": error.message(lang),
        "params": {k: (v.message(lang) if hasattr(v, "message") else str(v)) for k, v in error.params.items()},
    }


def os_error(exc: OSError, where: str | Path = "") -> OutputError:
    """An OSError as an earchive I/O error naming the file (else ``where``, the package) and the system's reason."""
    path = exc.filename or where
    reason = exc.strerror or str(exc)
    if not path:
        return OutputError("batch.os_error_no_path", reason=reason)
    return OutputError("batch.os_error", path=str(path), reason=reason)


def per_build_workers(processes: int) -> int:
    """Threads one build may use for copying and identification when ``processes`` builds run at once."""
    return max(1, (os.cpu_count() or 2) // max(1, processes))


# --------------------------------------------------------------------------------------
# In this process
# --------------------------------------------------------------------------------------


def _build_here(packages, progress, finished, cancel, build) -> list[PackageOutcome]:
    outcomes: list[PackageOutcome] = []
    for index, pkg in enumerate(packages):
        if cancel.cancelled:
            outcome = PackageOutcome(pkg.origin, pkg.submission.objid, CANCELLED, error=Cancelled())
        else:
            sink = (lambda ev, i=index: progress(i, ev)) if progress else None
            outcome = _outcome(pkg, _run_build(pkg, sink, cancel, build))
        outcomes.append(outcome)
        if finished:
            finished(index, outcome)
    return outcomes


def _run_build(pkg: PlannedPackage, sink, cancel: CancelToken, build=None) -> tuple:
    """Build one package; return ('ok', result) or ('error', serialised error) or ('bug', text, traceback)."""
    try:
        kwargs = {"cancel": cancel}
        if sink is not None:
            kwargs["progress"] = sink
        return ("ok", (build or builder.build_package)(pkg.submission, pkg.options, **kwargs))
    except EarchiveError as exc:
        return ("error", _dump_error(exc))
    except OSError as exc:  # the builder should wrap these; if one slips through it is still an I/O failure
        return ("error", _dump_error(os_error(exc, pkg.options.output_dir / (pkg.options.name or pkg.submission.objid))))
    except Exception as exc:  # a bug in the builder must not stop the other packages
        return ("bug", f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _outcome(pkg: PlannedPackage, raw: tuple) -> PackageOutcome:
    objid = pkg.submission.objid
    if raw[0] == "ok":
        return PackageOutcome(pkg.origin, objid, BUILT, result=raw[1])
    if raw[0] == "error":
        error = _load_error(raw[1])
        status = CANCELLED if isinstance(error, Cancelled) else FAILED
        return PackageOutcome(pkg.origin, objid, status, error=error)
    return PackageOutcome(pkg.origin, objid, FAILED, error=EarchiveError("error.internal", detail=raw[1]), detail=raw[2])


# --------------------------------------------------------------------------------------
# In worker processes
# --------------------------------------------------------------------------------------

_worker_token: Any = None
_worker_queue: Any = None
#: In a worker: whether a build runs, and whether the main process has gone.
_worker_state = {"building": False, "orphaned": False}
_worker_lock = threading.Lock()


class _SharedCancelToken(CancelToken):
    """A CancelToken backed by a multiprocessing Event shared with the main process.

    A signal to the worker only sets this process's flag (:meth:`CancelToken.request`):
    setting the shared Event takes a lock the interrupted code may hold.
    """

    def __init__(self, event) -> None:
        self._event = event


def _init_worker(cancel_event, progress_queue) -> None:
    global _worker_token, _worker_queue
    _worker_token = _SharedCancelToken(cancel_event)
    _worker_queue = progress_queue
    interrupts.cancel_in_child(_worker_token)
    interrupts.watch_parent(_orphaned)


def _orphaned() -> None:
    """The main process has gone: cancel the running build (it cleans up), or end now when idle."""
    _worker_token.request()
    with _worker_lock:
        _worker_state["orphaned"] = True
        idle = not _worker_state["building"]
    if idle:
        os._exit(int(ExitCode.CANCELLED))


def _worker_build(index: int, pkg: PlannedPackage, build) -> tuple:
    token = _worker_token
    with _worker_lock:
        if _worker_state["orphaned"]:
            os._exit(int(ExitCode.CANCELLED))
        _worker_state["building"] = True
    try:
        if token.cancelled:
            return ("error", _dump_error(Cancelled()))
        q = _worker_queue
        throttle = Throttle(lambda ev: q.put((index, ev)), _WORKER_PROGRESS_INTERVAL)
        return _run_build(pkg, throttle, token, build)
    finally:
        with _worker_lock:
            _worker_state["building"] = False
            orphaned = _worker_state["orphaned"]
        if orphaned:  # nobody waits for the result; the queues would keep this process alive
            os._exit(int(ExitCode.CANCELLED))


def _build_in_processes(packages, workers, progress, finished, cancel, build) -> list[PackageOutcome]:
    ctx = multiprocessing.get_context(START_METHOD)
    outcomes: list[PackageOutcome | None] = [None] * len(packages)
    stop_reader = threading.Event()
    # Every process started here (the workers, multiprocessing's resource tracker) starts
    # with the cancel signals held: a signal sent meanwhile cancels instead of killing.
    with interrupts.children_start_held():
        cancel_event = ctx.Event()
        progress_queue = ctx.Queue()
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(cancel_event, progress_queue))
        futures: dict[Future, int] = {pool.submit(_worker_build, i, pkg, build): i for i, pkg in enumerate(packages)}
    if cancel.cancelled:
        cancel_event.set()
    reader = threading.Thread(target=_read_progress, args=(progress_queue, progress, stop_reader), daemon=True)
    with pool:
        reader.start()
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, timeout=_POLL, return_when=FIRST_COMPLETED)
                for fut in done:
                    index = futures[fut]
                    outcomes[index] = _future_outcome(packages[index], fut)
                    if finished and outcomes[index] is not None:
                        finished(index, outcomes[index])
                if cancel.cancelled and not cancel_event.is_set():
                    cancel_event.set()
                    for fut in pending:
                        fut.cancel()
        finally:
            if cancel.cancelled or any(o is None for o in outcomes):
                # Interrupted (or cancelled): running builds stop at their next check and
                # clean up; the others never start.
                cancel_event.set()
                pool.shutdown(wait=True, cancel_futures=True)
    stop_reader.set()
    reader.join(timeout=2)
    progress_queue.close()
    for index, outcome in enumerate(outcomes):
        if outcome is None:  # never started (cancelled before its turn)
            pkg = packages[index]
            outcomes[index] = PackageOutcome(pkg.origin, pkg.submission.objid, CANCELLED, error=Cancelled())
            if finished:
                finished(index, outcomes[index])
    return outcomes  # type: ignore[return-value]


def _future_outcome(pkg: PlannedPackage, fut: Future) -> PackageOutcome | None:
    if fut.cancelled():
        return None
    exc = fut.exception()
    if exc is not None:  # the worker process died (e.g. killed by the OS for lack of memory)
        text = f"{type(exc).__name__}: {exc}"
        return PackageOutcome(pkg.origin, pkg.submission.objid, FAILED,
                              error=EarchiveError("error.internal", detail=text), detail=text)
    return _outcome(pkg, fut.result())


def _read_progress(q, progress, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            index, event = q.get(timeout=_POLL)
        except queue_module.Empty:
            continue
        except (EOFError, OSError):
            return
        if progress:
            try:
                progress(index, event)
            except Exception:  # a broken terminal must not stop the builds
                pass


# --------------------------------------------------------------------------------------
# Errors as data across processes
# --------------------------------------------------------------------------------------


def _dump_error(exc: EarchiveError) -> tuple:
    params = {k: (("__error__", _dump_error(v)) if isinstance(v, EarchiveError) else v) for k, v in exc.params.items()}
    try:
        import pickle

        pickle.dumps(params)
    except Exception:
        params = {k: (v if isinstance(v, tuple) and v and v[0] == "__error__" else str(v)) for k, v in params.items()}
    return (type(exc).__module__, type(exc).__name__, exc.code, params)


def _load_error(data: tuple) -> EarchiveError:
    module_name, class_name, code, params = data
    params = {k: (_load_error(v[1]) if isinstance(v, tuple) and len(v) == 2 and v[0] == "__error__" else v)
              for k, v in params.items()}
    cls = _error_class(module_name, class_name)
    error = cls.__new__(cls)
    EarchiveError.__init__(error, code, **params)
    return error


def _error_class(module_name: str, class_name: str) -> type[EarchiveError]:
    import importlib

    try:
        cls = getattr(importlib.import_module(module_name), class_name)
        if isinstance(cls, type) and issubclass(cls, EarchiveError):
            return cls
    except (ImportError, AttributeError):
        pass
    return getattr(errors, class_name, EarchiveError)



register(
    {
        "batch.os_error_no_path": {
            "en": "An input or output operation failed: {reason}. Check the free space, the file size limits and your permissions, then try again.",
            "sv": "En läs- eller skrivåtgärd misslyckades: {reason}. Kontrollera det lediga utrymmet, gränserna för filstorlek och dina behörigheter och försök sedan igen.",
        },
        "batch.os_error": {
            "en": "{path}: {reason}. Check the path, the free space and your permissions, then try again.",
            "sv": "{path}: {reason}. Kontrollera sökvägen, det lediga utrymmet och dina behörigheter och försök sedan igen.",
        },
    }
)
