"""``jobdesk import FILE.ics [--application ID]``: an invitation becomes events."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "import"
HELP = ("import an interview invitation (.ics): its events join the application, its "
        "organiser and attendees become contacts; importing again updates the same events")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.ics", help="the iCalendar file")
    parser.add_argument("--application", type=int, metavar="ID",
                        help="application the events belong to (needed for new events; "
                             "updates and cancellations find theirs by UID)")


def run(args: argparse.Namespace, context) -> int:
    services = context.open_services()
    try:
        result = services.calendar.import_ics(Path(args.file), args.application)
    finally:
        services.store.db.close()
    print(result.summary())
    return 0
