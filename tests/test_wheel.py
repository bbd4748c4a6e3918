"""The wheel as a user installs it: ``pip install`` into a fresh virtual environment outside the checkout.

Builds the wheel from this checkout (``pip wheel``, with build isolation, as an index would
build it), installs it without extras into a new venv in a temporary folder, and runs what
a new user runs first, from a folder far from the checkout: ``earchive demo`` (the bundled
example must be inside the package), ``earchive validate`` on what it built (the packages
must carry the PREMIS schema), and ``earchive-gui`` (without PySide6: it says how to get
it).  Then ``earchive[gui]`` is installed and ``earchive-gui --self-test`` runs offscreen.
Needs the package index (pip's cache is enough after ./setup.sh).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(args, cwd: Path, timeout: int = 900, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**clean, "LANG": "C.UTF-8", **(env or {})})


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT], cwd=base)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = dist.glob("earchive-*.whl")
    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", venv], cwd=base)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    done = _run([python, "-m", "pip", "install", "-q", wheel], cwd=base)
    if done.returncode != 0 and "Could not find a version" in done.stderr + done.stdout:
        pytest.skip(f"the package index cannot be reached: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stdout + done.stderr
    work = base / "elsewhere"
    work.mkdir()
    return python, venv / "bin", wheel, work


def test_demo_and_validate_from_a_plain_install(installed):
    python, bin_dir, _, work = installed
    where = _run([python, "-c", "import earchive, sys; print(earchive.__file__)"], cwd=work)
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout  # the installed copy, not the checkout
    demo = _run([bin_dir / "earchive", "demo", "--output", work / "demo", "--lang", "en"], cwd=work)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    packages = sorted(p for p in (work / "demo").iterdir() if p.is_dir())
    assert packages, demo.stdout
    for package in packages:
        assert (package / "schemas" / "premis-v3-0.xsd").is_file()
        checked = _run([bin_dir / "earchive", "validate", package, "--json"], cwd=work)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert json.loads(checked.stdout)["valid"] is True


def test_gui_without_pyside6_says_how_to_install_it(installed):
    _, bin_dir, _, work = installed
    done = _run([bin_dir / "earchive-gui", "--lang", "en"], cwd=work, timeout=120)
    assert done.returncode == 2
    assert "pip install 'earchive[gui]'" in done.stderr and "Traceback" not in done.stderr


def test_gui_self_test_after_installing_the_gui_extra(installed):
    python, bin_dir, wheel, work = installed
    done = _run([python, "-m", "pip", "install", "-q", f"{wheel}[gui]"], cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    test = _run([bin_dir / "earchive-gui", "--self-test"], cwd=work, timeout=600, env={"QT_QPA_PLATFORM": "offscreen"})
    assert test.returncode == 0, test.stdout + test.stderr
    assert "built and validated" in test.stdout
