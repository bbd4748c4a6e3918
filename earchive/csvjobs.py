"""CSV mode: a spreadsheet where each row is one package (a source folder plus metadata columns).

Each row becomes a package dictionary in the job file format (:mod:`earchive.jobs`)
and goes through the same :func:`~earchive.jobs.package_from_dict` as job files and
the GUI.  Defaults come from the command line; a non-empty cell replaces them.

The file may be UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text")
or, as Swedish Excel often saves it, Windows-1252 (read with a warning); the
delimiter may be ``;`` (Swedish Excel),
``,`` or a tab, detected from the header row.  Column names are case-insensitive;
spaces and hyphens count as underscores.  Repeated values in one cell are separated
by ``|``.  Errors name the file, the row number (the header is row 1, as in Excel)
and the column.  The columns are listed in :data:`COLUMNS` and in docs/cli.md.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any, Mapping

from earchive.errors import EarchiveError, InvalidInput
from earchive.jobs import (
    Job,
    JobInputError,
    PlannedPackage,
    RejectedPackage,
    check_sources_exist,
    package_from_dict,
    reject_duplicate_objids,
    resolve_paths,
)
from earchive.messages import register
from earchive.model import DC_ELEMENTS
from earchive.notes import Note

#: Separator of repeated values inside one cell ("Protokoll|Diarier").
MULTI = "|"

#: Dublin Core elements that may be used as plain column names. 'source', 'type' and
#: 'format' need the 'dc.' prefix: 'source' is the records folder, and the other two
#: are too easily read as something else.
DC_SHORTCUTS = tuple(e for e in DC_ELEMENTS if e not in ("source", "type", "format"))

#: Every column (besides dc.<element> and kv.<name>) with what it means; docs/cli.md and
#: ``earchive batch --help`` show this list.
COLUMNS: dict[str, str] = {
    "source": "records folder or file of the package (required); several separated by |",
    "objid": "package identifier (mets/@OBJID); default: uuid-<random UUID>",
    "label": "mets/@LABEL; default: the title",
    "name": "name of the package folder or ZIP; default: the OBJID",
    "spec_version": "2.2.0 (default) or 2.1.0 (FGS Paketstruktur 2.0)",
    "checksum_algorithm": "SHA-256 (default), SHA-512 or MD5",
    "content_category": "CSIP content category, e.g. Textual works – Digital; default Mixed",
    "other_content_category": "when content_category is OTHER",
    "content_information_type": "e.g. MIXED (default), ERMS, SIARD2",
    "other_content_information_type": "when content_information_type is OTHER",
    "record_status": "NEW (default), SUPPLEMENT, REPLACEMENT, TEST, VERSION, DELETE, OTHER",
    "submission_agreement": "submission agreement reference",
    "previous_submission_agreements": "earlier agreements, separated by |",
    "reference_code": "archival reference code",
    "previous_reference_codes": "earlier reference codes, separated by |",
    "submitting_agent": "name of the submitting organisation or person (required here or by --submitting-agent)",
    "submitting_agent_type": "ORGANIZATION (default) or INDIVIDUAL",
    "submitting_agent_code": "identification code, e.g. ORG:2021001234",
    "archival_creator": "name of the archival creator",
    "archival_creator_type": "ORGANIZATION (default) or INDIVIDUAL",
    "archival_creator_code": "identification code of the archival creator",
    "contact": "name of a contact person",
    "contact_notes": "contact details (telephone, e-mail), separated by |",
    "preservation_agent": "name of the preservation organisation",
    "preservation_agent_code": "its identification code",
    **{e: f"Dublin Core {e} (same as dc.{e})" for e in DC_SHORTCUTS},
    "documentation": "documentation files or folders, separated by |",
    "other_metadata": "other metadata files, separated by |",
    "representation_name": "name of the representation folder (default rep1)",
    "descriptive_file": "a descriptive metadata file you bring (e.g. an EAD file)",
    "descriptive_mdtype": "its METS MDTYPE, e.g. EAD (default OTHER)",
    "descriptive_mdtype_version": "its MDTYPEVERSION, e.g. 2002",
    "descriptive_other_mdtype": "its OTHERMDTYPE when the MDTYPE is OTHER",
    "roda_parent_id": "RODA: identifier of the parent AIP",
    "producer_checksums": "the producer's sha256sum/md5sum file(s) or BagIt bag(s), separated by |",
    "erms": "case files instead of source: a case register (.csv, .xlsx) or a folder of case folders (docs/erms.md)",
    "erms_files": "folder the case register's file names are relative to (default: its folder)",
    "erms_continue": "yes/no: build even when the case register has problems (listed in the package report)",
    "erms_system": "the records management system the cases come from",
    "erms_classification_schema": "name of the classification scheme of the cases",
    "zip": "yes/no: write a ZIP file instead of a folder",
    "max_package_size": "split a larger delivery into a parent and child packages of at most this size, e.g. 5GB",
    "max_package_files": "split a delivery with more files than this into a parent and child packages",
    "unit_depth": "when splitting: folders this many levels inside the source stay whole (1: each folder directly inside)",
}

#: Other spellings people use for a column.
_ALIASES = {"sources": "source", "checksum": "checksum_algorithm", "version": "spec_version"}

#: Values of yes/no columns.
_TRUE = {"yes", "y", "true", "1", "ja", "j", "x"}
_FALSE = {"no", "n", "false", "0", "nej", ""}

#: Model field names (as InvalidInput names them) -> the column a person should fix.
_FIELD_COLUMNS = {
    "submitter agent name": "submitting_agent",
    "submitting agent": "submitting_agent",
    "submitter agent type": "submitting_agent_type",
    "archival_creator agent name": "archival_creator",
    "archival_creator agent type": "archival_creator_type",
    "contact agent name": "contact",
    "preservation agent name": "preservation_agent",
    "Dublin Core title": "title",
    "representation name": "representation_name",
    "metadata file MDTYPE": "descriptive_mdtype",
}


def read_csv(
    path: Path,
    *,
    cli_defaults: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    keep_going: bool = False,
) -> Job:
    """Read a CSV of packages; each row becomes a PlannedPackage.

    ``cli_defaults`` is a package dictionary (absolute paths) whose values a non-empty
    cell replaces; ``overrides`` (``output_dir`` from --output, ...) replace both.
    A problem with the file (unreadable, no header, unknown column) raises InvalidInput;
    a bad row raises too, unless ``keep_going``: then it goes to ``Job.rejected``.
    """
    path = Path(path)
    text, warnings = decode_csv(path)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text)))
    header_index = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise InvalidInput("csv.empty", path=str(path))
    header = rows[header_index]
    columns = [_column(path, name) for name in header]
    if "source" not in columns and "erms" not in columns:
        raise InvalidInput("csv.no_source_column", path=str(path))
    named = [c for c in columns if c]
    twice = next((c for c in named if named.count(c) > 1), None)
    if twice:
        raise InvalidInput("csv.duplicate_column", path=str(path), column=twice)
    base_dir = Path(os.path.abspath(path)).parent
    job = Job(path, [], warnings=warnings)
    for offset, cells in enumerate(rows[header_index + 1:], start=header_index + 2):
        if not any(c.strip() for c in cells):
            continue
        origin = f"row {offset}"
        row: dict[str, str] = {}
        try:
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                raise InvalidInput("csv.too_many_cells", path=str(path), row=offset, count=len(cells), columns=len(columns))
            row = {col: cells[i].strip() if i < len(cells) else "" for i, col in enumerate(columns) if col}
            package = row_to_package(row, path, offset, base_dir, cli_defaults, overrides)
            try:
                submission, options = package_from_dict(package, base_dir)
                check_sources_exist(submission)
            except EarchiveError as exc:
                column = _column_of(exc, row)
                if column:
                    raise JobInputError("csv.cell_invalid", path=str(path), row=offset, column=column, problem=exc) from exc
                raise JobInputError("csv.row_invalid", path=str(path), row=offset, problem=exc) from exc
        except EarchiveError as exc:
            if not keep_going:
                raise
            job.rejected.append(RejectedPackage(origin, row.get("objid", ""), exc))
            continue
        job.packages.append(PlannedPackage(submission, options, origin, objid_given=bool(package.get("objid"))))
    if not job.packages and not job.rejected:
        raise InvalidInput("csv.no_rows", path=str(path))
    reject_duplicate_objids(job, str(path), keep_going=keep_going)
    return job


def row_to_package(
    row: Mapping[str, str],
    path: Path,
    row_number: int,
    base_dir: Path,
    cli_defaults: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict:
    """The package dictionary of one row, merged over the command-line defaults.

    Dublin Core and key-value merge element by element (a default publisher, a title per
    row); an agent named in the row replaces the default agent of that kind.
    """
    d: dict[str, Any] = dict(cli_defaults or {})
    given = {k: v for k, v in row.items() if v != ""}

    own: dict[str, Any] = {}
    for key in ("objid", "label", "name", "spec_version", "checksum_algorithm", "content_category",
                "other_content_category", "content_information_type", "other_content_information_type",
                "record_status", "submission_agreement", "reference_code", "roda_parent_id", "max_package_size"):
        if key in given:
            own[key] = given[key]
    for key in ("max_package_files", "unit_depth"):
        if key in given:
            if not given[key].strip().isdigit():
                raise JobInputError("csv.cell_invalid", path=str(path), row=row_number, column=key,
                                   problem=InvalidInput("error.invalid_value", field=key, value=given[key], allowed="a whole number"))
            own[key] = int(given[key])
    for key in ("previous_submission_agreements", "previous_reference_codes", "documentation", "other_metadata",
                "producer_checksums"):
        if key in given:
            own[key] = _split(given[key])
    if "zip" in given:
        value = given["zip"].strip().lower()
        if value not in _TRUE | _FALSE:
            raise InvalidInput("csv.not_yes_no", path=str(path), row=row_number, column="zip", value=given["zip"])
        own["zip"] = value in _TRUE
    if given.get("erms"):  # case files (earchive.erms): the register brings the representation's data
        own["erms"] = _erms_cell(given, path, row_number)
        d.pop("representations", None)
    elif not given.get("source"):
        raise InvalidInput("csv.missing_cell", path=str(path), row=row_number, column="source")
    else:
        own["representations"] = [{"name": given.get("representation_name") or "rep1", "sources": _split(given["source"])}]
        d.pop("erms", None)
    own = resolve_paths(own, base_dir)
    d.pop("sources", None)
    d.update(own)

    # Agents: the submitting agent and one agent per kind may come from the row.
    submitting = dict(d.get("submitting_agent") or {})
    if "submitting_agent" in given:
        submitting = {"name": given["submitting_agent"]}
    if "submitting_agent_type" in given:
        submitting["type"] = given["submitting_agent_type"].upper()
    if "submitting_agent_code" in given:
        submitting["identification_code"] = given["submitting_agent_code"]
    if submitting:
        d["submitting_agent"] = submitting
    agents = list(d.get("agents") or [])
    for kind, name_col, type_col, code_col, notes_col in (
        ("archival_creator", "archival_creator", "archival_creator_type", "archival_creator_code", None),
        ("contact", "contact", None, None, "contact_notes"),
        ("preservation", "preservation_agent", None, "preservation_agent_code", None),
    ):
        if not any(c and c in given for c in (name_col, type_col, code_col, notes_col)):
            continue
        current = next((a for a in agents if a.get("kind") == kind), None)
        agent = {"kind": kind, "name": given[name_col]} if name_col in given else dict(current or {"kind": kind})
        if type_col and type_col in given:
            agent["type"] = given[type_col].upper()
        if code_col and code_col in given:
            agent["identification_code"] = given[code_col]
        if notes_col and notes_col in given:
            agent["notes"] = _split(given[notes_col])
        if not agent.get("name"):
            raise InvalidInput("csv.missing_cell", path=str(path), row=row_number, column=name_col)
        agents = [a for a in agents if a.get("kind") != kind] + [agent]
    if agents:
        d["agents"] = agents

    # Descriptive metadata: element-wise over the defaults.
    desc = dict(d.get("descriptive") or {})
    dc = dict(desc.get("dc") or {}) if isinstance(desc.get("dc"), dict) else {}
    for col, value in given.items():
        element = col[3:] if col.startswith("dc.") else col if col in DC_SHORTCUTS else None
        if element:
            dc[element] = _split(value)
    if dc:
        if "title" not in dc and d.get("label"):
            dc["title"] = [d["label"]]
        desc["dc"] = dc
        if not d.get("label") and dc.get("title"):
            d["label"] = dc["title"][0] if isinstance(dc["title"], list) else dc["title"]
    kv = dict(desc.get("key_value") or {}) if isinstance(desc.get("key_value"), dict) else {}
    for col, value in given.items():
        if col.startswith("kv."):
            kv[col[3:]] = value
    if kv:
        desc["key_value"] = kv
    if "descriptive_file" in given:
        f = {"path": str(_abs(given["descriptive_file"], base_dir)), "mdtype": given.get("descriptive_mdtype", "OTHER").upper()}
        if "descriptive_mdtype_version" in given:
            f["mdtype_version"] = given["descriptive_mdtype_version"]
        if "descriptive_other_mdtype" in given:
            f["other_mdtype"] = given["descriptive_other_mdtype"]
        desc["files"] = [f]
    elif any(k in given for k in ("descriptive_mdtype", "descriptive_mdtype_version", "descriptive_other_mdtype")):
        raise InvalidInput("csv.missing_cell", path=str(path), row=row_number, column="descriptive_file")
    if desc:
        d["descriptive"] = desc

    for key, value in (overrides or {}).items():
        if value is not None:
            d[key] = value
    return d


def _erms_cell(given: Mapping[str, str], path: Path, row_number: int) -> dict[str, Any]:
    """The ``erms`` entry of a row (paths still relative to the CSV's folder)."""
    erms: dict[str, Any] = {"source": given["erms"]}
    for column, key in (("erms_files", "files_root"), ("erms_system", "system"),
                        ("erms_classification_schema", "classification_schema")):
        if given.get(column):
            erms[key] = given[column]
    if "erms_continue" in given:
        value = given["erms_continue"].strip().lower()
        if value not in _TRUE | _FALSE:
            raise InvalidInput("csv.not_yes_no", path=str(path), row=row_number, column="erms_continue", value=value)
        erms["continue"] = value in _TRUE
    return erms


def columns_help() -> str:
    """The column list for ``earchive batch --help`` and docs/cli.md."""
    width = max(len(c) for c in COLUMNS) + 2
    lines = [f"  {name.ljust(width)}{text}" for name, text in COLUMNS.items()]
    lines.append(f"  {'dc.<element>'.ljust(width)}any Dublin Core element: {', '.join(DC_ELEMENTS)}")
    lines.append(f"  {'kv.<name>'.ljust(width)}a RODA key-value field named <name>")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Private helpers
# --------------------------------------------------------------------------------------


def decode_csv(path: Path) -> tuple[str, list[Note]]:
    """The text of a CSV: UTF-8 (BOM optional), else Windows-1252 with a warning."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("csv.not_found", path=str(path)) from None
    except OSError as exc:
        raise InvalidInput("csv.unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), []
        except UnicodeDecodeError as exc:
            raise InvalidInput("csv.unreadable", path=str(path), reason=str(exc)) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16 with BOM, tab-separated
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        # Swedish Excel's "CSV (semicolon separated)" is Windows-1252; every byte decodes
        # except five undefined ones, which we keep visible rather than guess.
        return data.decode("cp1252", errors="replace"), [Note("csv.cp1252", {"path": str(path)}, "warning")]


def csv_delimiter(text: str) -> str:
    """';', ',' or tab: whichever occurs most in the header line (outside quotes)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _column(path: Path, name: str) -> str:
    raw = name.strip()
    if not raw:
        return ""
    key = re.sub(r"[\s\-]+", "_", raw.lstrip("\ufeff").strip()).lower()
    key = _ALIASES.get(key, key)
    if key in COLUMNS:
        return key
    if key.startswith("dc."):
        element = key[3:]
        if element in DC_SHORTCUTS:
            return element  # "dc.title" and "title" are the same column
        if element in DC_ELEMENTS:
            return key
        raise InvalidInput("csv.unknown_dc", path=str(path), column=raw, allowed=", ".join(DC_ELEMENTS))
    if key.startswith("kv.") and len(key) > 3:
        return "kv." + raw.strip()[3:].strip()
    raise InvalidInput("csv.unknown_column", path=str(path), column=raw,
                       allowed=", ".join(list(COLUMNS) + ["dc.<element>", "kv.<name>"]))


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(MULTI) if v.strip()]


def _abs(value: str, base_dir: Path) -> Path:
    p = Path(value).expanduser()
    return Path(os.path.normpath(base_dir / p)) if not p.is_absolute() else p


def _column_of(exc: EarchiveError, row: Mapping[str, str]) -> str:
    field = str(exc.params.get("field", ""))
    if field in _FIELD_COLUMNS:
        return _FIELD_COLUMNS[field]
    key = field.replace(" ", "_").lower()
    if key in COLUMNS:
        return key
    if field == "Dublin Core element":
        return ""
    if exc.code == "error.source_missing":
        missing = str(exc.params.get("path", ""))
        for col in ("source", "documentation", "other_metadata", "descriptive_file"):
            if row.get(col) and any(os.path.normpath(missing).endswith(os.path.normpath(v)) for v in _split(row[col])):
                return col
    return ""


register(
    {
        "csv.not_found": {
            "en": "The CSV file {path} does not exist. Check the path.",
            "sv": "CSV-filen {path} finns inte. Kontrollera sökvägen.",
        },
        "csv.unreadable": {
            "en": "Cannot read the CSV file {path}: {reason}.",
            "sv": "Kan inte läsa CSV-filen {path}: {reason}.",
        },
        "csv.empty": {
            "en": "{path} is empty. The first row must name the columns (at least \"source\").",
            "sv": "{path} är tom. Första raden ska namnge kolumnerna (minst \"source\").",
        },
        "csv.no_rows": {
            "en": "{path} has a header row but no packages. Add one row per package.",
            "sv": "{path} har en rubrikrad men inga paket. Lägg till en rad per paket.",
        },
        "csv.no_source_column": {
            "en": "{path}, row 1: there is no \"source\" column. Add a column \"source\" with each package's records folder.",
            "sv": "{path}, rad 1: kolumnen \"source\" saknas. Lägg till kolumnen \"source\" med varje pakets mapp med handlingar.",
        },
        "csv.unknown_column": {
            "en": "{path}, row 1, column \"{column}\": unknown column. Check the spelling; allowed: {allowed}.",
            "sv": "{path}, rad 1, kolumn \"{column}\": okänd kolumn. Kontrollera stavningen; tillåtna: {allowed}.",
        },
        "csv.duplicate_column": {
            "en": "{path}, row 1: the column \"{column}\" appears twice. Keep one (several values go in one cell, separated by |).",
            "sv": "{path}, rad 1: kolumnen \"{column}\" finns två gånger. Behåll en (flera värden skrivs i samma cell, åtskilda med |).",
        },
        "csv.unknown_dc": {
            "en": "{path}, row 1, column \"{column}\": not a Dublin Core element. Allowed after \"dc.\": {allowed}.",
            "sv": "{path}, rad 1, kolumn \"{column}\": inget Dublin Core-element. Tillåtna efter \"dc.\": {allowed}.",
        },
        "csv.too_many_cells": {
            "en": "{path}, row {row}: {count} cells but only {columns} columns. Put a value that contains the delimiter (; or ,) in double quotes.",
            "sv": "{path}, rad {row}: {count} celler men bara {columns} kolumner. Sätt ett värde som innehåller avgränsaren (; eller ,) inom dubbla citattecken.",
        },
        "csv.missing_cell": {
            "en": "{path}, row {row}, column \"{column}\": empty. Fill it in.",
            "sv": "{path}, rad {row}, kolumn \"{column}\": tom. Fyll i den.",
        },
        "csv.not_yes_no": {
            "en": "{path}, row {row}, column \"{column}\": \"{value}\" is not yes or no.",
            "sv": "{path}, rad {row}, kolumn \"{column}\": \"{value}\" är inte ja eller nej.",
        },
        "csv.cell_invalid": {
            "en": "{path}, row {row}, column \"{column}\": {problem}",
            "sv": "{path}, rad {row}, kolumn \"{column}\": {problem}",
        },
        "csv.row_invalid": {
            "en": "{path}, row {row}: {problem}",
            "sv": "{path}, rad {row}: {problem}",
        },
        "csv.cp1252": {
            "en": "{path} is not UTF-8; it was read as Windows-1252 (what Swedish Excel writes). If å, ä or ö look wrong, save it as \"CSV UTF-8\".",
            "sv": "{path} är inte UTF-8; den lästes som Windows-1252 (som svenska Excel sparar). Om å, ä eller ö ser fel ut, spara den som \"CSV UTF-8\".",
        },
    }
)
