"""Extract requirement lists and controlled vocabularies from the official E-ARK files.

The official METS profiles (E-ARK-CSIP-v2-x-y.xml, E-ARK-SIP-v2-x-y.xml) and the
DILCIS vocabulary files are the single source of truth for requirement IDs, levels,
texts and vocabulary terms.  earchive needs them at run time (model checks, the
validator, reports), but the official files are not redistributed in this
repository; this script reads them from ``../shared/schemas`` and writes the facts
earchive uses into ``earchive/specdata/*.json``.  ``tests/test_specdata.py`` re-runs
the extraction and fails if the committed data and the official files disagree.

Usage:  python scripts/extract_specdata.py [SHARED_SCHEMAS_DIR]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from lxml import etree

#: Specification versions and where their official files are, relative to ../shared/schemas.
VERSIONS = {
    "2.0.4": {"profiles": ("E-ARK-CSIP-v2-0-4.xml", "E-ARK-SIP-v2-0-4.xml"), "vocabularies": "vocabularies/v2.1.0"},
    "2.1.0": {"profiles": ("E-ARK-CSIP-v2-1-0.xml", "E-ARK-SIP-v2-1-0.xml"), "vocabularies": "vocabularies/v2.1.0"},
    "2.2.0": {"profiles": ("E-ARK-CSIP-v2-2-0.xml", "E-ARK-SIP-v2-2-0.xml"), "vocabularies": "vocabularies"},
}
#: Vocabulary files read for every version (the SIP ones are also merged in DILCISVocabulariesSIP.xml).
VOCABULARY_FILES = (
    "CSIPVocabularyAgentOtherType.xml",
    "CSIPVocabularyContentCategory.xml",
    "CSIPVocabularyContentInformationType.xml",
    "CSIPVocabularyFileGrpAndStructMapDivisionLabel.xml",
    "CSIPVocabularyNoteType.xml",
    "CSIPVocabularyOAISPackageType.xml",
    "CSIPVocabularyStatus.xml",
    "CSIPVocabularyStructMapLabel.xml",
    "CSIPVocabularyStructMapType.xml",
    "SIPVocabularyRecordIDType.xml",
    "SIPVocabularyRecordStatus.xml",
)
XHTML = "http://www.w3.org/1999/xhtml"
PROFILE_NS = "http://www.loc.gov/METS_Profile/v2"

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "earchive" / "specdata"


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def extract_profile(path: Path) -> dict:
    tree = etree.parse(str(path))
    root = tree.getroot()
    uri = root.findtext(f"{{{PROFILE_NS}}}URI") or ""
    reqs = []
    for req in root.iter(f"{{{PROFILE_NS}}}requirement"):
        desc = req.find(f"{{{PROFILE_NS}}}description")
        head = desc.findtext(f"{{{PROFILE_NS}}}head") if desc is not None else ""
        paras = [_text(p) for p in desc.iter(f"{{{XHTML}}}p")] if desc is not None else []
        facts = {}
        if desc is not None:
            for dl in desc.iter(f"{{{XHTML}}}dl"):
                dts = dl.findall(f"{{{XHTML}}}dt")
                dds = dl.findall(f"{{{XHTML}}}dd")
                for dt, dd in zip(dts, dds):
                    facts[_text(dt)] = _text(dd)
        reqs.append(
            {
                "id": req.get("ID"),
                "level": req.get("REQLEVEL"),
                "section": etree.QName(req.getparent()).localname,
                "head": (head or "").strip(),
                "text": " ".join(paras),
                "xpath": facts.get("METS XPath", ""),
                "cardinality": facts.get("Cardinality", ""),
                "vocabulary": req.get("RELATEDMAT", ""),
            }
        )
    return {"uri": uri.strip(), "requirements": reqs}


def extract_vocabulary(path: Path) -> dict:
    tree = etree.parse(str(path))
    out = {}
    for voc in tree.getroot().iter("{*}Vocabulary"):
        terms = []
        for entry in voc.iter("{*}Entry"):
            term = re.sub(r"\s+", " ", entry.findtext("{*}Term") or "").strip()
            definition = re.sub(r"\s+", " ", entry.findtext("{*}Definition") or "").strip()
            terms.append({"term": term, "definition": definition})
        out[voc.get("Name")] = terms
    return out


def extract(shared_schemas: Path) -> dict[str, dict]:
    """Return {file name: data} for every JSON file this script writes."""
    files: dict[str, dict] = {}
    for version, where in VERSIONS.items():
        csip, sip = (extract_profile(shared_schemas / "profiles" / p) for p in where["profiles"])
        vocab: dict[str, list] = {}
        for name in VOCABULARY_FILES:
            vocab.update(extract_vocabulary(shared_schemas / where["vocabularies"] / name))
        files[f"spec-{version}.json"] = {
            "version": version,
            "source": {
                "profiles": [f"schemas/profiles/{p}" for p in where["profiles"]],
                "vocabularies": where["vocabularies"],
            },
            "csip": csip,
            "sip": sip,
            "vocabularies": vocab,
        }
    return files


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "schemas"
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in extract(shared).items():
        (OUT / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
