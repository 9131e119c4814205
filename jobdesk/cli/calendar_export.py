"""``jobdesk export --format ics --output FILE [--application ID]``: calendar events to a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "export"
HELP = ("export records to a file: --format ics writes upcoming interviews and deadlines "
        "(or one application's) as an iCalendar file for calendar programs")
FORMATS = ("ics",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="ics",
                        help="file format (ics: RFC 5545 iCalendar)")
    parser.add_argument("--output", "-o", required=True, metavar="FILE",
                        help="file to write; an existing file is kept unless --force")
    parser.add_argument("--application", type=int, metavar="ID",
                        help="only this application's events (default: all upcoming events)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace, context) -> int:
    services = context.open_services()
    try:
        count = services.calendar.export_ics(Path(args.output), args.application,
                                             overwrite=args.force)
    finally:
        services.store.db.close()
    print(f"wrote {count} event{'s' if count != 1 else ''} to {args.output}", file=sys.stdout)
    return 0
