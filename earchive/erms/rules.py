"""Which CITS ERMS requirement (ERMS1-ERMS279) a schema or Schematron finding breaks.

The official Schematron's assertions carry no IDs; each of its rules enforces one
"other..." attribute of the specification, named in :data:`SCHEMATRON_RULES` by the
attribute (or element) its context tests.  A schema error is matched to the requirement
whose XPath (from the specification's tables) ends with the path of the element or
attribute in error; among equal matches the one whose predicate holds for the element
(``date[@dateType="created"]``) wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from earchive.erms import vocabulary as voc

#: Attribute (or element) a Schematron rule context tests -> the requirement it enforces.
SCHEMATRON_RULES = {
    "aggregationType": "ERMS201",
    "dateType": "ERMS48",
    "directionDefinition": "ERMS191",
    "addressType": "ERMS107",
    "contactType": "ERMS110",
    "agentType": "ERMS94",
    "disposalDate": "ERMS128",
    "restrictionType": "ERMS57",
    "relationType": "ERMS54",
    "addressContactInformation": "ERMS104",
    "classificationSchemaStatus": "ERMS274",
}

_CONTEXT_ELEMENT = re.compile(r"^(?:\w+:)?(\w+)")
_CONTEXT_ATTRIBUTE = re.compile(r"@(\w+)")
_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?(\w+)'")
_ATTRIBUTE = re.compile(r"attribute '(\w+)'")
_MISSING = re.compile(r"Missing child element\(s\)\. Expected is (?:one of )?\( ?(.*?) ?\)")
_UNEXPECTED = re.compile(r"This element is not expected\. Expected is (?:one of )?\( ?(.*?) ?\)")
_PREDICATE = re.compile(r"\[[^\]]*\]")


def for_schematron(context: str) -> str:
    """The requirement a failed assertion of the rule with ``context`` breaks ('' when unknown)."""
    if context.startswith("erms:disposalDate"):
        return SCHEMATRON_RULES["disposalDate"]
    attribute = _CONTEXT_ATTRIBUTE.search(context)
    if attribute and attribute.group(1) in SCHEMATRON_RULES:
        return SCHEMATRON_RULES[attribute.group(1)]
    element = _CONTEXT_ELEMENT.match(context)
    return SCHEMATRON_RULES.get(element.group(1), "") if element else ""


def for_schema_error(message: str, path: str | None, tree: etree._ElementTree | None = None) -> str:
    """The requirement a libxml2 schema error of the element at ``path`` breaks ('' when unknown)."""
    chain = _chain(tree, path)
    element = _ELEMENT.search(message)
    if not chain and element:
        chain = [element.group(1)]
    if not chain:
        return ""
    node = _node(tree, path)
    missing = _MISSING.search(message)
    attribute = _ATTRIBUTE.search(message) or re.search(r"The attribute '(\w+)' is required", message)
    unexpected = _UNEXPECTED.search(message)
    if missing or unexpected:
        # The required element that should have come (ERMS59 for a restriction without regulation).
        parent = chain if missing else chain[:-1]
        names = (missing or unexpected).group(1)
        for name in re.findall(r"(?:\{[^}]*\})?(\w+)", names):
            found = _best(parent + [name], node.getparent() if unexpected and node is not None else node)
            if found and requirement_level(found) == "MUST":
                return found
        return _best(chain, node)
    if attribute:
        return _best(chain + [f"@{attribute.group(1)}"], node) or _best(chain, node)
    return _best(chain, node)


def requirement_level(req_id: str) -> str:
    return voc.requirement(req_id)["level"]


def _best(chain: list[str], node) -> str:
    best, best_len, best_pred = "", 0, False
    for req_id, steps, predicates in _patterns():
        n = _suffix(steps, chain)
        if not n:
            continue
        holds = bool(predicates) and node is not None and all(node.get(a) == v for a, v in predicates)
        if n > best_len or (n == best_len and holds and not best_pred):
            best, best_len, best_pred = req_id, n, holds
    return best


def _suffix(steps: list[str], chain: list[str]) -> int:
    if len(steps) > len(chain):
        return 0
    for a, b in zip(reversed(steps), reversed(chain)):
        if a.lower() != b.lower():
            return 0
    return len(steps)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    out = []
    for row in voc._data()["requirements"]:
        xpath = row["xpath"].replace("\u201d", '"')
        predicates = re.findall(r"@(\w+)\s*=\s*\"([^\"]*)\"", xpath)
        steps = [s for s in _PREDICATE.sub("", xpath).split("/") if s and "=" not in s]
        if steps:
            out.append((row["id"], steps, predicates))
    return out


def _node(tree, path):
    if tree is None or not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def _chain(tree, path) -> list[str]:
    node = _node(tree, path)
    if node is None:
        return []
    return [etree.QName(n).localname for n in reversed([node, *node.iterancestors()])]
