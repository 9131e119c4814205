"""Change-sets: what a write touched, published on the change bus so views refresh by id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Entity(StrEnum):
    COMPANY = "company"
    CONTACT = "contact"
    APPLICATION = "application"
    INTERACTION = "interaction"
    EVENT = "event"
    DOCUMENT = "document"
    TEMPLATE = "template"
    OUTBOX = "outbox"
    ACTION = "action"
    SETTING = "setting"  # ``fields`` names the setting keys that changed


@dataclass(frozen=True)
class Changes:
    """``ids`` of ``entity`` changed. ``structural``: rows appeared or disappeared
    (create, archive, restore, purge) rather than fields changing in place."""

    entity: Entity
    ids: frozenset[int]
    structural: bool = False
    fields: frozenset[str] = field(default_factory=frozenset)
    # the rows of ``ids`` as written (archived ones included), read once by the write so
    # that views do not read them again; empty when the write did not read them
    rows: tuple = field(default=(), compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, entity: Entity, ids: Iterable[int], structural: bool = False,
           fields: Iterable[str] = (), rows: Iterable = ()) -> Changes:
        return cls(entity, frozenset(ids), structural, frozenset(fields), tuple(rows))

    def fresh(self, *, archived: bool | None = False) -> dict[int, Any] | None:
        """The rows carried, by id (``archived=False``: active ones only, as a view of
        active records wants them), or None when they do not cover every id."""
        if not self.rows or len(self.rows) != len(self.ids):
            return None
        rows = {row.id: row for row in self.rows}
        if rows.keys() != self.ids:
            return None
        if archived is None:
            return rows
        return {rid: row for rid, row in rows.items()
                if (getattr(row, "archived_at", None) is not None) == archived}


Subscriber = Callable[[Changes], None]


class ChangeBus:
    """Synchronous publish/subscribe. Plain Python so services stay Qt-free; the UI
    subscribes its models. Publishing happens after the transaction commits."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._held: list[Changes] | None = None

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, *changes: Changes) -> None:
        for change in changes:
            if not change.ids:
                continue
            if self._held is not None:
                self._held.append(change)
                continue
            for callback in list(self._subscribers):
                callback(change)

    def hold(self) -> _Hold:
        """Collect publications (for example during a batch) and send them merged at the end."""
        return _Hold(self)


class _Hold:
    def __init__(self, bus: ChangeBus) -> None:
        self._bus = bus
        self._outer = False

    def __enter__(self) -> None:
        if self._bus._held is None:
            self._bus._held = []
            self._outer = True

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._outer:
            return
        held, self._bus._held = self._bus._held or [], None
        if exc_type is not None:
            return
        merged: dict[tuple[Entity, bool], tuple[set[int], set[str]]] = {}
        for change in held:
            ids, fields = merged.setdefault((change.entity, change.structural), (set(), set()))
            ids |= change.ids
            fields |= change.fields
        self._bus.publish(*(Changes.of(e, ids, s, f) for (e, s), (ids, f) in merged.items()))
