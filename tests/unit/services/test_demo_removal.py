"""Removing the demo: exactly what the demo made goes; whatever the user added stays, with
the demo records it depends on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.services.demo import load_demo
from jobdesk.services.demo_removal import NoDemoDataError, has_demo, remove_demo


def test_removes_exactly_the_demo_and_keeps_what_the_user_added(services):
    assert not has_demo(services)
    load_demo(services)
    assert has_demo(services)
    demo_contact = services.contacts.list()[0]
    demo_company = services.companies.get(demo_contact.company_id)
    # the user's own company and application, an interview with a demo contact
    mine = services.companies.create(name="Mine GmbH")
    app = services.applications.create(company_id=mine.id, job_title="Data Lead")
    event = services.events.create(application_id=app.id, kind="interview",
                                   starts_at=datetime(2026, 12, 10, 9, tzinfo=UTC),
                                   interviewer_ids=[demo_contact.id])
    # a contact of the user's at another demo company
    other_company = next(c for c in services.companies.list()
                         if c.id != demo_company.id)
    friend = services.contacts.create(name="A Friend", company_id=other_company.id)
    published: list[Changes] = []
    services.bus.subscribe(published.append)

    result = remove_demo(services)

    assert {a.id for a in services.applications.list(archived=None)} == {app.id}
    assert services.events.get(event.id).interviewer_ids == (demo_contact.id,)
    assert {c.id for c in services.contacts.list(archived=None)} == {demo_contact.id,
                                                                     friend.id}
    assert {c.id for c in services.companies.list(archived=None)} == {
        mine.id, demo_company.id, other_company.id}
    assert services.interactions.list() == []  # the demo's log went with it
    assert result.removed[Entity.APPLICATION] == 80
    assert result.kept == {Entity.APPLICATION: 0, Entity.CONTACT: 1, Entity.COMPANY: 2}
    assert "Kept 1 contact, 2 companies" in result.summary()
    removed_apps = set().union(*(c.ids for c in published
                                 if c.entity == Entity.APPLICATION and c.structural))
    assert len(removed_apps) == 80 and app.id not in removed_apps
    assert not has_demo(services)
    with pytest.raises(NoDemoDataError, match="no demo data"):
        remove_demo(services)


def test_the_demo_name_goes_but_yours_stays(services):
    services.settings.set("me.name", "Sam Rivera")
    load_demo(services)
    remove_demo(services)
    assert services.settings.get("me.name") == "Sam Rivera"
