"""Check a package before it is built: every problem as data, with its requirement ID.

The shells plan packages as job-format package dictionaries (:mod:`earchive.jobs`).
:func:`check_package_dict` runs the model's own checks field by field, so that one
missing submitting agent does not hide a bad content category, and turns each refusal
into a :class:`Finding` that names the requirement (``SIP15``, ``CSIP2``...) and the
field (a path into the package dictionary, such as ``submitting_agent.name``).
:func:`check_sources` then asks :mod:`earchive.sources` what the builder would do with
the files (left-out system files, renamed files, empty representations).

Nothing here re-implements a rule: the model, the spec data and the source scanner
decide; this module only collects their answers.  Findings for rules that are not
E-ARK requirements carry the pseudo-IDs ``RODA`` (what RODA needs to show a package
well) and ``earchive`` (what the builder needs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from earchive import spec
from earchive.errors import EarchiveError, InvalidInput
from earchive.messages import register, render
from earchive.model import (
    Agent, AgentKind, DublinCore, EadDescription, KeyValue, MetadataFile, Representation, Submission, source_path,
)
from earchive.progress import CancelToken

#: Finding levels, most serious first.  ``error`` stops the build; ``warning`` and
#: ``info`` are shown but do not.
LEVELS = ("error", "warning", "info")

#: Pseudo-requirement for rules of the target system RODA (roda.md 4.2: an AIP without a
#: recognised title is listed by its identifier).
RODA = "RODA"
#: Pseudo-requirement for what earchive itself needs in order to build.
EARCHIVE = "earchive"
#: Pseudo-requirement of the problems of a case register (CITS ERMS case files).
ERMS = "ERMS"

#: Header fields of a package dictionary -> the requirement that governs them.
HEADER_REQUIREMENTS = {
    "objid": "CSIP1",
    "content_category": "CSIP2",
    "other_content_category": "CSIP3",
    "content_information_type": "CSIP4",
    "other_content_information_type": "CSIP5",
    "record_status": "SIP3",
    "spec_version": "CSIP6",
    "checksum_algorithm": "CSIP72",
}

#: Agent slots of the METS header in order, with the requirement naming each agent.
AGENT_REQUIREMENTS = {
    AgentKind.SUBMITTER: "SIP15",
    AgentKind.ARCHIVAL_CREATOR: "SIP9",
    AgentKind.CONTACT: "SIP21",
    AgentKind.PRESERVATION: "SIP26",
    AgentKind.OTHER: "",
}

#: Agent fields the model names in its errors ("agent other_role") -> the field of the agent
#: dictionary a finding points at; any other agent error is about its type.
_AGENT_ERROR_FIELDS = {"agent role": "role", "agent other_role": "other_role", "agent other_type": "other_type"}

#: Header fields that pair with an "other" field (the pair is checked together).
_PAIRS = {
    "content_category": "other_content_category",
    "content_information_type": "other_content_information_type",
}


@dataclass(frozen=True)
class Finding:
    """One problem found before building.

    ``field`` is a path into the package dictionary (``submitting_agent.name``,
    ``agents[archival_creator].name``, ``descriptive.dc.title``,
    ``representations[0].sources``); ``path`` is a file, when the problem is one.
    """

    requirement: str
    level: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    field: str = ""
    path: str = ""

    def message(self, lang: str | None = None) -> str:
        """The plain-language explanation in ``lang``."""
        # A parameter may be an error or an ERMS register problem: shown in the same language.
        params = {k: (v.message(lang or "en") if callable(getattr(v, "message", None)) else v) for k, v in self.params.items()}
        return render(self.code, params, lang)

    @property
    def blocks_build(self) -> bool:
        return self.level == "error"


def requirement_text(requirement: str, version: str | spec.SpecVersion = spec.DEFAULT_VERSION) -> str:
    """A short heading for a requirement ID ("Submitting agent (MUST)"), or '' when unknown."""
    try:
        req = spec.requirement(version, requirement)
    except (KeyError, ValueError):
        return ""
    return f"{req.head} ({req.level})"


def check_package_dict(data: Mapping[str, Any], *, target: str = "") -> list[Finding]:
    """Every problem of one package dictionary (absolute paths) that the model refuses.

    ``target`` ("roda", "archivematica" or "") adds that system's own needs.  Never
    raises for bad input: each problem becomes a Finding.
    """
    findings: list[Finding] = []
    version = _version_of(data, findings)
    findings += _check_header(data, version)
    findings += _check_agents(data)
    findings += _check_descriptive(data, target)
    findings += _check_representations(data)
    findings += _check_erms(data)
    return sort_findings(findings)


def submission_of(data: Mapping[str, Any], base_dir: Path | None = None) -> Submission:
    """The Submission of a package dictionary (the job format's own reader); raise InvalidInput.

    A planned package may lack a field the reader takes for granted (an EAD description
    without its unit title yet): that becomes the model's own "required" error, and any
    other malformed part an InvalidInput naming the package, never a TypeError.
    """
    from earchive.jobs import submission_from_dict

    data = dict(data)
    desc = data.get("descriptive")
    if isinstance(desc, Mapping) and isinstance(desc.get("ead"), Mapping) and "unittitle" not in desc["ead"]:
        data["descriptive"] = {**desc, "ead": {"unittitle": "", **desc["ead"]}}
    try:
        return submission_from_dict(data, base_dir, validate=False)
    except (TypeError, KeyError, AttributeError) as exc:
        raise InvalidInput("error.invalid_field", field="package", problem=str(exc)) from exc


def check_sources(
    submission: Submission, *, include_system_files: bool = False, cancel: CancelToken | None = None
) -> list[Finding]:
    """What the builder's source scan would report: missing sources, empty representations,
    left-out and renamed files.  Reads folder listings only, never file contents.

    Raises Cancelled when ``cancel`` is set.
    """
    cancel = cancel or CancelToken()
    findings: list[Finding] = []
    for index, rep in enumerate(submission.representations):
        where = f"representations[{index}].sources"
        present = []
        for src in rep.sources:
            if os.path.lexists(src):
                present.append(src)
            else:
                findings.append(Finding("", "error", "error.source_missing", {"path": str(src)}, where, str(src)))
        files, notes = _scan(present, include_system_files, cancel)
        for paths in rep.folders.values():  # each folder of data (an ärende) is scanned on its own, as the builder does
            more, more_notes = _scan(list(paths), include_system_files, cancel)
            files, notes = files + more, notes + more_notes
        if files == 0:
            findings.append(Finding("CSIPSTR11", "error", "error.no_sources", {"representation": rep.name}, where))
        findings += [_note_finding(n, where) for n in notes]
    other = [source_path(m) for m in submission.other_metadata]
    for key, paths in (("documentation", submission.documentation), ("other_metadata", other)):
        for src in paths:
            if not os.path.lexists(src):
                findings.append(Finding("", "error", "error.source_missing", {"path": str(src)}, key, str(src)))
    for desc in submission.descriptive:
        if isinstance(desc, MetadataFile) and not os.path.lexists(desc.path):
            findings.append(Finding("", "error", "error.source_missing", {"path": str(desc.path)}, "descriptive.files", str(desc.path)))
    return sort_findings(findings)


# --------------------------------------------------------------------------------------
# Private helpers
# --------------------------------------------------------------------------------------


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information (stable within a level)."""
    return sorted(findings, key=lambda f: LEVELS.index(f.level) if f.level in LEVELS else len(LEVELS))


def _error_finding(exc: InvalidInput, requirement: str, field_path: str, level: str = "error") -> Finding:
    return Finding(requirement, level, exc.code, dict(exc.params), field_path)


def _version_of(data: Mapping[str, Any], findings: list[Finding]) -> spec.SpecVersion:
    value = data.get("spec_version") or spec.DEFAULT_VERSION
    try:
        version = spec.SpecVersion.parse(value)
        if version.buildable:
            return version
    except ValueError:
        pass
    allowed = ", ".join(v.value for v in spec.SpecVersion if v.buildable)
    findings.append(Finding("CSIP6", "error", "error.invalid_value", {"field": "spec_version", "value": repr(value), "allowed": allowed}, "spec_version"))
    return spec.DEFAULT_VERSION


def _dummy_agent() -> Agent:
    return Agent(AgentKind.SUBMITTER, "-")


def _check_header(data: Mapping[str, Any], version: spec.SpecVersion) -> list[Finding]:
    """Construct a Submission with one header field at a time, so each bad field is reported."""
    out: list[Finding] = []
    base = {"submitting_agent": _dummy_agent(), "representations": [Representation("rep1")], "spec_version": version}
    for key, requirement in HEADER_REQUIREMENTS.items():
        if key in _PAIRS.values() or key == "spec_version":
            continue
        value = data.get(key)
        if value in (None, ""):
            continue
        kwargs = {key: value}
        if key in _PAIRS:
            kwargs[_PAIRS[key]] = data.get(_PAIRS[key]) or ""
        try:
            Submission(**base, **kwargs)
        except InvalidInput as exc:
            bad = exc.params.get("field", key)
            target = bad if bad in HEADER_REQUIREMENTS else key
            out.append(_error_finding(exc, HEADER_REQUIREMENTS.get(target, requirement), target))
    return out


def _agent_slots(data: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any], AgentKind]]:
    slots: list[tuple[str, Mapping[str, Any], AgentKind]] = []
    sub = data.get("submitting_agent")
    slots.append(("submitting_agent", sub if isinstance(sub, Mapping) else {}, AgentKind.SUBMITTER))
    for index, agent in enumerate(data.get("agents") or []):
        if not isinstance(agent, Mapping):
            continue
        try:
            kind = AgentKind(agent.get("kind", "other"))
        except ValueError:
            kind = AgentKind.OTHER
        slots.append((f"agents[{index}]", agent, kind))
    return slots


def _check_agents(data: Mapping[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    for where, agent, kind in _agent_slots(data):
        requirement = AGENT_REQUIREMENTS[kind]
        try:
            Agent(
                kind=agent.get("kind", kind.value) if kind is not AgentKind.SUBMITTER else kind,
                name=agent.get("name", "") or "",
                type=agent.get("type", "") or "",
                identification_code=agent.get("identification_code", "") or "",
                notes=list(agent.get("notes") or []),
                role=agent.get("role", "") or "",
                other_role=agent.get("other_role", "") or "",
                other_type=agent.get("other_type", "") or "",
            )
        except InvalidInput as exc:
            if exc.code == "error.required" and not (agent.get("name") or "").strip():
                # The model refused a nameless agent; say so in the user's language.
                out.append(Finding(requirement, "error", f"precheck.{kind.value}_name_missing", {}, f"{where}.name"))
            else:
                bad = _AGENT_ERROR_FIELDS.get(str(exc.params.get("field", "")), "type")
                out.append(_error_finding(exc, requirement, f"{where}.{bad}"))
    return out


def _check_descriptive(data: Mapping[str, Any], target: str) -> list[Finding]:
    out: list[Finding] = []
    desc = data.get("descriptive") or {}
    titled = False
    count = 0
    for key, make, title_field in (
        ("dc", lambda d: DublinCore(dict(d)), "title"),
        ("ead", lambda d: EadDescription(**{"unittitle": "", **d}), "unittitle"),
    ):
        items = desc.get(key)
        if items is None:
            continue
        for index, item in enumerate(items if isinstance(items, list) else [items]):
            prefix = f"descriptive.{key}" + (f"[{index}]" if isinstance(items, list) else "")
            count += 1
            try:
                obj = make(item)
                titled = titled or bool(obj.title)
            except InvalidInput as exc:
                bad = _ead_field(exc) if key == "ead" else title_field
                if bad == title_field and exc.code == "error.required":
                    out.append(Finding("CSIP17", "error", f"precheck.{key}_title_missing", {}, f"{prefix}.{bad}"))
                else:
                    out.append(_error_finding(exc, "CSIP17", f"{prefix}.{bad}"))
            except TypeError as exc:
                out.append(Finding("CSIP17", "error", "error.invalid_field", {"field": prefix, "problem": str(exc)}, prefix))
                continue
            if key == "ead" and isinstance(item, Mapping) and not (item.get("unittitle") or "").strip():
                out += _check_ead_fields(item, prefix)
    kv = desc.get("key_value")
    if kv is not None:
        count += 1
        try:
            obj = KeyValue(list(kv.items()) if isinstance(kv, Mapping) else [tuple(p) for p in kv])
            titled = titled or bool(obj.title)
        except InvalidInput as exc:
            out.append(_error_finding(exc, "CSIP17", "descriptive.key_value"))
    for index, f in enumerate(desc.get("files") or []):
        count += 1
        try:
            brought = MetadataFile(path=f.get("path", ""), mdtype=f.get("mdtype", "OTHER") or "OTHER")
            titled = titled or brought.mdtype in ("DC", "EAD")  # a file RODA may take a title from
        except InvalidInput as exc:
            out.append(_error_finding(exc, "CSIP17", f"descriptive.files[{index}].mdtype"))
    if count == 0 and data.get("erms"):
        titled = True  # case files: erms.xml, and a Dublin Core title made from the register (earchive.erms.job)
    elif count == 0:
        out.append(Finding("CSIP17", "warning", "precheck.no_description", {}, "descriptive"))
    # RODA takes an AIP's title from descriptive metadata only (never from mets/@LABEL).
    if target == "roda" and not titled:
        out.append(Finding(RODA, "warning", "precheck.roda_no_title", {}, "descriptive.dc.title"))
    return out


def _check_ead_fields(item: Mapping[str, Any], prefix: str) -> list[Finding]:
    """The other EAD fields of a description whose unit title is still missing (so that one
    missing title does not hide a bad date)."""
    out: list[Finding] = []
    try:
        EadDescription(**{**item, "unittitle": "-"})
    except InvalidInput as exc:
        out.append(_error_finding(exc, "CSIP17", f"{prefix}.{_ead_field(exc)}"))
    except TypeError:
        pass
    return out


def _ead_field(exc: InvalidInput) -> str:
    """The EAD field an EadDescription error is about ("EAD unitdate_normal" -> unitdate_normal)."""
    name = str(exc.params.get("field", "")).split(" ")[-1]
    return name if name in EadDescription.__dataclass_fields__ else "unittitle"


def _check_representations(data: Mapping[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    reps = data.get("representations")
    if not reps:
        if data.get("sources") or data.get("erms"):
            return out
        return [Finding("CSIPSTR9", "error", "error.required", {"field": "representations", "hint": "add at least one representation with sources"}, "representations")]
    seen: set[str] = set()
    for index, rep in enumerate(reps):
        where = f"representations[{index}]"
        name = (rep.get("name") or "rep1").strip()
        try:
            Representation(name=name)
        except InvalidInput as exc:
            out.append(_error_finding(exc, "CSIPSTR10", f"{where}.name"))
        if name in seen:
            out.append(Finding("CSIPSTR10", "error", "error.invalid_value", {"field": "representation name", "value": repr(name), "allowed": "a name used once per package (CSIPSTR10)"}, f"{where}.name"))
        seen.add(name)
        if not rep.get("sources"):
            out.append(Finding("CSIPSTR11", "error", "error.no_sources", {"representation": name}, f"{where}.sources"))
        cit = rep.get("content_information_type")
        if cit:
            try:
                Submission(
                    submitting_agent=_dummy_agent(),
                    representations=[Representation(name="rep1", content_information_type=cit)],
                    spec_version=data.get("spec_version") or spec.DEFAULT_VERSION,
                )
            except InvalidInput as exc:
                out.append(_error_finding(exc, "CSIP4", f"{where}.content_information_type"))
            except ValueError:
                pass
    return out


def _check_erms(data: Mapping[str, Any]) -> list[Finding]:
    """The problems of a package's case register, each by row and column (earchive.erms)."""
    if not data.get("erms"):
        return []
    from earchive.erms import job as erms_job
    from earchive.erms import package as erms_package
    from earchive.erms.problems import ERROR, CaseRegisterError

    findings: list[Finding] = []
    try:
        erms_package.check_ready()
    except InvalidInput as exc:
        findings.append(_error_finding(exc, ERMS, "erms"))
    if not (data.get("submitting_agent") or {}).get("name"):  # SIP15 says so; the register is checked all the same
        data = {**data, "submitting_agent": {"name": "-"}}
    try:
        problems, continued = erms_job.prepare(data)[1].problems, True
    except CaseRegisterError as exc:
        problems, continued = exc.problems, False
    except (InvalidInput, OSError) as exc:
        error = exc if isinstance(exc, InvalidInput) else InvalidInput("error.source_unreadable", path=str(data["erms"]), reason=str(exc))
        return findings + [_error_finding(error, ERMS, "erms.source")]
    for problem in problems:
        level = "warning" if continued or problem.severity != ERROR else "error"
        findings.append(Finding(ERMS, level, "erms.problem", {"problem": problem}, "erms.source", problem.file))
    return findings


def _scan(paths: list[Path], include_system_files: bool, cancel: CancelToken) -> tuple[int, list]:
    """(number of files the builder would package, its notes) for some sources."""
    if not paths:
        return 0, []
    try:
        from earchive import sources
    except ImportError:  # the scanner is not there yet: count files, no notes
        return _count_files(paths, cancel), []
    try:
        result = sources.scan_sources(list(paths), include_system_files=include_system_files, cancel=cancel)
    except InvalidInput as exc:
        return 0, [exc]
    except EarchiveError as exc:
        return 0, [exc]
    return len(result.files), list(result.notes)


def _count_files(paths: list[Path], cancel: CancelToken) -> int:
    count = 0
    for p in paths:
        if os.path.isfile(p):
            count += 1
            continue
        for _root, _dirs, files in os.walk(p):
            cancel.check()
            count += len(files)
    return count


def _note_finding(note, where: str) -> Finding:
    """A builder report line (Note) or a scan error as a finding."""
    if isinstance(note, EarchiveError):
        return Finding(EARCHIVE, "error", note.code, dict(note.params), where, str(note.params.get("path", "")))
    level = "warning" if getattr(note, "level", "info") == "warning" else "info"
    params = dict(note.params)
    return Finding(EARCHIVE, level, note.code, params, where, str(params.get("path", params.get("original", ""))))


register(
    {
        "precheck.submitter_name_missing": {
            "en": "No submitting agent: give the name of the organisation or person submitting the package.",
            "sv": "Levererande aktör saknas: ange namnet på den organisation eller person som levererar paketet.",
        },
        "precheck.archival_creator_name_missing": {
            "en": "The archival creator has no name. Give the name of the organisation or person that created the records, or clear the other archival creator fields.",
            "sv": "Arkivbildaren saknar namn. Ange namnet på den organisation eller person som skapade handlingarna, eller töm arkivbildarens övriga fält.",
        },
        "precheck.contact_name_missing": {
            "en": "The contact person has no name. Give the name, or clear the other contact person fields.",
            "sv": "Kontaktpersonen saknar namn. Ange namnet, eller töm kontaktpersonens övriga fält.",
        },
        "precheck.preservation_name_missing": {
            "en": "The preservation agent has no name. Give the name of the organisation that preserves the package, or clear its other fields.",
            "sv": "Bevarandeaktören saknar namn. Ange namnet på den organisation som bevarar paketet, eller töm dess övriga fält.",
        },
        "precheck.other_name_missing": {
            "en": "An agent has no name. Give its name or remove it.",
            "sv": "En aktör saknar namn. Ange namnet eller ta bort aktören.",
        },
        "precheck.dc_title_missing": {
            "en": "The Dublin Core description has no title. Give a title (it is what the archive shows in its lists).",
            "sv": "Dublin Core-beskrivningen saknar titel. Ange en titel (det är den som arkivet visar i sina listor).",
        },
        "precheck.ead_title_missing": {
            "en": "The EAD description has no unit title. Give a unit title.",
            "sv": "EAD-beskrivningen saknar enhetens titel. Ange en titel.",
        },
        "precheck.no_description": {
            "en": "The package has no descriptive metadata. Add a Dublin Core, EAD or key-value description so the archive can show what it holds.",
            "sv": "Paketet saknar beskrivande metadata. Lägg till en beskrivning i Dublin Core, EAD eller nyckel-värde så att arkivet kan visa vad det innehåller.",
        },
        "precheck.roda_no_title": {
            "en": "RODA shows a package without a title by its identifier only (it does not read the package label). Give the description a title (Dublin Core title or EAD unit title).",
            "sv": "RODA visar ett paket utan titel bara med dess identifierare (paketets etikett läses inte). Ge beskrivningen en titel (Dublin Core-titel eller EAD-enhetens titel).",
        },
    }
)
