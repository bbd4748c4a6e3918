"""Unfinished packages of killed runs (issue 12, point 3): named as partials, removed by the next run, never a live one.

``kill -9`` cannot be caught, so a killed build leaves its temporary package.  Every
temporary name says it is partial (``.NAME.partial-XXXXXXXX``, the ZIP's metadata
folder ``....work``) and is claimed by a lock that dies with its process; the next run
in that folder removes such remains and says so, leaves alone a package another run is
writing, and only names what it cannot judge.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest

from earchive import partials
from support.faults import build_args, copying, earchive, finish, many_files, partials as partials_in, wait_for

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

#: Every name a killed build may leave.
CLAIMED = re.compile(r"^\.faults-1(\.zip)?\.partial-[0-9a-f]{8}(\.lock|\.work)?$")


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    return many_files(tmp_path_factory.mktemp("partials") / "Diarium", 3000)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def killed_build(sources: Path, out: Path, *extra: str) -> list[str]:
    process = earchive(*build_args([sources], out, *extra))
    wait_for(copying(out, 100), what="the build to copy")
    process.send_signal(signal.SIGKILL)
    finish(process)
    return sorted(p.name for p in out.iterdir())


@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
def test_the_next_run_removes_what_a_killed_build_left(sources, out, faults, zip_):
    faults.keep(sources)
    extra = ["--zip"] if zip_ else []
    left = killed_build(sources, out, *extra)
    faults.injected("SIGKILL to a build")
    assert left and all(CLAIMED.match(name) for name in left), left  # every temporary name says "partial"
    assert any(name.endswith(".lock") for name in left)
    if zip_:
        assert any(name.endswith(".work") for name in left)  # the ZIP's metadata folder is claimed too
    size = sum(f.stat().st_size for p in out.iterdir() for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    assert size > 100 * 1024  # what the killed run had written

    again = earchive(*build_args([sources], out, *extra, "--name", "second"))
    code, _, err = finish(again)
    assert code == 0, err
    temp = next(name for name in left if not name.endswith((".lock", ".work")))
    assert f"Warning: Removed {out / temp} (" in err
    assert "an unfinished package or transfer that an earlier run left when it was stopped" in err
    faults.no_leftovers(out, finished=("second.zip" if zip_ else "second",))


def test_a_package_another_run_is_writing_is_left_alone(sources, out, faults, tmp_path):
    """Two runs write into one folder at once: the second sweeps the folder and must not touch the first's work."""
    faults.keep(sources)
    first = earchive(*build_args([sources], out, "--name", "first"))
    wait_for(copying(out, 100), what="the first build to copy")
    small = many_files(tmp_path / "small", 5)
    second = earchive(*build_args([small], out, "--name", "second"))
    faults.injected("a second run sweeping a folder while a build writes there")
    code, _, err = finish(second)
    assert code == 0, err
    assert "Removed" not in err
    code, _, err = finish(first)
    assert code == 0, err
    assert (out / "first" / "METS.xml").is_file()
    faults.no_leftovers(out, finished=("first", "second"))


def test_unclaimed_remains_are_named_not_removed(out, faults, tmp_path):
    """Remains without a lock (an earlier earchive, another program) may be in use: named, with what to do."""
    old_partial = out / ".protokoll.partial-0123abcd"
    (old_partial / "representations").mkdir(parents=True)
    (old_partial / "representations" / "x.bin").write_bytes(b"x" * 5000)
    old_work = out / ".earchive-k2j4h5g6"
    old_work.mkdir()
    faults.injected("remains of an unknown writer in the output folder", 2)
    small = many_files(tmp_path / "small", 3)
    process = earchive(*build_args([small], out))
    code, _, err = finish(process)
    assert code == 0, err
    assert f"Warning: {old_partial} (5.0 kB) looks like an unfinished package left by an earlier earchive" in err
    assert f"Remove it when nothing writes to {out}." in err
    assert f"Warning: {old_work} (0 bytes) looks like" in err
    assert old_partial.is_dir() and old_work.is_dir()
    faults.no_leftovers(out, finished=("faults-1", old_partial.name, old_work.name))


def test_a_claim_is_released_only_when_its_names_are_gone(tmp_path):
    final = tmp_path / "pkg"
    claim = partials.Claim(final)
    claim.temp.mkdir()
    assert partials.sweep(tmp_path) == []  # held by this claim (another open file, even in this process)
    (claim.temp / "stuck").write_text("x")  # as if its removal had failed
    claim.release()  # the temporary folder still exists: the lock file stays, unlocked
    assert claim.lock_path.exists()
    swept = partials.sweep(tmp_path)
    assert [(r.path, r.removed) for r in swept] == [(claim.temp, True)]
    assert sorted(tmp_path.iterdir()) == []
