"""Placeholder: the 'archivematica' export subcommand (being written)."""

from __future__ import annotations


def add_parser(sub, common, epilog) -> None:
    p = sub.add_parser("archivematica", parents=[common], help="(not yet available)")
    p.set_defaults(handler=run)


def run(args, ui):
    from earchive.exitcodes import ExitCode

    return ExitCode.INVALID_INPUT
