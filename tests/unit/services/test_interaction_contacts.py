"""A log entry names several contacts; purging one of them follows the change-set rules."""

from __future__ import annotations

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.errors import ValidationError


def test_several_contacts_first_is_the_contact_column(services):
    acme = services.companies.create(name="Acme")
    app = services.applications.create(company_id=acme.id, job_title="Analyst")
    a = services.contacts.create(name="Ana", company_id=acme.id)
    b = services.contacts.create(name="Ben", company_id=acme.id)
    entry = services.interactions.create(application_id=app.id, kind="call", direction="in",
                                         contact_ids=[b.id, a.id, b.id])
    assert entry.contact_ids == (b.id, a.id) and entry.contact_id == b.id
    assert [e.id for e in services.interactions.for_contact(a.id)] == [entry.id]
    edited = services.interactions.update(entry.id, contact_ids=[a.id])
    assert edited.contact_ids == (a.id,) and edited.contact_id == a.id
    only = services.interactions.create(application_id=app.id, kind="note",
                                        direction="internal", contact_id=b.id)
    assert only.contact_ids == (b.id,)
    with pytest.raises(ValidationError) as info:
        services.interactions.create(application_id=app.id, kind="note",
                                     direction="internal", contact_ids=[999])
    assert "contact #999 does not exist" in info.value.message


def test_purging_a_second_contact_tells_the_log(services, changes):
    acme = services.companies.create(name="Acme")
    app = services.applications.create(company_id=acme.id, job_title="Analyst")
    a = services.contacts.create(name="Ana", company_id=acme.id)
    b = services.contacts.create(name="Ben", company_id=acme.id)
    entry = services.interactions.create(application_id=app.id, kind="call", direction="in",
                                         contact_ids=[a.id, b.id])
    services.contacts.archive([b.id])
    assert services.interactions.get(entry.id).contact_ids == (a.id, b.id)  # archive keeps it
    changes.clear()
    services.contacts.purge([b.id])
    published = [c for c in changes.changes if c.entity == Entity.INTERACTION]
    assert published == [Changes.of(Entity.INTERACTION, [entry.id], fields={"contact_ids"})]
    row = services.interactions.get(entry.id)
    assert row.contact_ids == (a.id,) and row.contact_id == a.id
