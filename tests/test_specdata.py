"""earchive/specdata/*.json says exactly what the official profiles and vocabularies say."""

from __future__ import annotations

import importlib.util
import json

from earchive import spec
from earchive.spec import SpecVersion

from support.oracles import ROOT, require_shared


def _extractor():
    path = ROOT / "scripts" / "extract_specdata.py"
    module_spec = importlib.util.spec_from_file_location("extract_specdata", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def test_committed_data_matches_official_files():
    shared = require_shared()
    fresh = _extractor().extract(shared / "schemas")
    for name, data in fresh.items():
        committed = json.loads((ROOT / "earchive" / "specdata" / name).read_text(encoding="utf-8"))
        assert committed == data, f"{name} is stale: run scripts/extract_specdata.py"


def test_version_differences_are_data():
    # CSIP96/100/104: MUST in 2.1.0, SHOULD in 2.2.0; SIP12/18/29: MAY -> MUST (eark.md 1.1).
    for req_id in ("CSIP96", "CSIP100", "CSIP104"):
        assert spec.requirement(SpecVersion.V2_1_0, req_id).level == "MUST"
        assert spec.requirement(SpecVersion.V2_2_0, req_id).level == "SHOULD"
    for req_id in ("SIP12", "SIP18", "SIP29"):
        assert spec.requirement(SpecVersion.V2_2_0, req_id).level == "MUST"


def test_profile_urls():
    assert spec.profile_url("2.2.0") == "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml"
    assert spec.profile_url("2.1.0") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert spec.profile_url("2.2.0", sip=False) == "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"


def test_vocabularies():
    assert spec.vocabulary("2.2.0", spec.RECORD_STATUS) == ("NEW", "SUPPLEMENT", "REPLACEMENT", "TEST", "VERSION", "DELETE", "OTHER")
    assert "Textual works – Digital" in spec.vocabulary("2.2.0", spec.CONTENT_CATEGORY)
    assert spec.vocabulary("2.1.0", spec.NOTE_TYPE) == ("SOFTWARE VERSION", "IDENTIFICATIONCODE")
