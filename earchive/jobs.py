"""Job files: a JSON description of one or many packages to build, and its round trip.

A job file holds optional ``defaults`` and a list of ``packages`` (format:
``schemas/job.schema.json``, documented in ``docs/cli.md``, example
``docs/job-example.json``).  Reading one takes three steps, in this order:

1. the whole document is checked against the JSON Schema (Draft 2020-12); the first
   problem is reported with its JSON path (``$.packages[2].spec_version``) and what to do;
2. each package is merged over the defaults (a package's field replaces the default's
   field as a whole) and relative paths are resolved against the job file's folder;
3. each merged package becomes a :class:`~earchive.model.Submission` and
   :class:`~earchive.model.BuildOptions`; the model's own checks name the package
   (JSON path and OBJID) and the field.

CSV rows (:mod:`earchive.csvjobs`), command-line options (:mod:`earchive.cli`) and the
GUI's project files all become the same package dictionaries and go through
:func:`package_from_dict`, so there is one code path from any input to the builder.
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
from earchive.messages import register, render
from earchive.notes import Note
from earchive.model import (
    Agent,
    AgentKind,
    BuildOptions,
    DublinCore,
    EadDescription,
    KeyValue,
    MetadataFile,
    Representation,
    Submission,
    source_path,
)
from earchive.producer_checksums import ProducerChecksums

#: The only job file format so far; written by :func:`job_to_dict` so that a later
#: format can migrate old files.
JOB_FORMAT = 1

#: Fields of a package dictionary that are build options, not package content.
OPTION_FIELDS = ("output_dir", "zip", "compress", "include_system_files", "name", "max_package_size",
                 "max_package_files", "unit_depth", "report_language")

#: Package fields that hold a path or a list of paths (resolved against the job file's folder).
_PATH_FIELDS = ("documentation", "other_metadata", "sources")

#: EAD fields in the order of :class:`~earchive.model.EadDescription`.
_EAD_FIELDS = (
    "unittitle", "unitid", "level", "otherlevel", "unitdate", "unitdate_normal", "origination",
    "scopecontent", "accessrestrict", "repository", "language",
)


class JobInputError(InvalidInput):
    """InvalidInput whose params may hold a nested error (or an :class:`Origin`), rendered in the same language.

    Used to put a model error ("content_category: 'x' is not allowed ...") inside the
    context of a job file package or a CSV row.
    """

    def message(self, lang: str = "en") -> str:
        params = {k: (v.message(lang) if isinstance(v, (EarchiveError, Origin)) else v) for k, v in self.params.items()}
        return render(self.code, params, lang)


@dataclass(frozen=True)
class Origin:
    """Where a package came from ("row 3", "packages[2]", "command line"), shown in the user's language."""

    text: str

    def message(self, lang: str | None = None) -> str:
        return origin_text(self.text, lang)

    def __str__(self) -> str:
        return self.text


def origin_text(origin: str, lang: str | None = None) -> str:
    """An origin for people: "row 3" is "rad 3" in Swedish (JSON output keeps the English form)."""
    if origin.startswith("row "):
        return render("job.origin_row", {"row": origin[4:]}, lang)
    if origin == "command line":
        return render("job.origin_command_line", {}, lang)
    return origin


@dataclass
class PlannedPackage:
    """One package to build: what goes in it, how to write it, and where it came from."""

    submission: Submission
    options: BuildOptions
    origin: str  # "packages[0]" in a job file, "row 2" in a CSV, "command line"
    objid_given: bool = True  # False: the OBJID was generated (a resumed batch reuses the recorded one)

    @property
    def display_name(self) -> str:
        return f"{self.origin} ({self.submission.objid})"


@dataclass
class RejectedPackage:
    """A package of a job file or CSV row that cannot be built as given (and why)."""

    origin: str
    objid: str
    error: EarchiveError


@dataclass
class Job:
    """Everything read from a job file or CSV: the packages, the refused ones, warnings about the input."""

    path: Path | None
    packages: list[PlannedPackage]
    rejected: list[RejectedPackage] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    @property
    def submissions(self) -> list[Submission]:
        return [p.submission for p in self.packages]


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


def load_job(
    path: Path,
    *,
    cli_defaults: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    keep_going: bool = False,
) -> Job:
    """Read, check and convert a job file.

    ``cli_defaults`` (a package dictionary with absolute paths) sit below the job file's
    own defaults; ``overrides`` (build options such as ``output_dir`` from ``--output``)
    replace what the job file says.  A problem with the file as a whole (not JSON, not
    valid against the schema) always raises InvalidInput naming the file and JSON path.
    A package the model refuses raises too, unless ``keep_going``: then it is listed in
    ``Job.rejected`` (batch builds the others).  Nothing is built here.
    """
    path = Path(path)
    document = read_job_document(path)
    base_dir = Path(os.path.abspath(path)).parent
    job_defaults = dict(document.get("defaults", {}))
    job = Job(path, [])
    for index, raw in enumerate(document["packages"]):
        origin = f"packages[{index}]"
        merged = merge_package(raw, job_defaults, base_dir, cli_defaults=cli_defaults, overrides=overrides)
        try:
            submission, options = package_from_dict(merged, base_dir)
            check_sources_exist(submission)
        except EarchiveError as exc:
            error = JobInputError(
                "job.package_invalid", path=str(path), where="$." + origin, objid=raw.get("objid") or "-", problem=exc
            )
            if not keep_going:
                raise error from exc
            job.rejected.append(RejectedPackage(origin, raw.get("objid") or "", error))
            continue
        job.packages.append(PlannedPackage(submission, options, origin, objid_given=bool(merged.get("objid"))))
    reject_duplicate_objids(job, str(path), keep_going=keep_going)
    return job


def read_job_document(path: Path) -> dict:
    """The parsed JSON of a job file, checked against schemas/job.schema.json; raise InvalidInput."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise JobInputError("job.not_found", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JobInputError("job.unreadable", path=str(path), reason=_reason(exc)) from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JobInputError("job.not_json", path=str(path), line=exc.lineno, column=exc.colno, reason=exc.msg) from exc
    check_against_schema(document, str(path))
    return document


def check_against_schema(document: Any, path: str, *, definition: str | None = None) -> None:
    """Validate ``document`` against the job schema (or one of its ``$defs``); raise InvalidInput.

    The message names the JSON path of the first problem and what to do about it.
    """
    import jsonschema
    from jsonschema.exceptions import best_match

    schema = job_schema()
    if definition is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    validator_cls = jsonschema.Draft202012Validator
    validator = validator_cls(schema)
    errors = list(validator.iter_errors(document))
    if not errors:
        return
    errors.sort(key=lambda e: [str(p) for p in e.absolute_path])
    error = best_match(errors)
    raise _schema_error(error, path, schema)


def merge_package(
    package: Mapping[str, Any],
    job_defaults: Mapping[str, Any],
    base_dir: Path,
    *,
    cli_defaults: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict:
    """One package dictionary: command-line defaults < job defaults < package < overrides.

    Job paths are made absolute against ``base_dir`` here so that ``cli_defaults`` (already
    absolute) and ``overrides`` keep their own meaning.
    """
    merged: dict[str, Any] = dict(cli_defaults or {})
    merged.update(resolve_paths(job_defaults, base_dir))
    merged.update(resolve_paths(package, base_dir))
    for key, value in (overrides or {}).items():
        if value is not None:
            merged[key] = value
    merged.pop("$comment", None)
    return merged


def package_from_dict(data: Mapping[str, Any], base_dir: Path | None = None) -> tuple[Submission, BuildOptions]:
    """A (Submission, BuildOptions) from one merged package dictionary; raise InvalidInput.

    Raises InvalidInput (code ``job.no_output``) when no ``output_dir`` is given.
    """
    submission = submission_from_dict(data, base_dir, validate=False)
    output_dir = data.get("output_dir")
    if not output_dir:
        raise InvalidInput("job.no_output")
    options = BuildOptions(
        output_dir=_resolve(output_dir, base_dir),
        as_zip=bool(data.get("zip", False)),
        compress=bool(data.get("compress", False)),
        include_system_files=bool(data.get("include_system_files", False)),
        name=data.get("name", "") or "",
        max_package_size=data.get("max_package_size", 0) or 0,
        max_package_files=data.get("max_package_files", 0) or 0,
        unit_depth=data.get("unit_depth", 0) or 0,
        language=data.get("report_language", "") or "",
    )
    return submission, options


def submission_from_dict(data: Mapping[str, Any], base_dir: Path | None = None, *, validate: bool = True) -> Submission:
    """A Submission from a package dictionary (the format of one entry of ``packages``).

    Relative paths are resolved against ``base_dir`` (the job or project file's folder).
    With ``validate`` the dictionary is first checked against the schema's package
    definition (with a submitting agent required).  Build options in the dictionary are
    ignored.  Raises InvalidInput naming the field.
    """
    if validate:
        check_against_schema(data, "package", definition="package")
        if "submitting_agent" not in data:
            raise InvalidInput("error.required", field="submitting_agent",
                               hint="name the organisation or person submitting the package (SIP15, MUST)")
    d = resolve_paths(data, base_dir) if base_dir is not None else dict(data)

    erms = None
    if d.get("erms"):  # case files (earchive.erms.job): read the register, fill in what ERMS asks for
        from earchive.erms import job as erms_job

        d, erms = erms_job.prepare(d)
    submitting = d.get("submitting_agent")
    submitter = _agent_from_dict({**submitting, "kind": "submitter"}) if submitting else None
    if d.get("representations"):
        representations = [_representation_from_dict(r) for r in d["representations"]]
    elif erms is not None:
        representations = [Representation(name=erms_job.representation_name(d), folders=erms.folders())]
    else:
        representations = [Representation(name="rep1", sources=list(d.get("sources") or []))]
    kwargs: dict[str, Any] = {}
    for key in (
        "objid", "label", "content_category", "other_content_category", "content_information_type",
        "other_content_information_type", "record_status", "submission_agreement", "reference_code",
        "spec_version", "checksum_algorithm", "roda_parent_id",
    ):
        if d.get(key) not in (None, ""):
            kwargs[key] = d[key]
    return Submission(
        submitting_agent=submitter,
        representations=representations,
        previous_submission_agreements=list(d.get("previous_submission_agreements") or []),
        previous_reference_codes=list(d.get("previous_reference_codes") or []),
        agents=[_agent_from_dict(a) for a in d.get("agents") or []],
        descriptive=_descriptive_from_dict(d.get("descriptive") or {}),
        documentation=list(d.get("documentation") or []),
        other_metadata=[_other_metadata_from(m) for m in d.get("other_metadata") or []],
        producer_checksums=[_producer_from_dict(p) for p in d.get("producer_checksums") or []],
        erms=erms,
        **kwargs,
    )


def submission_to_dict(submission: Submission, base_dir: Path | None = None) -> dict:
    """The package dictionary of a Submission; :func:`submission_from_dict` reads it back.

    Paths under ``base_dir`` are written relative to it (with '/'), others absolute, so a
    project file saved next to the records can be moved together with them.
    """
    s = submission
    d: dict[str, Any] = {"objid": s.objid}
    if s.label:
        d["label"] = s.label
    d["spec_version"] = s.spec_version.value
    d["checksum_algorithm"] = s.checksum_algorithm
    d["content_category"] = s.content_category
    if s.other_content_category:
        d["other_content_category"] = s.other_content_category
    d["content_information_type"] = s.content_information_type
    if s.other_content_information_type:
        d["other_content_information_type"] = s.other_content_information_type
    d["record_status"] = s.record_status
    for key in ("submission_agreement", "previous_submission_agreements", "reference_code", "previous_reference_codes"):
        value = getattr(s, key)
        if value:
            d[key] = list(value) if isinstance(value, list) else value
    d["submitting_agent"] = _agent_to_dict(s.submitting_agent, with_kind=False)
    if s.agents:
        d["agents"] = [_agent_to_dict(a) for a in s.agents]
    if s.descriptive:
        d["descriptive"] = _descriptive_to_dict(s.descriptive, base_dir)
    d["representations"] = [_representation_to_dict(r, base_dir) for r in s.representations]
    if s.documentation:
        d["documentation"] = [_path_to_str(p, base_dir) for p in s.documentation]
    if s.other_metadata:
        d["other_metadata"] = [_other_metadata_to(m, base_dir) for m in s.other_metadata]
    if s.roda_parent_id:
        d["roda_parent_id"] = s.roda_parent_id
    if s.producer_checksums:
        d["producer_checksums"] = [
            {"path": _path_to_str(p.path, base_dir), "algorithm": p.algorithm} if p.algorithm else _path_to_str(p.path, base_dir)
            for p in s.producer_checksums
        ]
    return d


def options_to_dict(options: BuildOptions, base_dir: Path | None = None) -> dict:
    """The build-option fields of a package dictionary (output_dir, zip, compress, ...)."""
    d: dict[str, Any] = {"output_dir": _path_to_str(options.output_dir, base_dir)}
    if options.as_zip:
        d["zip"] = True
    if options.compress:
        d["compress"] = True
    if options.include_system_files:
        d["include_system_files"] = True
    if options.name:
        d["name"] = options.name
    for key in ("max_package_size", "max_package_files", "unit_depth"):
        if getattr(options, key):
            d[key] = getattr(options, key)
    if options.language:
        d["report_language"] = options.language
    return d


def job_to_dict(
    submissions: Iterable[Submission],
    options: BuildOptions | None = None,
    base_dir: Path | None = None,
) -> dict:
    """A complete job document (``job_format``, ``defaults`` with the build options, ``packages``).

    ``options.name`` (a package's folder name) is written into the one package; raises
    ValueError when there are several packages to give one name to.
    """
    submissions = list(submissions)
    document: dict[str, Any] = {"job_format": JOB_FORMAT}
    packages = [submission_to_dict(s, base_dir) for s in submissions]
    if options is not None:
        defaults = options_to_dict(options, base_dir)
        # A folder name belongs to one package, never to the defaults.
        name = defaults.pop("name", "")
        if name:
            if len(packages) != 1:
                raise ValueError("BuildOptions.name can only be saved with exactly one package")
            packages[0]["name"] = name
        document["defaults"] = defaults
    document["packages"] = packages
    return document


def write_job(path: Path, submissions: Iterable[Submission], options: BuildOptions | None = None) -> None:
    """Save a job (or a GUI project) file; paths inside its folder are written relative to it.

    Written to a temporary sibling first and renamed, so an existing file is never left half-written.
    """
    path = Path(path)
    document = job_to_dict(submissions, options, path.resolve().parent)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def reject_duplicate_objids(job: Job, source: str, *, keep_going: bool = False) -> None:
    """Refuse a second package with an OBJID already used in the job (case-insensitive).

    Raises InvalidInput, or with ``keep_going`` moves the later package to ``job.rejected``.
    """
    seen: dict[str, PlannedPackage] = {}
    kept: list[PlannedPackage] = []
    for pkg in job.packages:
        key = pkg.submission.objid.casefold()
        if key in seen:
            error = JobInputError("job.duplicate_objid", path=source, first=Origin(seen[key].origin),
                                  second=Origin(pkg.origin), objid=pkg.submission.objid)
            if not keep_going:
                raise error
            job.rejected.append(RejectedPackage(pkg.origin, pkg.submission.objid, error))
            continue
        seen[key] = pkg
        kept.append(pkg)
    job.packages = kept


def check_sources_exist(submission: Submission) -> None:
    """Raise InvalidInput (``error.source_missing``) for the first source, documentation or metadata path that is missing."""
    paths: list[Path] = []
    for rep in submission.representations:
        paths += rep.sources + rep.documentation + [source_path(m) for m in rep.metadata]
    paths += submission.documentation + [source_path(m) for m in submission.other_metadata]
    paths += [d.path for d in submission.descriptive if isinstance(d, MetadataFile)]
    for p in paths:
        if not os.path.lexists(p):
            raise InvalidInput("error.source_missing", path=str(p))


@lru_cache(maxsize=1)
def job_schema() -> dict:
    """The job file JSON Schema (schemas/job.schema.json, installed as earchive._schemas)."""
    ref = resources.files("earchive._schemas") / "job.schema.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def resolve_paths(data: Mapping[str, Any], base_dir: Path | None) -> dict:
    """A copy of a package (or defaults) dictionary with every path made absolute against ``base_dir``."""
    d = dict(data)
    if base_dir is None:
        return d
    for key in _PATH_FIELDS:
        if isinstance(d.get(key), list):
            d[key] = [_resolved_entry(p, base_dir) for p in d[key]]
    if d.get("output_dir"):
        d["output_dir"] = str(_resolve(d["output_dir"], base_dir))
    if isinstance(d.get("representations"), list):
        reps = []
        for rep in d["representations"]:
            rep = dict(rep)
            for key in ("sources", "documentation", "metadata"):
                if isinstance(rep.get(key), list):
                    rep[key] = [_resolved_entry(p, base_dir) for p in rep[key]]
            reps.append(rep)
        d["representations"] = reps
    if isinstance(d.get("producer_checksums"), list):
        d["producer_checksums"] = [
            {**p, "path": str(_resolve(p["path"], base_dir))} if isinstance(p, dict) and "path" in p
            else str(_resolve(p, base_dir)) if isinstance(p, str) else p
            for p in d["producer_checksums"]
        ]
    if isinstance(d.get("erms"), dict):
        d["erms"] = {k: str(_resolve(v, base_dir)) if k in ("source", "files_root") else v for k, v in d["erms"].items()}
    desc = d.get("descriptive")
    if isinstance(desc, dict) and isinstance(desc.get("files"), list):
        desc = dict(desc)
        desc["files"] = [
            {**f, "path": str(_resolve(f["path"], base_dir))} if isinstance(f, dict) and "path" in f else f
            for f in desc["files"]
        ]
        d["descriptive"] = desc
    return d


# --------------------------------------------------------------------------------------
# Private helpers: dictionaries <-> model objects
# --------------------------------------------------------------------------------------


def _resolve(value: Any, base_dir: Path | None) -> Path:
    p = Path(str(value)).expanduser()
    if base_dir is not None and not p.is_absolute():
        p = base_dir / p
    # Lexical normalisation only ("docs/../x" -> "x"): resolve() would follow symlinks,
    # which the builder must see as they are.
    return Path(os.path.normpath(p)) if p.is_absolute() else p


def _path_to_str(path: Path, base_dir: Path | None) -> str:
    path = Path(path)
    if base_dir is not None and path.is_absolute():
        try:
            return path.relative_to(Path(base_dir)).as_posix() or "."
        except ValueError:
            pass
    return str(path) if path.is_absolute() else path.as_posix()


def _agent_from_dict(d: Mapping[str, Any]) -> Agent:
    return Agent(
        kind=d["kind"],
        name=d.get("name", ""),
        type=d.get("type", "") or "",
        identification_code=d.get("identification_code", "") or "",
        notes=list(d.get("notes") or []),
        role=d.get("role", "") or "",
        other_role=d.get("other_role", "") or "",
        other_type=d.get("other_type", "") or "",
    )


def _agent_to_dict(agent: Agent, *, with_kind: bool = True) -> dict:
    d: dict[str, Any] = {}
    if with_kind:
        d["kind"] = agent.kind.value
    d["name"] = agent.name
    d["type"] = agent.type
    if agent.identification_code:
        d["identification_code"] = agent.identification_code
    if agent.notes:
        d["notes"] = list(agent.notes)
    if agent.kind is AgentKind.OTHER:
        d["role"] = agent.role
        if agent.other_role:
            d["other_role"] = agent.other_role
        if agent.other_type:
            d["other_type"] = agent.other_type
    return d


def _producer_from_dict(value: Any) -> ProducerChecksums:
    if isinstance(value, Mapping):
        return ProducerChecksums(value["path"], value.get("algorithm", "") or "")
    return ProducerChecksums(value)


def _resolved_entry(entry, base_dir: Path):
    """A path entry resolved against ``base_dir``; an object with a "path" (a typed metadata file) keeps its fields."""
    if isinstance(entry, Mapping) and "path" in entry:
        return {**entry, "path": str(_resolve(entry["path"], base_dir))}
    return str(_resolve(entry, base_dir))


def _other_metadata_from(entry) -> Path | MetadataFile:
    """An "other metadata" entry: a path (type read from the file) or {"path", "mdtype", ...} naming its type."""
    if isinstance(entry, Mapping):
        return MetadataFile(path=entry.get("path", ""), mdtype=entry.get("mdtype", "OTHER") or "OTHER",
                            mdtype_version=entry.get("mdtype_version", "") or "",
                            other_mdtype=entry.get("other_mdtype", "") or "")
    return Path(entry)


def _other_metadata_to(entry: Path | MetadataFile, base_dir: Path | None):
    if not isinstance(entry, MetadataFile):
        return _path_to_str(entry, base_dir)
    d: dict[str, Any] = {"path": _path_to_str(entry.path, base_dir), "mdtype": entry.mdtype}
    if entry.mdtype_version:
        d["mdtype_version"] = entry.mdtype_version
    if entry.other_mdtype and entry.mdtype == "OTHER":
        d["other_mdtype"] = entry.other_mdtype
    return d


def _representation_from_dict(d: Mapping[str, Any]) -> Representation:
    return Representation(
        name=d.get("name", "rep1") or "rep1",
        sources=list(d.get("sources") or []),
        documentation=list(d.get("documentation") or []),
        metadata=[_other_metadata_from(m) for m in d.get("metadata") or []],
        content_information_type=d.get("content_information_type", "") or "",
        other_content_information_type=d.get("other_content_information_type", "") or "",
    )


def _representation_to_dict(rep: Representation, base_dir: Path | None) -> dict:
    d: dict[str, Any] = {"name": rep.name, "sources": [_path_to_str(p, base_dir) for p in rep.sources]}
    if rep.documentation:
        d["documentation"] = [_path_to_str(p, base_dir) for p in rep.documentation]
    if rep.metadata:
        d["metadata"] = [_other_metadata_to(m, base_dir) for m in rep.metadata]
    if rep.content_information_type:
        d["content_information_type"] = rep.content_information_type
    if rep.other_content_information_type:
        d["other_content_information_type"] = rep.other_content_information_type
    return d


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _descriptive_from_dict(d: Mapping[str, Any]) -> list:
    out: list = []
    for dc in _as_list(d.get("dc")):
        out.append(DublinCore(dict(dc)))
    for ead in _as_list(d.get("ead")):
        fields = {k: ead[k] for k in _EAD_FIELDS if k in ead}
        fields.setdefault("unittitle", "")  # the model then says that the unit title is required
        out.append(EadDescription(**fields))
    kv = d.get("key_value")
    # A list of [name, value] pairs is one key-value description; a list of those is many.
    if isinstance(kv, dict) or (isinstance(kv, list) and kv and isinstance(kv[0], list) and kv[0] and isinstance(kv[0][0], str)):
        kv = [kv]
    for one in _as_list(kv):
        fields = list(one.items()) if isinstance(one, dict) else [tuple(pair) for pair in one]
        out.append(KeyValue(fields))
    for f in d.get("files") or []:
        out.append(
            MetadataFile(
                path=f["path"],
                mdtype=f.get("mdtype", "OTHER") or "OTHER",
                mdtype_version=f.get("mdtype_version", "") or "",
                other_mdtype=f.get("other_mdtype", "") or "",
            )
        )
    return out


def _descriptive_to_dict(descriptive: list, base_dir: Path | None) -> dict:
    dcs = [x for x in descriptive if isinstance(x, DublinCore)]
    eads = [x for x in descriptive if isinstance(x, EadDescription)]
    kvs = [x for x in descriptive if isinstance(x, KeyValue)]
    files = [x for x in descriptive if isinstance(x, MetadataFile)]
    d: dict[str, Any] = {}
    if dcs:
        items = [{k: list(v) for k, v in dc.elements.items()} for dc in dcs]
        d["dc"] = items[0] if len(items) == 1 else items
    if eads:
        items = [{k: getattr(e, k) for k in _EAD_FIELDS if getattr(e, k) or k == "unittitle"} for e in eads]
        d["ead"] = items[0] if len(items) == 1 else items
    if kvs:
        items = []
        for kv in kvs:
            names = [n for n, _ in kv.fields]
            if len(set(names)) == len(names):
                items.append({n: v for n, v in kv.fields})
            else:
                items.append([[n, v] for n, v in kv.fields])
        d["key_value"] = items[0] if len(items) == 1 else items
    if files:
        d["files"] = []
        for f in files:
            item: dict[str, Any] = {"path": _path_to_str(f.path, base_dir), "mdtype": f.mdtype}
            if f.mdtype_version:
                item["mdtype_version"] = f.mdtype_version
            if f.other_mdtype and f.mdtype == "OTHER":
                item["other_mdtype"] = f.other_mdtype
            d["files"].append(item)
    return d


# --------------------------------------------------------------------------------------
# Private helpers: schema errors -> messages
# --------------------------------------------------------------------------------------


def _json_path(error) -> str:
    out = "$"
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _resolve_ref(schema: dict, root: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema and schema["$ref"].startswith("#/"):
        node: Any = root
        for part in schema["$ref"][2:].split("/"):
            node = node[part]
        merged = {k: v for k, v in schema.items() if k != "$ref"}
        if "properties" in node and "properties" in merged:
            merged["properties"] = {**node["properties"], **merged["properties"]}
        schema = {**node, **merged}
    return schema


def _allowed_keys(schema: dict, root: dict) -> list[str]:
    return sorted(k for k in _resolve_ref(schema, root).get("properties", {}) if k != "$comment")


def _schema_error(error, path: str, root: dict) -> JobInputError:
    where = _json_path(error)
    validator = error.validator
    instance = error.instance
    if validator == "oneOf" and all(isinstance(s, dict) and "required" in s for s in error.validator_value):
        names = [s["required"][0] for s in error.validator_value]
        return JobInputError("job.schema.one_of", path=path, where=where, names=" / ".join(names))
    if validator in ("unevaluatedProperties", "additionalProperties") and isinstance(instance, dict):
        allowed = _allowed_keys(error.schema, root)
        unknown = sorted(k for k in instance if k not in allowed and k != "$comment")
        name = unknown[0] if unknown else "?"
        return JobInputError("job.schema.unknown_field", path=path, where=where, name=name, allowed=", ".join(allowed))
    if validator == "required":
        missing = [n for n in error.validator_value if not isinstance(instance, dict) or n not in instance]
        name = missing[0] if missing else error.validator_value[0]
        if name == "submitting_agent":
            return JobInputError("job.schema.no_submitting_agent", path=path, where=where)
        return JobInputError("job.schema.required", path=path, where=where, name=name)
    if validator in ("enum", "const"):
        allowed = error.validator_value if validator == "enum" else [error.validator_value]
        return JobInputError(
            "job.schema.enum", path=path, where=where, value=json.dumps(instance, ensure_ascii=False),
            allowed=", ".join(json.dumps(a, ensure_ascii=False) for a in allowed),
        )
    if validator == "type":
        return JobInputError(
            "job.schema.type", path=path, where=where, value=json.dumps(instance, ensure_ascii=False)[:80],
            expected=error.validator_value if isinstance(error.validator_value, str) else " / ".join(error.validator_value),
        )
    if validator in ("minItems", "minLength", "pattern", "minProperties") and (instance in ("", [], {}) or validator == "pattern"):
        return JobInputError("job.schema.empty", path=path, where=where, value=json.dumps(instance, ensure_ascii=False)[:80])
    return JobInputError("job.schema.other", path=path, where=where, detail=error.message)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


register(
    {
        "job.not_found": {
            "en": "The job file {path} does not exist. Check the path.",
            "sv": "Jobbfilen {path} finns inte. Kontrollera sökvägen.",
        },
        "job.unreadable": {
            "en": "Cannot read the job file {path}: {reason}. Save it as UTF-8 text and try again.",
            "sv": "Kan inte läsa jobbfilen {path}: {reason}. Spara den som UTF-8-text och försök igen.",
        },
        "job.not_json": {
            "en": "{path} is not valid JSON (line {line}, column {column}: {reason}). Check the commas, quotes and brackets there.",
            "sv": "{path} är inte giltig JSON (rad {line}, kolumn {column}: {reason}). Kontrollera kommatecken, citattecken och klamrar där.",
        },
        "job.schema.required": {
            "en": "{path}: {where}: \"{name}\" is missing. Add it (see docs/cli.md and docs/job-example.json).",
            "sv": "{path}: {where}: \"{name}\" saknas. Lägg till det (se docs/cli.md och docs/job-example.json).",
        },
        "job.schema.no_submitting_agent": {
            "en": "{path}: {where}: no submitting agent. Add \"submitting_agent\": {{\"name\": ...}} to the package or to \"defaults\" (SIP15, MUST).",
            "sv": "{path}: {where}: levererande aktör saknas. Lägg till \"submitting_agent\": {{\"name\": ...}} i paketet eller i \"defaults\" (SIP15, MUST).",
        },
        "job.schema.unknown_field": {
            "en": "{path}: {where}: unknown field \"{name}\". Check the spelling; allowed here: {allowed}.",
            "sv": "{path}: {where}: okänt fält \"{name}\". Kontrollera stavningen; tillåtna fält här: {allowed}.",
        },
        "job.schema.enum": {
            "en": "{path}: {where}: {value} is not allowed. Allowed: {allowed}.",
            "sv": "{path}: {where}: {value} är inte tillåtet. Tillåtna värden: {allowed}.",
        },
        "job.schema.type": {
            "en": "{path}: {where}: {value} has the wrong type; give a {expected}.",
            "sv": "{path}: {where}: {value} har fel typ; ange en {expected}.",
        },
        "job.schema.empty": {
            "en": "{path}: {where}: {value} is empty. Give a value or remove the field.",
            "sv": "{path}: {where}: {value} är tomt. Ange ett värde eller ta bort fältet.",
        },
        "job.schema.one_of": {
            "en": "{path}: {where}: give exactly one of {names}.",
            "sv": "{path}: {where}: ange exakt ett av {names}.",
        },
        "job.schema.other": {
            "en": "{path}: {where}: {detail}. See schemas/job.schema.json.",
            "sv": "{path}: {where}: {detail}. Se schemas/job.schema.json.",
        },
        "job.package_invalid": {
            "en": "{path}: {where} (objid {objid}): {problem}",
            "sv": "{path}: {where} (objid {objid}): {problem}",
        },
        "job.no_output": {
            "en": "No output folder: give --output DIR (or \"output_dir\" in the job file).",
            "sv": "Ingen utdatamapp: ange --output MAPP (eller \"output_dir\" i jobbfilen).",
        },
        "job.origin_row": {"en": "row {row}", "sv": "rad {row}"},
        "job.origin_command_line": {"en": "command line", "sv": "kommandoraden"},
        "job.duplicate_objid": {
            "en": "{path}: {first} and {second} have the same objid \"{objid}\". Give every package its own objid.",
            "sv": "{path}: {first} och {second} har samma objid \"{objid}\". Ge varje paket ett eget objid.",
        },
    }
)
