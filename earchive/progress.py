"""A Qt-free progress and cancellation protocol shared by the CLI and the GUI.

The core takes a :class:`Progress` sink and a :class:`CancelToken`.  The CLI adapts
the sink to a text bar on stderr; the GUI adapts it in a worker thread that forwards
events to the UI thread.  The core calls ``token.check()`` between units of work
(and between chunks of large files), which raises :class:`~earchive.errors.Cancelled`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Protocol

from earchive.errors import Cancelled


@dataclass
class ProgressEvent:
    """A snapshot of one running job."""

    phase: str  # scan, copy, identify, metadata, zip, validate, done
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    current: str = ""  # the file or package being worked on
    package: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def fraction(self) -> float:
        if self.bytes_total:
            return min(1.0, self.bytes_done / self.bytes_total)
        if self.files_total:
            return min(1.0, self.files_done / self.files_total)
        return 0.0

    @property
    def bytes_per_second(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.bytes_done / elapsed if elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        frac = self.fraction
        if frac <= 0:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed * (1 - frac) / frac


class Progress(Protocol):
    def __call__(self, event: ProgressEvent) -> None: ...


def no_progress(event: ProgressEvent) -> None:
    """A sink that ignores every event."""


class CancelToken:
    """Thread-safe cancellation flag; ``check()`` raises Cancelled once cancelled."""

    _requested = False

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._requested = True
        self._event.set()

    def request(self) -> None:
        """Cancel from a signal handler: only a flag is set, no lock is taken, so the
        handler cannot deadlock the code it interrupts (see earchive.interrupts)."""
        self._requested = True

    @property
    def cancelled(self) -> bool:
        return self._requested or self._event.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


class Throttle:
    """Forwards events to a sink at most every ``interval`` seconds (and always the last)."""

    def __init__(self, sink: Callable[[ProgressEvent], None], interval: float = 0.1) -> None:
        self.sink = sink
        self.interval = interval
        self._last = 0.0

    def __call__(self, event: ProgressEvent, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            self.sink(event)
