"""Opening the database: pragmas, schema version, and refusing files it must not touch."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from jobdesk.db import journal, migrations, schema
from jobdesk.db.database import (
    BUSY_TIMEOUT_MS,
    close_database,
    inspect_sqlite_file,
    open_database,
)
from jobdesk.domain.errors import (
    DatabaseDamagedError,
    DatabaseOpenError,
    DatabaseTooNewError,
    StorageError,
)


def pragma(db: pw.Database, name: str):
    return db.execute_sql(f"PRAGMA {name}").fetchone()[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_plain_sqlite(path: Path, user_version: int = 0) -> None:
    """A valid SQLite file (rollback journal) with one table, made with the stdlib."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(500)])
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()


def assert_refused_untouched(path: Path, error: type[Exception]) -> Exception:
    before = digest(path)
    siblings = sorted(os.listdir(path.parent))
    with pytest.raises(error) as info:
        open_database(path=path)
    assert digest(path) == before
    assert sorted(os.listdir(path.parent)) == siblings  # no -wal, -shm or -journal appeared
    return info.value


# ---- a fresh database ------------------------------------------------------------------------

@pytest.fixture
def fresh_path(tmp_path: Path) -> Path:
    return tmp_path / "missing" / "folder" / "jobdesk.sqlite3"


@pytest.fixture
def fresh(fresh_path: Path):
    """A database created from nothing by open_database (not the shared template copy)."""
    db = open_database(path=fresh_path)
    yield db
    close_database(db)


def test_new_database_has_safe_pragmas_and_latest_schema(fresh, fresh_path):
    db = fresh
    assert fresh_path.is_file()  # the missing data folders were created too
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "synchronous") == 2  # FULL
    assert pragma(db, "busy_timeout") == BUSY_TIMEOUT_MS
    assert pragma(db, "user_version") == migrations.LATEST_VERSION
    assert migrations.schema_version(db) == migrations.LATEST_VERSION
    assert pragma(db, "integrity_check") == "ok"
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_tables_are_bound_to_the_opened_database(db):
    assert schema.database_proxy.obj is db
    assert schema.Company.select().count() == 0


def test_migrations_build_exactly_the_current_tables(fresh):
    """Every table and column in schema.py exists as the migrations built it, and no more."""
    db = fresh
    expected = {m._meta.table_name: m for m in schema.ALL_TABLES}
    # the change journal is written by triggers, not through a table class (db/journal.py);
    # its AUTOINCREMENT ids live in SQLite's own sqlite_sequence
    assert set(db.get_tables()) == set(expected) | {journal.TABLE, "sqlite_sequence"}
    for name, model in expected.items():
        columns = {c.name: c for c in db.get_columns(name)}
        assert set(columns) == set(model._meta.columns), name
        for col_name, field in model._meta.columns.items():
            assert columns[col_name].null == field.null, f"{name}.{col_name} nullability"
        db_fks = {(fk.column, fk.dest_table) for fk in db.get_foreign_keys(name)}
        model_fks = {(f.column_name, f.rel_model._meta.table_name)
                     for f in model._meta.refs}
        assert db_fks == model_fks, name


def test_unique_constraints_hold(fresh):
    db = fresh
    uniques = {(i.table, tuple(i.columns)) for t in db.get_tables()
               for i in db.get_indexes(t) if i.unique}
    assert ("company", ("name_key",)) in uniques
    assert ("event", ("uid",)) in uniques
    assert ("event_interviewer", ("event_id", "contact_id")) in uniques
    assert ("setting", ("key",)) in uniques


def test_reopening_keeps_data_and_runs_no_step(fresh_path):
    db_path = fresh_path
    db = open_database(path=db_path)
    db.execute_sql("INSERT INTO setting (key, value) VALUES ('k', '1')")
    close_database(db)
    assert db.is_closed()
    calls = []
    db = open_database(path=db_path, before_migration=lambda *a: calls.append(a))
    try:
        assert calls == []
        assert db.execute_sql("SELECT value FROM setting WHERE key = 'k'").fetchone() == ("1",)
    finally:
        close_database(db)


def test_new_database_calls_hook_for_every_step(tmp_path):
    calls = []
    db = open_database(path=tmp_path / "new.sqlite3",
                       before_migration=lambda cur, step: calls.append((cur, step)))
    close_database(db)
    assert calls == [(n - 1, n) for n, _ in migrations.STEPS]
    assert calls[-1][1] == migrations.LATEST_VERSION


def test_empty_file_is_initialised(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    assert inspect_sqlite_file(path) == 0
    db = open_database(path=path)
    try:
        assert pragma(db, "user_version") == migrations.LATEST_VERSION
    finally:
        close_database(db)


def test_database_url(tmp_path):
    path = tmp_path / "via-url.sqlite3"
    db = open_database(url="sqlite:///" + str(path))
    try:
        assert isinstance(db, pw.SqliteDatabase)
        assert path.is_file()
        assert pragma(db, "journal_mode") == "wal"
        assert pragma(db, "foreign_keys") == 1
        assert pragma(db, "user_version") == migrations.LATEST_VERSION
    finally:
        close_database(db)


def test_path_or_url_exactly_one(tmp_path):
    with pytest.raises(ValueError):
        open_database()
    with pytest.raises(ValueError):
        open_database(path=tmp_path / "a.sqlite3", url="sqlite:///" + str(tmp_path / "b"))


def test_unknown_url_scheme_is_an_open_error():
    with pytest.raises(DatabaseOpenError) as info:
        open_database(url="nosuchengine://user@host/db")
    assert "nosuchengine" in str(info.value)


# ---- files that must be refused and left alone -------------------------------------------------

def test_garbage_file_is_refused_untouched(tmp_path):
    path = tmp_path / "jobdesk.sqlite3"
    path.write_bytes(b"this is a shopping list, not a database\n" * 200)
    err = assert_refused_untouched(path, DatabaseDamagedError)
    assert "header" in str(err)
    assert str(path) in str(err)


def test_short_file_with_sqlite_magic_is_refused_untouched(tmp_path):
    path = tmp_path / "jobdesk.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    assert_refused_untouched(path, DatabaseDamagedError)


def test_truncated_file_is_refused_untouched(tmp_path):
    path = tmp_path / "jobdesk.sqlite3"
    make_plain_sqlite(path)
    data = path.read_bytes()
    assert len(data) > 4096
    path.write_bytes(data[: len(data) - 1000])
    err = assert_refused_untouched(path, DatabaseDamagedError)
    assert "truncated" in str(err)


def test_corrupt_pages_are_refused_untouched(tmp_path):
    path = tmp_path / "jobdesk.sqlite3"
    make_plain_sqlite(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size:] = b"\xff" * (len(data) - page_size)  # every page after the first
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, DatabaseDamagedError)


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "jobdesk.sqlite3"
    make_plain_sqlite(path, user_version=migrations.LATEST_VERSION + 1)
    err = assert_refused_untouched(path, DatabaseTooNewError)
    assert isinstance(err, DatabaseOpenError)
    assert f"schema {migrations.LATEST_VERSION + 1}" in str(err)
    # still readable by the newer version: nothing was changed
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION + 1
        assert conn.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 500
    finally:
        conn.close()


def test_newer_wal_database_keeps_its_bytes(tmp_path):
    """A WAL file written by a newer JobDesk: refused, the database file itself unchanged."""
    path = tmp_path / "jobdesk.sqlite3"
    make_plain_sqlite(path, user_version=99)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = wal")
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseTooNewError):
        open_database(path=path)
    assert digest(path) == before


def test_migrate_itself_refuses_a_newer_database(tmp_path):
    path = tmp_path / "newer.sqlite3"
    make_plain_sqlite(path, user_version=migrations.LATEST_VERSION + 5)
    db = pw.SqliteDatabase(str(path))
    try:
        with pytest.raises(DatabaseTooNewError):
            migrations.migrate(db)
        assert migrations.schema_version(db) == migrations.LATEST_VERSION + 5
        assert migrations.pending_steps(db) == []
    finally:
        db.close()


def test_directory_in_place_of_the_file_is_an_open_error(tmp_path):
    path = tmp_path / "jobdesk.sqlite3"
    path.mkdir()
    with pytest.raises(DatabaseOpenError):
        open_database(path=path)
    assert path.is_dir() and list(path.iterdir()) == []


def test_parent_is_a_file_is_an_open_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path=blocker / "jobdesk.sqlite3")
    assert isinstance(info.value, StorageError)
    assert blocker.read_text() == "x"


def test_data_folder_that_cannot_be_created_is_an_open_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path=blocker / "deeper" / "jobdesk.sqlite3")
    assert "data folder" in str(info.value)
    assert blocker.read_text() == "x"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="file permissions do not bind root")
def test_read_only_data_folder_is_an_open_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseOpenError) as info:
            open_database(path=folder / "jobdesk.sqlite3")
        assert "read-only" in str(info.value)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="file permissions do not bind root")
def test_read_only_database_file_is_refused_untouched(tmp_path):
    path = tmp_path / "jobdesk.sqlite3"
    close_database(open_database(path=path))
    path.chmod(0o444)
    try:
        assert_refused_untouched(path, DatabaseOpenError)
    finally:
        path.chmod(0o644)
