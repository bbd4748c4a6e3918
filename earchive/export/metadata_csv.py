"""Archivematica's ``metadata/metadata.csv``: the description of a submission as ``dc.*`` columns.

Archivematica reads a transfer's ``metadata/metadata.csv`` (UTF-8 only) and writes one
``dmdSec`` (MDTYPE="DC") per row into the AIP's METS, attached to the file or folder the
row's ``filename`` names; repeating a column gives several values, and columns that are
not ``dc.*``/``dcterms.*`` go to a second dmdSec with MDTYPE="OTHER"
(archivematica-docs ``user-manual/transfer/import-metadata.rst``, "Importing descriptive
metadata with metadata.csv").

The mapping from earchive's descriptions (docs/export-archivematica.md has the table):

* :class:`~earchive.model.DublinCore`: each element to ``dc.<element>``, values in order.
* :class:`~earchive.model.EadDescription` (EAD 2002): unittitle → dc.title, unitid →
  dc.identifier, unitdate_normal (else unitdate) → dc.date, origination → dc.creator,
  scopecontent → dc.description, accessrestrict → dc.rights, language → dc.language,
  repository → dc.publisher.
* :class:`~earchive.model.KeyValue` (RODA key-value): a field named like a DC element
  goes to that ``dc.`` column; any other field keeps its name (Archivematica puts it in
  the MDTYPE="OTHER" dmdSec).
* A metadata file the user brings (:class:`~earchive.model.MetadataFile`) is not read; it
  travels in ``metadata/descriptive/``.
* Nothing described at all: dc.title is the submission's title.  The OBJID is always a
  dc.identifier (it is the only place Archivematica keeps it in the METS), unless a
  description already gives it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from earchive.model import DC_ELEMENTS, DublinCore, EadDescription, KeyValue, Submission

#: The first column; Archivematica requires it first, with paths that start with ``objects/``.
FILENAME = "filename"


@dataclass
class Row:
    """One row: the path it describes and its columns, each with one or more values in order."""

    filename: str
    columns: dict[str, list[str]] = field(default_factory=dict)

    def add(self, column: str, value: str) -> None:
        value = (value or "").strip()
        if value and value not in self.columns.get(column, []):
            self.columns.setdefault(column, []).append(value)


def package_columns(submission: Submission) -> dict[str, list[str]]:
    """The columns describing the whole submission, from all its descriptions (see the module doc)."""
    row = Row("")
    for desc in submission.descriptive:
        if isinstance(desc, DublinCore):
            for element, values in desc.elements.items():
                for value in values:
                    row.add(f"dc.{element}", value)
        elif isinstance(desc, EadDescription):
            row.add("dc.title", desc.unittitle)
            row.add("dc.identifier", desc.unitid)
            row.add("dc.date", desc.unitdate_normal or desc.unitdate)
            row.add("dc.creator", desc.origination)
            row.add("dc.description", desc.scopecontent)
            row.add("dc.rights", desc.accessrestrict)
            row.add("dc.language", desc.language)
            row.add("dc.publisher", desc.repository)
        elif isinstance(desc, KeyValue):
            for name, value in desc.fields:
                key = name.strip()
                if key.lower() in DC_ELEMENTS:
                    row.add(f"dc.{key.lower()}", value)
                elif key.lower() != FILENAME:
                    row.add(key, value)
    if not row.columns.get("dc.title"):
        row.columns = {"dc.title": [submission.title], **row.columns}
    row.add("dc.identifier", submission.objid)
    return row.columns


def render(rows: list[Row]) -> str:
    """The CSV text: ``filename`` first, then every column as often as its most repeated use.

    Columns keep their first-seen order; a row with fewer values than the header leaves
    the extra cells empty (Archivematica then writes an empty element; readers of
    :func:`parse` ignore empty cells).
    """
    counts: dict[str, int] = {}
    for row in rows:
        for column, values in row.columns.items():
            counts[column] = max(counts.get(column, 0), len(values))
    header = [FILENAME]
    for column, n in counts.items():
        header.extend([column] * n)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells = [row.filename]
        for column, n in counts.items():
            values = row.columns.get(column, [])
            cells.extend(values + [""] * (n - len(values)))
        writer.writerow(cells)
    return out.getvalue()


def parse(text: str) -> list[Row]:
    """Read metadata.csv text back into rows (empty cells dropped); raises ValueError without a filename column."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or header[0].strip() != FILENAME:
        raise ValueError("metadata.csv must start with a 'filename' column")
    rows = []
    for cells in reader:
        if not cells:
            continue
        row = Row(cells[0])
        for column, value in zip(header[1:], cells[1:]):
            if value:
                row.columns.setdefault(column.strip(), []).append(value)
        rows.append(row)
    return rows
