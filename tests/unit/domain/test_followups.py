"""The follow-up rules, each with a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import count

from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.domain.dates import add_business_days
from jobdesk.domain.enums import (
    ActionState,
    CompanyStatus,
    Direction,
    EventKind,
    InteractionKind,
    Source,
    Stage,
)
from jobdesk.domain.followups import (
    ActionKind,
    Decision,
    FollowUpSettings,
    Snapshot,
    Urgency,
    propose,
)
from jobdesk.domain.rows import ApplicationRow, CompanyRow, EventRow, InteractionRow

_ids = count(1000)
MON = date(2026, 3, 2)  # a Monday


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def company(cid: int = 1, name: str = "Acme", status=CompanyStatus.ACTIVE) -> CompanyRow:
    return CompanyRow(cid, name, "", "", "", "", status, at(MON), at(MON))


def app(aid: int = 1, stage=Stage.INTERVIEWING, promised: date | None = None,
        updated: date = MON, cid: int = 1, archived: bool = False,
        name: str = "Acme") -> ApplicationRow:
    return ApplicationRow(aid, cid, name, "Data Analyst", "", Source.JOB_BOARD, None, stage,
                          MON - timedelta(days=20), promised, "", "", at(updated), at(updated),
                          at(MON) if archived else None)


def log(aid: int, day: date, kind=InteractionKind.FOLLOW_UP, direction=Direction.OUTGOING,
        cid: int = 1) -> InteractionRow:
    return InteractionRow(next(_ids), aid, cid, None, kind, direction, at(day), "s", "",
                          at(day))


def interview(aid: int, day: date, interviewer: int | None = 7) -> EventRow:
    start = at(day, 14)
    return EventRow(next(_ids), aid, EventKind.INTERVIEW, "", start, start + timedelta(hours=1),
                    "UTC", False, "", "", "", f"{aid}@x", (interviewer,) if interviewer else (),
                    start, start)


def kinds(proposals, application_id=1):
    return [p.kind for p in proposals if p.application_id == application_id]


ENOUGH = [app(90 + i, Stage.APPLIED, cid=10 + i, name=f"Other {i}", updated=MON)
          for i in range(5)]  # keeps the "next target" rule quiet


def run(apps, interactions=(), events=(), today=MON, companies=(), decisions=None, **cfg):
    snap = Snapshot(applications=[*apps, *ENOUGH], interactions=interactions, events=events,
                    companies=companies, decisions=decisions or {})
    return propose(snap, today, FollowUpSettings(**cfg))


# ---- business days ------------------------------------------------------------------------
def test_business_days_skip_weekends_and_holidays():
    friday = date(2026, 3, 6)
    assert add_business_days(friday, 1) == date(2026, 3, 9)
    assert add_business_days(friday, 1, {date(2026, 3, 9)}) == date(2026, 3, 10)
    assert add_business_days(date(2026, 3, 7), 0) == date(2026, 3, 9)
    assert add_business_days(MON, 5) == date(2026, 3, 9)


# ---- thank-you ----------------------------------------------------------------------------
def test_thank_you_due_the_day_after_the_interview_with_the_interviewer():
    [p] = [p for p in run([app()], events=[interview(1, MON)], today=MON)
           if p.kind == ActionKind.THANK_YOU]
    assert p.due == MON + timedelta(days=1)
    assert p.contact_id == 7 and p.template_key == "thank_you"
    assert "24 hours" in p.reason
    assert p.urgency(MON) == Urgency.SOON


def test_thank_you_sent_clears_it_and_future_interviews_wait():
    sent = log(1, MON, InteractionKind.THANK_YOU)
    assert ActionKind.THANK_YOU not in kinds(
        run([app()], [sent], [interview(1, MON - timedelta(days=0))], today=MON + timedelta(1)))
    future = interview(1, MON + timedelta(days=3))
    assert ActionKind.THANK_YOU not in kinds(run([app()], events=[future], today=MON))


def test_thank_you_not_chased_for_an_old_interview():
    old = interview(1, MON - timedelta(days=30))
    assert ActionKind.THANK_YOU not in kinds(run([app()], events=[old], today=MON))


# ---- the chase ----------------------------------------------------------------------------
def test_check_in_one_business_day_after_a_friday_promise():
    friday = date(2026, 3, 6)
    [p] = [p for p in run([app(promised=friday)], today=date(2026, 3, 7))
           if p.kind == ActionKind.CHECK_IN]
    assert p.due == date(2026, 3, 9)  # Monday, not Saturday
    assert p.template_key == "check_in"
    holiday = run([app(promised=friday)], today=date(2026, 3, 7),
                  holidays=frozenset({date(2026, 3, 9)}))
    assert [p.due for p in holiday if p.kind == ActionKind.CHECK_IN] == [date(2026, 3, 10)]


def test_no_check_in_before_the_promised_date_has_passed():
    assert ActionKind.CHECK_IN not in kinds(run([app(promised=MON)], today=MON))


def test_second_check_in_a_week_after_the_first_then_move_on_after_three():
    promised = MON
    first = log(1, MON + timedelta(days=1))
    ps = run([app(promised=promised)], [first], today=MON + timedelta(days=3))
    [p] = [p for p in ps if p.kind == ActionKind.CHECK_IN]
    assert p.due == MON + timedelta(days=8)
    assert p.template_key == "second_check_in"
    three = [first, log(1, MON + timedelta(days=8)), log(1, MON + timedelta(days=15))]
    ps = run([app(promised=promised)], three, today=MON + timedelta(days=23))
    assert kinds(ps) == [ActionKind.MOVE_ON]
    [p] = ps[:1] if ps[0].application_id == 1 else [x for x in ps if x.application_id == 1]
    assert "no response" in p.reason


def test_an_answer_from_the_company_resets_the_chase():
    answered = log(1, MON + timedelta(days=2), InteractionKind.EMAIL, Direction.INCOMING)
    ps = run([app(promised=MON)], [log(1, MON + timedelta(days=1)), answered],
             today=MON + timedelta(days=10))
    assert ActionKind.CHECK_IN not in kinds(ps) and ActionKind.MOVE_ON not in kinds(ps)


# ---- review, rejection, offer, next target ------------------------------------------------
def test_review_after_idle_days_only_for_active_stages():
    stale = app(stage=Stage.APPLIED, updated=MON - timedelta(days=30))
    ps = run([stale], today=MON)
    assert kinds(ps) == [ActionKind.REVIEW]
    fresh = app(stage=Stage.APPLIED, updated=MON - timedelta(days=3))
    assert kinds(run([fresh], today=MON)) == []
    interested = app(stage=Stage.INTERESTED, updated=MON - timedelta(days=60))
    assert kinds(run([interested], today=MON)) == []


def test_rejection_gets_a_gracious_reply_until_answered():
    rejected = app(stage=Stage.REJECTED, updated=MON)
    no = log(1, MON, InteractionKind.REJECTION, Direction.INCOMING)
    [p] = [p for p in run([rejected], [no], today=MON) if p.application_id == 1]
    assert p.kind == ActionKind.REJECTION_REPLY and p.template_key == "rejection_reply"
    assert "feedback" in p.reason or "stronger candidate" in p.reason
    reply = log(1, MON + timedelta(days=1), InteractionKind.EMAIL, Direction.OUTGOING)
    assert kinds(run([rejected], [no, reply], today=MON + timedelta(days=1))) == []


def test_offer_deadline_says_decide_and_names_the_other_companies():
    offer = app(stage=Stage.OFFER)
    deadline = EventRow(5, 1, EventKind.OFFER_DEADLINE, "", at(MON + timedelta(days=6), 17),
                        None, "UTC", False, "", "", "", "d@x", (), at(MON), at(MON))
    ps = run([offer], events=[deadline], today=MON)
    [p] = [p for p in ps if p.kind == ActionKind.OFFER_DECISION]
    assert p.due == MON + timedelta(days=4)
    assert "Other 0" in p.reason and "Other 4" in p.reason


def test_next_target_when_few_active_or_all_at_one_company():
    apps = [app(1, Stage.APPLIED, cid=1), app(2, Stage.SCREENING, cid=1)]
    comps = [company(1), company(2, "Globex", CompanyStatus.TARGET)]
    snap = Snapshot(applications=apps, companies=comps)
    [p] = [p for p in propose(snap, MON) if p.kind == ActionKind.NEXT_TARGET]
    assert "Globex" in p.reason and p.suggestions == ("Globex",)
    assert p.due == MON
    many_one_company = [app(i, Stage.APPLIED, cid=1) for i in range(1, 7)]
    ps = propose(Snapshot(applications=many_one_company, companies=comps), MON,
                 FollowUpSettings(review_after_days=999))
    assert [p.kind for p in ps] == [ActionKind.NEXT_TARGET]
    assert "one company" in ps[0].reason


# ---- decisions and archived -----------------------------------------------------------------
def test_snoozed_and_dismissed_proposals_are_hidden():
    key = f"check_in:1:{MON.isoformat()}:1"
    today = MON + timedelta(days=2)
    snoozed = {key: Decision(ActionState.SNOOZED, today + timedelta(days=2))}
    assert ActionKind.CHECK_IN not in kinds(run([app(promised=MON)], today=today,
                                                decisions=snoozed))
    assert ActionKind.CHECK_IN in kinds(run([app(promised=MON)], today=today + timedelta(3),
                                            decisions=snoozed))
    dismissed = {key: Decision(ActionState.DISMISSED)}
    assert ActionKind.CHECK_IN not in kinds(run([app(promised=MON)], today=today,
                                                decisions=dismissed))


def test_archived_application_gets_nothing():
    archived = app(promised=MON, archived=True, updated=MON - timedelta(days=40))
    ps = run([archived], [log(1, MON - timedelta(days=40), InteractionKind.REJECTION,
                              Direction.INCOMING)], [interview(1, MON)], today=MON + timedelta(9))
    assert kinds(ps) == []


# ---- properties ---------------------------------------------------------------------------
stages = st.sampled_from(list(Stage))
days = st.integers(min_value=-60, max_value=60).map(lambda n: MON + timedelta(days=n))


@st.composite
def snapshots(draw):
    n = draw(st.integers(min_value=0, max_value=8))
    apps = [app(i + 1, draw(stages), draw(st.none() | days), draw(days),
                cid=draw(st.integers(1, 3)), archived=draw(st.booleans()))
            for i in range(n)]
    interactions = [log(draw(st.integers(1, max(n, 1))), draw(days),
                        draw(st.sampled_from(list(InteractionKind))),
                        draw(st.sampled_from(list(Direction))))
                    for _ in range(draw(st.integers(0, 15)))]
    events = [interview(draw(st.integers(1, max(n, 1))), draw(days))
              for _ in range(draw(st.integers(0, 4)))]
    comps = [company(c, f"C{c}", draw(st.sampled_from(list(CompanyStatus)))) for c in (1, 2, 3)]
    return Snapshot(applications=apps, interactions=interactions, events=events,
                    companies=comps)


CLOSED = {Stage.ACCEPTED, Stage.WITHDRAWN, Stage.NO_RESPONSE}


@settings(max_examples=150, deadline=None)
@given(snapshots(), days)
def test_no_proposal_for_archived_or_closed_and_each_has_reason_and_due(snap, today):
    by_id = {a.id: a for a in snap.applications}
    for p in propose(snap, today):
        assert p.reason.strip() and p.title.strip()
        assert isinstance(p.due, date)
        if p.application_id is not None:
            target = by_id[p.application_id]
            assert target.archived_at is None
            assert target.stage not in CLOSED
            if target.stage == Stage.REJECTED:
                assert p.kind == ActionKind.REJECTION_REPLY
