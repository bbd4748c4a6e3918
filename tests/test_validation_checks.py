"""One change to a clean package -> exactly the finding it causes (requirement ID, severity, place, message)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from earchive.validation import Severity, Status, validate_package
from test_validation_package import C, M, S, X, findings_of, make_package, refresh_rep_mets_fixity, rewrite


@pytest.fixture
def package(tmp_path) -> Path:
    return make_package(tmp_path, "2.2.0")


def only(report, requirement):
    """The findings of ``requirement``, asserting that nothing else (but schema notes) was found."""
    others = [f for f in report.findings if f.requirement != requirement and f.code != "v.schema_unavailable"]
    assert others == [], [(f.requirement, f.message("en")) for f in others]
    found = findings_of(report, requirement)
    assert found, f"no finding for {requirement}"
    return found


def first(root, xpath):
    return root.xpath(xpath, namespaces={"m": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"})[0]


def test_missing_objid_is_an_error_with_xpath_and_line(package):
    rewrite(package, "METS.xml", lambda r: r.attrib.pop("OBJID"))
    report = validate_package(package)
    [f] = findings_of(report, "CSIP1")
    assert (f.severity, f.code, f.file, f.xpath) == (Severity.ERROR, "v.attr_missing", "METS.xml", "/mets:mets")
    assert f.message("en") == "mets has no @OBJID attribute."
    assert f.message("sv") == "mets saknar attributet @OBJID."
    assert f.line == 2
    assert report.result("CSIP1").status is Status.FAILED and not report.valid
    assert report.result("CSIPSTR2").status is Status.SKIPPED  # nothing to compare the folder name with


def test_objid_differing_from_folder_is_a_warning_and_the_package_stays_valid(package):
    renamed = package.with_name("annat-namn")
    package.rename(renamed)
    report = validate_package(renamed)
    assert {f.requirement for f in report.findings if f.code != "v.schema_unavailable"} == {"CSIP1", "CSIPSTR2"}
    assert all(f.severity is Severity.WARNING for f in findings_of(report, "CSIP1"))
    # Issue 11, point 5: CSIP1's MUST part (an OBJID) is met, its SHOULD part (the folder name) is not.
    result = report.result("CSIP1")
    assert report.valid and result.status is Status.WARNING
    assert result.to_dict()["must_met"] is True and result.to_dict()["should_met"] is False


def test_wrong_file_size_names_file_and_both_sizes(package):
    path = package / "representations/rep1/data/Beslut.txt"
    path.write_text("Beslut: avslag.\n", encoding="utf-8")  # same length, other bytes
    report = validate_package(package)
    [f] = only(report, "CSIP71")
    assert f.file == "representations/rep1/METS.xml"
    assert f.xpath == "/mets:mets/mets:fileSec/mets:fileGrp/mets:file[2]/@CHECKSUM"
    assert f.params["path"] == "representations/rep1/data/Beslut.txt"
    assert f.message("en").startswith("The SHA-256 checksum of representations/rep1/data/Beslut.txt is ")
    path.write_text("Beslut: avslag och återremiss.\n", encoding="utf-8")
    report = validate_package(package)
    assert {f.requirement for f in report.findings if f.severity is Severity.ERROR} == {"CSIP69", "CSIP71"}
    [size] = findings_of(report, "CSIP69")
    assert size.message("en") == ("representations/rep1/data/Beslut.txt is 32 bytes, but SIZE says 16.")


def test_line_ending_change_is_named_as_the_cause(package):
    path = package / "documentation/Leveransöverenskommelse.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    report = validate_package(package)
    codes = {f.code for f in report.findings if f.severity is Severity.ERROR}
    assert codes == {"v.size_mismatch.eol", "v.checksum_mismatch.eol"}


def test_no_fixity_skips_checksums_but_not_sizes(package):
    (package / "representations/rep1/data/Beslut.txt").write_text("Beslut: avslag.\n", encoding="utf-8")
    report = validate_package(package, check_fixity=False)
    assert report.valid and report.bytes_hashed == 0 and not report.fixity_checked


def test_missing_file_and_unreferenced_file(package):
    (package / "representations/rep1/data/Beslut.txt").rename(package / "representations/rep1/data/beslut.txt")
    report = validate_package(package)
    [f] = findings_of(report, "CSIP79")
    assert f.code == "v.href_missing.case" and f.params["found"] == "representations/rep1/data/beslut.txt"
    assert findings_of(report, "FILE-REFERENCED") == []  # the same file: not reported twice
    (package / "representations/rep1/data/extra.txt").write_text("x", encoding="utf-8")
    report = validate_package(package)
    [extra] = findings_of(report, "FILE-REFERENCED")
    assert (extra.severity, extra.file) == (Severity.WARNING, "representations/rep1/data/extra.txt")


@pytest.mark.parametrize(
    "edit, requirement, code",
    [
        (lambda r: r.set("TYPE", "Textual works - Digital"), "CSIP2", "v.type_hyphen"),
        (lambda r: r.set("TYPE", "Protokoll"), "CSIP2", "v.attr_vocab"),
        (lambda r: r.set("TYPE", "Other"), "CSIP2", "v.othertype_missing"),
        (lambda r: (r.set("TYPE", "OTHER"), r.set(C("OTHERTYPE"), "Protokoll")), "CSIP2", "v.type_other_spelling"),
        (lambda r: r.set(C("CONTENTINFORMATIONTYPE"), "OTHER"), "CSIP4", "v.othercit_missing"),
        (lambda r: r.set("PROFILE", "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"), "SIP2", "v.attr_value"),
        (lambda r: first(r, "m:metsHdr").set("LASTMODDATE", "2999-01-01T00:00:00Z"), "CSIP8", "v.date_future"),
        (lambda r: first(r, "m:metsHdr").set("CREATEDATE", "2024-05-17"), "CSIP7", "v.not_datetime"),
        (lambda r: first(r, "m:metsHdr/m:agent[1]").set("ROLE", "EDITOR"), "CSIP11", "v.attr_value"),
        (lambda r: first(r, "m:metsHdr/m:agent[1]/m:note").set(C("NOTETYPE"), "VERSION"), "CSIP16", "v.attr_value"),
        (lambda r: [a.getparent().remove(a) for a in r.xpath("m:metsHdr/m:agent[@ROLE='CREATOR'][@TYPE!='OTHER']",
                                                              namespaces={"m": M("")[1:-1]})],
         "SIP15", "v.agent_missing"),
        (lambda r: first(r, "m:metsHdr").set("RECORDSTATUS", "UPDATE"), "SIP3", "v.attr_vocab"),
        (lambda r: first(r, "m:dmdSec").set("STATUS", "current"), "CSIP20", "v.attr_vocab"),
        (lambda r: first(r, "m:dmdSec/m:mdRef").set("LOCTYPE", "URN"), "CSIP22", "v.attr_value"),
        (lambda r: first(r, "m:dmdSec/m:mdRef").set("MIMETYPE", "xml"), "CSIP26", "v.mimetype"),
        (lambda r: first(r, "m:fileSec/m:fileGrp[1]").set("USE", "Docs"), "CSIP64", "v.use_vocabulary"),
        (lambda r: first(r, "m:fileSec/m:fileGrp[3]").set(C("CONTENTINFORMATIONTYPE"), "PDF"), "CSIP62", "v.attr_vocab"),
        (lambda r: first(r, "m:structMap").set("TYPE", "LOGICAL"), "CSIP81", "v.attr_value"),
        (lambda r: first(r, "m:structMap/m:div/m:div[1]").set("DMDID", "dmd-2"), "CSIP92",
         ["v.metadata_id_unlisted", "v.idref_wrong"]),
        (lambda r: first(r, "m:structMap/m:div/m:div[4]/m:mptr").set(X("title"), "grp-doc"), "CSIP108", "v.mptr_title"),
    ],
)
def test_one_change_one_requirement(package, edit, requirement, code):
    rewrite(package, "METS.xml", edit)
    report = validate_package(package, "2.2.0")
    found = findings_of(report, requirement)
    assert [f.code for f in found] == (code if isinstance(code, list) else [code]), [f.message("en") for f in found]
    severity = min((f.severity for f in found), key=lambda s: s.rank)
    expected = {Severity.ERROR: Status.FAILED, Severity.WARNING: Status.WARNING, Severity.INFO: Status.WARNING}
    assert report.result(requirement).status is expected[severity]
    assert found[0].xpath.startswith("/mets:mets") and found[0].line


def test_mdref_checksum_mismatch(package):
    (package / "metadata/descriptive/dc.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8'?><simpledc><title>Annan titel</title></simpledc>\n", encoding="utf-8")
    report = validate_package(package)
    assert {f.requirement for f in report.findings if f.severity is Severity.ERROR} == {"CSIP27", "CSIP29"}


def test_representation_mets_needs_content_information_type(package):
    rewrite(package, "representations/rep1/METS.xml", lambda r: r.attrib.pop(C("CONTENTINFORMATIONTYPE")))
    refresh_rep_mets_fixity(package)
    report = validate_package(package)
    [f] = only(report, "CSIP4")
    assert (f.severity, f.file) == (Severity.ERROR, "representations/rep1/METS.xml")


def test_mets_schema_errors_are_findings_with_readable_xpath(package):
    def edit(root):
        etree.SubElement(first(root, "m:metsHdr"), M("unknownElement"))

    rewrite(package, "METS.xml", edit)
    report = validate_package(package)
    [f] = findings_of(report, "METS-XSD")
    assert f.severity is Severity.ERROR and f.xpath == "/mets:mets/mets:metsHdr/mets:unknownElement"
    assert "unknownElement" in f.message("en")


def test_missing_mets_xml_fails_csipstr4_and_skips_mets_checks(package):
    (package / "METS.xml").rename(package / "Mets.xml")
    report = validate_package(package)
    [f] = findings_of(report, "CSIPSTR4")
    assert f.message("en") == ("The package root folder has no file named METS.xml (XML files found: Mets.xml). "
                               "The name must be exactly METS.xml.")
    assert report.result("CSIP1").status is Status.PASSED  # the representation METS still has one
    assert report.result("SIP2").status is Status.SKIPPED and report.result("SIP2").reason == "v.skip.no_mets"
    assert not report.valid


def test_malformed_and_entity_declaring_mets_are_findings(package):
    (package / "METS.xml").write_text("<mets><unclosed></mets>", encoding="utf-8")
    report = validate_package(package)
    [f] = findings_of(report, "METS-XSD")
    assert f.code == "error.xml_malformed" and f.severity is Severity.ERROR
    laughs = ('<?xml version="1.0"?><!DOCTYPE mets [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><mets xmlns="http://www.loc.gov/METS/" OBJID="&c;"/>')
    (package / "METS.xml").write_text(laughs, encoding="utf-8")
    report = validate_package(package)
    [f] = findings_of(report, "METS-XSD")
    assert f.code == "error.xml_entities"
    xxe = ('<?xml version="1.0"?><!DOCTYPE mets [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<mets xmlns="http://www.loc.gov/METS/" OBJID="&x;"/>')
    (package / "METS.xml").write_text(xxe, encoding="utf-8")
    report = validate_package(package)
    # Refused either for its entity declaration or because the entity is not expanded: never read.
    assert [f.code for f in findings_of(report, "METS-XSD")] in (["error.xml_entities"], ["error.xml_malformed"])
    assert "root:" not in repr(report.to_dict())


def test_version_detection(tmp_path):
    from earchive.validation import version_from_profile

    assert version_from_profile("https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml") == ("2.2.0", "profile")
    assert version_from_profile("https://earksip.dilcis.eu/profile/E-ARK-SIP.xml") == ("2.1.0", "assumed")
    assert version_from_profile("https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml") == ("2.1.0", "assumed")
    assert version_from_profile("http://www.eark-project.com/METS/IP.xml") == ("2.2.0", "default")
    package = make_package(tmp_path, "2.1.0")
    assert validate_package(package, "2.0.4").version == "2.0.4"
    # CSIP96 is MUST in 2.1.0 and SHOULD in 2.2.0: the level comes from the profile data.
    assert validate_package(package).result("CSIP96").level == "MUST"
    assert validate_package(package, "2.2.0").result("CSIP96").level == "SHOULD"


def test_sip_versioned_2_1_0_profile_is_a_warning(tmp_path):
    package = make_package(tmp_path, "2.1.0")
    rewrite(package, "METS.xml", lambda r: r.set("PROFILE", "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml"))
    report = validate_package(package, "2.1.0")
    [f] = findings_of(report, "SIP2")
    assert (f.code, f.severity) == ("v.profile_versioned_210", Severity.WARNING) and report.valid


def test_unknown_version_is_invalid_input(package):
    from earchive.errors import InvalidInput

    with pytest.raises(InvalidInput):
        validate_package(package, "3.0")


def test_progress_and_cancel(package):
    from earchive.errors import Cancelled
    from earchive.progress import CancelToken

    events = []
    validate_package(package, progress=lambda e: events.append((e.phase, e.files_done, e.files_total)))
    phases = [p for p, _, _ in events]
    assert phases[0] == "scan" and "checksum" in phases and phases[-1] == "done"
    assert max(done for _, done, _ in events) == max(total for _, _, total in events) > 0
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        validate_package(package, cancel=token)


def test_requirements_come_from_the_profiles(package):
    from earchive import spec

    report = validate_package(package)
    ids = [r.id for r in report.results]
    profile_ids = [r.id for r in spec.requirements("2.2.0") if r.id and not r.id.startswith("REF_")]
    assert [i for i in ids if i.startswith(("CSIP", "SIP")) and not i.startswith("CSIPSTR")] == profile_ids
    assert [i for i in ids if i.startswith("CSIPSTR")] == [f"CSIPSTR{n}" for n in range(1, 17)]
    head = {r.id: r.head for r in report.results}
    assert head["CSIP69"] == spec.requirement("2.2.0", "CSIP69").head == "File size"


def test_format_attribute_spelling_of_the_extension_schema_is_accepted(package):
    def edit(root):
        for el in root.iter(M("file")):
            el.attrib.pop(S("FILEFORMATREGISTRY"))
            el.set(S("FORMATREGISTRY"), "PRONOM")

    rewrite(package, "METS.xml", edit)
    assert findings_of(validate_package(package), "SIP34") == []


def test_metadata_files_are_checked_against_their_schemas(package):
    from test_validation_package import sha256

    dc = package / "metadata/descriptive/dc.xml"
    dc.write_text("<?xml version='1.0' encoding='UTF-8'?><simpledc><titel>Fel element</titel></simpledc>\n",
                  encoding="utf-8")

    def refresh(root):
        ref = first(root, "m:dmdSec/m:mdRef")
        ref.set("SIZE", str(dc.stat().st_size))
        ref.set("CHECKSUM", sha256(dc))

    rewrite(package, "METS.xml", refresh)
    report = validate_package(package)
    [f] = only(report, "METADATA-XSD")
    assert (f.severity, f.file, f.code) == (Severity.WARNING, "metadata/descriptive/dc.xml", "v.schema.unexpected")
    assert "titel" in f.message("en") and f.xpath == "/simpledc/titel"
    # libxml2's English is said in Swedish too (issue 11, point 7), the original kept in the params.
    assert f.message("sv").startswith("Inte giltig enligt schemat: elementet titel får inte stå här")
    assert "This element is not expected" in f.params["detail"]
    assert report.valid  # METADATA-XSD is SHOULD: the package itself still conforms


def test_a_failing_check_is_reported_and_the_others_run(package, monkeypatch):
    from earchive.validation import context

    def broken(ctx, doc):
        raise RuntimeError("boom")

    monkeypatch.setitem(context.CHECKS, "CSIP7", context.Check("CSIP7", broken, context.EACH))
    report = validate_package(package)
    result = report.result("CSIP7")
    assert result.status is Status.SKIPPED and result.reason == "v.skip.check_failed"
    assert {f.code for f in result.findings} == {"v.check_crashed"}
    assert all(f.severity is Severity.WARNING for f in result.findings) and report.valid
    assert report.result("CSIP8").status is Status.PASSED


def test_findings_per_requirement_are_capped(package, monkeypatch):
    from earchive.validation import context

    monkeypatch.setattr(context, "MAX_FINDINGS_PER_REQUIREMENT", 3)
    for i in range(6):
        (package / f"documentation/extra-{i}.txt").write_text("x", encoding="utf-8")
    report = validate_package(package)
    found = findings_of(report, "FILE-REFERENCED")
    assert [f.code for f in found] == ["v.file_unreferenced"] * 3 + ["v.findings_capped"]
    assert found[-1].params == {"count": 3, "kept": 3}
    assert found[-1].message("en") == "… and 3 more findings of this requirement (only the first 3 are listed)."


def test_csip_namespace_in_the_wrong_case_is_named(package):
    """Issue 11, point 5: the attribute is there, in a namespace spelled differently: say so."""
    mets = package / "METS.xml"
    mets.write_bytes(mets.read_bytes().replace(b"https://DILCIS.eu/XML/METS/CSIPExtensionMETS",
                                               b"https://dilcis.eu/XML/METS/CSIPExtensionMETS"))
    report = validate_package(package)
    [f] = findings_of(report, "CSIP9")
    assert f.code == "v.attr_wrong_namespace" and f.params["found"] == "https://dilcis.eu/XML/METS/CSIPExtensionMETS"
    assert "https://DILCIS.eu/XML/METS/CSIPExtensionMETS" in f.message("en")
    assert "has no @csip:OAISPACKAGETYPE attribute" not in f.message("en")
    assert "namnrymden" in f.message("sv")


def test_unversioned_profile_says_which_version_was_assumed_and_why(tmp_path):
    """Issue 11, point 6: E-ARK-SIP.xml is the profile URL of 2.0.4 and 2.1.0 alike."""
    package = make_package(tmp_path, "2.1.0")
    report = validate_package(package)
    assert (report.version, report.version_source) == ("2.1.0", "assumed")
    [note] = [f for f in findings_of(report, "CSIP6") if f.code == "v.version_assumed"]
    assert note.severity is Severity.INFO and "--spec-version 2.0.4" in note.message("en")
    assert "--spec-version 2.0.4" in note.message("sv")
    given = validate_package(package, "2.0.4")
    assert (given.version, given.version_source) == ("2.0.4", "given")
    assert not [f for f in given.findings if f.code == "v.version_assumed"]
