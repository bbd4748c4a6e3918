"""CSV mode: one package per row; Excel's ';' and cp1252, BOM, '|' lists; errors name file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from earchive.csvjobs import COLUMNS, columns_help, read_csv
from earchive.errors import InvalidInput
from earchive.model import AgentKind, DublinCore, KeyValue, MetadataFile
from earchive.spec import SpecVersion


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """tmp/leverans/{Nämnd A, Nämnd B}/ with a file each, and an output folder."""
    root = tmp_path / "leverans"
    for name in ("Nämnd A", "Nämnd B"):
        (root / name).mkdir(parents=True)
        (root / name / "Protokoll.txt").write_text(f"{name}\n", encoding="utf-8")
    (root / "ead.xml").write_text("<ead/>", encoding="utf-8")
    (tmp_path / "out").mkdir()
    return root


DEFAULTS = {"submitting_agent": {"name": "Exempelby kommun", "identification_code": "ORG:1"}}


def overrides(folder: Path) -> dict:
    return {"output_dir": str(folder.parent / "out")}


def test_semicolon_bom_and_swedish_text(folder: Path):
    path = folder / "paket.csv"
    path.write_bytes(
        "\ufeffsource;objid;title;creator;subject;date;archival_creator;content_category\r\n"
        "Nämnd A;a-1;Protokoll Nämnd A;Nämnd A;Protokoll|Beslut;2023;Nämnd A;Textual works - Digital\r\n"
        "Nämnd B;b-1;Protokoll Nämnd B;;;2022;;\r\n".encode("utf-8")
    )
    job = read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    assert job.warnings == []
    a, b = job.submissions
    assert [p.origin for p in job.packages] == ["row 2", "row 3"]
    assert a.representations[0].sources == [folder / "Nämnd A"]
    assert a.label == "Protokoll Nämnd A"  # label defaults to the title
    assert a.descriptive == [DublinCore({"title": ["Protokoll Nämnd A"], "creator": ["Nämnd A"],
                                         "subject": ["Protokoll", "Beslut"], "date": ["2023"]})]
    assert a.content_category == "Textual works – Digital"  # hyphen typed, en-dash of the vocabulary kept
    assert [(x.kind, x.name) for x in a.agents] == [(AgentKind.ARCHIVAL_CREATOR, "Nämnd A")]
    assert a.submitting_agent.name == "Exempelby kommun" and a.submitting_agent.identification_code == "ORG:1"
    assert b.agents == [] and b.content_category == "Mixed"
    assert job.packages[1].options.output_dir == folder.parent / "out"


def test_cp1252_is_read_with_a_warning(folder: Path):
    path = folder / "excel.csv"
    path.write_bytes("source;title;description\r\nNämnd A;Beslut å ä ö;Överklagande – avslag\r\n".encode("cp1252"))
    job = read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    sub = job.submissions[0]
    assert sub.descriptive[0].elements["title"] == ["Beslut å ä ö"]
    assert sub.descriptive[0].elements["description"] == ["Överklagande – avslag"]
    assert sub.representations[0].sources == [folder / "Nämnd A"]
    assert [w.code for w in job.warnings] == ["csv.cp1252"]
    assert job.warnings[0].message("en") == (
        f"{path} is not UTF-8; it was read as Windows-1252 (what Swedish Excel writes). "
        'If å, ä or ö look wrong, save it as "CSV UTF-8".'
    )


def test_excel_unicode_text_is_utf16_with_tabs(folder: Path):
    path = folder / "paket.txt"
    path.write_bytes("source\ttitle\r\nNämnd A\tÅrsredovisning\r\n".encode("utf-16"))
    job = read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    assert job.submissions[0].descriptive[0].elements["title"] == ["Årsredovisning"] and job.warnings == []


def test_comma_delimiter_quotes_dc_prefix_kv_and_paths(folder: Path):
    path = folder / "paket.csv"
    path.write_text(
        'Source,Submitting Agent,dc.title,dc.type,kv.diarienummer,descriptive_file,descriptive_mdtype,'
        'descriptive_mdtype_version,spec_version,zip,documentation\n'
        '"Nämnd A|Nämnd B",Arkivet,"Protokoll; beslut",Text,KS 2023/1,ead.xml,ead,2002,2.1.0,ja,ead.xml\n',
        encoding="utf-8",
    )
    job = read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    sub, options = job.packages[0].submission, job.packages[0].options
    assert sub.representations[0].sources == [folder / "Nämnd A", folder / "Nämnd B"]
    assert sub.submitting_agent.name == "Arkivet"
    assert sub.submitting_agent.identification_code == ""  # a new name does not inherit the default's code
    assert sub.descriptive[0] == DublinCore({"title": ["Protokoll; beslut"], "type": ["Text"]})
    assert sub.descriptive[1] == KeyValue([("diarienummer", "KS 2023/1")])
    assert sub.descriptive[2] == MetadataFile(folder / "ead.xml", "EAD", "2002")
    assert sub.documentation == [folder / "ead.xml"]
    assert sub.spec_version is SpecVersion.V2_1_0
    assert options.as_zip is True


def test_relative_sources_follow_the_csv_not_the_cwd(folder: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (folder / "sub").mkdir()
    path = folder / "sub" / "paket.csv"
    path.write_text("source;title\n../Nämnd A;T\n", encoding="utf-8")
    job = read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    assert job.submissions[0].representations[0].sources == [folder / "Nämnd A"]


def test_row_values_replace_command_line_defaults_element_by_element(folder: Path):
    path = folder / "paket.csv"
    path.write_text("source;title;record_status;contact_notes\nNämnd A;T;SUPPLEMENT;tel 1|e-post 2\n", encoding="utf-8")
    defaults = {**DEFAULTS, "record_status": "TEST",
                "descriptive": {"dc": {"publisher": ["Kommunarkivet"], "title": ["default"]}},
                "agents": [{"kind": "contact", "name": "Johan Ek"}, {"kind": "preservation", "name": "Arkivet"}]}
    sub = read_csv(path, cli_defaults=defaults, overrides=overrides(folder)).submissions[0]
    assert sub.record_status == "SUPPLEMENT"
    assert sub.descriptive[0].elements == {"title": ["T"], "publisher": ["Kommunarkivet"]}
    contact = next(a for a in sub.agents if a.kind is AgentKind.CONTACT)
    assert (contact.name, contact.notes) == ("Johan Ek", ["tel 1", "e-post 2"])
    assert any(a.kind is AgentKind.PRESERVATION for a in sub.agents)


# --- errors name the file, row and column ------------------------------------------------


def test_unknown_column(folder: Path):
    path = folder / "paket.csv"
    path.write_text("source;titel\nNämnd A;x\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    assert exc.value.message("en").startswith(f'{path}, row 1, column "titel": unknown column. Check the spelling; allowed: source, objid,')
    assert exc.value.message("sv").startswith(f'{path}, rad 1, kolumn "titel": okänd kolumn.')


def test_duplicate_column(folder: Path):
    path = folder / "paket.csv"
    path.write_text("source;Title;dc.title\nNämnd A;x;y\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path)
    assert exc.value.message("en") == (
        f'{path}, row 1: the column "title" appears twice. Keep one (several values go in one cell, separated by |).'
    )


def test_no_source_column_and_empty_file(folder: Path):
    path = folder / "paket.csv"
    path.write_text("title\nx\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path)
    assert exc.value.code == "csv.no_source_column"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path)
    assert exc.value.code == "csv.empty"


def test_bad_value_names_row_and_column(folder: Path):
    path = folder / "paket.csv"
    path.write_text("source;title;content_category\nNämnd A;T;Mixed\nNämnd B;T;Protokoll\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    assert exc.value.message("en").startswith(
        f"{path}, row 3, column \"content_category\": content_category: 'Protokoll' is not allowed. Allowed: "
    )


def test_missing_submitting_agent_and_missing_source(folder: Path):
    path = folder / "paket.csv"
    path.write_text("source;title\nNämnd A;T\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path, overrides=overrides(folder))
    assert exc.value.message("en") == (
        f'{path}, row 2, column "submitting_agent": submitting agent is required: '
        "name the organisation or person submitting the package (SIP15, MUST)"
    )
    path.write_text("source;title\nNämnd C;T\n;T\n", encoding="utf-8")
    job = read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder), keep_going=True)
    assert [r.error.message("en") for r in job.rejected] == [
        f'{path}, row 2, column "source": The source {folder / "Nämnd C"} does not exist. Check the path, or remove it from the job.',
        f'{path}, row 3, column "source": empty. Fill it in.',
    ]


def test_too_many_cells_and_bad_yes_no(folder: Path):
    path = folder / "paket.csv"
    path.write_text("source;title\nNämnd A;T;extra\nNämnd B;T\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    assert exc.value.message("en") == (
        f"{path}, row 2: 3 cells but only 2 columns. Put a value that contains the delimiter (; or ,) in double quotes."
    )
    path.write_text("source;title;zip\nNämnd A;T;kanske\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder))
    assert exc.value.message("en") == f'{path}, row 2, column "zip": "kanske" is not yes or no.'


def test_blank_rows_are_skipped_and_duplicates_refused(folder: Path):
    path = folder / "paket.csv"
    path.write_text("source;objid;title\n\nNämnd A;x;T\n;;\nNämnd B;X;T\n", encoding="utf-8")
    job = read_csv(path, cli_defaults=DEFAULTS, overrides=overrides(folder), keep_going=True)
    assert [p.origin for p in job.packages] == ["row 3"]
    assert [r.origin for r in job.rejected] == ["row 5"]
    assert job.rejected[0].error.code == "job.duplicate_objid"


def test_every_documented_column_is_in_the_help():
    text = columns_help()
    for column in COLUMNS:
        assert f"  {column} " in text
    assert "dc.<element>" in text and "kv.<name>" in text
