"""A split delivery checked as a set: one parent, every child it lists, each pointing back in order.

``earchive validate PARENT CHILD...`` (or a folder that holds them) validates every
package on its own and then the links between them, as :mod:`earchive.split` writes
them after CSIP's large-package guidance: the parent's structMap
``LABEL="Parent-child packages"`` lists each child's OBJID with its ``ORDER``; each child
has the same structMap with its own ``ORDER`` and an ``mptr`` to the parent's OBJID.

Findings (data: a code and parameters, Swedish and English texts): no parent, more than
one parent, a listed child missing from the set, a child the parent does not list, a
child naming another parent, an order that differs from the parent's list, an OBJID
given twice, a package that is not part of a split delivery.
"""

from __future__ import annotations

import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from earchive.messages import register, render

#: The structMap label :mod:`earchive.split` writes (kept here too: the validator reads any package).
STRUCTMAP_LABEL = "Parent-child packages"
_METS = "{http://www.loc.gov/METS/}"
_HREF = "{http://www.w3.org/1999/xlink}href"
_PACKAGE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")


@dataclass
class PartInfo:
    """What one package says about its place in a split delivery."""

    path: Path
    objid: str
    role: str = ""  # "parent", "child" or "" (no links)
    parent: str = ""  # a child's parent OBJID
    order: int = 0  # a child's ORDER
    children: list[tuple[int, str]] = field(default_factory=list)  # a parent's (ORDER, OBJID)


@dataclass(frozen=True)
class SetFinding:
    code: str
    params: dict

    def message(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)


def expand(paths: list[Path]) -> list[Path]:
    """The packages named: a folder that is no package itself stands for the packages directly inside it."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        inside = []
        if path.is_dir() and not (path / "METS.xml").is_file():
            inside = sorted(p for p in path.iterdir() if not p.name.startswith(".") and _is_package(p))
        out.extend(inside or [path])  # a folder without packages inside: validated (and reported) as a package
    return out


def read_part(path: Path) -> PartInfo:
    """The OBJID and the parent-child links of the package at ``path`` (folder, ZIP or TAR)."""
    root = etree.fromstring(_root_mets(Path(path)), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    info = PartInfo(Path(path), root.get("OBJID") or "")
    for structmap in root.iter(f"{_METS}structMap"):
        if structmap.get("LABEL") != STRUCTMAP_LABEL:
            continue
        top = structmap.find(f"{_METS}div")
        if top is None:
            continue
        if top.get("TYPE") == "parent IP":
            info.role = "parent"
            for div in top.iterfind(f"{_METS}div"):
                mptr = div.find(f"{_METS}mptr")
                if mptr is not None:
                    info.children.append((_int(div.get("ORDER")), unquote(mptr.get(_HREF) or "")))
        elif top.get("TYPE") == "child IP":
            info.role = "child"
            info.order = _int(top.get("ORDER"))
            mptr = top.find(f"{_METS}div/{_METS}mptr")
            info.parent = unquote(mptr.get(_HREF) or "") if mptr is not None else ""
    return info


def check_set(parts: list[PartInfo]) -> list[SetFinding]:
    """Findings about the links of a set of packages; none when the set is one complete, consistent delivery."""
    findings: list[SetFinding] = []
    seen: dict[str, PartInfo] = {}
    for part in parts:
        if part.objid in seen:
            findings.append(SetFinding("set.duplicate", {"objid": part.objid, "first": seen[part.objid].path, "second": part.path}))
        seen[part.objid] = part
        if not part.role:
            findings.append(SetFinding("set.not_a_part", {"path": part.path, "objid": part.objid}))
    parents = [p for p in parts if p.role == "parent"]
    if not parents:
        findings.append(SetFinding("set.no_parent", {}))
        return findings
    if len(parents) > 1:
        findings.append(SetFinding("set.two_parents", {"objids": ", ".join(p.objid for p in parents)}))
        return findings
    parent = parents[0]
    listed = {objid: order for order, objid in parent.children}
    orders = sorted(listed.values())
    if orders != list(range(1, len(orders) + 1)):
        findings.append(SetFinding("set.parent_order", {"parent": parent.objid}))
    for objid, order in sorted(listed.items(), key=lambda kv: kv[1]):
        child = seen.get(objid)
        if child is None:
            findings.append(SetFinding("set.child_missing", {"parent": parent.objid, "objid": objid, "order": order}))
        elif child.role != "child":
            continue
        elif child.parent != parent.objid:
            findings.append(SetFinding("set.wrong_parent", {"objid": objid, "named": child.parent or "-", "parent": parent.objid}))
        elif child.order != order:
            findings.append(SetFinding("set.order", {"objid": objid, "order": child.order, "listed": order}))
    for child in (p for p in parts if p.role == "child" and p.objid not in listed):
        findings.append(SetFinding("set.not_listed", {"objid": child.objid, "parent": parent.objid, "named": child.parent}))
    return findings


def summary(parts: list[PartInfo], findings: list[SetFinding], lang: str) -> str:
    parent = next((p for p in parts if p.role == "parent"), None)
    if not findings and parent is not None:
        return render("set.complete", {"parent": parent.objid, "count": len(parent.children)}, lang)
    return render("set.incomplete", {"count": len(findings)}, lang)


# --- private ------------------------------------------------------------------------------


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _is_package(path: Path) -> bool:
    return (path.is_dir() and (path / "METS.xml").is_file()) or (path.is_file() and path.name.lower().endswith(_PACKAGE_SUFFIXES))


def _root_mets(path: Path) -> bytes:
    if path.is_dir():
        return (path / "METS.xml").read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/METS.xml")]
            return zf.read(names[0])
    with tarfile.open(path) as tf:
        member = next(m for m in tf.getmembers() if m.name.count("/") == 1 and m.name.endswith("/METS.xml"))
        return tf.extractfile(member).read()


register(
    {
        "set.empty": {
            "en": "No package found in {path}.",
            "sv": "Inget paket hittades i {path}.",
        },
        "set.complete": {
            "en": "The set is complete: parent {parent} and its {count} child packages point to each other in order.",
            "sv": "Uppsättningen är komplett: {parent} och dess {count} underordnade paket pekar på varandra i ordning.",
        },
        "set.incomplete": {
            "en": "The set of packages is not one complete split delivery ({count} problems):",
            "sv": "Paketen är inte en komplett delad leverans ({count} problem):",
        },
        "set.no_parent": {
            "en": "No parent package among them. Give the parent package too (the one whose METS lists the children).",
            "sv": "Inget överordnat paket finns bland dem. Ange också det överordnade paketet (det vars METS listar delarna).",
        },
        "set.two_parents": {
            "en": "More than one parent package ({objids}). Check one split delivery at a time.",
            "sv": "Mer än ett överordnat paket ({objids}). Kontrollera en delad leverans i taget.",
        },
        "set.parent_order": {
            "en": "{parent} lists its children with an ORDER that is not 1, 2, 3, …",
            "sv": "{parent} listar sina delar med en ORDER som inte är 1, 2, 3, …",
        },
        "set.child_missing": {
            "en": "Part {order} ({objid}), listed by {parent}, is missing. Give it too, or deliver it before the set is ingested.",
            "sv": "Del {order} ({objid}), som {parent} listar, saknas. Ange den också, eller leverera den innan uppsättningen tas emot.",
        },
        "set.not_listed": {
            "en": "{objid} names {named} as its parent, but the parent {parent} does not list it.",
            "sv": "{objid} anger {named} som överordnat paket, men {parent} listar det inte.",
        },
        "set.wrong_parent": {
            "en": "{objid} is listed by {parent} but names {named} as its parent.",
            "sv": "{objid} listas av {parent} men anger {named} som överordnat paket.",
        },
        "set.order": {
            "en": "{objid} says it is part {order}, the parent lists it as part {listed}.",
            "sv": "{objid} säger att det är del {order}, men det överordnade paketet listar det som del {listed}.",
        },
        "set.duplicate": {
            "en": "The OBJID {objid} is given twice: {first} and {second}.",
            "sv": "OBJID {objid} förekommer två gånger: {first} och {second}.",
        },
        "set.not_a_part": {
            "en": "{path} ({objid}) is not part of a split delivery (no \"Parent-child packages\" structMap).",
            "sv": "{path} ({objid}) ingår inte i en delad leverans (ingen structMap \"Parent-child packages\").",
        },
    }
)
