"""Project files: the job format (:mod:`earchive.jobs`) plus the GUI's own state, and autosave.

A project file is JSON::

    {"earchive_project": 1,
     "job": {"job_format": 1, "defaults": {"output_dir": "..."}, "packages": [...]},
     "gui": {"target": "roda", "profile": "Exempelby kommun"}}

``job`` is exactly a job file (paths relative to the project's folder when they lie
under it), so "Export job file" writes it alone and ``earchive batch`` builds it.
Packages may still be incomplete in a project (no submitting agent yet); the job
reader refuses those until they are complete.

Autosave writes the same document to an application folder every minute while the
project has unsaved changes; the file name carries the process id, so that the next
start can tell a crashed session's file (its process is gone) from a running one's.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from earchive.errors import InvalidInput
from earchive.jobs import JOB_FORMAT, resolve_paths
from earchive.messages import register

from earchive_gui.plan import Plan

#: Version of the project document; bump with a migration in :func:`plan_from_document`.
PROJECT_FORMAT = 1
#: File name suffix of project files.
SUFFIX = ".earchive.json"
#: Autosave files: "autosave-<pid>-<timestamp>.earchive.json".
AUTOSAVE_PREFIX = "autosave-"


def plan_to_document(plan: Plan, base_dir: Path | None = None) -> dict:
    """The project document of a plan; paths under ``base_dir`` become relative."""
    defaults: dict[str, Any] = {}
    if plan.output_dir:
        defaults["output_dir"] = _rel(plan.output_dir, base_dir)
    job: dict[str, Any] = {"job_format": JOB_FORMAT}
    if defaults:
        job["defaults"] = defaults
    job["packages"] = [relativize(pkg, base_dir) for _, pkg in plan.ordered()]
    gui = {"target": plan.target, "profile": plan.profile}
    if plan.defaults:
        gui["new_package_defaults"] = plan.defaults
    return {"earchive_project": PROJECT_FORMAT, "job": job, "gui": gui}


def plan_from_document(document: Mapping[str, Any], base_dir: Path, *, source: str = "") -> Plan:
    """A plan from a project document (or a plain job document); raise InvalidInput when unreadable."""
    if not isinstance(document, Mapping):
        raise InvalidInput("gui.project.not_project", path=source)
    if "earchive_project" in document:
        version = document.get("earchive_project")
        if not isinstance(version, int) or version > PROJECT_FORMAT:
            raise InvalidInput("gui.project.too_new", path=source, version=version)
        job = document.get("job") or {}
        gui = document.get("gui") or {}
    elif "packages" in document:  # a job file opens as a project too
        job, gui = document, {}
    else:
        raise InvalidInput("gui.project.not_project", path=source)
    packages = job.get("packages")
    if not isinstance(packages, list) or not all(isinstance(p, Mapping) for p in packages):
        raise InvalidInput("gui.project.not_project", path=source)
    defaults = dict(job.get("defaults") or {})
    plan = Plan()
    output = defaults.pop("output_dir", "")
    plan.output_dir = str(resolve_paths({"output_dir": output}, base_dir)["output_dir"]) if output else ""
    plan.target = str(gui.get("target") or "")
    plan.profile = str(gui.get("profile") or "")
    plan.defaults = dict(gui.get("new_package_defaults") or {})
    defaults = {k: v for k, v in defaults.items() if k not in ("zip", "compress", "include_system_files", "name", "$comment")}
    for pkg in packages:
        merged = {**defaults, **{k: v for k, v in pkg.items() if k != "$comment"}}
        plan.add(resolve_paths(merged, base_dir))
    return plan


def save_project(plan: Plan, path: Path) -> None:
    """Write a project file atomically (temporary sibling, then rename); raise OSError."""
    path = Path(path)
    document = plan_to_document(plan, path.resolve().parent)
    _write_json(path, document)


def load_project(path: Path) -> Plan:
    """Read a project (or job) file; raise InvalidInput with a message saying what is wrong."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InvalidInput("gui.project.missing", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("gui.project.unreadable", path=str(path), reason=getattr(exc, "strerror", None) or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput("gui.project.not_json", path=str(path), line=exc.lineno, reason=exc.msg) from exc
    return plan_from_document(document, path.resolve().parent, source=str(path))


def export_job(plan: Plan, path: Path) -> None:
    """Write only the job part, for ``earchive batch``; raise OSError."""
    path = Path(path)
    _write_json(path, plan_to_document(plan, path.resolve().parent)["job"])


def relativize(pkg: Mapping[str, Any], base_dir: Path | None) -> dict:
    """A copy of a package dictionary with paths under ``base_dir`` made relative (the inverse of
    :func:`earchive.jobs.resolve_paths`, over the same fields)."""
    d = dict(pkg)
    if base_dir is None:
        return d
    for key in ("sources", "documentation", "other_metadata"):
        if isinstance(d.get(key), list):
            d[key] = [_rel(p, base_dir) for p in d[key]]
    if isinstance(d.get("representations"), list):
        reps = []
        for rep in d["representations"]:
            rep = dict(rep)
            for key in ("sources", "documentation", "metadata"):
                if isinstance(rep.get(key), list):
                    rep[key] = [_rel(p, base_dir) for p in rep[key]]
            reps.append(rep)
        d["representations"] = reps
    if isinstance(d.get("erms"), Mapping):  # case files: the register (or folder) and its files' folder
        d["erms"] = {k: _rel(v, base_dir) if k in ("source", "files_root") else v for k, v in d["erms"].items()}
    desc = d.get("descriptive")
    if isinstance(desc, Mapping) and isinstance(desc.get("files"), list):
        desc = dict(desc)
        desc["files"] = [{**f, "path": _rel(f["path"], base_dir)} if isinstance(f, Mapping) and "path" in f else f for f in desc["files"]]
        d["descriptive"] = desc
    return d


def _rel(path: str, base_dir: Path | None) -> str:
    p = Path(path)
    if base_dir is not None and p.is_absolute():
        try:
            return p.relative_to(Path(base_dir).resolve()).as_posix() or "."
        except ValueError:
            try:
                return p.relative_to(Path(base_dir)).as_posix() or "."
            except ValueError:
                pass
    return str(p)


def _write_json(path: Path, document: Mapping[str, Any]) -> None:
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------
# Autosave and recovery
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recoverable:
    """An autosave left by a session that did not end normally."""

    path: Path
    saved: float  # modification time
    project: str  # the project file it belonged to, or ''
    packages: int


class Autosaver:
    """Writes the plan to ``folder`` for crash recovery; :meth:`discard` on a clean exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / f"{AUTOSAVE_PREFIX}{os.getpid()}-{int(time.time())}{SUFFIX}"

    def save(self, plan: Plan, project_path: str = "") -> Path:
        """Write the autosave (absolute paths, plus the project file it belongs to); raise OSError."""
        self.folder.mkdir(parents=True, exist_ok=True)
        document = plan_to_document(plan, None)
        document["gui"]["project_path"] = project_path
        _write_json(self.path, document)
        return self.path

    def discard(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def find_recoverable(folder: Path) -> list[Recoverable]:
    """Autosaves whose session is gone (its process no longer runs), newest first."""
    folder = Path(folder)
    out: list[Recoverable] = []
    if not folder.is_dir():
        return out
    for path in folder.glob(f"{AUTOSAVE_PREFIX}*{SUFFIX}"):
        try:
            pid = int(path.name[len(AUTOSAVE_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid == os.getpid() or _alive(pid):
            continue  # our own file, or a session still running
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            packages = len(document["job"]["packages"])
            project = str((document.get("gui") or {}).get("project_path") or "")
        except (OSError, ValueError, KeyError, TypeError):
            continue
        out.append(Recoverable(path, path.stat().st_mtime, project, packages))
    out.sort(key=lambda r: r.saved, reverse=True)
    return out


def recover(item: Recoverable) -> Plan:
    """The plan of an autosave (paths are absolute); raise InvalidInput when unreadable."""
    return load_project(item.path)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


register(
    {
        "gui.project.missing": {
            "en": "The project file {path} does not exist any more. Check where it was moved.",
            "sv": "Projektfilen {path} finns inte längre. Kontrollera vart den har flyttats.",
        },
        "gui.project.unreadable": {
            "en": "Cannot read the project file {path}: {reason}.",
            "sv": "Kan inte läsa projektfilen {path}: {reason}.",
        },
        "gui.project.not_json": {
            "en": "{path} is damaged (line {line}: {reason}). Open its autosave or a backup instead.",
            "sv": "{path} är skadad (rad {line}: {reason}). Öppna den automatiskt sparade kopian eller en säkerhetskopia i stället.",
        },
        "gui.project.not_project": {
            "en": "{path} is not an earchive project or job file.",
            "sv": "{path} är inte en projekt- eller jobbfil för earchive.",
        },
        "gui.project.too_new": {
            "en": "{path} was saved by a newer earchive (project format {version}). Update earchive to open it.",
            "sv": "{path} sparades av en nyare version av earchive (projektformat {version}). Uppdatera earchive för att öppna den.",
        },
    }
)
