"""Opening the database safely.

A SQLite file is inspected read-only first (header, ``PRAGMA quick_check``, schema version);
a damaged file or one from a newer JobDesk is refused before anything could write to it. The
window skips the quick_check here (``quick_check=False``: header, size, schema and version are
still checked) and runs it after it is shown, on a read-only connection of its own
(``quick_check_problems``); a file about to be migrated is always checked first.
Then it is opened with WAL, foreign keys on, ``synchronous=FULL`` and a busy timeout, and
brought to the current schema. Other engines come through ``playhouse.db_url``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import peewee as pw
from playhouse import db_url

from jobdesk.db import migrations
from jobdesk.db.schema import database_proxy
from jobdesk.domain.errors import DatabaseDamagedError, DatabaseOpenError, DatabaseTooNewError

DATABASE_FILE_NAME = "jobdesk.sqlite3"
BUSY_TIMEOUT_MS = 5000
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL: a commit the user saw survives a power cut; measured 0.4-0.5 ms per commit here
    "synchronous": 2,
    "busy_timeout": BUSY_TIMEOUT_MS,
}
_SQLITE_HEADER = b"SQLite format 3\x00"


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection of its own to ``path`` (safe on a worker thread: it never
    touches the application's connection)."""
    uri = "file:" + quote(str(Path(path).resolve())) + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False)


def check_problems(path: Path, pragma: str = "quick_check") -> list[str]:
    """``PRAGMA quick_check`` (or ``integrity_check``) of ``path`` on a read-only connection
    of its own. An empty list means ok."""
    try:
        conn = connect_readonly(path)
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == [("ok",)] else [str(r[0]) for r in rows]


def quick_check_problems(path: Path) -> list[str]:
    return check_problems(path, "quick_check")


def damaged_check_message(path: Path, problems: list[str]) -> str:
    return (f"{path} failed its integrity check ({'; '.join(problems[:3])}). It was left "
            "untouched; restore a backup.")


def inspect_sqlite_file(path: Path, *, quick_check: bool = True) -> int:
    """Check an existing SQLite file without writing to it; return its schema version.

    Raises ``DatabaseDamagedError`` (not a database, truncated, fails quick_check),
    ``DatabaseTooNewError`` or ``DatabaseOpenError`` (unreadable). With ``quick_check=False``
    the page-by-page check is left to the caller (the window runs it once it is shown), except
    for a file that needs migrating, which is checked here before anything writes to it.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except PermissionError as exc:
        raise DatabaseOpenError(
            f"JobDesk cannot read {path}: permission denied. Check the file's permissions."
        ) from exc
    except OSError as exc:
        raise DatabaseOpenError(f"JobDesk cannot read {path}: {exc.strerror or exc}.") from exc
    if size == 0:
        return 0
    if len(header) < 100 or not header.startswith(_SQLITE_HEADER):
        raise DatabaseDamagedError(
            f"{path} is not a JobDesk database (its header is not SQLite's): it may be damaged "
            "or another kind of file. It was left untouched; restore a backup or choose another "
            "data folder with --data-dir."
        )
    page_size = int.from_bytes(header[16:18], "big") or 65536
    if page_size == 1:
        page_size = 65536
    if size % page_size:
        raise DatabaseDamagedError(
            f"{path} is truncated ({size} bytes is not a whole number of {page_size}-byte "
            "pages). It was left untouched; restore a backup."
        )
    try:
        conn = connect_readonly(path)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if quick_check or 0 < version < migrations.LATEST_VERSION:
                result = conn.execute("PRAGMA quick_check").fetchall()
            else:  # the schema must still parse: a damaged first page is refused here
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                result = [("ok",)]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamagedError(
            f"{path} cannot be read as a database ({exc}). It was left untouched; "
            "restore a backup."
        ) from exc
    if result != [("ok",)]:
        raise DatabaseDamagedError(damaged_check_message(path, [str(r[0]) for r in result]))
    if version > migrations.LATEST_VERSION:
        raise DatabaseTooNewError(
            f"{path} was written by a newer JobDesk (schema {version}; this version reads up to "
            f"{migrations.LATEST_VERSION}). Install the newer JobDesk; the file was not changed."
        )
    return version


def sqlite_database(path: Path) -> pw.SqliteDatabase:
    return pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000)


def open_database(
    *,
    path: Path | None = None,
    url: str | None = None,
    before_migration: Callable[[int, int], None] | None = None,
    quick_check: bool = True,
) -> pw.Database:
    """Open (creating if needed) and migrate the database at ``path`` or ``url``.

    The tables in ``schema.py`` are bound to the returned database. ``quick_check=False``
    leaves ``PRAGMA quick_check`` to the caller (see ``inspect_sqlite_file``).
    """
    if (path is None) == (url is None):
        raise ValueError("give exactly one of path or url")
    if url is not None and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        url = None
    if path is not None:
        path = Path(path)
        directory = path.parent
        if not directory.exists():
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseOpenError(
                    f"JobDesk cannot create its data folder {directory}: "
                    f"{exc.strerror or exc}. Choose another with --data-dir."
                ) from exc
        if path.exists():
            inspect_sqlite_file(path, quick_check=quick_check)
        if not os.access(directory, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise DatabaseOpenError(
                f"JobDesk cannot write to {path if path.exists() else directory} (read-only). "
                "Check its permissions or choose another folder with --data-dir."
            )
        db = sqlite_database(path)
    else:
        try:
            db = db_url.connect(url)
        except Exception as exc:  # unknown scheme, missing driver
            raise DatabaseOpenError(f"cannot use database URL {url!r}: {exc}") from exc
    try:
        db.connect(reuse_if_open=True)
        migrations.migrate(db, before_step=before_migration)
    except pw.DatabaseError as exc:
        db.close()
        raise DatabaseOpenError(f"cannot open the database: {exc}") from exc
    except BaseException:  # a refused step, a failed backup hook: never leave it open
        db.close()
        raise
    database_proxy.initialize(db)
    return db


def close_database(db: pw.Database) -> None:
    if not db.is_closed():
        db.close()
