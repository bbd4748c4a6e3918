#!/usr/bin/env python3
"""Run earchive's validator over the DILCIS E-ARK IP test corpus and write docs/corpus-agreement.md.

    python scripts/corpus_agreement.py                 # writes docs/corpus-agreement.md
    python scripts/corpus_agreement.py --check         # exit 1 if the file is out of date

For every testable test case (``testCase.xml`` with testable TRUE or PARTIAL) and every
implemented package of it, the verdict of earchive on the *targeted* requirement (the
case's folder name, e.g. CSIP69) is compared with the corpus' ``isValid``: the
requirement failed <=> the package is invalid.  A case whose requirement earchive does
not check (status "skipped, not implemented") is left out.  Known disagreements, each
with its reason, are the EXCEPTIONS table of tests/test_corpus_conformance.py; that test
fails when a row disagrees without an exception, or agrees despite one.

Corpus facts (../shared/eark-ip-test-corpus): cases are written for 2.0.4 and 2.1.0
(version tags 2.0-DRAFT, 2.0.3, 2.0.4, 2.1.0, 2.1.1); each package is validated with the
version its case names (2.0.x -> 2.0.4, 2.1.x -> 2.1.0).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "eark-ip-test-corpus" / "corpus"
OUTPUT = REPO / "docs" / "corpus-agreement.md"
#: testCase/@testable values that count as testable.
TESTABLE = ("TRUE", "PARTIAL")


@dataclass(frozen=True)
class Row:
    """One implemented package of one rule of one test case."""

    case: str  # folder name = targeted requirement, e.g. "CSIP69"
    rule: str
    level: str  # the rule's error level in the corpus (ERROR, WARNING, INFO)
    package: str  # path relative to the case folder, e.g. "invalid/file_wrong_SIZE"
    is_valid: bool
    version: str
    path: Path

    @property
    def key(self) -> tuple[str, str]:
        return (self.case, self.package)


def corpus_version(tag: str) -> str:
    """The version a corpus case is validated with: 2.0.x -> 2.0.4, otherwise 2.1.0."""
    return "2.0.4" if tag.startswith("2.0") else "2.1.0"


def load_rows(corpus: Path = CORPUS) -> list[Row]:
    """Every implemented package of every testable case (each (case, package) once)."""
    rows: "OrderedDict[tuple[str, str], Row]" = OrderedDict()
    for tc in sorted(corpus.glob("*/*/testCase.xml"), key=_natural):
        root = etree.parse(str(tc)).getroot()
        if root.get("testable") not in TESTABLE:
            continue
        case = tc.parent.name
        version = corpus_version(root.find("id").get("version") or "")
        for rule in root.iter("rule"):
            err = rule.find("error")
            level = err.get("level") if err is not None else ""
            for pkg in rule.iter("package"):
                if pkg.get("isImplemented") != "TRUE":
                    continue
                rel = (pkg.findtext("path") or "").strip()
                path = tc.parent / rel
                if not rel or not path.exists():
                    continue
                row = Row(case, rule.get("id") or "", level, rel, pkg.get("isValid") == "TRUE", version, path)
                rows.setdefault(row.key, row)
    return list(rows.values())


@lru_cache(maxsize=None)
def _report(path: str, version: str):
    from earchive.errors import PackageReadError
    from earchive.validation import validate_package

    try:
        return validate_package(path, version)
    except PackageReadError as exc:
        return exc


def verdict(row: Row) -> str | None:
    """'invalid' or 'valid' for the row's targeted requirement; None when earchive does not check it."""
    from earchive.validation import Status

    report = _report(str(row.path), row.version)
    if isinstance(report, Exception):
        return "invalid"
    try:
        result = report.result(row.case)
    except KeyError:
        return None  # not a requirement of this version (e.g. CSIP86 outside 2.0.4)
    if result.status is Status.SKIPPED and result.reason == "v.skip.not_implemented":
        return None
    # The corpus' isValid is per targeted requirement at its own level: a SHOULD (or MAY) case's
    # "invalid" package is one that does not meet it, so any unmet outcome counts.
    return "invalid" if result.status in (Status.FAILED, Status.WARNING, Status.NOT_USED) else "valid"


def evaluate(rows: list[Row]) -> list[tuple[Row, str | None]]:
    return [(row, verdict(row)) for row in rows]


def exceptions() -> dict[tuple[str, str], str]:
    """The EXCEPTIONS table of tests/test_corpus_conformance.py."""
    path = REPO / "tests" / "test_corpus_conformance.py"
    sys.modules.setdefault("corpus_agreement", sys.modules[__name__])  # the test reuses this module
    spec = importlib.util.spec_from_file_location("_corpus_conformance", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module.EXCEPTIONS


def render(results: list[tuple[Row, str | None]], known: dict[tuple[str, str], str]) -> str:
    """The agreement table as Markdown."""
    per_case: "OrderedDict[str, list[tuple[Row, str | None]]]" = OrderedDict()
    for row, v in results:
        per_case.setdefault(row.case, []).append((row, v))
    checked = [(r, v) for r, v in results if v is not None]
    agree = sum(1 for r, v in checked if (v == "valid") == r.is_valid)
    explained = sum(1 for r, v in checked if (v == "valid") != r.is_valid and r.key in known)
    lines = [
        "# earchive validator: agreement with the DILCIS E-ARK IP test corpus",
        "",
        "Generated by `scripts/corpus_agreement.py` from `../shared/eark-ip-test-corpus`; enforced by",
        "`tests/test_corpus_conformance.py` (a new disagreement, or an exception that starts agreeing, fails it).",
        "Each implemented package of each testable case is judged by the requirement its case targets",
        "(earchive's status for that ID: failed, SHOULD not met or optional feature not used = invalid;",
        "passed or not applicable = valid).",
        "",
        f"**Overall: {agree} of {len(checked)} packages agree ({_pct(agree, len(checked))}).** "
        f"Disagreements: {len(checked) - agree}, of which explained below: {explained} "
        f"(agreement counting the explained ones: {_pct(agree + explained, len(checked))}). "
        f"Packages of requirements earchive does not check: {len(results) - len(checked)}.",
        "",
        "The disagreements fall into three groups: the corpus contradicts itself (CSIPSTR9-12 call a missing",
        "SHOULD folder valid where CSIPSTR5 calls it invalid; CSIP21 against CSIP35/CSIP48); corpus files stored",
        "with LF line endings whose METS records the SIZE/CHECKSUM of CRLF originals; and two corpus packages that",
        "do not contain what their case describes (CSIP24, CSIP61). MIMETYPE values are checked against the IANA",
        "Media Types registry (earchive/mediatypes.py), so CSIP26's unregistered type is caught.",
        "",
        "| Requirement | Packages | Agree | Disagree | Agreement |",
        "|---|---:|---:|---:|---:|",
    ]
    for case, items in per_case.items():
        done = [(r, v) for r, v in items if v is not None]
        if not done:
            lines.append(f"| {case} | {len(items)} | – | – | not checked |")
            continue
        ok = sum(1 for r, v in done if (v == "valid") == r.is_valid)
        lines.append(f"| {case} | {len(done)} | {ok} | {len(done) - ok} | {_pct(ok, len(done))} |")
    lines += ["", "## Disagreements and why", "",
              "| Requirement | Package | Corpus says | earchive says | Reason |", "|---|---|---|---|---|"]
    for row, v in checked:
        if (v == "valid") != row.is_valid:
            reason = known.get(row.key, "**not explained: a bug or a new corpus case**")
            lines.append(f"| {row.case} | `{row.package}` | {'valid' if row.is_valid else 'invalid'} | {v} | {reason} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/corpus-agreement.md is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"The corpus is not at {CORPUS}", file=sys.stderr)
        return 2
    text = render(evaluate(load_rows()), exceptions())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python scripts/corpus_agreement.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "–"


def _natural(path: Path):
    import re

    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(path))]


if __name__ == "__main__":
    sys.exit(main())
