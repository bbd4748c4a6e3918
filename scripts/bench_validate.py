#!/usr/bin/env python3
"""Benchmark: earchive's validator vs eark-validator 1.1.3 on the same 20,000-file package, in one run.

    python scripts/bench_validate.py                          # build a 20,000-file 2.1.0 package, time both
    python scripts/bench_validate.py --files 2000 --size 4096 # smaller
    python scripts/bench_validate.py --package out/SIP-1      # time both on an existing package

The package is built with earchive's own builder (2.1.0, the newest version eark-validator
knows) from generated files of varied sizes around ``--size`` bytes, in folders of 500.
Then, on the warm page cache: earchive validates it with checksums (every file hashed),
eark-validator validates it (it has no working checksum option, see
../shared/reference/validators.md), and earchive once more; for the folder, the same
package as a ZIP, and a variant whose root METS lists every file.  Printed: both times,
MB hashed, and how many requirements each checks.  Not a test: timings depend on the machine.

What to expect (2-core VM, 20,000 files, 375 MB): eark-validator reads the root METS only,
so on the builder's layout it never opens the representation METS that lists the files;
on a ZIP it first unpacks everything; on a single METS listing 20,000 files it crashes
(it reads each file element's FLocat at iterparse's "start" event, before the parser
has necessarily read it).
eark-validator runs from its own venv (tests/support/eark_validator.py); when it cannot
be installed (no network) only earchive's time is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # tests/support/eark_validator.py


def build(workdir: Path, files: int, size: int, version: str) -> Path:
    """Build a package of ``files`` generated files with earchive's builder; return its folder."""
    from earchive import Agent, AgentKind, BuildOptions, Representation, Submission
    from earchive.builder import build_package

    source = workdir / "records"
    rng = random.Random(20000)
    block = os.urandom(1 << 20)
    for i in range(files):
        folder = source / f"serie-{i // 500:03d}"
        if i % 500 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        n = max(1, int(rng.uniform(0.2, 1.8) * size))
        start = rng.randrange(0, len(block) - min(n, len(block)) + 1)
        data = (block[start:start + n] * (n // len(block) + 1))[:n]
        (folder / f"handling-{i:06d}.txt").write_bytes(b"Diarienummer %06d\n" % i + data)
    out = workdir / "out"
    out.mkdir()
    submission = Submission(
        objid="BENCH-20000",
        label="Benchmark package",
        submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelby kommun", identification_code="ORG:2120000001"),
        representations=[Representation("rep1", [source])],
        spec_version=version,
    )
    started = time.perf_counter()
    result = build_package(submission, BuildOptions(out, workers=max(1, os.cpu_count() or 2)))
    print(f"built {result.package_path} ({files} files) in {time.perf_counter() - started:.1f} s")
    return result.package_path


def flatten(package: Path) -> Path:
    """A copy of ``package`` whose root METS lists every file (no representation METS).

    eark-validator 1.1.3 reads the root METS only, so on the builder's layout (files listed
    in representations/rep1/METS.xml) it never sees the 20,000 file entries.  In this
    layout, which CSIP allows too, both validators have every entry to check.
    """
    from lxml import etree

    mets_ns = "http://www.loc.gov/METS/"
    xlink = "{http://www.w3.org/1999/xlink}href"
    flat = package.with_name(package.name + "-flat")
    shutil.copytree(package, flat)
    root_tree = etree.parse(str(flat / "METS.xml"))
    reps = sorted((flat / "representations").glob("*/METS.xml"))
    for rep_mets in reps:
        rep = etree.parse(str(rep_mets)).getroot()
        prefix = rep_mets.parent.relative_to(flat).as_posix() + "/"
        grp = next(g for g in root_tree.iter(f"{{{mets_ns}}}fileGrp")
                   if any(loc.get(xlink) == prefix + "METS.xml" for loc in g.iter(f"{{{mets_ns}}}FLocat")))
        for child in list(grp):
            grp.remove(child)
        for data_grp in rep.iter(f"{{{mets_ns}}}fileGrp"):
            if not (data_grp.get("USE") or "").endswith("/data"):
                continue
            for file_el in data_grp.iter(f"{{{mets_ns}}}file"):
                file_el.set("ID", f"{rep_mets.parent.name}-{file_el.get('ID')}")
                loc = file_el.find(f"{{{mets_ns}}}FLocat")
                loc.set(xlink, prefix + loc.get(xlink))
                grp.append(file_el)
        shutil.rmtree(rep_mets.parent / "metadata", ignore_errors=True)
        rep_mets.unlink()
    for mptr in list(root_tree.iter(f"{{{mets_ns}}}mptr")):
        div = mptr.getparent()
        div.remove(mptr)
        div.set("LABEL", "Representations")  # a content division (CSIP101) instead of a representation division
    root_tree.write(str(flat / "METS.xml"), xml_declaration=True, encoding="UTF-8")
    return flat


def time_earchive(package: Path, version: str | None):
    from earchive.validation import Status, validate_package

    started = time.perf_counter()
    report = validate_package(package, version, check_fixity=True)
    seconds = time.perf_counter() - started
    checked = sum(1 for r in report.results if r.status is not Status.SKIPPED)
    return seconds, report, checked


def time_eark_validator(package: Path, version: str):
    try:
        from support.eark_validator import run_eark_validator
    except ImportError as exc:
        return None, f"tests/support/eark_validator.py not available ({exc})"
    started = time.perf_counter()
    try:
        result = run_eark_validator(package, version)
    except BaseException as exc:  # pytest.skip (no venv, offline) is a BaseException
        if isinstance(exc, KeyboardInterrupt):
            raise
        return None, f"eark-validator could not run: {exc}"
    return time.perf_counter() - started, result


def compare(title: str, package: Path, version: str) -> None:
    """Time earchive, eark-validator, earchive again on ``package``; print the result."""
    total = sum(p.stat().st_size for p in package.rglob("*") if p.is_file()) if package.is_dir() \
        else package.stat().st_size
    print(f"\n== {title}: {package} ({total / 1e6:.1f} MB)")
    first, report, checked = time_earchive(package, version)
    eark_seconds, eark = time_eark_validator(package, version)
    second, report, checked = time_earchive(package, version)
    ours = min(first, second)
    print(f"earchive validate, checksums on: {ours:.2f} s ({first:.2f} s, {second:.2f} s); "
          f"{report.bytes_hashed / 1e6:.0f} MB hashed in {len(report.mets_files)} METS file(s); "
          f"{checked} requirements checked; valid={report.valid}, {report.counts()['error']} errors")
    if eark_seconds is None:
        print(f"eark-validator: not timed: {eark}")
        return
    eark_rules = len({f.rule_id for f in eark.findings})
    print(f"eark-validator 1.1.3:            {eark_seconds:.2f} s; valid={eark.is_valid}, {len(eark.errors)} errors "
          f"({len(eark.known_false_positives())} known false positives), {eark_rules} rule IDs reported; "
          "root METS only, no sizes or checksums verified")
    print(f"earchive time / eark-validator time: {ours / eark_seconds:.2f} (speed-up {eark_seconds / ours:.1f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, help="time an existing package instead of building one")
    parser.add_argument("--files", type=int, default=20_000, help="files in the generated package (default 20000)")
    parser.add_argument("--size", type=int, default=16_384, help="average file size in bytes (default 16384)")
    parser.add_argument("--version", default="2.1.0", choices=["2.0.4", "2.1.0"],
                        help="specification version (eark-validator knows 2.0.4 and 2.1.0 only)")
    parser.add_argument("--keep", action="store_true", help="keep the generated package")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="earchive-bench-validate-"))
    try:
        package = Path(args.package) if args.package else build(workdir, args.files, args.size, args.version)
        layouts = [("as given", package)] if args.package else [
            ("folder, builder layout: the files are listed in the representation METS", package),
            ("the same package as a ZIP", Path(shutil.make_archive(str(package), "zip", package.parent, package.name))),
            ("folder, one METS listing every file (no representation METS)", flatten(package)),
        ]
        for title, path in layouts:
            compare(title, path, args.version)
        return 0
    finally:
        if args.keep and not args.package:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
