"""SQLite file operations for backups and restores.

Every copy goes through SQLite's online backup API (``sqlite3.Connection.backup``), never a
file copy: a file copy of a live WAL database is often corrupt. Every copy written is checked
with ``PRAGMA integrity_check`` before it is kept; a copy that fails is deleted and reported.
Backup files are self-contained (journal mode DELETE: no ``-wal`` file beside them).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import peewee as pw

from jobdesk.db import schema as t
from jobdesk.db.database import (
    BUSY_TIMEOUT_MS,
    check_problems,
    connect_readonly,
    inspect_sqlite_file,
)
from jobdesk.domain.errors import DatabaseOpenError, DatabaseTooNewError, StorageError

COUNTED_TABLES = ("company", "contact", "application", "interaction")
_PAGES_PER_STEP = 256


class BackupError(StorageError):
    """A backup or restore could not be made; nothing was replaced."""


@dataclass(frozen=True)
class FileSummary:
    """What a database file holds: schema version and record counts per table."""

    schema_version: int
    counts: dict[str, int]


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` on a file, read-only; an empty list means ok."""
    return check_problems(path, "integrity_check")


def summarize(path: Path) -> FileSummary:
    """Schema version and record counts of a (backup) file, read-only."""
    try:
        conn = connect_readonly(path)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            names = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            counts = {name: int(conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0])
                      for name in COUNTED_TABLES if name in names}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} cannot be read as a JobDesk backup ({exc}).") from exc
    return FileSummary(version, counts)


def live_connection(db: pw.Database) -> sqlite3.Connection | None:
    """The open sqlite3 connection behind a peewee database (None for other engines)."""
    if not isinstance(db, pw.SqliteDatabase) or db.is_closed():
        return None
    return db.connection()


def database_path(db: pw.Database) -> Path | None:
    if not isinstance(db, pw.SqliteDatabase) or db.database == ":memory:":
        return None
    return Path(db.database)


def _copy(source: sqlite3.Connection, dest: sqlite3.Connection,
          progress: Callable[[int, int], None] | None) -> None:
    def _step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source.backup(dest, pages=_PAGES_PER_STEP, progress=_step)


def _remove_quietly(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def write_backup(source: Path | sqlite3.Connection, dest: Path, *,
                 progress: Callable[[int, int], None] | None = None) -> None:
    """Copy a database (a file path, or an open connection) to ``dest`` and verify it.

    Writes ``dest.partial`` first and renames it into place only after ``integrity_check``
    passed, so ``dest`` is either a good backup or absent. Raises ``BackupError``.
    """
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"cannot create the backup folder {dest.parent}: {exc.strerror or exc}") from exc
    _remove_quietly(partial)
    own_source = not isinstance(source, sqlite3.Connection)
    try:
        src = connect_readonly(source) if own_source else source
        try:
            out = sqlite3.connect(partial)
            try:
                _copy(src, out, progress)
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
        finally:
            if own_source:
                src.close()
    except (sqlite3.Error, OSError) as exc:
        _remove_quietly(partial)
        raise BackupError(f"the backup to {dest} could not be written: {exc}") from exc
    problems = integrity_problems(partial)
    if problems:
        _remove_quietly(partial)
        raise BackupError(
            f"the backup written to {dest} failed its integrity check "
            f"({'; '.join(problems[:3])}) and was deleted; the database was not changed.")
    try:
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, dest)
    except OSError as exc:
        _remove_quietly(partial)
        raise BackupError(f"the backup could not be saved as {dest}: {exc.strerror or exc}"
                          ) from exc


def check_backup_file(path: Path) -> FileSummary:
    """Refuse a file that is not a good JobDesk backup this version can read."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        inspect_sqlite_file(path)
    except DatabaseTooNewError as exc:
        raise BackupError(str(exc)) from exc
    except DatabaseOpenError as exc:
        raise BackupError(f"{path} is not a usable backup: {exc}") from exc
    problems = integrity_problems(path)
    if problems:
        raise BackupError(f"{path} failed its integrity check ({'; '.join(problems[:3])}); "
                          "choose another backup.")
    summary = summarize(path)
    if "company" not in summary.counts and summary.schema_version == 0:
        raise BackupError(f"{path} is a SQLite file but not a JobDesk database.")
    return summary


def move_aside(path: Path, when: datetime) -> Path:
    """Rename a (damaged) database and its WAL files to ``<name>.damaged-<timestamp>``.

    Never deletes anything; returns the new path of the main file.
    """
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    os.replace(path, target)
    return target


def copy_into_place(backup: Path, target: Path) -> None:
    """Replace the database at ``target`` (which nobody has open) with ``backup``.

    The copy runs through the backup API into the target database as one write, so an
    interruption leaves either the old or the new content; then the result is checked.
    """
    try:
        src = connect_readonly(backup)
        try:
            out = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                out.execute("PRAGMA synchronous = FULL")
                _copy(src, out, None)
                out.execute("PRAGMA journal_mode = WAL")
                out.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                out.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"the backup could not be copied into {target}: {exc}") from exc
    problems = integrity_problems(target)
    if problems:
        raise BackupError(f"after restoring, {target} failed its integrity check "
                          f"({'; '.join(problems[:3])}).")


# ---- a tiny accessor for JSON settings in the Setting table ---------------------------------

def read_json_setting(key: str, default: Any = None) -> Any:
    row = t.Setting.select(t.Setting.value).where(t.Setting.key == key).tuples().first()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


def read_json_setting_from_file(path: Path, key: str, default: Any = None) -> Any:
    """The same, read-only from a database file nobody has open here."""
    try:
        conn = connect_readonly(path)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        return default if row is None else json.loads(row[0])
    except (sqlite3.DatabaseError, ValueError):
        return default


def write_json_setting(key: str, value: Any) -> None:
    text = json.dumps(value, sort_keys=True)
    (t.Setting.insert(key=key, value=text)
     .on_conflict(conflict_target=[t.Setting.key], update={t.Setting.value: text})
     .execute())

