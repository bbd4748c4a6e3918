"""The installer build's helpers, without building: icons, the runtime hook, the .deb dependencies."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    """A module of build_scripts/ (not a package), loaded from its file."""
    spec = importlib.util.spec_from_file_location(f"build_scripts_{name}", ROOT / "build_scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deb_depends = _script("deb_depends")
make_icons = _script("make_icons")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_icons_are_rendered_from_the_svg(tmp_path, qapp):
    written = make_icons.make_icons(tmp_path)
    assert {p.name for p in written} >= {"earchive.png", "earchive.ico", "earchive-16.png", "earchive-256.png"}
    png = (tmp_path / "earchive.png").read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    assert struct.unpack(">II", png[16:24]) == (256, 256)  # IHDR width, height

    ico = (tmp_path / "earchive.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.SIZES))
    sizes = []
    for i in range(count):
        width, height, _colors, _r, planes, bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i: 22 + 16 * i])
        assert (planes, bits) == (1, 32)
        assert ico[offset: offset + 8] == PNG_SIGNATURE and offset + length <= len(ico)
        sizes.append(width or 256)
        assert width == height
    assert sizes == sorted(make_icons.SIZES)


def test_runtime_hook_points_magic_at_the_bundled_database(tmp_path):
    (tmp_path / "libmagic").mkdir()
    (tmp_path / "libmagic" / "magic.mgc").write_bytes(b"db")
    hook = ROOT / "build_scripts" / "hooks" / "rth_earchive.py"
    code = f"import sys, os; sys._MEIPASS = {str(tmp_path)!r}; exec(open({str(hook)!r}).read()); print(os.environ.get('MAGIC'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "MAGIC": "/elsewhere/magic.mgc"})
    expected = "/elsewhere/magic.mgc" if sys.platform == "win32" else str(tmp_path / "libmagic" / "magic.mgc")
    assert done.stdout.strip() == expected


@pytest.mark.skipif(shutil.which("objdump") is None or shutil.which("dpkg") is None, reason="needs binutils and dpkg")
def test_deb_depends_maps_missing_libraries_to_packages(tmp_path):
    """A "bundle" holding only a copy of the interpreter: every library it needs maps to a package."""
    shutil.copy(os.path.realpath(sys.executable), tmp_path / "python")
    needed = deb_depends.needed(tmp_path / "python") - deb_depends.LOADER
    entries, unknown = deb_depends.depends(tmp_path)
    assert unknown == []
    assert entries[0] == f"libc6 (>= {deb_depends.glibc_version([tmp_path / 'python'])})"
    assert "libc.so.6" in needed
    if "libz.so.1" in needed:
        assert "zlib1g" in entries


@pytest.mark.slow
def test_setup_sh_prints_no_editable_install_notice():
    """./setup.sh is quiet when all is well, so that a real warning is seen (setuptools' 10-line
    "Editable installation" notice is silenced, nothing else)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(["bash", str(root / "setup.sh"), "--no-run"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Editable install" not in output and "Please be careful" not in output, output
