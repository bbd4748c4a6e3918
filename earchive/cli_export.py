"""``earchive export roda|archivematica``: the command line of :mod:`earchive.export`.

The two subcommands live in their own modules (:mod:`earchive.export.roda_cli`,
:mod:`earchive.export.archivematica_cli`), each with ``add_parser(sub, common)`` and a
handler ``run(args, ui) -> ExitCode``; this module only puts them under ``export``.
"""

from __future__ import annotations

import argparse
import importlib

EXPORT_MODULES = ("earchive.export.roda_cli", "earchive.export.archivematica_cli")


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, epilog: str) -> None:
    p = sub.add_parser(
        "export", parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=epilog,
        help="deliver packages to RODA (or ETERNA) or Archivematica",
        description="Deliver to an archive: 'export roda' sends an E-ARK SIP ZIP to RODA's transfer area "
                    "or REST API and follows the ingest job; 'export archivematica' makes an Archivematica "
                    "transfer (or bag) and starts it through the API. Passwords and keys come from the "
                    "system keyring or the environment, never from files.",
    )
    p.usage = "earchive export {roda,archivematica} ... (see 'earchive export roda --help')"
    targets = p.add_subparsers(dest="export_target", metavar="TARGET")
    for name in EXPORT_MODULES:
        module = importlib.import_module(name)
        module.add_parser(targets, common, epilog)
    p.set_defaults(handler=_no_target(p))


def _no_target(parser: argparse.ArgumentParser):
    def handler(args, ui):  # noqa: ARG001
        from earchive.exitcodes import ExitCode

        parser.print_help()
        return ExitCode.INVALID_INPUT

    return handler
