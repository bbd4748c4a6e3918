"""Read cases from a folder convention: one folder per ärende, an optional register in each.

::

    leverans/
      KS 2023-42/                  one case; the folder name is its diarienummer
        handlingar.csv             optional: one row per record (the columns of a case register)
        ansökan.pdf
        beslut.docx
      KS 2023-57/
        protokollsutdrag.pdf       without a register: one record per file

A folder's register (``handlingar.csv``, ``records.csv`` or the same as .xlsx) names its
files relative to the folder; its diarienummer and ärendemening columns may be left out
or empty (the folder name is used).  Without a register every file is one record: the
number is its place in name order, the title its name without extension, the
registration date its modification date.  Files no row names, missing files and the
other problems of :mod:`earchive.erms.spreadsheet` are reported by file, row and column.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from earchive.erms.columns import BY_KEY
from earchive.erms.model import Control
from earchive.erms.problems import CaseRegisterError, Problem
from earchive.erms.spreadsheet import Assembler, CaseImport, Table, read_table
from earchive.sources import is_system_file

#: Names of a case folder's own register, in the order looked for.
REGISTER_NAMES = ("handlingar.csv", "handlingar.xlsx", "records.csv", "records.xlsx")


def read_folder(root: Path, control: Control, *, keep_going: bool = False) -> CaseImport:
    """The cases of a delivery folder (see the module docstring).

    Raises CaseRegisterError with every problem unless ``keep_going``.
    """
    root = Path(root)
    folders = sorted((p for p in root.iterdir() if p.is_dir() and not is_system_file(p.name)), key=lambda p: p.name)
    assembler = Assembler()
    loose = sorted(p.name for p in root.iterdir() if p.is_file() and not is_system_file(p.name))
    for name in loose:
        assembler.problems.append(Problem("erms.orphan_file", {"path": name, "root": str(root)}, root.name, None, "", ))
    if not folders:
        raise CaseRegisterError(root.name, assembler.problems + [Problem("erms.no_rows", {}, root.name)])
    for folder in folders:
        register = next((folder / n for n in REGISTER_NAMES if (folder / n).is_file()), None)
        table = read_table(register) if register else _table_of_files(folder)
        defaults = {"case_number": folder.name, "case_title": folder.name}
        assembler.add_table(table, folder, defaults)
        assembler.check_orphans(folder, exclude={register.resolve()} if register else set(),
                                sheet=f"{folder.name}/{register.name}" if register else folder.name)
    return assembler.finish(control, root, root, keep_going=keep_going)


def _table_of_files(folder: Path) -> Table:
    """A register made from the files of a folder: one record per file."""
    headers = [BY_KEY[k].sv for k in ("record_number", "title", "registered", "files")]
    rows = []
    names = sorted(n for n in os.listdir(folder) if (folder / n).is_file() and not is_system_file(n))
    for i, name in enumerate(names, start=1):
        stamp = dt.datetime.fromtimestamp((folder / name).stat().st_mtime).replace(microsecond=0)
        rows.append((i + 1, [str(i), Path(name).stem, stamp.isoformat(sep=" "), name]))
    return Table(folder / "(filer)", headers, rows)
