"""A self-contained HTML report an archivist can read and attach to an e-mail.

One file: inline CSS, no scripts, no external resources (fonts, images, links to load);
every value from the package is escaped.  Failed requirements come first (errors,
warnings, notes), each with what is wrong and where; then the requirements met and
those not checked, folded away.  English or Swedish.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import earchive
from earchive.messages import render
from earchive.validation.findings import RequirementResult, Severity, Status, ValidationReport

#: Findings shown per requirement; the JSON report has all of them.
MAX_PER_REQUIREMENT = 200

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2em auto;max-width:70em;
color:#1d1d1f;line-height:1.45;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc}
.verdict{display:inline-block;padding:.3em .8em;border-radius:.3em;font-weight:bold;color:#fff}
.valid{background:#1b7f3a}.invalid{background:#b3261e}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.facts dt{font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.35em .5em;
vertical-align:top;text-align:left}th{background:#f3f3f3}
tr.error td:first-child{border-left:.35em solid #b3261e}tr.warning td:first-child{border-left:.35em solid #c77700}
tr.info td:first-child{border-left:.35em solid #5b6b7a}
.req{font-weight:bold;white-space:nowrap}.head{color:#555;font-size:.9em}
code{font-family:ui-monospace,Consolas,monospace;font-size:.85em;word-break:break-all}
details{margin:.6em 0}summary{cursor:pointer;font-weight:bold}.muted{color:#666;font-size:.9em}
@media print{details{display:block}summary{display:none}}
"""


def render_html(report: ValidationReport, lang: str = "en") -> str:
    """The report as one HTML document (a str; write it as UTF-8)."""
    t = lambda code, **p: render(code, p, lang)  # noqa: E731 - local shorthand
    e = escape
    counts = report.counts()
    must_failed = sum(1 for r in report.results if r.status is Status.FAILED and r.severity is Severity.ERROR)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t('v.report.title'))}: {e(_name(report.package))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{e(t('v.report.title'))}</h1>",
        f'<p><span class="verdict {"valid" if report.valid else "invalid"}">'
        f"{e(t('v.report.valid') if report.valid else t('v.report.invalid'))}</span> ",
        e(t("v.report.valid_long", version=report.version) if report.valid
          else t("v.report.invalid_long", count=must_failed, version=report.version)) + "</p>",
        '<dl class="facts">',
        f"<dt>{e(t('v.report.package'))}</dt><dd><code>{e(report.package)}</code></dd>",
        f"<dt>{e(t('v.report.version'))}</dt><dd>E-ARK CSIP/SIP {e(report.version)} "
        f"({e(t('v.report.version_' + report.version_source))})</dd>",
        f"<dt>{e(t('v.report.checked'))}</dt><dd>"
        + e(t("v.report.checked_detail", files=report.files_checked, mets=len(report.mets_files),
              bytes=_size(report.bytes_hashed), seconds=f"{report.seconds:.1f}"))
        + ("" if report.fixity_checked else f"; {e(t('v.report.no_fixity'))}") + "</dd>",
        "<dt></dt><dd>" + e(t("v.report.counts", errors=counts["error"], warnings=counts["warning"],
                                infos=counts["info"], passed=counts["passed"], failed=counts["failed"],
                                skipped=counts["skipped"])) + "</dd>",
        "</dl>",
    ]
    failed = [r for r in report.sorted_results() if r.status is Status.FAILED]
    unattached = [f for f in report.findings if f.requirement not in {r.id for r in report.results}]
    for severity, title in ((Severity.ERROR, "v.report.errors"), (Severity.WARNING, "v.report.warnings"),
                            (Severity.INFO, "v.report.infos")):
        group = [r for r in failed if r.severity is severity]
        out.append(f"<h2>{e(t(title))} ({len(group)})</h2>")
        if not group:
            out.append(f"<p class='muted'>{e(t('v.report.none'))}</p>")
            continue
        out.append(_table_head(t))
        for result in group:
            out.extend(_rows(result, lang))
        out.append("</tbody></table>")
    if unattached:  # findings of checks outside the catalogue (should not happen; shown rather than lost)
        out.append(_table_head(t))
        for f in unattached:
            out.append(_row(f.severity.value, f.requirement, "", f.file, f.xpath, f.line, f.message(lang), lang))
        out.append("</tbody></table>")
    passed = [r for r in report.results if r.status is Status.PASSED]
    skipped = [r for r in report.results if r.status is Status.SKIPPED]
    out.append(f"<details><summary>{e(t('v.report.passed'))} ({len(passed)})</summary><table><tbody>")
    for r in passed:
        out.append(f"<tr><td class='req'>{e(r.id)}</td><td>{e(t('v.report.level.' + r.level))}</td>"
                   f"<td>{e(r.head)}</td></tr>")
    out.append("</tbody></table></details>")
    out.append(f"<details><summary>{e(t('v.report.skipped'))} ({len(skipped)})</summary><table><tbody>")
    for r in skipped:
        out.append(f"<tr><td class='req'>{e(r.id)}</td><td>{e(t('v.report.level.' + r.level))}</td>"
                   f"<td>{e(r.head)}</td><td>{e(r.message(lang))}</td></tr>")
    out.append("</tbody></table></details>")
    date = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    out.append(f"<p class='muted'>{e(t('v.report.generated', version=earchive.__version__, date=date))}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _table_head(t) -> str:
    return (
        "<table><thead><tr>"
        f"<th>{escape(t('v.report.col_requirement'))}</th><th>{escape(t('v.report.col_where'))}</th>"
        f"<th>{escape(t('v.report.col_message'))}</th></tr></thead><tbody>"
    )


def _rows(result: RequirementResult, lang: str) -> list[str]:
    rows = []
    for f in result.findings[:MAX_PER_REQUIREMENT]:
        rows.append(_row(f.severity.value, result.id, result.head, f.file, f.xpath, f.line, f.message(lang), lang,
                         level=result.level))
    if len(result.findings) > MAX_PER_REQUIREMENT:
        more = render("v.report.more", {"count": len(result.findings) - MAX_PER_REQUIREMENT}, lang)
        rows.append(f"<tr><td></td><td></td><td>{escape(more)}</td></tr>")
    return rows


def _row(css: str, req: str, head: str, file: str, xpath: str, line, message: str, lang: str, level: str = "") -> str:
    e = escape
    where = f"<code>{e(file or '.')}</code>"
    if line:
        where += f" <span class='muted'>({e(render('v.report.line', {'line': line}, lang))})</span>"
    if xpath:
        where += f"<br><code>{e(xpath)}</code>"
    label = f"<span class='req'>{e(req)}</span>"
    if level:
        label += f" <span class='muted'>{e(render('v.report.level.' + level, {}, lang))}</span>"
    if head:
        label += f"<br><span class='head'>{e(head)}</span>"
    return f"<tr class='{e(css)}'><td>{label}</td><td>{where}</td><td>{e(message)}</td></tr>"


def _name(path: str) -> str:
    return path.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return str(n)
