"""A move to Applied with no applied date fills today's date, in the move's own write."""

from __future__ import annotations

from datetime import date

import pytest

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Stage


@pytest.fixture
def idea(services):
    acme = services.companies.create(name="Acme")
    return services.applications.create(company_id=acme.id, job_title="Data Analyst")


def test_a_move_to_applied_fills_today_and_publishes_it(services, changes, clock, idea):
    today = clock.now.astimezone().date()
    changes.clear()
    log_id = services.applications.move_stage(idea.id, Stage.APPLIED)
    row = services.applications.get(idea.id)
    assert (row.stage, row.applied_on) == (Stage.APPLIED, today)
    assert changes.changes == [
        Changes.of(Entity.APPLICATION, [idea.id], fields=["stage", "applied_on"]),
        Changes.of(Entity.INTERACTION, [log_id], structural=True),
    ]


def test_undoing_the_move_clears_the_date_it_filled(services, changes, idea):
    log_id = services.applications.move_stage(idea.id, Stage.APPLIED)
    changes.clear()
    services.applications.undo_stage_move(idea.id, Stage.INTERESTED, log_id,
                                          {"applied_on": None})
    row = services.applications.get(idea.id)
    assert (row.stage, row.applied_on) == (Stage.INTERESTED, None)
    assert services.interactions.for_application(idea.id) == []
    assert changes.changes[0] == Changes.of(Entity.APPLICATION, [idea.id],
                                            fields=["stage", "applied_on"])


def test_a_date_that_is_there_is_kept(services, idea):
    services.applications.set_field(idea.id, "applied_on", date(2026, 2, 1))
    services.applications.set_field(idea.id, "stage", "applied")
    assert services.applications.get(idea.id).applied_on == date(2026, 2, 1)


def test_a_date_given_with_the_move_wins(services, idea):
    services.applications.update(idea.id, stage="applied", applied_on=date(2026, 2, 3))
    assert services.applications.get(idea.id).applied_on == date(2026, 2, 3)


@pytest.mark.parametrize("stage", ["screening", "interviewing", "rejected"])
def test_other_moves_leave_the_date_alone(services, idea, stage):
    services.applications.set_field(idea.id, "stage", stage)
    assert services.applications.get(idea.id).applied_on is None


def test_not_filled_when_the_promised_answer_is_already_past(services, clock, idea):
    services.applications.set_field(idea.id, "response_promised_on", date(2026, 1, 5))
    row = services.applications.set_field(idea.id, "stage", "applied")
    assert (row.stage, row.applied_on) == (Stage.APPLIED, None)  # the move still happens


def test_creating_at_applied_does_not_guess_a_date(services, idea):
    row = services.applications.create(company_id=idea.company_id, job_title="Imported",
                                       stage="applied")
    assert row.applied_on is None
