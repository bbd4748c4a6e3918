"""Helpers of the fault-injection suite (tests/faults): run the real command, make sources, watch a build."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: The ``earchive`` console script of the environment running the tests.
EARCHIVE = Path(sys.executable).parent / "earchive"
#: Names earchive writes while a package or transfer is unfinished.
PARTIAL_NAME = re.compile(r"\.partial-")


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    out = {}
    for path in files:
        data = path.read_bytes()
        out[str(path)] = (len(data), hashlib.sha256(data).hexdigest())
    return out


def many_files(root: Path, count: int, size: int = 2048) -> Path:
    """``count`` small distinct files under ``root`` (in folders of 500): a build that takes a while."""
    for i in range(count):
        folder = root / f"del-{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"handling-{i:06d}.txt").write_bytes((f"Handling {i}\n".encode() * (size // 12 + 1))[:size])
    return root


def earchive(*args: str, **popen) -> subprocess.Popen:
    """Start the real ``earchive`` command in a new session (so that a test can signal its whole group)."""
    env = dict(os.environ, LANG="C.UTF-8", PYTHONUNBUFFERED="1")
    env.pop("EARCHIVE_LANG", None)
    return subprocess.Popen([str(EARCHIVE), *args, "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True, **popen)


def build_args(sources: list[Path], out: Path, *extra: str) -> list[str]:
    return ["build", *map(str, sources), "--output", str(out), "--objid", "faults-1", "--title", "Faults",
            "--submitting-agent", "Exempelby kommun", *extra]


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.01, what: str = "a condition"):
    """Poll ``predicate`` until it returns something true; fail the test after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def partials(folder: Path) -> list[Path]:
    """Unfinished packages or transfers in ``folder`` (hidden names with .partial-)."""
    try:
        return [p for p in folder.iterdir() if PARTIAL_NAME.search(p.name)]
    except FileNotFoundError:
        return []


def copying(folder: Path, min_files: int = 1):
    """A predicate: a partial package in ``folder`` already holds ``min_files`` copied files (or a ZIP has grown)."""

    def check():
        for p in partials(folder):
            if p.is_dir():
                data = sum(len(files) for _, _, files in os.walk(p))
                if data >= min_files:
                    return p
            elif p.is_file() and p.stat().st_size > min_files * 1024:
                return p
        return None

    return check


def descendants(pid: int) -> set[int]:
    """Process ids of every living descendant of ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a living process (a zombie does not count)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def finish(process: subprocess.Popen, timeout: float = 120.0) -> tuple[int, str, str]:
    """Wait for ``process``; (exit code, stdout, stderr).  Kills its group if it hangs."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"earchive did not end within {timeout} s after the fault; stderr: {err[-2000:]}")
    return process.returncode, out, err


def survivors(pids: set[int], grace: float = 3.0) -> list[str]:
    """Of ``pids``, those still running after ``grace`` seconds, with their command lines."""
    end = time.monotonic() + grace
    while time.monotonic() < end and any(running(pid) for pid in pids):
        time.sleep(0.05)
    left = []
    for pid in sorted(pids):
        if running(pid):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
            except OSError:
                cmd = "?"
            left.append(f"{pid}: {cmd}")
    return left


def finished(folder: Path) -> tuple[str, ...]:
    """What a batch may rightly leave in ``folder``: complete packages and its state file (for a rerun)."""
    names = []
    for p in Path(folder).iterdir():
        if PARTIAL_NAME.search(p.name):
            continue
        if (p / "METS.xml").is_file() or (p.suffix == ".zip" and not p.name.startswith(".")):
            names.append(p.name)
        elif p.name.startswith(".") and ".earchive-batch-" in p.name and p.suffix == ".json":
            names.append(p.name)
    return tuple(names)
