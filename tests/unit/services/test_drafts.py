"""Drafts in the outbox, and what the follow-up engine counts: a copied note is not sent
until it is confirmed."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from jobdesk.domain.enums import Direction, InteractionKind, OutboxStatus
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.followups import ActionKind
from jobdesk.services.composer import Via
from jobdesk.services.followups import FollowUpService
from tests.conftest import FIXED_NOW


def _check_in(s):
    engine = FollowUpService(s, tz=UTC)
    proposal = next(p for p in engine.proposals(FIXED_NOW.date())
                    if p.kind == ActionKind.CHECK_IN and p.facts[1] == 0)
    template = s.composer.template(proposal.template_key)
    context = s.composer.context(application_id=proposal.application_id, kind=template.kind)
    draft, _rendered = s.composer.draft(template, context)
    body = draft.body.replace("[missing: recipient_first_name]", "Sam")
    return engine, proposal, type(draft)(**{**draft.__dict__, "body": body})


def _chase(engine, application_id, day):
    return [p for p in engine.proposals(day) if p.application_id == application_id
            and p.kind in (ActionKind.CHECK_IN, ActionKind.MOVE_ON)]


def test_a_draft_is_saved_found_and_updated_in_place(clocked_services):
    s = clocked_services
    _engine, proposal, draft = _check_in(s)
    first = s.drafts.save(draft)
    row = s.drafts.find(proposal.application_id, draft.template_key)
    assert (row.id, row.status, row.body) == (first, OutboxStatus.DRAFT, draft.body)
    again = s.drafts.save(type(draft)(**{**draft.__dict__, "body": "Shorter."}), first)
    assert again == first and s.drafts.get(first).body == "Shorter."
    assert s.drafts.find(proposal.application_id, "thank_you") is None


def test_the_engine_counts_a_copied_check_in_only_once_it_is_confirmed(clocked_services):
    s = clocked_services
    engine, proposal, draft = _check_in(s)
    app_id = proposal.application_id
    before = len(s.interactions.for_application(app_id))
    one = s.drafts.hand_over(draft, Via.CLIPBOARD)
    two = s.drafts.hand_over(draft, Via.CLIPBOARD, one.outbox_id)
    assert one.first and not two.first and one.interaction_id == two.interaction_id
    assert len(s.interactions.for_application(app_id)) == before + 1
    assert s.drafts.awaiting(app_id, draft.template_key).id == one.outbox_id
    # not sent yet: the same check-in is still due, counting none sent
    still = _chase(engine, app_id, FIXED_NOW.date())
    assert [p.key for p in still] == [proposal.key]
    logged = s.drafts.confirm_sent(one.outbox_id, schedule_next=False)
    assert logged.interaction_id == one.interaction_id
    entry = s.interactions.get(logged.interaction_id)
    assert (entry.kind, entry.direction) == (InteractionKind.FOLLOW_UP, Direction.OUTGOING)
    assert len(s.interactions.for_application(app_id)) == before + 1
    assert s.drafts.get(one.outbox_id).status == OutboxStatus.SENT
    assert s.drafts.awaiting(app_id, draft.template_key) is None
    # now it counts: the first check-in is done, the second one comes a week later
    (after,) = _chase(engine, app_id, FIXED_NOW.date())
    assert after.key != proposal.key and after.facts[1] == 1
    assert after.due == FIXED_NOW.date() + timedelta(days=7)
    with pytest.raises(ValidationError):
        s.drafts.confirm_sent(one.outbox_id)  # once only


def test_smtp_after_copy_turns_the_drafted_entry_into_the_sent_one(clocked_services):
    s = clocked_services
    _engine, _proposal, draft = _check_in(s)
    draft = type(draft)(**{**draft.__dict__, "recipient": "sam@company.example"})
    handed = s.drafts.hand_over(draft, Via.MAIL_PROGRAM)
    assert s.drafts.get(handed.outbox_id).status == OutboxStatus.OPENED
    outbox_id, draft = s.mail.queue(draft, outbox_id=handed.outbox_id)
    logged = s.mail.mark_sent(outbox_id, draft, schedule_next=False)
    assert logged.interaction_id == handed.interaction_id
    entry = s.interactions.get(logged.interaction_id)
    assert entry.direction == Direction.OUTGOING and "Via: sent by e-mail" in entry.body
