"""Delivery of built packages to the archive: RODA (or ETERNA) and Archivematica.

The shells (CLI ``earchive export`` and the GUI's export step) use only what this
module exports.  Secrets (passwords, API keys, access keys) are never part of a
:class:`Target`: they come from the operating system's keyring or the environment
(:mod:`earchive.export.credentials`), so target configurations can be saved in
project files and shared without leaking anything.
"""

from __future__ import annotations

from earchive.export.target import ConnectionCheck, ExportError, ExportResult, Target, TargetKind

__all__ = ["ConnectionCheck", "ExportError", "ExportResult", "Target", "TargetKind"]
