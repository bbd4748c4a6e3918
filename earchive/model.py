"""The submission model: plain dataclasses, validated on construction, with no XML and no Qt.

A :class:`Submission` describes one E-ARK SIP: its METS header facts (OBJID, label,
content category, record status, agreements, reference codes, agents), its
descriptive metadata, and one or more :class:`Representation` with their sources.
The GUI builds it from its forms, the CLI from options, job files and CSV rows; the
builder turns it into a package.  Every bad value is refused here with an
:class:`~earchive.errors.InvalidInput` that names the field and the allowed values.
"""

from __future__ import annotations

import enum
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Union

from earchive import content_info, spec
from earchive.errors import InvalidInput
from earchive.producer_checksums import ProducerChecksums
from earchive.spec import SpecVersion

#: Checksum algorithms offered (METS @CHECKSUMTYPE spelling -> hashlib name). SHA-256 is the
#: default of commons-ip, RODA and earchive.
CHECKSUM_ALGORITHMS = {"SHA-256": "sha256", "SHA-512": "sha512", "MD5": "md5"}
DEFAULT_CHECKSUM = "SHA-256"

#: METS 1.12 agent/@ROLE and agent/@TYPE enumerations.
METS_AGENT_ROLES = ("CREATOR", "EDITOR", "ARCHIVIST", "PRESERVATION", "DISSEMINATOR", "CUSTODIAN", "IPOWNER", "OTHER")
METS_AGENT_TYPES = ("INDIVIDUAL", "ORGANIZATION", "OTHER")

#: METS 1.12 mdRef/@MDTYPE enumeration (for metadata files the user brings).
METS_MDTYPES = (
    "MARC", "MODS", "EAD", "DC", "NISOIMG", "LC-AV", "VRA", "TEIHDR", "DDI", "FGDC", "LOM",
    "PREMIS", "PREMIS:OBJECT", "PREMIS:AGENT", "PREMIS:RIGHTS", "PREMIS:EVENT", "TEXTMD",
    "METSRIGHTS", "ISO 19115:2003 NAP", "EAC-CPF", "LIDO", "OTHER",
)

#: The fifteen Dublin Core elements (RODA's simpledc uses them unqualified, unnamespaced).
DC_ELEMENTS = (
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
    "format", "identifier", "source", "language", "relation", "coverage", "rights",
)

#: EAD 2002 archdesc/@level values.
EAD_LEVELS = (
    "collection", "fonds", "class", "recordgrp", "series", "subfonds", "subgrp", "subseries",
    "file", "item", "otherlevel",
)

_REP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _fail(field_name: str, value, allowed: Iterable[str] | str) -> InvalidInput:
    if not isinstance(allowed, str):
        allowed = ", ".join(f'"{a}"' for a in allowed)
    return InvalidInput("error.invalid_value", field=field_name, value=repr(value), allowed=allowed)


def _required(field_name: str, hint: str) -> InvalidInput:
    return InvalidInput("error.required", field=field_name, hint=hint)


def _fold(text: str) -> str:
    """Case-, dash- and space-insensitive key for matching vocabulary terms typed by people."""
    text = unicodedata.normalize("NFKC", text).replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def match_term(field_name: str, value: str, terms: Iterable[str]) -> str:
    """Return the official spelling of ``value`` in ``terms`` or raise InvalidInput listing them.

    "Textual works - Digital" (hyphen) finds "Textual works – Digital" (en-dash, as in
    the vocabulary file); case and extra spaces are ignored.
    """
    terms = tuple(terms)
    if value in terms:
        return value
    key = _fold(str(value))
    for term in terms:
        if _fold(term) == key:
            return term
    raise _fail(field_name, value, terms)


def default_objid() -> str:
    """A new package identifier: 'uuid-' and a random UUID (RODA-in and commons-ip use the same form)."""
    return f"uuid-{uuid.uuid4()}"


class AgentKind(str, enum.Enum):
    """The agents of a SIP's METS header (SIP9-SIP31), with the ROLE/TYPE the specification gives them."""

    SUBMITTER = "submitter"
    """Submitting agent (SIP15-20, required): ROLE CREATOR, TYPE ORGANIZATION or INDIVIDUAL."""
    ARCHIVAL_CREATOR = "archival_creator"
    """Archival creator agent (SIP9-14): ROLE ARCHIVIST, TYPE ORGANIZATION or INDIVIDUAL."""
    CONTACT = "contact"
    """Contact person (SIP21-25): ROLE CREATOR, TYPE INDIVIDUAL; notes carry contact details."""
    PRESERVATION = "preservation"
    """Preservation agent (SIP26-31): ROLE PRESERVATION, TYPE ORGANIZATION."""
    OTHER = "other"
    """Any other agent; ROLE and TYPE as given."""


_KIND_DEFAULTS = {
    AgentKind.SUBMITTER: ("CREATOR", "ORGANIZATION", ("ORGANIZATION", "INDIVIDUAL")),
    AgentKind.ARCHIVAL_CREATOR: ("ARCHIVIST", "ORGANIZATION", ("ORGANIZATION", "INDIVIDUAL")),
    AgentKind.CONTACT: ("CREATOR", "INDIVIDUAL", ("INDIVIDUAL",)),
    AgentKind.PRESERVATION: ("PRESERVATION", "ORGANIZATION", ("ORGANIZATION",)),
    AgentKind.OTHER: ("OTHER", "ORGANIZATION", METS_AGENT_TYPES),
}


@dataclass
class Agent:
    """An agent of the METS header.

    ``identification_code`` becomes a note typed IDENTIFICATIONCODE (e.g. "ORG:2021001234");
    ``notes`` are untyped notes (a contact person's telephone and e-mail).
    """

    kind: AgentKind
    name: str
    type: str = ""
    identification_code: str = ""
    notes: list[str] = field(default_factory=list)
    role: str = ""
    other_role: str = ""
    other_type: str = ""

    def __post_init__(self) -> None:
        try:
            self.kind = AgentKind(self.kind)
        except ValueError:
            raise _fail("agent.kind", self.kind, [k.value for k in AgentKind]) from None
        default_role, default_type, allowed_types = _KIND_DEFAULTS[self.kind]
        self.name = (self.name or "").strip()
        if not self.name:
            raise _required(f"{self.kind.value} agent name", "give the name of the organisation or person")
        self.type = (self.type or default_type).upper()
        if self.type not in allowed_types:
            raise _fail(f"{self.kind.value} agent type", self.type, allowed_types)
        if self.kind is AgentKind.OTHER:
            self.role = (self.role or default_role).upper()
            if self.role not in METS_AGENT_ROLES:
                raise _fail("agent role", self.role, METS_AGENT_ROLES)
            if self.role == "OTHER" and not self.other_role:
                raise _required("agent other_role", "an agent with role OTHER needs other_role, e.g. SUBMITTER")
            if self.type == "OTHER" and not self.other_type:
                raise _required("agent other_type", "an agent with type OTHER needs other_type")
        else:
            self.role = default_role
        self.notes = [n.strip() for n in self.notes if n and n.strip()]
        self.identification_code = (self.identification_code or "").strip()


@dataclass
class DublinCore:
    """Simple Dublin Core, written as RODA's ``simpledc`` (MDTYPE="DC", MDTYPEVERSION="SimpleDC20021212").

    Each element holds a list of values, in order; ``title`` is required.
    """

    elements: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clean: dict[str, list[str]] = {}
        for name, values in self.elements.items():
            key = str(name).strip().lower()
            if key.startswith("dc."):
                key = key[3:]
            if key not in DC_ELEMENTS:
                raise _fail("Dublin Core element", name, DC_ELEMENTS)
            if isinstance(values, str):
                values = [values]
            vals = [str(v).strip() for v in values if v is not None and str(v).strip()]
            if vals:
                clean.setdefault(key, []).extend(vals)
        if not clean.get("title"):
            raise _required("Dublin Core title", "every description needs a title")
        self.elements = {k: clean[k] for k in DC_ELEMENTS if k in clean}

    @property
    def title(self) -> str:
        return self.elements["title"][0]


@dataclass
class EadDescription:
    """The common fields of an EAD 2002 finding aid for one unit (written as ``ead.xml``)."""

    unittitle: str
    unitid: str = ""
    level: str = "fonds"
    otherlevel: str = ""
    unitdate: str = ""
    unitdate_normal: str = ""  # ISO 8601 date or range, e.g. "1990/2005"
    origination: str = ""  # creator
    scopecontent: str = ""
    accessrestrict: str = ""
    repository: str = ""
    language: str = ""  # ISO 639-2b code, e.g. "swe"

    def __post_init__(self) -> None:
        self.unittitle = (self.unittitle or "").strip()
        if not self.unittitle:
            raise _required("EAD unittitle", "every description needs a unit title")
        self.level = (self.level or "fonds").strip()
        if self.level not in EAD_LEVELS:
            raise _fail("EAD level", self.level, EAD_LEVELS)
        if self.level == "otherlevel" and not self.otherlevel:
            raise _required("EAD otherlevel", "level otherlevel needs the name of the level")
        if self.unitdate_normal and not re.fullmatch(
            r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?", self.unitdate_normal
        ):
            raise _fail("EAD unitdate_normal", self.unitdate_normal, "an ISO 8601 date or range such as 1990/2005")

    @property
    def title(self) -> str:
        return self.unittitle


@dataclass
class KeyValue:
    """RODA key-value metadata: ``<metadata><field name="...">value</field></metadata>``."""

    fields: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        pairs = list(self.fields.items()) if isinstance(self.fields, dict) else list(self.fields)
        clean = []
        for pair in pairs:
            name, value = pair
            name = str(name).strip()
            if not name:
                raise _required("key-value field name", "every field needs a name")
            clean.append((name, "" if value is None else str(value)))
        if not clean:
            raise _required("key-value metadata", "give at least one field, e.g. title")
        self.fields = clean

    @property
    def title(self) -> str:
        for name, value in self.fields:
            if name.lower() == "title":
                return value
        return ""


@dataclass
class MetadataFile:
    """A metadata file the user brings (descriptive or other), referenced by mdRef with its type."""

    path: Path
    mdtype: str = "OTHER"
    mdtype_version: str = ""
    other_mdtype: str = ""

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self.mdtype = (self.mdtype or "OTHER").upper()
        if self.mdtype not in METS_MDTYPES:
            raise _fail("metadata file MDTYPE", self.mdtype, METS_MDTYPES)
        if self.mdtype == "OTHER" and not self.other_mdtype:
            self.other_mdtype = "OTHER"

    @property
    def title(self) -> str:
        return ""


Description = Union[DublinCore, EadDescription, KeyValue, MetadataFile]


def _metadata_source(item) -> Path | MetadataFile:
    """An "other metadata" source: a path (its type is read from the file, earchive.metadata_kinds)
    or a MetadataFile naming its MDTYPE."""
    return item if isinstance(item, MetadataFile) else Path(item)


def source_path(item: Path | MetadataFile) -> Path:
    """The path of an "other metadata" source."""
    return item.path if isinstance(item, MetadataFile) else item


@dataclass
class Representation:
    """One representation: its folder name, sources (files and folders), documentation and metadata files."""

    name: str = "rep1"
    sources: list[Path] = field(default_factory=list)
    documentation: list[Path] = field(default_factory=list)
    metadata: list[Path | MetadataFile] = field(default_factory=list)  # "other" metadata of the representation
    content_information_type: str = ""
    other_content_information_type: str = ""
    folders: dict[str, list[Path]] = field(default_factory=dict)
    """Files placed in named sub-folders of data/ (a case-file delivery: one folder per ärende)."""

    def __post_init__(self) -> None:
        self.name = (self.name or "").strip()
        if not _REP_NAME.match(self.name):
            raise _fail(
                "representation name",
                self.name,
                "1-64 characters: letters A-Z, digits, '.', '_' and '-', starting with a letter or digit (e.g. rep1)",
            )
        self.sources = [Path(p) for p in self.sources]
        self.documentation = [Path(p) for p in self.documentation]
        self.metadata = [_metadata_source(p) for p in self.metadata]
        self.folders = {str(k): [Path(p) for p in v] for k, v in self.folders.items()}


@dataclass
class Submission:
    """Everything needed to build one E-ARK SIP.

    Values are checked against the official vocabularies of ``spec_version``.
    """

    submitting_agent: Agent | None = None
    representations: list[Representation] = field(default_factory=list)
    objid: str = ""
    label: str = ""
    content_category: str = "Mixed"
    other_content_category: str = ""
    content_information_type: str = "MIXED"
    other_content_information_type: str = ""
    record_status: str = "NEW"
    submission_agreement: str = ""
    previous_submission_agreements: list[str] = field(default_factory=list)
    reference_code: str = ""
    previous_reference_codes: list[str] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    descriptive: list[Description] = field(default_factory=list)
    documentation: list[Path] = field(default_factory=list)
    other_metadata: list[Path | MetadataFile] = field(default_factory=list)
    spec_version: SpecVersion = spec.DEFAULT_VERSION
    checksum_algorithm: str = DEFAULT_CHECKSUM
    roda_parent_id: str = ""
    #: Checksum files or BagIt bags from the producing system, compared while copying.
    producer_checksums: list[ProducerChecksums] = field(default_factory=list)
    erms: Any = None
    """Case files (an :class:`earchive.erms.delivery.ErmsDelivery`): written as metadata/descriptive/erms.xml."""

    def __post_init__(self) -> None:
        try:
            self.spec_version = SpecVersion.parse(self.spec_version)
        except ValueError:
            raise _fail("spec_version", self.spec_version, [v.value for v in SpecVersion if v.buildable]) from None
        if not self.spec_version.buildable:
            raise _fail("spec_version", self.spec_version.value, [v.value for v in SpecVersion if v.buildable])
        version = self.spec_version
        self.objid = (self.objid or "").strip() or default_objid()
        if any(ord(c) < 32 for c in self.objid) or len(self.objid) > 200:
            raise _fail("objid", self.objid, "up to 200 printable characters")
        self.label = (self.label or "").strip()
        # "OTHER" (CSIP2's spelling) folds to the vocabulary's "Other" (earchive.content_info).
        self.content_category = match_term(
            "content_category", self.content_category or "Mixed", spec.vocabulary(version, spec.CONTENT_CATEGORY)
        )
        self.other_content_category = (self.other_content_category or "").strip()
        if self.content_category == content_info.OTHER_CATEGORY and not self.other_content_category:
            raise _required("other_content_category", 'content category Other needs other_content_category (csip:OTHERTYPE, CSIP3)')
        self.content_information_type = match_term(
            "content_information_type",
            self.content_information_type or "MIXED",
            spec.vocabulary(version, spec.CONTENT_INFORMATION_TYPE),
        )
        if self.content_information_type == "OTHER" and not self.other_content_information_type.strip():
            raise _required(
                "other_content_information_type",
                "content information type OTHER needs other_content_information_type (CSIP5)",
            )
        self.record_status = match_term("record_status", self.record_status or "NEW", spec.vocabulary(version, spec.RECORD_STATUS))
        algo = (self.checksum_algorithm or DEFAULT_CHECKSUM).upper().replace("SHA256", "SHA-256").replace("SHA512", "SHA-512")
        if algo not in CHECKSUM_ALGORITHMS:
            raise _fail("checksum_algorithm", self.checksum_algorithm, CHECKSUM_ALGORITHMS)
        self.checksum_algorithm = algo

        agents = list(self.agents)
        if self.submitting_agent is None:
            found = [a for a in agents if a.kind is AgentKind.SUBMITTER]
            if len(found) > 1:
                raise _fail("submitting agent", f"{len(found)} agents", "exactly one (SIP15)")
            self.submitting_agent = found[0] if found else None
        agents = [a for a in agents if a.kind is not AgentKind.SUBMITTER]
        if self.submitting_agent is None:
            raise _required("submitting agent", "name the organisation or person submitting the package (SIP15, MUST)")
        if self.submitting_agent.kind is not AgentKind.SUBMITTER:
            raise _fail("submitting agent kind", self.submitting_agent.kind.value, ["submitter"])
        self.agents = agents

        if not self.representations:
            raise _required("representations", "add at least one representation with sources")
        names = [r.name for r in self.representations]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise _fail("representation name", dupes[0], "a name used once per package (CSIPSTR10)")
        for rep in self.representations:
            if rep.content_information_type:
                rep.content_information_type = match_term(
                    f"representation {rep.name} content_information_type",
                    rep.content_information_type,
                    spec.vocabulary(version, spec.CONTENT_INFORMATION_TYPE),
                )
        self.documentation = [Path(p) for p in self.documentation]
        self.other_metadata = [_metadata_source(p) for p in self.other_metadata]
        self.producer_checksums = [p if isinstance(p, ProducerChecksums) else ProducerChecksums(p)
                                   for p in self.producer_checksums]
        self.previous_submission_agreements = [s.strip() for s in self.previous_submission_agreements if s and s.strip()]
        self.previous_reference_codes = [s.strip() for s in self.previous_reference_codes if s and s.strip()]
        self.submission_agreement = (self.submission_agreement or "").strip()
        self.reference_code = (self.reference_code or "").strip()

    @property
    def all_agents(self) -> list[Agent]:
        """The user's agents in METS order: submitter, archival creator, contact, preservation, others."""
        order = [AgentKind.SUBMITTER, AgentKind.ARCHIVAL_CREATOR, AgentKind.CONTACT, AgentKind.PRESERVATION, AgentKind.OTHER]
        agents = [self.submitting_agent, *self.agents]
        return sorted(agents, key=lambda a: order.index(a.kind))

    @property
    def title(self) -> str:
        """The best human title: LABEL, else the first descriptive title, else OBJID."""
        if self.label:
            return self.label
        for d in self.descriptive:
            if d.title:
                return d.title
        return self.objid


@dataclass
class BuildOptions:
    """How to write a package (not what goes in it)."""

    output_dir: Path
    as_zip: bool = False
    compress: bool = False
    include_system_files: bool = False
    workers: int = 2
    name: str = ""  # the folder/ZIP name; default: the OBJID made safe for file systems
    #: Split a delivery larger than this (bytes, metadata included) into a parent and child packages (0: never).
    max_package_size: int = 0
    #: Split a delivery with more content files than this (0: never).
    max_package_files: int = 0
    #: Folders this many levels inside a selected folder are units never split across packages (0: files only).
    unit_depth: int = 0
    language: str = ""  # of the package report (documentation/); default: the user's language

    def __post_init__(self) -> None:
        self.output_dir = Path(self.output_dir)
        if self.workers < 1:
            raise _fail("workers", self.workers, "1 or more")
        for name in ("max_package_size", "max_package_files", "unit_depth"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = parse_size(value) if name == "max_package_size" else _count(name, value)
            if not isinstance(value, int) or value < 0:
                raise _fail(name, value, "0 or more")
            setattr(self, name, value)
        if self.max_package_size and self.max_package_size < MIN_PACKAGE_SIZE:
            raise _fail("max_package_size", self.max_package_size, f"at least {MIN_PACKAGE_SIZE} bytes (1 MB)")


#: The smallest --max-package-size accepted: below it the metadata of a package alone may not fit.
MIN_PACKAGE_SIZE = 1_000_000
_UNITS = {"": 1, "B": 1, "K": 1000, "KB": 1000, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9, "T": 10**12,
          "TB": 10**12, "KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40}


def parse_size(text: str | int) -> int:
    """Bytes from "5GB", "5 GiB", "700MB", "1.5TB" or a plain number; InvalidInput for anything else."""
    if isinstance(text, int):
        return text
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([A-Za-z]*)\s*", str(text))
    unit = match.group(2).upper() if match else ""
    if not match or unit not in _UNITS:
        raise _fail("max_package_size", text, "a size such as 5GB, 700MB or 4GiB")
    return int(float(match.group(1).replace(",", ".")) * _UNITS[unit])


def _count(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _fail(name, text, "a whole number") from None


# Swedish names of the fields and hints above, so that a Swedish message names the
# field in Swedish (the parameters themselves stay English keys; see messages.TERMS).
from earchive.messages import register_terms  # noqa: E402

_KIND_SV = {"submitter": "levererande aktör", "archival_creator": "arkivbildare", "contact": "kontaktperson",
            "preservation": "bevarandeaktör", "other": "övrig aktör"}
register_terms({
    **{f"{k} agent name": {"sv": f"namn på {v}"} for k, v in _KIND_SV.items()},
    **{f"{k} agent type": {"sv": f"typ av {v}"} for k, v in _KIND_SV.items()},
    "give the name of the organisation or person": {"sv": "ange organisationens eller personens namn"},
    "agent.kind": {"sv": "aktörens slag"},
    "agent role": {"sv": "aktörens roll"},
    "agent other_role": {"sv": "aktörens övriga roll (other_role)"},
    "an agent with role OTHER needs other_role, e.g. SUBMITTER":
        {"sv": "en aktör med rollen OTHER behöver other_role, t.ex. SUBMITTER"},
    "agent other_type": {"sv": "aktörens övriga typ (other_type)"},
    "an agent with type OTHER needs other_type": {"sv": "en aktör med typen OTHER behöver other_type"},
    "Dublin Core element": {"sv": "Dublin Core-element"},
    "Dublin Core title": {"sv": "Dublin Core-titel"},
    "every description needs a title": {"sv": "varje beskrivning behöver en titel"},
    "EAD unittitle": {"sv": "EAD-enhetens titel (unittitle)"},
    "every description needs a unit title": {"sv": "varje beskrivning behöver en titel på enheten"},
    "EAD otherlevel": {"sv": "EAD otherlevel"},
    "level otherlevel needs the name of the level": {"sv": "nivån otherlevel behöver nivåns namn"},
    "EAD level": {"sv": "EAD-nivå"},
    "EAD unitdate_normal": {"sv": "EAD normaliserat datum (unitdate_normal)"},
    "an ISO 8601 date or range such as 1990/2005": {"sv": "ett datum eller intervall enligt ISO 8601, t.ex. 1990/2005"},
    "key-value field name": {"sv": "fältnamn (nyckel-värde)"},
    "every field needs a name": {"sv": "varje fält behöver ett namn"},
    "key-value metadata": {"sv": "nyckel-värde-metadata"},
    "give at least one field, e.g. title": {"sv": "ange minst ett fält, t.ex. title"},
    "metadata file MDTYPE": {"sv": "metadatafilens MDTYPE"},
    "representation name": {"sv": "representationens namn"},
    "1-64 characters: letters A-Z, digits, '.', '_' and '-', starting with a letter or digit (e.g. rep1)":
        {"sv": "1–64 tecken: bokstäver A–Z, siffror, '.', '_' och '-', som börjar med en bokstav eller siffra (t.ex. rep1)"},
    "spec_version": {"sv": "specifikationsversion (spec_version)"},
    "objid": {"sv": "paketets identifierare (objid)"},
    "up to 200 printable characters": {"sv": "högst 200 skrivbara tecken"},
    "other_content_category": {"sv": "övrig innehållskategori (other_content_category)"},
    "content_category": {"sv": "innehållskategori (content_category)"},
    "content category Other needs other_content_category (csip:OTHERTYPE, CSIP3)":
        {"sv": "innehållskategorin Other (Annat) behöver other_content_category (csip:OTHERTYPE, CSIP3)"},
    "content_information_type": {"sv": "typ av innehållsinformation (content_information_type)"},
    "other_content_information_type": {"sv": "övrig typ av innehållsinformation (other_content_information_type)"},
    "content information type OTHER needs other_content_information_type (CSIP5)":
        {"sv": "typen OTHER behöver other_content_information_type (CSIP5)"},
    "record_status": {"sv": "poststatus (record_status)"},
    "checksum_algorithm": {"sv": "kontrollsummealgoritm (checksum_algorithm)"},
    "submitting agent": {"sv": "levererande aktör"},
    "name the organisation or person submitting the package (SIP15, MUST)":
        {"sv": "ange den organisation eller person som lämnar in paketet (SIP15, MUST)"},
    "exactly one (SIP15)": {"sv": "exakt en (SIP15)"},
    "submitting agent kind": {"sv": "den levererande aktörens slag"},
    "representations": {"sv": "representationer"},
    "add at least one representation with sources": {"sv": "lägg till minst en representation med källor"},
    "a name used once per package (CSIPSTR10)": {"sv": "ett namn som används en gång per paket (CSIPSTR10)"},
    "workers": {"sv": "antal parallella processer (workers)"},
    "max_package_size": {"sv": "största paketstorlek (max_package_size)"},
    "max_package_files": {"sv": "största antal filer per paket (max_package_files)"},
    "unit_depth": {"sv": "enhetsdjup (unit_depth)"},
    "0 or more": {"sv": "0 eller mer"},
    "a whole number": {"sv": "ett heltal"},
    "a size such as 5GB, 700MB or 4GiB": {"sv": "en storlek som 5GB, 700MB eller 4GiB"},
    "at least 1000000 bytes (1 MB)": {"sv": "minst 1000000 byte (1 MB)"},
    "1 or more": {"sv": "1 eller fler"},
})
