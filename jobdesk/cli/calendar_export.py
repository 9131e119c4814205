"""``jobdesk export --format ics --output FILE [--application ID] [--all | --upcoming]``:
calendar events to a file, each with a reminder (VALARM) at the window's reminder lead."""

from __future__ import annotations

import argparse
import configparser
import sys
from pathlib import Path

NAME = "export"
HELP = ("export records to a file: --format ics writes upcoming interviews and deadlines "
        "(or all of them, or one application's) as an iCalendar file for calendar programs")
FORMATS = ("ics",)
DEFAULT_REMINDER_MINUTES = 30
REMINDER_RANGE = (0, 24 * 60)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="ics",
                        help="file format (ics: RFC 5545 iCalendar)")
    parser.add_argument("--output", "-o", required=True, metavar="FILE",
                        help="file to write; an existing file is kept unless --force")
    parser.add_argument("--application", type=int, metavar="ID",
                        help="only this application's events (then all of them by default)")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--upcoming", dest="upcoming", action="store_const", const=True,
                       help="only events from today on (the default)")
    scope.add_argument("--all", dest="upcoming", action="store_const", const=False,
                       help="past events too")
    parser.add_argument("--reminder", type=int, metavar="MINUTES",
                        help="reminder this many minutes before each event (default: the "
                             "window's setting, Follow-up rules ▸ reminders, else 30)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def reminder_minutes(data_dir: Path) -> int:
    """The reminder lead the window uses (``calendar/reminder_minutes`` in ``jobdesk.ini``),
    read without Qt; the default when unset or unreadable."""
    ini = configparser.ConfigParser(interpolation=None)
    try:
        ini.read(data_dir / "jobdesk.ini", encoding="utf-8")
        minutes = int(ini.get("calendar", "reminder_minutes",
                              fallback=str(DEFAULT_REMINDER_MINUTES)))
    except (configparser.Error, ValueError, OSError):
        return DEFAULT_REMINDER_MINUTES
    low, high = REMINDER_RANGE
    return minutes if low <= minutes <= high else DEFAULT_REMINDER_MINUTES


def run(args: argparse.Namespace, context) -> int:
    minutes = args.reminder if args.reminder is not None else reminder_minutes(context.data_dir)
    low, high = REMINDER_RANGE
    if not low <= minutes <= high:
        print(f"jobdesk export: --reminder {minutes} is out of range; use {low} to {high} "
              "minutes", file=sys.stderr)
        return 2
    services = context.open_services()
    try:
        count = services.calendar.export_ics(Path(args.output), args.application,
                                             overwrite=args.force, upcoming=args.upcoming,
                                             reminder_minutes=minutes)
    finally:
        services.store.db.close()
    print(f"wrote {count} event{'s' if count != 1 else ''} to {args.output}", file=sys.stdout)
    return 0
