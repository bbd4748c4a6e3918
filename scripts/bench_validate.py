#!/usr/bin/env python3
"""Benchmark: `earchive validate` vs eark-validator 1.1.3 on the same package, in the same run.

    python scripts/bench_validate.py                           # build a 20,000-file 2.1.0 package, time both
    python scripts/bench_validate.py --files 2000 --size 4096  # smaller
    python scripts/bench_validate.py --package out/SIP-1       # an existing package
    python scripts/bench_validate.py --big-mets                # also: a package whose METS is 200 MB

Each tool runs as a command, the way a user runs it, in its own process (start-up included):
``earchive validate PKG --json`` with checksums and with ``--no-fixity``, and ``eark-validator
-c -r PKG`` (its "Calculate and verify package checksums" and "recurse into representations"
flags; in 1.1.3 both are parsed and then ignored: it verifies no size or checksum and reads the
root METS only, see docs/benchmarks-validate.md).  The runs alternate, ``--repeat`` times, on
the warm page cache; the best time of each is printed, with the median, the peak memory, what
each tool read and how many requirements it checked.  earchive's time inside the process
(library call, no start-up) is printed too.  Not a test: timings depend on the machine (and on
whatever else it runs: take the figures of a quiet machine).

Layouts, for a generated package (``--files`` files of about ``--size`` bytes, built with
earchive's builder as 2.1.0, the newest version eark-validator knows): the builder's folder
(files listed in representations/rep1/METS.xml), the same as a ZIP, and a folder whose root METS
lists every file (eark-validator 1.1.3 crashes on it: it reads each file element's FLocat at
iterparse's "start" event, before the parser has necessarily read it).

eark-validator runs offline from its own venv (scripts/setup_eark_validator.sh; the vocabularies
it downloads at import are served from ../shared, as tests/support/run_eark_validator.py does);
when the venv cannot be made (no network) only earchive's figures are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # tests/support/eark_validator.py

#: Peak memory of the process since it started its program (VmHWM; ru_maxrss would include the
#: memory of the benchmark process it was forked from).
PEAK = r"""
def peak_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

#: Runs eark-validator's own command line (its ``main()``) offline, inside its venv, and prints
#: one JSON line: import and validation times, peak memory, exit status, and how many rules it has.
EARK_DRIVER = PEAK + r"""
import contextlib, io, json, os, resource, sys, time, urllib.request
from pathlib import Path
import importlib.util
runner_path, vocabularies, version, package = sys.argv[1:5]
# Loaded from its file: with tests/support on sys.path, "eark_validator" would name the harness.
spec = importlib.util.spec_from_file_location("run_eark_validator", runner_path)
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)
runner.refuse_sockets()
urllib.request.urlopen = runner.make_offline_urlopen(Path(vocabularies))
started = time.perf_counter()
from eark_validator.cli import app
from eark_validator import structure
imported = time.perf_counter()
sys.argv = ["eark-validator", "-c", "-r", "-s", "V" + version, package]
out, crash, status = io.StringIO(), None, 0
with contextlib.redirect_stdout(out):
    try:
        app.main()
    except SystemExit as exc:
        status = exc.code or 0
    except Exception as exc:
        crash = f"{type(exc).__name__}: {exc}"
done = time.perf_counter()
report = None
for line in out.getvalue().splitlines():
    if line.startswith("{"):
        report = json.loads(line)
ns = "{http://purl.oclc.org/dsdl/schematron}"
from lxml import etree
root = Path(app.__file__).resolve().parents[1] / "ipxml" / "resources" / "schematron" / ("V" + version)
rules = set()
for kind in ("CSIP", "SIP"):
    for xml in sorted((root / kind).glob("*.xml")):
        rules.update(f"{kind}:{a.get('id')}" for a in etree.parse(str(xml)).iter(ns + "assert", ns + "report") if a.get("id"))
structure_rules = {r["id"] for r in structure.REQUIREMENTS.values()} if isinstance(structure.REQUIREMENTS, dict) else set()
valid = None
if report is not None:
    meta = report.get("metadata") or {}
    valid = (report["structure"]["status"] == "WellFormed"
             and (meta.get("schema_results") or {}).get("status") == "VALID"
             and (meta.get("schematron_results") or {}).get("status") == "VALID")
print(json.dumps({"import_s": imported - started, "validate_s": done - imported, "crash": crash,
                  "valid": valid, "status": status, "rules": len({r.split(':', 1)[1] for r in rules}),
                  "structure_rules": len(structure_rules),
                  "peak_mb": peak_mb()}))
"""

#: Runs ``earchive validate`` (earchive's command line) and reports its own peak memory on stderr.
EARCHIVE_DRIVER = PEAK + r"""
import sys
from earchive.cli import main
code = main(sys.argv[1:])
print("PEAK_MB", peak_mb(), file=sys.stderr)
sys.exit(code)
"""


#: Times one library call (earchive.validation.validate_package) after the imports.
LIBRARY_DRIVER = r"""
import json, sys, time
from earchive.validation import Status, validate_package
started = time.perf_counter()
report = validate_package(sys.argv[1], check_fixity=sys.argv[2] == "1")
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "checked": sum(1 for r in report.results if r.status is not Status.SKIPPED),
                  "requirements": len(report.results), "mets_files": len(report.mets_files),
                  "files": report.files_checked, "bytes_hashed": report.bytes_hashed, "valid": report.valid}))
"""


@dataclass
class Timing:
    """Repeated runs of one tool on one package."""

    label: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    note: str = ""

    def add(self, seconds: float, peak_mb: float = 0.0) -> None:
        self.seconds.append(seconds)
        self.peak_mb = max(self.peak_mb, peak_mb)

    @property
    def best(self) -> float:
        return min(self.seconds)

    def line(self) -> str:
        if not self.seconds:
            return f"  {self.label:44s} not run: {self.note}"
        median = statistics.median(self.seconds)
        memory = f", peak {self.peak_mb:.0f} MB" if self.peak_mb else ""
        return f"  {self.label:44s} {self.best:6.2f} s (median {median:.2f} s{memory}){self.note}"


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
    in representations/rep1/METS.xml) it never sees the file entries.  In this layout, which
    CSIP allows too, both validators have every entry to check.
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


def big_mets_package(workdir: Path, megabytes: int, version: str) -> Path:
    """A small built package whose representation METS is padded with file entries to ``megabytes`` MB.

    The entries name files that do not exist (CSIP79 fails for each; findings are capped).
    """
    package = build(workdir / "big", 10, 1024, version)
    mets = package / "representations" / "rep1" / "METS.xml"
    text = mets.read_bytes()
    match = re.search(rb"</(\w+:)?fileGrp>", text)
    prefix = (match.group(1) or b"").decode()
    head, tail = text[:match.start()], text[match.start():]
    entry = (f'<{prefix}file ID="big-{{i}}" MIMETYPE="text/plain" SIZE="1" CREATED="2024-05-17T09:00:00Z" CHECKSUM="'
             + "0" * 64 + f'" CHECKSUMTYPE="SHA-256"><{prefix}FLocat LOCTYPE="URL" xlink:type="simple" '
             f'xlink:href="data/saknas-{{i}}.txt"/></{prefix}file>\n')
    target = megabytes << 20
    with open(mets, "wb") as fh:
        fh.write(head)
        written, i = len(head), 0
        while written < target:
            chunk = "".join(entry.format(i=i + k) for k in range(10_000)).encode("utf-8")
            fh.write(chunk)
            written += len(chunk)
            i += 10_000
        fh.write(tail)
    print(f"padded {mets} to {mets.stat().st_size >> 20} MB ({i} file entries)")
    return package


def run_earchive_cli(package: Path, *extra: str) -> tuple[float, float, dict]:
    """(wall seconds, peak MB, JSON report) of ``earchive validate PACKAGE --json`` in a new process."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", EARCHIVE_DRIVER, "validate", str(package), "--json", "-q", *extra],
                          capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"})
    seconds = time.perf_counter() - started
    peak = next((float(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_MB")), 0.0)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"earchive validate exited {proc.returncode}: {proc.stderr[-2000:]}")
    return seconds, peak, json.loads(proc.stdout)


def eark_venv() -> tuple[Path | None, str]:
    """eark-validator's venv python, or None and why not."""
    try:
        from support.eark_validator import ensure_eark_validator
    except ImportError as exc:
        return None, f"tests/support/eark_validator.py not available ({exc})"
    try:
        venv = ensure_eark_validator()
    except BaseException as exc:  # pytest.skip (offline) is a BaseException
        if isinstance(exc, KeyboardInterrupt):
            raise
        return None, f"eark-validator could not be installed: {exc}"
    return venv / "bin" / "python", ""


def run_eark_cli(python: Path, package: Path, version: str) -> tuple[float, dict]:
    """(wall seconds, driver's JSON) of ``eark-validator -c -r PACKAGE`` in a new process, offline."""
    from support.eark_validator import VOCABULARIES_DIR

    with tempfile.TemporaryDirectory(prefix="bench-eark-tmp-") as tmp:  # it unpacks archives into TMPDIR
        env = {**os.environ, "TMPDIR": tmp, "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
        started = time.perf_counter()
        proc = subprocess.run([str(python), "-c", EARK_DRIVER, str(REPO / "tests" / "support" / "run_eark_validator.py"),
                               str(VOCABULARIES_DIR),
                               version, str(package)], capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - started
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"eark-validator driver exited {proc.returncode}: {proc.stderr[-2000:]}")
    return seconds, json.loads(proc.stdout.strip().splitlines()[-1])


def in_process(package: Path, fixity: bool) -> tuple[float, dict]:
    """(seconds, summary) of one validate_package call in a fresh process (imports not counted;
    nothing warm from an earlier run in the same process)."""
    proc = subprocess.run([sys.executable, "-c", LIBRARY_DRIVER, str(package), "1" if fixity else "0"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"validate_package failed: {proc.stderr[-2000:]}")
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    return summary["seconds"], summary


def compare(title: str, package: Path, version: str, repeat: int, eark_python: Path | None, why_not: str) -> None:
    """Time both tools on ``package``, alternating, ``repeat`` times; print the figures."""
    total = sum(p.stat().st_size for p in package.rglob("*") if p.is_file()) if package.is_dir() \
        else package.stat().st_size
    print(f"\n== {title}\n   {package} ({total / 1e6:.1f} MB)")
    ours_fix = Timing("earchive validate (checksums)")
    ours_nofix = Timing("earchive validate --no-fixity")
    eark = Timing("eark-validator -c -r", note="" if eark_python else why_not)
    lib_fix = Timing("  earchive library call, checksums")
    lib_nofix = Timing("  earchive library call, no checksums")
    eark_inner = Timing("  eark-validator after its imports")
    report = eark_info = None
    for _ in range(repeat):
        seconds, peak, report = run_earchive_cli(package)
        ours_fix.add(seconds, peak)
        if eark_python is not None:
            try:
                seconds, eark_info = run_eark_cli(eark_python, package, version)
            except RuntimeError as exc:
                eark.note, eark_python = f"failed: {exc}", None
            else:
                if eark_info["crash"]:
                    eark.note, eark_python = f"crashed: {eark_info['crash']}", None
                else:
                    eark.add(seconds, eark_info["peak_mb"])
                    eark_inner.add(eark_info["validate_s"])
        seconds, peak, _ = run_earchive_cli(package, "--no-fixity")
        ours_nofix.add(seconds, peak)
        lib_fix.add(in_process(package, True)[0])
        lib_nofix.add(in_process(package, False)[0])
    _, lib = in_process(package, True)
    for timing in (ours_fix, ours_nofix, eark, lib_fix, lib_nofix, eark_inner):
        if timing is eark_inner and not timing.seconds:
            continue
        print(timing.line())
    print(f"   earchive: valid={report['valid']}, {lib['checked']} of {lib['requirements']} requirements checked "
          f"in {lib['mets_files']} METS file(s), {lib['files']} files listed, "
          f"{lib['bytes_hashed'] / 1e6:.0f} MB hashed (every file's SIZE and CHECKSUM, PREMIS/DC schemas)")
    if eark.seconds and eark_info is not None:
        print(f"   eark-validator: valid={eark_info['valid']}, {eark_info['rules']} Schematron rules (CSIP+SIP) "
              f"+ {eark_info['structure_rules']} structure rules + METS XSD, on the root METS only; "
              "no SIZE or CHECKSUM verified (-c and -r are ignored by 1.1.3)")
        print(f"   eark-validator time / earchive time (whole commands): with checksums "
              f"{eark.best / ours_fix.best:.2f}x, without {eark.best / ours_nofix.best:.2f}x "
              "(above 1: earchive is faster)")


def big_mets(workdir: Path, version: str, megabytes: int) -> None:
    """A 200 MB METS: the default limit refuses it at once; a raised limit checks it fully."""
    package = big_mets_package(workdir, megabytes, version)
    print(f"\n== a package whose representation METS is {megabytes} MB")
    for label, extra in (("default limit", ()), (f"--max-mets-size {megabytes + 100}", ("--max-mets-size", str(megabytes + 100)))):
        seconds, peak, report = run_earchive_cli(package, "--no-fixity", *extra)
        codes = sorted({f["code"] for f in report.get("findings", []) if f.get("requirement") == "METS-XSD"})
        print(f"  earchive validate, {label:28s} {seconds:6.1f} s, peak {peak:.0f} MB; valid={report['valid']}; "
              f"METS-XSD findings: {', '.join(codes) or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, help="time an existing package instead of building one")
    parser.add_argument("--files", type=int, default=20_000, help="files in the generated package (default 20000)")
    parser.add_argument("--size", type=int, default=16_384, help="average file size in bytes (default 16384)")
    parser.add_argument("--version", default="2.1.0", choices=["2.0.4", "2.1.0"],
                        help="specification version (eark-validator knows 2.0.4 and 2.1.0 only)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool per layout (default 3; best is shown)")
    parser.add_argument("--big-mets", action="store_true", help="also time a package whose METS is 200 MB")
    parser.add_argument("--big-mets-mb", type=int, default=200, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the generated packages")
    args = parser.parse_args(argv)

    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    eark_python, why_not = eark_venv()
    workdir = Path(tempfile.mkdtemp(prefix="earchive-bench-validate-"))
    try:
        package = Path(args.package) if args.package else build(workdir, args.files, args.size, args.version)
        layouts = [("as given", package)] if args.package else [
            ("folder, builder layout: the files are listed in the representation METS", package),
            ("the same package as a ZIP", Path(shutil.make_archive(str(package), "zip", package.parent, package.name))),
            ("folder, one METS listing every file (no representation METS)", flatten(package)),
        ]
        for title, path in layouts:
            compare(title, path, args.version, args.repeat, eark_python, why_not)
        if args.big_mets:
            big_mets(workdir, args.version, args.big_mets_mb)
        return 0
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
