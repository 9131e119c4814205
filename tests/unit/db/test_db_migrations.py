"""Upgrading a database written by schema 1 (the committed fixture) to the latest schema.

The fixture ``tests/data/jobdesk-schema-1.sqlite3`` is made by
``tests/data/make_schema1_fixture.py``; tests always work on a copy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import peewee as pw
import pytest

from jobdesk.db import migrations
from jobdesk.db.database import close_database, open_database, sqlite_database
from jobdesk.domain.enums import Stage
from jobdesk.domain.errors import StorageError
from jobdesk.services.container import Services

DATA = Path(__file__).resolve().parents[2] / "data"
FIXTURE = DATA / "jobdesk-schema-1.sqlite3"
STEP_1_TABLES = ("company", "contact", "application", "interaction")
STEP_2_TABLES = ("event", "event_interviewer", "document", "document_version",
                 "application_document", "note_template", "outbox_message", "action_decision",
                 "setting")


def counts(db: pw.Database) -> dict[str, int]:
    return {t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in db.get_tables()}


def dump(db: pw.Database, table: str) -> list[tuple]:
    return db.execute_sql(f'SELECT * FROM "{table}" ORDER BY id').fetchall()


@pytest.fixture
def old_copy(tmp_path: Path) -> Path:
    assert FIXTURE.is_file(), "run tests/data/make_schema1_fixture.py"
    target = tmp_path / "jobdesk.sqlite3"
    shutil.copyfile(FIXTURE, target)
    return target


@pytest.fixture
def step1_db(tmp_path: Path):
    """A database brought to schema 1 only, filled with plain SQL, reopened as step 1 left it."""
    path = tmp_path / "step1.sqlite3"
    db = sqlite_database(path)
    db.connect()
    assert migrations.migrate(db, target=1) == [1]
    assert migrations.pending_steps(db) == list(range(2, migrations.LATEST_VERSION + 1))
    stamp = "2025-01-06 09:00:00"
    with db.atomic():
        for i in range(1, 21):
            db.execute_sql(
                "INSERT INTO company (id, name, name_key, match_key, website, industry, location,"
                " notes, status, created_at, updated_at) VALUES (?,?,?,?,'','','','','active',?,?)",
                (i, f"Company {i}", f"company {i}", f"company{i}", stamp, stamp))
            db.execute_sql(
                "INSERT INTO contact (id, company_id, name, title, email, phone, profile_url,"
                " relationship, notes, created_at, updated_at)"
                " VALUES (?,?,?,'','','','','recruiter','',?,?)",
                (i, i, f"Person {i}", stamp, stamp))
            for j in range(3):
                app_id = i * 10 + j
                db.execute_sql(
                    "INSERT INTO application (id, company_id, job_title, posting_url, source,"
                    " referral_contact_id, stage, applied_on, salary_range, job_description,"
                    " notes, created_at, updated_at)"
                    " VALUES (?,?,?,'','referral',?,'applied','2025-01-02','','jd','',?,?)",
                    (app_id, i, f"Job {app_id}", i, stamp, stamp))
                db.execute_sql(
                    "INSERT INTO interaction (application_id, company_id, contact_id, kind,"
                    " direction, occurred_at, summary, body, created_at)"
                    " VALUES (?,?,?,'email','out',?,'Applied','',?)",
                    (app_id, i, i, stamp, stamp))
    db.close()
    return path


def test_fixture_is_a_schema_1_database(old_copy):
    db = sqlite_database(old_copy)
    try:
        assert migrations.schema_version(db) == 1
        assert set(db.get_tables()) == set(STEP_1_TABLES)
        assert "stage_changed_at" not in {c.name for c in db.get_columns("application")}
    finally:
        db.close()


def logical_content(path: Path) -> tuple[int, list[str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0], list(conn.iterdump())
    finally:
        conn.close()


def test_fixture_generator_makes_the_committed_fixture(tmp_path):
    """The committed fixture is what the script makes: the same schema and rows always, and
    the same bytes when this SQLite is the one that wrote it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_schema1_fixture",
                                                  DATA / "make_schema1_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = tmp_path / "made.sqlite3"
    module.build(made)
    assert logical_content(made) == logical_content(FIXTURE)
    fixture_bytes = FIXTURE.read_bytes()
    major, minor, patch = sqlite3.sqlite_version_info
    written_by = int.from_bytes(fixture_bytes[96:100], "big")  # SQLITE_VERSION_NUMBER
    if written_by == major * 1_000_000 + minor * 1000 + patch:
        assert made.read_bytes() == fixture_bytes


@pytest.mark.parametrize("source", ["fixture", "built"])
def test_upgrade_keeps_every_row(source, old_copy, step1_db):
    path = old_copy if source == "fixture" else step1_db
    before_db = sqlite_database(path)
    before = counts(before_db)
    before_rows = {t: dump(before_db, t) for t in STEP_1_TABLES}
    before_db.close()
    assert all(before[t] > 0 for t in STEP_1_TABLES)

    calls = []
    db = open_database(path=path, before_migration=lambda cur, step: calls.append((cur, step)))
    try:
        assert calls == [(n - 1, n) for n in range(2, migrations.LATEST_VERSION + 1)]
        after = counts(db)
        assert {t: after[t] for t in before} == before  # no cascade deleted anything
        assert set(STEP_2_TABLES) <= set(after)
        assert all(after[t] == 0 for t in STEP_2_TABLES)
        columns = {c.name for c in db.get_columns("application")}
        assert "stage_changed_at" in columns
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        # the old columns keep their values (application gained one trailing column)
        for table in STEP_1_TABLES:
            rows = dump(db, table)
            if table == "application":
                names = [c.name for c in db.get_columns("application")]
                keep = [i for i, n in enumerate(names) if n != "stage_changed_at"]
                rows = [tuple(r[i] for i in keep) for r in rows]
                assert all(r[names.index("stage_changed_at")] is None
                           for r in dump(db, "application"))
            assert rows == before_rows[table], table
    finally:
        close_database(db)


def test_upgraded_fixture_reads_through_the_services(old_copy):
    db = open_database(path=old_copy)
    try:
        s = Services.build(db, clock=lambda: datetime(2025, 3, 1, tzinfo=UTC))
        companies = {c.name: c for c in s.companies.list(archived=None)}
        assert set(companies) == {"Acme Inc.", "Zürich Dätä AG", "Globex Ltd", "Initech"}
        assert companies["Globex Ltd"].archived_at == datetime(2025, 2, 10, 8, 15, tzinfo=UTC)
        assert companies["Acme Inc."].open_applications == 2
        assert [c.name for c in s.companies.similar("ACME")] == ["Acme Inc."]
        assert [c.name for c in s.companies.similar("zurich data")] == ["Zürich Dätä AG"]

        app = s.applications.get(2)
        assert app.stage is Stage.INTERVIEWING
        assert app.referral_contact_id == 4
        assert app.applied_on == date(2025, 1, 12)
        assert app.company_name == "Acme Inc."
        contact = s.contacts.get(4)
        assert contact.company_id is None and contact.company_name == ""
        assert len(s.interactions.for_company(1)) == 4

        # and the new schema works on the old data
        event = s.events.create(application_id=2, kind="interview",
                                starts_at=datetime(2025, 3, 5, 10, tzinfo=UTC),
                                interviewer_ids=[2])
        assert event.interviewer_ids == (2,)
        s.applications.set_field(1, "stage", "screening")
        stage_changed = db.execute_sql(
            "SELECT stage_changed_at FROM application WHERE id = 1").fetchone()[0]
        assert stage_changed == "2025-03-01 00:00:00"
    finally:
        close_database(db)


def test_migrate_to_a_target_and_on(tmp_path):
    db = sqlite_database(tmp_path / "stepwise.sqlite3")
    try:
        assert migrations.pending_steps(db) == [n for n, _ in migrations.STEPS]
        assert migrations.migrate(db, target=1) == [1]
        assert migrations.schema_version(db) == 1
        assert migrations.migrate(db, target=1) == []
        seen = []
        applied = migrations.migrate(db, before_step=lambda cur, step: seen.append((cur, step)))
        assert applied == list(range(2, migrations.LATEST_VERSION + 1))
        assert seen == [(n - 1, n) for n in applied]
        assert migrations.migrate(db) == []
        assert migrations.pending_steps(db) == []
    finally:
        db.close()


def open_files_under(folder: Path) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


@pytest.mark.parametrize("error", [StorageError("backup failed"), OSError("disk full")])
def test_hook_failure_stops_before_the_step_and_closes(old_copy, error):
    def refuse(current, step):
        raise error

    before = hashlib.sha256(old_copy.read_bytes()).hexdigest()
    with pytest.raises(type(error)) as info:
        open_database(path=old_copy, before_migration=refuse)
    if os.path.isdir("/proc/self/fd"):
        # the traceback (kept alive by ``info``) must not hold an open connection
        assert info.value is error
        assert open_files_under(old_copy.parent) == []
    db = sqlite_database(old_copy)
    try:
        assert migrations.schema_version(db) == 1
        assert "event" not in db.get_tables()
    finally:
        db.close()
    assert hashlib.sha256(old_copy.read_bytes()).hexdigest() == before


def test_broken_references_roll_the_step_back(step1_db):
    """A step that would leave dangling foreign keys is rolled back whole."""
    db = sqlite_database(step1_db)
    db.connect()
    db.execute_sql("PRAGMA foreign_keys = OFF")
    db.execute_sql("UPDATE contact SET company_id = 999 WHERE id = 1")  # written by a bug
    db.execute_sql("PRAGMA foreign_keys = ON")
    try:
        with pytest.raises(StorageError) as info:
            migrations.migrate(db)
        assert "broken references" in str(info.value)
        assert migrations.schema_version(db) == 1
        assert "event" not in db.get_tables()
        assert "stage_changed_at" not in {c.name for c in db.get_columns("application")}
        assert db.execute_sql("SELECT COUNT(*) FROM application").fetchone()[0] == 60
    finally:
        db.close()


def test_step_4_adds_the_change_journal_and_keeps_every_row(step1_db):
    """A schema-3 database with data, upgraded: every row kept, the journal empty, and
    writes after the upgrade (by any connection, even without JobDesk) journalled."""
    import sqlite3

    from jobdesk.db import journal

    db = sqlite_database(step1_db)
    migrations.migrate(db, target=3)
    before = counts(db)
    db.close()
    db = open_database(path=step1_db)
    try:
        after = counts(db)
        assert {t: after[t] for t in before} == before
        assert after[journal.TABLE] == 0
        assert migrations.schema_version(db) >= 4
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        close_database(db)
    with sqlite3.connect(step1_db) as conn:
        conn.execute("UPDATE company SET name = name || ' 2' WHERE id = 1")
        row = conn.execute(f"SELECT entity, row_id, structural, fields FROM {journal.TABLE}"
                           ).fetchall()
    assert row == [("company", 1, 0, "name")]
