"""The short text summary printed in the terminal: verdict, counts, then the findings, errors first."""

from __future__ import annotations

from earchive.messages import render
from earchive.validation.findings import Finding, Severity, ValidationReport

#: Findings listed per severity; the rest are counted (the JSON and HTML reports have them all).
MAX_LISTED = {Severity.ERROR: 50, Severity.WARNING: 30, Severity.INFO: 10}


def render_text(report: ValidationReport, lang: str = "en", *, quiet: bool = False, summary: bool = False) -> str:
    """A readable summary; with ``quiet`` only the verdict line and the errors; with ``summary``
    only the verdict, version and counts (when the full report went to a file)."""
    t = lambda code, **p: render(code, p, lang)  # noqa: E731 - local shorthand
    counts = report.counts()
    verdict = t("v.report.valid") if report.valid else t("v.report.invalid")
    lines = [f"{verdict}: {report.package}"]
    if not quiet:
        source = t(f"v.report.version_{report.version_source}")
        lines.append(f"{t('v.report.version')}: E-ARK CSIP/SIP {report.version} ({source})")
        lines.append(t("v.report.counts", errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
                       passed=counts["passed"], failed=counts["failed"], skipped=counts["skipped"]))
        if not report.fixity_checked:
            lines.append(t("v.report.no_fixity"))
    if summary:
        return "\n".join(lines) + "\n"
    sections = [(Severity.ERROR, "v.report.errors")]
    if not quiet:
        sections += [(Severity.WARNING, "v.report.warnings"), (Severity.INFO, "v.report.infos")]
    for severity, title in sections:
        found = [f for f in report.findings if f.severity is severity]
        if not found:
            continue
        lines += ["", f"{t(title)} ({len(found)})"]
        for f in found[: MAX_LISTED[severity]]:
            lines.extend(_finding_lines(f, lang))
        if len(found) > MAX_LISTED[severity]:
            lines.append("  " + t("v.report.more", count=len(found) - MAX_LISTED[severity]))
    return "\n".join(lines) + "\n"


def _finding_lines(f: Finding, lang: str) -> list[str]:
    where = f.file or "."
    if f.line:
        where += f" ({render('v.report.line', {'line': f.line}, lang)})"
    head = f"  {f.requirement:<10} {where}"
    out = [head]
    if f.xpath:
        out.append(f"  {'':<10} {f.xpath}")
    out.append(f"  {'':<10} {f.message(lang)}")
    return out
