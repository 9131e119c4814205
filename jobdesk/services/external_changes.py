"""Writes by other processes, published on this process's change bus.

``poll()`` is cheap enough for a timer every two seconds: while no other connection has
committed it is one ``PRAGMA data_version`` (plus one ``max(id)`` of the journal after this
process's own writes). When another one has, it reads the journal rows after the last one
seen (``jobdesk.db.journal``), merges them into change-sets of the same shape the services
publish and publishes them, so every view refreshes by ids exactly as after its own edits.
Journal rows of this process's own writes that fall in the same window are published again:
a refresh by id of rows already fresh, harmless. On engines without the journal, ``poll()``
does nothing.
"""

from __future__ import annotations

import logging

from jobdesk.db.journal import Journal
from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.services import effects

log = logging.getLogger(__name__)

_RESYNC_ENTITIES = (Entity.COMPANY, Entity.CONTACT, Entity.APPLICATION, Entity.INTERACTION,
                    Entity.EVENT, Entity.DOCUMENT, Entity.OUTBOX)


class ExternalChanges:
    def __init__(self, store: Store, bus: ChangeBus):
        self.store = store
        self.bus = bus
        self.journal = Journal(store.db)
        self.available = self.journal.available
        self._publishing = False
        self._own_writes = False
        self._unsubscribe = None
        if self.available:
            self._version = self.journal.data_version()
            self._last_id = self.journal.last_id()
            self._unsubscribe = bus.subscribe(self._on_own_changes)

    @property
    def closed(self) -> bool:
        """Whether the database connection is closed (a restore replaced it)."""
        return self.store.db.is_closed()

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_own_changes(self, _changes: Changes) -> None:
        if not self._publishing:
            self._own_writes = True

    def prune(self) -> None:
        """Forget journal rows older than a day (at start)."""
        if self.available:
            try:
                self.journal.prune()
            except Exception:  # a busy or read-only database: try again next start
                log.info("the change journal was not pruned", exc_info=True)

    def poll(self) -> list[Changes]:
        """Publish what other connections committed since the last poll; return it."""
        if not self.available:
            return []
        # the journal's end before the data version: a commit between the two reads shows
        # as a new data version, and is then read from the journal, never skipped
        own_end = self.journal.last_id() if self._own_writes else None
        version = self.journal.data_version()
        if version == self._version:
            if own_end is not None:
                self._last_id = max(self._last_id, own_end)
                self._own_writes = False
            return []
        self._version = version
        self._own_writes = False
        entries = self.journal.after(self._last_id)
        if not entries:
            return []
        pruned = self.journal.first_id() > self._last_id + 1
        self._last_id = entries[-1].id
        changes = self._resync() if pruned else self._merge(entries)
        # what the other process's service published beside its own change-set
        changes += [d for c in changes for d in effects.derived(self.store, c)]
        self._publishing = True
        try:
            with self.bus.hold():
                self.bus.publish(*changes)
        finally:
            self._publishing = False
        log.info("changes by another process: %s",
                 ", ".join(f"{len(c.ids)} {c.entity.value}" for c in changes))
        return changes

    @staticmethod
    def _merge(entries) -> list[Changes]:
        structural: dict[Entity, set[int]] = {}
        updated: dict[Entity, tuple[set[int], set[str]]] = {}
        for entry in entries:
            try:
                entity = Entity(entry.entity)
            except ValueError:
                continue
            if entry.structural:
                structural.setdefault(entity, set()).add(entry.row_id)
            else:
                ids, fields = updated.setdefault(entity, (set(), set()))
                ids.add(entry.row_id)
                fields.update(entry.fields)
        out = [Changes.of(e, ids, structural=True) for e, ids in structural.items()]
        out += [Changes.of(e, ids, fields=fields) for e, (ids, fields) in updated.items()]
        return out

    def _resync(self) -> list[Changes]:
        """The journal was pruned past what this window saw (it slept for a day): every
        record counts as changed."""
        return [Changes.of(e, self.journal.all_ids(e.value), structural=True)
                for e in _RESYNC_ENTITIES]
