"""Pipeline health: active applications, interviews this week, answers pending, response
rate by source and the company courtesy ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

from jobdesk.domain.enums import ACTIVE_STAGES, EventKind, Source, Stage
from jobdesk.domain.followups.digest import _FIRST_IN, _IN, _OUT_EXT, _Calendar, _iso_date
from jobdesk.domain.followups.rules import Snapshot

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
