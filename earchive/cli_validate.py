"""``earchive validate PATH``: argparse glue over :func:`earchive.validation.validate_package`.

``add_parser(subparsers)`` adds the sub-command; ``run(args)`` validates and returns an
:class:`~earchive.exitcodes.ExitCode`: OK (valid), INVALID_PACKAGE (a MUST requirement
is broken), INVALID_INPUT (PATH cannot be read, or a bad option), IO_ERROR (the report
cannot be written), CANCELLED (Ctrl-C).  The report goes to stdout, or to ``--output``
(written atomically) with the short text summary on stdout; progress goes to stderr,
and only when it is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from earchive import interrupts, messages
from earchive.errors import Cancelled, EarchiveError, InvalidInput, OutputError, PackageReadError
from earchive.exitcodes import ExitCode
from earchive.progress import CancelToken
from earchive.spec import SpecVersion
from earchive.validation import validate_package
from earchive.validation.engine import MAX_METS_BYTES, MEMORY_PER_METS_BYTE
from earchive.validation.reader import MAX_ARCHIVE_RATIO, MAX_ENTRIES, MAX_TOTAL_BYTES, Limits
from earchive.validation.report_html import render_html
from earchive.validation.report_json import render_failure_json, render_json
from earchive.validation.report_text import render_text

FORMATS = ("text", "json", "html")

EPILOG = """examples:
  earchive validate out/SE-KS-2023-001
  earchive validate leverans.zip --format html --output rapport.html --lang sv
  earchive validate paket.tar --spec-version 2.1.0 --format json > rapport.json
  earchive validate out/SE-KS-2023-001 out/SE-KS-2023-001-part-*   # a split delivery: each part and the set
  earchive validate leverans/                                        # every package in the folder, as a set

The specification version is read from mets/@PROFILE of the package METS
(https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml -> 2.2.0). The unversioned .../E-ARK-SIP.xml
and .../E-ARK-CSIP.xml name 2.0.4 and 2.1.0 alike: 2.1.0 is assumed and the report says so;
give --spec-version 2.0.4 for a 2.0.4 package.

exit codes:
  0   the package is valid (no MUST requirement broken; warnings allowed)
  1   the package is not valid: at least one MUST requirement broken, including unsafe
      entries (links, paths leading out of the package, names that are not UTF-8)
  2   the package cannot be read at all (missing, damaged, not a folder/ZIP/TAR, or an
      archive over a safety limit: the message names the limit and the option that raises it)
      or a bad option
  3   the report cannot be written
  130 cancelled (Ctrl-C, SIGTERM or SIGHUP)
With --json (or --format json) stdout always holds one JSON object, also for exit codes 2 and 130."""


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``validate`` sub-command to an argparse ``subparsers`` object; return its parser."""
    p = subparsers.add_parser(
        "validate",
        help="check an E-ARK package (folder, ZIP or TAR) requirement by requirement",
        description="Check an E-ARK CSIP/SIP package (a folder, .zip or .tar) against every requirement of "
                    "its specification version, with sizes and checksums, and report what to fix.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", type=Path, nargs="+", metavar="PATH",
                   help="the package: a folder, a .zip or a .tar(.gz); several packages (or a folder of them) are the "
                        "parts of a split delivery, checked one by one and as a set")
    p.add_argument("--spec-version", choices=[v.value for v in SpecVersion], default=None,
                   help="specification version to check against (default: read from mets/@PROFILE)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="report format: text (summary), json (every requirement and finding) or html (for people)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--no-fixity", action="store_true", help="do not read file contents to verify checksums")
    p.add_argument("--max-mets-size", type=_megabytes, metavar="MB", default=None,
                   help=f"check METS files up to MB megabytes (default {MAX_METS_BYTES >> 20}); each needs about "
                        f"{MEMORY_PER_METS_BYTE} times its size in memory")
    p.add_argument("--max-entries", type=_positive, metavar="N", default=MAX_ENTRIES,
                   help=f"refuse an archive with more than N entries (default {MAX_ENTRIES:,})")
    p.add_argument("--max-expansion", type=_positive, metavar="RATIO", default=MAX_ARCHIVE_RATIO,
                   help=f"refuse an archive that unpacks to more than RATIO times its size (default {MAX_ARCHIVE_RATIO})")
    p.add_argument("--max-unpacked-size", type=_positive, metavar="GB", default=MAX_TOTAL_BYTES >> 30,
                   help=f"refuse an archive whose contents exceed GB gigabytes (default {MAX_TOTAL_BYTES >> 30})")
    p.add_argument("--no-roda-view", action="store_true",
                   help="do not run commons-ip (RODA's reader) to show where its verdict differs from earchive's")
    p.add_argument("--lang", choices=messages.LANGUAGES, default=argparse.SUPPRESS,
                   help="language of the report (default: from LANG; en or sv)")
    p.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                   help="print only the verdict and the errors; no progress")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="the same as --format json")
    p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks of unexpected errors")
    p.set_defaults(handler=lambda args, ui=None: run(args))
    return p


def run(args: argparse.Namespace) -> ExitCode:
    """Validate ``args.path`` (one package, or the parts of a split delivery) and report; return the exit code."""
    from earchive.validation import parts

    paths = parts.expand(args.path)
    if len(paths) != 1 or paths[0] != args.path[0]:
        return _run_set(args, paths)
    return _run_one(args, paths[0])


def _run_set(args: argparse.Namespace, paths: list[Path]) -> ExitCode:
    """Each package validated (its own report, on stdout or to OUTPUT-<name>), then the links of the set."""
    import json

    from earchive.validation import parts

    lang = getattr(args, "lang", None) or messages.default_language()
    fmt = "json" if getattr(args, "json", False) else (getattr(args, "format", None) or "text")
    if not paths:
        _error(InvalidInput("set.empty", path=", ".join(str(p) for p in args.path)), lang)
        return ExitCode.INVALID_INPUT
    codes = []
    for path in paths:
        one = argparse.Namespace(**{**vars(args), "json": False, "format": "text" if fmt == "json" else fmt,
                                    "output": _part_output(getattr(args, "output", None), path)})
        if fmt == "json":
            one.quiet = True
            with contextlib.redirect_stdout(sys.stderr):  # stdout holds the one JSON object of the set
                codes.append(_run_one(one, path))
        else:
            codes.append(_run_one(one, path))
    try:
        infos = [parts.read_part(p) for p in paths]
    except (OSError, etree_errors(), StopIteration, IndexError, KeyError) as exc:
        _error(PackageReadError(path=", ".join(map(str, paths)), reason=str(exc)), lang)
        return ExitCode.INVALID_INPUT
    findings = parts.check_set(infos)
    if fmt == "json":
        print(json.dumps({"packages": [{"path": str(p), "exit_code": int(c)} for p, c in zip(paths, codes)],
                          "set": {"valid": not findings, "findings": [
                              {"code": f.code, "message": f.message(lang), "params": {k: str(v) for k, v in f.params.items()}}
                              for f in findings]}}, ensure_ascii=False, indent=2))
    else:
        print(parts.summary(infos, findings, lang))
        for finding in findings:
            print("  " + finding.message(lang))
    worst = max(codes, key=lambda c: (c != ExitCode.OK, int(c)))
    if worst == ExitCode.OK and findings:
        return ExitCode.INVALID_PACKAGE
    return worst


def _part_output(output: Path | None, package: Path) -> Path | None:
    """``report.html`` for the set -> ``report-<package name>.html`` for one package."""
    if output is None:
        return None
    return output.with_name(f"{output.stem}-{package.name}{output.suffix}")


def etree_errors():
    from lxml import etree

    return etree.XMLSyntaxError


def _run_one(args: argparse.Namespace, path: Path) -> ExitCode:
    """Validate one package and print or write the report; return the exit code."""
    args.path = path
    lang = getattr(args, "lang", None) or messages.default_language()
    quiet = bool(getattr(args, "quiet", False))
    fmt = "json" if getattr(args, "json", False) else (getattr(args, "format", None) or "text")
    output: Path | None = getattr(args, "output", None)
    token = CancelToken()
    bar = _progress(quiet)
    try:
        max_mets = getattr(args, "max_mets_size", None)
        with interrupts.cancel_on_signals(token):  # SIGTERM and SIGHUP cancel too (temporary files removed)
            report = validate_package(args.path, getattr(args, "spec_version", None),
                                      check_fixity=not getattr(args, "no_fixity", False),
                                      max_mets_bytes=None if max_mets is None else max_mets << 20,
                                      limits=_limits(args), roda_view=not getattr(args, "no_roda_view", False),
                                      progress=bar, cancel=token)
    except (PackageReadError, InvalidInput) as exc:
        return _failed(args, fmt, output, ExitCode.INVALID_INPUT, exc, lang)
    except Cancelled as exc:
        return _failed(args, fmt, output, ExitCode.CANCELLED, exc, lang)
    except KeyboardInterrupt:
        token.cancel()
        return _failed(args, fmt, output, ExitCode.CANCELLED, Cancelled(), lang)
    finally:
        if bar is not None:
            bar.close()
    if fmt == "json":
        text = render_json(report, lang)
    elif fmt == "html":
        text = render_html(report, lang)
    else:
        text = render_text(report, lang, quiet=quiet)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return report.exit_code
    try:
        write_atomically(output, text)
    except OutputError as exc:
        _error(exc, lang)
        return ExitCode.IO_ERROR
    if fmt != "text":
        sys.stdout.write(render_text(report, lang, quiet=quiet, summary=True))
    if not quiet:
        print(messages.render("v.report.wrote", {"path": str(output)}, lang))
    return report.exit_code


def _failed(args, fmt: str, output: Path | None, code: ExitCode, exc: EarchiveError, lang: str) -> ExitCode:
    """The package could not be validated: the message on stderr and, with JSON, one JSON object
    (to stdout, or to --output) saying so, so that a script always gets a document to read."""
    _error(exc, lang)
    if fmt == "json":
        text = render_failure_json(str(args.path), code, exc, lang)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            try:
                write_atomically(output, text)
            except OutputError as write_error:
                _error(write_error, lang)
    return code


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary sibling renamed at the end.

    The file gets the mode a new file of the user normally gets (0666 less the umask), so that
    colleagues can open a report on a shared drive; the temporary file itself is private.
    Raises OutputError when the folder does not exist or cannot be written.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent or Path("."))
    except OSError as exc:
        raise OutputError("v.report.cannot_write", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError("v.report.cannot_write", path=str(path), reason=exc.strerror or str(exc)) from exc


def _umask() -> int:
    """The process's umask (read by setting and restoring it; there is no other portable way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(max_entries=getattr(args, "max_entries", MAX_ENTRIES),
                  max_total_bytes=getattr(args, "max_unpacked_size", MAX_TOTAL_BYTES >> 30) << 30,
                  max_ratio=getattr(args, "max_expansion", MAX_ARCHIVE_RATIO))


def _positive(value: str) -> int:
    """argparse type: a whole number, at least 1."""
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (1 or more)")
    return number


def _megabytes(value: str) -> int:
    """argparse type of --max-mets-size: a whole number of megabytes, at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of megabytes (1 or more)")
    return number


def _progress(quiet: bool):
    if quiet:
        return None
    try:
        from earchive.cli_progress import TextProgress
    except ImportError:  # the build CLI's progress bar is optional here
        return None
    bar = TextProgress()
    return bar if bar.enabled else None


def _error(exc: EarchiveError, lang: str) -> None:
    print(exc.message(lang), file=sys.stderr)
