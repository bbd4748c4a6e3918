"""The portable-name policy: exact safe names and reasons for hostile names (issue 2, point 5)."""

from __future__ import annotations

import hashlib
import os
import random
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earchive import naming
from earchive.naming import (
    Rename, Renamer, display_name, is_reserved, original_from_display, safe_component, safe_relpath,
)


def h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


# --- safe_component --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe", "reasons"),
    [
        ("Beslut å ä ö.txt", "Beslut å ä ö.txt", []),
        ("Protokoll 2023-05-11 (justerat).pdf", "Protokoll 2023-05-11 (justerat).pdf", []),
        ("Ærø Ñandú Ελλάδα 東京.txt", "Ærø Ñandú Ελλάδα 東京.txt", []),
        (".hidden", ".hidden", []),
        ("a\u030ar o\u0308 a\u0308.txt", "år ö ä.txt", ["nfd"]),
        ('a<b>c:d"e/f\\g|h?i*j.txt', "a_b_c_d_e_f_g_h_i_j.txt", ["windows_illegal_char"]),
        ("fråga?.txt", "fråga_.txt", ["windows_illegal_char"]),
        ("tab\there\x01.txt", "tab_here_.txt", ["control_char"]),
        ("x\ufffey.txt", "x_y.txt", ["xml_illegal_char"]),
        ("CON", "CON_", ["reserved_name"]),
        ("con.txt", "con_.txt", ["reserved_name"]),
        ("LPT1.log", "LPT1_.log", ["reserved_name"]),
        ("Aux.tar.gz", "Aux_.tar.gz", ["reserved_name"]),
        ("nul", "nul_", ["reserved_name"]),
        ("COM\u00b9.txt", "COM\u00b9_.txt", ["reserved_name"]),
        ("NUL .txt", "NUL _.txt", ["reserved_name"]),
        ("CONSOLE.txt", "CONSOLE.txt", []),
        ("COM10.txt", "COM10.txt", []),
        ("rapport.", "rapport", ["trailing_dot_or_space"]),
        ("rapport ", "rapport", ["trailing_dot_or_space"]),
        ("rapport. . ", "rapport", ["trailing_dot_or_space"]),
        (" rapport.txt", "rapport.txt", ["leading_space"]),
        (".", "_", ["trailing_dot_or_space"]),
        ("..", "_", ["trailing_dot_or_space"]),
        ("...", "_", ["trailing_dot_or_space"]),
        ("", "_", ["empty_name"]),
        ("CON.", "CON_", ["trailing_dot_or_space", "reserved_name"]),
        ("a\u0308:b ", "ä_b", ["nfd", "windows_illegal_char", "trailing_dot_or_space"]),
    ],
)
def test_safe_component(name, safe, reasons):
    assert safe_component(name) == (safe, reasons)
    assert safe_component(safe) == (safe, [])


def test_undecodable_bytes_are_read_as_windows_1252():
    name = os.fsdecode(b"Beslut \xe5r \xc4ndrat.txt")
    assert safe_component(name) == ("Beslut år Ändrat.txt", ["undecodable_bytes"])
    # 0x81 has no Windows-1252 character.
    assert safe_component(os.fsdecode(b"x\x81.txt")) == ("x_.txt", ["undecodable_bytes"])


def test_a_300_byte_name_is_cut_keeping_its_extension_and_a_hash_of_the_original():
    name = "å" * 148 + ".pdf"  # 300 bytes in UTF-8
    assert len(name.encode()) == 300
    safe, reasons = safe_component(name)
    assert reasons == ["too_long_bytes"]
    # 255 bytes: 121 å (242 bytes) + "~" + 8 hex digits + ".pdf".
    assert safe == "å" * 121 + "~" + h(name) + ".pdf"
    assert len(safe.encode()) == 255
    assert safe_component(safe) == (safe, [])


def test_two_long_names_that_differ_only_at_the_end_stay_distinct():
    a, b = "x" * 300 + "1.txt", "x" * 300 + "2.txt"
    assert safe_component(a)[0] != safe_component(b)[0]


def test_cutting_never_separates_a_letter_from_its_combining_mark():
    name = "e\u0301\u0323" * 100  # a base and two marks NFC keeps as 2 characters: 5 bytes each
    safe, reasons = safe_component(name)
    assert reasons == ["nfd", "too_long_bytes"]
    stem = safe.rpartition("~")[0]
    assert unicodedata.combining(stem[0]) == 0
    assert unicodedata.is_normalized("NFC", safe)
    assert len(safe.encode()) <= 255


def test_safe_component_is_deterministic():
    name = "Ärende: " + "lång " * 80 + "?.docx"
    assert safe_component(name) == safe_component(name)


@pytest.mark.parametrize(("name", "reserved"), [
    ("CON", True), ("con", True), ("Con.txt", True), ("LPT9.tar.gz", True), ("com0", True),
    ("NUL .txt", True), ("CON_", False), ("CONX", False), ("ACON", False), ("LPT10", False), ("", False),
])
def test_is_reserved(name, reserved):
    assert is_reserved(name) is reserved


def test_display_name_keeps_everything_xml_can_hold_and_escapes_the_rest():
    assert display_name("Beslut å: ä?.txt") == "Beslut å: ä?.txt"
    assert display_name(os.fsdecode(b"Beslut \xe5r.txt")) == "Beslut \\xe5r.txt"
    assert display_name("a\x01b\tc\nd\re") == "a\\x01b\\x09c\\x0ad\\x0de"  # no raw newline in a report line
    assert display_name("a\ufffeb\x85") == "a\\ufffeb\\u0085"
    assert display_name("a\\b") == "a\\\\b"  # the escape character itself


def test_display_names_are_unambiguous():
    """A file literally named "\\xe5r.txt" and one whose name starts with byte E5 differ."""
    literal, byte = "\\xe5r.txt", os.fsdecode(b"\xe5r.txt")
    assert display_name(literal) != display_name(byte)
    assert original_from_display(display_name(literal)) == literal
    assert original_from_display(display_name(byte)) == byte


def test_round_trip_of_every_byte_value_and_pair():
    for first in range(256):
        for second in range(256):
            name = os.fsdecode(b"a" + bytes([first, second]) + b"z")
            shown = display_name(name)
            assert original_from_display(shown) == name, (first, second)
            assert os.fsencode(original_from_display(shown)) == b"a" + bytes([first, second]) + b"z"
            assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", shown), (first, second)


def test_round_trip_of_every_code_point():
    names = ["".join(chr(c) for c in range(start, min(start + 4096, 0x110000))) for start in range(0, 0x110000, 4096)]
    for name in names:
        assert original_from_display(display_name(name)) == name


@settings(max_examples=500, deadline=None)
@given(st.binary(min_size=1, max_size=40))
def test_round_trip_of_any_bytes(raw):
    name = os.fsdecode(raw)
    assert os.fsencode(original_from_display(display_name(name))) == raw


# --- safe_relpath ----------------------------------------------------------------------


def test_a_short_path_is_unchanged():
    assert safe_relpath(["Protokoll", "2023", "maj.pdf"], prefix_len=40) == (["Protokoll", "2023", "maj.pdf"], [])


def test_a_path_over_240_characters_is_shortened_evenly():
    parts = ["d" * 100, "e" * 100, "f" * 100 + ".txt"]
    safe, reasons = safe_relpath(parts, prefix_len=40)
    assert reasons == ["path_too_long"]
    assert 40 + len("/".join(safe)) == 240
    # The three long components are cut to the same length, each with a hash of its name.
    assert safe == ["d" * 57 + "~" + h("d" * 100), "e" * 57 + "~" + h("e" * 100), "f" * 53 + "~" + h("f" * 100 + ".txt") + ".txt"]


def test_only_the_long_components_are_shortened():
    parts = ["Kommunstyrelsen", "x" * 260 + ".pdf"]
    safe, reasons = safe_relpath(parts, max_path=240, prefix_len=0)
    assert safe[0] == "Kommunstyrelsen"
    assert reasons == ["too_long_bytes", "path_too_long"]
    assert len("/".join(safe)) == 240
    assert safe[1].endswith(".pdf")


def test_safe_relpath_applies_the_name_rules_to_every_part():
    assert safe_relpath(["Ärende: 1", "CON", "a\u030a?.txt"]) == (
        ["Ärende_ 1", "CON_", "å_.txt"],
        ["nfd", "windows_illegal_char", "reserved_name"],
    )


def test_safe_relpath_needs_a_part():
    with pytest.raises(ValueError):
        safe_relpath([])


# --- Renamer: collisions and whole trees ---------------------------------------------------


def _names(folder_names: list[str], *, is_dir: bool = False) -> dict[str, str]:
    renamer = Renamer()
    entries = [renamer.add(None, n, is_dir=is_dir) for n in folder_names]
    renamer.assign()
    return {e.name: e.safe for e in entries}


def test_a_clean_name_keeps_its_name_and_the_renamed_one_gets_a_number():
    assert _names(["a:b", "a_b"]) == {"a:b": "a_b (2)", "a_b": "a_b"}


def test_nfc_and_nfd_twins_are_both_kept():
    nfc, nfd = "\u00e5r.txt", "a\u030ar.txt"
    assert _names([nfd, nfc]) == {nfc: "år.txt", nfd: "år (2).txt"}


def test_case_only_twins_are_both_kept_in_byte_order():
    assert _names(["file.txt", "File.txt", "FILE.TXT"]) == {
        "FILE.TXT": "FILE.TXT", "File.txt": "File (2).txt", "file.txt": "file (3).txt",
    }


def test_a_number_never_takes_a_name_that_is_already_there():
    assert _names(["File.txt", "file.txt", "file (2).txt"]) == {
        "File.txt": "File.txt", "file (2).txt": "file (2).txt", "file.txt": "file (3).txt",
    }


def test_folders_get_the_number_at_the_end():
    assert _names(["Protokoll 2023.05", "PROTOKOLL 2023.05"], is_dir=True) == {
        "PROTOKOLL 2023.05": "PROTOKOLL 2023.05", "Protokoll 2023.05": "Protokoll 2023.05 (2)",
    }


def test_two_top_folders_with_the_same_name_keep_the_order_they_were_added_in():
    renamer = Renamer()
    first = renamer.add(None, "Protokoll", is_dir=True)
    second = renamer.add(None, "Protokoll", is_dir=True)
    a = renamer.add(first, "a.txt", is_dir=False)
    b = renamer.add(second, "a.txt", is_dir=False)
    renamer.assign()
    assert (a.safe_path, b.safe_path) == ("Protokoll/a.txt", "Protokoll (2)/a.txt")
    assert renamer.renames() == [Rename("Protokoll", "Protokoll (2)", ("name_collision",), True)]


def test_names_do_not_depend_on_the_order_entries_are_added_in():
    names = ["a:b", "a_b", "å", "a\u030a", "File.txt", "file.txt", "CON", "con_", "x?", "x_", "x*"]
    expected = _names(names)
    for seed in range(5):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        assert _names(shuffled) == expected


def test_a_shortened_folder_is_the_same_folder_for_every_file_in_it():
    renamer = Renamer(max_path=240, prefix_len=40)
    top = renamer.add(None, "X", is_dir=True)
    deep = renamer.add(top, "d" * 150, is_dir=True)
    long_file = renamer.add(deep, "f" * 120 + ".txt", is_dir=False)
    short_file = renamer.add(deep, "kort.txt", is_dir=False)
    renamer.assign()
    assert long_file.safe_path.split("/")[:2] == short_file.safe_path.split("/")[:2]
    assert 40 + len(long_file.safe_path) <= 240
    assert short_file.safe == "kort.txt"
    assert short_file.renamed and short_file.path_reasons == ["path_too_long"]
    assert [r.original for r in renamer.renames()] == [f"X/{'d' * 150}", f"X/{'d' * 150}/{'f' * 120}.txt"]


def test_a_path_that_cannot_be_made_short_enough_is_reported():
    renamer = Renamer(max_path=240)
    parent = None
    for _ in range(30):
        parent = renamer.add(parent, "mapp" * 5, is_dir=True)
    leaf = renamer.add(parent, "x.txt", is_dir=False)
    renamer.assign()
    assert renamer.too_deep == [leaf]
    assert all(part == "mappmappmappmappmapp"[:1] + "~" + h("mapp" * 5) for part in leaf.safe_path.split("/")[:-1])


def test_renamer_rejects_bad_use():
    renamer = Renamer()
    f = renamer.add(None, "a.txt", is_dir=False)
    with pytest.raises(ValueError):
        renamer.add(f, "b.txt", is_dir=False)
    renamer.assign()
    with pytest.raises(RuntimeError):
        renamer.add(None, "c.txt", is_dir=False)
    with pytest.raises(ValueError):
        Renamer(max_path=0)


# --- properties ----------------------------------------------------------------------------

#: Text with the characters that matter: illegal ones, controls, dots, spaces, combining marks, surrogate escapes.
_hostile = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('<>:"/\\|?*. \x00\x1f\t\u030a\u0308\u0301\ufffe\uffffaAåÅcCoOnNlLpPtTuUxX1¹0~') + ["\udce5", "\udc81"]),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
)


@settings(max_examples=400, deadline=None)
@given(_hostile)
def test_safe_component_properties(name):
    safe, reasons = safe_component(name)
    assert safe and safe not in (".", "..")
    assert unicodedata.is_normalized("NFC", safe)
    assert len(safe.encode("utf-8")) <= naming.MAX_NAME_BYTES  # also proves valid UTF-8 (no surrogates)
    assert not any(c in naming.WINDOWS_ILLEGAL or ord(c) < 0x20 for c in safe)
    assert not is_reserved(safe)
    assert not safe.endswith((" ", ".")) and not safe.startswith(" ")
    assert set(reasons) <= set(naming.REASONS)
    assert (reasons == []) == (safe == name)
    assert safe_component(safe) == (safe, [])


@settings(max_examples=100, deadline=None)
@given(st.lists(_hostile, min_size=1, max_size=8))
def test_renamer_names_are_unique_ignoring_case(names):
    renamer = Renamer()
    entries = [renamer.add(None, n, is_dir=False) for n in names]
    renamer.assign()
    keys = [naming.collision_key(e.safe) for e in entries]
    assert len(set(keys)) == len(keys)
    assert all(safe_component(e.safe) == (e.safe, []) for e in entries)
