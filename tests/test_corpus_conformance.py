"""Conformance with the DILCIS E-ARK IP test corpus, judged per targeted requirement (issue 3, point 4).

Every implemented package of every testable test case (../shared/eark-ip-test-corpus/
corpus/**/testCase.xml) is validated with the version its case names; earchive's status
for the requirement the case targets (the case folder's name) must match the corpus'
isValid: failed <=> invalid.  The disagreements are listed, each with its reason, in
EXCEPTIONS.  The test fails when a package disagrees without an exception, and when an
excepted package starts agreeing (so that the table stays honest).  The same rows make
docs/corpus-agreement.md (scripts/corpus_agreement.py), which must be up to date.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "eark-ip-test-corpus" / "corpus"


def _agreement_module():
    """scripts/corpus_agreement.py, which reads the corpus and judges each package."""
    if "corpus_agreement" not in sys.modules:
        spec = importlib.util.spec_from_file_location("corpus_agreement", REPO / "scripts" / "corpus_agreement.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["corpus_agreement"] = module  # dataclasses need their module registered
        assert spec.loader is not None
        spec.loader.exec_module(module)
    return sys.modules["corpus_agreement"]


#: Reasons shared by several exceptions.
CRLF = (
    "corpus artefact: the corpus repository stores this file with LF line endings while the METS "
    "records the SIZE/CHECKSUM of its CRLF original (converted back to CRLF it matches exactly; "
    "earchive reports the size/checksum mismatch and names the line-ending change as its cause)"
)
STR_SHOULD_VALID = (
    "the corpus contradicts itself: a missing SHOULD folder is 'valid' in CSIPSTR9-12 but 'invalid' in "
    "CSIPSTR5 (missing metadata folder); earchive reports every missing SHOULD folder as a warning, "
    "which fails the requirement (the package stays valid)"
)

#: (case, package path relative to the case folder) -> why earchive's verdict differs from the corpus'.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("CSIP21", "valid/IP_18000_CSIP21_2"): (
        "the corpus contradicts itself: a dmdSec with no mdRef is 'valid' here but a digiprovMD or "
        "rightsMD with no mdRef is 'invalid' in CSIP35 and CSIP48; earchive warns about every metadata "
        "section that references nothing (CSIP21 is SHOULD: the package stays valid)"
    ),
    ("CSIP24", "valid/IP_18000_CSIP24_2"): (
        "corpus error: this 'valid' package has xlink:href=\"\" in dmdSec/mdRef, which locates no resource; "
        "CSIP24 requires the actual location of the file"
    ),
    ("CSIP41", "valid/valid_IP_with_SHOULD_MAY_1_rep"): CRLF,
    ("CSIP43", "valid/valid_IP_with_SHOULD_MAY_1_rep"): CRLF,
    ("CSIP54", "valid/valid_IP_with_SHOULD_MAY_1_rep"): CRLF,
    ("CSIP56", "valid/valid_IP_with_SHOULD_MAY_1_rep"): CRLF,
    ("CSIP69", "valid/minimal_IP_with_1_representation"): CRLF,
    ("CSIP71", "valid/minimal_IP_with_1_representation"): CRLF,
    ("CSIP61", "invalid/fileGrp_ADMID_incorrect_ref2"): (
        "corpus error: this package differs from the valid one only in the Metadata division's @ADMID "
        "(a CSIP91 matter, which earchive reports there); its fileGrp/@ADMID is identical to the valid package's"
    ),
    **{("CSIPSTR9", f"valid/IP_18000_CSIPSTR9_{i}"): STR_SHOULD_VALID for i in range(1, 16)},
    ("CSIPSTR10", "valid/IP_18000_CSIPSTR10_1"): STR_SHOULD_VALID,
    **{("CSIPSTR11", f"valid/CSIPSTR11_{i}"): STR_SHOULD_VALID for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15)},
    ("CSIPSTR12", "valid/IP_18000_CSIPSTR12_1"): STR_SHOULD_VALID,
}


def _rows():
    if not CORPUS.is_dir():
        return []
    return _agreement_module().load_rows(CORPUS)


ROWS = _rows()


@pytest.fixture(scope="module")
def agreement():
    if not CORPUS.is_dir():
        pytest.skip("../shared/eark-ip-test-corpus is not beside the repository; CI always has it")
    return _agreement_module()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.case}:{r.package}" for r in ROWS])
def test_verdict_on_targeted_requirement(agreement, row):
    verdict = agreement.verdict(row)
    assert verdict is not None, f"{row.case} is not checked by earchive"
    agrees = (verdict == "valid") == row.is_valid
    expected = "valid" if row.is_valid else "invalid"
    if row.key in EXCEPTIONS:
        assert not agrees, (
            f"{row.case} {row.package} now agrees with the corpus ({verdict}): remove it from EXCEPTIONS "
            "and regenerate docs/corpus-agreement.md"
        )
    else:
        report = agreement._report(str(row.path), row.version)
        detail = [f.message("en") for f in report.result(row.case).findings] if hasattr(report, "result") else report
        assert agrees, f"{row.case} {row.package}: corpus says {expected}, earchive says {verdict}: {detail}"


def test_crlf_exceptions_are_diagnosed_as_line_ending_changes(agreement):
    """The CRLF exceptions are artefacts, and earchive says so in its message."""
    for (case, package), reason in EXCEPTIONS.items():
        if reason is not CRLF:
            continue
        row = next(r for r in ROWS if r.key == (case, package))
        findings = agreement._report(str(row.path), row.version).result(case).findings
        assert findings and all(f.code.endswith(".eol") for f in findings), (case, package, findings)


def test_exceptions_name_existing_rows():
    if not ROWS:
        pytest.skip("../shared/eark-ip-test-corpus is not beside the repository; CI always has it")
    keys = {r.key for r in ROWS}
    assert set(EXCEPTIONS) <= keys, sorted(set(EXCEPTIONS) - keys)


def test_no_check_crashes_on_the_corpus(agreement):
    crashed = []
    for row in ROWS:
        report = agreement._report(str(row.path), row.version)
        if hasattr(report, "findings"):
            crashed += [(row.package, f.params) for f in report.findings if f.code == "v.check_crashed"]
    assert crashed == []


def test_agreement_document_is_up_to_date(agreement):
    text = agreement.render(agreement.evaluate(ROWS), EXCEPTIONS)
    doc = REPO / "docs" / "corpus-agreement.md"
    assert doc.is_file() and doc.read_text(encoding="utf-8") == text, (
        "docs/corpus-agreement.md is out of date: run python scripts/corpus_agreement.py"
    )
