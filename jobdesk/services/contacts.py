"""Contacts: recruiters, hiring managers, interviewers, referrals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Relationship
from jobdesk.domain.rows import ContactRow
from jobdesk.services import validation as v
from jobdesk.services.base import RecordService
from jobdesk.services.references import reference


class ContactsService(RecordService[ContactRow]):
    entity = Entity.CONTACT
    required = ("name",)

    def _validators(self):
        return {
            "company_id": reference(self.store, Entity.COMPANY, "company_id", required=False),
            "name": v.text("name", 200, required=True),
            "title": v.text("title", 200),
            "email": v.email("email"),
            "phone": v.text("phone", 50),
            "profile_url": v.url("profile_url"),
            "relationship": v.enum(Relationship, "relationship"),
            "notes": v.text("notes", 100_000),
        }

    def _load(self, ids: Iterable[int] | None, archived: bool | None) -> list[ContactRow]:
        return self.store.contact_rows(ids, archived=archived)

    def of_company(self, company_id: int) -> list[ContactRow]:
        return self.store.contact_rows(None, archived=False, company_id=company_id)

    def _stored(self, clean: dict[str, Any]) -> dict[str, Any]:
        if "company_id" in clean:
            clean = dict(clean)
            clean["company"] = clean.pop("company_id")
        return clean
