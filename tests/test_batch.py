"""Many packages in parallel processes: isolation of failures, errors across processes, cancellation, 100 from a CSV."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from earchive import batch, cli
from earchive.builder import BuildResult
from earchive.errors import Cancelled, InvalidInput, OutputError
from earchive.exitcodes import ExitCode
from earchive.jobs import JobInputError, PlannedPackage
from earchive.model import Agent, AgentKind, BuildOptions, Representation, Submission
from earchive.progress import CancelToken, ProgressEvent, no_progress
from support.oracles import assert_valid



def planned(tmp_path: Path, objid: str, out: Path) -> PlannedPackage:
    src = tmp_path / "src" / objid
    src.mkdir(parents=True, exist_ok=True)
    (src / "a.txt").write_text(objid, encoding="utf-8")
    sub = Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "KS"), representations=[Representation("rep1", [src])],
                     objid=objid)
    return PlannedPackage(sub, BuildOptions(out), f"row {objid[1:]}")


def pid_build(submission, options, progress=no_progress, cancel=None):
    """Writes the worker's process id into the package; refuses an existing target; honours cancel."""
    final = options.output_dir / submission.objid
    if final.exists():
        raise OutputError("error.output_exists", path=str(final))
    tmp = options.output_dir / (submission.objid + ".partial-test")
    tmp.mkdir()
    try:
        for i in range(5):
            progress(ProgressEvent("copy", files_done=i, files_total=5, package=submission.objid))
            if cancel is not None:
                cancel.check()
            time.sleep(0.01)
        (tmp / "pid").write_text(str(os.getpid()))
    except BaseException:
        shutil.rmtree(tmp)
        raise
    tmp.rename(final)
    return BuildResult(final, submission.objid, files=1, bytes=1)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def crash(submission, options, progress=no_progress, cancel=None):
    if submission.objid == "p1":
        os._exit(9)  # as if the OS killed the process
    return pid_build(submission, options, progress, cancel)


def test_workers_are_spawned_not_forked():
    # A forked copy of a process that has used pygfried (a Go runtime) hangs at its first identification.
    assert batch.START_METHOD == "spawn"


def test_processes_build_in_parallel_and_a_failure_does_not_stop_the_others(tmp_path: Path, out: Path):
    packages = [planned(tmp_path, f"p{i}", out) for i in range(8)]
    (out / "p3").mkdir()  # p3 fails: its target exists
    finished = []
    outcomes = batch.build_many(packages, workers=2, finished=lambda i, o: finished.append(i), build=pid_build)
    assert [o.objid for o in outcomes] == [f"p{i}" for i in range(8)]  # input order
    assert [o.status for o in outcomes] == ["built"] * 3 + ["failed"] + ["built"] * 4
    assert sorted(finished) == list(range(8))
    error = outcomes[3].error
    assert type(error) is OutputError and error.code == "error.output_exists"  # rebuilt by class, not by text
    assert error.message("sv") == f"{out / 'p3'} finns redan. Välj en annan utdatamapp eller ta bort den först (earchive skriver aldrig över ett paket)."
    pids = {(out / f"p{i}" / "pid").read_text() for i in range(8) if i != 3}
    assert str(os.getpid()) not in pids and 1 <= len(pids) <= 2


def test_cancel_mid_batch_leaves_only_complete_packages(tmp_path: Path, out: Path):
    packages = [planned(tmp_path, f"p{i}", out) for i in range(10)]
    token = CancelToken()
    outcomes = batch.build_many(packages, workers=2, cancel=token, build=pid_build,
                                progress=lambda i, ev: token.cancel())  # the first progress event cancels
    statuses = [o.status for o in outcomes]
    assert "cancelled" in statuses and set(statuses) <= {"built", "cancelled"}
    assert all(isinstance(o.error, Cancelled) for o in outcomes if o.status == "cancelled")
    assert sorted(p.name for p in out.iterdir()) == sorted(o.objid for o in outcomes if o.ok)  # no .partial left
    assert all((out / o.objid / "pid").is_file() for o in outcomes if o.ok)


def test_cancel_before_start_builds_nothing(tmp_path: Path, out: Path):
    token = CancelToken()
    token.cancel()
    packages = [planned(tmp_path, f"p{i}", out) for i in range(3)]
    for workers in (1, 2):
        outcomes = batch.build_many(packages, workers=workers, cancel=token)
        assert [o.status for o in outcomes] == ["cancelled"] * 3
    assert list(out.iterdir()) == []


def test_a_crashed_worker_fails_its_packages_without_hanging(tmp_path: Path, out: Path):
    outcomes = batch.build_many([planned(tmp_path, f"p{i}", out) for i in range(4)], workers=2, build=crash)
    assert outcomes[1].status == "failed" and outcomes[1].error.code == "error.internal"
    assert "BrokenProcessPool" in outcomes[1].error.message("en")


def test_errors_cross_processes_as_data_with_nested_errors():
    import earchive.csvjobs  # noqa: F401  (registers the csv.* messages)

    inner = InvalidInput("error.invalid_value", field="content_category", value="'x'", allowed='"Mixed"')
    outer = JobInputError("csv.cell_invalid", path="p.csv", row=3, column="content_category", problem=inner)
    again = batch._load_error(batch._dump_error(outer))
    assert type(again) is JobInputError
    assert again.message("sv") == outer.message("sv") == (
        "p.csv, rad 3, kolumn \"content_category\": innehållskategori (content_category): 'x' är inte tillåtet. Tillåtna värden: \"Mixed\"."
    )


def test_in_input_order_sorts_by_row_number():
    outcomes = [batch.PackageOutcome(o, "", "built") for o in ("row 12", "row 3", "packages[10]", "packages[2]")]
    assert [o.origin for o in batch.in_input_order(outcomes)] == ["packages[2]", "row 3", "packages[10]", "row 12"]


# --- real builds -----------------------------------------------------------------------------


def _builder_ready() -> bool:
    try:
        from earchive import naming  # noqa: F401  (the builder's helper modules)
        import earchive.sources  # noqa: F401
    except ImportError:
        return False
    return True


real_builder = pytest.mark.skipif(not _builder_ready(), reason="TODO: earchive.builder.build_package is still being written")


@real_builder
def test_batch_builds_100_packages_from_a_csv_and_one_failing_row_gives_partial(tmp_path: Path, out: Path, capsys):
    """The issue's "Done when": `earchive batch` builds 100 packages from a CSV (two processes)."""
    root = tmp_path / "leverans"
    lines = ["source;objid;title;creator;date;archival_creator"]
    for i in range(101):
        folder = root / f"Ärende {i:03d}"
        folder.mkdir(parents=True)
        for j in range(1 + i % 3):
            (folder / f"Handling {j} å ä ö.txt").write_text(f"Ärende {i}, handling {j}\n", encoding="utf-8")
        lines.append(f"{folder.name};arende-{i:03d};Ärende {i};Nämnd {i % 7};2023;Kommunstyrelsen")
    lines.insert(50, "Finns inte;trasig;Trasig rad;;;")  # the failing row: row 51, source missing
    csv_path = root / "paket.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "arende-100").mkdir()  # and one that fails while building: its target exists
    code = cli.main(["batch", str(csv_path), "--output", str(out), "--workers", "2", "--submitting-agent",
                     "Exempelby kommun", "--json", "--lang", "en"])
    assert code == ExitCode.PARTIAL
    document = json.loads(capsys.readouterr().out)
    assert (document["built"], document["failed"]) == (100, 2)
    failed = {p["origin"]: p["error"]["code"] for p in document["packages"] if p["status"] != "built"}
    assert failed == {"row 51": "csv.cell_invalid", "row 103": "error.output_exists"}
    built = sorted(p.name for p in out.iterdir() if not p.name.startswith(".earchive") and ".earchive-batch-" not in p.name)
    assert len(built) == 101 and not any("partial" in name for name in built)
    assert all((out / f"arende-{i:03d}" / "METS.xml").is_file() for i in range(100))


@real_builder
def test_ctrl_c_during_a_parallel_batch_is_cancelled_and_leaves_no_partial_package(tmp_path: Path, out: Path,
                                                                                   monkeypatch, capsys):
    """A real SIGINT to the main process after the first package: the rest is cancelled, exit 130."""
    import signal

    from earchive.cli_progress import BatchProgress

    root = tmp_path / "leverans"
    lines = ["source;objid;title"]
    for i in range(30):
        (root / f"a{i}").mkdir(parents=True)
        (root / f"a{i}" / "f.txt").write_text(f"{i}\n" * 1000, encoding="utf-8")
        lines.append(f"a{i};a{i};Ärende {i}")
    (root / "paket.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = BatchProgress.package_finished

    def finished_then_interrupt(self, index, ok, nbytes=0):
        original(self, index, ok, nbytes)
        if self.finished == 1:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(BatchProgress, "package_finished", finished_then_interrupt)
    code = cli.main(["batch", str(root / "paket.csv"), "-o", str(out), "--workers", "2", "--submitting-agent", "KS",
                     "--json", "--lang", "en"])
    assert code == ExitCode.CANCELLED
    document = json.loads(capsys.readouterr().out)
    statuses = [p["status"] for p in document["packages"]]
    assert statuses.count("cancelled") >= 1 and set(statuses) <= {"built", "cancelled"}
    built = sorted(p["objid"] for p in document["packages"] if p["status"] == "built")
    assert sorted(p.name for p in out.iterdir() if ".earchive-batch-" not in p.name) == built  # nothing half-written


@real_builder
def test_the_documented_example_csv_builds(out: Path, capsys):
    example = Path(__file__).resolve().parents[1] / "docs" / "batch-example.csv"
    assert cli.main(["batch", str(example), "-o", str(out), "--workers", "2", "--lang", "en"]) == ExitCode.OK
    assert sorted(p.name for p in out.iterdir() if ".earchive-batch-" not in p.name) == [
        "exempelby-ks-diarium-2023.zip", "exempelby-ks-protokoll-2023"]  # and the batch's state file
    assert_valid("mets", out / "exempelby-ks-protokoll-2023" / "METS.xml")
    assert capsys.readouterr().out.splitlines()[-1] == "Built 2 of 2 packages."
