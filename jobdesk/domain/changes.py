"""Change-sets: what a write touched, published on the change bus so views refresh by id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum


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

    @classmethod
    def of(cls, entity: Entity, ids: Iterable[int], structural: bool = False,
           fields: Iterable[str] = ()) -> Changes:
        return cls(entity, frozenset(ids), structural, frozenset(fields))


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
