"""Large deliveries split into a parent package and numbered child packages (CSIP's large-package guidance).

The DILCIS Board's CSIP describes (``specification/implementation/considerations``,
"Handling large packages", a recommended approach that is not part of the requirements)
how a logical package too large to handle is divided into physical packages: one
*parent* that represents the intellectual entity as a whole and lists its children,
and *child* packages ("segments") that each name their parent and their place in the
order ("child package 2 out of 5"); each one a valid CSIP package on its own; the links
made by identifier (the ``mptr`` ``xlink:href`` is the other package's ``mets/@OBJID``),
not by location, so that the parts can be moved; a flat list of children; the division
made in the representations layer, where the content is; files kept whole.

How earchive does it (``--max-package-size``, ``--max-package-files``, ``--unit-depth``):

- The sources are scanned once; their content files are cut, in the package's order,
  into children no larger than the limits (metadata included, estimated).  A file is
  never divided, nor is a *unit*: a folder ``unit_depth`` levels inside a selected folder
  (``--unit-depth 1``: each folder directly inside it, e.g. one per ärende).  A file or
  unit larger than the limit gets a child of its own, with a warning in the report.
- Child *k* of *n* is ``<OBJID>-part-<k>`` (zero-padded to three digits or more): its
  representations hold its share of the files under the same paths as in an unsplit
  package, with their documentation and metadata; Dublin Core with the title
  "<title> (part k of n)" and ``relation`` = the parent's OBJID.
- The parent keeps the OBJID, the descriptive metadata, the documentation, the other
  metadata and the report; it carries no records.  CSIP114 (MUST: a "Representations"
  file group) and CSIP58 leave no room for a parent without content, so the parent's one
  representation, ``parts``, holds ``earchive-parts.csv``: every file of the delivery,
  the child that holds it, its size and checksum.  (The guidance's example says that the
  parent "MUST NOT contain representations"; the requirements win, see the README.)
- Every part has an extra structMap, ``LABEL="Parent-child packages"``, ``TYPE="LOGICAL"``
  (CSIP80 allows institutions' own structural maps): in the parent one ``child IP`` div per
  child with ``ORDER`` and an ``mptr`` to the child's OBJID; in a child a ``child IP`` div
  with its ``ORDER``/``ORDERLABEL`` ("2 of 5") holding a ``parent IP`` div with an ``mptr``
  to the parent's OBJID.  ``LOCTYPE="OTHER" OTHERLOCTYPE="OBJID"``.
- For RODA, every child also has the "RODA structural map" Ancestors pointing to the
  parent's OBJID (and beyond it to ``roda_parent_id``, when given), so RODA places each
  child AIP under the parent AIP (commons-ip ``EARKSIP.parse`` reads the ancestors,
  RODA 6's ``PluginHelper.resolveParent`` finds the parent by its SIP id).
- All parts are written under temporary names and renamed only when every one of them
  is complete; a failure or a cancel leaves none of them.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from earchive import builder, formats, naming, partials
from earchive.builder import BuildResult, Scanned, _Item
from earchive.errors import OutputError
from earchive.messages import default_language, register, render
from earchive.model import BuildOptions, DublinCore, Representation, Submission
from earchive.notes import Note
from earchive.xmlutil import M, X, XmlWriter, href

#: Added to the package name when path lengths are checked: a child's name is longer.
NAME_RESERVE = "-part-0000"
#: Name of the parent's one representation, and of the index of the parts it holds.
INDEX_REPRESENTATION = "parts"
INDEX_NAME = "earchive-parts.csv"
#: Label of the extra structMap that links the parts.
STRUCTMAP_LABEL = "Parent-child packages"
#: Estimated metadata per content file (METS file entries, PREMIS object) and per package
#: (METS, PREMIS, schemas, report), counted against --max-package-size.
OVERHEAD_PER_FILE = 4096
OVERHEAD_PER_PACKAGE = 1 << 20


def wanted(options: BuildOptions) -> bool:
    """Whether the options ask for splitting (a limit is set)."""
    return bool(options.max_package_size or options.max_package_files)


def child_objid(objid: str, number: int, total: int) -> str:
    """``<objid>-part-<number>``, zero-padded to three digits (or as many as ``total`` needs)."""
    width = max(3, len(str(total)))
    return f"{objid}-part-{number:0{width}d}"


@dataclass
class Links:
    """How one part of a split delivery points to the others (written as an extra structMap)."""

    role: str  # "parent" or "child"
    parent: str  # the parent's OBJID
    children: list[str]  # every child's OBJID, in order
    order: int = 0  # a child's number, from 1
    ancestors: list[str] = field(default_factory=list)  # RODA ancestors, nearest first
    sizes: list[tuple[int, int]] = field(default_factory=list)  # (files, bytes) of each child, for the report

    def write(self, w: XmlWriter) -> None:
        with w.element(M("structMap"), {"ID": "ID-structMap-parts", "TYPE": "LOGICAL", "LABEL": STRUCTMAP_LABEL}):
            total = len(self.children)
            if self.role == "parent":
                with w.element(M("div"), {"ID": "ID-div-parts", "LABEL": "parent IP", "TYPE": "parent IP"}):
                    for number, child in enumerate(self.children, start=1):
                        with w.element(M("div"), {"ID": f"ID-div-part-{number}", "LABEL": "child IP", "TYPE": "child IP",
                                                  "ORDER": str(number), "ORDERLABEL": f"{number} of {total}"}):
                            _mptr(w, child, f"part {number} of {total}")
            else:
                with w.element(M("div"), {"ID": "ID-div-parts", "LABEL": "child IP", "TYPE": "child IP",
                                          "ORDER": str(self.order), "ORDERLABEL": f"{self.order} of {total}"}):
                    with w.element(M("div"), {"ID": "ID-div-parent", "LABEL": "parent IP", "TYPE": "parent IP"}):
                        _mptr(w, self.parent, "parent package")

    def report_lines(self, lang: str) -> list[str]:
        total = len(self.children)
        if self.role == "child":
            return [render("split.report_child", {"order": self.order, "total": total, "parent": self.parent}, lang)]
        lines = [render("split.report_parent", {"total": total}, lang)]
        for number, (child, (files, size)) in enumerate(zip(self.children, self.sizes), start=1):
            lines.append(render("split.report_part", {"order": number, "objid": child, "files": files, "bytes": size}, lang))
        return lines


def _mptr(w: XmlWriter, objid: str, title: str) -> None:
    w.leaf(M("mptr"), None, {"LOCTYPE": "OTHER", "OTHERLOCTYPE": "OBJID", X("type"): "simple",
                             X("href"): href(objid), X("title"): title})


# --- planning ---------------------------------------------------------------------------------


def plan_parts(scanned: Scanned, options: BuildOptions) -> list[list[_Item]]:
    """The content files of each child, in order; one list when the delivery fits one package."""
    content = [i for found in scanned.rep_items.values() for i in found]
    extra = sum(i.size + OVERHEAD_PER_FILE for i in scanned.items if not i.content_of)
    max_bytes = options.max_package_size or 0
    max_files = options.max_package_files or 0
    total = sum(i.size + OVERHEAD_PER_FILE for i in content) + extra + OVERHEAD_PER_PACKAGE
    if (not max_bytes or total <= max_bytes) and (not max_files or len(content) <= max_files):
        return [content]
    parts: list[list[_Item]] = []
    current: list[_Item] = []
    used_bytes = used_files = 0
    for unit in _units(content, options.unit_depth):
        unit_bytes = sum(i.size + OVERHEAD_PER_FILE for i in unit)
        too_big = (max_bytes and used_bytes + unit_bytes + extra + OVERHEAD_PER_PACKAGE > max_bytes) or (
            max_files and used_files + len(unit) > max_files)
        if current and too_big:
            parts.append(current)
            current, used_bytes, used_files = [], 0, 0
        current.extend(unit)
        used_bytes += unit_bytes
        used_files += len(unit)
    if current:
        parts.append(current)
    return parts


def _units(content: list[_Item], depth: int) -> list[list[_Item]]:
    """Files grouped into units that stay whole: a file alone, or every file of a folder ``depth`` levels
    inside a selected folder (in the order of their first file)."""
    units: dict[tuple[str, str], list[_Item]] = {}
    for item in content:
        parts = item.rel.split("/")
        key = "/".join(parts[: depth + 1]) if depth and len(parts) > depth + 1 else item.rel
        units.setdefault((item.content_of, key), []).append(item)
    return list(units.values())


# --- building ---------------------------------------------------------------------------------


def build_parts(sub: Submission, options: BuildOptions, name: str, scanned: Scanned, parts: list[list[_Item]],
                cancel, event, report, started: float) -> BuildResult:
    """Write every child, then the parent; rename them all only when all are complete."""
    total = len(parts)
    objids = [child_objid(sub.objid, n, total) for n in range(1, total + 1)]
    names = [naming.safe_component(o)[0] for o in objids]
    finals = [options.output_dir / (f"{n}.zip" if options.as_zip else n) for n in names]
    for final in finals:
        if os.path.lexists(final):
            raise OutputError("error.output_exists", path=final)
    notes = list(scanned.notes) + _too_big_notes(parts, options)
    scanned.notes[:] = notes
    producer = builder._producer_check(sub)
    content_files = sum(len(p) for p in parts)
    identifier = formats.Identifier(workers=options.workers, files=content_files)
    writers: list = []
    renamed: list[Path] = []
    index = None  # a claimed temporary folder (earchive.partials): a killed run's is swept by the next one
    try:
        for number, (part, child_name, final) in enumerate(zip(parts, names, finals), start=1):
            child = _child_submission(sub, objids[number - 1], number, total, part)
            items = part + _representation_extras(scanned, child)
            links = Links("child", sub.objid, objids, number, [sub.objid] + ([sub.roda_parent_id] if sub.roda_parent_id else []))
            event.package = child.objid
            writers.append(builder.open_writer(final, child_name, options))
            builder.fill_package(writers[-1], child, child_name, scanned, items, identifier, producer, options,
                                 cancel, event, report, links)
        index = partials.Claim(options.output_dir / f"{name}.parts-index")
        index.temp.mkdir()
        parent, parent_scanned = _parent(sub, scanned, _write_index(index.temp, sub, parts, objids))
        links = Links("parent", sub.objid, objids, 0, [sub.roda_parent_id] if sub.roda_parent_id else [],
                      [(len(p), sum(i.size for i in p)) for p in parts])
        event.package = sub.objid
        parent_final = options.output_dir / (f"{name}.zip" if options.as_zip else name)
        writers.append(builder.open_writer(parent_final, name, options))
        parent_notes = builder.fill_package(writers[-1], parent, name, parent_scanned, parent_scanned.items, identifier,
                                            producer, options, cancel, event, report, links, all_items=scanned.items)
        identifier.close()
        event.phase = "finish"
        report(event, force=True)
        for writer in writers:
            renamed.append(writer.finalize())
    except BaseException:
        identifier.close(kill=True)
        for writer in writers[len(renamed):]:
            writer.abort()
        for path in renamed:  # all or nothing: parts of an incomplete delivery are not left behind
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        raise
    finally:
        if index is not None:
            shutil.rmtree(index.temp, ignore_errors=True)
            index.release()
    parent_notes.append(Note("report.split", {"count": total, "first": objids[0], "last": objids[-1]}, "info"))
    return builder.finished(sub, renamed[-1], scanned, parent_notes, started, event, report, parts=renamed[:-1])


def _too_big_notes(parts: list[list[_Item]], options: BuildOptions) -> list[Note]:
    notes = []
    for number, part in enumerate(parts, start=1):
        size = sum(i.size + OVERHEAD_PER_FILE for i in part) + OVERHEAD_PER_PACKAGE
        if (options.max_package_size and size > options.max_package_size) or (
                options.max_package_files and len(part) > options.max_package_files):
            notes.append(Note("report.split_part_too_large", {"order": number, "path": part[0].original}, "warning"))
    return notes


def _child_submission(sub: Submission, objid: str, number: int, total: int, part: list[_Item]) -> Submission:
    """The child's metadata: its share of the representations, a Dublin Core title "… (part k of n)"."""
    present = {i.content_of for i in part}
    title = render("split.part_title", {"title": sub.title, "order": number, "total": total}, default_language())
    dc = next((d for d in sub.descriptive if isinstance(d, DublinCore)), None)
    elements = {k: list(v) for k, v in (dc.elements if dc else {}).items()}
    elements["title"] = [title]
    elements["relation"] = [*elements.get("relation", []), sub.objid]
    return dataclasses.replace(
        sub, objid=objid, label=title, representations=[r for r in sub.representations if r.name in present],
        descriptive=[DublinCore(elements)], documentation=[], other_metadata=[], roda_parent_id="",
        producer_checksums=[],
    )


def _representation_extras(scanned: Scanned, child: Submission) -> list[_Item]:
    """A representation's documentation and metadata files go with every child that holds part of it."""
    prefixes = tuple(f"representations/{r.name}/{sub}/" for r in child.representations
                     for sub in ("documentation", "metadata/other"))
    return [i for i in scanned.items if not i.content_of and i.dest.startswith(prefixes)]


def _write_index(folder: Path, sub: Submission, parts: list[list[_Item]], objids: list[str]) -> Path:
    """earchive-parts.csv: every content file of the delivery, the child holding it, its size and checksum."""
    path = folder / INDEX_NAME
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["part", "package", "representation", "path", "original_name", "size", "checksum_type", "checksum"])
        for number, (part, objid) in enumerate(zip(parts, objids), start=1):
            for item in part:
                out.writerow([number, objid, item.content_of, item.relpath.split("/", 2)[2], item.original, item.size,
                              sub.checksum_algorithm, item.checksum])
    return path


def _parent(sub: Submission, scanned: Scanned, index: Path) -> tuple[Submission, Scanned]:
    """The parent: the whole delivery's metadata and documentation, and the index of the parts as its content."""
    st = index.stat()
    item = _Item(str(index), f"representations/{INDEX_REPRESENTATION}/data/", INDEX_NAME, INDEX_NAME, st.st_size,
                 st.st_mtime, INDEX_REPRESENTATION)
    parent = dataclasses.replace(sub, representations=[Representation(INDEX_REPRESENTATION, [index])],
                                 producer_checksums=[])
    user_items = [i for _, i in scanned.user_desc]
    items = [item, *scanned.doc_items, *scanned.other_items, *user_items]
    return parent, Scanned(items, {INDEX_REPRESENTATION: [item]}, scanned.doc_items, scanned.other_items,
                           scanned.user_desc, scanned.notes)


register(
    {
        "split.part_title": {
            "en": "{title} (part {order} of {total})",
            "sv": "{title} (del {order} av {total})",
        },
        "split.report_parent": {
            "en": "This delivery was split into {total} packages. This parent package describes the whole and holds "
                  "no records itself; its representation \"parts\" lists every file and the package that holds it:",
            "sv": "Leveransen delades i {total} paket. Det här överordnade paketet beskriver helheten och innehåller "
                  "inga handlingar självt; dess representation \"parts\" listar varje fil och paketet som innehåller den:",
        },
        "split.report_part": {
            "en": "  part {order}: {objid} ({files} files, {bytes} bytes)",
            "sv": "  del {order}: {objid} ({files} filer, {bytes} byte)",
        },
        "split.report_child": {
            "en": "This package is part {order} of {total} of the delivery {parent}; the parent package describes "
                  "the whole and lists every part.",
            "sv": "Det här paketet är del {order} av {total} av leveransen {parent}; det överordnade paketet "
                  "beskriver helheten och listar alla delar.",
        },
        "report.split": {
            "en": "The delivery was split into {count} child packages ({first} … {last}) under this parent package.",
            "sv": "Leveransen delades i {count} underordnade paket ({first} … {last}) under det här paketet.",
        },
        "report.split_part_too_large": {
            "en": "Part {order} is larger than the limit: {path} (a file, or a folder kept whole) does not fit in one "
                  "package of that size and was not divided.",
            "sv": "Del {order} är större än gränsen: {path} (en fil, eller en mapp som hålls samman) ryms inte i ett "
                  "paket av den storleken och delades inte.",
        },
    }
)
