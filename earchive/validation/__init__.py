"""Validate E-ARK CSIP/SIP packages (2.0.4, 2.1.0, 2.2.0) requirement by requirement.

    from earchive.validation import validate_package
    report = validate_package("out/SE-KS-2023-001")        # folder, .zip or .tar(.gz)
    report.valid, report.exit_code                         # True/False, ExitCode.OK/INVALID_PACKAGE
    report.result("CSIP69").status                         # Status.PASSED / FAILED / WARNING / NOT_USED / SKIPPED
    for finding in report.findings: print(finding.requirement, finding.file, finding.xpath, finding.message("sv"))

Reports: :func:`earchive.validation.report_text.render_text`,
:func:`earchive.validation.report_json.render_json`,
:func:`earchive.validation.report_html.render_html`.
"""

from earchive.validation.engine import validate_package, version_from_profile
from earchive.validation.findings import Finding, RequirementResult, Severity, Status, ValidationReport

__all__ = [
    "Finding",
    "RequirementResult",
    "Severity",
    "Status",
    "ValidationReport",
    "validate_package",
    "version_from_profile",
]
