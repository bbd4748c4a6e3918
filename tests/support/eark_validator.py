"""Run the independent validator eark-validator 1.1.3 from earchive's tests, offline.

eark-validator (PyPI ``eark-validator``, E-ARK CSIP/SIP 2.0.4 and 2.1.0 only) pins lxml
5.1.0, so it lives in its own venv (``scripts/setup_eark_validator.sh``, default
``<repo>/.cache/eark-validator-venv``, or ``$EARCHIVE_EARK_VALIDATOR_VENV``) and runs as
a separate process: ``run_eark_validator.py`` beside this module.  Facts and false
positives: ../shared/reference/validators.md.

    result = run_eark_validator(package_dir_or_zip)          # version="2.1.0"
    assert result.well_formed and result.schema_valid
    assert result.errors_excluding_known_false_positives() == [], result.summary()

Each run gets a fresh TMPDIR (eark-validator unpacks archives into
``$TMPDIR/<SHA-1>`` and never removes them) that is deleted when the run ends, and
proxy variables pointing at a closed local port; the runner itself serves the four
vocabularies it would download from ../shared and refuses every other network access.

For pytest: ``eark_validator_fixture()`` returns ``run_eark_validator`` once the venv
is ready; it skips when ../shared is absent or (outside CI) the install fails offline.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree

#: The repository root (tests/support/ is two levels down).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Reference material beside the repository; absent in a user's fresh clone.
SHARED_DIR = REPO_ROOT.parent / "shared"
#: The CSIP vocabularies eark-validator downloads at import; served from here instead.
VOCABULARIES_DIR = SHARED_DIR / "schemas" / "vocabularies" / "v2.1.0"
SETUP_SCRIPT = REPO_ROOT / "scripts" / "setup_eark_validator.sh"
RUNNER = Path(__file__).with_name("run_eark_validator.py")
DEFAULT_VENV = REPO_ROOT / ".cache" / "eark-validator-venv"
#: Environment variable that moves the venv (e.g. to a CI cache).
VENV_ENV_VAR = "EARCHIVE_EARK_VALIDATOR_VENV"
#: The specification versions eark-validator 1.1.3 has rules for.
SUPPORTED_VERSIONS = ("2.0.4", "2.1.0")
#: The version whose rules KNOWN_FALSE_POSITIVES was checked against.
FALSE_POSITIVES_VERSION = "2.1.0"
#: A proxy nobody listens on (discard port): any HTTP client honouring proxy variables
#: (Python's urllib, libxml2's nanohttp) fails at once instead of reaching the network.
CLOSED_PROXY = "http://127.0.0.1:9"
#: A run takes well under a second; the limit only stops a hung process.
RUN_TIMEOUT_SECONDS = 120
#: First install downloads eark-validator, lxml 5.1.0 and pydantic (about 8 s here).
INSTALL_TIMEOUT_SECONDS = 900

#: PROFILE that commons-ip's 2.1.0 validator requires and eark-validator rejects (SIP2).
VERSIONED_SIP_PROFILE_2_1_0 = "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml"

#: Rules of eark-validator 1.1.3 that no correct 2.1.0 SIP can pass, with the reason.
#: Each is filtered only where the finding matches the pattern described (checked on the
#: METS element the rule fired on, found from the finding's location); when that element
#: cannot be found, by rule ID alone (``Finding.matched_by == "rule id"``).
KNOWN_FALSE_POSITIVES: dict[str, str] = {
    "CSIP63": (
        "CSIP63 asks for fileGrp/@csip:OTHERCONTENTINFORMATIONTYPE only when "
        "fileGrp/@csip:CONTENTINFORMATIONTYPE is 'OTHER'; eark-validator's test fails every "
        "fileGrp whose csip:CONTENTINFORMATIONTYPE is not OTHER (or is absent). "
        "Filtered when the fileGrp's csip:CONTENTINFORMATIONTYPE is not 'OTHER'."
    ),
    "SIP14": (
        "SIP14 types the note of the archival creator agent (SIP9-SIP13) as "
        "csip:NOTETYPE='IDENTIFICATIONCODE'; eark-validator asks for an unprefixed "
        "@NOTETYPE='IDENTIFICATIONCODE' on the note of every agent with ROLE CREATOR, "
        "including the software agent, whose note must be csip:NOTETYPE='SOFTWARE VERSION' "
        "(CSIP16), and the submitting agent, whose note is csip:NOTETYPE='IDENTIFICATIONCODE' "
        "(SIP20). Filtered for a note typed 'SOFTWARE VERSION' on an agent of TYPE OTHER / "
        "OTHERTYPE SOFTWARE, or typed 'IDENTIFICATIONCODE' on an agent of TYPE ORGANIZATION "
        "or INDIVIDUAL, or an untyped note on a contact person (SIP21-SIP25: ROLE CREATOR, "
        "TYPE INDIVIDUAL, notes with contact details, no type required), i.e. a CREATOR "
        "agent of TYPE INDIVIDUAL that follows the submitting agent."
    ),
    "CSIP12": (
        "CSIP12 (TYPE 'OTHER') describes the mandatory software agent (CSIP10); eark-validator "
        "applies it to every agent with ROLE CREATOR, so the submitting agent (SIP15-SIP17: "
        "ROLE CREATOR, TYPE ORGANIZATION or INDIVIDUAL) always fails. Filtered on agents "
        "whose TYPE is ORGANIZATION or INDIVIDUAL."
    ),
    "CSIP13": (
        "CSIP13 (OTHERTYPE 'SOFTWARE') describes the mandatory software agent (CSIP10); "
        "eark-validator applies it to every agent with ROLE CREATOR, so the submitting agent "
        "(SIP15-SIP17: ROLE CREATOR, TYPE ORGANIZATION or INDIVIDUAL) always fails. Filtered "
        "on agents whose TYPE is ORGANIZATION or INDIVIDUAL."
    ),
    "CSIP16": (
        "CSIP16 (note csip:NOTETYPE 'SOFTWARE VERSION') describes the mandatory software "
        "agent's note; eark-validator applies it to every agent with ROLE CREATOR, so the "
        "submitting agent (SIP15-SIP17, its note typed IDENTIFICATIONCODE by SIP20) always "
        "fails. Filtered on agents whose TYPE is ORGANIZATION or INDIVIDUAL."
    ),
    "CSIP15": (
        "CSIP15 (the software agent has a note with its version, 1..1) describes the "
        "mandatory software agent (CSIP10); eark-validator applies it to every agent with "
        "ROLE CREATOR, so a submitting agent without a note (its note is optional, SIP19) "
        "or a contact person (SIP21-SIP25: ROLE CREATOR, TYPE INDIVIDUAL) fails. Filtered on "
        "agents whose TYPE is ORGANIZATION or INDIVIDUAL. Not listed in validators.md; found "
        "by earchive's tests (tests/test_independent_validator.py shows it)."
    ),
    "SIP2": (
        "For 2.1.0 eark-validator wants PROFILE https://earksip.dilcis.eu/profile/E-ARK-SIP.xml "
        "(the 2.1.0 profile's own SIP2 text, which earchive writes), while commons-ip's 2.1.0 "
        "validator wants https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml. Filtered only "
        "when mets/@PROFILE is that versioned URL; any other PROFILE is a real SIP2 error."
    ),
    "CSIP103": (
        "eark-validator wants a structMap division labelled exactly 'Representations'; "
        "commons-ip writes and accepts one division per representation labelled "
        "'Representations/<rep>' (the CSIP107 form). Filtered only when the package division "
        "has a child div whose LABEL starts with 'Representations/'."
    ),
    "CSIP81": (
        "CSIP80: every METS has ONE structMap as CSIP81-CSIP112 describe it, and 'institutions "
        "can add their own additional custom structural maps as separate <structMap> sections "
        "following their own requirements'. eark-validator applies CSIP81 (TYPE 'PHYSICAL') to "
        "every structMap, so RODA's 'RODA structural map' (parent placement) and earchive's "
        "'Parent-child packages' map of a split delivery fail. Filtered on a structMap whose "
        "LABEL is not 'CSIP' in a METS that has the CSIP one (TYPE PHYSICAL, LABEL CSIP)."
    ),
    "CSIP82": (
        "The same as CSIP81 for LABEL 'CSIP' (CSIP82): an additional structMap has its own "
        "label. Filtered on the same pattern."
    ),
}

#: Severity names as eark-validator writes them -> the names used here.
_SEVERITIES = {"Error": "Error", "Warn": "Warning", "Info": "Info", "Unknown": "Unknown"}
#: The root step of the XPath that lxml's Schematron appends to each location.
_SVRL_ROOT_STEP = "/*[local-name()='mets' and namespace-uri()='http://www.loc.gov/METS/']"
#: One step of that XPath: *[local-name()='agent' and namespace-uri()='...'].
_NAMESPACE_TEST = re.compile(r"\*\[local-name\(\)='([^']+)' and namespace-uri\(\)='[^']*'\]")
_METS = "{http://www.loc.gov/METS/}"
_CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
_SUBMITTER_TYPES = ("ORGANIZATION", "INDIVIDUAL")


class EarkValidatorError(RuntimeError):
    """eark-validator could not be run, or gave no usable answer."""


class EarkValidatorUnavailable(EarkValidatorError):
    """The eark-validator venv could not be installed (in CI, where that is an error)."""


class EarkValidatorCrashed(EarkValidatorError):
    """eark-validator raised instead of reporting (it does on e.g. a METS without metsHdr).

    ``crash`` holds the runner's {"type", "message", "traceback"}.
    """

    def __init__(self, package: Path, crash: dict):
        super().__init__(
            f"eark-validator crashed on {package}: {crash.get('type')}: {crash.get('message')}"
        )
        self.package = package
        self.crash = crash


@dataclass(frozen=True)
class Finding:
    """One message of eark-validator's report."""

    rule_id: str
    severity: str
    """'Error', 'Warning', 'Info' (or 'Unknown')."""
    message: str
    location: str
    """eark-validator's location text, verbatim (for Schematron: context + test + XPath)."""
    source: str
    """'structure', 'schema' or 'schematron': the part of the report it came from."""
    node_path: str | None = None
    """Schematron only: XPath of the METS element the rule fired on."""
    false_positive: str | None = None
    """The KNOWN_FALSE_POSITIVES reason when this finding matches it, else None."""
    matched_by: str | None = None
    """'pattern' (checked on the METS element) or 'rule id' (element not found)."""

    @property
    def short_path(self) -> str | None:
        """node_path without the namespace tests, e.g. '/mets/metsHdr/agent[2]/note'."""
        if self.node_path is None:
            return None
        return _NAMESPACE_TEST.sub(r"\1", self.node_path)

    def __str__(self) -> str:
        where = self.short_path or self.location
        return f"{self.severity} {self.rule_id} [{self.source}] at {where}: {self.message}"


@dataclass(frozen=True)
class EarkValidatorResult:
    """What eark-validator said about one package."""

    package: Path
    version: str
    well_formed: bool
    """structure.status == 'WellFormed' (CSIPSTR rules)."""
    schema_valid: bool
    """metadata.schema_results.status == 'VALID' (METS XSD validation)."""
    schematron_valid: bool
    """metadata.schematron_results.status == 'VALID' (no Schematron error)."""
    findings: tuple[Finding, ...]
    raw: dict = field(repr=False)
    """The runner's whole JSON document ({"runner": ..., "report": ...})."""
    temp_dir: Path
    """The TMPDIR of the run; deleted when the run ended."""
    unpacked_to: Path | None
    """Where eark-validator unpacked an archive (inside temp_dir), else None."""

    @property
    def is_valid(self) -> bool:
        """eark-validator's own verdict: well formed, schema valid, no Schematron error."""
        return self.well_formed and self.schema_valid and self.schematron_valid

    @property
    def errors(self) -> list[Finding]:
        """Every finding of severity Error."""
        return [f for f in self.findings if f.severity == "Error"]

    def errors_excluding_known_false_positives(self) -> list[Finding]:
        """Errors that are not a known false positive of eark-validator 1.1.3.

        For a version other than 2.1.0 nothing is filtered (the table was checked
        against the 2.1.0 rules only).
        """
        return [f for f in self.errors if f.false_positive is None]

    def known_false_positives(self) -> list[Finding]:
        """Errors filtered out as known false positives (see Finding.matched_by)."""
        return [f for f in self.errors if f.false_positive is not None]

    def rule_ids(self, severity: str = "Error") -> list[str]:
        """Rule IDs of the findings of one severity, in report order, without repeats."""
        return list(dict.fromkeys(f.rule_id for f in self.findings if f.severity == severity))

    def summary(self) -> str:
        """A readable digest for assertion messages."""
        lines = [
            f"eark-validator {self.version} on {self.package}: well_formed={self.well_formed} "
            f"schema_valid={self.schema_valid} schematron_valid={self.schematron_valid}"
        ]
        for finding in self.errors:
            mark = f" (known false positive, by {finding.matched_by})" if finding.false_positive else ""
            lines.append(f"  {finding}{mark}")
        return "\n".join(lines)


def eark_validator_available() -> bool:
    """True when the venv already holds eark-validator 1.1.3 and ../shared has the vocabularies.

    Installs nothing (see ensure_eark_validator).
    """
    if not VOCABULARIES_DIR.is_dir():
        return False
    python = _venv_python(_venv_dir())
    if not python.is_file():
        return False
    probe = subprocess.run(
        [str(python), "-I", "-c",
         "import importlib.metadata as m; print(m.version('eark-validator'))"],
        capture_output=True, text=True, check=False,
    )
    return probe.returncode == 0 and probe.stdout.strip() == "1.1.3"


#: Per-process (= per pytest session) outcome of the install: {"venv": Path} or {"failure": str}.
_session: dict[str, object] = {}


def ensure_eark_validator() -> Path:
    """Make sure the eark-validator venv exists (running the setup script once per session).

    Returns the venv folder.  When the install fails: with CI=true raises
    EarkValidatorUnavailable (CI must have it); otherwise skips the calling test, e.g. on
    a developer machine without network.
    """
    if "venv" in _session:
        return _session["venv"]  # type: ignore[return-value]
    if "failure" not in _session:
        _session.update(_install())
        if "venv" in _session:
            return _session["venv"]  # type: ignore[return-value]
    reason = str(_session["failure"])
    if os.environ.get("CI", "").lower() == "true":
        raise EarkValidatorUnavailable(f"{reason} (CI=true: CI must be able to install it)")
    pytest.skip(reason)


def run_eark_validator(package_path: Path | str, version: str = "2.1.0") -> EarkValidatorResult:
    """Validate a package folder or ZIP with eark-validator 1.1.3; return its findings.

    Raises ValueError for a version eark-validator does not know (it has no 2.2.0 rules),
    FileNotFoundError for a missing package, EarkValidatorCrashed when eark-validator
    raises, EarkValidatorError when it cannot be run.  Skips the calling test when
    ../shared is absent or (outside CI) the venv cannot be installed.
    """
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(
            f"eark-validator 1.1.3 validates E-ARK {' and '.join(SUPPORTED_VERSIONS)} only, "
            f"not {version!r}; check 2.2.0 packages with earchive's own validator"
        )
    package = Path(package_path).absolute()
    if not package.exists():
        raise FileNotFoundError(f"no package at {package}")
    if not VOCABULARIES_DIR.is_dir():
        pytest.skip(f"reference material not found at {SHARED_DIR} (needed for the vocabularies)")
    python = _venv_python(ensure_eark_validator())

    temp_dir = Path(tempfile.mkdtemp(prefix="earchive-eark-validator-"))
    try:
        document = _run_runner(python, package, version, temp_dir)
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)
    if document.get("crash"):
        raise EarkValidatorCrashed(package, document["crash"])
    return _result_from_document(document, package, version, temp_dir)


def eark_validator_fixture() -> Callable[..., EarkValidatorResult]:
    """Body of the session fixture ``eark_validator``: ready-to-call run_eark_validator.

    Skips when ../shared is absent or (outside CI) eark-validator cannot be installed.
    """
    if not VOCABULARIES_DIR.is_dir():
        pytest.skip(f"reference material not found at {SHARED_DIR} (needed for the vocabularies)")
    ensure_eark_validator()
    return run_eark_validator


def classify_false_positives(
    findings: list[Finding], mets_root: etree._Element | None, version: str = "2.1.0"
) -> list[Finding]:
    """Return the findings with ``false_positive``/``matched_by`` set where KNOWN_FALSE_POSITIVES match.

    ``mets_root`` is the package's root METS (None when it could not be read).  Only
    errors of version 2.1.0 are classified.
    """
    if version != FALSE_POSITIVES_VERSION:
        return list(findings)
    out = []
    for finding in findings:
        reason = KNOWN_FALSE_POSITIVES.get(finding.rule_id)
        if reason is None or finding.severity != "Error":
            out.append(finding)
            continue
        node = _node_at(mets_root, finding.node_path)
        if node is None:
            out.append(replace(finding, false_positive=reason, matched_by="rule id"))
        elif _PATTERNS[finding.rule_id](node):
            out.append(replace(finding, false_positive=reason, matched_by="pattern"))
        else:
            out.append(finding)
    return out


def read_root_mets(package: Path) -> etree._Element | None:
    """The root METS.xml of a package folder or ZIP (one top folder), or None if unreadable."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        if package.is_dir():
            return etree.parse(str(package / "METS.xml"), parser).getroot()
        if zipfile.is_zipfile(package):
            with zipfile.ZipFile(package) as archive:
                names = [n for n in archive.namelist() if re.fullmatch(r"(?:[^/]+/)?METS\.xml", n)]
                if len(names) != 1:
                    return None
                return etree.fromstring(archive.read(names[0]), parser)
    except (OSError, etree.XMLSyntaxError, zipfile.BadZipFile):
        return None
    return None


# --- private helpers -------------------------------------------------------------------


def _venv_dir() -> Path:
    return Path(os.environ.get(VENV_ENV_VAR) or DEFAULT_VENV)


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def _install() -> dict[str, object]:
    venv = _venv_dir()
    started = time.monotonic()
    try:
        proc = subprocess.run(
            ["bash", str(SETUP_SCRIPT), str(venv)],
            capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"failure": f"could not run {SETUP_SCRIPT.name}: {exc}"}
    if proc.returncode != 0:
        return {
            "failure": f"eark-validator is not installed: {SETUP_SCRIPT.name} exited "
                       f"{proc.returncode}: {_tail(proc.stderr)}"
        }
    lines = proc.stdout.strip().splitlines()
    return {"venv": Path(lines[-1]) if lines else venv,
            "install_seconds": round(time.monotonic() - started, 2)}


def _run_runner(python: Path, package: Path, version: str, temp_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k.upper() not in ("NO_PROXY", "PYTHONPATH", "PYTHONHOME")}
    env.update({"TMPDIR": str(temp_dir), "TEMP": str(temp_dir), "TMP": str(temp_dir)})
    for name in ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy"):
        env[name] = env[name.upper()] = CLOSED_PROXY
    command = [str(python), "-I", str(RUNNER), "--vocabularies", str(VOCABULARIES_DIR),
               "--version", version, str(package)]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=temp_dir,
                              timeout=RUN_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise EarkValidatorError(
            f"eark-validator did not finish on {package} within {RUN_TIMEOUT_SECONDS} s"
        ) from exc
    try:
        document = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise EarkValidatorError(
            f"eark-validator runner exited {proc.returncode} without a JSON report on {package}: "
            f"{_tail(proc.stderr)}"
        ) from exc
    unpacked = document.get("runner", {}).get("unpacked_to")
    if unpacked and not Path(unpacked).is_relative_to(temp_dir):
        raise EarkValidatorError(f"eark-validator unpacked {package} outside {temp_dir}: {unpacked}")
    return document


def _result_from_document(document: dict, package: Path, version: str,
                          temp_dir: Path) -> EarkValidatorResult:
    report = document["report"]
    structure = report.get("structure") or {}
    metadata = report.get("metadata") or {}
    schema = metadata.get("schema_results") or {}
    schematron = metadata.get("schematron_results") or {}
    findings = (
        [_finding(m, "structure") for m in structure.get("messages", [])]
        + [_finding(m, "schema") for m in schema.get("messages", [])]
        + [_finding(m, "schematron") for m in schematron.get("messages", [])]
    )
    findings = classify_false_positives(findings, read_root_mets(package), version)
    unpacked = document["runner"].get("unpacked_to")
    return EarkValidatorResult(
        package=package,
        version=version,
        well_formed=structure.get("status") == "WellFormed",
        schema_valid=schema.get("status") == "VALID",
        schematron_valid=schematron.get("status") == "VALID",
        findings=tuple(findings),
        raw=document,
        temp_dir=temp_dir,
        unpacked_to=Path(unpacked) if unpacked else None,
    )


def _finding(message: dict, source: str) -> Finding:
    location = message.get("location") or ""
    node_path = None
    if source == "schematron" and _SVRL_ROOT_STEP in location:
        node_path = location[location.index(_SVRL_ROOT_STEP):]
    return Finding(
        rule_id=message.get("rule_id") or "",
        severity=_SEVERITIES.get(message.get("severity") or "Unknown", message.get("severity")),
        message=message.get("message") or "",
        location=location,
        source=source,
        node_path=node_path,
    )


def _node_at(root: etree._Element | None, path: str | None) -> etree._Element | None:
    if root is None or not path:
        return None
    try:
        nodes = root.getroottree().xpath(path)
    except etree.XPathError:
        return None
    if len(nodes) == 1 and isinstance(nodes[0], etree._Element):
        return nodes[0]
    return None


def _is_software_agent(agent: etree._Element) -> bool:
    return agent.get("TYPE") == "OTHER" and agent.get("OTHERTYPE") == "SOFTWARE"


def _is_submitting_agent(agent: etree._Element) -> bool:
    return agent.get("ROLE") == "CREATOR" and agent.get("TYPE") in _SUBMITTER_TYPES


def _csip63_matches(file_grp: etree._Element) -> bool:
    return file_grp.get(f"{_CSIP}CONTENTINFORMATIONTYPE") != "OTHER"


def _sip14_matches(note: etree._Element) -> bool:
    agent = note.getparent()
    if agent is None or agent.tag != f"{_METS}agent":
        return False
    note_type = note.get(f"{_CSIP}NOTETYPE")
    return (
        (note_type == "SOFTWARE VERSION" and _is_software_agent(agent))
        or (note_type == "IDENTIFICATIONCODE" and _is_submitting_agent(agent))
        or (note_type is None and _is_contact_person(agent))
    )


def _is_contact_person(agent: etree._Element) -> bool:
    """A CREATOR INDIVIDUAL agent after the first non-software CREATOR (the submitting agent, SIP15)."""
    if not (agent.get("ROLE") == "CREATOR" and agent.get("TYPE") == "INDIVIDUAL"):
        return False
    earlier = [a for a in agent.itersiblings(f"{_METS}agent", preceding=True) if _is_submitting_agent(a)]
    return bool(earlier)


def _submitting_agent_matches(agent: etree._Element) -> bool:
    return agent.tag == f"{_METS}agent" and _is_submitting_agent(agent)


def _sip2_matches(mets: etree._Element) -> bool:
    return mets.get("PROFILE") == VERSIONED_SIP_PROFILE_2_1_0


def _csip103_matches(package_div: etree._Element) -> bool:
    return any(
        (child.get("LABEL") or "").startswith("Representations/")
        for child in package_div.iterchildren(f"{_METS}div")
    )


def _extra_structmap_matches(structmap: etree._Element) -> bool:
    """An additional structMap (CSIP80) beside the one labelled CSIP."""
    if structmap.tag != f"{_METS}structMap" or structmap.get("LABEL") == "CSIP":
        return False
    parent = structmap.getparent()
    return parent is not None and any(
        s.get("LABEL") == "CSIP" and s.get("TYPE") == "PHYSICAL" for s in parent.iterchildren(f"{_METS}structMap"))


#: How each known false positive is recognised on the METS element its rule fired on.
_PATTERNS: dict[str, Callable[[etree._Element], bool]] = {
    "CSIP63": _csip63_matches,
    "SIP14": _sip14_matches,
    "CSIP12": _submitting_agent_matches,
    "CSIP13": _submitting_agent_matches,
    "CSIP16": _submitting_agent_matches,
    "CSIP15": _submitting_agent_matches,
    "SIP2": _sip2_matches,
    "CSIP103": _csip103_matches,
    "CSIP81": _extra_structmap_matches,
    "CSIP82": _extra_structmap_matches,
}
assert _PATTERNS.keys() == KNOWN_FALSE_POSITIVES.keys()


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
