"""The declared effects of application writes on their companies' open counts
(services/effects.py): published by the write, with the companies' fresh rows."""

from __future__ import annotations

import pytest

from jobdesk.domain.changes import Changes, Entity


@pytest.fixture
def seen(services):
    published: list[Changes] = []
    services.bus.subscribe(published.append)
    return published


def _counts(published):
    """company id -> open count carried, from the count change-sets published."""
    return {row.id: row.open_applications for c in published
            if c.entity == Entity.COMPANY and c.fields == {"open_applications"}
            for row in c.rows}


def test_create_archive_and_restore_publish_the_company_count(services, seen):
    acme = services.companies.create(name="Acme")
    app = services.applications.create(company_id=acme.id, job_title="Analyst")
    assert _counts(seen) == {acme.id: 1}
    seen.clear()
    services.applications.archive([app.id])
    assert _counts(seen) == {acme.id: 0}
    seen.clear()
    services.applications.restore([app.id])
    assert _counts(seen) == {acme.id: 1}


def test_a_move_between_open_and_closed_stages_publishes_the_count(services, seen):
    acme = services.companies.create(name="Acme")
    app = services.applications.create(company_id=acme.id, job_title="Analyst",
                                       stage="applied")
    seen.clear()
    services.applications.move_stage(app.id, "interviewing")  # open to open: unchanged
    assert _counts(seen) == {}
    log_id = services.applications.move_stage(app.id, "rejected")
    assert _counts(seen) == {acme.id: 0}
    seen.clear()
    services.applications.undo_stage_move(app.id, "interviewing", log_id)
    assert _counts(seen) == {acme.id: 1}


def test_a_move_to_another_company_publishes_both_counts(services, seen):
    acme = services.companies.create(name="Acme")
    other = services.companies.create(name="Other Works")
    app = services.applications.create(company_id=acme.id, job_title="Analyst")
    seen.clear()
    services.applications.update(app.id, company_id=other.id)
    assert _counts(seen) == {acme.id: 0, other.id: 1}
    seen.clear()
    services.applications.update(app.id, notes="no count changes")
    assert _counts(seen) == {}
