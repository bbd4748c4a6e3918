"""earchive/specdata/erms-3.0.0.json says what the official CITS ERMS 3.0.0 schema and specification say."""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

from earchive.erms import vocabulary as voc

from support.oracles import ROOT, require_cits_erms


def test_committed_data_matches_the_official_files():
    folder = require_cits_erms()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian: poppler-utils) is needed to read the specification's tables")
    spec = importlib.util.spec_from_file_location("extract_erms_specdata", ROOT / "scripts" / "extract_erms_specdata.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = json.loads((ROOT / "earchive" / "specdata" / "erms-3.0.0.json").read_text(encoding="utf-8"))
    assert committed == module.extract(folder), "stale: run scripts/extract_erms_specdata.py"


def test_vocabularies_and_requirements():
    assert voc.version() == "3.0.0" and voc.namespace() == "https://DILCIS.eu/XML/ERMS"
    assert voc.terms(voc.RESTRICTION_TYPE) == ("confidential", "gdpr", "integrity", "other_type")
    assert "internal_memo_without_follow-up" in voc.terms(voc.DIRECTION)
    assert voc.requirement("ERMS59") == {"id": "ERMS59", "name": "Regulation", "cardinality": "1..1",
                                         "xpath": "restriction/regulation", "level": "MUST"}
    assert len({r["id"] for r in voc._data()["requirements"]}) == 279


def test_swedish_words_name_official_terms():
    assert voc.match("x", "Sekretess", voc.RESTRICTION_TYPE) == "confidential"
    assert voc.match("x", "inkommande", voc.DIRECTION) == "incoming"
    assert voc.match("x", "avslutat", voc.STATUS) == "closed"
    for key, words in voc.SYNONYMS.items():
        assert set(words.values()) <= set(voc.terms(key)), key
