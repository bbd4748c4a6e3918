"""What the validator returns: findings and per-requirement results, as plain data.

A :class:`Finding` is one observation about one place in a package (a file, an XPath)
tied to one requirement ID.  A :class:`RequirementResult` is the verdict on one
requirement: passed, failed or skipped (not applicable, or not implemented), never
"skipped" reported as "passed".  :class:`ValidationReport` holds both plus what was
validated, and decides validity: a package is valid when no finding is an error.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from earchive.exitcodes import ExitCode
from earchive.messages import render
from earchive.validation.requirement_names import requirement_name


#: Finding codes that mean something could not be checked (the report then says "not fully checked").
NOT_CHECKED_CODES = frozenset({"v.schema_unavailable", "v.schema_unshippable", "v.metadata_too_large", "v.mimetype_registry_unavailable",
                               "v.checksum_unsupported", "v.check_crashed", "v.mets_too_large", "v.mets_no_memory"})


class Severity(str, enum.Enum):
    """How serious a finding is; MUST -> error, SHOULD -> warning, MAY -> info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @classmethod
    def for_level(cls, level: str) -> "Severity":
        """The severity of a requirement level (MUST, SHOULD, MAY)."""
        return {"MUST": cls.ERROR, "SHOULD": cls.WARNING}.get(level.upper(), cls.INFO)

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Status(str, enum.Enum):
    """The verdict on one requirement, MUST and SHOULD outcomes kept apart.

    FAILED: a MUST of it is broken (an error; the package is not valid).  WARNING: its MUST
    part is met but a SHOULD is not (a SHOULD requirement not met, or the SHOULD sentence of a
    MUST requirement, e.g. CSIP1's "should be the name of the package folder").  NOT_USED: an
    optional (MAY) feature the package does not use, which is no shortcoming.  PASSED: met
    (notes may be attached).  SKIPPED: not applicable, or not checked, with a reason.
    """

    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    NOT_USED = "not_used"
    SKIPPED = "skipped"

    @property
    def unmet(self) -> bool:
        """Broken at MUST or SHOULD level (FAILED or WARNING)."""
        return self in (Status.FAILED, Status.WARNING)


@dataclass(frozen=True)
class Finding:
    """One observation: requirement ID, severity, where (file, XPath, line) and a message code."""

    requirement: str
    severity: Severity
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    """Package-relative path of the file concerned (e.g. ``METS.xml``), or '' for the package."""
    xpath: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.severity, Severity):
            object.__setattr__(self, "severity", Severity(self.severity))

    def message(self, lang: str | None = None) -> str:
        """The finding's text in ``lang`` (en or sv)."""
        return render(self.code, self.params, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "requirement": self.requirement,
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "xpath": self.xpath,
            "line": self.line,
            "message": self.message(lang),
        }


@dataclass
class RequirementResult:
    """The verdict on one requirement, with its findings."""

    id: str
    level: str  # MUST, SHOULD, MAY
    head: str
    text: str
    status: Status
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""
    """For skipped requirements: a message code saying why (not applicable / not implemented)."""
    section: str = ""

    @property
    def severity(self) -> Severity | None:
        """The most serious severity among the findings (None when there are none)."""
        if not self.findings:
            return None
        return min((f.severity for f in self.findings), key=lambda s: s.rank)

    @property
    def location(self) -> str:
        """Where the first finding is, as ``file`` or ``file: xpath``."""
        if not self.findings:
            return ""
        first = self.findings[0]
        return f"{first.file}: {first.xpath}" if first.xpath else first.file

    def message(self, lang: str | None = None) -> str:
        """A one-line summary: the first finding's message (and how many more), or why it was skipped."""
        if self.findings:
            text = self.findings[0].message(lang)
            if len(self.findings) > 1:
                text += " " + render("v.more_findings", {"count": len(self.findings) - 1}, lang)
            return text
        if self.status is Status.SKIPPED:
            return render(self.reason or "v.skip.not_applicable", {}, lang)
        return ""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        checked = self.status is not Status.SKIPPED
        return {
            "id": self.id,
            "level": self.level,
            "severity": Severity.for_level(self.level).value,
            "head": self.head,
            "name": requirement_name(self.head, lang),
            "status": self.status.value,
            "must_met": (errors == 0) if checked else None,
            "should_met": (warnings == 0) if checked else None,
            "errors": errors,
            "warnings": warnings,
            "notes": self.count(Severity.INFO),
            "location": self.location,
            "message": self.message(lang),
            "findings": [f.to_dict(lang) for f in self.findings],
        }


@dataclass
class ValidationReport:
    """Everything the validator found about one package."""

    package: str
    """The path given (folder, ZIP or TAR)."""
    version: str
    version_source: str
    """How the version was chosen: 'given', 'profile' or 'default'."""
    profile: str
    """mets/@PROFILE of the root METS ('' when absent)."""
    results: list[RequirementResult]
    findings: list[Finding]
    """Every finding, including those of requirements listed in ``results``."""
    mets_files: list[str] = field(default_factory=list)
    files_checked: int = 0
    bytes_hashed: int = 0
    fixity_checked: bool = True
    seconds: float = 0.0
    roda: Any = None
    """:class:`~earchive.validation.roda_view.RodaView` when asked for (``validate_package(roda_view=True)``)."""

    @property
    def valid(self) -> bool:
        """True when no finding is an error (warnings and information do not invalidate)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def complete(self) -> bool:
        """False when something could not be checked (a schema missing from this installation, a
        checksum type earchive cannot compute...): the package is then not confirmed in that respect."""
        return not any(f.code in NOT_CHECKED_CODES for f in self.findings)

    @property
    def not_checked(self) -> list[Finding]:
        return [f for f in self.findings if f.code in NOT_CHECKED_CODES]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.valid else ExitCode.INVALID_PACKAGE

    def result(self, req_id: str) -> RequirementResult:
        """The result for one requirement ID; KeyError when it is not part of this version."""
        for r in self.results:
            if r.id == req_id:
                return r
        raise KeyError(req_id)

    def counts(self) -> dict[str, int]:
        """Numbers of findings per severity and of requirements per status (``failed``: MUST broken,
        ``should_unmet``: met at MUST level but a SHOULD not met, ``not_used``: optional feature not used)."""
        keys = {Status.PASSED: "passed", Status.FAILED: "failed", Status.WARNING: "should_unmet",
                Status.NOT_USED: "not_used", Status.SKIPPED: "skipped"}
        out = {s.value: 0 for s in Severity} | {k: 0 for k in keys.values()}
        for f in self.findings:
            out[f.severity.value] += 1
        for r in self.results:
            out[keys[r.status]] += 1
        return out

    def sorted_results(self) -> list[RequirementResult]:
        """Failed first (errors, warnings, information), then passed, then skipped; spec order within."""

        def key(item: tuple[int, RequirementResult]) -> tuple[int, int, int]:
            index, r = item
            if r.status.unmet:
                return (0, r.severity.rank if r.severity else 3, index)
            order = {Status.NOT_USED: 1, Status.PASSED: 2}
            return (order.get(r.status, 3), 0, index)

        return [r for _, r in sorted(enumerate(self.results), key=key)]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "package": self.package,
            "valid": self.valid,
            "complete": self.complete,
            "exit_code": int(self.exit_code),
            "specification_version": self.version,
            "version_source": self.version_source,
            "profile": self.profile,
            "mets_files": self.mets_files,
            "files_checked": self.files_checked,
            "bytes_hashed": self.bytes_hashed,
            "fixity_checked": self.fixity_checked,
            "seconds": round(self.seconds, 3),
            "counts": self.counts(),
            "roda_view": self.roda.to_dict(lang) if self.roda is not None else None,
            "requirements": [r.to_dict(lang) for r in self.results],
            "findings": [f.to_dict(lang) for f in self.findings],
        }
