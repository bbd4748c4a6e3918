"""Format identification in the helper process (large builds): same results, never a failed build.

Builds of 1,000 or more files identify in a child process (earchive.formats._Helper) while
the copy goes on; these tests lower that threshold and check that the helper really runs,
that its identifications equal the in-process ones, that a helper that dies is replaced
by identification in the building process, and that cancelling leaves nothing behind and
no helper running.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from earchive import Agent, AgentKind, BuildOptions, Representation, Submission
from earchive import formats
from earchive.builder import build_package
from earchive.errors import Cancelled
from earchive.progress import CancelToken
from support.oracles import MINIMAL_PDF

PREMIS = "{http://www.loc.gov/premis/v3}"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    for i in range(40):
        sub = root / f"mapp{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = i % 4
        if kind == 0:
            (sub / f"brev {i}.txt").write_text(f"Brev nummer {i}\n" * (i + 1), encoding="utf-8")
        elif kind == 1:
            (sub / f"rapport-{i}.pdf").write_bytes(MINIMAL_PDF)
        elif kind == 2:
            (sub / f"bild_{i}.png").write_bytes(PNG)
        else:
            (sub / f"data-{i}.xml").write_text(f'<?xml version="1.0"?><post nr="{i}"/>', encoding="utf-8")
    (root / "tom.dat").write_bytes(b"")
    return root


class SpyHelper(formats._Helper):
    started: list["SpyHelper"] = []
    kill_at_start = False

    def __init__(self, fallback) -> None:
        super().__init__(fallback)
        SpyHelper.started.append(self)
        if SpyHelper.kill_at_start:
            self._process.kill()


@pytest.fixture
def spy(monkeypatch):
    SpyHelper.started = []
    SpyHelper.kill_at_start = False
    monkeypatch.setattr(formats, "_Helper", SpyHelper)
    return SpyHelper


def build(records: Path, out: Path, *, helper: bool, monkeypatch, **kw):
    monkeypatch.setattr(formats, "PROCESS_MIN_FILES", 0 if helper else 10**9)
    out.mkdir(parents=True, exist_ok=True)
    sub = Submission(objid="SE-HELPER-1", label="Helper test",
                     submitting_agent=Agent(AgentKind.SUBMITTER, "Exempelkommun"),
                     representations=[Representation("rep1", [records])])
    return build_package(sub, BuildOptions(out, workers=2), **kw)


def identifications(package: Path) -> dict[str, tuple[str, str]]:
    """original name -> (PRONOM id, format name) from the representation PREMIS."""
    out = {}
    for premis in (package / "representations").glob("*/metadata/preservation/*.xml"):
        for obj in etree.parse(str(premis)).iter(f"{PREMIS}object"):
            name = obj.findtext(f"{PREMIS}originalName")
            if name is None:
                continue
            key = obj.findtext(f".//{PREMIS}formatRegistryKey") or ""
            fmt = obj.findtext(f".//{PREMIS}formatName") or ""
            out[name] = (key, fmt)
    return out


def mimetypes(package: Path) -> dict[str, str]:
    mets = etree.parse(str(package / "representations" / "rep1" / "METS.xml"))
    return {f.find("{http://www.loc.gov/METS/}FLocat").get("{http://www.w3.org/1999/xlink}href"): f.get("MIMETYPE")
            for f in mets.iter("{http://www.loc.gov/METS/}file")}


def test_helper_identifies_the_same_as_in_process(records, tmp_path, monkeypatch, spy):
    here = build(records, tmp_path / "here", helper=False, monkeypatch=monkeypatch)
    assert spy.started == []
    there = build(records, tmp_path / "there", helper=True, monkeypatch=monkeypatch)
    assert len(spy.started) == 1, "the helper process was not used"
    assert spy.started[0]._process.poll() is not None, "the helper still runs after the build"

    ids_here, ids_there = identifications(here.package_path), identifications(there.package_path)
    assert len(ids_here) == 41
    assert ids_there == ids_here
    assert ids_there["records/mapp1/rapport-1.pdf"][0].startswith("fmt/")
    assert ids_there["records/mapp2/bild_2.png"][0] in {"fmt/11", "fmt/12", "fmt/13"}
    assert mimetypes(there.package_path) == mimetypes(here.package_path)


def test_a_helper_that_dies_is_replaced_by_identification_here(records, tmp_path, monkeypatch, spy):
    reference = build(records, tmp_path / "ref", helper=False, monkeypatch=monkeypatch)
    spy.kill_at_start = True
    result = build(records, tmp_path / "out", helper=True, monkeypatch=monkeypatch)
    assert len(spy.started) == 1 and spy.started[0]._process.poll() is not None
    assert identifications(result.package_path) == identifications(reference.package_path)


def test_cancel_during_identification_leaves_nothing_and_stops_the_helper(records, tmp_path, monkeypatch, spy):
    token = CancelToken()
    seen = []

    def progress(event):
        seen.append(event.phase)
        if event.files_done >= 5:
            token.cancel()

    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        build(records, out, helper=True, monkeypatch=monkeypatch, progress=progress, cancel=token)
    assert list(out.iterdir()) == []
    assert len(spy.started) == 1
    assert spy.started[0]._process.poll() is not None, "the helper outlived the cancelled build"
    assert records.exists() and len(list(records.rglob("*"))) == 45  # 41 files + 4 folders, untouched


def every_byte(package: Path) -> dict[str, bytes]:
    return {str(p.relative_to(package)): p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}


def test_a_pool_of_two_helpers_shares_the_work_and_writes_byte_identical_metadata(records, tmp_path, monkeypatch, spy):
    requests: dict[int, int] = {}
    real_request = SpyHelper.request

    def counting(self, request):
        if request[0] == "identify":
            requests[id(self)] = requests.get(id(self), 0) + 1
        return real_request(self, request)

    monkeypatch.setattr(SpyHelper, "request", counting)
    monkeypatch.setattr(formats, "BATCH", 3)  # many small batches, so that both helpers get some
    from earchive import builder

    real_iso = builder.iso
    monkeypatch.setattr(builder, "iso", lambda *a: real_iso(*a) if a else "2026-12-03T10:00:00Z")  # one build time
    here = build(records, tmp_path / "here", helper=False, monkeypatch=monkeypatch)
    monkeypatch.setattr(formats, "POOL_MIN_FILES", 0)
    pooled = build(records, tmp_path / "pool", helper=True, monkeypatch=monkeypatch)
    assert len(spy.started) == 2, "the pool did not start two helpers"
    assert len(requests) == 2 and all(n >= 1 for n in requests.values()), requests
    assert all(h._process.poll() is not None for h in spy.started), "a helper outlived the build"
    assert every_byte(pooled.package_path) == every_byte(here.package_path)  # METS, PREMIS, report: byte-identical


def test_the_pool_is_sized_to_the_work(monkeypatch):
    monkeypatch.delenv(formats.PROCESSES_ENV, raising=False)
    monkeypatch.setattr(formats.os, "cpu_count", lambda: 2)
    assert formats.helper_processes(2, 500) == 0  # small: in this process
    assert formats.helper_processes(1, 20_000) == 0  # one core for this build (a batch of two builds)
    assert formats.helper_processes(2, 2_000) == 1
    assert formats.helper_processes(2, 20_000) == 2
    assert formats.helper_processes(2, 100_000) == 1  # the memory of a second siegfried is not spent
    monkeypatch.setenv(formats.PROCESSES_ENV, "1")
    assert formats.helper_processes(2, 20_000) == 1
