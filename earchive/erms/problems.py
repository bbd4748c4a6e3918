"""Problems found in a case register, each with the file, row and column it is at.

A :class:`Problem` is data (a message code and parameters); :meth:`Problem.message`
renders it in Swedish or English, starting with where it is: "ärenden.csv, rad 12,
kolumn lagrum: ...".  :class:`CaseRegisterError` carries all problems of an import
that stopped: nothing is built until they are fixed, or until the user chooses to
continue with a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from earchive.errors import EarchiveError, InvalidInput
from earchive.messages import default_language, register, render

ERROR = "error"
WARNING = "warning"
#: How many problems the error's own message lists (all are in ``problems``).
QUOTED = 100


@dataclass(frozen=True)
class Problem:
    """One problem of a case register."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    row: int | None = None
    column: str = ""
    severity: str = ERROR

    def where(self, lang: str | None = None) -> str:
        if self.row is not None and self.column:
            return render("erms.at_row_column", {"file": self.file, "row": self.row, "column": self.column}, lang)
        if self.row is not None:
            return render("erms.at_row", {"file": self.file, "row": self.row}, lang)
        if self.column:
            return render("erms.at_column", {"file": self.file, "column": self.column}, lang)
        return self.file

    def message(self, lang: str | None = None) -> str:
        lang = lang or default_language()
        # A parameter may be an earchive error (the model's own message): shown in the same language.
        params = {k: v.message(lang) if isinstance(v, EarchiveError) else v for k, v in self.params.items()}
        return f"{self.where(lang)}: {render(self.code, params, lang)}"

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "file": self.file, "row": self.row,
                "column": self.column, "params": {k: str(v) for k, v in self.params.items()},
                "message": self.message("en")}


class CaseRegisterError(InvalidInput):
    """A case register has problems; nothing was built.  ``problems`` lists every one."""

    code = "erms.problems"

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == ERROR]
        super().__init__("erms.problems", path=source, count=len(errors))

    def message(self, lang: str = "en") -> str:
        errors = [p for p in self.problems if p.severity == ERROR]
        head = render("erms.problems", {"path": self.params["path"], "count": len(errors)}, lang)
        quoted = [f"  {p.message(lang)}" for p in errors[:QUOTED]]
        if len(errors) > QUOTED:
            quoted.append("  " + render("erms.more_problems", {"count": len(errors) - QUOTED}, lang))
        return "\n".join([head, *quoted])


register({
    "erms.at_row_column": {"en": "{file}, row {row}, column {column}", "sv": "{file}, rad {row}, kolumn {column}"},
    "erms.at_row": {"en": "{file}, row {row}", "sv": "{file}, rad {row}"},
    "erms.at_column": {"en": "{file}, column {column}", "sv": "{file}, kolumn {column}"},
    "erms.problems": {
        "en": "{path}: {count} problem(s) in the case register; nothing was built. Correct them and try again, "
              "or continue with a report (--erms-continue) to package what is correct:",
        "sv": "{path}: {count} problem i ärendeförteckningen; inget byggdes. Rätta dem och försök igen, "
              "eller fortsätt med en rapport (--erms-continue) för att paketera det som är korrekt:",
    },
    "erms.more_problems": {"en": "... and {count} more", "sv": "... och {count} till"},
    "erms.missing_file": {
        "en": "the file {path} does not exist. Check the path (relative to {root}) or add the file",
        "sv": "filen {path} finns inte. Kontrollera sökvägen (relativt {root}) eller lägg till filen",
    },
    "erms.not_a_file": {
        "en": "{path} is not a file. Name each file of the record, not a folder",
        "sv": "{path} är ingen fil. Ange varje fil i handlingen, inte en mapp",
    },
    "erms.outside_root": {
        "en": "{path} lies outside {root}. Keep the files of the delivery in that folder",
        "sv": "{path} ligger utanför {root}. Håll leveransens filer i den mappen",
    },
    "erms.orphan_file": {
        "en": "the file {path} is in the delivery folder but no row names it. Add a row for it, or move it out of {root}",
        "sv": "filen {path} finns i leveransmappen men ingen rad anger den. Lägg till en rad för den eller flytta den ur {root}",
    },
    "erms.file_twice": {
        "en": "the file {path} belongs to two records (also row {first_row}). A file belongs to one record",
        "sv": "filen {path} hör till två handlingar (även rad {first_row}). En fil hör till en handling",
    },
    "erms.bad_date": {
        "en": "{value!s} is not a date. Write dates as 2023-03-14 (or 2023-03-14 10:12)",
        "sv": "{value!s} är inget datum. Skriv datum som 2023-03-14 (eller 2023-03-14 10:12)",
    },
    "erms.duplicate_number": {
        "en": "record number {number} is used twice in case {case} (also on row {first_row}). Give each record its own number",
        "sv": "handlingsnummer {number} används två gånger i ärende {case} (även på rad {first_row}). Ge varje handling ett eget nummer",
    },
    "erms.no_regulation": {
        "en": "the restriction {type} has no regulation. Write its legal paragraph, e.g. OSL 21:1 (ERMS59)",
        "sv": "begränsningen {type} saknar lagrum. Skriv dess lagrum, t.ex. OSL 21:1 (ERMS59)",
    },
    "erms.no_restriction_type": {
        "en": "the regulation {regulation} has no restriction type. Write sekretess, gdpr, integritet or annan:<type>",
        "sv": "lagrummet {regulation} saknar typ av begränsning. Skriv sekretess, gdpr, integritet eller annan:<typ>",
    },
    "erms.conflict": {
        "en": "case {case} has {value!s} here but {first!s} on row {first_row}. Write the same value on every row of the case, or leave it empty",
        "sv": "ärende {case} har {value!s} här men {first!s} på rad {first_row}. Skriv samma värde på varje rad i ärendet, eller lämna det tomt",
    },
    "erms.empty": {
        "en": "{column} is empty; every row needs it",
        "sv": "{column} är tom; varje rad behöver den",
    },
    "erms.invalid": {"en": "{detail}", "sv": "{detail}"},
    "erms.problem": {"en": "{problem}", "sv": "{problem}"},
    "erms.missing_column": {
        "en": "the column {column} is missing. Add it (see earchive erms template)",
        "sv": "kolumnen {column} saknas. Lägg till den (se earchive erms template)",
    },
    "erms.unknown_column": {
        "en": "the column {column} is not one earchive reads; it is ignored",
        "sv": "kolumnen {column} läses inte av earchive; den hoppas över",
    },
    "erms.no_file": {
        "en": "the record has no file; it is described in erms.xml only (a paper record, for example)",
        "sv": "handlingen har ingen fil; den beskrivs bara i erms.xml (till exempel en pappershandling)",
    },
    "erms.disposal_without_date": {
        "en": "gallring {value!s} is given without a disposal date; ERMS needs the date (ERMS125), so it is not written",
        "sv": "gallring {value!s} anges utan gallringsdatum; ERMS kräver datumet (ERMS125), så det skrivs inte",
    },
    "erms.no_rows": {
        "en": "the case register has no rows. Add one row per record (handling)",
        "sv": "ärendeförteckningen har inga rader. Lägg till en rad per handling",
    },
    "erms.unreadable": {
        "en": "cannot be read: {reason}. Save it as CSV (UTF-8 or Windows-1252) or .xlsx",
        "sv": "kan inte läsas: {reason}. Spara den som CSV (UTF-8 eller Windows-1252) eller .xlsx",
    },
    "erms.kept_without": {
        "en": "continued: {what}",
        "sv": "fortsatte: {what}",
    },
})
