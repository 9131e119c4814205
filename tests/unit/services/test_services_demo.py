"""The demo data set: complete, consistent and deterministic."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from jobdesk.db import schema
from jobdesk.db.database import close_database, open_database
from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Stage
from jobdesk.services.container import Services
from jobdesk.services.demo import load_demo

TODAY = date(2026, 3, 2)
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One demo database for the read-only checks below (loading it takes most of a second)."""
    db = open_database(path=tmp_path_factory.mktemp("demo") / "jobdesk.sqlite3")
    services = Services.build(db, clock=lambda: T0)
    published: list[Changes] = []
    services.bus.subscribe(published.append)
    counts = load_demo(services, today=TODAY, seed=7)
    yield db, services, counts, published
    close_database(db)


@pytest.fixture
def demo(demo_db):
    db, services, counts, _ = demo_db
    schema.database_proxy.initialize(db)  # other tests may have opened a database since
    return services, counts


@pytest.fixture
def count_rows(demo_db):
    db = demo_db[0]
    return lambda table: db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def test_demo_counts(demo, count_rows):
    _, counts = demo
    assert counts["companies"] == count_rows("company") == 25
    assert counts["contacts"] == count_rows("contact") == 60
    assert counts["applications"] == count_rows("application") == 80
    assert counts["interactions"] == count_rows("interaction") >= 150
    assert counts["events"] == count_rows("event") > 0
    assert count_rows("event_interviewer") > 0


def test_demo_covers_every_stage(demo):
    services, _ = demo
    stages = Counter(a.stage for a in services.applications.list())
    assert set(stages) == set(Stage)
    assert stages[Stage.APPLIED] == 18 and stages[Stage.ACCEPTED] == 1


def test_demo_is_consistent(demo, demo_db):
    services, _ = demo
    db = demo_db[0]
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    for app in services.applications.list():
        if app.applied_on and app.response_promised_on:
            assert app.response_promised_on >= app.applied_on
        if app.stage is Stage.INTERESTED:
            assert app.applied_on is None
        else:
            assert app.applied_on is not None and app.applied_on <= TODAY
    for event in services.events.list():
        assert event.ends_at is None or event.ends_at >= event.starts_at
        assert event.timezone == "Europe/Berlin"
    assert all(c.company_name for c in services.contacts.list()[:56])
    assert sum(1 for c in services.contacts.list() if c.company_id is None) == 4
    assert sum(c.open_applications for c in services.companies.list()) == sum(
        1 for a in services.applications.list() if a.stage.is_open)


def test_demo_publishes_once_per_entity(demo, demo_db):
    services, _ = demo
    changes = demo_db[3]
    published = Counter((c.entity, c.structural) for c in changes)
    assert published == {(Entity.COMPANY, True): 1, (Entity.CONTACT, True): 1,
                         (Entity.APPLICATION, True): 1, (Entity.INTERACTION, True): 1,
                         (Entity.EVENT, True): 1,
                         (Entity.COMPANY, False): 1}  # their open counts (effects)
    by_entity = {c.entity: c.ids for c in changes}
    assert len(by_entity[Entity.APPLICATION]) == 80
    assert by_entity[Entity.COMPANY] == {c.id for c in services.companies.list()}


def snapshot(services: Services) -> dict[str, list]:
    def without_uid(event):
        return dataclasses.replace(event, uid="")

    return {
        "companies": services.companies.list(),
        "contacts": services.contacts.list(),
        "applications": services.applications.list(),
        "descriptions": [services.applications.job_description(a.id)
                         for a in services.applications.list()],
        "interactions": services.interactions.list(),
        "events": [without_uid(e) for e in services.events.list()],  # UIDs are random
    }


def test_demo_is_dated_from_the_given_today(demo):
    services, _ = demo
    applied = [a.applied_on for a in services.applications.list() if a.applied_on]
    assert max(applied) <= TODAY
    assert min(applied) >= TODAY - timedelta(days=115)  # ~110 days back at most
    assert all(i.occurred_at.date() <= TODAY for i in services.interactions.list())
    upcoming = [e for e in services.events.list() if e.starts_at.date() > TODAY]
    assert upcoming  # interviews and deadlines ahead of "today"
    assert all(e.starts_at.date() <= TODAY + timedelta(days=25) for e in upcoming)


def test_demo_is_deterministic(demo, tmp_path, clock):
    services, _ = demo
    first = snapshot(services)
    db = open_database(path=tmp_path / "again.sqlite3")
    try:
        again = Services.build(db, clock=clock)
        load_demo(again, today=TODAY, seed=7)
        second = snapshot(again)
    finally:
        close_database(db)
    assert len(second["interactions"]) == len(first["interactions"])
    assert second == first  # same today and seed: the very same records


def test_demo_has_no_duplicate_applications(demo):
    services, _ = demo
    pairs = Counter((a.company_id, a.job_title.casefold()) for a in services.applications.list())
    assert [p for p, n in pairs.items() if n > 1] == []
    # the search examples in the README find what they promise
    wayfarer = next(c for c in services.companies.list() if c.name == "Wayfarer Maps")
    assert wayfarer.location == "Zürich"
    assert any(a.company_id == wayfarer.id and a.job_title == "Data Engineer"
               for a in services.applications.list())
