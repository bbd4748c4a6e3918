"""The JSON report: one entry per requirement (id, level, status, location, message) and every finding."""

from __future__ import annotations

import json

import earchive
from earchive.validation.findings import ValidationReport

#: Version of the JSON layout; raised when a field changes meaning or disappears.
SCHEMA_VERSION = 1


def report_dict(report: ValidationReport, lang: str = "en") -> dict:
    """The report as plain data (what :func:`render_json` writes)."""
    data = {"report_format": SCHEMA_VERSION, "generator": f"earchive {earchive.__version__}", "language": lang}
    data.update(report.to_dict(lang))
    return data


def render_json(report: ValidationReport, lang: str = "en") -> str:
    """The report as a JSON document (UTF-8 text, indented)."""
    return json.dumps(report_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
