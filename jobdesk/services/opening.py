"""Opening the data folder for the window: the database checked and backed up the safe way
(``backups.open_with_backups``) and every service built over it. The window's safety
controller asks for this at start and after a restore; it opens no database itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jobdesk.services.backups import BackupService, open_with_backups
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.container import Services


@dataclass(frozen=True)
class OpenedData:
    services: Services
    backups: BackupService
    daily_error: str | None  # a daily backup that failed (the database is still usable)


def open_data_folder(data_dir: Path, *, clock: Clock = utcnow,
                     defer_checks: bool = False) -> OpenedData:
    """Open the database in ``data_dir`` (a damaged one raises ``DatabaseDamagedError``
    untouched) and build the services over it.

    ``defer_checks``: the page-by-page ``quick_check`` and the daily backup are left for
    ``backups.check_and_back_up`` once the window is shown (the header, size and schema are
    still checked here, and a file about to be migrated is checked whole)."""
    db, backups, daily_error = open_with_backups(
        Path(data_dir), clock=clock, daily=not defer_checks, quick_check=not defer_checks)
    return OpenedData(Services.build(db, clock), backups, daily_error)
