"""Composition root: parse arguments, resolve paths, open the database, build the services and
the window, in that order. No widget opens the database."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shlex
import sys
import time
from pathlib import Path

from jobdesk import APP_NAME, ORG_DOMAIN, ORG_NAME, __version__
from jobdesk.cli import CommandContext, add_subcommands
from jobdesk.paths import data_dir_from, resource

EXIT_OK, EXIT_FAILURE, EXIT_DATABASE = 0, 1, 2


_VALUE_OPTIONS = ("--data-dir", "--database")


def _first_positional(argv: list[str]) -> str | None:
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token in _VALUE_OPTIONS:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: with the subcommands when its first word names one, else the
    window's parser, which takes files to open."""
    from jobdesk.cli import command_modules

    argv = sys.argv[1:] if argv is None else argv
    names = [m.NAME for m in command_modules()]
    for_command = _first_positional(argv) in names
    parser = argparse.ArgumentParser(
        prog="jobdesk",
        description="JobDesk: run your job search like a recruiter would. Without arguments "
                    "it opens the window on your local database.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder for the database, documents and settings "
                             "(default: the platform's app data folder; also JOBDESK_DATA_DIR)")
    parser.add_argument("--database", metavar="URL",
                        help="use another database, e.g. postgresql://user@host/jobdesk "
                             "(default: DIR/jobdesk.sqlite3)")
    parser.add_argument("--demo", action="store_true",
                        help="fill an empty database with a realistic demo job search")
    parser.add_argument("--smoke-test", action="store_true",
                        help="build the whole window on the chosen database, process events "
                             "and exit (0 when everything worked)")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add JobDesk to this Linux desktop's application menu "
                             "(a .desktop entry and icons under ~/.local/share), then exit")
    parser.add_argument("--uninstall-desktop-entry", action="store_true",
                        help="remove what --install-desktop-entry added, then exit")
    if for_command:
        add_subcommands(parser)
    else:
        parser.add_argument(
            "--view", choices=("applications", "companies", "contacts", "board", "archive"),
            help="open the window on this view (the first record selected)")
        parser.add_argument(
            "files", nargs="*", metavar="FILE",
            help="files to open or attach; when JobDesk already runs on this data folder, "
                 "they are handed to that window, which comes to the front")
        if names:
            parser.epilog = ("commands (headless; `jobdesk COMMAND --help` for each): "
                             + ", ".join(names))
    return parser


def default_data_dir() -> Path:
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _report(message: str, *, gui: bool) -> None:
    print(f"jobdesk: {message}", file=sys.stderr)
    if gui:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, message)


def _needs_offscreen() -> bool:
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def damaged_message(data_dir: Path, problem: str) -> str:
    """What a headless run says about a damaged database: what happened and the command to
    restore the newest good backup."""
    from jobdesk.services.backups import BackupService

    good = BackupService(data_dir).newest_good()
    text = f"the database failed its check at start and was not opened: {problem}"
    if good is None:
        return text + " There is no good backup in " + str(data_dir / "backups") + "."
    info, _summary = good
    data = f"--data-dir {shlex.quote(str(data_dir))} "
    return (text + f" The newest good backup is {info.path.name}; restore it (the damaged "
            f"file is kept as jobdesk.sqlite3.damaged-TIME) with:\n"
            f"  jobdesk {data}restore {shlex.quote(str(info.path))}")


def _open_checked(safety, interactive: bool):
    """Open the database in the data folder; a damaged one is offered the newest good backup
    (in the window) or explained with the restore command (headless). None: stop, exit 2."""
    from jobdesk.domain.errors import DatabaseDamagedError, JobDeskError
    from jobdesk.services.backups import BackupService
    from jobdesk.ui.backups_dialog import DamagedDatabaseDialog

    try:
        # the page-by-page check and the daily backup run once the window is up
        return safety.open(defer_checks=True)
    except DatabaseDamagedError as exc:
        logging.getLogger("jobdesk").error("damaged database at start: %s", exc)
        if not interactive:
            print(f"jobdesk: {damaged_message(safety.data_dir, str(exc))}", file=sys.stderr)
            return None
        backups = BackupService(safety.data_dir)
        good = backups.newest_good()
        dialog = DamagedDatabaseDialog(str(exc), *(good or (None, None)))
        if dialog.exec() != DamagedDatabaseDialog.DialogCode.Accepted or good is None:
            return None
        try:
            backups.restore(good[0].path)
            return safety.open()
        except JobDeskError as again:
            _report(f"the backup could not be restored: {again}", gui=True)
            return None


def run_gui(args: argparse.Namespace) -> int:
    # The start-up builds hundreds of thousands of long-lived rows and almost no garbage
    # cycles: with the cycle collector running, its passes over them cost 0.8-0.95 s at
    # 100,000 applications (and a full collection after start found nothing to free). So it
    # is paused until the window is shown, then everything alive is frozen and it resumes.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_gui(args, collecting)
    finally:
        if collecting:
            gc.enable()


def _run_gui(args: argparse.Namespace, collecting: bool) -> int:
    if args.smoke_test and _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from jobdesk.db.database import open_database
    from jobdesk.domain.errors import DatabaseOpenError, JobDeskError
    from jobdesk.logsetup import configure_logging
    from jobdesk.services.container import Services
    from jobdesk.services.demo import load_demo
    from jobdesk.services.opening import open_data_folder
    from jobdesk.ui.crash import CrashHandler
    from jobdesk.ui.instance import InstanceGuard
    from jobdesk.ui.main_window import MainWindow
    from jobdesk.ui.safety import SafetyController
    from jobdesk.ui.settings import UiSettings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("jobdesk")
    app.setWindowIcon(QIcon(str(resource("icons", "jobdesk.svg"))))
    interactive = not args.smoke_test

    data_dir = data_dir_from(args.data_dir) or default_data_dir()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _report(f"cannot create the data folder {data_dir}: {exc.strerror or exc}. "
                "Choose another with --data-dir.", gui=interactive)
        return EXIT_DATABASE
    from jobdesk.ui.theme import SETTING as THEME_SETTING
    from jobdesk.ui.theme import apply_theme

    apply_theme(app, UiSettings.in_dir(data_dir).get(THEME_SETTING))  # before anything is drawn
    log_file = configure_logging(data_dir)
    logging.getLogger("jobdesk").info("starting JobDesk %s on %s", __version__, data_dir)
    crash = CrashHandler(log_file, show_dialogs=interactive)
    crash.install()

    # one JobDesk per data folder; a second launch hands its files to the first and exits
    guard = InstanceGuard(data_dir)
    if not guard.try_lock():
        if args.smoke_test:
            _report(f"smoke test refused: JobDesk is running on {data_dir} "
                    f"({guard.holder_text()}); the smoke test needs the data folder to itself.",
                    gui=False)
            return EXIT_DATABASE
        if guard.forward(args.files):
            print("jobdesk: JobDesk already runs on this data folder; brought it to the front",
                  file=sys.stderr)
            return EXIT_OK
        _report(f"JobDesk is already running on {data_dir} ({guard.holder_text()}) but did not "
                "answer. Close it (or wait for it to finish starting) and try again.",
                gui=interactive)
        return EXIT_DATABASE
    guard.listen()

    def make_window(services):
        return MainWindow(services, UiSettings.in_dir(data_dir), location=location)

    safety = SafetyController(data_dir, make_window, opener=open_data_folder)
    try:
        if args.database:
            db = open_database(url=args.database)
            location = args.database.split("@")[-1]
            services = Services.build(db, data_dir=data_dir)
        else:
            # the title names the data folder only when it is not the usual one
            location = "" if _same_folder(data_dir, default_data_dir()) else str(data_dir)
            services = _open_checked(safety, interactive)
            if services is None:
                return EXIT_DATABASE
            db = services.store.db
    except DatabaseOpenError as exc:
        _report(str(exc), gui=interactive)
        return EXIT_DATABASE

    store_report = services.documents.recover()
    if args.demo:
        if services.is_empty():
            try:
                counts = load_demo(services)
            except JobDeskError as exc:
                _report(f"the demo data could not be loaded: {exc}", gui=interactive)
                return EXIT_DATABASE
            print(f"jobdesk: loaded demo data: {counts}", file=sys.stderr)
        else:
            print("jobdesk: the database already has records; demo data not loaded",
                  file=sys.stderr)

    window = make_window(services)
    if not args.database:
        safety.attach(window)
    crash.parent_window = window
    safety.sig_window_replaced.connect(lambda w: setattr(crash, "parent_window", w))
    guard.sig_activate_requested.connect(safety.bring_to_front)
    guard.sig_files_received.connect(safety.receive_files)
    if getattr(args, "view", None):
        window.records.set_view(args.view, select_first=True)
    window.show()
    logging.getLogger("jobdesk").info("window shown (pid %d)", os.getpid())
    # The records loaded at start-up live as long as the window: keep the cycle collector
    # from walking them again and again (a full pass over 100,000 applications is ~100 ms
    # that would land in the middle of an edit or a Today refresh). Freezing is a list move.
    gc.freeze()
    if collecting:
        gc.enable()
    if args.files:
        safety.receive_files(args.files)
    window.show_document_store_report(store_report)
    if not args.smoke_test:
        from jobdesk.ui.welcome import show_welcome_if_new

        show_welcome_if_new(window, services, window.settings, window.load_demo)
        window.today_notifier.start()  # what is due, now and daily at the chosen time
        # quick_check, then the daily backup when due: on a worker, once the first paint
        # (posted by show()) is done
        QTimer.singleShot(0, safety.start_checks)
        try:
            return app.exec()
        finally:
            guard.release()
            crash.uninstall()

    app.processEvents()
    shown_at = time.time()
    checks = safety.start_checks()
    if not window.isVisible():
        print("jobdesk: smoke test failed: the main window did not show", file=sys.stderr)
        return EXIT_FAILURE
    if checks is not None:  # the smoke test also waits for the checks it started
        outcome = []
        safety.sig_start_checks_done.connect(outcome.append)
        while not outcome and checks.running:
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()
        found = outcome[0] if outcome else None
        if found is None or isinstance(found, BaseException) or found.problems:
            problem = ("; ".join(found.problems[:3]) if found is not None
                       and not isinstance(found, BaseException) else repr(found))
            print(f"jobdesk: smoke test failed: {damaged_message(data_dir, problem)}",
                  file=sys.stderr)
            return EXIT_DATABASE
    counts = services.counts()
    print(f"smoke test ok: window shown at epoch={shown_at:.4f}; "
          + ", ".join(f"{n} {e.value}" for e, n in counts.items())
          + f"; title {window.windowTitle()!r}")
    window.close()
    app.processEvents()
    db.close()
    guard.release()
    crash.uninstall()
    return EXIT_OK


def run_command(args: argparse.Namespace) -> int:
    """A headless subcommand: no window, no Qt widgets."""
    from jobdesk.domain.errors import DatabaseDamagedError, DatabaseOpenError, JobDeskError

    data_dir = data_dir_from(args.data_dir) or default_data_dir()
    context = CommandContext(data_dir=data_dir, database_url=args.database)
    try:
        return args.run_command(args, context)
    except DatabaseDamagedError as exc:
        print(f"jobdesk {args.command}: {damaged_message(data_dir, str(exc))}", file=sys.stderr)
        return EXIT_DATABASE
    except DatabaseOpenError as exc:
        print(f"jobdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    except JobDeskError as exc:
        print(f"jobdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from jobdesk import desktop_entry

        return desktop_entry.run(uninstalling=args.uninstall_desktop_entry)
    try:
        if getattr(args, "run_command", None):
            return run_command(args)
        return run_gui(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
