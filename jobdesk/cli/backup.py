"""``jobdesk backup [--output FILE]``: a verified backup of the database, now."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "backup"
HELP = ("back up the database now (SQLite's backup API, then an integrity check); by default "
        "into DATA-DIR/backups/, rotated like the automatic backups")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", metavar="FILE",
                        help="write the backup to FILE instead (it must not exist yet)")


def run(args: argparse.Namespace, context) -> int:
    from jobdesk.db.database import inspect_sqlite_file
    from jobdesk.services.backups import BackupService

    if context.database_url:
        print("jobdesk backup: backups cover the SQLite database in the data folder; back up a "
              "database server with its own tools.", file=sys.stderr)
        return 1
    backups = BackupService(context.data_dir)
    if backups.db_path.exists():
        inspect_sqlite_file(backups.db_path)  # a damaged database is refused, untouched
    output = Path(args.output).expanduser().resolve() if args.output else None
    info = backups.create("manual", output=output)
    summary = backups.summarize(info.path)
    counts = ", ".join(f"{n} {table}" for table, n in summary.counts.items())
    print(f"backed up to {info.path} ({info.size:,} bytes; {counts}); integrity check ok")
    return 0
