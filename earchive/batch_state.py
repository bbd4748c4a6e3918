"""Resumable batches: a state file beside the output, so that a batch run again finishes what is left.

``earchive batch`` writes ``.<input name>.earchive-batch-<key>.json`` into the output
folder of the batch's first package (``key`` is derived from the input file's absolute
path, so each job file or CSV has its own).  After each package it records the
package's OBJID, name, path, a fingerprint of what was asked for (metadata, sources
and build options) and a seal of what was written (the SHA-256 of its root METS, the
number and total size of its files).  The file is replaced atomically each time.

Run the same command again (after a crash, a power cut, Ctrl-C) and :meth:`BatchState.plan`
sorts the packages:

- *skipped*: a package recorded as built whose package is still there and still
  carries the same seal, or a package whose folder/ZIP exists under its final name
  (a crash between the rename and the state write) that is verified complete: its
  METS names the planned OBJID and every file the METS files list is there with the
  size they give.  Never assumed from the state file alone.
- *to build*: everything else, including a recorded package that changed since (its seal
  differs): earchive never overwrites it, so that package fails with "exists already" and
  the person decides.  A package without an OBJID of its own gets the one
  recorded for the same input (matched by fingerprint), so a package is never built
  again under a second, random identifier.

``--restart`` forgets the state and skips nothing: every package is built again
(packages already written stay where they are; earchive never overwrites, so those fail
as existing until they are moved away).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from earchive.builder import BuildResult
from earchive.jobs import PlannedPackage, options_to_dict, submission_to_dict
from earchive.messages import register
from earchive.xmlutil import iso

#: Version of the state file's layout.
STATE_FORMAT = 1
_METS = "{http://www.loc.gov/METS/}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass
class Skipped:
    """A package found complete: not built again."""

    index: int
    result: BuildResult
    reason: str  # "recorded" (state file and seal agree) or "found" (verified on disk)


@dataclass
class Plan:
    """What a run of the batch has to do."""

    to_build: list[int] = field(default_factory=list)  # indexes into the planned packages
    skipped: list[Skipped] = field(default_factory=list)
    reused_objids: int = 0  # packages without an OBJID of their own that got the recorded one


class BatchState:
    """The state file of one batch input (job file or CSV)."""

    def __init__(self, path: Path, input_path: Path) -> None:
        self.path = path
        self.input_path = input_path
        self.entries: dict[str, dict] = {}  # fingerprint -> entry
        self.restart = False  # --restart: nothing is skipped

    # --- reading and writing -------------------------------------------------------------

    @classmethod
    def open(cls, input_path: Path, output_dir: Path, *, restart: bool = False) -> "BatchState":
        """The state of ``input_path``'s batch in ``output_dir`` (empty with ``restart`` or when none is there)."""
        input_path = Path(os.path.abspath(input_path))
        state = cls(state_path(input_path, output_dir), input_path)
        state.restart = restart
        if not restart:
            state._load()
        return state

    def _load(self) -> None:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: nothing is skipped, and everything is verified anyway
        if document.get("format") != STATE_FORMAT or document.get("input") != str(self.input_path):
            return
        self.entries = {k: v for k, v in (document.get("packages") or {}).items() if isinstance(v, dict)}

    def save(self) -> None:
        """Write the state atomically (a temporary sibling, synced, then renamed)."""
        document = {"format": STATE_FORMAT, "input": str(self.input_path), "updated": iso(), "packages": self.entries}
        fd, tmp = tempfile.mkstemp(prefix=f"{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(document, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    # --- planning and recording ------------------------------------------------------------

    def plan(self, packages: list[PlannedPackage]) -> Plan:
        """Which packages are complete already (verified) and which are to be built; reuses recorded OBJIDs."""
        plan = Plan()
        if self.restart:
            plan.to_build = list(range(len(packages)))
            return plan
        for index, pkg in enumerate(packages):
            key = fingerprint(pkg)
            entry = self.entries.get(key)
            if entry and not pkg.objid_given and entry.get("objid") and entry["objid"] != pkg.submission.objid:
                pkg.submission.objid = entry["objid"]
                plan.reused_objids += 1
            final = final_path(pkg)
            recorded = bool(entry) and entry.get("status") == "built" and Path(entry.get("package", "")) == final
            if recorded and final.exists() and seal(final) == entry.get("seal") and all(
                    seal(Path(part["package"])) == part.get("seal") for part in entry.get("parts", [])):
                plan.skipped.append(Skipped(index, _result(pkg, final, entry), "recorded"))
            elif not recorded and os.path.lexists(final) and verify_complete(final, pkg.submission.objid):
                children = _children_found(final)
                if children is not None:
                    entry = self._record(key, pkg, final, children)
                    plan.skipped.append(Skipped(index, _result(pkg, final, entry), "found"))
                else:
                    plan.to_build.append(index)
            else:
                plan.to_build.append(index)
        if plan.reused_objids or any(s.reason == "found" for s in plan.skipped):
            self.save()
        return plan

    def record(self, pkg: PlannedPackage, result: BuildResult) -> None:
        """A package was built: remember it with its seal and save."""
        entry = self._record(fingerprint(pkg), pkg, Path(result.package_path), [Path(p) for p in result.parts])
        entry.update(files=result.files, bytes=result.bytes)
        self.save()

    def remember_objid(self, pkg: PlannedPackage) -> None:
        """Before building: a generated OBJID is kept, so a rerun builds it under the same identifier."""
        if pkg.objid_given:
            return
        key = fingerprint(pkg)
        if self.entries.get(key, {}).get("objid") != pkg.submission.objid:
            self.entries[key] = {"origin": pkg.origin, "objid": pkg.submission.objid, "status": "planned"}

    def _record(self, key: str, pkg: PlannedPackage, final: Path, parts: list[Path] = ()) -> dict:
        entry = {"origin": pkg.origin, "objid": pkg.submission.objid, "status": "built", "package": str(final),
                 "seal": seal(final), "finished": iso()}
        if parts:  # a split delivery: the children are sealed too
            entry["parts"] = [{"package": str(p), "seal": seal(p)} for p in parts]
        self.entries[key] = entry
        return entry


def state_path(input_path: Path, output_dir: Path) -> Path:
    """``<output>/.<input name>.earchive-batch-<8 hex of the input's absolute path>.json``."""
    key = hashlib.sha256(str(Path(os.path.abspath(input_path))).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return Path(output_dir) / f".{Path(input_path).name}.earchive-batch-{key}.json"


def fingerprint(pkg: PlannedPackage) -> str:
    """What was asked for: metadata, sources and build options (a generated OBJID left out)."""
    sub = submission_to_dict(pkg.submission)
    if not pkg.objid_given:
        sub.pop("objid", None)
    options = options_to_dict(pkg.options)
    text = json.dumps({"package": sub, "options": options}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def final_path(pkg: PlannedPackage) -> Path:
    """Where the builder puts the package (see builder.build_package)."""
    from earchive import naming

    name = pkg.options.name or naming.safe_component(pkg.submission.objid)[0]
    return pkg.options.output_dir / (f"{name}.zip" if pkg.options.as_zip else name)


def seal(package: Path) -> dict | None:
    """What a later run compares: the root METS's SHA-256, the number and size of the files, and a digest of
    every file's name, size and modification time (folder) or name, size and CRC-32 (ZIP); None if unreadable."""
    listing = hashlib.sha256()
    count = size = 0
    try:
        if package.is_dir():
            for path in sorted(_walk_files(package)):
                st = path.stat()
                count += 1
                size += st.st_size
                listing.update(f"{path.relative_to(package).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(
                    "utf-8", "surrogateescape"))
            mets = (package / "METS.xml").read_bytes()
        else:
            with zipfile.ZipFile(package) as zf:
                for info in zf.infolist():
                    if not info.is_dir():
                        count += 1
                        size += info.file_size
                        listing.update(f"{info.filename}\0{info.file_size}\0{info.CRC}\n".encode("utf-8", "surrogateescape"))
                mets = zf.read(_zip_root(zf) + "METS.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    return {"mets_sha256": hashlib.sha256(mets).hexdigest(), "files": count, "bytes": size,
            "listing_sha256": listing.hexdigest()}


def verify_complete(package: Path, objid: str) -> bool:
    """A package found under its final name: its METS names ``objid`` and every file it lists is there, with its size."""
    try:
        if package.is_dir():
            sizes = {p.relative_to(package).as_posix(): p.stat().st_size for p in _walk_files(package)}
            read = lambda rel: (package / rel).read_bytes()  # noqa: E731
        else:
            with zipfile.ZipFile(package) as zf:
                root = _zip_root(zf)
                sizes = {i.filename[len(root):]: i.file_size for i in zf.infolist() if not i.is_dir()}
                blobs = {rel: zf.read(root + rel) for rel in sizes if rel.endswith("METS.xml")}
            read = blobs.__getitem__
        root_mets = etree.fromstring(read("METS.xml"), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
        if root_mets.get("OBJID") != objid:
            return False
        for rel, size in _listed_files(root_mets):
            if sizes.get(rel) != size:
                return False
            if rel.endswith("/METS.xml"):
                rep = etree.fromstring(read(rel), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
                base = rel[: -len("METS.xml")]
                if any(sizes.get(base + href) != s for href, s in _listed_files(rep)):
                    return False
        return True
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return False


def _children_found(parent: Path) -> list[Path] | None:
    """The child packages of a split delivery's parent, each verified complete ([] for an unsplit package);
    None when one is missing or incomplete."""
    from earchive.validation.parts import read_part

    try:
        info = read_part(parent)
    except (OSError, ValueError, KeyError, StopIteration, IndexError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    children = []
    suffix = ".zip" if parent.suffix == ".zip" else ""
    for _order, objid in info.children:
        from earchive import naming

        path = parent.with_name(naming.safe_component(objid)[0] + suffix)
        if not verify_complete(path, objid):
            return None
        children.append(path)
    return children


def _listed_files(mets: etree._Element) -> Iterator[tuple[str, int | None]]:
    """(href, SIZE) of every file and mdRef of a METS document."""
    from urllib.parse import unquote

    for element in mets.iter(f"{_METS}file", f"{_METS}mdRef"):
        if element.tag == f"{_METS}file":
            locat = element.find(f"{_METS}FLocat")
            href = locat.get(_XLINK_HREF) if locat is not None else None
        else:
            href = element.get(_XLINK_HREF)
        if not href:
            continue
        size = element.get("SIZE")
        yield unquote(href).removeprefix("./"), int(size) if size and size.isdigit() else None


def _walk_files(folder: Path) -> Iterable[Path]:
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            yield Path(dirpath, name)


def _zip_root(zf: zipfile.ZipFile) -> str:
    first = zf.namelist()[0]
    return first.split("/", 1)[0] + "/"


def _result(pkg: PlannedPackage, final: Path, entry: dict) -> BuildResult:
    return BuildResult(package_path=final, objid=pkg.submission.objid, files=int(entry.get("files") or 0),
                       bytes=int(entry.get("bytes") or 0), parts=[Path(p["package"]) for p in entry.get("parts", [])])


register(
    {
        "cli.batch_skipped": {
            "en": "{count} packages were complete already (verified) and were not built again.",
            "sv": "{count} paket var redan klara (kontrollerade) och byggdes inte igen.",
        },
        "cli.batch_restart_note": {
            "en": "--restart: the batch's earlier state is forgotten; packages already in the output folder are never "
                  "overwritten (move them away to build them again).",
            "sv": "--restart: satsens tidigare tillstånd glöms; paket som redan finns i utdatamappen skrivs aldrig över "
                  "(flytta dem för att bygga dem igen).",
        },
    }
)
