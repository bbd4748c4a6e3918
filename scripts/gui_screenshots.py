"""Save screenshots of the desktop application for the README: docs/screenshots/*.png.

    python scripts/gui_screenshots.py [--lang en|sv] [--out docs/screenshots]

Runs offscreen (no display needed): makes example records in a temporary folder,
starts a delivery from the example profile, and saves

- main-window.png: sources, package plan, the package form and the problem list;
- metadata-form.png: the Dublin Core form with two packages selected;
- build-dialog.png: the build progress dialog during a build;
- build-finished.png: the same dialog after a real build (with the validation result);
- export-dialog.png: the export step for those packages, with a saved RODA target and the
  archive's answers (an AIP id with its job report; a failure that may pass, with Retry);
- case-files.png: a case register imported as case files (CITS ERMS): ärenden and handlingar,
  the restrictions of a record, and the register's problems by row and column.

With ``--lang sv`` the files are called main-window-sv.png and so on.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_records(base: Path) -> Path:
    root = base / "Exempelby kommun" / "Kommunstyrelsen"
    for folder, files in {
        "Protokoll 2023": ["Protokoll 2023-01-19.pdf", "Protokoll 2023-03-16.pdf", "Protokoll 2023-05-11.pdf"],
        "Diarium 2023": ["diarium-2023.csv", "Thumbs.db"],
        "Verksamhetsberättelse": ["Verksamhetsberättelse 2023.pdf", ".DS_Store"],
    }.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name in files:
            (root / folder / name).write_bytes(b"%PDF-1.4\n%%EOF\n" if name.endswith(".pdf") else b"id;rubrik\n1;Budget\n")
    (root / "Beslut om gallring.txt").write_text("Beslut om gallring av handlingar.\n", encoding="utf-8")
    return root


CASES = (
    ("KS 2023/12", "Bygglov för förskola på Åkervägen 3", "sekretess", "OSL 21:1"),
    ("KS 2023/17", "Överklagande av beslut om färdtjänst", "gdpr", "GDPR art. 9.1"),
    ("KS 2023/21", "Remiss om översiktsplan för Älvdalen", "", ""),
    ("KS 2023/34", "Ansökan om serveringstillstånd, Café Blåbär", "", ""),
    ("KS 2023/40", "Medborgarförslag om belysning i Ekparken", "", ""),
    ("KS 2023/42", "Tillsyn enligt miljöbalken, Ängsgårdens lantbruk", "sekretess", ""),
    ("KS 2023/57", "Upphandling av skolskjutsar", "", ""),
)


def make_case_register(base: Path) -> Path:
    """A small case register (ärendeförteckning) with its files; one restriction lacks its regulation."""
    import csv

    root = base / "Exempelby kommun" / "Ärenden 2023"
    rows = [["diarienummer", "ärendemening", "ärendestatus", "handläggare", "handlingsnummer", "rubrik", "riktning",
             "registreringsdatum", "avsändare", "fil", "begränsning", "lagrum", "begränsning_förklaring"]]
    for n, (number, title, kind, regulation) in enumerate(CASES, start=1):
        folder = number.replace("/", "-")
        (root / folder).mkdir(parents=True, exist_ok=True)
        for r, (record, direction) in enumerate((("Ansökan", "in"), ("Tjänsteskrivelse", "upprättad"), ("Beslut", "ut")), start=1):
            name = f"{r:02d} {record.lower()}.pdf"
            (root / folder / name).write_bytes(b"%PDF-1.4\n%%EOF\n")
            secret = r == 1 and kind
            rows.append([number, title if r == 1 else "", "avslutat" if r == 1 else "", "Anna Lind" if r == 1 else "",
                         str(r), f"{record}, {title.split(',')[0].lower()}", direction, f"2023-0{2 + n % 7}-{10 + r}",
                         "Förskolan Solrosen AB" if direction == "in" else "", f"{folder}/{name}",
                         kind if secret else "", regulation if secret else "",
                         "Uppgifter om enskilds hälsa" if secret == "sekretess" else ""])
    path = root / "ärendeförteckning.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return path


def case_files_shot(window, register: Path, save, settle) -> None:
    """The case-file view of an imported register, a record under secrecy selected."""
    window.splitter.setSizes([250, 290, 900])
    [key] = window.import_cases(path=str(register))
    window.controller.set_field([key], "agent:submitter.name", "Exempelby kommun")
    settle(1.0)
    view = window.editor.case_view
    case = view.tree.topLevelItem(0)
    view.tree.expandItem(case)
    view.tree.expandItem(case.child(0))
    view.tree.setCurrentItem(case.child(0))
    window.checker.check_now()
    settle(1.2)
    save(window, "case-files.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("en", "sv"), default="en")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QThreadPool

    from earchive.profiles import load_profile
    from earchive.progress import ProgressEvent
    from earchive_gui import i18n
    from earchive_gui.app import make_application
    from earchive_gui.build_dialog import BuildDialog
    from earchive_gui.dialogs import EXAMPLE_PROFILES
    from earchive_gui.main_window import MainWindow
    from earchive_gui.settings import MemoryStore, Settings
    from earchive_gui.workers import BuildJob, Snapshot

    app = make_application()
    args.out.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)
        QThreadPool.globalInstance().waitForDone(10000)
        app.processEvents()

    def save(widget, name: str) -> None:
        settle()
        if args.lang != "en":  # main-window-sv.png beside main-window.png
            name = name.replace(".png", f"-{args.lang}.png")
        path = args.out / name
        widget.grab().save(str(path))
        print(path)

    with tempfile.TemporaryDirectory(prefix="earchive-shots-") as tmp:
        tmp = Path(tmp)
        _erms_schemas(tmp)
        records = make_records(tmp)
        settings = Settings(MemoryStore())
        settings.set("prefs/language", args.lang)
        settings.set("prefs/open_output_after_build", False)
        settings.set("prefs/autosave_seconds", 0)
        window = MainWindow(settings, data_dir=tmp / "appdata", ask_recovery=False)
        window.resize(1440, 880)
        window.show()
        i18n.set_language(args.lang)
        profile_path = EXAMPLE_PROFILES / "exempelby-kommun-roda.json"
        window.start_delivery(load_profile(profile_path), str(profile_path))
        window.sources.set_root(str(records.parent))
        settle(0.5)
        window.sources.tree.expand(window.sources.model.index_of(str(records)))
        ids = window.make_packages([str(records)], "per_folder")
        first = ids[0]
        window.controller.set_field([first], "dc.description", "Protokoll från kommunstyrelsens sammanträden 2023.")
        window.controller.set_field([first], "dc.date", "2023")
        window.controller.set_field([ids[-1]], "desc:dc", False)
        window.plan_view.select_packages([first])
        window.plan_view.expand_package(first)
        window.editor.tabs.setCurrentIndex(0)
        window.checker.check_now()
        settle(0.8)
        save(window, "main-window.png")

        window.plan_view.select_packages(ids[:2])
        window.editor.tabs.setCurrentWidget(window.editor.description_tab)
        window.editor.desc_tabs.setCurrentIndex(0)
        window.editor.fields["dc.creator"].widget.setFocus()
        save(window, "metadata-form.png")

        from earchive import precheck

        done = [key for key in ids if not any(f.blocks_build for f in precheck.check_package_dict(window.controller.plan.packages[key]))]
        job = BuildJob("Protokoll 2023", precheck.submission_of(window.controller.plan.packages[first]), None)
        dialog = BuildDialog([job], str(tmp / "out"), window)
        event = ProgressEvent(phase="copy", files_done=8432, files_total=20000, bytes_done=3_150_000_000,
                              bytes_total=7_480_000_000, current=str(records / "Protokoll 2023" / "Protokoll 2023-05-11.pdf"),
                              started=time.monotonic() - 61)
        dialog.show()
        dialog._progressed(Snapshot(0, 3, "Protokoll 2023", event))
        save(dialog, "build-dialog.png")
        dialog.is_done = True
        dialog.close()

        out = tmp / "out"
        out.mkdir()
        finished = []
        window.build_finished.connect(finished.append)
        built = window.build(done, output_dir=str(out))
        deadline = time.monotonic() + 120
        while not finished and time.monotonic() < deadline:
            settle(0.1)
        if built is not None and finished:
            save(built, "build-finished.png")
            export_shot(window, built, args.lang, save)
            built.accept()
        case_files_shot(window, make_case_register(tmp), save, settle)
        window.controller.undo_stack.setClean()
        window.close()
    return 0


def _erms_schemas(tmp: Path) -> None:
    """The CITS ERMS files in a store of this run (from ../shared, as `earchive erms schemas --from` does)."""
    from earchive import schema_store

    shared = ROOT.parent / "shared" / "schemas" / "cits-erms"
    if shared.is_dir() and "EARCHIVE_SCHEMA_STORE" not in os.environ:
        os.environ[schema_store.STORE_ENV] = str(tmp / "schema-store")
        schema_store.install_from(shared)


def export_shot(window, built, lang: str, save) -> None:
    """The export step after the build, with answers as RODA gives them (no server is contacted)."""
    from earchive.export.target import ExportError, ExportResult, Target
    from earchive_gui.export_dialog import ExportOutcome
    from earchive_gui.targets import TargetStore

    store = TargetStore(window.targets_file())
    store.add(Target(kind="roda", name="RODA Exempelby kommun" if lang == "sv" else "RODA test",
                     url="https://roda.exempelby.se", user="anna.arkivarie", parent_id="kommunstyrelsen-1971"))
    store.save()
    dialog = built.open_export()
    if dialog is None:
        return
    report = {"id": "2c9f1e7a-5d3b-4c1e-9a51-7b0d0f3e8a11", "outcomeObjectState": "ACTIVE", "pluginState": "SUCCESS",
              "reports": [{"title": "E-ARK SIP 2", "pluginState": "SUCCESS"}, {"title": "Fixity check", "pluginState": "SUCCESS"}]}
    first = dialog.items[0]
    dialog.outcomes[0] = ExportOutcome(first, result=ExportResult(
        target="roda", package=str(first.package), delivered_to="https://roda.exempelby.se",
        transfer_id="7d1c2b44-4f0e-4a8e-9a0c-1f6e3c8b5d20", job_id="b0e4c7d2-1a9f-4e53-8c6d-2f7a9e1b3c45",
        aip_id="0f8e6d1c-3b2a-4e9f-8d7c-6b5a4f3e2d10", state="COMPLETED", report=report))
    if len(dialog.items) > 1:
        detail = "roda.exempelby.se svarade inte inom 60 s" if lang == "sv" else "roda.exempelby.se did not answer within 60 s"
        dialog.outcomes[1] = ExportOutcome(dialog.items[1], error=ExportError("error.export", retryable=True, detail=detail))
    dialog._finished([])
    top = dialog.results.topLevelItem(0)
    top.setExpanded(True)
    top.child(top.childCount() - 1).setExpanded(True)
    dialog.resize(820, 900)
    save(dialog, "export-dialog.png")
    dialog.is_running = False
    dialog.reject()


if __name__ == "__main__":
    sys.exit(main())
