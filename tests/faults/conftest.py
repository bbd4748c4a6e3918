"""The fault-injection suite: every test here injects a real fault and checks what a person expects.

Each test takes the ``faults`` fixture, says which faults it injects
(``faults.injected(kind, count)``), snapshots the sources it must not lose
(``faults.keep(path)``) and checks the output folders (``faults.no_leftovers(folder,
finished=...)``).  At the end of the session the ledger's figures (faults injected by
kind, leftovers found, bytes of sources lost) are printed and written to
``.cache/fault-suite.json``; the README's reliability section lists what they prove.

Helpers for running the real ``earchive`` command, making sources and waiting for a
build to be under way are in ``tests/support/faults.py``, so that the next fault is a
short test.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support.faults import snapshot

#: Where the figures of the last run are written.
REPORT = Path(__file__).resolve().parents[2] / ".cache" / "fault-suite.json"

_LEDGER: list["Faults"] = []


@dataclass
class Faults:
    """What one test injected, and what it found afterwards."""

    test: str
    kinds: Counter = field(default_factory=Counter)
    leftovers: list[str] = field(default_factory=list)
    lost_bytes: int = 0
    _kept: dict[Path, dict[str, tuple[int, str]]] = field(default_factory=dict)

    def injected(self, kind: str, count: int = 1) -> None:
        """Record ``count`` faults of ``kind`` (e.g. "SIGTERM to build", "disk full")."""
        self.kinds[kind] += count

    def keep(self, *paths: Path) -> None:
        """Snapshot sources that must come out of the test unchanged (checked at the end)."""
        for path in paths:
            self._kept[Path(path)] = snapshot(Path(path))

    def changed_on_purpose(self, path: Path) -> None:
        """A kept file the test itself rewrites or deletes (the injected fault): not a loss."""
        for snap in self._kept.values():
            snap.pop(str(path), None)

    def no_leftovers(self, folder: Path, finished: tuple[str, ...] = ()) -> None:
        """Assert that ``folder`` holds only the ``finished`` names (complete packages), no partials."""
        found = sorted(p.name for p in Path(folder).iterdir()) if Path(folder).exists() else []
        extra = [name for name in found if name not in finished]
        self.leftovers.extend(str(Path(folder) / name) for name in extra)
        assert extra == [], f"left behind in {folder}: {extra}"

    def check_kept(self) -> None:
        for root, before in self._kept.items():
            after = snapshot(root) if root.exists() else {}
            for path, (size, digest) in before.items():
                if after.get(path) != (size, digest):
                    self.lost_bytes += size
        assert self.lost_bytes == 0, f"{self.lost_bytes} bytes of sources were changed or lost"


@pytest.fixture
def faults(request) -> Faults:
    ledger = Faults(request.node.nodeid)
    yield ledger
    ledger.check_kept()
    _LEDGER.append(ledger)


def pytest_terminal_summary(terminalreporter) -> None:
    if not _LEDGER:
        return
    kinds: Counter = Counter()
    for entry in _LEDGER:
        kinds.update(entry.kinds)
    figures = {
        "tests": len(_LEDGER),
        "faults_injected": sum(kinds.values()),
        "kinds": dict(sorted(kinds.items())),
        "leftovers": sum(len(e.leftovers) for e in _LEDGER),
        "lost_bytes": sum(e.lost_bytes for e in _LEDGER),
    }
    try:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError:
        pass
    write = terminalreporter.write_line
    write(f"fault suite: {figures['faults_injected']} faults of {len(kinds)} kinds in {figures['tests']} tests; "
          f"leftovers {figures['leftovers']}; lost bytes {figures['lost_bytes']}")
    for kind, count in figures["kinds"].items():
        write(f"  {count:4d}  {kind}")


