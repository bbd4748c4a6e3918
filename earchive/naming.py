"""The portable-name policy: the safe name a source file gets inside a package.

A package is made on one computer and opened on others (Windows, macOS, Linux,
the archive's ingest server).  A name that works on the source disk may be
impossible elsewhere, so every path component passes :func:`safe_component`,
which applies these rules, in this order (each rule has a stable reason code):

1. ``undecodable_bytes`` - a Linux name that is not valid UTF-8: each byte that
   cannot be decoded is read as Windows-1252 (the usual legacy encoding of
   Swedish systems, so ``0xE5`` becomes ``å``); the five bytes Windows-1252 leaves
   undefined become ``_``.
2. ``nfd`` - the name is not in Unicode NFC (macOS writes ``å`` as ``a`` plus a
   combining ring): it is normalised to NFC.  Letters are never transliterated.
3. ``control_char`` - U+0000 to U+001F become ``_``.
4. ``windows_illegal_char`` - each of ``< > : " / \\ | ? *`` becomes ``_``.
5. ``xml_illegal_char`` - U+FFFE and U+FFFF (not allowed in XML) become ``_``.
6. ``leading_space`` - leading spaces are removed (Windows Explorer drops them).
7. ``trailing_dot_or_space`` - trailing dots and spaces are removed (Windows drops
   them silently); ``_`` is used if nothing is left, so ``.`` and ``..`` become ``_``.
8. ``empty_name`` - an empty name becomes ``_``.
9. ``reserved_name`` - a Windows device name (CON, PRN, AUX, NUL, COM0-COM9,
   LPT0-LPT9, COM¹²³, LPT¹²³), in any case and with any extension, gets ``_``
   after its first part: ``CON`` -> ``CON_``, ``con.txt`` -> ``con_.txt``.
10. ``too_long_bytes`` - a name over 255 bytes in UTF-8 is cut and ends with ``~``
    and 8 hex digits of the SHA-256 of the original name, before its extension:
    ``Very long…~1a2b3c4d.pdf``.

:class:`Renamer` names a whole tree and adds two rules:

11. ``path_too_long`` - a file's path inside the package (with the folders the
    package puts before it) longer than 240 characters, counted as Windows counts
    them (UTF-16 units): the longest components of the path are cut to one common
    length, the highest that makes the path fit, each the same way as rule 10
    (with a hash of its name).  A folder is cut once, for every file in it.
12. ``name_collision`` - two entries of one folder whose safe names are equal when
    case and normalisation are ignored (they would overwrite each other on Windows
    and macOS): the first keeps the name, the others get `` (2)``, `` (3)``...
    (before the extension of a file, at the end of a folder name), skipping
    numbers already in use.  "First" means: names that needed no rule before
    renamed ones, then by the bytes of the original name, then in the order of
    selection, so that rebuilding the same tree gives the same names.

The original name is kept in PREMIS (``originalName``) and every rename is
listed in the build report; see docs/naming-policy.md.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator

#: NTFS and ext4 allow 255 units per name; UTF-8 bytes are the stricter count.
MAX_NAME_BYTES = 255
#: Windows' classic MAX_PATH is 260; 240 leaves room for where the package is unpacked.
MAX_PATH = 240
#: Characters Windows refuses in a name (the slash is also the path separator).
WINDOWS_ILLEGAL = '<>:"/\\|?*'
#: Windows device names, refused as a name's first part whatever follows the dot.
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in "0123456789\u00b9\u00b2\u00b3"]
)
#: Separator between a shortened name and its hash.
HASH_MARK = "~"
#: Hex digits of the SHA-256 kept in a shortened name.
HASH_LEN = 8
#: Longest tail after the last dot that is kept as an extension when a name is shortened.
MAX_EXT = 16

# Reason codes (stable: the build report and PREMIS notes use them).
UNDECODABLE_BYTES = "undecodable_bytes"
NFD = "nfd"
CONTROL_CHAR = "control_char"
WINDOWS_ILLEGAL_CHAR = "windows_illegal_char"
XML_ILLEGAL_CHAR = "xml_illegal_char"
LEADING_SPACE = "leading_space"
TRAILING_DOT_OR_SPACE = "trailing_dot_or_space"
EMPTY_NAME = "empty_name"
RESERVED_NAME = "reserved_name"
TOO_LONG_BYTES = "too_long_bytes"
PATH_TOO_LONG = "path_too_long"
NAME_COLLISION = "name_collision"

#: Every reason code, in the order the rules apply.
REASONS = (
    UNDECODABLE_BYTES, NFD, CONTROL_CHAR, WINDOWS_ILLEGAL_CHAR, XML_ILLEGAL_CHAR, LEADING_SPACE,
    TRAILING_DOT_OR_SPACE, EMPTY_NAME, RESERVED_NAME, TOO_LONG_BYTES, PATH_TOO_LONG, NAME_COLLISION,
)

_CONTROL = re.compile("[\x00-\x1f]")
_ILLEGAL = re.compile("[" + re.escape(WINDOWS_ILLEGAL) + "]")
_XML_ILLEGAL = re.compile("[\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Anything that may need a rule; most names match none and take the fast path.
_SUSPECT = re.compile("[\x00-\x1f" + re.escape(WINDOWS_ILLEGAL) + "\ud800-\udfff\ufffe\uffff]|^ |[ .]$")
#: What a display form escapes: the escape character itself, every control character (C0, DEL,
#: C1: XML cannot hold some, and a newline would split a report line), undecodable bytes and
#: what else XML 1.0 cannot hold.
_ESCAPED = re.compile("[\\\\\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UNESCAPE = re.compile(r"\\(?:(\\)|x([0-9a-f]{2})|u([0-9a-f]{4}))")


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return "_"


#: surrogateescape code point (U+DC80-U+DCFF) -> its byte read as Windows-1252.
_BYTE_AS_TEXT = {0xDC00 + b: _cp1252(b) for b in range(0x80, 0x100)}


# --- public entry points --------------------------------------------------------------


def safe_component(name: str) -> tuple[str, list[str]]:
    """The portable form of one path component and the reason codes of what changed.

    ``name`` is a name as :func:`os.fsdecode` gives it (undecodable bytes as
    surrogate escapes).  The result is non-empty, not ``.`` or ``..``, NFC, at most
    255 UTF-8 bytes, free of Windows-illegal and control characters and not a
    Windows device name; ``safe_component(result)`` returns ``(result, [])``.
    Raises nothing.
    """
    if _fast_ok(name):
        return name, []
    reasons: list[str] = []
    s = name
    if _SURROGATE.search(s):
        s = "".join(_BYTE_AS_TEXT.get(ord(c), "_") if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)
        reasons.append(UNDECODABLE_BYTES)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
        reasons.append(NFD)
    for pattern, reason in ((_CONTROL, CONTROL_CHAR), (_ILLEGAL, WINDOWS_ILLEGAL_CHAR), (_XML_ILLEGAL, XML_ILLEGAL_CHAR)):
        s, count = pattern.subn("_", s)
        if count:
            reasons.append(reason)
    if s.startswith(" "):
        s = s.lstrip(" ")
        reasons.append(LEADING_SPACE)
    if s.endswith((" ", ".")):
        s = s.rstrip(" .") or "_"
        reasons.append(TRAILING_DOT_OR_SPACE)
    if not s:
        s = "_"
        reasons.append(EMPTY_NAME)
    if is_reserved(s):
        first, dot, rest = s.partition(".")
        s = f"{first}_{dot}{rest}"
        reasons.append(RESERVED_NAME)
    if len(s.encode("utf-8")) > MAX_NAME_BYTES:
        s = shorten(s, seed=name, max_bytes=MAX_NAME_BYTES)
        reasons.append(TOO_LONG_BYTES)
    return s, reasons


def is_reserved(name: str) -> bool:
    """Whether Windows takes ``name`` for a device (CON, con.txt, LPT1.tar.gz, 'NUL .txt')."""
    first = name.partition(".")[0].rstrip(" ")
    return len(first) <= 4 and first.upper() in RESERVED_NAMES


def shorten(
    name: str,
    *,
    seed: str,
    max_units: int | None = None,
    max_bytes: int = MAX_NAME_BYTES,
    keep_extension: bool = True,
    hash_len: int = HASH_LEN,
) -> str:
    """``name`` cut to fit ``max_units`` UTF-16 units and ``max_bytes`` UTF-8 bytes, made unique by a hash of ``seed``.

    The result is ``<start of the stem>~<hex digits>[.ext]``; the stem keeps at
    least one character, so the result may exceed ``max_units`` when that is too
    small (see :func:`min_length`).  Raises nothing.
    """
    stem, ext = split_extension(name) if keep_extension else (name, "")
    tag = HASH_MARK + _digest(seed)[:hash_len]
    tail = tag + ext
    room_bytes = max_bytes - len(tail.encode("utf-8"))
    room_units = (max_units - units(tail)) if max_units is not None else None
    if room_bytes < 1 or (room_units is not None and room_units < 1):
        # An extension this long is not worth keeping.
        stem, ext, tail = name, "", tag
        room_bytes = max_bytes - len(tail.encode("utf-8"))
        room_units = (max_units - units(tail)) if max_units is not None else None
    return _truncate(stem, room_units, room_bytes) + tail


def min_length(name: str, *, keep_extension: bool = True) -> int:
    """The fewest UTF-16 units :func:`shorten` can make of ``name`` (one stem character, hash, extension)."""
    ext = split_extension(name)[1] if keep_extension else ""
    return 1 + len(HASH_MARK) + HASH_LEN + units(ext)


def split_extension(name: str) -> tuple[str, str]:
    """``(stem, '.ext')`` when the part after the last dot is 1-16 characters and the stem is not empty, else ``(name, '')``."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 0 < len(ext) <= MAX_EXT and not ext.endswith(" "):
        return stem, dot + ext
    return name, ""


def with_counter(name: str, n: int, *, is_dir: bool) -> str:
    """``name (n).ext`` for a file, ``name (n)`` for a folder, cut to stay within 255 bytes."""
    stem, ext = (name, "") if is_dir else split_extension(name)
    tail = f" ({n}){ext}"
    return _truncate(stem, None, MAX_NAME_BYTES - len(tail.encode("utf-8"))) + tail


def units(text: str) -> int:
    """Length as Windows counts it: UTF-16 code units (a character beyond U+FFFF counts twice)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def display_name(name: str) -> str:
    """``name`` as XML, a report line and any terminal can show it, reversibly (:func:`original_from_display`).

    ``\\`` is the escape character and is itself written ``\\\\``.  A byte of the name on disk
    that is a control character (00-1F, 7F) or not valid UTF-8 (an undecodable byte, 80-FF)
    is written ``\\xNN``, two lowercase hexadecimal digits; a C1 control character (U+0080 to
    U+009F), U+FFFE, U+FFFF and a lone surrogate are written ``\\uXXXX``.  Every other
    character is kept as it is.  No two names have the same display form.  Raises nothing.
    """
    if not _ESCAPED.search(name):
        return name

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if char == "\\":
            return "\\\\"
        if code < 0x20 or code == 0x7F:
            return f"\\x{code:02x}"
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
            return f"\\x{code & 0xFF:02x}"
        return f"\\u{code:04x}"

    return _ESCAPED.sub(escape, name)


def original_from_display(text: str) -> str:
    """The name :func:`display_name` made ``text`` from (undecodable bytes as surrogate escapes).

    ``os.fsencode`` of the result gives the bytes of the name on a POSIX disk.  A backslash
    not followed by ``\\``, ``xNN`` or ``uXXXX`` is kept as it is (display forms never hold one).
    """
    if "\\" not in text:
        return text

    def unescape(match: re.Match[str]) -> str:
        backslash, byte, char = match.groups()
        if backslash:
            return "\\"
        if byte:
            value = int(byte, 16)
            return chr(value) if value < 0x80 else chr(0xDC00 + value)
        return chr(int(char, 16))

    return _UNESCAPE.sub(unescape, text)


def collision_key(name: str) -> str:
    """The key under which two names are the same name on Windows or macOS (case and normalisation ignored)."""
    key = name.casefold()
    return key if key.isascii() else unicodedata.normalize("NFC", key)


def sort_key(name: str) -> bytes:
    """The key names are sorted by: their bytes on disk (surrogate escapes back to their bytes).  Raises nothing."""
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogatepass")


def ordered_reasons(reasons: Iterable[str]) -> list[str]:
    """Reason codes without repeats, in the order the rules apply.  Raises nothing."""
    found = set(reasons)
    return [r for r in REASONS if r in found]


def safe_relpath(parts: list[str], max_path: int = MAX_PATH, *, prefix_len: int = 0) -> tuple[list[str], list[str]]:
    """The safe components of one relative path (the last one a file) and the reasons, in rule order.

    ``prefix_len`` is the length of what precedes the path inside the package
    (``<OBJID>/representations/rep1/data/``); the path with it must fit in
    ``max_path`` characters, else the longest components are shortened
    (``path_too_long``).  Raises ValueError for an empty ``parts``.
    """
    if not parts:
        raise ValueError("safe_relpath needs at least one path component")
    renamer = Renamer(max_path=max_path, prefix_len=prefix_len)
    parent = None
    for i, part in enumerate(parts):
        parent = renamer.add(parent, part, is_dir=i < len(parts) - 1)
    renamer.assign()
    chain = parent.chain()
    return [e.safe for e in chain], ordered_reasons({r for e in chain for r in e.reasons})


# --- renaming a whole tree -----------------------------------------------------------


@dataclass(frozen=True)
class Rename:
    """One renamed component: the original relative path exactly as on disk, the safe one, and why."""

    original: str  # '/'-joined; may hold surrogate escapes (undecodable bytes)
    safe: str  # '/'-joined, valid UTF-8
    reasons: tuple[str, ...]
    is_dir: bool = False

    @property
    def original_display(self) -> str:
        """The original path as text XML and the report can hold (see :func:`display_name`)."""
        return display_name(self.original)


@dataclass(eq=False, slots=True)
class Entry:
    """One file or folder of the tree a :class:`Renamer` names."""

    name: str  # the original name, as os.fsdecode gives it
    is_dir: bool
    parent: Entry | None
    index: int  # order of addition, the last tie-breaker
    children: list[Entry] | None = None  # None for a file
    safe: str = ""
    reasons: list[str] | tuple[str, ...] = ()
    #: The name after the name rules and collisions, before path shortening.
    base: str = ""
    _keys: dict[str, Entry] | None = field(default=None, repr=False)

    def chain(self) -> list[Entry]:
        """This entry and its ancestors, from the top component down (the root excluded)."""
        out: list[Entry] = []
        node: Entry | None = self
        while node is not None and node.parent is not None:
            out.append(node)
            node = node.parent
        out.reverse()
        return out

    @property
    def original_path(self) -> str:
        return "/".join(e.name for e in self.chain())

    @property
    def safe_path(self) -> str:
        return "/".join(e.safe for e in self.chain())

    @property
    def renamed(self) -> bool:
        """Whether this entry or any folder above it has a different name in the package."""
        return any(e.reasons for e in self.chain())

    @property
    def path_reasons(self) -> list[str]:
        """The reasons of this entry and its folders, in rule order."""
        return ordered_reasons({r for e in self.chain() for r in e.reasons})


class Renamer:
    """Assigns safe, unique, stable names to a tree of files and folders.

    Add entries top-down with :meth:`add` (``parent=None`` for a top component;
    two top components may have the same name, e.g. two selected folders called
    "Protokoll"), then call :meth:`assign` once.  Within one folder, entries are
    named in this order: those whose name is already safe first, then by the
    UTF-8 bytes of the original name, then by the order they were added; the first
    keeps its safe name and a later one that collides (ignoring case and
    normalisation) gets `` (2)``, `` (3)``...
    """

    def __init__(self, *, max_path: int = MAX_PATH, prefix_len: int = 0) -> None:
        if max_path < 1 or prefix_len < 0:
            raise ValueError(f"max_path must be positive and prefix_len not negative (got {max_path}, {prefix_len})")
        self.max_path = max_path
        self.prefix_len = prefix_len
        self.root = Entry("", True, None, -1, [])
        self._count = 0
        self._assigned = False
        #: Files whose path is still too long after every component was shortened as far as it goes.
        self.too_deep: list[Entry] = []

    def add(self, parent: Entry | None, name: str, *, is_dir: bool) -> Entry:
        """A new entry called ``name`` in ``parent`` (a folder entry, or None for the top)."""
        if self._assigned:
            raise RuntimeError("Renamer.add after assign")
        parent = parent or self.root
        if not parent.is_dir:
            raise ValueError(f"{parent.name!r} is a file, it cannot contain {name!r}")
        entry = Entry(name, is_dir, parent, self._count, [] if is_dir else None)
        self._count += 1
        parent.children.append(entry)
        return entry

    def assign(self) -> None:
        """Give every entry its ``safe`` name and ``reasons``.  Raises nothing."""
        if self._assigned:
            return
        self._assigned = True
        files: list[tuple[Entry, int]] = []  # (file, length of its path before any shortening)
        lengths = {id(self.root): self.prefix_len - 1}
        stack = [self.root]
        while stack:
            folder = stack.pop()
            self._name_children(folder)
            here = lengths[id(folder)] + 1
            for child in reversed(folder.children):
                length = here + units(child.safe)
                if child.is_dir:
                    lengths[id(child)] = length
                    stack.append(child)
                else:
                    files.append((child, length))
        # Shorten paths only after every name is known; a folder shortened for one file
        # is shortened for all, and a shorter folder never makes another path too long
        # (so the lengths measured before shortening are upper bounds).
        for entry, length in reversed(files):
            if length > self.max_path:
                self._fit_path(entry)

    def entries(self) -> Iterator[Entry]:
        """Every entry, depth first, each folder's entries in naming order."""
        self.assign()
        stack = list(reversed(self.root.children))
        while stack:
            entry = stack.pop()
            yield entry
            if entry.children:
                stack.extend(reversed(entry.children))

    def renames(self) -> list[Rename]:
        """One record per entry whose own name changed (a renamed folder's content is not repeated)."""
        self.assign()
        return [
            Rename(e.original_path, e.safe_path, tuple(e.reasons), e.is_dir)
            for e in self.entries()
            if e.reasons
        ]

    # --- private -----------------------------------------------------------------------

    def _name_children(self, folder: Entry) -> None:
        kids = folder.children
        kids.sort(key=_order_key)
        for kid in kids:
            kid.base, reasons = safe_component(kid.name)
            kid.reasons = reasons or ()
        kids_in_order = sorted(kids, key=lambda e: bool(e.reasons))  # stable: byte order within
        keys: dict[str, Entry] = {}
        losers: list[Entry] = []
        for kid in kids_in_order:
            key = collision_key(kid.base)
            if key in keys:
                losers.append(kid)
            else:
                keys[key] = kid
        taken = set(keys)
        for kid in losers:
            n = 2
            while True:
                candidate = with_counter(kid.base, n, is_dir=kid.is_dir)
                key = collision_key(candidate)
                if key not in taken:
                    break
                n += 1
            taken.add(key)
            keys[key] = kid
            kid.base = candidate
            kid.reasons = [*kid.reasons, NAME_COLLISION]
        for kid in kids:
            kid.safe = kid.base
        folder._keys = keys

    def _fit_path(self, entry: Entry) -> None:
        chain = entry.chain()
        budget = self.max_path - self.prefix_len - (len(chain) - 1)
        lengths = [units(e.safe) for e in chain]
        if sum(lengths) <= budget:
            return
        floors = [min(n, min_length(e.base, keep_extension=not e.is_dir)) for n, e in zip(lengths, chain)]

        def total(level: int) -> int:
            return sum(min(n, max(level, f)) for n, f in zip(lengths, floors))

        # The highest level that makes the path fit: every component longer than it is
        # cut to it, so the longest components are shortened and the short ones kept.
        low, high = 0, max(lengths)
        while low < high:
            mid = (low + high + 1) // 2
            if total(mid) <= budget:
                low = mid
            else:
                high = mid - 1
        for n, f, e in zip(lengths, floors, chain):
            target = max(low, f)
            if n > target:
                self._rename_shorter(e, target)
        if sum(units(e.safe) for e in chain) > budget:
            self.too_deep.append(entry)

    def _rename_shorter(self, entry: Entry, target: int) -> None:
        keys = entry.parent._keys
        old_key = collision_key(entry.safe)
        for hash_len in (HASH_LEN, 12, 16, 24, 32, 64):
            candidate = shorten(entry.base, seed=entry.base, max_units=target,
                                keep_extension=not entry.is_dir, hash_len=hash_len)
            key = collision_key(candidate)
            if key not in keys or keys[key] is entry:
                break
        else:  # pragma: no cover - needs a SHA-256 collision on 64 hex digits
            raise RuntimeError(f"cannot shorten {entry.base!r} uniquely")
        del keys[old_key]
        keys[key] = entry
        entry.safe = candidate
        if PATH_TOO_LONG not in entry.reasons:
            entry.reasons = [*entry.reasons, PATH_TOO_LONG]


# --- private helpers -----------------------------------------------------------------------


def _fast_ok(name: str) -> bool:
    """True for the common name that no rule touches (checked without building anything)."""
    if not name or _SUSPECT.search(name):
        return False
    if len(name) > MAX_NAME_BYTES // 4 and len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return False
    if not name.isascii() and not unicodedata.is_normalized("NFC", name):
        return False
    return not is_reserved(name)


def _digest(seed: str) -> str:
    return hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()


def _order_key(entry: Entry) -> tuple[bytes, int]:
    return sort_key(entry.name), entry.index


def _truncate(text: str, max_units: int | None, max_bytes: int) -> str:
    """The longest NFC prefix of ``text`` within both limits that does not split a character from its combining marks."""
    end = len(text)
    if max_units is not None:
        # Walk back until the prefix fits in UTF-16 units.
        while end > 0 and units(text[:end]) > max_units:
            end -= max(1, (units(text[:end]) - max_units) // 2)
    while end > 0 and len(text[:end].encode("utf-8", "surrogatepass")) > max_bytes:
        end -= max(1, (len(text[:end].encode("utf-8", "surrogatepass")) - max_bytes) // 4)
    while 0 < end < len(text) and unicodedata.combining(text[end]):
        end -= 1
    prefix = text[:end]
    if not unicodedata.is_normalized("NFC", prefix):
        prefix = unicodedata.normalize("NFC", prefix)
    return prefix or text[:1]
