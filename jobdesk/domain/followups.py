"""The follow-up engine: given the records and today's date, what should the job seeker do
next, and why. Pure Python (no Qt, no database); every number is a setting.

The defaults follow recruiters' advice:
- after an interview, send a thank-you within 24 hours;
- when a promised answer date has passed, check in one business day later; without an answer,
  check in again about a week later; after three unanswered check-ins, mark the application
  "no response" and move on. An answer from the company (any incoming interaction) resets the
  chase;
- an active application with no activity for a while: review it;
- a rejection: reply graciously and ask for feedback;
- an offer with a deadline: decide before it and tell the other companies in play;
- fewer than five active applications, or all of them at one company: line up the next target.

An application is *closed* for these rules when it is archived, accepted, withdrawn, marked
"no response", or rejected and already answered; closed applications get no proposals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from jobdesk.domain.dates import add_business_days
from jobdesk.domain.enums import (
    ACTIVE_STAGES,
    ActionState,
    CompanyStatus,
    Direction,
    EventKind,
    InteractionKind,
    Stage,
)
from jobdesk.domain.rows import ApplicationRow, CompanyRow, EventRow, InteractionRow


class ActionKind(StrEnum):
    THANK_YOU = "thank_you"
    CHECK_IN = "check_in"
    MOVE_ON = "move_on"
    REVIEW = "review"
    REJECTION_REPLY = "rejection_reply"
    OFFER_DECISION = "offer_decision"
    NEXT_TARGET = "next_target"


class Urgency(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    LATER = "later"


@dataclass(frozen=True)
class FollowUpSettings:
    thank_you_within_days: int = 1
    thank_you_window_days: int = 10  # older interviews are not chased for a thank-you
    check_in_after_business_days: int = 1
    check_in_again_after_days: int = 7
    max_follow_ups: int = 3
    review_after_days: int = 14
    rejection_reply_window_days: int = 30
    offer_decide_days_before: int = 2
    min_active_applications: int = 5
    soon_days: int = 3
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("thank_you_within_days", "check_in_after_business_days",
                     "check_in_again_after_days", "max_follow_ups", "review_after_days",
                     "min_active_applications"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass(frozen=True)
class Decision:
    """What the user did with an action: snoozed until a date, dismissed, or done."""

    state: ActionState
    until: date | None = None


@dataclass(slots=True)  # not frozen: a frozen init is 3x slower at 40,000 proposals
class Proposal:
    key: str  # stable: the same situation gives the same key (snooze/dismiss refer to it)
    kind: ActionKind
    due: date
    reason: str
    title: str
    application_id: int | None = None
    company_id: int | None = None
    contact_id: int | None = None
    template_key: str | None = None
    suggestions: tuple[str, ...] = ()

    def urgency(self, today: date, soon_days: int = 3) -> Urgency:
        if self.due < today:
            return Urgency.OVERDUE
        if self.due == today:
            return Urgency.TODAY
        if self.due <= today + timedelta(days=soon_days):
            return Urgency.SOON
        return Urgency.LATER


@dataclass
class Snapshot:
    """The records the rules read. Interactions and events may include any application's;
    archived rows are allowed and ignored."""

    applications: Sequence[ApplicationRow]
    interactions: Iterable[InteractionRow] = ()
    events: Iterable[EventRow] = ()
    companies: Sequence[CompanyRow] = ()
    decisions: Mapping[str, Decision] = field(default_factory=dict)


CLOSED_STAGES = frozenset({Stage.ACCEPTED, Stage.WITHDRAWN, Stage.NO_RESPONSE})
_CHASE_KINDS = frozenset({InteractionKind.FOLLOW_UP, InteractionKind.EMAIL,
                          InteractionKind.CALL})


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fmt(day: date) -> str:
    """'Mon 2 Mar' (English, like the rest of the text; strftime is 10x slower)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


class _Local:
    """Calendar day of an instant in the user's zone (UTC takes the fast path)."""

    def __init__(self, tz: tzinfo):
        self.tz = tz
        # UTC: the C-level datetime.date() (no Python frame per call)
        self.day = datetime.date if tz is UTC else self._zoned_day

    def _zoned_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()



class _Trail:
    """What the rules need from the log, per application, gathered in one pass: maxima and
    short lists instead of every entry (no per-application sorting or scanning)."""

    def __init__(self, interactions: Iterable[InteractionRow],
                 chased: set[int]) -> None:
        self.last_any: dict[int, datetime] = {}
        self.last_in: dict[int, datetime] = {}  # incoming, stage moves excluded
        self.last_out: dict[int, datetime] = {}
        self.last_thanks: dict[int, datetime] = {}
        self.interviews: dict[int, list[datetime]] = defaultdict(list)
        self.rejection: dict[int, InteractionRow] = {}
        self.chase_out: dict[int, list[datetime]] = defaultdict(list)  # only for ``chased``
        incoming, outgoing = Direction.INCOMING, Direction.OUTGOING
        interview, thank_you = InteractionKind.INTERVIEW, InteractionKind.THANK_YOU
        rejection, stage_change = InteractionKind.REJECTION, InteractionKind.STAGE_CHANGE
        last_any, last_in, last_out = self.last_any, self.last_in, self.last_out
        for item in interactions:
            aid = item.application_id
            if aid is None or item.archived_at is not None:
                continue
            when = item.occurred_at
            seen = last_any.get(aid)
            if seen is None or when > seen:
                last_any[aid] = when
            kind, direction = item.kind, item.direction
            if direction is incoming:
                if kind is not stage_change:
                    seen = last_in.get(aid)
                    if seen is None or when > seen:
                        last_in[aid] = when
                if kind is rejection:
                    seen_row = self.rejection.get(aid)
                    if seen_row is None or when > seen_row.occurred_at:
                        self.rejection[aid] = item
            elif direction is outgoing:
                seen = last_out.get(aid)
                if seen is None or when > seen:
                    last_out[aid] = when
                if kind is thank_you:
                    seen = self.last_thanks.get(aid)
                    if seen is None or when > seen:
                        self.last_thanks[aid] = when
                if aid in chased and kind in _CHASE_KINDS:
                    self.chase_out[aid].append(when)
            if kind is interview:
                self.interviews[aid].append(when)
            elif kind is rejection and direction is not incoming:
                seen_row = self.rejection.get(aid)
                if seen_row is None or when > seen_row.occurred_at:
                    self.rejection[aid] = item


def propose(snapshot: Snapshot, today: date, settings: FollowUpSettings | None = None,
            tz: tzinfo = UTC) -> list[Proposal]:
    """All proposals that are not snoozed or dismissed, sorted by due date."""
    cfg = settings or FollowUpSettings()
    local = _Local(tz)
    companies = {c.id: c for c in snapshot.companies}
    live = [a for a in snapshot.applications if a.archived_at is None]
    chased = {a.id for a in live if a.response_promised_on is not None
              and today > a.response_promised_on and a.stage not in CLOSED_STAGES}
    trail = _Trail(snapshot.interactions, chased)
    interviews: dict[int, list[EventRow]] = defaultdict(list)
    offer_deadlines: dict[int, list[EventRow]] = defaultdict(list)
    for event in snapshot.events:
        if event.archived_at is not None:
            continue
        if event.kind == EventKind.INTERVIEW:
            interviews[event.application_id].append(event)
        elif event.kind == EventKind.OFFER_DEADLINE:
            offer_deadlines[event.application_id].append(event)

    active = [a for a in live if a.stage in ACTIVE_STAGES]
    # (company id, name) of every company with an active application, sorted by name
    active_companies = sorted({a.company_id: a.company_name for a in active}.items(),
                              key=lambda pair: pair[1].casefold())
    proposals: list[Proposal] = []
    for app in live:
        stage = app.stage
        if stage in CLOSED_STAGES:
            continue
        if stage is Stage.REJECTED:
            proposal = _rejection(app, trail, today, cfg, local)
            if proposal:
                proposals.append(proposal)
            continue
        chase = _chase(app, trail, today, cfg, local) if app.id in chased else ()
        proposals.extend(chase)
        booked = interviews.get(app.id, ())
        if booked or app.id in trail.interviews:
            thanks = _thank_you(app, trail, booked, today, cfg, local)
            if thanks:
                proposals.append(thanks)
        if stage is Stage.OFFER:
            proposals.extend(_offer(app, offer_deadlines.get(app.id, ()), active_companies,
                                    today, cfg, local))
        if stage in ACTIVE_STAGES and not chase:
            review = _review(app, trail, today, cfg, local)
            if review:
                proposals.append(review)
    target = _next_target(active, companies, today, cfg)
    if target:
        proposals.append(target)

    decisions = snapshot.decisions
    visible = []
    for p in proposals:
        decision = decisions.get(p.key) if decisions else None
        if decision is not None:
            if decision.state in (ActionState.DISMISSED, ActionState.DONE):
                continue
            if decision.state == ActionState.SNOOZED and decision.until and today < decision.until:
                continue
        visible.append(p)
    visible.sort(key=_order)
    return visible


def _order(p: Proposal) -> tuple:
    return (p.due, p.kind, p.key)


def _who(app: ApplicationRow) -> str:
    return f"{app.job_title} at {app.company_name}"


def _thank_you(app, trail: _Trail, events, today, cfg, local) -> Proposal | None:
    moments = [(e.ends_at or e.starts_at, e) for e in events if (e.ends_at or e.starts_at)]
    moments += [(m, None) for m in trail.interviews.get(app.id, ())]
    past = [(m, e) for m, e in moments if local.day(m) <= today]
    if not past:
        return None
    moment, event = max(past, key=lambda pair: pair[0])
    day = local.day(moment)
    if (today - day).days > cfg.thank_you_window_days:
        return None
    thanked = trail.last_thanks.get(app.id)
    if thanked is not None and thanked >= moment - timedelta(hours=12):
        return None
    contact = event.interviewer_ids[0] if event and event.interviewer_ids else None
    return Proposal(
        key=f"thank_you:{app.id}:{day.isoformat()}", kind=ActionKind.THANK_YOU,
        due=day + timedelta(days=cfg.thank_you_within_days),
        title=f"Send a thank-you: {_who(app)}",
        reason=(f"You interviewed on {_fmt(day)}. A short thank-you within 24 hours that "
                "restates why you fit keeps you in mind."),
        application_id=app.id, company_id=app.company_id, contact_id=contact,
        template_key="thank_you")


def _chase(app, trail: _Trail, today, cfg, local) -> list[Proposal]:
    promised = app.response_promised_on
    if promised is None or today <= promised:
        return []
    start = promised
    answered = trail.last_in.get(app.id)
    if answered is not None and local.day(answered) >= start:
        return []  # the company answered: the chase is reset
    follow_ups = [day for day in map(local.day, trail.chase_out.get(app.id, ())) if day > start]
    sent = len(follow_ups)
    if sent >= cfg.max_follow_ups:
        last = max(follow_ups)
        return [Proposal(
            key=f"move_on:{app.id}:{promised.isoformat()}", kind=ActionKind.MOVE_ON,
            due=last + timedelta(days=cfg.check_in_again_after_days),
            title=f"Move on: {_who(app)}",
            reason=(f"They promised an answer by {_fmt(promised)} and {sent} check-ins went "
                    "unanswered. Mark it 'no response', keep the contact warm, and put the "
                    "energy into your next target."),
            application_id=app.id, company_id=app.company_id)]
    if sent == 0:
        due = add_business_days(promised, cfg.check_in_after_business_days, cfg.holidays)
        reason = (f"They said you would hear by {_fmt(promised)} and you have not. Check in "
                  "one business day later: short, friendly, restating your interest.")
        template = "check_in"
    else:
        last = max(follow_ups)
        due = last + timedelta(days=cfg.check_in_again_after_days)
        reason = (f"No answer to your check-in of {_fmt(last)}. Check in again about a week "
                  f"later ({sent} of {cfg.max_follow_ups} sent).")
        template = "second_check_in"
    return [Proposal(
        key=f"check_in:{app.id}:{promised.isoformat()}:{sent + 1}", kind=ActionKind.CHECK_IN,
        due=due, title=f"Check in #{sent + 1}: {_who(app)}", reason=reason,
        application_id=app.id, company_id=app.company_id, template_key=template)]


def _last_activity(app, trail: _Trail, local) -> date:
    last = max(local.day(app.updated_at), local.day(app.created_at))
    if app.applied_on and app.applied_on > last:
        last = app.applied_on
    logged = trail.last_any.get(app.id)
    if logged is not None:
        day = local.day(logged)
        if day > last:
            last = day
    return last


def _review(app, trail: _Trail, today, cfg, local) -> Proposal | None:
    last = _last_activity(app, trail, local)
    idle = (today - last).days
    if idle < cfg.review_after_days:
        return None
    return Proposal(
        key=f"review:{app.id}:{last.isoformat()}", kind=ActionKind.REVIEW,
        due=last + timedelta(days=cfg.review_after_days),
        title=f"Review: {_who(app)}",
        reason=(f"Nothing has happened for {idle} days (last activity {_fmt(last)}). "
                "Follow up, find a contact there, or close it and move on."),
        application_id=app.id, company_id=app.company_id)


def _rejection(app, trail: _Trail, today, cfg, local) -> Proposal | None:
    latest = trail.rejection.get(app.id)
    moment = latest.occurred_at if latest else app.updated_at
    day = local.day(moment)
    if (today - day).days > cfg.rejection_reply_window_days:
        return None
    replied = trail.last_out.get(app.id)
    if replied is not None and replied >= moment:
        return None
    contact = latest.contact_id if latest else None
    return Proposal(
        key=f"rejection_reply:{app.id}:{day.isoformat()}", kind=ActionKind.REJECTION_REPLY,
        due=add_business_days(day, 1, cfg.holidays),
        title=f"Reply graciously: {_who(app)}",
        reason=("A rejection is not the end of the relationship. Thank them, ask to be kept in "
                "mind for future roles, and ask what would have made you a stronger candidate."),
        application_id=app.id, company_id=app.company_id, contact_id=contact,
        template_key="rejection_reply")


def _offer(app, deadlines, active_companies, today, cfg, local) -> list[Proposal]:
    upcoming = [day for day in (local.day(e.starts_at) for e in deadlines) if day >= today]
    if not upcoming:
        return []
    deadline = min(upcoming)
    others = [name for cid, name in active_companies if cid != app.company_id]
    shown = ", ".join(others[:8]) + (f" and {len(others) - 8} more" if len(others) > 8 else "")
    tell = (" Tell the other companies in play that you have an offer: "
            + shown + ".") if others else ""
    return [Proposal(
        key=f"offer_decision:{app.id}:{deadline.isoformat()}", kind=ActionKind.OFFER_DECISION,
        due=max(today, deadline - timedelta(days=cfg.offer_decide_days_before)),
        title=f"Decide on the offer: {_who(app)}",
        reason=f"The offer expires on {_fmt(deadline)}. Decide before then.{tell}",
        application_id=app.id, company_id=app.company_id, template_key="accept_offer",
        suggestions=tuple(others[:8]))]


def _next_target(active, companies, today, cfg) -> Proposal | None:
    at = {a.company_id for a in active}
    few = len(active) < cfg.min_active_applications
    one_basket = len(active) > 0 and len(at) == 1
    if not (few or one_basket):
        return None
    open_at = at
    targets = sorted(c.name for c in companies.values()
                     if c.archived_at is None and c.status == CompanyStatus.TARGET
                     and c.id not in open_at)
    if few:
        reason = (f"Only {len(active)} active application{'s' if len(active) != 1 else ''}; "
                  f"keep at least {cfg.min_active_applications} going so one silence does not "
                  "stall your search.")
    else:
        reason = "All your active applications are at one company. Line up the next target."
    if targets:
        reason += " Target companies with nothing open: " + ", ".join(targets[:5]) + "."
    week = today.isocalendar()
    return Proposal(
        key=f"next_target:{week.year}-W{week.week:02d}", kind=ActionKind.NEXT_TARGET,
        due=today, title="Line up the next target", reason=reason,
        template_key="referral_request", suggestions=tuple(targets[:5]))


# ---- pipeline health --------------------------------------------------------------------

@dataclass(frozen=True)
class SourceRate:
    source: str
    applied: int
    answered: int

    @property
    def rate(self) -> float:
        return self.answered / self.applied if self.applied else 0.0


@dataclass(frozen=True)
class Courtesy:
    """How a company treats candidates: how often it answered, and how fast."""

    company_id: int
    company_name: str
    applied: int
    answered: int
    median_days_to_answer: float | None

    @property
    def rate(self) -> float:
        return self.answered / self.applied if self.applied else 0.0


@dataclass(frozen=True)
class Health:
    active: int
    interviews_this_week: int
    answers_pending: int
    by_source: tuple[SourceRate, ...]
    courtesy: tuple[Courtesy, ...]


_ANSWERED_STAGES = frozenset({Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER,
                              Stage.ACCEPTED, Stage.REJECTED})


def pipeline_health(snapshot: Snapshot, today: date, tz: tzinfo = UTC) -> Health:
    """Active applications, interviews this week, answers pending, response rate by source
    and the company courtesy ledger. An application counts as *answered* when the company
    wrote or called (an incoming interaction) or moved it past "applied"."""
    local = _Local(tz)
    live = [a for a in snapshot.applications if a.archived_at is None]
    first_answer: dict[int, datetime] = {}
    last_direction: dict[int, tuple[datetime, Direction]] = {}
    for item in snapshot.interactions:
        if item.archived_at is not None or item.application_id is None:
            continue
        if item.kind is InteractionKind.STAGE_CHANGE or item.direction is Direction.INTERNAL:
            continue
        aid = item.application_id
        if item.direction is Direction.INCOMING:
            seen = first_answer.get(aid)
            if seen is None or item.occurred_at < seen:
                first_answer[aid] = item.occurred_at
        latest = last_direction.get(aid)
        if latest is None or item.occurred_at > latest[0]:
            last_direction[aid] = (item.occurred_at, item.direction)
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=7)
    live_ids = {a.id for a in live}
    interviews = sum(
        1 for e in snapshot.events
        if e.archived_at is None and e.kind == EventKind.INTERVIEW
        and e.application_id in live_ids and week_start <= local.day(e.starts_at) < week_end)
    active = [a for a in live if a.stage in ACTIVE_STAGES]
    pending = sum(1 for a in active
                  if a.id not in last_direction or last_direction[a.id][1] is Direction.OUTGOING)
    sources: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    companies: dict[int, list] = {}
    for a in live:
        if a.stage is Stage.INTERESTED:
            continue
        answered = a.id in first_answer or a.stage in _ANSWERED_STAGES
        counts = sources[a.source.label]
        counts[0] += 1
        counts[1] += answered
        entry = companies.setdefault(a.company_id, [a.company_name, 0, 0, []])
        entry[1] += 1
        entry[2] += answered
        if a.id in first_answer and a.applied_on:
            days = (local.day(first_answer[a.id]) - a.applied_on).days
            if days >= 0:
                entry[3].append(days)
    by_source = tuple(sorted((SourceRate(k, v[0], v[1]) for k, v in sources.items()),
                             key=lambda r: (-r.rate, r.source)))
    ledger = []
    for cid, (name, applied, answered, delays) in companies.items():
        delays.sort()
        median = None
        if delays:
            mid = len(delays) // 2
            median = float(delays[mid]) if len(delays) % 2 else (delays[mid - 1] + delays[mid]) / 2
        ledger.append(Courtesy(cid, name, applied, answered, median))
    ledger.sort(key=lambda c: (-c.rate, c.median_days_to_answer or 1e9, c.company_name))
    return Health(len(active), interviews, pending, by_source, tuple(ledger))
