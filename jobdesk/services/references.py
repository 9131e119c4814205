"""Validators for references to other records (they must exist)."""

from __future__ import annotations

from typing import Any

from jobdesk.db.repo import Store
from jobdesk.domain.changes import Entity
from jobdesk.domain.errors import ValidationError
from jobdesk.services.validation import Validator


def reference(store: Store, entity: Entity, field: str, *, required: bool) -> Validator:
    def check(value: Any) -> int | None:
        if value is None or value == "":
            if required:
                raise ValidationError(field, f"a {entity.value} is required; pick one")
            return None
        try:
            record_id = int(value)
        except (TypeError, ValueError):
            raise ValidationError(field, f"{value!r} is not a {entity.value} id") from None
        if not store.existing_ids(entity, [record_id]):
            raise ValidationError(
                field, f"{entity.value} #{record_id} does not exist; pick an existing one")
        return record_id
    return check
