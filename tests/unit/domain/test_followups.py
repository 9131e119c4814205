"""The follow-up rules, each with a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_followups import reference, reference_health

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
    LogDigest,
    Snapshot,
    Urgency,
    pipeline_health,
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


def test_next_target_on_an_empty_search_reads_as_a_start():
    [p] = propose(Snapshot(applications=[], companies=[]), MON)
    assert p.kind == ActionKind.NEXT_TARGET
    assert p.reason.startswith("No active applications yet; keep at least 5 going")
    [one] = [p for p in propose(Snapshot(applications=[app(1, Stage.APPLIED, cid=1)],
                                         companies=[company(1)]), MON)
             if p.kind == ActionKind.NEXT_TARGET]
    assert one.reason.startswith("Only 1 active application; ")


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


# ---- the engine agrees with the plain reference, in any time zone ---------------------------
ZONES = [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles"),
         ZoneInfo("Pacific/Auckland")]
hours = st.integers(min_value=0, max_value=23)
TODAY = MON + timedelta(days=20)  # the US and Europe change their clocks within 30 days of it
# days around TODAY, often exactly at a rule's boundary (14 idle days, 10 and 30 day windows)
near = (st.integers(min_value=-40, max_value=8)
        | st.sampled_from([-31, -30, -29, -15, -14, -13, -11, -10, -9, -2, -1, 0, 1])
        ).map(lambda n: TODAY + timedelta(days=n))


@st.composite
def timed_snapshots(draw):
    """Like ``snapshots`` but with entries at any hour (so the zone decides the day), dates
    near the rules' boundaries, company answers, rejections with contacts, offers with
    deadlines and interviewers."""
    days = near
    n = draw(st.integers(min_value=1, max_value=7))
    apps = []
    for i in range(n):
        updated = datetime.combine(draw(days), time(draw(hours)), UTC)
        apps.append(ApplicationRow(
            i + 1, draw(st.integers(1, 3)), "Acme", "Analyst", "",
            draw(st.sampled_from(list(Source))), None,
            draw(stages), draw(st.none() | days), draw(st.none() | days), "", "",
            updated - timedelta(days=draw(st.integers(0, 5))), updated,
            at(MON) if draw(st.integers(0, 5)) == 0 else None))
    interactions = [
        InteractionRow(next(_ids), draw(st.integers(1, n)), 1,
                       draw(st.none() | st.integers(1, 4)),
                       draw(st.sampled_from(list(InteractionKind))),
                       draw(st.sampled_from(list(Direction))),
                       datetime.combine(draw(days), time(draw(hours), draw(st.sampled_from(
                           [0, 30]))), UTC), "s", "", at(MON),
                       at(MON) if draw(st.integers(0, 9)) == 0 else None)
        for _ in range(draw(st.integers(0, 3 * n)))]
    events = []
    for _ in range(draw(st.integers(0, 5))):
        start = datetime.combine(draw(days), time(draw(hours)), UTC)
        events.append(EventRow(
            next(_ids), draw(st.integers(1, n)),
            draw(st.sampled_from([EventKind.INTERVIEW, EventKind.OFFER_DEADLINE])), "", start,
            draw(st.none() | st.just(start + timedelta(hours=1))), "UTC", False, "", "", "",
            "x@y", tuple(draw(st.lists(st.integers(1, 4), max_size=2))), start, start,
            at(MON) if draw(st.integers(0, 9)) == 0 else None))
    comps = [company(c, f"C{c}", draw(st.sampled_from(list(CompanyStatus)))) for c in (1, 2, 3)]
    return Snapshot(applications=apps, interactions=interactions, events=events,
                    companies=comps)


@settings(max_examples=300, deadline=None)
@given(timed_snapshots(), st.just(TODAY) | near, st.sampled_from(ZONES), st.integers(0, 6),
       st.frozensets(near, max_size=3))
def test_engine_agrees_with_the_reference(snap, today, tz, min_active, holidays):
    cfg = FollowUpSettings(min_active_applications=min_active, holidays=holidays)
    got = propose(snap, today, cfg, tz)
    assert {(p.key, p.kind.value, p.due, p.application_id, p.contact_id, p.template_key)
            for p in got} == reference(snap, today, cfg, tz)
    assert len({p.key for p in got}) == len(got)
    assert [p.due for p in got] == sorted(p.due for p in got)
    for p in got:
        assert p.title.strip() and p.reason.strip()
        if p.application_id is not None:
            assert p.company_id == p.application.company_id


@settings(max_examples=200, deadline=None)
@given(timed_snapshots(), st.just(TODAY) | near, st.sampled_from(ZONES))
def test_health_agrees_with_the_reference(snap, today, tz):
    health = pipeline_health(snap, today, tz)
    active, interviews, pending, by_source, courtesy = reference_health(snap, today, tz)
    assert (health.active, health.interviews_this_week, health.answers_pending) == (
        active, interviews, pending)
    assert sorted((r.source, r.applied, r.answered) for r in health.by_source) == by_source
    assert sorted((c.company_id, c.company_name, c.applied, c.answered,
                   c.median_days_to_answer) for c in health.courtesy) == courtesy


@settings(max_examples=100, deadline=None)
@given(timed_snapshots())
def test_digest_updates_match_a_fresh_digest(snap):
    log = list(snap.interactions)
    digest = LogDigest.from_log(log[: len(log) // 2])
    changed = {i.application_id for i in log[len(log) // 2:]}
    digest.replace(changed, LogDigest.from_log(i for i in log if i.application_id in changed))
    assert digest == LogDigest.from_log(log)


def local(day: date, tz, hour: int, minute: int = 30) -> datetime:
    """An instant at a local wall-clock time, in UTC (as rows hold it)."""
    return datetime.combine(day, time(hour, minute), tz).astimezone(UTC)


@pytest.mark.parametrize("tz", ZONES, ids=str)
@pytest.mark.parametrize("hour", [0, 23])  # just after and just before local midnight
def test_every_day_boundary_is_the_local_one(tz, hour):
    today = TODAY
    cfg = FollowUpSettings(min_active_applications=0)

    def kinds_for(application, interactions=(), events=()):
        snap = Snapshot([application], interactions, events)
        return {p.kind for p in propose(snap, today, cfg, tz)}

    def applied(days_ago: int, **changes) -> ApplicationRow:
        moment = local(today - timedelta(days=days_ago), tz, hour)
        return replace(app(1, Stage.APPLIED), created_at=moment, updated_at=moment,
                       applied_on=None, **changes)

    def entry(days_ago: int, kind, direction, aid: int = 1) -> InteractionRow:
        moment = local(today - timedelta(days=days_ago), tz, hour)
        return InteractionRow(next(_ids), aid, 1, None, kind, direction, moment, "s", "",
                              moment)

    # review: idle for exactly 14 local days, not 13; named after the local day
    [review] = [p for p in propose(Snapshot([applied(14)]), today, cfg, tz)
                if p.kind == ActionKind.REVIEW]
    assert review.key == f"review:1:{(today - timedelta(days=14)).isoformat()}"
    assert review.due == today and "14 days" in review.reason
    assert ActionKind.REVIEW not in kinds_for(applied(13))
    assert ActionKind.REVIEW not in kinds_for(
        applied(20), [entry(13, InteractionKind.NOTE, Direction.INTERNAL)])
    # thank-you: an interview 10 local days ago still counts, 11 days ago it does not
    for days_ago, expected in ((10, True), (11, False)):
        logged = entry(days_ago, InteractionKind.INTERVIEW, Direction.INTERNAL)
        thanks = [p for p in propose(Snapshot([applied(0)], [logged]), today, cfg, tz)
                  if p.kind == ActionKind.THANK_YOU]
        assert bool(thanks) is expected
        assert [p.due for p in thanks] == [today - timedelta(days=9)] * expected
    # rejection: a reply is owed for 30 local days, not 31
    for days_ago, expected in ((30, True), (31, False)):
        no = entry(days_ago, InteractionKind.REJECTION, Direction.INCOMING)
        assert (ActionKind.REJECTION_REPLY in kinds_for(
            applied(40, stage=Stage.REJECTED), [no])) is expected
    # the chase: an answer on the promised day resets it, one the day before does not;
    # a check-in on the promised day is not counted, one the day after is
    promised = today - timedelta(days=5)
    waiting = applied(0, response_promised_on=promised)
    before = entry(6, InteractionKind.EMAIL, Direction.INCOMING)
    on_the_day = entry(5, InteractionKind.EMAIL, Direction.INCOMING)
    assert ActionKind.CHECK_IN in kinds_for(waiting, [before])
    assert ActionKind.CHECK_IN not in kinds_for(waiting, [on_the_day])
    for days_ago, number in ((5, 1), (4, 2)):
        sent = entry(days_ago, InteractionKind.FOLLOW_UP, Direction.OUTGOING)
        keys = [p.key for p in propose(Snapshot([waiting], [sent]), today, cfg, tz)
                if p.kind == ActionKind.CHECK_IN]
        assert keys == [f"check_in:1:{promised.isoformat()}:{number}"]
