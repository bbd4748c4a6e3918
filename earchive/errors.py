"""earchive's exceptions: one root, a few kinds, each carrying a message code and its data.

Every error has a stable ``code`` (a key of :mod:`earchive.messages`) and ``params``,
so that the CLI and the GUI can show it in Swedish or English; ``str(error)`` is the
English text.  Shells classify errors by their class, never by their text.
"""

from __future__ import annotations

from typing import Any


class EarchiveError(Exception):
    """Root of all earchive errors."""

    code = "error.internal"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str = "en") -> str:
        """The user-facing message (what went wrong, which file, what to do)."""
        from earchive.messages import render

        return render(self.code, self.params, lang)


class InvalidInput(EarchiveError, ValueError):
    """A value, job file, CSV row or option is not acceptable; nothing was written."""

    code = "error.invalid_value"


class SourceError(EarchiveError):
    """A source file or folder cannot be read; the package was not created."""

    code = "error.source_unreadable"


class OutputError(EarchiveError):
    """The package cannot be written (exists already, disk full, permission); nothing is left under its name."""

    code = "error.output"


class FormatIdentificationError(EarchiveError):
    """Format identification failed in a way that stops the build."""

    code = "error.format_identification"


class Cancelled(EarchiveError):
    """The user cancelled; everything written so far was removed."""

    code = "error.cancelled"


class PackageReadError(EarchiveError):
    """A package (folder, ZIP, TAR) cannot be opened safely for validation."""

    code = "error.package_unreadable"
