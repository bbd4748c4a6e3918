"""The package plan: the packages an archivist is putting together, with no Qt.

A planned package is a *package dictionary* of the job format (:mod:`earchive.jobs`),
with absolute paths, possibly still incomplete (no submitting agent yet).  The same
dictionary is what a project file stores, what :func:`earchive.precheck.check_package_dict`
checks and what :func:`earchive.jobs.submission_from_dict` turns into a Submission for
the builder: the GUI has no packaging logic of its own.

The forms address fields by *form keys* (``label``, ``agent:submitter.name``,
``dc.title``, ``ead.unitdate``, ``rep[0].name``); :func:`get_field` and
:func:`set_field` map them onto the dictionary.  Package dictionaries in a
:class:`Plan` are never changed in place: an edit makes a changed copy (that is what
undo snapshots and the background checker rely on).
"""

from __future__ import annotations

import copy
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from earchive.model import default_objid

from earchive_gui.fsinfo import is_system_file, walk_files

#: Ways to make packages from a selection, as RODA-in offers them.
MODES = ("one", "per_folder", "per_file")

#: Agent slots the header form shows, in METS order.
AGENT_SLOTS = ("submitter", "archival_creator", "contact", "preservation")
AGENT_FIELDS = ("name", "type", "identification_code", "notes")
#: Form key of the agents of kind "other" (any METS ROLE and TYPE, e.g. FGS's ROLE="OTHER"
#: OTHERROLE="PRODUCER"): its value is a list of rows, one dictionary of strings per agent.
OTHER_AGENTS = "other_agents"
#: Fields of a row of OTHER_AGENTS, in the order the form shows them.
OTHER_AGENT_FIELDS = ("role", "other_role", "type", "other_type", "name", "identification_code", "notes")
#: What "Add" puts in a new row (the model's defaults for an agent of kind "other").
NEW_OTHER_AGENT = {"role": "OTHER", "type": "ORGANIZATION"}

#: Header fields (top-level strings of a package dictionary).
HEADER_FIELDS = (
    "label", "objid", "content_category", "other_content_category", "content_information_type",
    "other_content_information_type", "record_status", "submission_agreement", "reference_code",
    "spec_version", "checksum_algorithm", "roda_parent_id",
)
#: Header fields holding a list of strings (one per line in the form).
HEADER_LIST_FIELDS = ("previous_submission_agreements", "previous_reference_codes")

#: Dublin Core elements whose form field may hold several values separated by ';'.
DC_MULTI = ("creator", "subject", "contributor", "type", "format", "identifier", "language", "relation", "coverage")

#: EAD fields of the form, in the order of :class:`earchive.model.EadDescription`.
EAD_FIELDS = (
    "unittitle", "unitid", "level", "otherlevel", "unitdate", "unitdate_normal", "origination",
    "scopecontent", "accessrestrict", "repository", "language",
)

#: Kinds of descriptive metadata the forms generate -> key in the package's "descriptive".
DESCRIPTION_KINDS = {"dc": "dc", "ead": "ead", "kv": "key_value"}

#: Values of a package dictionary that a profile may set.
PROFILE_FIELDS = (
    "submitting_agent", "agents", "submission_agreement", "content_category", "other_content_category",
    "content_information_type", "other_content_information_type", "record_status", "spec_version",
    "checksum_algorithm",
)

_REP_KEY = re.compile(r"^rep\[(\d+)\]\.(name|content_information_type)$")
_AGENT_KEY = re.compile(r"^agent:(\w+)\.(\w+)$")
_OTHER_AGENT_KEY = re.compile(r"^other_agent\[(\d+)\]\.(\w+)$")


@dataclass
class Plan:
    """All planned packages, in order, keyed by a GUI-internal id (not stored in files)."""

    packages: dict[str, dict] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    output_dir: str = ""
    target: str = ""  # "roda", "archivematica" or "" (any)
    profile: str = ""  # name of the delivery profile used for new packages
    defaults: dict = field(default_factory=dict)  # profile values for new packages

    def add(self, package: dict, index: int | None = None) -> str:
        key = new_id()
        self.packages[key] = package
        self.order.insert(len(self.order) if index is None else index, key)
        return key

    def ordered(self) -> list[tuple[str, dict]]:
        return [(k, self.packages[k]) for k in self.order]

    def clear(self) -> None:
        self.packages.clear()
        self.order.clear()


def new_id() -> str:
    return uuid.uuid4().hex


# --------------------------------------------------------------------------------------
# Making packages from sources
# --------------------------------------------------------------------------------------


def new_package(sources: Iterable[str], label: str, defaults: Mapping[str, Any] | None = None) -> dict:
    """A package dictionary with one representation holding ``sources``, a label and a DC title.

    ``defaults`` (a delivery profile's values) come first; the label and title are the
    folder or file name, which the archivist is expected to improve.
    """
    pkg: dict[str, Any] = copy.deepcopy(dict(defaults or {}))
    pkg["objid"] = default_objid()
    if label:
        pkg["label"] = label
    pkg.setdefault("descriptive", {})
    pkg["descriptive"] = copy.deepcopy(pkg["descriptive"])
    if not any(k in pkg["descriptive"] for k in ("dc", "ead", "key_value")):
        pkg["descriptive"]["dc"] = {"title": label} if label else {}
    pkg["representations"] = [{"name": "rep1", "sources": [os.path.abspath(s) for s in sources]}]
    return pkg


def new_case_package(source: str, defaults: Mapping[str, Any] | None = None) -> dict:
    """A package of case files (CITS ERMS) from a case register or a folder of case folders.

    Its data are the files the register names, one folder per ärende; the builder fills
    in what CITS ERMS asks for and a title from the register (earchive.erms.job).
    """
    pkg: dict[str, Any] = copy.deepcopy(dict(defaults or {}))
    pkg["objid"] = default_objid()
    pkg["label"] = Path(source).stem
    pkg["erms"] = {"source": os.path.abspath(source)}
    pkg.pop("representations", None)
    pkg.pop("sources", None)
    return pkg


def packages_from_paths(paths: Iterable[str], mode: str, defaults: Mapping[str, Any] | None = None, *, limit: int | None = None) -> list[dict]:
    """New package dictionaries for a selection of files and folders.

    - ``one``: one package holding everything;
    - ``per_folder``: one package per selected folder; a single selected folder is
      split into its subfolders (as RODA-in does), and the loose files of the
      selection (or of that folder) go together into one more package;
    - ``per_file``: one package per file, system files left out.

    Raises ValueError for an unknown mode; stops after ``limit`` packages when given.
    """
    paths = [os.path.abspath(p) for p in paths]
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; allowed: {', '.join(MODES)}")
    if not paths:
        return []
    if mode == "one":
        return [new_package(paths, _label_for(paths), defaults)]
    if mode == "per_folder":
        if len(paths) == 1 and os.path.isdir(paths[0]):
            parent = paths[0]
            try:
                children = sorted(os.scandir(parent), key=lambda e: e.name.casefold())
            except OSError:
                children = []
            folders = [e.path for e in children if e.is_dir() and not is_system_file(e.path)]
            files = [e.path for e in children if not e.is_dir() and not is_system_file(e.path)]
            if not folders:
                return [new_package([parent], _label_for([parent]), defaults)]
            out = [new_package([f], os.path.basename(f), defaults) for f in folders]
            if files:
                out.append(new_package(files, os.path.basename(parent), defaults))
            return out
        folders = [p for p in paths if os.path.isdir(p)]
        files = [p for p in paths if not os.path.isdir(p)]
        out = [new_package([f], os.path.basename(f), defaults) for f in folders]
        if files:
            out.append(new_package(files, _label_for(files), defaults))
        return out
    out = []
    for f in walk_files(paths):
        out.append(new_package([f], Path(f).stem or os.path.basename(f), defaults))
        if limit is not None and len(out) >= limit:
            break
    return out


def _label_for(paths: list[str]) -> str:
    if len(paths) == 1:
        p = Path(paths[0])
        return p.name if p.is_dir() else (p.stem or p.name)
    parent = os.path.commonpath(paths) if len({Path(p).anchor for p in paths}) == 1 else ""
    return os.path.basename(parent) if parent else os.path.basename(paths[0])


def title_of(pkg: Mapping[str, Any]) -> str:
    """What the plan tree shows for a package: its label, else a description title, else the OBJID."""
    if (pkg.get("label") or "").strip():
        return pkg["label"].strip()
    desc = pkg.get("descriptive") or {}
    dc = desc.get("dc")
    if isinstance(dc, Mapping):
        title = dc.get("title")
        if isinstance(title, list):
            title = title[0] if title else ""
        if title:
            return str(title)
    ead = desc.get("ead")
    if isinstance(ead, Mapping) and ead.get("unittitle"):
        return str(ead["unittitle"])
    return str(pkg.get("objid") or "")


def representations(pkg: Mapping[str, Any]) -> list[dict]:
    """The representations of a package (a package with top-level 'sources' has one, rep1)."""
    reps = pkg.get("representations")
    if reps:
        return list(reps)
    return [{"name": "rep1", "sources": list(pkg.get("sources") or [])}]


# --------------------------------------------------------------------------------------
# Form keys <-> package dictionary
# --------------------------------------------------------------------------------------


def _agent(pkg: Mapping[str, Any], slot: str) -> Mapping[str, Any] | None:
    if slot == "submitter":
        value = pkg.get("submitting_agent")
        return value if isinstance(value, Mapping) else None
    for agent in pkg.get("agents") or []:
        if isinstance(agent, Mapping) and agent.get("kind") == slot:
            return agent
    return None


def _desc(pkg: Mapping[str, Any], kind: str) -> Any:
    return (pkg.get("descriptive") or {}).get(DESCRIPTION_KINDS[kind])


def get_field(pkg: Mapping[str, Any], key: str) -> Any:
    """The value a form shows for ``key``: a string, a bool (``desc:*``) or pairs (``kv``)."""
    if key in HEADER_FIELDS:
        return str(pkg.get(key) or "")
    if key in HEADER_LIST_FIELDS:
        return "\n".join(pkg.get(key) or [])
    m = _AGENT_KEY.match(key)
    if m:
        agent = _agent(pkg, m.group(1)) or {}
        value = agent.get(m.group(2)) or ""
        return "\n".join(value) if isinstance(value, list) else str(value)
    if key == OTHER_AGENTS:
        return [_other_agent_row(a) for a in pkg.get("agents") or [] if isinstance(a, Mapping) and a.get("kind") == "other"]
    if key.startswith("desc:"):
        return _desc(pkg, key[5:]) is not None
    if key.startswith("dc."):
        dc = _desc(pkg, "dc")
        if isinstance(dc, list):
            dc = dc[0] if dc else None
        value = (dc or {}).get(key[3:]) or ""
        return "; ".join(value) if isinstance(value, list) else str(value)
    if key.startswith("ead."):
        ead = _desc(pkg, "ead")
        if isinstance(ead, list):
            ead = ead[0] if ead else None
        return str((ead or {}).get(key[4:]) or "")
    if key == "kv":
        kv = _desc(pkg, "kv")
        if isinstance(kv, Mapping):
            return [(str(k), str(v)) for k, v in kv.items()]
        return [(str(p[0]), str(p[1])) for p in kv or []]
    m = _REP_KEY.match(key)
    if m:
        reps = representations(pkg)
        index = int(m.group(1))
        return str(reps[index].get(m.group(2)) or "") if index < len(reps) else ""
    raise KeyError(key)


def set_field(pkg: dict, key: str, value: Any) -> None:
    """Set a form field on a package dictionary (one the caller owns); empty values are removed."""
    if key in HEADER_FIELDS:
        _put(pkg, key, str(value).strip() if key != "label" else str(value))
        return
    if key in HEADER_LIST_FIELDS:
        _put(pkg, key, [line.strip() for line in str(value).splitlines() if line.strip()])
        return
    m = _AGENT_KEY.match(key)
    if m:
        _set_agent(pkg, m.group(1), m.group(2), value)
        return
    if key == OTHER_AGENTS:
        _set_other_agents(pkg, value)
        return
    if key.startswith("desc:"):
        _enable_description(pkg, key[5:], bool(value))
        return
    if key.startswith("dc.") or key.startswith("ead."):
        kind, name = key.split(".", 1)
        desc = dict(pkg.get("descriptive") or {})
        section = desc.get(kind)
        if isinstance(section, list):
            section = section[0] if section else {}
        section = dict(section or {})
        text = str(value)
        if kind == "dc" and name in DC_MULTI and ";" in text:
            parts = [p.strip() for p in text.split(";") if p.strip()]
            _put(section, name, parts if len(parts) > 1 else (parts[0] if parts else ""))
        else:
            _put(section, name, text.strip() if name not in ("description", "scopecontent", "accessrestrict") else text)
        desc[kind] = section
        pkg["descriptive"] = desc
        return
    if key == "kv":
        desc = dict(pkg.get("descriptive") or {})
        desc["key_value"] = [[str(k), str(v)] for k, v in value]
        pkg["descriptive"] = desc
        return
    m = _REP_KEY.match(key)
    if m:
        reps = [dict(r) for r in representations(pkg)]
        index = int(m.group(1))
        if index < len(reps):
            _put(reps[index], m.group(2), str(value).strip())
            if m.group(2) == "name" and not reps[index].get("name"):
                reps[index]["name"] = ""
        pkg["representations"] = reps
        pkg.pop("sources", None)
        return
    raise KeyError(key)


def _put(d: dict, key: str, value: Any) -> None:
    if value in ("", None, [], {}):
        d.pop(key, None)
    else:
        d[key] = value


def _set_agent(pkg: dict, slot: str, name: str, value: Any) -> None:
    if name == "notes":
        value = [line.strip() for line in str(value).splitlines() if line.strip()]
    else:
        value = str(value).strip()
    if slot == "submitter":
        agent = dict(pkg.get("submitting_agent") or {})
        _put(agent, name, value)
        _put(pkg, "submitting_agent", agent)
        return
    agents = [dict(a) for a in pkg.get("agents") or []]
    for agent in agents:
        if agent.get("kind") == slot:
            _put(agent, name, value)
            break
    else:
        agent = {"kind": slot}
        _put(agent, name, value)
        agents.append(agent)
    agents = [a for a in agents if set(a) - {"kind"} or a.get("kind") not in AGENT_SLOTS]
    order = {s: i for i, s in enumerate(AGENT_SLOTS)}
    agents.sort(key=lambda a: order.get(a.get("kind"), len(order)))
    _put(pkg, "agents", agents)


def other_agent_key(key: str) -> tuple[int, str] | None:
    """(row, field) of a form key "other_agent[<row>].<field>" (where a finding points), else None."""
    m = _OTHER_AGENT_KEY.match(key)
    return (int(m.group(1)), m.group(2)) if m else None


def _other_agent_row(agent: Mapping[str, Any]) -> dict[str, str]:
    row = {}
    for name in OTHER_AGENT_FIELDS:
        value = agent.get(name) or ""
        row[name] = "\n".join(value) if isinstance(value, list) else str(value)
    return row


def _set_other_agents(pkg: dict, rows: Iterable[Mapping[str, Any]]) -> None:
    """Replace the agents of kind "other" by ``rows`` (in order, after the header's agent slots);
    notes may be one text (a line per note) or a list."""
    kept = [dict(a) for a in pkg.get("agents") or [] if not (isinstance(a, Mapping) and a.get("kind") == "other")]
    others = []
    for row in rows:
        agent: dict[str, Any] = {"kind": "other"}
        for name in OTHER_AGENT_FIELDS:
            value = row.get(name) or ""
            if name == "notes":
                lines = value if isinstance(value, list) else str(value).splitlines()
                value = [str(line).strip() for line in lines if str(line).strip()]
            else:
                value = str(value).strip()
            _put(agent, name, value)
        others.append(agent)
    _put(pkg, "agents", kept + others)


def _enable_description(pkg: dict, kind: str, on: bool) -> None:
    desc = dict(pkg.get("descriptive") or {})
    name = DESCRIPTION_KINDS[kind]
    if on and name not in desc:
        title = title_of(pkg) if (pkg.get("label") or "").strip() else ""
        if kind == "dc":
            desc[name] = {"title": title} if title else {}
        elif kind == "ead":
            desc[name] = {"unittitle": title, "level": "fonds"} if title else {"level": "fonds"}
        else:
            desc[name] = [["title", title]] if title else [["title", ""]]
    elif not on:
        desc.pop(name, None)
    _put(pkg, "descriptive", desc)


def apply_profile_values(pkg: dict, values: Mapping[str, Any]) -> None:
    """Set a profile's header values (agents, agreement, category...) on a package dictionary."""
    for key in PROFILE_FIELDS:
        if key in values and values[key] not in (None, "", []):
            pkg[key] = copy.deepcopy(values[key])


# --------------------------------------------------------------------------------------
# Findings -> where to look
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where a finding points in the GUI: a form field, or an item of the plan tree."""

    form_key: str = ""  # a form key, when a form field can fix it
    tree: tuple = ()  # ("rep", index), ("documentation",), ("metadata",)


def locate(pkg: Mapping[str, Any], field_path: str) -> Location:
    """Map a finding's field (a package dictionary path) to a form key or a plan tree item."""
    if not field_path:
        return Location()
    if field_path.startswith("submitting_agent"):
        return Location(form_key=f"agent:submitter.{field_path.split('.', 1)[1] if '.' in field_path else 'name'}")
    m = re.match(r"^agents\[(\d+)\]\.?(\w*)$", field_path)
    if m:
        agents = pkg.get("agents") or []
        index = int(m.group(1))
        kind = agents[index].get("kind") if index < len(agents) and isinstance(agents[index], Mapping) else ""
        if kind in AGENT_SLOTS:
            return Location(form_key=f"agent:{kind}.{m.group(2) or 'name'}")
        if kind == "other":
            row = sum(1 for a in agents[:index] if isinstance(a, Mapping) and a.get("kind") == "other")
            name = m.group(2) if m.group(2) in OTHER_AGENT_FIELDS else "name"
            return Location(form_key=f"other_agent[{row}].{name}")
        return Location()
    m = re.match(r"^descriptive\.(dc|ead)(?:\[\d+\])?\.(\w+)$", field_path)
    if m:
        return Location(form_key=f"{m.group(1)}.{m.group(2)}")
    if field_path.startswith("descriptive.key_value"):
        return Location(form_key="kv")
    if field_path.startswith("descriptive.files"):
        return Location(tree=("metadata",))
    if field_path == "descriptive":
        return Location(form_key="desc:dc")
    m = re.match(r"^representations\[(\d+)\]\.(\w+)$", field_path)
    if m:
        if m.group(2) in ("name", "content_information_type"):
            return Location(form_key=f"rep[{m.group(1)}].{m.group(2)}", tree=("rep", int(m.group(1))))
        return Location(tree=("rep", int(m.group(1))))
    if field_path in ("representations", "sources"):
        return Location(tree=("rep", 0))
    if field_path == "documentation":
        return Location(tree=("documentation",))
    if field_path == "other_metadata":
        return Location(tree=("metadata",))
    if field_path in HEADER_FIELDS or field_path in HEADER_LIST_FIELDS:
        return Location(form_key=field_path)
    return Location()
