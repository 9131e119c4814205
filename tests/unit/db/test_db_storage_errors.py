"""Failed writes are sorted by SQLite's result code, each produced for real on a SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import peewee as pw
import pytest

from jobdesk.db.repo import Store, sqlite_error
from jobdesk.domain.errors import StorageError


def _make(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE, data BLOB)")
    conn.execute("INSERT INTO item (name) VALUES ('first')")
    conn.commit()
    conn.close()
    return path


def _write(db: pw.SqliteDatabase, sql: str, *params) -> StorageError:
    with pytest.raises(StorageError) as info, Store(db).transaction():
        db.execute_sql(sql, params)
    return info.value


def _code(error: StorageError) -> int:
    found = sqlite_error(error)
    assert found is not None
    return found.sqlite_errorcode


def test_a_write_lock_held_by_another_connection_is_busy(tmp_path):
    path = _make(tmp_path / "busy.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    db = pw.SqliteDatabase(str(path), timeout=0.05)
    try:
        error = _write(db, "INSERT INTO item (name) VALUES ('second')")
        assert _code(error) & 0xFF == sqlite3.SQLITE_BUSY
        assert "busy in another program" in str(error)
        assert "not saved" in str(error)
    finally:
        db.close()
        holder.execute("ROLLBACK")
        holder.close()


def test_a_file_opened_read_only_is_read_only(tmp_path):
    path = _make(tmp_path / "ro.sqlite3")
    db = pw.SqliteDatabase("file:" + quote(str(path)) + "?mode=ro", uri=True)
    try:
        error = _write(db, "INSERT INTO item (name) VALUES ('second')")
        assert _code(error) & 0xFF == sqlite3.SQLITE_READONLY
        assert str(error).startswith("the database is read-only, so the change was not saved")
    finally:
        db.close()


def test_a_full_database_is_full(tmp_path):
    path = _make(tmp_path / "full.sqlite3")
    db = pw.SqliteDatabase(str(path))
    try:
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages}")
        error = _write(db, "INSERT INTO item (name, data) VALUES ('big', ?)", b"x" * 200_000)
        assert _code(error) == sqlite3.SQLITE_FULL
        assert str(error) == ("the disk is full, so the change was not saved. "
                              "Free some space and try again.")
    finally:
        db.close()
    check = sqlite3.connect(path)
    assert check.execute("SELECT COUNT(*) FROM item").fetchone()[0] == 1  # nothing half-written
    check.close()


def test_a_unique_violation_is_a_conflict(tmp_path):
    db = pw.SqliteDatabase(str(_make(tmp_path / "unique.sqlite3")))
    try:
        error = _write(db, "INSERT INTO item (name) VALUES ('first')")
        assert _code(error) == sqlite3.SQLITE_CONSTRAINT_UNIQUE
        assert str(error).startswith("the change conflicts with stored data: ")
        assert isinstance(error.__cause__, pw.IntegrityError)
    finally:
        db.close()


def test_a_file_that_is_not_a_database_is_reported_damaged(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are someone's notes, not a database\n" * 200)
    db = pw.SqliteDatabase(str(path))
    try:
        error = _write(db, "INSERT INTO item (name) VALUES ('x')")
        assert _code(error) == sqlite3.SQLITE_NOTADB
        assert str(error).startswith("the database file is damaged, so the change was not saved")
    finally:
        db.close()
    assert path.read_bytes().startswith(b"these are someone's notes")  # left untouched


def test_the_words_of_an_error_do_not_decide_its_kind(tmp_path):
    # a trigger refusing with a message that reads like a lock is still a constraint
    path = _make(tmp_path / "words.sqlite3")
    db = pw.SqliteDatabase(str(path))
    try:
        db.execute_sql("CREATE TRIGGER refuse BEFORE INSERT ON item "
                       "BEGIN SELECT RAISE(ABORT, 'database is locked, disk is full'); END")
        error = _write(db, "INSERT INTO item (name) VALUES ('second')")
        assert _code(error) == sqlite3.SQLITE_CONSTRAINT_TRIGGER
        assert str(error) == ("the change conflicts with stored data: "
                              "database is locked, disk is full")
    finally:
        db.close()


def test_other_sqlite_errors_keep_their_own_words(tmp_path):
    db = pw.SqliteDatabase(str(_make(tmp_path / "other.sqlite3")))
    try:
        error = _write(db, "INSERT INTO no_such_table VALUES (1)")
        assert _code(error) == sqlite3.SQLITE_ERROR
        assert str(error) == "the change was not saved: no such table: no_such_table"
    finally:
        db.close()
