"""Plain rows for note templates and the outbox (the composer's records)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jobdesk.domain.enums import InteractionKind, OutboxStatus


@dataclass(frozen=True, slots=True)
class TemplateRow:
    id: int
    key: str
    name: str
    kind: InteractionKind  # what a note made from it is logged as
    subject: str
    body: str
    builtin: bool  # shipped with JobDesk (can be restored to the original)
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    application_id: int | None
    contact_id: int | None
    template_key: str
    recipient: str
    subject: str
    body: str
    status: OutboxStatus
    error: str
    interaction_id: int | None
    created_at: datetime
    sent_at: datetime | None
