"""Composition root: parse arguments, resolve paths, open the database, build the services and
the window, in that order. No widget opens the database."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from jobdesk import APP_NAME, ORG_DOMAIN, ORG_NAME, __version__
from jobdesk.cli import CommandContext, add_subcommands
from jobdesk.paths import data_dir_from, resource

EXIT_OK, EXIT_FAILURE, EXIT_DATABASE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
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
    add_subcommands(parser)
    return parser


def default_data_dir() -> Path:
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def _report(message: str, *, gui: bool) -> None:
    print(f"jobdesk: {message}", file=sys.stderr)
    if gui:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, message)


def _needs_offscreen() -> bool:
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace) -> int:
    if args.smoke_test and _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.domain.errors import DatabaseOpenError, JobDeskError
    from jobdesk.services.container import Services
    from jobdesk.services.demo import load_demo
    from jobdesk.ui.main_window import MainWindow
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
    try:
        if args.database:
            db = open_database(url=args.database)
            location = args.database.split("@")[-1]
        else:
            db = open_database(path=data_dir / DATABASE_FILE_NAME)
            location = str(data_dir)
    except DatabaseOpenError as exc:
        _report(str(exc), gui=interactive)
        return EXIT_DATABASE

    services = Services.build(db)
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

    window = MainWindow(services, UiSettings.in_dir(data_dir), location=location)
    window.show()
    if not args.smoke_test:
        from jobdesk.ui.welcome import show_welcome_if_new

        show_welcome_if_new(window, services, window.settings, window.load_demo)
        return app.exec()

    app.processEvents()
    shown_at = time.time()
    if not window.isVisible():
        print("jobdesk: smoke test failed: the main window did not show", file=sys.stderr)
        return EXIT_FAILURE
    counts = services.counts()
    print(f"smoke test ok: window shown at epoch={shown_at:.4f}; "
          + ", ".join(f"{n} {e.value}" for e, n in counts.items()))
    window.close()
    app.processEvents()
    db.close()
    return EXIT_OK


def run_command(args: argparse.Namespace) -> int:
    """A headless subcommand: no window, no Qt widgets."""
    from jobdesk.domain.errors import JobDeskError

    data_dir = data_dir_from(args.data_dir) or default_data_dir()
    context = CommandContext(data_dir=data_dir, database_url=args.database)
    try:
        return args.run_command(args, context)
    except JobDeskError as exc:
        print(f"jobdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATABASE if isinstance(exc, OSError) else EXIT_FAILURE


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
