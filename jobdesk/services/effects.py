"""Effects of a write on other records' views, declared once (cause -> effect).

A write publishes its own change-set; the records that *show* something of it get theirs from
here, the same for a write of this process (the service publishes both) and for one read
from the change journal of another process (``external_changes``), so no view derives them
on its own.

- A company's name, location or industry changes: its applications show the name and are
  found by all three in the Applications search (``company_name``, ``company_location``,
  ``company_industry``).
- An application is created, archived or restored, changes stage or moves to another
  company: its companies' count of open applications (``open_applications``), carried with
  the companies' rows so that no view reads them again.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobdesk.db.repo import Store
from jobdesk.domain.changes import Changes, Entity

COMPANY_FIELDS_SHOWN_BY_APPLICATIONS = {
    "name": "company_name", "location": "company_location", "industry": "company_industry"}
OPEN_COUNT = "open_applications"
APPLICATION_FIELDS_COUNTED = frozenset({"stage", "company_id"})


def derived(store: Store, changes: Changes, *,
            companies: Iterable[int | None] | None = None) -> list[Changes]:
    """The change-sets ``changes`` implies for other records. ``companies``: the companies
    of the applications changed, when the write knows them (before and after a move)."""
    if changes.entity == Entity.APPLICATION and (
            changes.structural or changes.fields & APPLICATION_FIELDS_COUNTED):
        ids = ({c for c in companies if c is not None} if companies is not None
               else store.companies_of_applications(changes.ids))
        if not ids:
            return []
        return [Changes.of(Entity.COMPANY, ids, fields={OPEN_COUNT},
                           rows=store.company_rows(ids, archived=None))]
    if changes.entity == Entity.COMPANY and not changes.structural:
        fields = {COMPANY_FIELDS_SHOWN_BY_APPLICATIONS[f] for f in changes.fields
                  if f in COMPANY_FIELDS_SHOWN_BY_APPLICATIONS}
        if not fields:
            return []
        app_ids = [a for cid in changes.ids
                   for a in store.application_ids_of_company(cid, archived=False)]
        return [Changes.of(Entity.APPLICATION, app_ids, fields=fields)] if app_ids else []
    return []
