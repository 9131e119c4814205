"""InteractionsService: the log of e-mails, calls and notes, linked to what they concern."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Direction, InteractionKind
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.rows import InteractionRow


@pytest.fixture
def world(services):
    acme = services.companies.create(name="Acme")
    globex = services.companies.create(name="Globex")
    maria = services.contacts.create(name="Maria", company_id=acme.id)
    app = services.applications.create(company_id=acme.id, job_title="Analyst")
    return acme, globex, maria, app


def test_create_on_an_application_fills_in_the_company(services, changes, clock, world):
    acme, _, maria, app = world
    changes.clear()
    row = services.interactions.create(application_id=app.id, contact_id=maria.id,
                                       kind="Call", direction="in", summary="Screen",
                                       body="30 minutes.")
    assert type(row) is InteractionRow
    assert (row.application_id, row.company_id, row.contact_id) == (app.id, acme.id, maria.id)
    assert row.kind is InteractionKind.CALL and row.direction is Direction.INCOMING
    assert row.occurred_at == clock.now  # defaults to now
    assert row.created_at == clock.now
    assert (row.summary, row.body) == ("Screen", "30 minutes.")
    assert changes.changes == [Changes.of(Entity.INTERACTION, [row.id], structural=True)]


def test_occurred_at_is_kept_in_utc(services, world):
    _, globex, _, _ = world
    when = datetime(2026, 2, 27, 17, 0, tzinfo=UTC)
    row = services.interactions.create(company_id=globex.id, kind="note", direction="internal",
                                       occurred_at="2026-02-27T18:00:00+01:00")
    assert row.occurred_at == when and row.occurred_at.tzinfo is UTC


def test_links_and_listings(services, clock, world):
    acme, globex, maria, app = world
    on_app = services.interactions.create(application_id=app.id, kind="email", direction="out",
                                          occurred_at=clock.now - timedelta(days=3))
    on_company = services.interactions.create(company_id=acme.id, kind="meeting",
                                              direction="in",
                                              occurred_at=clock.now - timedelta(days=1))
    on_contact = services.interactions.create(contact_id=maria.id, kind="note",
                                              direction="internal",
                                              occurred_at=clock.now - timedelta(days=2))
    elsewhere = services.interactions.create(company_id=globex.id, kind="note",
                                             direction="internal")
    assert on_contact.company_id is None  # a contact alone does not imply a company
    # newest first
    assert [i.id for i in services.interactions.for_company(acme.id)] == [on_company.id,
                                                                           on_app.id]
    assert [i.id for i in services.interactions.for_application(app.id)] == [on_app.id]
    assert [i.id for i in services.interactions.for_contact(maria.id)] == [on_contact.id]
    assert [i.id for i in services.interactions.list()] == [elsewhere.id, on_company.id,
                                                            on_contact.id, on_app.id]
    got = services.interactions.get_many([on_app.id, elsewhere.id])
    assert {i.id for i in got} == {on_app.id, elsewhere.id}


def test_update_archive_restore_purge(services, changes, count_rows, world):
    _, globex, _, _ = world
    row = services.interactions.create(company_id=globex.id, kind="note", direction="internal",
                                       summary="draft")
    changes.clear()
    updated = services.interactions.set_field(row.id, "summary", "final")
    assert updated.summary == "final"
    assert changes.changes == [Changes.of(Entity.INTERACTION, [row.id], fields=["summary"])]
    services.interactions.archive([row.id])
    assert services.interactions.list() == []
    services.interactions.restore([row.id])
    assert [i.id for i in services.interactions.list()] == [row.id]
    with pytest.raises(ValidationError):
        services.interactions.purge([row.id])
    services.interactions.archive([row.id])
    services.interactions.purge([row.id])
    assert count_rows("interaction") == 0


def test_interaction_without_any_link_is_refused(services, changes, count_rows, world):
    changes.clear()
    with pytest.raises(ValidationError) as info:
        services.interactions.create(kind="note", direction="internal", summary="orphan")
    assert info.value.field == "application_id"
    with pytest.raises(ValidationError):
        services.interactions.create(kind="note", direction="internal", application_id="",
                                     company_id=None, contact_id=None)
    assert count_rows("interaction") == 0
    assert changes.changes == []


@pytest.mark.parametrize(("field", "value"), [
    ("application_id", 999), ("company_id", 999), ("contact_id", 999),
    ("kind", "telepathy"), ("direction", "sideways"), ("occurred_at", "soon"),
    ("occurred_at", datetime(2026, 3, 1, 12, 0)), ("summary", "x" * 501), ("mood", "happy"),
])
def test_refusals_name_the_field(services, count_rows, world, field, value):
    acme = world[0]
    values = {"company_id": acme.id, "kind": "note", "direction": "internal", field: value}
    with pytest.raises(ValidationError) as info:
        services.interactions.create(**values)
    assert info.value.field == field
    assert count_rows("interaction") == 0


def test_purging_an_application_takes_its_log(services, count_rows, world):
    _, _, maria, app = world
    services.interactions.create(application_id=app.id, kind="email", direction="out")
    kept = services.interactions.create(contact_id=maria.id, kind="note",
                                        direction="internal")
    services.applications.archive([app.id])
    services.applications.purge([app.id])
    assert [i.id for i in services.interactions.list()] == [kept.id]
    assert count_rows("interaction") == 1


def test_an_edit_cannot_leave_an_entry_belonging_to_nothing(services, count_rows, world):
    _, globex, maria, _ = world
    row = services.interactions.create(company_id=globex.id, kind="note", direction="internal")
    with pytest.raises(ValidationError) as info:
        services.interactions.update(row.id, company_id=None)
    assert "pick one" in info.value.message
    assert services.interactions.get(row.id).company_id == globex.id
    moved = services.interactions.update(row.id, company_id=None, contact_id=maria.id)
    assert (moved.company_id, moved.contact_id) == (None, maria.id)
    assert services.interactions.set_field(row.id, "summary", "kept").summary == "kept"


def test_a_broken_character_is_refused_with_a_message_not_an_encoding_error(services, world):
    _, globex, _, _ = world
    with pytest.raises(ValidationError) as info:
        services.interactions.create(company_id=globex.id, kind="note", direction="internal",
                                     summary="Call about \ud83d the offer")
    assert info.value.field == "summary"
    assert "broken character at position 12" in info.value.message
    with pytest.raises(ValidationError):
        services.companies.create(name="Acme \udc80 Ltd")
    assert services.interactions.list() == []
