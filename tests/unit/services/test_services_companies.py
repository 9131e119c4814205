"""CompaniesService: the record-service contract on companies, names and duplicates."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import CompanyStatus
from jobdesk.domain.errors import DuplicateError, NotFoundError, ValidationError
from jobdesk.domain.rows import CompanyRow


def test_create_returns_a_plain_row_and_publishes(services, changes, clock, count_rows):
    row = services.companies.create(name="  Acme  ", website="acme.example/jobs",
                                    industry="Tools", status="Active", notes="first\nsecond")
    assert type(row) is CompanyRow
    assert row.name == "Acme"  # trimmed
    assert row.website == "https://acme.example/jobs"  # scheme added
    assert row.status is CompanyStatus.ACTIVE
    assert row.notes == "first\nsecond"
    assert row.created_at == row.updated_at == clock.now
    assert row.archived_at is None
    assert row.open_applications == 0
    assert changes.changes == [Changes.of(Entity.COMPANY, [row.id], structural=True)]
    assert count_rows("company") == 1
    stored = services.store.db.execute_sql(
        "SELECT name_key, match_key FROM company WHERE id = ?", (row.id,)).fetchone()
    assert stored == ("acme", "acme")


def test_defaults(services):
    row = services.companies.create(name="Initech")
    assert (row.website, row.industry, row.location, row.notes) == ("", "", "", "")
    assert row.status is CompanyStatus.TARGET


def test_update_and_set_field(services, changes, clock):
    row = services.companies.create(name="Acme")
    changes.clear()
    clock.advance(hours=1)
    updated = services.companies.update(row.id, location="Berlin", industry="Tools")
    assert (updated.location, updated.industry) == ("Berlin", "Tools")
    assert updated.updated_at == clock.now and updated.created_at == row.created_at
    assert changes.changes == [Changes.of(Entity.COMPANY, [row.id],
                                          fields=["location", "industry"])]
    changes.clear()
    again = services.companies.set_field(row.id, "status", CompanyStatus.PAUSED)
    assert again.status is CompanyStatus.PAUSED
    assert changes.changes == [Changes.of(Entity.COMPANY, [row.id], fields=["status"])]
    assert services.companies.get(row.id) == again


def test_update_with_nothing_changes_nothing(services, changes):
    row = services.companies.create(name="Acme")
    changes.clear()
    assert services.companies.update(row.id) == row
    assert changes.changes == []


def test_rename_keeps_keys_in_step(services):
    row = services.companies.create(name="Acme")
    services.companies.set_field(row.id, "name", "ACME")  # its own name in other case: fine
    renamed = services.companies.set_field(row.id, "name", "Globex Ltd")
    assert renamed.name == "Globex Ltd"
    assert [c.id for c in services.companies.similar("GLOBEX")] == [row.id]
    assert services.companies.similar("Acme") == []
    assert services.companies.create(name="acme").id != row.id  # the old name is free again


def test_get_get_many_list(services):
    a = services.companies.create(name="A")
    b = services.companies.create(name="B")
    c = services.companies.create(name="C")
    services.companies.archive([b.id])
    assert [r.id for r in services.companies.list()] == [a.id, c.id]
    assert [r.id for r in services.companies.list(archived=True)] == [b.id]
    assert [r.id for r in services.companies.list(archived=None)] == [a.id, b.id, c.id]
    assert [r.id for r in services.companies.get_many([c.id, b.id, 999])] == [b.id, c.id]
    assert [r.id for r in services.companies.get_many([a.id, b.id], archived=False)] == [a.id]
    assert services.companies.get_many([]) == []
    assert services.companies.get(b.id).archived_at is not None
    assert services.companies.count() == 2
    with pytest.raises(NotFoundError) as info:
        services.companies.get(999)
    assert info.value.record_id == 999 and info.value.entity == "company"


def test_get_many_beyond_one_in_clause(services):
    stamp = "2026-03-02 09:30:00"
    with services.store.db.atomic():  # plain SQL: this is about reading, not 620 creates
        for i in range(620):
            services.store.db.execute_sql(
                "INSERT INTO company (name, name_key, match_key, website, industry, location, "
                "notes, status, created_at, updated_at) VALUES (?, ?, ?, '', '', '', '', "
                "'target', ?, ?)", (f"Company {i}", f"company {i}", f"company{i}", stamp, stamp))
    ids = [r.id for r in services.companies.list()]
    assert len(ids) == 620
    assert [r.id for r in services.companies.get_many(ids)] == ids


def test_archive_restore_purge(services, changes, clock, count_rows):
    row = services.companies.create(name="Acme")
    changes.clear()
    clock.advance(days=1)
    result = services.companies.archive([row.id])
    assert result == Changes.of(Entity.COMPANY, [row.id], structural=True)
    assert changes.changes == [result]
    assert services.companies.get(row.id).archived_at == clock.now
    # archiving again changes nothing
    assert services.companies.archive([row.id]).ids == frozenset()
    changes.clear()
    restored = services.companies.restore([row.id])
    assert restored.ids == {row.id} and restored.structural
    assert changes.changes == [restored]
    assert services.companies.get(row.id).archived_at is None
    # purge needs archive first
    with pytest.raises(ValidationError) as info:
        services.companies.purge([row.id])
    assert info.value.field == "archived_at"
    assert count_rows("company") == 1
    services.companies.archive([row.id])
    changes.clear()
    purged = services.companies.purge([row.id])
    assert purged == Changes.of(Entity.COMPANY, [row.id], structural=True)
    assert changes.changes == [purged]
    assert count_rows("company") == 0
    with pytest.raises(NotFoundError):
        services.companies.get(row.id)


def test_archive_of_a_missing_id_changes_nothing(services, changes):
    row = services.companies.create(name="Acme")
    changes.clear()
    with pytest.raises(NotFoundError):
        services.companies.archive([row.id, 999])
    assert services.companies.get(row.id).archived_at is None
    assert changes.changes == []


def test_purge_of_a_company_with_applications_is_refused(services, count_rows):
    company = services.companies.create(name="Acme")
    app = services.applications.create(company_id=company.id, job_title="Analyst")
    services.applications.archive([app.id])  # even archived applications block the purge
    services.companies.archive([company.id])
    with pytest.raises(ValidationError) as info:
        services.companies.purge([company.id])
    assert info.value.field == "applications"
    assert count_rows("company") == 1 and count_rows("application") == 1


def test_purge_of_a_company_unlinks_its_contacts(services):
    company = services.companies.create(name="Acme")
    contact = services.contacts.create(name="Maria", company_id=company.id)
    services.companies.archive([company.id])
    services.companies.purge([company.id])
    kept = services.contacts.get(contact.id)
    assert kept.company_id is None and kept.company_name == ""


def test_open_applications_counts_only_open_active_ones(services):
    company = services.companies.create(name="Acme")
    for stage in ("applied", "interviewing", "rejected", "accepted", "interested"):
        services.applications.create(company_id=company.id, job_title=stage, stage=stage)
    archived = services.applications.create(company_id=company.id, job_title="x", stage="offer")
    services.applications.archive([archived.id])
    assert services.companies.get(company.id).open_applications == 3


# ---- refusals --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "   ", None])
def test_empty_name_is_refused(services, changes, count_rows, name):
    with pytest.raises(ValidationError) as info:
        services.companies.create(name=name)
    assert info.value.field == "name"
    assert count_rows("company") == 0
    assert changes.changes == []


def test_missing_name_is_refused(services, count_rows):
    with pytest.raises(ValidationError) as info:
        services.companies.create(industry="Tools")
    assert info.value.field == "name"
    assert count_rows("company") == 0


@pytest.mark.parametrize("other", ["acme", "ACME", "Ácme", "  acme  ", "AÇME"])
def test_duplicate_name_ignoring_case_and_accents(services, changes, count_rows, other):
    first = services.companies.create(name="Acme")
    changes.clear()
    with pytest.raises(DuplicateError) as info:
        services.companies.create(name=other)
    assert info.value.field == "name"
    assert info.value.existing_id == first.id
    assert isinstance(info.value, ValidationError)
    assert count_rows("company") == 1
    assert changes.changes == []


def test_rename_onto_another_company_is_refused(services, changes):
    acme = services.companies.create(name="Acme")
    globex = services.companies.create(name="Globex")
    changes.clear()
    with pytest.raises(DuplicateError) as info:
        services.companies.set_field(globex.id, "name", "ACME")
    assert info.value.existing_id == acme.id
    assert services.companies.get(globex.id).name == "Globex"
    assert changes.changes == []


def test_name_too_long_is_refused(services, count_rows):
    with pytest.raises(ValidationError) as info:
        services.companies.create(name="x" * 201)
    assert info.value.field == "name" and "200" in info.value.message
    assert count_rows("company") == 0


@pytest.mark.parametrize("website", ["not a url", "ftp://acme.example", "http://", "acme"])
def test_bad_website_is_refused(services, count_rows, website):
    with pytest.raises(ValidationError) as info:
        services.companies.create(name="Acme", website=website)
    assert info.value.field == "website"
    assert count_rows("company") == 0


def test_unknown_status_and_unknown_field(services, count_rows):
    with pytest.raises(ValidationError) as info:
        services.companies.create(name="Acme", status="bankrupt")
    assert info.value.field == "status"
    with pytest.raises(ValidationError) as info:
        services.companies.create(name="Acme", ceo="Wile E.")
    assert info.value.field == "ceo"
    assert count_rows("company") == 0
    row = services.companies.create(name="Acme")
    with pytest.raises(ValidationError) as info:
        services.companies.set_field(row.id, "name_key", "hacked")  # internal column
    assert info.value.field == "name_key"


def test_update_of_a_missing_company(services):
    with pytest.raises(NotFoundError):
        services.companies.update(999, notes="x")


# ---- similar names -------------------------------------------------------------------------

def test_similar_finds_suffix_and_case_variants(services):
    acme = services.companies.create(name="Acme")
    services.companies.create(name="Acme Labs")
    assert [c.id for c in services.companies.similar("ACME inc.")] == [acme.id]
    assert [c.id for c in services.companies.similar("acme, ltd")] == [acme.id]
    assert [c.id for c in services.companies.similar("Ácme GmbH")] == [acme.id]
    assert services.companies.similar("Globex") == []
    assert services.companies.similar("") == []
    services.companies.archive([acme.id])
    assert [c.id for c in services.companies.similar("Acme Inc")] == [acme.id]  # archived too


def test_similar_names_are_not_duplicates(services):
    acme = services.companies.create(name="Acme")
    acme_inc = services.companies.create(name="Acme Inc.")  # the unique key keeps suffixes
    assert {c.id for c in services.companies.similar("acme")} == {acme.id, acme_inc.id}


def test_find_or_create(services, changes):
    acme = services.companies.create(name="Acme")
    changes.clear()
    assert services.companies.find_or_create("ACME Inc.").id == acme.id
    assert changes.changes == []
    globex = services.companies.find_or_create("Globex", industry="Energy")
    assert globex.industry == "Energy" and globex.id != acme.id
    assert changes.changes == [Changes.of(Entity.COMPANY, [globex.id], structural=True)]


# ---- property: notes survive the round trip ---------------------------------------------------

_names = itertools.count()


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=300))
def test_notes_round_trip(services, notes):
    row = services.companies.create(name=f"Roundtrip {next(_names)}", notes=notes)
    # long text keeps its leading whitespace and inner lines; only trailing space is trimmed
    assert row.notes == notes.rstrip()
    assert services.companies.get(row.id).notes == notes.rstrip()
    updated = services.companies.set_field(row.id, "notes", "x" + notes)
    assert updated.notes == ("x" + notes).rstrip()
