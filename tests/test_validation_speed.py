"""The fast paths of issue 3, point 6: background hashing, one read per small file, shared look-ups.

Each fast path must reach the same verdict as the slow one it short-cuts: these tests change
packages so that the short-cut may not be taken (a grown file, a damaged ZIP entry, a cancel
in the middle of the hashing) and check the findings.  Timings are in scripts/bench_validate.py,
not here.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from earchive.errors import Cancelled
from earchive.progress import CancelToken
from earchive.validation import Status, validate_package
from earchive.validation import fixity
from earchive.validation.context import resolve_href
from earchive.validation.reader import open_package
from test_validation_package import findings_of, make_package


@pytest.fixture
def package(tmp_path) -> Path:
    return make_package(tmp_path / "in", "2.2.0")


def zipped(package: Path) -> Path:
    return Path(shutil.make_archive(str(package.parent / "paket"), "zip", package.parent, package.name))


def test_digest_file_matches_hashlib_for_small_grown_and_large_files(tmp_path):
    small = tmp_path / "small.bin"
    small.write_bytes(b"abc" * 1000)
    want = hashlib.sha256(small.read_bytes()).hexdigest()
    assert fixity.digest_file(str(small), {"SHA-256"}, 3000) == {"SHA-256": want}
    # Listed at 100 bytes but 3000 now: still hashed to its end (the SIZE check reports the size).
    assert fixity.digest_file(str(small), {"SHA-256"}, 100) == {"SHA-256": want}
    # Several algorithms, or a zlib sum: the chunked path.
    both = fixity.digest_file(str(small), {"MD5", "CRC32"}, 3000)
    assert both == {"MD5": hashlib.md5(small.read_bytes()).hexdigest(),
                    "CRC32": fixity.digest_stream(small.open("rb"), ["CRC32"])["CRC32"]}
    large = tmp_path / "large.bin"
    large.write_bytes(bytes(range(256)) * ((3 * fixity.CHUNK) // 256 + 7))
    progress = []
    got = fixity.digest_file(str(large), {"SHA-512"}, large.stat().st_size, on_bytes=progress.append)
    assert got == {"SHA-512": hashlib.sha512(large.read_bytes()).hexdigest()}
    assert sum(progress) == large.stat().st_size and len(progress) == 4


def test_plain_hrefs_resolve_like_the_general_path():
    general = resolve_href.__wrapped__
    for folder, href in [("", "METS.xml"), ("representations/rep1", "data/Protokoll/Protokoll 2023-05-11.txt"),
                         ("representations/rep1", " data/x.txt "), ("", "a//b"), ("r", "./a"), ("r", "../a"),
                         ("", "../a"), ("", "a%20b"), ("", "file:///etc/passwd"), ("", "C:\\x"), ("", "a#b"),
                         ("", "/abs"), ("x", "a/")]:
        value = href.strip()
        parts = value.split("/")
        plain = not any(c in value for c in ":%?#\\") and not value.startswith("/") \
            and "" not in parts and "." not in parts and ".." not in parts
        if plain:
            assert general(folder, href) == ((f"{folder}/{value}" if folder else value), "")
    assert general("representations/rep1", "data/a.txt") == ("representations/rep1/data/a.txt", "")
    assert general("", "../a") == (None, "v.href_outside")


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_background_hashing_finds_a_changed_file(package, as_zip):
    (package / "representations/rep1/data/Beslut.txt").write_text("Beslut: avslag.\n", encoding="utf-8")
    report = validate_package(zipped(package) if as_zip else package)
    [finding] = findings_of(report, "CSIP71")
    assert finding.code == "v.checksum_mismatch" and finding.params["path"] == "representations/rep1/data/Beslut.txt"
    assert report.result("CSIP69").status is Status.PASSED  # same length
    assert not [t for t in threading.enumerate() if t.name.startswith(("earchive-hash", "earchive-xsd"))]


def test_a_damaged_zip_entry_is_unreadable_not_a_crash(package):
    archive = zipped(package)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(f"{package.name}/representations/rep1/data/Beslut.txt")
    # Corrupt the compressed bytes of one entry (after its local header): its CRC no longer matches.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 4] = b"\xff\xff\xff\xff"
    archive.write_bytes(bytes(data))
    report = validate_package(archive)
    codes = {f.code for f in findings_of(report, "CSIP71")}
    assert codes == {"v.file_unreadable"}


def test_cancel_during_hashing_stops_the_threads_before_the_package_is_closed(package, monkeypatch):
    token = CancelToken()
    real = fixity.digest_file
    closed = []

    def slow(path, *args, **kwargs):
        token.cancel()  # the user presses Cancel while the first file is being hashed
        return real(path, *args, **kwargs)

    monkeypatch.setattr(fixity, "digest_file", slow)
    from earchive.validation import reader

    real_close = reader.Package.close
    monkeypatch.setattr(reader.Package, "close", lambda self: (closed.append(
        [t.name for t in threading.enumerate() if t.name.startswith("earchive-hash")]), real_close(self))[-1])
    with pytest.raises(Cancelled):
        validate_package(package, cancel=token)
    assert closed == [[]]  # no hashing thread was left running when the package was closed


def test_every_checksum_read_once_per_file(package, monkeypatch):
    calls = []
    real = fixity.digest_file
    monkeypatch.setattr(fixity, "digest_file", lambda path, algos, *a, **k: (calls.append(path), real(path, algos, *a, **k))[1])
    report = validate_package(package)
    assert report.valid
    assert calls and len(calls) == len(set(calls))
    with open_package(package) as pkg:
        listed = {p for p in pkg.files if not p.endswith("METS.xml") or "/" in p}
    assert {Path(c).relative_to(package).as_posix() for c in calls} <= listed


def test_schema_checks_on_two_threads_give_the_same_verdict_every_run(tmp_path):
    """Regression: METS-XSD and METADATA-XSD compile schemas on two threads; unserialised, about one
    fresh process in ten compiled METS without its root declaration."""
    package = make_package(tmp_path, "2.2.0")
    code = ("import sys; from earchive.validation import validate_package as v; "
            "r = v(sys.argv[1]); print(r.result('METS-XSD').status.value, r.result('METADATA-XSD').status.value)")
    outputs = set()
    for _ in range(10):
        proc = subprocess.run([sys.executable, "-c", code, str(package)], capture_output=True, text=True, timeout=120)
        outputs.add(proc.stdout.strip() or proc.stderr[-300:])
    assert outputs == {"passed passed"}
