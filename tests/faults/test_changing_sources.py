"""Sources that change, move or vanish while earchive packages them; names that are not UTF-8 (issue 12, points 4-5).

A writer thread rewrites a file in place while the real command copies it; an
"editor" replaces it by rename; a file is deleted before, during and after its copy.
What a person expects: the package holds a version of each file that existed on disk
(never old head + new tail), or the build stops naming the file and saying what to do;
a ZIP's formats describe the bytes in the ZIP; a deleted file is called deleted.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from support.faults import build_args, earchive, finish, partials, wait_for
from support.oracles import MINIMAL_PDF

#: Size of the file rewritten while it is copied: its copy takes a while.
BIG = 64 << 20
PREMIS = "{http://www.loc.gov/premis/v3}"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def version(letter: bytes, size: int = BIG) -> bytes:
    return letter * size


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def in_progress(out: Path, name: str):
    """A predicate: the partial package's copy of ``name`` has started (folder), or the ZIP has its entry's header."""

    def check():
        for p in partials(out):
            if p.is_dir():
                hits = list(p.rglob(name))
                if hits and hits[0].stat().st_size > 0:
                    return True
            elif p.is_file() and not p.name.endswith(".lock"):
                try:
                    with open(p, "rb") as fh:
                        if name.encode() in fh.read(1 << 20):
                            return True
                except OSError:
                    pass
        return False

    return check


def when(predicate, action, timeout: float = 60.0) -> threading.Thread:
    """Run ``action`` in a thread as soon as ``predicate`` holds (polled every millisecond)."""

    def run():
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                action()
                return
            time.sleep(0.001)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def rewrite_in_place(path: Path, data: bytes) -> None:
    """Overwrite ``path`` without truncating or replacing it, 1 MB at a time (as a program saving in place)."""
    with open(path, "r+b", buffering=0) as fh:
        for start in range(0, len(data), 1 << 20):
            fh.write(data[start : start + (1 << 20)])


def packaged_bytes(out: Path, name: str, zip_: bool) -> bytes:
    if zip_:
        with zipfile.ZipFile(out / "faults-1.zip") as zf:
            entry = next(n for n in zf.namelist() if n.endswith("/" + name))
            return zf.read(entry)
    return next((out / "faults-1").rglob(name)).read_bytes()


def mets_checksum(out: Path, name: str, zip_: bool) -> str:
    if zip_:
        with zipfile.ZipFile(out / "faults-1.zip") as zf:
            data = zf.read("faults-1/representations/rep1/METS.xml")
    else:
        data = (out / "faults-1" / "representations" / "rep1" / "METS.xml").read_bytes()
    root = etree.fromstring(data)
    for f in root.iter("{http://www.loc.gov/METS/}file"):
        flocat = f.find("{http://www.loc.gov/METS/}FLocat")
        if flocat.get("{http://www.w3.org/1999/xlink}href").endswith(name):
            return f.get("CHECKSUM")
    raise AssertionError(f"{name} not in the METS")


def records(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "Diarium"
    src.mkdir()
    (src / "a-protokoll.txt").write_text("Protokoll.\n", encoding="utf-8")
    big = src / "b-inspelning.bin"
    big.write_bytes(version(b"A"))
    (src / "c-beslut.txt").write_text("Beslut.\n", encoding="utf-8")
    return src, big


@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
def test_a_file_rewritten_in_place_while_copied_is_read_again(tmp_path, out, faults, zip_):
    """Same size, new content, written while the copy runs: the package holds the new version whole."""
    src, big = records(tmp_path)
    faults.keep(src)
    faults.changed_on_purpose(big)
    process = earchive(*build_args([src], out, *(["--zip"] if zip_ else [])))
    writer = when(in_progress(out, big.name), lambda: rewrite_in_place(big, version(b"B")))
    code, _, err = finish(process)
    writer.join()
    faults.injected("file rewritten in place (same size) during its copy")
    assert code == 0, err
    data = packaged_bytes(out, big.name, zip_)
    assert sha256(data) == sha256(version(b"B"))  # never old head + new tail
    assert mets_checksum(out, big.name, zip_) == sha256(data)
    faults.no_leftovers(out, finished=("faults-1.zip" if zip_ else "faults-1",))


@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
def test_a_file_that_keeps_changing_stops_the_build_naming_it(tmp_path, out, faults, zip_):
    src, big = records(tmp_path)
    faults.keep(src)
    faults.changed_on_purpose(big)
    stop = threading.Event()

    def keep_writing():
        letter = b"C"
        while not stop.is_set():
            rewrite_in_place(big, version(letter))
            letter = b"D" if letter == b"C" else b"C"

    process = earchive(*build_args([src], out, *(["--zip"] if zip_ else [])))
    writer = when(in_progress(out, big.name), keep_writing)
    try:
        code, _, err = finish(process)
    finally:
        stop.set()
        writer.join()
    faults.injected("file rewritten continuously during the build")
    assert code == 3, err
    assert f"Error: {big} kept changing while earchive copied it (3 tries)" in err
    assert "Close the program that writes to it, or leave it out, then build again." in err
    faults.no_leftovers(out)


def test_a_file_replaced_by_rename_while_copied_is_packaged_as_it_is_now(tmp_path, out, faults):
    """An editor's atomic save (write a new file, rename it over the old one) during the copy."""
    src, big = records(tmp_path)
    faults.keep(src)
    faults.changed_on_purpose(big)

    def save():
        new = big.with_name(".b-inspelning.bin.tmp")
        new.write_bytes(version(b"E", BIG // 2))
        os.replace(new, big)

    process = earchive(*build_args([src], out))
    saver = when(in_progress(out, big.name), save)
    code, _, err = finish(process)
    saver.join()
    faults.injected("file replaced by rename during its copy")
    # The listing said 64 MiB; the file there now has another size: the build stops and says so.
    assert code == 3, err
    assert f"Error: {big} changed while it was being copied (size {BIG} then {BIG // 2} bytes)" in err
    faults.no_leftovers(out)


@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
def test_a_file_deleted_during_its_copy_is_reported_as_deleted(tmp_path, out, faults, zip_):
    src, big = records(tmp_path)
    faults.keep(src)
    faults.changed_on_purpose(big)
    process = earchive(*build_args([src], out, *(["--zip"] if zip_ else [])))
    deleter = when(in_progress(out, big.name), big.unlink)
    code, _, err = finish(process)
    deleter.join()
    faults.injected("source deleted during its copy")
    assert code == 3, err
    assert f"Error: {big} was deleted or moved while earchive was packaging it" in err
    assert "Format identification" not in err
    faults.no_leftovers(out)


@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
def test_a_file_deleted_before_its_turn_is_reported_as_deleted(tmp_path, out, faults, zip_):
    src, big = records(tmp_path)
    for i in range(2000):  # many files after the large one: the last one's turn comes late
        (src / f"e-{i:04d}.txt").write_text(f"Handling {i}.\n", encoding="utf-8")
    last = src / "e-1999.txt"
    faults.keep(src)
    faults.changed_on_purpose(last)
    process = earchive(*build_args([src], out, *(["--zip"] if zip_ else [])))
    deleter = when(in_progress(out, big.name), last.unlink)
    code, _, err = finish(process)
    deleter.join()
    faults.injected("source deleted after the listing, before its copy")
    assert code == 3, err
    assert f"Error: {last} was deleted or moved while earchive was packaging it (it was there when the sources were listed)." in err
    faults.no_leftovers(out)


def many_small(src: Path, count: int = 300) -> list[Path]:
    src.mkdir()
    paths = []
    for i in range(count):
        path = src / f"f{i:04d}.pdf"
        path.write_bytes(MINIMAL_PDF + f"% {i}\n".encode())
        paths.append(path)
    return paths


def zip_entries(out: Path) -> int:
    for p in partials(out):
        if p.is_file() and not p.name.endswith(".lock"):
            with open(p, "rb") as fh:
                return fh.read().count(b"PK\x03\x04")
    return 0


def test_zip_a_file_deleted_after_its_copy_is_identified_from_the_zipped_bytes(tmp_path, out, faults):
    """Deleted once copied, before its batch was identified: the ZIP's bytes were identified, the build succeeds."""
    files = many_small(tmp_path / "Diarium")
    first = files[0]
    faults.keep(tmp_path / "Diarium")
    faults.changed_on_purpose(first)
    process = earchive(*build_args([tmp_path / "Diarium"], out, "--zip"))
    deleter = when(lambda: zip_entries(out) >= 20, first.unlink)
    code, _, err = finish(process)
    deleter.join()
    faults.injected("source deleted after its copy (ZIP)")
    assert code == 0, err
    assert not first.exists()
    with zipfile.ZipFile(out / "faults-1.zip") as zf:
        premis = etree.fromstring(zf.read("faults-1/representations/rep1/metadata/preservation/premis.xml"))
    formats = {
        obj.findtext(f"{PREMIS}originalName"): obj.findtext(f".//{PREMIS}formatRegistryKey")
        for obj in premis.iter(f"{PREMIS}object")
    }
    assert formats["Diarium/f0000.pdf"] == "fmt/18"


def test_zip_a_file_changed_after_its_copy_stops_the_build(tmp_path, out, faults):
    """Rewritten once copied, before its format was read: the format would describe other bytes, so the build stops."""
    files = many_small(tmp_path / "Diarium")
    first = files[0]
    faults.keep(tmp_path / "Diarium")
    faults.changed_on_purpose(first)
    process = earchive(*build_args([tmp_path / "Diarium"], out, "--zip"))
    writer = when(lambda: zip_entries(out) >= 20, lambda: first.write_bytes(b"GIF89a" + b"\0" * 100))
    code, _, err = finish(process)
    writer.join()
    faults.injected("source rewritten after its copy, before identification (ZIP)")
    assert code == 3, err
    assert f"Error: {first} changed right after earchive copied it, before its format could be identified" in err
    faults.no_leftovers(out)


@pytest.mark.parametrize("zip_", [False, True], ids=["folder", "zip"])
def test_names_that_are_not_utf8(tmp_path, out, faults, zip_):
    """Latin-1 and broken names from an old file server: packaged under safe names, identified, originals in PREMIS."""
    src = tmp_path / "Diarium"
    src.mkdir()
    raw = os.fsencode(src)
    names = [b"r\xe4kning.pdf", b"\xc5rsber\xe4ttelse 1998.txt", b"bad\xff\xfename.pdf"]
    for name in names:
        with open(raw + b"/" + name, "wb") as fh:
            fh.write(MINIMAL_PDF if name.endswith(b".pdf") else "Årsberättelse.\n".encode("latin-1"))
    faults.keep(src)
    faults.injected("names that are not UTF-8 on disk", len(names))
    process = earchive(*build_args([src], out, *(["--zip"] if zip_ else [])), "--spec-version", "2.1.0")
    code, stdout, err = finish(process)
    assert code == 0, err
    package = out / ("faults-1.zip" if zip_ else "faults-1")
    if zip_:
        with zipfile.ZipFile(package) as zf:
            premis = etree.fromstring(zf.read("faults-1/representations/rep1/metadata/preservation/premis.xml"))
            for name in zf.namelist():
                name.encode("utf-8")  # every entry name is valid UTF-8
    else:
        premis = etree.parse(str(package / "representations/rep1/metadata/preservation/premis.xml")).getroot()
    formats = [obj.findtext(f".//{PREMIS}formatRegistryKey") for obj in premis.iter(f"{PREMIS}object")]
    assert formats.count("fmt/18") == 2  # both PDFs identified, whatever their names
    validated = earchive("validate", str(package))
    vcode, vout, verr = finish(validated)
    assert vcode == 0, vout + verr
