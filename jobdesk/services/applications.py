"""Applications: one opening at one company, moving through the stages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import Direction, InteractionKind, Source, Stage
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.rows import ApplicationRow
from jobdesk.services import effects
from jobdesk.services import validation as v
from jobdesk.services.base import RecordService, Written
from jobdesk.services.references import reference

_RENAMED = {"company_id": "company", "referral_contact_id": "referral_contact"}


class ApplicationsService(RecordService[ApplicationRow]):
    entity = Entity.APPLICATION
    required = ("company_id", "job_title")
    # cause -> effect, written in the same transaction as the cause (see ``_derive``):
    #   stage moved to Applied while the applied date is empty -> applied date = today
    derived_fields = ("applied_on",)
    before_from_row = True

    def _validators(self):
        return {
            "company_id": reference(self.store, Entity.COMPANY, "company_id", required=True),
            "job_title": v.text("job_title", 300, required=True),
            "posting_url": v.url("posting_url"),
            "source": v.enum(Source, "source"),
            "referral_contact_id": reference(self.store, Entity.CONTACT, "referral_contact_id",
                                             required=False),
            "stage": v.enum(Stage, "stage"),
            "applied_on": v.optional_date("applied_on"),
            "response_promised_on": v.optional_date("response_promised_on"),
            "salary_range": v.text("salary_range", 200),
            "job_description": v.text("job_description", 2_000_000),
            "notes": v.text("notes", 100_000),
        }

    def _load(self, ids: Iterable[int] | None, archived: bool | None) -> list[ApplicationRow]:
        return self.store.application_rows(ids, archived=archived)

    def of_company(self, company_id: int) -> list[ApplicationRow]:
        return self.store.application_rows(None, archived=False, company_id=company_id)

    def job_description(self, record_id: int) -> str:
        return self.store.get_value(self.entity, record_id, "job_description")

    def _stored_values(self, record_id: int, *fields: str) -> tuple[Any, ...]:
        """Stored values of ``fields``, from the row the write read (no second read)."""
        old = self._old
        if old is not None and old.id == record_id:
            return tuple(getattr(old, f) for f in fields)
        columns = [_RENAMED.get(f, f) for f in fields]
        values = self.store.get_values(self.entity, record_id, columns)
        return tuple(values[c] for c in columns)

    def _derive(self, record_id: int, clean: dict[str, Any]) -> None:
        """A move to Applied with no applied date fills today's date (the user's day). Not when
        a promised answer before today would then be before the application."""
        if clean.get("stage") != Stage.APPLIED.value or "applied_on" in clean:
            return
        applied, promised = self._stored_values(record_id, "applied_on", "response_promised_on")
        if applied is not None:
            return
        today = self.clock().astimezone().date()
        promised = clean.get("response_promised_on") or promised
        if promised is None or promised >= today:
            clean["applied_on"] = today

    def _check(self, record_id: int | None, clean: dict[str, Any]) -> None:
        if "applied_on" not in clean and "response_promised_on" not in clean:
            return  # neither date changes: the stored pair was checked when written
        applied = clean.get("applied_on")
        promised = clean.get("response_promised_on")
        if record_id is not None:
            stored_applied, stored_promised = self._stored_values(
                record_id, "applied_on", "response_promised_on")
            if "applied_on" not in clean:
                applied = stored_applied
            if "response_promised_on" not in clean:
                promised = stored_promised
        if applied and promised and promised < applied:
            raise ValidationError(
                "response_promised_on",
                f"the promised response date {promised} is before the application date "
                f"{applied}; check both dates")

    def _stored(self, clean: dict[str, Any]) -> dict[str, Any]:
        stored = {_RENAMED.get(k, k): val for k, val in clean.items()}
        if "stage" in clean:
            stored["stage_changed_at"] = self.clock()
        return stored

    def _after_create(self, record_id: int, clean: dict[str, Any]) -> list[Changes]:
        return effects.derived(self.store, Changes.of(self.entity, [record_id], structural=True),
                               companies=[clean["company_id"]])

    def _after_archive(self, changes: Changes) -> list[Changes]:
        return effects.derived(self.store, changes)

    def _after_update(self, record_id: int, before: dict[str, Any],
                      clean: dict[str, Any]) -> list[Changes]:
        """A stage move writes itself into the log ("Applied → Interviewing"); it and a move
        to another company change the companies' open counts."""
        old, new = before.get("stage"), clean.get("stage")
        if "company" not in before:
            before = {**before, "company": self._stored_values(record_id, "company_id")[0]}
        counted = self._counts_changed(record_id, before, clean)
        if new is None or old == new:
            return counted
        company_id = clean.get("company_id") or before["company"]
        now = self.clock()
        interaction_id = self.store.insert(Entity.INTERACTION, {
            "application": record_id,
            "company": company_id,
            "kind": InteractionKind.STAGE_CHANGE.value,
            "direction": Direction.INTERNAL.value,
            "occurred_at": now,
            "summary": f"{Stage(old).label} → {Stage(new).label}",
            "body": "",
            "created_at": now,
        })
        return [Changes.of(Entity.INTERACTION, [interaction_id], structural=True), *counted]

    def _counts_changed(self, record_id: int, before: dict[str, Any],
                        clean: dict[str, Any]) -> list[Changes]:
        """A move between an open and a closed stage, or to another company, changes the
        companies' open counts (``effects``)."""
        old_company = before.get("company")
        moved = "company_id" in clean and clean["company_id"] != old_company
        old_stage, new_stage = before.get("stage"), clean.get("stage")
        reopened = (new_stage is not None and old_stage is not None
                    and Stage(old_stage).is_open != Stage(new_stage).is_open)
        if not (moved or reopened):
            return []
        fields = {"company_id"} if moved else {"stage"}
        company = clean.get("company_id", old_company)
        return effects.derived(self.store, Changes.of(self.entity, [record_id], fields=fields),
                               companies={old_company, company})

    # ---- stage moves with an undoable log entry ---------------------------------------------
    def move_stage(self, record_id: int, stage: Any) -> int | None:
        """Move to ``stage`` (logging the move); return the id of the log entry written."""
        return self.write_stage(record_id, stage)[1]

    def write_stage(self, record_id: int, stage: Any) -> tuple[Written[ApplicationRow],
                                                              int | None]:
        """Move to ``stage``: what the write did and the id of the log entry it wrote."""
        written = self.write(record_id, stage=stage)
        logged = [rid for c in written.changes if c.entity == Entity.INTERACTION
                  and c.structural for rid in c.ids]
        return written, (max(logged) if logged else None)

    def undo_stage_move(self, record_id: int, stage: Any, log_entry_id: int | None,
                        restore: Mapping[str, Any] | None = None) -> None:
        """Put the stage back, and the fields the move filled (``restore``: field -> value
        before), and remove the log entry the move wrote, in one transaction."""
        clean = self.validate({"stage": stage, **(restore or {})}, creating=False)
        with self.store.transaction():
            old = self.get(record_id)
            self.store.update(self.entity, record_id,
                              {**self._stored(clean), "updated_at": self.clock()})
            removed = []
            if log_entry_id is not None:
                removed = [log_entry_id] if self.store.delete(Entity.INTERACTION,
                                                              [log_entry_id]) else []
            counted = self._counts_changed(
                record_id, {"stage": old.stage, "company": old.company_id}, clean)
        row = self.get(record_id)  # read once; the change-set carries it to every view
        self.bus.publish(Changes.of(self.entity, [record_id], fields=clean, rows=[row]),
                         Changes.of(Entity.INTERACTION, removed, structural=True), *counted)
