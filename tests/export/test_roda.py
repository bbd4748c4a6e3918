"""Export to RODA: built packages go through earchive.export.roda against a local RODA stand-in.

The stand-in (tests/support/fake_roda.py) implements RODA's REST API v2 endpoints strictly
and runs RODA-like ingest checks (one root folder, METS parsable, DC/EAD valid against
the official dc.xsd / EAD 2002 XSD).  Every failure case checks the message code, its
parameters, ``retryable`` and that the local package is untouched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import socket
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from earchive import Agent, AgentKind, BuildOptions, DublinCore, EadDescription, KeyValue, Representation, Submission
from earchive.builder import build_package
from earchive.cli import main
from earchive.errors import Cancelled, InvalidInput, OutputError
from earchive.exitcodes import ExitCode
from earchive.export import ExportError, Target, TargetKind
from earchive.export import roda
from earchive.progress import CancelToken
from earchive.validation import validate_package

from support.fake_roda import FakeRoda
from support.oracles import MINIMAL_PDF, assert_valid, require_shared

NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
PARENT = "9a1c2b3d-aaaa-4bbb-8ccc-000000000001"
TITLE = "Kommunstyrelsens protokoll 2023"
OBJID = "SE-KS-2023-001"


# --- fixtures ------------------------------------------------------------------------------


def _records(root: Path) -> Path:
    folder = root / "Kommunstyrelsen"
    (folder / "Protokoll 2023").mkdir(parents=True)
    (folder / "Protokoll 2023" / "Protokoll 2023-05-11.txt").write_text("Protokoll fört vid sammanträde.\n", encoding="utf-8")
    (folder / "Beslut å ä ö.txt").write_text("Beslut: bifall.\n", encoding="utf-8")
    (folder / "rapport.pdf").write_bytes(MINIMAL_PDF)
    return folder


def _build(root: Path, *, descriptive=None, as_zip: bool = False, parent: str = PARENT, objid: str = OBJID) -> Path:
    records = _records(root / "records")
    out = root / "out"
    out.mkdir()
    sub = Submission(
        objid=objid,
        label=TITLE,
        submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelkommun", identification_code="ORG:2120000001"),
        agents=[Agent(AgentKind.ARCHIVAL_CREATOR, "Kommunstyrelsen")],
        representations=[Representation("rep1", [records])],
        descriptive=descriptive if descriptive is not None else [
            DublinCore({"title": [TITLE], "creator": ["Kommunstyrelsen"], "date": ["2023"]})],
        roda_parent_id=parent,
    )
    return build_package(sub, BuildOptions(out, as_zip=as_zip)).package_path


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A package folder with simpledc and a RODA parent (never changed by the tests: they check that)."""
    return _build(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def zip_package(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("built-zip"), as_zip=True)


@pytest.fixture
def fake(tmp_path):
    with FakeRoda(tmp_path / "roda-server") as server:
        yield server


@pytest.fixture(autouse=True)
def _no_secret_env(monkeypatch):
    for var in ("EARCHIVE_RODA_PASSWORD", "EARCHIVE_RODA_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)


def basic(fake: FakeRoda, **kw) -> Target:
    kw.setdefault("poll_interval_s", 0.01)
    kw.setdefault("timeout_s", 10)
    kw.setdefault("user", fake.user)
    return Target(TargetKind.RODA, url=fake.url, **kw)


def snapshot(path: Path) -> dict[str, str]:
    if path.is_file():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def uploaded_zip(fake: FakeRoda, result) -> Path:
    return fake.uploads[result.transfer_id]["path"]


def rezip(folder: Path, dest: Path, *, replace: dict[str, bytes] | None = None, extra_root: bool = False) -> Path:
    """A ZIP of ``folder`` (one root folder) with some members replaced."""
    replace = replace or {}
    with zipfile.ZipFile(dest, "w") as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                rel = p.relative_to(folder).as_posix()
                zf.writestr(f"{folder.name}/{rel}", replace.get(rel, p.read_bytes()))
        if extra_root:
            zf.writestr("stray.txt", b"not in the package")
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- end to end -------------------------------------------------------------------------------


def test_export_uploads_ingests_and_returns_the_aip_id(package, fake):
    before = snapshot(package)
    seen = []  # (phase, bytes_done, bytes_total) at the time of each event (events are updated in place)
    result = roda.export_package(package, basic(fake), secret=fake.password,
                                 progress=lambda e: seen.append((e.phase, e.bytes_done, e.bytes_total)))

    assert result.state == "COMPLETED"
    assert result.aip_id in fake.aips
    assert result.job_id in fake.jobs
    assert result.transfer_id in fake.uploads
    assert result.delivered_to == fake.url
    assert result.package == str(package)
    assert result.report["outcomeObjectId"] == result.aip_id
    assert result.report["pluginState"] == "SUCCESS"
    aip = fake.aips[result.aip_id]
    assert aip["title"] == TITLE  # RODA's DC crosswalk found the simpledc title
    assert aip["ancestors"] == [PARENT] and aip["parent"] == PARENT
    # exactly the documented calls, in order, all authenticated
    job = result.job_id
    assert [(r["method"], r["path"]) for r in fake.requests] == [
        ("POST", "/api/v2/transfers/create/resource"),
        ("POST", "/api/v2/jobs"),
        ("GET", f"/api/v2/jobs/{job}"),
        ("GET", f"/api/v2/jobs/{job}/reports"),
    ]
    assert {r["auth"] for r in fake.requests} == {"basic"}
    assert fake.requests[0]["query"] == {"commit": ["true"]}
    assert fake.jobs[job]["pluginParameters"] == {"parameter.sip_to_aip_class": roda.SIP_TO_AIP_EARK2}
    phases = [phase for phase, _, _ in seen]
    for phase in ("scan", "validate", "zip", "upload", "ingest"):
        assert phase in phases
    assert phases.index("validate") < phases.index("zip") < phases.index("upload") < phases.index("ingest")
    uploads = [(done, total) for phase, done, total in seen if phase == "upload"]
    size = uploaded_zip(fake, result).stat().st_size
    assert uploads[0] == (0, size) and uploads[-1] == (size, size)
    # the local package is untouched and no temporary ZIP is left beside it
    assert snapshot(package) == before
    assert leftovers(package.parent) == []


def test_uploaded_zip_passes_our_validator_and_the_roda_check(package, fake):
    result = roda.export_package(package, basic(fake), secret=fake.password)
    zip_path = uploaded_zip(fake, result)
    assert zip_path.name == f"{OBJID}.zip"
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert {n.split("/")[0] for n in names} == {OBJID}
        assert f"{OBJID}/METS.xml" in names
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
        files = sorted(n[len(OBJID) + 1:] for n in names if not n.endswith("/"))
    assert files == sorted(snapshot(package))
    report = validate_package(zip_path)
    assert report.valid, [f.message() for f in report.findings]
    assert roda.check_for_roda(zip_path) == []


def test_roda_structural_map_has_the_commons_ip_shape(package, fake, tmp_path):
    """commons-ip EARKMETSCreator.generateAncestorStructMap: structMap LABEL "RODA structural map" (no TYPE),
    div LABEL "RODA" > div LABEL "Ancestors" > mptr xlink:type="simple" LOCTYPE="HANDLE" xlink:href=<id>."""
    result = roda.export_package(package, basic(fake), secret=fake.password)
    with zipfile.ZipFile(uploaded_zip(fake, result)) as zf:
        mets = etree.fromstring(zf.read(f"{OBJID}/METS.xml"))
    maps = mets.xpath("mets:structMap[@LABEL='RODA structural map']", namespaces=NS)
    assert len(maps) == 1
    assert maps[0].get("TYPE") is None
    mptrs = maps[0].xpath("mets:div[@LABEL='RODA']/mets:div[@LABEL='Ancestors']/mets:mptr", namespaces=NS)
    assert len(mptrs) == 1
    assert mptrs[0].get("LOCTYPE") == "HANDLE"
    assert mptrs[0].get(f"{{{NS['xlink']}}}type") == "simple"
    assert mptrs[0].get(f"{{{NS['xlink']}}}href") == PARENT
    # the dmdSec RODA reads its title from
    refs = mets.xpath("mets:dmdSec/mets:mdRef[@MDTYPE='DC']", namespaces=NS)
    assert [(r.get("MDTYPEVERSION"), r.get(f"{{{NS['xlink']}}}href")) for r in refs] == [
        ("SimpleDC20021212", "metadata/descriptive/dc.xml")]
    require_shared()
    extracted = tmp_path / "dc.xml"
    with zipfile.ZipFile(uploaded_zip(fake, result)) as zf:
        extracted.write_bytes(zf.read(f"{OBJID}/metadata/descriptive/dc.xml"))
    assert_valid("simpledc", extracted)  # RODA's own dc.xsd


def test_parent_id_of_the_target_is_a_job_parameter(package, fake):
    result = roda.export_package(package, basic(fake, parent_id="aip-from-target"), secret=fake.password)
    assert fake.jobs[result.job_id]["pluginParameters"] == {
        "parameter.sip_to_aip_class": "org.roda.core.plugins.base.ingest.EARKSIP2ToAIPPlugin",
        "parameter.parent_id": "aip-from-target",
    }
    # the package's own RODA structural map still names its parent (RODA: "if the SIP does not provide one")
    assert fake.aips[result.aip_id]["parent"] == PARENT


def test_a_zip_package_is_uploaded_as_it_is(zip_package, fake):
    before = snapshot(zip_package)
    result = roda.export_package(zip_package, basic(fake), secret=fake.password)
    assert snapshot(uploaded_zip(fake, result)) == {f"{OBJID}.zip": before[f"{OBJID}.zip"]}
    assert snapshot(zip_package) == before
    assert fake.aips[result.aip_id]["title"] == TITLE


def test_ead_2002_gives_the_title(tmp_path, fake):
    package = _build(tmp_path, descriptive=[EadDescription("Protokollserie", unitid="SE/KS/A1", level="series")])
    result = roda.export_package(package, basic(fake), secret=fake.password)
    assert fake.aips[result.aip_id]["title"] == "Protokollserie"
    assert result.notes == []


def test_slow_job_is_polled_until_it_ends(package, fake):
    fake.polls_before_done = 3
    states = []
    result = roda.export_package(package, basic(fake), secret=fake.password,
                                 progress=lambda e: states.append(e.current) if e.phase == "ingest" else None)
    assert result.state == "COMPLETED"
    assert fake.paths("GET").count(f"/api/v2/jobs/{result.job_id}") == 4
    assert [s.split()[-1] for s in states] == ["STARTED", "STARTED", "STARTED", "COMPLETED"]


def test_no_wait_returns_after_job_creation(package, fake):
    result = roda.export_package(package, basic(fake), secret=fake.password, wait=False)
    assert result.job_id in fake.jobs
    assert result.state == "CREATED"
    assert result.aip_id == ""
    assert fake.paths("GET") == []
    assert result.notes == ["export.roda.not_followed"]
    assert roda.note_messages(result, "en") == [
        f"Job {result.job_id} was started on {fake.url}; earchive does not wait for it. "
        "Follow it on RODA's Ingest → Process page."]


# --- access key ----------------------------------------------------------------------------------


def test_access_key_gets_a_token_and_renews_it_once_on_401(package, fake):
    target = basic(fake, user="", auth="access-key")
    expired = []

    def expire_before_reports(method, path):
        if path.endswith("/reports") and not expired:
            expired.append(path)
            fake.expire_tokens()

    fake.before = expire_before_reports
    result = roda.export_package(package, target, secret=fake.access_key)
    assert result.aip_id in fake.aips
    calls = [(r["method"], r["path"].split("/")[-1] if r["path"].count("/") > 4 else r["path"], r["auth"])
             for r in fake.requests]
    assert calls[0] == ("POST", "/api/v2/members/token", None)
    assert calls[1] == ("POST", "resource", "bearer")
    assert calls[-3:] == [("GET", "reports", None), ("POST", "/api/v2/members/token", None), ("GET", "reports", "bearer")]
    assert calls.count(("POST", "/api/v2/members/token", None)) == 2
    assert {a for _, _, a in calls[1:-3]} == {"bearer"}


def test_wrong_access_key_is_refused(package, fake):
    target = basic(fake, user="", auth="access-key")
    with pytest.raises(ExportError) as info:
        roda.export_package(package, target, secret="ak-wrong")
    assert info.value.code == "export.roda.auth_failed"
    assert info.value.retryable is False
    assert "ak-wrong" not in info.value.message("en") + info.value.message("sv")
    assert fake.uploads == {}


# --- delivery into the transfer folder ---------------------------------------------------------------


def test_folder_delivery_is_atomic_and_never_overwrites(package, tmp_path):
    transfer = tmp_path / "transferred-resources"
    transfer.mkdir()
    target = Target(TargetKind.RODA, folder=str(transfer))
    result = roda.export_package(package, target)
    dest = transfer / f"{OBJID}.zip"
    assert result.delivered_to == str(dest)
    assert result.state == "delivered"
    assert sorted(p.name for p in transfer.iterdir()) == [f"{OBJID}.zip"]
    assert validate_package(dest).valid
    assert roda.check_for_roda(dest) == []
    first = snapshot(dest)

    with pytest.raises(ExportError) as info:
        roda.export_package(package, target)
    assert info.value.code == "export.roda.folder_exists"
    assert info.value.retryable is False
    assert info.value.params["file"] == str(dest)
    assert snapshot(dest) == first
    assert sorted(p.name for p in transfer.iterdir()) == [f"{OBJID}.zip"]


def test_cancelled_copy_leaves_nothing_in_the_transfer_folder(package, tmp_path):
    transfer = tmp_path / "share"
    transfer.mkdir()
    token = CancelToken()

    def cancel_while_copying(event):
        if event.phase == "copy":
            token.cancel()

    with pytest.raises(Cancelled):
        roda.export_package(package, Target(TargetKind.RODA, folder=str(transfer)), progress=cancel_while_copying,
                            cancel=token)
    assert list(transfer.iterdir()) == []
    assert leftovers(package.parent) == []


def test_folder_delivery_with_url_asks_roda_to_refresh(package, fake, tmp_path):
    transfer = tmp_path / "share"
    transfer.mkdir()
    result = roda.export_package(package, basic(fake, folder=str(transfer)), secret=fake.password)
    assert result.state == "delivered"
    assert fake.refreshes == 1
    assert [(r["method"], r["path"], r["auth"]) for r in fake.requests] == [
        ("POST", "/api/v2/transfers/refresh", "basic")]
    assert fake.uploads == {}


def test_folder_delivery_with_url_but_no_secret_skips_the_refresh(package, fake, tmp_path, monkeypatch):
    import keyring

    monkeypatch.setattr(keyring, "get_password", lambda service, user: None)
    transfer = tmp_path / "share"
    transfer.mkdir()
    result = roda.export_package(package, basic(fake, folder=str(transfer)))
    assert result.state == "delivered" and (transfer / f"{OBJID}.zip").is_file()
    assert result.notes == ["export.roda.refresh_no_secret"]
    assert roda.note_messages(result, "en")[0].startswith(f"{OBJID} is in the transfer folder; RODA was not asked")
    assert fake.requests == []


def test_missing_transfer_folder(package, tmp_path):
    with pytest.raises(ExportError) as info:
        roda.export_package(package, Target(TargetKind.RODA, folder=str(tmp_path / "nowhere")))
    assert info.value.code == "export.roda.folder_missing"
    assert "is the share mounted" in info.value.message("en")


# --- failures ------------------------------------------------------------------------------------


def test_wrong_password(package, fake):
    before = snapshot(package)
    with pytest.raises(ExportError) as info:
        roda.export_package(package, basic(fake), secret="not-the-password")
    error = info.value
    assert error.code == "export.roda.auth_failed"
    assert error.retryable is False
    assert error.params["server"] == fake.url and error.params["user"] == fake.user and error.params["status"] == 401
    assert error.message("en") == (
        f"RODA at {fake.url} did not accept the credentials of {fake.user} (HTTP 401). Check the user name "
        "and store the password or access key again with 'earchive export roda --store-secret'.")
    assert "godtog inte inloggningen" in error.message("sv")
    assert "not-the-password" not in error.message("en")
    assert fake.uploads == {} and fake.jobs == {}
    assert snapshot(package) == before


def test_unreachable_server_is_retryable(package):
    target = Target(TargetKind.RODA, url=f"http://127.0.0.1:{free_port()}", user="arkiv", timeout_s=5)
    with pytest.raises(ExportError) as info:
        roda.export_package(package, target, secret="x")
    assert info.value.code == "export.roda.unreachable"
    assert info.value.retryable is True
    assert info.value.params["package"] == OBJID
    assert f"{OBJID} was not delivered and is kept" in info.value.message("en")


def test_upload_interrupted(package, fake):
    fake.drop_upload = True
    before = snapshot(package)
    with pytest.raises(ExportError) as info:
        roda.export_package(package, basic(fake), secret=fake.password)
    error = info.value
    assert error.code == "export.roda.upload_interrupted"
    assert error.retryable is True
    assert error.params["package"] == OBJID
    assert 0 <= error.params["sent"] <= error.params["total"]
    assert "The package is kept; try again" in error.message("en")
    assert fake.jobs == {}  # no job for a broken upload
    assert snapshot(package) == before
    assert leftovers(package.parent) == []


def test_upload_without_an_answer_is_not_called_retryable(package, fake, monkeypatch):
    """All bytes sent, no answer in time: RODA may have stored the file, so "try again" would be wrong."""
    from earchive.export import http as ehttp

    monkeypatch.setattr(ehttp, "UPLOAD_ANSWER_TIMEOUT_S", 0.3)
    fake.upload_answer_delay_s = 1.0
    with pytest.raises(ExportError) as info:
        roda.export_package(package, basic(fake, timeout_s=0.3), secret=fake.password)
    assert info.value.code == "export.roda.upload_unconfirmed"
    assert info.value.retryable is False
    assert len(fake.uploads) == 1 and fake.jobs == {}
    assert "Ingest → Transfer" in info.value.message("en")


def test_failed_job_reports_the_plugin_failure(package, fake):
    fake.fail_reason = "Virus found: EICAR-Test-File"
    before = snapshot(package)
    with pytest.raises(roda.JobFailed) as info:
        roda.export_package(package, basic(fake), secret=fake.password)
    error = info.value
    assert error.code == "export.roda.job_failed"
    assert error.retryable is False
    assert error.params["detail"] == "Virus check: Virus found: EICAR-Test-File"
    assert error.params["job"] == error.result.job_id
    assert error.result.report["pluginState"] == "FAILURE"
    assert error.result.aip_id == ""
    assert f"RODA at {fake.url} did not ingest {OBJID}: job {error.result.job_id} ended COMPLETED" in error.message("en")
    assert snapshot(package) == before


def test_job_that_fails_to_complete(package, fake):
    fake.final_state = "FAILED_TO_COMPLETE"
    with pytest.raises(roda.JobFailed) as info:
        roda.export_package(package, basic(fake), secret=fake.password)
    assert info.value.params["state"] == "FAILED_TO_COMPLETE"
    assert info.value.result.state == "FAILED_TO_COMPLETE"


def test_job_timeout_names_the_job(package, fake):
    fake.polls_before_done = 10_000
    with pytest.raises(ExportError) as info:
        roda.export_package(package, basic(fake, max_wait_s=0.1), secret=fake.password)
    assert info.value.code == "export.roda.job_timeout"
    assert info.value.retryable is False  # delivered: exporting again would ingest twice
    assert info.value.params["job"] in fake.jobs


def test_losing_the_server_while_polling_is_not_retryable(package, fake):
    fake.polls_before_done = 10_000

    def break_on_poll(method, path):
        if method == "GET" and "/jobs/" in path:
            fake.password = "changed-meanwhile"  # every later call is refused

    fake.before = break_on_poll
    with pytest.raises(ExportError) as info:
        roda.export_package(package, basic(fake), secret=fake.password)
    assert info.value.code == "export.roda.lost_track"
    assert info.value.retryable is False
    assert info.value.params["job"] in fake.jobs
    assert "do not export again" in info.value.message("en")


def test_cancel_stops_polling_not_the_job(package, fake):
    fake.polls_before_done = 10_000
    token = CancelToken()

    def cancel_on_first_poll(event):
        if event.phase == "ingest":
            token.cancel()

    with pytest.raises(Cancelled) as info:
        roda.export_package(package, basic(fake, poll_interval_s=5), secret=fake.password,
                            progress=cancel_on_first_poll, cancel=token)
    assert info.value.code == "export.roda.polling_stopped"
    assert info.value.params["job"] in fake.jobs
    assert "RODA at" in info.value.message("en") and "goes on with the ingest" in info.value.message("en")


def test_invalid_package_is_refused_before_sending(package, fake, tmp_path):
    broken = tmp_path / OBJID
    shutil.copytree(package, broken)
    victim = next((broken / "representations" / "rep1" / "data").rglob("*.txt"))
    victim.write_text("changed after the package was built\n", encoding="utf-8")
    with pytest.raises(roda.PackageNotReady) as info:
        roda.export_package(broken, basic(fake), secret=fake.password)
    assert info.value.code == "export.roda.invalid_package"
    assert info.value.retryable is False
    assert info.value.params["errors"] >= 1
    assert "earchive validate" in info.value.message("en")
    assert fake.requests == []


def test_package_roda_cannot_title_is_sent_with_a_warning(tmp_path, fake):
    package = _build(tmp_path, descriptive=[KeyValue({"title": "Bara nyckel-värde"})])
    result = roda.export_package(package, basic(fake), secret=fake.password)
    assert result.notes == ["roda.no_title"]
    assert roda.note_messages(result, "en")[0].startswith(f"{OBJID} has no simpledc")
    assert fake.aips[result.aip_id]["title"] == ""


def test_dc_that_roda_cannot_read_is_refused(package, fake, tmp_path):
    oai = (b'<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
           b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></oai_dc:dc>')
    zip_path = rezip(package, tmp_path / "oai.zip", replace={"metadata/descriptive/dc.xml": oai})
    findings = roda.check_for_roda(zip_path)
    assert [(f.code, f.level) for f in findings] == [("roda.dc_not_simpledc", "error"), ("roda.no_title", "warning")]
    assert findings[0].params == {"file": "metadata/descriptive/dc.xml", "root": "dc",
                                  "ns": "http://www.openarchives.org/OAI/2.0/oai_dc/"}
    # the fake's ingest (official dc.xsd) agrees: RODA would fail the job
    assert fake.ingest(zip_path, "")["ok"] is False


def test_missing_secret_says_where_to_put_it(package, fake, monkeypatch):
    import keyring

    monkeypatch.setattr(keyring, "get_password", lambda service, user: None)
    with pytest.raises(ExportError) as info:
        roda.export_package(package, basic(fake))
    assert info.value.code == "export.no_secret"
    assert info.value.params["env"] == "EARCHIVE_RODA_PASSWORD"
    assert fake.requests == []


def test_bad_targets_are_invalid_input(package):
    with pytest.raises(InvalidInput) as info:
        roda.export_package(package, Target(TargetKind.RODA, url="https://roda.example.se"), secret="x")
    assert info.value.code == "export.roda.user_missing"
    with pytest.raises(InvalidInput) as info:
        roda.export_package(package, Target(TargetKind.RODA, url="https://u:p@roda.example.se", user="u"), secret="x")
    assert info.value.code == "export.roda.url_with_credentials"
    with pytest.raises(InvalidInput):
        roda.export_package(package, Target(TargetKind.ARCHIVEMATICA, url="https://am.example.se"), secret="x")


# --- check_for_roda and prepare_zip ---------------------------------------------------------------


def test_check_for_roda_zip_shapes(package, tmp_path):
    two_roots = rezip(package, tmp_path / "two.zip", extra_root=True)
    findings = roda.check_for_roda(two_roots)
    assert findings == ["roda.zip_roots"]
    assert findings[0].params["count"] == 2
    no_mets = tmp_path / "nomets.zip"
    with zipfile.ZipFile(no_mets, "w") as zf:
        zf.writestr("pkg/data.txt", b"x")
    assert roda.check_for_roda(no_mets) == ["roda.no_mets"]
    not_zip = tmp_path / "not.zip"
    not_zip.write_bytes(b"PK but not really")
    assert roda.check_for_roda(not_zip) == ["roda.zip_unreadable"]
    bad_mets = rezip(package, tmp_path / "badmets.zip", replace={"METS.xml": b"<mets:mets"})
    found = roda.check_for_roda(bad_mets)
    assert found == ["roda.xml_unreadable"] and found[0].params["file"] == f"{OBJID}/METS.xml"


def test_check_for_roda_refuses_external_entities(package, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("top secret")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE simpledc [<!ENTITY x SYSTEM "{secret_file.as_uri()}">]>'
           "<simpledc><title>&x;</title></simpledc>").encode()
    zip_path = rezip(package, tmp_path / "xxe.zip", replace={"metadata/descriptive/dc.xml": xxe})
    findings = roda.check_for_roda(zip_path)
    assert findings[0] == "roda.xml_unreadable"
    assert "top secret" not in findings[0].message("en")


def test_prepare_zip_writes_one_root_folder_atomically(package, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    zip_path = roda.prepare_zip(package, work)
    assert zip_path == work / f"{OBJID}.zip"
    assert leftovers(work) == []
    with zipfile.ZipFile(zip_path) as zf:
        assert zf.testzip() is None
        assert all(n.startswith(f"{OBJID}/") for n in zf.namelist())
    with pytest.raises(OutputError) as info:
        roda.prepare_zip(package, work)
    assert info.value.code == "error.output_exists"
    # an existing ZIP is used as it is; a ZIP with two roots is refused
    assert roda.prepare_zip(zip_path, tmp_path) == zip_path
    with pytest.raises(roda.PackageNotReady) as info:
        roda.prepare_zip(rezip(package, tmp_path / "two.zip", extra_root=True), work)
    assert info.value.code == "export.roda.not_for_roda"


def test_prepare_zip_takes_files_older_than_1980(package, tmp_path):
    old = tmp_path / OBJID
    shutil.copytree(package, old)
    victim = next((old / "representations").rglob("*.txt"))
    os.utime(victim, (0, 0))  # 1970: ZIP cannot store it, the entry gets 1980-01-01
    work = tmp_path / "work"
    work.mkdir()
    with zipfile.ZipFile(roda.prepare_zip(old, work)) as zf:
        info = zf.getinfo(f"{OBJID}/{victim.relative_to(old).as_posix()}")
    assert info.date_time[0] == 1980


def test_prepare_zip_cancelled_leaves_nothing(package, tmp_path):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        roda.prepare_zip(package, tmp_path, cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_fake_ingest_fails_a_zip_with_two_roots(package, fake, tmp_path):
    outcome = fake.ingest(rezip(package, tmp_path / "two.zip", extra_root=True), "")
    assert outcome["ok"] is False
    assert outcome["steps"][0]["pluginState"] == "FAILURE"


# --- test connection ------------------------------------------------------------------------------


def test_test_connection(fake, tmp_path):
    ok = roda.test_connection(basic(fake), secret=fake.password)
    assert (ok.ok, ok.code, ok.params) == (True, "export.roda.connected", {"server": fake.url, "user": fake.user})
    assert fake.requests[-1]["path"] == "/api/v2/members/users/authenticated"
    assert roda.test_connection(basic(fake, user="", auth="access-key"), secret=fake.access_key).ok
    wrong = roda.test_connection(basic(fake), secret="nope")
    assert (wrong.ok, wrong.code) == (False, "export.roda.auth_failed")
    not_roda = roda.test_connection(Target(TargetKind.RODA, url=fake.url + "/nothing-here", user="u"), secret="x")
    assert (not_roda.ok, not_roda.code) == (False, "export.roda.not_roda")
    down = roda.test_connection(Target(TargetKind.RODA, url=f"http://127.0.0.1:{free_port()}", user="u"), secret="x")
    assert (down.ok, down.code) == (False, "export.roda.check_unreachable")
    assert down.message("en").startswith("Cannot reach RODA at http://127.0.0.1:")
    tls = roda.test_connection(Target(TargetKind.RODA, url=fake.url.replace("http:", "https:"), user="u"), secret="x")
    assert (tls.ok, tls.code) == (False, "export.roda.check_tls")
    folder = roda.test_connection(Target(TargetKind.RODA, folder=str(tmp_path)))
    assert (folder.ok, folder.code) == (True, "export.roda.folder_ok")
    missing = roda.test_connection(Target(TargetKind.RODA, folder=str(tmp_path / "no")))
    assert (missing.ok, missing.code) == (False, "export.roda.folder_missing")
    assert "is the share mounted" in missing.message("en")


# --- command line -------------------------------------------------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_export_json(package, fake, capsys, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("EARCHIVE_RODA_PASSWORD", fake.password)
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", fake.url, "--user", fake.user,
                             "--json", "--parent-id", "p-1")
    assert code == ExitCode.OK, err
    doc = json.loads(out)
    assert doc["exit_code"] == 0 and doc["status"] == "ok" and doc["error"] is None
    assert doc["result"]["aip_id"] in fake.aips
    assert doc["result"]["state"] == "COMPLETED"
    assert fake.jobs[doc["result"]["job_id"]]["pluginParameters"]["parameter.parent_id"] == "p-1"
    assert fake.password not in out + err + caplog.text


def test_cli_text_output(package, fake, capsys, monkeypatch):
    monkeypatch.setenv("EARCHIVE_RODA_PASSWORD", fake.password)
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", fake.url, "--user", fake.user)
    assert code == ExitCode.OK
    (aip,) = fake.aips
    (job,) = fake.jobs
    assert out == f"Delivered {OBJID} to RODA at {fake.url}: job {job} COMPLETED, AIP {aip}.\n"
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", fake.url, "--user", fake.user,
                             "--lang", "sv", "--no-wait")
    assert code == ExitCode.OK
    assert out.startswith(f"Laddade upp {OBJID} till RODA på {fake.url}; inläsningsjobb ")


def test_cli_failures_and_exit_codes(package, fake, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("EARCHIVE_RODA_PASSWORD", "wrong-password-123")
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", fake.url, "--user", fake.user, "--json")
    assert code == ExitCode.EXPORT_FAILED
    doc = json.loads(out)
    assert doc["error"]["code"] == "export.roda.auth_failed" and doc["result"] is None
    assert "wrong-password-123" not in out + err

    fake.fail_reason = "Format not allowed"
    monkeypatch.setenv("EARCHIVE_RODA_PASSWORD", fake.password)
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", fake.url, "--user", fake.user, "--json")
    assert code == ExitCode.EXPORT_FAILED
    doc = json.loads(out)
    assert doc["error"]["code"] == "export.roda.job_failed"
    assert doc["result"]["report"]["pluginState"] == "FAILURE"  # the job report is in the JSON

    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    (broken / "METS.xml").write_text("<not-mets/>", encoding="utf-8")
    code, out, err = run_cli(capsys, "export", "roda", str(broken), "--url", fake.url, "--user", fake.user)
    assert code == ExitCode.INVALID_INPUT
    assert "is not a valid E-ARK SIP" in err

    code, out, err = run_cli(capsys, "export", "roda", str(package))
    assert code == ExitCode.INVALID_INPUT
    assert "neither an address (URL) nor a folder" in err

    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", fake.url, "--password", "x")
    assert code == ExitCode.INVALID_INPUT  # there is no password option, by design

    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", f"http://127.0.0.1:{free_port()}",
                             "--user", "u")
    assert code == ExitCode.EXPORT_FAILED
    assert "Cannot reach RODA" in err


def test_cli_as_a_subprocess(package, fake, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "EARCHIVE_RODA_PASSWORD": fake.password, "EARCHIVE_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "earchive", "export", "roda", str(package), "--url", fake.url,
                           "--user", fake.user, "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["aip_id"] in fake.aips
    assert fake.password not in done.stdout + done.stderr


def test_cli_cancel_exit_code(package, fake, capsys, monkeypatch):
    def cancelled(*args, **kwargs):
        raise Cancelled("export.roda.polling_stopped", package=OBJID, server=fake.url, job="j-1")

    monkeypatch.setattr(roda, "export_package", cancelled)
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--url", fake.url, "--user", "u")
    assert code == ExitCode.CANCELLED
    assert "stopped following job j-1" in err


def test_cli_folder_and_saved_target(package, capsys, tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    saved = tmp_path / "roda.json"
    monkeypatch.setenv("EARCHIVE_RODA_PASSWORD", "never-saved-4711")
    code, out, err = run_cli(capsys, "export", "roda", "--folder", str(share), "--url", "https://roda.example.se",
                             "--user", "arkiv", "--save-target", str(saved))
    assert code == ExitCode.OK, err
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["kind"] == "roda" and data["folder"] == str(share) and data["user"] == "arkiv"
    assert "never-saved-4711" not in saved.read_text(encoding="utf-8")
    assert not any(k in data for k in ("password", "secret", "key"))

    data["url"] = ""  # folder only: no server to refresh
    saved.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--target", str(saved))
    assert code == ExitCode.OK, err
    assert out == f"Delivered {OBJID} to the transfer folder: {share / (OBJID + '.zip')}\n"

    saved.write_text(json.dumps({**data, "password": "x"}), encoding="utf-8")
    code, out, err = run_cli(capsys, "export", "roda", str(package), "--target", str(saved))
    assert code == ExitCode.INVALID_INPUT
    assert "unknown keys: password" in err


def test_cli_test_connection_and_store_secret(fake, capsys, monkeypatch):
    import getpass

    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def __init__(self):
            self.store = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        monkeypatch.setattr(getpass, "getpass", lambda prompt="": fake.password)
        code, out, err = run_cli(capsys, "export", "roda", "--url", fake.url, "--user", fake.user,
                                 "--store-secret", "--test-connection")
        assert code == ExitCode.OK, err
        assert memory.store == {(f"earchive:roda:{fake.url}", fake.user): fake.password}
        assert out.splitlines()[-1] == f"Connected to RODA at {fake.url} as {fake.user}."
        assert fake.password not in out + err

        memory.store.clear()
        monkeypatch.setattr(getpass, "getpass", lambda prompt="": "bad")
        code, out, err = run_cli(capsys, "export", "roda", "--url", fake.url, "--user", fake.user,
                                 "--store-secret", "--test-connection", "--json")
        assert code == ExitCode.EXPORT_FAILED
        doc = json.loads(out)
        assert doc["connection"]["ok"] is False and doc["connection"]["code"] == "export.roda.auth_failed"
    finally:
        keyring.set_keyring(previous)


def test_the_stand_in_is_strict(fake, tmp_path):
    """The stand-in refuses what RODA would: so a wrong path, payload or authentication fails the tests above."""
    from earchive.export.http import HttpClient, UploadFile

    client = HttpClient(fake.url, timeout_s=5)
    auth = {"Authorization": "Basic " + __import__("base64").b64encode(
        f"{fake.user}:{fake.password}".encode()).decode()}
    assert client.request("GET", "/api/v2/members/users/authenticated").status == 401
    assert client.request("GET", "/api/v1/members/users/authenticated", headers=auth).status == 404
    assert client.request("GET", "/api/v2/jobs", headers=auth).status == 405
    f = tmp_path / "x.zip"
    f.write_bytes(b"PK")
    assert client.upload("/api/v2/transfers/create/resource", UploadFile("resource", f),
                         headers=auth).status == 400  # no commit=true
    assert client.upload("/api/v2/transfers/create/resource", UploadFile("file", f), params={"commit": True},
                         headers=auth).status == 400  # wrong part name
    ok = client.upload("/api/v2/transfers/create/resource", UploadFile("resource", f), params={"commit": True},
                       headers=auth)
    uuid = ok.json()["uuid"]
    good = {"name": "n", "plugin": roda.INGEST_PLUGIN,
            "pluginParameters": {"parameter.sip_to_aip_class": roda.SIP_TO_AIP_EARK2},
            "sourceObjects": {"@type": "SelectedItemsListRequest", "ids": [uuid]},
            "sourceObjectsClass": roda.TRANSFERRED_RESOURCE}
    bad_bodies = [
        {**good, "plugin": "org.roda.core.plugins.base.ingest.EARKSIPToAIPPlugin"},
        {**good, "pluginParameters": {}},
        {**good, "sourceObjects": {"@type": "SelectedItemsAllRequest"}},
        {**good, "sourceObjects": {"@type": "SelectedItemsListRequest", "ids": ["not-uploaded"]}},
        {**good, "sourceObjectsClass": "org.roda.core.data.v2.ip.AIP"},
        {**good, "extra": 1},
    ]
    assert [client.request("POST", "/api/v2/jobs", json=b, headers=auth).status for b in bad_bodies] == [
        400, 400, 400, 404, 400, 400]
    as_form = client.request("POST", "/api/v2/jobs", body=json.dumps(good).encode(),
                             headers={**auth, "Content-Type": "application/x-www-form-urlencoded"})
    assert as_form.status == 415
    assert client.request("POST", "/api/v2/jobs", json=good, headers=auth).status == 201
    assert client.request("POST", "/api/v2/members/token", json={"key": "wrong"}).status == 401
    assert client.request("POST", "/api/v2/members/token", json={"accessKey": fake.access_key}).status == 400
