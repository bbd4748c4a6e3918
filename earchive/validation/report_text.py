"""The text report printed in the terminal: can the package be delivered, then each cause once.

First the verdict ("NOT VALID: do not deliver the package") and why, the version and the
counts; then errors, warnings and notes, each cause (requirement + message code) once with
its count, its message, a few of its places and what to do.  Every cause is listed; places
beyond the first few are counted (the HTML and JSON reports list them all).
"""

from __future__ import annotations

from earchive.messages import render
from earchive.validation.findings import Severity, ValidationReport
from earchive.validation.report_groups import Group, counts_line, groups, section_title, verdict

#: Places shown per cause in the terminal.
PLACES = 3


def render_text(report: ValidationReport, lang: str = "en", *, quiet: bool = False, summary: bool = False) -> str:
    """A readable report; with ``quiet`` only the verdict and the errors; with ``summary`` only the
    verdict, version and counts (when the full report went to a file)."""
    t = lambda code, **p: render(code, p, lang)  # noqa: E731 - local shorthand
    _kind, headline, sentences = verdict(report, lang)
    if quiet:
        lines = [f"{headline}: {report.package}"]
    else:
        lines = [headline, *("  " + s for s in sentences), f"{t('v.report.package')}: {report.package}"]
    if not quiet:
        source = t(f"v.report.version_{report.version_source}")
        counts = report.counts()
        lines.append(f"{t('v.report.version')}: E-ARK CSIP/SIP {report.version} ({source})")
        lines.append(counts_line(report, lang))
        lines.append(t("v.report.counts", errors=counts["error"], warnings=counts["warning"], infos=counts["info"]))
        if not report.fixity_checked:
            lines.append(t("v.report.no_fixity"))
    if report.roda is not None and (not quiet or report.roda.differences):
        lines.append(f"{t('v.roda.title')}: {report.roda.summary(lang)}")
        lines.extend("  " + line for line in report.roda.lines(lang))
    if summary:
        return "\n".join(lines) + "\n"
    all_groups = groups(report)
    shown = (Severity.ERROR,) if quiet else (Severity.ERROR, Severity.WARNING, Severity.INFO)
    cut = False
    for severity in shown:
        in_section = [g for g in all_groups if g.severity is severity]
        if not in_section:
            continue
        lines += ["", section_title(severity, in_section, lang)]
        for group in in_section:
            lines.extend(_group_lines(group, lang))
            cut = cut or group.count > PLACES
    if cut:
        lines += ["", t("v.report.all_places")]
    return "\n".join(lines) + "\n"


def _group_lines(group: Group, lang: str) -> list[str]:
    head = f"  {group.requirement}"
    if group.result is not None:
        head += f" {group.name(lang)} ({group.level(lang)})"
    if group.count > 1:
        head += " – " + render("v.report.times", {"count": group.count}, lang)
    out = [head, f"      {group.message(lang)}"]
    for where in group.places(PLACES):
        out.append(f"      · {where}")
    more = group.count - len(group.places(PLACES))
    if more > 0 and group.count > 1:
        out.append("      " + render("v.report.more_places", {"count": more}, lang))
    todo = group.todo(lang)
    if todo:
        out.append(f"      → {render('v.report.todo', {}, lang)}: {todo}")
    return out
