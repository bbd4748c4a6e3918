"""A METS too large to parse (issue 3, point 5): a finding that says how to check it, never a MemoryError.

Policy (docs/benchmarks-validate.md): each METS is parsed once into one tree, which needs about
``MEMORY_PER_METS_BYTE`` (13, with a margin) times the file's size in memory.  A METS over ``max_mets_bytes``
(default ``MAX_METS_BYTES``, 100 MB; ``--max-mets-size`` on the command line), or over what the
free memory allows, is not parsed: METS-XSD fails with ``v.mets_too_large`` / ``v.mets_no_memory``
and the rest of the package is still checked.  The limit is lowered here so that the code path
runs on a METS of a few MB; the 200 MB case is in scripts/bench_validate.py (``--big-mets``).
"""

from __future__ import annotations

import time
from pathlib import Path

from earchive.cli import main as cli
from earchive.exitcodes import ExitCode
from earchive.validation import Severity, Status, engine, validate_package
from test_validation_package import findings_of, make_package

#: One fileSec entry naming a file that does not exist (so that CSIP79 fails for each).
ENTRY = ('<file ID="big-{i}" MIMETYPE="text/plain" SIZE="1" CREATED="2024-05-17T09:00:00Z" CHECKSUM="'
         + "0" * 64 + '" CHECKSUMTYPE="SHA-256"><FLocat LOCTYPE="URL" xlink:type="simple" '
         'xlink:href="representations/rep1/data/saknas-{i}.txt"/></file>\n')


def grow_mets(mets: Path, size: int) -> int:
    """Add broken file entries to the first fileGrp of ``mets`` until it is over ``size`` bytes; return how many."""
    head, tail = mets.read_bytes().split(b"</fileGrp>", 1)
    entries = []
    total = len(head) + len(tail) + len(b"</fileGrp>")
    while total <= size:
        entries.append(ENTRY.format(i=len(entries)).encode("utf-8"))
        total += len(entries[-1])
    mets.write_bytes(head + b"".join(entries) + b"</fileGrp>" + tail)
    assert mets.stat().st_size > size
    return len(entries)


def test_a_mets_over_the_limit_is_not_parsed_and_the_finding_says_how_to_check_it(tmp_path):
    package = make_package(tmp_path, "2.2.0")
    mets = package / "METS.xml"
    grow_mets(mets, 3 << 20)
    size_mb = -(-mets.stat().st_size // (1 << 20))
    started = time.monotonic()
    report = validate_package(package, max_mets_bytes=2 << 20)
    assert time.monotonic() - started < 10
    [finding] = [f for f in findings_of(report, "METS-XSD") if f.code == "v.mets_too_large"]
    assert finding.file == "METS.xml" and finding.severity is Severity.ERROR
    assert finding.params == {"path": "METS.xml", "size": size_mb, "limit": 2, "memory": -(-mets.stat().st_size * 13 // (1 << 20)),
                              "suggest": size_mb + 1}
    assert finding.message("en").startswith(f"METS too large to check fully: METS.xml is {size_mb} MB; the limit is 2 MB")
    hint = f"--max-mets-size {size_mb + 1}"
    assert hint in finding.message("en") and hint in finding.message("sv")
    assert report.mets_files == ["METS.xml", "representations/rep1/METS.xml"]
    assert not report.valid and report.exit_code is ExitCode.INVALID_PACKAGE
    # The root METS was not read, so its own requirements are skipped, not passed; the representation
    # METS (under the limit) was checked as usual.
    assert report.result("CSIP60").status is Status.SKIPPED
    assert report.result("CSIP67").status is Status.PASSED
    assert report.result("METS-XSD").status is Status.FAILED


def test_raising_the_limit_checks_the_same_mets_fully(tmp_path):
    package = make_package(tmp_path, "2.2.0")
    count = grow_mets(package / "METS.xml", 3 << 20)
    report = validate_package(package, max_mets_bytes=4 << 20)
    assert not [f for f in findings_of(report, "METS-XSD") if f.code == "v.mets_too_large"]
    result = report.result("CSIP79")
    assert result.status is Status.FAILED
    # One finding per broken reference, capped at 1000 kept plus one that counts the rest.
    assert len(result.findings) == 1001 and result.findings[-1].code == "v.findings_capped"
    assert result.findings[-1].params["count"] == count - 1000


def test_cli_max_mets_size_option(tmp_path, capsys):
    package = make_package(tmp_path, "2.2.0")
    grow_mets(package / "representations/rep1/METS.xml", (1 << 20) + 1000)
    assert cli(["validate", str(package), "--json", "--max-mets-size", "1", "--no-fixity"]) == ExitCode.INVALID_PACKAGE
    out = capsys.readouterr().out
    assert '"code": "v.mets_too_large"' in out and "representations/rep1/METS.xml" in out
    # Raised: the METS is read; its broken references are what fails now, not its size.
    assert cli(["validate", str(package), "--json", "--max-mets-size", "2", "--no-fixity"]) == ExitCode.INVALID_PACKAGE
    out = capsys.readouterr().out
    assert "v.mets_too_large" not in out and '"code": "v.href_missing"' in out
    assert cli(["validate", str(package), "--max-mets-size", "0"]) == ExitCode.INVALID_INPUT
    assert "not a whole number of megabytes" in capsys.readouterr().err


def test_a_mets_larger_than_the_free_memory_is_not_parsed(tmp_path, monkeypatch):
    package = make_package(tmp_path, "2.2.0")
    mets = package / "representations/rep1/METS.xml"
    grow_mets(mets, 2 << 20)
    size_mb = -(-mets.stat().st_size // (1 << 20))
    # 12 MB free: enough for the root METS's tree (a few kB), not for the representation METS's.
    monkeypatch.setattr(engine, "available_memory", lambda: 12 << 20)
    report = validate_package(package)
    [finding] = [f for f in findings_of(report, "METS-XSD") if f.code == "v.mets_no_memory"]
    assert finding.file == "representations/rep1/METS.xml"
    assert finding.message("en") == (
        f"Not enough memory to check representations/rep1/METS.xml ({size_mb} MB): it needs about "
        f"{-(-mets.stat().st_size * 13 // (1 << 20))} MB and 12 MB is free. It was not checked, so the package "
        "cannot be confirmed valid. Close other programs or check the package on a computer with more memory.")
    assert report.result("CSIP60").status is Status.PASSED  # the root METS was checked
    assert not report.valid


def test_memory_error_while_parsing_is_a_finding_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.slim, "SLIM_BYTES", 1 << 40)  # the tree path (a slim read is tested in test_validation_slim.py)
    package = make_package(tmp_path, "2.2.0")
    real_parse = engine.schemas.parse_xml

    def parse(source, *, name=None, **options):
        if name == "representations/rep1/METS.xml":
            raise MemoryError
        return real_parse(source, name=name, **options)

    monkeypatch.setattr(engine.schemas, "parse_xml", parse)
    report = validate_package(package)
    assert [f.file for f in report.findings if f.code == "v.mets_no_memory"] == ["representations/rep1/METS.xml"]
    assert report.result("METS-XSD").status is Status.FAILED
    assert report.result("CSIP1").status is Status.PASSED  # the root METS was checked as usual


def test_a_200_mb_mets_is_refused_at_once_with_the_default_limit(tmp_path):
    """The default limit stops a 200 MB METS before any parsing: seconds, not minutes and gigabytes."""
    package = make_package(tmp_path, "2.2.0")
    mets = package / "representations/rep1/METS.xml"
    with open(mets, "ab") as fh:  # size is all the limit looks at: pad the file after its end tag
        fh.truncate(200 << 20)
    started = time.monotonic()
    report = validate_package(package, check_fixity=False)
    assert time.monotonic() - started < 10
    [finding] = [f for f in report.findings if f.code == "v.mets_too_large"]
    assert finding.params["size"] == 200 and finding.params["limit"] == engine.MAX_METS_BYTES >> 20
    assert finding.params["memory"] == 2600
