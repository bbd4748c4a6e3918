"""A complete, valid E-ARK SIP written by hand for the validator's tests, and the checks that it is clean.

``make_package(tmp_path, version)`` writes a package that uses every element CSIP and SIP
describe (all five agents, altRecordIDs, dmdSec, digiprovMD, rightsMD, the format
attributes SIP32-35, one representation with its own METS), with true sizes and SHA-256
checksums, so that a correct validator reports no finding at all.  Tests change one
thing in a copy and assert the one finding it causes.  It is written independently of
earchive's builder, so that the two check each other.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from lxml import etree

from earchive import schemas
from earchive.validation import Severity, Status, validate_package

METS = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK = "http://www.w3.org/1999/xlink"
NSMAP = {None: METS, "csip": CSIP, "sip": SIP, "xlink": XLINK}
PROFILES = {
    "2.2.0": "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml",
    "2.1.0": "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml",
}
CSIP_PROFILE = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
OBJID = "SE-KS-2023-001"
CREATED = "2024-05-17T09:00:00+02:00"

DC = """<?xml version="1.0" encoding="UTF-8"?>
<simpledc><title>Kommunstyrelsens protokoll 2023</title><creator>Kommunstyrelsen</creator><date>2023</date></simpledc>
"""
PREMIS = """<?xml version="1.0" encoding="UTF-8"?>
<premis:premis xmlns:premis="http://www.loc.gov/premis/v3" version="3.0"><premis:object
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="premis:file"><premis:objectIdentifier>
<premis:objectIdentifierType>local</premis:objectIdentifierType><premis:objectIdentifierValue>{name}</premis:objectIdentifierValue>
</premis:objectIdentifier><premis:objectCharacteristics><premis:format><premis:formatDesignation>
<premis:formatName>Plain text</premis:formatName></premis:formatDesignation></premis:format>
</premis:objectCharacteristics></premis:object></premis:premis>
"""
RIGHTS = "Fri för forskning enligt offentlighetsprincipen.\n"


def M(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def X(name: str) -> str:
    return f"{{{XLINK}}}{name}"


def C(name: str) -> str:
    return f"{{{CSIP}}}{name}"


def S(name: str) -> str:
    return f"{{{SIP}}}{name}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file_attrs(path: Path, fid: str, mime: str = "text/plain") -> dict:
    return {"ID": fid, "MIMETYPE": mime, "SIZE": str(path.stat().st_size), "CREATED": CREATED,
            "CHECKSUM": sha256(path), "CHECKSUMTYPE": "SHA-256"}


def _md_ref(parent, root: Path, rel: str, mdtype: str, mime: str = "text/xml", **extra) -> None:
    path = root / rel
    attrs = {"LOCTYPE": "URL", X("type"): "simple", X("href"): rel, "MDTYPE": mdtype, "MIMETYPE": mime,
             "SIZE": str(path.stat().st_size), "CREATED": CREATED, "CHECKSUM": sha256(path), "CHECKSUMTYPE": "SHA-256"}
    attrs.update(extra)
    etree.SubElement(parent, M("mdRef"), attrs)


def _header(mets, *, sip: bool) -> None:
    hdr = etree.SubElement(mets, M("metsHdr"), {"CREATEDATE": CREATED, "LASTMODDATE": CREATED,
                                                C("OAISPACKAGETYPE"): "SIP"})
    if sip:
        hdr.set("RECORDSTATUS", "NEW")
    agent = etree.SubElement(hdr, M("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"})
    etree.SubElement(agent, M("name")).text = "Handskrivet testpaket"
    etree.SubElement(agent, M("note"), {C("NOTETYPE"): "SOFTWARE VERSION"}).text = "1.0"
    if not sip:
        return
    for role, type_, name, code in (("ARCHIVIST", "ORGANIZATION", "Kommunstyrelsen", "ORG:2120000001"),
                                    ("CREATOR", "ORGANIZATION", "Exempelby kommun", "ORG:2120000001"),
                                    ("PRESERVATION", "ORGANIZATION", "Regionarkivet", "ORG:2320000002")):
        agent = etree.SubElement(hdr, M("agent"), {"ROLE": role, "TYPE": type_})
        etree.SubElement(agent, M("name")).text = name
        etree.SubElement(agent, M("note"), {C("NOTETYPE"): "IDENTIFICATIONCODE"}).text = code
    contact = etree.SubElement(hdr, M("agent"), {"ROLE": "CREATOR", "TYPE": "INDIVIDUAL"})
    etree.SubElement(contact, M("name")).text = "Åsa Arkivarie"
    etree.SubElement(contact, M("note")).text = "asa@example.se"
    for type_, value in (("SUBMISSIONAGREEMENT", "RA 13-2011/5329; 2012-04-12"),
                         ("PREVIOUSSUBMISSIONAGREEMENT", "FM 12-2387/12726, 2007-09-19"),
                         ("REFERENCECODE", "SE/KS/A1"), ("PREVIOUSREFERENCECODE", "SE/FM/123")):
        etree.SubElement(hdr, M("altRecordID"), {"TYPE": type_}).text = value


def _file(grp, root: Path, rel: str, fid: str, mime: str = "text/plain", href: str | None = None) -> None:
    el = etree.SubElement(grp, M("file"), _file_attrs(root / rel, fid, mime))
    el.set(S("FILEFORMATNAME"), "Plain text")
    el.set(S("FILEFORMATVERSION"), "1")
    el.set(S("FILEFORMATREGISTRY"), "PRONOM")
    el.set(S("FILEFORMATKEY"), "x-fmt/111")
    etree.SubElement(el, M("FLocat"), {"LOCTYPE": "URL", X("type"): "simple", X("href"): href or rel})


def _write(tree_root, path: Path) -> None:
    etree.ElementTree(tree_root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def make_package(parent: Path, version: str = "2.2.0", name: str = OBJID) -> Path:
    """Write a complete, valid SIP of ``version`` under ``parent``; return its root folder."""
    root = parent / name
    rep = root / "representations" / "rep1"
    for folder in ("metadata/descriptive", "metadata/preservation", "metadata/other", "documentation", "schemas",
                   "representations/rep1/data/Protokoll", "representations/rep1/metadata/preservation",
                   "representations/rep1/metadata/other"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "metadata/descriptive/dc.xml").write_text(DC, encoding="utf-8")
    (root / "metadata/preservation/premis.xml").write_text(PREMIS.format(name=OBJID), encoding="utf-8")
    (root / "metadata/other/rights.txt").write_text(RIGHTS, encoding="utf-8")
    (root / "documentation/Leveransöverenskommelse.txt").write_text("Avtal om leverans.\n", encoding="utf-8")
    (rep / "data/Protokoll/Protokoll 2023-05-11.txt").write_text("Protokoll fört vid sammanträde.\n", encoding="utf-8")
    (rep / "data/Beslut.txt").write_text("Beslut: bifall.\n", encoding="utf-8")
    (rep / "metadata/preservation/premis.xml").write_text(PREMIS.format(name="rep1"), encoding="utf-8")
    (rep / "metadata/other/rights.txt").write_text(RIGHTS, encoding="utf-8")
    schema_files = [p.name for p in schemas.copy_schemas(["mets", "csip", "sip", "simpledc", "premis"], root / "schemas")]

    # --- representation METS ----------------------------------------------------------------
    rmets = etree.Element(M("mets"), {"OBJID": "rep1", "TYPE": "Textual works – Digital", "PROFILE": CSIP_PROFILE,
                                      C("CONTENTINFORMATIONTYPE"): "citserms_v2_1"}, nsmap=NSMAP)
    _header(rmets, sip=False)
    amd = etree.SubElement(rmets, M("amdSec"))
    rights = etree.SubElement(amd, M("rightsMD"), {"ID": "rep-rights-1", "STATUS": "CURRENT"})
    _md_ref(rights, rep, "metadata/other/rights.txt", "OTHER", mime="text/plain", OTHERMDTYPE="Rättigheter")
    dp = etree.SubElement(amd, M("digiprovMD"), {"ID": "rep-digiprov-1", "STATUS": "CURRENT"})
    _md_ref(dp, rep, "metadata/preservation/premis.xml", "PREMIS", MDTYPEVERSION="3.0")
    fsec = etree.SubElement(rmets, M("fileSec"), {"ID": "rep-fileSec"})
    grp = etree.SubElement(fsec, M("fileGrp"), {"ID": "rep-grp-data", "USE": "Representations/rep1/data",
                                                C("CONTENTINFORMATIONTYPE"): "citserms_v2_1"})
    _file(grp, rep, "data/Protokoll/Protokoll 2023-05-11.txt", "rep-file-1",
          href="data/Protokoll/Protokoll%202023-05-11.txt")
    _file(grp, rep, "data/Beslut.txt", "rep-file-2")
    smap = etree.SubElement(rmets, M("structMap"), {"ID": "rep-structMap", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    main = etree.SubElement(smap, M("div"), {"ID": "rep-div", "LABEL": "rep1"})
    etree.SubElement(main, M("div"), {"ID": "rep-div-md", "LABEL": "Metadata", "ADMID": "rep-rights-1 rep-digiprov-1"})
    reps = etree.SubElement(main, M("div"), {"ID": "rep-div-reps", "LABEL": "Representations"})
    etree.SubElement(reps, M("fptr"), {"FILEID": "rep-grp-data"})
    _write(rmets, rep / "METS.xml")

    # --- package METS ---------------------------------------------------------------------------
    mets = etree.Element(M("mets"), {"OBJID": name, "LABEL": "Kommunstyrelsens protokoll 2023",
                                     "TYPE": "Textual works – Digital", "PROFILE": PROFILES[version],
                                     C("CONTENTINFORMATIONTYPE"): "citserms_v2_1"}, nsmap=NSMAP)
    _header(mets, sip=True)
    dmd = etree.SubElement(mets, M("dmdSec"), {"ID": "dmd-1", "CREATED": CREATED, "STATUS": "CURRENT"})
    _md_ref(dmd, root, "metadata/descriptive/dc.xml", "DC", MIMETYPE="text/xml")
    amd = etree.SubElement(mets, M("amdSec"))
    rights = etree.SubElement(amd, M("rightsMD"), {"ID": "rights-1", "STATUS": "CURRENT"})
    _md_ref(rights, root, "metadata/other/rights.txt", "OTHER", mime="text/plain", OTHERMDTYPE="Rättigheter")
    dp = etree.SubElement(amd, M("digiprovMD"), {"ID": "digiprov-1", "STATUS": "CURRENT"})
    _md_ref(dp, root, "metadata/preservation/premis.xml", "PREMIS", MDTYPEVERSION="3.0")
    fsec = etree.SubElement(mets, M("fileSec"), {"ID": "fileSec"})
    docs = etree.SubElement(fsec, M("fileGrp"), {"ID": "grp-doc", "USE": "Documentation"})
    _file(docs, root, "documentation/Leveransöverenskommelse.txt", "file-doc-1",
          href="documentation/Leverans%C3%B6verenskommelse.txt")
    sch = etree.SubElement(fsec, M("fileGrp"), {"ID": "grp-schemas", "USE": "Schemas"})
    for i, fname in enumerate(schema_files, 1):
        _file(sch, root, f"schemas/{fname}", f"file-schema-{i}", mime="application/xml")
    rgrp = etree.SubElement(fsec, M("fileGrp"), {"ID": "grp-rep1", "USE": "Representations/rep1",
                                                 C("CONTENTINFORMATIONTYPE"): "citserms_v2_1"})
    _file(rgrp, root, "representations/rep1/METS.xml", "file-rep1-mets", mime="application/xml")
    smap = etree.SubElement(mets, M("structMap"), {"ID": "structMap", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    main = etree.SubElement(smap, M("div"), {"ID": "div-main", "LABEL": name})
    etree.SubElement(main, M("div"), {"ID": "div-md", "LABEL": "Metadata", "ADMID": "digiprov-1 rights-1",
                                      "DMDID": "dmd-1"})
    for label, gid in (("Documentation", "grp-doc"), ("Schemas", "grp-schemas")):
        div = etree.SubElement(main, M("div"), {"ID": f"div-{gid}", "LABEL": label})
        etree.SubElement(div, M("fptr"), {"FILEID": gid})
    div = etree.SubElement(main, M("div"), {"ID": "div-rep1", "LABEL": "Representations/rep1"})
    etree.SubElement(div, M("mptr"), {"LOCTYPE": "URL", X("type"): "simple", X("href"): "representations/rep1/METS.xml",
                                      X("title"): "grp-rep1"})
    etree.SubElement(div, M("fptr"), {"FILEID": "grp-rep1"})
    _write(mets, root / "METS.xml")
    return root


def rewrite(package: Path, rel: str, edit) -> None:
    """Parse package/rel, call ``edit(root_element)``, write it back (checksums in other METS are not updated)."""
    path = package / rel
    tree = etree.parse(str(path))
    edit(tree.getroot())
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def refresh_rep_mets_fixity(package: Path) -> None:
    """After editing the representation METS, record its new size and checksum in the package METS."""
    def edit(root):
        el = root.find(".//{http://www.loc.gov/METS/}file[@ID='file-rep1-mets']")
        rep = package / "representations/rep1/METS.xml"
        el.set("SIZE", str(rep.stat().st_size))
        el.set("CHECKSUM", sha256(rep))
    rewrite(package, "METS.xml", edit)


def findings_of(report, requirement: str):
    return [f for f in report.findings if f.requirement == requirement]


# --- the clean package ------------------------------------------------------------------------------


@pytest.fixture(params=["2.2.0", "2.1.0"])
def clean(request, tmp_path):
    return request.param, make_package(tmp_path, request.param)


def test_hand_written_package_has_no_findings_but_unavailable_schemas(clean):
    version, package = clean
    report = validate_package(package)
    # 2.1.0 shares its profile URL with 2.0.4: the version is assumed, and a note says so (issue 11, point 6).
    assert report.version == version and report.version_source == ("assumed" if version == "2.1.0" else "profile")
    noise = [f for f in report.findings if f.code not in ("v.schema_unavailable", "v.version_assumed")]
    assert noise == [], "\n".join(f"{f.requirement} {f.file} {f.xpath} {f.message('en')}" for f in noise)
    assert report.valid and int(report.exit_code) == 0
    # A schema earchive cannot provide offline (EAD 2002) would be a note, never a failure.
    assert all(f.severity is Severity.INFO for f in report.findings)
    assert report.result("METADATA-XSD").status is Status.PASSED  # simple DC and PREMIS were checked


def test_every_requirement_is_passed_or_skipped_with_a_reason(clean):
    _, package = clean
    report = validate_package(package)
    failed = [r.id for r in report.results if r.status is Status.FAILED]
    assert failed == []
    skipped = {r.id: r.reason for r in report.results if r.status is Status.SKIPPED}
    # Nothing is "not implemented": every requirement of the profiles and CSIPSTR has a check.
    assert "v.skip.not_implemented" not in skipped.values()
    # What remains skipped does not apply to this package (e.g. CSIP5: no OTHER content information type).
    # ... and the ERMS checks: this package has no case files.
    assert set(skipped) <= {"CSIP3", "CSIP5", "CSIP61", "CSIP63", "CSIP73", "CSIP74", "CSIP75", "CSIP86",
                            "CSIP101", "CSIP102", "CSIP103", "CSIPSTR16", "CSIP86",
                            "ERMS-XSD", "ERMS-SCHEMATRON", "ERMS-FILES", "ERMS-FIXITY"}, skipped
    assert {skipped[r] for r in ("ERMS-XSD", "ERMS-FIXITY")} == {"v.skip.no_erms"}
    passed = {r.id for r in report.results if r.status is Status.PASSED}
    assert {"CSIP69", "CSIP71", "CSIP79", "CSIP108", "SIP2", "SIP15", "CSIPSTR4", "METS-XSD"} <= passed


def test_same_package_as_zip_and_tar(clean, tmp_path):
    version, package = clean
    zipped = Path(shutil.make_archive(str(tmp_path / "zipped"), "zip", package.parent, package.name))
    tarred = Path(shutil.make_archive(str(tmp_path / "tarred"), "gztar", package.parent, package.name))
    for archive in (zipped, tarred):
        report = validate_package(archive)
        assert report.valid, [f.message("en") for f in report.findings if f.severity is Severity.ERROR]
        assert [f for f in report.findings if f.code not in ("v.schema_unavailable", "v.version_assumed")] == []
