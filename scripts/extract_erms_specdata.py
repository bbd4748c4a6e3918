"""Extract the facts earchive needs about CITS ERMS 3.0.0 from the official files.

The official ERMS schema (``ERMS_v3.xsd``) is the source of the controlled vocabularies
(every attribute with an enumeration), and the specification (``CITS_ERMS_v3_0_0.pdf``)
the source of the requirement IDs ERMS1-ERMS279 with their XPath, cardinality and level.
earchive needs both at run time (the model checks typed values before the schema is
installed; the validator names findings by requirement ID), but the official files are
not redistributed in this repository: this script reads them from
``../shared/schemas/cits-erms`` and writes ``earchive/specdata/erms-3.0.0.json``.
``tests/test_erms_specdata.py`` re-runs it and fails if the committed data are stale.

The PDF is read with ``pdftotext -layout`` (Debian: poppler-utils); the requirement
table is parsed from its text layout, so an XPath the PDF wraps oddly may be cut short
(ERMS16); the IDs, names, cardinalities and levels are what the table says.

Usage:  python scripts/extract_erms_specdata.py [CITS_ERMS_DIR]
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "earchive" / "specdata" / "erms-3.0.0.json"
XSD_NAME = "ERMS_v3.xsd"
PDF_NAME = "CITS_ERMS_v3_0_0.pdf"
LEVELS = ("MUST", "SHOULD", "MAY")

_HEAD = re.compile(r"^\s*ERMS\s*(\d+)?\s+(.*?)\s+(\d\s*(?:\.\.|,,)\s*[\dn]?|1|0\.\.)\s*$")
_XPATH_LEVEL = re.compile(r"^(\S.*?)\s{2,}(MUST|SHOULD|MAY)$")
_WRAPPED = re.compile(r"^[A-Za-z@\]\[=\u201d\"/_.-]+$")


def extract(folder: Path) -> dict:
    """The ERMS facts from ``folder`` (holding ERMS_v3.xsd and the PDF)."""
    xsd = etree.parse(str(folder / XSD_NAME))
    root = xsd.getroot()
    # The schema's history is in comments before the root, newest first.
    comments = reversed(list(root.itersiblings(preceding=True)))
    version = re.search(r"version (\d+\.\d+\.\d+)", "".join(str(c) for c in comments))
    return {
        "version": version.group(1) if version else "",
        "namespace": root.get("targetNamespace"),
        "vocabularies": vocabularies(xsd),
        "requirements": requirements(folder / PDF_NAME),
    }


def vocabularies(xsd: etree._ElementTree) -> dict[str, list[str]]:
    """``owner/@attribute`` -> its enumerated values, in schema order.

    The owner is the nearest named complexType or element, so that the two ``dateType``
    attributes (dates and disposal dates) and the three ``value`` attributes
    (maintenanceStatus, eventType, status) stay apart.
    """
    out: dict[str, list[str]] = {}
    for attr in xsd.iter(f"{{{XS}}}attribute"):
        values = [e.get("value") for e in attr.iter(f"{{{XS}}}enumeration")]
        if not values:
            continue
        owner = next(a.get("name") for a in attr.iterancestors() if a.get("name"))
        out[f"{owner}/@{attr.get('name')}"] = values
    return dict(sorted(out.items()))


def requirements(pdf: Path) -> list[dict]:
    """The requirement table rows of the specification: id, name, cardinality, xpath, level."""
    lines = _pdf_lines(pdf)
    rows: list[dict] = []
    i = 0
    while i < len(lines):
        m = _HEAD.match(lines[i])
        if not m:
            i += 1
            continue
        num, name, card = m.group(1), m.group(2).strip(), m.group(3).replace(" ", "")
        j = i + 1
        if num is None:  # the aggregation table breaks "ERMS" and its number over two lines
            nm = re.match(r"^\s*(\d+)\s*$", lines[j])
            num = nm.group(1) if nm else "?"
            j += 1
        xpath, level = lines[j].strip(), ""
        lm = _XPATH_LEVEL.match(xpath)
        if lm:
            xpath, level = lm.group(1), lm.group(2)
        elif xpath in LEVELS:
            xpath, level = "", xpath
        following = lines[j + 1].strip() if j + 1 < len(lines) else ""
        if following and " " not in following and not following.endswith(".") and _WRAPPED.match(following):
            xpath += following
        if not level and following in LEVELS:
            level = following
        rows.append({"id": f"ERMS{num}", "name": name, "cardinality": card.replace(",,", ".."),
                     "xpath": xpath.replace("\u201d", '"'), "level": level})
        i = j
    return rows


def _pdf_lines(pdf: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise SystemExit("pdftotext is needed (Debian: apt-get install poppler-utils)")
    text = subprocess.run([tool, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    keep = []
    for line in text.splitlines():
        s = line.strip()
        if not s or "_____" in s or s.startswith("2024-05-17") or re.match(r"^CITS ERMS\s+DILCIS Board$", s):
            continue
        keep.append(line)
    return keep


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT.parent / "shared" / "schemas" / "cits-erms"
    data = extract(folder)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['vocabularies'])} vocabularies, {len(data['requirements'])} requirements")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
