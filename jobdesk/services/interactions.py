"""The interaction log: every e-mail, call, interview and note, with names and dates."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Direction, InteractionKind
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.followups import LogDigest
from jobdesk.domain.rows import InteractionRow
from jobdesk.services import validation as v
from jobdesk.services.base import RecordService
from jobdesk.services.references import reference

_RENAMED = {"application_id": "application", "company_id": "company", "contact_id": "contact"}


class InteractionsService(RecordService[InteractionRow]):
    entity = Entity.INTERACTION
    required = ("kind", "direction", "occurred_at")
    has_updated_at = False

    def _validators(self):
        return {
            "application_id": reference(self.store, Entity.APPLICATION, "application_id",
                                        required=False),
            "company_id": reference(self.store, Entity.COMPANY, "company_id", required=False),
            "contact_id": reference(self.store, Entity.CONTACT, "contact_id", required=False),
            "kind": v.enum(InteractionKind, "kind"),
            "direction": v.enum(Direction, "direction"),
            "occurred_at": v.instant("occurred_at"),
            "summary": v.text("summary", 500),
            "body": v.text("body", 1_000_000),
            "contact_ids": self._contacts,
        }

    def _contacts(self, value: Any) -> tuple[int, ...]:
        ids = tuple(dict.fromkeys(int(x) for x in (value or ())))
        missing = set(ids) - self.store.existing_ids(Entity.CONTACT, ids)
        if missing:
            raise ValidationError(
                "contact_ids", f"contact #{min(missing)} does not exist; pick another")
        return ids

    def create(self, **values: Any) -> InteractionRow:
        values.setdefault("occurred_at", self.clock())
        return super().create(**values)

    def _load(self, ids: Iterable[int] | None, archived: bool | None) -> list[InteractionRow]:
        return self.store.interaction_rows(ids, archived=archived)

    def log_digest(self, application_ids: Iterable[int] | None = None) -> LogDigest:
        """What the follow-up rules read from the log, computed by the database (all
        applications, or only ``application_ids``)."""
        rows, rejections = self.store.log_digest(application_ids)
        return LogDigest.from_rows(rows, rejections)

    def owner_table(self) -> array:
        """The application of every log entry, indexed by entry id (0 for none)."""
        return self.store.interaction_owner_table()

    def owners(self, ids: Iterable[int]) -> dict[int, int | None]:
        """Log entry id -> the application it belongs to (None for company/contact notes)."""
        return self.store.interaction_owners(ids)

    def for_application(self, application_id: int) -> list[InteractionRow]:
        return self.store.interaction_rows(None, application_id=application_id)

    def for_company(self, company_id: int) -> list[InteractionRow]:
        """The company's own entries and those of all its applications, newest first."""
        return self.store.interaction_rows(None, company_id=company_id)

    def for_contact(self, contact_id: int) -> list[InteractionRow]:
        return self.store.interaction_rows(None, contact_id=contact_id)

    def _check(self, record_id: int | None, clean: dict[str, Any]) -> None:
        # the ``contact`` column is the first of the entry's contacts (one name for older
        # readers); the link table holds them all
        if "contact_ids" in clean:
            clean["contact_id"] = clean["contact_ids"][0] if clean["contact_ids"] else None
        elif "contact_id" in clean:
            clean["contact_ids"] = (clean["contact_id"],) if clean["contact_id"] else ()
        links = ("application_id", "company_id", "contact_id")
        if record_id is None:
            linked = any(clean.get(k) for k in links)
        elif any(k in clean for k in links):  # an edit must not leave it belonging to nothing
            stored = self.store.get_values(self.entity, record_id, [_RENAMED[k] for k in links])
            linked = any(clean[k] if k in clean else stored[_RENAMED[k]] for k in links)
        else:
            return
        if not linked:
            raise ValidationError(
                "application_id",
                "a log entry belongs to an application, a company or a contact; pick one")
        if clean.get("application_id") and not clean.get("company_id"):
            clean["company_id"] = self.store.get_value(
                Entity.APPLICATION, clean["application_id"], "company")

    def _stored(self, clean: dict[str, Any]) -> dict[str, Any]:
        return {_RENAMED.get(k, k): val for k, val in clean.items() if k != "contact_ids"}

    def _after_create(self, record_id: int, clean: dict[str, Any]) -> list[Changes]:
        if clean.get("contact_ids"):
            self.store.set_interaction_contacts(record_id, clean["contact_ids"])
        return []

    def _after_update(self, record_id: int, before: dict[str, Any],
                      clean: dict[str, Any]) -> list[Changes]:
        if "contact_ids" in clean:
            self.store.set_interaction_contacts(record_id, clean["contact_ids"])
        return []
