"""Schema step 3 (log entries name several contacts) on a database written by schema 2.

The fixture ``tests/data/jobdesk-schema-2.sqlite3`` is made by
``tests/data/make_schema2_fixture.py``; tests always work on a copy.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobdesk.db import migrations
from jobdesk.db.database import close_database, open_database, sqlite_database
from jobdesk.services.container import Services
from tests.unit.db.test_db_migrations import counts, dump

DATA = Path(__file__).resolve().parents[2] / "data"
FIXTURE = DATA / "jobdesk-schema-2.sqlite3"


@pytest.fixture
def v2_copy(tmp_path: Path) -> Path:
    assert FIXTURE.is_file(), "run tests/data/make_schema2_fixture.py"
    target = tmp_path / "jobdesk.sqlite3"
    shutil.copyfile(FIXTURE, target)
    return target


def test_fixture_is_a_schema_2_database_with_rows_in_every_table(v2_copy):
    db = sqlite_database(v2_copy)
    try:
        assert migrations.schema_version(db) == 2
        assert "interaction_contact" not in db.get_tables()
        assert all(n > 0 for n in counts(db).values()), counts(db)
    finally:
        db.close()


def test_fixture_generator_makes_the_committed_fixture(tmp_path):
    sys.path.insert(0, str(DATA))
    try:
        spec = importlib.util.spec_from_file_location("make_schema2_fixture",
                                                      DATA / "make_schema2_fixture.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(DATA))
    made = tmp_path / "made.sqlite3"
    module.build(made)

    def content(path):
        conn = sqlite3.connect(path)
        try:
            return conn.execute("PRAGMA user_version").fetchone()[0], list(conn.iterdump())
        finally:
            conn.close()

    assert content(made) == content(FIXTURE)


def test_step_3_keeps_every_row_and_links_each_entrys_contact(v2_copy):
    before_db = sqlite_database(v2_copy)
    before = counts(before_db)
    before_rows = {t: dump(before_db, t) for t in before}
    with_contact = before_db.execute_sql(
        "SELECT id, contact_id FROM interaction WHERE contact_id IS NOT NULL ORDER BY id"
    ).fetchall()
    before_db.close()

    calls = []
    db = open_database(path=v2_copy, before_migration=lambda cur, step: calls.append((cur, step)))
    try:
        assert (2, 3) in calls
        after = counts(db)
        assert {t: after[t] for t in before} == before  # no cascade removed anything
        for table, rows in before_rows.items():
            assert dump(db, table) == rows, table  # and no value changed
        links = db.execute_sql("SELECT interaction_id, contact_id FROM interaction_contact "
                               "ORDER BY interaction_id").fetchall()
        assert links == with_contact and after["interaction_contact"] == len(with_contact) > 0
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert migrations.schema_version(db) == migrations.LATEST_VERSION
    finally:
        close_database(db)


def test_upgraded_entries_read_and_take_several_contacts(v2_copy):
    db = open_database(path=v2_copy)
    try:
        s = Services.build(db, clock=lambda: datetime(2025, 3, 1, tzinfo=UTC))
        assert s.interactions.get(3).contact_ids == (2,)
        assert s.interactions.get(1).contact_ids == ()
        assert [r.id for r in s.interactions.for_contact(2)] == [4, 3]
        row = s.interactions.create(application_id=1, kind="call", direction="in",
                                    summary="Call with both", contact_ids=[1, 2])
        assert row.contact_ids == (1, 2) and row.contact_id == 1
        assert row.id in {r.id for r in s.interactions.for_contact(2)}
    finally:
        close_database(db)
