"""``earchive validate``: options, exit codes, report files; in-process, plus once as a subprocess."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from earchive import cli_validate
from earchive.exitcodes import ExitCode
from test_validation_package import make_package


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="earchive")
    cli_validate.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def run(argv: list[str]) -> ExitCode:
    return cli_validate.run(parse(argv))


@pytest.fixture
def package(tmp_path) -> Path:
    return make_package(tmp_path / "in", "2.2.0")


def test_valid_package_exits_ok_with_text_summary(package, capsys):
    assert run(["validate", str(package), "--lang", "en"]) is ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("VALID: the package can be delivered\n") and f"Package: {package}\n" in out


def test_invalid_package_exits_1_and_json_goes_to_stdout(package, capsys):
    (package / "representations/rep1/data/Beslut.txt").write_text("ändrad\n", encoding="utf-8")
    assert run(["validate", str(package), "--format", "json"]) is ExitCode.INVALID_PACKAGE
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False and data["exit_code"] == 1
    assert run(["validate", str(package), "--json", "--no-fixity"]) is ExitCode.INVALID_PACKAGE  # size differs too


def test_unreadable_input_exits_2_with_a_message(tmp_path, capsys):
    assert run(["validate", str(tmp_path / "saknas.zip"), "--lang", "sv"]) is ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    assert err.strip() == f"Kan inte läsa paketet {tmp_path / 'saknas.zip'}: det finns inte. Kontrollera sökvägen."


def test_html_report_to_file_with_summary_on_stdout(package, tmp_path, capsys):
    target = tmp_path / "rapport.html"
    assert run(["validate", str(package), "--format", "html", "--output", str(target), "--lang", "sv"]) is ExitCode.OK
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "GILTIGT" in page
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "GILTIGT: paketet kan levereras" and out[-1] == f"Rapporten skrevs till {target}"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_report_to_missing_folder_is_an_io_error(package, tmp_path, capsys):
    code = run(["validate", str(package), "--output", str(tmp_path / "saknas" / "r.json"), "--format", "json",
                "--lang", "en"])
    assert code is ExitCode.IO_ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"Cannot write the report to {tmp_path / 'saknas' / 'r.json'}: No such file or directory.")


def test_spec_version_option_and_choices(package, capsys):
    assert run(["validate", str(package), "--spec-version", "2.1.0", "--json"]) is ExitCode.INVALID_PACKAGE
    data = json.loads(capsys.readouterr().out)
    assert data["specification_version"] == "2.1.0" and data["version_source"] == "given"
    sip2 = next(r for r in data["requirements"] if r["id"] == "SIP2")
    assert sip2["status"] == "failed"  # a 2.2.0 profile URL is not the 2.1.0 one
    with pytest.raises(SystemExit):
        parse(["validate", str(package), "--spec-version", "3.0"])


def test_main_cli_routes_validate(package, capsys):
    from earchive.cli import main

    assert main(["validate", str(package), "--lang", "en", "-q"]) == 0
    assert capsys.readouterr().out == f"VALID: the package can be delivered: {package}\n"


def test_as_a_subprocess(package, tmp_path):
    (package / "METS.xml").write_text("<mets", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "earchive", "validate", str(package), "--lang", "en"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("NOT VALID: ") and "METS-XSD" in done.stdout
    assert done.stderr == ""


def test_json_is_one_object_also_when_the_package_cannot_be_read(tmp_path, capsys):
    """Issue 11, point 4: --json promises one JSON result, whatever happens."""
    (tmp_path / "trasig.zip").write_bytes(b"PK\x03\x04 this is not a ZIP")
    for target in (tmp_path / "saknas", tmp_path / "trasig.zip"):
        assert run(["validate", str(target), "--json"]) is ExitCode.INVALID_INPUT
        captured = capsys.readouterr()
        data = json.loads(captured.out)
        assert (data["valid"], data["exit_code"], data["checked"]) == (False, 2, False)
        assert data["error"]["code"].startswith("v.read.") and data["error"]["message"] in captured.err
    from earchive import cli
    assert cli.main(["validate", "--json", "--no-such-option", str(tmp_path)]) == 2
    assert json.loads(capsys.readouterr().out)["exit_code"] == 2


def test_unsafe_entries_are_findings_with_exit_1_as_documented(package, tmp_path, capsys):
    """zip-slip and links are findings (exit 1); only an unreadable archive is exit 2 (validate --help)."""
    import zipfile

    archive = tmp_path / "slip.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                zf.write(path, f"{package.name}/{path.relative_to(package).as_posix()}")
        zf.writestr("../../utanfor.txt", "x")
    assert run(["validate", str(archive), "--json"]) is ExitCode.INVALID_PACKAGE
    data = json.loads(capsys.readouterr().out)
    assert any(f["requirement"] == "PACKAGE-SAFE" and f["severity"] == "error" for f in data["findings"])
    helptext = parse(["validate", "x"]) and cli_validate.EPILOG
    assert "links, paths leading out of the package" in helptext and "archive over a safety limit" in helptext


def test_report_file_gets_the_users_normal_mode(package, tmp_path):
    """Issue 11, point 7: reports on a shared drive must be readable by colleagues (not 0600)."""
    import os

    old = os.umask(0o022)
    try:
        target = tmp_path / "rapport.html"
        assert run(["validate", str(package), "--format", "html", "--output", str(target), "-q"]) is ExitCode.OK
        assert target.stat().st_mode & 0o777 == 0o644
        os.umask(0o002)
        assert run(["validate", str(package), "--format", "json", "--output", str(target), "-q"]) is ExitCode.OK
        assert target.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
