"""EventsService: interviews and deadlines, times in UTC with the zone they were entered in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import EventKind
from jobdesk.domain.errors import NotFoundError, ValidationError
from jobdesk.domain.rows import EventRow
from jobdesk.services.events import UID_DOMAIN

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 10, 14, 0, tzinfo=BERLIN)


@pytest.fixture
def app(services):
    acme = services.companies.create(name="Acme")
    return services.applications.create(company_id=acme.id, job_title="Analyst")


@pytest.fixture
def people(services):
    return [services.contacts.create(name=n).id for n in ("Jonas", "Aisha", "Finn")]


def test_create(services, changes, clock, app, people):
    changes.clear()
    row = services.events.create(application_id=app.id, kind="Interview", title="Round 1",
                                 starts_at=START, ends_at=START + timedelta(hours=1),
                                 timezone="Europe/Berlin", location="Room 3",
                                 interviewer_ids=[people[1], people[0], people[1]])
    assert type(row) is EventRow
    assert row.kind is EventKind.INTERVIEW
    assert row.starts_at == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert row.starts_at.tzinfo is UTC
    assert row.ends_at - row.starts_at == timedelta(hours=1)
    assert row.timezone == "Europe/Berlin"
    assert row.all_day is False
    assert row.interviewer_ids == (people[1], people[0])  # order kept, repeats dropped
    assert row.uid.endswith("@" + UID_DOMAIN)
    assert row.created_at == row.updated_at == clock.now
    assert changes.changes == [Changes.of(Entity.EVENT, [row.id], structural=True)]


def test_defaults_and_unique_uids(services, app):
    a = services.events.create(application_id=app.id, kind="deadline", starts_at=START,
                               all_day="yes")
    b = services.events.create(application_id=app.id, kind="deadline", starts_at=START)
    assert a.timezone == "UTC" and a.ends_at is None and a.interviewer_ids == ()
    assert a.all_day is True and b.all_day is False
    assert a.uid != b.uid


def test_update_interviewers_and_times(services, changes, clock, app, people):
    row = services.events.create(application_id=app.id, kind="interview", starts_at=START,
                                 interviewer_ids=people[:2])
    changes.clear()
    clock.advance(minutes=5)
    row2 = services.events.set_interviewers(row.id, [people[2]])
    assert row2.interviewer_ids == (people[2],)
    assert row2.updated_at == clock.now
    assert changes.changes == [Changes.of(Entity.EVENT, [row.id], fields=["interviewer_ids"])]
    assert services.events.set_interviewers(row.id, []).interviewer_ids == ()
    moved = services.events.update(row.id, starts_at=START + timedelta(days=1),
                                   ends_at=START + timedelta(days=1, hours=1))
    assert moved.starts_at == row.starts_at + timedelta(days=1)
    assert moved.uid == row.uid  # a move keeps the calendar identity


def test_end_before_start_is_refused(services, changes, count_rows, app):
    changes.clear()
    with pytest.raises(ValidationError) as info:
        services.events.create(application_id=app.id, kind="interview", starts_at=START,
                               ends_at=START - timedelta(minutes=1))
    assert info.value.field == "ends_at"
    assert count_rows("event") == 0
    row = services.events.create(application_id=app.id, kind="interview", starts_at=START,
                                 ends_at=START + timedelta(hours=1))
    # on update the other end comes from the stored row
    with pytest.raises(ValidationError) as info:
        services.events.set_field(row.id, "ends_at", START - timedelta(hours=1))
    assert info.value.field == "ends_at"
    with pytest.raises(ValidationError) as info:
        services.events.set_field(row.id, "starts_at", START + timedelta(hours=2))
    assert info.value.field == "ends_at"
    assert services.events.get(row.id) == row


def test_unknown_time_zone_is_refused(services, count_rows, app):
    for bad in ("Mars/Olympus_Mons", "W. Europe Standard Time", "../../etc/passwd"):
        with pytest.raises(ValidationError) as info:
            services.events.create(application_id=app.id, kind="interview", starts_at=START,
                                   timezone=bad)
        assert info.value.field == "timezone"
    assert count_rows("event") == 0


def test_duplicate_uid_is_refused(services, count_rows, app):
    first = services.events.create(application_id=app.id, kind="interview", starts_at=START,
                                   uid="abc@example.com")
    assert first.uid == "abc@example.com"
    with pytest.raises(ValidationError) as info:
        services.events.create(application_id=app.id, kind="interview", starts_at=START,
                               uid="abc@example.com")
    assert info.value.field == "uid"
    assert count_rows("event") == 1
    # re-saving its own uid is fine
    assert services.events.set_field(first.id, "uid", "abc@example.com").uid == first.uid


@pytest.mark.parametrize(("field", "value"), [
    ("application_id", 999), ("application_id", None), ("kind", "party"),
    ("starts_at", None), ("starts_at", datetime(2026, 3, 10, 14, 0)), ("all_day", "perhaps"),
    ("interviewer_ids", [999]), ("title", "x" * 301), ("colour", "red"),
])
def test_refusals_name_the_field(services, count_rows, app, field, value):
    values = {"application_id": app.id, "kind": "interview", "starts_at": START, field: value}
    with pytest.raises(ValidationError) as info:
        services.events.create(**values)
    assert info.value.field == field
    assert count_rows("event") == 0
    assert count_rows("event_interviewer") == 0


def test_listing(services, app):
    other_app = services.applications.create(company_id=app.company_id, job_title="Other")
    late = services.events.create(application_id=app.id, kind="interview",
                                  starts_at=START + timedelta(days=7))
    early = services.events.create(application_id=other_app.id, kind="deadline",
                                   starts_at=START)
    gone = services.events.create(application_id=app.id, kind="other",
                                  starts_at=START + timedelta(days=1))
    services.events.archive([gone.id])
    assert [e.id for e in services.events.list()] == [early.id, late.id]  # by start time
    assert [e.id for e in services.events.for_application(app.id)] == [late.id]
    week = services.events.between(START, START + timedelta(days=7))
    assert [e.id for e in week] == [early.id]  # the end is exclusive
    assert [e.id for e in services.events.list(archived=True)] == [gone.id]


def test_archive_restore_purge(services, changes, count_rows, app, people):
    row = services.events.create(application_id=app.id, kind="interview", starts_at=START,
                                 interviewer_ids=people)
    services.events.archive([row.id])
    assert services.events.list() == []
    services.events.restore([row.id])
    with pytest.raises(ValidationError):
        services.events.purge([row.id])
    services.events.archive([row.id])
    changes.clear()
    services.events.purge([row.id])
    assert changes.changes == [Changes.of(Entity.EVENT, [row.id], structural=True)]
    assert count_rows("event") == 0 and count_rows("event_interviewer") == 0
    assert count_rows("contact") == 3
    with pytest.raises(NotFoundError):
        services.events.get(row.id)


def test_purging_an_interviewer_drops_them_from_the_event(services, app, people):
    row = services.events.create(application_id=app.id, kind="interview", starts_at=START,
                                 interviewer_ids=people)
    services.contacts.archive([people[0]])
    services.contacts.purge([people[0]])
    assert services.events.get(row.id).interviewer_ids == tuple(people[1:])
