"""A self-contained HTML report an archivist can read and attach to an e-mail.

One file: inline CSS, no scripts, no external resources (fonts, images, links to load);
every value from the package is escaped.  It opens with the answer to "can I deliver this?",
then each cause of a problem once (requirement in the reader's language, how many places,
the message, every place, what to do), errors first; then the requirements met, the
optional features not used and those not checked, folded away.  English or Swedish.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import earchive
from earchive.messages import render
from earchive.validation.findings import Severity, Status, ValidationReport
from earchive.validation.report_groups import Group, counts_line, groups, results_with, section_title, verdict
from earchive.validation.requirement_names import requirement_name

#: Places listed per cause; the JSON report has all of them.
MAX_PLACES = 200

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2em auto;max-width:70em;
color:#1d1d1f;line-height:1.45;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.4em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc}
.answer{border-radius:.4em;padding:.8em 1em;margin:.5em 0 1em;color:#fff}
.answer p{margin:.3em 0}.answer .headline{font-size:1.25em;font-weight:bold}
.valid{background:#1b7f3a}.invalid{background:#b3261e}.incomplete{background:#8a5a00}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.facts dt{font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.35em .5em;
vertical-align:top;text-align:left;overflow-wrap:anywhere}th{background:#f3f3f3}
tr.error td:first-child{border-left:.35em solid #b3261e}tr.warning td:first-child{border-left:.35em solid #c77700}
tr.info td:first-child{border-left:.35em solid #5b6b7a}
.req{font-weight:bold;white-space:nowrap}.head{color:#333}.count{font-weight:bold;white-space:nowrap}
.todo{margin-top:.4em;padding:.3em .5em;background:#f4f7fb;border-left:.25em solid #2a5d9f}
code{font-family:ui-monospace,Consolas,monospace;font-size:.85em;word-break:break-all}
ul.places{margin:.2em 0;padding-left:1em}ul.places li{margin-bottom:.3em}
table.groups{table-layout:fixed}table.groups col.c1{width:17%}table.groups col.c2{width:50%}table.groups col.c3{width:33%}
.xpath{display:block;color:#555;font-size:.75em}
details{margin:.6em 0}summary{cursor:pointer;font-weight:bold}.muted{color:#666;font-size:.9em}
@media print{details{display:block}summary{display:none}.answer{color:#000;border:2px solid #000}}
"""


def render_html(report: ValidationReport, lang: str = "en") -> str:
    """The report as one HTML document (a str; write it as UTF-8)."""
    t = lambda code, **p: render(code, p, lang)  # noqa: E731 - local shorthand
    e = escape
    counts = report.counts()
    kind, headline, sentences = verdict(report, lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t('v.report.title'))}: {e(_name(report.package))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{e(t('v.report.title'))}</h1>",
        f'<div class="answer {kind}"><p class="headline">{e(headline)}</p>',
        *(f"<p>{e(s)}</p>" for s in sentences),
        "</div>",
        '<dl class="facts">',
        f"<dt>{e(t('v.report.package'))}</dt><dd><code>{e(report.package)}</code></dd>",
        f"<dt>{e(t('v.report.version'))}</dt><dd>E-ARK CSIP/SIP {e(report.version)} "
        f"({e(t('v.report.version_' + report.version_source))})</dd>",
        f"<dt>{e(t('v.report.checked'))}</dt><dd>"
        + e(t("v.report.checked_detail", files=report.files_checked, mets=len(report.mets_files),
              bytes=_size(report.bytes_hashed), seconds=f"{report.seconds:.1f}"))
        + ("" if report.fixity_checked else f"; {e(t('v.report.no_fixity'))}") + "</dd>",
        f"<dt></dt><dd>{e(counts_line(report, lang))}</dd>",
        "<dt></dt><dd>" + e(t("v.report.counts", errors=counts["error"], warnings=counts["warning"],
                                infos=counts["info"])) + "</dd>",
        "</dl>",
    ]
    if report.roda is not None:
        out.append(f"<h2>{e(t('v.roda.title'))}</h2><p>{e(report.roda.summary(lang))}</p>")
        if report.roda.lines(lang):
            out.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in report.roda.lines(lang)) + "</ul>")
    all_groups = groups(report)
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        in_section = [g for g in all_groups if g.severity is severity]
        if not in_section and severity is Severity.INFO:
            continue
        out.append(f"<h2>{e(section_title(severity, in_section, lang))}</h2>")
        if not in_section:
            out.append(f"<p class='muted'>{e(t('v.report.none'))}</p>")
            continue
        out.append(_table_head(t))
        out.extend(_row(g, lang) for g in in_section)
        out.append("</tbody></table>")
    for status, title in ((Status.PASSED, "v.report.passed"), (Status.NOT_USED, "v.report.not_used"),
                          (Status.SKIPPED, "v.report.skipped")):
        listed = results_with(report, status)
        out.append(f"<details><summary>{e(t(title))} ({len(listed)})</summary><table><tbody>")
        for r in listed:
            why = f"<td>{e(r.message(lang))}</td>" if status is Status.SKIPPED else ""
            out.append(f"<tr><td class='req'>{e(r.id)}</td><td>{e(t('v.report.level.' + r.level))}</td>"
                       f"<td>{e(requirement_name(r.head, lang))}</td>{why}</tr>")
        out.append("</tbody></table></details>")
    date = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    out.append(f"<p class='muted'>{e(t('v.report.generated', version=earchive.__version__, date=date))}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _table_head(t) -> str:
    return (
        "<table class='groups'><colgroup><col class='c1'><col class='c2'><col class='c3'></colgroup><thead><tr>"
        f"<th>{escape(t('v.report.col_requirement'))}</th><th>{escape(t('v.report.col_message'))}</th>"
        f"<th>{escape(t('v.report.col_where'))}</th></tr></thead><tbody>"
    )


def _row(group: Group, lang: str) -> str:
    e = escape
    label = f"<span class='req'>{e(group.requirement)}</span>"
    if group.result is not None:
        label += f" <span class='muted'>{e(group.level(lang))}</span><br><span class='head'>{e(group.name(lang))}</span>"
    what = e(group.message(lang))
    if group.count > 1:
        what = f"<span class='count'>{e(render('v.report.times', {'count': group.count}, lang))}:</span> " + what
    todo = group.todo(lang)
    if todo:
        what += f"<div class='todo'><b>{e(render('v.report.todo', {}, lang))}:</b> {e(todo)}</div>"
    places = "".join(_place(f) for f in group.findings[:MAX_PLACES] if f.code != "v.findings_capped")
    more = group.count - len(group.places(MAX_PLACES))
    if more > 0 and group.count > 1:
        places += f"<li class='muted'>{e(render('v.report.more_places', {'count': more}, lang))}</li>"
    return f"<tr class='{e(group.severity.value)}'><td>{label}</td><td>{what}</td><td><ul class='places'>{places}</ul></td></tr>"


def _place(f) -> str:
    where = f"{f.file or '.'}:{f.line}" if f.line else (f.file or ".")
    xpath = f"<span class='xpath'><code>{escape(f.xpath)}</code></span>" if f.xpath else ""
    return f"<li><code>{escape(where)}</code>{xpath}</li>"


def _name(path: str) -> str:
    return path.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return str(n)
