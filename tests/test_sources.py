"""The source scanner on real, hostile trees in tmp_path: exact names, exact reasons, exact report lines."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from earchive import sources
from earchive.errors import Cancelled, SourceError
from earchive.messages import render
from earchive.progress import CancelToken
from earchive.sources import ScanResult, SourceFile, scan_sources


def touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


#: Tests whose files have names Windows cannot create (``?``, ``:``, ``CON``, a trailing dot).
posix_names = pytest.mark.skipif(os.name == "nt", reason="Windows cannot create these names; the test runs on Linux and macOS")


def link(path: Path, target) -> None:
    """A symbolic link, or skip where this system cannot make one (Windows without developer mode)."""
    try:
        path.symlink_to(target)
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"cannot create symbolic links here: {exc}")


def raw_file(folder: Path, raw_name: bytes, data: bytes = b"") -> None:
    """A file whose name is raw bytes (not UTF-8), or skip where the file system refuses such names (macOS, Windows)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(os.fsencode(folder) + b"/" + raw_name, os.O_CREAT | os.O_WRONLY, 0o644)
    except (OSError, ValueError) as exc:
        pytest.skip(f"the file system refuses names that are not UTF-8: {exc}")
    os.write(fd, data)
    os.close(fd)


def require_distinct(folder: Path, count: int) -> None:
    """Skip on a file system that folds case or normalisation (it cannot hold the twins this test needs)."""
    if len(os.listdir(folder)) < count:
        pytest.skip("this file system folds case or Unicode normalisation")


def by_original(result: ScanResult) -> dict[str, SourceFile]:
    return {f.original: f for f in result.files}


def codes(result: ScanResult) -> list[tuple[str, str, dict]]:
    return [(n.code, n.level, n.params) for n in result.notes]


def snapshot(root: Path) -> list[tuple]:
    """Every name (as bytes), type, size, mode and mtime under root, links not followed."""
    out = []
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
        for name in sorted(dirnames + filenames):
            st = os.lstat(os.path.join(dirpath, name))
            out.append((dirpath, name, st.st_mode, st.st_size, st.st_mtime_ns))
    return sorted(out)


# --- ordinary records ----------------------------------------------------------------------


def test_a_folder_of_records_keeps_its_name_and_its_files(records: Path):
    result = scan_sources([records])
    size = lambda name: (records / name).stat().st_size  # noqa: E731
    assert [(f.original, f.relpath, f.size, f.renamed, f.reasons) for f in result.files] == [
        ("Kommunstyrelsen/Beslut å ä ö.txt", "Kommunstyrelsen/Beslut å ä ö.txt", 16, False, ()),
        ("Kommunstyrelsen/data.csv", "Kommunstyrelsen/data.csv", 15, False, ()),
        ("Kommunstyrelsen/rapport.pdf", "Kommunstyrelsen/rapport.pdf", size("rapport.pdf"), False, ()),
        ("Kommunstyrelsen/tom.txt", "Kommunstyrelsen/tom.txt", 0, False, ()),
        ("Kommunstyrelsen/Protokoll 2023/Protokoll 2023-05-11.txt", "Kommunstyrelsen/Protokoll 2023/Protokoll 2023-05-11.txt",
         size("Protokoll 2023/Protokoll 2023-05-11.txt"), False, ()),
    ]
    assert all(f.source == records / f.original.split("/", 1)[1] for f in result.files)
    assert all(f.source.is_absolute() for f in result.files)
    assert result.files[0].mtime == (records / "Beslut å ä ö.txt").stat().st_mtime
    assert result.total_bytes == sum(f.size for f in result.files)
    assert result.notes == [] and result.empty_dirs == [] and result.renames == []


def test_a_selected_file_is_packaged_under_its_own_name(records: Path):
    result = scan_sources([records / "data.csv"])
    assert [(f.original, f.relpath, f.source) for f in result.files] == [("data.csv", "data.csv", records / "data.csv")]


def test_relative_sources_are_made_absolute(records: Path, monkeypatch):
    monkeypatch.chdir(records.parent)
    result = scan_sources([Path("Kommunstyrelsen") / "data.csv"])
    assert result.files[0].source == records / "data.csv"


# --- names --------------------------------------------------------------------------------


def test_nfc_and_nfd_twins_in_one_folder_are_both_kept(tmp_path: Path):
    touch(tmp_path / "X" / "\u00e5r.txt", b"nfc")
    touch(tmp_path / "X" / "a\u030ar.txt", b"nfd!")
    require_distinct(tmp_path / "X", 2)
    result = scan_sources([tmp_path / "X"])
    files = by_original(result)
    assert (files["X/\u00e5r.txt"].relpath, files["X/\u00e5r.txt"].size, files["X/\u00e5r.txt"].reasons) == ("X/år.txt", 3, ())
    assert (files["X/a\u030ar.txt"].relpath, files["X/a\u030ar.txt"].size, files["X/a\u030ar.txt"].reasons) == (
        "X/år (2).txt", 4, ("nfd", "name_collision"))
    assert codes(result) == [
        ("report.renamed", "info", {"original": "X/a\u030ar.txt", "safe": "X/år (2).txt", "reason": "nfd, name_collision"}),
    ]


def test_an_nfd_folder_is_renamed_once_and_its_files_follow(tmp_path: Path):
    touch(tmp_path / "X" / "A\u0308rende" / "a.txt")
    touch(tmp_path / "X" / "A\u0308rende" / "b.txt")
    result = scan_sources([tmp_path / "X"])
    assert [(f.relpath, f.renamed, f.reasons) for f in result.files] == [
        ("X/Ärende/a.txt", True, ("nfd",)), ("X/Ärende/b.txt", True, ("nfd",)),
    ]
    assert [(r.original, r.safe, r.reasons, r.is_dir) for r in result.renames] == [("X/A\u0308rende", "X/Ärende", ("nfd",), True)]


@posix_names
def test_windows_illegal_characters_reserved_names_and_trailing_dots(tmp_path: Path):
    for name in ['fråga?.txt', 'a<b>"c".txt', 'tid 10:30.txt', 'pipe|star*.txt', 'back\\slash.txt',
                 "CON", "con.txt", "LPT1.log", "rapport.", "utkast ", " inledande.txt", "tab\tnamn.txt"]:
        touch(tmp_path / "X" / name)
    result = scan_sources([tmp_path / "X"])
    assert {f.original: (f.relpath, f.reasons) for f in result.files} == {
        "X/fråga?.txt": ("X/fråga_.txt", ("windows_illegal_char",)),
        'X/a<b>"c".txt': ("X/a_b__c_.txt", ("windows_illegal_char",)),
        "X/tid 10:30.txt": ("X/tid 10_30.txt", ("windows_illegal_char",)),
        "X/pipe|star*.txt": ("X/pipe_star_.txt", ("windows_illegal_char",)),
        "X/back\\\\slash.txt": ("X/back_slash.txt", ("windows_illegal_char",)),  # the display form escapes \\
        "X/CON": ("X/CON_", ("reserved_name",)),
        "X/con.txt": ("X/con_.txt", ("reserved_name",)),
        "X/LPT1.log": ("X/LPT1_.log", ("reserved_name",)),
        "X/rapport.": ("X/rapport", ("trailing_dot_or_space",)),
        "X/utkast ": ("X/utkast", ("trailing_dot_or_space",)),
        "X/ inledande.txt": ("X/inledande.txt", ("leading_space",)),
        "X/tab\\x09namn.txt": ("X/tab_namn.txt", ("control_char",)),
    }
    renamed = [n for n in result.notes if n.code == "report.renamed"]
    assert len(renamed) == 12
    assert renamed[0].message("en") == "Renamed X/ inledande.txt to X/inledande.txt (leading_space); the original name is kept in PREMIS"


def test_case_only_twins_are_both_kept(tmp_path: Path):
    touch(tmp_path / "X" / "File.txt", b"1")
    touch(tmp_path / "X" / "file.txt", b"22")
    touch(tmp_path / "X" / "FILE.TXT", b"333")
    require_distinct(tmp_path / "X", 3)
    result = scan_sources([tmp_path / "X"])
    assert {f.relpath: f.size for f in result.files} == {"X/FILE.TXT": 3, "X/File (2).txt": 1, "X/file (3).txt": 2}


def test_a_file_and_a_folder_whose_names_collide(tmp_path: Path):
    touch(tmp_path / "X" / "Mapp" / "in.txt")
    touch(tmp_path / "X" / "mapp")
    require_distinct(tmp_path / "X", 2)
    result = scan_sources([tmp_path / "X"])
    assert {f.original: f.relpath for f in result.files} == {"X/Mapp/in.txt": "X/Mapp/in.txt", "X/mapp": "X/mapp (2)"}


def test_undecodable_bytes_in_a_name(tmp_path: Path):
    folder = tmp_path / "X"
    raw_file(folder, b"Beslut \xe5r.txt", b"latin-1")
    result = scan_sources([folder])
    [f] = result.files
    assert (f.original, f.relpath, f.size, f.reasons) == ("X/Beslut \\xe5r.txt", "X/Beslut år.txt", 7, ("undecodable_bytes",))
    assert os.fsencode(f.source) == os.fsencode(folder) + b"/Beslut \xe5r.txt"
    assert f.source.read_bytes() == b"latin-1"
    assert result.renames[0].original == "X/Beslut \udce5r.txt"  # exactly as on disk
    assert result.renames[0].original_display == "X/Beslut \\xe5r.txt"


def test_undecodable_bytes_that_grow_past_255_bytes_are_cut(tmp_path: Path):
    folder = tmp_path / "X"
    raw = b"\xe5" * 200 + b".txt"  # 204 bytes on disk, 404 once å is UTF-8
    raw_file(folder, raw)
    [f] = scan_sources([folder]).files
    name = f.relpath.split("/")[1]
    digest = hashlib.sha256(os.fsdecode(raw).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    assert name == "å" * 121 + "~" + digest + ".txt"
    assert f.reasons == ("undecodable_bytes", "too_long_bytes")


def test_a_path_over_240_characters_is_shortened(tmp_path: Path):
    deep = tmp_path / "X" / ("d" * 100) / ("e" * 100)
    touch(deep / ("f" * 100 + ".txt"), b"long")
    touch(deep / "kort.txt", b"short")
    prefix = len("urn_uuid_0a1b/representations/rep1/data/")
    result = scan_sources([tmp_path / "X"], prefix_len=prefix)
    files = {f.size: f for f in result.files}
    long_one, short_one = files[4], files[5]
    # The three long components are cut to the same length (65), the path fits in 240.
    assert [len(part) for part in long_one.relpath.split("/")] == [1, 65, 65, 65]
    assert prefix + len(long_one.relpath) == 239
    assert long_one.reasons == ("path_too_long",) and long_one.renamed
    # The folders were shortened for the long file, so the short file is in the same (renamed) folders.
    assert short_one.relpath.rsplit("/", 1) == [long_one.relpath.rsplit("/", 1)[0], "kort.txt"]
    assert long_one.relpath.endswith(".txt") and "~" in long_one.relpath.rsplit("/", 1)[1]
    assert short_one.original == f"X/{'d' * 100}/{'e' * 100}/kort.txt"
    assert all(n.code == "report.renamed" for n in result.notes)


def test_a_tree_too_deep_to_fit_is_reported(tmp_path: Path):
    deep = tmp_path / "X"
    for _ in range(25):
        deep = deep / "mapp-mapp-mapp"
    touch(deep / "x.txt")
    result = scan_sources([tmp_path / "X"])
    [warning] = [n for n in result.notes if n.code == "report.path_still_too_long"]
    assert warning.level == "warning"
    assert warning.params["limit"] == 240 and warning.params["length"] > 240
    assert len(result.files) == 1


# --- what is left out ---------------------------------------------------------------------


def test_empty_files_are_kept_and_empty_folders_reported(tmp_path: Path):
    touch(tmp_path / "X" / "tom.txt", b"")
    (tmp_path / "X" / "Tom mapp").mkdir()
    (tmp_path / "X" / "Yttre" / "Inre").mkdir(parents=True)
    touch(tmp_path / "X" / "Bara systemfil" / "Thumbs.db")
    result = scan_sources([tmp_path / "X"])
    assert [(f.relpath, f.size) for f in result.files] == [("X/tom.txt", 0)]
    assert result.empty_dirs == ["X/Bara systemfil", "X/Tom mapp", "X/Yttre/Inre"]
    assert codes(result) == [
        ("report.system_file_skipped", "info", {"path": "X/Bara systemfil/Thumbs.db"}),
        ("report.folder_only_left_out", "info", {"path": "X/Bara systemfil"}),
        ("report.empty_folder", "info", {"path": "X/Tom mapp"}),
        ("report.empty_folder", "info", {"path": "X/Yttre/Inre"}),
    ]


def test_an_empty_selected_folder(tmp_path: Path):
    (tmp_path / "Tom").mkdir()
    result = scan_sources([tmp_path / "Tom"])
    assert result.files == [] and result.empty_dirs == ["Tom"]


SYSTEM = ["Thumbs.db", "THUMBS.DB", "ehthumbs.db", "desktop.ini", ".DS_Store", "._Rapport.pdf",
          "~$Rapport.docx", ".~lock.Rapport.odt#"]
SYSTEM_DIRS = [".Spotlight-V100", ".Trashes", ".fseventsd", "$RECYCLE.BIN", "System Volume Information"]


def test_system_files_are_left_out_with_a_report_line(tmp_path: Path):
    touch(tmp_path / "X" / "Rapport.pdf")
    for name in SYSTEM:
        touch(tmp_path / "X" / name)
    for name in SYSTEM_DIRS:
        touch(tmp_path / "X" / name / "inside.bin")
    result = scan_sources([tmp_path / "X"])
    assert [f.relpath for f in result.files] == ["X/Rapport.pdf"]
    skipped = sorted(n.params["path"] for n in result.notes if n.code == "report.system_file_skipped")
    assert skipped == sorted(f"X/{name}" for name in SYSTEM + SYSTEM_DIRS)
    assert {n.level for n in result.notes} == {"info"}
    assert result.empty_dirs == []


def test_system_files_are_kept_when_asked(tmp_path: Path):
    for name in SYSTEM:
        touch(tmp_path / "X" / name)
    touch(tmp_path / "X" / ".Trashes" / "inside.bin")
    require_distinct(tmp_path / "X", len(SYSTEM) + 1)
    result = scan_sources([tmp_path / "X"], include_system_files=True)
    assert sorted(f.original for f in result.files) == sorted([f"X/{n}" for n in SYSTEM] + ["X/.Trashes/inside.bin"])
    assert {f.original: f.relpath for f in result.files}["X/THUMBS.DB"] == "X/THUMBS.DB"
    assert {f.original: f.relpath for f in result.files}["X/Thumbs.db"] == "X/Thumbs (2).db"
    assert not [n for n in result.notes if n.code == "report.system_file_skipped"]


def test_a_selected_system_file_is_left_out_too(tmp_path: Path):
    result = scan_sources([touch(tmp_path / "desktop.ini")])
    assert result.files == [] and codes(result) == [("report.system_file_skipped", "info", {"path": "desktop.ini"})]


def test_is_system_file():
    assert sources.is_system_file("DESKTOP.INI") and sources.is_system_file(".~lock.a b.ods#")
    assert not sources.is_system_file("Thumbs.db.txt") and not sources.is_system_file(".~lock.x")
    assert not sources.is_system_file("thumbs")


# --- links and special files ---------------------------------------------------------------


def test_a_link_to_a_file_inside_the_tree_is_packaged_as_a_copy(tmp_path: Path):
    target = touch(tmp_path / "X" / "a.txt", b"content")
    (tmp_path / "X" / "sub").mkdir()
    link(tmp_path / "X" / "sub" / "länk.txt", "../a.txt")
    result = scan_sources([tmp_path / "X"])
    files = by_original(result)
    assert (files["X/sub/länk.txt"].relpath, files["X/sub/länk.txt"].source, files["X/sub/länk.txt"].size) == (
        "X/sub/länk.txt", target, 7)
    assert codes(result) == [("report.symlink_followed", "info", {"path": "X/sub/länk.txt", "target": str(target)})]


def test_a_link_out_of_the_tree_is_left_out_with_a_warning(tmp_path: Path):
    secret = touch(tmp_path / "outside" / "secret.txt")
    touch(tmp_path / "X" / "a.txt")
    link(tmp_path / "X" / "ut.txt", secret)
    link(tmp_path / "X" / "utmapp", tmp_path / "outside")
    result = scan_sources([tmp_path / "X"])
    assert [f.original for f in result.files] == ["X/a.txt"]
    assert codes(result) == [
        ("report.symlink_skipped", "warning", {"path": "X/ut.txt", "target": str(secret)}),
        ("report.symlink_skipped", "warning", {"path": "X/utmapp", "target": str(tmp_path / "outside")}),
    ]


def test_a_link_into_a_folder_through_a_parent_link_is_still_outside(tmp_path: Path):
    touch(tmp_path / "outside" / "secret.txt")
    touch(tmp_path / "X" / "a.txt")
    link(tmp_path / "X" / "smyg.txt", "../X/../outside/secret.txt")
    result = scan_sources([tmp_path / "X"])
    assert [f.original for f in result.files] == ["X/a.txt"]
    assert [n.code for n in result.notes] == ["report.symlink_skipped"]


def test_a_dangling_link_is_left_out_with_a_warning(tmp_path: Path):
    touch(tmp_path / "X" / "a.txt")
    link(tmp_path / "X" / "borta.txt", "finns-inte.txt")
    link(tmp_path / "X" / "ping", "pong")
    link(tmp_path / "X" / "pong", "ping")
    result = scan_sources([tmp_path / "X"])
    assert [f.original for f in result.files] == ["X/a.txt"]
    assert codes(result) == [
        ("report.symlink_dangling", "warning", {"path": "X/borta.txt", "target": "finns-inte.txt"}),
        ("report.symlink_dangling", "warning", {"path": "X/ping", "target": "pong"}),
        ("report.symlink_dangling", "warning", {"path": "X/pong", "target": "ping"}),
    ]


def test_a_link_back_to_a_parent_folder_is_not_followed(tmp_path: Path):
    touch(tmp_path / "X" / "sub" / "a.txt")
    link(tmp_path / "X" / "sub" / "upp", "..")
    link(tmp_path / "X" / "genväg", "sub")
    result = scan_sources([tmp_path / "X"])
    assert [f.original for f in result.files] == ["X/sub/a.txt"]
    assert codes(result) == [
        ("report.symlink_loop", "warning", {"path": "X/genväg"}),
        ("report.symlink_loop", "warning", {"path": "X/sub/upp"}),
    ]


def test_a_folder_entered_twice_through_a_mount_or_junction_is_not_scanned_again(tmp_path: Path, monkeypatch):
    touch(tmp_path / "X" / "a.txt")
    touch(tmp_path / "X" / "igen" / "b.txt")
    first_visit = sources._Scan._first_visit
    # A bind mount or a Windows junction back to X shows the same (device, inode) twice.
    monkeypatch.setattr(sources._Scan, "_first_visit", lambda self, path: path.name != "igen" and first_visit(self, path))
    result = scan_sources([tmp_path / "X"])
    assert [f.original for f in result.files] == ["X/a.txt"]
    assert codes(result) == [("report.symlink_loop", "warning", {"path": "X/igen"})]
    assert result.empty_dirs == []


def test_a_selected_link_is_followed(tmp_path: Path):
    touch(tmp_path / "real" / "a.txt")
    link(tmp_path / "Genväg", tmp_path / "real")
    result = scan_sources([tmp_path / "Genväg"])
    assert [(f.original, f.source) for f in result.files] == [("Genväg/a.txt", tmp_path / "real" / "a.txt")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_left_out_with_a_warning(tmp_path: Path):
    touch(tmp_path / "X" / "a.txt")
    os.mkfifo(tmp_path / "X" / "rör")
    result = scan_sources([tmp_path / "X"])  # must not block on the pipe
    assert [f.original for f in result.files] == ["X/a.txt"]
    assert codes(result) == [("report.special_file_skipped", "warning", {"path": "X/rör"})]


# --- the selection -------------------------------------------------------------------------


def test_two_selected_folders_with_the_same_name_are_both_kept(tmp_path: Path):
    touch(tmp_path / "KS" / "Protokoll" / "1.txt", b"ks")
    touch(tmp_path / "BN" / "Protokoll" / "1.txt", b"bn!")
    result = scan_sources([tmp_path / "KS" / "Protokoll", tmp_path / "BN" / "Protokoll"])
    assert [(f.original, f.relpath, f.size) for f in result.files] == [
        ("Protokoll/1.txt", "Protokoll/1.txt", 2), ("Protokoll/1.txt", "Protokoll (2)/1.txt", 3),
    ]
    assert codes(result) == [("report.renamed", "info", {"original": "Protokoll", "safe": "Protokoll (2)", "reason": "name_collision"})]


def test_a_file_selected_twice_or_inside_a_selected_folder_is_packaged_once(tmp_path: Path):
    a = touch(tmp_path / "X" / "a.txt")
    result = scan_sources([tmp_path / "X", a, tmp_path / "X"])
    assert [f.relpath for f in result.files] == ["X/a.txt"]
    assert codes(result) == [
        ("report.source_duplicate", "warning", {"path": str(a)}),
        ("report.source_duplicate", "warning", {"path": str(tmp_path / "X")}),
    ]


def test_a_missing_source(tmp_path: Path):
    with pytest.raises(SourceError) as info:
        scan_sources([tmp_path / "finns-inte"])
    assert info.value.code == "error.source_missing"
    assert info.value.params == {"path": tmp_path / "finns-inte"}


def test_an_unreadable_folder_is_an_error(tmp_path: Path, monkeypatch):
    touch(tmp_path / "X" / "Låst" / "a.txt")
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("Låst"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    with pytest.raises(SourceError) as info:
        scan_sources([tmp_path / "X"])
    assert info.value.code == "error.source_unreadable"
    assert info.value.params == {"path": tmp_path / "X" / "Låst", "reason": "Permission denied"}
    assert "Cannot read" in str(info.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every folder; see the simulated test")
def test_an_unreadable_folder_on_disk(tmp_path: Path):
    locked = tmp_path / "X" / "Låst"
    touch(locked / "a.txt")
    locked.chmod(0)
    try:
        with pytest.raises(SourceError) as info:
            scan_sources([tmp_path / "X"])
    finally:
        locked.chmod(0o755)
    assert info.value.code == "error.source_unreadable"


def test_cancel_stops_the_scan(records: Path):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        scan_sources([records], cancel=token)


# --- stability and safety ---------------------------------------------------------------


def hostile_tree(root: Path) -> Path:
    x = root / "X"
    for name in ["\u00e5.txt", "a\u030a.txt", "a:b", "a_b", "File.txt", "file.txt", "CON", "rapport.", "Thumbs.db"]:
        touch(x / name, name.encode("utf-8", "surrogateescape"))
    require_distinct(x, 9)
    touch(x / ("d" * 120) / ("e" * 130 + ".txt"))
    (x / "Tom").mkdir()
    link(x / "länk", "a_b")
    link(x / "ut", "/")
    raw_file(x, b"\xe4ndrat")
    if hasattr(os, "mkfifo"):
        os.mkfifo(x / "rör")
    return x


@posix_names
def test_scanning_twice_gives_the_same_result(tmp_path: Path):
    x = hostile_tree(tmp_path)
    first, second = scan_sources([x], prefix_len=50), scan_sources([x], prefix_len=50)
    assert first.files == second.files
    assert first.notes == second.notes
    assert (first.empty_dirs, first.total_bytes, first.renames) == (second.empty_dirs, second.total_bytes, second.renames)
    relpaths = [f.relpath.casefold() for f in first.files]
    assert len(set(relpaths)) == len(relpaths)


@posix_names
def test_the_sources_are_not_modified(tmp_path: Path):
    x = hostile_tree(tmp_path)
    before = snapshot(tmp_path)
    scan_sources([x], prefix_len=50)
    scan_sources([x], include_system_files=True)
    assert snapshot(tmp_path) == before


@posix_names
def test_every_report_line_reads_in_both_languages(tmp_path: Path):
    x = hostile_tree(tmp_path)
    touch(tmp_path / "outside" / "a.txt")
    link(x / "dangling", "nowhere")
    result = scan_sources([x, x / "a_b"])
    for note in result.notes:
        for lang in ("en", "sv"):
            text = render(note.code, note.params, lang)
            assert "{" not in text and not text.startswith("report."), text
    assert {n.code for n in result.notes} >= {
        "report.renamed", "report.system_file_skipped", "report.symlink_followed", "report.symlink_skipped",
        "report.empty_folder", "report.symlink_dangling", "report.source_duplicate",
    }
