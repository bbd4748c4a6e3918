"""Resumable batches: a batch killed halfway and run again completes without rebuilding what was complete."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from earchive import cli
from earchive.batch_state import BatchState, state_path, verify_complete
from earchive.exitcodes import ExitCode

from support.oracles import ROOT


def make_csv(tmp_path: Path, count: int, *, size: int = 0, objids: bool = False) -> Path:
    """A CSV of ``count`` packages; without ``objids`` every package gets a generated OBJID."""
    rows = ["source;title" + (";objid" if objids else "")]
    for n in range(count):
        src = tmp_path / "src" / f"p{n}"
        src.mkdir(parents=True)
        (src / "a.txt").write_text(f"paket {n}\n", encoding="utf-8")
        if size:
            (src / "big.bin").write_bytes(os.urandom(size))
        rows.append(f"src/p{n};Paket {n}" + (f";SE-{n}" if objids else ""))
    path = tmp_path / "leverans.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def packages_in(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def run_json(csv: Path, out: Path, *extra: str, capsys) -> tuple[int, dict]:
    code = cli.main(["batch", str(csv), "--output", str(out), "--submitting-agent", "Org", "--json", "--workers", "1", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_a_batch_killed_halfway_and_run_again_completes_without_rebuilding(tmp_path, capsys):
    csv = make_csv(tmp_path, 6, size=4 << 20)
    out = tmp_path / "out"
    out.mkdir()
    command = [sys.executable, "-m", "earchive", "batch", str(csv), "--output", str(out),
               "--submitting-agent", "Org", "--workers", "1", "--quiet"]
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(packages_in(out)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # a power cut: no clean-up at all
    proc.wait()
    first = {name: (out / name / "METS.xml").stat().st_mtime_ns for name in packages_in(out)}
    assert 1 <= len(first) < 6, first

    code, document = run_json(csv, out, capsys=capsys)
    assert code == ExitCode.OK
    statuses = {p["objid"]: p["status"] for p in document["packages"]}
    assert sorted(statuses.values()).count("skipped") == len(first)
    assert document["skipped"] == len(first) and document["built"] == 6 - len(first)
    # The complete packages were not touched, and nothing was built twice under a second (generated) OBJID.
    assert {n: (out / n / "METS.xml").stat().st_mtime_ns for n in first} == first
    assert len(packages_in(out)) == 6
    assert sorted(packages_in(out)) == sorted(statuses)

    # Once more: everything is complete.
    code, document = run_json(csv, out, capsys=capsys)
    assert code == ExitCode.OK and document["skipped"] == 6 and document["built"] == 0


def test_summary_says_what_was_skipped(tmp_path, capsys):
    csv = make_csv(tmp_path, 2, objids=True)
    out = tmp_path / "out"
    out.mkdir()
    assert cli.main(["batch", str(csv), "--output", str(out), "--submitting-agent", "Org", "--workers", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["batch", str(csv), "--output", str(out), "--submitting-agent", "Org", "--lang", "sv"]) == 0
    text = capsys.readouterr().out
    assert "2 paket var redan klara (kontrollerade) och byggdes inte igen." in text


def test_a_package_finished_but_not_recorded_is_verified_on_disk(tmp_path, capsys):
    csv = make_csv(tmp_path, 3, objids=True)
    out = tmp_path / "out"
    out.mkdir()
    code, _ = run_json(csv, out, capsys=capsys)
    assert code == 0
    state_path(csv, out).unlink()  # as if the power went between the rename and the state write
    code, document = run_json(csv, out, capsys=capsys)
    assert code == 0 and document["skipped"] == 3


def test_a_damaged_package_is_not_taken_for_complete(tmp_path, capsys):
    csv = make_csv(tmp_path, 2, objids=True)
    out = tmp_path / "out"
    out.mkdir()
    assert run_json(csv, out, capsys=capsys)[0] == 0
    changed = out / "SE-1" / "representations" / "rep1" / "data" / "p1" / "a.txt"
    changed.write_text("ändrad\n", encoding="utf-8")  # same size as before: only the seal tells
    assert changed.stat().st_size == len("paket 1\n")
    code, document = run_json(csv, out, capsys=capsys)
    by_objid = {p["objid"]: p for p in document["packages"]}
    assert by_objid["SE-0"]["status"] == "skipped"
    assert by_objid["SE-1"]["status"] == "failed"  # never overwritten: the damaged package stays, the user decides
    assert by_objid["SE-1"]["error"]["code"] == "error.output_exists"
    assert code == ExitCode.PARTIAL


def test_restart_forgets_the_state(tmp_path, capsys):
    csv = make_csv(tmp_path, 2, objids=True)
    out = tmp_path / "out"
    out.mkdir()
    assert run_json(csv, out, capsys=capsys)[0] == 0
    shutil.rmtree(out / "SE-0")
    code, document = run_json(csv, out, "--restart", capsys=capsys)
    by_objid = {p["objid"]: p["status"] for p in document["packages"]}
    assert by_objid == {"SE-0": "built", "SE-1": "failed"}  # SE-1 exists and is never overwritten


def test_zip_packages_are_verified_too(tmp_path, capsys):
    csv = make_csv(tmp_path, 2, objids=True)
    out = tmp_path / "out"
    out.mkdir()
    assert run_json(csv, out, "--zip", capsys=capsys)[0] == 0
    assert verify_complete(out / "SE-0.zip", "SE-0")
    assert not verify_complete(out / "SE-0.zip", "SE-9")
    state_path(csv, out).unlink()
    code, document = run_json(csv, out, "--zip", capsys=capsys)
    assert code == 0 and document["skipped"] == 2


def test_state_file_is_per_input_and_beside_the_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    a = state_path(tmp_path / "a" / "leverans.csv", out)
    b = state_path(tmp_path / "b" / "leverans.csv", out)
    assert a.parent == out and a != b and a.name.startswith(".leverans.csv.earchive-batch-")
    state = BatchState.open(tmp_path / "x.csv", out)
    state.entries["k"] = {"status": "planned"}
    state.save()
    assert BatchState.open(tmp_path / "x.csv", out).entries == {"k": {"status": "planned"}}
    assert BatchState.open(tmp_path / "x.csv", out, restart=True).entries == {}
