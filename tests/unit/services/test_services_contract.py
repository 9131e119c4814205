"""The record-service contract, the same for every entity: plain rows out, one change-set
per write on the bus, soft delete with restore, and purge only from the archive."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.errors import NotFoundError, ValidationError

START = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


def make(services, entity: Entity, n: int) -> int:
    """Create record number ``n`` of ``entity`` (with what it needs) and return its id."""
    if entity is Entity.COMPANY:
        return services.companies.create(name=f"Company {n}").id
    company_id = services.companies.find_or_create("Parent").id
    if entity is Entity.CONTACT:
        return services.contacts.create(name=f"Person {n}", company_id=company_id).id
    if entity is Entity.APPLICATION:
        return services.applications.create(company_id=company_id, job_title=f"Job {n}").id
    if entity is Entity.INTERACTION:
        return services.interactions.create(company_id=company_id, kind="note",
                                            direction="internal", summary=f"Note {n}").id
    app_id = services.applications.create(company_id=company_id, job_title="Job").id
    return services.events.create(application_id=app_id, kind="interview",
                                  starts_at=START, title=f"Event {n}").id


# entity, service attribute, a text field and a new value for it
CASES = [
    (Entity.COMPANY, "companies", "notes", "note"),
    (Entity.CONTACT, "contacts", "title", "Recruiter"),
    (Entity.APPLICATION, "applications", "salary_range", "EUR 60k"),
    (Entity.INTERACTION, "interactions", "summary", "Changed"),
    (Entity.EVENT, "events", "location", "Room 3"),
]
TABLE = {Entity.COMPANY: "company", Entity.CONTACT: "contact",
         Entity.APPLICATION: "application", Entity.INTERACTION: "interaction",
         Entity.EVENT: "event"}


@dataclasses.dataclass
class Case:
    entity: Entity
    service: Any
    field: str
    value: str
    ids: list[int]


@pytest.fixture(params=CASES, ids=[c[0].value for c in CASES])
def case(request, services, changes) -> Case:
    entity, attribute, field, value = request.param
    ids = [make(services, entity, n) for n in range(3)]
    changes.clear()
    return Case(entity, getattr(services, attribute), field, value, ids)


def test_rows_are_plain_frozen_dataclasses(case):
    row = case.service.get(case.ids[0])
    assert dataclasses.is_dataclass(row)
    assert row.id == case.ids[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.id = 99
    assert all(type(getattr(row, f.name)).__module__ != "peewee"
               for f in dataclasses.fields(row))
    assert row.created_at.tzinfo is UTC


def test_update_and_set_field_publish_fields(case, changes, clock):
    record_id = case.ids[1]
    clock.advance(hours=1)
    row = case.service.update(record_id, **{case.field: case.value})
    assert getattr(row, case.field) == case.value
    if hasattr(row, "updated_at"):
        assert row.updated_at == clock.now
    assert changes.changes[0] == Changes.of(case.entity, [record_id], fields=[case.field])
    changes.clear()
    case.service.set_field(record_id, case.field, case.value + "!")
    assert getattr(case.service.get(record_id), case.field) == case.value + "!"
    assert changes.changes == [Changes.of(case.entity, [record_id], fields=[case.field])]


def test_unknown_field_is_refused(case, changes):
    before = case.service.get(case.ids[0])
    with pytest.raises(ValidationError) as info:
        case.service.set_field(case.ids[0], "no_such_field", "x")
    assert info.value.field == "no_such_field"
    assert case.service.get(case.ids[0]) == before
    assert changes.changes == []


def test_list_get_get_many(case):
    ids = case.ids
    assert set(ids) <= {r.id for r in case.service.list()}
    got = case.service.get_many([ids[2], ids[0]])
    assert {r.id for r in got} == {ids[0], ids[2]}
    assert case.service.get_many([]) == []
    assert case.service.get_many([10_000]) == []
    with pytest.raises(NotFoundError):
        case.service.get(10_000)


def own(published, entity):
    """The change-sets of ``entity`` itself; the effects on other records (an application's
    company counting it) are tested in test_effects."""
    return [c for c in published if c.entity == entity]


def test_archive_restore_purge_cycle(case, changes, count_rows, clock):
    service, entity, ids = case.service, case.entity, case.ids
    table = TABLE[entity]
    total = count_rows(table)
    clock.advance(days=1)
    assert service.archive(ids[:2]) == Changes.of(entity, ids[:2], structural=True)
    assert own(changes.changes, entity) == [Changes.of(entity, ids[:2], structural=True)]
    assert {r.id for r in service.list(archived=True)} == set(ids[:2])
    assert ids[0] not in {r.id for r in service.list()}
    assert service.get(ids[0]).archived_at == clock.now
    changes.clear()
    assert service.restore([ids[1]]).ids == {ids[1]}
    assert own(changes.changes, entity) == [Changes.of(entity, [ids[1]], structural=True)]
    assert service.get(ids[1]).archived_at is None
    # purging something still active is refused and deletes nothing, not even the archived one
    changes.clear()
    with pytest.raises(ValidationError) as info:
        service.purge([ids[0], ids[1]])
    assert info.value.field == "archived_at"
    assert count_rows(table) == total
    assert changes.changes == []
    assert service.purge([ids[0]]) == Changes.of(entity, [ids[0]], structural=True)
    assert changes.changes == [Changes.of(entity, [ids[0]], structural=True)]
    assert count_rows(table) == total - 1
    with pytest.raises(NotFoundError):
        service.get(ids[0])


def test_missing_ids(case, changes):
    with pytest.raises(NotFoundError):
        case.service.set_field(10_000, case.field, case.value)
    with pytest.raises(NotFoundError):
        case.service.archive([case.ids[0], 10_000])
    assert case.service.get(case.ids[0]).archived_at is None  # the good id stayed active too
    with pytest.raises(NotFoundError):
        case.service.restore([10_000])
    assert changes.changes == []
