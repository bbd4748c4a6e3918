"""Delivery profiles: saved defaults for a delivery, stored as JSON files colleagues can share.

A profile names the submitting agent and the other agents, the submission agreement,
the content category and information type, the specification version, the checksum
algorithm and the target system.  Its ``defaults`` use the field names and meaning
of a job file's ``defaults`` (:mod:`earchive.jobs`), so a profile can be pasted into
a job file and the GUI applies it to new packages as package-dictionary values.

Reading a profile checks the file against ``schemas/profile.schema.json`` and then the
values against the model (agent types, the official vocabularies of the chosen
version), so a shared profile with a typo is refused with a message naming the field.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from earchive.errors import EarchiveError, InvalidInput
from earchive.messages import register

#: The only profile file format so far.
PROFILE_FORMAT = 1
#: Target systems a profile may name (each adds its own checks before building).
TARGETS = ("roda", "archivematica", "generic")
#: File name suffix of profiles.
SUFFIX = ".json"

#: Default fields that describe the package (the rest are build options).
PACKAGE_FIELDS = (
    "spec_version", "checksum_algorithm", "content_category", "other_content_category",
    "content_information_type", "other_content_information_type", "record_status",
    "submission_agreement", "submitting_agent", "agents",
)
OPTION_FIELDS = ("zip", "compress", "include_system_files", "report_language")


@dataclass
class DeliveryProfile:
    """A named set of delivery defaults; values are checked against the model on creation."""

    name: str
    defaults: dict[str, Any] = field(default_factory=dict)
    target: str = "generic"
    description: str = ""

    def __post_init__(self) -> None:
        self.name = (self.name or "").strip()
        if not self.name:
            raise InvalidInput("error.required", field="profile name", hint="give the profile a name colleagues recognise")
        self.target = (self.target or "generic").strip().lower()
        if self.target not in TARGETS:
            raise InvalidInput("error.invalid_value", field="target", value=repr(self.target), allowed=", ".join(TARGETS))
        unknown = sorted(set(self.defaults) - set(PACKAGE_FIELDS) - set(OPTION_FIELDS) - {"$comment"})
        if unknown:
            raise InvalidInput(
                "error.invalid_value", field="profile defaults", value=repr(unknown[0]),
                allowed=", ".join(PACKAGE_FIELDS + OPTION_FIELDS),
            )
        _check_values(self.defaults)

    @property
    def package_values(self) -> dict[str, Any]:
        """The defaults that go into each new package dictionary."""
        return {k: v for k, v in self.defaults.items() if k in PACKAGE_FIELDS}

    @property
    def options(self) -> dict[str, Any]:
        """The defaults that are build options (zip, compress, include_system_files)."""
        return {k: v for k, v in self.defaults.items() if k in OPTION_FIELDS}


#: Where a preset is said to come from (ProfileEntry.path of a preset).
PRESET_PREFIX = "preset:"


def riksarkivet_preset() -> DeliveryProfile:
    """Case files delivered to Riksarkivet: FGS Paketstruktur 2.0 with FGS Ärendehantering 2.0.

    E-ARK CSIP/SIP 2.1.0 (= FGS Paketstruktur 2.0); mets/@TYPE and the content information
    type that CITS ERMS 3.0 (= FGS Ärendehantering 2.0) gives (``citserms_v3_0``, written as
    OTHER in 2.1.0, whose vocabulary lacks it); the agents Riksarkivet's tillämpning names:
    the archival creator (arkivbildare) and the submitting organisation (levererande
    organisation), each with its organisation number as IDENTIFICATIONCODE note
    (``ORG:<organisationsnummer>``), a contact person, Riksarkivet as preservation agent;
    SHA-256; the package report, which the receiving archivist reads first, in Swedish.
    Riksarkivet's tillämpning PDFs are not available to earchive: the names and numbers
    are placeholders to replace, and every value stays editable (README, docs/erms.md).
    """
    return DeliveryProfile(
        name="Riksarkivet: ärenden (FGS Paketstruktur 2.0 + FGS Ärendehantering 2.0)",
        description="Ärenden från ett ärendehanteringssystem till Riksarkivet: E-ARK 2.1.0, CITS ERMS 3.0, "
                    "arkivbildare och levererande organisation med organisationsnummer, kontaktperson. "
                    "Byt ut exempelnamnen och -numren mot era egna.",
        target="generic",
        defaults={
            "spec_version": "2.1.0",
            "checksum_algorithm": "SHA-256",
            "content_category": "Datasets",
            "content_information_type": "OTHER",
            "other_content_information_type": "citserms_v3_0",
            "record_status": "NEW",
            "submitting_agent": {"name": "Exempelmyndigheten", "type": "ORGANIZATION",
                                 "identification_code": "ORG:2021001234"},
            "agents": [
                {"kind": "archival_creator", "name": "Exempelmyndigheten", "type": "ORGANIZATION",
                 "identification_code": "ORG:2021001234"},
                {"kind": "contact", "name": "Förnamn Efternamn", "type": "INDIVIDUAL",
                 "notes": ["Telefon: 010-000 00 00", "E-post: registrator@exempelmyndigheten.se"]},
                {"kind": "preservation", "name": "Riksarkivet", "type": "ORGANIZATION"},
            ],
            "report_language": "sv",
        },
    )


#: Profiles earchive offers without a file, by key (``preset:<key>``).
PRESETS = {"riksarkivet": riksarkivet_preset}


def preset_entries() -> list["ProfileEntry"]:
    """The presets as profile entries (their path is ``preset:<key>``)."""
    return [ProfileEntry(Path(f"{PRESET_PREFIX}{key}"), make()) for key, make in PRESETS.items()]


def profile_from_dict(document: Mapping[str, Any], source: str = "profile") -> DeliveryProfile:
    """A profile from its JSON document; raise InvalidInput naming the file and the field."""
    check_against_schema(document, source)
    try:
        return DeliveryProfile(
            name=document["name"],
            defaults=dict(document.get("defaults") or {}),
            target=document.get("target", "generic"),
            description=document.get("description", ""),
        )
    except InvalidInput as exc:
        raise InvalidInput("profile.invalid", path=source, problem=exc.message("en"), problem_sv=exc.message("sv")) from exc


def profile_to_dict(profile: DeliveryProfile) -> dict[str, Any]:
    """The JSON document of a profile (what :func:`profile_from_dict` reads)."""
    document: dict[str, Any] = {"profile_format": PROFILE_FORMAT, "name": profile.name}
    if profile.description:
        document["description"] = profile.description
    document["target"] = profile.target
    document["defaults"] = {k: profile.defaults[k] for k in PACKAGE_FIELDS + OPTION_FIELDS if k in profile.defaults}
    return document


def load_profile(path: Path) -> DeliveryProfile:
    """Read and check a profile file; raise InvalidInput."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InvalidInput("profile.not_found", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("profile.unreadable", path=str(path), reason=getattr(exc, "strerror", None) or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput("profile.not_json", path=str(path), line=exc.lineno, reason=exc.msg) from exc
    return profile_from_dict(document, str(path))


def save_profile(profile: DeliveryProfile, path: Path) -> None:
    """Write a profile atomically (temporary sibling, then rename); raise OSError."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(profile_to_dict(profile), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class ProfileEntry:
    """A profile file found in a folder: the profile, or the error that kept it from loading."""

    path: Path
    profile: DeliveryProfile | None
    error: EarchiveError | None = None


def find_profiles(folders: Iterable[Path]) -> list[ProfileEntry]:
    """Every ``*.json`` profile in some folders, by name; unreadable ones carry their error."""
    out: list[ProfileEntry] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            try:
                out.append(ProfileEntry(path, load_profile(path)))
            except InvalidInput as exc:
                out.append(ProfileEntry(path, None, exc))
    out.sort(key=lambda e: (e.profile is None, (e.profile.name if e.profile else e.path.name).casefold()))
    return out


def check_against_schema(document: Any, source: str) -> None:
    """Validate a profile document against schemas/profile.schema.json; raise InvalidInput."""
    import jsonschema
    from jsonschema.exceptions import best_match

    validator = jsonschema.Draft202012Validator(profile_schema())
    error = best_match(validator.iter_errors(document))
    if error is None:
        return
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    raise InvalidInput("profile.schema", path=source, where=where, detail=error.message)


@lru_cache(maxsize=1)
def profile_schema() -> dict:
    """The profile JSON Schema (schemas/profile.schema.json, installed as earchive._schemas)."""
    ref = resources.files("earchive._schemas") / "profile.schema.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def _check_values(defaults: Mapping[str, Any]) -> None:
    """Let the model judge the values: agents, vocabulary terms of the chosen version."""
    from earchive.model import Agent, AgentKind, Representation, Submission

    agents = []
    for raw in defaults.get("agents") or []:
        agents.append(Agent(**{k: v for k, v in raw.items() if k != "$comment"}))
    raw_sub = defaults.get("submitting_agent")
    submitter = Agent(kind=AgentKind.SUBMITTER, **{k: v for k, v in raw_sub.items() if k not in ("$comment", "kind")}) if raw_sub else Agent(AgentKind.SUBMITTER, "-")
    kwargs = {k: defaults[k] for k in PACKAGE_FIELDS if k in defaults and k not in ("submitting_agent", "agents")}
    Submission(submitting_agent=submitter, agents=agents, representations=[Representation("rep1")], **kwargs)


register(
    {
        "profile.not_found": {
            "en": "The delivery profile {path} does not exist.",
            "sv": "Leveransprofilen {path} finns inte.",
        },
        "profile.unreadable": {
            "en": "Cannot read the delivery profile {path}: {reason}.",
            "sv": "Kan inte läsa leveransprofilen {path}: {reason}.",
        },
        "profile.not_json": {
            "en": "The delivery profile {path} is not valid JSON (line {line}: {reason}).",
            "sv": "Leveransprofilen {path} är inte giltig JSON (rad {line}: {reason}).",
        },
        "profile.schema": {
            "en": "The delivery profile {path} has a problem at {where}: {detail}. See schemas/profile.schema.json.",
            "sv": "Leveransprofilen {path} har ett fel vid {where}: {detail}. Se schemas/profile.schema.json.",
        },
        "profile.invalid": {
            "en": "The delivery profile {path} cannot be used: {problem}",
            "sv": "Leveransprofilen {path} kan inte användas: {problem_sv}",
        },
    }
)
