"""The eark-validator 1.1.3 harness (tests/support/eark_validator.py) works, offline.

What eark-validator 1.1.3 reports, for 2.1.0, on ../shared/samples/minimal_IP_with_schemas
(folder or ZIP; recorded 2026-11 for reference):
  structure WellFormed, schema_results VALID, schematron_results INVALID.
  Errors (report order):
    CSIP60  /mets/fileSec                    no fileGrp USE="Documentation" (real, a 2.1.0 MUST)
    CSIP114 /mets/fileSec                    no fileGrp USE="Representations..." (real)
    CSIP63  /mets/fileSec/fileGrp            the Schemas fileGrp has no csip:CONTENTINFORMATIONTYPE
                                             (known false positive)
    CSIP82  /mets/structMap                  LABEL is "CSIP StructMap", not "CSIP" (real for 2.1.0)
    SIP2    /mets                            PROFILE is the CSIP profile URL (real)
    SIP14   /mets/metsHdr/agent/note         the software agent's note, csip:NOTETYPE
                                             "SOFTWARE VERSION" (known false positive)
  Warnings: CSIPSTR6, CSIPSTR7, CSIPSTR16, CSIPSTR12, CSIPSTR13 (structure),
            CSIP17, CSIP31, CSIP8 (Schematron).  Info: CSIPSTR3, CSIPSTR8.
  The sample is a CSIP-era example, so it is not a valid 2.1.0 SIP: errors other than the
  known false positives remain, and that is what we expect.
On minimal_IP_invmets (an element <namez>) it adds the schema error XML-1 and CSIP14; on
minimal_IP_nomtshdr it crashes (ValueError "... is not a vald XML file.") instead of
reporting.  One run takes about 0.3 s (0.2 s of it importing eark-validator).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from support.eark_validator import (
    KNOWN_FALSE_POSITIVES,
    SETUP_SCRIPT,
    SHARED_DIR,
    VERSIONED_SIP_PROFILE_2_1_0,
    VOCABULARIES_DIR,
    EarkValidatorCrashed,
    Finding,
    classify_false_positives,
    eark_validator_fixture,
    ensure_eark_validator,
    run_eark_validator,
)
from support.run_eark_validator import (
    VOCABULARY_URLS,
    NetworkRefused,
    make_offline_urlopen,
)

SAMPLES = SHARED_DIR / "samples"
METS_NS = "http://www.loc.gov/METS/"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
M = f"{{{METS_NS}}}"
C = f"{{{CSIP_NS}}}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _need_shared() -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"reference material not found at {SHARED_DIR}")


@pytest.fixture(scope="module")
def eark_validator():
    """Module copy of the session fixture the lead wires into conftest.py."""
    return eark_validator_fixture()


def _unzip_sample(name: str, target: Path) -> Path:
    _need_shared()
    with zipfile.ZipFile(SAMPLES / name) as archive:
        archive.extractall(target)
    return target / "minimal_IP_with_schemas"


def _errors(result) -> list[tuple[str, str | None]]:
    return [(f.rule_id, f.short_path) for f in result.errors]


# --- the harness without eark-validator -------------------------------------------------


def test_offline_urlopen_serves_the_four_vocabularies_from_shared():
    _need_shared()
    served: list[str] = []
    urlopen = make_offline_urlopen(VOCABULARIES_DIR, served)
    for url in VOCABULARY_URLS:
        body = b"".join(urlopen(url))
        assert body == (VOCABULARIES_DIR / url.rsplit("/", 1)[1]).read_bytes()
    assert served == list(VOCABULARY_URLS)


def test_offline_urlopen_refuses_any_other_url_and_a_missing_file(tmp_path):
    urlopen = make_offline_urlopen(tmp_path)
    with pytest.raises(NetworkRefused, match="refusing network access to https://example.org/x.xml"):
        urlopen("https://example.org/x.xml")
    with pytest.raises(NetworkRefused, match="CSIPVocabularyStatus.xml, which does not exist"):
        urlopen("https://earkcsip.dilcis.eu/schema/CSIPVocabularyStatus.xml")


def test_runner_refuses_socket_connections():
    code = (
        "import socket, sys; sys.path.insert(0, sys.argv[1]);"
        "from run_eark_validator import refuse_sockets, NetworkRefused; refuse_sockets()\n"
        "try:\n socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except NetworkRefused as e:\n print('refused', e)\n"
    )
    support = Path(__file__).parent / "support"
    proc = subprocess.run([sys.executable, "-c", code, str(support)],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.startswith("refused run_eark_validator: refusing network access (socket.")


def test_run_refuses_a_version_eark_validator_does_not_know(tmp_path):
    with pytest.raises(ValueError, match="validates E-ARK 2.0.4 and 2.1.0 only, not '2.2.0'"):
        run_eark_validator(tmp_path, version="2.2.0")


def test_setup_script_refuses_to_replace_a_folder_that_is_not_a_venv(tmp_path):
    (tmp_path / "precious.txt").write_text("the only copy")
    proc = subprocess.run(["bash", str(SETUP_SCRIPT), str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "is not a virtual environment" in proc.stderr
    assert (tmp_path / "precious.txt").read_text() == "the only copy"


_PATTERN_METS = f"""<mets xmlns="{METS_NS}" xmlns:csip="{CSIP_NS}" PROFILE="{{profile}}">
  <metsHdr>
    <agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><name>earchive</name>
      <note csip:NOTETYPE="SOFTWARE VERSION">0.1.0</note></agent>
    <agent ROLE="CREATOR" TYPE="ORGANIZATION"><name>Riksarkivet</name>
      <note csip:NOTETYPE="IDENTIFICATIONCODE">SE/RA</note></agent>
    <agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="HARDWARE"><name>x</name><note>1</note></agent>
  </metsHdr>
  <fileSec>
    <fileGrp USE="Representations/rep1" csip:CONTENTINFORMATIONTYPE="SIARD2"/>
    <fileGrp USE="Representations/rep2" csip:CONTENTINFORMATIONTYPE="OTHER"/>
  </fileSec>
  <structMap LABEL="CSIP"><div><div LABEL="Representations/rep1"/></div></structMap>
</mets>"""


def _step(name: str, index: int | None = None) -> str:
    step = f"/*[local-name()='{name}' and namespace-uri()='{METS_NS}']"
    return step + (f"[{index}]" if index else "")


def _finding(rule_id: str, *steps: str) -> Finding:
    path = _step("mets") + "".join(steps)
    return Finding(rule_id=rule_id, severity="Error", message="m",
                   location="ctx" + "test" + path, source="schematron", node_path=path)


def _classified(profile: str, findings: list[Finding], version: str = "2.1.0"):
    root = etree.fromstring(_PATTERN_METS.format(profile=profile).encode())
    return [(f.rule_id, f.short_path, f.matched_by)
            for f in classify_false_positives(findings, root, version)]


def test_false_positives_are_filtered_only_where_their_pattern_matches():
    hdr, sec = _step("metsHdr"), _step("fileSec")
    findings = [
        _finding("CSIP12", hdr, _step("agent", 2)),           # submitting agent: FP
        _finding("CSIP12", hdr, _step("agent", 3)),           # TYPE OTHER, not software: real
        _finding("CSIP16", hdr, _step("agent", 2)),           # FP
        _finding("SIP14", hdr, _step("agent", 1), _step("note")),  # SOFTWARE VERSION: FP
        _finding("SIP14", hdr, _step("agent", 2), _step("note")),  # IDENTIFICATIONCODE: FP
        _finding("SIP14", hdr, _step("agent", 3), _step("note")),  # untyped note: real
        _finding("CSIP63", sec, _step("fileGrp", 1)),         # SIARD2: FP
        _finding("CSIP63", sec, _step("fileGrp", 2)),         # OTHER without OTHER...TYPE: real
        _finding("CSIP103", _step("structMap"), _step("div")),  # Representations/rep1: FP
        _finding("SIP2"),
        _finding("CSIP60", sec),                               # not in the table
    ]
    assert _classified(VERSIONED_SIP_PROFILE_2_1_0, findings) == [
        ("CSIP12", "/mets/metsHdr/agent[2]", "pattern"),
        ("CSIP12", "/mets/metsHdr/agent[3]", None),
        ("CSIP16", "/mets/metsHdr/agent[2]", "pattern"),
        ("SIP14", "/mets/metsHdr/agent[1]/note", "pattern"),
        ("SIP14", "/mets/metsHdr/agent[2]/note", "pattern"),
        ("SIP14", "/mets/metsHdr/agent[3]/note", None),
        ("CSIP63", "/mets/fileSec/fileGrp[1]", "pattern"),
        ("CSIP63", "/mets/fileSec/fileGrp[2]", None),
        ("CSIP103", "/mets/structMap/div", "pattern"),
        ("SIP2", "/mets", "pattern"),
        ("CSIP60", "/mets/fileSec", None),
    ]


def test_sip2_is_a_false_positive_only_for_the_versioned_2_1_0_profile_url():
    findings = [_finding("SIP2")]
    assert _classified("https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml", findings) == [
        ("SIP2", "/mets", None)]
    assert _classified("https://earkcsip.dilcis.eu/profile/CSIP.xml", findings) == [
        ("SIP2", "/mets", None)]


def test_unlocatable_false_positive_falls_back_to_rule_id_and_other_versions_filter_nothing():
    lost = _finding("CSIP63", _step("fileSec"), _step("fileGrp", 9))
    assert _classified(VERSIONED_SIP_PROFILE_2_1_0, [lost]) == [
        ("CSIP63", "/mets/fileSec/fileGrp[9]", "rule id")]
    assert _classified(VERSIONED_SIP_PROFILE_2_1_0, [lost], version="2.0.4") == [
        ("CSIP63", "/mets/fileSec/fileGrp[9]", None)]


def test_the_false_positive_table_names_the_ids_of_validators_md():
    # validators.md names seven; CSIP15 is the same mistake (a software-agent rule applied
    # to every CREATOR agent), found on earchive's own packages, and CSIP81/CSIP82 applied to
    # the additional structMaps CSIP80 allows (RODA's ancestors, split deliveries): see
    # KNOWN_FALSE_POSITIVES.
    assert set(KNOWN_FALSE_POSITIVES) == {"CSIP63", "SIP14", "CSIP12", "CSIP13", "CSIP16",
                                          "SIP2", "CSIP103", "CSIP15", "CSIP81", "CSIP82"}


# --- eark-validator itself (its own venv) -----------------------------------------------


@pytest.mark.external
def test_minimal_valid_sample_folder(eark_validator, tmp_path):
    package = _unzip_sample("minimal_IP_with_schemas.zip", tmp_path)

    result = eark_validator(package)

    assert (result.well_formed, result.schema_valid, result.schematron_valid) == (True, True, False)
    assert _errors(result) == [
        ("CSIP60", "/mets/fileSec"),
        ("CSIP114", "/mets/fileSec"),
        ("CSIP63", "/mets/fileSec/fileGrp"),
        ("CSIP82", "/mets/structMap"),
        ("SIP2", "/mets"),
        ("SIP14", "/mets/metsHdr/agent/note"),
    ]
    assert [(f.rule_id, f.matched_by) for f in result.known_false_positives()] == [
        ("CSIP63", "pattern"), ("SIP14", "pattern")]
    assert [f.rule_id for f in result.errors_excluding_known_false_positives()] == [
        "CSIP60", "CSIP114", "CSIP82", "SIP2"]
    assert result.rule_ids("Warning") == [
        "CSIPSTR6", "CSIPSTR7", "CSIPSTR16", "CSIPSTR12", "CSIPSTR13", "CSIP17", "CSIP31", "CSIP8"]
    assert result.rule_ids("Info") == ["CSIPSTR3", "CSIPSTR8"]
    # Offline: the four vocabularies came from ../shared, nothing else was asked for.
    runner = result.raw["runner"]
    assert runner["vocabularies_served"] == list(VOCABULARY_URLS)
    assert (runner["eark_validator_version"], runner["lxml_version"]) == ("1.1.3", "5.1.0")
    assert result.unpacked_to is None
    assert not result.temp_dir.exists()


@pytest.mark.external
def test_zip_is_unpacked_in_a_temp_dir_that_is_gone_afterwards(eark_validator):
    _need_shared()
    zip_path = SAMPLES / "minimal_IP_with_schemas.zip"
    # eark-validator names its unpack folder after the archive's SHA-1 (upper-case hex).
    sha1_folder = Path(tempfile.gettempdir()) / hashlib.sha1(zip_path.read_bytes()).hexdigest().upper()
    existed_before = sha1_folder.exists()

    result = eark_validator(zip_path)

    assert result.unpacked_to is not None
    assert result.unpacked_to.is_relative_to(result.temp_dir)
    assert result.unpacked_to.name == "minimal_IP_with_schemas"
    assert not result.temp_dir.exists()
    assert result.unpacked_to.parent.name == sha1_folder.name
    assert sha1_folder.exists() == existed_before
    assert [f.rule_id for f in result.errors_excluding_known_false_positives()] == [
        "CSIP60", "CSIP114", "CSIP82", "SIP2"]


@pytest.mark.external
def test_invalid_mets_sample_reports_schema_and_schematron_errors(eark_validator, tmp_path):
    package = _unzip_sample("minimal_IP_invmets.zip", tmp_path)

    result = eark_validator(package)

    assert (result.well_formed, result.schema_valid, result.is_valid) == (True, False, False)
    xml_errors = [f for f in result.errors if f.rule_id == "XML-1"]
    assert len(xml_errors) == 1
    assert xml_errors[0].source == "schema"
    assert "Element '{http://www.loc.gov/METS/}namez': This element is not expected." in (
        xml_errors[0].message)
    assert ("CSIP14", "/mets/metsHdr/agent") in _errors(result)


@pytest.mark.external
def test_missing_metshdr_makes_eark_validator_crash(eark_validator, tmp_path):
    package = _unzip_sample("minimal_IP_nomtshdr.zip", tmp_path)

    with pytest.raises(EarkValidatorCrashed) as caught:
        eark_validator(package)

    assert caught.value.crash["type"] == "ValueError"
    assert caught.value.crash["message"].endswith("METS.xml is not a vald XML file.")


def _commons_ip_style(package: Path) -> None:
    """Make the sample METS look like a commons-ip 2.1.0 SIP: versioned PROFILE, two
    submitting agents, Representations fileGrps, structMap LABEL CSIP with a
    Representations/rep1 division."""
    mets = package / "METS.xml"
    tree = etree.parse(str(mets))
    root = tree.getroot()
    root.set("PROFILE", VERSIONED_SIP_PROFILE_2_1_0)
    hdr = root.find(M + "metsHdr")
    for agent_type, note_type in (("ORGANIZATION", "IDENTIFICATIONCODE"), ("INDIVIDUAL", None)):
        agent = etree.SubElement(hdr, M + "agent", ROLE="CREATOR", TYPE=agent_type)
        etree.SubElement(agent, M + "name").text = "Riksarkivet"
        note = etree.SubElement(agent, M + "note")
        note.text = "SE/RA"
        if note_type:
            note.set(C + "NOTETYPE", note_type)
    file_sec = root.find(M + "fileSec")
    for rep, content_type in (("rep1", "SIARD2"), ("rep2", "OTHER")):
        group = etree.SubElement(file_sec, M + "fileGrp", USE=f"Representations/{rep}",
                                 ID=f"ID-grp-{rep}")
        group.set(C + "CONTENTINFORMATIONTYPE", content_type)
        file_ = etree.SubElement(group, M + "file", ID=f"ID-file-{rep}", MIMETYPE="text/plain",
                                 SIZE="0", CREATED="2018-10-12T14:20:00", CHECKSUMTYPE="MD5",
                                 CHECKSUM="d41d8cd98f00b204e9800998ecf8427e")
        etree.SubElement(file_, M + "FLocat", LOCTYPE="URL", attrib={
            XLINK + "type": "simple", XLINK + "href": "representations/rep1/data/.gitkeep"})
    struct_map = root.find(M + "structMap")
    struct_map.set("LABEL", "CSIP")
    etree.SubElement(struct_map.find(M + "div"), M + "div", ID="ID-div-rep1",
                     LABEL="Representations/rep1")
    tree.write(str(mets), xml_declaration=True, encoding="UTF-8")


@pytest.mark.external
def test_false_positives_of_a_commons_ip_style_package_are_located_precisely(
        eark_validator, tmp_path):
    package = _unzip_sample("minimal_IP_with_schemas.zip", tmp_path)
    _commons_ip_style(package)

    result = eark_validator(package)

    assert [(f.rule_id, f.short_path, f.matched_by) for f in result.errors] == [
        ("CSIP12", "/mets/metsHdr/agent[2]", "pattern"),
        ("CSIP13", "/mets/metsHdr/agent[2]", "pattern"),
        ("CSIP16", "/mets/metsHdr/agent[2]", "pattern"),
        ("CSIP12", "/mets/metsHdr/agent[3]", "pattern"),
        ("CSIP13", "/mets/metsHdr/agent[3]", "pattern"),
        ("CSIP16", "/mets/metsHdr/agent[3]", "pattern"),
        ("CSIP60", "/mets/fileSec", None),
        ("CSIP63", "/mets/fileSec/fileGrp[1]", "pattern"),
        ("CSIP63", "/mets/fileSec/fileGrp[2]", "pattern"),
        ("CSIP63", "/mets/fileSec/fileGrp[3]", None),        # OTHER without OTHER...TYPE
        ("CSIP103", "/mets/structMap/div", "pattern"),
        ("CSIP96", "/mets/structMap/div/div[2]", None),
        ("CSIP100", "/mets/structMap/div/div[3]", None),
        ("SIP2", "/mets", "pattern"),
        ("SIP14", "/mets/metsHdr/agent[1]/note", "pattern"),
        ("SIP14", "/mets/metsHdr/agent[2]/note", "pattern"),
        # agent[3] is a second CREATOR INDIVIDUAL after the submitting agent: a contact
        # person (SIP21-SIP25), whose notes carry contact details and need no type.
        ("SIP14", "/mets/metsHdr/agent[3]/note", "pattern"),
    ]


@pytest.mark.external
def test_setup_script_is_idempotent():
    venv = ensure_eark_validator()
    proc = subprocess.run(["bash", str(SETUP_SCRIPT), str(venv)],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == str(venv)
    assert proc.stderr == ""
