"""Large deliveries split into a parent and numbered child packages: every part valid, linked, checked as a set."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from earchive import Agent, AgentKind, BuildOptions, DublinCore, EadDescription, Representation, Submission
from earchive.builder import build_package
from earchive.cli import main
from earchive.errors import Cancelled, InvalidInput
from earchive.progress import CancelToken
from earchive.split import INDEX_NAME, STRUCTMAP_LABEL
from earchive.validation import validate_package
from earchive.validation.parts import check_set, expand, read_part

from support.oracles import assert_valid

NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
CASE_BYTES = 3 * 200_000


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """Eight case folders (ärenden) of three 200 kB files each, and one loose file."""
    root = tmp_path / "Ärenden"
    for n in range(1, 9):
        folder = root / f"KS 2023-{n:03d}"
        folder.mkdir(parents=True)
        for k in range(1, 4):
            (folder / f"handling {k}.bin").write_bytes(hashlib.sha256(f"{n}-{k}".encode()).digest() * 6250)
    (root / "diarium.txt").write_text("Diarium 2023\n", encoding="utf-8")
    return root


def submission(sources: list[Path], version: str = "2.2.0", **kw) -> Submission:
    kw.setdefault("objid", "SE-KS-2023")
    return Submission(
        label="Kommunstyrelsens ärenden 2023", spec_version=version,
        submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelkommun"),
        representations=[Representation("rep1", sources)],
        descriptive=[DublinCore({"title": ["Kommunstyrelsens ärenden 2023"], "creator": ["Kommunstyrelsen"]}),
                     EadDescription("Kommunstyrelsens ärenden", level="series")],
        **kw,
    )


def data_files(package: Path) -> dict[str, int]:
    """Package-relative paths of content files (below representations/*/data) with their sizes."""
    out = {}
    for path in package.joinpath("representations").rglob("*"):
        parts = path.relative_to(package).parts
        if path.is_file() and len(parts) > 3 and parts[2] == "data":
            out["/".join(parts[3:])] = path.stat().st_size
    return out


def all_xml_valid(package: Path) -> None:
    assert_valid("mets", package / "METS.xml")
    for mets in package.glob("representations/*/METS.xml"):
        assert_valid("mets", mets)
    for premis in package.rglob("premis.xml"):
        assert_valid("premis", premis)


def test_a_delivery_split_by_size_keeps_cases_whole_and_every_part_is_valid_and_linked(cases, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    whole = tmp_path / "whole"
    whole.mkdir()
    unsplit = build_package(submission([cases], objid="SE-WHOLE"), BuildOptions(whole))
    options = BuildOptions(out, max_package_size=3 * CASE_BYTES + (1 << 20) + 200_000, unit_depth=1)
    result = build_package(submission([cases], roda_parent_id="fonds-ks"), options)

    assert result.package_path == out / "SE-KS-2023"
    names = [p.name for p in result.parts]
    assert names == [f"SE-KS-2023-part-{n:03d}" for n in range(1, len(names) + 1)]
    assert len(names) == 3  # 3 + 3 + 2 cases (and the loose file)
    assert sorted(p.name for p in out.iterdir()) == sorted(["SE-KS-2023", *names])

    # Every content file is in exactly one child, under the path it has in an unsplit package; no case is divided.
    seen: dict[str, int] = {}
    for child in result.parts:
        files = data_files(child)
        assert not set(files) & set(seen)
        seen.update(files)
        cases_here = {"/".join(f.split("/")[:2]) for f in files if f.count("/") == 2}
        for case in cases_here:
            assert sum(1 for f in files if f.startswith(case + "/")) == 3
    assert seen == data_files(unsplit.package_path)
    assert data_files(result.package_path) == {f"{INDEX_NAME}": (result.package_path / "representations" / "parts" / "data" / INDEX_NAME).stat().st_size}

    # The index in the parent lists every file with the child that holds it and its checksum.
    with open(result.package_path / "representations" / "parts" / "data" / INDEX_NAME, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(seen) == result.files == 25
    for row in rows:
        path = out / row["package"] / "representations" / row["representation"] / row["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["checksum"]

    # Each part: official schemas, earchive's validator; the set: complete.
    for package in [result.package_path, *result.parts]:
        all_xml_valid(package)
        report = validate_package(package)
        assert report.valid, [str(f) for f in report.findings if f.level == "MUST"][:5]
    infos = [read_part(p) for p in expand([out])]
    assert check_set(infos) == []

    # Links: the parent lists the children in order; each child names the parent, its order, and RODA's ancestors.
    parent = etree.parse(str(result.package_path / "METS.xml"))
    listed = parent.xpath(f"//mets:structMap[@LABEL='{STRUCTMAP_LABEL}']//mets:div[@TYPE='child IP']", namespaces=NS)
    assert [d.get("ORDER") for d in listed] == ["1", "2", "3"]
    assert [d.find("mets:mptr", NS).get("{http://www.w3.org/1999/xlink}href") for d in listed] == names
    assert parent.xpath("//mets:structMap[@LABEL='RODA structural map']//mets:mptr/@xlink:href", namespaces=NS) == ["fonds-ks"]
    for number, child in enumerate(result.parts, start=1):
        tree = etree.parse(str(child / "METS.xml"))
        assert tree.getroot().get("OBJID") == child.name
        div = tree.xpath(f"//mets:structMap[@LABEL='{STRUCTMAP_LABEL}']/mets:div", namespaces=NS)[0]
        assert (div.get("ORDER"), div.get("ORDERLABEL")) == (str(number), f"{number} of 3")
        assert div.xpath("mets:div/mets:mptr/@xlink:href", namespaces=NS) == ["SE-KS-2023"]
        ancestors = tree.xpath("//mets:structMap[@LABEL='RODA structural map']//mets:mptr/@xlink:href", namespaces=NS)
        assert ancestors == ["SE-KS-2023", "fonds-ks"]  # nearest first, as commons-ip writes them
        dc = etree.parse(str(child / "metadata" / "descriptive" / "dc.xml")).getroot()
        assert dc.findtext("title").endswith((f"(part {number} of 3)", f"(del {number} av 3)"))
        assert "SE-KS-2023" in [e.text for e in dc.iter("relation")]
        assert not (child / "metadata" / "descriptive" / "ead.xml").exists()  # the parent describes the whole
    report = (result.package_path / "documentation" / "earchive-package-report.txt").read_text(encoding="utf-8")
    assert all(name in report for name in names)


def test_split_by_file_count_in_2_1_0_passes_eark_validator(cases, tmp_path, eark_validator):
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([cases], "2.1.0"), BuildOptions(out, max_package_files=10))
    assert [len(data_files(p)) for p in result.parts] == [10, 10, 5]  # files, not cases: --unit-depth not given
    for package in [result.package_path, *result.parts]:
        all_xml_valid(package)
        found = eark_validator(package, "2.1.0")
        assert not found.errors_excluding_known_false_positives(), found.summary()


def test_a_case_larger_than_the_limit_gets_a_part_of_its_own_with_a_warning(cases, tmp_path):
    big = cases / "KS 2023-004" / "film.bin"
    big.write_bytes(b"\0" * 3_000_000)
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([cases]), BuildOptions(out, max_package_size=2_500_000, unit_depth=1))
    holder = [p for p in result.parts if any("KS 2023-004" in f for f in data_files(p))]
    assert len(holder) == 1 and len([f for f in data_files(holder[0]) if "KS 2023-004" in f]) == 4
    warnings = [n for n in result.notes if n.code == "report.split_part_too_large"]
    assert warnings and warnings[0].level == "warning" and "KS 2023-004" in warnings[0].params["path"]


def test_a_delivery_within_the_limits_is_one_package(cases, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([cases]), BuildOptions(out, max_package_size="1GB"))
    assert result.parts == [] and [p.name for p in out.iterdir()] == ["SE-KS-2023"]


def test_cancel_while_a_later_part_is_written_leaves_no_part_at_all(cases, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    token = CancelToken()

    def progress(event):
        if event.package.endswith("-part-002") and event.files_done:
            token.cancel()

    with pytest.raises(Cancelled):
        build_package(submission([cases]), BuildOptions(out, max_package_files=10, workers=1), progress, token)
    assert list(out.iterdir()) == []


def test_zip_parts_and_the_cli_with_json(cases, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    code = main(["build", str(cases), "--output", str(out), "--title", "T", "--submitting-agent", "Org",
                 "--objid", "SE-Z", "--zip", "--max-package-files", "12", "--unit-depth", "1", "--json"])
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    parts = document["packages"][0]["parts"]
    assert [Path(p).name for p in parts] == ["SE-Z-part-001.zip", "SE-Z-part-002.zip", "SE-Z-part-003.zip"]
    for path in [out / "SE-Z.zip", *map(Path, parts)]:
        with zipfile.ZipFile(path) as zf:
            assert zf.namelist()[0] == path.stem + "/"
        assert validate_package(path).valid
    assert main(["validate", str(out), "--quiet"]) == 0


def test_the_validator_names_what_is_wrong_with_a_set(cases, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([cases]), BuildOptions(out, max_package_files=10))
    parent, first, second, third = result.package_path, *result.parts
    assert main(["validate", str(parent), str(first), str(third), "--quiet", "--lang", "en"]) == 1
    text = capsys.readouterr().out
    assert "Part 2 (SE-KS-2023-part-002), listed by SE-KS-2023, is missing" in text
    assert main(["validate", str(first), str(second), "--quiet"]) == 1
    assert "No parent package" in capsys.readouterr().out
    # --json: stdout holds one JSON object for the whole set (issue 11, point 4)
    assert main(["validate", str(first), str(second), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["set"]["valid"] is False and len(document["packages"]) == 2

    other = tmp_path / "other"
    other.mkdir()
    alone = build_package(submission([cases], objid="SE-OTHER"), BuildOptions(other))
    infos = [read_part(p) for p in (parent, first, second, third, alone.package_path)]
    codes = [f.code for f in check_set(infos)]
    assert codes == ["set.not_a_part"]
    # A child that claims another place in the order.
    mets = second / "METS.xml"
    mets.write_text(mets.read_text(encoding="utf-8").replace('ORDER="2" ORDERLABEL="2 of 3"', 'ORDER="3" ORDERLABEL="3 of 3"'),
                    encoding="utf-8")
    assert [f.code for f in check_set([read_part(p) for p in (parent, first, second, third)])] == ["set.order"]


def test_sizes_are_read_with_units_and_refused_with_a_clear_message(cases, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    code = main(["build", str(cases), "--output", str(out), "--title", "T", "--submitting-agent", "Org",
                 "--max-package-size", "fem gigabyte", "--lang", "en"])
    assert code == 2
    assert "a size such as 5GB, 700MB or 4GiB" in capsys.readouterr().err
    assert BuildOptions(out, max_package_size="4 GiB").max_package_size == 4 << 30
    with pytest.raises(InvalidInput):
        BuildOptions(out, max_package_size=10)


def test_a_resumed_batch_skips_a_split_delivery_only_while_every_part_is_intact(cases, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    rows = tmp_path / "rows.csv"
    rows.write_text(f"source;objid;title;max_package_files\n{cases};SE-B;B;10\n", encoding="utf-8")
    args = ["batch", str(rows), "--output", str(out), "--submitting-agent", "Org", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)["packages"][0]
    assert len(first["parts"]) == 3
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["packages"][0]["status"] == "skipped"
    shutil.rmtree(first["parts"][1])
    main(args)
    again = json.loads(capsys.readouterr().out)["packages"][0]
    assert again["status"] == "failed"  # a part is gone: not skipped, and the rest is never overwritten
    assert os.path.isdir(first["package"])


@pytest.mark.parametrize("version", ["2.2.0", "2.1.0"])
def test_roda_reads_every_part_whole_with_the_parent_as_ancestor(cases, tmp_path, version):
    roda = pytest.importorskip("support.roda_parser", reason="RODA's parser (commons-ip) comes with issue 10")
    out = tmp_path / "out"
    out.mkdir()
    result = build_package(submission([cases], version, roda_parent_id="fonds-ks"),
                           BuildOptions(out, max_package_files=12, unit_depth=1))
    parts = [result.package_path, *result.parts]
    readings = roda.read_many(parts)
    for package, reading in zip(parts, readings):
        roda.assert_read_whole(package, reading)  # valid for RODA, every data file, documentation, metadata
        report = roda.commons_ip_validate(package, version)
        assert report.failed == {}, (package.name, report.failed)
    assert readings[0].ancestors == ["fonds-ks"]
    assert all(r.ancestors == ["SE-KS-2023", "fonds-ks"] for r in readings[1:])
    got = sorted(f for r in readings[1:] for f in r.representations["rep1"].files)
    assert got == sorted(f for p in result.parts for f in data_files(p))
