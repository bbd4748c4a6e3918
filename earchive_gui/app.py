"""Start the desktop application: ``earchive-gui [PROJECT] [--lang sv|en] [--self-test]``.

``--self-test`` opens the main window offscreen (no display needed), makes a package
plan from a temporary folder, runs the checks, builds and validates that package in the
build child process (the "spawn" start method, as a real build does) and quits with 0
when all of that works; the installers' smoke tests run it to prove that a frozen
bundle starts, finds its data files and can start its worker processes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

#: Organisation and application name (QSettings, QStandardPaths folders).
ORGANIZATION = "earchive"
APPLICATION = "earchive"
#: How long the self-test waits for its build in the child process (a frozen start is slower).
SELF_TEST_BUILD_SECONDS = 120
#: Schema files the self-test's package must carry: each comes from a different place at run time.
SELF_TEST_SCHEMAS = ("mets.xsd", "premis-v3-0.xsd", "xlink.xsd")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="earchive-gui", description="earchive desktop application")
    parser.add_argument("project", nargs="?", help="a project (.earchive.json) or job file to open")
    parser.add_argument("--lang", choices=("en", "sv"), help="language of this session (default: the setting, else the system's)")
    parser.add_argument("--self-test", action="store_true", help="open the main window offscreen and quit: 0 when it works")
    return parser.parse_args(argv)


def make_application(argv: list[str] | None = None):
    """The QApplication, with high-DPI rounding that keeps fractional scales sharp."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationDisplayName("earchive")
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the application; returns the process exit code."""
    import multiprocessing

    multiprocessing.freeze_support()  # builds run in a child process, also in frozen installers
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        return self_test()
    app = make_application()
    from PySide6.QtCore import QSettings

    from earchive_gui import i18n
    from earchive_gui.main_window import MainWindow
    from earchive_gui.settings import Settings

    settings = Settings(QSettings())
    window = MainWindow(settings)
    if args.lang:
        i18n.set_language(args.lang)
    window.show()
    if args.project:
        window.open_project(args.project)
    return app.exec()


def self_test() -> int:
    """Open the main window offscreen, plan, check, build and validate a package; 0 when everything works."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import qInstallMessageHandler

        def quiet(mode, context, message) -> None:
            if "propagateSizeHints" not in message:  # the offscreen platform's harmless complaint
                print(message, file=sys.stderr)

        qInstallMessageHandler(quiet)
        app = make_application()
        import earchive
        from earchive_gui import i18n
        from earchive_gui.main_window import MainWindow
        from earchive_gui.settings import MemoryStore, Settings

        with tempfile.TemporaryDirectory(prefix="earchive-self-test-") as tmp:
            records = Path(tmp) / "records"
            records.mkdir()
            (records / "a.txt").write_text("self test\n", encoding="utf-8")
            window = MainWindow(Settings(MemoryStore()), data_dir=Path(tmp) / "data", ask_recovery=False)
            window.show()
            app.processEvents()
            ids = window.make_packages([str(records)], "one")
            window.controller.set_field(ids, "agent:submitter.name", "Self test")
            for lang in ("sv", "en"):
                i18n.set_language(lang)
                app.processEvents()
            window.checker.check_now()
            from PySide6.QtCore import QThreadPool

            QThreadPool.globalInstance().waitForDone(10000)
            app.processEvents()
            shown = bool(ids) and window.isVisible()
            built = shown and _self_test_build(app, window, ids[0], Path(tmp) / "out")
            window.controller.undo_stack.setClean()
            window.close()
            ok = shown and built
            # The version the About dialog shows (earchive.__version__, from the installed metadata).
            print(f"earchive-gui self-test: OK (earchive {earchive.__version__})" if ok else "earchive-gui self-test: FAILED")
            return 0 if ok else 1
    except Exception as exc:  # noqa: BLE001 - the self test reports any failure as exit 1
        import traceback

        traceback.print_exc()
        print(f"earchive-gui self-test: FAILED ({exc})", file=sys.stderr)
        return 1


def _self_test_build(app, window, package_id: str, out: Path) -> bool:
    """Build and validate one planned package in the build child process; True when it is valid."""
    import time

    from earchive import BuildOptions, precheck
    from earchive_gui.workers import BuildJob, BuildWorker

    out.mkdir()
    submission = precheck.submission_of(window.controller.plan.packages[package_id])
    worker = BuildWorker([BuildJob("self-test", submission, BuildOptions(output_dir=out))], validate=True)
    outcomes: list = []
    worker.finished.connect(outcomes.extend)  # emitted once, from the worker's thread
    worker.start()
    deadline = time.monotonic() + SELF_TEST_BUILD_SECONDS
    while not outcomes and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    worker.qthread.wait(5000)
    if not outcomes:
        print(f"earchive-gui self-test: no build result after {SELF_TEST_BUILD_SECONDS} s", file=sys.stderr)
        return False
    outcome = outcomes[0]
    if outcome.result is None:
        print(f"earchive-gui self-test: the build failed: {outcome.error}\n{outcome.details}", file=sys.stderr)
        return False
    package = Path(outcome.result.package_path)
    missing = [name for name in SELF_TEST_SCHEMAS if not (package / "schemas" / name).is_file()]
    if missing:  # a bundle that lacks its schema files still builds, so look for them
        print(f"earchive-gui self-test: the package lacks the schemas {', '.join(missing)}", file=sys.stderr)
        return False
    if outcome.report is None:
        print(f"earchive-gui self-test: the package was not validated: {outcome.report_error}\n{outcome.details}",
              file=sys.stderr)
        return False
    if not outcome.report.valid:
        errors = "\n".join(f"  {f.requirement} {f.file}: {f.message('en')}" for f in outcome.report.findings
                           if f.severity.value == "error")
        print(f"earchive-gui self-test: the built package {package} is not valid:\n{errors}", file=sys.stderr)
        return False
    print(f"earchive-gui self-test: built and validated {package.name} in a child process")
    return True


#: What to say when the desktop application's toolkit is not installed (a plain ``pip install earchive``).
NO_QT = {
    "en": "The earchive desktop application needs PySide6 (Qt), which is not installed: {reason}.\n"
          "Install it with:  pip install 'earchive[gui]'\n"
          "The command line (earchive build, batch, validate, export) works without it.",
    "sv": "earchives skrivbordsprogram behöver PySide6 (Qt), som inte är installerat: {reason}.\n"
          "Installera det med:  pip install 'earchive[gui]'\n"
          "Kommandoraden (earchive build, batch, validate, export) fungerar utan det.",
}


def qt_missing() -> str:
    """Why PySide6 cannot be imported ('' when it can)."""
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return ""


def run() -> None:
    """Console entry point (``earchive-gui``); without PySide6, says how to install it and exits 2."""
    reason = qt_missing()
    if reason:
        from earchive.exitcodes import ExitCode
        from earchive.messages import default_language

        lang = parse_args(sys.argv[1:]).lang or default_language()
        print(NO_QT.get(lang, NO_QT["en"]).format(reason=reason), file=sys.stderr)
        sys.exit(int(ExitCode.INVALID_INPUT))
    sys.exit(main())


if __name__ == "__main__":
    run()
