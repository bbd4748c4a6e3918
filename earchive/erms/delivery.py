"""A case-file delivery: the ERMS document, where it came from, and how its files are laid out.

:class:`ErmsDelivery` is what a :class:`~earchive.model.Submission` carries in ``erms``:
the builder lays the representation's data out by ärende (one folder per case, named
after its diarienummer made safe for file systems) and writes
``metadata/descriptive/erms.xml`` (:mod:`earchive.erms.package`).  :func:`load` reads a
case register spreadsheet or a delivery folder; :func:`submission_fields` gives the
METS values CITS ERMS asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from earchive import naming
from earchive.erms import vocabulary as voc
from earchive.errors import InvalidInput
from earchive.erms.model import ClassificationSchema, Control, ErmsDocument, Restriction
from earchive.erms.problems import Problem
from earchive.spec import SpecVersion


@dataclass
class ErmsDelivery:
    """Case files for one package.  ``problems`` are those the user chose to continue past."""

    document: ErmsDocument
    problems: list[Problem] = field(default_factory=list)
    source: Path | None = None

    def folders(self) -> dict[str, list[Path]]:
        """Folder of each case in the representation's data -> the files of its records.

        Each case's :attr:`~earchive.erms.model.Aggregation.folder` is set on the way: its
        diarienummer made safe (``KS 2023/42`` -> ``KS 2023_42``), unique in the package
        whatever the case (``KS 2023_42 (2)``).
        """
        out: dict[str, list[Path]] = {}
        used: set[str] = set()
        for agg in self.document.aggregations:
            base = naming.safe_component(agg.case_number)[0]
            name, n = base, 1
            while name.casefold() in used:
                n += 1
                name = f"{base} ({n})"
            used.add(name.casefold())
            agg.folder = name
            out[name] = [p for r in agg.records for p in r.files]
        return out


#: Separates a case number from a record number in a restriction target ("KS 2023/42#3").
TARGET_SEPARATOR = "#"


def target_key(case_number: str, record_number: str = "") -> str:
    """The key of a case's or a record's restrictions in a restriction override."""
    return f"{case_number}{TARGET_SEPARATOR}{record_number}" if record_number else case_number


def apply_restrictions(document: ErmsDocument, overrides: Mapping[str, list[Mapping[str, str]]]) -> None:
    """Replace the restrictions of the cases and records ``overrides`` names (edited in the GUI).

    ``overrides`` maps :func:`target_key` to the complete list of that target's restrictions
    (an empty list removes them all), each ``{"type", "regulation", "other_type",
    "explanatory_text", "security_class", "until"}``.  The register file itself is never
    changed.  Raises InvalidInput for an unknown target or a bad restriction.
    """
    targets = {}
    for agg in document.aggregations:
        targets[target_key(agg.case_number)] = agg
        for record in agg.records:
            targets[target_key(agg.case_number, record.number)] = record
    for key, restrictions in (overrides or {}).items():
        if key not in targets:
            raise InvalidInput("error.invalid_value", field="restriction target", value=repr(key),
                               allowed="a case number, or a case number, # and a record number")
        targets[key].restrictions = [Restriction(**{k: v for k, v in r.items() if k in _RESTRICTION_FIELDS})
                                     for r in restrictions]


_RESTRICTION_FIELDS = ("type", "regulation", "other_type", "explanatory_text", "security_class", "information_class",
                       "until", "duration")


def load(source: Path, control: Control, *, files_root: Path | None = None, keep_going: bool = False) -> ErmsDelivery:
    """The delivery in ``source``: a case register (.csv, .xlsx) or a folder of case folders.

    Raises CaseRegisterError (every problem, by row and column) unless ``keep_going``.
    """
    from earchive.erms.folders import read_folder
    from earchive.erms.spreadsheet import read_cases

    source = Path(source)
    if source.is_dir():
        found = read_folder(source, control, keep_going=keep_going)
    else:
        found = read_cases(source, control, files_root=files_root, keep_going=keep_going)
    return ErmsDelivery(found.document, found.problems, source)


def control_of(creator: str, creator_code: str = "", *, identification: str = "", system: str = "",
               classification_schema: str = "") -> Control:
    """The control section from the package's archival creator and the delivery's facts."""
    schema = ClassificationSchema(classification_schema) if classification_schema else None
    return Control(creator, creator_code, identification=identification, system=system, classification_schema=schema)


def submission_fields(version: SpecVersion | str) -> dict[str, str]:
    """mets/@TYPE and the content information type CITS ERMS 3.0 asks for (its table 1).

    2.2.0's vocabulary has ``citserms_v3_0``; 2.1.0's does not, so a 2.1.0 package says
    ``OTHER`` with the term in OTHERCONTENTINFORMATIONTYPE (CSIP4-5).
    """
    from earchive import spec

    version = SpecVersion.parse(version)
    fields = {"content_category": voc.CONTENT_CATEGORY}
    if voc.CONTENT_INFORMATION_TYPE in spec.vocabulary(version, spec.CONTENT_INFORMATION_TYPE):
        fields["content_information_type"] = voc.CONTENT_INFORMATION_TYPE
    else:
        fields["content_information_type"] = "OTHER"
        fields["other_content_information_type"] = voc.CONTENT_INFORMATION_TYPE
    return fields


def default_title(document: ErmsDocument) -> str:
    """A title for the package's Dublin Core when none is given: creator, cases, years."""
    first, last = document.date_range()
    years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    return f"{document.control.creator}: ärenden {years} ({len(document.aggregations)} st)"
