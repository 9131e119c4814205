"""Store: transactions classify storage failures and leave nothing half-written."""

from __future__ import annotations

from datetime import UTC, datetime

import peewee as pw
import pytest

from jobdesk.db.repo import Store
from jobdesk.domain.changes import Entity
from jobdesk.domain.errors import StorageError
from jobdesk.services.container import Services

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_write_to_a_read_only_database_is_a_storage_error(services, changes, db, count_rows):
    services.companies.create(name="Before")
    changes.clear()
    db.execute_sql("PRAGMA query_only = ON")
    try:
        with pytest.raises(StorageError) as info:
            services.companies.create(name="Acme")
        assert "read-only" in str(info.value)
        assert "not saved" in str(info.value)
        assert isinstance(info.value.__cause__, pw.OperationalError)
        with pytest.raises(StorageError):
            services.companies.set_field(1, "notes", "x")
        with pytest.raises(StorageError):
            services.companies.archive([1])
        assert changes.changes == []  # nothing published for writes that did not happen
        assert not db.in_transaction()  # rolled back, not left open
    finally:
        db.execute_sql("PRAGMA query_only = OFF")
    assert count_rows("company") == 1
    row = services.companies.get(1)
    assert row.notes == "" and row.archived_at is None
    # and the database works again once writable
    assert services.companies.create(name="Acme").name == "Acme"


def test_read_only_stage_change_writes_neither_row_nor_log(services, db, count_rows):
    acme = services.companies.create(name="Acme")
    app = services.applications.create(company_id=acme.id, job_title="x", stage="applied")
    db.execute_sql("PRAGMA query_only = ON")
    try:
        with pytest.raises(StorageError):
            services.applications.set_field(app.id, "stage", "offer")
    finally:
        db.execute_sql("PRAGMA query_only = OFF")
    assert services.applications.get(app.id).stage == "applied"
    assert count_rows("interaction") == 0


def test_failure_midway_rolls_back_the_whole_transaction(services, db, count_rows):
    store = Store(db)
    with pytest.raises(StorageError), store.transaction():
        services.companies.create(name="Acme")  # a nested write that succeeds
        db.execute_sql("INSERT INTO no_such_table VALUES (1)")
    assert count_rows("company") == 0


def test_integrity_error_is_a_storage_error(db, count_rows):
    store = Store(db)
    stamp = T0
    values = {"name": "Acme", "name_key": "acme", "match_key": "acme", "created_at": stamp,
              "updated_at": stamp}
    with pytest.raises(StorageError) as info, store.transaction():
        store.insert(Entity.COMPANY, values)
        store.insert(Entity.COMPANY, values)  # same unique name_key
    assert "conflicts" in str(info.value)
    assert count_rows("company") == 0


def test_foreign_keys_are_enforced(db, count_rows):
    store = Store(db)
    stamp = T0
    with pytest.raises(StorageError), store.transaction():
        store.insert(Entity.APPLICATION, {"company": 999, "job_title": "x",
                                          "created_at": stamp, "updated_at": stamp})
    assert count_rows("application") == 0


def test_other_errors_pass_through_and_roll_back(services, db, count_rows):
    with pytest.raises(KeyError), services.store.transaction():
        services.companies.create(name="Acme")
        raise KeyError("a bug, not a storage problem")
    assert count_rows("company") == 0


def test_counts_and_is_empty(services):
    assert services.is_empty()
    acme = services.companies.create(name="Acme")
    assert not services.is_empty()
    services.companies.archive([acme.id])
    assert not services.is_empty()  # archived records still count as data
    assert services.counts()[Entity.COMPANY] == 0
    assert services.store.count(Entity.COMPANY, include_archived=True) == 1


def test_services_share_one_bus_and_store(db):
    s = Services.build(db)
    assert s.companies.bus is s.bus is s.events.bus
    assert s.companies.store is s.store is s.applications.store
