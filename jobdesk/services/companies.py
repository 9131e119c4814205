"""Companies: the unit a job seeker pursues ("companies, not jobs")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import CompanyStatus
from jobdesk.domain.errors import DuplicateError, ValidationError
from jobdesk.domain.rows import CompanyRow
from jobdesk.domain.text import company_key, fold
from jobdesk.services import effects
from jobdesk.services import validation as v
from jobdesk.services.base import RecordService


def name_key(name: str) -> str:
    """Key of the unique index: the name ignoring case, accents and spacing."""
    return " ".join(fold(name).split())


class CompaniesService(RecordService[CompanyRow]):
    entity = Entity.COMPANY
    required = ("name",)

    def _validators(self):
        return {
            "name": v.text("name", 200, required=True),
            "website": v.url("website"),
            "industry": v.text("industry", 200),
            "location": v.text("location", 200),
            "notes": v.text("notes", 100_000),
            "status": v.enum(CompanyStatus, "status"),
        }

    def _load(self, ids: Iterable[int] | None, archived: bool | None) -> list[CompanyRow]:
        return self.store.company_rows(ids, archived=archived)

    def _check(self, record_id: int | None, clean: dict[str, Any]) -> None:
        if "name" not in clean:
            return
        key = name_key(clean["name"])
        existing = (self.store.company_by_name_key(key) if record_id is None
                    else self.store.company_name_exists_elsewhere(key, record_id))
        if existing is not None:
            raise duplicate_company(clean["name"], existing)

    def _stored(self, clean: dict[str, Any]) -> dict[str, Any]:
        if "name" in clean:
            return {**clean, "name_key": name_key(clean["name"]),
                    "match_key": company_key(clean["name"])}
        return clean

    def _after_update(self, record_id: int, before: dict[str, Any],
                      clean: dict[str, Any]) -> list[Changes]:
        # the applications show the company's name and are searched by its location too
        return effects.derived(self.store, Changes.of(self.entity, [record_id], fields=clean))

    def similar(self, name: str) -> list[CompanyRow]:
        """Companies whose name matches ``name`` ignoring case, spacing and suffixes
        (Inc, Ltd, GmbH...), archived ones included: offer these before creating a new one."""
        key = company_key(name)
        if not key:
            return []
        return self.get_many(self.store.companies_by_match_key(key), archived=None)

    def find_or_create(self, name: str, **values: Any) -> CompanyRow:
        matches = self.similar(name)
        if matches:
            return matches[0]
        return self.create(name=name, **values)

    def application_ids(self, company_id: int) -> list[int]:
        """The ids of the company's applications, archived ones included."""
        return list(self.store.application_ids_of_company(company_id))

    def _before_purge(self, ids: Sequence[int]) -> None:
        for company_id in ids:
            if self.store.application_ids_of_company(company_id):
                raise ValidationError(
                    "applications",
                    f"company #{company_id} still has applications; purge or move them first")

    def purge_with_applications(self, ids: Sequence[int]) -> list[Changes]:
        """Purge archived companies and every application they still have, in one
        transaction (their log entries and events go with them)."""
        with self.store.transaction():
            active = {r.id for r in self._load(list(ids), False)}
            if active:
                raise ValidationError(
                    "archived_at", f"company #{min(active)} is not archived; "
                                   "archive it before purging it")
            app_ids = [a for cid in ids for a in self.store.application_ids_of_company(cid)]
            if app_ids:
                self.store.delete(Entity.APPLICATION, app_ids)
            self.store.delete(self.entity, ids)
        changes = [Changes.of(Entity.APPLICATION, app_ids, structural=True),
                   Changes.of(self.entity, ids, structural=True)]
        self.bus.publish(*changes)
        return changes


def duplicate_company(name: str, existing_id: int) -> DuplicateError:
    return DuplicateError(
        "name",
        f"a company called {name!r} already exists; use the existing one or choose another name",
        existing_id,
    )
