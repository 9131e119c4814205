"""The shared shape of a record service: declared fields, validated writes in one
transaction, soft delete, and a change-set published after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.domain.errors import NotFoundError, ValidationError
from jobdesk.domain.text import record_noun
from jobdesk.services.validation import Validator

RowT = TypeVar("RowT")
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class RecordService(Generic[RowT]):
    entity: ClassVar[Entity]
    required: ClassVar[tuple[str, ...]] = ()
    has_updated_at: ClassVar[bool] = True

    def __init__(self, store: Store, bus: ChangeBus, clock: Clock = utcnow):
        self.store = store
        self.bus = bus
        self.clock = clock
        self.fields: dict[str, Validator] = self._validators()

    # ---- to be provided by each service ----------------------------------------------------
    def _validators(self) -> dict[str, Validator]:
        raise NotImplementedError

    def _load(self, ids: Iterable[int] | None, archived: bool | None) -> list[RowT]:
        raise NotImplementedError

    # ---- reads ---------------------------------------------------------------------------
    def list(self, *, archived: bool | None = False) -> list[RowT]:
        """Active rows (``archived=False``), archived ones (``True``) or all (``None``)."""
        return self._load(None, archived)

    def get_many(self, ids: Iterable[int], *, archived: bool | None = None) -> list[RowT]:
        return self._load(list(ids), archived)

    def get(self, record_id: int) -> RowT:
        rows = self._load([record_id], None)
        if not rows:
            raise NotFoundError(self.entity.value, record_id)
        return rows[0]

    def count(self) -> int:
        return self.store.count(self.entity)

    # ---- writes --------------------------------------------------------------------------
    def validate(self, values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        for name, value in values.items():
            validator = self.fields.get(name)
            if validator is None:
                noun = record_noun(self.entity)
                raise ValidationError(name, f"a {noun} has no {name!r} to change")
            clean[name] = validator(value)
        if creating:
            for name in self.required:
                if name not in clean:
                    clean[name] = self.fields[name](None)  # raises the 'required' message
        return clean

    def create(self, **values: Any) -> RowT:
        clean = self.validate(values, creating=True)
        with self.store.transaction():
            self._check(None, clean)
            now = self.clock()
            stamps = {"created_at": now}
            if self.has_updated_at:
                stamps["updated_at"] = now
            record_id = self.store.insert(self.entity, {**self._stored(clean), **stamps})
            extra = self._after_create(record_id, clean)
        self.bus.publish(Changes.of(self.entity, [record_id], structural=True), *extra)
        return self.get(record_id)

    def update(self, record_id: int, **values: Any) -> RowT:
        clean = self.validate(values, creating=False)
        if not clean:
            return self.get(record_id)
        with self.store.transaction():
            self._derive(record_id, clean)
            self._check(record_id, clean)
            stored = self._stored(clean)
            before = self.store.get_values(self.entity, record_id, stored)
            stamps = {"updated_at": self.clock()} if self.has_updated_at else {}
            self.store.update(self.entity, record_id, {**stored, **stamps})
            extra = self._after_update(record_id, before, clean)
        self.bus.publish(Changes.of(self.entity, [record_id], fields=clean), *extra)
        return self.get(record_id)

    def set_field(self, record_id: int, field: str, value: Any) -> RowT:
        return self.update(record_id, **{field: value})

    def archive(self, ids: Sequence[int]) -> Changes:
        return self._set_archived(ids, self.clock())

    def restore(self, ids: Sequence[int]) -> Changes:
        return self._set_archived(ids, None)

    def _set_archived(self, ids: Sequence[int], when: datetime | None) -> Changes:
        with self.store.transaction():
            missing = set(ids) - self.store.existing_ids(self.entity, ids)
            if missing:
                raise NotFoundError(self.entity.value, min(missing))
            changed = self.store.set_archived(self.entity, ids, when)
        changes = Changes.of(self.entity, changed, structural=True)
        self.bus.publish(changes)
        return changes

    def purge(self, ids: Sequence[int]) -> Changes:
        """Delete archived records for good. Active ones must be archived first."""
        with self.store.transaction():
            active = {r.id for r in self._load(list(ids), False)}  # type: ignore[attr-defined]
            if active:
                raise ValidationError(
                    "archived_at", f"{record_noun(self.entity)} #{min(active)} is not archived; "
                                   "archive it before purging it")
            self._before_purge(ids)
            effects = self.store.purge_effects(self.entity, ids)
            self.store.delete(self.entity, ids)
        changes = Changes.of(self.entity, ids, structural=True)
        # what the database removed or unlinked through foreign keys, so open views drop it too
        self.bus.publish(changes, *(Changes.of(entity, found, structural=not fields, fields=fields)
                                    for entity, found, fields in effects))
        return changes

    # ---- hooks ---------------------------------------------------------------------------
    def _derive(self, record_id: int, clean: dict[str, Any]) -> None:
        """Add the fields a write implies to ``clean`` (inside the transaction), so they are
        written, checked and published with it whatever path made the write."""

    def _check(self, record_id: int | None, clean: dict[str, Any]) -> None:
        """Cross-field and cross-record checks, inside the transaction."""

    def _stored(self, clean: dict[str, Any]) -> dict[str, Any]:
        return clean

    def _after_create(self, record_id: int, clean: dict[str, Any]) -> list[Changes]:
        return []

    def _after_update(self, record_id: int, before: dict[str, Any],
                      clean: dict[str, Any]) -> list[Changes]:
        return []

    def _before_purge(self, ids: Sequence[int]) -> None:
        pass
