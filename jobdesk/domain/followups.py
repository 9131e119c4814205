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

How it stays fast at 100,000 applications: the log is read as a *digest* (per application, the
latest entry of each sort the rules ask about), which the database computes with one GROUP BY or
``LogDigest.from_log`` computes from rows; local-day conditions ("idle for 14 days") are turned
into comparisons against a few instants computed once per run; and a proposal's title and reason
are written only when something reads them.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from operator import attrgetter

from jobdesk.domain.dates import add_business_days
from jobdesk.domain.enums import (
    ACTIVE_STAGES,
    ActionState,
    CompanyStatus,
    Direction,
    EventKind,
    InteractionKind,
    Source,
    Stage,
)
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.interviews import event_moment, later_interview
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


#: The sensible range of every number in ``FollowUpSettings`` (inclusive); the settings
#: window's spin boxes use them and ``check_settings`` refuses anything outside.
SETTING_LIMITS: dict[str, tuple[int, int]] = {
    "thank_you_within_days": (0, 14),
    "thank_you_window_days": (1, 90),
    "check_in_after_business_days": (0, 30),
    "check_in_again_after_days": (1, 60),
    "max_follow_ups": (1, 10),
    "review_after_days": (1, 365),
    "rejection_reply_window_days": (1, 365),
    "offer_decide_days_before": (0, 60),
    "min_active_applications": (0, 100),
    "soon_days": (0, 30),
}


def check_settings(settings: FollowUpSettings) -> None:
    """Refuse a number outside ``SETTING_LIMITS`` or a holiday that is not a date."""
    for name, (low, high) in SETTING_LIMITS.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(name, f"{value!r} is not a whole number")
        if not low <= value <= high:
            raise ValidationError(name, f"{value} is out of range; use {low} to {high}")
    for day in settings.holidays:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError("holidays", f"{day!r} is not a date")


@dataclass(frozen=True)
class Decision:
    """What the user did with an action: snoozed until a date, dismissed, or done."""

    state: ActionState
    until: date | None = None


# ---- instants as sortable text --------------------------------------------------------------

def instant_key(moment: datetime) -> str:
    """An instant as sortable UTC text, 'YYYY-MM-DD HH:MM:SS[.ffffff]', the form SQLite stores:
    comparing two keys compares the instants, so a digest read from the database needs no
    conversion at all."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(sep=" ")


def key_instant(key: str) -> datetime:
    return datetime.fromisoformat(key).replace(tzinfo=UTC)


# ---- the log digest -------------------------------------------------------------------------

#: A digest row, per application: its id, then instant keys (None when there is none) of
#: the latest entry, the latest and the first incoming answer (stage moves excluded), the
#: latest outgoing entry, the latest outgoing one that is not a stage move, the latest
#: thank-you, the latest logged interview, then every logged interview and every outgoing
#: follow-up/e-mail/call as comma-separated keys.
DIGEST_COLUMNS = ("application_id", "last_any", "last_in", "first_in", "last_out",
                  "last_out_ext", "last_thanks", "last_interview", "interviews", "chase_out")
_ANY, _IN, _FIRST_IN, _OUT, _OUT_EXT, _THANKS, _LAST_INTERVIEW, _INTERVIEWS, _CHASE = range(1, 10)
CHASE_KINDS = frozenset({InteractionKind.FOLLOW_UP, InteractionKind.EMAIL,
                         InteractionKind.CALL})


def _instants(text: str | None) -> list[str]:
    return sorted(text.split(",")) if text else []


@dataclass
class LogDigest:
    """What the rules read from the log, per application (archived entries left out):
    ``rows`` maps an application id to its digest row (see ``DIGEST_COLUMNS``);
    ``rejections`` maps it to its latest rejection, either direction, as (key, contact id);
    ``last_interview`` maps the applications with a logged interview to the latest one's key
    (the thank-you rule looks only at those, without touching every digest row)."""

    rows: dict[int, tuple] = field(default_factory=dict)
    rejections: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    last_interview: dict[int, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple],
                  rejections: Iterable[tuple[int, str, int | None]]) -> LogDigest:
        """From the database's digest rows and (application id, key, contact id) rejections."""
        by_id = {row[0]: row for row in rows}
        return cls(by_id, {aid: (key, contact) for aid, key, contact in rejections},
                   {aid: row[_LAST_INTERVIEW] for aid, row in by_id.items()
                    if row[_LAST_INTERVIEW] is not None})

    @classmethod
    def from_log(cls, interactions: Iterable[InteractionRow]) -> LogDigest:
        """The same digest the database computes, from rows (one pass)."""
        entries: dict[int, list[InteractionRow]] = defaultdict(list)
        for item in interactions:
            if item.application_id is not None and item.archived_at is None:
                entries[item.application_id].append(item)
        digest = cls()
        incoming, outgoing = Direction.INCOMING, Direction.OUTGOING
        stage_change = InteractionKind.STAGE_CHANGE
        for aid, items in entries.items():
            keyed = [(instant_key(i.occurred_at), i) for i in items]
            answers = [k for k, i in keyed
                       if i.direction is incoming and i.kind is not stage_change]
            out = [(k, i) for k, i in keyed if i.direction is outgoing]
            out_ext = [k for k, i in out if i.kind is not stage_change]
            thanks = [k for k, i in out if i.kind is InteractionKind.THANK_YOU]
            interviews = [k for k, i in keyed if i.kind is InteractionKind.INTERVIEW]
            chase = [k for k, i in out if i.kind in CHASE_KINDS]
            digest.rows[aid] = (
                aid, max(k for k, _ in keyed), max(answers, default=None),
                min(answers, default=None), max((k for k, _ in out), default=None),
                max(out_ext, default=None), max(thanks, default=None),
                max(interviews, default=None), ",".join(sorted(interviews)) or None,
                ",".join(sorted(chase)) or None)
            if interviews:
                digest.last_interview[aid] = max(interviews)
            rejections = [(k, i.id, i.contact_id) for k, i in keyed
                          if i.kind is InteractionKind.REJECTION]
            if rejections:  # the latest; at the same instant, the last entered (as the database)
                latest = max(rejections, key=lambda entry: entry[:2])
                digest.rejections[aid] = (latest[0], latest[2])
        return digest

    def replace(self, application_ids: Iterable[int], fresh: LogDigest) -> None:
        """Take in a re-read digest of ``application_ids`` (those missing from it have no log)."""
        for aid in application_ids:
            self.rows.pop(aid, None)
            self.rejections.pop(aid, None)
            self.last_interview.pop(aid, None)
        self.rows.update(fresh.rows)
        self.rejections.update(fresh.rejections)
        self.last_interview.update(fresh.last_interview)


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

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fmt(day: date) -> str:
    """'Mon 2 Mar' (English, like the rest of the text; strftime is 10x slower)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


class _Calendar:
    """Local days and instants in the user's zone. "Local day of x <= d" is "x < start of
    d + 1", so each rule compares against a few boundaries computed once, not per row."""

    def __init__(self, tz: tzinfo):
        self.tz = tz
        self._starts: dict[date, datetime] = {}
        self._keys: dict[date, str] = {}
        if tz is UTC:  # rows hold UTC instants: their own date, with no Python frame per call
            self.day = datetime.date  # type: ignore[method-assign]

    def start(self, day: date) -> datetime:
        """The first instant of ``day`` in the zone, in UTC."""
        moment = self._starts.get(day)
        if moment is None:
            moment = datetime.combine(day, time(), tzinfo=self.tz).astimezone(UTC)
            self._starts[day] = moment
        return moment

    def key(self, day: date) -> str:
        text = self._keys.get(day)
        if text is None:
            text = self._keys[day] = instant_key(self.start(day))
        return text

    def day(self, moment: datetime) -> date:
        return moment.date() if self.tz is UTC else moment.astimezone(self.tz).date()

    def key_day(self, key: str) -> date:
        """The local day of an instant key."""
        if self.tz is UTC:
            return _iso_date(key[:10])
        return key_instant(key).astimezone(self.tz).date()


_iso_date = date.fromisoformat


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


def _who(app: ApplicationRow) -> str:
    return f"{app.job_title} at {app.company_name}"


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


# ---- the words --------------------------------------------------------------------------------

def _thank_you_text(p: Proposal) -> tuple[str, str]:
    (day,) = p.facts
    return (f"Send a thank-you: {_who(p.application)}",
            f"You interviewed on {_fmt(day)}. A short thank-you within 24 hours that restates "
            "why you fit keeps you in mind.")


def _check_in_text(p: Proposal) -> tuple[str, str]:
    promised, sent, last, most = p.facts
    if sent == 0:
        reason = (f"They said you would hear by {_fmt(promised)} and you have not. Check in "
                  "one business day later: short, friendly, restating your interest.")
    else:
        reason = (f"No answer to your check-in of {_fmt(last)}. Check in again about a week "
                  f"later ({sent} of {most} sent).")
    return f"Check in #{sent + 1}: {_who(p.application)}", reason


def _move_on_text(p: Proposal) -> tuple[str, str]:
    promised, sent = p.facts
    return (f"Move on: {_who(p.application)}",
            f"They promised an answer by {_fmt(promised)} and {sent} check-ins went unanswered. "
            "Mark it 'no response', keep the contact warm, and put the energy into your next "
            "target.")


def _review_text(p: Proposal) -> tuple[str, str]:
    last, today = p.facts
    idle = (today - last).days
    return (f"Review: {_who(p.application)}",
            f"Nothing has happened for {idle} days (last activity {_fmt(last)}). Follow up, "
            "find a contact there, or close it and move on.")


def _rejection_text(p: Proposal) -> tuple[str, str]:
    return (f"Reply graciously: {_who(p.application)}",
            "A rejection is not the end of the relationship. Thank them, ask to be kept in mind "
            "for future roles, and ask what would have made you a stronger candidate.")


def _offer_text(p: Proposal) -> tuple[str, str]:
    deadline, in_play = p.facts
    others = in_play.others(p.application.company_id)
    shown = ", ".join(others[:8]) + (f" and {len(others) - 8} more" if len(others) > 8 else "")
    tell = (" Tell the other companies in play that you have an offer: " + shown + "."
            ) if others else ""
    return (f"Decide on the offer: {_who(p.application)}",
            f"The offer expires on {_fmt(deadline)}. Decide before then.{tell}")


def _next_target_text(p: Proposal) -> tuple[str, str]:
    return "Line up the next target", p.facts[0]


_TEXT: dict[ActionKind, Callable[[Proposal], tuple[str, str]]] = {
    ActionKind.THANK_YOU: _thank_you_text, ActionKind.CHECK_IN: _check_in_text,
    ActionKind.MOVE_ON: _move_on_text, ActionKind.REVIEW: _review_text,
    ActionKind.REJECTION_REPLY: _rejection_text, ActionKind.OFFER_DECISION: _offer_text,
    ActionKind.NEXT_TARGET: _next_target_text,
}


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
    wrote or called (an incoming interaction) or moved it past "applied". An answer is
    pending when nothing was heard or our word came last (the same instant counts as heard)."""
    cal = _Calendar(tz)
    rows = snapshot.log_digest().rows
    live_ids = set()
    week_start = today - timedelta(days=today.weekday())
    week_from, week_to = cal.start(week_start), cal.start(week_start + timedelta(days=7))
    active = pending = 0
    sources: dict[Source, list[int]] = defaultdict(lambda: [0, 0])
    companies: dict[int, list] = {}
    interested, answered_stages, active_stages = Stage.INTERESTED, _ANSWERED_STAGES, ACTIVE_STAGES
    key_day = cal.key_day if tz is not UTC else None  # UTC: the key's own date, inline
    for a in snapshot.applications:  # one pass: each application's digest row is read once
        if a.archived_at is not None:
            continue
        live_ids.add(a.id)
        stage = a.stage
        if stage is interested:
            continue
        row = rows.get(a.id)
        first = row[_FIRST_IN] if row is not None else None
        if stage in active_stages:  # pending: the latest word (stage moves aside) was ours
            active += 1
            answer = row[_IN] if row is not None else None
            pending += answer is None or (row[_OUT_EXT] is not None and row[_OUT_EXT] > answer)
        answered = first is not None or stage in answered_stages
        counts = sources[a.source]
        counts[0] += 1
        counts[1] += answered
        entry = companies.get(a.company_id)
        if entry is None:
            entry = companies[a.company_id] = [a.company_name, 0, 0, []]
        entry[1] += 1
        entry[2] += answered
        if first is not None and a.applied_on:
            days = ((key_day(first) if key_day else _iso_date(first[:10])) - a.applied_on).days
            if days >= 0:
                entry[3].append(days)
    interviews = sum(
        1 for e in snapshot.events
        if e.archived_at is None and e.kind == EventKind.INTERVIEW
        and e.application_id in live_ids and week_from <= e.starts_at < week_to)
    by_source = tuple(sorted((SourceRate(k.label, v[0], v[1]) for k, v in sources.items()),
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
    return Health(active, interviews, pending, by_source, tuple(ledger))
