"""The reports: JSON (one entry per requirement), the terminal summary, the self-contained HTML, in en and sv."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from lxml import etree

from earchive.validation import Severity, validate_package
from earchive.validation.report_html import render_html
from earchive.validation.report_json import render_json
from earchive.validation.report_text import render_text
from test_validation_package import make_package, rewrite


@pytest.fixture
def broken(tmp_path):
    """A package with one error (CSIP69/71), one warning (CSIP8) and a hostile-looking OBJID."""
    package = make_package(tmp_path, "2.2.0", name="<img src=x onerror=alert(1)>")
    rewrite(package, "METS.xml", lambda r: r.find("{http://www.loc.gov/METS/}metsHdr").attrib.pop("LASTMODDATE"))
    (package / "representations/rep1/data/Beslut.txt").write_text("Beslut: avslag, återremiss.\n", encoding="utf-8")
    return package


def test_json_has_one_entry_per_requirement_and_every_finding(broken):
    report = validate_package(broken)
    data = json.loads(render_json(report, "en"))
    assert data["valid"] is False and data["exit_code"] == 1 and data["specification_version"] == "2.2.0"
    ids = [r["id"] for r in data["requirements"]]
    assert len(ids) == len(set(ids)) == len(report.results)
    entry = next(r for r in data["requirements"] if r["id"] == "CSIP69")
    assert entry["level"] == "MUST" and entry["severity"] == "error" and entry["status"] == "failed"
    assert entry["location"] == "representations/rep1/METS.xml: /mets:mets/mets:fileSec/mets:fileGrp/mets:file[2]/@SIZE"
    assert entry["message"] == "representations/rep1/data/Beslut.txt is 29 bytes, but SIZE says 16."
    assert {"id", "level", "status", "location", "message", "findings"} <= set(entry)
    [finding] = entry["findings"]
    assert finding["file"] == "representations/rep1/METS.xml" and finding["xpath"].endswith("/@SIZE")
    skipped = next(r for r in data["requirements"] if r["id"] == "CSIP5")
    assert skipped["status"] == "skipped" and skipped["message"] == "Not applicable to this package."
    assert data["counts"]["error"] == 2 and len(data["findings"]) == sum(data["counts"][s] for s in ("error", "warning", "info"))


def test_json_in_swedish(broken):
    data = json.loads(render_json(validate_package(broken), "sv"))
    entry = next(r for r in data["requirements"] if r["id"] == "CSIP69")
    assert entry["message"] == "representations/rep1/data/Beslut.txt är 29 byte, men SIZE anger 16."


def test_text_summary_answers_first_then_lists_errors_by_cause(broken):
    text = render_text(validate_package(broken), "en")
    lines = text.splitlines()
    assert lines[0] == "NOT VALID: do not deliver the package"
    assert lines[1].startswith("  It breaks 2 MUST requirement(s) of E-ARK CSIP/SIP 2.2.0 (2 error(s))")
    assert f"Package: {broken}" in lines and "Specification: E-ARK CSIP/SIP 2.2.0 (read from mets/@PROFILE)" in lines
    assert text.index("Errors (stop the delivery): 2 requirement(s), 2 finding(s)") < text.index("Warnings (should")
    assert "  CSIP69 File size (MUST)" in text and "· representations/rep1/METS.xml:" in text
    assert "→ What to do: " in text
    sv = render_text(validate_package(broken), "sv")
    assert sv.startswith("INTE GILTIGT: leverera inte paketet") and "Fel (hindrar leverans): 2 krav, 2 iakttagelse(r)" in sv
    assert "CSIP69 Filens storlek (SKA)" in sv and "→ Gör så här: " in sv


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_escaped_and_readable(broken):
    page = render_html(validate_package(broken), "sv")
    collector = _Collector()
    collector.feed(page)
    tags = {t for t, _ in collector.tags}
    assert "script" not in tags and "img" not in tags and "link" not in tags and "iframe" not in tags
    assert not any(a.get("src") or a.get("href") for _, a in collector.tags)  # nothing to load
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<html lang="sv">' in page and "<style>" in page
    assert page.index("Fel (hindrar leverans)") < page.index("Varningar (bör rättas)")
    assert "INTE GILTIGT" in page and "CSIP69" in page and "Filens storlek" in page and "Gör så här" in page
    # well-formed enough for an XML parser in recover mode, with every table row closed
    doc = etree.fromstring(page.encode(), etree.HTMLParser())
    assert doc.xpath("//tr[@class='error']//td//span[@class='req']/text()")[:2] == ["CSIP69", "CSIP71"]


def test_html_of_a_valid_package(tmp_path):
    page = render_html(validate_package(make_package(tmp_path)), "en")
    assert "VALID" in page and "NOT VALID" not in page
    assert re.search(r"Requirements met \(\d+\)", page)


def test_one_cause_is_one_group_with_a_count_and_no_echo(tmp_path):
    """Issue 11, point 7: 31 links writing a space as '+' are one cause: one group of 31 places, a
    what-to-do line, and no 31 'not referenced' warnings for the files they were meant for."""
    from earchive.validation.report_groups import groups
    from earchive.validation.report_text import render_text
    from test_validation_package import M, X, make_package, refresh_rep_mets_fixity, rewrite

    package = make_package(tmp_path, "2.2.0")
    data = package / "representations/rep1/data"
    names = [f"Protokoll nr {i}.txt" for i in range(31)]
    for name in names:
        (data / name).write_text("x\n", encoding="utf-8")

    def edit(root):
        grp = root.find(f".//{M('fileGrp')}")
        template = grp.find(M("file"))
        import copy
        for i, name in enumerate(names):
            el = copy.deepcopy(template)
            el.set("ID", f"plus-{i}")
            el.set("SIZE", "2")
            el.set("CHECKSUM", "7ace431cb61584cb9b8dc7ec08cf38ac0a2d649660be86d349fb43108b542fa4")
            el.find(M("FLocat")).set(X("href"), "data/" + name.replace(" ", "+"))
            grp.append(el)
    rewrite(package, "representations/rep1/METS.xml", edit)
    refresh_rep_mets_fixity(package)
    report = validate_package(package)
    found = groups(report)
    [plus] = [g for g in found if g.code == "v.href_missing.plus"]
    assert plus.count == 31 and plus.requirement == "CSIP79" and len(plus.places()) == 5
    assert "%20" in plus.todo("sv") and "%20" in plus.todo("en")
    assert not [f for f in report.findings if f.requirement == "FILE-REFERENCED"]
    text = render_text(report, "sv")
    assert text.count("skriver mellanslag som +") == 1 and "31 gånger" in text and "… och 28 ställen till" in text
    assert "JSON-rapporten" not in text.split("\n\n")[-1] or "HTML-rapporten" in text


def test_a_valid_package_reads_as_deliverable_and_unused_options_are_not_unmet(tmp_path):
    from earchive.validation.report_html import render_html
    from earchive.validation.report_text import render_text
    from test_validation_package import make_package

    report = validate_package(make_package(tmp_path, "2.2.0"))
    text = render_text(report, "sv")
    assert text.splitlines()[0] == "GILTIGT: paketet kan levereras"
    assert "0 SKA-krav brutna, 0 BÖR-krav ej uppfyllda" in text
    counts = report.counts()
    assert counts["failed"] == counts["should_unmet"] == 0
    page = render_html(report, "sv")
    assert "GILTIGT: paketet kan levereras" in page and "Filens kontrollsumma" in page  # Swedish requirement names


def test_every_error_has_a_what_to_do_line_in_both_languages(broken):
    from earchive.validation.report_groups import groups

    report = validate_package(broken)
    for group in groups(report):
        if group.severity is not Severity.INFO:
            for lang in ("en", "sv"):
                assert group.todo(lang), (group.requirement, group.code, lang)
