"""earchive batch --cluster: the same batch on a Dask LocalCluster of two worker processes, with the same results."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (pip install earchive[cluster])")

from earchive import batch, cli  # noqa: E402
from earchive.builder import BuildResult  # noqa: E402
from earchive.errors import OutputError  # noqa: E402
from earchive.exitcodes import ExitCode  # noqa: E402
from earchive.jobs import PlannedPackage  # noqa: E402
from earchive.model import Agent, AgentKind, BuildOptions, Representation, Submission  # noqa: E402
from earchive.progress import CancelToken, ProgressEvent, no_progress  # noqa: E402
from earchive.validation import validate_package  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, on this machine."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as local:
        yield local


def make_csv(tmp_path: Path, count: int, *, broken_row: int | None = None) -> Path:
    rows = ["source;objid;title"]
    for n in range(count):
        src = tmp_path / "src" / f"p{n}"
        src.mkdir(parents=True)
        (src / "protokoll.txt").write_text(f"Protokoll {n}\n", encoding="utf-8")
        rows.append(f"{'saknas' if n == broken_row else f'src/p{n}'};SE-{n};Paket {n}")
    path = tmp_path / "leverans.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def run(csv: Path, out: Path, *extra: str, capsys) -> tuple[int, dict]:
    code = cli.main(["batch", str(csv), "--output", str(out), "--submitting-agent", "Org", "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def comparable(document: dict) -> dict:
    keep = ("origin", "objid", "status", "files", "bytes")
    return {**{k: document[k] for k in ("exit_code", "status", "built", "skipped", "failed")},
            "packages": [{k: p.get(k) for k in keep} | {"error": (p.get("error") or {}).get("code")} for p in document["packages"]]}


def test_the_same_batch_gives_the_same_summary_on_the_cluster_as_locally(cluster, tmp_path, capsys):
    csv = make_csv(tmp_path, 6, broken_row=3)
    (tmp_path / "local").mkdir()
    (tmp_path / "dask").mkdir()
    (tmp_path / "dask" / "SE-5").mkdir()  # a package that fails while building, on both
    (tmp_path / "local" / "SE-5").mkdir()
    local_code, local = run(csv, tmp_path / "local", capsys=capsys)
    dask_code, remote = run(csv, tmp_path / "dask", "--cluster", cluster.scheduler_address, capsys=capsys)
    assert local_code == dask_code == ExitCode.PARTIAL
    assert comparable(remote) == comparable(local)
    assert remote["built"] == 4 and {p["objid"]: p["status"] for p in remote["packages"]}["SE-5"] == "failed"
    for n in (0, 1, 2, 4):
        assert validate_package(tmp_path / "dask" / f"SE-{n}").valid
    # The builds ran on the cluster's worker processes, not here.
    workers = {w["id"] for w in cluster.scheduler_info["workers"].values()}
    assert len(workers) == 2


def test_resumption_on_the_cluster(cluster, tmp_path, capsys):
    csv = make_csv(tmp_path, 4)
    out = tmp_path / "out"
    out.mkdir()
    code, first = run(csv, out, "--cluster", cluster.scheduler_address, capsys=capsys)
    assert code == 0 and first["built"] == 4
    code, second = run(csv, out, "--cluster", cluster.scheduler_address, capsys=capsys)
    assert code == 0 and (second["built"], second["skipped"]) == (0, 4)


def slow_build(submission, options, progress=no_progress, cancel=None):
    """A stand-in build that takes a second and honours cancel by removing its partial (for the cancel test)."""
    final = options.output_dir / submission.objid
    partial = options.output_dir / f".{submission.objid}.partial-test"
    partial.mkdir()
    try:
        for i in range(20):
            progress(ProgressEvent("copy", files_done=i, files_total=20, package=submission.objid))
            if cancel is not None:
                cancel.check()
            time.sleep(0.05)
    except BaseException:
        partial.rmdir()
        raise
    partial.rename(final)
    return BuildResult(final, submission.objid, files=1, bytes=1)


def test_cancel_stops_running_builds_on_the_workers_and_drops_queued_ones(cluster, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    packages = []
    for n in range(8):
        sub = Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "KS"), objid=f"c{n}",
                         representations=[Representation("rep1", [tmp_path])])
        packages.append(PlannedPackage(sub, BuildOptions(out), f"row {n + 2}"))
    token = CancelToken()
    seen = []

    def progress(index, event):
        seen.append(index)
        if len(seen) >= 2:
            token.cancel()

    outcomes = batch.build_many(packages, progress=progress, cancel=token, build=slow_build,
                                cluster=cluster.scheduler_address)
    statuses = [o.status for o in outcomes]
    assert statuses.count("cancelled") >= 6 and set(statuses) <= {"built", "cancelled"}
    built = sorted(o.objid for o in outcomes if o.status == "built")
    assert sorted(p.name for p in out.iterdir()) == built  # no partial left on the shared storage


def test_an_unreachable_scheduler_is_named(tmp_path, capsys):
    csv = make_csv(tmp_path, 1)
    out = tmp_path / "out"
    out.mkdir()
    code = cli.main(["batch", str(csv), "--output", str(out), "--submitting-agent", "Org", "--lang", "en",
                     "--cluster", "tcp://127.0.0.1:9"])
    assert code == ExitCode.IO_ERROR
    assert "Cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_sigterm_to_the_command_cancels_the_builds_on_the_cluster(cluster, tmp_path):
    import signal
    import subprocess
    import sys

    from support.oracles import ROOT

    rows = ["source;objid;title"]
    for n in range(6):
        src = tmp_path / "src" / f"p{n}"
        src.mkdir(parents=True)
        with open(src / "film.bin", "wb") as f:
            f.write(os.urandom(48 << 20))
        rows.append(f"src/p{n};SE-{n};Paket {n}")
    csv = tmp_path / "leverans.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "earchive", "batch", str(csv), "--output", str(out),
                             "--submitting-agent", "Org", "--cluster", cluster.scheduler_address, "--json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(".partial-" in p.name for p in out.iterdir()):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    stdout, _ = proc.communicate(timeout=180)
    assert proc.returncode == ExitCode.CANCELLED
    document = json.loads(stdout)
    statuses = [p["status"] for p in document["packages"]]
    assert "cancelled" in statuses and set(statuses) <= {"built", "cancelled"}
    names = sorted(p.name for p in out.iterdir() if ".earchive-batch-" not in p.name)
    assert names == sorted(p["objid"] for p in document["packages"] if p["status"] == "built")  # no partial left
