"""Backup policy: when to back up, what to keep, listing and restoring. Qt-free.

Backups live in ``<data-dir>/backups/`` as ``jobdesk-<UTC time>-<reason>.sqlite3``. The file
operations (backup API, integrity check, moving a damaged file aside) are in
``jobdesk.db.backup``; this module decides when and which.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jobdesk.db import backup as files
from jobdesk.db.backup import BackupError, FileSummary
from jobdesk.db.database import (
    DATABASE_FILE_NAME,
    inspect_sqlite_file,
    open_database,
    quick_check_problems,
)
from jobdesk.domain.errors import DatabaseDamagedError, DatabaseOpenError
from jobdesk.services.base import Clock, utcnow

__all__ = ["BackupError", "BackupInfo", "BackupService", "FileSummary", "RestoreResult",
           "RotationPolicy"]

BACKUP_DIR_NAME = "backups"
ROTATION_SETTING = "backups.rotation"
DAILY_AFTER = timedelta(days=1)
_NAME = re.compile(r"^jobdesk-(\d{8}T\d{6}Z)(?:-(\d+))?-([a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%SZ"

# reasons in file names
MANUAL, DAILY, BEFORE_MIGRATION, BEFORE_RESTORE, BEFORE_DEMO_REMOVAL = (
    "manual", "daily", "before-migration", "before-restore", "before-demo-removal")
PROTECTED_REASONS = (BEFORE_MIGRATION, BEFORE_RESTORE, BEFORE_DEMO_REMOVAL)


@dataclass(frozen=True)
class RotationPolicy:
    """How many backups to keep: the newest of each of the last N days, weeks and months
    that have a backup."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 6

    def validated(self) -> RotationPolicy:
        for name in ("daily", "weekly", "monthly"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
                raise ValueError(f"keep {name}: give a whole number from 0 to 1000 "
                                 f"(got {value!r})")
        if self.daily + self.weekly + self.monthly == 0:
            raise ValueError("keep at least one daily, weekly or monthly backup")
        return self


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime  # UTC
    reason: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: BackupInfo | None  # the state before the restore, as a backup
    damaged_moved_to: Path | None  # a damaged database moved aside (never deleted)


def parse_backup_name(path: Path) -> tuple[datetime, str] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    when = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    return when, match.group(3)


def select_to_keep(backups: list[BackupInfo], policy: RotationPolicy,
                   now: datetime) -> set[Path]:
    """The backups a rotation keeps (pure: no files touched).

    The newest backup of each of the last ``daily`` calendar days that have one, of the last
    ``weekly`` ISO weeks and of the last ``monthly`` months; the newest backup overall; and
    every backup made before a migration or a restore during the last ``daily`` days (a
    way back from a step that may have been a mistake); and every backup made on the day of
    ``now`` (UTC, like the day buckets), so a backup made by hand never removes the start-up
    backup or another one made by hand the same day. Those collapse to the newest of their
    day once the day is over.
    """
    ordered = sorted(backups, key=lambda b: b.created_at, reverse=True)
    keep: set[Path] = set()
    if ordered:
        keep.add(ordered[0].path)
    buckets: list[tuple[int, Callable[[datetime], tuple]]] = [
        (policy.daily, lambda d: (d.year, d.month, d.day)),
        (policy.weekly, lambda d: tuple(d.isocalendar())[:2]),
        (policy.monthly, lambda d: (d.year, d.month)),
    ]
    for limit, period in buckets:
        seen: list[tuple] = []
        for info in ordered:  # newest first: the first one met in a period is its newest
            key = period(info.created_at)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(key)
            keep.add(info.path)
    horizon = now - timedelta(days=max(policy.daily, 1))
    keep.update(b.path for b in ordered
                if b.reason in PROTECTED_REASONS and b.created_at >= horizon)
    today = now.astimezone(UTC).date()
    keep.update(b.path for b in ordered if b.created_at.astimezone(UTC).date() == today)
    return keep


class BackupService:
    """Backups of the SQLite database in one data folder."""

    def __init__(self, data_dir: Path, *, clock: Clock = utcnow, db=None,
                 db_path: Path | None = None):
        self.data_dir = Path(data_dir)
        self.db_path = Path(db_path) if db_path else self.data_dir / DATABASE_FILE_NAME
        self.backup_dir = self.data_dir / BACKUP_DIR_NAME
        self.clock = clock
        self.db = db  # the open peewee database, when there is one
        self._migration_backup_done = False

    # ---- settings -------------------------------------------------------------------------
    def policy(self) -> RotationPolicy:
        if self.db is not None and not self.db.is_closed():
            stored = files.read_json_setting(ROTATION_SETTING, {})
        elif self.db_path.exists():
            stored = files.read_json_setting_from_file(self.db_path, ROTATION_SETTING, {})
        else:
            stored = {}
        if not isinstance(stored, dict):
            return RotationPolicy()
        try:
            return RotationPolicy(**{k: stored[k] for k in ("daily", "weekly", "monthly")
                                     if k in stored}).validated()
        except (TypeError, ValueError):
            return RotationPolicy()

    def set_policy(self, policy: RotationPolicy) -> None:
        policy.validated()
        if self.db is None:
            raise BackupError("the rotation is stored in the database, which is not open")
        with self.db.atomic():
            files.write_json_setting(ROTATION_SETTING, {
                "daily": policy.daily, "weekly": policy.weekly, "monthly": policy.monthly})

    # ---- listing --------------------------------------------------------------------------
    def list(self) -> list[BackupInfo]:
        """Backups in the backup folder, newest first."""
        found = []
        try:
            entries = list(self.backup_dir.iterdir())
        except FileNotFoundError:
            return []
        for path in entries:
            parsed = parse_backup_name(path)
            if parsed is None or not path.is_file():
                continue
            with contextlib.suppress(OSError):
                found.append(BackupInfo(path, parsed[0], parsed[1], path.stat().st_size))
        return sorted(found, key=lambda b: (b.created_at, b.name), reverse=True)

    def newest(self) -> BackupInfo | None:
        backups = self.list()
        return backups[0] if backups else None

    def newest_good(self) -> tuple[BackupInfo, FileSummary] | None:
        """The newest backup that passes its checks (for a damaged database at start)."""
        for info in self.list():
            try:
                return info, files.check_backup_file(info.path)
            except BackupError:
                continue
        return None

    @staticmethod
    def summarize(path: Path) -> FileSummary:
        return files.summarize(path)

    def due(self) -> bool:
        """True when the newest backup is older than a day (or there is none)."""
        newest = self.newest()
        return newest is None or self.clock() - newest.created_at >= DAILY_AFTER

    # ---- making backups -------------------------------------------------------------------
    def _new_path(self, when: datetime, reason: str) -> Path:
        stamp = when.astimezone(UTC).strftime(_STAMP)
        path = self.backup_dir / f"jobdesk-{stamp}-{reason}.sqlite3"
        n = 1
        while path.exists():
            path = self.backup_dir / f"jobdesk-{stamp}-{n}-{reason}.sqlite3"
            n += 1
        return path

    def create(self, reason: str = MANUAL, *, output: Path | None = None,
               progress: Callable[[int, int], None] | None = None,
               rotate: bool = True) -> BackupInfo:
        """Back up the database now; verify the copy; rotate the backup folder.

        With ``output`` the copy goes to that file instead (which must not exist yet) and
        nothing is rotated.
        """
        when = self.clock()
        if output is not None:
            output = Path(output)
            if output.exists():
                raise BackupError(f"{output} already exists; choose a new file name "
                                  "(JobDesk never overwrites a file).")
            path = output
        else:
            path = self._new_path(when, reason)
        live = files.live_connection(self.db) if self.db is not None else None
        if live is None and not self.db_path.exists():
            raise BackupError(f"there is no database at {self.db_path} to back up.")
        files.write_backup(live if live is not None else self.db_path, path, progress=progress)
        info = BackupInfo(path, when, reason, path.stat().st_size)
        if output is None and rotate:
            self.rotate()
        return info

    def create_if_due(self) -> BackupInfo | None:
        if not self.due():
            return None
        return self.create(DAILY)

    def before_migration(self, current: int, step: int) -> None:
        """The ``before_migration`` hook of ``open_database``: one backup before upgrading."""
        if self._migration_backup_done:
            return
        self._migration_backup_done = True
        if current == 0:
            return  # a new, empty database has nothing to lose
        self.create(BEFORE_MIGRATION)

    def rotate(self) -> list[Path]:
        """Delete the backups the rotation does not keep; return them."""
        backups = self.list()
        keep = select_to_keep(backups, self.policy(), self.clock())
        removed = []
        for info in backups:
            if info.path not in keep:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(info.path)
                    removed.append(info.path)
        return removed

    # ---- restoring ------------------------------------------------------------------------
    def restore(self, backup: Path, *, close_database: Callable[[], None] | None = None
                ) -> RestoreResult:
        """Replace the database with ``backup``.

        The backup is checked first. The current database is backed up (reason
        ``before-restore``) or, when damaged, moved aside as ``<name>.damaged-<time>``;
        then ``close_database()`` runs (the caller closes its connection), and the backup is
        copied into place through the backup API. The caller reopens the database.
        """
        backup = Path(backup)
        files.check_backup_file(backup)
        safety: BackupInfo | None = None
        damaged = False
        if self.db_path.exists():
            try:
                inspect_sqlite_file(self.db_path)
            except DatabaseDamagedError:
                damaged = True
            except DatabaseOpenError as exc:
                raise BackupError(f"the current database cannot be read, so it was not "
                                  f"replaced: {exc}") from exc
            if not damaged:
                safety = self.create(BEFORE_RESTORE, rotate=False)
        if close_database is not None:
            close_database()
        elif self.db is not None and not self.db.is_closed():
            self.db.close()
        self.db = None
        moved = None
        if damaged:
            moved = files.move_aside(self.db_path, self.clock())
        files.copy_into_place(backup, self.db_path)
        return RestoreResult(backup, safety, moved)


def open_with_backups(data_dir: Path, *, clock: Clock = utcnow, daily: bool = True,
                      quick_check: bool = True):
    """Open the database in ``data_dir`` the safe way: inspected read-only first (a damaged
    file raises ``DatabaseDamagedError`` untouched), a verified backup before any schema
    migration, then a daily backup when the newest is older than a day.

    ``daily=False, quick_check=False`` is the window's start: it runs both after it is shown
    (``check_and_back_up``), so neither delays the first paint.

    Returns ``(db, backups, daily_error)``; ``daily_error`` is the message of a daily backup
    that failed (the database is still usable).
    """
    backups = BackupService(data_dir, clock=clock)
    db = open_database(path=backups.db_path, before_migration=backups.before_migration,
                       quick_check=quick_check)
    backups.db = db
    daily_error = None
    if daily:
        try:
            backups.create_if_due()
        except BackupError as exc:
            daily_error = str(exc)
    return db, backups, daily_error


@dataclass(frozen=True)
class StartChecks:
    """What ``check_and_back_up`` found: the quick_check's problems (empty: the file is sound),
    the daily backup made (None when none was due or it failed) and why it failed."""

    problems: list[str]
    backup: BackupInfo | None = None
    backup_error: str | None = None


def check_and_back_up(data_dir: Path, *, clock: Clock = utcnow,
                      progress: Callable[[int, int], None] | None = None) -> StartChecks:
    """The start-up checks the window runs once it is shown, on a worker thread: ``PRAGMA
    quick_check`` and then, when the file is sound and the newest backup is older than a day,
    the daily backup. Everything here reads through read-only connections of its own (the
    backup API from the file), never the window's connection, and writes only backup files."""
    backups = BackupService(data_dir, clock=clock)
    problems = quick_check_problems(backups.db_path)
    if problems:
        return StartChecks(problems)
    if not backups.due():
        return StartChecks([])
    try:
        return StartChecks([], backups.create(DAILY, progress=progress))
    except BackupError as exc:
        return StartChecks([], backup_error=str(exc))


def back_up_now(data_dir: Path, *, clock: Clock = utcnow,
                progress: Callable[[int, int], None] | None = None) -> BackupInfo:
    """File ▸ Back up now, on a worker thread: a verified backup made through a read-only
    connection of its own (never the window's connection)."""
    return BackupService(data_dir, clock=clock).create(MANUAL, progress=progress)
