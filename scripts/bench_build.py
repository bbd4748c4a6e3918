#!/usr/bin/env python3
"""Benchmark: earchive's builder beside cp + sync, openssl and bagit-python, on the same files, in one run.

    .venv/bin/python scripts/bench_build.py              # the full run (about 4 minutes on 2 cores, 3 GB of disk)
    .venv/bin/python scripts/bench_build.py --quick      # a small smoke run (about 30 s)
    .venv/bin/python scripts/bench_build.py --only b --small-files 50000 --workdir /mnt/usb

Four figures (issue 2, point 9, and issue 14), each measured side by side with its peers:

(a) 1 GiB in four large random (non-compressible) files: the time of ``build_package`` (and
    of ``earchive build`` once, start-up included) against ``cp -r`` of the same files plus
    ``sync``, the unavoidable cost of writing a copy; goal at most 1.1 times.  The build and
    cp + sync run twice each and the best of each is compared.  Printed beside it:
    ``openssl dgst -sha256`` over the files and ``bagit.make_bag`` (sha256) on a copy of
    them, which read and hash but write no copy.
(b) 20,000 small files of 0-8 KiB (text, CSV, XML, HTML, and PDF, PNG and JPEG files with
    minimal valid headers, plus some that nothing identifies) in nested folders: files per
    second of a whole build, PRONOM identification and MIME types included; goal at least
    0.75 times ``bagit.make_bag(processes=2)`` on a copy of the files, in the same run (and
    at least 2,000 on two cores).  Both run twice; the best of each is compared.
(c) Peak memory (maximum resident set size, VmHWM) while building a 100,000-file package:
    the building process plus its format-identification helper process, each one's peak
    added up (an upper bound); goal under 300 MB.  Beside it: bagit on a copy of the same
    files (its main process plus its hashing workers).
(d) A 20 GB delivery of 2,000 files split into parts of at most 5 GB (a parent and its
    child packages, ``--max-package-size 5GB``): the build's time against ``cp -r`` + ``sync``
    of the same files (information; only with ``--only d`` or ``--only abcd``: about 45 GB of disk).

Every measured step runs in a child process of its own (the build, cp, openssl, bagit), so
each starts the same way and its memory is its own.  Before each step the page cache is dropped (``sync; echo 3 > /proc/sys/vm/drop_caches``) when this script
may do so (root on Linux); otherwise every step runs on a warm cache and the output says so.
Library-API and bagit times are those of the call itself, measured in the child; cp,
openssl and CLI times are wall-clock times of the whole command.

The data is generated under ``--workdir`` (default: a temporary folder beside the
repository, i.e. on the same disk; not /tmp, which may be in memory) and removed at the
end unless ``--keep``.  Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: Goals (issue 2, point 9, tightened by issue 14): (a) at most this times cp -r + sync;
#: (b) at least this share of bagit-python's files per second in the same run (and the
#: absolute floor of issue 2); (c) peak memory of a 100,000-file build.
GOAL_LARGE_RATIO = 1.1
GOAL_SMALL_VS_BAGIT = 0.75
GOAL_FILES_PER_SECOND = 2000
GOAL_PEAK_MB = 300
MB = 1_000_000
MIB = 1 << 20


# --------------------------------------------------------------------------------------
# Test data
# --------------------------------------------------------------------------------------


def make_large_files(folder: Path, total_bytes: int, count: int, seed: int = 1) -> int:
    """``count`` files of random bytes, ``total_bytes`` together; return the bytes written."""
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    per_file = total_bytes // count
    if count > 64:  # many files: one random block, each file a different rotation of it (fast to make)
        block = rng.randbytes(16 * MIB)
        for i in range(count):
            with open(folder / f"scan-{i + 1:05d}.tif.raw", "wb") as f:
                left, offset = per_file, (i * 7919) % len(block)
                while left > 0:
                    piece = (block[offset:] + block[:offset])[: min(left, len(block))]
                    f.write(piece)
                    left -= len(piece)
        return per_file * count
    chunk = 16 * MIB
    for i in range(count):
        with open(folder / f"scan-{i + 1:02d}.tif.raw", "wb") as f:
            left = per_file
            while left > 0:
                n = min(chunk, left)
                f.write(rng.randbytes(n))
                left -= n
    return per_file * count


_WORDS = (
    "protokoll kommunstyrelsen sammanträde beslut ärende diarienummer handling arkiv bevarande "
    "leverans nämnd ordförande justering paragraf bilaga yttrande remiss förslag budget "
    "meeting minutes decision record archive appraisal retention schedule series volume"
).split()


def _text(rng: random.Random, size: int) -> bytes:
    words = []
    length = 0
    while length < size:
        word = rng.choice(_WORDS)
        words.append(word)
        length += len(word.encode()) + 1
        if rng.random() < 0.08:
            words.append("\n")
    # Cut to size without splitting a UTF-8 sequence: the text stays valid UTF-8.
    return " ".join(words).encode()[:size].decode("utf-8", "ignore").encode()


def _png(rng: random.Random, size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    width = max(1, min(64, size // 64))
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(max(1, size // (width * 3 + 1))))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(raw) // (width * 3 + 1), 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


def _pdf(rng: random.Random, size: int) -> bytes:
    body = _text(rng, max(0, size - 400)).decode().replace("(", "").replace(")", "").replace("\\", "")
    stream = f"BT /F1 12 Tf 72 720 Td ({body}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _jpeg(rng: random.Random, size: int) -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + b"\xff\xfe\x00\x10earchive bench!" + rng.randbytes(max(0, size - 40)) + b"\xff\xd9"


def _xml(rng: random.Random, size: int) -> bytes:
    items = []
    length = 0
    while length < size - 80:
        item = f"  <handling nr=\"{rng.randrange(10**6):06d}\">{_text(rng, rng.randrange(20, 120)).decode()}</handling>\n"
        items.append(item)
        length += len(item.encode())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<arende>\n' + "".join(items) + "</arende>\n").encode()


def _html(rng: random.Random, size: int) -> bytes:
    return (b"<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Beslut</title></head>\n<body><p>"
            + _text(rng, max(0, size - 120)) + b"</p></body></html>\n")


def _csv(rng: random.Random, size: int) -> bytes:
    rows = ["diarienummer;datum;rubrik"]
    length = 0
    while length < size:
        row = f"KS {rng.randrange(2000, 2024)}/{rng.randrange(1, 999)};2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d};{rng.choice(_WORDS)}"
        rows.append(row)
        length += len(row) + 1
    return "\n".join(rows).encode()[:size].decode("utf-8", "ignore").encode()


#: (share, extension, maker): a mix where most files are text, as in a records delivery.
MIX = (
    (0.62, ".txt", _text),
    (0.08, ".csv", _csv),
    (0.06, ".xml", _xml),
    (0.05, ".html", _html),
    (0.07, ".pdf", _pdf),
    (0.05, ".png", _png),
    (0.04, ".jpg", _jpeg),
    (0.03, ".dat", lambda rng, size: rng.randbytes(size)),  # nothing identifies it: libmagic's turn
)


def make_small_files(folder: Path, count: int, max_size: int = 8192, seed: int = 2) -> tuple[int, dict[str, int]]:
    """``count`` files of 0..``max_size`` bytes in the :data:`MIX`, 100 per folder, three levels deep."""
    rng = random.Random(seed)
    shares = [m[0] for m in MIX]
    kinds: dict[str, int] = {}
    total = 0
    for i in range(count):
        leaf = folder / f"serie-{i // 5000:02d}" / f"volym-{i // 500 % 10:02d}" / f"akt-{i // 100 % 5:02d}"
        if i % 100 == 0:
            leaf.mkdir(parents=True, exist_ok=True)
        _, ext, maker = rng.choices(MIX, shares)[0]
        size = 0 if rng.random() < 0.01 else rng.randrange(1, max_size + 1)
        data = maker(rng, size) if size else b""
        (leaf / f"handling-{i:06d}{ext}").write_bytes(data)
        kinds[ext] = kinds.get(ext, 0) + 1
        total += len(data)
    return total, kinds


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    """One measured child process."""

    seconds: float  # the call itself (reported by the child) or the wall-clock time of the command
    wall: float
    max_rss: int  # bytes: the child's peak, or that of its largest descendant if larger (wait4)
    detail: dict = field(default_factory=dict)

    @property
    def own_rss(self) -> int:
        return self.detail.get("self_maxrss", self.max_rss)

    @property
    def children_rss(self) -> list[int]:
        return self.detail.get("children_maxrss", [])


class Caches:
    """Drops the page cache before each step, or says that it cannot."""

    def __init__(self, enabled: bool = True) -> None:
        self.can_drop = enabled and self._drop()

    @staticmethod
    def _drop() -> bool:
        os.sync()
        try:
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
            return True
        except OSError:
            return False

    def before_step(self, warm: list[Path]) -> None:
        """Drop the cache, or (when that is not allowed) read ``warm`` so every step starts warm."""
        if self.can_drop:
            self._drop()
            return
        os.sync()
        for folder in warm:
            for path in folder.rglob("*"):
                if path.is_file():
                    with open(path, "rb") as f:
                        while f.read(MIB):
                            pass

    def describe(self) -> str:
        if self.can_drop:
            return "page cache dropped before every measured step (cold reads for all)"
        return "page cache could NOT be dropped (not root?): every step ran on a warm cache, the same for all"


def run_child(argv: list[str], result_file: Path | None = None) -> Run:
    """Run ``argv`` and return its wall time, peak RSS (``os.wait4``) and what it wrote to ``result_file``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child alone, not of all children
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv[:4])} ... exited with {proc.returncode}:\n"
                               f"{err.read().decode(errors='replace')[-3000:]}\n{out.read().decode(errors='replace')[-1000:]}")
    detail = json.loads(result_file.read_text()) if result_file else {}
    seconds = detail.get("seconds", wall)
    return Run(seconds, wall, usage.ru_maxrss * 1024, detail)


def child_argv(kind: str, spec: dict) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(spec)]


def _child(kind: str, spec: dict) -> int:
    """Body of a child process: run one step, write its figures as JSON to spec['result']."""
    import threading

    result: dict = {}
    stop = threading.Event()
    peaks: dict[int, int] = {}
    sampler = threading.Thread(target=_sample_children, args=(stop, peaks), daemon=True)
    if spec.get("memory"):  # only where memory is the figure: sampling costs a little CPU
        sampler.start()
    if kind == "build":
        from earchive import Agent, AgentKind, BuildOptions, Representation, Submission
        from earchive.builder import build_package

        submission = Submission(
            objid=spec["objid"],
            label="earchive benchmark",
            submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelby kommun", identification_code="ORG:2120000001"),
            representations=[Representation("rep1", [Path(p) for p in spec["sources"]])],
        )
        options = BuildOptions(Path(spec["output"]), as_zip=spec.get("zip", False), workers=spec["workers"],
                               max_package_size=spec.get("max_package_size", 0))
        started = time.perf_counter()
        built = build_package(submission, options)
        result = {"seconds": time.perf_counter() - started, "files": built.files, "bytes": built.bytes,
                  "package": str(built.package_path), "parts": len(built.parts)}
    elif kind == "bagit":
        import logging

        import bagit

        logging.getLogger("bagit").setLevel(logging.WARNING)
        started = time.perf_counter()
        bagit.make_bag(spec["folder"], checksums=["sha256"], processes=spec["processes"])
        result = {"seconds": time.perf_counter() - started}
    elif kind == "baseline":
        from lxml import etree  # noqa: F401

        from earchive import builder, mets, premis  # noqa: F401  what every build imports

        result = {"seconds": 0.0}
    else:
        raise SystemExit(f"unknown child kind {kind}")
    stop.set()
    if sampler.is_alive():
        sampler.join()
    # Peak RSS (VmHWM) of this process and of each of its child processes (the build's
    # identification helper, bagit's workers), sampled from /proc while they ran.
    # VmHWM rather than getrusage's ru_maxrss: a child started by fork+exec inherits in
    # ru_maxrss the RSS of its parent at the moment of the fork.
    result["self_maxrss"] = _vmhwm_kb() * 1024
    result["children_maxrss"] = [kb * 1024 for kb in peaks.values()]
    Path(spec["result"]).write_text(json.dumps(result))
    return 0


def _sample_children(stop, peaks: dict[int, int]) -> None:
    """Record the VmHWM (kB) of every child process of this one, every 0.1 s, until ``stop``.

    VmHWM is itself a maximum, so sampling misses at most what a child gains in its
    last tenth of a second.
    """
    me = os.getpid()
    while not stop.wait(0.1):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
                if int(stat.rpartition(")")[2].split()[1]) != me:  # field 4: the parent's pid
                    continue
                status = Path(entry.path, "status").read_text()
            except (OSError, ValueError, IndexError):
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    pid = int(entry.name)
                    peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]))


def _vmhwm_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _earchive_cli() -> list[str]:
    exe = Path(sys.executable).with_name("earchive")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "earchive"]


class Bench:
    def __init__(self, workdir: Path, caches: Caches, workers: int) -> None:
        self.workdir = workdir
        self.caches = caches
        self.workers = workers
        self.rows: list[tuple[str, ...]] = []
        self.notes: list[str] = []
        self._n = 0
        self.last_parts = 0

    def _tmp(self, name: str) -> Path:
        self._n += 1
        return self.workdir / f"{self._n:02d}-{name}"

    def build(self, sources: list[Path], objid: str, memory: bool = False, max_package_size: int = 0) -> Run:
        out = self._tmp("out")
        out.mkdir()
        result = self._tmp("result.json")
        self.caches.before_step(sources)
        run = run_child(child_argv("build", {"sources": [str(s) for s in sources], "output": str(out), "objid": objid,
                                            "workers": self.workers, "result": str(result), "memory": memory,
                                            "max_package_size": max_package_size}), result)
        self.last_parts = len(list(out.iterdir()))
        shutil.rmtree(out)
        return run

    def build_cli(self, sources: list[Path]) -> Run:
        out = self._tmp("out-cli")
        out.mkdir()
        self.caches.before_step(sources)
        run = run_child([*_earchive_cli(), "build", *map(str, sources), "--output", str(out), "--objid", "BENCH-CLI",
                         "--title", "earchive benchmark", "--submitting-agent", "Exempelby kommun", "--quiet"])
        shutil.rmtree(out)
        return run

    def cp_sync(self, source: Path) -> Run:
        target = self._tmp("cp")
        self.caches.before_step([source])
        started = time.perf_counter()
        subprocess.run(["cp", "-r", str(source), str(target)], check=True)
        subprocess.run(["sync"], check=True)
        seconds = time.perf_counter() - started
        shutil.rmtree(target)
        return Run(seconds, seconds, 0)

    def openssl(self, files: list[Path]) -> Run:
        self.caches.before_step([files[0].parent])
        return run_child(["openssl", "dgst", "-sha256", *map(str, files)])

    def bagit(self, source: Path, processes: int, memory: bool = False) -> Run:
        copy = self._tmp("bag")
        shutil.copytree(source, copy)  # bagit moves files around: never on the originals
        result = self._tmp("result.json")
        self.caches.before_step([copy])
        run = run_child(child_argv("bagit", {"folder": str(copy), "processes": processes, "result": str(result),
                                             "memory": memory}), result)
        shutil.rmtree(copy)
        return run

    def baseline(self) -> Run:
        result = self._tmp("result.json")
        return run_child(child_argv("baseline", {"result": str(result)}), result)

    def row(self, *cells: str) -> None:
        self.rows.append(cells)

    # --- the three figures --------------------------------------------------------------------

    def large(self, total: int, count: int) -> None:
        source = self.workdir / "large"
        print(f"(a) writing {count} random files, {total / MIB:.0f} MiB ...", flush=True)
        written = make_large_files(source, total, count)
        files = sorted(source.iterdir())
        label = f"{written / MIB:.0f} MiB in {count} files"
        cp = self.cp_sync(source)
        print(f"    cp -r + sync: {cp.seconds:.2f} s", flush=True)
        api = self.build([source], "BENCH-LARGE")
        print(f"    earchive build_package: {api.seconds:.2f} s", flush=True)
        cli = self.build_cli([source])
        print(f"    earchive build (CLI): {cli.seconds:.2f} s", flush=True)
        ssl = self.openssl(files)
        print(f"    openssl dgst -sha256: {ssl.seconds:.2f} s", flush=True)
        bag = self.bagit(source, self.workers)
        print(f"    bagit make_bag: {bag.seconds:.2f} s", flush=True)
        # Both sides twice, the best of each: a disk that is busy for a moment hurts either.
        cp2 = self.cp_sync(source)
        print(f"    cp -r + sync again: {cp2.seconds:.2f} s", flush=True)
        api2 = self.build([source], "BENCH-LARGE")
        print(f"    earchive build_package again: {api2.seconds:.2f} s", flush=True)
        base = min(cp.seconds, cp2.seconds)
        ours = min(api.seconds, api2.seconds)
        rate = written / MB / ours
        ratio = ours / base
        self.row(f"(a) {label}: build_package", f"{ours:.2f} s ({api.seconds:.2f}, {api2.seconds:.2f}; {rate:.0f} MB/s)",
                 "cp -r + sync", f"{base:.2f} s ({cp.seconds:.2f}, {cp2.seconds:.2f})", f"{ratio:.2f}x",
                 f"<= {GOAL_LARGE_RATIO}x", "PASS" if ratio <= GOAL_LARGE_RATIO else "FAIL")
        self.row("    earchive build (CLI, start-up included)", f"{cli.seconds:.2f} s", "cp -r + sync", f"{base:.2f} s",
                 f"{cli.seconds / base:.2f}x", f"(<= {GOAL_LARGE_RATIO}x)", "info")
        self.row("    (reads and hashes, writes no copy)", "", "openssl dgst -sha256", f"{ssl.seconds:.2f} s",
                 f"{ours / ssl.seconds:.2f}x", "", "info")
        self.row("", "", f"bagit make_bag sha256, {self.workers} proc.", f"{bag.seconds:.2f} s",
                 f"{ours / bag.seconds:.2f}x", "", "info")
        shutil.rmtree(source)

    def small(self, count: int) -> None:
        source = self.workdir / "small"
        print(f"(b) writing {count:,} small files ...", flush=True)
        total, kinds = make_small_files(source, count)
        mix = ", ".join(f"{n} {ext}" for ext, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        self.notes.append(f"(b) {count:,} files, {total / MB:.1f} MB: {mix}")
        runs, bags = [], []
        for attempt in range(2):  # both sides twice, the best of each (a busy moment hurts either)
            runs.append(self.build([source], "BENCH-SMALL"))
            print(f"    earchive build_package: {runs[-1].seconds:.2f} s, {count / runs[-1].seconds:.0f} files/s", flush=True)
            bags.append(self.bagit(source, self.workers))
            print(f"    bagit make_bag: {bags[-1].seconds:.2f} s, {count / bags[-1].seconds:.0f} files/s", flush=True)
        cp = self.cp_sync(source)
        print(f"    cp -r + sync: {cp.seconds:.2f} s, {count / cp.seconds:.0f} files/s", flush=True)
        best = min(r.seconds for r in runs)
        bag_best = min(b.seconds for b in bags)
        ours, theirs = count / best, count / bag_best
        ratio = ours / theirs
        self.row(f"(b) {count:,} files of 0-8 KiB: files/s",
                 f"{ours:,.0f}/s ({', '.join(f'{r.seconds:.2f}' for r in runs)} s)",
                 f"bagit make_bag, {self.workers} proc.",
                 f"{theirs:,.0f}/s ({', '.join(f'{b.seconds:.2f}' for b in bags)} s)", f"{ratio:.2f}x",
                 f">= {GOAL_SMALL_VS_BAGIT}x bagit, >= {GOAL_FILES_PER_SECOND:,}/s",
                 "PASS" if ratio >= GOAL_SMALL_VS_BAGIT and ours >= GOAL_FILES_PER_SECOND else "FAIL")
        self.row("    (copies, identifies, writes METS/PREMIS)", "", "cp -r + sync",
                 f"{count / cp.seconds:,.0f}/s ({cp.seconds:.2f} s)", f"{ours / (count / cp.seconds):.2f}x", "", "info")
        shutil.rmtree(source)

    def split(self, total: int, count: int, part: int) -> None:
        """(d) A large delivery of many files split into parts of ``part`` bytes, against cp -r + sync."""
        source = self.workdir / "delivery"
        print(f"(d) writing {count:,} files, {total / 1e9:.1f} GB ...", flush=True)
        written = make_large_files(source, total, count, seed=4)
        cp = self.cp_sync(source)
        print(f"    cp -r + sync: {cp.seconds:.1f} s", flush=True)
        api = self.build([source], "BENCH-SPLIT", max_package_size=part)
        parts = self.last_parts
        print(f"    earchive build_package, split into parts of {part / 1e9:.0f} GB: {api.seconds:.1f} s, "
              f"{parts} packages", flush=True)
        ratio = api.seconds / cp.seconds
        self.row(f"(d) {written / 1e9:.1f} GB in {count:,} files, parts of {part / 1e9:.0f} GB: build_package",
                 f"{api.seconds:.1f} s ({written / MB / api.seconds:.0f} MB/s; parent + {parts - 1} parts)",
                 "cp -r + sync", f"{cp.seconds:.1f} s", f"{ratio:.2f}x", "", "info")
        shutil.rmtree(source)

    def memory(self, count: int) -> None:
        source = self.workdir / "many"
        print(f"(c) writing {count:,} small files ...", flush=True)
        total, _ = make_small_files(source, count, seed=3)
        base = self.baseline()
        api = self.build([source], "BENCH-MEMORY", memory=True)
        # The build's own process plus its identification helper (a child process, when
        # there is one): the sum of the two peaks, an upper bound of what the build held.
        helper = sum(api.children_rss)
        ours = api.own_rss + helper
        split = f"{api.own_rss / MB:.0f} MB build + {helper / MB:.0f} MB helper" if helper else "one process"
        print(f"    earchive build_package: peak {ours / MB:.0f} MB ({split}), {api.seconds:.1f} s "
              f"({count / api.seconds:.0f} files/s)", flush=True)
        bag = self.bagit(source, self.workers, memory=True)
        # bagit hashes in `processes` forked workers: its main process plus its workers.
        theirs = bag.own_rss + sum(bag.children_rss)
        print(f"    bagit make_bag: peak {theirs / MB:.0f} MB ({bag.own_rss / MB:.0f} MB main + workers "
              f"{', '.join(f'{w / MB:.0f}' for w in bag.children_rss)} MB), {bag.seconds:.1f} s", flush=True)
        self.row(f"(c) {count:,} files ({total / MB:.0f} MB): peak RSS", f"{ours / MB:.0f} MB ({split})",
                 f"bagit make_bag, {self.workers} proc.", f"{theirs / MB:.0f} MB", f"{ours / theirs:.2f}x",
                 f"< {GOAL_PEAK_MB} MB", "PASS" if ours < GOAL_PEAK_MB * MB else "FAIL")
        self.row("    (Python with earchive and lxml imported)", f"{base.own_rss / MB:.0f} MB", "", "", "", "", "info")
        self.row("    the same build: files/s", f"{count / api.seconds:,.0f}/s ({api.seconds:.1f} s)",
                 "bagit make_bag", f"{count / bag.seconds:,.0f}/s ({bag.seconds:.1f} s)", "", "", "info")
        shutil.rmtree(source)


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def machine(workdir: Path) -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    import earchive

    def pkg(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        pass
    try:
        import pygfried

        siegfried = pygfried.version()
    except Exception:  # noqa: BLE001 - printed as unknown
        siegfried = "?"
    try:
        from lxml import etree

        libxml = ".".join(map(str, etree.LIBXML_VERSION))
    except Exception:  # noqa: BLE001
        libxml = "?"
    openssl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip() or "openssl ?"
    fs = subprocess.run(["stat", "-f", "-c", "%T", str(workdir)], capture_output=True, text=True).stdout.strip()
    return [
        f"machine: {os.cpu_count()} cores ({usable} usable), {model}{memory}; {platform.system()} {platform.release()}",
        f"python {platform.python_version()}; earchive {earchive.__version__}; pygfried {pkg('pygfried')} "
        f"(siegfried {siegfried}); lxml {pkg('lxml')} (libxml2 {libxml}); python-magic {pkg('python-magic')}; "
        f"bagit {pkg('bagit')}; {openssl}",
        f"workdir: {workdir} ({fs or '?'} file system)",
    ]


def print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("figure", "earchive", "peer", "peer figure", "ratio", "goal", "result")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print(line)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a small smoke run: 64 MiB, 2,000 and 5,000 files (the goals are still printed)")
    parser.add_argument("--only", default="abc", help="which figures: any of a, b, c, d (default abc; d needs about "
                                                       "45 GB of free disk)")
    parser.add_argument("--split-gb", type=float, help="(d) size of the delivery in GB (default 20)")
    parser.add_argument("--split-files", type=int, default=2000, help="(d) number of files (default 2000)")
    parser.add_argument("--part-gb", type=float, default=5, help="(d) the parts' maximum size in GB (default 5)")
    parser.add_argument("--large-mib", type=int, help="(a) total size in MiB (default 1024)")
    parser.add_argument("--large-files", type=int, default=4, help="(a) number of large files (default 4)")
    parser.add_argument("--small-files", type=int, help="(b) number of small files (default 20000)")
    parser.add_argument("--memory-files", type=int, help="(c) number of files (default 100000)")
    parser.add_argument("--workers", type=int, default=2, help="workers for earchive and bagit (default 2)")
    parser.add_argument("--workdir", type=Path, help="where to make the data (default: a temporary folder beside the repository)")
    parser.add_argument("--warm", action="store_true", help="do not drop the page cache (every step runs warm)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child[0], json.loads(args.child[1]))

    large_mib = args.large_mib or (64 if args.quick else 1024)
    small_files = args.small_files or (2000 if args.quick else 20_000)
    memory_files = args.memory_files or (5000 if args.quick else 100_000)
    parent = args.workdir or (REPO.parent if os.access(REPO.parent, os.W_OK) else REPO)
    parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".earchive-bench-build-", dir=parent))
    caches = Caches(enabled=not args.warm)
    bench = Bench(workdir, caches, args.workers)
    started = time.perf_counter()
    print(f"earchive build benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    for line in machine(workdir):
        print(line)
    print(caches.describe(), flush=True)
    try:
        if "a" in args.only:
            bench.large(large_mib * MIB, args.large_files)
        if "b" in args.only:
            bench.small(small_files)
        if "c" in args.only:
            bench.memory(memory_files)
        if "d" in args.only:
            split_gb = args.split_gb or (0.5 if args.quick else 20)
            part_gb = args.part_gb if not args.quick else 0.125
            bench.split(int(split_gb * 1e9), 200 if args.quick else args.split_files, int(part_gb * 1e9))
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print_table(bench.rows)
    for note in bench.notes:
        print(note)
    print(caches.describe())
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    failed = [r for r in bench.rows if r[-1] == "FAIL"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
