"""Reading a case register: spreadsheet variants, and broken inputs each named by row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from earchive.erms import delivery
from earchive.erms.folders import read_folder
from earchive.erms.problems import CaseRegisterError
from earchive.erms.spreadsheet import REGULATION_MISSING, read_cases, read_table
from earchive.erms.template import write_template

from support.case_register import COLUMNS, make_register, write_csv, write_xlsx

CONTROL = delivery.control_of("Kommunstyrelsen i Exempelby", "ORG:2120000001")


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    return make_register(tmp_path_factory.mktemp("register") / "leverans", cases=40)


def _summary(document):
    return [(a.case_number, a.title, a.status, a.classification, [r.label for r in a.restrictions],
             [(r.number, r.title, r.direction, r.created, [p.name for p in r.files], [x.label for x in r.restrictions])
              for r in a.records])
            for a in document.aggregations]


def _copy(register, tmp_path) -> Path:
    root = tmp_path / "leverans"
    shutil.copytree(register.root, root)
    return root


def test_realistic_register_reads_into_cases(register):
    found = read_cases(register.path, CONTROL)
    doc = found.document
    assert len(doc.aggregations) == 40
    assert len(doc.records) == len(register.rows)
    assert found.problems == []
    first = doc.aggregations[0]
    assert first.case_number == "KS 2020/1" and first.title == "Överklagande av beslut om färdtjänst (1)"
    assert first.status == "closed" and [a.type for a in first.agents] == ["responsible_person"]
    assert [r.direction for r in first.records] == ["incoming", "incoming", "internal_memo_without_follow-up"]
    gdpr = next(a for a in doc.aggregations if a.case_number == register.gdpr_case)
    assert [r.label for r in gdpr.restrictions] == ["gdpr (GDPR art. 9.1 (känsliga personuppgifter))"]
    secret = [r for r in doc.records if r.restrictions]
    assert len(secret) == len(register.secret)
    assert {x.regulation for r in secret for x in r.restrictions} == {"OSL 21:1", "OSL 26:1"}
    disposals = [a for a in doc.aggregations if a.disposal is not None]
    assert [(a.case_number, a.disposal.disposable, a.disposal.mandate) for a in disposals] == [("KS 2019/25", True, "KS 2018/3 § 12")]


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("cp1252", ","),
                                                 ("utf-8", ",")])
def test_csv_variants_read_the_same(register, tmp_path, encoding, delimiter):
    root = _copy(register, tmp_path)
    (root / "ärendeförteckning.csv").unlink()
    variant = root / "förteckning.csv"
    write_csv(variant, register.rows, encoding=encoding, delimiter=delimiter)
    table = read_table(variant)
    assert table.delimiter == delimiter
    assert table.encoding == ("windows-1252" if encoding == "cp1252" else "utf-8")
    assert _summary(read_cases(variant, CONTROL).document) == _summary(read_cases(register.path, CONTROL).document)


def test_xlsx_reads_the_same_with_real_date_cells(register, tmp_path):
    root = _copy(register, tmp_path)
    (root / "ärendeförteckning.csv").unlink()
    book = root / "förteckning.xlsx"
    write_xlsx(book, register.rows)
    assert _summary(read_cases(book, CONTROL).document) == _summary(read_cases(register.path, CONTROL).document)


def test_english_column_names(register, tmp_path):
    from earchive.erms.columns import BY_KEY, header_key

    root = _copy(register, tmp_path)
    english = tuple(BY_KEY[header_key(c)].en for c in COLUMNS)
    rows = [{BY_KEY[header_key(k)].en: v for k, v in row.items()} for row in register.rows]
    (root / "ärendeförteckning.csv").unlink()
    write_csv(root / "cases.csv", rows, columns=english)
    assert _summary(read_cases(root / "cases.csv", CONTROL).document) == _summary(read_cases(register.path, CONTROL).document)


# --- broken inputs: each gives its row and column ---------------------------------------------


def _broken(register, tmp_path, change) -> tuple[Path, list]:
    root = _copy(register, tmp_path)
    rows = [dict(r) for r in register.rows]
    change(root, rows)
    write_csv(root / "ärendeförteckning.csv", rows)
    with pytest.raises(CaseRegisterError) as exc:
        read_cases(root / "ärendeförteckning.csv", CONTROL)
    return root, exc.value.problems


def test_missing_file(register, tmp_path):
    _, problems = _broken(register, tmp_path, lambda root, rows: rows[4].update({"fil": "KS 2024-3/saknas.pdf"}))
    assert [p.message("sv") for p in problems] == [
        f"ärendeförteckning.csv, rad 6, kolumn fil: filen KS 2024-3/saknas.pdf finns inte. "
        f"Kontrollera sökvägen (relativt {tmp_path / 'leverans'}) eller lägg till filen",
        f"ärendeförteckning.csv, kolumn fil: filen {register.rows[4]['fil']} finns i leveransmappen men ingen rad "
        f"anger den. Lägg till en rad för den eller flytta den ur {tmp_path / 'leverans'}",
    ]


def test_orphan_file(register, tmp_path):
    _, problems = _broken(register, tmp_path, lambda root, rows: (root / "KS 2020-1" / "glömd bilaga.pdf").write_bytes(b"%PDF"))
    assert [p.message("en") for p in problems] == [
        f"ärendeförteckning.csv, column fil: the file KS 2020-1/glömd bilaga.pdf is in the delivery folder but no row "
        f"names it. Add a row for it, or move it out of {tmp_path / 'leverans'}"]


def test_bad_dates(register, tmp_path):
    def change(root, rows):
        rows[2]["registreringsdatum"] = "2023-02-30"
        rows[3]["handlingsdatum"] = "14/3/2023"

    _, problems = _broken(register, tmp_path, change)
    assert [(p.row, p.column, p.message("en").split(": ", 1)[1]) for p in problems] == [
        (4, "registreringsdatum", "2023-02-30 is not a date. Write dates as 2023-03-14 (or 2023-03-14 10:12)"),
        (5, "handlingsdatum", "14/3/2023 is not a date. Write dates as 2023-03-14 (or 2023-03-14 10:12)"),
    ]


def test_duplicate_record_number(register, tmp_path):
    _, problems = _broken(register, tmp_path, lambda root, rows: rows[1].update({"handlingsnummer": "1"}))
    assert [p.message("sv") for p in problems] == [
        "ärendeförteckning.csv, rad 3, kolumn handlingsnummer: handlingsnummer 1 används två gånger i ärende "
        "KS 2020/1 (även på rad 2). Ge varje handling ett eget nummer"]


def test_restriction_without_regulation(register, tmp_path):
    _, problems = _broken(register, tmp_path, lambda root, rows: rows[0].update({"begränsning": "sekretess", "lagrum": ""}))
    assert [p.message("en") for p in problems] == [
        "ärendeförteckning.csv, row 2, column lagrum: the restriction sekretess has no regulation. "
        "Write its legal paragraph, e.g. OSL 21:1 (ERMS59)"]


def test_conflicting_case_value_and_unknown_term(register, tmp_path):
    def change(root, rows):
        rows[1]["ärendemening"] = "Något annat"
        rows[0]["riktning"] = "sidledes"

    _, problems = _broken(register, tmp_path, change)
    messages = [p.message("en") for p in problems]
    assert messages[0].startswith("ärendeförteckning.csv, row 2, column riktning: record direction: 'sidledes' is not allowed.")
    assert messages[1] == ("ärendeförteckning.csv, row 3, column ärendemening: case KS 2020/1 has Något annat here but "
                           "Överklagande av beslut om färdtjänst (1) on row 2. Write the same value on every row of the "
                           "case, or leave it empty")


def test_error_lists_every_problem_in_both_languages(register, tmp_path):
    root = _copy(register, tmp_path)
    rows = [dict(r) for r in register.rows]
    rows[0]["lagrum"], rows[0]["begränsning"] = "", "sekretess"
    rows[1]["registreringsdatum"] = "igår"
    write_csv(root / "ärendeförteckning.csv", rows)
    with pytest.raises(CaseRegisterError) as exc:
        read_cases(root / "ärendeförteckning.csv", CONTROL)
    assert exc.value.message("sv").splitlines() == [
        "ärendeförteckning.csv: 2 problem i ärendeförteckningen; inget byggdes. Rätta dem och försök igen, eller "
        "fortsätt med en rapport (--erms-continue) för att paketera det som är korrekt:",
        "  ärendeförteckning.csv, rad 2, kolumn lagrum: begränsningen sekretess saknar lagrum. Skriv dess lagrum, t.ex. OSL 21:1 (ERMS59)",
        "  ärendeförteckning.csv, rad 3, kolumn registreringsdatum: igår är inget datum. Skriv datum som 2023-03-14 (eller 2023-03-14 10:12)",
    ]


def test_continue_keeps_what_is_correct_and_never_drops_a_restriction(register, tmp_path):
    root = _copy(register, tmp_path)
    rows = [dict(r) for r in register.rows]
    rows[0].update({"begränsning": "sekretess", "lagrum": ""})
    rows[4]["fil"] = "KS 2024-3/saknas.pdf"
    write_csv(root / "ärendeförteckning.csv", rows)
    found = read_cases(root / "ärendeförteckning.csv", CONTROL, keep_going=True)
    assert [p.code for p in found.problems] == ["erms.no_regulation", "erms.missing_file", "erms.orphan_file"]
    first = found.document.aggregations[0].records[0]
    assert [(r.type, r.regulation) for r in first.restrictions] == [("confidential", REGULATION_MISSING)]
    fifth = [r for r in found.document.records][4]
    assert fifth.files == []


def test_missing_required_column(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("diarienummer;rubrik\nKS 1;x\n", encoding="utf-8")
    with pytest.raises(CaseRegisterError) as exc:
        read_cases(path, CONTROL)
    assert [p.message("en") for p in exc.value.problems] == [
        "r.csv, row 1: the column ärendemening / case_title is missing. Add it (see earchive erms template)",
        "r.csv, row 1: the column handlingsnummer / record_number is missing. Add it (see earchive erms template)",
        "r.csv, row 1: the column registreringsdatum / registered is missing. Add it (see earchive erms template)",
    ]


def test_template_has_every_column_and_reads_back(tmp_path):
    for name, lang in (("mall.csv", "sv"), ("template.xlsx", "en")):
        (tmp_path / lang / "KS 2023-42").mkdir(parents=True)
        path = write_template(tmp_path / lang / name, lang)
        table = read_table(path)
        assert len(table.headers) == 27 and len(table.rows) == 2
        for f in ("ansökan.pdf", "beslut.pdf"):
            (tmp_path / lang / "KS 2023-42" / f).write_bytes(b"%PDF-1.4\n")
        found = read_cases(path, CONTROL)
        [case] = found.document.aggregations
        assert case.case_number == "KS 2023/42" and len(case.records) == 2
        assert case.records[0].restrictions[0].label == "confidential (OSL 21:1)"


def test_folder_convention(tmp_path):
    root = tmp_path / "leverans"
    (root / "KS 2023-42").mkdir(parents=True)
    (root / "KS 2023-42" / "ansökan.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "KS 2023-42" / "beslut.txt").write_text("Beslut", encoding="utf-8")
    (root / "KS 2023-57").mkdir()
    (root / "KS 2023-57" / "handlingar.csv").write_text(
        "handlingsnummer;rubrik;registreringsdatum;fil;begränsning;lagrum\n"
        "1;Anmälan;2023-05-02;anmälan.pdf;sekretess;OSL 26:1\n", encoding="utf-8")
    (root / "KS 2023-57" / "anmälan.pdf").write_bytes(b"%PDF-1.4\n")
    found = read_folder(root, CONTROL)
    a, b = found.document.aggregations
    assert (a.case_number, [r.title for r in a.records]) == ("KS 2023-42", ["ansökan", "beslut"])
    assert (b.case_number, b.records[0].restrictions[0].label) == ("KS 2023-57", "confidential (OSL 26:1)")
    (root / "KS 2023-57" / "extra.pdf").write_bytes(b"%PDF-1.4\n")
    with pytest.raises(CaseRegisterError) as exc:
        read_folder(root, CONTROL)
    assert [p.message("en") for p in exc.value.problems] == [
        f"KS 2023-57/handlingar.csv, column fil: the file extra.pdf is in the delivery folder but no row names it. "
        f"Add a row for it, or move it out of {root / 'KS 2023-57'}"]
