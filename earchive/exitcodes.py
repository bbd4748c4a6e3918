"""The one set of exit codes of the ``earchive`` command (documented in the README)."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit codes; each value means one thing."""

    OK = 0
    """Success: the package(s) were built, or the package is valid."""
    INVALID_PACKAGE = 1
    """``validate``: the package was read and breaks at least one MUST requirement."""
    INVALID_INPUT = 2
    """Bad arguments, job file, CSV or metadata; or (validate) a package that cannot be read. Nothing was written."""
    IO_ERROR = 3
    """A source could not be read or the output could not be written (disk full, permissions)."""
    PARTIAL = 4
    """``batch``: some packages were built, at least one failed (see the summary)."""
    EXPORT_FAILED = 5
    """``export``: the target system refused the package or could not be reached; the local package is kept."""
    INTERNAL = 70
    """An unexpected error (a bug): please report it with the ``--verbose`` output."""
    CANCELLED = 130
    """Cancelled: Ctrl-C, SIGTERM or SIGHUP, or the GUI's Cancel; nothing half-written is left behind."""
