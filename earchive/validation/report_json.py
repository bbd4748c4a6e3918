"""The JSON report: one entry per requirement (id, level, status, location, message) and every finding."""

from __future__ import annotations

import json

import earchive
from earchive.validation.findings import ValidationReport

#: Version of the JSON layout; raised when a field changes meaning or disappears.
SCHEMA_VERSION = 2
#: 2: requirement status 'warning' (MUST met, a SHOULD not) and 'not_used' (optional feature not used)
#: apart from 'failed' (a MUST broken), with must_met/should_met and per-severity counts; counts
#: 'should_unmet' and 'not_used'; 'checked' false (with 'error') when the package could not be read.


def report_dict(report: ValidationReport, lang: str = "en") -> dict:
    """The report as plain data (what :func:`render_json` writes)."""
    data = {"report_format": SCHEMA_VERSION, "generator": f"earchive {earchive.__version__}", "language": lang}
    data.update(report.to_dict(lang))
    data["checked"] = True
    return data


def failure_dict(package: str, code: int, error, lang: str = "en") -> dict:
    """The JSON object when a package could not be validated (unreadable: exit 2; cancelled: 130).

    Same top-level fields as a report, ``valid`` false, no requirements, and ``error`` saying why.
    """
    return {"report_format": SCHEMA_VERSION, "generator": f"earchive {earchive.__version__}", "language": lang,
            "package": package, "valid": False, "exit_code": int(code), "checked": False,
            "error": {"code": error.code, "message": error.message(lang),
                      "params": {k: str(v) for k, v in error.params.items()}},
            "requirements": [], "findings": []}


def render_failure_json(package: str, code: int, error, lang: str = "en") -> str:
    return json.dumps(failure_dict(package, code, error, lang), ensure_ascii=False, indent=2) + "\n"


def render_json(report: ValidationReport, lang: str = "en") -> str:
    """The report as a JSON document (UTF-8 text, indented)."""
    return json.dumps(report_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
