"""Data files earchive ships beside its code: the example records, icons, delivery profiles, the example job.

In a source checkout they are the repository's ``resources/`` and ``docs/`` folders; in an
installed wheel the data packages ``earchive.resources`` and ``earchive.docs`` (the same
folders, mapped in pyproject.toml, so that ``docs/job-example.json`` still finds
``../resources/example``); in a PyInstaller bundle ``resources/`` and ``docs/`` under
``sys._MEIPASS``.  Each folder is recognised by a file it must hold, so a stray ``docs``
folder of another distribution is never taken for earchive's.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

#: Folder name -> a file inside it that proves it is earchive's.
MARKERS = {"resources": "example/documentation/Leveransbeskrivning.txt", "docs": "job-example.json"}


def data_dir(name: str) -> Path | None:
    """earchive's ``resources`` or ``docs`` folder, or None when this installation lacks it."""
    marker = MARKERS[name]
    for place in _candidates(name):
        if (place / marker).is_file():
            return place
    return None


def data_file(name: str, relpath: str) -> Path:
    """A file below :func:`data_dir` (a path that does not exist when the folder is missing, for messages)."""
    base = data_dir(name)
    return (base if base is not None else _candidates(name)[0]) / relpath


def _candidates(name: str) -> list[Path]:
    places = [Path(__file__).resolve().parents[1] / name]
    try:
        spec = importlib.util.find_spec(f"earchive.{name}")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        places.extend(Path(p) for p in spec.submodule_search_locations)
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        places.append(Path(meipass) / name)
    return places
