"""The ``earchive`` command: build, batch, validate and demo, as a thin layer over the library.

Each command turns its argparse namespace into package dictionaries at once (the
job-file format of :mod:`earchive.jobs`, so options, job files, CSV rows and the GUI
share one code path), checks every option before any work starts, then calls
:func:`earchive.builder.build_package` (``build``) or :func:`earchive.batch.build_many`
(``batch``).

:func:`main` is the one exception boundary: it returns an :class:`ExitCode` and prints
messages in the user's language (``--lang``, default from ``LANG``).  Progress goes to
stderr and only when stderr is a terminal; ``--json`` puts one JSON document with the
per-package results on stdout.  Tracebacks only with ``--verbose``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import earchive
from earchive import batch as batch_module
from earchive import bundled, interrupts, messages, partials
from earchive.batch import PackageOutcome
from earchive.cli_progress import BatchProgress, TextProgress, wants_bar
from earchive.errors import (
    Cancelled,
    EarchiveError,
    FormatIdentificationError,
    InvalidInput,
    OutputError,
    PackageReadError,
    SourceError,
)
from earchive.erms import cli as erms_cli
from earchive.exitcodes import ExitCode
from earchive.export.target import ExportError
from earchive.jobs import Job, PlannedPackage, check_sources_exist, load_job, origin_text, package_from_dict
from earchive.messages import register, render
from earchive.model import DC_ELEMENTS
from earchive.notes import Note
from earchive.package_writer import writable
from earchive.progress import CancelToken

#: The bundled example job (docs/job-example.json; earchive.bundled finds it in a checkout, a wheel or a bundle).
EXAMPLE_JOB = bundled.data_file("docs", "job-example.json")

#: At most this many report lines per package are printed; the package report has them all.
MAX_NOTES_SHOWN = 10

EXIT_CODES_HELP = """exit codes:
  0   success
  1   validate: the package breaks a MUST requirement
  2   invalid input: bad option, job file, CSV or metadata (nothing was written)
  3   I/O error: a source cannot be read or the output cannot be written
  4   batch: some packages were built, at least one failed (see the summary)
  5   export: the archive refused the package or could not be reached; the local package is kept
  70  unexpected error (a bug): please report it with the --verbose output
  130 cancelled (Ctrl-C, SIGTERM or SIGHUP); nothing half-written is left behind"""

MAIN_EPILOG = f"""examples:
  earchive demo --output ~/earchive-demo
  earchive build "Protokoll 2023" --output out --title "KS protokoll 2023" --submitting-agent "Exempelby kommun"
  earchive build --job leverans.json --output out
  earchive batch leveranser.csv --output out --submitting-agent "Exempelby kommun"
  earchive validate out/uuid-1234

{EXIT_CODES_HELP}
"""

BUILD_EPILOG = f"""examples:
  earchive build "Protokoll 2023" --output out --title "KS protokoll 2023" \\
      --submitting-agent "Exempelby kommun" --submitting-agent-code ORG:2120000001
  earchive build records/ --output out --title "Diarium" --submitting-agent "Arkivet" \\
      --spec-version 2.1.0 --content-category "Textual works - Digital" --zip
  earchive build --job leverans.json --output out

Command-line metadata options are defaults under what a job file says; --output,
--zip, --compress and --include-system-files replace the job file's values.

{EXIT_CODES_HELP}
"""


def _batch_epilog() -> str:
    from earchive.csvjobs import columns_help

    return f"""examples:
  earchive batch leveranser.csv --output out --submitting-agent "Exempelby kommun"
  earchive batch job.json --output out --workers 2 --json > results.json

JOB_OR_CSV is a job file (.json, see docs/cli.md and docs/job-example.json) or a CSV
(.csv) with one package per row: UTF-8 or Windows-1252, ';' or ',' between columns,
column names in the first row, repeated values in one cell separated by '|'.
Relative paths are relative to the file's folder. Command-line metadata options are
defaults for every package; a value in the file replaces them.
CSV columns:
{columns_help()}

A package that fails does not stop the others; a summary lists every failure.
With --strict a single invalid row or package stops the batch before anything is built.

{EXIT_CODES_HELP}
"""


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def run() -> None:
    """Console entry point ``earchive``."""
    # Batch workers are spawned processes; a frozen (PyInstaller) executable must let
    # them start here instead of running the command line again.
    multiprocessing.freeze_support()
    interrupts.handle_for_whole_process()
    code = main()
    interrupts.ignore_if_signalled()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (never raises, never calls sys.exit)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse exits 2 = INVALID_INPUT)
        code = int(exc.code) if isinstance(exc.code, int) else int(ExitCode.INVALID_INPUT)
        _usage_json(argv if argv is not None else sys.argv[1:], code)
        return code
    ui = Ui(
        lang=getattr(args, "lang", None) or messages.default_language(),
        quiet=getattr(args, "quiet", False),
        json=getattr(args, "json", False),
        verbose=getattr(args, "verbose", False),
        command=getattr(args, "command", None) or "",
    )
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.INVALID_INPUT)
    try:
        return int(args.handler(args, ui))
    except InvalidInput as exc:
        return ui.fail(ExitCode.INVALID_INPUT, exc)
    except PackageReadError as exc:
        return ui.fail(ExitCode.INVALID_INPUT, exc)
    except (SourceError, OutputError, FormatIdentificationError) as exc:
        return ui.fail(ExitCode.IO_ERROR, exc)
    except Cancelled as exc:
        return ui.fail(ExitCode.CANCELLED, exc)
    except KeyboardInterrupt:
        return ui.fail(ExitCode.CANCELLED, Cancelled())
    except OSError as exc:
        return ui.fail(ExitCode.IO_ERROR, batch_module.os_error(exc), trace=traceback.format_exc())
    except ExportError as exc:
        return ui.fail(ExitCode.EXPORT_FAILED, exc)
    except EarchiveError as exc:
        return ui.fail(ExitCode.INTERNAL, exc, trace=traceback.format_exc())
    except Exception as exc:  # the one place that catches everything: a bug
        error = EarchiveError("error.internal", detail=f"{type(exc).__name__}: {exc}")
        return ui.fail(ExitCode.INTERNAL, error, trace=traceback.format_exc())


def _usage_json(argv: list[str], code: int) -> None:
    """With --json, a usage error still leaves one JSON document on stdout (argparse printed why on stderr)."""
    if code == 0 or not ("--json" in argv or "--format=json" in argv
                         or any(a == "--format" and b == "json" for a, b in zip(argv, argv[1:]))):
        return
    lang = messages.default_language()
    error = InvalidInput("cli.usage")
    print(json.dumps({"earchive": earchive.__version__, "command": next((a for a in argv if not a.startswith("-")), ""),
                      "exit_code": code, "status": ExitCode(code).name.lower() if code in iter(ExitCode) else "error",
                      "error": batch_module.error_to_dict(error, lang)}, ensure_ascii=False, indent=2))


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of ``earchive`` and its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    g = common.add_argument_group("output and language")
    g.add_argument("--lang", choices=messages.LANGUAGES, default=argparse.SUPPRESS,
                   help="language of messages (default: from LANG; en or sv)")
    g.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                   help="print only errors (no progress, no summary)")
    g.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                   help="print one JSON document with the results on stdout (for scripts)")
    g.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks of unexpected errors")

    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="earchive", parents=[common], formatter_class=fmt,
        description="Build and validate E-ARK SIP submission packages (CSIP/SIP 2.2.0 and 2.1.0 / FGS Paketstruktur 2.0).",
        epilog=MAIN_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"earchive {earchive.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", parents=[common], formatter_class=fmt, epilog=BUILD_EPILOG,
                       usage="earchive build SOURCE... --output DIR --submitting-agent NAME [--title TITLE] [options]\n"
                             "       earchive build --job FILE [--output DIR] [options]",
                       help="build one package from folders and options, or from a job file",
                       description="Build one E-ARK SIP from SOURCE folders/files and metadata options, or the package(s) of --job FILE.")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="records folder(s) or file(s) to package")
    p.add_argument("--job", type=Path, metavar="FILE",
                   help="a job file (.json); several packages are built one after the other (batch runs them in parallel)")
    _add_output_options(p, single=True)
    _add_metadata_options(p, single=True)
    erms_cli.add_build_options(p)
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("batch", parents=[common], formatter_class=fmt, epilog=_batch_epilog(),
                       usage="earchive batch JOB_OR_CSV [--output DIR] [--workers N] [--strict] [options]",
                       help="build many packages from a job file or a CSV, in parallel",
                       description="Build many E-ARK SIPs from a job file (.json) or a CSV (one package per row).")
    p.add_argument("input", type=Path, metavar="JOB_OR_CSV", help="job file (.json) or CSV file (.csv)")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="packages built at the same time, one process each (default 2)")
    p.add_argument("--strict", action="store_true",
                   help="refuse the whole batch if any row or package is invalid (default: build the valid ones)")
    p.add_argument("--cluster", metavar="ADDRESS",
                   help="build on a Dask cluster, e.g. tcp://HOST:8786 (pip install \"earchive[cluster]\"; sources "
                        "and output on storage every worker sees under the same paths)")
    p.add_argument("--restart", action="store_true",
                   help="forget what an earlier run of this batch completed (default: packages verified complete "
                        "are skipped, the rest is built)")
    _add_output_options(p, single=False)
    _add_metadata_options(p, single=False)
    erms_cli.add_build_options(p)
    p.set_defaults(handler=cmd_batch)

    p = sub.add_parser("demo", parents=[common], formatter_class=fmt, epilog=EXIT_CODES_HELP,
                       help="build (and validate) the bundled example packages",
                       description="Build the example packages of docs/job-example.json from resources/example, "
                                   "then validate them when the validator is installed.")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                   help="folder for the example packages (created if missing)")
    p.usage = "earchive demo --output DIR [options]"
    p.set_defaults(handler=cmd_demo)

    from earchive import cli_export

    cli_export.add_parser(sub, common, EXIT_CODES_HELP)
    erms_cli.add_parser(sub, common, EXIT_CODES_HELP)

    validate = _validate_module()
    if validate is not None:
        validate.add_parser(sub)
        sub.choices["validate"].set_defaults(handler=lambda args, ui: validate.run(args))
    return parser


# --------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace, ui: "Ui") -> ExitCode:
    """``earchive build``: one package from options, or the package(s) of a job file, one after the other."""
    cwd = Path.cwd()
    if args.job and args.sources:
        raise InvalidInput("cli.job_and_sources")
    overrides = _overrides(args)
    if args.job:
        job = load_job(args.job, cli_defaults=namespace_to_package(args, cwd), overrides=overrides)
        if len(job.packages) > 1:
            # Several packages: built one after the other here (``batch`` runs them in parallel).
            if args.name:
                raise InvalidInput("cli.name_with_many", path=str(args.job), count=len(job.packages))
            check_output_dirs(job.packages, ui)
            return run_batch(job, 1, ui)[0]
        planned = job.packages[0]
    else:
        if not args.sources and not args.erms:
            raise InvalidInput("cli.no_sources")
        package = namespace_to_package(args, cwd)
        if args.sources:
            sources = [str(_abs(s, cwd)) for s in args.sources]
            package["representations"] = [{"name": args.representation_name or "rep1", "sources": sources}]
        package.update(overrides)
        submission, options = package_from_dict(package, cwd)
        check_sources_exist(submission)
        planned = PlannedPackage(submission, options, "command line")
    check_output_dirs([planned], ui)
    planned.options.workers = max(1, os.cpu_count() or 2)

    bar = TextProgress(enabled=ui.progress_enabled)
    with cancel_on_interrupt(ui) as token:
        try:
            outcome = batch_module.build_many([planned], workers=1, progress=lambda i, ev: bar(ev), cancel=token)[0]
        finally:
            bar.close()
    if outcome.error is not None and outcome.status != batch_module.BUILT:
        if outcome.detail:
            ui.trace(outcome.detail)
        if ui.json:
            ui.emit_json(_exit_for([outcome]), [outcome])
            ui.print_error(outcome.error)
            return _exit_for([outcome])
        raise outcome.error
    ui.show_built(outcome)
    if ui.json:
        ui.emit_json(ExitCode.OK, [outcome])
    return ExitCode.OK


def cmd_batch(args: argparse.Namespace, ui: "Ui") -> ExitCode:
    """``earchive batch``: many packages from a job file or CSV; failures do not stop the others."""
    if args.workers < 1:
        raise InvalidInput("error.invalid_value", field="--workers", value=args.workers, allowed="1 or more")
    job = read_input(args.input, namespace_to_package(args, Path.cwd()), _overrides(args), keep_going=not args.strict)
    for warning in job.warnings:
        ui.warn(warning)
    check_output_dirs(job.packages, ui)
    state = None
    if job.packages:
        from earchive.batch_state import BatchState

        state = BatchState.open(args.input, job.packages[0].options.output_dir, restart=args.restart)
        if args.restart:
            ui.say(render("cli.batch_restart_note", {}, ui.lang))
    return run_batch(job, args.workers, ui, state=state, cluster=args.cluster)[0]


def cmd_demo(args: argparse.Namespace, ui: "Ui") -> ExitCode:
    """``earchive demo``: build the bundled example job, then validate each package if the validator exists."""
    if not EXAMPLE_JOB.is_file():
        raise InvalidInput("cli.demo_missing", path=str(EXAMPLE_JOB))
    output = _abs(args.output, Path.cwd())
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("error.output", path=str(output), reason=exc.strerror or str(exc)) from exc
    job = load_job(EXAMPLE_JOB, overrides={"output_dir": str(output)})
    # Run twice (./setup.sh twice), the demo must not fail on its own earlier packages,
    # and earchive never overwrites one: the next free subfolder demo-2, demo-3, ... is used.
    target, n = output, 1
    while any((target / name).exists() for name in _example_names(job)):
        n += 1
        target = output / f"demo-{n}"
    if target != output:
        target.mkdir(exist_ok=True)
        for pkg in job.packages:
            pkg.options.output_dir = target
        ui.say(render("cli.demo_elsewhere", {"output": output, "target": target}, ui.lang))
    check_output_dirs(job.packages, ui)
    code, outcomes = run_batch(job, 1, ui)
    if code != ExitCode.OK:
        return code
    validate = _validate_module()
    if validate is None or ui.json:
        if not ui.quiet and not ui.json:
            ui.say(render("cli.demo_no_validator", {}, ui.lang))
        return code
    parser = build_parser()
    known = _subparser(parser, "validate")._option_string_actions
    extra = (["--lang", ui.lang] if "--lang" in known else []) + (["--quiet"] if ui.quiet and "--quiet" in known else [])
    for outcome in outcomes:
        vargs = parser.parse_args(["validate", str(outcome.result.package_path), *extra])
        result = int(validate.run(vargs))
        if result != ExitCode.OK:
            return ExitCode(result)
    return ExitCode.OK


# --------------------------------------------------------------------------------------
# Shared steps
# --------------------------------------------------------------------------------------


def read_input(path: Path, cli_defaults: dict, overrides: dict, *, keep_going: bool) -> Job:
    """A Job from a job file (.json) or a CSV (.csv, .txt, .tsv), told apart by extension or first character."""
    from earchive.csvjobs import read_csv

    suffix = path.suffix.lower()
    if suffix == ".json":
        kind = "json"
    elif suffix in (".csv", ".txt", ".tsv"):
        kind = "csv"
    else:
        try:
            with open(path, "rb") as fh:
                head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        except FileNotFoundError:
            raise InvalidInput("job.not_found", path=str(path)) from None
        kind = "json" if head.startswith(b"{") else "csv"
    if kind == "json":
        return load_job(path, cli_defaults=cli_defaults, overrides=overrides, keep_going=keep_going)
    return read_csv(path, cli_defaults=cli_defaults, overrides=overrides, keep_going=keep_going)


def run_batch(job: Job, workers: int, ui: "Ui", *, state=None, cluster: str | None = None) -> tuple[ExitCode, list[PackageOutcome]]:
    """Build a job's packages, print the summary (or JSON); return OK, PARTIAL or the failures' code, and the outcomes.

    With a :class:`~earchive.batch_state.BatchState`, packages verified complete by an
    earlier run are skipped (status ``skipped``) and each package built is recorded.
    """
    packages, skipped = job.packages, []
    if state is not None:
        plan = state.plan(job.packages)
        packages = [job.packages[i] for i in plan.to_build]
        skipped = [PackageOutcome(job.packages[s.index].origin, job.packages[s.index].submission.objid,
                                  batch_module.SKIPPED, result=s.result) for s in plan.skipped]
        for pkg in packages:
            state.remember_objid(pkg)
        if packages:
            state.save()
    processes = max(1, min(workers, len(packages)))
    for pkg in packages:
        pkg.options.workers = batch_module.per_build_workers(processes)
    bar = BatchProgress(len(packages) + len(job.rejected) + len(skipped), enabled=ui.progress_enabled)
    for _ in job.rejected:
        bar.package_finished(-1, False)
    for _ in skipped:
        bar.package_finished(-1, True)

    def finished(index: int, outcome: PackageOutcome) -> None:
        if state is not None and outcome.status == batch_module.BUILT:
            state.record(packages[index], outcome.result)
        bar.package_finished(index, outcome.ok, outcome.result.bytes if outcome.result else 0)

    with cancel_on_interrupt(ui) as token:
        try:
            outcomes = batch_module.build_many(packages, workers=workers, progress=bar.package_event,
                                               finished=finished, cancel=token, cluster=cluster) if packages else []
        finally:
            bar.close()
    outcomes = batch_module.in_input_order(outcomes + skipped + batch_module.rejected_outcomes(job.rejected))
    for o in outcomes:
        if o.detail:
            ui.trace(o.detail)
    code = _exit_for(outcomes)
    if ui.json:
        ui.emit_json(code, outcomes)
    if not ui.json or code != ExitCode.OK:
        ui.show_summary(outcomes)
    return code, outcomes


def check_output_dirs(packages: list[PlannedPackage], ui: "Ui | None" = None) -> None:
    """Every output folder exists (a missing one is made, as ``mkdir -p`` does, and ``ui`` says so),
    is a folder and is writable; raise InvalidInput / OutputError."""
    for folder in sorted({p.options.output_dir for p in packages}, key=str):
        if not folder.exists() and not folder.is_symlink():
            try:
                folder.mkdir(parents=True)
            except FileExistsError:
                pass  # made meanwhile, or a component is a file: the checks below say which
            except OSError as exc:
                raise OutputError("error.output", path=str(folder), reason=exc.strerror or str(exc)) from exc
            else:
                if ui is not None:
                    ui.tell(render("cli.output_created", {"path": folder}, ui.lang))
        if not folder.exists():
            raise InvalidInput("cli.output_missing", path=str(folder))
        if not folder.is_dir():
            raise InvalidInput("cli.output_not_dir", path=str(folder))
        if not writable(folder):
            raise OutputError("cli.output_not_writable", path=str(folder))
        for note in partials.sweep_notes(folder):  # what killed runs left here
            if ui is not None:
                ui.warn(note)


def namespace_to_package(args: argparse.Namespace, cwd: Path) -> dict[str, Any]:
    """The metadata options of ``build``/``batch`` as a package dictionary (job file format, absolute paths).

    Only options that were given appear, so that they can serve as defaults.
    """
    d: dict[str, Any] = {}
    for key in ("spec_version", "checksum_algorithm", "content_category", "other_content_category",
                "content_information_type", "other_content_information_type", "record_status",
                "submission_agreement", "reference_code", "roda_parent_id", "label"):
        value = getattr(args, key, None)
        if value:
            d[key] = value
    for key, option in (("previous_submission_agreements", "previous_submission_agreement"),
                        ("previous_reference_codes", "previous_reference_code")):
        if getattr(args, option, None):
            d[key] = list(getattr(args, option))
    for key in ("documentation", "other_metadata", "producer_checksums"):
        if getattr(args, key, None):
            d[key] = [str(_abs(p, cwd)) for p in getattr(args, key)]
    if args.submitting_agent or args.submitting_agent_type or args.submitting_agent_code:
        agent: dict[str, Any] = {"name": args.submitting_agent or ""}
        if args.submitting_agent_type:
            agent["type"] = args.submitting_agent_type
        if args.submitting_agent_code:
            agent["identification_code"] = args.submitting_agent_code
        d["submitting_agent"] = agent
    agents = []
    if args.archival_creator:
        a = {"kind": "archival_creator", "name": args.archival_creator}
        if args.archival_creator_type:
            a["type"] = args.archival_creator_type
        if args.archival_creator_code:
            a["identification_code"] = args.archival_creator_code
        agents.append(a)
    if args.contact:
        agents.append({"kind": "contact", "name": args.contact, "notes": list(args.contact_note or [])})
    if args.preservation_agent:
        a = {"kind": "preservation", "name": args.preservation_agent}
        if args.preservation_agent_code:
            a["identification_code"] = args.preservation_agent_code
        agents.append(a)
    if agents:
        d["agents"] = agents

    descriptive: dict[str, Any] = {}
    dc: dict[str, list[str]] = {}
    for element in ("title", "date", "description"):
        if getattr(args, element, None):
            dc.setdefault(element, []).append(getattr(args, element))
    for element in ("creator", "subject"):
        for value in getattr(args, element, None) or []:
            dc.setdefault(element, []).append(value)
    for pair in args.dc or []:
        name, value = _pair("--dc", pair)
        element = name.lower().removeprefix("dc.")
        if element not in DC_ELEMENTS:
            raise InvalidInput("error.invalid_value", field="--dc", value=name, allowed=", ".join(DC_ELEMENTS))
        dc.setdefault(element, []).append(value)
    if dc:
        descriptive["dc"] = dc
        if "label" not in d and dc.get("title"):
            d["label"] = dc["title"][0]
    if args.kv:
        descriptive["key_value"] = [list(_pair("--kv", pair)) for pair in args.kv]
    if args.descriptive_file:
        f = {"path": str(_abs(args.descriptive_file, cwd)), "mdtype": args.descriptive_mdtype or "OTHER"}
        if args.descriptive_mdtype_version:
            f["mdtype_version"] = args.descriptive_mdtype_version
        if args.descriptive_other_mdtype:
            f["other_mdtype"] = args.descriptive_other_mdtype
        descriptive["files"] = [f]
    if descriptive:
        d["descriptive"] = descriptive
    if getattr(args, "objid", None):
        d["objid"] = args.objid
    d.update(erms_cli.package_fields(args, cwd))
    return d


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


class Ui:
    """Everything the CLI prints: messages in one language, to stdout (results) or stderr (errors, progress)."""

    def __init__(self, *, lang: str, quiet: bool, json: bool, verbose: bool, command: str) -> None:
        self.lang = lang if lang in messages.LANGUAGES else "en"
        self.quiet = quiet
        self.json = json
        self.verbose = verbose
        self.command = command
        self.warnings: list[Note] = []

    @property
    def progress_enabled(self) -> bool:
        return not self.quiet and wants_bar(sys.stderr)

    def say(self, text: str) -> None:
        """A result line for people (stdout); silent with --quiet or --json."""
        if not self.quiet and not self.json:
            print(text, file=sys.stdout)

    def tell(self, text: str) -> None:
        """Something done on the user's behalf (stderr, so that --json keeps stdout); silent with --quiet."""
        if not self.quiet:
            print(text, file=sys.stderr)

    def warn(self, note: Note) -> None:
        """A warning about the input (stderr; also in the JSON document)."""
        self.warnings.append(note)
        if not self.quiet:
            print(render("cli.warning", {"message": note.message(self.lang)}, self.lang), file=sys.stderr)

    def print_error(self, error: EarchiveError) -> None:
        print(render("cli.error", {"message": error.message(self.lang)}, self.lang), file=sys.stderr)

    def trace(self, text: str) -> None:
        if self.verbose and text:
            print(text, file=sys.stderr)

    def fail(self, code: ExitCode, error: EarchiveError, trace: str = "") -> int:
        """Report an error that ended the command; return its exit code."""
        self.trace(trace)
        if self.json:
            self.emit_json(code, [], error=error)
        self.print_error(error)
        return int(code)

    def show_built(self, outcome: PackageOutcome, *, with_notes: bool = True) -> None:
        r = outcome.result
        if r is None:
            return
        self.say(render("cli.built", {"package": r.package_path, "files": r.files, "size": _size(r.bytes),
                                      "seconds": f"{r.seconds:.1f}"}, self.lang))
        if not with_notes:
            return
        notes = [n for n in r.notes if n.level == "warning"] + [n for n in r.notes if n.level != "warning"]
        for note in notes[:MAX_NOTES_SHOWN]:
            self.say("  " + note.message(self.lang))
        if len(notes) > MAX_NOTES_SHOWN:
            self.say("  " + render("cli.more_notes", {"count": len(notes) - MAX_NOTES_SHOWN}, self.lang))

    def show_summary(self, outcomes: list[PackageOutcome]) -> None:
        """A line per built package (its notes are in its report when there are many packages), then
        'Built N of T packages; M failed' and one line per failure (failures on stderr)."""
        for o in outcomes:
            if o.status == batch_module.BUILT:
                self.show_built(o, with_notes=len(outcomes) == 1)
        skipped = sum(o.status == batch_module.SKIPPED for o in outcomes)
        if skipped:
            self.say(render("cli.batch_skipped", {"count": skipped}, self.lang))
        built = sum(o.status == batch_module.BUILT for o in outcomes)
        cancelled = sum(o.status == batch_module.CANCELLED for o in outcomes)
        failed = [o for o in outcomes if not o.ok]
        params = {"built": built, "total": len(outcomes), "failed": len(failed) - cancelled, "cancelled": cancelled}
        code = "cli.batch_summary_cancelled" if cancelled else "cli.batch_summary" if failed else "cli.batch_summary_ok"
        summary = render(code, params, self.lang)
        if failed:
            print(summary, file=sys.stderr)
            for o in failed:
                message = o.error.message(self.lang) if o.error else o.status
                print(render("cli.batch_failure", {"origin": origin_text(o.origin, self.lang), "objid": o.objid or "-",
                                                   "message": message}, self.lang), file=sys.stderr)
        else:
            self.say(summary)

    def emit_json(self, code: ExitCode, outcomes: list[PackageOutcome], *, error: EarchiveError | None = None) -> None:
        """One JSON document on stdout: the command, exit code, counts and each package's result."""
        document = {
            "earchive": earchive.__version__,
            "command": self.command,
            "exit_code": int(code),
            "status": ExitCode(code).name.lower(),
            "built": sum(o.status == batch_module.BUILT for o in outcomes),
            "skipped": sum(o.status == batch_module.SKIPPED for o in outcomes),
            "failed": sum(not o.ok for o in outcomes),
            "packages": [o.to_dict(self.lang) for o in outcomes],
            "warnings": [{**w.to_dict(), "message": w.message(self.lang)} for w in self.warnings],
            "error": batch_module.error_to_dict(error, self.lang) if error is not None else None,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2), file=sys.stdout)


@contextmanager
def cancel_on_interrupt(ui: Ui) -> Iterator[CancelToken]:
    """A CancelToken that Ctrl-C, SIGTERM or SIGHUP cancels (earchive.interrupts); the builder then cleans up.

    Every signal is acknowledged on stderr; none interrupts the clean-up.  A SIGHUP
    (the terminal was closed) also sends what is still printed to the null device,
    so the clean-up and the summary cannot fail on a terminal that is gone.
    """
    token = CancelToken()

    def on_signal(name: str, count: int) -> None:
        if name == "SIGHUP":
            _detach_terminal()
        if ui.quiet:
            return
        if count == 1:
            code = "cli.cancelling" if name == "SIGINT" else "cli.cancelling_signal"
        else:
            code = "cli.still_cancelling"
        _write_now("\n" + render(code, {"signal": name}, ui.lang) + "\n")

    with interrupts.cancel_on_signals(token, on_signal):
        yield token


def _write_now(text: str) -> None:
    """Write to stderr from a signal handler.  The handler may interrupt a print to
    stderr, and a buffered write is not re-entrant (it raises RuntimeError): then the
    text goes to the file descriptor directly."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
        return
    except (RuntimeError, OSError, ValueError):
        pass
    try:
        os.write(2, text.encode(getattr(sys.stderr, "encoding", None) or "utf-8", "replace"))
    except OSError:
        pass


def _detach_terminal() -> None:
    """After a hang-up: standard output and error that were the terminal go to the null device."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for fd in (1, 2):
        try:
            if os.isatty(fd):
                os.dup2(null, fd)
        except OSError:
            pass
    os.close(null)


# --------------------------------------------------------------------------------------
# Private helpers
# --------------------------------------------------------------------------------------


def _add_output_options(p: argparse.ArgumentParser, *, single: bool) -> None:
    g = p.add_argument_group("output")
    g.add_argument("-o", "--output", type=Path, metavar="DIR",
                   help="folder in which the package(s) are written, made if missing (replaces output_dir of a job file)")
    g.add_argument("--zip", action="store_true", default=None, help="write a ZIP file (ZIP64) instead of a folder")
    g.add_argument("--compress", action="store_true", default=None, help="deflate the ZIP (default: stored)")
    g.add_argument("--include-system-files", action="store_true", default=None,
                   help="keep Thumbs.db, .DS_Store and desktop.ini (default: left out)")
    if single:
        g.add_argument("--name", help="name of the package folder or ZIP (default: the OBJID)")
    g.add_argument("--max-package-size", metavar="SIZE",
                   help="split a larger delivery into a parent package and numbered child packages of at most SIZE "
                        "(e.g. 5GB, 700MB, 4GiB; metadata included)")
    g.add_argument("--max-package-files", type=int, metavar="N",
                   help="split a delivery with more than N files into a parent and child packages")
    g.add_argument("--unit-depth", type=int, metavar="N",
                   help="when splitting, keep every folder N levels inside a selected folder whole "
                        "(1: each folder directly inside it, e.g. one per case); default: files only")


def _add_metadata_options(p: argparse.ArgumentParser, *, single: bool) -> None:
    g = p.add_argument_group("package (mets header)")
    if single:
        g.add_argument("--objid", metavar="ID", help="package identifier, mets/@OBJID (default: uuid-<random UUID>)")
    g.add_argument("--label", metavar="TEXT", help="mets/@LABEL (default: the title)")
    g.add_argument("--spec-version", dest="spec_version", choices=["2.2.0", "2.1.0"],
                   help="E-ARK version: 2.2.0 (default) or 2.1.0 (FGS Paketstruktur 2.0)")
    g.add_argument("--checksum", dest="checksum_algorithm", choices=["SHA-256", "SHA-512", "MD5"],
                   help="checksum algorithm (default SHA-256)")
    g.add_argument("--content-category", metavar="TERM", help="CSIP content category, e.g. 'Textual works - Digital' (default Mixed)")
    g.add_argument("--other-content-category", metavar="TEXT", help="when --content-category is OTHER")
    g.add_argument("--content-information-type", metavar="TERM", help="e.g. MIXED (default), ERMS, SIARD2")
    g.add_argument("--other-content-information-type", metavar="TEXT", help="when --content-information-type is OTHER")
    g.add_argument("--record-status", metavar="TERM", help="NEW (default), SUPPLEMENT, REPLACEMENT, TEST, VERSION, DELETE, OTHER")
    g.add_argument("--submission-agreement", metavar="REF", help="submission agreement reference")
    g.add_argument("--previous-submission-agreement", action="append", metavar="REF", help="repeatable")
    g.add_argument("--reference-code", metavar="CODE", help="archival reference code")
    g.add_argument("--previous-reference-code", action="append", metavar="CODE", help="repeatable")
    g.add_argument("--roda-parent-id", metavar="ID", help="RODA: identifier of the parent AIP")
    if single:
        g.add_argument("--representation-name", metavar="NAME", help="representation folder name (default rep1)")

    g = p.add_argument_group("agents")
    g.add_argument("--submitting-agent", metavar="NAME", help="submitting organisation or person (required)")
    g.add_argument("--submitting-agent-type", choices=["ORGANIZATION", "INDIVIDUAL"], type=str.upper)
    g.add_argument("--submitting-agent-code", metavar="CODE", help="identification code, e.g. ORG:2120000001")
    g.add_argument("--archival-creator", metavar="NAME")
    g.add_argument("--archival-creator-type", choices=["ORGANIZATION", "INDIVIDUAL"], type=str.upper)
    g.add_argument("--archival-creator-code", metavar="CODE")
    g.add_argument("--contact", metavar="NAME", help="contact person")
    g.add_argument("--contact-note", action="append", metavar="TEXT", help="contact details (repeatable)")
    g.add_argument("--preservation-agent", metavar="NAME")
    g.add_argument("--preservation-agent-code", metavar="CODE")

    g = p.add_argument_group("descriptive metadata (Dublin Core unless said otherwise)")
    g.add_argument("--title", metavar="TEXT", help="dc:title (label defaults to it)")
    g.add_argument("--creator", action="append", metavar="TEXT", help="dc:creator (repeatable)")
    g.add_argument("--subject", action="append", metavar="TEXT", help="dc:subject (repeatable)")
    g.add_argument("--date", metavar="DATE", help="dc:date, e.g. 2023 or 2023-05-11")
    g.add_argument("--description", metavar="TEXT", help="dc:description")
    g.add_argument("--dc", action="append", metavar="ELEMENT=VALUE", help=f"any DC element ({', '.join(DC_ELEMENTS)}); repeatable")
    g.add_argument("--kv", action="append", metavar="NAME=VALUE", help="a RODA key-value field (repeatable)")
    g.add_argument("--descriptive-file", type=Path, metavar="FILE", help="a metadata file you bring, e.g. an EAD file")
    g.add_argument("--descriptive-mdtype", type=str.upper, metavar="MDTYPE", help="its METS MDTYPE, e.g. EAD (default OTHER)")
    g.add_argument("--descriptive-mdtype-version", metavar="VERSION", help="its MDTYPEVERSION, e.g. 2002")
    g.add_argument("--descriptive-other-mdtype", metavar="NAME", help="its OTHERMDTYPE when MDTYPE is OTHER")
    g.add_argument("--documentation", action="append", type=Path, metavar="PATH", help="documentation file/folder (repeatable)")
    g.add_argument("--other-metadata", action="append", type=Path, metavar="PATH", help="other metadata file (repeatable)")
    g.add_argument("--producer-checksums", action="append", type=Path, metavar="PATH",
                   help="the producer's sha256sum/md5sum file or BagIt bag, compared while copying (repeatable; "
                        "bags and checksum files at the top of a source folder are found without it)")


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    """Build options given on the command line, which replace a job file's values."""
    out: dict[str, Any] = {}
    if getattr(args, "name", None):
        out["name"] = args.name
    if args.output is not None:
        out["output_dir"] = str(_abs(args.output, Path.cwd()))
    for key, attr in (("zip", "zip"), ("compress", "compress"), ("include_system_files", "include_system_files")):
        if getattr(args, attr, None):
            out[key] = True
    for key in ("max_package_size", "max_package_files", "unit_depth"):
        if getattr(args, key, None) is not None:
            out[key] = getattr(args, key)
    return out


def _example_names(job: Job) -> list[str]:
    """The file names the demo's packages get (the name, else the OBJID, which the example keeps file-safe)."""
    return [(p.options.name or p.submission.objid) + (".zip" if p.options.as_zip else "") for p in job.packages]


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._subparsers._group_actions:  # argparse keeps subparsers here
        if name in getattr(action, "choices", {}):
            return action.choices[name]
    raise KeyError(name)


def _validate_module():
    try:
        from earchive import cli_validate  # written separately; optional until it lands
    except ImportError:
        return None
    return cli_validate


def _exit_for(outcomes: list[PackageOutcome]) -> ExitCode:
    """OK if all built; PARTIAL if some; else the code of the failures (cancelled wins)."""
    if all(o.ok for o in outcomes):
        return ExitCode.OK
    if any(o.status == batch_module.CANCELLED for o in outcomes):
        return ExitCode.CANCELLED
    if any(o.ok for o in outcomes):
        return ExitCode.PARTIAL
    codes = {_code_of(o.error) for o in outcomes}
    for code in (ExitCode.INTERNAL, ExitCode.IO_ERROR, ExitCode.INVALID_INPUT):
        if code in codes:
            return code
    return ExitCode.INTERNAL


def _code_of(error: EarchiveError | None) -> ExitCode:
    if isinstance(error, (InvalidInput, PackageReadError)):
        return ExitCode.INVALID_INPUT
    if isinstance(error, (SourceError, OutputError, FormatIdentificationError)):
        return ExitCode.IO_ERROR
    if isinstance(error, Cancelled):
        return ExitCode.CANCELLED
    return ExitCode.INTERNAL


def _pair(option: str, text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput("cli.bad_pair", option=option, value=text)
    return name.strip(), value.strip()


def _abs(value: Any, cwd: Path) -> Path:
    p = Path(str(value)).expanduser()
    return Path(os.path.normpath(cwd / p)) if not p.is_absolute() else p


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} B"


register(
    {
        "cli.error": {"en": "Error: {message}", "sv": "Fel: {message}"},
        "cli.usage": {"en": "The command line is not valid (see the message above, and --help).",
                      "sv": "Kommandoraden är inte giltig (se meddelandet ovan, och --help)."},
        "cli.warning": {"en": "Warning: {message}", "sv": "Varning: {message}"},
        "cli.output_created": {
            "en": "Created the output folder {path}.",
            "sv": "Skapade utdatamappen {path}.",
        },
        "cli.output_missing": {
            "en": "The output folder {path} does not exist. Create it first, or choose another folder with --output.",
            "sv": "Utdatamappen {path} finns inte. Skapa den först eller välj en annan mapp med --output.",
        },
        "cli.output_not_dir": {
            "en": "{path} is not a folder. Give a folder with --output.",
            "sv": "{path} är ingen mapp. Ange en mapp med --output.",
        },
        "cli.output_not_writable": {
            "en": "Cannot write in the output folder {path}. Choose a folder you may write to.",
            "sv": "Kan inte skriva i utdatamappen {path}. Välj en mapp som du får skriva i.",
        },
        "cli.no_sources": {
            "en": "Nothing to package: give at least one SOURCE folder or file, or --job FILE.",
            "sv": "Inget att paketera: ange minst en KÄLLA (mapp eller fil) eller --job FIL.",
        },
        "cli.job_and_sources": {
            "en": "Give either SOURCE folders or --job FILE, not both (the job file names its sources).",
            "sv": "Ange antingen KÄLL-mappar eller --job FIL, inte båda (jobbfilen anger sina källor).",
        },
        "cli.name_with_many": {
            "en": "{path} describes {count} packages, so --name (one package's folder name) cannot be used. Give each package its \"name\" in the job file.",
            "sv": "{path} beskriver {count} paket, så --name (ett pakets mappnamn) kan inte användas. Ange \"name\" för varje paket i jobbfilen.",
        },
        "cli.bad_pair": {
            "en": "{option} expects NAME=VALUE, got \"{value}\".",
            "sv": "{option} väntar sig NAMN=VÄRDE, fick \"{value}\".",
        },
        "cli.built": {
            "en": "Built {package} ({files} files, {size}, {seconds} s).",
            "sv": "Byggde {package} ({files} filer, {size}, {seconds} s).",
        },
        "cli.more_notes": {
            "en": "… and {count} more lines in the package report (documentation/).",
            "sv": "… och {count} rader till i paketrapporten (documentation/).",
        },
        "cli.batch_summary": {
            "en": "Built {built} of {total} packages; {failed} failed.",
            "sv": "Byggde {built} av {total} paket; {failed} misslyckades.",
        },
        "cli.batch_summary_ok": {
            "en": "Built {built} of {total} packages.",
            "sv": "Byggde {built} av {total} paket.",
        },
        "cli.batch_summary_cancelled": {
            "en": "Cancelled: built {built} of {total} packages; {cancelled} not built, {failed} failed.",
            "sv": "Avbrutet: byggde {built} av {total} paket; {cancelled} byggdes inte, {failed} misslyckades.",
        },
        "cli.batch_failure": {
            "en": "  {origin} ({objid}): {message}",
            "sv": "  {origin} ({objid}): {message}",
        },
        "cli.cancelling": {
            "en": "Cancelling… the package being written is removed.",
            "sv": "Avbryter… paketet som skrivs tas bort.",
        },
        "cli.cancelling_signal": {
            "en": "Cancelling ({signal} received)… the package being written is removed.",
            "sv": "Avbryter ({signal} mottogs)… paketet som skrivs tas bort.",
        },
        "cli.still_cancelling": {
            "en": "Still cancelling: removing what was written. earchive stops as soon as that is done.",
            "sv": "Avbryter fortfarande: tar bort det som skrevs. earchive avslutas så snart det är gjort.",
        },
        "cli.demo_missing": {
            "en": "The bundled example ({path}) is not installed. Run earchive demo from a source checkout, or package your own folder with earchive build.",
            "sv": "Det medföljande exemplet ({path}) är inte installerat. Kör earchive demo från en källkodskopia, eller paketera en egen mapp med earchive build.",
        },
        "cli.demo_elsewhere": {
            "en": "{output} has the example packages already; building them again in {target}.",
            "sv": "{output} innehåller redan exempelpaketen; bygger dem igen i {target}.",
        },
        "cli.demo_no_validator": {
            "en": "(earchive validate is not available in this version, so the example packages were not validated.)",
            "sv": "(earchive validate finns inte i den här versionen, så exempelpaketen validerades inte.)",
        },
    }
)
