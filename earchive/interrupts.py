"""Signals are cancellations: Ctrl-C (SIGINT), SIGTERM and SIGHUP stop a run in order.

cron, systemd, ``timeout`` and a closed terminal do not press Ctrl-C: they send SIGTERM
or SIGHUP, often to the whole process group.  Each of these signals therefore only
*requests* a cancellation (:meth:`CancelToken.request`, a flag and no lock, so a
handler can never deadlock the code it interrupts); the core stops at its next check
and removes what it had written.  A second signal never interrupts that clean-up (an
exception raised in the middle of removing a partial package would leave the rest of
it behind): it is only acknowledged.

Child processes (batch workers, the desktop app's build process) start with these
signals held (:func:`children_start_held`) and install their own handlers
(:func:`cancel_in_child`), so a signal sent to the whole group cancels every build
where it runs.  A child also watches its parent (:func:`watch_parent`): when the
parent disappears (killed with SIGKILL), the child cancels, cleans up and ends, so no
worker outlives its batch.

A signal that was ignored when the program started (``nohup``, a background job of a
non-interactive shell) stays ignored: the user asked not to be disturbed by it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from earchive.progress import CancelToken

#: The signals that cancel a run (those this platform has).
CANCEL_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
#: Seconds between two looks at whether the parent process is still there.
PARENT_POLL = 0.5

_signalled = False  # a run of this process was cancelled by a signal


@dataclass
class SignalState:
    """What :func:`cancel_on_signals` received: the first signal's name and how many came."""

    first: str = ""
    count: int = 0
    names: list[str] = field(default_factory=list)


def signal_name(signum: int) -> str:
    """``SIGTERM`` for 15 (the platform's name of a signal number)."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


@contextmanager
def cancel_on_signals(
    token: CancelToken, on_signal: Callable[[str, int], None] | None = None
) -> Iterator[SignalState]:
    """Turn SIGINT, SIGTERM and SIGHUP into a request to cancel ``token`` while the block runs.

    ``on_signal(name, count)`` is called (in the main thread, from the handler) for every
    signal, e.g. to print what happens; it must not raise.  Handlers are installed only
    in the main thread (elsewhere Python cannot) and only for signals that are not
    ignored; the previous handlers come back at the end.
    """
    state = SignalState()

    def handler(signum, frame) -> None:  # noqa: ARG001 - the signal module's signature
        global _signalled
        _signalled = True
        token.request()
        name = signal_name(signum)
        state.count += 1
        state.names.append(name)
        if not state.first:
            state.first = name
        if on_signal is not None:
            try:
                on_signal(name, state.count)
            except Exception:  # noqa: BLE001 - a message that cannot be shown must not stop the clean-up
                pass

    installed = _install(handler)
    try:
        yield state
    finally:
        for signum, previous in installed.items():
            signal.signal(signum, previous)


def handle_for_whole_process() -> None:
    """For a command's whole run (the console entry point): outside :func:`cancel_on_signals`,
    a cancel signal stops the command as Ctrl-C does (KeyboardInterrupt, nothing is being
    written then); once a run was cancelled by a signal, later ones are ignored, so that
    they cannot cut short the end of the clean-up or the final message."""

    def handler(signum, frame) -> None:  # noqa: ARG001
        if not _signalled:
            raise KeyboardInterrupt

    _install(handler)


def ignore_if_signalled() -> None:
    """At the end of a command: once a run was cancelled by a signal, ignore further ones
    while the interpreter shuts down (it would give them their default action: death)."""
    if not _signalled:
        return
    for signum in CANCEL_SIGNALS:
        try:
            signal.signal(signum, signal.SIG_IGN)
        except (ValueError, OSError):
            pass


@contextmanager
def children_start_held() -> Iterator[None]:
    """Hold the cancel signals in this thread while it starts child processes.

    A child inherits the held signals across ``spawn`` and releases them once its
    handlers are installed (:func:`cancel_in_child`), so a signal that arrives while it
    starts cancels it instead of killing it (which would break a process pool); this
    process gets a signal that arrived meanwhile when the block ends.  Helpers of the
    standard library started meanwhile (multiprocessing's resource tracker) keep them
    held for good: they end when this process ends.  Where signals cannot be held
    (Windows), Ctrl-C is ignored instead (an ignored signal stays ignored in a child).
    """
    if hasattr(signal, "pthread_sigmask"):
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, CANCEL_SIGNALS)
        try:
            _start_resource_tracker()
            signal.pthread_sigmask(signal.SIG_BLOCK, CANCEL_SIGNALS)  # it released SIGINT and SIGTERM
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        return
    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing to protect against
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def cancel_in_child(token: CancelToken) -> None:
    """In a child process: every cancel signal requests ``token``'s cancellation; then release them.

    Called first thing in a worker, before any work; the signals held by
    :func:`children_start_held` arrive now, if any came.
    """
    _install(lambda signum, frame: token.request())
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, CANCEL_SIGNALS)


def watch_parent(on_orphaned: Callable[[], None], poll: float = PARENT_POLL) -> threading.Thread:
    """Call ``on_orphaned`` (once, from a daemon thread) when this process's parent has gone.

    A parent killed with SIGKILL cannot tell its children; its children find out
    themselves: their parent process id changes (POSIX), or the parent no longer runs.
    The parent is the one that started this process (multiprocessing knows it even if
    it died before this process got this far; then ``on_orphaned`` is called at once).
    """
    import multiprocessing

    started_by = multiprocessing.parent_process()
    parent = started_by.pid if started_by is not None and started_by.pid else os.getppid()

    def watch() -> None:
        while _alive(parent):
            time.sleep(poll)
        on_orphaned()

    thread = threading.Thread(target=watch, name="earchive-watch-parent", daemon=True)
    thread.start()
    return thread


# --- private ----------------------------------------------------------------------------


def _install(handler) -> dict[int, object]:
    installed: dict[int, object] = {}
    for signum in CANCEL_SIGNALS:
        try:
            previous = signal.getsignal(signum)
            if previous is signal.SIG_IGN:
                continue
            signal.signal(signum, handler)
        except (ValueError, OSError):  # not the main thread, or not settable here
            continue
        installed[signum] = previous if previous is not None else signal.SIG_DFL
    return installed


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, while SIGHUP is held too (it ignores only
    SIGINT and SIGTERM itself).  Its start releases SIGINT and SIGTERM in this thread when done
    (multiprocessing/resource_tracker.py, ensure_running), which is why the caller holds them again."""
    try:
        from multiprocessing import resource_tracker
    except ImportError:  # Windows: no resource tracker
        return
    resource_tracker.ensure_running()


def _alive(parent: int) -> bool:
    if os.name == "posix":
        return os.getppid() == parent  # an orphan is adopted by init or a subreaper
    try:  # Windows: the parent id stays; ask whether that process still runs
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, parent)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    except Exception:  # noqa: BLE001 - cannot tell: assume it runs
        return True
