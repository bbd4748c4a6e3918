"""The case register template that ``earchive erms template`` writes.

A CSV is written as UTF-8 with a byte-order mark and ``;`` between columns, which is what
Swedish Excel opens correctly with a double click; an .xlsx gets the register on its first
sheet and, on a second sheet, what each column means and which ERMS element it becomes.
Both have one example row (a case with an incoming application under secrecy, OSL 21:1);
delete it before filling in your own.  The file is written under a temporary name and
renamed, and an existing file is never overwritten.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from earchive.erms.columns import COLUMNS
from earchive.errors import OutputError

#: Values of the first example row besides each column's own example (columns.Column.example).
FIRST_ROW = {"case_registered": "2023-03-01", "case_closed": "2023-04-20", "restriction": "sekretess",
             "regulation": "OSL 21:1", "restriction_note": "Uppgifter om enskilds hälsa", "restriction_until": "2093-03-01"}
#: The second example row: the same case (its case columns left empty), an outgoing decision.
SECOND_ROW = {"case_number": "KS 2023/42", "record_number": "2", "title": "Beslut om bygglov", "record_type": "Beslut",
              "direction": "ut", "registered": "2023-04-12", "record_date": "2023-04-12",
              "recipient": "Förskolan Solrosen AB", "files": "KS 2023-42/beslut.pdf"}


def rows(lang: str) -> list[list[str]]:
    """The header row and the two example rows, in ``lang`` (sv or en)."""
    first = {c.key: c.example for c in COLUMNS} | FIRST_ROW
    return [[c.header(lang) for c in COLUMNS],
            [first.get(c.key, "") for c in COLUMNS],
            [SECOND_ROW.get(c.key, "") for c in COLUMNS]]


def write_template(path: Path, lang: str = "sv") -> Path:
    """Write the template to ``path`` (.csv or .xlsx); raise OutputError if it exists or cannot be written."""
    path = Path(path)
    if path.exists():
        raise OutputError("error.output_exists", path=str(path))
    data = _xlsx(lang) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv(lang)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError("error.output", path=str(path), reason=exc.strerror or str(exc)) from exc
    return path


def _csv(lang: str) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows(lang))
    return "\ufeff".encode("utf-8") + text.getvalue().encode("utf-8")


def _xlsx(lang: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Handlingar" if lang == "sv" else "Records"
    for row in rows(lang):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Kolumner" if lang == "sv" else "Columns")
    help_sheet.append(["Kolumn", "Column", "Krävs" if lang == "sv" else "Required", "Nivå" if lang == "sv" else "Level",
                       "Förklaring" if lang == "sv" else "Meaning", "ERMS"])
    for c in COLUMNS:
        help_sheet.append([c.sv, c.en, "ja" if c.required and lang == "sv" else ("yes" if c.required else ""),
                           ("ärende" if c.level == "case" else "handling") if lang == "sv" else c.level,
                           c.help_sv if lang == "sv" else c.help_en, c.erms])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
