"""What the text and HTML reports say, as an archivist reads them: the verdict first, then findings
grouped by cause.

:func:`verdict` answers "can I deliver this?" in one line and one sentence.  :func:`groups`
puts the findings of one requirement that share a message code into one :class:`Group` (31
links that write a space as ``+`` are one cause, shown once with its count and a few of its
places).  Every error and warning group has a what-to-do line: ``v.todo.<code>`` when the
cause has its own advice, else ``v.todo.default``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from earchive.messages import known, render
from earchive.validation.findings import Finding, RequirementResult, Severity, Status, ValidationReport
from earchive.validation.requirement_names import requirement_name

#: Places shown per group; the rest are counted.
EXAMPLES = 5


@dataclass
class Group:
    """Findings of one requirement with one cause (message code) and severity."""

    severity: Severity
    result: RequirementResult | None
    requirement: str
    code: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Places with this cause, including those counted beyond the listing cap."""
        capped = sum(int(f.params.get("count", 0)) for f in self.findings if f.code == "v.findings_capped")
        return len(self.findings) + capped

    def name(self, lang: str) -> str:
        return requirement_name(self.result.head, lang) if self.result else ""

    def level(self, lang: str) -> str:
        return render(f"v.report.level.{self.result.level}", {}, lang) if self.result else ""

    def message(self, lang: str) -> str:
        """The first finding's message (the others differ only in their place and values)."""
        return self.findings[0].message(lang)

    def todo(self, lang: str) -> str:
        """What to do about this cause ('' for notes)."""
        own = f"v.todo.{self.code}"
        if not known(own) and self.code.startswith("v.schema."):
            own = "v.todo.v.schema_error"  # every schema message of libxml2's (xml_schemas.explain)
        if not known(own) and self.severity is Severity.INFO:
            return ""
        return render(own if known(own) else "v.todo.default", self.findings[0].params, lang)

    def places(self, limit: int = EXAMPLES) -> list[str]:
        """Where, for the first ``limit`` findings: ``file (line n): xpath``."""
        return [place(f) for f in self.findings[:limit] if f.code != "v.findings_capped"]

    @property
    def more(self) -> int:
        """Places not shown by :meth:`places`."""
        return max(0, self.count - min(len(self.findings), EXAMPLES))


def place(f: Finding) -> str:
    where = f.file or "."
    if f.line:
        where += f":{f.line}"
    return f"{where} {f.xpath}" if f.xpath else where


def groups(report: ValidationReport) -> list[Group]:
    """Every finding in exactly one group: by severity, then requirement order, then first appearance."""
    results = {r.id: r for r in report.results}
    order = {r.id: i for i, r in enumerate(report.results)}
    out: dict[tuple, Group] = {}
    for f in report.findings:
        code = f.code
        if code == "v.findings_capped":  # "... and N more": belongs with the group it continues
            key = next((k for k in reversed(list(out)) if k[0] == f.requirement and k[2] is f.severity), None)
            if key is not None:
                out[key].findings.append(f)
                continue
        key = (f.requirement, code, f.severity)
        if key not in out:
            out[key] = Group(f.severity, results.get(f.requirement), f.requirement, code)
        out[key].findings.append(f)
    return sorted(out.values(), key=lambda g: (g.severity.rank, order.get(g.requirement, 10**6)))


def verdict(report: ValidationReport, lang: str) -> tuple[str, str, list[str]]:
    """(css class, headline, sentences): can this package be delivered, and why (not)."""
    t = lambda code, **p: render(code, p, lang)  # noqa: E731
    counts = report.counts()
    sentences = []
    if not report.valid:
        sentences.append(t("v.report.deliver_no", count=counts["failed"], errors=counts["error"],
                           version=report.version))
        kind = "invalid"
        headline = t("v.report.headline_no")
    else:
        kind = "valid"
        headline = t("v.report.headline_yes")
        sentences.append(t("v.report.deliver_yes", version=report.version))
        if counts["should_unmet"]:
            sentences.append(t("v.report.deliver_should", count=counts["should_unmet"]))
    if not report.complete:
        what = sorted({f.requirement for f in report.not_checked})
        sentences.append(t("v.report.deliver_incomplete", what=", ".join(what)))
        if report.valid:
            kind = "incomplete"
            headline = t("v.report.headline_incomplete")
    return kind, headline, sentences


def counts_line(report: ValidationReport, lang: str) -> str:
    c = report.counts()
    return render("v.report.requirements", {"passed": c["passed"], "failed": c["failed"], "should": c["should_unmet"],
                                            "not_used": c["not_used"], "skipped": c["skipped"]}, lang)


def section_title(severity: Severity, in_groups: list[Group], lang: str) -> str:
    """'Errors (MUST): 2 requirements, 35 findings' — requirements and findings counted apart."""
    title = {Severity.ERROR: "v.report.errors", Severity.WARNING: "v.report.warnings", Severity.INFO: "v.report.infos"}
    return render("v.report.section", {"title": render(title[severity], {}, lang),
                                       "requirements": len({g.requirement for g in in_groups}),
                                       "findings": sum(g.count for g in in_groups)}, lang)


def results_with(report: ValidationReport, status: Status) -> list[RequirementResult]:
    return [r for r in report.results if r.status is status]
