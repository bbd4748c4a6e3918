"""Signals sent to the real ``earchive`` command while it writes: SIGTERM, SIGHUP, SIGINT, twice, to the group, SIGKILL.

What a person expects (issue 12, points 1-2): a signal that can be caught is a
cancellation (exit 130, a message saying what happens), nothing half-written is left
in the output folder, the sources are untouched, and batch workers never outlive the
batch.  A second signal while cleaning up is acknowledged and does not stop the clean-up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from support.faults import (
    EARCHIVE,
    build_args,
    copying,
    descendants,
    earchive,
    finish,
    finished,
    many_files,
    partials,
    survivors,
    wait_for,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

#: Files in the sources of a build that is still copying when it is signalled.
FILES = 3000


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    return many_files(tmp_path_factory.mktemp("signals") / "Diarium", FILES)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def batch_csv(tmp_path: Path, sources: Path, rows: int) -> Path:
    lines = ["source;objid;title;submitting_agent"]
    lines += [f"{sources};pkg-{i:03d};Paket {i};Exempelby kommun" for i in range(rows)]
    path = tmp_path / "leveranser.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_cancels_a_build_and_leaves_nothing(sources, out, faults, sig, zip_):
    faults.keep(sources)
    process = earchive(*build_args([sources], out, *(["--zip"] if zip_ else [])))
    wait_for(copying(out, 50), what="the build to copy")
    process.send_signal(sig)
    faults.injected(f"{sig.name} to a build")
    code, _, err = finish(process)
    assert code == 130, err
    first = "Cancelling… the package" if sig == signal.SIGINT else f"Cancelling ({sig.name} received)…"
    assert first in err
    assert err.rstrip().endswith("Error: Cancelled. Nothing half-written was left behind.")
    faults.no_leftovers(out)


@pytest.mark.parametrize("gap", [0.0, 0.01, 0.05, 0.1])
@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
def test_a_second_ctrl_c_does_not_stop_the_clean_up(sources, out, faults, gap, zip_):
    """Two Ctrl-C in quick succession (issue 12 point 2): the second is acknowledged, the clean-up finishes."""
    faults.keep(sources)
    process = earchive(*build_args([sources], out, *(["--zip"] if zip_ else [])))
    wait_for(copying(out, 200), what="the build to copy")
    process.send_signal(signal.SIGINT)
    time.sleep(gap)
    process.send_signal(signal.SIGINT)
    faults.injected("double SIGINT to a build", 2)
    code, _, err = finish(process)
    assert code == 130, err
    assert "Still cancelling: removing what was written." in err or err.count("Cancelling") == 1
    assert err.rstrip().endswith("Error: Cancelled. Nothing half-written was left behind.")
    faults.no_leftovers(out)


def test_signals_to_the_whole_group_while_cleaning_up(sources, out, faults):
    """SIGTERM to the group (systemd's stop), then SIGHUP and SIGINT during the clean-up: still nothing left."""
    faults.keep(sources)
    process = earchive(*build_args([sources], out))
    wait_for(copying(out, 200), what="the build to copy")
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        os.killpg(process.pid, sig)
        time.sleep(0.002)
    faults.injected("SIGTERM+SIGHUP+SIGINT to a build's group", 3)
    code, _, err = finish(process)
    assert code == 130, err
    faults.no_leftovers(out)


@pytest.mark.parametrize("to_group", [False, True], ids=["main-process", "process-group"])
def test_sigterm_to_a_batch_cancels_every_worker(tmp_path, sources, out, faults, to_group):
    """``earchive batch --workers 2``: SIGTERM to the main process (or its group) ends every worker; a summary."""
    faults.keep(sources)
    csv = batch_csv(tmp_path, sources, 6)
    process = earchive("batch", str(csv), "--output", str(out), "--workers", "2")
    wait_for(lambda: len([p for p in partials(out) if copying(out, 50)()]) >= 1, what="a worker to copy")
    workers = descendants(process.pid)
    assert workers, "the batch runs its packages in worker processes"
    (os.killpg if to_group else os.kill)(process.pid, signal.SIGTERM)
    faults.injected("SIGTERM to a batch" + (" (process group)" if to_group else ""))
    code, stdout, err = finish(process)
    assert code == 130, err
    assert "Cancelled: built " in err and " packages; " in err  # the summary
    assert "leaked semaphore" not in err
    assert survivors(workers) == [], "workers outlived the batch"
    faults.no_leftovers(out, finished=finished(out))


def test_a_killed_batch_leaves_no_worker_behind(tmp_path, sources, out, faults):
    """SIGKILL to the main process (no clean-up possible there): the workers notice, clean up and end."""
    faults.keep(sources)
    csv = batch_csv(tmp_path, sources, 6)
    process = earchive("batch", str(csv), "--output", str(out), "--workers", "2")
    wait_for(copying(out, 50), what="a worker to copy")
    workers = descendants(process.pid)
    assert workers
    process.kill()
    faults.injected("SIGKILL to a batch's main process")
    finish(process)
    assert survivors(workers, grace=30) == [], "orphaned workers went on"
    faults.no_leftovers(out, finished=finished(out))


def test_timeout_5_earchive_batch(tmp_path, sources, out, faults):
    """The operator's ``timeout 5 earchive batch ...``: a summary, nothing partial, no process left, no warning."""
    faults.keep(sources)
    csv = batch_csv(tmp_path, sources, 40)
    env = dict(os.environ, LANG="C.UTF-8")
    process = subprocess.Popen(
        ["timeout", "5", str(EARCHIVE), "batch", str(csv), "--output", str(out), "--workers", "2", "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )
    seen: set[int] = set()
    while process.poll() is None:  # note every process of the batch while it runs
        seen |= descendants(process.pid)
        time.sleep(0.2)
    faults.injected("timeout 5 (SIGTERM to the group) on a batch")
    code, stdout, err = finish(process)
    assert code == 124, err  # timeout's own code: the command was stopped
    assert "Cancelling (SIGTERM received)…" in err
    assert "Cancelled: built " in err
    assert "leaked semaphore" not in err and "Traceback" not in err
    assert survivors(seen) == [], "processes left after the batch"
    assert len([name for name in finished(out) if not name.startswith(".")]) < 40
    faults.no_leftovers(out, finished=finished(out))


def test_the_desktop_apps_build_process_cleans_up_on_sigterm(sources, out, faults):
    """The GUI builds in a child process; multiprocessing stops a daemon child with SIGTERM when the app quits."""
    import multiprocessing

    from earchive import interrupts
    from earchive.model import Agent, AgentKind, BuildOptions, Representation, Submission
    from earchive_gui.build_process import child_main

    faults.keep(sources)
    submission = Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelby kommun"),
                            representations=[Representation("rep1", [sources])], objid="gui-1")
    ctx = multiprocessing.get_context("spawn")
    queue, cancel = ctx.Queue(), ctx.Event()
    process = ctx.Process(target=child_main, args=([("gui", submission, BuildOptions(out))], False, queue, cancel),
                          daemon=True)
    with interrupts.children_start_held():
        process.start()
    try:
        wait_for(copying(out, 50), what="the child to copy")
        process.terminate()
        faults.injected("SIGTERM to the desktop app's build process")
        process.join(60)
        assert process.exitcode == 0  # it ended on its own, after cleaning up
    finally:
        if process.is_alive():
            process.kill()
    messages = []
    while not queue.empty():
        messages.append(queue.get())
    assert ("error", 0, "Cancelled", "error.cancelled", {}) in messages
    faults.no_leftovers(out)
