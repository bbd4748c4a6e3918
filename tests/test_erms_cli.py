"""earchive erms template | schemas | check, and the schema store behind them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from earchive import schema_store
from earchive.cli import main
from earchive.erms.spreadsheet import read_table

from support.case_register import make_register
from support.oracles import CITS_ERMS, require_cits_erms


def test_template_csv_is_swedish_excel_friendly(tmp_path, capsys):
    path = tmp_path / "mall.csv"
    assert main(["erms", "template", str(path), "--lang", "sv"]) == 0
    data = path.read_bytes()
    assert data.startswith("\ufeffdiarienummer;ärendemening;".encode("utf-8"))
    assert "Skrev mallen för ärendeförteckning" in capsys.readouterr().out
    assert main(["erms", "template", str(path)]) == 3  # never overwrites


def test_template_xlsx_in_english_has_a_column_sheet(tmp_path):
    import openpyxl

    path = tmp_path / "template.xlsx"
    assert main(["erms", "template", str(path), "--lang", "en", "--quiet"]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Records", "Columns"]
    assert [c.value for c in book["Records"][1]][:3] == ["case_number", "case_title", "case_registered"]
    assert read_table(path).headers[0] == "case_number"


def test_schemas_from_a_folder_download_and_status(tmp_path, monkeypatch, capsys):
    require_cits_erms()
    monkeypatch.setenv(schema_store.STORE_ENV, str(tmp_path / "store"))
    assert main(["erms", "schemas", "--status"]) == 2
    assert "Missing from" in capsys.readouterr().out
    assert main(["erms", "schemas", "--from", str(CITS_ERMS.parent)]) == 0  # found in a sub-folder
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == ["ERMS_v3.xsd", "erms_v3.sch"]
    assert main(["erms", "schemas", "--status"]) == 0


def test_download_is_verified_and_crlf_copies_match(tmp_path, monkeypatch):
    require_cits_erms()
    monkeypatch.setenv(schema_store.STORE_ENV, str(tmp_path / "store"))
    served = {f.url: (CITS_ERMS / name).read_bytes().replace(b"\n", b"\r\n") for name, f in schema_store.STORE_FILES.items()}
    assert [p.name for p in schema_store.download(served.__getitem__)] == ["ERMS_v3.xsd", "erms_v3.sch"]
    assert schema_store.missing() == []
    tampered = dict(served)
    url = schema_store.STORE_FILES["erms_v3.sch"].url
    tampered[url] = served[url].replace(b"must be used", b"may be used")
    with pytest.raises(schema_store.StoreError) as exc:
        schema_store.download(tampered.__getitem__)
    assert exc.value.code == "store.mismatch" and "was not kept" in exc.value.message("en")

    def offline(url):
        raise OSError("no network")

    with pytest.raises(schema_store.StoreError) as exc:
        schema_store.download(offline)
    assert exc.value.code == "store.download_failed"


def test_building_case_files_without_the_schemas_says_how_to_get_them(tmp_path, monkeypatch, capsys):
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=2)
    monkeypatch.setenv(schema_store.STORE_ENV, str(tmp_path / "empty"))
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", "--erms", str(register.path), "--output", str(out), "--submitting-agent", "X", "--lang", "en"]) == 2
    assert "earchive erms schemas --download" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_check_lists_problems_by_row_and_column_as_json(tmp_path, capsys):
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=3)
    assert main(["erms", "check", str(register.path), "--lang", "en"]) == 0
    assert "No problems: 3 cases can be packaged." in capsys.readouterr().out
    (register.root / "KS 2020-1" / "extra.pdf").write_bytes(b"%PDF-1.4\n")
    proc = subprocess.run([sys.executable, "-m", "earchive", "erms", "check", str(register.path), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["ok"] is False and data["cases"] is None
    assert [(p["code"], p["row"], p["column"]) for p in data["problems"]] == [("erms.orphan_file", None, "fil")]


def test_readme_spreadsheet_example_builds(tmp_path):
    """The example rows of the README's case-file section, saved as a CSV beside their files, build."""
    require_cits_erms()
    from support.oracles import ROOT, erms_oracle

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Case files: CITS ERMS 3.0", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    (tmp_path / "KS 2023-42").mkdir()
    for row in rows[1:]:
        (tmp_path / row[rows[0].index("fil")]).write_bytes(b"%PDF-1.4\n")
    (tmp_path / "ärenden.csv").write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["erms", "check", str(tmp_path / "ärenden.csv"), "--quiet"]) == 0
    out = tmp_path / "out"
    assert main(["build", "--erms", str(tmp_path / "ärenden.csv"), "--output", str(out), "--objid", "readme",
                 "--spec-version", "2.1.0", "--submitting-agent", "Exempelby kommun", "--submitting-agent-code",
                 "ORG:2120000001", "--archival-creator", "Kommunstyrelsen", "--archival-creator-code", "ORG:2120000001",
                 "--quiet"]) == 0
    assert erms_oracle(out / "readme" / "metadata" / "descriptive" / "erms.xml") == []


def test_case_files_are_not_split(tmp_path, capsys):
    require_cits_erms()
    register = make_register(tmp_path / "leverans", cases=2)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", "--erms", str(register.path), "--output", str(out), "--submitting-agent", "X",
                 "--max-package-files", "2", "--lang", "en"]) == 2
    assert "cannot be split into parts yet" in capsys.readouterr().err
    assert list(out.iterdir()) == []
