"""Bulk reads behind the application search index (plain tuples, no row objects)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from jobdesk.db import schema as t
from jobdesk.db.repo import _chunks


class SearchQueries:
    def __init__(self, db) -> None:
        self.db = db

    def applications(self, ids: Iterable[int] | None) -> list[tuple[int, int, int | None]]:
        a = t.Application
        query = (a.select(a.id, a.company, a.referral_contact)
                 .where(a.archived_at.is_null(True)))
        if ids is None:
            return list(query.tuples())
        out: list[tuple[int, int, int | None]] = []
        for chunk in _chunks(ids):
            out.extend(query.where(a.id.in_(chunk)).tuples())
        return out

    def contacts(self, company_ids: set[int] | None, extra_ids: set[int] | None
                 ) -> Iterator[tuple[int, int | None, str]]:
        p = t.Contact
        query = p.select(p.id, p.company, p.name).where(p.archived_at.is_null(True))
        if company_ids is None:
            yield from query.tuples()
            return
        seen: set[int] = set()
        for chunk in _chunks(company_ids):
            for row in query.where(p.company.in_(chunk)).tuples():
                seen.add(row[0])
                yield row
        for chunk in _chunks((extra_ids or set()) - seen):
            yield from query.where(p.id.in_(chunk)).tuples()

    def companies(self, ids: set[int] | None) -> Iterator[tuple[int, str, str]]:
        """(id, industry, location) of the companies with either set."""
        c = t.Company
        query = c.select(c.id, c.industry, c.location).where(
            (c.industry != "") | (c.location != ""))
        if ids is None:
            yield from query.tuples()
            return
        for chunk in _chunks(ids):
            yield from query.where(c.id.in_(chunk)).tuples()

    def log_texts(self, app_ids: list[int] | None) -> Iterator[tuple[int, str, str]]:
        i = t.Interaction
        query = (i.select(i.application, i.summary, i.body)
                 .where(i.archived_at.is_null(True) & i.application.is_null(False)))
        if app_ids is None:
            yield from query.tuples().iterator()
            return
        for chunk in _chunks(app_ids):
            yield from query.where(i.application.in_(chunk)).tuples()

    def applications_of_interactions(self, ids: Iterable[int]) -> set[int]:
        i = t.Interaction
        found: set[int] = set()
        for chunk in _chunks(ids):
            found.update(r[0] for r in i.select(i.application)
                         .where(i.id.in_(chunk) & i.application.is_null(False)).tuples())
        return found

    def applications_of_contacts(self, ids: Iterable[int]) -> set[int]:
        a, p = t.Application, t.Contact
        found: set[int] = set()
        for chunk in _chunks(ids):
            companies = p.select(p.company).where(p.id.in_(chunk) & p.company.is_null(False))
            found.update(r[0] for r in a.select(a.id).where(
                a.company.in_(companies) | a.referral_contact.in_(chunk)).tuples())
        return found
