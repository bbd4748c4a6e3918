#!/usr/bin/env python3
"""Hostile inputs and memory of `earchive validate`: time, peak memory and outcome of each, in one run.

    python scripts/bench_validate_hostile.py                    # the hostile table (issue 11, point 2 and its peers)
    python scripts/bench_validate_hostile.py --memory           # + a folder package of 100,000 files (issue 12, point 10)
    python scripts/bench_validate_hostile.py --memory --package out/BIG   # an existing large package

Each input is validated by `earchive validate INPUT --json` in a process of its own; the table gives
the wall time, the process's peak memory (VmHWM), the exit code and what the JSON says (the error
code of an unreadable package, or the requirements that failed).  The goal of issue 12, point 10:
a folder package of 100,000 files under 300 MB.  Not a test: figures depend on the machine.
The cases are built in a temporary folder (the largest, 1.9 million empty ZIP entries, is 230 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from bench_validate import EARCHIVE_DRIVER, build  # noqa: E402

#: Goal of issue 12, point 10 (MB).
MEMORY_GOAL_MB = 300


def run(path: Path, *extra: str) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, outcome) of ``earchive validate PATH --json``."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", EARCHIVE_DRIVER, "validate", str(path), "--json", "-q", *extra],
                          capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"})
    seconds = time.perf_counter() - started
    peak = next((float(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_MB")), 0.0)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        return seconds, peak, proc.returncode, f"no JSON (stderr: {proc.stderr.strip()[-200:]})"
    if data.get("error"):
        outcome = f"refused: {data['error']['code']}"
    else:
        failed = [r["id"] for r in data["requirements"] if r["status"] == "failed"]
        outcome = ("valid" if data["valid"] else "not valid: " + ", ".join(failed[:6]) + ("…" if len(failed) > 6 else ""))
    return seconds, peak, proc.returncode, outcome


# --- the hostile inputs ---------------------------------------------------------------------------


def zip_of_zeros(path: Path, entries: int, size: int, root: str = "pkg") -> Path:
    """``entries`` deflated entries of ``size`` zeros each, the compressed stream made once."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, crc, chunk, left = [], 0, bytes(1 << 24), size
    while left:
        piece = chunk[: min(left, len(chunk))]
        parts.append(deflater.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    data = b"".join(parts) + deflater.flush()
    central = bytearray()
    with open(path, "wb") as fh:
        for i in range(entries):
            name = f"{root}/representations/rep1/data/z{i:07d}.bin".encode()
            offset = fh.tell()
            fh.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0))
            fh.write(name + data)
            central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                   len(name), 0, 0, 0, 0, 0o100644 << 16, offset) + name
        start = fh.tell()
        fh.write(central)
        if entries >= 0xFFFF:  # ZIP64 end records for the entry count
            end64 = fh.tell()
            fh.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, len(central), start))
            fh.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, end64, 1))
            fh.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
        else:
            fh.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(central), start, 0))
    return path


def clean_package(work: Path) -> Path:
    from test_validation_package import make_package

    return make_package(work / "clean", "2.2.0")


def zipped(package: Path, target: Path, extra: dict[str, bytes] | None = None, links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                zf.write(path, f"{package.name}/{path.relative_to(package).as_posix()}")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        for name, target_name in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, target_name)
    return target


def with_mets(package: Path, target: Path, text: str) -> Path:
    shutil.copytree(package, target)
    (target / "METS.xml").write_text(text, encoding="utf-8")
    return target


def cases(work: Path, big: bool) -> list[tuple[str, Path, tuple[str, ...]]]:
    pkg = clean_package(work)
    out = [("a clean package (folder), for comparison", pkg, ())]
    out.append(("the same as a ZIP", zipped(pkg, work / "clean.zip"), ()))
    out.append(("ZIP, 600 entries x 15 MiB of zeros (9 GiB from 9 MB)", zip_of_zeros(work / "zeros.zip", 600, 15 << 20), ()))
    out.append(("ZIP, 1 entry of 3 GiB of zeros (1 : 1000+)", zip_of_zeros(work / "one.zip", 1, 3 << 30), ()))
    if big:
        out.append(("ZIP, 1,900,000 empty entries", zip_of_zeros(work / "many.zip", 1_900_000, 0), ()))
    out.append(("ZIP with ../ (zip-slip) and an absolute path",
                zipped(pkg, work / "slip.zip", {"../../evil.txt": b"x", "/etc/evil": b"x"}), ()))
    out.append(("ZIP with a symbolic link to /etc/passwd", zipped(pkg, work / "link.zip", links={f"{pkg.name}/data": "/etc/passwd"}), ()))
    truncated = work / "truncated.zip"
    truncated.write_bytes((work / "clean.zip").read_bytes()[:-200])
    out.append(("ZIP cut short (last 200 bytes missing)", truncated, ()))
    tar = work / "bomb.tar.gz"
    with tarfile.open(tar, "w:gz") as tf:
        for i in range(40):
            info = tarfile.TarInfo(f"pkg/z{i}.bin")
            info.size = 16 << 20
            tf.addfile(info, fileobj=_Zeros(info.size))
    out.append(("TAR.GZ, 40 x 16 MiB of zeros", tar, ()))
    header = (pkg / "METS.xml").read_text(encoding="utf-8")
    xxe = header.replace("<?xml version='1.0' encoding='UTF-8'?>",
                         "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", 1)
    out.append(("METS with an external entity (XXE)", with_mets(pkg, work / "xxe", xxe.replace("<mets:metsHdr", "&x;<mets:metsHdr", 1)), ()))
    laughs = "<!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\">" + "".join(
        f"<!ENTITY {chr(98 + i)} \"{('&' + chr(97 + i) + ';') * 10}\">" for i in range(9)) + "]>"
    out.append(("METS with a billion laughs", with_mets(pkg, work / "laughs", f"<?xml version='1.0'?>{laughs}<m>&j;</m>"), ()))
    deep = "<?xml version='1.0'?>" + "<a>" * 100_000 + "</a>" * 100_000
    out.append(("METS nested 100,000 deep", with_mets(pkg, work / "deep", deep), ()))
    odd = work / "odd"
    shutil.copytree(pkg, odd)
    (odd / "representations/rep1/data" / "na\u0308me-NFD.txt").write_bytes(b"x")
    os.mkfifo(odd / "representations/rep1/data/fifo")
    (odd / "representations/rep1/data/loop").symlink_to("loop")
    try:
        (odd / os.fsdecode(b"representations/rep1/data/latin1-\xe5\xe4\xf6.txt")).write_bytes(b"x")
    except OSError:
        pass
    out.append(("folder with NFD, Latin-1 name, FIFO, symlink loop", odd, ()))
    return out


class _Zeros:
    def __init__(self, size: int) -> None:
        self.left = size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return bytes(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--memory", action="store_true", help="also validate a folder package of 100,000 files")
    parser.add_argument("--package", type=Path, help="the large package to measure (default: build one)")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--no-big", action="store_true", help="leave out the 1.9-million-entry ZIP (230 MB on disk)")
    args = parser.parse_args(argv)
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    work = Path(tempfile.mkdtemp(prefix="earchive-hostile-"))
    try:
        print(f"\n| input | time | peak memory | exit | outcome |\n|---|---:|---:|---:|---|")
        for label, path, extra in cases(work, not args.no_big):
            seconds, peak, code, outcome = run(path, *extra)
            print(f"| {label} | {seconds:.2f} s | {peak:.0f} MB | {code} | {outcome} |", flush=True)
            if path.is_file() and path.stat().st_size > (64 << 20):
                path.unlink()
        if args.memory:
            package = args.package or build(work / "big", args.files, 1024, "2.1.0")
            for extra in ((), ("--no-fixity",)):
                seconds, peak, code, outcome = run(package, *extra)
                verdict = "meets" if peak < MEMORY_GOAL_MB else "MISSES"
                print(f"\nfolder package of {args.files:,} files {' '.join(extra)}: {seconds:.1f} s, peak {peak:.0f} MB "
                      f"({verdict} the goal of {MEMORY_GOAL_MB} MB); exit {code}; {outcome}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
