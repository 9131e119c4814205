"""Frozen plain rows handed from services to the UI (never live ORM objects).

Slots keep 100,000 rows small; timestamps are aware UTC datetimes, calendar dates are dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from jobdesk.domain.enums import (
    CompanyStatus,
    Direction,
    EventKind,
    InteractionKind,
    Relationship,
    Source,
    Stage,
)


@dataclass(frozen=True, slots=True)
class CompanyRow:
    id: int
    name: str
    website: str
    industry: str
    location: str
    notes: str
    status: CompanyStatus
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None
    open_applications: int = 0


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    company_id: int | None
    company_name: str
    name: str
    title: str
    email: str
    phone: str
    profile_url: str
    relationship: Relationship
    notes: str
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    """An application as listed. The (possibly long) job description is fetched on demand."""

    id: int
    company_id: int
    company_name: str
    job_title: str
    posting_url: str
    source: Source
    referral_contact_id: int | None
    stage: Stage
    applied_on: date | None
    response_promised_on: date | None
    salary_range: str
    notes: str
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class InteractionRow:
    id: int
    application_id: int | None
    company_id: int | None
    contact_id: int | None
    kind: InteractionKind
    direction: Direction
    occurred_at: datetime
    summary: str
    body: str
    created_at: datetime
    archived_at: datetime | None = None
    contact_ids: tuple[int, ...] = ()  # whom it was with; ``contact_id`` is the first


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    application_id: int
    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime | None
    timezone: str
    all_day: bool
    location: str
    notes: str
    questions: str
    uid: str
    interviewer_ids: tuple[int, ...]
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None
