"""The RODA view: where earchive's verdict and commons-ip's differ, and what RODA will do.

RODA (and ETERNA) ingest a package with commons-ip (``EARKSIP.parse``, RODA 6.2.1's
EARKSIP2ToAIPPlugin), so an archivist wants to know, before delivering, where commons-ip judges a
requirement otherwise than earchive, and whether RODA will take the package.  This module runs
commons-ip's own code through :mod:`earchive.export.roda_parser` (a small Java program with the
commons-ip 2.11.2 jar): its validator (``commons_ip_validate``) and RODA's reading
(``read_as_roda``).  It compares MUST outcomes requirement by requirement and gives one
:class:`Difference` per disagreement.  Without Java or the jar, :func:`roda_view` says that the
view is not available and why; earchive's own verdict stands either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from earchive.messages import render
from earchive.validation.findings import Status, ValidationReport

#: commons-ip's outcome of a requirement that failed (ValidationReportOutputJson, Constants.java).
FAILED = "FAILED"


@dataclass(frozen=True)
class Difference:
    """One requirement judged otherwise by earchive and by commons-ip."""

    requirement: str
    earchive_failed: bool
    commons_ip_failed: bool
    detail: str = ""
    """commons-ip's first issue for the requirement (English, as it writes it)."""

    def message(self, lang: str, accepted: bool | None) -> str:
        code = "v.roda.stricter" if self.earchive_failed else "v.roda.laxer"
        return render(code, {"requirement": self.requirement, "detail": self.detail or "-",
                             "roda": render("v.roda.will_ingest" if accepted else "v.roda.will_refuse", {}, lang)
                             if accepted is not None else "-"}, lang)


@dataclass
class RodaView:
    """What commons-ip (RODA's reader) makes of the package, as far as it could be run."""

    available: bool
    reason_code: str = ""
    reason: str = ""
    accepted: bool | None = None
    """RODA's reading (EARKSIP.parse) found the package valid: RODA will ingest it."""
    errors: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    commons_ip_failed: dict[str, bool] = field(default_factory=dict)
    """Requirement -> whether commons-ip found a MUST of it broken (as its report says)."""

    def summary(self, lang: str) -> str:
        if not self.available:
            return render(self.reason_code or "v.roda.unavailable", {"reason": self.reason}, lang)
        if not self.differences:
            return render("v.roda.agrees", {"roda": render("v.roda.will_ingest" if self.accepted else "v.roda.will_refuse",
                                                             {}, lang)}, lang)
        return render("v.roda.differs", {"count": len(self.differences)}, lang)

    def lines(self, lang: str) -> list[str]:
        """One line per difference (empty when there is none or the view is not available)."""
        return [d.message(lang, self.accepted) for d in self.differences]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"available": self.available, "summary": self.summary(lang), "accepted": self.accepted,
                "errors": self.errors[:20],
                "differences": [{"requirement": d.requirement, "earchive": "failed" if d.earchive_failed else "passed",
                                 "commons_ip": "failed" if d.commons_ip_failed else "passed", "detail": d.detail,
                                 "message": d.message(lang, self.accepted)} for d in self.differences]}


def roda_view(path: str | Path, report: ValidationReport) -> RodaView:
    """Run commons-ip on ``path`` and compare its verdicts with ``report``'s; never raises."""
    try:
        from earchive.export import roda_parser  # lands with issue 10 (Java bridge to commons-ip)
    except ImportError:
        return RodaView(False, "v.roda.no_bridge", "earchive.export.roda_parser")
    try:
        reading = roda_parser.read_as_roda(Path(path))
        cip = roda_parser.commons_ip_validate(Path(path), report.version)
    except Exception as exc:  # no Java, no jar, a crash of the Java side: the view is not available, said why
        return RodaView(False, "v.roda.unavailable", f"{type(exc).__name__}: {exc}")
    return compare(report, cip, bool(getattr(reading, "valid", False)), list(getattr(reading, "errors", []) or []))


def compare(report: ValidationReport, cip: dict, accepted: bool | None, errors: list[str] | None = None) -> RodaView:
    """The differences between ``report`` and commons-ip's JSON report ``cip`` (its ``validation``
    list: id, level, testing.outcome, testing.issues), MUST requirements only."""
    view = RodaView(True, accepted=accepted, errors=[str(e) for e in errors or []])
    theirs: dict[str, tuple[bool, str]] = {}
    for entry in cip.get("validation", []):
        rid = entry.get("id") or ""
        testing = entry.get("testing") or {}
        issues = [str(i) for i in testing.get("issues") or []]
        failed = testing.get("outcome") == FAILED and (entry.get("level") or "MUST") == "MUST"
        before = theirs.get(rid, (False, ""))
        theirs[rid] = (before[0] or failed, before[1] or (issues[0] if issues else ""))
    view.commons_ip_failed = {rid: failed for rid, (failed, _detail) in theirs.items()}
    for result in report.results:
        if result.id not in theirs or result.level != "MUST" or result.status is Status.SKIPPED:
            continue
        ours = result.status is Status.FAILED
        cip_failed, detail = theirs[result.id]
        if ours != cip_failed:
            view.differences.append(Difference(result.id, ours, cip_failed, detail))
    return view
