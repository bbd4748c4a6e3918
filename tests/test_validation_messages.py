"""Every message code the validator uses exists in English and Swedish, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from earchive import messages
from earchive.validation import messages_sv_en

SOURCES = [*(Path(__file__).resolve().parents[1] / "earchive" / "validation").glob("*.py"),
           Path(__file__).resolve().parents[1] / "earchive" / "cli_validate.py"]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_used_is_registered_in_both_languages():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r'"(v\.[a-z0-9_.]+[a-z0-9_])"', path.read_text(encoding="utf-8")))
    missing = sorted(code for code in used if code not in messages.CATALOGUE)
    assert missing == []
    for code, texts in messages_sv_en.MESSAGES.items():
        assert set(texts) == {"en", "sv"}, code
        assert placeholders(texts["en"]) == placeholders(texts["sv"]), code
    for suffix in ("MUST", "SHOULD", "MAY"):
        assert f"v.report.level.{suffix}" in messages.CATALOGUE
    for suffix in ("given", "profile", "default"):
        assert f"v.report.version_{suffix}" in messages.CATALOGUE
