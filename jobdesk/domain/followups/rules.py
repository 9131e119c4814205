"""The rules: the proposals, the records they are read from, and ``propose``."""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from operator import attrgetter

from jobdesk.domain.dates import add_business_days
from jobdesk.domain.enums import ACTIVE_STAGES, ActionState, CompanyStatus, EventKind, Stage
from jobdesk.domain.followups.digest import (
    _ANY,
    _CHASE,
    _IN,
    _INTERVIEWS,
    _OUT,
    _THANKS,
    LogDigest,
    _Calendar,
    _instants,
    _iso_date,
    instant_key,
    key_instant,
)
from jobdesk.domain.followups.settings import ActionKind, Decision, FollowUpSettings, Urgency
from jobdesk.domain.followups.texts import _TEXT
from jobdesk.domain.interviews import event_moment, later_interview
from jobdesk.domain.rows import ApplicationRow, CompanyRow, EventRow, InteractionRow

# ---- proposals ------------------------------------------------------------------------------

class Proposal:
    """One next action. Its key, title and reason are written when read (a run over 100,000
    applications builds 40,000 proposals; the window shows a few dozen at a time)."""

    __slots__ = ("_key", "application", "contact_id", "due", "facts", "kind")

    def __init__(self, kind: ActionKind, due: date, application: ApplicationRow | None = None,
                 contact_id: int | None = None, facts: tuple = (), key: str | None = None):
        self.kind = kind
        self.due = due
        self.application = application
        self.contact_id = contact_id
        self.facts = facts  # what the text is written from: the anchor date first, then counts
        self._key = key

    @property
    def key(self) -> str:
        """Stable: the same situation gives the same key (snooze and dismiss refer to it)."""
        key = self._key
        if key is None:
            key = f"{self.kind.value}:{self.application.id}:{self.facts[0].isoformat()}"
            if self.kind is ActionKind.CHECK_IN:
                key += f":{self.facts[1] + 1}"
            self._key = key
        return key

    @property
    def application_id(self) -> int | None:
        return self.application.id if self.application is not None else None

    @property
    def company_id(self) -> int | None:
        return self.application.company_id if self.application is not None else None

    @property
    def title(self) -> str:
        return _TEXT[self.kind](self)[0]

    @property
    def reason(self) -> str:
        return _TEXT[self.kind](self)[1]

    @property
    def template_key(self) -> str | None:
        if self.kind is ActionKind.CHECK_IN:
            return "check_in" if self.facts[1] == 0 else "second_check_in"
        return _TEMPLATES.get(self.kind)

    @property
    def suggestions(self) -> tuple[str, ...]:
        if self.kind is ActionKind.OFFER_DECISION:
            return self.facts[1].others(self.application.company_id)[:8]
        if self.kind is ActionKind.NEXT_TARGET:
            return self.facts[1][:5]
        return ()

    def urgency(self, today: date, soon_days: int = 3) -> Urgency:
        if self.due < today:
            return Urgency.OVERDUE
        if self.due == today:
            return Urgency.TODAY
        if self.due <= today + timedelta(days=soon_days):
            return Urgency.SOON
        return Urgency.LATER

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Proposal):
            return NotImplemented
        return (self.key, self.due, self.application, self.contact_id, self.facts) == (
            other.key, other.due, other.application, other.contact_id, other.facts)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Proposal({self.key!r}, due={self.due.isoformat()})"

_TEMPLATES = {ActionKind.THANK_YOU: "thank_you", ActionKind.REJECTION_REPLY: "rejection_reply",
              ActionKind.OFFER_DECISION: "accept_offer",
              ActionKind.NEXT_TARGET: "referral_request"}


@dataclass
class Snapshot:
    """The records the rules read. Interactions and events may include any application's;
    archived rows are allowed and ignored. ``digest``, when given, stands for the log (the
    database computes it); otherwise it is computed from ``interactions``.
    ``open_applications``: the applications the rules can act on (neither archived nor
    closed), when the caller keeps them apart as ``LiveSnapshot`` does; otherwise the rules
    pick them out of ``applications`` (a third of a large pipeline is usually closed)."""

    applications: Sequence[ApplicationRow]
    interactions: Iterable[InteractionRow] = ()
    events: Iterable[EventRow] = ()
    companies: Sequence[CompanyRow] = ()
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    digest: LogDigest | None = None
    open_applications: Sequence[ApplicationRow] | None = None

    def log_digest(self) -> LogDigest:
        return self.digest if self.digest is not None else LogDigest.from_log(self.interactions)

CLOSED_STAGES = frozenset({Stage.ACCEPTED, Stage.WITHDRAWN, Stage.NO_RESPONSE})


def propose(snapshot: Snapshot, today: date, settings: FollowUpSettings | None = None,
            tz: tzinfo = UTC) -> list[Proposal]:
    """All proposals that are not snoozed or dismissed, sorted by due date (on the same day,
    in the order of ``snapshot.applications``)."""
    # A run allocates tens of thousands of small objects and no reference cycles. Left on, the
    # cycle collector would run over a hundred times during it (and now and then walk the
    # whole heap, the previous run's proposals included): 50-150 ms at 100,000 applications.
    # Paused, it runs once afterwards over what is young.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _propose(snapshot, today, settings, tz)
    finally:
        if paused:
            gc.enable()


def _propose(snapshot: Snapshot, today: date, settings: FollowUpSettings | None,
             tz: tzinfo) -> list[Proposal]:
    cfg = settings or FollowUpSettings()
    cal = _Calendar(tz)
    digest = snapshot.log_digest()
    rows, rejections = digest.rows, digest.rejections

    # the boundaries every rule compares against
    one = timedelta(days=1)
    past_end = cal.start(today + one)  # anything before it happened on or before today
    past_end_key = cal.key(today + one)
    review_after = timedelta(days=cfg.review_after_days)
    idle_day = today - review_after
    idle_end, idle_end_key = cal.start(idle_day + one), cal.key(idle_day + one)
    thanks_day = today - timedelta(days=cfg.thank_you_window_days)
    thanks_from = cal.start(thanks_day)
    rejection_day = today - timedelta(days=cfg.rejection_reply_window_days)
    rejection_from, rejection_key = cal.start(rejection_day), cal.key(rejection_day)
    booked: dict[int, list[EventRow]] = defaultdict(list)
    deadlines: dict[int, list[EventRow]] = defaultdict(list)
    interview_kind, deadline_kind = EventKind.INTERVIEW, EventKind.OFFER_DEADLINE
    for event in snapshot.events:
        if event.archived_at is None:
            if event.kind is interview_kind:
                # only interviews that happened within the thank-you window can need one
                moment = event.ends_at or event.starts_at
                if moment is not None and thanks_from <= moment < past_end:
                    booked[event.application_id].append(event)
            elif event.kind is deadline_kind:
                deadlines[event.application_id].append(event)
    # applications whose latest interview may be recent enough for a thank-you
    thanks_key = cal.key(thanks_day)
    recent = {aid for aid, key in digest.last_interview.items() if key >= thanks_key}
    recent.update(booked)

    routes = _ROUTES
    review, day, key_day = ActionKind.REVIEW, cal.day, cal.key_day
    utc, days_seen = tz is UTC, {}
    proposals: list[Proposal] = []
    add = proposals.append
    active: list[ApplicationRow] = []
    add_active = active.append
    offers: list[ApplicationRow] = []
    promises: dict[date, _Promise] = {}
    again = timedelta(days=cfg.check_in_again_after_days)
    candidates = snapshot.open_applications
    for app in snapshot.applications if candidates is None else candidates:
        if app.archived_at is not None:
            continue
        route = routes[app.stage]
        if route is _CLOSED:
            continue
        aid = app.id
        if route is _REJECTED:  # owed a gracious reply while the rejection is recent
            latest = rejections.get(aid)
            if (latest[0] >= rejection_key if latest is not None
                    else app.updated_at >= rejection_from):
                reply = _rejection(app, rows.get(aid), latest, cal, cfg)
                if reply is not None:
                    add(reply)
            continue
        is_active = route is not _OPEN
        if is_active:
            add_active(app)
        chasing = False
        promised = app.response_promised_on
        if promised is not None and today > promised:
            bounds = promises.get(promised)
            if bounds is None:
                bounds = promises[promised] = _Promise(promised, cal, cfg)
            chase = _chase(app, rows.get(aid), promised, bounds, cal, cfg, again)
            if chase is not None:
                add(chase)
                chasing = True
        if aid in recent:
            thanks = _thank_you(app, rows.get(aid), booked.get(aid), past_end, past_end_key,
                                thanks_from, cal, cfg)
            if thanks is not None:
                add(thanks)
        if route is _OFFER and aid in deadlines:
            offers.append(app)
        # idle since before idle_day + 1 (checked on the row first: most rows stop here)
        if (is_active and not chasing and app.updated_at < idle_end
                and app.created_at < idle_end
                and (app.applied_on is None or app.applied_on <= idle_day)):
            row = rows.get(aid)
            logged = row[_ANY] if row is not None else None
            if logged is None or logged < idle_end_key:  # idle: review it (inlined: the
                moment = app.updated_at                   # commonest proposal by far)
                if app.created_at > moment:
                    moment = app.created_at
                last = day(moment)
                if app.applied_on is not None and app.applied_on > last:
                    last = app.applied_on
                if logged is not None:
                    if utc:  # the key's own date; many entries share one
                        logged_day = days_seen.get(logged[:10])
                        if logged_day is None:
                            logged_day = days_seen[logged[:10]] = _iso_date(logged[:10])
                    else:
                        logged_day = key_day(logged)
                    if logged_day > last:
                        last = logged_day
                add(Proposal(review, last + review_after, app, None, (last, today)))
    in_play = _InPlay(active)  # named and sorted only if an offer's text is read
    for app in offers:
        upcoming = [d for d in (cal.day(e.starts_at) for e in deadlines[app.id]) if d >= today]
        if upcoming:
            add(_offer(app, min(upcoming), in_play, today, cfg))
    target = _next_target(active, snapshot.companies, today, cfg)
    if target:
        add(target)

    decisions = snapshot.decisions
    if decisions:
        # only proposals about an application with a decision need their key written
        decided = _decided_applications(decisions)
        proposals = [p for p in proposals
                     if (p.application is not None and p.application.id not in decided)
                     or _visible(decisions.get(p.key), today)]
    proposals.sort(key=_ORDER)  # stable: ties keep the applications' order
    return proposals

_ORDER = attrgetter("due")
# what the loop does with each stage (one dictionary lookup instead of four tests)
_CLOSED, _REJECTED, _OPEN, _ACTIVE, _OFFER = range(5)
_ROUTES = {stage: _CLOSED if stage in CLOSED_STAGES else _REJECTED if stage is Stage.REJECTED
           else _OFFER if stage is Stage.OFFER else _ACTIVE if stage in ACTIVE_STAGES
           else _OPEN for stage in Stage}


def _decided_applications(decisions: Mapping[str, Decision]) -> set[int]:
    """The application ids named in decision keys ('kind:application id:...')."""
    found = set()
    for key in decisions:
        parts = key.split(":", 2)
        if len(parts) > 2 and parts[1].isdigit():
            found.add(int(parts[1]))
    return found


def _visible(decision: Decision | None, today: date) -> bool:
    if decision is None:
        return True
    if decision.state in (ActionState.DISMISSED, ActionState.DONE):
        return False
    return not (decision.state == ActionState.SNOOZED and decision.until
                and today < decision.until)


def _thank_you(app, row, events, past_end, past_end_key, thanks_from, cal: _Calendar,
               cfg) -> Proposal | None:
    """The latest interview that has happened (local day <= today), if recent and unthanked."""
    booked: tuple[datetime, EventRow] | None = None
    for e in events or ():
        m = event_moment(e)
        if m is not None and m < past_end and (booked is None or m > booked[0]):
            booked = (m, e)
    logged = _instants(row[_INTERVIEWS]) if row is not None else []
    latest = None
    if logged:
        at = bisect_left(logged, past_end_key)  # logged interviews before tomorrow
        if at:
            latest = key_instant(logged[at - 1])
    found = later_interview(booked, latest)  # the one notion of the last interview
    if found is None or found[0] < thanks_from:
        return None
    moment, event = found
    thanked = row[_THANKS] if row is not None else None
    if thanked is not None and thanked >= instant_key(moment - timedelta(hours=12)):
        return None
    day = cal.day(moment)
    contact = event.interviewer_ids[0] if event is not None and event.interviewer_ids else None
    return Proposal(ActionKind.THANK_YOU,
                    day + timedelta(days=cfg.thank_you_within_days), app, contact, (day,))


_CHECK_IN, _MOVE_ON = ActionKind.CHECK_IN, ActionKind.MOVE_ON  # (a global is read faster)


class _Promise:
    """What the chase compares against for one promised date (shared by every application
    promised an answer that day): the first instants of that day and of the next, and the
    first check-in's due date."""

    __slots__ = ("answered_from", "first_due", "sent_from")

    def __init__(self, promised: date, cal: _Calendar, cfg: FollowUpSettings):
        self.answered_from = cal.key(promised)
        self.sent_from = cal.key(promised + timedelta(days=1))
        self.first_due = add_business_days(promised, cfg.check_in_after_business_days,
                                           cfg.holidays)


def _chase(app, row, promised: date, bounds: _Promise, cal: _Calendar, cfg,
           again: timedelta) -> Proposal | None:
    sent_keys: list[str] = []
    if row is not None:
        answered = row[_IN]
        if answered is not None and answered >= bounds.answered_from:
            return None  # the company answered: the chase is reset
        if row[_CHASE] is not None:  # check-ins count from the day after the promised date
            since = bounds.sent_from
            sent_keys = [key for key in row[_CHASE].split(",") if key >= since]
    sent = len(sent_keys)
    if sent:
        last = cal.key_day(max(sent_keys))
        if sent >= cfg.max_follow_ups:
            return Proposal(_MOVE_ON, last + again, app, None, (promised, sent))
        return Proposal(_CHECK_IN, last + again, app, None,
                        (promised, sent, last, cfg.max_follow_ups))
    return Proposal(_CHECK_IN, bounds.first_due, app, None,
                    (promised, 0, None, cfg.max_follow_ups))


def _rejection(app, row, latest, cal: _Calendar, cfg) -> Proposal | None:
    """A recent rejection (checked by the caller) that we have not answered yet."""
    if latest is not None:
        key, contact = latest
        moment = key_instant(key)
    else:
        moment, contact, key = app.updated_at, None, None
    replied = row[_OUT] if row is not None else None
    if replied is not None and replied >= (key or instant_key(moment)):
        return None
    day = cal.day(moment)
    return Proposal(ActionKind.REJECTION_REPLY,
                    add_business_days(day, 1, cfg.holidays), app, contact, (day,))


class _InPlay:
    """The companies with an active application, named and sorted the first time an offer's
    text asks (sorting 40,000 names is 20 ms a run that nobody reads)."""

    __slots__ = ("_active", "_named")

    def __init__(self, active: list[ApplicationRow]):
        self._active = active
        self._named: list[tuple[int, str]] | None = None

    def others(self, company_id: int) -> tuple[str, ...]:
        """Names of the companies in play other than ``company_id``, sorted."""
        if self._named is None:
            self._named = sorted({a.company_id: a.company_name for a in self._active}.items(),
                                 key=lambda pair: pair[1].casefold())
        return tuple(name for cid, name in self._named if cid != company_id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _InPlay) and self.others(0) == other.others(0)

    __hash__ = None  # type: ignore[assignment]


def _offer(app, deadline: date, in_play: _InPlay, today, cfg) -> Proposal:
    return Proposal(ActionKind.OFFER_DECISION,
                    max(today, deadline - timedelta(days=cfg.offer_decide_days_before)), app,
                    None, (deadline, in_play))


def _next_target(active, companies, today, cfg) -> Proposal | None:
    few = len(active) < cfg.min_active_applications
    if not few:  # enough: but is more than one company involved?
        first = active[0].company_id if active else None
        if not active or any(a.company_id != first for a in active):
            return None
    at = {a.company_id for a in active}
    targets = tuple(sorted(c.name for c in companies
                           if c.archived_at is None and c.status == CompanyStatus.TARGET
                           and c.id not in at))
    if few:
        keep = (f"keep at least {cfg.min_active_applications} going so one silence does not "
                "stall your search.")
        reason = (f"No active applications yet; {keep}" if not active else
                  f"Only {len(active)} active application{'s' if len(active) != 1 else ''}; "
                  + keep)
    else:
        reason = "All your active applications are at one company. Line up the next target."
    if targets:
        reason += " Target companies with nothing open: " + ", ".join(targets[:5]) + "."
    week = today.isocalendar()
    return Proposal(ActionKind.NEXT_TARGET, today, None, None, (reason, targets),
                    key=f"next_target:{week.year}-W{week.week:02d}")
