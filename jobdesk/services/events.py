"""Calendar events of an application: interviews, deadlines, follow-ups, offer deadlines."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import EventKind
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.rows import EventRow
from jobdesk.services import validation as v
from jobdesk.services.base import RecordService
from jobdesk.services.references import reference

UID_DOMAIN = "jobdesk.app"
_RESCHEDULING = ("starts_at", "ends_at", "all_day", "timezone", "location")


def _timezone(value: Any) -> str:
    name = str(value or "UTC").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "timezone", f"{name!r} is not a known time zone; use a name like Europe/Berlin"
        ) from None
    return name


def new_uid() -> str:
    return f"{uuid.uuid4()}@{UID_DOMAIN}"


class EventsService(RecordService[EventRow]):
    entity = Entity.EVENT
    required = ("application_id", "kind", "starts_at")

    def _validators(self):
        return {
            "application_id": reference(self.store, Entity.APPLICATION, "application_id",
                                        required=True),
            "kind": v.enum(EventKind, "kind"),
            "title": v.text("title", 300),
            "starts_at": v.instant("starts_at"),
            "ends_at": v.instant("ends_at", required=False),
            "timezone": _timezone,
            "all_day": v.boolean("all_day"),
            "location": v.text("location", 1000),
            "notes": v.text("notes", 100_000),
            "questions": v.text("questions", 100_000),
            "uid": v.text("uid", 300),
            "interviewer_ids": self._interviewers,
        }

    def _interviewers(self, value: Any) -> tuple[int, ...]:
        ids = tuple(int(x) for x in (value or ()))
        missing = set(ids) - self.store.existing_ids(Entity.CONTACT, ids)
        if missing:
            raise ValidationError(
                "interviewer_ids", f"contact #{min(missing)} does not exist; pick another")
        return ids

    def _load(self, ids: Iterable[int] | None, archived: bool | None) -> list[EventRow]:
        return self.store.event_rows(ids, archived=archived)

    def for_application(self, application_id: int) -> list[EventRow]:
        return self.store.event_rows(None, application_id=application_id)

    def between(self, start: datetime, end: datetime) -> list[EventRow]:
        return self.store.event_rows(None, starts_from=start, starts_before=end)

    def _check(self, record_id: int | None, clean: dict[str, Any]) -> None:
        starts = clean.get("starts_at")
        ends = clean.get("ends_at")
        if record_id is not None:
            if "starts_at" not in clean:
                starts = self.store.get_value(self.entity, record_id, "starts_at")
            if "ends_at" not in clean:
                ends = self.store.get_value(self.entity, record_id, "ends_at")
        if starts and ends and ends < starts:
            raise ValidationError(
                "ends_at", "the event ends before it starts; move the end after the start")
        if record_id is None and not clean.get("uid"):
            clean["uid"] = new_uid()
        if clean.get("uid"):
            holder = self.store.event_id_by_uid(clean["uid"])
            if holder is not None and holder != record_id:
                raise ValidationError("uid", f"event #{holder} already has this calendar UID")

    def _stored(self, clean: dict[str, Any]) -> dict[str, Any]:
        stored = {k: val for k, val in clean.items() if k != "interviewer_ids"}
        if "application_id" in stored:
            stored["application"] = stored.pop("application_id")
        return stored

    def _after_create(self, record_id: int, clean: dict[str, Any]) -> list[Changes]:
        if clean.get("interviewer_ids"):
            self.store.set_event_interviewers(record_id, clean["interviewer_ids"])
        return []

    def _after_update(self, record_id: int, before: dict[str, Any],
                      clean: dict[str, Any]) -> list[Changes]:
        if "interviewer_ids" in clean:
            self.store.set_event_interviewers(record_id, clean["interviewer_ids"])
        if any(before.get(k) != clean[k] for k in _RESCHEDULING if k in clean):
            # calendar programs take a higher SEQUENCE as "this invitation changed"
            sequence = self.store.get_value(self.entity, record_id, "sequence")
            self.store.update(self.entity, record_id, {"sequence": sequence + 1})
        return []

    def set_interviewers(self, event_id: int, contact_ids: Sequence[int]) -> EventRow:
        return self.update(event_id, interviewer_ids=contact_ids)
