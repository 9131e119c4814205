"""``jobdesk restore FILE``: replace the database with a backup (the current state is backed
up first; a damaged database is moved aside, never deleted)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "restore"
HELP = ("replace the database with the backup FILE; the current database is backed up first "
        "(or, when damaged, kept as jobdesk.sqlite3.damaged-TIME). JobDesk must be closed.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the backup to restore")


def run(args: argparse.Namespace, context) -> int:
    from jobdesk.services.backups import BackupService, open_with_backups
    from jobdesk.services.instance_lock import DataDirLock, DataDirLockedError

    if context.database_url:
        print("jobdesk restore: restores replace the SQLite database in the data folder; "
              "restore a database server with its own tools.", file=sys.stderr)
        return 1
    source = Path(args.file).expanduser().resolve()
    context.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with DataDirLock(context.data_dir):
            result = BackupService(context.data_dir).restore(source)
            db, _backups, _ = open_with_backups(context.data_dir, daily=False)
            db.close()
    except DataDirLockedError as exc:
        print(f"jobdesk restore: {exc} Nothing was changed.", file=sys.stderr)
        return 2
    summary = BackupService.summarize(source)
    counts = ", ".join(f"{n} {table}" for table, n in summary.counts.items())
    print(f"restored {source} ({counts})")
    if result.safety_copy:
        print(f"the previous database was backed up to {result.safety_copy.path}")
    if result.damaged_moved_to:
        print(f"the damaged database was kept as {result.damaged_moved_to}")
    return 0
