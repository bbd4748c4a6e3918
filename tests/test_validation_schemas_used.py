"""CSIP113: every schema the package's XML uses is in the Schemas file group; PREMIS checked against
PREMIS 3 even where earchive lacks the schema (issue 11, point 3)."""

from __future__ import annotations

import pytest
from lxml import etree

from earchive import schemas
from earchive.validation import Severity, Status, validate_package, xml_schemas
from test_validation_package import M, X, findings_of, make_package, rewrite


@pytest.fixture
def package(tmp_path):
    return make_package(tmp_path, "2.2.0")


def _drop_schema(package, filename):
    (package / "schemas" / filename).unlink()

    def edit(root):
        for loc in root.iter(M("FLocat")):
            if loc.get(X("href")) == f"schemas/{filename}":
                loc.getparent().getparent().remove(loc.getparent())
    rewrite(package, "METS.xml", edit)


def test_clean_package_provides_every_schema_it_uses(package):
    report = validate_package(package)
    assert report.result("CSIP113").status is Status.PASSED and findings_of(report, "CSIP113") == []


def test_premis_used_but_its_schema_missing_is_an_error_naming_the_file(package):
    _drop_schema(package, "premis-v3-0.xsd")
    report = validate_package(package)
    [f] = findings_of(report, "CSIP113")
    assert (f.severity, f.code) == (Severity.ERROR, "v.schema_not_in_package")
    assert f.params["namespace"] == "http://www.loc.gov/premis/v3" and f.params["filename"] == "premis-v3-0.xsd"
    assert "metadata/preservation/premis.xml" in f.params["files"] and f.params["count"] == 2
    assert "premis-v3-0.xsd" in f.message("sv") and not report.valid


def test_xlink_used_on_attributes_counts(package):
    _drop_schema(package, "xlink.xsd")
    [f] = findings_of(validate_package(package), "CSIP113")
    assert f.params["namespace"] == "http://www.w3.org/1999/xlink" and f.file == "METS.xml"


def test_a_namespace_named_in_schema_location_needs_its_schema(package):
    def edit(root):
        root.set("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
                 root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "")
                 + " urn:example:lokal https://example.se/lokal.xsd")
    rewrite(package, "METS.xml", edit)
    [f] = findings_of(validate_package(package), "CSIP113")
    assert f.params["namespace"] == "urn:example:lokal" and f.params["filename"] == "lokal.xsd"


def test_no_namespace_dublin_core_needs_a_schema_declaring_its_root(package):
    _drop_schema(package, "simpledc20021212.xsd")
    [f] = findings_of(validate_package(package), "CSIP113")
    assert f.params["namespace"] == "simpledc" and f.params["filename"] == "simpledc20021212.xsd"


def _without_earchive_premis(monkeypatch):
    real = schemas.schema_path
    monkeypatch.setattr(schemas, "schema_path", lambda key: None if key == "premis" else real(key))
    schemas._local.__dict__.pop("schemas", None)
    xml_schemas._compiled.__dict__.clear()


def test_premis_is_checked_with_the_packages_official_copy_when_earchive_lacks_it(package, monkeypatch):
    _without_earchive_premis(monkeypatch)
    try:
        rewrite(package, "metadata/preservation/premis.xml",
                lambda root: root.append(etree.Element("{http://www.loc.gov/premis/v3}bogus")))
        report = validate_package(package)
        errors = [f for f in findings_of(report, "METADATA-XSD") if f.code.startswith("v.schema")]
        assert errors and errors[0].file == "metadata/preservation/premis.xml"
        assert not [f for f in report.findings if f.code == "v.schema_unavailable"]
    finally:
        schemas._local.__dict__.pop("schemas", None)
        xml_schemas._compiled.__dict__.clear()


def test_without_any_premis_schema_the_report_says_not_checked(package, monkeypatch):
    _without_earchive_premis(monkeypatch)
    try:
        (package / "schemas" / "premis-v3-0.xsd").write_text("<!-- not the official file -->\n<x/>\n")
        report = validate_package(package)
        notes = [f for f in report.findings if f.code == "v.schema_unavailable"]
        assert notes and all(f.severity is Severity.WARNING for f in notes)
        assert "NOT CHECKED" in notes[0].message("en") and "INTE KONTROLLERAD" in notes[0].message("sv")
        assert not report.complete
    finally:
        schemas._local.__dict__.pop("schemas", None)
        xml_schemas._compiled.__dict__.clear()


def test_large_metadata_files_are_checked_as_a_stream(package, monkeypatch):
    """Issue 12, point 10: a large PREMIS file is validated while it is read, never held as a tree;
    an invalid one still gets every schema error (from the tree-based check it falls back to)."""
    trees = []
    real = xml_schemas._validate
    monkeypatch.setattr(xml_schemas, "STREAM_BYTES", 0)  # every metadata file counts as large
    monkeypatch.setattr(xml_schemas, "_validate", lambda ctx, req, schema, tree, rel: (trees.append(rel), real(ctx, req, schema, tree, rel)))
    report = validate_package(package)
    assert report.result("METADATA-XSD").status is Status.PASSED and findings_of(report, "METADATA-XSD") == []
    assert [t for t in trees if "premis" in t] == []  # no PREMIS tree was built
    assert report.result("CSIP113").status is Status.PASSED  # what the streamed files use was recorded
    rewrite(package, "metadata/preservation/premis.xml",
            lambda root: (root.append(etree.Element("{http://www.loc.gov/premis/v3}bogus")),
                          root.append(etree.Element("{http://www.loc.gov/premis/v3}bogus2"))))
    report = validate_package(package)
    errors = [f for f in findings_of(report, "METADATA-XSD") if f.file == "metadata/preservation/premis.xml"]
    assert errors and errors[0].xpath == "/premis:premis/premis:bogus" and "metadata/preservation/premis.xml" in trees


def test_a_malformed_large_metadata_file_is_reported_not_passed(package, monkeypatch):
    """lxml 6's stream parse with a schema ends a malformed document early without an error: the
    streamed check notices and the tree-based check reports it."""
    monkeypatch.setattr(xml_schemas, "STREAM_BYTES", 0)
    premis = package / "metadata/preservation/premis.xml"
    data = premis.read_bytes()
    at = data.rindex(b'="') + 1
    premis.write_bytes(data[:at] + b"\x01" + data[at + 1:])  # a late opening quote becomes a control character
    report = validate_package(package)
    assert any(f.file == "metadata/preservation/premis.xml" and f.code == "error.xml_malformed" for f in report.findings)
