"""Batches on a Dask cluster: each package built by one of the cluster's workers (``earchive batch --cluster``).

Many packages, many machines, one shared storage: a Dask ``distributed`` scheduler
(``dask scheduler``) and workers (``dask worker tcp://HOST:8786``) on machines that
see the sources and the output folder under the same paths (NFS, SMB).  The command
line runs where it is started: it reads the job file or CSV, checks everything, keeps
the batch's state file, draws progress and prints the summary; each package is one
Dask task that calls :func:`earchive.builder.build_package` on a worker, exactly as a
local worker process does (:func:`earchive.batch._run_build`), and returns its outcome
as data.  So the summary, ``--json``, the exit codes, the isolation of failures (a
package that fails, or whose worker dies, fails alone) and resumption are those of a
local batch.

Progress travels through a Dask ``Queue``; cancellation (Ctrl-C, SIGTERM: whatever
cancels the batch's :class:`~earchive.progress.CancelToken`) through a Dask ``Event``
that the builds look at every :data:`CANCEL_POLL` seconds: queued packages are
dropped, running ones remove their temporary package and end ``cancelled``.

Requires ``pip install earchive[cluster]`` here and on every worker (the same earchive
version).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from earchive import batch
from earchive.batch import CANCELLED, PackageOutcome
from earchive.errors import Cancelled, EarchiveError, InvalidInput, OutputError
from earchive.jobs import PlannedPackage
from earchive.messages import register
from earchive.progress import CancelToken, Throttle

#: Seconds between two looks of a build at the cluster's cancel event (each look is a network round trip).
CANCEL_POLL = 0.5
#: Seconds between two progress events a build sends.
PROGRESS_INTERVAL = 0.5
#: How long to wait for the scheduler when connecting.
CONNECT_TIMEOUT = "20s"
#: After a cancel, how long running builds get to clean up before the command stops waiting.
CANCEL_GRACE = 120.0
#: How often (seconds) the command looks at finished builds, progress and the cancel token.
_POLL = 0.1


def client_for(address: str):
    """A ``distributed.Client`` connected to ``address``; InvalidInput without Dask, OutputError when unreachable."""
    try:
        from distributed import Client
    except ImportError:
        raise InvalidInput("cluster.not_installed") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise OutputError("cluster.unreachable", address=address, reason=str(exc) or type(exc).__name__) from exc


def build_on_cluster(
    packages: list[PlannedPackage],
    address: str | Any,
    *,
    progress=None,
    finished=None,
    cancel: CancelToken | None = None,
    build=None,
) -> list[PackageOutcome]:
    """Build every package on the cluster at ``address`` (or a connected ``Client``); outcomes in input order.

    The same contract as :func:`earchive.batch.build_many`: never raises for one
    package's failure; ``finished(index, outcome)`` is called as each ends.
    """
    from distributed import Event, Queue

    cancel = cancel or CancelToken()
    own = isinstance(address, str)
    client = client_for(address) if own else address
    run = uuid.uuid4().hex[:12]
    try:
        stop = Event(f"earchive-cancel-{run}", client=client)
        events = Queue(f"earchive-progress-{run}", client=client)
        futures = {
            client.submit(_build_remote, index, pkg, run, build, key=f"earchive-{run}-{index}", pure=False): index
            for index, pkg in enumerate(packages)
        }
        outcomes = _collect(client, futures, packages, events, stop, progress, finished, cancel)
        _drain(events, progress)
        return outcomes
    finally:
        if own:
            client.close()


def _collect(client, futures, packages, events, stop, progress, finished, cancel) -> list[PackageOutcome]:
    """Wait for the builds; pass progress on; on cancel, stop the cluster's builds and drop the queued ones."""
    outcomes: list[PackageOutcome | None] = [None] * len(packages)
    pending = set(futures)
    cancelled_at = None
    while pending:
        done = [f for f in pending if f.done()]
        if not done:
            time.sleep(_POLL)
        pending.difference_update(done)
        for future in done:
            index = futures[future]
            outcomes[index] = _outcome(packages[index], future)
            if finished:
                finished(index, outcomes[index])
        _drain(events, progress)
        if cancel.cancelled and cancelled_at is None:
            cancelled_at = time.monotonic()
            stop.set()
            queued = [f for f in pending if f.status == "pending" and not _running(client, f)]
            client.cancel(queued)
        if cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE:
            break
    for index, outcome in enumerate(outcomes):
        if outcome is None:
            pkg = packages[index]
            outcomes[index] = PackageOutcome(pkg.origin, pkg.submission.objid, CANCELLED, error=Cancelled())
            if finished:
                finished(index, outcomes[index])
    return outcomes  # type: ignore[return-value]


def _running(client, future) -> bool:
    """Whether a worker runs the task now (it then stops at its next look at the cancel event)."""
    try:
        processing = client.processing()
    except Exception:  # noqa: BLE001 - unknown: let it run and see the event
        return True
    return any(future.key in keys for keys in processing.values())


def _outcome(pkg: PlannedPackage, future) -> PackageOutcome:
    objid = pkg.submission.objid
    if future.status == "cancelled":
        return PackageOutcome(pkg.origin, objid, CANCELLED, error=Cancelled())
    if future.status == "error":  # the worker died (more than the scheduler's allowed failures) or Dask failed
        exc = future.exception()
        text = f"{type(exc).__name__}: {exc}"
        return PackageOutcome(pkg.origin, objid, batch.FAILED,
                              error=EarchiveError("error.internal", detail=text), detail=text)
    return batch._outcome(pkg, future.result())


def _drain(events, progress) -> None:
    """Pass on the progress events that arrived (the newest of each package is enough)."""
    try:
        count = events.qsize()
        if not count:
            return
        items = events.get(batch=count)
    except Exception:  # noqa: BLE001 - progress is best effort; the builds go on
        return
    latest: dict[int, Any] = {}
    for index, event in items:
        latest[index] = event
    if progress:
        for index, event in latest.items():
            try:
                progress(index, event)
            except Exception:  # noqa: BLE001 - a broken terminal must not stop the batch
                pass


# --- on the worker ---------------------------------------------------------------------------


class _ClusterCancelToken(CancelToken):
    """Cancelled when the command set the cluster's cancel event; looked up at most every CANCEL_POLL seconds."""

    def __init__(self, event) -> None:
        super().__init__()
        self._remote = event
        self._looked = 0.0

    @property
    def cancelled(self) -> bool:
        if not self._event.is_set() and time.monotonic() - self._looked >= CANCEL_POLL:
            self._looked = time.monotonic()
            try:
                if self._remote.is_set():
                    self._event.set()
            except Exception:  # noqa: BLE001 - the scheduler is gone: the batch is over, stop
                self._event.set()
        return self._event.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


def _build_remote(index: int, pkg: PlannedPackage, run: str, build=None) -> tuple:
    """One package on a worker: build it as a local worker process would, report progress, honour cancel."""
    from distributed import Event, Queue

    token = _ClusterCancelToken(Event(f"earchive-cancel-{run}"))
    if token.cancelled:
        return ("error", batch._dump_error(Cancelled()))
    queue = Queue(f"earchive-progress-{run}")

    def send(event) -> None:
        try:
            queue.put((index, event))
        except Exception:  # noqa: BLE001 - progress is best effort
            pass

    return batch._run_build(pkg, Throttle(send, PROGRESS_INTERVAL), token, build)


register(
    {
        "cluster.not_installed": {
            "en": "--cluster needs Dask: install it with pip install \"earchive[cluster]\" (here and on every worker).",
            "sv": "--cluster behöver Dask: installera det med pip install \"earchive[cluster]\" (här och på varje arbetare).",
        },
        "cluster.unreachable": {
            "en": "Cannot reach the Dask scheduler at {address} ({reason}). Check the address and that "
                  "\"dask scheduler\" runs there and lets this computer connect.",
            "sv": "Når inte Dask-schemaläggaren på {address} ({reason}). Kontrollera adressen och att "
                  "\"dask scheduler\" körs där och tillåter anslutningar från den här datorn.",
        },
    }
)
