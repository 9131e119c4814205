"""ContactsService: people at companies, e-mail and profile validation."""

from __future__ import annotations

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Relationship
from jobdesk.domain.errors import NotFoundError, ValidationError
from jobdesk.domain.rows import ContactRow


@pytest.fixture
def acme(services):
    return services.companies.create(name="Acme")


def test_create_with_company(services, changes, clock, acme):
    changes.clear()
    row = services.contacts.create(name="Maria López", company_id=acme.id, title="Recruiter",
                                   email=" maria@acme.example ", relationship="Hiring manager",
                                   profile_url="profiles.example/maria", phone="+49 30 1")
    assert type(row) is ContactRow
    assert (row.company_id, row.company_name) == (acme.id, "Acme")
    assert row.email == "maria@acme.example"
    assert row.relationship is Relationship.HIRING_MANAGER
    assert row.profile_url == "https://profiles.example/maria"
    assert row.created_at == clock.now
    assert changes.changes == [Changes.of(Entity.CONTACT, [row.id], structural=True)]


def test_create_without_company(services):
    row = services.contacts.create(name="Lukas")
    assert (row.company_id, row.company_name) == (None, "")
    assert row.relationship is Relationship.OTHER
    assert row.email == ""


def test_move_between_companies_and_unlink(services, changes, acme):
    globex = services.companies.create(name="Globex")
    row = services.contacts.create(name="Maria", company_id=acme.id)
    changes.clear()
    moved = services.contacts.set_field(row.id, "company_id", globex.id)
    assert (moved.company_id, moved.company_name) == (globex.id, "Globex")
    assert changes.changes == [Changes.of(Entity.CONTACT, [row.id], fields=["company_id"])]
    unlinked = services.contacts.set_field(row.id, "company_id", "")
    assert unlinked.company_id is None


def test_of_company_lists_active_contacts(services, acme):
    a = services.contacts.create(name="A", company_id=acme.id)
    b = services.contacts.create(name="B", company_id=acme.id)
    services.contacts.create(name="C")
    services.contacts.archive([b.id])
    assert [c.id for c in services.contacts.of_company(acme.id)] == [a.id]


def test_archive_restore_purge(services, changes, count_rows, acme):
    row = services.contacts.create(name="Maria", company_id=acme.id)
    app = services.applications.create(company_id=acme.id, job_title="Analyst",
                                       source="referral", referral_contact_id=row.id)
    with pytest.raises(ValidationError):
        services.contacts.purge([row.id])
    services.contacts.archive([row.id])
    assert services.contacts.list() == []
    assert [c.id for c in services.contacts.list(archived=True)] == [row.id]
    services.contacts.restore([row.id])
    assert [c.id for c in services.contacts.list()] == [row.id]
    services.contacts.archive([row.id])
    changes.clear()
    assert services.contacts.purge([row.id]).ids == {row.id}
    # the application stays; its referral link is cleared by the foreign key, and said so
    assert changes.changes == [
        Changes.of(Entity.CONTACT, [row.id], structural=True),
        Changes.of(Entity.APPLICATION, [app.id], fields={"referral_contact_id"})]
    assert count_rows("contact") == 0
    assert services.applications.get(app.id).referral_contact_id is None


@pytest.mark.parametrize("email", ["maria", "maria@", "@acme.example", "maria@acme",
                                   "ma ria@acme.example", "maria@@acme.example",
                                   "<maria@acme.example>", "maria@acme.c"])
def test_bad_email_is_refused(services, count_rows, email):
    with pytest.raises(ValidationError) as info:
        services.contacts.create(name="Maria", email=email)
    assert info.value.field == "email"
    assert "e-mail" in info.value.message
    assert count_rows("contact") == 0


@pytest.mark.parametrize("email", ["maria@acme.example", "m.lopez+jobs@sub.acme.co.uk",
                                   "jörg@müller.de"])
def test_good_email_is_kept(services, email):
    assert services.contacts.create(name="Maria", email=email).email == email


def test_bad_email_on_update_keeps_the_old_one(services, changes):
    row = services.contacts.create(name="Maria", email="maria@acme.example")
    changes.clear()
    with pytest.raises(ValidationError):
        services.contacts.set_field(row.id, "email", "not-an-address")
    assert services.contacts.get(row.id).email == "maria@acme.example"
    assert changes.changes == []


def test_missing_company_is_refused(services, count_rows):
    with pytest.raises(ValidationError) as info:
        services.contacts.create(name="Maria", company_id=999)
    assert info.value.field == "company_id"
    assert "999" in info.value.message
    with pytest.raises(ValidationError) as info:
        services.contacts.create(name="Maria", company_id="acme")
    assert info.value.field == "company_id"
    assert count_rows("contact") == 0


@pytest.mark.parametrize(("field", "value"), [
    ("name", ""), ("relationship", "boss"), ("profile_url", "javascript:alert(1)"),
    ("phone", "1" * 51), ("nickname", "M"),
])
def test_other_refusals_name_the_field(services, count_rows, field, value):
    values = {"name": "Maria", field: value}
    with pytest.raises(ValidationError) as info:
        services.contacts.create(**values)
    assert info.value.field == field
    assert count_rows("contact") == 0


def test_get_missing(services):
    with pytest.raises(NotFoundError):
        services.contacts.get(1)
