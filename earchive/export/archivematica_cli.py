"""``earchive export archivematica``: make Archivematica transfers and deliver them.

The command turns its options into Submissions exactly as ``earchive build`` does (the
same metadata options, job files and CSVs, through :mod:`earchive.cli`), makes one
transfer per package with :func:`~earchive.export.archivematica.make_transfer`, and
when a target is given (``--folder``, ``--url`` or ``--target FILE``) delivers and
starts it with :func:`~earchive.export.archivematica.export_transfer`.  The API key
comes from the keyring (``--store-secret`` puts it there) or the environment variable
EARCHIVE_ARCHIVEMATICA_API_KEY; it never appears in output or in a saved target.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

import earchive
from earchive import cli
from earchive.batch import error_to_dict
from earchive.cli_progress import TextProgress
from earchive.errors import Cancelled, EarchiveError, InvalidInput, OutputError, PackageReadError, SourceError
from earchive.exitcodes import ExitCode
from earchive.export import archivematica
from earchive.export.credentials import store_secret
from earchive.export.target import ExportError, ExportResult, Target, TargetKind
from earchive.jobs import check_sources_exist, package_from_dict
from earchive.messages import register, render

EPILOG = """examples:
  earchive export archivematica records/ --output out --title "KS protokoll 2023" --submitting-agent "Exempelby kommun"
  earchive export archivematica --job leverans.json --output out --layout zip
  earchive export archivematica --url https://am.example.se --user earchive --store-secret < key.txt
  earchive export archivematica records/ --output out --title T --submitting-agent Org \\
      --folder /mnt/transfer-source --url https://am.example.se --user earchive --save-target am.json
  earchive export archivematica --target am.json --test-connection

Layouts: standard (a folder: objects/ and metadata/), zip (that folder zipped), bag (a BagIt
bag, metadata inside data/), zipped-bag.  --folder is the pipeline's transfer source folder as
this computer sees it; the API is told the path as the pipeline sees it (--location-uuid with
--remote-path relative to that location, or --remote-path as an absolute path).
The API key: 'earchive export archivematica --url URL --user USER --store-secret' (read from
stdin) keeps it in the system keyring; or set EARCHIVE_ARCHIVEMATICA_API_KEY.

exit codes:
  0   success (made; delivered; processed, or waiting for a decision in the dashboard)
  2   invalid input: bad option, job file or metadata (nothing was written)
  3   I/O error: a source cannot be read or the output cannot be written
  5   export failed: Archivematica could not be reached, refused the key or the transfer,
      or processing failed; the local transfer is kept
  130 cancelled (Ctrl-C); nothing half-written is left behind
"""


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, epilog: str) -> None:  # noqa: ARG001
    p = sub.add_parser(
        "archivematica", parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        usage="earchive export archivematica (SOURCE... | --job FILE) --output DIR [--layout LAYOUT] [target options]\n"
              "       earchive export archivematica --target FILE.json --test-connection",
        help="make an Archivematica transfer (or bag) and start it through the API",
        description="Make an Archivematica transfer from SOURCE folders and metadata options (or a job file), "
                    "copy it into the pipeline's transfer source folder and start it; follow it until the AIP is stored.",
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="records folder(s) or file(s)")
    p.add_argument("--job", type=Path, metavar="FILE", help="a job file (.json) or CSV: one transfer per package")
    g = p.add_argument_group("transfer")
    g.add_argument("-o", "--output", type=Path, metavar="DIR", help="existing folder where the transfer is made (kept)")
    g.add_argument("--layout", choices=list(archivematica.LAYOUTS),
                   help="standard (default), zip, bag or zipped-bag")
    g = p.add_argument_group("target (Archivematica)")
    g.add_argument("--target", dest="target_file", type=Path, metavar="FILE.json", help="a saved target configuration")
    g.add_argument("--folder", metavar="DIR", help="transfer source folder to copy the transfer into")
    g.add_argument("--url", metavar="URL", help="the dashboard's address, e.g. https://am.example.se")
    g.add_argument("--user", metavar="USER", help="the API user")
    g.add_argument("--location-uuid", metavar="UUID", help="Storage Service UUID of the transfer source location")
    g.add_argument("--remote-path", metavar="PATH", help="the folder as the pipeline sees it (see below)")
    g.add_argument("--processing-config", metavar="NAME", help="processing configuration (default automated)")
    g.add_argument("--no-wait", action="store_true", help="start the transfer and return without following it")
    g.add_argument("--save-target", type=Path, metavar="FILE.json", help="save the target configuration (no key in it)")
    g.add_argument("--test-connection", action="store_true", help="check the folder and the API, then stop")
    g.add_argument("--store-secret", action="store_true", help="read the API key from stdin and keep it in the keyring")
    cli._add_metadata_options(p, single=True)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ui: cli.Ui) -> ExitCode:
    """Run the command; errors become an exit code, a message on stderr and (--json) a JSON document."""
    outcome = _Outcome()
    try:
        code = _run(args, ui, outcome)
    except ExportError as exc:
        return _fail(ui, outcome, ExitCode.EXPORT_FAILED, exc)
    except (InvalidInput, PackageReadError) as exc:
        return _fail(ui, outcome, ExitCode.INVALID_INPUT, exc)
    except (SourceError, OutputError) as exc:
        return _fail(ui, outcome, ExitCode.IO_ERROR, exc)
    except Cancelled as exc:
        return _fail(ui, outcome, ExitCode.CANCELLED, exc)
    if ui.json:
        outcome.emit(ui, code)
    return code


# --------------------------------------------------------------------------------------
# Private
# --------------------------------------------------------------------------------------


class _Outcome:
    """What the command did so far, for the JSON document."""

    def __init__(self) -> None:
        self.transfers: list[dict[str, Any]] = []
        self.connection: dict[str, Any] | None = None
        self.target_saved: str = ""
        self.secret_stored = False

    def emit(self, ui: cli.Ui, code: ExitCode, error: EarchiveError | None = None) -> None:
        document = {
            "earchive": earchive.__version__,
            "command": "export archivematica",
            "exit_code": int(code),
            "status": ExitCode(code).name.lower(),
            "transfers": self.transfers,
            "connection": self.connection,
            "target_saved": self.target_saved or None,
            "secret_stored": self.secret_stored,
            "error": error_to_dict(error, ui.lang) if error is not None else None,
        }
        if error is not None and isinstance(error, ExportError):
            document["error"]["retryable"] = error.retryable
        print(json.dumps(document, ensure_ascii=False, indent=2), file=sys.stdout)


def _fail(ui: cli.Ui, outcome: _Outcome, code: ExitCode, error: EarchiveError) -> int:
    if ui.json:
        outcome.emit(ui, code, error)
    ui.print_error(error)
    return int(code)


def _run(args: argparse.Namespace, ui: cli.Ui, outcome: _Outcome) -> ExitCode:
    cwd = Path.cwd()
    if args.job and args.sources:
        raise InvalidInput("cli.job_and_sources")
    target = _target(args, cwd)
    building = bool(args.job or args.sources)

    if args.store_secret:
        if target is None or not target.url:
            raise InvalidInput("archivematica.cli_needs_url", option="--store-secret")
        secret = _read_secret()
        store_secret(target, secret)
        outcome.secret_stored = True
        ui.say(render("archivematica.cli_secret_stored", {"service": target.secret_service, "user": target.user}, ui.lang))
    if args.save_target:
        if target is None:
            raise InvalidInput("archivematica.cli_needs_target", option="--save-target")
        path = cli._abs(args.save_target, cwd)
        _save_target(target, path)
        outcome.target_saved = str(path)
        ui.say(render("archivematica.cli_target_saved", {"path": path}, ui.lang))
    if args.test_connection:
        if target is None:
            raise InvalidInput("archivematica.cli_needs_target", option="--test-connection")
        check = archivematica.test_connection(target)
        outcome.connection = {"ok": check.ok, "code": check.code, "message": check.message(ui.lang),
                              "params": {k: str(v) for k, v in check.params.items()}}
        if check.ok:
            ui.say(check.message(ui.lang))
            return ExitCode.OK
        raise ExportError(check.code, retryable=check.code == "archivematica.unreachable", **check.params)
    if not building:
        if args.store_secret or args.save_target:
            return ExitCode.OK
        raise InvalidInput("cli.no_sources")

    if args.output is None:
        raise InvalidInput("error.required", field="--output", hint="the folder where the transfer is made")
    output = cli._abs(args.output, cwd)
    layout = args.layout or (archivematica.layout_for(target.transfer_type) if target else "standard")
    submissions = _submissions(args, cwd, output)
    for planned in submissions:
        cli.check_output_dirs([planned], ui)

    for planned in submissions:
        submission = planned.submission
        bar = TextProgress(enabled=ui.progress_enabled)
        with cli.cancel_on_interrupt(ui) as token:
            try:
                path = archivematica.make_transfer(submission, output, layout=layout, progress=bar, cancel=token)
            finally:
                bar.close()
        entry: dict[str, Any] = {"objid": submission.objid, "transfer": str(path), "layout": layout, "export": None}
        outcome.transfers.append(entry)
        ui.say(render("archivematica.cli_made", {"path": path, "layout": layout}, ui.lang))
        if target is None:
            continue
        bar = TextProgress(enabled=ui.progress_enabled)
        with cli.cancel_on_interrupt(ui) as token:
            try:
                result = archivematica.export_transfer(path, target, progress=bar, cancel=token,
                                                      wait=not args.no_wait, lang=ui.lang)
            finally:
                bar.close()
        entry["export"] = result.to_json()
        _show_result(ui, result)
    return ExitCode.OK


def _target(args: argparse.Namespace, cwd: Path) -> Target | None:
    """The target from --target FILE with the command-line options on top; None when there is none."""
    data: dict[str, Any] = {}
    if args.target_file:
        path = cli._abs(args.target_file, cwd)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InvalidInput("archivematica.cli_target_missing", path=str(path)) from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise InvalidInput("archivematica.cli_target_bad", path=str(path), reason=str(exc)) from None
        if not isinstance(data, dict):
            raise InvalidInput("archivematica.cli_target_bad", path=str(path), reason="not a JSON object")
        if data.get("kind", "archivematica") != "archivematica":
            raise InvalidInput("error.invalid_value", field="kind", value=data.get("kind"), allowed="archivematica")
    for key, attr in (("folder", "folder"), ("url", "url"), ("user", "user"), ("location_uuid", "location_uuid"),
                      ("remote_path", "remote_path"), ("processing_config", "processing_config")):
        value = getattr(args, attr, None)
        if value:
            data[key] = str(cli._abs(value, cwd)) if key == "folder" else value
    if args.layout:
        data["transfer_type"] = archivematica.LAYOUTS[args.layout]
    if not data.get("url") and not data.get("folder"):
        return None
    data["kind"] = TargetKind.ARCHIVEMATICA.value
    return Target.from_json(data)


def _submissions(args: argparse.Namespace, cwd: Path, output: Path):
    from earchive.jobs import PlannedPackage

    overrides = {"output_dir": str(output)}
    if args.job:
        job = cli.read_input(cli._abs(args.job, cwd), cli.namespace_to_package(args, cwd), overrides, keep_going=False)
        return list(job.packages)
    package = cli.namespace_to_package(args, cwd)
    package["representations"] = [{"name": args.representation_name or "rep1",
                                   "sources": [str(cli._abs(s, cwd)) for s in args.sources]}]
    package.update(overrides)
    submission, options = package_from_dict(package, cwd)
    check_sources_exist(submission)
    return [PlannedPackage(submission, options, "command line")]


def _read_secret() -> str:
    if sys.stdin.isatty():
        secret = getpass.getpass("API key: ")
    else:
        secret = sys.stdin.readline().strip()
    if not secret:
        raise InvalidInput("error.required", field="API key", hint="give it on stdin (one line)")
    return secret


def _save_target(target: Target, path: Path) -> None:
    """Write the target as JSON (it holds no secret), via a temporary file and a rename."""
    temp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        temp.write_text(json.dumps(target.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError("error.output", path=path, reason=exc.strerror or str(exc)) from exc


def _show_result(ui: cli.Ui, result: ExportResult) -> None:
    if result.state == "delivered":
        ui.say(render("archivematica.cli_delivered", {"path": result.delivered_to}, ui.lang))
    elif result.state == "STARTED":
        ui.say(render("archivematica.cli_started", {"url": result.delivered_to, "uuid": result.transfer_id}, ui.lang))
    elif result.state == "COMPLETE":
        ui.say(render("archivematica.cli_stored", {"url": result.delivered_to, "aip": result.aip_id,
                                                   "uuid": result.transfer_id}, ui.lang))
    else:
        ui.say(render("archivematica.cli_state", {"url": result.delivered_to, "state": result.state,
                                                  "uuid": result.transfer_id}, ui.lang))
    for note in result.notes:
        ui.say("  " + note)


register({
    "archivematica.cli_made": {
        "en": "Made the Archivematica transfer {path} ({layout}).",
        "sv": "Skapade Archivematica-överföringen {path} ({layout}).",
    },
    "archivematica.cli_delivered": {
        "en": "Delivered to the transfer source folder: {path}.",
        "sv": "Levererad till överföringsmappen: {path}.",
    },
    "archivematica.cli_started": {
        "en": "Started transfer {uuid} at {url}; follow it in the dashboard.",
        "sv": "Startade överföringen {uuid} i {url}; följ den i Archivematica.",
    },
    "archivematica.cli_stored": {
        "en": "Archivematica at {url} stored AIP {aip} (transfer {uuid}).",
        "sv": "Archivematica på {url} lagrade AIP {aip} (överföring {uuid}).",
    },
    "archivematica.cli_state": {
        "en": "Transfer {uuid} at {url}: {state}.",
        "sv": "Överföring {uuid} i {url}: {state}.",
    },
    "archivematica.cli_secret_stored": {
        "en": "Stored the API key of {user} in the system keyring ({service}).",
        "sv": "Sparade API-nyckeln för {user} i systemets nyckelring ({service}).",
    },
    "archivematica.cli_target_saved": {
        "en": "Saved the target configuration (without the key) to {path}.",
        "sv": "Sparade målkonfigurationen (utan nyckeln) i {path}.",
    },
    "archivematica.cli_needs_url": {
        "en": "{option} needs --url and --user (or --target FILE) to know which key it is.",
        "sv": "{option} behöver --url och --user (eller --target FIL) för att veta vilken nyckel det gäller.",
    },
    "archivematica.cli_needs_target": {
        "en": "{option} needs a target: --folder, --url or --target FILE.",
        "sv": "{option} behöver ett mål: --folder, --url eller --target FIL.",
    },
    "archivematica.cli_target_missing": {
        "en": "The target file {path} does not exist. Save one with --save-target, or check the path.",
        "sv": "Målfilen {path} finns inte. Spara en med --save-target, eller kontrollera sökvägen.",
    },
    "archivematica.cli_target_bad": {
        "en": "The target file {path} cannot be read as JSON ({reason}). Save it again with --save-target.",
        "sv": "Målfilen {path} kan inte läsas som JSON ({reason}). Spara den igen med --save-target.",
    },
})
