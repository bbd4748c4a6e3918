"""The builder, checked attribute by attribute per CSIP/SIP requirement ID on real packages."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from earchive import (
    Agent,
    AgentKind,
    BuildOptions,
    DublinCore,
    EadDescription,
    KeyValue,
    Representation,
    SpecVersion,
    Submission,
)
from earchive.builder import REPORT_NAME, build_package
from earchive.errors import Cancelled, InvalidInput, OutputError, SourceError
from earchive.progress import CancelToken

from support.oracles import OFFICIAL_SCHEMAS, assert_valid

NS = {
    "mets": "http://www.loc.gov/METS/",
    "csip": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS",
    "xlink": "http://www.w3.org/1999/xlink",
    "premis": "http://www.loc.gov/premis/v3",
}
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def make_submission(records: Path, version: str = "2.2.0", **kw) -> Submission:
    docs = records.parent / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "Leveransöverenskommelse.txt").write_text("Avtal om leverans.\n", encoding="utf-8")
    args = dict(
        objid="SE-KS-2023-001",
        label="Kommunstyrelsens protokoll 2023",
        submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelkommun", identification_code="ORG:2120000001"),
        agents=[
            Agent(AgentKind.ARCHIVAL_CREATOR, "Kommunstyrelsen", identification_code="ORG:2120000001"),
            Agent(AgentKind.CONTACT, "Åsa Arkivarie", notes=["asa@example.se", "+46 8 123 45"]),
            Agent(AgentKind.PRESERVATION, "Regionarkivet", identification_code="ORG:2320000002"),
        ],
        representations=[Representation("rep1", [records])],
        descriptive=[
            DublinCore({"title": ["Kommunstyrelsens protokoll 2023"], "creator": ["Kommunstyrelsen"], "date": ["2023"]}),
            EadDescription("Kommunstyrelsens protokoll", unitid="SE/KS/A1", level="series", unitdate_normal="2023/2023"),
            KeyValue({"title": "Kommunstyrelsens protokoll 2023", "level": "series"}),
        ],
        documentation=[docs],
        submission_agreement="RA 13-2011/5329; 2012-04-12",
        reference_code="SE/KS/A1",
        spec_version=version,
    )
    args.update(kw)
    return Submission(**args)


def snapshot(folder: Path) -> dict[str, tuple[int, float, bytes]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            out[str(p)] = (st.st_size, st.st_mtime, p.read_bytes())
    return out


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture(params=["2.2.0", "2.1.0"])
def built(request, records, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(records)
    result = build_package(make_submission(records, request.param), BuildOptions(out))
    assert snapshot(records) == before, "sources were modified"
    return request.param, result


def root_of(result) -> Path:
    return result.package_path


def parse(path: Path):
    return etree.parse(str(path)).getroot()


# --- structure ------------------------------------------------------------------------------


def test_structure_csipstr(built):
    version, result = built
    root = root_of(result)
    assert root.name == "SE-KS-2023-001"  # CSIPSTR2: root folder named after OBJID
    assert (root / "METS.xml").is_file()  # CSIPSTR4
    assert (root / "metadata" / "descriptive" / "dc.xml").is_file()  # CSIPSTR7
    assert (root / "metadata" / "descriptive" / "ead.xml").is_file()
    assert (root / "metadata" / "descriptive" / "key-value.xml").is_file()
    assert (root / "metadata" / "preservation" / "premis.xml").is_file()  # CSIPSTR6
    rep = root / "representations" / "rep1"
    assert (rep / "METS.xml").is_file()  # CSIPSTR12
    assert (rep / "data" / "Kommunstyrelsen" / "Protokoll 2023" / "Protokoll 2023-05-11.txt").is_file()  # CSIPSTR11
    assert (rep / "metadata" / "preservation" / "premis.xml").is_file()  # CSIPSTR13
    assert {p.name for p in (root / "schemas").iterdir()} >= {"mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd"}  # CSIPSTR15
    assert (root / "documentation" / "docs" / "Leveransöverenskommelse.txt").is_file()  # CSIPSTR16
    assert (root / "documentation" / REPORT_NAME).is_file()
    assert not list(root.parent.glob(".*partial*")), "temporary files left behind"
    assert result.files == 5 and result.bytes > 0


def test_all_xml_valid_against_official_schemas(built):
    _, result = built
    root = root_of(result)
    assert_valid("mets", root / "METS.xml")
    assert_valid("mets", root / "representations" / "rep1" / "METS.xml")
    assert_valid("premis", root / "metadata" / "preservation" / "premis.xml")
    assert_valid("premis", root / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml")
    assert_valid("simpledc", root / "metadata" / "descriptive" / "dc.xml")
    assert_valid("ead2002", root / "metadata" / "descriptive" / "ead.xml")
    assert_valid("key-value", root / "metadata" / "descriptive" / "key-value.xml")


# --- root METS, per requirement -----------------------------------------------------------------


def test_root_element(built):
    version, result = built
    mets = parse(root_of(result) / "METS.xml")
    assert mets.get("OBJID") == "SE-KS-2023-001"  # CSIP1
    assert mets.get("TYPE") == "Mixed"  # CSIP2 (vocabulary term)
    assert mets.get(f"{{{NS['csip']}}}CONTENTINFORMATIONTYPE") == "MIXED"  # CSIP4
    assert mets.get("LABEL") == "Kommunstyrelsens protokoll 2023"  # SIP1
    expected = {
        "2.2.0": "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml",
        "2.1.0": "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml",
    }[version]
    assert mets.get("PROFILE") == expected  # CSIP6, SIP2


def test_mets_header(built):
    _, result = built
    mets = parse(root_of(result) / "METS.xml")
    hdr = mets.find("mets:metsHdr", NS)  # CSIP117
    assert DATETIME.match(hdr.get("CREATEDATE"))  # CSIP7
    assert DATETIME.match(hdr.get("LASTMODDATE"))  # CSIP8
    assert hdr.get(f"{{{NS['csip']}}}OAISPACKAGETYPE") == "SIP"  # CSIP9, SIP4
    assert hdr.get("RECORDSTATUS") == "NEW"  # SIP3
    agents = hdr.findall("mets:agent", NS)
    software = agents[0]  # CSIP10-16
    assert (software.get("ROLE"), software.get("TYPE"), software.get("OTHERTYPE")) == ("CREATOR", "OTHER", "SOFTWARE")
    assert software.findtext("mets:name", namespaces=NS) == "earchive"
    note = software.find("mets:note", NS)
    assert note.get(f"{{{NS['csip']}}}NOTETYPE") == "SOFTWARE VERSION" and note.text
    by_role = [(a.get("ROLE"), a.get("TYPE"), a.findtext("mets:name", namespaces=NS)) for a in agents[1:]]
    assert by_role == [
        ("CREATOR", "ORGANIZATION", "Exempelkommun"),  # SIP15-18 submitting agent
        ("ARCHIVIST", "ORGANIZATION", "Kommunstyrelsen"),  # SIP9-12 archival creator
        ("CREATOR", "INDIVIDUAL", "Åsa Arkivarie"),  # SIP21-24 contact person
        ("PRESERVATION", "ORGANIZATION", "Regionarkivet"),  # SIP26-29 preservation agent
    ]
    submitter_note = agents[1].find("mets:note", NS)
    assert submitter_note.text == "ORG:2120000001"
    assert submitter_note.get(f"{{{NS['csip']}}}NOTETYPE") == "IDENTIFICATIONCODE"  # SIP20
    assert [n.text for n in agents[3].findall("mets:note", NS)] == ["asa@example.se", "+46 8 123 45"]  # SIP25
    alt = [(a.get("TYPE"), a.text) for a in hdr.findall("mets:altRecordID", NS)]
    assert alt == [("SUBMISSIONAGREEMENT", "RA 13-2011/5329; 2012-04-12"), ("REFERENCECODE", "SE/KS/A1")]  # SIP5, SIP7


def _check_mdref(ref, package_dir: Path) -> None:
    assert ref.get("LOCTYPE") == "URL"  # CSIP22 / CSIP36
    assert ref.get(f"{{{NS['xlink']}}}type") == "simple"  # CSIP23 / CSIP37
    target = package_dir / unquote(ref.get(f"{{{NS['xlink']}}}href"))  # CSIP24 / CSIP38
    assert target.is_file(), target
    assert ref.get("MDTYPE")  # CSIP25
    assert ref.get("MIMETYPE") == "text/xml"  # CSIP26
    assert int(ref.get("SIZE")) == target.stat().st_size  # CSIP27
    assert DATETIME.match(ref.get("CREATED"))  # CSIP28
    assert ref.get("CHECKSUMTYPE") == "SHA-256"  # CSIP30
    assert ref.get("CHECKSUM") == hashlib.sha256(target.read_bytes()).hexdigest()  # CSIP29


def test_dmdsec_and_amdsec(built):
    _, result = built
    root = root_of(result)
    mets = parse(root / "METS.xml")
    dmds = mets.findall("mets:dmdSec", NS)
    assert len(dmds) == 3  # CSIP17: one dmdSec per description
    for dmd in dmds:
        assert dmd.get("ID") and DATETIME.match(dmd.get("CREATED"))  # CSIP18, CSIP19
        assert dmd.get("STATUS") == "CURRENT"  # CSIP20
        _check_mdref(dmd.find("mets:mdRef", NS), root)
    types = [(d.find("mets:mdRef", NS).get("MDTYPE"), d.find("mets:mdRef", NS).get("MDTYPEVERSION"), d.find("mets:mdRef", NS).get("OTHERMDTYPE")) for d in dmds]
    assert types == [("DC", "SimpleDC20021212", None), ("EAD", "2002", None), ("OTHER", None, "KEY-VALUE")]
    amd = mets.findall("mets:amdSec", NS)
    assert len(amd) == 1  # CSIP31: a single amdSec
    prov = amd[0].findall("mets:digiprovMD", NS)
    assert len(prov) == 1 and prov[0].get("ID") and prov[0].get("STATUS") == "CURRENT"  # CSIP32-34
    ref = prov[0].find("mets:mdRef", NS)
    assert ref.get("MDTYPE") == "PREMIS"
    _check_mdref(ref, root)


def test_filesec_and_structmap(built):
    _, result = built
    root = root_of(result)
    mets = parse(root / "METS.xml")
    filesec = mets.find("mets:fileSec", NS)
    assert filesec.get("ID")  # CSIP58, CSIP59
    groups = {g.get("USE"): g for g in filesec.findall("mets:fileGrp", NS)}
    assert list(groups) == ["Documentation", "Schemas", "Representations/rep1"]  # CSIP60, CSIP113, CSIP114, CSIP64
    assert groups["Representations/rep1"].get(f"{{{NS['csip']}}}CONTENTINFORMATIONTYPE") == "MIXED"  # CSIP62
    docs = [f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href") for f in groups["Documentation"]]
    assert docs == ["documentation/docs/Leveransöverenskommelse.txt".replace("ö", "%C3%B6"), f"documentation/{REPORT_NAME}"]
    rep_files = groups["Representations/rep1"].findall("mets:file", NS)
    assert [f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href") for f in rep_files] == ["representations/rep1/METS.xml"]
    ids = [e.get("ID") for e in mets.iter() if e.get("ID")]
    assert len(ids) == len(set(ids)), "xml:ID values must be unique"  # CSIP59, CSIP65, CSIP67...

    smap = mets.findall("mets:structMap", NS)
    assert len(smap) == 1
    assert (smap[0].get("TYPE"), smap[0].get("LABEL")) == ("PHYSICAL", "CSIP")  # CSIP81, CSIP82
    main = smap[0].findall("mets:div", NS)
    assert len(main) == 1 and main[0].get("ID")  # CSIP84, CSIP85
    divs = {d.get("LABEL"): d for d in main[0].findall("mets:div", NS)}
    assert list(divs) == ["Metadata", "Documentation", "Schemas", "Representations/rep1"]
    dmd_ids = [d.get("ID") for d in mets.findall("mets:dmdSec", NS)]
    assert divs["Metadata"].get("DMDID").split() == dmd_ids  # CSIP92
    assert divs["Metadata"].get("ADMID").split() == [d.get("ID") for d in mets.iter(f"{{{NS['mets']}}}digiprovMD")]  # CSIP91
    assert divs["Documentation"].find("mets:fptr", NS).get("FILEID") == groups["Documentation"].get("ID")  # CSIP116
    assert divs["Schemas"].find("mets:fptr", NS).get("FILEID") == groups["Schemas"].get("ID")  # CSIP118
    mptr = divs["Representations/rep1"].find("mets:mptr", NS)  # CSIP105-112
    assert mptr.get(f"{{{NS['xlink']}}}href") == "representations/rep1/METS.xml"
    assert mptr.get(f"{{{NS['xlink']}}}title") == groups["Representations/rep1"].get("ID")
    assert mptr.get(f"{{{NS['xlink']}}}type") == "simple" and mptr.get("LOCTYPE") == "URL"


def test_representation_mets(built):
    version, result = built
    rep = root_of(result) / "representations" / "rep1"
    mets = parse(rep / "METS.xml")
    assert mets.get("OBJID") == "rep1"  # CSIP1 (representation level)
    assert mets.get(f"{{{NS['csip']}}}CONTENTINFORMATIONTYPE") == "MIXED"
    assert mets.get("PROFILE") == "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
    groups = {g.get("USE"): g for g in mets.find("mets:fileSec", NS).findall("mets:fileGrp", NS)}
    assert list(groups) == ["Representations/rep1/data"]  # CSIP64 ("Representations/submission/data")
    hrefs = sorted(unquote(f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")) for f in groups["Representations/rep1/data"])
    assert hrefs == sorted([
        "data/Kommunstyrelsen/Beslut å ä ö.txt",
        "data/Kommunstyrelsen/Protokoll 2023/Protokoll 2023-05-11.txt",
        "data/Kommunstyrelsen/data.csv",
        "data/Kommunstyrelsen/rapport.pdf",
        "data/Kommunstyrelsen/tom.txt",
    ])
    mimes = {unquote(f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")).rsplit("/", 1)[1]: f.get("MIMETYPE") for f in groups["Representations/rep1/data"]}
    assert mimes["rapport.pdf"] == "application/pdf"  # CSIP68
    assert mimes["Beslut å ä ö.txt"] == "text/plain"
    assert all(re.fullmatch(r"[\w.+-]+/[\w.+-]+", m) for m in mimes.values())


def test_round_trip_checksums_and_sizes(built):
    """Recompute every checksum and size from the package and compare with METS and PREMIS."""
    _, result = built
    root = root_of(result)
    checked = 0
    for mets_path in [root / "METS.xml", root / "representations" / "rep1" / "METS.xml"]:
        mets = parse(mets_path)
        base = mets_path.parent
        for f in mets.iter(f"{{{NS['mets']}}}file"):
            target = base / unquote(f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href"))
            data = target.read_bytes()
            assert int(f.get("SIZE")) == len(data)  # CSIP69
            assert f.get("CHECKSUMTYPE") == "SHA-256"  # CSIP72
            assert f.get("CHECKSUM") == hashlib.sha256(data).hexdigest()  # CSIP71
            assert DATETIME.match(f.get("CREATED"))  # CSIP70
            checked += 1
    premis = parse(root / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml")
    objects = [o for o in premis.findall("premis:object", NS) if o.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "premis:file"]
    assert len(objects) == 5
    for obj in objects:
        identifier = obj.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS)
        # unique across packages: <OBJID>/representations/rep1/<path in the representation>
        assert identifier.startswith("SE-KS-2023-001/representations/rep1/data/")
        data = (root / identifier.removeprefix("SE-KS-2023-001/")).read_bytes()
        chars = obj.find("premis:objectCharacteristics", NS)
        assert int(chars.findtext("premis:size", namespaces=NS)) == len(data)
        assert chars.findtext("premis:fixity/premis:messageDigestAlgorithm", namespaces=NS) == "SHA-256"
        assert chars.findtext("premis:fixity/premis:messageDigest", namespaces=NS) == hashlib.sha256(data).hexdigest()
        assert obj.findtext("premis:originalName", namespaces=NS).startswith("Kommunstyrelsen/")
    assert checked >= 5 + 2 + 3


def test_premis_formats_events_agents(built):
    _, result = built
    premis = parse(root_of(result) / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml")
    by_name = {}
    for obj in premis.findall("premis:object", NS):
        rel = obj.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS)
        by_name[rel.rsplit("/", 1)[-1]] = obj
    pdf = by_name["rapport.pdf"]
    assert pdf.findtext(".//premis:formatRegistryName", namespaces=NS) == "PRONOM"
    assert re.fullmatch(r"fmt/\d+", pdf.findtext(".//premis:formatRegistryKey", namespaces=NS))
    events = {e.findtext("premis:eventType", namespaces=NS): e for e in premis.findall("premis:event", NS)}
    assert set(events) == {"message digest calculation", "format identification"}
    agents = {a.findtext("premis:agentName", namespaces=NS): a for a in premis.findall("premis:agent", NS)}
    assert set(agents) == {"earchive", "siegfried"}
    assert all(a.findtext("premis:agentType", namespaces=NS) == "software" and a.findtext("premis:agentVersion", namespaces=NS) for a in agents.values())
    for ev in events.values():
        linked = {l.findtext("premis:linkingAgentIdentifierValue", namespaces=NS) for l in ev.findall("premis:linkingAgentIdentifier", NS)}
        assert linked <= {a.findtext("premis:agentIdentifier/premis:agentIdentifierValue", namespaces=NS) for a in agents.values()}
        assert len(ev.findall("premis:linkingObjectIdentifier", NS)) == 5
    package = parse(root_of(result) / "metadata" / "preservation" / "premis.xml")
    assert package.findtext("premis:event/premis:eventType", namespaces=NS) == "creation"


def test_premis_links_files_representation_and_package(built):
    """Files "are included in" the representation, which "represents" the package's intellectual entity,
    which "is represented by" it; events link every file; identifiers carry the OBJID."""
    _, result = built
    root = root_of(result)
    rep = parse(root / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml")
    package = parse(root / "metadata" / "preservation" / "premis.xml")
    rep_id = "SE-KS-2023-001/representations/rep1"

    def related(obj):
        return [(r.findtext("premis:relationshipSubType", namespaces=NS),
                 r.findtext("premis:relatedObjectIdentifier/premis:relatedObjectIdentifierValue", namespaces=NS))
                for r in obj.findall("premis:relationship", NS)]

    objects = rep.findall("premis:object", NS)
    kinds = [o.get("{http://www.w3.org/2001/XMLSchema-instance}type") for o in objects]
    assert kinds == ["premis:representation"] + ["premis:file"] * 5
    assert objects[0].findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS) == rep_id
    assert related(objects[0]) == [("represents", "SE-KS-2023-001")]
    assert all(related(o) == [("is included in", rep_id)] for o in objects[1:])
    [entity] = package.findall("premis:object", NS)
    assert related(entity) == [("is represented by", rep_id)]
    file_ids = {o.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS) for o in objects[1:]}
    for event in rep.findall("premis:event", NS):
        assert event.findtext("premis:eventIdentifier/premis:eventIdentifierValue", namespaces=NS).startswith(rep_id + "/")
        linked = {v.text for v in event.findall("premis:linkingObjectIdentifier/premis:linkingObjectIdentifierValue", NS)}
        assert linked == file_ids
    assert_valid("premis", root / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml")
    assert_valid("premis", root / "metadata" / "preservation" / "premis.xml")


# --- options -----------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm,hashname", [("SHA-512", "sha512"), ("MD5", "md5")])
def test_checksum_algorithm_selectable(records, out, algorithm, hashname):
    result = build_package(make_submission(records, checksum_algorithm=algorithm), BuildOptions(out))
    rep = result.package_path / "representations" / "rep1"
    for f in parse(rep / "METS.xml").iter(f"{{{NS['mets']}}}file"):
        data = (rep / unquote(f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href"))).read_bytes()
        assert f.get("CHECKSUMTYPE") == algorithm
        assert f.get("CHECKSUM") == hashlib.new(hashname, data).hexdigest()


def test_zip_output_one_root_folder_stored(records, out):
    result = build_package(make_submission(records), BuildOptions(out, as_zip=True))
    assert result.package_path == out / "SE-KS-2023-001.zip"
    with zipfile.ZipFile(result.package_path) as zf:
        names = zf.namelist()
        assert {n.split("/")[0] for n in names} == {"SE-KS-2023-001"}  # CSIPSTR1
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        mets = etree.fromstring(zf.read("SE-KS-2023-001/representations/rep1/METS.xml"))
        for f in mets.iter(f"{{{NS['mets']}}}file"):
            rel = unquote(f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href"))
            data = zf.read(f"SE-KS-2023-001/representations/rep1/{rel}")
            assert f.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
    assert os.listdir(out) == ["SE-KS-2023-001.zip"]


def test_zip_compressed_when_asked(records, out):
    result = build_package(make_submission(records), BuildOptions(out, as_zip=True, compress=True))
    with zipfile.ZipFile(result.package_path) as zf:
        assert any(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
        assert zf.testzip() is None


def test_roda_parent_structmap(records, out):
    result = build_package(make_submission(records, roda_parent_id="a1b2-parent"), BuildOptions(out))
    mets = parse(result.package_path / "METS.xml")
    roda = [s for s in mets.findall("mets:structMap", NS) if s.get("LABEL") == "RODA structural map"]
    assert len(roda) == 1
    mptr = roda[0].find("mets:div/mets:div[@LABEL='Ancestors']/mets:mptr", NS)
    assert mptr.get("LOCTYPE") == "HANDLE" and mptr.get(f"{{{NS['xlink']}}}href") == "a1b2-parent"
    assert_valid("mets", result.package_path / "METS.xml")


# --- safety: nothing half-written, sources untouched ------------------------------------------------


def test_refuses_existing_target(records, out):
    (out / "SE-KS-2023-001").mkdir()
    with pytest.raises(OutputError) as err:
        build_package(make_submission(records), BuildOptions(out))
    assert err.value.code == "error.output_exists"
    assert "exists already" in str(err.value)


def test_refuses_output_inside_source(records):
    with pytest.raises(InvalidInput) as err:
        build_package(make_submission(records), BuildOptions(records))
    assert err.value.code == "error.output_inside_source"


def test_cancel_leaves_nothing(records, out):
    token = CancelToken()

    def progress(event):
        if event.phase == "identify":
            token.cancel()

    with pytest.raises(Cancelled):
        build_package(make_submission(records), BuildOptions(out), progress, token)
    assert os.listdir(out) == []


@pytest.mark.parametrize("as_zip", [False, True])
def test_unreadable_source_leaves_nothing(records, out, monkeypatch, as_zip):
    import earchive.package_writer as pw

    real_open = open
    victim = str(records / "rapport.pdf")

    def failing_open(file, mode="r", *a, **k):
        if str(file) == victim and "r" in mode:
            raise PermissionError(13, "Permission denied", victim)
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(pw, "open", failing_open, raising=False)
    with pytest.raises(SourceError) as err:
        build_package(make_submission(records), BuildOptions(out, as_zip=as_zip))
    assert "rapport.pdf" in str(err.value) and "Permission denied" in str(err.value)
    assert os.listdir(out) == []


def test_disk_full_leaves_nothing(records, out, monkeypatch):
    import errno

    import earchive.fixity as fx

    real = fx.copy_stream
    calls = {"n": 0}

    def full(src, dst, *a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr("earchive.package_writer.copy_stream", full)
    with pytest.raises(OutputError) as err:
        build_package(make_submission(records), BuildOptions(out, workers=1))
    assert err.value.code == "error.disk_full"
    assert os.listdir(out) == []


def test_renamed_file_keeps_original_name_in_premis(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    nfd = unicodedata.normalize("NFD", "Möte: protokoll?.txt")
    (src / nfd).write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    sub = Submission(
        submitting_agent=Agent(AgentKind.SUBMITTER, "Kommunen"),
        representations=[Representation("rep1", [src])],
        descriptive=[DublinCore({"title": "Möten"})],
    )
    result = build_package(sub, BuildOptions(out))
    premis = parse(result.package_path / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml")
    originals = [o.findtext("premis:originalName", namespaces=NS) for o in premis.findall("premis:object", NS) if o.find("premis:originalName", NS) is not None]
    assert originals == [f"src/{nfd}"]
    data_files = list((result.package_path / "representations" / "rep1" / "data" / "src").iterdir())
    assert len(data_files) == 1
    safe = data_files[0].name
    assert safe == unicodedata.normalize("NFC", safe) and ":" not in safe and "?" not in safe
    assert any(n.code == "report.renamed" for n in result.notes)
    report = (result.package_path / "documentation" / REPORT_NAME).read_text(encoding="utf-8")
    assert safe in report


def test_missing_submitter_is_refused():
    with pytest.raises(InvalidInput) as err:
        Submission(representations=[Representation("rep1", ["/tmp"])])
    assert "SIP15" in str(err.value)


def test_empty_representation_is_refused(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    sub = Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "K"), representations=[Representation("rep1", [empty])])
    with pytest.raises(InvalidInput) as err:
        build_package(sub, BuildOptions(out))
    assert err.value.code == "error.no_sources"
    assert os.listdir(out) == []


def test_interrupt_mid_copy_leaves_nothing(records, out, monkeypatch):
    """Ctrl-C arrives as KeyboardInterrupt while a file is being copied: the temporary package is removed."""
    import earchive.fixity as fx

    real = fx.copy_stream
    calls = {"n": 0}

    def interrupted(src, dst, *a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(src, dst, *a, **k)

    monkeypatch.setattr("earchive.package_writer.copy_stream", interrupted)
    for as_zip in (False, True):
        calls["n"] = 0
        with pytest.raises(KeyboardInterrupt):
            build_package(make_submission(records), BuildOptions(out, workers=1, as_zip=as_zip))
        assert os.listdir(out) == []


def test_identifier_raising_names_the_file(records, out, monkeypatch):
    from earchive import formats
    from earchive.errors import FormatIdentificationError

    class Broken:
        def identify_many(self, paths, workers=1):
            raise RuntimeError("siegfried: panic while scanning")

        def identify(self, path, detailed=False):
            if path.endswith("rapport.pdf"):
                raise RuntimeError("siegfried: unexpected EOF")
            return {"files": [{"filename": path, "matches": [{"ns": "pronom", "id": "x-fmt/111", "format": "Plain Text File", "mime": "text/plain"}]}]}

    monkeypatch.setattr(formats, "_scanner", lambda: Broken())
    with pytest.raises(FormatIdentificationError) as err:
        build_package(make_submission(records), BuildOptions(out))
    assert "rapport.pdf" in str(err.value) and "unexpected EOF" in str(err.value)
    assert os.listdir(out) == []


def test_symlink_out_of_tree_not_followed(tmp_path, out):
    outside = tmp_path / "hemligt.txt"
    outside.write_text("not part of the delivery", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("a", encoding="utf-8")
    (src / "länk.txt").symlink_to(outside)
    sub = Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "K"), representations=[Representation("rep1", [src])])
    result = build_package(sub, BuildOptions(out))
    data = result.package_path / "representations" / "rep1" / "data" / "src"
    assert sorted(p.name for p in data.iterdir()) == ["a.txt"]
    assert [n.code for n in result.notes if "symlink" in n.code] == ["report.symlink_skipped"]


def test_system_files_left_out_and_reported(tmp_path, out):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("a", encoding="utf-8")
    for junk in ("Thumbs.db", ".DS_Store", "desktop.ini"):
        (src / junk).write_bytes(b"junk")
    sub = Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "K"), representations=[Representation("rep1", [src])])
    result = build_package(sub, BuildOptions(out))
    data = result.package_path / "representations" / "rep1" / "data" / "src"
    assert sorted(p.name for p in data.iterdir()) == ["a.txt"]
    assert sorted(n.params["path"] for n in result.notes if n.code == "report.system_file_skipped") == [
        "src/.DS_Store", "src/Thumbs.db", "src/desktop.ini"]


def test_colliding_names_both_kept(tmp_path, out):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a:b.txt").write_text("colon", encoding="utf-8")
    (src / "a_b.txt").write_text("underscore", encoding="utf-8")
    nfc = unicodedata.normalize("NFC", "å.txt")
    nfd = unicodedata.normalize("NFD", "å.txt")
    (src / nfc).write_text("nfc", encoding="utf-8")
    (src / nfd).write_text("nfd", encoding="utf-8")
    sub = Submission(submitting_agent=Agent(AgentKind.SUBMITTER, "K"), representations=[Representation("rep1", [src])])
    result = build_package(sub, BuildOptions(out))
    data = result.package_path / "representations" / "rep1" / "data" / "src"
    contents = sorted(p.read_text(encoding="utf-8") for p in data.iterdir())
    assert contents == ["colon", "nfc", "nfd", "underscore"]
    assert all(unicodedata.is_normalized("NFC", p.name) for p in data.iterdir())
    assert_valid("mets", result.package_path / "representations" / "rep1" / "METS.xml")


def test_schemas_folder_has_every_schema_used(built):
    """CSIPSTR15: the schemas the package's XML uses are in schemas/ and listed in the Schemas fileGrp."""
    import hashlib as _h

    from earchive import schemas

    _, result = built
    names = {p.name for p in (result.package_path / "schemas").iterdir()}
    expected = {"mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "simpledc20021212.xsd", "key-value.xsd"}
    if schemas.schema_path("premis") is not None:
        expected.add("premis-v3-0.xsd")
        official = OFFICIAL_SCHEMAS / "premis" / "premis-v3-0.xsd"
        if official.is_file():
            ours = (result.package_path / "schemas" / "premis-v3-0.xsd").read_bytes()
            assert _h.sha256(ours).digest() == _h.sha256(official.read_bytes()).digest()
    assert expected <= names
    mets = parse(result.package_path / "METS.xml")
    listed = {unquote(f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")).split("/")[-1]
              for f in mets.findall("mets:fileSec/mets:fileGrp[@USE='Schemas']/mets:file", NS)}
    assert listed == names


@pytest.mark.skipif(os.name == "nt", reason="newline, backslash and undecodable bytes in names are POSIX names")
def test_original_names_round_trip_from_premis_and_report_lines_stay_whole(tmp_path):
    from earchive.naming import original_from_display

    src = tmp_path / "src"
    src.mkdir()
    raw_names = [b"rad1\nrad2.txt", b"back\\slash.txt", b"\\xe5r.txt", b"\xe5r.txt", b"tab\tnamn.txt"]
    for raw in raw_names:
        (src / os.fsdecode(raw)).write_bytes(raw)
    out = tmp_path / "out"
    out.mkdir()
    sub = Submission(objid="namn", submitting_agent=Agent(AgentKind.SUBMITTER, "X"),
                     representations=[Representation("rep1", [src])])
    package = build_package(sub, BuildOptions(out, workers=1)).package_path
    premis = etree.parse(str(package / "representations/rep1/metadata/preservation/premis.xml"))
    originals = premis.xpath("//premis:originalName/text()", namespaces={"premis": "http://www.loc.gov/premis/v3"})
    assert sorted(os.fsencode(original_from_display(o)) for o in originals) == sorted(b"src/" + r for r in raw_names)
    assert len(set(originals)) == len(raw_names)  # "\xe5r.txt" literally and with byte E5 differ
    report = next((package / "documentation").glob("earchive-package-report*.txt")).read_text(encoding="utf-8")
    renamed = [line for line in report.splitlines() if line.startswith("- Renamed") or line.startswith("- Döpte")]
    assert len(renamed) == len(raw_names) and all(line.endswith("PREMIS") for line in renamed)


def test_pronom_results_are_written_on_the_mets_file_entries(records, tmp_path):
    """SIP32-35: format name, version, registry and key of each identified file (schema and commons-ip spelling)."""
    out = tmp_path / "out"
    out.mkdir()
    package = build_package(make_submission(records), BuildOptions(out, workers=1)).package_path
    mets = etree.parse(str(package / "representations/rep1/METS.xml"))
    sip = "{https://DILCIS.eu/XML/METS/SIPExtensionMETS}"
    files = {f.find("{http://www.loc.gov/METS/}FLocat").get("{http://www.w3.org/1999/xlink}href"): f
             for f in mets.iter("{http://www.loc.gov/METS/}file")}
    pdf = files["data/Kommunstyrelsen/rapport.pdf"]
    assert (pdf.get(sip + "FILEFORMATNAME"), pdf.get(sip + "FILEFORMATVERSION"), pdf.get(sip + "FORMATREGISTRY"),
            pdf.get(sip + "FORMATREGISTRYKEY")) == ("Acrobat PDF 1.4 - Portable Document Format", "1.4", "PRONOM", "fmt/18")
    assert all(f.get(sip + "FORMATREGISTRY") == "PRONOM" for f in files.values() if f.get(sip + "FORMATREGISTRYKEY"))
    assert (package / "schemas/DILCISExtensionSIPMETS.xsd").is_file()
    assert_valid("mets", package / "representations/rep1/METS.xml")


def test_schema_locations_point_into_the_packages_schemas_folder(records, tmp_path):
    """xsi:schemaLocation of METS and PREMIS names the copies in schemas/ (relative), which exist;
    only EAD 2002, which earchive cannot ship, keeps its official URL."""
    out = tmp_path / "out"
    out.mkdir()
    package = build_package(make_submission(records), BuildOptions(out, workers=1)).package_path
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    checked = 0
    for xml in [*package.rglob("METS.xml"), *package.rglob("premis.xml"), package / "metadata/descriptive/ead.xml"]:
        pairs = etree.parse(str(xml)).getroot().get(xsi).split()
        for namespace, location in zip(pairs[::2], pairs[1::2]):
            if namespace == "urn:isbn:1-931666-22-9":
                assert location == "http://www.loc.gov/ead/ead.xsd"
                continue
            target = (xml.parent / location).resolve()
            assert target.is_file() and target.parent == (package / "schemas").resolve(), (xml, location)
            checked += 1
    assert checked >= 3 + 4 + 1 + 1  # root METS (mets, xlink, csip), rep METS (+ sip), two PREMIS files
