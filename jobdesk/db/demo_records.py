"""Queries behind removing the demo data: which records the demo made, and which of them
records the user added still depend on (plain ids, no row objects)."""

from __future__ import annotations

from jobdesk.db import schema as t
from jobdesk.db.repo import _chunks

TABLES: dict[str, type[t.Table]] = {
    "company": t.Company, "contact": t.Contact, "application": t.Application,
    "interaction": t.Interaction, "event": t.Event}


def all_ids(entity: str) -> list[int]:
    table = TABLES[entity]
    return [r[0] for r in table.select(table.id).tuples()]


def owning_application(entity: str, ids: set[int]) -> dict[int, int | None]:
    """Log entry or event id -> its application."""
    table = TABLES[entity]
    found: dict[int, int | None] = {}
    for chunk in _chunks(sorted(ids)):
        found.update(table.select(table.id, table.application)
                     .where(table.id.in_(chunk)).tuples())
    return found


def applications_in_use(demo_apps: set[int], demo_interactions: set[int],
                        demo_events: set[int]) -> set[int]:
    """Demo applications the user added something to: a log entry, an event, a document."""
    i, e, d = t.Interaction, t.Event, t.ApplicationDocument
    used: set[int] = set()
    for chunk in _chunks(demo_apps):
        used.update(a for a, rid in i.select(i.application, i.id)
                    .where(i.application.in_(chunk)).tuples() if rid not in demo_interactions)
        used.update(a for a, rid in e.select(e.application, e.id)
                    .where(e.application.in_(chunk)).tuples() if rid not in demo_events)
        used.update(a for (a,) in d.select(d.application)
                    .where(d.application.in_(chunk)).tuples())
    return used


def contacts_referenced(ids: set[int]) -> set[int]:
    """Of ``ids``, the contacts a log entry, an event or an application names."""
    a, i, ei = t.Application, t.Interaction, t.EventInterviewer
    used: set[int] = set()
    for chunk in _chunks(ids):
        used.update(c for (c,) in i.select(i.contact).where(i.contact.in_(chunk)).tuples())
        used.update(c for (c,) in ei.select(ei.contact).where(ei.contact.in_(chunk)).tuples())
        used.update(c for (c,) in a.select(a.referral_contact)
                    .where(a.referral_contact.in_(chunk)).tuples())
    return used


def companies_referenced(ids: set[int]) -> set[int]:
    """Of ``ids``, the companies an application, a contact or a log entry belongs to."""
    a, p, i = t.Application, t.Contact, t.Interaction
    used: set[int] = set()
    for chunk in _chunks(ids):
        for table in (a, p, i):
            used.update(c for (c,) in table.select(table.company)
                        .where(table.company.in_(chunk)).tuples())
    return used
