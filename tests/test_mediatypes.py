"""MIMETYPE against the IANA Media Types registry (issue 11, point 1): an error in 2.0.4/2.1.0, a warning in 2.2.0."""

from __future__ import annotations

import pytest

from earchive import mediatypes
from earchive.validation import Severity, validate_package
from test_validation_package import M, findings_of, make_package, refresh_rep_mets_fixity, rewrite


def test_registry_knows_registered_types_and_not_invented_ones():
    for name in ("application/pdf", "TEXT/Plain; charset=utf-8", "image/jp2", "audio/flac", "image/x-emf",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "multipart/mixed"):
        assert mediatypes.is_registered(name), name
    for name in ("application/wrongmimetype", "text/x-python", "audio/x-wav", "pdf", "application/"):
        assert not mediatypes.is_registered(name), name
    assert len(mediatypes.registry()) > 2000


def test_closest_registered_type():
    assert mediatypes.closest_registered("text/x-python") == "text/plain"
    assert mediatypes.closest_registered("application/x-sqlite3") == "application/octet-stream"


def _wrong_mimetype(root):
    root.find(f".//{M('file')}").set("MIMETYPE", "application/wrongmimetype")


@pytest.mark.parametrize("version, severity, code, valid", [
    ("2.1.0", Severity.ERROR, "v.mimetype_unregistered", False),
    ("2.2.0", Severity.WARNING, "v.mimetype_unregistered_220", True),
])
def test_unregistered_mimetype(tmp_path, version, severity, code, valid):
    package = make_package(tmp_path, version)
    rewrite(package, "representations/rep1/METS.xml", _wrong_mimetype)
    refresh_rep_mets_fixity(package)
    report = validate_package(package)
    [f] = findings_of(report, "CSIP68")
    assert (f.severity, f.code, f.params["value"]) == (severity, code, "application/wrongmimetype")
    assert "IANA" in f.message("en") and "IANA" in f.message("sv")
    assert report.valid is valid


def test_builder_writes_registered_types_only():
    from earchive.formats import _first_mime, mime_type

    assert _first_mime("audio/x-wav, audio/vnd.wave") == "audio/vnd.wave" or _first_mime("audio/x-wav") == "application/octet-stream"
    assert _first_mime("text/x-python") == "text/plain"
    assert mediatypes.is_registered(mime_type(b"#!/usr/bin/env python3\nimport os\nprint(os.name)\n"))
