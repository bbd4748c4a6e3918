#!/usr/bin/env python3
"""Screenshots of the HTML validation report, in Swedish, of a valid and of an invalid package.

    python scripts/report_screenshots.py            # writes docs/screenshots/report-valid-sv.png, report-invalid-sv.png

The packages are built from resources/example/records with earchive's builder (2.1.0, as FGS
Paketstruktur 2.0); the invalid one is the same package after three things an archivist meets:
a record edited after packaging (checksum and size), 31 links whose spaces a tool wrote as '+',
and a MIMETYPE outside the IANA registry.  Each report is rendered with Debian's Chromium,
headless (`apt-get install chromium`).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
#: Window of the screenshots (CSS pixels).
SIZE = "1100,1500"


def build(work: Path) -> Path:
    from earchive import Agent, AgentKind, BuildOptions, DublinCore, Representation, Submission
    from earchive.builder import build_package

    records = work / "Protokoll 2023"
    shutil.copytree(REPO / "resources" / "example" / "records", records)
    out = work / "out"
    out.mkdir()
    submission = Submission(
        objid="SE-KS-2023-001",
        label="Kommunstyrelsens protokoll 2023",
        submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelby kommun", identification_code="ORG:2120000001"),
        agents=[Agent(AgentKind.ARCHIVAL_CREATOR, "Kommunstyrelsen")],
        representations=[Representation("rep1", [records])],
        descriptive=[DublinCore({"title": ["Kommunstyrelsens protokoll 2023"], "creator": ["Kommunstyrelsen"]})],
        submission_agreement="RA 13-2011/5329",
        spec_version="2.1.0",
    )
    return build_package(submission, BuildOptions(out)).package_path


def break_it(package: Path) -> Path:
    """A copy of ``package`` with an edited record, 31 '+' links and an unregistered MIMETYPE."""
    from lxml import etree

    broken = package.with_name(package.name + "-mottaget")
    shutil.copytree(package, broken)
    mets_path = broken / "representations" / "rep1" / "METS.xml"
    tree = etree.parse(str(mets_path))
    m = "{http://www.loc.gov/METS/}"
    xlink = "{http://www.w3.org/1999/xlink}href"
    files = list(tree.iter(m + "file"))
    first = broken / "representations" / "rep1" / files[0].find(m + "FLocat").get(xlink).replace("%20", " ")
    first.write_bytes(first.read_bytes() + b"\nTillagt efter leveransen.\n")
    files[0].set("MIMETYPE", "application/x-protokoll")
    grp = files[0].getparent()
    data = broken / "representations" / "rep1" / "data"
    for i in range(31):
        name = f"Bilaga {i + 1} till protokoll.txt"
        (data / name).write_text(f"Bilaga {i + 1}\n", encoding="utf-8")
        body = (data / name).read_bytes()
        el = etree.SubElement(grp, m + "file", ID=f"bilaga-{i + 1}", MIMETYPE="text/plain", SIZE=str(len(body)),
                              CREATED="2024-05-17T09:00:00Z", CHECKSUM=hashlib.sha256(body).hexdigest(),
                              CHECKSUMTYPE="SHA-256")
        etree.SubElement(el, m + "FLocat", {"LOCTYPE": "URL", "{http://www.w3.org/1999/xlink}type": "simple",
                                              xlink: "data/" + name.replace(" ", "+")})
    tree.write(str(mets_path), xml_declaration=True, encoding="UTF-8")
    return broken


def screenshot(html: Path, png: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="earchive-chromium-") as profile:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={SIZE}",
                        f"--screenshot={png}", html.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"wrote {png}")


def main() -> int:
    from earchive.validation import validate_package
    from earchive.validation.report_html import render_html

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="earchive-report-shots-") as tmp:
        work = Path(tmp)
        package = build(work)
        for label, path in (("valid", package), ("invalid", break_it(package))):
            report = validate_package(path)
            html = work / f"report-{label}-sv.html"
            html.write_text(render_html(report, "sv"), encoding="utf-8")
            screenshot(html, OUT / f"report-{label}-sv.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
