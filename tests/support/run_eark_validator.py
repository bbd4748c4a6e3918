"""Run eark-validator 1.1.3 on one package, offline, and print its report as JSON.

This script runs inside the private venv made by ``scripts/setup_eark_validator.sh``
(eark-validator pins lxml 5.1.0, which earchive's own venv cannot have); the test
suite calls it through ``tests/support/eark_validator.py``.  It uses only the standard
library until it has made the process offline, then imports eark-validator.

Offline: ``eark_validator.ipxml.schematron`` does ``from urllib.request import urlopen``
and, when imported, downloads four CSIP vocabularies from earkcsip.dilcis.eu
(``SchematronTests.__vocabulary_definitions``).  We replace ``urllib.request.urlopen``
*before* that import, so the module binds our function: it serves those four URLs from
``--vocabularies DIR/<file name>`` and refuses every other URL.  A Python audit hook
also refuses any socket connection or DNS lookup, so nothing in the process can reach
the network unnoticed.

Usage: run_eark_validator.py --vocabularies DIR [--version 2.1.0] PACKAGE
  PACKAGE is a package folder or an archive (ZIP/TAR); eark-validator unpacks archives
  into ``$TMPDIR/<SHA-1 of the archive>`` and never removes them, so the caller points
  TMPDIR at a directory of its own and deletes it afterwards.

Stdout receives exactly one JSON document:
  {"runner": {"eark_validator_version", "lxml_version", "specification_version",
              "package", "unpacked_to", "tmpdir", "vocabularies_served"},
   "report": <eark_validator ValidationReport.model_dump(mode="json")>}
or, when eark-validator itself raises (it does, e.g., on a METS without metsHdr):
  {"runner": {...}, "report": null,
   "crash": {"type": "...", "message": "...", "traceback": "..."}}
Exit status: 0 report printed, 3 eark-validator crashed (JSON still printed),
2 bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import traceback
import urllib.request
from pathlib import Path

#: The URLs eark-validator 1.1.3 fetches at import (ipxml/schematron.py); each is served
#: from the file of the same name in the vocabularies folder.
VOCABULARY_URLS = (
    "https://earkcsip.dilcis.eu/schema/CSIPVocabularyContentCategory.xml",
    "https://earkcsip.dilcis.eu/schema/CSIPVocabularyContentInformationType.xml",
    "https://earkcsip.dilcis.eu/schema/CSIPVocabularyOAISPackageType.xml",
    "https://earkcsip.dilcis.eu/schema/CSIPVocabularyStatus.xml",
)

#: What eark-validator calls the versions it knows (its SpecificationVersion values).
SPECIFICATION_VERSIONS = {"2.0.4": "V2.0.4", "2.1.0": "V2.1.0"}

#: Exit status when eark-validator raised instead of returning a report.
EXIT_CRASHED = 3


class NetworkRefused(OSError):
    """Raised instead of any network access from this process."""


def make_offline_urlopen(vocabularies: Path, served: list[str] | None = None):
    """Return a ``urlopen`` replacement that serves ``VOCABULARY_URLS`` from local files.

    Any other URL raises NetworkRefused; so does a known URL whose file is missing.
    Each URL served is appended to ``served`` (when given).
    """
    local = {url: vocabularies / url.rsplit("/", 1)[1] for url in VOCABULARY_URLS}

    def offline_urlopen(url, *args, **kwargs):
        address = url if isinstance(url, str) else url.full_url
        path = local.get(address)
        if path is None:
            raise NetworkRefused(f"run_eark_validator: refusing network access to {address}")
        if not path.is_file():
            raise NetworkRefused(
                f"run_eark_validator: {address} is served from {path}, which does not exist"
            )
        if served is not None:
            served.append(address)
        # eark-validator iterates over the response line by line as bytes: a binary
        # file object behaves the same.
        return io.BytesIO(path.read_bytes())

    return offline_urlopen


def refuse_sockets() -> None:
    """Install an audit hook that refuses every socket connection and DNS lookup."""

    def hook(event: str, args: tuple) -> None:
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
            raise NetworkRefused(f"run_eark_validator: refusing network access ({event} {args!r})")

    sys.addaudithook(hook)


def validate(package: Path, version: str, vocabularies: Path) -> tuple[dict, int]:
    """Validate ``package`` with eark-validator; return (JSON document, exit status)."""
    served: list[str] = []
    refuse_sockets()
    urllib.request.urlopen = make_offline_urlopen(vocabularies, served)
    runner: dict = {
        "eark_validator_version": None,
        "lxml_version": None,
        "specification_version": version,
        "package": str(package),
        "unpacked_to": None,
        "tmpdir": tempfile.gettempdir(),
        "vocabularies_served": served,
    }
    try:
        # eark-validator may print; stdout is reserved for our one JSON document.
        with contextlib.redirect_stdout(sys.stderr):
            import importlib.metadata

            import lxml.etree

            runner["eark_validator_version"] = importlib.metadata.version("eark-validator")
            runner["lxml_version"] = ".".join(str(part) for part in lxml.etree.LXML_VERSION[:3])

            # Imports ipxml.schematron, which fetches the vocabularies through our urlopen.
            from eark_validator.packages import PackageValidator
            from eark_validator.specifications.specification import SpecificationVersion

            # The same call eark-validator's CLI makes (cli/app.py: _validate_ip).
            validator = PackageValidator(package, SpecificationVersion(SPECIFICATION_VERSIONS[version]))
            to_proc = getattr(validator, "_to_proc", None)
            if to_proc is not None and Path(to_proc).resolve() != package.resolve():
                runner["unpacked_to"] = str(to_proc)
            report = validator.validation_report.model_dump(mode="json")
    except Exception as exc:  # noqa: BLE001 - a crash is reported as data to the caller
        return (
            {
                "runner": runner,
                "report": None,
                "crash": {
                    "type": type(exc).__name__,
                    "message": str(exc),
                    "traceback": traceback.format_exc(),
                },
            },
            EXIT_CRASHED,
        )
    return {"runner": runner, "report": report}, 0


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, validate, print the JSON document; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("package", type=Path, help="package folder or ZIP/TAR archive")
    parser.add_argument(
        "--version", default="2.1.0", choices=sorted(SPECIFICATION_VERSIONS),
        help="E-ARK CSIP/SIP version to validate against (default 2.1.0)",
    )
    parser.add_argument(
        "--vocabularies", type=Path, required=True,
        help="folder holding the CSIP 2.1.0 vocabulary XML files (../shared/schemas/vocabularies/v2.1.0)",
    )
    args = parser.parse_args(argv)
    if not args.package.exists():
        parser.error(f"package {args.package} does not exist")
    if not args.vocabularies.is_dir():
        parser.error(f"vocabularies folder {args.vocabularies} does not exist")
    document, status = validate(args.package.absolute(), args.version, args.vocabularies)
    json.dump(document, sys.stdout)
    sys.stdout.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
