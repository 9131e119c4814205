"""ApplicationsService: stages, dates, references, and the stage-change log entry."""

from __future__ import annotations

from datetime import date

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Direction, InteractionKind, Source, Stage
from jobdesk.domain.errors import NotFoundError, ValidationError
from jobdesk.domain.rows import ApplicationRow


@pytest.fixture
def acme(services):
    return services.companies.create(name="Acme")


@pytest.fixture
def app(services, acme):
    return services.applications.create(company_id=acme.id, job_title="Data Analyst",
                                        stage="applied", applied_on="2026-02-20")


def stored(services, app_id, column):
    return services.store.db.execute_sql(
        f"SELECT {column} FROM application WHERE id = ?", (app_id,)).fetchone()[0]


def test_create(services, changes, clock, acme):
    changes.clear()
    row = services.applications.create(
        company_id=acme.id, job_title=" Data Analyst ", posting_url="acme.example/jobs/1",
        source="Job board", stage=Stage.APPLIED, applied_on=date(2026, 2, 20),
        response_promised_on="2026-03-06", salary_range="EUR 60-70k",
        job_description="Analyse data.\n\n  Indented line.\n")
    assert type(row) is ApplicationRow
    assert (row.company_id, row.company_name) == (acme.id, "Acme")
    assert row.job_title == "Data Analyst"
    assert row.posting_url == "https://acme.example/jobs/1"
    assert row.source is Source.JOB_BOARD
    assert row.stage is Stage.APPLIED
    assert row.applied_on == date(2026, 2, 20)
    assert row.response_promised_on == date(2026, 3, 6)
    assert row.created_at == clock.now
    assert services.applications.job_description(row.id) == "Analyse data.\n\n  Indented line."
    assert stored(services, row.id, "stage_changed_at") == "2026-03-02 09:30:00"
    assert changes.changes == [Changes.of(Entity.APPLICATION, [row.id], structural=True),
                               # its company now counts it (services/effects.py)
                               Changes.of(Entity.COMPANY, [acme.id],
                                          fields={"open_applications"})]
    assert changes.changes[0].rows == (row,)  # carried: views do not read it again
    assert changes.changes[1].rows[0].open_applications == 1
    assert services.interactions.for_application(row.id) == []  # creating logs nothing


def test_defaults(services, acme):
    row = services.applications.create(company_id=acme.id, job_title="Analyst")
    assert row.stage is Stage.INTERESTED
    assert row.source is Source.OTHER
    assert (row.applied_on, row.response_promised_on, row.referral_contact_id) == (None,) * 3
    assert stored(services, row.id, "stage_changed_at") is None


def test_stage_change_logs_an_interaction(services, changes, clock, app):
    changes.clear()
    clock.advance(days=2)
    row = services.applications.set_field(app.id, "stage", "Interviewing")
    assert row.stage is Stage.INTERVIEWING
    assert row.updated_at == clock.now
    log = services.interactions.for_application(app.id)
    assert len(log) == 1
    entry = log[0]
    assert entry.kind is InteractionKind.STAGE_CHANGE
    assert entry.direction is Direction.INTERNAL
    assert entry.summary == "Applied → Interviewing"
    assert entry.occurred_at == clock.now
    assert entry.company_id == app.company_id
    assert stored(services, app.id, "stage_changed_at") == "2026-03-04 09:30:00"
    assert changes.changes == [
        Changes.of(Entity.APPLICATION, [app.id], fields=["stage"]),
        Changes.of(Entity.INTERACTION, [entry.id], structural=True),
    ]


def test_stage_change_to_a_two_word_stage(services, app):
    services.applications.set_field(app.id, "stage", Stage.NO_RESPONSE)
    assert services.interactions.for_application(app.id)[0].summary == "Applied → No response"


def test_same_stage_logs_nothing(services, changes, app):
    changes.clear()
    services.applications.set_field(app.id, "stage", "applied")
    services.applications.update(app.id, notes="chased")
    assert services.interactions.for_application(app.id) == []
    assert {c.entity for c in changes.changes} == {Entity.APPLICATION}


def test_unknown_stage_is_refused(services, changes, count_rows, acme, app):
    changes.clear()
    with pytest.raises(ValidationError) as info:
        services.applications.create(company_id=acme.id, job_title="x", stage="ghosted")
    assert info.value.field == "stage"
    with pytest.raises(ValidationError):
        services.applications.set_field(app.id, "stage", "ghosted")
    assert services.applications.get(app.id).stage is Stage.APPLIED
    assert count_rows("application") == 1 and count_rows("interaction") == 0
    assert changes.changes == []


def test_promised_response_before_application_is_refused(services, count_rows, acme, app):
    with pytest.raises(ValidationError) as info:
        services.applications.create(company_id=acme.id, job_title="x",
                                     applied_on="2026-03-01", response_promised_on="2026-02-28")
    assert info.value.field == "response_promised_on"
    assert count_rows("application") == 1
    # on update, the other date comes from the stored row
    with pytest.raises(ValidationError) as info:
        services.applications.set_field(app.id, "response_promised_on", "2026-02-19")
    assert info.value.field == "response_promised_on"
    services.applications.set_field(app.id, "response_promised_on", "2026-03-01")
    with pytest.raises(ValidationError) as info:
        services.applications.set_field(app.id, "applied_on", "2026-04-01")
    assert info.value.field == "response_promised_on"
    row = services.applications.get(app.id)
    assert (row.applied_on, row.response_promised_on) == (date(2026, 2, 20), date(2026, 3, 1))
    same_day = services.applications.set_field(app.id, "response_promised_on", "2026-02-20")
    assert same_day.response_promised_on == date(2026, 2, 20)


@pytest.mark.parametrize(("field", "value"), [
    ("posting_url", "see the careers page"),
    ("posting_url", "mailto:jobs@acme.example"),
    ("applied_on", "last tuesday"),
    ("applied_on", "2026-02-30"),
    ("source", "carrier pigeon"),
    ("job_title", ""),
    ("job_title", "x" * 301),
    ("company_id", 999),
    ("company_id", None),
    ("referral_contact_id", 999),
    ("salary", "lots"),
])
def test_refusals_name_the_field_and_write_nothing(services, changes, count_rows, acme,
                                                    field, value):
    changes.clear()
    values = {"company_id": acme.id, "job_title": "Analyst", field: value}
    with pytest.raises(ValidationError) as info:
        services.applications.create(**values)
    assert info.value.field == field
    assert count_rows("application") == 0
    assert changes.changes == []


def test_missing_company_is_refused(services, count_rows):
    with pytest.raises(ValidationError) as info:
        services.applications.create(job_title="Analyst")
    assert info.value.field == "company_id"
    assert count_rows("application") == 0


def test_referral_contact_link(services, acme):
    maria = services.contacts.create(name="Maria", company_id=acme.id)
    row = services.applications.create(company_id=acme.id, job_title="x", source="referral",
                                       referral_contact_id=maria.id)
    assert row.referral_contact_id == maria.id


def test_of_company_list_archive_restore_purge(services, changes, count_rows, acme, app):
    other = services.applications.create(company_id=acme.id, job_title="Engineer")
    services.applications.set_field(app.id, "stage", "screening")  # adds a log entry
    assert [a.id for a in services.applications.of_company(acme.id)] == [app.id, other.id]
    services.applications.archive([other.id])
    assert [a.id for a in services.applications.of_company(acme.id)] == [app.id]
    assert [a.id for a in services.applications.list()] == [app.id]
    assert [a.id for a in services.applications.list(archived=True)] == [other.id]
    services.applications.restore([other.id])
    assert len(services.applications.list()) == 2
    services.applications.archive([app.id])
    changes.clear()
    assert services.applications.purge([app.id]).ids == {app.id}
    assert changes.changes[0] == Changes.of(Entity.APPLICATION, [app.id], structural=True)
    assert count_rows("application") == 1
    assert count_rows("interaction") == 0  # its log went with it
    with pytest.raises(NotFoundError):
        services.applications.get(app.id)


def test_purge_of_an_active_application_is_refused(services, count_rows, app):
    with pytest.raises(ValidationError) as info:
        services.applications.purge([app.id])
    assert info.value.field == "archived_at"
    assert str(app.id) in info.value.message
    assert count_rows("application") == 1


def test_update_of_a_missing_application(services):
    with pytest.raises(NotFoundError):
        services.applications.set_field(999, "notes", "x")


def test_purge_tells_every_view_what_the_cascade_removed_or_unlinked(services, changes, acme,
                                                                       app):
    """The database removes an application's log, events and decisions with it, and empties
    links to a purged contact: the bus names those rows too, so open views drop them."""
    services.applications.set_field(app.id, "stage", "screening")  # a log entry
    [log] = services.interactions.for_application(app.id)
    maria = services.contacts.create(name="Maria", company_id=acme.id)
    note = services.interactions.create(application_id=app.id, contact_id=maria.id,
                                        kind="call", direction="outgoing")
    event = services.events.create(application_id=app.id, kind="interview", title="Panel",
                                   starts_at="2026-03-02T10:00:00+00:00",
                                   interviewer_ids=[maria.id])
    other = services.applications.create(company_id=acme.id, job_title="Engineer",
                                         source="referral", referral_contact_id=maria.id)
    services.contacts.archive([maria.id])
    changes.clear()
    services.contacts.purge([maria.id])
    published = {c.entity: c for c in changes.changes}
    assert published[Entity.INTERACTION] == Changes.of(Entity.INTERACTION, [note.id],
                                                       fields={"contact_id", "contact_ids"})
    assert services.interactions.get(note.id).contact_ids == ()
    assert published[Entity.APPLICATION].ids == {other.id}
    assert published[Entity.EVENT] == Changes.of(Entity.EVENT, [event.id], structural=True)
    assert services.applications.get(other.id).referral_contact_id is None

    services.applications.archive([app.id])
    changes.clear()
    services.applications.purge([app.id])
    published = {c.entity: c for c in changes.changes}
    assert published[Entity.INTERACTION] == Changes.of(
        Entity.INTERACTION, [log.id, note.id], structural=True)
    assert published[Entity.EVENT] == Changes.of(Entity.EVENT, [event.id], structural=True)
