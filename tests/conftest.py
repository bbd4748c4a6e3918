"""Shared fixtures: example records, the eark-validator runner. Oracles live in support/oracles.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from earchive import schema_store
from support.eark_validator import eark_validator_fixture
from support.oracles import CITS_ERMS, MINIMAL_PDF


@pytest.fixture(scope="session", autouse=True)
def schema_store_of_the_session(tmp_path_factory) -> Path:
    """A schema store of this test run (never the developer's own), holding the official CITS ERMS
    3.0 files from ../shared, put there the way `earchive erms schemas --from DIR` does it.
    Child processes (CLI subprocess tests, the GUI's build process) inherit it."""
    store = tmp_path_factory.mktemp("schema-store")
    os.environ[schema_store.STORE_ENV] = str(store)
    if CITS_ERMS.is_dir():
        schema_store.install_from(CITS_ERMS)
    return store


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A small folder of records with Swedish names, a subfolder, an empty file and a PDF."""
    root = tmp_path / "Kommunstyrelsen"
    (root / "Protokoll 2023").mkdir(parents=True)
    (root / "Protokoll 2023" / "Protokoll 2023-05-11.txt").write_text("Protokoll fört vid sammanträde.\n", encoding="utf-8")
    (root / "Beslut å ä ö.txt").write_text("Beslut: bifall.\n", encoding="utf-8")
    (root / "tom.txt").write_bytes(b"")
    (root / "rapport.pdf").write_bytes(MINIMAL_PDF)
    (root / "data.csv").write_text("id;namn\n1;Åsa\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def eark_validator():
    """Runs eark-validator 1.1.3 from its own venv (installed on first use); see tests/support/eark_validator.py."""
    return eark_validator_fixture()
