"""A large METS read slim (issue 12, point 10: 100,000 files under 300 MB): the same findings, the
same places, as the whole tree; a METS the slim reading cannot take is read as a tree."""

from __future__ import annotations

import pytest
from lxml import etree

from earchive.validation import engine, slim, validate_package
from test_validation_package import C, M, S, X, make_package, refresh_rep_mets_fixity, rewrite


def _findings(report):
    return [(f.requirement, f.code, f.file, f.xpath, f.line, f.message("sv")) for f in report.findings]


def _both(package, monkeypatch):
    monkeypatch.setattr(slim, "SLIM_BYTES", 1 << 40)
    tree = validate_package(package)
    monkeypatch.setattr(slim, "SLIM_BYTES", 0)
    read = []
    real = slim.parse_slim
    monkeypatch.setattr(slim, "parse_slim", lambda *a: (read.append(1), real(*a))[1])
    slim_report = validate_package(package)
    return tree, slim_report, read


def test_a_damaged_package_gets_the_same_report_either_way(tmp_path, monkeypatch):
    package = make_package(tmp_path, "2.1.0")
    data = package / "representations/rep1/data"
    (data / "Beslut.txt").write_text("Beslut: ändrat i efterhand.\n", encoding="utf-8")
    (data / "extra fil.txt").write_text("x\n", encoding="utf-8")

    def edit(root):
        files = list(root.iter(M("file")))
        files[0].set("MIMETYPE", "application/x-protokoll")
        files[0].set(S("FILEFORMATNAME"), "")
        files[1].attrib.pop("CREATED")
        files[1].set("ADMID", "finns-inte")
        extra = etree.SubElement(files[0].getparent(), M("file"), ID="extra", MIMETYPE="text/plain", SIZE="2",
                                 CREATED="2024-05-17T09:00:00Z", CHECKSUMTYPE="SHA-256",
                                 CHECKSUM="7ace431cb61584cb9b8dc7ec08cf38ac0a2d649660be86d349fb43108b542fa4")
        etree.SubElement(extra, M("FLocat"), {"LOCTYPE": "URL", X("type"): "simple", X("href"): "data/extra+fil.txt"})
    rewrite(package, "representations/rep1/METS.xml", edit)
    refresh_rep_mets_fixity(package)
    tree, slim_report, read = _both(package, monkeypatch)
    assert read, "the slim reading was not used"
    assert _findings(slim_report) == _findings(tree)
    assert {f.requirement for f in tree.findings} >= {"CSIP68", "CSIP69", "CSIP70", "CSIP71", "CSIP74", "CSIP79", "SIP32"}
    assert [(r.id, r.status) for r in slim_report.results] == [(r.id, r.status) for r in tree.results]


def test_a_mets_not_valid_against_the_schema_is_read_as_a_tree_with_every_error(tmp_path, monkeypatch):
    package = make_package(tmp_path, "2.2.0")
    rewrite(package, "METS.xml", lambda root: (root.find(M("fileSec")).set("BOGUS", "1"),
                                               root.find(f".//{M('file')}").set("SIZE", "stor")))
    tree, slim_report, read = _both(package, monkeypatch)
    assert _findings(slim_report) == _findings(tree)
    codes = [f.code for f in slim_report.findings if f.requirement == "METS-XSD"]
    assert "v.schema.attribute_not_allowed" in codes and "v.schema.bad_value" in codes


def test_a_file_with_two_locations_is_read_as_a_tree(tmp_path, monkeypatch):
    package = make_package(tmp_path, "2.2.0")

    def edit(root):
        file_el = root.find(f".//{M('file')}")
        file_el.append(etree.fromstring(etree.tostring(file_el.find(M("FLocat")))))
    rewrite(package, "representations/rep1/METS.xml", edit)
    refresh_rep_mets_fixity(package)
    tree, slim_report, _read = _both(package, monkeypatch)
    assert _findings(slim_report) == _findings(tree)
    assert any(f.requirement == "CSIP76" for f in slim_report.findings)


def test_a_zipped_package_is_read_slim_too(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    package = make_package(tmp_path, "2.2.0")
    archive = Path(shutil.make_archive(str(tmp_path / "paket"), "zip", package.parent, package.name))
    tree, slim_report, read = _both(archive, monkeypatch)
    assert read and _findings(slim_report) == _findings(tree)
