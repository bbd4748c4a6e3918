"""Read a case register (ärendeförteckning) from a spreadsheet: CSV or .xlsx, one row per handling.

Rows with the same diarienummer form one case (ärende); the columns are those of
:mod:`earchive.erms.columns`, named in Swedish or English.  A CSV may be UTF-8 (with or
without BOM) or Windows-1252 (Swedish Excel), separated by ``;``, ``,`` or tab; both are
detected.  An .xlsx is read with openpyxl (its first sheet).  Files are named relative to
the spreadsheet's folder (or ``files_root``).

Every problem is reported with its row and column (:class:`~earchive.erms.problems.Problem`):
a file a row names that does not exist, a file in the folder no row names, a date that is
not one, a record number used twice in a case, a restriction without its regulation, a
case value that differs between rows.  With problems, :func:`read_cases` raises
:class:`~earchive.erms.problems.CaseRegisterError` and nothing is built, unless
``keep_going`` is given: then what is correct is kept, what is not is left out or
marked, and the problems travel with the result into the package report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from earchive.errors import EarchiveError, InvalidInput
from earchive.erms import vocabulary as voc
from earchive.erms.columns import BY_KEY, COLUMNS, header_key
from earchive.erms.model import (
    Aggregation,
    Control,
    Disposal,
    ErmsAgent,
    ErmsDocument,
    Record,
    Restriction,
    parse_when,
)
from earchive.erms.problems import ERROR, WARNING, CaseRegisterError, Problem

#: Spreadsheet suffixes read with openpyxl.
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Separator of several values in one cell (files, restrictions, regulations).
MULTI = "|"
#: Regulation written when the user continues past a restriction without one: the
#: restriction is kept (a secrecy marking is never dropped), and says what is missing.
REGULATION_MISSING = "Lagrum saknas i leveransunderlaget"
#: Words for "may be disposed of" / "keep" in the gallring column.
DISPOSABLE = {"gallras": True, "ja": True, "yes": True, "true": True, "disposable": True,
              "bevaras": False, "nej": False, "no": False, "false": False, "keep": False}
#: Regulation prefixes from which the restriction type is clear when the type column is empty.
REGULATION_TYPES = (("osl", "confidential"), ("sekrl", "confidential"), ("offentlighets- och sekretess", "confidential"),
                    ("gdpr", "gdpr"), ("dataskydd", "gdpr"), ("2016/679", "gdpr"))


@dataclass
class Table:
    """The cells of a spreadsheet: header names and (row number, values) per data row."""

    path: Path
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""


@dataclass
class Row:
    """One data row with its values by column key, and where it came from."""

    table: Table
    number: int
    values: dict[str, Any]
    files_root: Path
    headers: dict[str, str]  # column key -> header as written in the file

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


@dataclass
class CaseImport:
    """What :func:`read_cases` found: the document, and the problems (when continuing)."""

    document: ErmsDocument
    problems: list[Problem] = field(default_factory=list)
    source: Path | None = None
    files_root: Path | None = None


def read_table(path: Path) -> Table:
    """The cells of a CSV or .xlsx file; raise CaseRegisterError when it cannot be read."""
    path = Path(path)
    try:
        if path.suffix.lower() in XLSX_SUFFIXES:
            return _read_xlsx(path)
        return _read_csv(path)
    except CaseRegisterError:
        raise
    except (OSError, ValueError, KeyError, EarchiveError) as exc:
        reason = exc.message("en") if isinstance(exc, EarchiveError) else (getattr(exc, "strerror", None) or str(exc))
        raise CaseRegisterError(path.name, [Problem("erms.unreadable", {"reason": reason}, path.name)]) from exc


def read_cases(path: Path, control: Control, *, files_root: Path | None = None, keep_going: bool = False) -> CaseImport:
    """The cases of a case register spreadsheet, checked row by row.

    Raises CaseRegisterError with every problem (row and column each) unless
    ``keep_going``; then the problems are in the result and what could not be
    used is left out (a missing file, an orphan file) or marked (a restriction
    without regulation keeps :data:`REGULATION_MISSING`).
    """
    path = Path(path)
    table = read_table(path)
    root = Path(files_root) if files_root else path.parent
    assembler = Assembler()
    assembler.add_table(table, root)
    assembler.check_orphans(root, exclude={path.resolve()}, sheet=path.name)
    return assembler.finish(control, path, root, keep_going=keep_going)


class Assembler:
    """Turns rows (from one or many tables) into cases, collecting problems on the way."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.cases: dict[str, dict] = {}  # case number -> {"values", "rows", "first": key -> row, "records"}
        self.files_seen: dict[str, int] = {}  # real path -> row
        self._roots: dict[str, str] = {}  # files root -> its real path

    # --- input -----------------------------------------------------------------------------

    def add_table(self, table: Table, files_root: Path, defaults: dict[str, str] | None = None) -> None:
        """Read every row of ``table``; ``defaults`` fill empty cells (the folder convention's case number)."""
        headers = self._headers(table, defaults or {})
        if headers is None:
            return
        if not table.rows:
            self.problems.append(Problem("erms.no_rows", {}, table.path.name))
            return
        for number, cells in table.rows:
            values = {key: cells[i] if i < len(cells) else None for i, key in headers.items()}
            for key, value in (defaults or {}).items():
                if values.get(key) in (None, ""):
                    values[key] = value
            names = {key: table.headers[i] for i, key in headers.items()}
            for key in defaults or {}:
                names.setdefault(key, BY_KEY[key].sv)
            self._add_row(Row(table, number, values, files_root, names))

    def check_orphans(self, root: Path, exclude: set[Path], sheet: str) -> None:
        """A problem for each file under ``root`` that no row names (system files aside); ``sheet`` names the register."""
        excluded = {os.path.realpath(p) for p in exclude}
        for real, rel in _walk(self._real_root(root)):
            if real not in self.files_seen and real not in excluded:
                self.problems.append(Problem("erms.orphan_file", {"path": rel, "root": str(root)},
                                             sheet, None, BY_KEY["files"].sv))

    def _real_root(self, root: Path) -> str:
        """``os.path.realpath`` of a files root, once per root."""
        key = str(root)
        if key not in self._roots:
            self._roots[key] = os.path.realpath(root)
        return self._roots[key]

    # --- output -----------------------------------------------------------------------------

    def finish(self, control: Control, source: Path, root: Path, *, keep_going: bool) -> CaseImport:
        """The document; raise CaseRegisterError when there are errors and not ``keep_going``."""
        aggregations = []
        for number, case in self.cases.items():
            agg = self._aggregation(number, case)
            if agg is not None:
                aggregations.append(agg)
        errors = [p for p in self.problems if p.severity == ERROR]
        if errors and not keep_going:
            raise CaseRegisterError(source.name, self.problems)
        if not aggregations:
            if not any(p.code == "erms.no_rows" for p in self.problems):
                self.problems.append(Problem("erms.no_rows", {}, source.name))
            raise CaseRegisterError(source.name, self.problems)
        document = ErmsDocument(control, aggregations)
        return CaseImport(document, self.problems, source, root)

    # --- rows -----------------------------------------------------------------------------------

    def _headers(self, table: Table, defaults: dict[str, str]) -> dict[int, str] | None:
        found: dict[int, str] = {}
        for i, header in enumerate(table.headers):
            if not str(header or "").strip():
                continue
            key = header_key(header)
            if key is None:
                self.problems.append(Problem("erms.unknown_column", {"column": header}, table.path.name, 1, header, WARNING))
            elif key in found.values():
                self.problems.append(Problem("erms.invalid", {"detail": f"{header}: twice"}, table.path.name, 1, header))
            else:
                found[i] = key
        missing = [c for c in COLUMNS if c.required and c.key not in found.values() and c.key not in defaults]
        for column in missing:
            self.problems.append(Problem("erms.missing_column", {"column": column.sv + " / " + column.en}, table.path.name, 1))
        return None if missing else found

    def _add_row(self, row: Row) -> None:
        number = row.text("case_number")
        if not number:
            self._problem(row, "case_number", "erms.empty", column=row.headers.get("case_number", "diarienummer"))
            return
        case = self.cases.setdefault(number, {"values": {}, "first": {}, "records": [], "row": row})
        for column in COLUMNS:
            if column.level == "case" and column.key != "case_number":
                self._case_value(case, row, column.key)
        record = self._record(row, number, case)
        if record is not None:
            case["records"].append(record)

    def _case_value(self, case: dict, row: Row, key: str) -> None:
        value = row.text(key)
        if not value:
            return
        if key not in case["values"]:
            case["values"][key] = value
            case["first"][key] = row
        elif value != case["values"][key]:
            first = case["first"][key]
            self._problem(row, key, "erms.conflict", case=row.text("case_number"), value=value,
                          first=case["values"][key], first_row=first.number)

    def _record(self, row: Row, case_number: str, case: dict) -> tuple[Record, Row] | None:
        """The record of a row, or None when it cannot be made; every cell is checked either way."""
        fields: dict[str, Any] = {"number": row.text("record_number"), "title": row.text("title")}
        for key, name in (("record_number", "number"), ("title", "title")):
            if not fields[name]:
                self._problem(row, key, "erms.empty", column=row.headers.get(key, key))
        previous = next((r for r in case["records"] if r[0].number == fields["number"]), None)
        if previous is not None:
            self._problem(row, "record_number", "erms.duplicate_number", number=fields["number"], case=case_number,
                          first_row=previous[1].number)
            fields["number"] = f"{fields['number']} (rad {row.number})"
        fields["created"] = self._date(row, "registered", required=True)
        fields["originated"] = self._date(row, "record_date")
        fields["direction"] = self._term(row, "direction", voc.DIRECTION, "record direction")
        fields["record_type"] = row.text("record_type")
        fields["note"] = row.text("note")
        fields["agents"] = self._agents(row, (("sender", "sender"), ("recipient", "recipient")))
        fields["files"] = self._files(row)
        fields["restrictions"] = self._restrictions(row, "restriction", "regulation")
        fields["origin"] = (row.table.path.name, row.number)
        fields["created"] = fields["created"] or fields["originated"]  # continuing: the record's own date
        if not (fields["number"] and fields["title"] and fields["created"]):
            return None
        try:
            return Record(**fields), row
        except InvalidInput as exc:
            self._problem(row, "title", "erms.invalid", detail=exc)
            return None

    def _aggregation(self, number: str, case: dict) -> Aggregation | None:
        values, first_row = case["values"], case["row"]

        def at(key: str) -> Row:
            return case["first"].get(key, first_row)

        records = [r for r, _ in case["records"]]
        try:
            restrictions = self._restrictions(at("case_restriction"), "case_restriction", "case_regulation",
                                              values.get("case_restriction", ""), values.get("case_regulation", ""))
            return Aggregation(
                case_number=number,
                title=values.get("case_title", ""),
                records=records,
                created=self._date(at("case_registered"), "case_registered", text=values.get("case_registered", "")),
                closed=self._date(at("case_closed"), "case_closed", text=values.get("case_closed", "")),
                status=self._term(at("case_status"), "case_status", voc.STATUS, "case status",
                                  values.get("case_status", "")),
                classification=values.get("classification", ""),
                agents=self._agents(at("case_officer"), (("case_officer", "responsible_person"),), values),
                restrictions=restrictions,
                disposal=self._disposal(case),
            )
        except InvalidInput as exc:
            self._problem(first_row, "case_title", "erms.invalid", detail=exc)
            return None

    # --- cells -------------------------------------------------------------------------------

    def _date(self, row: Row, key: str, *, required: bool = False, text: str | None = None):
        value = row.values.get(key) if text is None else text
        if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
            return value.date()  # a spreadsheet date cell: Excel keeps dates as midnight date-times
        if isinstance(value, (dt.date, dt.datetime)):
            return value
        value = "" if value is None else str(value).strip()
        if not value:
            if required:
                self._problem(row, key, "erms.empty", column=row.headers.get(key, key))
            return None
        try:
            return parse_when(key, value)
        except InvalidInput:
            self._problem(row, key, "erms.bad_date", value=value)
            return None

    def _term(self, row: Row, key: str, vocabulary: str, field_name: str, text: str | None = None) -> str:
        value = row.text(key) if text is None else text
        if not value:
            return ""
        try:
            return voc.match(field_name, value, vocabulary)
        except InvalidInput as exc:
            self._problem(row, key, "erms.invalid", detail=exc)
            return ""

    def _agents(self, row: Row, pairs, values: dict | None = None) -> list[ErmsAgent]:
        agents = []
        for key, kind in pairs:
            names = (values or {}).get(key, "") if values is not None else row.text(key)
            for name in _split(names):
                agents.append(ErmsAgent(kind, name))
        return agents

    def _files(self, row: Row) -> list[Path]:
        found: list[Path] = []
        root = row.files_root
        for name in _split(row.text("files")):
            path = Path(os.path.normpath(root / name.replace("\\", "/")))
            shown = name
            real = os.path.realpath(path)
            if not _inside(real, self._real_root(root)):
                self._problem(row, "files", "erms.outside_root", path=shown, root=str(root))
            elif not os.path.exists(real):
                self._problem(row, "files", "erms.missing_file", path=shown, root=str(root))
            elif not os.path.isfile(real):
                self._problem(row, "files", "erms.not_a_file", path=shown)
            else:
                if real in self.files_seen:
                    self._problem(row, "files", "erms.file_twice", path=shown, first_row=self.files_seen[real])
                    continue
                self.files_seen[real] = row.number
                found.append(path)
        if not found and not row.text("files"):
            self._problem(row, "files", "erms.no_file", severity=WARNING)
        return found

    def _restrictions(self, row: Row, type_key: str, regulation_key: str, types: str | None = None,
                      regulations: str | None = None) -> list[Restriction]:
        types_list = _split(row.text(type_key) if types is None else types)
        regulations_list = _split(row.text(regulation_key) if regulations is None else regulations)
        out: list[Restriction] = []
        for i in range(max(len(types_list), len(regulations_list))):
            kind = types_list[i] if i < len(types_list) else ""
            regulation = regulations_list[i] if i < len(regulations_list) else ""
            if not kind:
                kind = _type_of(regulation)
                if not kind:
                    self._problem(row, type_key, "erms.no_restriction_type", regulation=regulation)
                    continue
            if not regulation:
                self._problem(row, regulation_key, "erms.no_regulation", type=kind)
                regulation = REGULATION_MISSING
            other = ""
            if ":" in kind and kind.split(":", 1)[0].strip().lower() in ("annan", "other", "other_type", "övrig"):
                kind, other = "other_type", kind.split(":", 1)[1].strip()
            try:
                extra = {} if type_key.startswith("case_") else {
                    "explanatory_text": row.text("restriction_note"),
                    "security_class": row.text("security_class"),
                    "until": self._date(row, "restriction_until"),
                }
                out.append(Restriction(kind, regulation, other_type=other, **extra))
            except InvalidInput as exc:
                self._problem(row, type_key, "erms.invalid", detail=exc)
        return out

    def _disposal(self, case: dict) -> Disposal | None:
        values = case["values"]
        if not any(values.get(k) for k in ("disposal", "disposal_mandate", "disposal_date")):
            return None
        row = case["first"].get("disposal_date") or case["first"].get("disposal") or case["row"]
        when = self._date(row, "disposal_date", text=values.get("disposal_date", ""))
        word = values.get("disposal", "gallras")
        disposable = DISPOSABLE.get(word.strip().casefold())
        if disposable is None:
            self._problem(case["first"].get("disposal", row), "disposal", "erms.invalid",
                          detail=InvalidInput("error.invalid_value", field="disposal", value=repr(word),
                                              allowed="gallras, bevaras"))
            return None
        if when is None:
            if "disposal_date" not in values:
                self._problem(row, "disposal_date", "erms.disposal_without_date", value=word, severity=WARNING)
            return None
        return Disposal(disposable, when, mandate=values.get("disposal_mandate", ""))

    # --- helpers ----------------------------------------------------------------------------

    def _problem(self, row: Row, key: str, code: str, *, severity: str = ERROR, column: str | None = None, **params) -> None:
        header = row.headers.get(key) or BY_KEY[key].sv if key in BY_KEY else key
        self.problems.append(Problem(code, params, row.table.path.name, row.number, header, severity))


def _split(value: str) -> list[str]:
    return [v.strip() for v in str(value or "").replace("\n", MULTI).split(MULTI) if v.strip()]


def _type_of(regulation: str) -> str:
    folded = regulation.strip().casefold()
    for prefix, kind in REGULATION_TYPES:
        if folded.startswith(prefix) or prefix in folded:
            return kind
    return ""


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _walk(real_root: str, rel: str = ""):
    """(real path, path relative to the root with '/') of every file below ``real_root``, in name order.

    System files are left out; a link is followed to what it names (a link to a folder is not entered).
    """
    from earchive.sources import is_system_file

    try:
        entries = sorted(os.scandir(os.path.join(real_root, rel) if rel else real_root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if is_system_file(entry.name):
            continue
        inner = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(real_root, inner)
        elif entry.is_symlink():
            yield os.path.realpath(entry.path), inner
        elif entry.is_file(follow_symlinks=False):
            yield entry.path, inner


# --- reading files ---------------------------------------------------------------------------


def _read_csv(path: Path) -> Table:
    from earchive.csvjobs import csv_delimiter, decode_csv

    text, notes = decode_csv(path)
    delimiter = csv_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [r for r in reader]
    encoding = "windows-1252" if notes else "utf-8"
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        return Table(path, [], [], encoding, delimiter)
    data = [(i + 2, r) for i, r in enumerate(rows[1:]) if any(c.strip() for c in r)]
    return Table(path, [h.strip().lstrip("\ufeff") for h in rows[0]], data, encoding, delimiter)


def _read_xlsx(path: Path) -> Table:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        headers: list[str] = []
        for index, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(cells)
            if not headers:
                if any(v not in (None, "") for v in values):
                    headers = ["" if v is None else str(v).strip() for v in values]
                continue
            if any(v not in (None, "") for v in values):
                rows.append((index, values))
        return Table(path, headers, rows, "xlsx", "")
    finally:
        workbook.close()
