"""A text progress bar on stderr for the ``earchive`` command (only when stderr is a terminal).

It adapts the core's :class:`~earchive.progress.ProgressEvent` protocol: files done of
total, MB/s and the time left, redrawn on one line.  For a batch it also shows how many
packages are finished.  Nothing here is used when stderr is a file or a pipe, so logs
and ``--json`` output stay clean.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from earchive.progress import ProgressEvent

#: Redraw at most this often (seconds): a terminal cannot show more, and writing costs time.
REDRAW_INTERVAL = 0.1
#: Width of the bar itself, in characters.
BAR_WIDTH = 24


def wants_bar(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def format_bytes_per_second(value: float) -> str:
    return f"{value / 1e6:.1f} MB/s"


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(max(0, seconds) + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def render_line(fraction: float, parts: list[str], width: int) -> str:
    """``[#####-----]  45%  part  part ...`` cut to ``width`` characters."""
    fraction = min(1.0, max(0.0, fraction))
    filled = int(BAR_WIDTH * fraction)
    line = f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {fraction * 100:3.0f}%  " + "  ".join(p for p in parts if p)
    return line[: max(10, width - 1)]


class TextProgress:
    """Progress sink for one build: ``progress(event)`` redraws the line; ``close()`` ends it."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wants_bar(self.stream) if enabled is None else enabled
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < REDRAW_INTERVAL and event.phase != "done":
            return
        self._last_draw = now
        self._draw(event.fraction, self._parts(event))

    def close(self) -> None:
        """Clear the bar so that the summary starts on a clean line."""
        if self.enabled and self._drawn:
            width = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (width - 1) + "\r")
            self.stream.flush()
            self._drawn = False

    def _parts(self, event: ProgressEvent) -> list[str]:
        files = f"{event.files_done}/{event.files_total} files" if event.files_total else ""
        return [event.phase, files, format_bytes_per_second(event.bytes_per_second),
                f"ETA {format_eta(event.seconds_left)}", _short(event.current)]

    def _draw(self, fraction: float, parts: list[str]) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        self.stream.write("\r" + render_line(fraction, parts, width).ljust(width - 1))
        self.stream.flush()
        self._drawn = True


class BatchProgress(TextProgress):
    """Progress of many packages: packages finished of total, files and MB/s of those running."""

    def __init__(self, total: int, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        super().__init__(stream, enabled=enabled)
        self.total = total
        self.finished = 0
        self.failed = 0
        self.started = time.monotonic()
        self._running: dict[int, ProgressEvent] = {}
        self._bytes_finished = 0

    def package_event(self, index: int, event: ProgressEvent) -> None:
        """An event of the package at ``index`` (called in the main process)."""
        self._running[index] = event
        self(event)

    def package_finished(self, index: int, ok: bool, nbytes: int = 0) -> None:
        self._running.pop(index, None)
        self.finished += 1
        self._bytes_finished += nbytes
        if not ok:
            self.failed += 1
        self._last_draw = 0.0  # always show a finished package
        self(ProgressEvent("done"))

    def _parts(self, event: ProgressEvent) -> list[str]:
        done_bytes = self._bytes_finished + sum(e.bytes_done for e in self._running.values())
        elapsed = max(1e-6, time.monotonic() - self.started)
        fraction = self._fraction()
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        files_done = sum(e.files_done for e in self._running.values())
        files_total = sum(e.files_total for e in self._running.values())
        failed = f"{self.failed} failed" if self.failed else ""
        return [f"{self.finished}/{self.total} packages", failed,
                f"{files_done}/{files_total} files" if files_total else "",
                format_bytes_per_second(done_bytes / elapsed), f"ETA {format_eta(eta)}"]

    def _fraction(self) -> float:
        running = sum(e.fraction for e in self._running.values())
        return (self.finished + running) / self.total if self.total else 1.0

    def __call__(self, event: ProgressEvent) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < REDRAW_INTERVAL:
            return
        self._last_draw = now
        self._draw(self._fraction(), self._parts(event))


def _short(name: str, limit: int = 40) -> str:
    name = str(name or "")
    return name if len(name) <= limit else "…" + name[-(limit - 1):]
