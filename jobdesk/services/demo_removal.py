"""Removing the demo data again: exactly the records the demo made, never one the user added.

``load_demo`` remembers the ids it made in the ``setting`` table (``demo.records``). Removal
deletes them in one transaction, except demo records that something the user added depends
on: a demo application with the user's own log entry, event or document stays (with its
history), and so do the demo contacts and companies that remaining records still name. The
window makes a verified backup first (``before-demo-removal``), so the removal can be undone
by restoring it. Views refresh from the published change-sets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from jobdesk.db import demo_records as q
from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.errors import JobDeskError

DEMO_USER_NAME = "Alex Morgan"  # the demo signs its notes with this name (services.demo)

DEMO_SETTING = "demo.records"
_ENTITIES = (Entity.COMPANY, Entity.CONTACT, Entity.APPLICATION, Entity.INTERACTION,
             Entity.EVENT)


class NoDemoDataError(JobDeskError):
    """There is no demo data (left) to remove."""


def remember_demo(store, *, set_my_name: bool) -> None:
    """Inside the demo's transaction, after it made everything (into an empty database):
    every record is the demo's."""
    made: dict = {e.value: q.all_ids(e.value) for e in _ENTITIES}
    made["my_name"] = set_my_name
    store.set_setting(DEMO_SETTING, json.dumps(made))


def demo_ids(store) -> dict[Entity, set[int]] | None:
    raw = store.setting(DEMO_SETTING)
    if not raw:
        return None
    try:
        stored = json.loads(raw)
        return {e: {int(i) for i in stored.get(e.value, [])} for e in _ENTITIES}
    except (ValueError, TypeError, AttributeError):
        return None


def has_demo(services) -> bool:
    """Whether the database still holds records the demo made."""
    ids = demo_ids(services.store)
    return bool(ids) and any(ids.values())


@dataclass
class DemoRemoval:
    removed: dict[Entity, int] = field(default_factory=dict)
    kept: dict[Entity, int] = field(default_factory=dict)
    changes: list[Changes] = field(default_factory=list)

    def summary(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        words = {Entity.COMPANY: ("company", "companies"),
                 Entity.CONTACT: ("contact", "contacts"),
                 Entity.APPLICATION: ("application", "applications")}
        removed = ", ".join(n(self.removed.get(e, 0), *w) for e, w in words.items())
        text = f"Removed the demo data: {removed}, with their log and events."
        kept = [n(c, *words[e]) for e, c in self.kept.items() if c and e in words]
        if kept:
            text += (" Kept " + ", ".join(kept) + " of the demo that records you added "
                     "still use.")
        return text


def back_up_before_removal(services):
    """A verified backup of the database before the removal (the way back); None when the
    database is not a SQLite file in a data folder (no backup service there)."""
    from pathlib import Path

    from jobdesk.services.backups import BEFORE_DEMO_REMOVAL, BackupService

    path = getattr(services.store.db, "database", "")
    if not isinstance(path, str) or not path.endswith(".sqlite3"):
        return None
    backups = BackupService(Path(path).parent, db=services.store.db, db_path=Path(path))
    return backups.create(BEFORE_DEMO_REMOVAL)


def remove_demo(services) -> DemoRemoval:
    store, result = services.store, DemoRemoval()
    with store.transaction():
        ids = demo_ids(store)
        if not ids or not any(ids.values()):
            raise NoDemoDataError("there is no demo data to remove (it was removed already, "
                                  "or this database never had it)")
        ids = {e: store.existing_ids(e, found) for e, found in ids.items()}
        apps = ids[Entity.APPLICATION]
        kept_apps = q.applications_in_use(apps, ids[Entity.INTERACTION], ids[Entity.EVENT])
        _delete(store, Entity.APPLICATION, apps - kept_apps, result)
        # what the removed applications did not take with them (demo records elsewhere)
        for entity in (Entity.INTERACTION, Entity.EVENT):
            left = store.existing_ids(entity, ids[entity])
            owners = q.owning_application(entity.value, left)
            _delete(store, entity, {i for i in left if owners.get(i) not in kept_apps}, result)
        contacts = store.existing_ids(Entity.CONTACT, ids[Entity.CONTACT])
        kept_contacts = q.contacts_referenced(contacts)
        _delete(store, Entity.CONTACT, contacts - kept_contacts, result)
        companies = store.existing_ids(Entity.COMPANY, ids[Entity.COMPANY])
        kept_companies = q.companies_referenced(companies)
        _delete(store, Entity.COMPANY, companies - kept_companies, result)
        result.kept = {Entity.APPLICATION: len(kept_apps), Entity.CONTACT: len(kept_contacts),
                       Entity.COMPANY: len(kept_companies)}
        stored = json.loads(store.setting(DEMO_SETTING) or "{}")
        if stored.get("my_name") and services.settings.get("me.name") == DEMO_USER_NAME:
            services.settings.reset("me.name")
        store.set_setting(DEMO_SETTING, json.dumps({}))
    services.bus.publish(*result.changes)
    return result


def _delete(store, entity: Entity, ids: set[int], result: DemoRemoval) -> None:
    if not ids:
        return
    ordered = sorted(ids)
    effects = store.purge_effects(entity, ordered)
    store.delete(entity, ordered)
    result.removed[entity] = result.removed.get(entity, 0) + len(ordered)
    result.changes.append(Changes.of(entity, ordered, structural=True))
    result.changes.extend(Changes.of(e, found, structural=not fields, fields=fields)
                          for e, found, fields in effects)
