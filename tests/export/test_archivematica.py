"""Archivematica transfers (every layout, file by file) and the API client against a strict fake server."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import bagit
import pytest

from earchive import messages
from earchive.cli import main
from earchive.errors import Cancelled, InvalidInput, OutputError
from earchive.exitcodes import ExitCode
from earchive.export import metadata_csv
from earchive.export.archivematica import export_transfer, make_transfer, test_connection as check_connection
from earchive.export.target import ExportError, Target
from earchive.model import Agent, DublinCore, EadDescription, KeyValue, Representation, Submission
from earchive.progress import CancelToken
from support.fake_archivematica import FakeArchivematica, free_port
from support.oracles import MINIMAL_PDF

KEY = "k3y-Secret-42"


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def hostile(records: Path) -> Path:
    """The shared records plus a name Windows cannot hold (renamed by the naming policy)."""
    (records / "Protokoll 2023" / 'svar "ja"?.txt').write_text("ja\n", encoding="utf-8")
    return records


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    d = tmp_path / "Dokumentation"
    d.mkdir()
    (d / "Överlämningsavtal.txt").write_text("Avtal.\n", encoding="utf-8")
    return d


def submission(sources: list[Path], docs: Path | None = None, **kw) -> Submission:
    kw.setdefault("descriptive", [DublinCore({"title": ["Kommunstyrelsens protokoll 2023"],
                                              "creator": ["Kommunstyrelsen", "Exempelby kommun"],
                                              "date": ["2023"], "subject": ["Protokoll"]})])
    return Submission(
        submitting_agent=Agent("submitter", "Exempelby kommun"),
        objid=kw.pop("objid", "SE-KS-2023-001"),
        representations=kw.pop("representations", [Representation("rep1", sources)]),
        documentation=[docs] if docs else [],
        **kw,
    )


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


# --- the standard layout ---------------------------------------------------------------------


def test_standard_transfer_file_by_file(tmp_path: Path, hostile: Path, docs: Path) -> None:
    before = tree_hashes(hostile)
    out = tmp_path / "out"
    out.mkdir()
    path = make_transfer(submission([hostile], docs), out)

    assert path == out / "SE-KS-2023-001"
    assert sorted(p.name for p in out.iterdir()) == ["SE-KS-2023-001"]  # nothing temporary left
    assert files_under(path) == [
        "metadata/checksum.sha256",
        "metadata/identifiers.json",
        "metadata/metadata.csv",
        "metadata/submissionDocumentation/Dokumentation/Overlamningsavtal.txt",
        "metadata/submissionDocumentation/earchive-transfer-report.txt",
        "objects/Kommunstyrelsen/Beslut å ä ö.txt",
        "objects/Kommunstyrelsen/Protokoll 2023/Protokoll 2023-05-11.txt",
        "objects/Kommunstyrelsen/Protokoll 2023/svar _ja__.txt",
        "objects/Kommunstyrelsen/data.csv",
        "objects/Kommunstyrelsen/rapport.pdf",
        "objects/Kommunstyrelsen/tom.txt",
    ]
    assert (path / "objects/Kommunstyrelsen/rapport.pdf").read_bytes() == MINIMAL_PDF

    raw = (path / "metadata/metadata.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM: the first column is exactly "filename"
    rows = read_csv(path / "metadata/metadata.csv")
    assert rows == [
        ["filename", "dc.title", "dc.creator", "dc.creator", "dc.subject", "dc.date", "dc.identifier"],
        ["objects", "Kommunstyrelsens protokoll 2023", "Kommunstyrelsen", "Exempelby kommun", "Protokoll", "2023",
         "SE-KS-2023-001"],
    ]

    # checksum.sha256: "checksum  path", one line per file in objects/, paths relative to objects/.
    lines = (path / "metadata/checksum.sha256").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(list((path / "objects").rglob("*.*")))
    for line in lines:
        digest, rel = line.split("  ", 1)
        assert hashlib.sha256((path / "objects" / rel).read_bytes()).hexdigest() == digest
    assert sorted(line.split("  ", 1)[1] for line in lines) == sorted(
        p.relative_to(path / "objects").as_posix() for p in (path / "objects").rglob("*") if p.is_file())

    ids = json.loads((path / "metadata/identifiers.json").read_text(encoding="utf-8"))
    assert ids[0] == {"file": "objects", "identifiers": [{"identifier": "SE-KS-2023-001", "identifierType": "OBJID"}]}
    by_file = {e["file"]: e["identifiers"] for e in ids[1:]}
    assert by_file["objects/Kommunstyrelsen/Protokoll 2023/svar _ja__.txt"] == [
        {"identifier": 'Kommunstyrelsen/Protokoll 2023/svar "ja"?.txt', "identifierType": "original name"}]
    assert len(by_file) == 6

    report = (path / "metadata/submissionDocumentation/earchive-transfer-report.txt").read_text(encoding="utf-8")
    assert "SE-KS-2023-001" in report
    assert 'svar "ja"?.txt' in report and "svar _ja__.txt" in report  # the rename is reported
    assert "Överlämningsavtal.txt" in report and "Overlamningsavtal.txt" in report
    assert tree_hashes(hostile) == before  # sources never modified


def test_descriptions_map_to_dublin_core_columns(tmp_path: Path, records: Path) -> None:
    ead = EadDescription("Kommunstyrelsens arkiv", unitid="SE/KS/1", unitdate="1990–2005", unitdate_normal="1990/2005",
                         origination="Kommunstyrelsen", scopecontent="Protokoll och diarier.", accessrestrict="Öppen",
                         language="swe", repository="Kommunarkivet")
    kv = KeyValue([("title", "Nyckeltitel"), ("Serie", "A1")])
    sub = submission([records], descriptive=[ead, kv], reference_code="SE/KS")
    path = make_transfer(sub, tmp_path)
    rows = metadata_csv.parse((path / "metadata/metadata.csv").read_text(encoding="utf-8"))
    assert [r.filename for r in rows] == ["objects"]
    assert rows[0].columns == {
        "dc.title": ["Kommunstyrelsens arkiv", "Nyckeltitel"],
        "dc.identifier": ["SE/KS/1", "SE-KS-2023-001"],
        "dc.date": ["1990/2005"],
        "dc.creator": ["Kommunstyrelsen"],
        "dc.description": ["Protokoll och diarier."],
        "dc.rights": ["Öppen"],
        "dc.language": ["swe"],
        "dc.publisher": ["Kommunarkivet"],
        "Serie": ["A1"],
    }
    ids = json.loads((path / "metadata/identifiers.json").read_text(encoding="utf-8"))
    assert ids[0]["identifiers"][1] == {"identifier": "SE/KS", "identifierType": "reference code"}


def test_several_representations_get_a_folder_and_a_row_each(tmp_path: Path, records: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "sida1.pdf").write_bytes(MINIMAL_PDF)
    sub = submission([], representations=[Representation("original", [records]), Representation("pdf", [scans])])
    path = make_transfer(sub, tmp_path)
    assert (path / "objects/original/Kommunstyrelsen/rapport.pdf").is_file()
    assert (path / "objects/pdf/scans/sida1.pdf").is_file()  # a selected folder keeps its name
    rows = metadata_csv.parse((path / "metadata/metadata.csv").read_text(encoding="utf-8"))
    assert [r.filename for r in rows] == ["objects", "objects/original", "objects/pdf"]
    assert rows[2].columns == {"dc.title": ["Kommunstyrelsens protokoll 2023 (pdf)"],
                               "dc.identifier": ["SE-KS-2023-001/pdf"], "dc.relation": ["isPartOf SE-KS-2023-001"]}
    checks = (path / "metadata/checksum.sha256").read_text(encoding="utf-8")
    assert "  pdf/scans/sida1.pdf\n" in checks


# --- zip and bag layouts -----------------------------------------------------------------------


def test_zip_layout_has_one_top_folder_with_the_same_content(tmp_path: Path, records: Path, docs: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    folder = make_transfer(submission([records], docs), tmp_path / "a")
    zipped = make_transfer(submission([records], docs), tmp_path / "b", layout="zip")
    assert zipped == tmp_path / "b" / "SE-KS-2023-001.zip"
    with zipfile.ZipFile(zipped) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        assert {n.split("/", 1)[0] for n in zf.namelist()} == {"SE-KS-2023-001"}
        assert sorted(n.split("/", 1)[1] for n in names) == files_under(folder)
        assert zf.read("SE-KS-2023-001/metadata/metadata.csv") == (folder / "metadata/metadata.csv").read_bytes()
        assert zf.read("SE-KS-2023-001/objects/Kommunstyrelsen/rapport.pdf") == MINIMAL_PDF


def test_bag_layout_is_a_valid_bag_with_metadata_inside_data(tmp_path: Path, records: Path, docs: Path) -> None:
    before = tree_hashes(records)
    path = make_transfer(submission([records], docs), tmp_path, layout="bag")
    bag = bagit.Bag(str(path))
    bag.validate()  # raises BagValidationError on any mismatch
    assert bag.info["External-Identifier"] == "SE-KS-2023-001"
    assert bag.info["Source-Organization"] == "Exempelby kommun"
    assert "sha256" in bag.algorithms
    assert (path / "data/metadata/metadata.csv").is_file()
    assert (path / "data/Kommunstyrelsen/rapport.pdf").read_bytes() == MINIMAL_PDF
    assert not (path / "data/metadata/checksum.sha256").exists()  # the bag's manifest carries the checksums
    assert (path / "data/metadata/submissionDocumentation/Dokumentation/Overlamningsavtal.txt").is_file()
    rows = read_csv(path / "data/metadata/metadata.csv")
    assert [r[0] for r in rows[1:]] == ["objects"]  # a folder row names the folder as it will be in the SIP
    ids = json.loads((path / "data/metadata/identifiers.json").read_text(encoding="utf-8"))
    assert ids[0]["file"] == "objects"
    assert len(ids) == 6 and all(e["file"].startswith("data/Kommunstyrelsen/") for e in ids[1:])  # files: data/
    assert tree_hashes(records) == before and not (records / "bagit.txt").exists()  # bagged a staged copy
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_zipped_bag_extracts_to_a_valid_bag(tmp_path: Path, records: Path) -> None:
    (tmp_path / "out").mkdir()
    path = make_transfer(submission([records]), tmp_path / "out", layout="zipped-bag")
    assert path.name == "SE-KS-2023-001.zip"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["SE-KS-2023-001.zip"]  # the staged bag is gone
    with zipfile.ZipFile(path) as zf:
        assert {n.split("/", 1)[0] for n in zf.namelist()} == {"SE-KS-2023-001"}
        zf.extractall(tmp_path / "x")
    bagit.Bag(str(tmp_path / "x" / "SE-KS-2023-001")).validate()


def test_bag_refuses_records_named_like_archivematica_folders(tmp_path: Path) -> None:
    src = tmp_path / "metadata"
    src.mkdir()
    (src / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "out").mkdir()
    with pytest.raises(InvalidInput) as info:
        make_transfer(submission([src]), tmp_path / "out", layout="bag")
    assert info.value.code == "archivematica.bag_reserved_name"
    assert list((tmp_path / "out").iterdir()) == []
    assert make_transfer(submission([src]), tmp_path / "out").is_dir()  # the standard layout can hold it


def test_unknown_layout_is_refused(tmp_path: Path, records: Path) -> None:
    with pytest.raises(InvalidInput) as info:
        make_transfer(submission([records]), tmp_path, layout="tar")
    assert info.value.params["field"] == "layout"


# --- atomic output --------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["standard", "zip", "bag", "zipped-bag"])
@pytest.mark.parametrize("phase", ["copy", "metadata"])
def test_cancel_leaves_nothing(tmp_path: Path, records: Path, layout: str, phase: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    token = CancelToken()

    def progress(event) -> None:
        if event.phase == phase:
            token.cancel()

    with pytest.raises(Cancelled):
        make_transfer(submission([records]), out, layout=layout, progress=progress, cancel=token)
    assert list(out.iterdir()) == []


def test_existing_transfer_is_never_overwritten(tmp_path: Path, records: Path) -> None:
    path = make_transfer(submission([records]), tmp_path)
    before = tree_hashes(path)
    with pytest.raises(OutputError) as info:
        make_transfer(submission([records]), tmp_path)
    assert info.value.code == "error.output_exists"
    assert tree_hashes(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Kommunstyrelsen", "SE-KS-2023-001"]


# --- the API flow against the fake server -------------------------------------------------------------


@pytest.fixture
def location(tmp_path: Path) -> Path:
    d = tmp_path / "transfer-source"
    d.mkdir()
    return d


@pytest.fixture
def am(location: Path):
    with FakeArchivematica(location, key=KEY) as server:
        yield server


def target_for(am: FakeArchivematica, location: Path, **kw) -> Target:
    values = dict(kind="archivematica", url=am.url, user="earchive", folder=str(location),
                  location_uuid=am.location_uuid, poll_interval_s=0.01, timeout_s=5)
    values.update(kw)
    return Target(**values)


@pytest.fixture
def transfer(tmp_path: Path, records: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return make_transfer(submission([records]), out)


def test_export_copies_starts_and_follows_to_the_aip(am, location: Path, transfer: Path) -> None:
    before = tree_hashes(transfer)
    result = export_transfer(transfer, target_for(am, location), secret=KEY)
    assert result.state == "COMPLETE"
    [(transfer_id, state)] = am.transfers.items()
    assert result.transfer_id == transfer_id
    assert result.aip_id == result.job_id == state["sip"] and result.aip_id
    assert tree_hashes(location / "SE-KS-2023-001") == before == tree_hashes(transfer)  # copied, local kept
    post = [r for r in am.requests if r[0] == "POST"]
    assert len(post) == 1
    method, path, auth, body = post[0]
    assert (path, auth) == ("/api/v2beta/package", f"ApiKey earchive:{KEY}")
    assert body["name"] == "SE-KS-2023-001"
    assert body["type"] == "standard" and body["processing_config"] == "automated" and body["auto_approve"] is True
    import base64

    assert base64.b64decode(body["path"]).decode() == f"{am.location_uuid}:SE-KS-2023-001"
    polled = [r[1] for r in am.requests if r[0] == "GET"]
    assert polled[0] == f"/api/transfer/status/{transfer_id}/"
    assert polled[-1] == f"/api/ingest/status/{result.aip_id}/"
    assert result.report["ingest"]["status"] == "COMPLETE"
    assert KEY not in json.dumps(result.to_json())


def test_export_by_absolute_path_of_a_zip(am, location: Path, tmp_path: Path, records: Path) -> None:
    zipped = make_transfer(submission([records]), tmp_path, layout="zip")
    target = target_for(am, location, location_uuid="", remote_path=str(location))
    result = export_transfer(zipped, target, secret=KEY)
    assert result.state == "COMPLETE"
    body = [r for r in am.requests if r[0] == "POST"][0][3]
    import base64

    assert base64.b64decode(body["path"]).decode() == f"{location}/SE-KS-2023-001.zip"
    assert body["type"] == "zipfile" and body["name"] == "SE-KS-2023-001"
    assert (location / "SE-KS-2023-001.zip").read_bytes() == zipped.read_bytes()


def test_export_a_bag_and_a_zipped_bag(am, location: Path, tmp_path: Path, records: Path) -> None:
    (tmp_path / "b").mkdir()
    bag = make_transfer(submission([records], objid="B1"), tmp_path / "b", layout="bag")
    zbag = make_transfer(submission([records], objid="B2"), tmp_path / "b", layout="zipped-bag")
    assert export_transfer(bag, target_for(am, location), secret=KEY).state == "COMPLETE"
    assert export_transfer(zbag, target_for(am, location), secret=KEY).state == "COMPLETE"
    types = [r[3]["type"] for r in am.requests if r[0] == "POST"]
    assert types == ["unzipped bag", "zipped bag"]


def test_no_wait_returns_after_the_start(am, location: Path, transfer: Path) -> None:
    result = export_transfer(transfer, target_for(am, location), secret=KEY, wait=False)
    assert result.state == "STARTED" and result.transfer_id in am.transfers
    assert [r[0] for r in am.requests] == ["POST"]


def test_folder_only_delivery_and_a_safe_retry(location: Path, transfer: Path, tmp_path: Path) -> None:
    target = Target(kind="archivematica", folder=str(location))
    first = export_transfer(transfer, target)
    assert first.state == "delivered" and first.delivered_to == str(location / "SE-KS-2023-001")
    again = export_transfer(transfer, target)  # an identical copy is already there: used, not refused
    assert again.state == "delivered" and "identical" in again.notes[0]
    (location / "SE-KS-2023-001" / "objects" / "extra.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        export_transfer(transfer, target)
    assert info.value.code == "archivematica.folder_exists" and not info.value.retryable
    assert [p.name for p in location.iterdir()] == ["SE-KS-2023-001"]  # no temporary copy left


def test_wrong_key_is_refused_and_the_transfer_kept(am, location: Path, transfer: Path) -> None:
    with pytest.raises(ExportError) as info:
        export_transfer(transfer, target_for(am, location), secret="wrong")
    assert info.value.code == "archivematica.unauthorized" and not info.value.retryable
    assert am.url in info.value.message("en") and "--store-secret" in info.value.message("en")
    assert "wrong" not in info.value.message("en")
    assert transfer.is_dir() and am.transfers == {}


def test_unreachable_server_is_retryable(location: Path, transfer: Path) -> None:
    target = Target(kind="archivematica", url=f"http://127.0.0.1:{free_port()}", user="earchive",
                    folder=str(location), timeout_s=2)
    with pytest.raises(ExportError) as info:
        export_transfer(transfer, target, secret=KEY)
    assert info.value.code == "archivematica.unreachable" and info.value.retryable
    assert str(transfer) in info.value.message("en") and "try again" in info.value.message("en")
    assert "försök igen" in info.value.message("sv")
    assert transfer.is_dir()


@pytest.mark.parametrize("stage", ["transfer", "ingest"])
def test_failed_processing_names_the_transfer_and_the_server(am, location: Path, transfer: Path, stage: str) -> None:
    am.fail_at = stage
    with pytest.raises(ExportError) as info:
        export_transfer(transfer, target_for(am, location), secret=KEY)
    error = info.value
    assert error.code == "archivematica.failed" and not error.retryable
    assert error.params["state"] == "FAILED"
    text = error.message("en")
    assert str(transfer) in text and am.url in text and "dashboard" in text
    assert transfer.is_dir()


def test_user_input_is_reported_not_failed(am, location: Path, transfer: Path) -> None:
    am.user_input = True
    result = export_transfer(transfer, target_for(am, location), secret=KEY)
    assert result.state == "USER_INPUT" and result.aip_id == ""
    assert "dashboard" in result.notes[-1]


def test_a_path_outside_the_location_is_refused(am, location: Path, transfer: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = target_for(am, location, folder=str(elsewhere), location_uuid="")
    with pytest.raises(ExportError) as info:
        export_transfer(transfer, target, secret=KEY)
    assert info.value.code == "archivematica.refused"
    assert "not in a transfer source location" in info.value.params["detail"]


def test_test_connection_tells_the_failures_apart(am, location: Path, tmp_path: Path) -> None:
    ok = check_connection(target_for(am, location), secret=KEY)
    assert ok.ok and ok.code == "archivematica.check_ok"
    assert check_connection(target_for(am, location), secret="nope").code == "archivematica.unauthorized"
    assert check_connection(target_for(am, location, processing_config="mine"), secret=KEY).code == \
        "archivematica.no_processing_config"
    assert check_connection(target_for(am, location, folder=str(tmp_path / "gone")), secret=KEY).code == \
        "archivematica.folder_missing"
    dead = Target(kind="archivematica", url=f"http://127.0.0.1:{free_port()}", user="u", timeout_s=2)
    assert check_connection(dead, secret=KEY).code == "archivematica.unreachable"
    am.html = True
    html = check_connection(target_for(am, location), secret=KEY)
    assert not html.ok and html.code == "archivematica.not_archivematica"
    assert "Storage Service" in html.message("en")


def test_messages_exist_in_english_and_swedish() -> None:
    codes = [c for c in messages.CATALOGUE if c.startswith("archivematica.")]
    assert len(codes) > 20
    for code in codes:
        assert set(messages.CATALOGUE[code]) == {"en", "sv"}, code


# --- the command line ----------------------------------------------------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, dict, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_cli_makes_delivers_and_starts_with_json(am, location: Path, tmp_path: Path, records: Path, capsys,
                                                 monkeypatch) -> None:
    monkeypatch.setenv("EARCHIVE_ARCHIVEMATICA_API_KEY", KEY)
    out = tmp_path / "out"
    out.mkdir()
    saved = tmp_path / "am.json"
    fast = tmp_path / "fast.json"  # poll the fake server often (the default is every 5 s)
    fast.write_text(json.dumps({"poll_interval_s": 0.01}), encoding="utf-8")
    code, doc, err = run_cli(
        capsys, "export", "archivematica", str(records), "--target", str(fast), "--output", str(out), "--title", "KS 2023",
        "--submitting-agent", "Exempelby kommun", "--objid", "SE-1", "--folder", str(location), "--url", am.url,
        "--user", "earchive", "--location-uuid", am.location_uuid, "--save-target", str(saved), "--json")
    assert code == ExitCode.OK, err
    assert doc["status"] == "ok" and doc["error"] is None
    [entry] = doc["transfers"]
    assert entry["transfer"] == str(out / "SE-1") and entry["layout"] == "standard"
    assert entry["export"]["state"] == "COMPLETE" and entry["export"]["aip_id"]
    rows = read_csv(out / "SE-1" / "metadata" / "metadata.csv")
    assert rows[1][:2] == ["objects", "KS 2023"]
    target = json.loads(saved.read_text(encoding="utf-8"))
    assert target["url"] == am.url and target["location_uuid"] == am.location_uuid
    for text in (json.dumps(doc), err, saved.read_text(encoding="utf-8")):
        assert KEY not in text

    # The saved target alone is enough for the next delivery and for a connection test.
    code, doc, err = run_cli(capsys, "export", "archivematica", "--target", str(saved), "--test-connection", "--json")
    assert code == ExitCode.OK and doc["connection"]["ok"] is True
    assert KEY not in json.dumps(doc) + err


def test_cli_wrong_key_exits_export_failed(am, location: Path, tmp_path: Path, records: Path, capsys,
                                          monkeypatch) -> None:
    monkeypatch.setenv("EARCHIVE_ARCHIVEMATICA_API_KEY", "not-the-key")
    code, doc, err = run_cli(
        capsys, "export", "archivematica", str(records), "--output", str(tmp_path), "--title", "T",
        "--submitting-agent", "Org", "--objid", "SE-2", "--layout", "zip", "--folder", str(location),
        "--url", am.url, "--user", "earchive", "--location-uuid", am.location_uuid, "--json", "--lang", "sv")
    assert code == ExitCode.EXPORT_FAILED
    assert doc["error"]["code"] == "archivematica.unauthorized" and doc["error"]["retryable"] is False
    assert doc["transfers"][0]["transfer"] == str(tmp_path / "SE-2.zip") and (tmp_path / "SE-2.zip").is_file()
    assert "godtog inte API-nyckeln" in err
    assert "not-the-key" not in json.dumps(doc) + err


def test_cli_input_errors(tmp_path: Path, records: Path, capsys) -> None:
    assert main(["export", "archivematica", str(records), "--output", str(tmp_path), "--layout", "tar"]) == 2
    code, doc, _ = run_cli(capsys, "export", "archivematica", "--test-connection", "--json")
    assert code == ExitCode.INVALID_INPUT and doc["error"]["code"] == "archivematica.cli_needs_target"
    code, doc, _ = run_cli(capsys, "export", "archivematica", str(records), "--title", "T",
                           "--submitting-agent", "Org", "--json")
    assert code == ExitCode.INVALID_INPUT and doc["error"]["params"]["field"] == "--output"
    assert list(tmp_path.iterdir()) == [records]


class MemoryKeyring:
    """A keyring backend in memory (the test machine has no system keyring)."""

    priority = 1

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str):
        return self.store.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.store[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        self.store.pop((service, user), None)


def test_cli_store_secret_then_export_with_the_keyring(am, location: Path, tmp_path: Path, records: Path, capsys,
                                                      monkeypatch) -> None:
    import sys

    import keyring
    from keyring.backend import KeyringBackend

    backend = type("Memory", (MemoryKeyring, KeyringBackend), {})()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        monkeypatch.delenv("EARCHIVE_ARCHIVEMATICA_API_KEY", raising=False)
        monkeypatch.setattr(sys, "stdin", io.StringIO(KEY + "\n"))
        code, doc, err = run_cli(capsys, "export", "archivematica", "--url", am.url, "--user", "earchive",
                                 "--store-secret", "--json")
        assert code == ExitCode.OK and doc["secret_stored"] is True
        assert backend.store == {(f"earchive:archivematica:{am.url}", "earchive"): KEY}
        fast = tmp_path / "fast.json"
        fast.write_text(json.dumps({"poll_interval_s": 0.01, "url": am.url, "user": "earchive",
                                    "folder": str(location), "location_uuid": am.location_uuid}), encoding="utf-8")
        code, doc2, err2 = run_cli(capsys, "export", "archivematica", str(records), "--output", str(tmp_path),
                                   "--title", "T", "--submitting-agent", "Org", "--objid", "SE-3",
                                   "--target", str(fast), "--json")
        assert code == ExitCode.OK, err2
        assert doc2["transfers"][0]["export"]["state"] == "COMPLETE"
        assert KEY not in json.dumps(doc) + err + json.dumps(doc2) + err2
    finally:
        keyring.set_keyring(previous)


def test_cli_job_file_makes_one_transfer_per_package(tmp_path: Path, capsys) -> None:
    """The bundled example job (Dublin Core, EAD, key-value, documentation) as zipped bags."""
    from support.oracles import ROOT

    out = tmp_path / "out"
    out.mkdir()
    code, doc, err = run_cli(capsys, "export", "archivematica", "--job", str(ROOT / "docs" / "job-example.json"),
                             "--output", str(out), "--layout", "zipped-bag", "--json")
    assert code == ExitCode.OK, err
    objids = [t["objid"] for t in doc["transfers"]]
    assert len(objids) == 2 and objids[0] == "exempelby-ks-2023"
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{o}.zip" for o in objids)
    with zipfile.ZipFile(out / "exempelby-ks-2023.zip") as zf:
        text = zf.read("exempelby-ks-2023/data/metadata/metadata.csv").decode("utf-8")
    rows = metadata_csv.parse(text)
    assert rows[0].filename == "objects"
    assert "exempelby-ks-2023" in rows[0].columns["dc.identifier"]
    assert len(rows[0].columns["dc.title"]) >= 1
