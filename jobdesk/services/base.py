"""The shared shape of a record service: declared fields, validated writes in one
transaction, soft delete, and a change-set published after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.domain.errors import NotFoundError, ValidationError
from jobdesk.domain.text import record_noun
from jobdesk.services.validation import Validator

RowT = TypeVar("RowT")
Clock = Callable[[], datetime]


# stored column -> the row attribute holding the same value (``Store.update`` takes the
# foreign keys by their relation name)
_ROW_FIELDS = {"company": "company_id", "referral_contact": "referral_contact_id",
               "application": "application_id", "contact": "contact_id"}


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Written(Generic[RowT]):
    """What one write did: the row after it, the row before it, and its change-sets."""

    row: RowT
    before: RowT
    changes: list[Changes] = field(default_factory=list)


class RecordService(Generic[RowT]):
    entity: ClassVar[Entity]
    required: ClassVar[tuple[str, ...]] = ()
    has_updated_at: ClassVar[bool] = True
    # ``_after_update`` gets its before-values from the row read at the start of the write
    # (the row's attribute of each stored column) instead of a second read
    before_from_row: ClassVar[bool] = False

    def __init__(self, store: Store, bus: ChangeBus, clock: Clock = utcnow):
        self.store = store
        self.bus = bus
        self.clock = clock
        self.fields: dict[str, Validator] = self._validators()
        self._old: RowT | None = None  # the row being updated, during ``write``

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
        row = self.get(record_id)  # read once; the change-set carries it to every view
        self.bus.publish(Changes.of(self.entity, [record_id], structural=True, rows=[row]),
                         *extra)
        return row

    def update(self, record_id: int, **values: Any) -> RowT:
        return self.write(record_id, **values).row

    def write(self, record_id: int, **values: Any) -> Written[RowT]:
        """Update fields of one record in one transaction; return the row after the write,
        the row before it (its inverse: what undo puts back) and the change-sets published.
        Each row is read once: the views take the new one from the change-set."""
        clean = self.validate(values, creating=False)
        if not clean:
            row = self.get(record_id)
            return Written(row, row, [])
        with self.store.transaction():
            old = self._old = self.get(record_id)
            try:
                self._derive(record_id, clean)
                self._check(record_id, clean)
                stored = self._stored(clean)
                if self.before_from_row:
                    before = {name: getattr(old, _ROW_FIELDS.get(name, name)) for name in stored
                              if hasattr(old, _ROW_FIELDS.get(name, name))}
                else:
                    before = self.store.get_values(self.entity, record_id, stored)
                stamps = {"updated_at": self.clock()} if self.has_updated_at else {}
                self.store.update(self.entity, record_id, {**stored, **stamps})
                extra = self._after_update(record_id, before, clean)
            finally:
                self._old = None
        row = self.get(record_id)
        published = [Changes.of(self.entity, [record_id], fields=clean, rows=[row]), *extra]
        self.bus.publish(*published)
        return Written(row, old, published)

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
            extra = self._after_archive(changes) if changed else []
        self.bus.publish(changes, *extra)
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

    def _after_archive(self, changes: Changes) -> list[Changes]:
        """Change-sets implied by archiving or restoring (inside the transaction)."""
        return []

    def _before_purge(self, ids: Sequence[int]) -> None:
        pass
