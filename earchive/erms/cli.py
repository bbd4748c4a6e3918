"""``earchive erms ...`` and the ``--erms`` options of ``build`` and ``batch``.

* ``earchive erms template FILE`` writes an empty case register (.csv or .xlsx) with
  the columns in Swedish (``--lang sv``) or English, and one example row;
* ``earchive erms schemas --from DIR | --download`` puts the official CITS ERMS 3.0
  schema and Schematron into earchive's store (see :mod:`earchive.schema_store`);
* ``earchive erms check SOURCE`` reads a case register or delivery folder and lists
  every problem by row and column, without building anything.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from earchive.exitcodes import ExitCode
from earchive.messages import register, render


def add_build_options(p: argparse.ArgumentParser) -> None:
    """The ``--erms`` options of ``build`` (and ``batch``, as defaults of every package)."""
    g = p.add_argument_group("case files (CITS ERMS 3.0, FGS Ärendehantering 2.0; see docs/erms.md)")
    g.add_argument("--erms", type=Path, metavar="REGISTER",
                   help="a case register (.csv or .xlsx, one row per handling) or a folder of case folders; "
                        "the cases become metadata/descriptive/erms.xml and the data, one folder per ärende")
    g.add_argument("--erms-files", type=Path, metavar="DIR", help="folder the register's file names are relative to "
                                                                   "(default: the register's folder)")
    g.add_argument("--erms-continue", action="store_true", default=None,
                   help="build even when the register has problems; they are listed in the package report")
    g.add_argument("--erms-system", metavar="NAME", help="the records management system the cases come from")
    g.add_argument("--erms-classification-schema", metavar="NAME", help="name of the classification scheme")


def package_fields(args: argparse.Namespace, cwd: Path) -> dict[str, Any]:
    """The ``erms`` entry of a package dictionary from the options ({} when --erms is not given)."""
    if not getattr(args, "erms", None):
        return {}
    spec: dict[str, Any] = {"source": str(_abs(args.erms, cwd))}
    if args.erms_files:
        spec["files_root"] = str(_abs(args.erms_files, cwd))
    if args.erms_continue:
        spec["continue"] = True
    if args.erms_system:
        spec["system"] = args.erms_system
    if args.erms_classification_schema:
        spec["classification_schema"] = args.erms_classification_schema
    return {"erms": spec}


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, epilog: str) -> None:
    """``earchive erms template|schemas|check``."""
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("erms", parents=[common], formatter_class=fmt, epilog=epilog,
                       help="case files (CITS ERMS 3.0): spreadsheet template, official schemas, checking a register",
                       description="Case files for CITS ERMS 3.0 (FGS Ärendehantering 2.0). Build with "
                                   "'earchive build --erms REGISTER ...'; see docs/erms.md.")
    p.usage = "earchive erms {template,schemas,check} ..."
    actions = p.add_subparsers(dest="erms_action", metavar="ACTION")

    t = actions.add_parser("template", parents=[common], formatter_class=fmt, epilog=epilog,
                           help="write an empty case register with every column and an example row")
    t.add_argument("output", type=Path, metavar="FILE", help="the file to write: .csv (UTF-8, ';') or .xlsx")
    t.set_defaults(handler=cmd_template)

    s = actions.add_parser("schemas", parents=[common], formatter_class=fmt, epilog=epilog,
                           help="get the official CITS ERMS 3.0 schema and Schematron (once)")
    how = s.add_mutually_exclusive_group(required=True)
    how.add_argument("--from", dest="from_dir", type=Path, metavar="DIR",
                     help="a folder holding ERMS_v3.xsd and erms_v3.sch (e.g. a download of DILCISBoard/CITS-ERMS)")
    how.add_argument("--download", action="store_true", help="fetch them from the DILCIS Board's GitHub repository")
    how.add_argument("--status", action="store_true", help="only say whether they are there, and where")
    s.set_defaults(handler=cmd_schemas)

    c = actions.add_parser("check", parents=[common], formatter_class=fmt, epilog=epilog,
                           help="check a case register or delivery folder; list every problem by row and column")
    c.add_argument("source", type=Path, metavar="REGISTER")
    c.add_argument("--erms-files", type=Path, metavar="DIR", help="folder the register's file names are relative to")
    c.add_argument("--archival-creator", default="-", metavar="NAME", help=argparse.SUPPRESS)
    c.set_defaults(handler=cmd_check)
    p.set_defaults(handler=lambda args, ui: (p.print_help(), ExitCode.INVALID_INPUT)[1])


def cmd_template(args: argparse.Namespace, ui) -> ExitCode:
    from earchive.erms.template import write_template

    write_template(_abs(args.output, Path.cwd()), ui.lang)
    if not ui.quiet:
        ui.say(render("erms.cli.template_written", {"path": args.output}, ui.lang))
    return ExitCode.OK


def cmd_schemas(args: argparse.Namespace, ui) -> ExitCode:
    from earchive import schema_store

    if args.status:
        missing = schema_store.missing()
        ui.say(render("erms.cli.schemas_missing" if missing else "erms.cli.schemas_present",
                      {"store": schema_store.store_dir(), "files": ", ".join(missing)}, ui.lang))
        return ExitCode.INVALID_INPUT if missing else ExitCode.OK
    paths = schema_store.install_from(_abs(args.from_dir, Path.cwd())) if args.from_dir else schema_store.download()
    if not ui.quiet:
        for path in paths:
            ui.say(render("erms.cli.schema_kept", {"path": path}, ui.lang))
    return ExitCode.OK


def cmd_check(args: argparse.Namespace, ui) -> ExitCode:
    from earchive.erms import delivery
    from earchive.erms.problems import CaseRegisterError

    control = delivery.control_of(args.archival_creator)
    files = _abs(args.erms_files, Path.cwd()) if args.erms_files else None
    try:
        found = delivery.load(_abs(args.source, Path.cwd()), control, files_root=files, keep_going=False)
        problems, cases = found.problems, len(found.document.aggregations)
    except CaseRegisterError as exc:
        problems, cases = exc.problems, None
    errors = [p for p in problems if p.severity == "error"]
    if ui.json:
        json.dump({"ok": not errors, "cases": cases, "problems": [p.to_dict() for p in problems]},
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(problem.message(ui.lang), file=sys.stderr if problem.severity == "error" else sys.stdout)
        if not errors and not ui.quiet:
            ui.say(render("erms.cli.register_ok", {"cases": cases}, ui.lang))
    return ExitCode.INVALID_INPUT if errors else ExitCode.OK


def print_problems(error, ui) -> None:
    """Every problem of a CaseRegisterError on stderr (the error's own message quotes a few)."""
    for problem in getattr(error, "problems", []):
        print(problem.message(ui.lang), file=sys.stderr)


def _abs(path: Path, cwd: Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else cwd / path


register({
    "erms.cli.template_written": {"en": "Wrote the case register template {path}", "sv": "Skrev mallen för ärendeförteckning {path}"},
    "erms.cli.schema_kept": {"en": "Kept {path} (verified: the official CITS ERMS 3.0.0 file)",
                             "sv": "Sparade {path} (kontrollerad: den officiella CITS ERMS 3.0.0-filen)"},
    "erms.cli.schemas_present": {"en": "The CITS ERMS 3.0 schema and Schematron are in {store}",
                                 "sv": "CITS ERMS 3.0-schemat och Schematron finns i {store}"},
    "erms.cli.schemas_missing": {"en": "Missing from {store}: {files}. Run: earchive erms schemas --download (or --from DIR)",
                                 "sv": "Saknas i {store}: {files}. Kör: earchive erms schemas --download (eller --from MAPP)"},
    "erms.cli.register_ok": {"en": "No problems: {cases} cases can be packaged.",
                             "sv": "Inga problem: {cases} ärenden kan paketeras."},
})
