"""The reports: JSON (one entry per requirement), the terminal summary, the self-contained HTML, in en and sv."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from lxml import etree

from earchive.validation import validate_package
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


def test_text_summary_lists_errors_first(broken):
    text = render_text(validate_package(broken), "en")
    lines = text.splitlines()
    assert lines[0].startswith("NOT VALID: ")
    assert lines[1] == "Specification: E-ARK CSIP/SIP 2.2.0 (read from mets/@PROFILE)"
    assert text.index("Errors (MUST) (2)") < text.index("Warnings (SHOULD)")
    assert "  CSIP69     representations/rep1/METS.xml (line " in text
    sv = render_text(validate_package(broken), "sv")
    assert sv.startswith("INTE GILTIGT: ") and "Fel (SKA) (2)" in sv


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
    assert page.index("Fel (SKA)") < page.index("Varningar (BÖR)") < page.index("Noteringar (KAN)")
    assert "INTE GILTIGT" in page and "CSIP69" in page and "File size" in page
    # well-formed enough for an XML parser in recover mode, with every table row closed
    doc = etree.fromstring(page.encode(), etree.HTMLParser())
    assert doc.xpath("//tr[@class='error']//td//span[@class='req']/text()")[:2] == ["CSIP69", "CSIP71"]


def test_html_of_a_valid_package(tmp_path):
    page = render_html(validate_package(make_package(tmp_path)), "en")
    assert "VALID" in page and "NOT VALID" not in page
    assert re.search(r"Requirements met \(\d+\)", page)
