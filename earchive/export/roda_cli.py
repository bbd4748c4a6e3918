"""``earchive export roda``: deliver a package to RODA (or ETERNA) from the command line.

Options become a :class:`~earchive.export.Target` at once (a saved target file first,
options on top), then :mod:`earchive.export.roda` does the work.  Passwords and access
keys are never option values: ``--store-secret`` asks for one (without echo) and keeps
it in the system keyring; otherwise it comes from the keyring or the environment
(``EARCHIVE_RODA_PASSWORD``, ``EARCHIVE_RODA_ACCESS_KEY``).
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
from earchive.errors import Cancelled, EarchiveError, InvalidInput, OutputError
from earchive.exitcodes import ExitCode
from earchive.export import roda
from earchive.export.credentials import env_var, store_secret
from earchive.export.target import ConnectionCheck, ExportError, ExportResult, Target, TargetKind
from earchive.messages import register, render

EPILOG = """examples:
  earchive export roda out/SE-KS-2023-001 --url https://roda.example.se --user arkiv --store-secret
  earchive export roda out/SE-KS-2023-001.zip --url https://roda.example.se --access-key --parent-id 9a1c...
  earchive export roda out/SE-KS-2023-001 --folder /mnt/roda/transferred-resources
  earchive export roda --url https://roda.example.se --user arkiv --save-target roda.json --test-connection
  earchive export roda out/SE-KS-2023-001 --target roda.json --json

The password (or access key) is asked for once with --store-secret and kept in the
system keyring; scripts can set EARCHIVE_RODA_PASSWORD or EARCHIVE_RODA_ACCESS_KEY.
It is never given as an option, never printed and never saved in a target file.
Exit code 5: RODA refused the package or could not be reached (the package is kept);
2: bad options, or the package was refused before sending (invalid, not for RODA).
See docs/export-roda.md.

"""


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, epilog: str) -> None:
    p = sub.add_parser(
        "roda", parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG + epilog,
        usage="earchive export roda PACKAGE (--url URL [--user USER | --access-key] | --folder DIR) [options]\n"
              "       earchive export roda --target FILE.json [PACKAGE] [--test-connection] [--store-secret]",
        help="send a package to RODA (or ETERNA): upload and ingest, or copy into the transfer folder",
        description="Validate PACKAGE (a package folder or ZIP built by earchive), zip it with one root folder "
                    "and deliver it to RODA: upload it through RODA's REST API v2, start the E-ARK SIP 2 ingest "
                    "and wait for the AIP id; or copy the ZIP into RODA's transfer folder (--folder). "
                    "The local package is never changed.",
    )
    p.add_argument("package", nargs="?", type=Path, metavar="PACKAGE", help="package folder or ZIP to deliver")
    g = p.add_argument_group("target")
    g.add_argument("--target", type=Path, metavar="FILE.json", help="a saved target (see --save-target); options below override it")
    g.add_argument("--url", metavar="URL", help="RODA's base address, e.g. https://roda.example.se")
    who = g.add_mutually_exclusive_group()
    who.add_argument("--user", metavar="USER", help="RODA user for HTTP Basic authentication")
    who.add_argument("--access-key", action="store_true", help="authenticate with a RODA access key instead of a password")
    g.add_argument("--folder", type=Path, metavar="DIR",
                   help="copy the ZIP into this transfer folder (RODA's transferred-resources) instead of uploading; "
                        "with --url RODA is also asked to refresh its transfer area")
    g.add_argument("--parent-id", metavar="ID", help="AIP id of the parent in RODA (when the package names none)")
    g = p.add_argument_group("actions")
    g.add_argument("--no-wait", action="store_true", help="start the ingest job and return without following it")
    g.add_argument("--save-target", type=Path, metavar="FILE.json", help="save the target (never the password) to this file")
    g.add_argument("--test-connection", action="store_true", help="check the folder or the server and the credentials, send nothing")
    g.add_argument("--store-secret", action="store_true",
                   help="ask for the password or access key and keep it in the system keyring")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ui) -> ExitCode:
    """The command; returns an ExitCode (OK, INVALID_INPUT, EXPORT_FAILED, IO_ERROR, CANCELLED)."""
    from earchive.cli import cancel_on_interrupt
    from earchive.cli_progress import TextProgress

    state: dict[str, Any] = {"result": None, "check": None}
    try:
        target = target_from_args(args)
        if not (args.package or args.test_connection or args.store_secret or args.save_target):
            raise InvalidInput("export.roda.nothing_to_do")
        if args.save_target:
            save_target(target, args.save_target)
            ui.say(render("export.roda.target_saved", {"path": args.save_target}, ui.lang))
        if args.store_secret:
            _store_secret(target, ui)
        if args.test_connection:
            check = roda.test_connection(target)
            state["check"] = check
            if not check.ok:
                return _finish(ui, ExitCode.EXPORT_FAILED, state, message=check.message(ui.lang))
            ui.say(check.message(ui.lang))
        if args.package:
            bar = TextProgress(enabled=ui.progress_enabled)
            with cancel_on_interrupt(ui) as token:
                try:
                    result = roda.export_package(_abs(args.package), target, progress=bar, cancel=token,
                                                 wait=not args.no_wait)
                finally:
                    bar.close()
            state["result"] = result
            _show_result(ui, result)
        return _finish(ui, ExitCode.OK, state)
    except roda.JobFailed as exc:
        state["result"] = exc.result
        return _finish(ui, ExitCode.EXPORT_FAILED, state, error=exc)
    except (roda.PackageNotReady, InvalidInput) as exc:
        return _finish(ui, ExitCode.INVALID_INPUT, state, error=exc)
    except ExportError as exc:
        return _finish(ui, ExitCode.EXPORT_FAILED, state, error=exc)
    except OutputError as exc:
        return _finish(ui, ExitCode.IO_ERROR, state, error=exc)
    except Cancelled as exc:
        return _finish(ui, ExitCode.CANCELLED, state, error=exc)
    except KeyboardInterrupt:
        return _finish(ui, ExitCode.CANCELLED, state, error=Cancelled())


def target_from_args(args: argparse.Namespace) -> Target:
    """The target of the command line: the --target file (if any) with the options on top."""
    data: dict[str, Any] = {"kind": TargetKind.RODA.value}
    if args.target:
        data.update(load_target_file(_abs(args.target)))
        if data.get("kind") != TargetKind.RODA.value:
            raise InvalidInput("export.roda.target_not_roda", path=str(args.target), kind=data.get("kind"))
    if args.url:
        data["url"] = args.url.strip().rstrip("/")
    if args.user:
        data["user"], data["auth"] = args.user, "basic"
    if args.access_key:
        data["user"], data["auth"] = "", "access-key"
    if args.folder:
        data["folder"] = str(_abs(args.folder))
    if args.parent_id:
        data["parent_id"] = args.parent_id.strip()
    if not data.get("name"):
        data["name"] = data.get("url") or data.get("folder") or ""
    return Target.from_json(data)


def load_target_file(path: Path) -> dict[str, Any]:
    """A saved target: a JSON object of Target fields (never a secret: a "password" key is refused)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput("export.roda.target_file_missing", path=str(path)) from None
    except (OSError, ValueError) as exc:
        raise InvalidInput("export.roda.target_file_bad", path=str(path), reason=str(exc)) from None
    if not isinstance(data, dict):
        raise InvalidInput("export.roda.target_file_bad", path=str(path), reason="not a JSON object")
    return data


def save_target(target: Target, path: Path) -> None:
    """Write the target as JSON (it has no secret field), under a temporary name first."""
    path = _abs(path)
    temp = path.with_name(f".{path.name}.partial")
    try:
        temp.write_text(json.dumps(target.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        try:
            temp.unlink()
        except OSError:
            pass
        raise OutputError("error.output", path=str(path), reason=exc.strerror or str(exc)) from exc


# --------------------------------------------------------------------------------------
# Private helpers
# --------------------------------------------------------------------------------------


def _store_secret(target: Target, ui) -> None:
    if not target.url:
        raise InvalidInput("export.roda.secret_needs_url")
    code = "export.roda.secret_prompt_key" if target.auth == "access-key" else "export.roda.secret_prompt_password"
    prompt = render(code, {"user": target.user, "server": target.url}, ui.lang)
    secret = getpass.getpass(prompt)
    if not secret:
        raise InvalidInput("export.roda.secret_empty")
    store_secret(target, secret)
    ui.say(render("export.roda.secret_stored", {"server": target.url, "env": env_var(target)}, ui.lang))


def _show_result(ui, result: ExportResult) -> None:
    name = Path(result.package).name
    if result.state == "delivered":
        ui.say(render("export.roda.done_folder", {"package": name, "file": result.delivered_to}, ui.lang))
    elif result.aip_id:
        ui.say(render("export.roda.done_api", {"package": name, "server": result.delivered_to, "job": result.job_id,
                                               "state": result.state, "aip": result.aip_id}, ui.lang))
    else:
        ui.say(render("export.roda.done_started", {"package": name, "server": result.delivered_to,
                                                   "job": result.job_id, "state": result.state}, ui.lang))
    if not ui.quiet and not ui.json:
        for text in roda.note_messages(result, ui.lang):
            print(render("cli.warning", {"message": text}, ui.lang), file=sys.stderr)


def _finish(ui, code: ExitCode, state: dict[str, Any], *, error: EarchiveError | None = None,
            message: str = "") -> ExitCode:
    """Print the JSON document (with --json) and the error (stderr); return ``code``."""
    if ui.json:
        from earchive.batch import error_to_dict

        result: ExportResult | None = state["result"]
        check: ConnectionCheck | None = state["check"]
        document = {
            "earchive": earchive.__version__,
            "command": "export",
            "target": TargetKind.RODA.value,
            "exit_code": int(code),
            "status": code.name.lower(),
            "result": result.to_json() if result is not None else None,
            "notes": roda.note_messages(result, ui.lang) if result is not None else [],
            "connection": ({"ok": check.ok, "code": check.code, "params": {k: str(v) for k, v in check.params.items()},
                            "message": check.message(ui.lang)} if check is not None else None),
            "error": error_to_dict(error, ui.lang) if error is not None else None,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2, default=str), file=sys.stdout)
    if error is not None:
        ui.trace(_trace(error))
        ui.print_error(error)
    elif message:
        print(render("cli.error", {"message": message}, ui.lang), file=sys.stderr)
    return code


def _trace(error: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def _abs(path: Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


register({
    "export.roda.nothing_to_do": {
        "en": "Give a PACKAGE to export, or one of --test-connection, --store-secret, --save-target.",
        "sv": "Ange ett PAKET att exportera, eller något av --test-connection, --store-secret, --save-target.",
    },
    "export.roda.target_file_missing": {
        "en": "The target file {path} does not exist. Save one with --save-target, or give --url or --folder.",
        "sv": "Målfilen {path} finns inte. Spara en med --save-target, eller ange --url eller --folder.",
    },
    "export.roda.target_file_bad": {
        "en": "The target file {path} cannot be read ({reason}). It must be a JSON object as --save-target writes it.",
        "sv": "Målfilen {path} kan inte läsas ({reason}). Den ska vara ett JSON-objekt som --save-target skriver det.",
    },
    "export.roda.target_not_roda": {
        "en": "The target file {path} is for {kind}, not RODA. Use 'earchive export {kind}' with it.",
        "sv": "Målfilen {path} gäller {kind}, inte RODA. Använd den med 'earchive export {kind}'.",
    },
    "export.roda.target_saved": {
        "en": "Saved the target in {path} (without password or key).",
        "sv": "Sparade målet i {path} (utan lösenord eller nyckel).",
    },
    "export.roda.secret_needs_url": {
        "en": "A transfer folder needs no password: --store-secret needs --url (RODA's address).",
        "sv": "En överföringsmapp behöver inget lösenord: --store-secret kräver --url (RODA:s adress).",
    },
    "export.roda.secret_prompt_password": {
        "en": "Password of {user} on RODA at {server} (not shown): ",
        "sv": "Lösenord för {user} i RODA på {server} (visas inte): ",
    },
    "export.roda.secret_prompt_key": {
        "en": "Access key for RODA at {server} (not shown): ",
        "sv": "Åtkomstnyckel för RODA på {server} (visas inte): ",
    },
    "export.roda.secret_empty": {
        "en": "Nothing was typed, so nothing was stored.",
        "sv": "Inget skrevs in, så inget sparades.",
    },
    "export.roda.secret_stored": {
        "en": "Stored in the system keyring for {server} (the environment variable {env}, when set, is used instead).",
        "sv": "Sparat i systemets nyckelring för {server} (miljövariabeln {env} används i stället när den är satt).",
    },
    "export.roda.done_folder": {
        "en": "Delivered {package} to the transfer folder: {file}",
        "sv": "Levererade {package} till överföringsmappen: {file}",
    },
    "export.roda.done_api": {
        "en": "Delivered {package} to RODA at {server}: job {job} {state}, AIP {aip}.",
        "sv": "Levererade {package} till RODA på {server}: jobb {job} {state}, AIP {aip}.",
    },
    "export.roda.done_started": {
        "en": "Uploaded {package} to RODA at {server}; ingest job {job} is {state}.",
        "sv": "Laddade upp {package} till RODA på {server}; inläsningsjobb {job} är {state}.",
    },
})
