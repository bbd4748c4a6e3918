"""Producer checksums (sha256sum/md5sum files, BagIt manifests, job/CSV fields) compared while copying."""

from __future__ import annotations

import builtins
import hashlib
import json
import os
from pathlib import Path

import bagit
import pytest
from lxml import etree

from earchive import Agent, AgentKind, BuildOptions, DublinCore, Representation, Submission
from earchive.builder import REPORT_NAME, build_package
from earchive.cli import main
from earchive.errors import InvalidInput, SourceError
from earchive.producer_checksums import ProducerChecksums, read

from support.oracles import assert_valid

NS = {"premis": "http://www.loc.gov/premis/v3"}


def sums(folder: Path, algorithm: str = "sha256", *, name: str | None = None, bad: str = "", style: str = "gnu",
         inside: bool = False) -> Path:
    """A checksum file of every file under ``folder``, as sha256sum/md5sum write it: beside the folder
    (names start with the folder's name) or ``inside`` it."""
    lines = []
    base = folder if inside else folder.parent
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(base).as_posix()
        digest = hashlib.new(algorithm, path.read_bytes()).hexdigest()
        if path.relative_to(folder).as_posix() == bad:
            digest = hashlib.new(algorithm, b"what the producer had").hexdigest()
        if style == "bsd":
            lines.append(f"{algorithm.upper()} ({rel}) = {digest}")
        else:
            lines.append(f"{digest} *{rel}" if style == "binary" else f"{digest}  {rel}")
    target = base / (name or f"checksums.{algorithm}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def submission(sources: list[Path], **kw) -> Submission:
    return Submission(
        objid="SE-PC-1",
        submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelkommun"),
        representations=[Representation("rep1", sources)],
        descriptive=[DublinCore({"title": ["Leverans"]})],
        **kw,
    )


def fixity_event(package: Path) -> etree._Element | None:
    tree = etree.parse(str(package / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml"))
    events = [e for e in tree.iterfind(".//premis:event", NS) if e.findtext("premis:eventType", namespaces=NS) == "fixity check"]
    return events[0] if events else None


def test_matching_sha256sum_file_named_in_the_job_is_recorded_as_a_premis_fixity_event(records, tmp_path):
    manifest = sums(records)
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([records], producer_checksums=[ProducerChecksums(manifest)]), BuildOptions(out))
    event = fixity_event(result.package_path)
    assert event is not None
    linked = {e.text for e in event.iterfind(".//premis:linkingObjectIdentifierValue", NS)}
    data = {f"SE-PC-1/representations/rep1/data/Kommunstyrelsen/{p.relative_to(records).as_posix()}"
            for p in records.rglob("*") if p.is_file()}
    assert linked == data  # every file matched, each linked to the event
    assert "5 of 5 files matched" in event.findtext(".//premis:eventOutcomeDetailNote", namespaces=NS)
    assert_valid("premis", result.package_path / "representations" / "rep1" / "metadata" / "preservation" / "premis.xml")
    assert_valid("mets", result.package_path / "METS.xml")
    assert any(n.code == "report.producer_matched" and n.params["count"] == 5 for n in result.notes)
    report = (result.package_path / "documentation" / REPORT_NAME).read_text(encoding="utf-8")
    assert "5 files matched the checksums of their producer" in report


@pytest.mark.parametrize("algorithm,style", [("md5", "gnu"), ("sha1", "binary"), ("sha512", "bsd")])
def test_other_algorithms_are_computed_in_the_same_pass_and_each_source_is_opened_once(records, tmp_path, monkeypatch, algorithm, style):
    manifest = sums(records, algorithm, style=style, name=f"{algorithm.upper()}SUMS" if style == "bsd" else None)
    opened: dict[str, int] = {}
    real_open = builtins.open

    def counting_open(file, *args, **kwargs):
        name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else ""
        if name.startswith(str(records)):
            opened[name] = opened.get(name, 0) + 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([records], producer_checksums=[ProducerChecksums(manifest)]),
                           BuildOptions(out, workers=1))
    monkeypatch.setattr(builtins, "open", real_open)
    assert fixity_event(result.package_path) is not None
    assert set(opened.values()) == {1}, opened  # never read twice
    assert len(opened) == 5


def test_one_bad_checksum_stops_the_package_naming_the_file_and_leaves_nothing(records, tmp_path):
    manifest = sums(records, bad="Protokoll 2023/Protokoll 2023-05-11.txt")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SourceError) as info:
        build_package(submission([records], producer_checksums=[ProducerChecksums(manifest)]), BuildOptions(out))
    assert info.value.code == "producer.mismatch"
    message = info.value.message("en")
    assert "Protokoll 2023/Protokoll 2023-05-11.txt" in message and str(manifest) in message
    assert "damaged before packaging" in message
    assert "skadades" in info.value.message("sv")
    assert list(out.iterdir()) == []


def test_cli_exit_code_and_message_for_a_mismatch_from_a_checksum_file_found_in_the_source_folder(records, tmp_path, capsys):
    manifest = sums(records, name="SHA256SUMS", inside=True)
    text = manifest.read_text(encoding="utf-8").splitlines()
    text[0] = "0" * 64 + text[0][64:]
    manifest.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    code = main(["build", str(records), "--output", str(out), "--title", "T", "--submitting-agent", "Org", "--lang", "en"])
    assert code == 3
    err = capsys.readouterr().err
    assert text[0][66:] in err and "SHA256SUMS" in err
    assert list(out.iterdir()) == []


def test_a_bagit_bag_as_source_is_checked_against_its_manifest(records, tmp_path):
    bag_dir = tmp_path / "bag"
    import shutil

    shutil.copytree(records, bag_dir)
    bagit.make_bag(str(bag_dir), checksums=["md5", "sha256"])
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([bag_dir]), BuildOptions(out))
    event = fixity_event(result.package_path)
    assert event is not None
    linked = {e.text for e in event.iterfind(".//premis:linkingObjectIdentifierValue", NS)}
    assert linked == {f"SE-PC-1/representations/rep1/data/bag/data/{p.relative_to(records).as_posix()}"
                      for p in records.rglob("*") if p.is_file()}
    assert any(n.code == "report.producer_unlisted" for n in result.notes)  # bagit.txt, manifests: not listed

    # The bag's payload damaged after it was made: stopped, naming the file.
    (bag_dir / "data" / "Beslut å ä ö.txt").write_text("Beslut: avslag.\n", encoding="utf-8")
    out2 = tmp_path / "out2"
    out2.mkdir()
    with pytest.raises(SourceError, match="Beslut å ä ö.txt"):
        build_package(submission([bag_dir]), BuildOptions(out2))


def test_files_listed_but_not_packaged_are_reported(records, tmp_path):
    manifest = sums(records)
    with open(manifest, "a", encoding="utf-8") as f:
        f.write(hashlib.sha256(b"gone").hexdigest() + f"  {records.name}/Saknad fil.pdf\n")
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([records], producer_checksums=[ProducerChecksums(manifest)]), BuildOptions(out))
    missing = [n for n in result.notes if n.code == "report.producer_listed_missing"]
    assert missing and "Saknad fil.pdf" in missing[0].params["names"] and missing[0].level == "warning"


def test_a_manifest_that_is_not_one_is_refused_with_the_line(tmp_path):
    bad = tmp_path / "checksums.sha256"
    bad.write_text("this is not a checksum line\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read(bad)
    assert "line 1" in info.value.message("en")
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(hashlib.md5(b"a").hexdigest() + "  a\n" + hashlib.sha256(b"b").hexdigest() + "  b\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="line 2"):
        read(mixed)


def test_gnu_escaped_names_and_non_utf8_names_are_matched(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    raw = os.fsencode(str(folder)) + b"/caf\xe9.txt"  # Latin-1 name, not UTF-8
    with open(raw, "wb") as f:
        f.write(b"x")
    (folder / "back\\slash.txt").write_bytes(b"y")
    manifest = tmp_path / "SHA256SUMS"
    manifest.write_bytes(
        hashlib.sha256(b"x").hexdigest().encode() + b"  src/caf\xe9.txt\n"
        + b"\\" + hashlib.sha256(b"y").hexdigest().encode() + b"  src/back\\\\slash.txt\n"
    )
    m = read(manifest)
    assert m.algorithm == "SHA-256"
    assert os.fsdecode(raw) in m.digests
    assert str(folder / "back\\slash.txt") in m.digests


def test_job_file_and_csv_carry_producer_checksums(records, tmp_path):
    from earchive.csvjobs import read_csv
    from earchive.jobs import load_job, submission_to_dict

    manifest = sums(records, "md5")
    job = tmp_path / "job.json"
    job.write_text(json.dumps({
        "defaults": {"submitting_agent": {"name": "Org"}, "output_dir": str(tmp_path)},
        "packages": [{"sources": [str(records)], "producer_checksums": [{"path": manifest.name, "algorithm": "MD5"}]}],
    }), encoding="utf-8")
    sub = load_job(job).packages[0].submission
    assert sub.producer_checksums == [ProducerChecksums(manifest, "MD5")]
    assert submission_to_dict(sub, tmp_path)["producer_checksums"] == [{"path": manifest.name, "algorithm": "MD5"}]

    csv = tmp_path / "rows.csv"
    csv.write_text(f"source;title;producer_checksums\n{records.name};T;{manifest.name}\n", encoding="utf-8")
    job = read_csv(csv, cli_defaults={"submitting_agent": {"name": "Org"}, "output_dir": str(tmp_path)})
    assert job.packages[0].submission.producer_checksums == [ProducerChecksums(manifest)]
