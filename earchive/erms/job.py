"""The ``erms`` entry of a package dictionary (job file, CSV row, command line, GUI project).

``{"source": "ärenden.xlsx", "files_root": "...", "continue": false, "system": "Platina",
"classification_schema": "...", "representation": "rep1"}`` becomes an
:class:`~earchive.erms.delivery.ErmsDelivery`, the representation that holds its files
(one folder per ärende), the METS type values CITS ERMS asks for (unless the package
sets its own), and a Dublin Core title when the package has none (RODA titles the AIP
from it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from earchive.erms import delivery as erms_delivery
from earchive.erms.delivery import ErmsDelivery
from earchive.errors import InvalidInput


def prepare(d: Mapping[str, Any]) -> tuple[dict, ErmsDelivery]:
    """The package dictionary completed for its ``erms`` entry, and the delivery read from it.

    Raises InvalidInput when no archival creator or submitting agent names the creator,
    CaseRegisterError when the register has problems (and ``continue`` is not set).
    """
    d = dict(d)
    spec = dict(d["erms"])
    if d.get("sources") or d.get("representations"):
        raise InvalidInput("error.invalid_field", field="erms",
                           problem="case files bring their own data (one folder per case); give either erms or sources")
    creator, code = _creator(d)
    control = erms_delivery.control_of(
        creator, code, identification=d.get("objid", ""), system=spec.get("system", ""),
        classification_schema=spec.get("classification_schema", ""),
    )
    files_root = Path(spec["files_root"]) if spec.get("files_root") else None
    found = erms_delivery.load(Path(spec["source"]), control, files_root=files_root, keep_going=bool(spec.get("continue")))
    erms_delivery.apply_restrictions(found.document, spec.get("restrictions") or {})
    fields = erms_delivery.submission_fields(d.get("spec_version") or "2.2.0")
    if not d.get("content_category"):
        d["content_category"] = fields["content_category"]
    if not d.get("content_information_type"):
        d["content_information_type"] = fields["content_information_type"]
        d["other_content_information_type"] = fields.get("other_content_information_type", "")
    descriptive = dict(d.get("descriptive") or {})
    if not descriptive.get("dc") and not descriptive.get("ead") and not descriptive.get("key_value"):
        descriptive["dc"] = {"title": [d.get("label") or erms_delivery.default_title(found.document)],
                             "creator": [creator]}
        d["descriptive"] = descriptive
    return d, found


def representation_name(d: Mapping[str, Any]) -> str:
    return str((d.get("erms") or {}).get("representation") or "rep1")


def _creator(d: Mapping[str, Any]) -> tuple[str, str]:
    for agent in d.get("agents") or []:
        if agent.get("kind") == "archival_creator":
            return agent.get("name", ""), agent.get("identification_code", "")
    submitting = d.get("submitting_agent") or {}
    if submitting.get("name"):
        return submitting["name"], submitting.get("identification_code", "")
    raise InvalidInput("error.required", field="archival creator",
                       hint="name the archival creator (arkivbildare, ERMS17)")
